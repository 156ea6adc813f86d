//! Writing a note (nhận xét) on an entry.

use super::{Effect, Model, Overlay, Screen, Tone};
use crate::domain::change::{Record, Target};
use crate::domain::{Change, Note, SheetKey};
use crate::i18n::T;
use crate::input::editor::TextEditor;
use crate::input::key::Key;
use crate::input::keymap::Command;

#[derive(Clone, Debug, PartialEq)]
pub struct NoteEdit {
    pub entry: usize,
    pub key: SheetKey,
    pub editor: TextEditor,
    pub base: u64,
    /// The rest of the stored record this text is saved with: the editor
    /// writes only the text and keeps the remarks and annotations it found.
    pub remarks: std::collections::BTreeMap<String, String>,
    pub annotations: Vec<crate::domain::Annotation>,
    /// The screen to return to.
    pub from: Screen,
    revision: u64,
    saved_revision: u64,
    pending: Option<u64>,
    /// The stored note when someone else saved it meanwhile.
    pub conflict: Option<Note>,
}

impl NoteEdit {
    pub fn is_dirty(&self) -> bool {
        self.revision != self.saved_revision
    }

    pub fn is_saving(&self) -> bool {
        self.pending.is_some()
    }

    /// Runs an edit and counts it as a change if the text changed.
    pub fn edit(&mut self, f: impl FnOnce(&mut TextEditor)) {
        let before = self.editor.text().to_string();
        f(&mut self.editor);
        if before != self.editor.text() {
            self.revision += 1;
        }
    }

    /// A save of the text; None while a stale refusal waits for the
    /// member's choice (only `keep_mine` lets a save go on top).
    pub fn save(&mut self) -> Option<Effect> {
        if !self.is_dirty() || self.pending == Some(self.revision) || self.conflict.is_some() {
            return None;
        }
        self.pending = Some(self.revision);
        Some(Effect::Apply(self.draft()))
    }

    /// Takes the stored record's version, remarks and annotations.
    fn adopt(&mut self, n: &Note) {
        self.base = n.version;
        self.remarks = n.remarks.clone();
        self.annotations = n.annotations.clone();
    }

    pub fn acknowledged(&mut self, record: &Record) {
        if let Record::Note(n) = record {
            self.adopt(n);
            self.conflict = None;
            if let Some(rev) = self.pending.take() {
                self.saved_revision = rev;
            }
        }
    }

    /// Shows text saved elsewhere (the note had no unsaved changes here).
    pub fn replace_text(&mut self, stored: &Note) {
        self.editor = TextEditor::new(&stored.text);
        self.adopt(stored);
    }

    /// Back to the stored text, nothing unsaved.
    pub fn reset(&mut self, stored: &Note) {
        self.editor = TextEditor::new(&stored.text);
        self.adopt(stored);
        self.saved_revision = self.revision;
        self.pending = None;
        self.conflict = None;
    }

    pub fn failed(&mut self) {
        self.pending = None;
    }

    /// Someone saved this note elsewhere: keep the text on screen and save
    /// nothing more until the member chooses in the merge view.
    pub fn conflict(&mut self, current: Option<Record>) {
        self.pending = None;
        if let Some(Record::Note(n)) = current {
            self.conflict = Some(n);
        }
    }

    /// The member keeps their text: the next save goes on top of theirs.
    pub fn keep_mine(&mut self) {
        if let Some(theirs) = self.conflict.take() {
            // Only the text was edited here: their remarks and annotations stay.
            self.adopt(&theirs);
            self.revision += 1;
        }
    }

    /// The member takes the stored text: theirs replaces the draft.
    pub fn take_theirs(&mut self) {
        if let Some(theirs) = self.conflict.take() {
            self.reset(&theirs);
        }
    }

    /// Both: the stored text, then the member's under a separator.
    pub fn keep_both(&mut self) {
        if let Some(theirs) = self.conflict.take() {
            let mine = self.editor.text().to_string();
            let both = format!("{}\n{SEPARATOR}\n{mine}", theirs.text.trim_end());
            self.editor = TextEditor::new(&both);
            self.adopt(&theirs);
            self.revision += 1;
        }
    }

    /// The text as the save it would be.
    pub fn draft(&self) -> Change {
        Change::SaveNote {
            key: self.key.clone(),
            text: self.editor.text().to_string(),
            base: self.base,
            remarks: self.remarks.clone(),
            annotations: self.annotations.clone(),
        }
    }
}

/// Between the stored text and the member's when both are kept.
pub const SEPARATOR: &str = "────────";

pub fn open(m: &mut Model, entry: usize, from: Screen) {
    let Some(e) = m.contest.entries.get(entry) else {
        return;
    };
    let Some(key) = m.key_for(&e.id) else { return };
    // The note belongs to the sheet: submitted together, reopened together.
    if m.contest.sheet(&key).is_some_and(|s| s.is_submitted()) {
        let text = crate::i18n::T::NoteLocked.with(m.lang, &[&e.id]);
        m.say(Tone::Info, text);
        return;
    }
    let parked = super::journal::unpark(m, &key, Target::Note);
    let stored = m.contest.note(&key);
    let mut note = NoteEdit {
        entry,
        editor: TextEditor::new(stored.map(|n| n.text.as_str()).unwrap_or("")),
        base: stored.map(|n| n.version).unwrap_or(0),
        remarks: stored.map(|n| n.remarks.clone()).unwrap_or_default(),
        annotations: stored.map(|n| n.annotations.clone()).unwrap_or_default(),
        from,
        revision: 0,
        saved_revision: 0,
        pending: None,
        conflict: None,
        key,
    };
    // A text left unsaved when this note was last closed comes back.
    if let Some(u) = parked
        && let Change::SaveNote {
            text,
            base,
            remarks,
            annotations,
            ..
        } = &u.change
    {
        note.editor = TextEditor::new(text);
        note.base = *base;
        note.remarks = remarks.clone();
        note.annotations = annotations.clone();
        note.revision = 1;
        if u.sending {
            note.pending = Some(1);
        }
        if u.stale {
            note.conflict = stored.cloned();
        }
    }
    m.note = Some(note);
    m.screen = Screen::Note;
}

pub fn on_key(m: &mut Model, key: Key, command: Option<Command>) -> Vec<Effect> {
    let width = note_width(m.size.0);
    let Some(n) = m.note.as_mut() else {
        return Vec::new();
    };
    match command {
        Some(Command::Save) => {
            // A deliberate save goes on top of a version saved elsewhere.
            n.keep_mine();
            match n.save() {
                Some(e) => return vec![e],
                None => m.say(Tone::Info, m.t(T::SavedOk).into()),
            }
        }
        Some(Command::Back) if n.conflict.is_some() => {
            // Never closes on text refused as stale: the member chooses first.
            m.overlay = Some(Overlay::Merge {
                target: Target::Note,
                scroll: 0,
            });
            m.say(Tone::Error, m.t(T::ChooseFirst).into());
        }
        Some(Command::Back) => {
            let fx: Vec<Effect> = n.save().into_iter().collect();
            let (from, draft, dirty, saving) = (n.from, n.draft(), n.is_dirty(), n.is_saving());
            m.screen = from;
            m.note = None;
            // Kept until the store acknowledges it.
            if dirty {
                super::journal::park(m, draft, saving, false);
            }
            return fx;
        }
        Some(c) => n.edit(|ed| edit_command(ed, c, width)),
        None => {
            if let Some(c) = key.typed_char() {
                n.edit(|ed| ed.insert_char(c));
            }
        }
    }
    Vec::new()
}

/// The width the note's text wraps at, inside the editor's border.
pub fn note_width(screen_width: u16) -> u16 {
    screen_width.saturating_sub(2).max(1)
}

/// The editing commands shared by the note, the search box and prompts.
pub fn edit_command(ed: &mut TextEditor, command: Command, width: u16) {
    match command {
        Command::EditLeft => ed.move_left(),
        Command::EditRight => ed.move_right(),
        Command::EditWordLeft => ed.move_word_left(),
        Command::EditWordRight => ed.move_word_right(),
        Command::EditHome => ed.move_home(),
        Command::EditEnd => ed.move_end(),
        Command::EditUp => ed.move_up(width),
        Command::EditDown => ed.move_down(width),
        Command::EditDocStart => ed.move_doc_start(),
        Command::EditDocEnd => ed.move_doc_end(),
        Command::EditBackspace => {
            ed.backspace();
        }
        Command::EditDelete => {
            ed.delete();
        }
        Command::EditDeleteWord => ed.delete_word_back(),
        Command::EditNewline => ed.newline(),
        _ => {}
    }
}
