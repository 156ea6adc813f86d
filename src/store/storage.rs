//! What the app needs from wherever the contest lives: the database opened
//! here, or (later) a `jury serve` process. Same screens, same keys in both.

use super::{Store, StoreError};
use crate::domain::change::Record;
use crate::domain::{Change, ChangeError, Contest, CouncilChange, Judge};

/// Why a change was not stored: refused by the rules, or the storage failed.
#[derive(Clone, Debug, PartialEq)]
pub enum ApplyError {
    Refused(ChangeError),
    /// The database or the server could not take it; the draft is kept.
    Failed(String),
}

/// The audit trail's records, and how many of them verify (or where it breaks).
pub type AuditView = (Vec<crate::domain::audit::AuditRecord>, Result<u64, String>);

pub trait Storage {
    /// The contest as this member may see it.
    fn load(&mut self) -> Result<Contest, String>;
    /// The definition and `judge`'s own sheets and notes only (what a
    /// member's screens need); by default the whole view.
    fn load_member(&mut self, judge: &str) -> Result<Contest, String> {
        let _ = judge;
        self.load()
    }
    /// Writes a change; `Ok` means it is on disk.
    fn apply(&mut self, actor: &str, change: &Change) -> Result<Record, ApplyError>;
    /// A chair's change to the contest; returns whether results are published, and the council.
    fn council(
        &mut self,
        actor: &str,
        change: &CouncilChange,
    ) -> Result<(bool, Vec<Judge>), ApplyError>;
    /// The audit trail and the verdict on its chain (the chair's).
    fn audit(&mut self) -> Result<AuditView, ApplyError>;
    /// Changes made elsewhere since the last call (only a server has any).
    fn updates(&mut self) -> Vec<Update> {
        Vec::new()
    }
    /// A descriptor that turns readable when `updates` has something, so
    /// the app can wait on it beside the terminal (only a server has one).
    fn doorbell(&self) -> Option<std::os::fd::RawFd> {
        None
    }
    /// Saves anything buffered; called before the app exits.
    fn flush(&mut self) -> Result<(), String>;
    /// The text of attachment `index` of `entry`, read where the database
    /// is; a storage that holds no files has none to give.
    fn attachment(
        &mut self,
        entry: &str,
        index: usize,
    ) -> Result<String, crate::domain::document::AttachmentError> {
        Err(crate::domain::document::AttachmentError::NotListed {
            entry: entry.to_string(),
            index,
        })
    }
}

/// Something that happened elsewhere, for the app to show.
#[derive(Clone, Debug, PartialEq)]
pub enum Update {
    Record(Record),
    /// What this member may see changed as a whole.
    Reload(Box<Contest>),
    /// Asked for by the server; the storage answers it with `Reload`.
    ReloadWanted,
    Council {
        published: bool,
        judges: Vec<Judge>,
    },
    Disconnected,
    Reconnected,
}

/// The largest attachment read for the reader (1 MiB).
pub const ATTACHMENT_CAP: u64 = 1024 * 1024;

/// The database opened by this process.
pub struct Local {
    store: Store,
    /// The definition the rules are checked against (no sheets: the store
    /// reads the current one inside each write's transaction).
    contest: Contest,
}

impl Local {
    pub fn new(store: Store, definition: Contest) -> Local {
        Local {
            store,
            contest: definition,
        }
    }

    fn actor(&self, id: &str) -> Result<Judge, ApplyError> {
        self.contest.judge(id).cloned().ok_or_else(|| {
            ApplyError::Refused(crate::domain::ChangeError::UnknownJudge {
                judge: id.to_string(),
            })
        })
    }
}

impl Storage for Local {
    fn load(&mut self) -> Result<Contest, String> {
        self.store.load().map_err(|e| e.to_string())
    }

    fn load_member(&mut self, judge: &str) -> Result<Contest, String> {
        self.store.load_member(judge).map_err(|e| e.to_string())
    }

    fn apply(&mut self, actor: &str, change: &Change) -> Result<Record, ApplyError> {
        let judge = self.actor(actor)?;
        self.store
            .apply(&self.contest, &judge, change)
            .map_err(|e| match e {
                StoreError::Refused(e) => ApplyError::Refused(e),
                other => ApplyError::Failed(other.to_string()),
            })
    }

    fn council(
        &mut self,
        actor: &str,
        change: &CouncilChange,
    ) -> Result<(bool, Vec<Judge>), ApplyError> {
        let judge = self.actor(actor)?;
        let next = self
            .store
            .apply_council(&self.contest, &judge, change)
            .map_err(|e| match e {
                StoreError::Refused(e) => ApplyError::Refused(e),
                other => ApplyError::Failed(other.to_string()),
            })?;
        let answer = (next.published, next.judges.clone());
        self.contest = next;
        Ok(answer)
    }

    fn audit(&mut self) -> Result<AuditView, ApplyError> {
        let failed = |e: StoreError| ApplyError::Failed(e.to_string());
        let verdict = self
            .store
            .verify_audit()
            .map_err(failed)?
            .map_err(|b| b.to_string());
        let records = self
            .store
            .audit_records()
            .map_err(failed)?
            .into_iter()
            .map(|(_, r)| r)
            .collect();
        Ok((records, verdict))
    }

    fn attachment(
        &mut self,
        entry: &str,
        index: usize,
    ) -> Result<String, crate::domain::document::AttachmentError> {
        let not_listed = || crate::domain::document::AttachmentError::NotListed {
            entry: entry.to_string(),
            index,
        };
        let listed = self
            .contest
            .entry(entry)
            .and_then(|e| e.attachments.get(index))
            .ok_or_else(not_listed)?;
        let base = self.store.source_dir().ok().flatten();
        super::attachment::read_text(base.as_deref(), listed, ATTACHMENT_CAP)
    }

    fn flush(&mut self) -> Result<(), String> {
        self.store.flush().map_err(|e| e.to_string())
    }
}
