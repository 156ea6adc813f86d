//! Writing a note (nhận xét) on an entry.

use super::{Effect, Model, Screen, Tone};
use crate::domain::change::Record;
use crate::domain::{Change, Note, SheetKey};
use crate::input::editor::TextEditor;
use crate::input::key::Key;
use crate::input::keymap::Command;

#[derive(Clone, Debug, PartialEq)]
pub struct NoteEdit {
    pub entry: usize,
    pub key: SheetKey,
    pub editor: TextEditor,
    pub base: u64,
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

    pub fn save(&mut self) -> Option<Effect> {
        if !self.is_dirty() || self.pending == Some(self.revision) {
            return None;
        }
        self.pending = Some(self.revision);
        Some(Effect::Apply(Change::SaveNote {
            key: self.key.clone(),
            text: self.editor.text().to_string(),
            base: self.base,
        }))
    }

    pub fn acknowledged(&mut self, record: &Record) {
        if let Record::Note(n) = record {
            self.base = n.version;
            self.conflict = None;
            if let Some(rev) = self.pending.take() {
                self.saved_revision = rev;
            }
        }
    }

    /// Shows text saved elsewhere (the note had no unsaved changes here).
    pub fn replace_text(&mut self, text: &str, version: u64) {
        self.editor = TextEditor::new(text);
        self.base = version;
    }

    /// Back to the stored text, nothing unsaved.
    pub fn reset(&mut self, text: &str, version: u64) {
        self.editor = TextEditor::new(text);
        self.base = version;
        self.saved_revision = self.revision;
        self.pending = None;
        self.conflict = None;
    }

    pub fn failed(&mut self) {
        self.pending = None;
    }

    /// Someone saved this note elsewhere: keep the text on screen, rebase on
    /// theirs so that the next save (a deliberate one) replaces it.
    pub fn conflict(&mut self, current: Option<Record>) {
        self.pending = None;
        if let Some(Record::Note(n)) = current {
            self.base = n.version;
            self.conflict = Some(n);
        }
    }
}

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
    let stored = m.contest.note(&key);
    m.note = Some(NoteEdit {
        entry,
        editor: TextEditor::new(stored.map(|n| n.text.as_str()).unwrap_or("")),
        base: stored.map(|n| n.version).unwrap_or(0),
        from,
        revision: 0,
        saved_revision: 0,
        pending: None,
        conflict: None,
        key,
    });
    m.screen = Screen::Note;
}

pub fn on_key(m: &mut Model, key: Key, command: Option<Command>) -> Vec<Effect> {
    let width = note_width(m.size.0);
    let Some(n) = m.note.as_mut() else {
        return Vec::new();
    };
    match command {
        Some(Command::Save) => match n.save() {
            Some(e) => return vec![e],
            None => m.say(Tone::Info, m.t(crate::i18n::T::SavedOk).into()),
        },
        Some(Command::Back) => {
            let fx = n.save().into_iter().collect();
            m.screen = n.from;
            m.note = None;
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
