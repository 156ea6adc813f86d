//! The sheet's small editors for the member's remarks and annotations:
//! `r` writes the remark on the focused criterion, `A` lists the
//! annotations on the entry to delete one.

use super::remark::RemarkConflict;
use super::{Effect, Model, Overlay, Tone};
use crate::domain::Change;
use crate::domain::change::MAX_REMARK_BYTES;
use crate::i18n::T;
use crate::input::editor::TextEditor;
use crate::input::key::Key;
use crate::input::keymap::Command;

/// Writing the remark on one criterion; the sheet stays in view above it.
#[derive(Clone, Debug, PartialEq)]
pub struct RemarkEdit {
    pub entry: String,
    pub criterion: String,
    pub editor: TextEditor,
    /// The remark as it was when the editor opened: unchanged text saves nothing.
    pub was: String,
    /// What someone else saved meanwhile, when this remark conflicted.
    pub theirs: Option<String>,
}

impl RemarkEdit {
    pub fn is_dirty(&self) -> bool {
        self.editor.text().trim() != self.was.trim()
    }

    /// The remark as the save it would be (for the journal): the member's
    /// note as it will be stored, with this remark.
    pub fn draft(&self, m: &Model) -> Option<Change> {
        let key = m.key_for(&self.entry)?;
        let mut note = m.my_words(&self.entry);
        let text = self.editor.text().trim();
        if text.is_empty() {
            note.remarks.remove(&self.criterion);
        } else {
            note.remarks
                .insert(self.criterion.clone(), text.to_string());
        }
        let stored = m.contest.note(&key).map_or(0, |n| n.version);
        Some(Change::SaveNote {
            key,
            text: note.text,
            // Words written against someone else's meanwhile come back as
            // that choice again, never stored by themselves.
            base: if self.theirs.is_some() {
                stored.saturating_sub(1)
            } else {
                stored
            },
            remarks: note.remarks,
            annotations: note.annotations,
        })
    }
}

/// `r` on the sheet: the focused criterion's remark, to write.
pub fn open(m: &mut Model, s: &super::SheetEdit) {
    let Some(c) = m.contest.rubric.criteria.get(s.focus) else {
        // The line after the last criterion has no remark.
        m.say(Tone::Info, m.t(T::RemarkOnCriterion).into());
        return;
    };
    let Some(e) = m.contest.entries.get(s.entry) else {
        return;
    };
    if s.is_submitted() {
        let text = T::NoteLocked.with(m.lang, &[&e.id]);
        m.say(Tone::Info, text);
        return;
    }
    let (entry, criterion) = (e.id.clone(), c.id.clone());
    let was = m
        .my_words(&entry)
        .remark(&criterion)
        .unwrap_or("")
        .to_string();
    // A remark that conflicted comes back with the member's words.
    let conflict = m
        .words
        .conflicts
        .iter()
        .position(|c| *c.key.entry == *entry && c.criterion == criterion)
        .map(|i| m.words.conflicts.remove(i));
    let (text, theirs) = match conflict {
        Some(RemarkConflict { mine, theirs, .. }) => (mine, Some(theirs)),
        None => (was.clone(), None),
    };
    m.overlay = Some(Overlay::Remark(RemarkEdit {
        entry,
        criterion,
        editor: TextEditor::single_line(&text),
        was,
        theirs,
    }));
}

/// A remark that conflicted opens again where the member is, unless
/// something else is open over the screen.
pub fn show_conflict(m: &mut Model) {
    if m.overlay.is_some() || m.words.conflicts.is_empty() {
        return;
    }
    let c = m.words.conflicts.remove(0);
    let was = m
        .my_words(&c.key.entry)
        .remark(&c.criterion)
        .unwrap_or("")
        .to_string();
    m.overlay = Some(Overlay::Remark(RemarkEdit {
        entry: c.key.entry.to_string(),
        criterion: c.criterion,
        editor: TextEditor::single_line(&c.mine),
        was,
        theirs: Some(c.theirs),
    }));
}

pub fn on_key(m: &mut Model, key: Key, command: Option<Command>) -> Vec<Effect> {
    let Some(Overlay::Remark(r)) = m.overlay.as_mut() else {
        return Vec::new();
    };
    match command {
        Some(Command::Save) => {
            let text = r.editor.text().trim().to_string();
            if text.len() > MAX_REMARK_BYTES {
                // Kept open: the member shortens it; nothing is lost.
                let why = T::RefRemarkTooLong
                    .with(m.lang, &[&r.criterion, &text.len(), &MAX_REMARK_BYTES]);
                m.say(Tone::Error, why);
                return Vec::new();
            }
            let (entry, criterion) = (r.entry.clone(), r.criterion.clone());
            // After a conflict, saving is the member's choice even if the
            // words are what they were.
            let chosen = r.is_dirty() || r.theirs.is_some();
            m.overlay = None;
            let fx = if chosen {
                m.set_remark(&entry, &criterion, &text)
            } else {
                Vec::new()
            };
            show_conflict(m);
            fx
        }
        Some(Command::No) => {
            m.overlay = None;
            show_conflict(m);
            Vec::new()
        }
        Some(c) => {
            super::note::edit_command(&mut r.editor, c, m.size.0);
            Vec::new()
        }
        None => {
            if let Some(c) = key.typed_char() {
                r.editor.insert_char(c);
            }
            Vec::new()
        }
    }
}

/// `A` on the sheet: the member's annotations on the entry.
pub fn open_list(m: &mut Model, s: &super::SheetEdit) {
    let Some(e) = m.contest.entries.get(s.entry) else {
        return;
    };
    let entry = e.id.clone();
    if m.my_words(&entry).annotations.is_empty() {
        m.say(Tone::Info, m.t(T::NoAnnotations).into());
        return;
    }
    m.overlay = Some(Overlay::Annotations { entry, selected: 0 });
}

pub fn on_list_key(m: &mut Model, command: Option<Command>) -> Vec<Effect> {
    let Some(Overlay::Annotations { entry, .. }) = &m.overlay else {
        return Vec::new();
    };
    let entry = entry.clone();
    let count = m.my_words(&entry).annotations.len();
    let Some(Overlay::Annotations { selected, .. }) = m.overlay.as_mut() else {
        return Vec::new();
    };
    match command {
        Some(Command::Down) => *selected = (*selected + 1).min(count.saturating_sub(1)),
        Some(Command::Up) => *selected = selected.saturating_sub(1),
        Some(Command::DeleteAnnotation) if count > 0 => {
            let index = *selected;
            *selected = index.min(count.saturating_sub(2));
            if count == 1 {
                m.overlay = None;
            }
            return m.delete_annotation(&entry, index);
        }
        Some(Command::Back) => m.overlay = None,
        _ => {}
    }
    Vec::new()
}
