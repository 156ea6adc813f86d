//! A packet is a capability: a random secret that its return must carry,
//! made for one member, one round and a set of entries, and spent once. The
//! database keeps only the secret's hash, so reading it forges nothing.

use std::io::Read;

use serde::{Deserialize, Serialize};
use serde_json::json;
use sha2::{Digest, Sha256};
use sled::Transactional;
use sled::transaction::{ConflictableTransactionError, TransactionError, TransactionalTree};

use super::audit::{Who, append};
use super::{Store, StoreError, abort, decode, encode, unwrap_tx};
use crate::domain::audit::Event;
use crate::domain::{ChangeError, Contest, SheetKey};

/// 128 bits of the kernel's randomness.
const SECRET_BYTES: usize = 16;

/// What the council gave a member to score offline.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PacketGrant {
    pub judge: String,
    pub round: String,
    pub entries: Vec<String>,
    pub made: String,
    /// When its return was merged; a spent packet is never merged again.
    #[serde(default)]
    pub spent: Option<String>,
}

/// A packet just issued: the secret goes into the file, never into the database.
pub struct Issued {
    pub token: String,
    pub grant: PacketGrant,
}

/// The short name of a packet in messages and the audit trail: the start of
/// its secret's hash, which says which packet without giving the secret away.
pub fn packet_id(token: &str) -> String {
    digest(token)[..12].to_string()
}

fn digest(token: &str) -> String {
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn grant_key(token: &str) -> Vec<u8> {
    format!("packet_grant/{}", digest(token)).into_bytes()
}

fn new_secret() -> Result<String, StoreError> {
    let mut bytes = [0u8; SECRET_BYTES];
    std::fs::File::open("/dev/urandom")
        .and_then(|mut f| f.read_exact(&mut bytes))
        .map_err(|e| {
            StoreError::io(
                super::error::Doing::Randomness,
                std::path::Path::new("/dev/urandom"),
                &e,
            )
        })?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// The entries of the current round that `judge` may mark: a live save's rules.
fn markable(contest: &Contest, judge: &str) -> (String, Vec<String>) {
    let round = contest.current_round().to_string();
    let entries = contest
        .round_entries(&round)
        .into_iter()
        .filter_map(|i| contest.entries.get(i))
        .filter(|e| contest.may_mark(&round, &e.id, judge) && !contest.is_recused(judge, &e.id))
        .map(|e| e.id.clone())
        .collect();
    (round, entries)
}

impl Store {
    /// Records a new packet for `judge` (audited) and returns its secret.
    pub fn issue_packet(
        &self,
        contest: &Contest,
        by: &Who,
        judge: &str,
        made: &str,
    ) -> Result<Issued, StoreError> {
        if contest.judge(judge).is_none() {
            return Err(StoreError::Refused(ChangeError::UnknownJudge {
                judge: judge.to_string(),
            }));
        }
        let token = new_secret()?;
        let (round, entries) = markable(contest, judge);
        let grant = PacketGrant {
            judge: judge.to_string(),
            round,
            entries,
            made: made.to_string(),
            spent: None,
        };
        let value = encode(&grant)?;
        let key = grant_key(&token);
        let event = Event {
            action: "packet".into(),
            round: Some(grant.round.clone()),
            entry: None,
            subject: Some(judge.to_string()),
            before: serde_json::Value::Null,
            after: json!({"packet": packet_id(&token), "entries": grant.entries}),
            reason: None,
        };
        let result: Result<(), TransactionError<StoreError>> = (&self.meta, &self.audit)
            .transaction(|(meta, audit)| {
                meta.insert(key.as_slice(), value.as_slice())?;
                append(meta, audit, by, event.clone())?;
                Ok(())
            });
        result.map_err(unwrap_tx)?;
        self.flush()?;
        Ok(Issued { token, grant })
    }
}

/// Inside a merge's transaction: the packet `token` answers, if it may be
/// merged as `judge`'s return holding `keys`; it is then marked spent at `now`.
pub(super) fn spend(
    meta: &TransactionalTree,
    token: &str,
    judge: &str,
    keys: &[&SheetKey],
    now: &str,
) -> Result<PacketGrant, ConflictableTransactionError<StoreError>> {
    let refuse = |e: ChangeError| abort(StoreError::Refused(e));
    let key = grant_key(token);
    let Some(value) = meta.get(key.as_slice())? else {
        return Err(refuse(ChangeError::PacketUnknown));
    };
    let mut grant: PacketGrant = decode("meta", &value).map_err(abort)?;
    let packet = packet_id(token);
    if let Some(at) = &grant.spent {
        return Err(refuse(ChangeError::PacketSpent {
            packet,
            at: at.clone(),
        }));
    }
    if grant.judge != judge {
        return Err(refuse(ChangeError::PacketNotFor {
            packet,
            judge: grant.judge,
            claimed: judge.to_string(),
        }));
    }
    for k in keys {
        if *k.judge != *grant.judge
            || *k.round != *grant.round
            || !grant.entries.iter().any(|e| *e == *k.entry)
        {
            return Err(refuse(ChangeError::PacketOutside {
                packet,
                round: k.round.to_string(),
                entry: k.entry.to_string(),
            }));
        }
    }
    grant.spent = Some(now.to_string());
    meta.insert(key.as_slice(), encode(&grant).map_err(abort)?)?;
    Ok(grant)
}
