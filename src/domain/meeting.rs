//! The council's meeting (cuộc họp hội đồng): when and where, on what basis,
//! who came and who did not (with the reason), the vote and the decisions.
//! It is a record kept beside the computed ranking, never mixed into it.

use serde::{Deserialize, Serialize};

use super::contest::{AwardTier, Contest};
use super::entry::Entry;
use super::panel::Judge;

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Meeting {
    /// ISO date, `2024-09-20`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// `08:00`, in the contest's time zone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
    /// Số và ký hiệu of the minutes, `05/BB-HĐ`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<String>,
    /// Căn cứ: the decisions that set up the council, one per line.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub basis: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub present: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub absent: Vec<Absence>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub guests: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub votes: Option<Votes>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub decisions: Vec<Decision>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Absence {
    pub judge: String,
    pub reason: String,
}

/// Biểu quyết: how the members present voted on the final list.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Votes {
    #[serde(rename = "for")]
    pub in_favour: u32,
    pub against: u32,
    pub abstain: u32,
}

/// What the council decided about one entry: a tie at a quota or a
/// disagreement resolved, or a proposed prize changed (`award` none: no prize).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Decision {
    pub entry: String,
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub award: Option<String>,
}

impl Meeting {
    /// Text is NFC, whatever typed or wrote it.
    pub fn normalize(&mut self) {
        use super::text::nfc_in_place;
        let one = [
            &mut self.date,
            &mut self.time,
            &mut self.place,
            &mut self.number,
        ];
        one.into_iter().flatten().for_each(nfc_in_place);
        self.basis.iter_mut().for_each(nfc_in_place);
        self.present.iter_mut().for_each(nfc_in_place);
        self.guests.iter_mut().for_each(nfc_in_place);
        for a in &mut self.absent {
            nfc_in_place(&mut a.judge);
            nfc_in_place(&mut a.reason);
        }
        for d in &mut self.decisions {
            nfc_in_place(&mut d.entry);
            nfc_in_place(&mut d.text);
            if let Some(a) = &mut d.award {
                nfc_in_place(a);
            }
        }
    }
}

/// What is wrong with a meeting record, and where.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "problem", content = "value", rename_all = "snake_case")]
pub enum MeetingProblem {
    BadDate(String),
    BadTime(String),
    UnknownMember(String),
    /// Listed twice, or both present and absent.
    Twice(String),
    NoReason(String),
    UnknownEntry(String),
    UnknownAward(String),
    /// More votes than members present.
    TooManyVotes {
        votes: u32,
        present: usize,
    },
}

/// Every problem of `m` against the contest, each with its place in the file.
pub fn problems(contest: &Contest, m: &Meeting) -> Vec<(String, MeetingProblem)> {
    problems_in(&contest.judges, &contest.entries, &contest.awards, m)
}

/// As `problems`, from the parts of a contest file not yet made a contest.
pub fn problems_in(
    judges: &[Judge],
    entries: &[Entry],
    awards: &[AwardTier],
    m: &Meeting,
) -> Vec<(String, MeetingProblem)> {
    use MeetingProblem as P;
    let mut out = Vec::new();
    if let Some(d) = &m.date
        && !is_date(d)
    {
        out.push(("meeting.date".into(), P::BadDate(d.clone())));
    }
    if let Some(t) = &m.time
        && !is_time(t)
    {
        out.push(("meeting.time".into(), P::BadTime(t.clone())));
    }
    let mut seen = std::collections::HashSet::new();
    let listed = m
        .present
        .iter()
        .enumerate()
        .map(|(i, id)| (format!("meeting.present[{i}]"), id.as_str()))
        .chain(
            m.absent
                .iter()
                .enumerate()
                .map(|(i, a)| (format!("meeting.absent[{i}].judge"), a.judge.as_str())),
        );
    for (path, id) in listed {
        if !judges.iter().any(|j| j.id == id) {
            out.push((path, P::UnknownMember(id.into())));
        } else if !seen.insert(id) {
            out.push((path, P::Twice(id.into())));
        }
    }
    for (i, a) in m.absent.iter().enumerate() {
        if a.reason.trim().is_empty() {
            out.push((
                format!("meeting.absent[{i}].reason"),
                P::NoReason(a.judge.clone()),
            ));
        }
    }
    for (i, d) in m.decisions.iter().enumerate() {
        if !entries.iter().any(|e| e.id == d.entry) {
            out.push((
                format!("meeting.decisions[{i}].entry"),
                P::UnknownEntry(d.entry.clone()),
            ));
        }
        if let Some(a) = &d.award
            && !awards.iter().any(|t| t.id == *a)
        {
            out.push((
                format!("meeting.decisions[{i}].award"),
                P::UnknownAward(a.clone()),
            ));
        }
    }
    if let Some(v) = m.votes {
        let votes = v.in_favour + v.against + v.abstain;
        let present = m.present.len();
        if votes as usize > present {
            out.push(("meeting.votes".into(), P::TooManyVotes { votes, present }));
        }
    }
    out
}

fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' || !digits(0..4) {
        return false;
    }
    if !digits(5..7) || !digits(8..10) {
        return false;
    }
    let month: u32 = s[5..7].parse().unwrap_or(0);
    let day: u32 = s[8..10].parse().unwrap_or(0);
    let year: u32 = s[0..4].parse().unwrap_or(0);
    let leap = year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400));
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => 0,
    };
    (1..=days).contains(&day)
}

fn is_time(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 5
        && b[2] == b':'
        && s[0..2].parse::<u32>().is_ok_and(|h| h < 24)
        && s[3..5].parse::<u32>().is_ok_and(|m| m < 60)
        && b[0..2].iter().chain(&b[3..5]).all(u8::is_ascii_digit)
}

/// The share of the council that must be present: `rules.quorum`, "2/3"
/// unless the contest says otherwise.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Quorum {
    pub num: u32,
    pub den: u32,
}

impl Default for Quorum {
    fn default() -> Quorum {
        Quorum { num: 2, den: 3 }
    }
}

impl TryFrom<String> for Quorum {
    type Error = String;
    fn try_from(s: String) -> Result<Quorum, String> {
        let bad = || format!("the quorum \"{s}\" is not a share like \"2/3\" (at most 1)");
        let (n, d) = s.trim().split_once('/').ok_or_else(bad)?;
        let num: u32 = n.trim().parse().map_err(|_| bad())?;
        let den: u32 = d.trim().parse().map_err(|_| bad())?;
        if num == 0 || den == 0 || num > den {
            return Err(bad());
        }
        Ok(Quorum { num, den })
    }
}

impl From<Quorum> for String {
    fn from(q: Quorum) -> String {
        q.to_string()
    }
}

impl std::fmt::Display for Quorum {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.num, self.den)
    }
}

impl std::fmt::Display for MeetingProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use MeetingProblem as P;
        match self {
            P::BadDate(d) => write!(f, "\"{d}\" is not a date like 2024-09-20 (year-month-day)"),
            P::BadTime(t) => write!(f, "\"{t}\" is not a time like 08:00"),
            P::UnknownMember(j) => write!(f, "the council has no member {j}; see jury judge list"),
            P::Twice(j) => write!(f, "{j} is listed twice (present or absent, not both)"),
            P::NoReason(j) => write!(f, "give the reason {j} was absent (--reason)"),
            P::UnknownEntry(e) => write!(f, "there is no entry {e}"),
            P::UnknownAward(a) => write!(
                f,
                "there is no prize {a}; the prizes are the contest file's awards"
            ),
            P::TooManyVotes { votes, present } => {
                write!(f, "{votes} votes but only {present} members present")
            }
        }
    }
}

impl Quorum {
    pub fn is_default(&self) -> bool {
        *self == Quorum::default()
    }
}

/// The quorum as counted for one meeting.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct QuorumCount {
    pub present: usize,
    /// The council's voting members: everyone but a secretary who is only that.
    pub members: usize,
    pub needed: usize,
    pub met: bool,
}

/// Counts the members present against `rules.quorum` (rounded up: 4 of 5 for 2/3).
pub fn quorum(contest: &Contest, m: &Meeting) -> QuorumCount {
    let members = contest.scorers().count();
    let present = m
        .present
        .iter()
        .filter(|id| contest.judge(id).is_some_and(|j| j.scores()))
        .count();
    let q = contest.rules.quorum;
    let needed = (members * q.num as usize).div_ceil(q.den as usize);
    QuorumCount {
        present,
        members,
        needed,
        met: members > 0 && present >= needed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Role;

    fn council(n: usize) -> Contest {
        let mut c = Contest::default();
        for i in 1..=n {
            c.judges.push(Judge {
                id: format!("GK0{i}"),
                name: format!("M{i}"),
                role: if i == 1 { Role::Chair } else { Role::Member },
                ..Default::default()
            });
        }
        c.judges.push(Judge {
            id: "TK".into(),
            name: "T".into(),
            role: Role::Secretary,
            ..Default::default()
        });
        c
    }

    fn present(ids: &[&str]) -> Meeting {
        Meeting {
            present: ids.iter().map(|s| s.to_string()).collect(),
            ..Default::default()
        }
    }

    #[test]
    fn four_of_five_meet_two_thirds_and_three_do_not() {
        let c = council(5);
        let four = quorum(&c, &present(&["GK01", "GK02", "GK03", "GK04"]));
        assert_eq!(
            (four.present, four.members, four.needed, four.met),
            (4, 5, 4, true)
        );
        let three = quorum(&c, &present(&["GK01", "GK02", "GK03", "TK"]));
        assert_eq!((three.present, three.needed, three.met), (3, 4, false));
    }

    #[test]
    fn a_contest_may_ask_for_half() {
        let mut c = council(6);
        c.rules.quorum = Quorum::try_from("1/2".to_string()).unwrap();
        assert!(quorum(&c, &present(&["GK01", "GK02", "GK03"])).met);
        assert!(Quorum::try_from("3/2".to_string()).is_err());
        assert!(Quorum::try_from("hai phần ba".to_string()).is_err());
    }

    #[test]
    fn a_member_both_present_and_absent_or_absent_without_reason_is_refused() {
        let c = council(3);
        let m = Meeting {
            present: vec!["GK01".into(), "GK02".into()],
            absent: vec![
                Absence {
                    judge: "GK02".into(),
                    reason: "ốm".into(),
                },
                Absence {
                    judge: "GK03".into(),
                    reason: " ".into(),
                },
                Absence {
                    judge: "GK09".into(),
                    reason: "x".into(),
                },
            ],
            date: Some("2024-02-30".into()),
            time: Some("8h".into()),
            votes: Some(Votes {
                in_favour: 3,
                against: 0,
                abstain: 0,
            }),
            ..Default::default()
        };
        let found: Vec<String> = problems(&c, &m).into_iter().map(|(p, _)| p).collect();
        assert_eq!(
            found,
            [
                "meeting.date",
                "meeting.time",
                "meeting.absent[0].judge",
                "meeting.absent[2].judge",
                "meeting.absent[1].reason",
                "meeting.votes"
            ]
        );
    }

    #[test]
    fn the_issues_example_reads_and_writes_back_the_same() {
        let text = r#"{"date":"2024-09-20","time":"08:00","place":"Hội trường UBND huyện Phú Khang","number":"05/BB-HĐ","basis":["Quyết định số 123/QĐ-UBND"],"present":["GK01","GK02"],"absent":[{"judge":"GK05","reason":"đi công tác"}],"guests":["Ông A"],"votes":{"for":4,"against":0,"abstain":0},"decisions":[{"entry":"SK05","text":"Hạ xuống giải Ba","award":"ba"}]}"#;
        let m: Meeting = serde_json::from_str(text).unwrap();
        assert_eq!(m.votes.map(|v| v.in_favour), Some(4));
        assert_eq!(serde_json::to_string(&m).unwrap(), text);
    }
}
