//! `jury check`: read every stored value back and say what is wrong, and
//! where. Loading stops at the first damaged value; this goes on, so the
//! chair sees every problem at once.

use std::collections::HashSet;
use std::fmt::Display;
use std::sync::Arc;

use serde::de::DeserializeOwned;

use super::audit::{Head, read_record};
use super::read::{decode_note, parse_key};
use super::{SCHEMA_VERSION, Store, StoreError, codec, decode, keys};
use crate::domain::assignment::Assignment;
use crate::domain::audit::Break;
use crate::domain::audit_match::Mismatch;
use crate::domain::conflict::Conflict;
use crate::domain::contest::RubricNotice;
use crate::domain::rubric::PointsProblem;
use crate::domain::{AwardTier, ContestMeta, Criterion, Entry, Judge, Lang, Points, Round, Rules};
use crate::i18n::T;

/// What a check found, and how much it read.
#[derive(Debug, Default)]
pub struct Check {
    pub problems: Vec<Problem>,
    pub entries: usize,
    pub members: usize,
    pub sheets: usize,
    pub notes: usize,
    pub audit: usize,
}

impl Check {
    pub fn is_ok(&self) -> bool {
        self.problems.is_empty()
    }
}

/// One thing wrong: where (tree and key, as text) and what.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub at: String,
    pub what: What,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum What {
    /// sled could not read the tree; what follows in it was not checked.
    Unreadable {
        error: String,
    },
    BadKey,
    /// A JSON value that does not decode.
    BadValue {
        detail: String,
    },
    /// A sheet value that is not the binary layout.
    BadSheets,
    NoSchema,
    UnknownSchema {
        found: u32,
    },
    NoContest,
    UnknownRound {
        round: String,
    },
    UnknownEntry {
        entry: String,
    },
    UnknownJudge {
        judge: String,
    },
    /// A sheet with more or fewer points than the rubric has criteria.
    Slots {
        slots: usize,
        criteria: usize,
    },
    AboveMax {
        criterion: String,
        points: Points,
        max: Points,
    },
    OffStep {
        criterion: String,
        points: Points,
        step: Points,
    },
    /// Sheets of one entry are kept sorted by member, each once.
    SheetOrder {
        judge: String,
    },
    AuditBroken(Break),
    /// A sheet or note that is not what the audit trail says.
    NotInTrail(Mismatch),
}

impl Problem {
    /// `where: what`, in `lang`.
    pub fn describe(&self, lang: Lang) -> String {
        format!("{}: {}", self.at, self.what.describe(lang))
    }
}

impl What {
    pub fn describe(&self, lang: Lang) -> String {
        let t = |t: T, args: &[&dyn Display]| t.with(lang, args);
        match self {
            What::Unreadable { error } => t(T::CheckUnreadable, &[error]),
            What::BadKey => t(T::CheckBadKey, &[]),
            What::BadValue { detail } => t(T::CheckBadValue, &[detail]),
            What::BadSheets => t(T::CheckBadSheets, &[]),
            What::NoSchema => t(T::CheckNoSchema, &[]),
            What::UnknownSchema { found } => t(T::CheckUnknownSchema, &[found, &SCHEMA_VERSION]),
            What::NoContest => t(T::CheckNoContest, &[]),
            What::UnknownRound { round } => t(T::CheckUnknownRound, &[round]),
            What::UnknownEntry { entry } => t(T::CheckUnknownEntry, &[entry]),
            What::UnknownJudge { judge } => t(T::CheckUnknownJudge, &[judge]),
            What::Slots { slots, criteria } => t(T::CheckSlots, &[slots, criteria]),
            What::AboveMax {
                criterion,
                points,
                max,
            } => t(T::CheckAboveMax, &[criterion, points, max]),
            What::OffStep {
                criterion,
                points,
                step,
            } => t(T::CheckOffStep, &[criterion, points, step]),
            What::SheetOrder { judge } => t(T::CheckSheetOrder, &[judge]),
            What::AuditBroken(b) => {
                let why = match b {
                    Break::Altered { seq } => t(T::AuditAltered, &[seq]),
                    Break::Missing { from, to } => t(T::AuditMissing, &[from, to]),
                    Break::OutOfOrder { position, seq } => t(T::AuditOutOfOrder, &[seq, position]),
                    Break::Unlinked { seq } => t(T::AuditUnlinked, &[seq]),
                    Break::Truncated { last, expected } => t(T::AuditTruncated, &[last, expected]),
                };
                t(T::CheckAuditBroken, &[&why])
            }
            What::NotInTrail(m) => crate::i18n::mismatch(m, lang),
        }
    }
}

/// Where a value lives, as the check reports it: `tree › key`.
fn at(tree: &str, key: impl Display) -> String {
    format!("{tree} › {key}")
}

/// A key as text; control bytes (the separators) shown as `/`.
fn show_key(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes)
        .chars()
        .map(|c| if c.is_control() { '/' } else { c })
        .collect()
}

#[derive(Default)]
struct Found(Vec<Problem>);

impl Found {
    fn add(&mut self, at: String, what: What) {
        self.0.push(Problem { at, what });
    }

    /// `what` decoded, or a problem at `at`.
    fn value<T>(&mut self, at: String, r: Result<T, StoreError>) -> Option<T> {
        match r {
            Ok(v) => Some(v),
            Err(e) => {
                self.add(at, what_of(e));
                None
            }
        }
    }
}

fn what_of(e: StoreError) -> What {
    match e {
        StoreError::Corrupt { detail, .. } => What::BadValue { detail },
        other => What::Unreadable {
            error: other.to_string(),
        },
    }
}

/// The ids a sheet or note may name.
struct Known {
    rounds: HashSet<String>,
    entries: HashSet<String>,
    judges: HashSet<String>,
    criteria: Vec<Criterion>,
}

impl Known {
    /// Problems with the round, entry and member a key names.
    fn ids(&self, found: &mut Found, at: &str, round: &str, entry: &str, judge: Option<&str>) {
        if !self.rounds.contains(round) {
            let round = round.to_string();
            found.add(at.to_string(), What::UnknownRound { round });
        }
        if !self.entries.contains(entry) {
            let entry = entry.to_string();
            found.add(at.to_string(), What::UnknownEntry { entry });
        }
        if let Some(judge) = judge.filter(|j| !self.judges.contains(*j)) {
            let judge = judge.to_string();
            found.add(at.to_string(), What::UnknownJudge { judge });
        }
    }
}

impl Store {
    /// Reads everything back: every value decodes, the schema is known,
    /// sheets and notes name a known round, entry, member and criterion with
    /// points the rubric allows, and the audit chain holds.
    pub fn check(&self) -> Check {
        let mut found = Found::default();
        let mut check = Check::default();
        self.check_schema_version(&mut found);
        let known = self.check_definition(&mut found, &mut check);
        check.sheets = self.check_sheets(&mut found, &known);
        check.notes = self.check_notes(&mut found, &known);
        check.audit = self.check_audit(&mut found);
        check.problems = found.0;
        check
    }

    fn check_schema_version(&self, found: &mut Found) {
        let here = at("meta", "schema_version");
        match self.meta.get("schema_version") {
            Err(e) => found.add(here, what_of(e.into())),
            Ok(None) => found.add(here, What::NoSchema),
            Ok(Some(v)) => {
                if let Some(n) = found.value(here.clone(), decode::<u32>("meta", &v))
                    && n != SCHEMA_VERSION
                {
                    found.add(here, What::UnknownSchema { found: n });
                }
            }
        }
    }

    /// Decodes the contest's settings and lists; returns the ids they define.
    fn check_definition(&self, found: &mut Found, check: &mut Check) -> Known {
        fn meta<T: DeserializeOwned>(store: &Store, found: &mut Found, key: &str) -> Option<T> {
            found
                .value(at("meta", key), store.meta_value::<T>(key))
                .flatten()
        }
        match self.meta.get("contest") {
            Ok(None) => found.add(at("meta", "contest"), What::NoContest),
            _ => {
                meta::<ContestMeta>(self, found, "contest");
            }
        }
        meta::<Rules>(self, found, "rules");
        meta::<Vec<AwardTier>>(self, found, "awards");
        meta::<Vec<crate::domain::unit::Unit>>(self, found, "units");
        meta::<Vec<crate::domain::entry::FieldName>>(self, found, "fields");
        meta::<bool>(self, found, "published");
        meta::<Vec<Conflict>>(self, found, "conflicts");
        meta::<Vec<Assignment>>(self, found, "assignments");
        meta::<Option<RubricNotice>>(self, found, "rubric_unlock");
        meta::<Option<RubricNotice>>(self, found, "rubric_changed");
        meta::<Option<crate::domain::meeting::Meeting>>(self, found, "meeting");
        meta::<Vec<crate::domain::reminder::Reminder>>(self, found, "reminders");
        meta::<Head>(self, found, "audit_head");
        meta::<super::PacketBases>(self, found, "packet");
        // As `load` reads it: a contest that names no rounds has the one.
        let rounds =
            meta::<Vec<Round>>(self, found, "rounds").unwrap_or_else(|| vec![Round::single()]);
        let criteria = list::<Criterion>(found, "criteria", &self.criteria);
        let judges = list::<Judge>(found, "judges", &self.judges);
        let entries: Vec<Entry> = list::<Vec<Entry>>(found, "entries", &self.entries)
            .into_iter()
            .flatten()
            .collect();
        check.entries = entries.len();
        check.members = judges.len();
        Known {
            rounds: rounds.into_iter().map(|r| r.id).collect(),
            entries: entries.into_iter().map(|e| e.id).collect(),
            judges: judges.into_iter().map(|j| j.id).collect(),
            criteria,
        }
    }

    /// Checks every sheet value; returns how many sheets it holds.
    fn check_sheets(&self, found: &mut Found, known: &Known) -> usize {
        let mut count = 0;
        for item in self.sheets.iter() {
            let (k, v) = match item {
                Ok(kv) => kv,
                Err(e) => {
                    found.add(at("sheets", "…"), what_of(e.into()));
                    break;
                }
            };
            let here = at("sheets", show_key(&k));
            let Some((round, entry)) = keys::parse_entry_key(&k) else {
                found.add(here, What::BadKey);
                continue;
            };
            known.ids(found, &here, round, entry, None);
            let (round, entry): (Arc<str>, Arc<str>) = (round.into(), entry.into());
            let Some(sheets) = codec::decode(&round, &entry, &v, &mut |id| Arc::from(id)) else {
                found.add(here, What::BadSheets);
                continue;
            };
            count += sheets.len();
            let mut previous: Option<&str> = None;
            for s in &sheets {
                let here = at("sheets", format!("{round}/{entry}/{}", s.key.judge));
                if previous.is_some_and(|p| p >= &*s.key.judge) {
                    let judge = s.key.judge.to_string();
                    found.add(here.clone(), What::SheetOrder { judge });
                }
                previous = Some(&*s.key.judge);
                if !known.judges.contains(&*s.key.judge) {
                    let judge = s.key.judge.to_string();
                    found.add(here.clone(), What::UnknownJudge { judge });
                }
                let slots = s.marks.slots();
                if slots.len() != known.criteria.len() {
                    let (slots, criteria) = (slots.len(), known.criteria.len());
                    found.add(here.clone(), What::Slots { slots, criteria });
                }
                for (c, p) in known.criteria.iter().zip(slots) {
                    let Some(points) = *p else { continue };
                    let criterion = c.id.clone();
                    match c.check(points) {
                        Ok(()) => {}
                        Err(PointsProblem::AboveMax { max }) => found.add(
                            here.clone(),
                            What::AboveMax {
                                criterion,
                                points,
                                max,
                            },
                        ),
                        Err(PointsProblem::OffStep { step }) => found.add(
                            here.clone(),
                            What::OffStep {
                                criterion,
                                points,
                                step,
                            },
                        ),
                    }
                }
            }
        }
        count
    }

    fn check_notes(&self, found: &mut Found, known: &Known) -> usize {
        let mut count = 0;
        for item in self.notes.iter() {
            let (k, v) = match item {
                Ok(kv) => kv,
                Err(e) => {
                    found.add(at("notes", "…"), what_of(e.into()));
                    break;
                }
            };
            let here = at("notes", show_key(&k));
            let Some(key) = found.value(here.clone(), parse_key("notes", &k)) else {
                continue;
            };
            known.ids(found, &here, &key.round, &key.entry, Some(&key.judge));
            if found.value(here, decode_note(&key, &v)).is_some() {
                count += 1;
            }
        }
        count
    }

    /// Every record decodes, then the chain verifies (as `jury audit verify`).
    fn check_audit(&self, found: &mut Found) -> usize {
        let mut count = 0;
        let mut damaged = false;
        for item in self.audit.iter() {
            let (k, v) = match item {
                Ok(kv) => kv,
                Err(e) => {
                    found.add(at("audit", "…"), what_of(e.into()));
                    return count;
                }
            };
            let here = match <[u8; 8]>::try_from(k.as_ref()) {
                Ok(n) => at("audit", u64::from_be_bytes(n)),
                Err(_) => at("audit", show_key(&k)),
            };
            match read_record(&k, &v) {
                Ok(_) => count += 1,
                Err(e) => {
                    damaged = true;
                    found.add(here, what_of(e));
                }
            }
        }
        // A record that cannot be read was already named; the chain would only repeat it.
        if !damaged {
            match self.verify_audit() {
                // Sheets that cannot be read were named; the others are compared.
                Ok(Ok(_)) => {
                    for m in self.audit_mismatches().unwrap_or_default() {
                        found.add(at("audit", "…"), What::NotInTrail(m));
                    }
                }
                Ok(Err(b)) => found.add(at("audit", "…"), What::AuditBroken(b)),
                Err(e) => found.add(at("audit", "…"), what_of(e)),
            }
        }
        count
    }
}

/// A list tree (criteria, members, chunks of entries): keys are positions, values JSON.
fn list<T: DeserializeOwned>(found: &mut Found, name: &'static str, tree: &sled::Tree) -> Vec<T> {
    let mut out = Vec::new();
    for item in tree.iter() {
        let (k, v) = match item {
            Ok(kv) => kv,
            Err(e) => {
                found.add(at(name, "…"), what_of(e.into()));
                break;
            }
        };
        let here = match <[u8; 4]>::try_from(k.as_ref()) {
            Ok(n) => at(name, u32::from_be_bytes(n)),
            Err(_) => {
                found.add(at(name, show_key(&k)), What::BadKey);
                continue;
            }
        };
        if let Some(v) = found.value(here, decode::<T>(name, &v)) {
            out.push(v);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Marks, Sheet, SheetKey, SheetState};

    fn store_with_small() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("db")).unwrap();
        let small = include_str!("../../tests/fixtures/small-contest.json");
        let contest = crate::contest_file::read_bytes("small.json", small.as_bytes()).unwrap();
        store.replace_contest(&contest).unwrap();
        (dir, store)
    }

    fn whats(check: &Check) -> Vec<&What> {
        check.problems.iter().map(|p| &p.what).collect()
    }

    #[test]
    fn an_imported_contest_checks_clean() {
        let (_dir, store) = store_with_small();
        let check = store.check();
        assert!(check.is_ok(), "{:?}", check.problems);
        assert_eq!((check.entries, check.members), (4, 3));
        assert!(check.sheets > 0 && check.notes > 0 && check.audit == 1);
    }

    #[test]
    fn bad_points_unknown_ids_and_disorder_are_named_with_their_place() {
        let (_dir, store) = store_with_small();
        let sheet = |judge: &str, slots: Vec<Option<Points>>| Sheet {
            key: SheetKey::new("main", "SK01", judge),
            marks: Marks::from_slots(slots),
            state: SheetState::Draft,
            reopened: 0,
            version: 1,
        };
        let four = |first: u32| {
            vec![
                Some(Points::from_hundredths(first)),
                None,
                None,
                Some(Points::whole(1)),
            ]
        };
        let value = codec::encode(&[
            // Novelty's max is 25 and its step 1.
            sheet("GK02", four(2600)),
            sheet("GK03", four(1250)),
            sheet("GK03", four(0)),
            sheet("GK99", vec![None]),
        ]);
        store
            .sheets
            .insert(keys::entry_key("main", "SK01"), value)
            .unwrap();
        store
            .sheets
            .insert(
                keys::entry_key("final", "SK77"),
                codec::encode(&[] as &[Sheet]),
            )
            .unwrap();
        let check = store.check();
        let w = whats(&check);
        assert!(w.contains(&&What::AboveMax {
            criterion: "novelty".into(),
            points: Points::whole(26),
            max: Points::whole(25)
        }));
        assert!(w.contains(&&What::OffStep {
            criterion: "novelty".into(),
            points: Points::from_hundredths(1250),
            step: Points::whole(1)
        }));
        assert!(w.contains(&&What::SheetOrder {
            judge: "GK03".into()
        }));
        assert!(w.contains(&&What::UnknownJudge {
            judge: "GK99".into()
        }));
        assert!(w.contains(&&What::Slots {
            slots: 1,
            criteria: 4
        }));
        assert!(w.contains(&&What::UnknownRound {
            round: "final".into()
        }));
        assert!(w.contains(&&What::UnknownEntry {
            entry: "SK77".into()
        }));
        let above = check
            .problems
            .iter()
            .find(|p| matches!(p.what, What::AboveMax { .. }))
            .unwrap();
        assert_eq!(above.at, "sheets › main/SK01/GK02");
        assert!(
            above.describe(Lang::En).contains("26"),
            "{}",
            above.describe(Lang::En)
        );
    }

    #[test]
    fn junk_values_a_missing_schema_and_an_edited_trail_are_named() {
        let (_dir, store) = store_with_small();
        store.meta.remove("schema_version").unwrap();
        store
            .notes
            .insert(
                keys::sheet_key(&SheetKey::new("main", "SK01", "GK02")),
                &b"\xff{"[..],
            )
            .unwrap();
        store.judges.insert(keys::position(1), &b"[]"[..]).unwrap();
        let (k, v) = store.audit.first().unwrap().unwrap();
        let edited = String::from_utf8(v.to_vec())
            .unwrap()
            .replace("import", "imp0rt");
        store.audit.insert(k, edited.as_bytes()).unwrap();
        let check = store.check();
        let at: Vec<&str> = check.problems.iter().map(|p| p.at.as_str()).collect();
        assert!(at.contains(&"meta › schema_version"), "{at:?}");
        assert!(at.contains(&"notes › main/SK01/GK02"), "{at:?}");
        assert!(at.contains(&"judges › 1"), "{at:?}");
        assert!(whats(&check).contains(&&What::AuditBroken(Break::Altered { seq: 1 })));
        for p in &check.problems {
            assert!(!p.describe(Lang::Vi).is_empty());
        }
    }
}
