//! What can go wrong with the database, in words a council member can act on.

use std::fmt;
use std::path::PathBuf;

use crate::domain::ChangeError;

#[derive(Debug)]
pub enum StoreError {
    /// Another process holds sled's exclusive lock.
    Locked {
        path: PathBuf,
    },
    /// Written by a newer jury whose layout this one cannot read.
    NewerSchema {
        path: PathBuf,
        found: u32,
    },
    /// `--db` names something that is not a folder (a file, a device).
    NotAFolder {
        path: PathBuf,
    },
    /// The system refused access to the database folder or a folder above it.
    NoAccess {
        path: PathBuf,
        error: String,
    },
    /// The database exists but holds no contest yet.
    Empty {
        path: PathBuf,
    },
    /// A stored value that cannot be read back.
    Corrupt {
        tree: &'static str,
        detail: String,
    },
    /// The change itself was refused; nothing was written.
    Refused(ChangeError),
    Io {
        context: String,
        error: String,
    },
}

impl StoreError {
    pub fn io(context: impl Into<String>, error: impl fmt::Display) -> StoreError {
        StoreError::Io {
            context: context.into(),
            error: error.to_string(),
        }
    }
}

impl From<sled::Error> for StoreError {
    fn from(e: sled::Error) -> StoreError {
        StoreError::io("database", e)
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
            StoreError::Io { context, error } => write!(f, "{context}: {error}"),
        }
    }
}

impl std::error::Error for StoreError {}
