//! `u` and `U`: taking back the member's own changes, one entry at a time,
//! saying which entry and what changed.

use super::history::{Refusal, Step};
use super::{Effect, Model, Overlay, ReasonFor, Tone};
use crate::domain::Change;
use crate::domain::change::Record;
use crate::i18n::T;
use crate::input::editor::TextEditor;

/// The entry `u` works on: the one open, else the one selected in the list.
fn current_entry(m: &Model) -> Option<String> {
    let i = match m.screen {
        super::Screen::Sheet => m.sheet.as_ref().map(|s| s.entry),
        super::Screen::Note => m.note.as_ref().map(|n| n.entry),
        _ => None,
    }
    .or_else(|| m.list.current())?;
    m.contest.entries.get(i).map(|e| e.id.clone())
}

fn recused(m: &Model, entry: &str) -> bool {
    m.me.as_deref()
        .is_some_and(|me| m.contest.is_recused(me, entry))
}

/// Takes back unsaved input first; then the last change on this entry; with
/// nothing left here, offers the last change elsewhere, naming it.
pub fn undo(m: &mut Model) -> Vec<Effect> {
    if m.has_unsaved() {
        for k in m.open_keys() {
            m.force_reload_open(&k);
        }
        m.say(Tone::Info, m.t(T::DraftDiscarded).into());
        return Vec::new();
    }
    let Some(here) = current_entry(m) else {
        m.say(Tone::Error, m.t(T::NothingToUndo).into());
        return Vec::new();
    };
    if recused(m, &here) {
        // Stepping back is the council's record; only the chair undoes it.
        m.say(Tone::Error, T::RecusalChairOnly.with(m.lang, &[&here]));
        return Vec::new();
    }
    if m.history.last_on(&here).is_some() {
        return undo_on(m, here);
    }
    let elsewhere = m
        .history
        .last_elsewhere(&here, |e| recused(m, e))
        .map(|s| (s.change.key().entry.to_string(), describe(m, s)));
    match elsewhere {
        Some((entry, what)) => {
            let question = T::UndoOtherEntry.with(m.lang, &[&here, &what]);
            m.overlay = Some(Overlay::ConfirmUndo { entry, question });
        }
        None => m.say(Tone::Error, m.t(T::NothingToUndo).into()),
    }
    Vec::new()
}

/// Takes back the last change on `entry`; a submission asks for a reason first.
pub fn undo_on(m: &mut Model, entry: String) -> Vec<Effect> {
    let submitted = m
        .history
        .last_on(&entry)
        .is_some_and(|s| matches!(s.change, Change::Submit { .. }));
    if submitted && let Some(i) = m.contest.entry_position(&entry) {
        m.overlay = Some(Overlay::Reason(
            ReasonFor::UndoSubmit(i),
            TextEditor::single_line(""),
        ));
        return Vec::new();
    }
    undo_with_reason(m, &entry, "")
}

/// The undo itself, `reason` going with a submission taken back.
pub fn undo_with_reason(m: &mut Model, entry: &str, reason: &str) -> Vec<Effect> {
    match m.history.undo_on(entry, &m.contest, reason) {
        Ok((change, step)) => {
            let what = describe(m, &step);
            m.say(Tone::Success, T::Undone.with(m.lang, &[&what]));
            vec![Effect::Apply(change)]
        }
        Err(r) => {
            refuse(m, r, T::NothingToUndo);
            Vec::new()
        }
    }
}

pub fn redo(m: &mut Model) -> Vec<Effect> {
    match m.history.redo(&m.contest) {
        Ok((change, step)) => {
            let what = describe(m, &step);
            m.say(Tone::Success, T::Redone.with(m.lang, &[&what]));
            vec![Effect::Apply(change)]
        }
        Err(r) => {
            refuse(m, r, T::NothingToRedo);
            Vec::new()
        }
    }
}

fn refuse(m: &mut Model, r: Refusal, nothing: T) {
    let text = match r {
        Refusal::Nothing => m.t(nothing).to_string(),
        Refusal::ChangedSince(key) => T::ChangedSince.with(m.lang, &[&key.entry]),
    };
    m.say(Tone::Error, text);
}

/// "SK03 · Effectiveness", "SK03 · note", "SK03 · submission": the entry
/// and what the step changed.
pub fn describe(m: &Model, step: &Step) -> String {
    let what = match &step.change {
        Change::SaveSheet { points, .. } => {
            let before = match &step.before {
                Some(Record::Sheet(s)) => s.marks.to_map(&m.contest.rubric),
                _ => Default::default(),
            };
            let changed: Vec<&str> = m
                .contest
                .rubric
                .criteria
                .iter()
                .filter(|c| points.get(&c.id) != before.get(&c.id))
                .map(|c| c.name.get(m.lang))
                .collect();
            if changed.is_empty() {
                m.t(T::ColMyTotal).to_string()
            } else {
                changed.join(", ")
            }
        }
        Change::Submit { .. } => m.t(T::UndoWhatSubmission).to_string(),
        Change::Reopen { .. } => m.t(T::UndoWhatReopening).to_string(),
        Change::SaveNote {
            text,
            remarks,
            annotations,
            ..
        } => {
            let before = match &step.before {
                Some(Record::Note(n)) => n.clone(),
                _ => Default::default(),
            };
            // "remark on Novelty", "annotations", or "note" for the text.
            let mut parts = Vec::new();
            if *text != before.text {
                parts.push(m.t(T::UndoWhatNote).to_string());
            }
            for c in &m.contest.rubric.criteria {
                if remarks.get(&c.id) != before.remarks.get(&c.id) {
                    parts.push(T::UndoWhatRemark.with(m.lang, &[&c.name.get(m.lang)]));
                }
            }
            if *annotations != before.annotations {
                parts.push(m.t(T::UndoWhatAnnotations).to_string());
            }
            if parts.is_empty() {
                m.t(T::UndoWhatNote).to_string()
            } else {
                parts.join(", ")
            }
        }
    };
    format!("{} · {what}", step.change.key().entry)
}
