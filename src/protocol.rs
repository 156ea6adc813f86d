//! The frames `jury serve` and its clients exchange: one JSON object per
//! line. A client opens with `hello`; every request carries an `id` that its
//! reply repeats; the server also pushes changes the member may see.
//! The README documents them ("Talking to the server").

use serde::{Deserialize, Serialize};

use crate::domain::assignment::Assignment;
use crate::domain::audit::AuditRecord;
use crate::domain::change::Record;
use crate::domain::conflict::Conflict;
use crate::domain::contest::RubricNotice;
use crate::domain::official::Standing;
use crate::domain::{
    AwardTier, Change, Contest, ContestMeta, CouncilChange, Criterion, Entry, Judge, Note, Round,
    Rubric, Rules, Sheet, SheetKey,
};
use crate::store::{MemberKey, MergeReport, PacketGrant};

/// Bumped when a frame changes shape; the server refuses other versions.
pub const VERSION: u32 = 1;

/// The longest request line the server reads; longer ones close the
/// connection. A member's returned packet is the largest request.
pub const MAX_REQUEST: usize = 8 * 1024 * 1024;

/// The longest line a client reads from its server (a whole contest can be large).
pub const MAX_REPLY: usize = 1 << 30;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Request {
    pub id: u64,
    #[serde(flatten)]
    pub op: Op,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum Op {
    Hello {
        version: u32,
    },
    /// Hello from `jury connect --key ID` on the service account: the member
    /// is the one the SSH key was given to. Refused from any other login.
    HelloKey {
        version: u32,
        key: String,
    },
    /// Give a public key (the text of its `.pub` file) to a member (the chair
    /// or the server's owner).
    SshKeyAdd {
        member: String,
        public_key: String,
    },
    /// Every member's SSH key (the chair or the server's owner).
    SshKeyList,
    /// Take an SSH key off the council; its open sessions are closed.
    SshKeyRemove {
        key: String,
    },
    /// The contest as this member may see it.
    Load,
    /// A change to one of the member's own sheets or notes.
    Apply {
        change: Change,
    },
    /// A chair's change to the contest.
    Council {
        change: CouncilChange,
    },
    /// One sheet and note, if the member may see them.
    Get {
        key: SheetKey,
    },
    /// A member's sheets and notes scored offline (the chair sends them),
    /// with the secret of the packet they answer.
    Merge {
        #[serde(default)]
        token: String,
        judge: String,
        sheets: Vec<Sheet>,
        notes: Vec<Note>,
    },
    /// Issue a packet for `judge` to score offline (chair only).
    Packet {
        judge: String,
        made: String,
    },
    /// The audit trail (chair only), checked.
    Audit,
    /// The text of attachment number `index` (from 0) of `entry`: only a
    /// file the contest lists for an entry this member may see; no path is
    /// ever taken from the client.
    Attachment {
        entry: String,
        index: usize,
    },
    Ping,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ServerFrame {
    Reply { id: u64, ok: Reply },
    Error { id: Option<u64>, error: ErrorBody },
    Push { event: Event },
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Reply {
    /// Who the server took the caller to be, from the socket's credentials.
    Hello {
        version: u32,
        login: String,
        judge: Judge,
    },
    Contest {
        contest: Box<ContestWire>,
    },
    /// The record as written and flushed.
    Record {
        record: Record,
    },
    Council {
        published: bool,
        judges: Vec<Judge>,
    },
    Sheet {
        sheet: Option<Sheet>,
        note: Option<Note>,
    },
    Merged {
        report: MergeReport,
    },
    /// A packet issued: its secret (for the file only) and what it covers.
    Packet {
        token: String,
        grant: PacketGrant,
    },
    Audit {
        records: Vec<AuditRecord>,
        /// How many records are intact, or where the chain breaks.
        verified: Result<u64, String>,
    },
    /// An SSH key added or removed.
    SshKey {
        key: MemberKey,
    },
    SshKeys {
        keys: Vec<MemberKey>,
    },
    /// An attachment's text, or why it could not be read.
    Attachment {
        text: Result<String, crate::domain::document::AttachmentError>,
    },
    Pong,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Event {
    /// A sheet or note the member may see was written.
    Record {
        record: Record,
    },
    /// What the member may see changed as a whole: load again.
    Reload,
    Council {
        published: bool,
        judges: Vec<Judge>,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// Not JSON, or not a request.
    BadFrame,
    TooLarge,
    Version,
    /// The first request must be `hello`.
    HelloFirst,
    /// The caller's login is not on the council.
    UnknownLogin,
    /// The caller may not do or see this.
    Forbidden,
    /// The change was based on an old version; `current` holds the stored one.
    Stale,
    /// The change breaks a rule of the contest (see the message).
    Refused,
    /// The server could not complete the request; try again.
    Unavailable,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ErrorBody {
    pub code: ErrorCode,
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub current: Option<Record>,
    /// The rule a `refused` or `forbidden` change broke, for programs. A
    /// rule this client does not know reads as none (see `why`).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "known_detail"
    )]
    pub detail: Option<crate::domain::ChangeError>,
    /// Why, as a code and its parameters, for the client to word in its
    /// member's language; `message` is the same in English, for older
    /// clients and the log.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub why: Option<Why>,
}

/// A refusal as a code and its parameters. A client that does not know the
/// code shows the parameters with a general sentence.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Why {
    pub code: String,
    #[serde(default)]
    pub params: Vec<String>,
}

impl Why {
    pub fn new(code: &str, params: &[&dyn std::fmt::Display]) -> Why {
        Why {
            code: code.to_string(),
            params: params.iter().map(|p| p.to_string()).collect(),
        }
    }

    /// A refused change: its rule's name and the values it names, so that
    /// a client that does not know the rule still shows what was refused.
    pub fn of_change(e: &crate::domain::ChangeError) -> Why {
        fn values(v: &serde_json::Value, out: &mut Vec<String>) {
            match v {
                serde_json::Value::Object(m) => m.values().for_each(|v| values(v, out)),
                serde_json::Value::Array(a) => a.iter().for_each(|v| values(v, out)),
                serde_json::Value::String(s) => out.push(s.clone()),
                serde_json::Value::Null => {}
                other => out.push(other.to_string()),
            }
        }
        // `{"error": "not_yours", "judge": "GK02"}`; a stale change's stored
        // record is its own field of the frame, not a parameter.
        let value = serde_json::to_value(e).unwrap_or_default();
        let mut code = String::new();
        let mut params = Vec::new();
        if let serde_json::Value::Object(m) = &value {
            for (k, v) in m {
                match (k.as_str(), v) {
                    ("error", serde_json::Value::String(s)) => code = s.clone(),
                    ("current", _) => {}
                    _ => values(v, &mut params),
                }
            }
        }
        Why {
            code: format!("change.{code}"),
            params,
        }
    }
}

/// The codes of `Why` this jury's server sends (besides `change.*`).
pub mod why {
    pub const TOO_LARGE: &str = "too_large";
    pub const HELLO_TIMEOUT: &str = "hello_timeout";
    pub const IDLE: &str = "idle";
    pub const BAD_FRAME: &str = "bad_frame";
    pub const HELLO_FIRST: &str = "hello_first";
    pub const HELLO_TWICE: &str = "hello_twice";
    pub const KEY_REMOVED: &str = "key_removed";
    pub const NO_LONGER_MEMBER: &str = "no_longer_member";
    pub const AUDIT_CHAIR_ONLY: &str = "audit_chair_only";
    pub const MAY_NOT_SEE: &str = "may_not_see";
    /// Its parameter is one of the `ACT_*` codes.
    pub const CHAIR_ONLY: &str = "chair_only";
    pub const ACT_KEY_ADD: &str = "ssh_key_add";
    pub const ACT_KEY_REMOVE: &str = "ssh_key_remove";
    pub const ACT_KEY_LIST: &str = "ssh_key_list";
    pub const ACT_MERGE: &str = "merge_packet";
    pub const ACT_PACKET: &str = "packet";
    pub const VERSION: &str = "version";
    pub const KEY_NOT_SERVICE: &str = "key_not_service";
    pub const NO_SUCH_KEY: &str = "no_such_key";
    pub const NOT_ON_COUNCIL: &str = "not_on_council";
    pub const STOPPING: &str = "stopping";
    pub const SAVE_TIMEOUT: &str = "save_timeout";
    pub const UNAVAILABLE: &str = "unavailable";
    pub const LOGIN_FULL: &str = "login_full";
    pub const SERVER_FULL: &str = "server_full";
    pub const BUSY: &str = "busy";
}

/// `detail` as this client knows it, or none: a newer server's rule must not
/// make the whole frame unreadable.
fn known_detail<'de, D>(d: D) -> Result<Option<crate::domain::ChangeError>, D::Error>
where
    D: serde::Deserializer<'de>,
{
    let value = Option::<serde_json::Value>::deserialize(d)?;
    Ok(value.and_then(|v| serde_json::from_value(v).ok()))
}

/// A contest as it travels: everything, with sheet versions.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ContestWire {
    pub contest: ContestMeta,
    pub criteria: Vec<Criterion>,
    pub judges: Vec<Judge>,
    pub entries: Vec<Entry>,
    pub awards: Vec<AwardTier>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub units: Vec<crate::domain::unit::Unit>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<crate::domain::entry::FieldName>,
    pub rules: Rules,
    pub rounds: Vec<Round>,
    pub published: bool,
    #[serde(default)]
    pub conflicts: Vec<Conflict>,
    #[serde(default)]
    pub assignments: Vec<Assignment>,
    #[serde(default)]
    pub rubric_unlock: Option<RubricNotice>,
    #[serde(default)]
    pub rubric_changed: Option<RubricNotice>,
    /// The chair's reminders the viewer may see (their own; all, for a chair).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reminders: Vec<crate::domain::reminder::Reminder>,
    pub sheets: Vec<Sheet>,
    pub notes: Vec<Note>,
    /// The published standing, for a member recused from an entry.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub official: Vec<Standing>,
}

impl From<&Contest> for ContestWire {
    fn from(c: &Contest) -> ContestWire {
        ContestWire {
            contest: c.meta.clone(),
            criteria: c.rubric.criteria.clone(),
            judges: c.judges.clone(),
            entries: c.entries.clone(),
            awards: c.awards.clone(),
            units: c.units.clone(),
            fields: c.fields.clone(),
            rules: c.rules.clone(),
            rounds: c.rounds.clone(),
            published: c.published,
            conflicts: c.conflicts.clone(),
            assignments: c
                .assignments
                .iter()
                .map(|(r, e, j)| Assignment {
                    round: Some(r.to_string()),
                    entry: e.to_string(),
                    judge: j.to_string(),
                })
                .collect(),
            rubric_unlock: c.rubric_unlock.clone(),
            rubric_changed: c.rubric_changed.clone(),
            reminders: c.reminders.clone(),
            sheets: c.sheets.values().cloned().collect(),
            notes: c.notes.values().cloned().collect(),
            official: c.official.clone(),
        }
    }
}

impl From<ContestWire> for Contest {
    fn from(w: ContestWire) -> Contest {
        let mut c = Contest::default();
        c.meta = w.contest;
        c.rubric = Rubric::new(w.criteria);
        c.judges = w.judges;
        c.entries = w.entries;
        c.awards = w.awards;
        c.units = w.units;
        c.fields = w.fields;
        c.rules = w.rules;
        c.rounds = w.rounds;
        c.published = w.published;
        c.conflicts = w.conflicts;
        for a in w.assignments {
            let round = a.round.unwrap_or_else(|| c.current_round().to_string());
            c.assignments.add(&round, &a.entry, &a.judge);
        }
        c.rubric_unlock = w.rubric_unlock;
        c.rubric_changed = w.rubric_changed;
        c.reminders = w.reminders;
        c.official = w.official;
        c.reindex();
        for s in w.sheets {
            c.put_sheet(s);
        }
        for n in w.notes {
            c.put_note(n);
        }
        c
    }
}

/// One frame as a line.
pub fn encode<T: Serialize>(frame: &T) -> String {
    // Frames hold only strings, numbers and string-keyed maps: this cannot fail.
    let mut line = serde_json::to_string(frame).expect("frames serialize");
    line.push('\n');
    line
}

/// Why a line from a client is not a request.
#[derive(Debug)]
pub struct FrameError(serde_json::Error);

impl std::fmt::Display for FrameError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "not a request: {}", self.0)
    }
}

impl std::error::Error for FrameError {}

/// Decodes one request line (as `read_line` returns it, without the newline).
/// Pure, so the fuzz target in tests/fuzz exercises exactly what the server runs.
pub fn decode_request(line: &[u8]) -> Result<Request, FrameError> {
    serde_json::from_slice(line).map_err(FrameError)
}

/// Reads one line of at most `max` bytes (without the newline). `Ok(None)` at
/// the end of the stream; `Err(TooLarge)` when the line is longer.
pub fn read_line(
    reader: &mut impl std::io::BufRead,
    max: usize,
) -> Result<Option<Vec<u8>>, LineError> {
    let mut line = Vec::new();
    loop {
        let buf = reader.fill_buf().map_err(LineError::Io)?;
        if buf.is_empty() {
            return if line.is_empty() {
                Ok(None)
            } else {
                Err(LineError::Truncated)
            };
        }
        match buf.iter().position(|&b| b == b'\n') {
            Some(i) => {
                if line.len() + i > max {
                    return Err(LineError::TooLarge);
                }
                line.extend_from_slice(&buf[..i]);
                reader.consume(i + 1);
                return Ok(Some(line));
            }
            None => {
                let n = buf.len();
                if line.len() + n > max {
                    return Err(LineError::TooLarge);
                }
                line.extend_from_slice(buf);
                reader.consume(n);
            }
        }
    }
}

#[derive(Debug)]
pub enum LineError {
    TooLarge,
    /// The stream ended in the middle of a line.
    Truncated,
    Io(std::io::Error),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_read_as_scripts_write_them() {
        let r: Request = serde_json::from_str(r#"{"id": 7, "op": "hello", "version": 1}"#).unwrap();
        assert_eq!(
            r,
            Request {
                id: 7,
                op: Op::Hello { version: 1 }
            }
        );
        let r: Request = serde_json::from_str(
            r#"{"id": 8, "op": "apply", "change": {"op": "submit", "key": {"round": "main", "entry": "SK01", "judge": "GK02"}, "base": 3}}"#,
        )
        .unwrap();
        assert!(matches!(
            r.op,
            Op::Apply {
                change: Change::Submit { base: 3, .. }
            }
        ));
    }

    #[test]
    fn a_line_decodes_to_a_request_or_says_why_not() {
        assert_eq!(
            decode_request(br#"{"id": 3, "op": "ping"}"#).unwrap(),
            Request {
                id: 3,
                op: Op::Ping
            }
        );
        for bad in [
            &b""[..],
            b"ping",
            b"{\"id\": 3}",
            b"{\"id\": -1, \"op\": \"ping\"}",
            b"{\"id\": 3, \"op\": \"shout\"}",
            b"{\"id\": 3, \"op\": \"ping\"} trailing",
            b"\xff\xfe",
        ] {
            let e = decode_request(bad).unwrap_err();
            assert!(e.to_string().starts_with("not a request: "), "{e}");
        }
    }

    #[test]
    fn lines_are_bounded() {
        let mut input: &[u8] = b"short\nthis line is far too long\n";
        assert_eq!(read_line(&mut input, 10).unwrap(), Some(b"short".to_vec()));
        assert!(matches!(
            read_line(&mut input, 10),
            Err(LineError::TooLarge)
        ));
        let mut cut: &[u8] = b"no newline";
        assert!(matches!(
            read_line(&mut cut, 100),
            Err(LineError::Truncated)
        ));
        let mut empty: &[u8] = b"";
        assert!(matches!(read_line(&mut empty, 100), Ok(None)));
    }
}
