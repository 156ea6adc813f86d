//! The meeting screen: the chair and the secretary read the council's
//! meeting as recorded — date, place, attendance and quorum, the vote and
//! the decisions. It is read-only here; `jury meeting` changes it, audited.

use super::{Effect, Model, Screen, Tone};
use crate::i18n::T;
use crate::input::keymap::Command;

/// Whether this member keeps or chairs the meeting.
pub fn may_open(m: &Model) -> bool {
    m.me_judge()
        .is_some_and(|j| j.is_chair() || j.is_secretary())
}

pub fn open(m: &mut Model) -> Vec<Effect> {
    if !may_open(m) {
        m.say(Tone::Error, m.t(T::MeetingChairOrSecretary).into());
        return Vec::new();
    }
    m.screen = Screen::Meeting;
    m.chair.scroll = 0;
    // What waits for the council's decision comes from the ranking, which
    // only those who see as the chair may see.
    if m.sees_as_chair() && !m.complete {
        m.chair.stale = true;
        return vec![Effect::LoadAll];
    }
    if m.sees_as_chair() {
        super::chair::refresh(m);
    }
    Vec::new()
}

pub fn on_key(m: &mut Model, command: Option<Command>) -> Vec<Effect> {
    match command {
        Some(Command::Down) => m.chair.scroll = m.chair.scroll.saturating_add(1),
        Some(Command::Up) => m.chair.scroll = m.chair.scroll.saturating_sub(1),
        Some(Command::Back) => m.screen = Screen::Entries,
        _ => {}
    }
    Vec::new()
}
