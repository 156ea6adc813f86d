//! The one place that reads and writes sled.
//!
//! A write is reported as saved only after `flush()` returned: sled's flush
//! writes through to the file system, so a saved change survives the process
//! being killed (it does not fsync, so power loss is not covered). Every
//! change appends its audit record in the same transaction.

pub mod attachment;
mod audit;
mod check;
mod codec;
mod doorbell;
mod error;
mod grant;
mod keys;
mod marks;
mod migrate;
mod packet;
mod private;
mod read;
mod remote;
mod sheets;
mod ssh_keys;
mod storage;
mod write;

use std::fs;
use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
use std::path::{Path, PathBuf};

use serde::Serialize;
use serde::de::DeserializeOwned;
use sled::transaction::{ConflictableTransactionError, TransactionError};

pub use audit::Who;
pub use check::{Check, Problem, What};
pub use doorbell::{Doorbell, Ringer};
pub use error::{Doing, StoreError};
pub use grant::{Issued, PacketGrant, packet_id};
pub use marks::StoredMarks;
pub use packet::{MergeConflict, MergeReport, MergeWhy, PacketBases};
pub use private::Tightened;
pub use read::OwnSheets;
pub use remote::Remote;
pub use ssh_keys::{MemberKey, is_key_id};
pub use storage::{ATTACHMENT_CAP, ApplyError, AuditView, Local, Storage, Update};

/// The layout of the trees below; bump it and add a migration when it changes.
/// 2: sheets kept per (round, entry) in a binary layout.
/// 3: entries kept in chunks of `ENTRY_CHUNK`, one JSON array per value.
pub const SCHEMA_VERSION: u32 = 3;

/// Entries per stored value: sled reads each value on its own, and ten
/// thousand small ones take several times as long as a few hundred large ones.
const ENTRY_CHUNK: usize = 64;

/// sled's default cache is 1 GB; a contest needs far less.
const CACHE_BYTES: u64 = 64 * 1024 * 1024;

pub struct Store {
    path: PathBuf,
    db: sled::Db,
    /// The contest's own settings, the audit head, a packet's versions.
    meta: sled::Tree,
    criteria: sled::Tree,
    judges: sled::Tree,
    entries: sled::Tree,
    sheets: sled::Tree,
    notes: sled::Tree,
    audit: sled::Tree,
    /// The OS login of this process, recorded with each change it makes.
    login: Option<String>,
    /// What was readable by others when it was opened, and is no longer.
    tightened: Vec<Tightened>,
}

/// How long a lock held by a database that is just closing is waited for.
const LOCK_GRACE: std::time::Duration = std::time::Duration::from_millis(500);

/// Opens sled's folder. sled lets go of its lock a moment after the last
/// handle is dropped (its flusher thread ends then), so a reopen right after
/// a close gets that moment before it is told another jury holds it.
fn open_sled(path: &Path) -> Result<sled::Db, StoreError> {
    let start = std::time::Instant::now();
    loop {
        match sled::Config::new()
            .path(path)
            .cache_capacity(CACHE_BYTES)
            .open()
        {
            Ok(db) => return Ok(db),
            Err(sled::Error::Io(io)) if io.to_string().contains("could not acquire lock") => {
                if start.elapsed() >= LOCK_GRACE {
                    return Err(StoreError::Locked {
                        path: path.to_path_buf(),
                    });
                }
                std::thread::sleep(std::time::Duration::from_millis(10));
            }
            Err(e) => {
                return Err(StoreError::sled(Doing::OpenDatabase, path, &e));
            }
        }
    }
}

impl Store {
    /// Opens (or creates, owner-only) the database folder at `path`.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        create_private_dir(path)?;
        let private = |path: &Path| {
            private::tighten(path).map_err(|e| StoreError::io(Doing::MakePrivate, path, &e))
        };
        // Before sled reads anything, then again for the files it made.
        let mut tightened = private(path)?;
        let db = open_sled(path)?;
        tightened.extend(private(path)?);
        let tree = |name: &str| db.open_tree(name);
        let store = Store {
            tightened,
            path: path.to_path_buf(),
            meta: tree("meta")?,
            criteria: tree("criteria")?,
            judges: tree("judges")?,
            entries: tree("entries")?,
            sheets: tree("sheets")?,
            notes: tree("notes")?,
            audit: tree("audit")?,
            login: crate::identity::current_login(),
            db,
        };
        store.check_schema()?;
        Ok(store)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The folder and files that others could read before this open.
    pub fn tightened(&self) -> &[Tightened] {
        &self.tightened
    }

    fn check_schema(&self) -> Result<(), StoreError> {
        match self.meta.get("schema_version")? {
            None => Ok(()),
            Some(v) => {
                let found: u32 = decode("meta", &v)?;
                match found {
                    f if f > SCHEMA_VERSION => Err(StoreError::NewerSchema {
                        path: self.path.clone(),
                        found,
                    }),
                    1 => {
                        self.migrate_from_1()?;
                        self.migrate_from_2()
                    }
                    2 => self.migrate_from_2(),
                    _ => Ok(()),
                }
            }
        }
    }

    /// Whether a contest has been loaded into this database.
    pub fn has_contest(&self) -> Result<bool, StoreError> {
        Ok(self.meta.contains_key("contest")?)
    }

    /// Makes every write so far durable against a crash of this process.
    pub fn flush(&self) -> Result<(), StoreError> {
        self.db
            .flush()
            .map_err(|e| StoreError::sled(Doing::Save, &self.path, &e))?;
        Ok(())
    }
}

fn create_private_dir(path: &Path) -> Result<(), StoreError> {
    match fs::metadata(path) {
        Ok(m) if m.is_dir() => return Ok(()),
        Ok(_) => {
            return Err(StoreError::NotAFolder {
                path: path.to_path_buf(),
            });
        }
        Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied => {
            return Err(StoreError::NoAccess {
                path: path.to_path_buf(),
                error: e.to_string(),
            });
        }
        Err(_) => {}
    }
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        // `--db notes.txt/db`: say which part is a file, not "already exists".
        if let Some(file) = parent
            .ancestors()
            .find(|a| fs::metadata(a).is_ok_and(|m| !m.is_dir()))
        {
            return Err(StoreError::NotAFolder {
                path: file.to_path_buf(),
            });
        }
        fs::create_dir_all(parent).map_err(|e| StoreError::io(Doing::CreateFolder, parent, &e))?;
    }
    fs::DirBuilder::new()
        .mode(0o700)
        .create(path)
        .map_err(|e| {
            if e.kind() == std::io::ErrorKind::PermissionDenied {
                return StoreError::NoAccess {
                    path: path.to_path_buf(),
                    error: e.to_string(),
                };
            }
            StoreError::io(Doing::CreateDatabase, path, &e)
        })?;
    // The umask could only have narrowed 0700, but say it outright.
    fs::set_permissions(path, fs::Permissions::from_mode(0o700))
        .map_err(|e| StoreError::io(Doing::MakePrivate, path, &e))
}

fn encode<T: Serialize>(value: &T) -> Result<Vec<u8>, StoreError> {
    serde_json::to_vec(value).map_err(|e| StoreError::Io {
        doing: Doing::Encode,
        path: std::path::PathBuf::new(),
        error: e.to_string(),
        kind: None,
    })
}

fn decode<T: DeserializeOwned>(tree: &'static str, bytes: &[u8]) -> Result<T, StoreError> {
    // Checking the whole value is UTF-8 at once is many times faster than
    // serde_json's check of each string, a third of reading the entries.
    let value = match simdutf8::basic::from_utf8(bytes) {
        Ok(text) => serde_json::from_str(text),
        // Not UTF-8: serde_json says where, as it always has.
        Err(_) => serde_json::from_slice(bytes),
    };
    value.map_err(|e| StoreError::Corrupt {
        tree,
        detail: e.to_string(),
    })
}

fn abort(e: StoreError) -> ConflictableTransactionError<StoreError> {
    ConflictableTransactionError::Abort(e)
}

fn unwrap_tx(e: TransactionError<StoreError>) -> StoreError {
    match e {
        TransactionError::Abort(e) => e,
        TransactionError::Storage(e) => e.into(),
    }
}

/// UTC now, as the audit trail writes it.
fn now() -> String {
    chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_that_is_not_utf8_is_refused_as_serde_json_words_it() {
        let bytes = b"{\"text\":\"c\xe1i\",\"version\":1}";
        let expected = serde_json::from_slice::<read::StoredNote>(bytes)
            .err()
            .map(|e| e.to_string());
        match decode::<read::StoredNote>("notes", bytes) {
            Err(StoreError::Corrupt { tree, detail }) => {
                assert_eq!(tree, "notes");
                assert_eq!(Some(detail), expected);
            }
            other => panic!("not refused as corrupt: {:?}", other.map(|n| n.text)),
        }
        let good: read::StoredNote = decode("notes", "{\"text\":\"cải\",\"version\":1}".as_bytes())
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(good.text, "cải");
    }
}
