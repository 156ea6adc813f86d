//! Rounds of judging (vòng sơ khảo, vòng chung khảo) and the record of
//! entries advancing from one to the next.

use serde::{Deserialize, Serialize};

use super::text::Bilingual;

pub const DEFAULT_ROUND: &str = "main";

/// A round; sheets belong to one. The last round is the one being judged.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Round {
    pub id: String,
    pub name: Bilingual,
    /// The entries in this round; `None` for all of them (a first round).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entries: Option<Vec<String>>,
    /// No more sheets are taken in a closed round.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub closed: bool,
    /// How the entries came into this round.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub advanced: Option<Advance>,
}

impl Round {
    /// The single round of a contest that names none.
    pub fn single() -> Round {
        Round {
            id: DEFAULT_ROUND.to_string(),
            name: Bilingual::new("Vòng chấm", "Judging"),
            entries: None,
            closed: false,
            advanced: None,
        }
    }
}

/// Who moved which entries on, when, and by what rule.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Advance {
    pub from: String,
    pub by: String,
    pub at: String,
    /// `min 75` or `top 20`, with the ranking method.
    pub rule: String,
}

/// Who did something to the rubric, when and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RubricNotice {
    pub by: String,
    pub at: String,
    pub reason: String,
}

/// What a round still has open: drafts, and sheets its members are expected
/// to submit and have not. Closing the round or sharing it out again would
/// strand them, so the chair is told first.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Unfinished {
    pub drafts: usize,
    pub unsubmitted: usize,
}

impl Unfinished {
    pub fn of(contest: &super::contest::Contest, round: &str) -> Unfinished {
        let mut open = Unfinished::default();
        for p in contest.round_entries(round) {
            let entry = &contest.entries[p].id;
            for judge in contest.expected_judges(round, entry) {
                let key = super::SheetKey::new(round, entry, &judge.id);
                match contest.sheet(&key) {
                    Some(s) if s.is_submitted() => {}
                    Some(_) => {
                        open.drafts += 1;
                        open.unsubmitted += 1;
                    }
                    None => open.unsubmitted += 1,
                }
            }
        }
        open
    }

    pub fn is_empty(self) -> bool {
        self.unsubmitted == 0
    }
}
