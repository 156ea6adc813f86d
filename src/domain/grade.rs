//! Xếp loại: the grade an entry's score earns under `rules.grades`
//! (Xuất sắc ≥ 90, Tốt ≥ 80, …), highest first.

use serde::{Deserialize, Serialize};

use super::points::Points;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Grade {
    /// As the council writes it ("Xuất sắc").
    pub name: String,
    /// The lowest score that earns it.
    pub min: Points,
}

/// The grade `score` earns: the first whose minimum it reaches.
pub fn of(grades: &[Grade], score: Option<f64>) -> Option<&Grade> {
    let score = score?;
    grades.iter().find(|g| score + 1e-9 >= g.min.as_f64())
}

/// What can be wrong with one grade; worded by the contest file's checks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum GradeProblem {
    NoName,
    AboveMax {
        min: Points,
        max: Points,
    },
    NotFalling {
        min: Points,
        above: Points,
        above_name: String,
    },
}

/// What is wrong with a list of grades, each with its place in the file:
/// minimums must fall strictly from the first and stay within the rubric's
/// maximum; names must be given.
pub fn problems(grades: &[Grade], max_total: Points) -> Vec<(String, GradeProblem)> {
    let mut out = Vec::new();
    for (i, g) in grades.iter().enumerate() {
        let at = format!("rules.grades[{i}]");
        if g.name.trim().is_empty() {
            out.push((format!("{at}.name"), GradeProblem::NoName));
        }
        if g.min > max_total {
            out.push((
                format!("{at}.min"),
                GradeProblem::AboveMax {
                    min: g.min,
                    max: max_total,
                },
            ));
        }
        if i > 0 && g.min >= grades[i - 1].min {
            out.push((
                format!("{at}.min"),
                GradeProblem::NotFalling {
                    min: g.min,
                    above: grades[i - 1].min,
                    above_name: grades[i - 1].name.clone(),
                },
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grades() -> Vec<Grade> {
        [("Xuất sắc", 90), ("Tốt", 80), ("Khá", 65), ("Đạt", 50)]
            .iter()
            .map(|(n, m)| Grade {
                name: n.to_string(),
                min: Points::whole(*m),
            })
            .collect()
    }

    #[test]
    fn a_score_earns_the_highest_grade_it_reaches() {
        let g = grades();
        let name = |s| of(&g, s).map(|g: &Grade| g.name.as_str());
        assert_eq!(name(Some(93.5)), Some("Xuất sắc"));
        assert_eq!(name(Some(90.0)), Some("Xuất sắc"));
        assert_eq!(name(Some(89.99)), Some("Tốt"));
        assert_eq!(name(Some(65.0)), Some("Khá"));
        assert_eq!(name(Some(49.5)), None, "below Đạt: no grade");
        assert_eq!(name(None), None, "not scored: no grade");
    }

    #[test]
    fn grades_must_fall_and_stay_within_the_maximum() {
        let mut g = grades();
        assert!(problems(&g, Points::whole(100)).is_empty());
        g[2].min = Points::whole(85);
        g[0].min = Points::whole(120);
        let found: Vec<String> = problems(&g, Points::whole(100))
            .into_iter()
            .map(|(at, _)| at)
            .collect();
        assert_eq!(found, ["rules.grades[0].min", "rules.grades[2].min"]);
    }
}
