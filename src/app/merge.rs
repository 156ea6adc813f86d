//! Keys for the merge view: after a save refused because the record was
//! saved elsewhere, the member keeps theirs, takes the stored one, or (for
//! a note) keeps both.

use super::{Effect, Model, Overlay, Tone};
use crate::domain::change::Target;
use crate::i18n::T;
use crate::input::keymap::{self, Command, Context};

/// Lines a page key scrolls the two versions by.
const PAGE: u16 = 5;

pub fn on_key(m: &mut Model, command: Option<Command>) -> Vec<Effect> {
    let Some(Overlay::Merge { target, scroll }) = m.overlay.as_mut() else {
        return Vec::new();
    };
    let target = *target;
    match command {
        Some(Command::PageDown) => *scroll = scroll.saturating_add(PAGE),
        Some(Command::PageUp) => *scroll = scroll.saturating_sub(PAGE),
        Some(Command::KeepMine) => return choose(m, target, Choice::Mine),
        Some(Command::TakeTheirs) => return choose(m, target, Choice::Theirs),
        Some(Command::KeepBoth) if target == Target::Note => {
            return choose(m, target, Choice::Both);
        }
        Some(Command::KeepBoth) => {
            let text = T::MergeSheetNoBoth.with(m.lang, &[&choices(m)]);
            m.say(Tone::Error, text);
        }
        Some(Command::DecideLater) => {
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
    let mut fx = Vec::new();
    match target {
        Target::Sheet => {
            if let Some(s) = m.sheet.as_mut() {
                match choice {
                    Choice::Theirs => s.take_theirs(),
                    _ if !s.keep_mine() => {
                        let text = T::MergeSubmittedElsewhere.with(m.lang, &[&s.key.entry]);
                        m.say(Tone::Error, text);
                        return Vec::new();
                    }
                    _ => {}
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
    m.overlay = None;
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

/// "Ctrl-S keep mine · Ctrl-T take the stored one" (the keymap's words),
/// for messages that send the member to the merge view.
pub fn choices(m: &Model) -> String {
    keymap::hints(Context::Merge)
        .into_iter()
        .filter(|b| matches!(b.command, Command::KeepMine | Command::TakeTheirs))
        .map(|b| format!("{} {}", keymap::keys_label(b), b.describe().get(m.lang)))
        .collect::<Vec<_>>()
        .join(" · ")
}
