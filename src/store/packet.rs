//! Packets: a member scores offline and sends their sheets back; the merge
//! applies what nobody changed on the server meanwhile and lists the rest.

use serde::{Deserialize, Serialize};
use sled::Transactional;
use sled::transaction::TransactionError;

use super::audit::{Who, append};
use super::grant::{PacketGrant, packet_id, spend};
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
    /// The packet's secret, sent back with the return.
    #[serde(default)]
    pub token: Option<String>,
}

impl PacketBases {
    pub fn of(contest: &Contest, judge: &str, made: &str, token: Option<&str>) -> PacketBases {
        PacketBases {
            judge: judge.to_string(),
            made: made.to_string(),
            token: token.map(String::from),
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
    /// The packet the return answered (its short id), for the chair's report.
    #[serde(default)]
    pub packet: String,
}

/// A sheet or note of the return that was not written, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MergeConflict {
    pub key: SheetKey,
    pub what: String,
    pub base: u64,
    pub current: u64,
    #[serde(default)]
    pub why: MergeWhy,
}

/// Why a returned sheet or note was kept out: the rules of a live save.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MergeWhy {
    /// Changed on the server after the packet was made.
    #[default]
    Changed,
    /// Submitted on the server: only a reopen, with a reason, changes the
    /// sheet or its note.
    Submitted,
    Recused,
    NotAssigned,
    RoundClosed,
}

impl Store {
    /// Loads a member's packet into this (their own) database and remembers its versions.
    pub fn import_packet(&self, contest: &Contest, bases: &PacketBases) -> Result<(), StoreError> {
        self.replace_all(contest, Some(encode(bases)?))
    }

    pub fn packet_bases(&self) -> Result<Option<PacketBases>, StoreError> {
        self.meta_value("packet")
    }

    /// Applies a member's returned sheets and notes in one transaction, after
    /// checking the packet `token` was issued for `judge` and these entries
    /// and is not spent (then spends it). Each sheet or note is written only
    /// where a live save would be allowed and the stored version is still the
    /// packet's; the others are listed.
    pub fn merge_return(
        &self,
        def: &Contest,
        by: &Who,
        token: &str,
        judge: &str,
        sheets: &[Sheet],
        notes: &[Note],
    ) -> Result<MergeReport, StoreError> {
        for s in sheets {
            check_returned(def, judge, &s.key)?;
            check_points(def, &s.marks.to_map(&def.rubric)).map_err(StoreError::Refused)?;
            if s.marks.slots().len() != def.rubric.len() {
                return Err(StoreError::Refused(ChangeError::PacketRubricChanged));
            }
            let missing = s.missing(&def.rubric);
            if s.is_submitted() && !missing.is_empty() {
                return Err(StoreError::Refused(ChangeError::Incomplete {
                    missing: missing.into_iter().map(String::from).collect(),
                }));
            }
        }
        for n in notes {
            check_returned(def, judge, &n.key)?;
            crate::domain::change::check_note(&n.text, &n.remarks, &n.annotations)
                .map_err(StoreError::Refused)?;
        }
        let keys: Vec<&SheetKey> = sheets
            .iter()
            .map(|s| &s.key)
            .chain(notes.iter().map(|n| &n.key))
            .collect();
        let note_keys: Vec<Vec<u8>> = notes.iter().map(|n| keys::sheet_key(&n.key)).collect();
        let packet = packet_id(token);
        let who = by;
        let trees = (&self.sheets, &self.notes, &self.meta, &self.audit);
        let result: Result<MergeReport, TransactionError<StoreError>> =
            trees.transaction(|(st, nt, meta, audit_tree)| {
                let grant = spend(meta, token, judge, &keys, &who.at)?;
                let reason = format!("packet {packet} made for {} at {}", grant.judge, grant.made);
                let mut report = MergeReport {
                    packet: packet.clone(),
                    ..MergeReport::default()
                };
                // The note belongs to the sheet: locked while the server's
                // sheet is submitted (as it was before this return).
                let mut locked = Vec::new();
                for n in notes {
                    let all = super::sheets::read(st, &n.key)?;
                    if super::sheets::find(&all, &n.key.judge).is_some_and(|c| c.is_submitted()) {
                        locked.push(n.key.clone());
                    }
                }
                for s in sheets.iter() {
                    let mut all = super::sheets::read(st, &s.key)?;
                    let current = super::sheets::find(&all, &s.key.judge).cloned();
                    let cur_v = current.as_ref().map(|c| c.version).unwrap_or(0);
                    let held = refusal(def, &s.key).or_else(|| {
                        if current.as_ref().is_some_and(|c| c.is_submitted()) {
                            Some(MergeWhy::Submitted)
                        } else {
                            (cur_v != s.version).then_some(MergeWhy::Changed)
                        }
                    });
                    if current
                        .as_ref()
                        .is_some_and(|c| c.marks == s.marks && c.state == s.state)
                    {
                        report.unchanged += 1;
                    } else if let Some(why) = held {
                        report.conflicts.push(MergeConflict {
                            key: s.key.clone(),
                            what: "sheet".into(),
                            base: s.version,
                            current: cur_v,
                            why,
                        });
                    } else {
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
                            merged(&s.key, before.as_ref(), &Record::Sheet(next), &reason),
                        )?;
                        report.applied += 1;
                    }
                }
                for (n, k) in notes.iter().zip(&note_keys) {
                    let current = match nt.get(k)? {
                        Some(v) => Some(decode_note(&n.key, &v).map_err(abort)?),
                        None => None,
                    };
                    let cur_v = current.as_ref().map(|c| c.version).unwrap_or(0);
                    let held = refusal(def, &n.key)
                        .or_else(|| locked.contains(&n.key).then_some(MergeWhy::Submitted))
                        .or_else(|| (cur_v != n.version).then_some(MergeWhy::Changed));
                    if current.as_ref().is_some_and(|c| same_words(c, n)) {
                        report.unchanged += 1;
                    } else if let Some(why) = held {
                        report.conflicts.push(MergeConflict {
                            key: n.key.clone(),
                            what: "note".into(),
                            base: n.version,
                            current: cur_v,
                            why,
                        });
                    } else {
                        let after = Note {
                            version: cur_v + 1,
                            ..n.clone()
                        };
                        nt.insert(k.as_slice(), encode_note(&after).map_err(abort)?)?;
                        let before = current.map(Record::Note);
                        append(
                            meta,
                            audit_tree,
                            who,
                            merged(&n.key, before.as_ref(), &Record::Note(after), &reason),
                        )?;
                        report.applied += 1;
                    }
                }
                append(meta, audit_tree, who, spent(&grant, &report))?;
                Ok(report)
            });
        let report = result.map_err(unwrap_tx)?;
        self.flush()?;
        Ok(report)
    }
}

/// The rule of a live save that `key` would break now, if any.
fn refusal(def: &Contest, key: &SheetKey) -> Option<MergeWhy> {
    if def.is_recused(&key.judge, &key.entry) {
        Some(MergeWhy::Recused)
    } else if !def.may_mark(&key.round, &key.entry, &key.judge) {
        Some(MergeWhy::NotAssigned)
    } else if def.round(&key.round).is_some_and(|r| r.closed) {
        Some(MergeWhy::RoundClosed)
    } else {
        None
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

/// The trail's record of a merged sheet or note, naming the packet it came in.
fn merged(key: &SheetKey, before: Option<&Record>, after: &Record, packet: &str) -> Event {
    crate::domain::audit::of_records("merge", key, before, after, Some(packet.to_string()))
}

/// The trail's record of a packet whose return was merged: for whom, which
/// packet (never its secret) and what came of it.
fn spent(grant: &PacketGrant, report: &MergeReport) -> Event {
    Event {
        action: "merge_packet".into(),
        round: Some(grant.round.clone()),
        entry: None,
        subject: Some(grant.judge.clone()),
        before: serde_json::Value::Null,
        after: serde_json::json!({
            "packet": report.packet,
            "made": grant.made,
            "applied": report.applied,
            "unchanged": report.unchanged,
            "conflicts": report.conflicts.len(),
        }),
        reason: None,
    }
}

/// Whether a returned note says what the stored one says (versions aside).
fn same_words(stored: &Note, returned: &Note) -> bool {
    stored.text == returned.text
        && stored.remarks == returned.remarks
        && stored.annotations == returned.annotations
}
