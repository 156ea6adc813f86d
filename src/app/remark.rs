//! The member's remarks per criterion and annotations on the write-up.
//!
//! Both live in the member's note record (one version, visibility, audit,
//! undo and packet with the note). Each edit is a small operation queued
//! here and sent as a `Change::SaveNote` of the whole record built on the
//! stored one, one at a time: a second edit made before the first is
//! acknowledged goes on top of it instead of being refused as stale. When
//! someone else saved the note meanwhile, the operation is replayed on their
//! version; only a remark both changed is a conflict, and it is shown.
//!
//! The reader and the sheet call these `Model` methods:
//! - `my_words(entry)`: the member's note on `entry` as it will be stored
//!   (stored record plus edits on their way);
//! - `annotate(entry, first_line, last_line, comment)`: comment lines of
//!   the entry's write-up (0-based, inclusive; the passage is quoted);
//! - `reword_annotation(entry, index, comment)`, `delete_annotation(entry,
//!   index)`: `index` into `my_words(entry).annotations`;
//! - `set_remark(entry, criterion, text)`: empty text removes the remark.

use super::{Effect, Model, Tone};
use crate::domain::change::Record;
use crate::domain::{Annotation, Change, ChangeError, Note, SheetKey};
use crate::i18n::T;
use crate::store::ApplyError;

/// One edit of the note's remarks or annotations.
#[derive(Clone, Debug, PartialEq)]
pub enum NoteOp {
    /// The remark on `criterion` goes from `was` (as the member saw it) to `text`.
    Remark {
        criterion: String,
        was: String,
        text: String,
    },
    Annotate(Annotation),
    /// A new comment for the annotation that read `was`.
    Reword {
        was: Annotation,
        comment: String,
    },
    Unannotate(Annotation),
}

/// A remark the member changed while someone else changed it too.
#[derive(Clone, Debug, PartialEq)]
pub struct RemarkConflict {
    pub key: SheetKey,
    pub criterion: String,
    pub theirs: String,
    pub mine: String,
}

impl NoteOp {
    /// `note` with this edit made; a remark changed elsewhere since the
    /// member saw it is a conflict.
    fn apply(&self, key: &SheetKey, note: &mut Note) -> Result<(), RemarkConflict> {
        match self {
            NoteOp::Remark {
                criterion,
                was,
                text,
            } => {
                let now = note.remark(criterion).unwrap_or("").to_string();
                if now != *was && now != text.trim() {
                    return Err(RemarkConflict {
                        key: key.clone(),
                        criterion: criterion.clone(),
                        theirs: now,
                        mine: text.clone(),
                    });
                }
                if text.trim().is_empty() {
                    note.remarks.remove(criterion);
                } else {
                    note.remarks
                        .insert(criterion.clone(), text.trim().to_string());
                }
            }
            NoteOp::Annotate(a) => note.annotations.push(a.clone()),
            NoteOp::Reword { was, comment } => {
                match note.annotations.iter_mut().find(|a| *a == was) {
                    Some(a) => a.comment = comment.clone(),
                    // Deleted elsewhere meanwhile: the new words are kept.
                    None => note.annotations.push(Annotation {
                        comment: comment.clone(),
                        ..was.clone()
                    }),
                }
            }
            NoteOp::Unannotate(was) => {
                if let Some(i) = note.annotations.iter().position(|a| a == was) {
                    note.annotations.remove(i);
                }
            }
        }
        Ok(())
    }
}

/// Edits waiting for the store, oldest first; the first is on its way
/// when `sent` holds its save.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Queue {
    ops: Vec<(SheetKey, NoteOp)>,
    sent: Option<Change>,
    /// Remarks refused because someone else changed them too, shown one
    /// at a time in the remark editor (and kept in the journal until then).
    pub conflicts: Vec<RemarkConflict>,
}

impl Queue {
    pub fn is_empty(&self) -> bool {
        self.ops.is_empty()
    }

    pub fn is_sent(&self, change: &Change) -> bool {
        self.sent.as_ref() == Some(change)
    }
}

impl Model {
    /// The member's note on `entry` in this round as it will be stored:
    /// the stored record with the edits still on their way.
    pub fn my_words(&self, entry: &str) -> Note {
        let Some(key) = self.key_for(entry) else {
            return Note::default();
        };
        let mut note = self.contest.note(&key).cloned().unwrap_or(Note {
            key: key.clone(),
            ..Note::default()
        });
        for (_, op) in self.words.ops.iter().filter(|(k, _)| *k == key) {
            // A conflict is shown when its turn comes; here the rest still shows.
            let _ = op.apply(&key, &mut note);
        }
        note
    }

    /// Comments lines `first_line..=last_line` of `entry`'s write-up.
    pub fn annotate(
        &mut self,
        entry: &str,
        first_line: u32,
        last_line: u32,
        comment: &str,
    ) -> Vec<Effect> {
        let Some(e) = self.contest.entry(entry) else {
            return Vec::new();
        };
        let a = Annotation::on(&e.document, first_line, last_line, comment);
        self.queue(entry, NoteOp::Annotate(a))
    }

    /// Gives annotation `index` of `my_words(entry)` a new comment.
    pub fn reword_annotation(&mut self, entry: &str, index: usize, comment: &str) -> Vec<Effect> {
        let Some(was) = self.my_words(entry).annotations.get(index).cloned() else {
            return Vec::new();
        };
        let comment = comment.to_string();
        self.queue(entry, NoteOp::Reword { was, comment })
    }

    /// Deletes annotation `index` of `my_words(entry)`.
    pub fn delete_annotation(&mut self, entry: &str, index: usize) -> Vec<Effect> {
        let Some(was) = self.my_words(entry).annotations.get(index).cloned() else {
            return Vec::new();
        };
        self.queue(entry, NoteOp::Unannotate(was))
    }

    /// The member's remark on `criterion` of `entry`; empty text removes it.
    pub fn set_remark(&mut self, entry: &str, criterion: &str, text: &str) -> Vec<Effect> {
        let was = self
            .my_words(entry)
            .remark(criterion)
            .unwrap_or("")
            .to_string();
        if was == text.trim() {
            return Vec::new();
        }
        let op = NoteOp::Remark {
            criterion: criterion.to_string(),
            was,
            text: text.to_string(),
        };
        self.queue(entry, op)
    }

    /// Queues an edit of the member's note on `entry` and sends it when
    /// nothing else is on its way.
    fn queue(&mut self, entry: &str, op: NoteOp) -> Vec<Effect> {
        let Some(key) = self.key_for(entry) else {
            return Vec::new();
        };
        // The note belongs to the sheet: submitted together, reopened together.
        if self.contest.sheet(&key).is_some_and(|s| s.is_submitted()) {
            let text = T::NoteLocked.with(self.lang, &[&entry]);
            self.say(Tone::Info, text);
            return Vec::new();
        }
        self.words.ops.push((key, op));
        pump(self)
    }
}

/// Sends the first queued edit, built on the stored note, unless one is on
/// its way already.
pub fn pump(m: &mut Model) -> Vec<Effect> {
    while m.words.sent.is_none() {
        let Some((key, op)) = m.words.ops.first().cloned() else {
            break;
        };
        let stored = m.contest.note(&key).cloned();
        let mut note = stored.clone().unwrap_or_default();
        match op.apply(&key, &mut note) {
            Ok(()) => {
                let change = Change::SaveNote {
                    key,
                    text: note.text,
                    base: stored.map(|n| n.version).unwrap_or(0),
                    remarks: note.remarks,
                    annotations: note.annotations,
                };
                m.words.sent = Some(change.clone());
                return vec![Effect::Apply(change)];
            }
            Err(conflict) => {
                m.words.ops.remove(0);
                let name = criterion_name(m, &conflict.criterion);
                let text = T::RemarkConflict.with(m.lang, &[&conflict.key.entry, &name]);
                m.say(Tone::Error, text);
                m.words.conflicts.push(conflict);
                super::remark_edit::show_conflict(m);
            }
        }
    }
    Vec::new()
}

fn criterion_name(m: &Model, id: &str) -> String {
    m.contest
        .rubric
        .get(id)
        .map(|c| c.name.get(m.lang).to_string())
        .unwrap_or_else(|| id.to_string())
}

/// The store's answer to a save this queue sent, or `None` when `change`
/// is not ours. A success is recorded by the caller like any save.
pub fn answered(
    m: &mut Model,
    change: &Change,
    result: &Result<Record, ApplyError>,
) -> Option<Vec<Effect>> {
    if !m.words.is_sent(change) {
        return None;
    }
    m.words.sent = None;
    match result {
        Ok(_) => {
            m.words.ops.remove(0);
            None
        }
        Err(ApplyError::Refused(ChangeError::Stale { current })) => {
            // Someone saved the note meanwhile: the edit goes again on theirs.
            if let Some(Record::Note(n)) = current.as_deref() {
                m.contest.put_note(n.clone());
            }
            Some(pump(m))
        }
        Err(ApplyError::Refused(e)) => {
            m.words.ops.remove(0);
            let why = crate::i18n::refusal(e, m.lang);
            m.say(Tone::Error, T::SaveFailed.with(m.lang, &[&why]));
            Some(pump(m))
        }
        Err(ApplyError::Failed(why)) => {
            // Kept (and in the journal) until the store can be reached.
            m.say(Tone::Error, T::SaveFailed.with(m.lang, &[why]));
            Some(Vec::new())
        }
    }
}

/// A draft from the journal that the store refuses as stale and that
/// changes only remarks and annotations (the text is as stored): its new
/// annotations go on top of the stored note, its remarks too where the
/// stored note has none, and a remark both changed waits for the member in
/// the remark editor. Whether a remark conflicted; `None` for a draft that
/// changes the text: the note editor's merge view takes it.
pub fn rescue(m: &mut Model, change: &Change) -> Option<bool> {
    let Change::SaveNote {
        key,
        text,
        remarks,
        annotations,
        ..
    } = change
    else {
        return None;
    };
    let stored = m.contest.note(key).cloned().unwrap_or_default();
    if *text != stored.text {
        return None;
    }
    let before = m.words.conflicts.len();
    for a in annotations
        .iter()
        .filter(|a| !stored.annotations.contains(a))
    {
        m.words.ops.push((key.clone(), NoteOp::Annotate(a.clone())));
    }
    for (criterion, mine) in remarks {
        match stored.remark(criterion) {
            Some(theirs) if theirs == mine => {}
            None => m.words.ops.push((
                key.clone(),
                NoteOp::Remark {
                    criterion: criterion.clone(),
                    was: String::new(),
                    text: mine.clone(),
                },
            )),
            Some(theirs) => m.words.conflicts.push(RemarkConflict {
                key: key.clone(),
                criterion: criterion.clone(),
                theirs: theirs.to_string(),
                mine: mine.clone(),
            }),
        }
    }
    Some(m.words.conflicts.len() > before)
}

/// The queued edits as saves of whole notes, for the journal: each note
/// with every edit made, on the stored version; and each remark waiting
/// for the member's choice, on an older version so that it is never
/// stored by itself but comes back as a conflict.
pub fn drafts(m: &Model) -> Vec<Change> {
    let mut keys: Vec<&SheetKey> = m.words.ops.iter().map(|(k, _)| k).collect();
    keys.dedup();
    keys.into_iter()
        .map(|key| {
            let stored = m.contest.note(key);
            let mut note = stored.cloned().unwrap_or_default();
            for (_, op) in m.words.ops.iter().filter(|(k, _)| k == key) {
                let _ = op.apply(key, &mut note);
            }
            Change::SaveNote {
                key: key.clone(),
                text: note.text,
                base: stored.map(|n| n.version).unwrap_or(0),
                remarks: note.remarks,
                annotations: note.annotations,
            }
        })
        .chain(m.words.conflicts.iter().map(|c| {
            let mut note = m.contest.note(&c.key).cloned().unwrap_or_default();
            note.remarks.insert(c.criterion.clone(), c.mine.clone());
            Change::SaveNote {
                key: c.key.clone(),
                text: note.text,
                base: note.version.saturating_sub(1),
                remarks: note.remarks,
                annotations: note.annotations,
            }
        }))
        .collect()
}
