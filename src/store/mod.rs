//! The one place that reads and writes sled.
//!
//! A write is reported as saved only after `flush()` returned: sled's flush
//! writes through to the file system, so a saved change survives the process
//! being killed (it does not fsync, so power loss is not covered).

mod error;
mod keys;
mod packet;
mod remote;
mod storage;

use std::fs;
use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use sled::Transactional;
use sled::transaction::{ConflictableTransactionError, TransactionError, TransactionalTree};

pub use error::StoreError;
pub use packet::{MergeConflict, MergeReport, PacketBases};
pub use remote::Remote;
pub use storage::{Local, Storage, Update};

use crate::domain::change::{self, Record, Target};
use crate::domain::{
    AwardTier, Change, Contest, ContestMeta, CouncilChange, Criterion, Entry, Judge, Marks, Note,
    Round, Rubric, Rules, Sheet, SheetKey, SheetState,
};

/// The layout of the trees below; bump it and add a migration when it changes.
pub const SCHEMA_VERSION: u32 = 1;

/// sled's default cache is 1 GB; a contest needs far less.
const CACHE_BYTES: u64 = 64 * 1024 * 1024;

/// How a sheet is kept: the key holds round, entry and member.
#[derive(Serialize, Deserialize)]
struct StoredSheet {
    marks: Marks,
    state: SheetState,
    #[serde(default)]
    reopened: u32,
    version: u64,
}

#[derive(Serialize, Deserialize)]
struct StoredNote {
    text: String,
    version: u64,
}

pub struct Store {
    path: PathBuf,
    db: sled::Db,
    meta: sled::Tree,
    criteria: sled::Tree,
    judges: sled::Tree,
    entries: sled::Tree,
    sheets: sled::Tree,
    notes: sled::Tree,
}

impl Store {
    /// Opens (or creates, owner-only) the database folder at `path`.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        create_private_dir(path)?;
        let db = sled::Config::new()
            .path(path)
            .cache_capacity(CACHE_BYTES)
            .open()
            .map_err(|e| match &e {
                sled::Error::Io(io) if io.to_string().contains("could not acquire lock") => {
                    StoreError::Locked {
                        path: path.to_path_buf(),
                    }
                }
                _ => StoreError::io(format!("cannot open the database {}", path.display()), e),
            })?;
        let tree = |name: &str| db.open_tree(name);
        let store = Store {
            path: path.to_path_buf(),
            meta: tree("meta")?,
            criteria: tree("criteria")?,
            judges: tree("judges")?,
            entries: tree("entries")?,
            sheets: tree("sheets")?,
            notes: tree("notes")?,
            db,
        };
        store.check_schema()?;
        Ok(store)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn check_schema(&self) -> Result<(), StoreError> {
        match self.meta.get("schema_version")? {
            None => Ok(()),
            Some(v) => {
                let found: u32 = decode("meta", &v)?;
                if found > SCHEMA_VERSION {
                    Err(StoreError::NewerSchema {
                        path: self.path.clone(),
                        found,
                    })
                } else {
                    Ok(())
                }
            }
        }
    }

    /// Whether a contest has been loaded into this database.
    pub fn has_contest(&self) -> Result<bool, StoreError> {
        Ok(self.meta.contains_key("contest")?)
    }

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
        contest.rubric = Rubric::new(list::<Criterion>("criteria", &self.criteria)?);
        contest.judges = list::<Judge>("judges", &self.judges)?;
        contest.entries = list::<Entry>("entries", &self.entries)?;
        contest.reindex();
        let mut ids = keys::Interner::default();
        for item in self.sheets.iter() {
            let (k, v) = item?;
            let key = ids.intern(parse_key("sheets", &k)?);
            let s: StoredSheet = decode("sheets", &v)?;
            contest.put_sheet(Sheet {
                key,
                marks: s.marks,
                state: s.state,
                reopened: s.reopened,
                version: s.version,
            });
        }
        for item in self.notes.iter() {
            let (k, v) = item?;
            let key = ids.intern(parse_key("notes", &k)?);
            let n: StoredNote = decode("notes", &v)?;
            contest.put_note(Note {
                key,
                text: n.text,
                version: n.version,
            });
        }
        Ok(contest)
    }

    fn meta_value<T: DeserializeOwned>(&self, key: &str) -> Result<Option<T>, StoreError> {
        self.meta.get(key)?.map(|v| decode("meta", &v)).transpose()
    }

    /// Replaces everything with `contest`, in one transaction, then flushes.
    pub fn replace_contest(&self, contest: &Contest) -> Result<(), StoreError> {
        self.replace_all(contest, None)
    }

    /// As `replace_contest`, recording a packet's versions (or clearing them).
    fn replace_all(&self, contest: &Contest, packet: Option<Vec<u8>>) -> Result<(), StoreError> {
        let trees = [
            &self.meta,
            &self.criteria,
            &self.judges,
            &self.entries,
            &self.sheets,
            &self.notes,
        ];
        // Keys to remove are read before the transaction: its closure may be retried and must not do I/O.
        let old_keys: Vec<Vec<sled::IVec>> = trees
            .iter()
            .map(|t| t.iter().keys().collect::<Result<Vec<_>, _>>())
            .collect::<Result<_, _>>()?;
        let writes = ContestWrites::new(contest)?;
        let result: Result<(), TransactionError<StoreError>> = trees[..].transaction(|t| {
            for (tree, keys) in t.iter().zip(&old_keys) {
                for k in keys {
                    tree.remove(k)?;
                }
            }
            writes.apply(t)?;
            if let Some(p) = &packet {
                t[0].insert("packet", p.as_slice())?;
            }
            Ok(())
        });
        result.map_err(unwrap_tx)?;
        self.flush()
    }

    /// Checks `change` by `actor` against the stored record and writes it; the
    /// returned record is on disk.
    pub fn apply(
        &self,
        contest: &Contest,
        actor: &Judge,
        change: &Change,
    ) -> Result<Record, StoreError> {
        let record = self.apply_unflushed(contest, actor, change)?;
        self.flush()?;
        Ok(record)
    }

    /// As `apply` but without the flush, for a caller that flushes once for a
    /// batch and acknowledges only after that.
    pub fn apply_unflushed(
        &self,
        contest: &Contest,
        actor: &Judge,
        change: &Change,
    ) -> Result<Record, StoreError> {
        let key = keys::sheet_key(change.key());
        let tree = match change.target() {
            Target::Sheet => &self.sheets,
            Target::Note => &self.notes,
        };
        let result: Result<Record, TransactionError<StoreError>> = tree.transaction(|t| {
            let current = match t.get(&key)? {
                None => None,
                Some(v) => Some(decode_record(change.target(), change.key(), &v).map_err(abort)?),
            };
            let next = change::apply(contest, actor, current.as_ref(), change)
                .map_err(|e| abort(StoreError::Refused(e)))?;
            t.insert(key.as_slice(), encode_record(&next).map_err(abort)?)?;
            Ok(next)
        });
        result.map_err(unwrap_tx)
    }

    /// Checks a chair's change to the contest and writes it (council and
    /// meta in one transaction), flushed; returns the contest definition as it now is.
    pub fn apply_council(
        &self,
        contest: &Contest,
        actor: &Judge,
        change: &CouncilChange,
    ) -> Result<Contest, StoreError> {
        let next = change::apply_council(contest, actor, change).map_err(StoreError::Refused)?;
        let judges: Vec<Vec<u8>> = next.judges.iter().map(encode).collect::<Result<_, _>>()?;
        let old: Vec<sled::IVec> = self.judges.iter().keys().collect::<Result<_, _>>()?;
        let published = encode(&next.published)?;
        let result: Result<(), TransactionError<StoreError>> = (&self.meta, &self.judges)
            .transaction(|(meta, tree)| {
                for k in &old {
                    tree.remove(k)?;
                }
                put_list(tree, &judges)?;
                meta.insert("published", published.as_slice())?;
                Ok(())
            });
        result.map_err(unwrap_tx)?;
        self.flush()?;
        Ok(next)
    }

    /// Makes every write so far durable against a crash of this process.
    pub fn flush(&self) -> Result<(), StoreError> {
        self.db
            .flush()
            .map_err(|e| StoreError::io(format!("cannot save to {}", self.path.display()), e))?;
        Ok(())
    }
}

/// Every key and value of a contest, encoded before the transaction starts.
struct ContestWrites {
    meta: Vec<(&'static str, Vec<u8>)>,
    criteria: Vec<Vec<u8>>,
    judges: Vec<Vec<u8>>,
    entries: Vec<Vec<u8>>,
    sheets: Vec<(Vec<u8>, Vec<u8>)>,
    notes: Vec<(Vec<u8>, Vec<u8>)>,
}

impl ContestWrites {
    fn new(c: &Contest) -> Result<ContestWrites, StoreError> {
        Ok(ContestWrites {
            meta: vec![
                ("schema_version", encode(&SCHEMA_VERSION)?),
                ("contest", encode(&c.meta)?),
                ("rules", encode(&c.rules)?),
                ("awards", encode(&c.awards)?),
                ("rounds", encode(&c.rounds)?),
                ("published", encode(&c.published)?),
            ],
            criteria: c
                .rubric
                .criteria
                .iter()
                .map(encode)
                .collect::<Result<_, _>>()?,
            judges: c.judges.iter().map(encode).collect::<Result<_, _>>()?,
            entries: c.entries.iter().map(encode).collect::<Result<_, _>>()?,
            sheets: c
                .sheets
                .values()
                .map(|s| {
                    Ok((
                        keys::sheet_key(&s.key),
                        encode_record(&Record::Sheet(s.clone()))?,
                    ))
                })
                .collect::<Result<_, StoreError>>()?,
            notes: c
                .notes
                .values()
                .map(|n| {
                    Ok((
                        keys::sheet_key(&n.key),
                        encode_record(&Record::Note(n.clone()))?,
                    ))
                })
                .collect::<Result<_, StoreError>>()?,
        })
    }

    fn apply(
        &self,
        t: &[TransactionalTree],
    ) -> Result<(), ConflictableTransactionError<StoreError>> {
        let [meta, criteria, judges, entries, sheets, notes] = t else {
            unreachable!("replace_contest passes the six trees");
        };
        for (k, v) in &self.meta {
            meta.insert(*k, v.as_slice())?;
        }
        put_list(criteria, &self.criteria)?;
        put_list(judges, &self.judges)?;
        put_list(entries, &self.entries)?;
        for (k, v) in &self.sheets {
            sheets.insert(k.as_slice(), v.as_slice())?;
        }
        for (k, v) in &self.notes {
            notes.insert(k.as_slice(), v.as_slice())?;
        }
        Ok(())
    }
}

fn put_list(
    tree: &TransactionalTree,
    values: &[Vec<u8>],
) -> Result<(), ConflictableTransactionError<StoreError>> {
    for (i, v) in values.iter().enumerate() {
        tree.insert(&keys::position(i), v.as_slice())?;
    }
    Ok(())
}

fn create_private_dir(path: &Path) -> Result<(), StoreError> {
    if path.is_dir() {
        return Ok(());
    }
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        fs::create_dir_all(parent).map_err(|e| {
            StoreError::io(format!("cannot create the folder {}", parent.display()), e)
        })?;
    }
    fs::DirBuilder::new()
        .mode(0o700)
        .create(path)
        .map_err(|e| {
            StoreError::io(
                format!("cannot create the database folder {}", path.display()),
                e,
            )
        })?;
    // The umask could only have narrowed 0700, but say it outright.
    fs::set_permissions(path, fs::Permissions::from_mode(0o700))
        .map_err(|e| StoreError::io(format!("cannot make {} private", path.display()), e))
}

fn encode<T: Serialize>(value: &T) -> Result<Vec<u8>, StoreError> {
    serde_json::to_vec(value).map_err(|e| StoreError::io("cannot encode a record", e))
}

fn decode<T: DeserializeOwned>(tree: &'static str, bytes: &[u8]) -> Result<T, StoreError> {
    serde_json::from_slice(bytes).map_err(|e| StoreError::Corrupt {
        tree,
        detail: e.to_string(),
    })
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

fn encode_record(record: &Record) -> Result<Vec<u8>, StoreError> {
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

fn decode_record(target: Target, key: &SheetKey, bytes: &[u8]) -> Result<Record, StoreError> {
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

fn abort(e: StoreError) -> ConflictableTransactionError<StoreError> {
    ConflictableTransactionError::Abort(e)
}

fn unwrap_tx(e: TransactionError<StoreError>) -> StoreError {
    match e {
        TransactionError::Abort(e) => e,
        TransactionError::Storage(e) => StoreError::io("database", e),
    }
}
