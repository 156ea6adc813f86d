//! Reading the whole contest back, and the records as they are stored.

use std::borrow::Cow;
use std::collections::BTreeMap;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use super::{Store, StoreError, codec, decode, encode, keys};
use crate::domain::assignment::Assignments;
use crate::domain::conflict::Conflict;
use crate::domain::{
    AwardTier, Contest, ContestMeta, Criterion, Entry, Judge, Marks, Note, Round, Rubric, Rules,
    Sheet, SheetKey, SheetState,
};

/// Sheets and notes read apart from the definition they belong to.
pub struct OwnSheets {
    pub(super) sheets: BTreeMap<SheetKey, Sheet>,
    pub(super) notes: BTreeMap<SheetKey, Note>,
}

impl OwnSheets {
    /// Puts them into `contest`, a definition without sheets or notes.
    pub fn put_into(self, contest: &mut Contest) {
        contest.sheets = self.sheets;
        contest.notes = self.notes;
    }
}

/// How a sheet was kept in schema 1 (one JSON value per sheet); read only to migrate.
#[derive(Serialize, Deserialize)]
pub(super) struct StoredSheet {
    pub marks: Marks,
    pub state: SheetState,
    #[serde(default)]
    pub reopened: u32,
    pub version: u64,
}

/// An assignment as stored, read without a string of its own per id.
#[derive(Deserialize)]
struct StoredAssignment<'a> {
    #[serde(borrow)]
    round: Option<Cow<'a, str>>,
    #[serde(borrow)]
    entry: Cow<'a, str>,
    #[serde(borrow)]
    judge: Cow<'a, str>,
}

#[derive(Serialize, Deserialize)]
pub(super) struct StoredNote {
    pub text: String,
    pub version: u64,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub remarks: BTreeMap<String, String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub annotations: Vec<crate::domain::Annotation>,
}

impl Store {
    /// Reads the whole contest, with every sheet and note.
    pub fn load(&self) -> Result<Contest, StoreError> {
        self.load_sheets_of(None)
    }

    /// The contest with only `judge`'s sheets and notes: what a member's
    /// screens start with, whatever the size of the contest.
    pub fn load_member(&self, judge: &str) -> Result<Contest, StoreError> {
        self.load_sheets_of(Some(judge))
    }

    /// The contest without any sheet or note.
    pub fn load_definition(&self) -> Result<Contest, StoreError> {
        let Some(meta) = self.meta.get("contest")? else {
            return Err(StoreError::Empty {
                path: self.path.clone(),
            });
        };
        let mut contest = Contest::default();
        contest.meta = decode::<ContestMeta>("meta", &meta)?;
        contest.rules = self.meta_value::<Rules>("rules")?.unwrap_or_default();
        contest.awards = self
            .meta_value::<Vec<AwardTier>>("awards")?
            .unwrap_or_default();
        contest.units = self.meta_value("units")?.unwrap_or_default();
        contest.fields = self.meta_value("fields")?.unwrap_or_default();
        contest.rounds = self
            .meta_value::<Vec<Round>>("rounds")?
            .unwrap_or_else(|| vec![Round::single()]);
        contest.published = self.meta_value::<bool>("published")?.unwrap_or(false);
        contest.conflicts = self
            .meta_value::<Vec<Conflict>>("conflicts")?
            .unwrap_or_default();
        contest.rubric_unlock = self.meta_value("rubric_unlock")?.flatten();
        contest.rubric_changed = self.meta_value("rubric_changed")?.flatten();
        contest.meeting = self.meta_value("meeting")?.flatten();
        contest.reminders = self.meta_value("reminders")?.unwrap_or_default();
        contest.rubric = Rubric::new(list::<Criterion>("criteria", &self.criteria)?);
        contest.judges = list::<Judge>("judges", &self.judges)?;
        contest.entries = self.load_entries()?;
        let mut assignments = Assignments::default();
        if let Some(stored) = self.meta.get("assignments")? {
            let list: Vec<StoredAssignment> =
                serde_json::from_slice(&stored).map_err(|e| StoreError::Corrupt {
                    tree: "meta",
                    detail: e.to_string(),
                })?;
            let mut ids = keys::Interner::default();
            let current = contest.current_round().to_string();
            for a in &list {
                let round = a.round.as_deref().unwrap_or(&current);
                assignments.add_shared(round, ids.id(&a.entry), ids.id(&a.judge));
            }
        }
        contest.assignments = assignments;
        contest.reindex();
        Ok(contest)
    }

    /// Every entry, in contest order, from their chunks: half of them
    /// decoded on another core, since decoding is most of the time.
    pub fn load_entries(&self) -> Result<Vec<Entry>, StoreError> {
        let chunks: Vec<sled::IVec> = self.entries.iter().values().collect::<Result<_, _>>()?;
        let decode_all = |chunks: &[sled::IVec]| -> Result<Vec<Entry>, StoreError> {
            let mut entries = Vec::new();
            for v in chunks {
                entries.extend(decode::<Vec<Entry>>("entries", v)?);
            }
            Ok(entries)
        };
        let (first, second) = chunks.split_at(chunks.len() / 2);
        std::thread::scope(|s| {
            let later = s.spawn(|| decode_all(second));
            let mut entries = decode_all(first)?;
            let later = later.join().map_err(|_| {
                StoreError::failed(super::Doing::Database, "decoding the entries stopped")
            })?;
            entries.extend(later?);
            Ok(entries)
        })
    }

    /// The council alone, to choose the member before the rest is read.
    pub fn load_judges(&self) -> Result<Vec<Judge>, StoreError> {
        list::<Judge>("judges", &self.judges)
    }

    /// `judge`'s own sheets and notes without the definition, so that the
    /// app can read them while another thread reads the definition.
    pub fn load_own_sheets(&self, judge: &str) -> Result<OwnSheets, StoreError> {
        self.sheets_of(Some(judge))
    }

    fn load_sheets_of(&self, only: Option<&str>) -> Result<Contest, StoreError> {
        let mut contest = self.load_definition()?;
        self.sheets_of(only)?.put_into(&mut contest);
        Ok(contest)
    }

    pub(super) fn sheets_of(&self, only: Option<&str>) -> Result<OwnSheets, StoreError> {
        let mut ids = keys::Interner::default();
        let only_id = only.map(|j| ids.id(j));
        // Member ids repeat in every entry's value: a short list beats hashing each.
        let mut members: Vec<std::sync::Arc<str>> = Vec::new();
        let mut member =
            |id: &str, ids: &mut keys::Interner| match members.iter().find(|m| &***m == id) {
                Some(m) => m.clone(),
                None => {
                    let m = ids.id(id);
                    members.push(m.clone());
                    m
                }
            };
        // Sled gives the values in key order, which is the map's order: build it in bulk.
        let mut all = Vec::new();
        for item in self.sheets.iter() {
            let (k, v) = item?;
            let (round, entry) = keys::parse_entry_key(&k).ok_or_else(|| StoreError::Corrupt {
                tree: "sheets",
                detail: format!(
                    "a key that is not round/entry: {:?}",
                    String::from_utf8_lossy(&k)
                ),
            })?;
            let (round, entry) = (ids.id(round), ids.id(entry));
            let damaged = || StoreError::Corrupt {
                tree: "sheets",
                detail: format!("the sheets of {entry} in round {round} cannot be read"),
            };
            match &only_id {
                Some(judge) => {
                    if let Some(s) =
                        codec::decode_one(&round, &entry, &v, judge).ok_or_else(damaged)?
                    {
                        all.push((s.key.clone(), s));
                    }
                }
                None => {
                    let sheets = codec::decode(&round, &entry, &v, &mut |id| member(id, &mut ids))
                        .ok_or_else(damaged)?;
                    all.extend(sheets.into_iter().map(|s| (s.key.clone(), s)));
                }
            }
        }
        let sheets = all.into_iter().collect();
        let mut notes = BTreeMap::new();
        for item in self.notes.iter() {
            let (k, v) = item?;
            let key = ids.intern(parse_key("notes", &k)?);
            if only.is_some_and(|j| *key.judge != *j) {
                continue;
            }
            notes.insert(key.clone(), decode_note(&key, &v)?);
        }
        Ok(OwnSheets { sheets, notes })
    }

    pub(super) fn meta_value<T: DeserializeOwned>(
        &self,
        key: &str,
    ) -> Result<Option<T>, StoreError> {
        self.meta.get(key)?.map(|v| decode("meta", &v)).transpose()
    }
}

pub(super) fn parse_key(tree: &'static str, bytes: &[u8]) -> Result<SheetKey, StoreError> {
    keys::parse_sheet_key(bytes).ok_or_else(|| StoreError::Corrupt {
        tree,
        detail: format!(
            "a key that is not round/entry/member: {:?}",
            String::from_utf8_lossy(bytes)
        ),
    })
}

fn list<T: DeserializeOwned>(name: &'static str, tree: &sled::Tree) -> Result<Vec<T>, StoreError> {
    tree.iter().values().map(|v| decode(name, &v?)).collect()
}

pub(super) fn encode_note(n: &Note) -> Result<Vec<u8>, StoreError> {
    encode(&StoredNote {
        text: n.text.clone(),
        version: n.version,
        remarks: n.remarks.clone(),
        annotations: n.annotations.clone(),
    })
}

pub(super) fn decode_note(key: &SheetKey, bytes: &[u8]) -> Result<Note, StoreError> {
    let n: StoredNote = decode("notes", bytes)?;
    Ok(Note {
        key: key.clone(),
        text: n.text,
        version: n.version,
        remarks: n.remarks,
        annotations: n.annotations,
    })
}
