//! Score sheets (phiếu chấm điểm) and notes (nhận xét): one judge, one entry, one round.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::points::Points;
use super::rubric::Rubric;

/// Which sheet: a judge's marking of an entry in a round.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct SheetKey {
    pub round: String,
    pub entry: String,
    pub judge: String,
}

impl SheetKey {
    pub fn new(round: &str, entry: &str, judge: &str) -> SheetKey {
        SheetKey {
            round: round.to_string(),
            entry: entry.to_string(),
            judge: judge.to_string(),
        }
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SheetState {
    #[default]
    Draft,
    Submitted,
}

/// A judge's points for one entry. Drafts never count in a ranking.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sheet {
    pub key: SheetKey,
    pub points: BTreeMap<String, Points>,
    pub state: SheetState,
    /// How many times it was reopened after being submitted; shown to the council.
    #[serde(default)]
    pub reopened: u32,
    /// Bumped on every write, so a write based on an old copy can be refused.
    pub version: u64,
}

impl Sheet {
    pub fn new(key: SheetKey) -> Sheet {
        Sheet {
            key,
            ..Sheet::default()
        }
    }

    pub fn is_submitted(&self) -> bool {
        self.state == SheetState::Submitted
    }

    /// The sum of the points given so far.
    pub fn total(&self) -> Points {
        self.points.values().copied().sum()
    }

    /// The criteria of `rubric` this sheet has no points for, in rubric order.
    pub fn missing<'r>(&self, rubric: &'r Rubric) -> Vec<&'r str> {
        rubric
            .criteria
            .iter()
            .filter(|c| !self.points.contains_key(&c.id))
            .map(|c| c.id.as_str())
            .collect()
    }

    pub fn is_complete(&self, rubric: &Rubric) -> bool {
        self.missing(rubric).is_empty()
    }
}

/// A judge's remarks on an entry, kept apart from the points.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Note {
    pub key: SheetKey,
    pub text: String,
    pub version: u64,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Bilingual, Criterion};

    fn rubric() -> Rubric {
        let c = |id: &str, max| Criterion {
            id: id.into(),
            name: Bilingual::new(id, id),
            max: Points::whole(max),
            step: Points::whole(1),
            min_to_award: Points::ZERO,
            guide: Bilingual::default(),
            bands: vec![],
        };
        Rubric::new(vec![c("novelty", 25), c("creativity", 25), c("effectiveness", 30)])
    }

    #[test]
    fn total_and_missing() {
        let mut s = Sheet::new(SheetKey::new("r", "SK01", "GK01"));
        s.points.insert("novelty".into(), Points::whole(20));
        s.points.insert("effectiveness".into(), Points::from_hundredths(2250));
        assert_eq!(s.total(), Points::from_hundredths(4250));
        assert_eq!(s.missing(&rubric()), vec!["creativity"]);
        assert!(!s.is_complete(&rubric()));
        s.points.insert("creativity".into(), Points::ZERO);
        assert!(s.is_complete(&rubric()));
    }
}
