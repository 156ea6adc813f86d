//! Members' SSH keys: which public key speaks for which member when the
//! council shares one service account over SSH. Each key is kept under
//! `ssh_key/ID` in the meta tree; adding and removing are audited in the
//! same transaction, with the key's fingerprint.

use serde::{Deserialize, Serialize};
use serde_json::json;
use sled::Transactional;
use sled::transaction::TransactionError;

use super::audit::{Who, append};
use super::{Store, StoreError, abort, decode, encode, unwrap_tx};
use crate::domain::audit::Event;
use crate::domain::ssh_key::PublicKey;
use crate::domain::{ChangeError, Contest};

const PREFIX: &str = "ssh_key/";
const NEXT: &str = "ssh_key_next";

/// A public key the council gave to one member.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberKey {
    /// `key-N`: what the forced command names.
    pub id: String,
    pub member: String,
    #[serde(flatten)]
    pub key: PublicKey,
    pub fingerprint: String,
    pub added: String,
    /// Who added it (a member id, or the server's owner).
    pub by: String,
}

/// Whether `id` has the shape of a key id (`key-` and digits).
pub fn is_key_id(id: &str) -> bool {
    id.strip_prefix("key-")
        .is_some_and(|n| !n.is_empty() && n.len() <= 12 && n.bytes().all(|b| b.is_ascii_digit()))
}

fn slot(id: &str) -> String {
    format!("{PREFIX}{id}")
}

fn audit_of(action: &str, k: &MemberKey) -> Event {
    let what = json!({
        "key": k.id,
        "type": k.key.kind,
        "fingerprint": k.fingerprint,
        "comment": k.key.comment,
    });
    let (before, after) = if action == "ssh_key_add" {
        (serde_json::Value::Null, what)
    } else {
        (what, serde_json::Value::Null)
    };
    Event {
        action: action.into(),
        round: None,
        entry: None,
        subject: Some(k.member.clone()),
        before,
        after,
        reason: None,
    }
}

impl Store {
    /// Every key on the council, in the order they were added.
    pub fn ssh_keys(&self) -> Result<Vec<MemberKey>, StoreError> {
        let mut keys = self
            .meta
            .scan_prefix(PREFIX)
            .map(|item| {
                let (_, v) = item?;
                decode::<MemberKey>("meta", &v)
            })
            .collect::<Result<Vec<_>, _>>()?;
        keys.sort_by_key(|k| {
            k.id.strip_prefix("key-")
                .and_then(|n| n.parse::<u64>().ok())
                .unwrap_or(u64::MAX)
        });
        Ok(keys)
    }

    pub fn ssh_key(&self, id: &str) -> Result<Option<MemberKey>, StoreError> {
        match self.meta.get(slot(id))? {
            Some(v) => Ok(Some(decode("meta", &v)?)),
            None => Ok(None),
        }
    }

    /// Gives `key` to `member` (audited); refused for a member not on the
    /// council or a key already there.
    pub fn add_ssh_key(
        &self,
        contest: &Contest,
        by: &Who,
        member: &str,
        key: PublicKey,
    ) -> Result<MemberKey, StoreError> {
        if contest.judge(member).is_none() {
            return Err(StoreError::Refused(ChangeError::UnknownJudge {
                judge: member.to_string(),
            }));
        }
        let fingerprint = key.fingerprint();
        if let Some(k) = self
            .ssh_keys()?
            .into_iter()
            .find(|k| k.fingerprint == fingerprint)
        {
            return Err(StoreError::Refused(ChangeError::KeyTaken {
                fingerprint,
                id: k.id,
                member: k.member,
            }));
        }
        let next: u64 = match self.meta.get(NEXT)? {
            Some(v) => decode("meta", &v)?,
            None => 1,
        };
        let added = MemberKey {
            id: format!("key-{next}"),
            member: member.to_string(),
            key,
            fingerprint,
            added: by.at.clone(),
            by: by.judge.clone(),
        };
        let value = encode(&added)?;
        let counter = encode(&(next + 1))?;
        let event = audit_of("ssh_key_add", &added);
        let result: Result<(), TransactionError<StoreError>> = (&self.meta, &self.audit)
            .transaction(|(meta, audit)| {
                meta.insert(slot(&added.id).as_bytes(), value.as_slice())?;
                meta.insert(NEXT, counter.as_slice())?;
                append(meta, audit, by, event.clone())?;
                Ok(())
            });
        result.map_err(unwrap_tx)?;
        self.flush()?;
        Ok(added)
    }

    /// Takes the key `id` off the council (audited) and returns it.
    pub fn remove_ssh_key(&self, by: &Who, id: &str) -> Result<MemberKey, StoreError> {
        let gone = self
            .ssh_key(id)?
            .ok_or_else(|| StoreError::Refused(ChangeError::KeyUnknown { id: id.to_string() }))?;
        self.remove_keys(by, std::slice::from_ref(&gone))?;
        Ok(gone)
    }

    /// Takes every key of `member` off the council (when they leave it).
    pub fn remove_member_keys(&self, by: &Who, member: &str) -> Result<Vec<MemberKey>, StoreError> {
        let theirs: Vec<MemberKey> = self
            .ssh_keys()?
            .into_iter()
            .filter(|k| k.member == member)
            .collect();
        if !theirs.is_empty() {
            self.remove_keys(by, &theirs)?;
        }
        Ok(theirs)
    }

    fn remove_keys(&self, by: &Who, keys: &[MemberKey]) -> Result<(), StoreError> {
        let result: Result<(), TransactionError<StoreError>> = (&self.meta, &self.audit)
            .transaction(|(meta, audit)| {
                for k in keys {
                    if meta.remove(slot(&k.id).as_bytes())?.is_none() {
                        return Err(abort(StoreError::Refused(ChangeError::KeyUnknown {
                            id: k.id.clone(),
                        })));
                    }
                    append(meta, audit, by, audit_of("ssh_key_remove", k))?;
                }
                Ok(())
            });
        result.map_err(unwrap_tx)?;
        self.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::is_key_id;

    #[test]
    fn key_ids_are_plain() {
        assert!(is_key_id("key-1"));
        assert!(is_key_id("key-42"));
        for bad in ["key-", "key-1 x", "key-1\"", "KEY-1", "key--1", "7", ""] {
            assert!(!is_key_id(bad), "{bad}");
        }
    }
}
