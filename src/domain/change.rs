//! Every change a member can make, and the rules that decide whether it is allowed.
//!
//! The store applies a `Change` in one transaction, the server forwards it, and
//! the audit trail records it; all of them use `apply` so the rules live here once.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use super::contest::Contest;
use super::panel::Judge;
use super::points::Points;
use super::round::Round;
use super::rubric::Criterion;
use super::rubric::PointsProblem;
use super::sheet::{Annotation, Marks, Note, Sheet, SheetKey, SheetState};

/// A change to one sheet or note, made on top of the version the member saw.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum Change {
    /// Replace a draft's points.
    SaveSheet {
        key: SheetKey,
        points: BTreeMap<String, Points>,
        base: u64,
    },
    Submit {
        key: SheetKey,
        base: u64,
    },
    Reopen {
        key: SheetKey,
        base: u64,
        #[serde(default)]
        reason: String,
    },
    /// Replace the whole note record: the overall text, the remarks per
    /// criterion and the annotations (one version for all three).
    SaveNote {
        key: SheetKey,
        text: String,
        base: u64,
        #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
        remarks: BTreeMap<String, String>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        annotations: Vec<Annotation>,
    },
}

/// The longest id (of a member, entry, criterion or round) jury accepts.
pub const MAX_ID_CHARS: usize = 64;

/// The stored sheet gives a member's id one length byte, so an id must also
/// fit in 255 bytes of UTF-8 (64 four-byte characters do not).
pub const MAX_ID_BYTES: usize = 255;

/// The same rule as the contest file reader's: ids go into keys, so no
/// control character (the key separator is one), no space, and not too long.
pub fn usable_id(id: &str) -> bool {
    id_problem(id).is_none()
}

/// What can be wrong with an id (worded by the catalog in both languages).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "id_problem", rename_all = "snake_case")]
pub enum IdProblem {
    Empty,
    TooLong,
    TooManyBytes { bytes: usize },
    Spaces { id: String },
}

impl fmt::Display for IdProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IdProblem::Empty => write!(f, "the id is empty"),
            IdProblem::TooLong => write!(f, "the id is longer than {MAX_ID_CHARS} characters"),
            IdProblem::TooManyBytes { bytes } => write!(
                f,
                "the id is {bytes} bytes long in UTF-8, more than the {MAX_ID_BYTES} jury can store; use fewer or plainer (e.g. unaccented) characters"
            ),
            IdProblem::Spaces { id } => write!(
                f,
                "the id \"{id}\" has spaces or control characters; use letters, digits, - or _"
            ),
        }
    }
}

/// What is wrong with `id` as an id, if anything.
pub fn id_problem(id: &str) -> Option<IdProblem> {
    if id.is_empty() {
        Some(IdProblem::Empty)
    } else if id.chars().count() > MAX_ID_CHARS {
        Some(IdProblem::TooLong)
    } else if id.len() > MAX_ID_BYTES {
        Some(IdProblem::TooManyBytes { bytes: id.len() })
    } else if id
        .chars()
        .any(|c| c.is_whitespace() || c.is_control() || super::escape::is_control(c))
    {
        Some(IdProblem::Spaces {
            id: super::escape::terminal_line(id).into_owned(),
        })
    } else {
        None
    }
}

/// A change to the contest itself: the chair's, but for a member's own recusal.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum CouncilChange {
    /// The secretary's (or the chair's) record of the meeting, replaced whole.
    SetMeeting {
        meeting: super::meeting::Meeting,
    },
    /// Show (or hide again) every sheet and the ranking to the whole council.
    Publish {
        published: bool,
    },
    AddJudge {
        judge: Judge,
    },
    RemoveJudge {
        judge: String,
    },
    /// A member steps back from an entry (themselves, or by the chair).
    Recuse {
        judge: String,
        entry: String,
        reason: String,
    },
    /// The chair finds that a proposed same-unit conflict is none.
    DismissConflict {
        judge: String,
        entry: String,
        reason: String,
    },
    /// Share the round's entries out, `per_entry` members each. Members with
    /// a sheet keep their entries; `force` lets unfinished notes go.
    Assign {
        round: String,
        per_entry: u32,
        #[serde(default)]
        force: bool,
    },
    /// One more member for an entry (a third marking after a disagreement).
    AddMarker {
        round: String,
        entry: String,
        judge: String,
    },
    /// The chair takes back one more marker (an `AddMarker`); refused once
    /// that member has a sheet for the entry, which would be stranded.
    RemoveMarker {
        round: String,
        entry: String,
        judge: String,
        reason: String,
    },
    /// The chair takes back a sharing-out (an `Assign`): the round's
    /// (entry, member) pairs as they were before it; none means every
    /// member marks every entry. Members with a sheet keep their entries.
    RestoreAssignments {
        round: String,
        pairs: Vec<(String, String)>,
        reason: String,
    },
    /// The chair leaves `judge` a reminder, shown when they next open jury.
    Remind {
        judge: String,
        text: String,
    },
    /// A member (or the chair) clears the reminders left for `judge`.
    DismissReminders {
        judge: String,
    },
    /// Allow the rubric to change although sheets were submitted.
    UnlockRubric {
        reason: String,
    },
    SetRubric {
        criteria: Vec<Criterion>,
        reason: String,
    },
    /// The secretariat's screening: admit entries, hold them pending, or
    /// reject them with a reason.
    SetStatus {
        entries: Vec<String>,
        status: super::entry::Status,
        #[serde(default)]
        reason: String,
    },
    /// Close `from` and open `to` with the entries that passed `rule`.
    AdvanceRound {
        from: String,
        to: Round,
        entries: Vec<String>,
        /// `min 75 (mean)` or `top 20 (mean)`: how the entries were chosen.
        rule: String,
    },
}

/// The record a change writes: a sheet or a note.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Record {
    Sheet(Sheet),
    Note(Note),
}

impl Record {
    pub fn version(&self) -> u64 {
        match self {
            Record::Sheet(s) => s.version,
            Record::Note(n) => n.version,
        }
    }
}

/// What a change touches.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    Sheet,
    Note,
}

impl Change {
    pub fn key(&self) -> &SheetKey {
        match self {
            Change::SaveSheet { key, .. }
            | Change::Submit { key, .. }
            | Change::Reopen { key, .. }
            | Change::SaveNote { key, .. } => key,
        }
    }

    pub fn base(&self) -> u64 {
        match self {
            Change::SaveSheet { base, .. }
            | Change::Submit { base, .. }
            | Change::Reopen { base, .. }
            | Change::SaveNote { base, .. } => *base,
        }
    }

    pub fn target(&self) -> Target {
        match self {
            Change::SaveNote { .. } => Target::Note,
            _ => Target::Sheet,
        }
    }
}

/// Why a change was refused.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "error", rename_all = "snake_case")]
pub enum ChangeError {
    /// A member may write only their own sheets and notes.
    NotYours {
        judge: String,
    },
    UnknownEntry {
        entry: String,
    },
    UnknownJudge {
        judge: String,
    },
    UnknownRound {
        round: String,
    },
    UnknownCriterion {
        criterion: String,
    },
    AboveMax {
        criterion: String,
        points: Points,
        max: Points,
    },
    OffStep {
        criterion: String,
        points: Points,
        step: Points,
    },
    /// Someone saved this record since the member loaded it.
    Stale {
        /// Boxed: a record is large, and this error travels by value.
        current: Option<Box<Record>>,
    },
    /// Only the chair may change the contest, the council or what is published.
    ChairOnly,
    /// A secretary who is not also a member keeps no sheets.
    DoesNotScore,
    /// Only the chair and the secretary record the meeting.
    ChairOrSecretaryOnly,
    /// Only the chair and the secretary screen entries (admit, reject).
    ScreeningChairOrSecretary,
    /// The entry is pending or rejected: it is not scored until admitted.
    NotAdmitted {
        entry: String,
        status: super::entry::Status,
    },
    BadMeeting {
        at: String,
        problem: super::meeting::MeetingProblem,
    },
    JudgeExists {
        judge: String,
    },
    LoginTaken {
        login: String,
        judge: String,
    },
    /// A member with sheets or notes cannot be removed without losing them.
    JudgeHasWork {
        judge: String,
        sheets: usize,
    },
    LastChair,
    /// Taking a marker back would strand the sheet they started.
    MarkerHasSheet {
        judge: String,
        entry: String,
    },
    /// A member's id that cannot be a key's part.
    BadJudgeId {
        id: String,
    },
    /// A member without a name.
    NoName,
    /// The member recused themselves from this entry.
    Recused {
        entry: String,
    },
    /// The round shares entries out and this one is not the member's.
    NotAssigned {
        entry: String,
    },
    RoundClosed {
        round: String,
    },
    /// Sheets are submitted: the chair must unlock the rubric, with a reason.
    RubricLocked,
    ReasonRequired,
    /// The rubric sent breaks its rules: (place, what) each.
    BadRubric {
        problems: Vec<(String, super::rubric::RubricProblem)>,
    },
    /// Fewer members free of conflict than the entry needs.
    TooFewFree {
        entry: String,
        free: usize,
        wanted: usize,
    },
    ZeroPerEntry,
    /// The round does not share entries out: one more marker means nothing.
    EveryoneMarksAll,
    /// The next round's id is the closing one's, or not usable.
    BadNextRound {
        from: String,
    },
    /// The next round is defined before the one closing.
    RoundBefore {
        to: String,
        from: String,
    },
    /// A returned sheet made for another rubric.
    PacketRubricChanged,
    AlreadySubmitted,
    NotSubmitted,
    Incomplete {
        missing: Vec<String>,
    },
    /// A return without a packet token, or with one this database never issued.
    PacketUnknown,
    /// The packet's return was merged already; a token is spent once.
    PacketSpent {
        packet: String,
        at: String,
    },
    /// The return claims another member than the one its packet was made for.
    PacketNotFor {
        packet: String,
        judge: String,
        claimed: String,
    },
    /// The return holds a sheet or note outside its packet's round and entries.
    PacketOutside {
        packet: String,
        round: String,
        entry: String,
    },
    /// A new assignment would take entries from members with unfinished
    /// work there (`member entry`, one each).
    WouldTakeDrafts {
        drafts: Vec<String>,
    },
    /// A note longer than `MAX_NOTE_BYTES`.
    NoteTooLong {
        bytes: usize,
    },
    /// A reason longer than `MAX_REASON_BYTES`.
    ReasonTooLong {
        bytes: usize,
    },
    /// A remark on a criterion longer than `MAX_REMARK_BYTES`.
    RemarkTooLong {
        criterion: String,
        bytes: usize,
    },
    /// More than `MAX_ANNOTATIONS` annotations on one sheet.
    TooManyAnnotations {
        count: usize,
    },
    /// Annotation `number` (from 1) has a comment or passage too long, or
    /// its last line before its first.
    BadAnnotation {
        number: usize,
    },
    /// This public key is on the council already (sshd would take the first line).
    KeyTaken {
        fingerprint: String,
        id: String,
        member: String,
    },
    /// No SSH key with this id (never added, or removed).
    KeyUnknown {
        id: String,
    },
    /// The public key sent is not one usable key.
    BadKey {
        problem: String,
    },
}

/// The longest note a member may keep: pages of remarks, not a file (the
/// audit trail keeps every version, so this bounds what one save can cost).
pub const MAX_NOTE_BYTES: usize = 64 * 1024;

/// The longest remark on one criterion: a few sentences beside the points.
pub const MAX_REMARK_BYTES: usize = 1024;

/// The most annotations one member keeps on one entry.
pub const MAX_ANNOTATIONS: usize = 200;

/// The longest comment of one annotation.
pub const MAX_COMMENT_BYTES: usize = 4 * 1024;

/// The longest reason for a reopening, a recusal or an unlocking.
pub const MAX_REASON_BYTES: usize = 4 * 1024;

fn check_reason(reason: &str) -> Result<(), ChangeError> {
    if reason.len() > MAX_REASON_BYTES {
        return Err(ChangeError::ReasonTooLong {
            bytes: reason.len(),
        });
    }
    Ok(())
}

impl fmt::Display for ChangeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ChangeError::NotYours { judge } => write!(
                f,
                "this sheet belongs to {judge}; you can change only your own"
            ),
            ChangeError::UnknownEntry { entry } => write!(f, "there is no entry {entry}"),
            ChangeError::UnknownJudge { judge } => write!(f, "there is no judge {judge}"),
            ChangeError::UnknownRound { round } => write!(f, "there is no round {round}"),
            ChangeError::UnknownCriterion { criterion } => {
                write!(f, "there is no criterion {criterion}")
            }
            ChangeError::AboveMax {
                criterion,
                points,
                max,
            } => {
                write!(f, "{points} is above the maximum of {max} for {criterion}")
            }
            ChangeError::OffStep {
                criterion,
                points,
                step,
            } => {
                write!(f, "{points} is not a multiple of {step} for {criterion}")
            }
            ChangeError::Stale { .. } => write!(f, "someone saved this since you opened it"),
            ChangeError::ChairOnly => write!(f, "only the chair can do this"),
            ChangeError::DoesNotScore => {
                write!(f, "a secretary who is not a member does not score")
            }
            ChangeError::ScreeningChairOrSecretary => {
                write!(
                    f,
                    "only the chair or the secretary can admit or reject entries"
                )
            }
            ChangeError::NotAdmitted { entry, status } => write!(
                f,
                "entry {entry} is {}: only admitted entries are scored; the secretary runs `jury entries admit` once its papers are in order",
                status.word()
            ),
            ChangeError::ChairOrSecretaryOnly => {
                write!(f, "only the chair or the secretary can record the meeting")
            }
            ChangeError::BadMeeting { at, problem } => write!(f, "{at}: {problem}"),
            ChangeError::JudgeExists { judge } => {
                write!(f, "the council already has a member {judge}")
            }
            ChangeError::LoginTaken { login, judge } => {
                write!(f, "the login {login} already belongs to {judge}")
            }
            ChangeError::MarkerHasSheet { judge, entry } => write!(
                f,
                "{judge} already has a sheet for {entry}; a marker with a sheet cannot be taken back"
            ),
            ChangeError::JudgeHasWork { judge, sheets } => {
                write!(
                    f,
                    "{judge} has {sheets} sheets or notes; a member with work cannot be removed"
                )
            }
            ChangeError::LastChair => write!(f, "the council would have no chair left"),
            ChangeError::Recused { entry } => write!(f, "you are recused from {entry}"),
            ChangeError::NotAssigned { entry } => {
                write!(f, "{entry} is not assigned to you in this round")
            }
            ChangeError::RoundClosed { round } => write!(f, "the round {round} is closed"),
            ChangeError::RubricLocked => write!(
                f,
                "the rubric is locked because sheets were submitted; the chair can unlock it with a reason"
            ),
            ChangeError::ReasonRequired => write!(f, "a reason is required"),
            ChangeError::NoteTooLong { bytes } => write!(
                f,
                "the note is {bytes} bytes, longer than the {MAX_NOTE_BYTES} a note may be; shorten it"
            ),
            ChangeError::ReasonTooLong { bytes } => write!(
                f,
                "the reason is {bytes} bytes, longer than the {MAX_REASON_BYTES} a reason may be; shorten it"
            ),
            ChangeError::RemarkTooLong { criterion, bytes } => write!(
                f,
                "the remark on {criterion} is {bytes} bytes, longer than the {MAX_REMARK_BYTES} a remark may be; shorten it"
            ),
            ChangeError::TooManyAnnotations { count } => write!(
                f,
                "{count} annotations, more than the {MAX_ANNOTATIONS} one sheet may hold; delete some"
            ),
            ChangeError::BadAnnotation { number } => write!(
                f,
                "annotation {number} has a comment longer than {MAX_COMMENT_BYTES} bytes, a passage longer than {} bytes, or its last line before its first; shorten it or mark it again",
                super::sheet::MAX_PASSAGE_BYTES
            ),
            ChangeError::BadRubric { problems } => {
                let list: Vec<String> = problems
                    .iter()
                    .map(|(at, what)| format!("{at}: {what}"))
                    .collect();
                write!(f, "{}", list.join("; "))
            }
            ChangeError::BadJudgeId { id } => write!(
                f,
                "\"{id}\" is not a usable id: use at most {MAX_ID_CHARS} letters, digits, - or _"
            ),
            ChangeError::NoName => write!(f, "the member needs a name"),
            ChangeError::TooFewFree {
                entry,
                free,
                wanted,
            } => write!(
                f,
                "{entry} needs {wanted} members but only {free} have no conflict with it; lower --per-entry or settle the conflicts"
            ),
            ChangeError::ZeroPerEntry => write!(f, "each entry needs at least one member"),
            ChangeError::EveryoneMarksAll => {
                write!(f, "every member already marks every entry in this round")
            }
            ChangeError::BadNextRound { from } => write!(
                f,
                "the next round needs an id other than {from}: at most {MAX_ID_CHARS} letters, digits, - or _"
            ),
            ChangeError::RoundBefore { to, from } => write!(f, "{to} comes before {from}"),
            ChangeError::PacketRubricChanged => write!(
                f,
                "the rubric changed since the packet was made; send a new packet"
            ),
            ChangeError::KeyTaken {
                fingerprint,
                id,
                member,
            } => write!(
                f,
                "the key {fingerprint} is already on the council as {id} of {member}"
            ),
            ChangeError::KeyUnknown { id } => write!(
                f,
                "there is no SSH key {id} (it was never added, or was removed); see jury ssh-key list"
            ),
            ChangeError::BadKey { problem } => write!(f, "not a usable public key: {problem}"),
            ChangeError::AlreadySubmitted => {
                write!(f, "the sheet is submitted; reopen it to change it")
            }
            ChangeError::NotSubmitted => write!(f, "the sheet is not submitted"),
            ChangeError::Incomplete { missing } => {
                write!(f, "not every criterion is scored: {}", missing.join(", "))
            }
            ChangeError::PacketUnknown => write!(
                f,
                "this return does not carry the secret of a packet this council issued (it was edited, or made from a packet of an older jury); nothing was merged. Make the member a new packet: jury --judge ID packet -o FILE"
            ),
            ChangeError::PacketSpent { packet, at } => write!(
                f,
                "the return of packet {packet} was already merged at {at}; nothing was merged. A new offline round needs a new packet (jury packet)"
            ),
            ChangeError::PacketNotFor {
                packet,
                judge,
                claimed,
            } => write!(
                f,
                "packet {packet} was made for {judge}, but this return claims to be {claimed}'s; nothing was merged"
            ),
            ChangeError::PacketOutside {
                packet,
                round,
                entry,
            } => write!(
                f,
                "the return holds a sheet for {entry} in round {round}, which packet {packet} did not hold; nothing was merged"
            ),
            ChangeError::WouldTakeDrafts { drafts } => write!(
                f,
                "this would take entries from members with unfinished notes there: {}; run again with --force to proceed",
                drafts.join(", ")
            ),
        }
    }
}

impl std::error::Error for ChangeError {}

/// Checks `change` by `actor` against `contest` and the record as stored now,
/// and returns the record to write (with its version bumped).
pub fn apply(
    contest: &Contest,
    actor: &Judge,
    current: Option<&Record>,
    change: &Change,
) -> Result<Record, ChangeError> {
    let key = change.key();
    check_key(contest, key)?;
    if *key.judge != *actor.id {
        return Err(ChangeError::NotYours {
            judge: key.judge.to_string(),
        });
    }
    if !actor.scores() {
        return Err(ChangeError::DoesNotScore);
    }
    if contest.is_recused(&key.judge, &key.entry) {
        return Err(ChangeError::Recused {
            entry: key.entry.to_string(),
        });
    }
    if let Some(e) = contest.entry(&key.entry)
        && !e.is_admitted()
    {
        return Err(ChangeError::NotAdmitted {
            entry: e.id.clone(),
            status: e.status,
        });
    }
    // A member can always finish a sheet or note they started.
    if current.is_none() && !contest.may_mark(&key.round, &key.entry, &key.judge) {
        return Err(ChangeError::NotAssigned {
            entry: key.entry.to_string(),
        });
    }
    if contest.round(&key.round).is_some_and(|r| r.closed) {
        return Err(ChangeError::RoundClosed {
            round: key.round.to_string(),
        });
    }
    if let Change::Reopen { reason, .. } = change {
        if reason.trim().is_empty() {
            return Err(ChangeError::ReasonRequired);
        }
        check_reason(reason)?;
    }
    if let Change::SaveNote {
        text,
        remarks,
        annotations,
        ..
    } = change
    {
        check_note(text, remarks, annotations)?;
        // A remark kept from before the rubric lost its criterion stays
        // (the member's words); a new or changed one names a criterion.
        let kept = |c: &str, r: &str| match current {
            Some(Record::Note(n)) => n.remark(c) == Some(r),
            _ => false,
        };
        if let Some((c, _)) = remarks
            .iter()
            .find(|(c, r)| contest.rubric.get(c).is_none() && !kept(c, r))
        {
            return Err(ChangeError::UnknownCriterion {
                criterion: c.clone(),
            });
        }
    }
    let current_version = current.map(Record::version).unwrap_or(0);
    if change.base() != current_version {
        return Err(ChangeError::Stale {
            current: current.cloned().map(Box::new),
        });
    }
    match change {
        Change::SaveNote {
            text,
            remarks,
            annotations,
            ..
        } => Ok(Record::Note(Note {
            key: key.clone(),
            text: super::text::nfc(text),
            version: current_version + 1,
            // A remark of only spaces is no remark.
            remarks: remarks
                .iter()
                .map(|(c, r)| (c.clone(), super::text::nfc(r.trim())))
                .filter(|(_, r)| !r.is_empty())
                .collect(),
            annotations: annotations
                .iter()
                .map(|a| Annotation {
                    passage: super::text::nfc(&a.passage),
                    comment: super::text::nfc(a.comment.trim()),
                    ..a.clone()
                })
                .collect(),
        })),
        _ => {
            let mut sheet = match current {
                Some(Record::Sheet(s)) => s.clone(),
                _ => Sheet::new(key.clone(), &contest.rubric),
            };
            apply_to_sheet(contest, &mut sheet, change)?;
            sheet.version = current_version + 1;
            Ok(Record::Sheet(sheet))
        }
    }
}

fn apply_to_sheet(
    contest: &Contest,
    sheet: &mut Sheet,
    change: &Change,
) -> Result<(), ChangeError> {
    match change {
        Change::SaveSheet { points, .. } => {
            if sheet.is_submitted() {
                return Err(ChangeError::AlreadySubmitted);
            }
            check_points(contest, points)?;
            sheet.marks = Marks::from_map(&contest.rubric, points)
                .map_err(|criterion| ChangeError::UnknownCriterion { criterion })?;
        }
        Change::Submit { .. } => {
            if sheet.is_submitted() {
                return Err(ChangeError::AlreadySubmitted);
            }
            let missing: Vec<String> = sheet
                .missing(&contest.rubric)
                .into_iter()
                .map(String::from)
                .collect();
            if !missing.is_empty() {
                return Err(ChangeError::Incomplete { missing });
            }
            sheet.state = SheetState::Submitted;
        }
        Change::Reopen { .. } => {
            if !sheet.is_submitted() {
                return Err(ChangeError::NotSubmitted);
            }
            sheet.state = SheetState::Draft;
            sheet.reopened += 1;
        }
        Change::SaveNote { .. } => {}
    }
    Ok(())
}

/// The note's limits: what one save may cost the server and the trail.
pub fn check_note(
    text: &str,
    remarks: &BTreeMap<String, String>,
    annotations: &[Annotation],
) -> Result<(), ChangeError> {
    if text.len() > MAX_NOTE_BYTES {
        return Err(ChangeError::NoteTooLong { bytes: text.len() });
    }
    for (criterion, remark) in remarks {
        if remark.len() > MAX_REMARK_BYTES {
            return Err(ChangeError::RemarkTooLong {
                criterion: criterion.clone(),
                bytes: remark.len(),
            });
        }
    }
    if annotations.len() > MAX_ANNOTATIONS {
        return Err(ChangeError::TooManyAnnotations {
            count: annotations.len(),
        });
    }
    if let Some(i) = annotations.iter().position(|a| {
        a.comment.len() > MAX_COMMENT_BYTES
            || a.passage.len() > super::sheet::MAX_PASSAGE_BYTES
            || a.last_line < a.first_line
    }) {
        return Err(ChangeError::BadAnnotation { number: i + 1 });
    }
    Ok(())
}

/// A council act names a member and an entry the contest has.
fn known_pair(contest: &Contest, judge: &str, entry: &str) -> Result<(), ChangeError> {
    if contest.judge(judge).is_none() {
        return Err(ChangeError::UnknownJudge {
            judge: judge.to_string(),
        });
    }
    if contest.entry(entry).is_none() {
        return Err(ChangeError::UnknownEntry {
            entry: entry.to_string(),
        });
    }
    Ok(())
}

fn check_key(contest: &Contest, key: &SheetKey) -> Result<(), ChangeError> {
    if contest.entry(&key.entry).is_none() {
        return Err(ChangeError::UnknownEntry {
            entry: key.entry.to_string(),
        });
    }
    if contest.judge(&key.judge).is_none() {
        return Err(ChangeError::UnknownJudge {
            judge: key.judge.to_string(),
        });
    }
    if contest.round(&key.round).is_none() {
        return Err(ChangeError::UnknownRound {
            round: key.round.to_string(),
        });
    }
    Ok(())
}

/// Every value names a criterion of the rubric and fits its max and step.
pub fn check_points(
    contest: &Contest,
    points: &BTreeMap<String, Points>,
) -> Result<(), ChangeError> {
    for (id, &p) in points {
        let criterion = contest
            .rubric
            .get(id)
            .ok_or_else(|| ChangeError::UnknownCriterion {
                criterion: id.clone(),
            })?;
        match criterion.check(p) {
            Ok(()) => {}
            Err(PointsProblem::AboveMax { max }) => {
                return Err(ChangeError::AboveMax {
                    criterion: id.clone(),
                    points: p,
                    max,
                });
            }
            Err(PointsProblem::OffStep { step }) => {
                return Err(ChangeError::OffStep {
                    criterion: id.clone(),
                    points: p,
                    step,
                });
            }
        }
    }
    Ok(())
}

/// Screens `entries`: a rejection needs its reason; admitting clears it.
fn set_status(
    next: &mut Contest,
    entries: &[String],
    status: super::entry::Status,
    reason: &str,
) -> Result<(), ChangeError> {
    let reason = super::text::nfc(reason.trim());
    if status == super::entry::Status::Rejected && reason.is_empty() {
        return Err(ChangeError::ReasonRequired);
    }
    check_reason(&reason)?;
    for id in entries {
        let Some(e) = next.entries.iter_mut().find(|e| e.id == *id) else {
            return Err(ChangeError::UnknownEntry { entry: id.clone() });
        };
        e.status = status;
        e.reason = if status.is_admitted() {
            String::new()
        } else {
            reason.clone()
        };
    }
    Ok(())
}

/// The meeting as the secretary or the chair records it, checked whole.
fn checked_meeting(
    contest: &Contest,
    meeting: &super::meeting::Meeting,
) -> Result<super::meeting::Meeting, ChangeError> {
    let mut meeting = meeting.clone();
    meeting.normalize();
    if let Some((at, problem)) = super::meeting::problems(contest, &meeting)
        .into_iter()
        .next()
    {
        return Err(ChangeError::BadMeeting { at, problem });
    }
    for d in &meeting.decisions {
        check_reason(&d.text)?;
    }
    Ok(meeting)
}

/// Checks a chair's change to the contest and returns the contest as it will be.
pub fn apply_council(
    contest: &Contest,
    actor: &Judge,
    change: &CouncilChange,
    now: &str,
) -> Result<Contest, ChangeError> {
    if matches!(change, CouncilChange::SetMeeting { .. }) {
        if !actor.is_chair() && !actor.is_secretary() {
            return Err(ChangeError::ChairOrSecretaryOnly);
        }
    } else if matches!(change, CouncilChange::SetStatus { .. }) {
        if !actor.is_chair() && !actor.is_secretary() {
            return Err(ChangeError::ScreeningChairOrSecretary);
        }
    } else if !actor.is_chair()
        && !matches!(change, CouncilChange::Recuse { judge, .. } if *judge == actor.id)
        && !matches!(change, CouncilChange::DismissReminders { judge } if *judge == actor.id)
    {
        return Err(ChangeError::ChairOnly);
    }
    match change {
        CouncilChange::Recuse { reason, .. }
        | CouncilChange::DismissConflict { reason, .. }
        | CouncilChange::RemoveMarker { reason, .. }
        | CouncilChange::Remind { text: reason, .. }
        | CouncilChange::RestoreAssignments { reason, .. }
        | CouncilChange::UnlockRubric { reason }
        | CouncilChange::SetRubric { reason, .. } => check_reason(reason)?,
        _ => {}
    }
    let mut next = contest.definition();
    match change {
        CouncilChange::SetMeeting { meeting } => {
            next.meeting = Some(checked_meeting(contest, meeting)?)
        }
        CouncilChange::Publish { published } => next.published = *published,
        CouncilChange::SetStatus {
            entries,
            status,
            reason,
        } => set_status(&mut next, entries, *status, reason)?,
        CouncilChange::AddJudge { judge } => {
            let mut judge = judge.clone();
            judge.id = super::text::nfc(&judge.id);
            judge.name = super::text::nfc(judge.name.trim());
            if !usable_id(&judge.id) {
                return Err(ChangeError::BadJudgeId { id: judge.id });
            }
            if judge.name.is_empty() {
                return Err(ChangeError::NoName);
            }
            if contest.judge(&judge.id).is_some() {
                return Err(ChangeError::JudgeExists { judge: judge.id });
            }
            if let Some(login) = &judge.user
                && let Some(other) = contest
                    .judges
                    .iter()
                    .find(|j| j.user.as_deref() == Some(login))
            {
                return Err(ChangeError::LoginTaken {
                    login: login.clone(),
                    judge: other.id.clone(),
                });
            }
            next.judges.push(judge);
        }
        CouncilChange::RemoveJudge { judge } => {
            let Some(member) = contest.judge(judge) else {
                return Err(ChangeError::UnknownJudge {
                    judge: judge.clone(),
                });
            };
            let work = contest
                .sheets
                .keys()
                .filter(|k| *k.judge == **judge)
                .count()
                + contest.notes.keys().filter(|k| *k.judge == **judge).count();
            if work > 0 {
                return Err(ChangeError::JudgeHasWork {
                    judge: judge.clone(),
                    sheets: work,
                });
            }
            if member.is_chair() && contest.judges.iter().filter(|j| j.is_chair()).count() == 1 {
                return Err(ChangeError::LastChair);
            }
            next.judges.retain(|j| j.id != *judge);
        }
        CouncilChange::Recuse {
            judge,
            entry,
            reason,
        }
        | CouncilChange::DismissConflict {
            judge,
            entry,
            reason,
        } => {
            known_pair(contest, judge, entry)?;
            let dismissed = matches!(change, CouncilChange::DismissConflict { .. });
            if !dismissed && reason.trim().is_empty() {
                return Err(ChangeError::ReasonRequired);
            }
            next.conflicts
                .retain(|c| !(c.judge == *judge && c.entry == *entry));
            next.conflicts.push(super::conflict::Conflict {
                judge: judge.clone(),
                entry: entry.clone(),
                reason: super::text::nfc(reason.trim()),
                dismissed,
            });
            if !dismissed {
                // A recused member is no longer assigned to the entry.
                let rounds: Vec<String> = next.rounds.iter().map(|r| r.id.clone()).collect();
                for r in rounds {
                    next.assignments.remove(&r, entry, judge);
                }
            }
        }
        CouncilChange::Assign {
            round,
            per_entry,
            force,
        } => {
            if contest.round(round).is_none() {
                return Err(ChangeError::UnknownRound {
                    round: round.clone(),
                });
            }
            let kept = super::assignment::with_sheets(contest, round);
            let fresh = super::assignment::assign(contest, round, *per_entry as usize, &kept)
                .map_err(|e| match e {
                    super::assignment::AssignError::TooFewFor {
                        entry,
                        free,
                        wanted,
                    } => ChangeError::TooFewFree {
                        entry,
                        free,
                        wanted,
                    },
                    super::assignment::AssignError::ZeroPerEntry => ChangeError::ZeroPerEntry,
                })?;
            let taken = super::assignment::drafts_taken(contest, round, &fresh);
            if !force && !taken.is_empty() {
                return Err(ChangeError::WouldTakeDrafts {
                    drafts: taken.iter().map(|(e, j)| format!("{j} {e}")).collect(),
                });
            }
            next.assignments.clear_round(round);
            for (r, e, j) in fresh.iter() {
                next.assignments.add(r, e, j);
            }
        }
        CouncilChange::AddMarker {
            round,
            entry,
            judge,
        } => {
            known_pair(contest, judge, entry)?;
            if super::assignment::conflicted(contest, judge, entry) {
                return Err(ChangeError::Recused {
                    entry: entry.clone(),
                });
            }
            if !contest.assignments.has_round(round) {
                return Err(ChangeError::EveryoneMarksAll);
            }
            next.assignments.add(round, entry, judge);
        }
        CouncilChange::RemoveMarker {
            round,
            entry,
            judge,
            ..
        } => {
            known_pair(contest, judge, entry)?;
            if contest.sheet(&SheetKey::new(round, entry, judge)).is_some() {
                return Err(ChangeError::MarkerHasSheet {
                    judge: judge.clone(),
                    entry: entry.clone(),
                });
            }
            next.assignments.remove(round, entry, judge);
        }
        CouncilChange::RestoreAssignments { round, pairs, .. } => {
            if contest.round(round).is_none() {
                return Err(ChangeError::UnknownRound {
                    round: round.clone(),
                });
            }
            next.assignments.clear_round(round);
            if !pairs.is_empty() {
                // Work done since stays markable: no sheet is stranded.
                let kept = super::assignment::with_sheets(contest, round);
                for (e, j) in pairs.iter().chain(kept.iter()) {
                    if contest.entry(e).is_some() && contest.judge(j).is_some() {
                        next.assignments.add(round, e, j);
                    }
                }
            }
        }
        CouncilChange::Remind { judge, text } => {
            if contest.judge(judge).is_none() {
                return Err(ChangeError::UnknownJudge {
                    judge: judge.clone(),
                });
            }
            if text.trim().is_empty() {
                return Err(ChangeError::ReasonRequired);
            }
            next.reminders.push(super::reminder::Reminder {
                judge: judge.clone(),
                text: super::text::nfc(text.trim()),
                by: actor.id.clone(),
                at: now.to_string(),
            });
        }
        CouncilChange::DismissReminders { judge } => {
            next.reminders.retain(|r| r.judge != *judge);
        }
        CouncilChange::UnlockRubric { reason } => {
            if reason.trim().is_empty() {
                return Err(ChangeError::ReasonRequired);
            }
            next.rubric_unlock = Some(super::round::RubricNotice {
                by: actor.id.clone(),
                at: now.to_string(),
                reason: super::text::nfc(reason.trim()),
            });
        }
        CouncilChange::AdvanceRound {
            from,
            to,
            entries,
            rule,
        } => {
            let Some(i) = contest.rounds.iter().position(|r| r.id == *from) else {
                return Err(ChangeError::UnknownRound {
                    round: from.clone(),
                });
            };
            if contest.rounds[i].closed {
                return Err(ChangeError::RoundClosed {
                    round: from.clone(),
                });
            }
            if let Some(e) = entries.iter().find(|e| contest.entry(e).is_none()) {
                return Err(ChangeError::UnknownEntry { entry: e.clone() });
            }
            // A round id is part of every sheet's key: no separator may slip in.
            if to.id == *from || !usable_id(&to.id) {
                return Err(ChangeError::BadNextRound { from: from.clone() });
            }
            next.rounds[i].closed = true;
            let advanced = super::round::Advance {
                from: from.clone(),
                by: actor.id.clone(),
                at: now.to_string(),
                rule: rule.clone(),
            };
            let round = Round {
                entries: Some(entries.clone()),
                closed: false,
                advanced: Some(advanced),
                ..to.clone()
            };
            match next.rounds.iter().position(|r| r.id == to.id) {
                Some(k) if k > i => {
                    next.rounds[k] = Round {
                        name: next.rounds[k].name.clone(),
                        ..round
                    }
                }
                Some(_) => {
                    return Err(ChangeError::RoundBefore {
                        to: to.id.clone(),
                        from: from.clone(),
                    });
                }
                None => next.rounds.push(round),
            }
        }
        CouncilChange::SetRubric { criteria, reason } => {
            if contest.rubric_locked(contest.current_round()) {
                return Err(ChangeError::RubricLocked);
            }
            let problems = super::rubric::problems(criteria);
            if !problems.is_empty() {
                return Err(ChangeError::BadRubric { problems });
            }
            next.rubric = super::rubric::Rubric::new(criteria.clone());
            // The leave to change it is used up; the members are told.
            next.rubric_unlock = None;
            next.rubric_changed = Some(super::round::RubricNotice {
                by: actor.id.clone(),
                at: now.to_string(),
                reason: super::text::nfc(reason.trim()),
            });
        }
    }
    Ok(next)
}
