//! Packets: a member scores offline and sends their sheets back; the merge
//! applies what nobody changed on the server meanwhile and lists the rest.

use serde::{Deserialize, Serialize};
use sled::Transactional;
use sled::transaction::TransactionError;

use super::audit::{Who, append};
use super::read::{decode_note, encode_note};
use super::{Store, StoreError, abort, encode, keys, unwrap_tx};
use crate::domain::audit::Event;
use crate::domain::change::{Record, check_points};
use crate::domain::{ChangeError, Contest, Note, Sheet, SheetKey};

/// The versions a packet arrived with, kept in the member's own database so
/// that their return says what it was based on.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PacketBases {
    pub judge: String,
    pub made: String,
    pub sheets: Vec<(SheetKey, u64)>,
    pub notes: Vec<(SheetKey, u64)>,
}

impl PacketBases {
    pub fn of(contest: &Contest, judge: &str, made: &str) -> PacketBases {
        PacketBases {
            judge: judge.to_string(),
            made: made.to_string(),
            sheets: contest
                .sheets
                .values()
                .map(|s| (s.key.clone(), s.version))
                .collect(),
            notes: contest
                .notes
                .values()
                .map(|n| (n.key.clone(), n.version))
                .collect(),
        }
    }

    /// (sheet, note) versions the packet had for `key`; 0 for none.
    pub fn base(&self, key: &SheetKey) -> (u64, u64) {
        let find = |list: &[(SheetKey, u64)]| {
            list.iter()
                .find(|(k, _)| k == key)
                .map(|(_, v)| *v)
                .unwrap_or(0)
        };
        (find(&self.sheets), find(&self.notes))
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MergeReport {
    pub applied: usize,
    pub unchanged: usize,
    pub conflicts: Vec<MergeConflict>,
}

/// A sheet or note the server changed after the packet was made: not overwritten.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MergeConflict {
    pub key: SheetKey,
    pub what: String,
    pub base: u64,
    pub current: u64,
}

impl Store {
    /// Loads a member's packet into this (their own) database and remembers its versions.
    pub fn import_packet(&self, contest: &Contest, bases: &PacketBases) -> Result<(), StoreError> {
        self.replace_all(contest, Some(encode(bases)?))
    }

    pub fn packet_bases(&self) -> Result<Option<PacketBases>, StoreError> {
        self.meta_value("packet")
    }

    /// Applies a member's returned sheets and notes in one transaction: each
    /// one whose stored version is still the packet's; the others are listed.
    pub fn merge_return(
        &self,
        def: &Contest,
        by: &Who,
        judge: &str,
        sheets: &[Sheet],
        notes: &[Note],
    ) -> Result<MergeReport, StoreError> {
        for s in sheets {
            check_returned(def, judge, &s.key)?;
            check_points(def, &s.marks.to_map(&def.rubric)).map_err(StoreError::Refused)?;
            if s.marks.slots().len() != def.rubric.len() {
                return Err(StoreError::Refused(ChangeError::BadJudge {
                    problem: "the rubric changed since the packet was made; send a new packet"
                        .into(),
                }));
            }
        }
        for n in notes {
            check_returned(def, judge, &n.key)?;
        }
        let note_keys: Vec<Vec<u8>> = notes.iter().map(|n| keys::sheet_key(&n.key)).collect();
        let who = by;
        let trees = (&self.sheets, &self.notes, &self.meta, &self.audit);
        let result: Result<MergeReport, TransactionError<StoreError>> =
            trees.transaction(|(st, nt, meta, audit_tree)| {
                let mut report = MergeReport::default();
                for s in sheets.iter() {
                    let mut all = super::sheets::read(st, &s.key)?;
                    let current = super::sheets::find(&all, &s.key.judge).cloned();
                    let cur_v = current.as_ref().map(|c| c.version).unwrap_or(0);
                    if current
                        .as_ref()
                        .is_some_and(|c| c.marks == s.marks && c.state == s.state)
                    {
                        report.unchanged += 1;
                    } else if cur_v == s.version {
                        let mut next = s.clone();
                        next.version = cur_v + 1;
                        next.reopened = current.as_ref().map(|c| c.reopened).unwrap_or(0);
                        super::sheets::put(&mut all, next.clone());
                        super::sheets::write(st, &s.key, &all)?;
                        let before = current.map(Record::Sheet);
                        append(
                            meta,
                            audit_tree,
                            who,
                            merged(&s.key, before.as_ref(), &Record::Sheet(next)),
                        )?;
                        report.applied += 1;
                    } else {
                        report.conflicts.push(MergeConflict {
                            key: s.key.clone(),
                            what: "sheet".into(),
                            base: s.version,
                            current: cur_v,
                        });
                    }
                }
                for (n, k) in notes.iter().zip(&note_keys) {
                    let current = match nt.get(k)? {
                        Some(v) => Some(decode_note(&n.key, &v).map_err(abort)?),
                        None => None,
                    };
                    let cur_v = current.as_ref().map(|c| c.version).unwrap_or(0);
                    if current.as_ref().is_some_and(|c| c.text == n.text) {
                        report.unchanged += 1;
                    } else if cur_v == n.version {
                        let after = Record::Note(Note {
                            key: n.key.clone(),
                            text: n.text.clone(),
                            version: cur_v + 1,
                        });
                        let before = current.map(Record::Note);
                        if let Record::Note(n) = &after {
                            nt.insert(k.as_slice(), encode_note(n).map_err(abort)?)?;
                        }
                        append(
                            meta,
                            audit_tree,
                            who,
                            merged(&n.key, before.as_ref(), &after),
                        )?;
                        report.applied += 1;
                    } else {
                        report.conflicts.push(MergeConflict {
                            key: n.key.clone(),
                            what: "note".into(),
                            base: n.version,
                            current: cur_v,
                        });
                    }
                }
                Ok(report)
            });
        let report = result.map_err(unwrap_tx)?;
        self.flush()?;
        Ok(report)
    }
}

fn check_returned(def: &Contest, judge: &str, key: &SheetKey) -> Result<(), StoreError> {
    // A member not on the council could have any id, even one holding the
    // key separator, and such a key would make the database unreadable.
    if def.judge(judge).is_none() {
        return Err(StoreError::Refused(ChangeError::UnknownJudge {
            judge: judge.to_string(),
        }));
    }
    if *key.judge != *judge {
        return Err(StoreError::Refused(ChangeError::NotYours {
            judge: key.judge.to_string(),
        }));
    }
    if def.entry(&key.entry).is_none() {
        return Err(StoreError::Refused(ChangeError::UnknownEntry {
            entry: key.entry.to_string(),
        }));
    }
    if def.round(&key.round).is_none() {
        return Err(StoreError::Refused(ChangeError::UnknownRound {
            round: key.round.to_string(),
        }));
    }
    Ok(())
}

/// The trail's record of a merged sheet or note.
fn merged(key: &SheetKey, before: Option<&Record>, after: &Record) -> Event {
    crate::domain::audit::of_records("merge", key, before, after, None)
}
