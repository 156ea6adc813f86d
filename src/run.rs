//! The runtime: feeds terminal input to `update`, carries out its effects
//! against the storage, and draws.

use std::path::Path;
use std::time::{Duration, Instant};

use crossterm::event::Event;

use crate::app::{Effect, Model, Msg, Palette, update};
use crate::domain::{Contest, Judge, Lang};
use crate::i18n::T;
use crate::journal_file;
use crate::store::{Local, Storage, Store};
use crate::term::{Input, Term};

/// Autosave counts ticks: one per half second without input.
const TICK: Duration = Duration::from_millis(500);

/// How often to look for changes pushed by the server while no key comes.
const POLL: Duration = Duration::from_millis(100);

/// Opens the app on a database this process owns.
pub fn run_local(store: Store, judge: Option<&str>, lang: Lang) -> Result<(), String> {
    let place = store.path().to_path_buf();
    let (storage, model) = open_local(store, judge, lang)?;
    run(storage, model, &place)
}

/// The storage and the first model of the app on a local database: the
/// definition and the member's own sheets only (the chair's screens read the
/// rest when they are opened), so the first frame comes quickly whatever
/// the size of the contest. The definition (mostly the entries) is read on
/// a second thread while this one reads the member's sheets.
pub fn open_local(store: Store, judge: Option<&str>, lang: Lang) -> Result<(Local, Model), String> {
    let login = crate::identity::current_login();
    let (definition, me, own) = std::thread::scope(|s| {
        let definition = s.spawn(|| store.load_definition());
        let me = store
            .load_judges()
            .map_err(|e| crate::i18n::store_error(&e, lang))
            .and_then(|judges| choose_member(&judges, judge, login.as_deref(), lang));
        let own = match &me {
            Ok(Some(id)) => Some(store.load_own_sheets(id)),
            _ => None,
        };
        let definition = definition
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (definition, me, own)
    });
    // The errors in the order a reader would meet them: the definition first.
    let definition = definition.map_err(|e| crate::i18n::store_error(&e, lang))?;
    let me = me?;
    let mut contest = definition.clone();
    if let Some(own) = own {
        own.map_err(|e| crate::i18n::store_error(&e, lang))?
            .put_into(&mut contest);
    }
    let storage = Local::new(store, definition);
    let mut model = Model::new(contest, me, login, lang);
    model.complete = false;
    Ok((storage, model))
}

/// Opens the app on a `jury serve`: the server says who we are.
pub fn run_remote(
    remote: crate::store::Remote,
    contest: Contest,
    lang: Lang,
) -> Result<(), String> {
    let me = Some(remote.judge.id.clone());
    let login = Some(remote.login.clone());
    // The server sends all this member may see.
    let mut model = Model::new(contest, me, login, lang);
    model.on_server = true;
    let place = remote.socket().to_path_buf();
    run(remote, model, &place)
}

/// `--judge ID`; else the member whose login is ours; else `None` (the picker).
pub fn choose_member(
    judges: &[Judge],
    judge: Option<&str>,
    login: Option<&str>,
    lang: Lang,
) -> Result<Option<String>, String> {
    if let Some(id) = judge {
        return match crate::domain::contest::find_judge(judges, id) {
            Some(j) => Ok(Some(j.id.clone())),
            None => {
                let ids: Vec<String> = judges
                    .iter()
                    .map(|j| format!("{} ({})", j.id, j.name))
                    .collect();
                Err(format!(
                    "{}; {}",
                    T::UnknownJudge.with(lang, &[&id]),
                    ids.join(", ")
                ))
            }
        };
    }
    Ok(login.and_then(|l| {
        judges
            .iter()
            .find(|j| j.user.as_deref() == Some(l))
            .map(|j| j.id.clone())
    }))
}

/// `place` names the database or server, so that each has its own journal.
pub fn run(mut storage: impl Storage, mut model: Model, place: &Path) -> Result<(), String> {
    model.theme = Palette::from_env();
    let mut term = Term::start(model.theme.sixteen).map_err(|e| match e.kind() {
        std::io::ErrorKind::Unsupported => T::NoTerminal.get(model.lang).to_string(),
        _ => T::TerminalFailed.with(model.lang, &[&e]),
    })?;
    let mut journal = None;
    let result = event_loop(&mut term, &mut storage, &mut model, place, &mut journal);
    if let Some(journal) = journal {
        journal.release();
    }
    let flushed = storage.flush();
    term.restore();
    result.and(flushed)
}

fn event_loop(
    term: &mut Term,
    storage: &mut impl Storage,
    model: &mut Model,
    place: &Path,
    journal: &mut Option<journal_file::Claim>,
) -> Result<(), String> {
    let (w, h) = term.size();
    dispatch(storage, model, Msg::Resize(w, h));
    let mut journal_open = open_journal(storage, model, place, journal);
    let mut last_input = Instant::now();
    let mut dirty = true;
    loop {
        if dirty && term.draw(|f| crate::ui::view(model, f)).is_err() {
            // The terminal cannot be written to: it is going away. Save and stop.
            dispatch(storage, model, Msg::Shutdown);
            return Ok(());
        }
        dirty = false;
        // Apply everything that is waiting before drawing again.
        loop {
            let msg = match term.next(POLL, storage.doorbell()) {
                Input::Event(e) => {
                    last_input = Instant::now();
                    match to_msg(e) {
                        Some(m) => m,
                        None => continue,
                    }
                }
                Input::Idle if last_input.elapsed() >= TICK => {
                    last_input = Instant::now();
                    Msg::Tick
                }
                Input::Idle | Input::Rung => {
                    // Changes pushed by the server show without a key press:
                    // at once when the bell rings, all that came in one frame.
                    for u in storage.updates() {
                        dirty = true;
                        if dispatch(storage, model, Msg::Remote(u)) {
                            return Ok(());
                        }
                    }
                    break;
                }
                Input::Signal | Input::Gone => Msg::Shutdown,
            };
            let tick = matches!(msg, Msg::Tick);
            let effects = update(model, msg);
            // A tick that does nothing leaves the frame as it is: an idle
            // screen sends no byte, which over SSH is a packet each.
            dirty |= !(tick && effects.is_empty());
            if carry_out(storage, model, effects) {
                return Ok(());
            }
            // A member chosen in the picker gets their journal now.
            if !journal_open {
                journal_open = open_journal(storage, model, place, journal);
            }
            if !term.pending() {
                break;
            }
        }
    }
}

/// Runs `msg` and its effects; `true` when the app is done.
pub fn dispatch(storage: &mut impl Storage, model: &mut Model, msg: Msg) -> bool {
    let effects = update(model, msg);
    carry_out(storage, model, effects)
}

/// Carries out `effects` (and those their results bring) in order; true when one quits.
pub fn carry_out(storage: &mut impl Storage, model: &mut Model, effects: Vec<Effect>) -> bool {
    let mut queue = std::collections::VecDeque::from(effects);
    while let Some(effect) = queue.pop_front() {
        match effect {
            Effect::Apply(change) => {
                let actor = model.me.clone().unwrap_or_default();
                let result = storage.apply(&actor, &change);
                queue.extend(update(model, Msg::Applied { change, result }));
            }
            Effect::Council(change) => {
                let actor = model.me.clone().unwrap_or_default();
                let result = storage.council(&actor, &change);
                let ok = result.is_ok();
                queue.extend(update(model, Msg::CouncilApplied { change, result }));
                // Recusals, assignments and the rubric reach every screen: take the contest afresh.
                if ok && let Ok(contest) = storage.load() {
                    queue.extend(update(
                        model,
                        Msg::Remote(crate::store::Update::Reload(Box::new(contest))),
                    ));
                }
            }
            Effect::LoadAll => match storage.load() {
                Ok(contest) => queue.extend(update(
                    model,
                    Msg::Loaded {
                        contest: Box::new(contest),
                        complete: true,
                    },
                )),
                Err(e) => model.say(crate::app::Tone::Error, e),
            },
            Effect::LoadMember(judge) => match storage.load_member(&judge) {
                Ok(contest) => queue.extend(update(
                    model,
                    Msg::Loaded {
                        contest: Box::new(contest),
                        complete: false,
                    },
                )),
                Err(e) => model.say(crate::app::Tone::Error, e),
            },
            Effect::LoadAudit => {
                let result = storage.audit();
                queue.extend(update(model, Msg::AuditLoaded(result)));
            }
            Effect::Journal => write_journal(model),
            Effect::ReadAttachment { entry, index } => {
                let result = storage.attachment(&entry, index);
                queue.extend(update(
                    model,
                    Msg::AttachmentRead {
                        entry,
                        index,
                        result,
                    },
                ));
            }
            Effect::Quit => return true,
        }
    }
    false
}

/// Takes the member's journal once they are known, with the drafts of any
/// journal left by a jury that is gone, and gives those back to be saved (or
/// merged); `false` while no member is chosen.
fn open_journal(
    storage: &mut impl Storage,
    model: &mut Model,
    place: &Path,
    journal: &mut Option<journal_file::Claim>,
) -> bool {
    let Some(me) = model.me.clone() else {
        return false;
    };
    let Some(folder) = journal_file::folder() else {
        return true;
    };
    let prefix = journal_file::prefix(&model.contest.meta.id, place, &me);
    match journal_file::claim(&folder, &prefix) {
        Ok(mut claim) => {
            model.journal_path = Some(claim.path.clone());
            for (path, why, kept) in &claim.damaged {
                let text =
                    T::JournalReadFailed.with(model.lang, &[&path.display(), why, &kept.display()]);
                model.say(crate::app::Tone::Error, text);
            }
            let drafts = std::mem::take(&mut claim.drafts);
            if !drafts.is_empty() {
                dispatch(storage, model, Msg::Restore(drafts));
            }
            // The journals taken over go once this one holds what they held.
            if model.journaled == crate::app::journal::collect(model) {
                claim.settle();
            }
            *journal = Some(claim);
        }
        Err(e) => {
            let text = T::JournalWriteFailed.with(model.lang, &[&folder.display(), &e]);
            model.say(crate::app::Tone::Error, text);
        }
    }
    true
}

/// Writes what is not yet acknowledged, if it changed since the last write.
fn write_journal(model: &mut Model) {
    let drafts = crate::app::journal::collect(model);
    if drafts == model.journaled {
        return;
    }
    if let Some(path) = model.journal_path.clone()
        && let Err(e) = journal_file::write(&path, &drafts)
    {
        let text = T::JournalWriteFailed.with(model.lang, &[&path.display(), &e]);
        model.say(crate::app::Tone::Error, text);
        return;
    }
    model.journaled = drafts;
}

fn to_msg(e: Event) -> Option<Msg> {
    match e {
        Event::Key(k) => Some(Msg::Key(k.into())),
        Event::Paste(s) => Some(Msg::Paste(s)),
        Event::Resize(w, h) => Some(Msg::Resize(w, h)),
        _ => None,
    }
}
