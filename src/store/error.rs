//! What can go wrong with the database, in words a council member can act on.

use std::fmt;
use std::path::PathBuf;

use crate::domain::ChangeError;

#[derive(Debug)]
pub enum StoreError {
    /// Another process holds sled's exclusive lock.
    Locked { path: PathBuf },
    /// Written by a newer jury whose layout this one cannot read.
    NewerSchema { path: PathBuf, found: u32 },
    /// `--db` names something that is not a folder (a file, a device).
    NotAFolder { path: PathBuf },
    /// The system refused access to the database folder or a folder above it.
    NoAccess { path: PathBuf, error: String },
    /// The database exists but holds no contest yet.
    Empty { path: PathBuf },
    /// A stored value that cannot be read back.
    Corrupt { tree: &'static str, detail: String },
    /// The change itself was refused; nothing was written.
    Refused(ChangeError),
    Io {
        doing: Doing,
        /// The file or folder it was done to (empty when none).
        path: PathBuf,
        error: String,
        /// The system's kind of error, worded by the catalog when known.
        kind: Option<std::io::ErrorKind>,
    },
}

/// What jury was doing when the system failed it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Doing {
    OpenDatabase,
    MakePrivate,
    Save,
    CreateFolder,
    CreateDatabase,
    Encode,
    Randomness,
    /// Reading or writing inside the database.
    Database,
    /// The server has no authorized_keys file to keep.
    NoKeyFile,
    KeyNotAdded,
    KeyStillListed,
    ServerSave,
}

impl Doing {
    fn english(self) -> &'static str {
        match self {
            Doing::OpenDatabase => "cannot open the database",
            Doing::MakePrivate => "cannot make private",
            Doing::Save => "cannot save to",
            Doing::CreateFolder => "cannot create the folder",
            Doing::CreateDatabase => "cannot create the database folder",
            Doing::Encode => "cannot encode a record",
            Doing::Randomness => "cannot read randomness for the packet token",
            Doing::Database => "database",
            Doing::NoKeyFile => "this server manages no authorized_keys file",
            Doing::KeyNotAdded => "the key was not added",
            Doing::KeyStillListed => {
                "the key is off the council and refused from now on, but authorized_keys still lists it"
            }
            Doing::ServerSave => "the server could not save",
        }
    }
}

impl StoreError {
    /// The system failed jury `doing` something to `path`.
    pub fn io(doing: Doing, path: &std::path::Path, error: &std::io::Error) -> StoreError {
        StoreError::Io {
            doing,
            path: path.to_path_buf(),
            error: error.to_string(),
            kind: Some(error.kind()),
        }
    }

    /// `doing` failed for a reason jury words itself (in English).
    pub fn failed(doing: Doing, error: impl Into<String>) -> StoreError {
        StoreError::Io {
            doing,
            path: PathBuf::new(),
            error: error.into(),
            kind: None,
        }
    }

    /// sled failed jury `doing` something to `path`.
    pub fn sled(doing: Doing, path: &std::path::Path, error: &sled::Error) -> StoreError {
        match error {
            sled::Error::Io(e) => StoreError::io(doing, path, e),
            other => StoreError::Io {
                doing,
                path: path.to_path_buf(),
                error: other.to_string(),
                kind: None,
            },
        }
    }
}

impl From<sled::Error> for StoreError {
    fn from(e: sled::Error) -> StoreError {
        StoreError::sled(Doing::Database, std::path::Path::new(""), &e)
    }
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StoreError::Locked { path } => write!(
                f,
                "the database {} is open in another jury process, and only one process can open it.\n\
                 Close the other jury, or share the database: run `jury serve --db {}` once and let \
                 every member connect to it.",
                path.display(),
                path.display()
            ),
            StoreError::NewerSchema { path, found } => write!(
                f,
                "the database {} was written by a newer jury (schema {found}; this one reads schema {}). \
                 Update jury to open it.",
                path.display(),
                super::SCHEMA_VERSION
            ),
            StoreError::Empty { path } => write!(
                f,
                "the database {} holds no contest yet; load one with `jury --db {} import FILE`",
                path.display(),
                path.display()
            ),
            StoreError::Corrupt { tree, detail } => write!(
                f,
                "the database has a damaged record in \"{tree}\": {detail}. Export what can be read with \
                 `jury export`, then import it into a new database."
            ),
            StoreError::NotAFolder { path } => write!(
                f,
                "{} is a file, not a database folder: give --db a folder (a new one is made for you)",
                path.display()
            ),
            StoreError::NoAccess { path, error } => write!(
                f,
                "jury may not open the database folder {} ({error}): ask its owner for access, or give --db a folder of your own",
                path.display()
            ),
            StoreError::Refused(e) => write!(f, "{e}"),
            StoreError::Io {
                doing, path, error, ..
            } => {
                if path.as_os_str().is_empty() {
                    write!(f, "{}: {error}", doing.english())
                } else {
                    write!(f, "{} {}: {error}", doing.english(), path.display())
                }
            }
        }
    }
}

impl std::error::Error for StoreError {}
