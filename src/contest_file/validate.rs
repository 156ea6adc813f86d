//! The checks a file must pass before anything of it reaches the database.

use std::collections::{HashMap, HashSet};

use super::error::{Problem, Said, said};
use super::schema::FileV1;
use crate::domain::entry::is_iso_date;
use crate::domain::rubric::PointsProblem;
use crate::domain::{Entry, Points};

use crate::domain::change::id_problem;
use crate::i18n::T;

/// Every problem found, in file order; empty when the file is good.
pub fn check(file: &FileV1) -> Vec<Problem> {
    let mut p = Problems::default();
    check_contest(file, &mut p);
    check_criteria(file, &mut p);
    check_judges(file, &mut p);
    check_entries(file, &mut p);
    check_fields(file, &mut p);
    check_rounds(file, &mut p);
    check_scores(file, &mut p);
    check_awards(file, &mut p);
    check_rules(file, &mut p);
    check_packet(file, &mut p);
    check_process(file, &mut p);
    if let Some(m) = &file.meeting {
        let found =
            crate::domain::meeting::problems_in(&file.judges, &file.entries, &file.awards, m);
        for (path, problem) in found {
            p.add(path, Said::Meeting(problem));
        }
    }
    p.0
}

/// Conflicts, assignments and round entries name known members, entries and rounds.
fn check_process(file: &FileV1, p: &mut Problems) {
    let entries: HashSet<&str> = file.entries.iter().map(|e| e.id.as_str()).collect();
    let judges: HashSet<&str> = file.judges.iter().map(|j| j.id.as_str()).collect();
    let rounds: HashSet<&str> = file.rounds.iter().map(|r| r.id.as_str()).collect();
    let mut seen = HashSet::new();
    for (i, c) in file.conflicts.iter().enumerate() {
        let at = format!("conflicts[{i}]");
        if !judges.contains(c.judge.as_str()) {
            p.add(format!("{at}.judge"), said(T::FileNoJudge, &[&c.judge]));
        }
        if !entries.contains(c.entry.as_str()) {
            p.add(format!("{at}.entry"), said(T::FileNoEntry, &[&c.entry]));
        }
        if !seen.insert((c.judge.as_str(), c.entry.as_str())) {
            p.add(at, said(T::FileConflictTwice, &[&c.judge, &c.entry]));
        }
    }
    let recused: HashSet<(&str, &str)> = file
        .conflicts
        .iter()
        .filter(|c| !c.dismissed)
        .map(|c| (c.judge.as_str(), c.entry.as_str()))
        .collect();
    for (i, a) in file.assignments.iter().enumerate() {
        let at = format!("assignments[{i}]");
        if !judges.contains(a.judge.as_str()) {
            p.add(format!("{at}.judge"), said(T::FileNoJudge, &[&a.judge]));
        }
        if !entries.contains(a.entry.as_str()) {
            p.add(format!("{at}.entry"), said(T::FileNoEntry, &[&a.entry]));
        }
        if let Some(r) = &a.round
            && !rounds.contains(r.as_str())
        {
            p.add(format!("{at}.round"), said(T::FileNoRound, &[r]));
        }
        if recused.contains(&(a.judge.as_str(), a.entry.as_str())) {
            p.add(at, said(T::FileAssignedRecused, &[&a.judge, &a.entry]));
        }
    }
    for (i, r) in file.rounds.iter().enumerate() {
        for (k, e) in r.entries.iter().flatten().enumerate() {
            if !entries.contains(e.as_str()) {
                p.add(
                    format!("rounds[{i}].entries[{k}]"),
                    said(T::FileNoEntry, &[e]),
                );
            }
        }
    }
}

fn check_packet(file: &FileV1, p: &mut Problems) {
    let Some(packet) = &file.packet else { return };
    if !file.judges.iter().any(|j| j.id == packet.judge) {
        p.add(
            "packet.judge".into(),
            said(T::FileNoJudge, &[&packet.judge]),
        );
    }
    for (i, s) in file.scores.iter().enumerate() {
        if s.judge != packet.judge {
            p.add(
                format!("scores[{i}].judge"),
                said(T::FilePacketOthers, &[&packet.judge, &s.judge]),
            );
        }
    }
}

#[derive(Default)]
struct Problems(Vec<Problem>);

impl Problems {
    fn add(&mut self, path: String, what: Said) {
        self.0.push(Problem::new(&path, what));
    }

    /// Ids become database keys and command-line arguments: short, no spaces or control characters.
    fn id(&mut self, path: String, id: &str) {
        if let Some(problem) = id_problem(id) {
            self.add(path, Said::Id(problem));
        }
    }

    /// `twice`: the sentence for an id used twice (id, first place).
    fn unique<'a>(&mut self, twice: T, list: impl Iterator<Item = (String, &'a str)>) {
        let mut seen: HashMap<&str, String> = HashMap::new();
        for (path, id) in list {
            if let Some(first) = seen.get(id) {
                self.add(path, said(twice, &[&id, first]));
            } else {
                seen.insert(id, path);
            }
        }
    }
}

fn check_contest(file: &FileV1, p: &mut Problems) {
    p.id("contest.id".into(), &file.contest.id);
    if file.contest.title.trim().is_empty() {
        p.add("contest.title".into(), said(T::FileNoContestTitle, &[]));
    }
    if let Some(tz) = &file.contest.timezone
        && !crate::domain::format::is_zone(tz)
    {
        p.add("contest.timezone".into(), said(T::FileBadZone, &[tz]));
    }
    if let Some(d) = &file.contest.deadline
        && !is_iso_date(d)
    {
        p.add("contest.deadline".into(), said(T::FileBadDate, &[d]));
    }
}

fn check_criteria(file: &FileV1, p: &mut Problems) {
    for (path, message) in crate::domain::rubric::problems(&file.criteria) {
        p.add(path, Said::Rubric(message));
    }
}

fn check_judges(file: &FileV1, p: &mut Problems) {
    if file.judges.is_empty() {
        p.add("judges".into(), said(T::FileNoMembers, &[]));
    }
    for (i, j) in file.judges.iter().enumerate() {
        p.id(format!("judges[{i}].id"), &j.id);
        if j.name.trim().is_empty() {
            p.add(format!("judges[{i}].name"), said(T::FileNoName, &[]));
        }
    }
    p.unique(
        T::FileJudgeTwice,
        file.judges
            .iter()
            .enumerate()
            .map(|(i, j)| (format!("judges[{i}].id"), j.id.as_str())),
    );
    let users = file
        .judges
        .iter()
        .enumerate()
        .filter_map(|(i, j)| j.user.as_deref().map(|u| (format!("judges[{i}].user"), u)));
    let mut seen = HashSet::new();
    for (path, user) in users {
        if !seen.insert(user) {
            p.add(path, said(T::FileLoginTwice, &[&user]));
        }
    }
}

fn check_entries(file: &FileV1, p: &mut Problems) {
    for (i, e) in file.entries.iter().enumerate() {
        p.id(format!("entries[{i}].id"), &e.id);
        if e.title.trim().is_empty() {
            p.add(format!("entries[{i}].title"), said(T::FileNoTitle, &[]));
        }
        if let Some(d) = &e.submitted
            && !is_iso_date(d)
        {
            p.add(
                format!("entries[{i}].submitted"),
                said(T::FileBadDate, &[d]),
            );
        }
        check_entry_details(i, e, p);
    }
    p.unique(
        T::FileEntryTwice,
        file.entries
            .iter()
            .enumerate()
            .map(|(i, e)| (format!("entries[{i}].id"), e.id.as_str())),
    );
}

/// Authors' shares, the date of first application and the attachments.
fn check_entry_details(i: usize, e: &Entry, p: &mut Problems) {
    for (k, a) in e.authors.iter().enumerate() {
        if a.name.trim().is_empty() {
            p.add(
                format!("entries[{i}].authors[{k}].name"),
                said(T::FileAuthorNoName, &[]),
            );
        }
        if let Some(share) = a.share
            && (share == Points::ZERO || share > Points::whole(100))
        {
            p.add(
                format!("entries[{i}].authors[{k}].share"),
                said(T::FileBadShare, &[&share]),
            );
        }
    }
    let shares: Vec<Points> = e.authors.iter().filter_map(|a| a.share).collect();
    if !shares.is_empty() {
        let total: u32 = shares.iter().map(|s| s.hundredths()).sum();
        if shares.len() != e.authors.len() {
            p.add(
                format!("entries[{i}].authors"),
                said(T::FileSharesPartial, &[]),
            );
        } else if total != 100 * 100 {
            p.add(
                format!("entries[{i}].authors"),
                said(T::FileSharesSum, &[&Points::from_hundredths(total)]),
            );
        }
    }
    if e.status == crate::domain::entry::Status::Rejected && e.reason.trim().is_empty() {
        p.add(
            format!("entries[{i}].reason"),
            said(T::FileRejectedNoReason, &[]),
        );
    }
    if let Some(d) = &e.applied_since
        && !is_iso_date(d)
    {
        p.add(
            format!("entries[{i}].applied_since"),
            said(T::FileBadDate, &[d]),
        );
    }
    for (k, a) in e.attachments.iter().enumerate() {
        let at = |key: &str| format!("entries[{i}].attachments[{k}].{key}");
        if a.name.trim().is_empty() {
            p.add(at("name"), said(T::FileAttachmentNoName, &[]));
        }
        if a.path.trim().is_empty() || a.path.contains('\0') {
            p.add(at("path"), said(T::FileAttachmentNoPath, &[]));
        }
        if let Some(h) = &a.sha256
            && (h.len() != 64 || !h.bytes().all(|c| c.is_ascii_hexdigit()))
        {
            p.add(at("sha256"), said(T::FileBadSha, &[]));
        }
    }
}

/// The contest's own names of reform areas: an id each, once, with a name.
fn check_fields(file: &FileV1, p: &mut Problems) {
    for (i, f) in file.fields.iter().enumerate() {
        p.id(format!("fields[{i}].id"), &f.id);
        if f.name.trim().is_empty() {
            p.add(format!("fields[{i}].name"), said(T::FileNoFieldName, &[]));
        }
    }
    p.unique(
        T::FileFieldTwice,
        file.fields
            .iter()
            .enumerate()
            .map(|(i, f)| (format!("fields[{i}].id"), f.id.as_str())),
    );
}

fn check_rounds(file: &FileV1, p: &mut Problems) {
    for (i, r) in file.rounds.iter().enumerate() {
        p.id(format!("rounds[{i}].id"), &r.id);
    }
    p.unique(
        T::FileRoundTwice,
        file.rounds
            .iter()
            .enumerate()
            .map(|(i, r)| (format!("rounds[{i}].id"), r.id.as_str())),
    );
}

fn check_scores(file: &FileV1, p: &mut Problems) {
    let entries: HashSet<&str> = file.entries.iter().map(|e| e.id.as_str()).collect();
    let judges: HashSet<&str> = file.judges.iter().map(|j| j.id.as_str()).collect();
    let rounds: HashSet<&str> = file.rounds.iter().map(|r| r.id.as_str()).collect();
    let first_round = file
        .rounds
        .first()
        .map(|r| r.id.as_str())
        .unwrap_or(crate::domain::contest::DEFAULT_ROUND);
    let criteria: HashMap<&str, &crate::domain::Criterion> =
        file.criteria.iter().map(|c| (c.id.as_str(), c)).collect();
    let mut seen: HashMap<(&str, &str, &str), usize> = HashMap::new();
    for (i, s) in file.scores.iter().enumerate() {
        let at = format!("scores[{i}]");
        if !entries.contains(s.entry.as_str()) {
            p.add(format!("{at}.entry"), said(T::FileNoEntry, &[&s.entry]));
        }
        if !judges.contains(s.judge.as_str()) {
            p.add(format!("{at}.judge"), said(T::FileNoJudge, &[&s.judge]));
        }
        let round = s.round.as_deref().unwrap_or(first_round);
        if let Some(r) = &s.round
            && !rounds.contains(r.as_str())
        {
            p.add(format!("{at}.round"), said(T::FileNoRound, &[r]));
        }
        if let Some(first) = seen.insert((round, &s.entry, &s.judge), i) {
            p.add(
                at.clone(),
                said(T::FileSheetTwice, &[&s.judge, &s.entry, &first]),
            );
        }
        let mut named = HashSet::new();
        for (cid, points) in &s.points.0 {
            let points = *points;
            let place = format!("{at}.points.{cid}");
            // The reader refused a key written twice; two spellings of one
            // key (composed and decomposed) meet only after NFC.
            if !named.insert(cid.as_str()) {
                p.add(place, said(T::FileCriterionTwice, &[cid]));
                continue;
            }
            match criteria.get(cid.as_str()) {
                None => p.add(place, said(T::FileNoCriterion, &[cid])),
                Some(c) => match c.check(points) {
                    Ok(()) => {}
                    Err(PointsProblem::AboveMax { max }) => {
                        p.add(place, said(T::FileAboveMax, &[&points, &max, cid]))
                    }
                    Err(PointsProblem::OffStep { step }) => {
                        p.add(place, said(T::FileOffStep, &[&points, &step, cid]))
                    }
                },
            }
        }
        check_remarks(s, &at, p);
        if s.submitted {
            let missing: Vec<&str> = file
                .criteria
                .iter()
                .filter(|c| !named.contains(c.id.as_str()))
                .map(|c| c.id.as_str())
                .collect();
            if !missing.is_empty() {
                p.add(
                    format!("{at}.points"),
                    said(T::FileIncomplete, &[&missing.join(", ")]),
                );
            }
        }
    }
}

/// Remarks and annotations keep the limits a live save keeps. A remark may
/// name a criterion the rubric no longer has (kept when the rubric changed).
fn check_remarks(s: &super::schema::ScoreRecord, at: &str, p: &mut Problems) {
    use crate::domain::change::{MAX_ANNOTATIONS, MAX_COMMENT_BYTES, MAX_REMARK_BYTES};
    use crate::domain::sheet::MAX_PASSAGE_BYTES;
    for (cid, remark) in &s.remarks {
        let place = format!("{at}.remarks.{cid}");
        if remark.len() > MAX_REMARK_BYTES {
            p.add(
                place,
                said(T::FileRemarkTooLong, &[&remark.len(), &MAX_REMARK_BYTES]),
            );
        }
    }
    if s.annotations.len() > MAX_ANNOTATIONS {
        p.add(
            format!("{at}.annotations"),
            said(
                T::FileTooManyAnnotations,
                &[&s.annotations.len(), &MAX_ANNOTATIONS],
            ),
        );
    }
    for (j, a) in s.annotations.iter().enumerate() {
        let place = format!("{at}.annotations[{j}]");
        if a.last_line < a.first_line {
            p.add(
                place,
                said(T::FileAnnotationLines, &[&a.last_line, &a.first_line]),
            );
        } else if a.comment.len() > MAX_COMMENT_BYTES || a.passage.len() > MAX_PASSAGE_BYTES {
            p.add(
                place,
                said(
                    T::FileAnnotationTooLong,
                    &[&MAX_COMMENT_BYTES, &MAX_PASSAGE_BYTES],
                ),
            );
        }
    }
}

fn check_awards(file: &FileV1, p: &mut Problems) {
    for (i, a) in file.awards.iter().enumerate() {
        p.id(format!("awards[{i}].id"), &a.id);
    }
    p.unique(
        T::FileAwardTwice,
        file.awards
            .iter()
            .enumerate()
            .map(|(i, a)| (format!("awards[{i}].id"), a.id.as_str())),
    );
}

fn check_rules(file: &FileV1, p: &mut Problems) {
    let max_total = crate::domain::Rubric::new(file.criteria.clone()).max_total();
    use crate::domain::grade::GradeProblem;
    for (path, problem) in crate::domain::grade::problems(&file.rules.grades, max_total) {
        let what = match problem {
            GradeProblem::NoName => said(T::FileGradeNoName, &[]),
            GradeProblem::AboveMax { min, max } => said(T::FileGradeAboveMax, &[&min, &max]),
            GradeProblem::NotFalling {
                min,
                above,
                above_name,
            } => said(T::FileGradeOrder, &[&min, &above, &above_name]),
        };
        p.add(path, what);
    }
    let mut seen = HashSet::new();
    for (i, t) in file.rules.tiebreak.iter().enumerate() {
        if !file.criteria.iter().any(|c| &c.id == t) {
            p.add(
                format!("rules.tiebreak[{i}]"),
                said(T::FileNoCriterion, &[t]),
            );
        } else if !seen.insert(t) {
            p.add(
                format!("rules.tiebreak[{i}]"),
                said(T::FileListedTwice, &[t]),
            );
        }
    }
}
