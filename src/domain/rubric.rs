//! The rubric: criteria with their maximum points, step and described bands.

use serde::{Deserialize, Serialize};

use super::points::Points;
use super::text::Bilingual;

fn default_step() -> Points {
    Points::whole(1)
}

fn is_default_step(step: &Points) -> bool {
    *step == default_step()
}

fn is_zero(p: &Points) -> bool {
    *p == Points::ZERO
}

/// A band of points with its description ("Có tính mới rõ rệt": 20–25).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Band {
    pub from: Points,
    pub to: Points,
    pub label: Bilingual,
}

/// One criterion; its `max` is its weight in the total.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Criterion {
    pub id: String,
    pub name: Bilingual,
    pub max: Points,
    #[serde(default = "default_step", skip_serializing_if = "is_default_step")]
    pub step: Points,
    #[serde(default, skip_serializing_if = "is_zero")]
    pub min_to_award: Points,
    #[serde(default)]
    pub guide: Bilingual,
    #[serde(default)]
    pub bands: Vec<Band>,
}

/// Why a value cannot be a criterion's points.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PointsProblem {
    AboveMax { max: Points },
    OffStep { step: Points },
}

impl Criterion {
    /// The band whose range holds `points`, if the rubric describes one.
    pub fn band_for(&self, points: Points) -> Option<&Band> {
        self.bands
            .iter()
            .find(|b| b.from <= points && points <= b.to)
    }

    pub fn check(&self, points: Points) -> Result<(), PointsProblem> {
        if points > self.max {
            return Err(PointsProblem::AboveMax { max: self.max });
        }
        if !points.is_multiple_of(self.step) {
            return Err(PointsProblem::OffStep { step: self.step });
        }
        Ok(())
    }

    /// One step up, never above `max`; from nothing, the lowest valid value
    /// above 0 (the step). A refused value goes to the nearest valid one above.
    pub fn step_up(&self, points: Option<Points>) -> Points {
        let up = match points {
            None => self.step_or_one(),
            Some(p) if p > self.max => self.max,
            Some(p) => self.snap_down(p) + self.step_or_one(),
        };
        up.min(self.max)
    }

    /// One step down, never below 0; a refused value goes to the nearest
    /// valid one below. Nothing to step down from is the caller's to refuse.
    pub fn step_down(&self, points: Points) -> Points {
        let snapped = self.snap_down(points);
        if snapped < points {
            snapped
        } else {
            snapped.saturating_sub(self.step_or_one())
        }
    }

    fn step_or_one(&self) -> Points {
        if self.step == Points::ZERO {
            Points::whole(1)
        } else {
            self.step
        }
    }

    fn snap_down(&self, p: Points) -> Points {
        let step = self.step_or_one().hundredths();
        let p = p.min(self.max).hundredths();
        Points::from_hundredths(p - p % step)
    }
}

/// The ordered criteria of a contest.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Rubric {
    pub criteria: Vec<Criterion>,
}

impl Rubric {
    pub fn new(criteria: Vec<Criterion>) -> Rubric {
        Rubric { criteria }
    }

    pub fn max_total(&self) -> Points {
        self.criteria.iter().map(|c| c.max).sum()
    }

    pub fn get(&self, id: &str) -> Option<&Criterion> {
        self.criteria.iter().find(|c| c.id == id)
    }

    pub fn position(&self, id: &str) -> Option<usize> {
        self.criteria.iter().position(|c| c.id == id)
    }

    pub fn len(&self) -> usize {
        self.criteria.len()
    }

    pub fn is_empty(&self) -> bool {
        self.criteria.is_empty()
    }
}

/// The most criteria a rubric may have: a stored sheet counts its points in one byte.
pub const MAX_CRITERIA: usize = 255;

/// What can be wrong with a rubric (worded by the catalog in both languages).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "rubric_problem", rename_all = "snake_case")]
pub enum RubricProblem {
    Empty,
    TooMany {
        count: usize,
    },
    Id {
        problem: super::change::IdProblem,
    },
    Twice {
        id: String,
        first: usize,
    },
    ZeroMax,
    ZeroStep,
    MaxOffStep {
        max: Points,
        step: Points,
    },
    MinAboveMax {
        min: Points,
        max: Points,
    },
    BadBand {
        from: Points,
        to: Points,
        max: Points,
    },
}

impl std::fmt::Display for RubricProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RubricProblem::Empty => write!(f, "the rubric has no criteria; add at least one"),
            RubricProblem::TooMany { count } => write!(
                f,
                "the rubric has {count} criteria; at most {MAX_CRITERIA} are allowed"
            ),
            RubricProblem::Id { problem } => write!(f, "{problem}"),
            RubricProblem::Twice { id, first } => write!(
                f,
                "the criterion id \"{id}\" is used twice (first at criteria[{first}].id)"
            ),
            RubricProblem::ZeroMax => write!(f, "the maximum must be above 0"),
            RubricProblem::ZeroStep => write!(f, "the step must be above 0"),
            RubricProblem::MaxOffStep { max, step } => {
                write!(f, "the maximum {max} is not a multiple of the step {step}")
            }
            RubricProblem::MinAboveMax { min, max } => {
                write!(f, "{min} is above the maximum {max}")
            }
            RubricProblem::BadBand { from, to, max } => write!(
                f,
                "the band {from}–{to} must lie within 0–{max} with from ≤ to"
            ),
        }
    }
}

/// Everything wrong with `criteria` as a rubric, as (place, problem), in
/// order; empty when it is good. The contest file and a new rubric from the
/// chair are held to the same rules.
pub fn problems(criteria: &[Criterion]) -> Vec<(String, RubricProblem)> {
    let mut out = Vec::new();
    if criteria.is_empty() {
        out.push(("criteria".into(), RubricProblem::Empty));
    }
    if criteria.len() > MAX_CRITERIA {
        out.push((
            "criteria".into(),
            RubricProblem::TooMany {
                count: criteria.len(),
            },
        ));
    }
    let mut seen: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for (i, c) in criteria.iter().enumerate() {
        let at = format!("criteria[{i}]");
        if let Some(problem) = super::change::id_problem(&c.id) {
            out.push((format!("{at}.id"), RubricProblem::Id { problem }));
        }
        if let Some(&first) = seen.get(c.id.as_str()) {
            out.push((
                format!("{at}.id"),
                RubricProblem::Twice {
                    id: c.id.clone(),
                    first,
                },
            ));
        } else {
            seen.insert(&c.id, i);
        }
        if c.max == Points::ZERO {
            out.push((format!("{at}.max"), RubricProblem::ZeroMax));
        }
        if c.step == Points::ZERO {
            out.push((format!("{at}.step"), RubricProblem::ZeroStep));
        } else if !c.max.is_multiple_of(c.step) {
            out.push((
                format!("{at}.max"),
                RubricProblem::MaxOffStep {
                    max: c.max,
                    step: c.step,
                },
            ));
        }
        if c.min_to_award > c.max {
            out.push((
                format!("{at}.min_to_award"),
                RubricProblem::MinAboveMax {
                    min: c.min_to_award,
                    max: c.max,
                },
            ));
        }
        for (b, band) in c.bands.iter().enumerate() {
            if band.from > band.to || band.to > c.max {
                out.push((
                    format!("{at}.bands[{b}]"),
                    RubricProblem::BadBand {
                        from: band.from,
                        to: band.to,
                        max: c.max,
                    },
                ));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn novelty() -> Criterion {
        Criterion {
            id: "novelty".into(),
            name: Bilingual::new("Tính mới", "Novelty"),
            max: Points::whole(25),
            step: Points::from_hundredths(50),
            min_to_award: Points::ZERO,
            guide: Bilingual::default(),
            bands: vec![
                Band {
                    from: Points::whole(0),
                    to: Points::from_hundredths(990),
                    label: Bilingual::new("Ít tính mới", "Little novelty"),
                },
                Band {
                    from: Points::whole(10),
                    to: Points::whole(25),
                    label: Bilingual::new("Có tính mới", "Novel"),
                },
            ],
        }
    }

    #[test]
    fn finds_the_band_holding_a_value() {
        let c = novelty();
        assert_eq!(
            c.band_for(Points::whole(9)).map(|b| b.label.en.as_str()),
            Some("Little novelty")
        );
        assert_eq!(
            c.band_for(Points::whole(10)).map(|b| b.label.en.as_str()),
            Some("Novel")
        );
        assert_eq!(c.band_for(Points::from_hundredths(995)), None);
    }

    #[test]
    fn checks_max_and_step() {
        let c = novelty();
        assert_eq!(c.check(Points::from_hundredths(1250)), Ok(()));
        assert_eq!(
            c.check(Points::whole(26)),
            Err(PointsProblem::AboveMax {
                max: Points::whole(25)
            })
        );
        assert_eq!(
            c.check(Points::from_hundredths(1225)),
            Err(PointsProblem::OffStep {
                step: Points::from_hundredths(50)
            })
        );
    }

    #[test]
    fn steps_stay_within_bounds() {
        let c = novelty();
        assert_eq!(c.step_up(None), Points::from_hundredths(50));
        assert_eq!(c.step_up(Some(Points::whole(25))), Points::whole(25));
        assert_eq!(c.step_up(Some(Points::whole(30))), Points::whole(25));
        assert_eq!(c.step_down(Points::whole(30)), Points::whole(25));
        assert_eq!(c.step_down(Points::ZERO), Points::ZERO);
        assert_eq!(
            c.step_up(Some(Points::whole(12))),
            Points::from_hundredths(1250)
        );
        assert_eq!(
            c.step_down(Points::from_hundredths(1225)),
            Points::whole(12)
        );
    }
}
