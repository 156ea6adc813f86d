//! The audit trail: every change, appended and never edited. Each record
//! carries the hash of the one before, so an altered, removed or reordered
//! record shows.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest, Sha256};

use super::change::{Change, CouncilChange, Record};
use super::sheet::SheetKey;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AuditRecord {
    pub seq: u64,
    /// UTC, `2024-05-02T08:15:00Z`.
    pub at: String,
    /// The member who made the change.
    pub judge: String,
    /// Their OS login, when known (always, on a server).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub login: Option<String>,
    /// `score`, `note`, `submit`, `reopen`, `recuse`, `assign`, `publish`, …
    pub action: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub round: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entry: Option<String>,
    /// The member the change is about (whose sheet, who was recused).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    pub before: Value,
    pub after: Value,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// The hash of the previous record; empty for the first.
    pub prev: String,
    pub hash: String,
}

/// What an entry to the trail says, before it is numbered and chained.
#[derive(Clone, Debug, PartialEq)]
pub struct Event {
    pub action: String,
    pub round: Option<String>,
    pub entry: Option<String>,
    pub subject: Option<String>,
    pub before: Value,
    pub after: Value,
    pub reason: Option<String>,
}

impl AuditRecord {
    /// Numbers and chains `event` after the record whose hash is `prev`.
    pub fn new(
        seq: u64,
        at: &str,
        judge: &str,
        login: Option<&str>,
        event: Event,
        prev: &str,
    ) -> AuditRecord {
        let mut r = AuditRecord {
            seq,
            at: at.to_string(),
            judge: judge.to_string(),
            login: login.map(String::from),
            action: event.action,
            round: event.round,
            entry: event.entry,
            subject: event.subject,
            before: event.before,
            after: event.after,
            reason: event.reason,
            prev: prev.to_string(),
            hash: String::new(),
        };
        r.hash = r.compute_hash();
        r
    }

    /// SHA-256 of the record with an empty `hash`, as JSON (fields in
    /// declaration order, object keys sorted), in hex.
    pub fn compute_hash(&self) -> String {
        let mut copy = self.clone();
        copy.hash = String::new();
        let bytes = serde_json::to_vec(&copy).unwrap_or_default();
        hex(&Sha256::digest(&bytes))
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Where the chain breaks.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Break {
    /// The record's content no longer matches its hash.
    Altered { seq: u64 },
    /// Records are missing before this one.
    Missing { from: u64, to: u64 },
    /// A record is not where its number says.
    OutOfOrder { position: u64, seq: u64 },
    /// The record does not follow the one before it (that one was changed or replaced).
    Unlinked { seq: u64 },
    /// The trail ends before its last known record.
    Truncated { last: u64, expected: u64 },
}

impl std::fmt::Display for Break {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Break::Altered { seq } => write!(
                f,
                "record {seq} was altered: its content does not match its hash"
            ),
            Break::Missing { from, to } if from == to => write!(f, "record {from} was removed"),
            Break::Missing { from, to } => write!(f, "records {from} to {to} were removed"),
            Break::OutOfOrder { position, seq } => {
                write!(
                    f,
                    "record {seq} stands where record {position} should be: records were reordered"
                )
            }
            Break::Unlinked { seq } => {
                write!(f, "record {seq} does not follow the record before it")
            }
            Break::Truncated { last, expected } => {
                write!(
                    f,
                    "the trail ends at record {last} but record {expected} was written: the last records were removed"
                )
            }
        }
    }
}

/// Checks `(position, record)` pairs in stored order against the chain and
/// the last written sequence number; returns how many records are good.
pub fn verify(records: &[(u64, AuditRecord)], head: u64) -> Result<u64, Break> {
    let mut prev_hash = String::new();
    let mut expected = 1;
    for (position, r) in records {
        if r.seq != *position {
            return Err(Break::OutOfOrder {
                position: *position,
                seq: r.seq,
            });
        }
        if r.seq > expected {
            return Err(Break::Missing {
                from: expected,
                to: r.seq - 1,
            });
        }
        if r.hash != r.compute_hash() {
            return Err(Break::Altered { seq: r.seq });
        }
        if r.prev != prev_hash {
            return Err(Break::Unlinked { seq: r.seq });
        }
        prev_hash = r.hash.clone();
        expected = r.seq + 1;
    }
    if expected - 1 < head {
        return Err(Break::Truncated {
            last: expected - 1,
            expected: head,
        });
    }
    Ok(expected - 1)
}

/// A point of the chain written down outside the database (in the minutes,
/// sent to the chair): `SEQ:HASH`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Head {
    pub seq: u64,
    pub hash: String,
}

impl Head {
    /// The last record's head; `0:` for an empty trail.
    pub fn of(records: &[(u64, AuditRecord)]) -> Head {
        records
            .last()
            .map(|(_, r)| Head {
                seq: r.seq,
                hash: r.hash.clone(),
            })
            .unwrap_or(Head {
                seq: 0,
                hash: String::new(),
            })
    }

    pub fn parse(text: &str) -> Option<Head> {
        let (seq, hash) = text.trim().split_once(':')?;
        let hash = hash.to_ascii_lowercase();
        let hex = hash.len() == 64 && hash.bytes().all(|b| b.is_ascii_hexdigit());
        Some(Head {
            seq: seq.parse().ok()?,
            hash,
        })
        .filter(|_| hex)
    }
}

impl std::fmt::Display for Head {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.seq, self.hash)
    }
}

/// Why a trail does not reach a head written down earlier.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HeadBreak {
    /// The trail holds fewer records than the head's number.
    Short { head: u64, last: u64 },
    /// The record with the head's number has another hash: it, or a record
    /// before it, was rewritten (or records were removed and renumbered).
    Rewritten { seq: u64 },
}

/// Whether an intact chain `records` still holds `head`: since each record
/// carries the hash of the one before, the same hash at the same number
/// proves that no record up to it was changed, removed or added.
pub fn holds(records: &[(u64, AuditRecord)], head: &Head) -> Result<(), HeadBreak> {
    if head.seq == 0 {
        return Ok(());
    }
    match records.iter().find(|(_, r)| r.seq == head.seq) {
        Some((_, r)) if r.hash == head.hash => Ok(()),
        Some(_) => Err(HeadBreak::Rewritten { seq: head.seq }),
        None => Err(HeadBreak::Short {
            head: head.seq,
            last: records.last().map(|(_, r)| r.seq).unwrap_or(0),
        }),
    }
}

/// The trail entry for a member's change.
pub fn of_change(change: &Change, before: Option<&Record>, after: &Record) -> Event {
    let (action, reason) = match change {
        Change::SaveSheet { .. } => ("score", None),
        Change::Submit { .. } => ("submit", None),
        Change::Reopen { reason, .. } => ("reopen", Some(reason.clone())),
        Change::SaveNote { .. } => ("note", None),
    };
    of_records(action, change.key(), before, after, reason)
}

/// A sheet or note as the trail writes it in `before` and `after`.
pub fn recorded(r: &Record) -> Value {
    match r {
        Record::Sheet(s) => {
            serde_json::json!({"points": s.marks, "state": s.state, "version": s.version})
        }
        Record::Note(n) => {
            let mut v = serde_json::json!({"text": n.text, "version": n.version});
            // Only when present, so a note without them is recorded as before.
            if !n.remarks.is_empty() {
                v["remarks"] = serde_json::json!(n.remarks);
            }
            if !n.annotations.is_empty() {
                v["annotations"] = serde_json::json!(n.annotations);
            }
            v
        }
    }
}

/// The trail entry for a sheet or note going from `before` to `after`.
pub fn of_records(
    action: &str,
    key: &SheetKey,
    before: Option<&Record>,
    after: &Record,
    reason: Option<String>,
) -> Event {
    let show = |r: Option<&Record>| r.map(recorded).unwrap_or(Value::Null);
    Event {
        action: action.into(),
        round: Some(key.round.to_string()),
        entry: Some(key.entry.to_string()),
        subject: Some(key.judge.to_string()),
        before: show(before),
        after: show(Some(after)),
        reason,
    }
}

/// The trail entry for a chair's (or a member's own recusal) change.
pub fn of_council(change: &CouncilChange, before: Value, after: Value) -> Event {
    use CouncilChange as C;
    let (action, entry, subject, reason, round) = match change {
        C::SetMeeting { .. } => ("meeting", None, None, None, None),
        C::SetStatus {
            entries, reason, ..
        } => (
            "entry_status",
            (entries.len() == 1).then(|| entries[0].clone()),
            None,
            (!reason.is_empty()).then(|| reason.clone()),
            None,
        ),
        C::Publish { published: true } => ("publish", None, None, None, None),
        C::Publish { published: false } => ("unpublish", None, None, None, None),
        C::AddJudge { judge } => ("judge_add", None, Some(judge.id.clone()), None, None),
        C::RemoveJudge { judge } => ("judge_remove", None, Some(judge.clone()), None, None),
        C::Recuse {
            judge,
            entry,
            reason,
        } => (
            "recuse",
            Some(entry.clone()),
            Some(judge.clone()),
            Some(reason.clone()),
            None,
        ),
        C::DismissConflict {
            judge,
            entry,
            reason,
        } => (
            "dismiss_conflict",
            Some(entry.clone()),
            Some(judge.clone()),
            Some(reason.clone()),
            None,
        ),
        C::Assign { round, .. } => ("assign", None, None, None, Some(round.clone())),
        C::AddMarker {
            round,
            entry,
            judge,
        } => (
            "third_marking",
            Some(entry.clone()),
            Some(judge.clone()),
            None,
            Some(round.clone()),
        ),
        C::RemoveMarker {
            round,
            entry,
            judge,
            reason,
        } => (
            "third_marking_undo",
            Some(entry.clone()),
            Some(judge.clone()),
            Some(reason.clone()),
            Some(round.clone()),
        ),
        C::RestoreAssignments { round, reason, .. } => (
            "assign_undo",
            None,
            None,
            Some(reason.clone()),
            Some(round.clone()),
        ),
        C::Remind { judge, text } => (
            "remind",
            None,
            Some(judge.clone()),
            Some(text.clone()),
            None,
        ),
        C::DismissReminders { judge } => ("remind_dismiss", None, Some(judge.clone()), None, None),
        C::UnlockRubric { reason } => ("rubric_unlock", None, None, Some(reason.clone()), None),
        C::SetRubric { reason, .. } => ("rubric", None, None, Some(reason.clone()), None),
        C::AdvanceRound { from, rule, .. } => (
            "round_advance",
            None,
            None,
            Some(rule.clone()),
            Some(from.clone()),
        ),
    };
    Event {
        action: action.into(),
        round,
        entry,
        subject,
        before,
        after,
        reason,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chain(n: u64) -> Vec<(u64, AuditRecord)> {
        let mut out = Vec::new();
        let mut prev = String::new();
        for seq in 1..=n {
            let e = Event {
                action: "score".into(),
                round: None,
                entry: Some(format!("SK{seq:02}")),
                subject: Some("GK02".into()),
                before: Value::Null,
                after: serde_json::json!({"points": [seq]}),
                reason: None,
            };
            let r = AuditRecord::new(seq, "2024-05-02T08:00:00Z", "GK02", Some("ductv"), e, &prev);
            prev = r.hash.clone();
            out.push((seq, r));
        }
        out
    }

    #[test]
    fn an_intact_chain_verifies() {
        assert_eq!(verify(&chain(5), 5), Ok(5));
        assert_eq!(verify(&[], 0), Ok(0));
    }

    #[test]
    fn an_edited_record_is_named() {
        let mut c = chain(5);
        c[2].1.after = serde_json::json!({"points": [25]});
        assert_eq!(verify(&c, 5), Err(Break::Altered { seq: 3 }));
    }

    #[test]
    fn an_edited_and_rehashed_record_breaks_the_next_link() {
        let mut c = chain(5);
        c[2].1.after = serde_json::json!({"points": [25]});
        c[2].1.hash = c[2].1.compute_hash();
        assert_eq!(verify(&c, 5), Err(Break::Unlinked { seq: 4 }));
    }

    #[test]
    fn a_deleted_record_is_named() {
        let mut c = chain(5);
        c.remove(1);
        assert_eq!(verify(&c, 5), Err(Break::Missing { from: 2, to: 2 }));
        let mut c = chain(5);
        c.pop();
        assert_eq!(
            verify(&c, 5),
            Err(Break::Truncated {
                last: 4,
                expected: 5
            })
        );
    }

    #[test]
    fn a_head_written_down_catches_a_rewritten_or_renumbered_chain() {
        let c = chain(5);
        let head = Head::of(&c[..3]);
        assert_eq!(Head::parse(&head.to_string()), Some(head.clone()));
        assert_eq!(holds(&c, &head), Ok(()));
        // Record 2 rewritten and every later hash recomputed: still a chain.
        let mut forged = chain(5);
        forged[1].1.after = serde_json::json!({"points": [25]});
        let mut prev = forged[0].1.hash.clone();
        for (_, r) in forged.iter_mut().skip(1) {
            r.prev = prev;
            r.hash = r.compute_hash();
            prev = r.hash.clone();
        }
        assert_eq!(verify(&forged, 5), Ok(5));
        assert_eq!(holds(&forged, &head), Err(HeadBreak::Rewritten { seq: 3 }));
        // Record 2 removed and the rest renumbered and rechained.
        let mut renumbered = chain(5);
        renumbered.remove(1);
        let mut prev = renumbered[0].1.hash.clone();
        for (i, (pos, r)) in renumbered.iter_mut().enumerate().skip(1) {
            r.seq = i as u64 + 1;
            *pos = r.seq;
            r.prev = prev;
            r.hash = r.compute_hash();
            prev = r.hash.clone();
        }
        assert_eq!(verify(&renumbered, 4), Ok(4));
        assert_eq!(
            holds(&renumbered, &head),
            Err(HeadBreak::Rewritten { seq: 3 })
        );
        assert_eq!(
            holds(&c[..2], &head),
            Err(HeadBreak::Short { head: 3, last: 2 })
        );
        assert_eq!(Head::parse("3:abc"), None);
        assert_eq!(Head::parse("x:"), None);
    }

    #[test]
    fn swapped_records_are_found() {
        let mut c = chain(5);
        let (a, b) = (c[1].1.clone(), c[2].1.clone());
        c[1].1 = b;
        c[2].1 = a;
        assert_eq!(
            verify(&c, 5),
            Err(Break::OutOfOrder {
                position: 2,
                seq: 3
            })
        );
    }
}
