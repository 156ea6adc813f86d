//! Whether the stored sheets and notes are what the audit trail says.
//!
//! A chain of hashes proves the trail was not edited, not that the sheets
//! were changed only through it: someone who can write the database folder
//! can set a sheet from 1 to 25 and leave the trail alone. So each sheet and
//! note is compared with the trail's last record for it.
//!
//! The changes made in bulk (an import, a packet loaded, the rubric changed)
//! record a digest of every sheet and note as they left them. A sheet or
//! note not changed since the last of them is checked against that digest:
//! rebuilt from what is stored now and, for those changed since, the
//! `before` of their first record after it.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde_json::Value;
use sha2::{Digest, Sha256};

use super::audit::{AuditRecord, recorded};
use super::change::Record;
use super::sheet::{Note, Sheet, SheetKey};

/// A sheet or a note.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    Sheet,
    Note,
}

/// A stored value the trail does not account for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Mismatch {
    /// Differs from (or, stored, is missing from) the trail's record `seq`.
    Differs { kind: Kind, key: SheetKey, seq: u64 },
    /// A sheet or note untouched since the bulk change `seq` is not as it
    /// left them (changed, added or removed without a record).
    SinceBulk { seq: u64 },
}

/// The actions that replace sheets and notes in bulk; their `after` holds a
/// `digest` (databases made before it was recorded have none).
const BULK: [&str; 4] = ["import", "import_packet", "import_entries", "rubric"];

/// Every stored sheet and note that the trail in `records` (intact, in
/// order) does not account for.
pub fn mismatches(
    records: &[(u64, AuditRecord)],
    sheets: &BTreeMap<SheetKey, Sheet>,
    notes: &BTreeMap<SheetKey, Note>,
) -> Vec<Mismatch> {
    let start = records
        .iter()
        .rposition(|(_, r)| BULK.contains(&r.action.as_str()));
    let since = start.map(|i| i + 1).unwrap_or(0);
    // Per value: its first `before` and last `after` since the bulk change.
    let mut first: BTreeMap<(Kind, SheetKey), Value> = BTreeMap::new();
    let mut last: BTreeMap<(Kind, SheetKey), (u64, Value)> = BTreeMap::new();
    for (_, r) in &records[since..] {
        let Some(id) = about(r) else { continue };
        first.entry(id.clone()).or_insert_with(|| r.before.clone());
        last.insert(id, (r.seq, r.after.clone()));
    }
    let stored = |id: &(Kind, SheetKey)| match id.0 {
        Kind::Sheet => sheets
            .get(&id.1)
            .map(|s| recorded(&Record::Sheet(s.clone()))),
        Kind::Note => notes.get(&id.1).map(|n| recorded(&Record::Note(n.clone()))),
    };
    let mut out = Vec::new();
    for (id, (seq, after)) in &last {
        let now = stored(id);
        if now.as_ref() != Some(after) && !(after.is_null() && now.is_none()) {
            out.push(Mismatch::Differs {
                kind: id.0,
                key: id.1.clone(),
                seq: *seq,
            });
        }
    }
    let Some((_, bulk)) = start.map(|i| &records[i]) else {
        return out;
    };
    let Some(expected) = bulk.after.get("digest").and_then(Value::as_str) else {
        return out;
    };
    // What the bulk change left: the untouched as they are now, the others
    // as they were before their first change since (none if they were new).
    let mut h = Sha256::new();
    let mut before = first.iter().filter(|(_, was)| !was.is_null()).peekable();
    for (id, now) in every_value(sheets, notes) {
        while let Some((changed, was)) = before.next_if(|(changed, _)| **changed < id) {
            add(&mut h, changed, was);
        }
        match before.next_if(|(changed, _)| **changed == id) {
            Some((changed, was)) => add(&mut h, changed, was),
            None if last.contains_key(&id) => {}
            None => add(&mut h, &id, &now),
        }
    }
    for (changed, was) in before {
        add(&mut h, changed, was);
    }
    if hex(h) != expected {
        out.push(Mismatch::SinceBulk { seq: bulk.seq });
    }
    out
}

/// The digest a bulk change records of all sheets and notes it leaves.
pub fn digest<'a>(
    sheets: impl Iterator<Item = &'a Sheet>,
    notes: impl Iterator<Item = &'a Note>,
) -> String {
    let sheets = sheets.map(|s| ((Kind::Sheet, s.key.clone()), Record::Sheet(s.clone())));
    let notes = notes.map(|n| ((Kind::Note, n.key.clone()), Record::Note(n.clone())));
    let mut all: Vec<_> = sheets.chain(notes).collect();
    // In (kind, key) order, one value per key, as a map would hold them;
    // callers pass maps' values, which are in that order already.
    if !all.is_sorted_by(|a, b| a.0 < b.0) {
        all.sort_by(|a, b| a.0.cmp(&b.0));
        all.dedup_by(|later, kept| {
            let same = later.0 == kept.0;
            if same {
                std::mem::swap(later, kept);
            }
            same
        });
    }
    let mut h = Sha256::new();
    for (id, record) in &all {
        add(&mut h, id, &recorded(record));
    }
    hex(h)
}

/// Every stored sheet and note in (kind, key) order, as the trail records
/// it, made one at a time: a quarter of a million at once take gigabytes.
fn every_value<'a>(
    sheets: &'a BTreeMap<SheetKey, Sheet>,
    notes: &'a BTreeMap<SheetKey, Note>,
) -> impl Iterator<Item = ((Kind, SheetKey), Value)> + 'a {
    let sheets = sheets.values().map(|s| {
        (
            (Kind::Sheet, s.key.clone()),
            recorded(&Record::Sheet(s.clone())),
        )
    });
    let notes = notes.values().map(|n| {
        (
            (Kind::Note, n.key.clone()),
            recorded(&Record::Note(n.clone())),
        )
    });
    sheets.chain(notes)
}

/// One value into the digest: its kind, key and recorded JSON.
fn add(h: &mut Sha256, (kind, key): &(Kind, SheetKey), value: &Value) {
    let kind = match kind {
        Kind::Sheet => "sheet",
        Kind::Note => "note",
    };
    // Written into the hash as it is formatted: no string per value.
    let _ = writeln!(
        Feed(h),
        "{kind}\0{}\0{}\0{}\0{value}",
        key.round,
        key.entry,
        key.judge
    );
}

/// Formatting that feeds a hash.
struct Feed<'a>(&'a mut Sha256);

impl std::fmt::Write for Feed<'_> {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.0.update(s.as_bytes());
        Ok(())
    }
}

fn hex(h: Sha256) -> String {
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// Which sheet or note a record is about, if any: a record of one has its
/// round, entry and member, and a sheet's or note's shape after.
fn about(r: &AuditRecord) -> Option<(Kind, SheetKey)> {
    let key = SheetKey::new(
        r.round.as_deref()?,
        r.entry.as_deref()?,
        r.subject.as_deref()?,
    );
    let kind = if r.after.get("points").is_some() {
        Kind::Sheet
    } else if r.after.get("text").is_some() {
        Kind::Note
    } else {
        return None;
    };
    Some((kind, key))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::audit::{Event, of_records};
    use crate::domain::{Marks, Points, SheetState};

    fn sheet(entry: &str, points: u32, version: u64) -> Sheet {
        Sheet {
            key: SheetKey::new("main", entry, "GK02"),
            marks: Marks::from_slots(vec![Some(Points::whole(points))]),
            state: SheetState::Draft,
            reopened: 0,
            version,
        }
    }

    /// An import of `sheets`, then SK01 scored 20 → 22.
    fn trail(sheets: &[Sheet]) -> Vec<(u64, AuditRecord)> {
        let import = Event {
            action: "import".into(),
            round: None,
            entry: None,
            subject: None,
            before: Value::Null,
            after: serde_json::json!({"digest": digest(sheets.iter(), std::iter::empty())}),
            reason: None,
        };
        let a = AuditRecord::new(1, "t", "-", None, import, "");
        let e = of_records(
            "score",
            &sheets[0].key,
            Some(&Record::Sheet(sheets[0].clone())),
            &Record::Sheet(sheet("SK01", 22, 2)),
            None,
        );
        let b = AuditRecord::new(2, "t", "GK02", None, e, &a.hash);
        vec![(1, a), (2, b)]
    }

    fn stored_now(sheets: &[Sheet]) -> BTreeMap<SheetKey, Sheet> {
        sheets.iter().map(|s| (s.key.clone(), s.clone())).collect()
    }

    #[test]
    fn the_digest_is_the_hash_databases_already_hold() {
        // Spelt out as the first digest was made, so a database imported
        // before keeps verifying; given out of order, as a map would sort.
        let (a, b) = (sheet("SK01", 20, 1), sheet("SK02", 1, 1));
        let mut text = String::new();
        for s in [&a, &b] {
            let value = recorded(&Record::Sheet(s.clone()));
            text.push_str(&format!("sheet\0main\0{}\0GK02\0{value}\n", s.key.entry));
        }
        let expected: String = Sha256::digest(text.as_bytes())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(digest([&a, &b].into_iter(), std::iter::empty()), expected);
        assert_eq!(digest([&b, &a].into_iter(), std::iter::empty()), expected);
    }

    #[test]
    fn sheets_as_the_trail_says_match() {
        let imported = [sheet("SK01", 20, 1), sheet("SK02", 1, 1)];
        let now = stored_now(&[sheet("SK01", 22, 2), sheet("SK02", 1, 1)]);
        assert_eq!(
            mismatches(&trail(&imported), &now, &BTreeMap::new()),
            vec![]
        );
    }

    #[test]
    fn a_changed_sheet_is_named_with_its_record() {
        let imported = [sheet("SK01", 20, 1), sheet("SK02", 1, 1)];
        let now = stored_now(&[sheet("SK01", 25, 2), sheet("SK02", 1, 1)]);
        assert_eq!(
            mismatches(&trail(&imported), &now, &BTreeMap::new()),
            vec![Mismatch::Differs {
                kind: Kind::Sheet,
                key: SheetKey::new("main", "SK01", "GK02"),
                seq: 2
            }]
        );
    }

    #[test]
    fn an_untouched_sheet_changed_or_added_breaks_the_import_digest() {
        let imported = [sheet("SK01", 20, 1), sheet("SK02", 1, 1)];
        let changed = stored_now(&[sheet("SK01", 22, 2), sheet("SK02", 25, 1)]);
        assert_eq!(
            mismatches(&trail(&imported), &changed, &BTreeMap::new()),
            vec![Mismatch::SinceBulk { seq: 1 }]
        );
        let added = stored_now(&[
            sheet("SK01", 22, 2),
            sheet("SK02", 1, 1),
            sheet("SK03", 9, 1),
        ]);
        assert_eq!(
            mismatches(&trail(&imported), &added, &BTreeMap::new()),
            vec![Mismatch::SinceBulk { seq: 1 }]
        );
    }
}
