//! Keys for the merge view: after a save refused because the record was
//! saved elsewhere, the member keeps theirs, takes the stored one, or (for
//! a note) keeps both.

use super::{Effect, Model, Overlay, Tone};
use crate::domain::change::Target;
use crate::i18n::T;
use crate::input::keymap::Command;

pub fn on_key(m: &mut Model, command: Option<Command>) -> Vec<Effect> {
    let Some(Overlay::Merge { target, scroll }) = m.overlay.as_mut() else {
        return Vec::new();
    };
    let target = *target;
    match command {
        Some(Command::Down) => *scroll = scroll.saturating_add(1),
        Some(Command::Up) => *scroll = scroll.saturating_sub(1),
        Some(Command::KeepMine) => return choose(m, target, Choice::Mine),
        Some(Command::TakeTheirs) => return choose(m, target, Choice::Theirs),
        Some(Command::KeepBoth) if target == Target::Note => {
            return choose(m, target, Choice::Both);
        }
        Some(Command::KeepBoth) => m.say(Tone::Error, m.t(T::MergeSheetNoBoth).into()),
        Some(Command::Back) => {
            // Decide later: the draft stays on screen and is not saved by itself.
            m.overlay = None;
            m.say(Tone::Info, m.t(T::MergeLater).into());
        }
        _ => {}
    }
    Vec::new()
}

enum Choice {
    Mine,
    Theirs,
    Both,
}

fn choose(m: &mut Model, target: Target, choice: Choice) -> Vec<Effect> {
    m.overlay = None;
    let mut fx = Vec::new();
    match target {
        Target::Sheet => {
            if let Some(s) = m.sheet.as_mut() {
                match choice {
                    Choice::Theirs => s.take_theirs(),
                    _ => s.keep_mine(),
                }
                fx.extend(s.save(&m.contest));
            }
        }
        Target::Note => {
            if let Some(n) = m.note.as_mut() {
                match choice {
                    Choice::Mine => n.keep_mine(),
                    Choice::Theirs => n.take_theirs(),
                    Choice::Both => n.keep_both(),
                }
                fx.extend(n.save());
            }
        }
    }
    let t = match choice {
        Choice::Mine => T::MergeKeptMine,
        Choice::Theirs => T::MergeTookTheirs,
        Choice::Both => T::MergeKeptBoth,
    };
    m.say(Tone::Info, m.t(t).into());
    // Another closed editor's draft may be waiting for the same choice.
    if fx.is_empty() {
        super::journal::open_first_stale(m);
    }
    fx
}
