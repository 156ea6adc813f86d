//! Appending to the audit trail inside a change's own transaction, and
//! reading and checking it.

use serde::{Deserialize, Serialize};
use sled::transaction::{ConflictableTransactionError, TransactionalTree};

use super::{Store, StoreError, abort, decode, encode};
use crate::domain::audit::{AuditRecord, Break, Event, verify};
use crate::domain::audit_match::{Mismatch, mismatches};

/// Who makes a change, and when.
#[derive(Clone, Debug)]
pub struct Who {
    pub judge: String,
    pub login: Option<String>,
    pub at: String,
}

impl Who {
    /// `judge` acting from this process, under its own login.
    pub fn here(store: &Store, judge: &str) -> Who {
        Who::new(judge, store.login.as_deref())
    }

    pub fn new(judge: &str, login: Option<&str>) -> Who {
        Who {
            judge: judge.to_string(),
            login: login.map(String::from),
            at: super::now(),
        }
    }
}

/// The last record written: its number and hash.
#[derive(Default, Serialize, Deserialize)]
pub(super) struct Head {
    seq: u64,
    hash: String,
}

/// Appends `event` after the current head, in the caller's transaction.
pub(super) fn append(
    meta: &TransactionalTree,
    audit: &TransactionalTree,
    who: &Who,
    event: Event,
) -> Result<(), ConflictableTransactionError<StoreError>> {
    let head: Head = match meta.get("audit_head")? {
        Some(v) => decode("meta", &v).map_err(abort)?,
        None => Head::default(),
    };
    let record = AuditRecord::new(
        head.seq + 1,
        &who.at,
        &who.judge,
        who.login.as_deref(),
        event,
        &head.hash,
    );
    audit.insert(&record.seq.to_be_bytes(), encode(&record).map_err(abort)?)?;
    let head = Head {
        seq: record.seq,
        hash: record.hash,
    };
    meta.insert("audit_head", encode(&head).map_err(abort)?)?;
    Ok(())
}

impl Store {
    /// Every record with the number its key says, in stored order.
    pub fn audit_records(&self) -> Result<Vec<(u64, AuditRecord)>, StoreError> {
        self.audit
            .iter()
            .map(|item| {
                let (k, v) = item?;
                read_record(&k, &v)
            })
            .collect()
    }

    /// Checks the whole trail; `Ok(Ok(n))` when its n records are intact.
    pub fn verify_audit(&self) -> Result<Result<u64, Break>, StoreError> {
        let head = self.meta_value::<Head>("audit_head")?.unwrap_or_default();
        Ok(verify(&self.audit_records()?, head.seq))
    }

    /// Every stored sheet and note the trail does not account for.
    pub fn audit_mismatches(&self) -> Result<Vec<Mismatch>, StoreError> {
        let records = self.audit_records()?;
        let all = self.sheets_of(None)?;
        Ok(mismatches(&records, &all.sheets, &all.notes))
    }
}

/// One stored record and the number its key says.
pub(super) fn read_record(key: &[u8], value: &[u8]) -> Result<(u64, AuditRecord), StoreError> {
    let position = <[u8; 8]>::try_from(key)
        .map(u64::from_be_bytes)
        .map_err(|_| StoreError::Corrupt {
            tree: "audit",
            detail: "a key that is not a record number".into(),
        })?;
    Ok((position, decode("audit", value)?))
}
