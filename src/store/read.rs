//! Reading the whole contest back, and the records as they are stored.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use super::{Store, StoreError, decode, encode, keys};
use crate::domain::assignment::{Assignment, Assignments};
use crate::domain::change::{Record, Target};
use crate::domain::conflict::Conflict;
use crate::domain::{
    AwardTier, Contest, ContestMeta, Criterion, Entry, Judge, Marks, Note, Round, Rubric, Rules,
    Sheet, SheetKey, SheetState,
};

/// How a sheet is kept: the key holds round, entry and member.
#[derive(Serialize, Deserialize)]
pub(super) struct StoredSheet {
    pub marks: Marks,
    pub state: SheetState,
    #[serde(default)]
    pub reopened: u32,
    pub version: u64,
}

#[derive(Serialize, Deserialize)]
pub(super) struct StoredNote {
    pub text: String,
    pub version: u64,
}

impl Store {
    /// Reads the whole contest, with every sheet and note.
    pub fn load(&self) -> Result<Contest, StoreError> {
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
        contest.rounds = self
            .meta_value::<Vec<Round>>("rounds")?
            .unwrap_or_else(|| vec![Round::single()]);
        contest.published = self.meta_value::<bool>("published")?.unwrap_or(false);
        contest.conflicts = self
            .meta_value::<Vec<Conflict>>("conflicts")?
            .unwrap_or_default();
        contest.rubric_unlock = self.meta_value("rubric_unlock")?.flatten();
        contest.rubric_changed = self.meta_value("rubric_changed")?.flatten();
        contest.rubric = Rubric::new(list::<Criterion>("criteria", &self.criteria)?);
        contest.judges = list::<Judge>("judges", &self.judges)?;
        contest.entries = list::<Entry>("entries", &self.entries)?;
        let mut assignments = Assignments::default();
        for a in self
            .meta_value::<Vec<Assignment>>("assignments")?
            .unwrap_or_default()
        {
            let round = a
                .round
                .as_deref()
                .unwrap_or(contest.current_round())
                .to_string();
            assignments.add(&round, &a.entry, &a.judge);
        }
        contest.assignments = assignments;
        contest.reindex();
        let mut ids = keys::Interner::default();
        for item in self.sheets.iter() {
            let (k, v) = item?;
            let key = ids.intern(parse_key("sheets", &k)?);
            if let Record::Sheet(s) = decode_record(Target::Sheet, &key, &v)? {
                contest.put_sheet(s);
            }
        }
        for item in self.notes.iter() {
            let (k, v) = item?;
            let key = ids.intern(parse_key("notes", &k)?);
            if let Record::Note(n) = decode_record(Target::Note, &key, &v)? {
                contest.put_note(n);
            }
        }
        Ok(contest)
    }

    pub(super) fn meta_value<T: DeserializeOwned>(
        &self,
        key: &str,
    ) -> Result<Option<T>, StoreError> {
        self.meta.get(key)?.map(|v| decode("meta", &v)).transpose()
    }
}

fn parse_key(tree: &'static str, bytes: &[u8]) -> Result<SheetKey, StoreError> {
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

pub(super) fn encode_record(record: &Record) -> Result<Vec<u8>, StoreError> {
    match record {
        Record::Sheet(s) => encode(&StoredSheet {
            marks: s.marks.clone(),
            state: s.state,
            reopened: s.reopened,
            version: s.version,
        }),
        Record::Note(n) => encode(&StoredNote {
            text: n.text.clone(),
            version: n.version,
        }),
    }
}

pub(super) fn decode_record(
    target: Target,
    key: &SheetKey,
    bytes: &[u8],
) -> Result<Record, StoreError> {
    Ok(match target {
        Target::Sheet => {
            let s: StoredSheet = decode("sheets", bytes)?;
            Record::Sheet(Sheet {
                key: key.clone(),
                marks: s.marks,
                state: s.state,
                reopened: s.reopened,
                version: s.version,
            })
        }
        Target::Note => {
            let n: StoredNote = decode("notes", bytes)?;
            Record::Note(Note {
                key: key.clone(),
                text: n.text,
                version: n.version,
            })
        }
    })
}
