//! The one thread that writes: it takes every pending change, applies them
//! in arrival order, flushes once for the batch, and only then answers and
//! tells the others. No acknowledgement precedes the flush that covers it.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::time::Duration;

use super::shared::{Pushes, Shared};
use crate::domain::change::Record;
use crate::domain::visibility::{draft_for_chair, may_see, without_points};
use crate::domain::{Change, Contest, CouncilChange, Judge, Note, Sheet, Visibility};
use crate::protocol::Event;
use crate::store::{Doing, Issued, MergeReport, Store, StoreError, Who};

/// At most this many changes share one flush.
const BATCH: usize = 512;

pub enum Work {
    Sheet(Change),
    Council(CouncilChange),
    Merge {
        token: String,
        judge: String,
        sheets: Vec<Sheet>,
        notes: Vec<Note>,
    },
    Packet {
        judge: String,
        made: String,
    },
    SshKeyAdd {
        member: String,
        key: crate::domain::ssh_key::PublicKey,
    },
    SshKeyRemove {
        id: String,
    },
}

pub enum Done {
    Record(Record),
    Council(Box<Contest>),
    Merged(MergeReport),
    Packet(Issued),
    SshKey(crate::store::MemberKey),
}

pub struct Job {
    pub client: u64,
    pub actor: Judge,
    /// The peer's OS login, for the audit trail.
    pub login: String,
    pub work: Work,
    pub reply: Sender<Result<Done, StoreError>>,
}

/// What the writer last said about the disk, so a full disk is logged once
/// and not once per refused change.
#[derive(Default)]
struct Health {
    failing: Option<String>,
}

impl Health {
    fn failed(&mut self, why: &str) {
        if self.failing.is_none() {
            super::log::line(&format!(
                "cannot save, changes are refused until this is fixed (reads go on): {why}"
            ));
        }
        self.failing = Some(why.to_string());
    }

    fn saved(&mut self) {
        if self.failing.take().is_some() {
            super::log::line("saving again");
        }
    }
}

pub fn run(store: Arc<Store>, shared: Arc<Shared>, jobs: Receiver<Job>, stop: Arc<AtomicBool>) {
    let mut health = Health::default();
    loop {
        let first = match jobs.recv_timeout(Duration::from_millis(100)) {
            Ok(job) => job,
            Err(RecvTimeoutError::Timeout) if stop.load(Ordering::Relaxed) => break,
            Err(RecvTimeoutError::Timeout) => continue,
            Err(RecvTimeoutError::Disconnected) => break,
        };
        let mut batch = vec![first];
        while batch.len() < BATCH {
            match jobs.try_recv() {
                Ok(job) => batch.push(job),
                Err(_) => break,
            }
        }
        write_batch(&store, &shared, batch, &mut health);
    }
    // Finish what is in flight before stopping.
    let rest: Vec<Job> = jobs.try_iter().collect();
    if !rest.is_empty() {
        write_batch(&store, &shared, rest, &mut health);
    }
    if let Err(e) = store.flush() {
        super::log::line(&format!("final flush failed: {e}"));
    }
}

/// About how many bytes a job adds to the database (its audit record keeps
/// the text before and after).
fn weight(job: &Job) -> u64 {
    let text = match &job.work {
        Work::Sheet(Change::SaveNote {
            text,
            remarks,
            annotations,
            ..
        }) => crate::domain::sheet::words_bytes(text, remarks, annotations),
        Work::Merge { sheets, notes, .. } => {
            notes
                .iter()
                .map(|n| crate::domain::sheet::words_bytes(&n.text, &n.remarks, &n.annotations))
                .sum::<usize>()
                + sheets.len() * 512
        }
        _ => 0,
    };
    (text as u64).saturating_mul(3).saturating_add(4096)
}

/// Tells each job its change was not saved, and why.
fn refuse_all(batch: impl IntoIterator<Item = Job>, why: &str) {
    for job in batch {
        let _ = job
            .reply
            .send(Err(StoreError::failed(Doing::ServerSave, why)));
    }
}

fn write_batch(store: &Store, shared: &Shared, batch: Vec<Job>, health: &mut Health) {
    let needed = batch.iter().map(weight).sum();
    if let Some(why) = super::room::lacking(store.path(), needed) {
        health.failed(&why);
        refuse_all(batch, &why);
        return;
    }
    let mut done: Vec<(Job, Result<Done, StoreError>)> = Vec::with_capacity(batch.len());
    let mut jobs = batch.into_iter().peekable();
    while let Some(job) = jobs.next() {
        if let Work::Sheet(_) = job.work {
            // Members' changes that arrived together: one transaction.
            let mut run = vec![job];
            while let Some(next) = jobs.next_if(|j| matches!(j.work, Work::Sheet(_))) {
                run.push(next);
            }
            done.extend(write_changes(store, shared, run));
            continue;
        }
        let result = match &job.work {
            Work::Sheet(_) => continue,
            Work::Merge {
                token,
                judge,
                sheets,
                notes,
            } => {
                let by = Who::new(&job.actor.id, Some(&job.login));
                let r = store.merge_return(&shared.read(), &by, token, judge, sheets, notes);
                // A merge is rare and touches many sheets: take the stored state whole.
                if r.is_ok()
                    && let Ok(fresh) = store.load()
                {
                    *shared.write() = fresh;
                }
                r.map(Done::Merged)
            }
            Work::Packet { judge, made } => {
                let by = Who::new(&job.actor.id, Some(&job.login));
                store
                    .issue_packet(&shared.read(), &by, judge, made)
                    .map(Done::Packet)
            }
            Work::SshKeyAdd { member, key } => {
                let by = Who::new(&job.actor.id, Some(&job.login));
                super::keyring::add(store, shared, &by, member, key.clone()).map(Done::SshKey)
            }
            Work::SshKeyRemove { id } => {
                let by = Who::new(&job.actor.id, Some(&job.login));
                super::keyring::remove(store, shared, &by, id).map(Done::SshKey)
            }
            Work::Council(change) => {
                let r =
                    store.apply_council_as(&shared.read(), &job.actor, Some(&job.login), change);
                if r.is_ok()
                    && let CouncilChange::RemoveJudge { judge } = change
                {
                    let by = Who::new(&job.actor.id, Some(&job.login));
                    super::keyring::member_left(store, shared, &by, judge);
                }
                if let Ok(next) = &r {
                    // The whole definition changes (recusals, assignments, rounds, the
                    // rubric), and every later change is checked against it. A new
                    // rubric also moved the stored sheets: take those whole.
                    let fresh = matches!(change, CouncilChange::SetRubric { .. })
                        .then(|| store.load().ok())
                        .flatten();
                    let mut c = shared.write();
                    match fresh {
                        Some(fresh) => *c = fresh,
                        None => {
                            let sheets = std::mem::take(&mut c.sheets);
                            let notes = std::mem::take(&mut c.notes);
                            *c = next.clone();
                            c.sheets = sheets;
                            c.notes = notes;
                        }
                    }
                }
                r.map(|c| Done::Council(Box::new(c)))
            }
        };
        done.push((job, result));
    }
    if let Err(e) = store.flush() {
        // Nothing of this batch may be reported saved.
        let why = e.to_string();
        health.failed(&why);
        refuse_all(done.into_iter().map(|(job, _)| job), &why);
        return;
    }
    health.saved();
    let mut pushes = Pushes::default();
    for (job, result) in done {
        let announce = match &result {
            Ok(Done::Record(r)) => Some((r.clone(), job_change(&job))),
            _ => None,
        };
        let council = matches!(result, Ok(Done::Council(_) | Done::Merged(_)));
        let client = job.client;
        let actor = job.actor.id.clone();
        let _ = job.reply.send(result);
        if let Some((record, change)) = announce {
            announce_record(
                shared,
                &mut pushes,
                client,
                &actor,
                &record,
                change.as_ref(),
            );
        }
        if council {
            // What came before it, first.
            shared.deliver(std::mem::take(&mut pushes));
            announce_council(shared);
        }
    }
    shared.deliver(pushes);
}

/// Writes members' changes in one transaction and puts what was written in
/// the shared contest; each job gets its own outcome.
fn write_changes(
    store: &Store,
    shared: &Shared,
    run: Vec<Job>,
) -> Vec<(Job, Result<Done, StoreError>)> {
    let outcomes = {
        let contest = shared.read();
        let changes: Vec<(&Judge, Option<&str>, &Change)> = run
            .iter()
            .filter_map(|j| match &j.work {
                Work::Sheet(change) => Some((&j.actor, Some(j.login.as_str()), change)),
                _ => None,
            })
            .collect();
        store.apply_batch(&contest, &changes)
    };
    let outcomes = match outcomes {
        Ok(outcomes) => outcomes,
        Err(e) => {
            // Nothing of the run was written: each is told so.
            return run
                .into_iter()
                .map(|job| {
                    let failed = StoreError::failed(Doing::ServerSave, e.to_string());
                    (job, Err(failed))
                })
                .collect();
        }
    };
    let mut c = shared.write();
    run.into_iter()
        .zip(outcomes)
        .map(|(job, outcome)| {
            if let Ok(record) = &outcome {
                match record {
                    Record::Sheet(s) => c.put_sheet(s.clone()),
                    Record::Note(n) => c.put_note(n.clone()),
                }
            }
            (job, outcome.map(Done::Record))
        })
        .collect()
}

fn job_change(job: &Job) -> Option<Change> {
    match &job.work {
        Work::Sheet(c) => Some(c.clone()),
        _ => None,
    }
}

/// Tells every other connection that may see `record` about it; when a
/// submission opens or closes an entry's other sheets to its author, that
/// member's terminals reload.
fn announce_record(
    shared: &Shared,
    pushes: &mut Pushes,
    from: u64,
    actor: &str,
    record: &Record,
    change: Option<&Change>,
) {
    let key = match record {
        Record::Sheet(s) => s.key.clone(),
        Record::Note(n) => n.key.clone(),
    };
    let opens = matches!(change, Some(Change::Submit { .. } | Change::Reopen { .. }))
        && shared.read().rules.visibility == Visibility::AfterSubmit;
    let event = Event::Record {
        record: record.clone(),
    };
    shared.gather(pushes, Some(from), event, |contest, judge| {
        // The author's own terminals reload instead (below).
        !(opens && judge == actor)
            && contest
                .judge(judge)
                .is_some_and(|v| may_see(contest, v, &key))
    });
    if let Record::Sheet(sheet) = record {
        announce_draft(shared, pushes, from, sheet);
    }
    match change {
        // The note was its author's alone while the sheet was a draft.
        Some(Change::Submit { .. }) => {
            let note = shared.read().note(&key).cloned();
            if let Some(note) = note {
                let event = Event::Record {
                    record: Record::Note(note),
                };
                shared.gather(pushes, Some(from), event, |contest, judge| {
                    judge != actor
                        && contest
                            .judge(judge)
                            .is_some_and(|v| may_see(contest, v, &key))
                });
            }
        }
        // The sheet is a draft again: whoever held it submitted loads again without it.
        Some(Change::Reopen { .. }) => {
            shared.gather(pushes, None, Event::Reload, |_, judge| judge != actor);
        }
        _ => {}
    }
    if opens {
        // Every terminal of the member, the one that made the change too.
        shared.gather(pushes, None, Event::Reload, |_, judge| judge == actor);
    }
    let ranks = matches!(change, Some(Change::Submit { .. } | Change::Reopen { .. }));
    if ranks && shared.read().published {
        // A recused member's official standing came from the server: a
        // sheet submitted or reopened may move it.
        shared.gather(pushes, None, Event::Reload, |contest, judge| {
            contest
                .conflicts
                .iter()
                .any(|c| c.is_recusal() && c.judge == judge)
        });
    }
}

/// A draft reaches the chair without its points, so progress shows.
fn announce_draft(shared: &Shared, pushes: &mut Pushes, from: u64, sheet: &Sheet) {
    if sheet.is_submitted() {
        return;
    }
    let event = Event::Record {
        record: Record::Sheet(without_points(sheet)),
    };
    shared.gather(pushes, Some(from), event, |contest, judge| {
        contest
            .judge(judge)
            .is_some_and(|v| draft_for_chair(contest, v, sheet).is_some())
    });
}

fn announce_council(shared: &Shared) {
    let (published, judges) = {
        let c = shared.read();
        (c.published, c.judges.clone())
    };
    shared.push(None, Event::Council { published, judges }, |_, _| true);
    // What each member may see may have changed with publishing.
    shared.push(None, Event::Reload, |_, _| true);
}
