//! Every string the interface shows, in Vietnamese and English.
//!
//! `T::X.get(lang)` gives the text; templates mark their arguments `{}` and
//! are filled in order by `fill`.

mod catalog;
pub mod help;
mod server;

pub use server::refusal as server_refusal;

pub use catalog::T;

use crate::domain::Lang;
use crate::domain::change::ChangeError;

/// Fills each `{}` of `template` with the next argument.
pub fn fill(template: &str, args: &[&dyn std::fmt::Display]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut args = args.iter();
    let mut rest = template;
    while let Some(i) = rest.find("{}") {
        out.push_str(&rest[..i]);
        if let Some(a) = args.next() {
            out.push_str(&a.to_string());
        }
        rest = &rest[i + 2..];
    }
    out.push_str(rest);
    out
}

impl T {
    /// The template filled with `args`.
    pub fn with(self, lang: Lang, args: &[&dyn std::fmt::Display]) -> String {
        fill(self.get(lang), args)
    }
}

/// A sheet or note the audit trail does not account for, in `lang`.
pub fn mismatch(m: &crate::domain::audit_match::Mismatch, lang: Lang) -> String {
    use crate::domain::audit_match::{Kind, Mismatch};
    match m {
        Mismatch::Differs { kind, key, seq } => {
            let t = match kind {
                Kind::Sheet => T::AuditSheetDiffers,
                Kind::Note => T::AuditNoteDiffers,
            };
            t.with(lang, &[&key.judge, &key.entry, &key.round, seq])
        }
        Mismatch::SinceBulk { seq } => T::AuditSinceBulk.with(lang, &[seq]),
    }
}

/// How a member's place in the council is written for people.
pub fn role_title(j: &crate::domain::Judge) -> T {
    use crate::domain::Role;
    match j.role {
        Role::Chair => T::RoleChair,
        Role::ViceChair => T::RoleViceChair,
        Role::Member if j.secretary => T::RoleMemberSecretary,
        Role::Member => T::RoleMember,
        Role::Secretary => T::RoleSecretary,
    }
}

/// A meeting record's problem, in the member's language.
pub fn meeting_problem(p: &crate::domain::meeting::MeetingProblem, lang: Lang) -> String {
    use crate::domain::meeting::MeetingProblem as P;
    let t = |t: T, args: &[&dyn std::fmt::Display]| t.with(lang, args);
    match p {
        P::BadDate(d) => t(T::MeetBadDate, &[d]),
        P::BadTime(x) => t(T::MeetBadTime, &[x]),
        P::UnknownMember(j) => t(T::MeetUnknownMember, &[j]),
        P::Twice(j) => t(T::MeetTwice, &[j]),
        P::NoReason(j) => t(T::MeetNoReason, &[j]),
        P::UnknownEntry(e) => t(T::RefUnknownEntry, &[e]),
        P::UnknownAward(a) => t(T::MeetUnknownAward, &[a]),
        P::TooManyVotes { votes, present } => t(T::MeetTooManyVotes, &[votes, present]),
    }
}

/// An id's problem, in `lang`.
pub fn id_problem(p: &crate::domain::change::IdProblem, lang: Lang) -> String {
    use crate::domain::change::{IdProblem as P, MAX_ID_BYTES, MAX_ID_CHARS};
    match p {
        P::Empty => T::IdEmpty.get(lang).to_string(),
        P::TooLong => T::IdTooLong.with(lang, &[&MAX_ID_CHARS]),
        P::TooManyBytes { bytes } => T::IdTooManyBytes.with(lang, &[bytes, &MAX_ID_BYTES]),
        P::Spaces { id } => T::IdSpaces.with(lang, &[id]),
    }
}

/// A rubric's problem, in `lang`.
pub fn rubric_problem(p: &crate::domain::rubric::RubricProblem, lang: Lang) -> String {
    use crate::domain::rubric::{MAX_CRITERIA, RubricProblem as P};
    match p {
        P::Empty => T::RubricEmpty.get(lang).to_string(),
        P::TooMany { count } => T::RubricTooMany.with(lang, &[count, &MAX_CRITERIA]),
        P::Id { problem } => id_problem(problem, lang),
        P::Twice { id, first } => T::RubricTwice.with(lang, &[id, first]),
        P::ZeroMax => T::RubricZeroMax.get(lang).to_string(),
        P::ZeroStep => T::RubricZeroStep.get(lang).to_string(),
        P::MaxOffStep { max, step } => T::RubricMaxOffStep.with(lang, &[max, step]),
        P::MinAboveMax { min, max } => T::RubricMinAboveMax.with(lang, &[min, max]),
        P::BadBand { from, to, max } => T::RubricBadBand.with(lang, &[from, to, max]),
    }
}

/// serde_json's words about a contest file: as they are in English; in
/// Vietnamese for the mistakes people make by hand (a missing comma, a
/// field misspelt, a number in quotes), else wrapped in a sentence.
pub fn json_problem(message: &str, lang: Lang) -> String {
    if lang == Lang::En {
        return message.to_string();
    }
    // A name between backticks: `id` in "missing field `id`".
    let ticked = |m: &str| m.split('`').nth(1).unwrap_or_default().to_string();
    let t = |t: T, args: &[&dyn std::fmt::Display]| t.with(lang, args);
    if message.starts_with("EOF while parsing") {
        t(T::FileJsonEof, &[])
    } else if message.starts_with("expected value") {
        t(T::FileJsonValue, &[])
    } else if let Some(rest) = message.strip_prefix("expected `,` or `") {
        t(T::FileJsonComma, &[&rest.trim_end_matches('`')])
    } else if message.starts_with("key must be a string") {
        t(T::FileJsonKey, &[])
    } else if message.starts_with("trailing") {
        t(T::FileJsonTrailing, &[])
    } else if message.starts_with("missing field") {
        t(T::FileJsonMissing, &[&ticked(message)])
    } else if message.starts_with("unknown field") {
        t(T::FileJsonUnknown, &[&ticked(message)])
    } else if message.starts_with("unknown variant") {
        let choices = message
            .split_once("expected ")
            .map(|(_, c)| c.replace("one of ", "").replace('`', ""))
            .unwrap_or_default();
        t(T::FileJsonVariant, &[&ticked(message), &choices])
    } else if let Some((_, wanted)) = message
        .strip_prefix("invalid type: ")
        .and_then(|m| m.split_once(", expected "))
    {
        t(T::FileJsonType, &[&json_kind(wanted, lang)])
    } else {
        t(T::FileJson, &[&message])
    }
}

/// What serde says it expected (`struct ContestMeta`, `a string`), in words.
fn json_kind(wanted: &str, lang: Lang) -> String {
    let t = if wanted.starts_with("struct")
        || wanted.starts_with("a map")
        || wanted.contains("object")
    {
        T::JsonObject
    } else if wanted.contains("sequence") {
        T::JsonList
    } else if wanted.contains("string") {
        T::JsonString
    } else if wanted.starts_with('u') || wanted.starts_with('i') || wanted.contains("integer") {
        T::JsonInteger
    } else if wanted.starts_with('f') || wanted.contains("number") || wanted.contains("points") {
        T::JsonNumber
    } else if wanted.contains("bool") {
        T::JsonBool
    } else {
        return wanted.to_string();
    };
    t.get(lang).to_string()
}

/// Why a member is proposed as conflicted with an entry, as the council reads it.
pub fn ground(g: &crate::domain::conflict::Ground, lang: Lang) -> String {
    use crate::domain::conflict::Ground;
    match g {
        Ground::Author => T::GroundAuthor.get(lang).to_string(),
        Ground::SameUnit(u) => T::SameUnit.with(lang, &[u]),
        Ground::SubUnit { member, entry } => T::GroundSubUnit.with(lang, &[entry, member]),
    }
}

/// A scoring method's name, as a council writes it.
pub fn method(method: crate::domain::ranking::Method, lang: Lang) -> &'static str {
    use crate::domain::ranking::Method;
    match method {
        Method::Mean => T::MethodMean,
        Method::Median => T::MethodMedian,
        Method::Trimmed => T::MethodTrimmed,
        Method::Zscore => T::MethodZscore,
    }
    .get(lang)
}

/// What went wrong with the database, in `lang`, with what to do.
pub fn store_error(e: &crate::store::StoreError, lang: Lang) -> String {
    use crate::store::StoreError as E;
    match e {
        E::Locked { path } => T::StoreLocked.with(lang, &[&path.display(), &path.display()]),
        E::NewerSchema { path, found } => T::StoreNewer.with(
            lang,
            &[&path.display(), found, &crate::store::SCHEMA_VERSION],
        ),
        E::Empty { path } => T::StoreEmpty.with(lang, &[&path.display(), &path.display()]),
        E::NotAFolder { path } => T::StoreNotAFolder.with(lang, &[&path.display()]),
        E::NoAccess { path, error } => {
            let why = os_error(Some(std::io::ErrorKind::PermissionDenied), error, lang);
            T::StoreNoAccess.with(lang, &[&path.display(), &why])
        }
        E::Corrupt { tree, detail } => T::StoreCorrupt.with(lang, &[tree, detail]),
        E::Refused(e) => refusal(e, lang),
        E::Io {
            doing,
            path,
            error,
            kind,
        } => {
            use crate::store::Doing as D;
            let t = match doing {
                D::OpenDatabase => T::DoingOpenDatabase,
                D::MakePrivate => T::DoingMakePrivate,
                D::Save => T::DoingSave,
                D::CreateFolder => T::DoingCreateFolder,
                D::CreateDatabase => T::DoingCreateDatabase,
                D::Encode => T::DoingEncode,
                D::Randomness => T::DoingRandomness,
                D::Database => T::DoingDatabase,
                D::NoKeyFile => T::DoingNoKeyFile,
                D::KeyNotAdded => T::DoingKeyNotAdded,
                D::KeyStillListed => T::DoingKeyStillListed,
                D::ServerSave => T::DoingServerSave,
            };
            // Without a path the template's gap closes.
            t.with(lang, &[&path.display(), &os_error(*kind, error, lang)])
                .replace("  ", " ")
        }
    }
}

/// What the system said, in `lang` when its kind is one a member meets;
/// else the system's own words.
pub fn os_error(kind: Option<std::io::ErrorKind>, said: &str, lang: Lang) -> String {
    use std::io::ErrorKind as K;
    let t = match kind {
        Some(K::PermissionDenied) => T::OsPermission,
        Some(K::NotFound) => T::OsNotFound,
        Some(K::AlreadyExists) => T::OsExists,
        Some(K::StorageFull) => T::OsFull,
        Some(K::ReadOnlyFilesystem) => T::OsReadOnly,
        Some(K::NotADirectory) => T::OsNotFolder,
        Some(K::IsADirectory) => T::OsIsFolder,
        _ => return said.to_string(),
    };
    t.get(lang).to_string()
}

/// An audit action's id (`third_marking`) in words; an id this jury does
/// not know is shown as it is.
pub fn audit_action(id: &str, lang: Lang) -> String {
    let t = match id {
        "score" => T::ActScore,
        "note" => T::ActNote,
        "submit" => T::ActSubmit,
        "reopen" => T::ActReopen,
        "publish" => T::ActPublish,
        "unpublish" => T::ActUnpublish,
        "judge_add" => T::ActJudgeAdd,
        "judge_remove" => T::ActJudgeRemove,
        "recuse" => T::ActRecuse,
        "dismiss_conflict" => T::ActDismissConflict,
        "assign" => T::ActAssign,
        "third_marking" => T::ActThirdMarking,
        "third_marking_undo" => T::ActThirdMarkingUndo,
        "assign_undo" => T::ActAssignUndo,
        "remind" => T::ActRemind,
        "remind_dismiss" => T::ActRemindDismiss,
        "rubric_unlock" => T::ActRubricUnlock,
        "rubric" => T::ActRubric,
        "round_advance" => T::ActRoundAdvance,
        "packet" => T::ActPacket,
        "merge_packet" => T::ActMergePacket,
        "merge" => T::ActMerge,
        "import" => T::ActImport,
        "import_packet" => T::ActImportPacket,
        "meeting" => T::ActMeeting,
        "ssh_key_add" => T::ActSshKeyAdd,
        "ssh_key_remove" => T::ActSshKeyRemove,
        other => return other.to_string(),
    };
    t.get(lang).to_string()
}

/// "dòng 3–4" or "dòng 3": where an annotation is, counted from 1 as a reader counts.
pub fn annotation_lines(a: &crate::domain::Annotation, lang: Lang) -> String {
    line_span(a.first_line, a.last_line, lang)
}

/// "dòng 3–4" or "dòng 3" for the lines `first..=last` counted from 0.
pub fn line_span(first: u32, last: u32, lang: Lang) -> String {
    if first == last {
        T::AnnotationLine.with(lang, &[&(first + 1)])
    } else {
        T::AnnotationLines.with(lang, &[&(first + 1), &(last + 1)])
    }
}

/// Why a change was refused, in `lang` (its `Display` is the English).
pub fn refusal(e: &ChangeError, lang: Lang) -> String {
    let t = |t: T, args: &[&dyn std::fmt::Display]| t.with(lang, args);
    match e {
        ChangeError::NotYours { judge } => t(T::RefNotYours, &[judge]),
        ChangeError::UnknownEntry { entry } => t(T::RefUnknownEntry, &[entry]),
        ChangeError::UnknownJudge { judge } => t(T::RefUnknownJudge, &[judge]),
        ChangeError::UnknownRound { round } => t(T::RefUnknownRound, &[round]),
        ChangeError::UnknownCriterion { criterion } => t(T::RefUnknownCriterion, &[criterion]),
        ChangeError::AboveMax {
            criterion,
            points,
            max,
        } => t(T::RefAboveMax, &[points, max, criterion]),
        ChangeError::OffStep {
            criterion,
            points,
            step,
        } => t(T::RefOffStep, &[points, step, criterion]),
        ChangeError::Stale { .. } => t(T::RefStale, &[]),
        ChangeError::ChairOnly => t(T::RefChairOnly, &[]),
        ChangeError::DoesNotScore => t(T::RefDoesNotScore, &[]),
        ChangeError::ChairOrSecretaryOnly => t(T::RefChairOrSecretaryOnly, &[]),
        ChangeError::ScreeningChairOrSecretary => t(T::RefScreeningChairOrSecretary, &[]),
        ChangeError::NotAdmitted { entry, status } => {
            t(T::RefNotAdmitted, &[entry, &status.label(lang)])
        }
        ChangeError::BadMeeting { at, problem } => {
            format!("{at}: {}", meeting_problem(problem, lang))
        }
        ChangeError::JudgeExists { judge } => t(T::RefJudgeExists, &[judge]),
        ChangeError::LoginTaken { login, judge } => t(T::RefLoginTaken, &[login, judge]),
        ChangeError::JudgeHasWork { judge, sheets } => t(T::RefJudgeHasWork, &[judge, sheets]),
        ChangeError::MarkerHasSheet { judge, entry } => t(T::RefMarkerHasSheet, &[judge, entry]),
        ChangeError::LastChair => t(T::RefLastChair, &[]),
        ChangeError::Recused { entry } => t(T::RefRecused, &[entry]),
        ChangeError::NotAssigned { entry } => t(T::NotAssignedTo, &[entry]),
        ChangeError::RoundClosed { round } => t(T::RefRoundClosed, &[round]),
        ChangeError::RubricLocked => t(T::RefRubricLocked, &[]),
        ChangeError::ReasonRequired => t(T::RefReasonRequired, &[]),
        ChangeError::BadRubric { problems } => problems
            .iter()
            .map(|(at, what)| format!("{at}: {}", rubric_problem(what, lang)))
            .collect::<Vec<_>>()
            .join("; "),
        ChangeError::BadJudgeId { id } => t(
            T::RefBadJudgeId,
            &[id, &crate::domain::change::MAX_ID_CHARS],
        ),
        ChangeError::NoName => t(T::RefNoName, &[]),
        ChangeError::TooFewFree {
            entry,
            free,
            wanted,
        } => t(T::RefTooFewFree, &[entry, wanted, free]),
        ChangeError::ZeroPerEntry => t(T::RefZeroPerEntry, &[]),
        ChangeError::EveryoneMarksAll => t(T::RefEveryoneMarksAll, &[]),
        ChangeError::BadNextRound { from } => t(
            T::RefBadNextRound,
            &[from, &crate::domain::change::MAX_ID_CHARS],
        ),
        ChangeError::RoundBefore { to, from } => t(T::RefRoundBefore, &[to, from]),
        ChangeError::PacketRubricChanged => t(T::RefPacketRubricChanged, &[]),
        ChangeError::AlreadySubmitted => t(T::RefAlreadySubmitted, &[]),
        ChangeError::NotSubmitted => t(T::RefNotSubmitted, &[]),
        ChangeError::Incomplete { missing } => t(T::RefIncomplete, &[&missing.join(", ")]),
        ChangeError::PacketUnknown => t(T::RefPacketUnknown, &[]),
        ChangeError::PacketSpent { packet, at } => t(T::RefPacketSpent, &[packet, at]),
        ChangeError::PacketNotFor {
            packet,
            judge,
            claimed,
        } => t(T::RefPacketNotFor, &[packet, judge, claimed]),
        ChangeError::PacketOutside {
            packet,
            round,
            entry,
        } => t(T::RefPacketOutside, &[entry, round, packet]),
        ChangeError::WouldTakeDrafts { drafts } => t(T::RefWouldTakeDrafts, &[&drafts.join(", ")]),
        ChangeError::NoteTooLong { bytes } => t(
            T::RefNoteTooLong,
            &[bytes, &crate::domain::change::MAX_NOTE_BYTES],
        ),
        ChangeError::KeyTaken {
            fingerprint,
            id,
            member,
        } => t(T::RefKeyTaken, &[fingerprint, id, member]),
        ChangeError::KeyUnknown { id } => t(T::RefKeyUnknown, &[id]),
        ChangeError::BadKey { problem } => t(T::RefBadKey, &[problem]),
        ChangeError::ReasonTooLong { bytes } => t(
            T::RefReasonTooLong,
            &[bytes, &crate::domain::change::MAX_REASON_BYTES],
        ),
        ChangeError::RemarkTooLong { criterion, bytes } => t(
            T::RefRemarkTooLong,
            &[criterion, bytes, &crate::domain::change::MAX_REMARK_BYTES],
        ),
        ChangeError::TooManyAnnotations { count } => t(
            T::RefTooManyAnnotations,
            &[count, &crate::domain::change::MAX_ANNOTATIONS],
        ),
        ChangeError::BadAnnotation { number } => t(
            T::RefBadAnnotation,
            &[
                number,
                &crate::domain::change::MAX_COMMENT_BYTES,
                &crate::domain::sheet::MAX_PASSAGE_BYTES,
            ],
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_string_exists_in_both_languages_with_the_same_arguments() {
        for t in T::ALL {
            let (vi, en) = (t.get(Lang::Vi), t.get(Lang::En));
            assert!(
                !vi.is_empty() && !en.is_empty(),
                "{t:?} is empty in one language"
            );
            assert_eq!(
                vi.matches("{}").count(),
                en.matches("{}").count(),
                "{t:?} has different arguments"
            );
            assert!(unicode_normalization::is_nfc(vi), "{t:?} is not NFC");
        }
    }

    #[test]
    fn a_refusal_in_english_reads_as_its_display() {
        let p = |x: u32| crate::domain::Points::from_f64(f64::from(x)).unwrap_or_default();
        let s = |x: &str| x.to_string();
        let all = [
            ChangeError::NotYours { judge: s("GK01") },
            ChangeError::UnknownEntry { entry: s("SK09") },
            ChangeError::UnknownJudge { judge: s("GK09") },
            ChangeError::UnknownRound { round: s("r9") },
            ChangeError::UnknownCriterion { criterion: s("x") },
            ChangeError::AboveMax {
                criterion: s("novelty"),
                points: p(30),
                max: p(25),
            },
            ChangeError::OffStep {
                criterion: s("novelty"),
                points: p(3),
                step: p(2),
            },
            ChangeError::Stale { current: None },
            ChangeError::ChairOnly,
            ChangeError::DoesNotScore,
            ChangeError::ChairOrSecretaryOnly,
            ChangeError::ScreeningChairOrSecretary,
            ChangeError::NotAdmitted {
                entry: s("SK01"),
                status: crate::domain::entry::Status::Pending,
            },
            ChangeError::BadMeeting {
                at: s("meeting.absent[0].reason"),
                problem: crate::domain::meeting::MeetingProblem::NoReason(s("GK05")),
            },
            ChangeError::JudgeExists { judge: s("GK01") },
            ChangeError::LoginTaken {
                login: s("an"),
                judge: s("GK01"),
            },
            ChangeError::JudgeHasWork {
                judge: s("GK01"),
                sheets: 3,
            },
            ChangeError::LastChair,
            ChangeError::MarkerHasSheet {
                judge: s("GK04"),
                entry: s("SK01"),
            },
            ChangeError::BadJudgeId { id: s("GK 1") },
            ChangeError::NoName,
            ChangeError::TooFewFree {
                entry: s("SK01"),
                free: 5,
                wanted: 9,
            },
            ChangeError::ZeroPerEntry,
            ChangeError::EveryoneMarksAll,
            ChangeError::BadNextRound { from: s("main") },
            ChangeError::RoundBefore {
                to: s("so_khao"),
                from: s("main"),
            },
            ChangeError::PacketRubricChanged,
            ChangeError::KeyTaken {
                fingerprint: s("SHA256:abc"),
                id: s("key-1"),
                member: s("GK02"),
            },
            ChangeError::KeyUnknown { id: s("key-9") },
            ChangeError::BadKey { problem: s("bad") },
            ChangeError::Recused { entry: s("SK01") },
            ChangeError::NotAssigned { entry: s("SK01") },
            ChangeError::RoundClosed { round: s("main") },
            ChangeError::RubricLocked,
            ChangeError::ReasonRequired,
            ChangeError::BadRubric {
                problems: vec![(
                    s("criteria[0].max"),
                    crate::domain::rubric::RubricProblem::ZeroMax,
                )],
            },
            ChangeError::AlreadySubmitted,
            ChangeError::NotSubmitted,
            ChangeError::Incomplete {
                missing: vec![s("a"), s("b")],
            },
            ChangeError::PacketUnknown,
            ChangeError::PacketSpent {
                packet: s("3f2a9c01d4e7"),
                at: s("2024-05-02T08:15:00Z"),
            },
            ChangeError::PacketNotFor {
                packet: s("3f2a9c01d4e7"),
                judge: s("GK02"),
                claimed: s("GK03"),
            },
            ChangeError::PacketOutside {
                packet: s("3f2a9c01d4e7"),
                round: s("main"),
                entry: s("SK05"),
            },
            ChangeError::WouldTakeDrafts {
                drafts: vec![s("GK02 SK01")],
            },
            ChangeError::NoteTooLong { bytes: 70000 },
            ChangeError::ReasonTooLong { bytes: 5000 },
            ChangeError::RemarkTooLong {
                criterion: s("novelty"),
                bytes: 2000,
            },
            ChangeError::TooManyAnnotations { count: 201 },
            ChangeError::BadAnnotation { number: 3 },
        ];
        for e in &all {
            assert_eq!(refusal(e, Lang::En), e.to_string());
        }
        assert_eq!(
            refusal(&ChangeError::Recused { entry: s("SK01") }, Lang::Vi),
            "bạn không tham gia chấm SK01 (xung đột lợi ích)"
        );
    }

    #[test]
    fn every_action_the_trail_records_is_in_words() {
        // Every id written by domain::audit, store::write, store::packet,
        // store::grant and store::ssh_keys.
        let ids = [
            "score",
            "note",
            "submit",
            "reopen",
            "publish",
            "unpublish",
            "judge_add",
            "judge_remove",
            "recuse",
            "dismiss_conflict",
            "assign",
            "third_marking",
            "rubric_unlock",
            "rubric",
            "round_advance",
            "packet",
            "merge_packet",
            "merge",
            "import",
            "import_packet",
            "meeting",
            "ssh_key_add",
            "ssh_key_remove",
        ];
        for id in ids {
            assert_ne!(audit_action(id, Lang::Vi), id, "{id} has no words");
        }
    }

    #[test]
    fn fills_in_order() {
        assert_eq!(fill("{} of {}", &[&3, &"10"]), "3 of 10");
        assert_eq!(T::Progress.with(Lang::Vi, &[&12, &30]), "Đã nộp 12/30");
    }
}
