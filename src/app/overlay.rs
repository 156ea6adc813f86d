//! Keys for the dialogs: confirming a submission or publishing, giving a reason.

use super::{Effect, Model, Overlay, ReasonFor, Then, Tone};
use crate::domain::round::Unfinished;
use crate::domain::{Change, CouncilChange};
use crate::i18n::T;
use crate::input::key::Key;
use crate::input::keymap::Command;

pub fn on_key(m: &mut Model, key: Key, command: Option<Command>) -> Vec<Effect> {
    match (&mut m.overlay, command) {
        (Some(Overlay::ConfirmSubmit), Some(Command::Yes)) => {
            m.overlay = None;
            match &m.sheet {
                Some(s) => vec![Effect::Apply(Change::Submit {
                    key: s.key.clone(),
                    base: s.base,
                })],
                None => Vec::new(),
            }
        }
        (Some(Overlay::ConfirmPublish(published)), Some(Command::Yes)) => {
            let published = *published;
            m.overlay = None;
            vec![Effect::Council(CouncilChange::Publish { published })]
        }
        (Some(Overlay::DiscardRefused(then)), Some(Command::Yes)) => {
            let then = *then;
            m.overlay = None;
            if let Some(s) = m.sheet.as_mut() {
                s.discard_typing();
            }
            super::on_key(m, then)
        }
        (Some(Overlay::DiscardRefused(_)), Some(Command::No)) => {
            // Back to the value, its reason beside it, to be fixed.
            m.overlay = None;
            if let Some(p) = m.sheet.as_ref().and_then(|s| s.problem.clone()) {
                m.say(Tone::Error, p);
            }
            Vec::new()
        }
        (Some(Overlay::Ask(ask)), Some(c @ (Command::Yes | Command::No))) => {
            let then = ask.then.clone();
            m.overlay = None;
            answer(m, then, c == Command::Yes)
        }
        (Some(Overlay::ConfirmUndo { entry, .. }), Some(Command::Yes)) => {
            let entry = entry.clone();
            m.overlay = None;
            super::undo::undo_on(m, entry)
        }
        (Some(Overlay::ConfirmCouncil { change, .. }), Some(Command::Yes)) => {
            let change = (**change).clone();
            m.overlay = None;
            vec![Effect::Council(change)]
        }
        (
            Some(
                Overlay::ConfirmSubmit
                | Overlay::ConfirmPublish(_)
                | Overlay::Reason(..)
                | Overlay::ConfirmUndo { .. }
                | Overlay::ConfirmCouncil { .. },
            ),
            Some(Command::No),
        ) => {
            m.overlay = None;
            Vec::new()
        }
        (Some(Overlay::Reason(why, ed)), Some(Command::Yes)) => {
            let reason = ed.text().trim().to_string();
            if reason.is_empty() {
                m.say(Tone::Error, m.t(T::ReasonRequired).into());
                return Vec::new();
            }
            let why = *why;
            m.overlay = None;
            reasoned(m, why, reason)
        }
        (Some(Overlay::Reason(_, ed)), Some(c)) => {
            super::note::edit_command(ed, c, m.size.0);
            Vec::new()
        }
        (Some(Overlay::Reason(_, ed)), None) => {
            if let Some(c) = key.typed_char() {
                ed.insert_char(c);
            }
            Vec::new()
        }
        _ => Vec::new(),
    }
}

/// What a yes (or a no) to an `Ask` does.
fn answer(m: &mut Model, then: Then, yes: bool) -> Vec<Effect> {
    match then {
        Then::DiscardUnsent(change) => {
            super::journal::answer_refused(m, &change, yes);
            Vec::new()
        }
        Then::ForceAssign { round, per_entry } if yes => {
            vec![Effect::Council(CouncilChange::Assign {
                round,
                per_entry,
                force: true,
            })]
        }
        Then::ForceAssign { .. } => {
            m.say(Tone::Info, m.t(T::AssignNotDone).into());
            Vec::new()
        }
        Then::DismissReminders(judge) if yes => {
            vec![Effect::Council(CouncilChange::DismissReminders { judge })]
        }
        Then::DismissReminders(_) => {
            m.say(Tone::Info, m.t(T::ReminderKept).into());
            Vec::new()
        }
    }
}

/// `P`: publishing shows the council what it could not see, so the chair
/// is told what and asked first; nothing is sent until they answer yes.
pub fn ask_publish(m: &mut Model) -> Vec<Effect> {
    if !m.me_judge().is_some_and(|j| j.is_chair()) {
        m.say(Tone::Error, m.t(T::ChairOnly).into());
        return Vec::new();
    }
    let publishing = !m.contest.published;
    if m.chair.viewing.take().is_some() {
        // Publishing is about the round being judged: its flags, not a closed one's.
        m.chair.stale = true;
    }
    m.overlay = Some(Overlay::ConfirmPublish(publishing));
    if publishing && !m.complete {
        // The question names the flags still showing: read every sheet first.
        m.chair.stale = true;
        return vec![Effect::LoadAll];
    }
    if publishing {
        super::chair::refresh(m);
    }
    Vec::new()
}

/// The member list for one more marker: move, choose (the choice is the
/// chair's answer), or leave without adding anyone.
pub fn on_choose_marker(m: &mut Model, command: Option<Command>) -> Vec<Effect> {
    let Some(Overlay::ChooseMarker {
        entry,
        candidates,
        selected,
    }) = &mut m.overlay
    else {
        return Vec::new();
    };
    match command {
        Some(Command::Down) => *selected = (*selected + 1).min(candidates.len().saturating_sub(1)),
        Some(Command::Up) => *selected = selected.saturating_sub(1),
        Some(Command::Choose) => {
            let chosen = candidates.get(*selected).map(|(j, _)| j.clone());
            let entry = entry.clone();
            m.overlay = None;
            if let Some(judge) = chosen {
                return vec![Effect::Council(CouncilChange::AddMarker {
                    round: m.round.clone(),
                    entry,
                    judge,
                })];
            }
        }
        Some(Command::Back) => m.overlay = None,
        _ => {}
    }
    Vec::new()
}

/// The change a reason was asked for.
fn reasoned(m: &mut Model, why: ReasonFor, reason: String) -> Vec<Effect> {
    match why {
        ReasonFor::Reopen => match &m.sheet {
            Some(s) => vec![Effect::Apply(Change::Reopen {
                key: s.key.clone(),
                base: s.base,
                reason,
            })],
            None => Vec::new(),
        },
        ReasonFor::Assign => match reason.trim().parse::<u32>() {
            Ok(k) if k > 0 => {
                // Sharing out again with sheets still open: say so before asking.
                let mut question = T::AskAssign.with(m.lang, &[&m.round, &k]);
                let open = Unfinished::of(&m.contest, &m.round);
                if !open.is_empty() {
                    let warning =
                        T::WarnUnfinished.with(m.lang, &[&open.drafts, &open.unsubmitted]);
                    question = format!("{warning} {question}");
                }
                m.overlay = Some(Overlay::ConfirmCouncil {
                    change: Box::new(CouncilChange::Assign {
                        round: m.round.clone(),
                        per_entry: k,
                        force: false,
                    }),
                    question,
                });
                Vec::new()
            }
            _ => {
                let text = T::NotAWholeNumber.with(m.lang, &[&reason]);
                m.say(Tone::Error, text);
                Vec::new()
            }
        },
        ReasonFor::UndoSubmit(entry) => match m.contest.entries.get(entry) {
            Some(e) => {
                let id = e.id.clone();
                super::undo::undo_with_reason(m, &id, &reason)
            }
            None => Vec::new(),
        },
        ReasonFor::Remind(i) => match m.contest.judges.get(i) {
            Some(j) => vec![Effect::Council(CouncilChange::Remind {
                judge: j.id.clone(),
                text: reason,
            })],
            None => Vec::new(),
        },
        ReasonFor::Recuse(entry) => {
            let (Some(me), Some(e)) = (m.me.clone(), m.contest.entries.get(entry)) else {
                return Vec::new();
            };
            vec![Effect::Council(CouncilChange::Recuse {
                judge: me,
                entry: e.id.clone(),
                reason,
            })]
        }
    }
}

/// Reading one audit record (scroll it, or close it), or one Progress cell.
pub fn on_detail(m: &mut Model, command: Option<Command>) -> Vec<Effect> {
    if matches!(m.overlay, Some(Overlay::CellDetail { .. })) {
        if command == Some(Command::Back) {
            m.overlay = None;
        }
        return Vec::new();
    }
    let last = match &m.overlay {
        Some(Overlay::AuditDetail { seq, .. }) => super::reading::detail_last_scroll(m, *seq),
        _ => 0,
    };
    if let Some(Overlay::AuditDetail { scroll, .. }) = &mut m.overlay {
        match command {
            // The record stops at its last line, never scrolling into blank pages.
            Some(Command::Down) => *scroll = scroll.saturating_add(1).min(last),
            Some(Command::Up) => *scroll = scroll.saturating_sub(1),
            Some(Command::Back) => m.overlay = None,
            _ => {}
        }
    }
    Vec::new()
}
