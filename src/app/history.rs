//! Undo and redo of a member's own changes in this session. Taking a change
//! back is a new change (audited like any other); history is never rewritten.

use crate::domain::change::Record;
use crate::domain::{Change, Contest, SheetKey};

/// One change the member made, with what it replaced.
#[derive(Clone, Debug, PartialEq)]
pub struct Step {
    pub change: Change,
    pub before: Option<Record>,
    /// The version the record had right after the step (or after its undo),
    /// so that a change made meanwhile elsewhere is not undone blindly.
    pub version: u64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Doing {
    Undo,
    Redo,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct History {
    done: Vec<Step>,
    undone: Vec<Step>,
    /// The step whose undo or redo is being written.
    pending: Option<(Doing, Step)>,
}

impl History {
    /// A change of the member's own went through.
    pub fn record(&mut self, change: &Change, before: Option<Record>, after: &Record) {
        if let Some((doing, mut step)) = self.pending.take() {
            let version = after.version();
            step.version = version;
            // The record now stands where the neighbouring step of the same
            // record expects it: after the previous step once this one is
            // undone, before the next one once this one is redone.
            let (from, to) = match doing {
                Doing::Undo => (&mut self.done, &mut self.undone),
                Doing::Redo => (&mut self.undone, &mut self.done),
            };
            if let Some(next) = from
                .iter_mut()
                .rev()
                .find(|s| same_record(&s.change, &step.change))
            {
                next.version = version;
            }
            to.push(step);
            return;
        }
        self.done.push(Step {
            change: change.clone(),
            before,
            version: after.version(),
        });
        self.undone.clear();
    }

    /// The write that failed was an undo or redo: put the step back.
    pub fn failed(&mut self) {
        if let Some((doing, step)) = self.pending.take() {
            match doing {
                Doing::Undo => self.done.push(step),
                Doing::Redo => self.undone.push(step),
            }
        }
    }

    /// Whether the change being written is an undo or redo.
    pub fn is_replaying(&self) -> bool {
        self.pending.is_some()
    }

    pub fn can_undo(&self) -> bool {
        !self.done.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.undone.is_empty()
    }

    /// The last step on `entry` still to be undone.
    pub fn last_on(&self, entry: &str) -> Option<&Step> {
        self.done
            .iter()
            .rev()
            .find(|s| *s.change.key().entry == *entry)
    }

    /// The last step on any entry but `entry` (and not on `skip`), the one
    /// `u` offers when there is nothing left to undo here.
    pub fn last_elsewhere(&self, entry: &str, skip: impl Fn(&str) -> bool) -> Option<&Step> {
        self.done.iter().rev().find(|s| {
            let e = &*s.change.key().entry;
            e != entry && !skip(e)
        })
    }

    /// The change that takes back the last step on `entry`, with that step,
    /// or why there is none. Taking back a submission reopens the sheet, so
    /// it needs the member's `reason`, as `R` does.
    pub fn undo_on(
        &mut self,
        entry: &str,
        contest: &Contest,
        reason: &str,
    ) -> Result<(Change, Step), Refusal> {
        let at = self
            .done
            .iter()
            .rposition(|s| *s.change.key().entry == *entry)
            .ok_or(Refusal::Nothing)?;
        let step = self.done.remove(at);
        match inverse(&step, contest, reason) {
            Ok(change) => {
                self.pending = Some((Doing::Undo, step.clone()));
                Ok((change, step))
            }
            Err(r) => {
                self.done.insert(at, step);
                Err(r)
            }
        }
    }

    /// The change that makes the last undone step again, with that step.
    pub fn redo(&mut self, contest: &Contest) -> Result<(Change, Step), Refusal> {
        let step = self.undone.pop().ok_or(Refusal::Nothing)?;
        let key = step.change.key().clone();
        let current = current_version(contest, &step.change);
        if current != step.version {
            self.undone.push(step);
            return Err(Refusal::ChangedSince(key));
        }
        let change = rebase(&step.change, current);
        self.pending = Some((Doing::Redo, step.clone()));
        Ok((change, step))
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refusal {
    Nothing,
    /// The record changed elsewhere since this session's change.
    ChangedSince(SheetKey),
}

fn same_record(a: &Change, b: &Change) -> bool {
    a.key() == b.key() && a.target() == b.target()
}

fn current_version(contest: &Contest, change: &Change) -> u64 {
    match change {
        Change::SaveNote { key, .. } => contest.note(key).map(|n| n.version).unwrap_or(0),
        other => contest.sheet(other.key()).map(|s| s.version).unwrap_or(0),
    }
}

/// The change from the step's result back to what it replaced.
fn inverse(step: &Step, contest: &Contest, reason: &str) -> Result<Change, Refusal> {
    let key = step.change.key().clone();
    let base = current_version(contest, &step.change);
    if base != step.version {
        return Err(Refusal::ChangedSince(key));
    }
    Ok(match &step.change {
        Change::SaveSheet { .. } => Change::SaveSheet {
            points: match &step.before {
                Some(Record::Sheet(s)) => s.marks.to_map(&contest.rubric),
                _ => Default::default(),
            },
            key,
            base,
        },
        Change::Submit { .. } => Change::Reopen {
            key,
            base,
            reason: reason.to_string(),
        },
        Change::Reopen { .. } => Change::Submit { key, base },
        Change::SaveNote { .. } => {
            // Undo puts the whole note back: text, remarks and annotations.
            let before = match &step.before {
                Some(Record::Note(n)) => n.clone(),
                _ => Default::default(),
            };
            Change::SaveNote {
                text: before.text,
                remarks: before.remarks,
                annotations: before.annotations,
                key,
                base,
            }
        }
    })
}

fn rebase(change: &Change, base: u64) -> Change {
    let mut c = change.clone();
    match &mut c {
        Change::SaveSheet { base: b, .. }
        | Change::Submit { base: b, .. }
        | Change::Reopen { base: b, .. }
        | Change::SaveNote { base: b, .. } => *b = base,
    }
    c
}
