//! The ranking and the proposed prizes, by the council's rules:
//!
//! - a member's total is the sum of their submitted sheet; drafts never count;
//! - `mean`, `median`, `trimmed` (5+ sheets: drop one highest and one lowest
//!   total) and `zscore` (each member's totals standardised, rescaled to the
//!   round's grand mean and deviation);
//! - higher first; scores within 1e-9 are broken by the tiebreak criteria's
//!   means; entries still equal share a rank and the next rank skips;
//! - prizes go down the ranking within each tier's quota and minimums, and
//!   entries sharing a rank are never split.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::contest::Contest;
use super::tally::{Mark, Tally};
use std::sync::Arc;

/// Scores closer than this are equal.
const EPS: f64 = 1e-9;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Method {
    #[default]
    Mean,
    Median,
    Trimmed,
    Zscore,
}

impl Method {
    pub const ALL: [Method; 4] = [
        Method::Mean,
        Method::Median,
        Method::Trimmed,
        Method::Zscore,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Method::Mean => "mean",
            Method::Median => "median",
            Method::Trimmed => "trimmed",
            Method::Zscore => "zscore",
        }
    }

    pub fn next(self) -> Method {
        match self {
            Method::Mean => Method::Median,
            Method::Median => Method::Trimmed,
            Method::Trimmed => Method::Zscore,
            Method::Zscore => Method::Mean,
        }
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Method {
    type Err = String;
    fn from_str(s: &str) -> Result<Method, String> {
        Method::ALL
            .into_iter()
            .find(|m| m.name() == s)
            .ok_or_else(|| {
                format!("\"{s}\" is not a ranking method; use mean, median, trimmed or zscore")
            })
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Flag {
    Incomplete,
    Disagreement,
    BelowThreshold,
    QuotaTie,
    Unscored,
}

impl Flag {
    pub fn as_str(self) -> &'static str {
        match self {
            Flag::Incomplete => "incomplete",
            Flag::Disagreement => "disagreement",
            Flag::BelowThreshold => "below-threshold",
            Flag::QuotaTie => "quota-tie",
            Flag::Unscored => "unscored",
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct RankRow {
    pub entry: String,
    /// Position in contest order.
    pub position: usize,
    /// `None` when no sheet is submitted.
    pub rank: Option<u32>,
    pub sheets: u32,
    pub score: Option<f64>,
    /// Per criterion, in rubric order.
    pub criteria: Vec<Option<f64>>,
    /// Highest minus lowest total.
    pub spread: Option<f64>,
    /// Each submitted sheet's member and total.
    pub totals: Vec<(Arc<str>, f64)>,
    /// The prize tier proposed.
    pub award: Option<String>,
    pub flags: Vec<Flag>,
}

impl RankRow {
    pub fn has(&self, flag: Flag) -> bool {
        self.flags.contains(&flag)
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Ranking {
    pub round: String,
    pub method: Method,
    /// Ranked rows in rank order, then the unranked in contest order.
    pub rows: Vec<RankRow>,
}

impl Ranking {
    pub fn row(&self, entry: &str) -> Option<&RankRow> {
        self.rows.iter().find(|r| r.entry == entry)
    }
}

pub fn rank(contest: &Contest, round: &str, method: Method) -> Ranking {
    rank_tally(contest, &Tally::new(contest, round), method, None)
}

/// Every entry's score, sheet count and criterion means under one method,
/// in flat arrays (row = entry of the tally; NaN where nothing is submitted).
pub struct Scores {
    pub score: Vec<f64>,
    pub sheets: Vec<u32>,
    /// Row-major: `criteria[row * n + c]`.
    pub criteria: Vec<f64>,
    n: usize,
}

impl Scores {
    fn criterion(&self, row: usize, c: usize) -> f64 {
        self.criteria[row * self.n + c]
    }
}

/// The scores of a tally, leaving out member `without` if given.
pub fn scores(tally: &Tally, method: Method, without: Option<u16>) -> Scores {
    let rows = tally.marks.len();
    let n = tally.criteria;
    // The mean comes from the tally's sums, less the member left out.
    let mut sum = tally.sum.clone();
    let mut crit = tally.criterion_sum.clone();
    let mut count: Vec<u32> = tally.marks.iter().map(|m| m.len() as u32).collect();
    if let Some(j) = without {
        for &(row, k) in &tally.by_judge[j as usize] {
            let (row, m) = (row as usize, &tally.marks[row as usize][k as usize]);
            sum[row] -= u64::from(m.total);
            count[row] -= 1;
            for c in 0..n {
                crit[row * n + c] -= u64::from(tally.point(m, c));
            }
        }
    }
    let mut out = Scores {
        score: (0..rows)
            .map(|r| {
                if count[r] == 0 {
                    f64::NAN
                } else {
                    sum[r] as f64 / f64::from(count[r]) / 100.0
                }
            })
            .collect(),
        sheets: count.clone(),
        criteria: (0..rows * n)
            .map(|i| {
                let r = i / n.max(1);
                if count[r] == 0 {
                    f64::NAN
                } else {
                    crit[i] as f64 / f64::from(count[r]) / 100.0
                }
            })
            .collect(),
        n,
    };
    match method {
        Method::Mean => {}
        Method::Median => {
            let mut totals = Vec::new();
            for r in 0..rows {
                totals.clear();
                totals.extend(
                    tally.marks[r]
                        .iter()
                        .filter(|m| Some(m.judge) != without)
                        .map(|m| m.total),
                );
                if !totals.is_empty() {
                    out.score[r] = median_of(&mut totals);
                }
            }
        }
        Method::Trimmed => {
            let mut kept: Vec<&Mark> = Vec::new();
            for r in (0..rows).filter(|&r| count[r] >= 5) {
                kept.clear();
                kept.extend(tally.marks[r].iter().filter(|m| Some(m.judge) != without));
                kept.sort_by(|a, b| {
                    a.total.cmp(&b.total).then_with(|| {
                        tally.judges[a.judge as usize].cmp(&tally.judges[b.judge as usize])
                    })
                });
                let middle = &kept[1..kept.len() - 1];
                out.score[r] = mean_of(middle.iter().map(|m| m.total));
                for c in 0..n {
                    out.criteria[r * n + c] = mean_of(middle.iter().map(|m| tally.point(m, c)));
                }
            }
        }
        Method::Zscore => {
            let z = ZScale::new(tally, without);
            for (r, marks) in tally
                .marks
                .iter()
                .enumerate()
                .filter(|(r, _)| count[*r] > 0)
            {
                out.score[r] = z.value(marks.iter().filter(|m| Some(m.judge) != without));
            }
        }
    }
    out
}

/// The mean of hundredths, in points. Integer sums divided once, so equal
/// means are equal floats.
fn mean_of(values: impl Iterator<Item = u32>) -> f64 {
    let (sum, n) = values.fold((0u64, 0u64), |(s, n), v| (s + u64::from(v), n + 1));
    if n == 0 {
        0.0
    } else {
        sum as f64 / n as f64 / 100.0
    }
}

fn median_of(values: &mut [u32]) -> f64 {
    values.sort_unstable();
    let n = values.len();
    if n % 2 == 1 {
        f64::from(values[n / 2]) / 100.0
    } else {
        (f64::from(values[n / 2 - 1]) + f64::from(values[n / 2])) / 200.0
    }
}

/// Each member's mean and deviation, and the round's, for z-scores.
struct ZScale {
    judge_mean: Vec<f64>,
    judge_sd: Vec<f64>,
    judge_n: Vec<usize>,
    grand_mean: f64,
    grand_sd: f64,
}

impl ZScale {
    fn new(tally: &Tally, without: Option<u16>) -> ZScale {
        let m = tally.judges.len();
        let stats = |totals: &mut dyn Iterator<Item = f64>| {
            let v: Vec<f64> = totals.collect();
            if v.is_empty() {
                return (0.0, 0.0, 0);
            }
            let mean = v.iter().sum::<f64>() / v.len() as f64;
            let var = v.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / v.len() as f64;
            (mean, var.sqrt(), v.len())
        };
        let mut judge_mean = vec![0.0; m];
        let mut judge_sd = vec![0.0; m];
        let mut judge_n = vec![0; m];
        for j in 0..m {
            if Some(j as u16) == without {
                continue;
            }
            let (mean, sd, n) = stats(
                &mut tally.by_judge[j]
                    .iter()
                    .map(|&(r, k)| f64::from(tally.marks[r as usize][k as usize].total) / 100.0),
            );
            (judge_mean[j], judge_sd[j], judge_n[j]) = (mean, sd, n);
        }
        let (grand_mean, grand_sd, _) = stats(
            &mut tally
                .marks
                .iter()
                .flatten()
                .filter(|x| Some(x.judge) != without)
                .map(|x| f64::from(x.total) / 100.0),
        );
        ZScale {
            judge_mean,
            judge_sd,
            judge_n,
            grand_mean,
            grand_sd,
        }
    }

    fn value<'a>(&self, marks: impl Iterator<Item = &'a Mark>) -> f64 {
        let (sum, n) = marks.fold((0.0, 0usize), |(s, n), m| {
            let j = m.judge as usize;
            let sd = self.judge_sd[j];
            let z = if self.judge_n[j] < 2 || sd == 0.0 {
                0.0
            } else {
                (f64::from(m.total) / 100.0 - self.judge_mean[j]) / sd
            };
            (s + z, n + 1)
        });
        self.grand_mean + self.grand_sd * (sum / n.max(1) as f64)
    }
}

/// Where each entry lands: rank order, ranks, prizes, and why not.
pub struct Placed {
    /// Rows in rank order, then the unranked in contest order.
    pub order: Vec<usize>,
    pub rank: Vec<Option<u32>>,
    /// Index into `contest.awards`.
    pub award: Vec<Option<usize>>,
    pub below: Vec<bool>,
    pub quota_tie: Vec<bool>,
}

/// The tiebreak criteria's positions in the rubric.
fn tiebreak_criteria(contest: &Contest) -> Vec<usize> {
    contest
        .rules
        .tiebreak
        .iter()
        .filter_map(|id| contest.rubric.position(id))
        .collect()
}

/// Orders the entries (1, 2, 2, 4) and walks the prize tiers.
pub fn place(contest: &Contest, scores: &Scores) -> Placed {
    let rows = scores.score.len();
    let ties = tiebreak_criteria(contest);
    let mut ranked: Vec<usize> = (0..rows).filter(|&r| !scores.score[r].is_nan()).collect();
    // A total order first: exact scores, then contest order.
    ranked.sort_by(|&a, &b| scores.score[b].total_cmp(&scores.score[a]).then(a.cmp(&b)));
    let mut rank = vec![None; rows];
    let mut start = 0;
    while start < ranked.len() {
        let first = scores.score[ranked[start]];
        let end = (start..ranked.len())
            .find(|&i| (first - scores.score[ranked[i]]).abs() > EPS)
            .unwrap_or(ranked.len());
        if end - start > 1 {
            // Scores within EPS of the run's first: the tiebreak criteria decide.
            ranked[start..end].sort_by(|&a, &b| {
                ties.iter()
                    .map(|&c| scores.criterion(b, c).total_cmp(&scores.criterion(a, c)))
                    .find(|o| o.is_ne())
                    .unwrap_or(std::cmp::Ordering::Equal)
                    .then(a.cmp(&b))
            });
        }
        let mut anchor = start;
        for i in start..end {
            let same = i > start
                && ties.iter().all(|&c| {
                    (scores.criterion(ranked[anchor], c) - scores.criterion(ranked[i], c)).abs()
                        <= EPS
                });
            if !same {
                anchor = i;
            }
            rank[ranked[i]] = Some(anchor as u32 + 1);
        }
        start = end;
    }
    let mut placed = Placed {
        order: ranked.clone(),
        rank,
        award: vec![None; rows],
        below: vec![false; rows],
        quota_tie: vec![false; rows],
    };
    placed
        .order
        .extend((0..rows).filter(|&r| scores.score[r].is_nan()));
    award(contest, scores, &ranked, &mut placed);
    placed
}

/// Walks the ranking, giving each entry the first tier with room that it
/// qualifies for; entries sharing a rank all get the tier they land in.
fn award(contest: &Contest, scores: &Scores, ranked: &[usize], placed: &mut Placed) {
    let tiers = &contest.awards;
    let mut room: Vec<u32> = tiers.iter().map(|t| t.count).collect();
    let criterion_ok = |r: usize| {
        contest
            .rubric
            .criteria
            .iter()
            .enumerate()
            .all(|(c, cr)| scores.criterion(r, c) + EPS >= cr.min_to_award.as_f64())
    };
    let mut i = 0;
    let mut landing: Vec<Option<usize>> = Vec::new();
    while i < ranked.len() {
        let rank = placed.rank[ranked[i]];
        let end = (i..ranked.len())
            .find(|&k| placed.rank[ranked[k]] != rank)
            .unwrap_or(ranked.len());
        landing.clear();
        for &r in &ranked[i..end] {
            let ok = criterion_ok(r);
            if !ok {
                placed.below[r] = true;
            }
            let mut land = None;
            for (t, tier) in tiers.iter().enumerate() {
                if room[t] == 0 {
                    continue;
                }
                if scores.score[r] + EPS < tier.min_total.as_f64() {
                    placed.below[r] = true;
                    continue;
                }
                if ok {
                    land = Some(t);
                    break;
                }
            }
            landing.push(land);
        }
        for (t, left) in room.iter_mut().enumerate() {
            let n = landing.iter().filter(|l| **l == Some(t)).count() as u32;
            if n == 0 {
                continue;
            }
            let overflow = n > *left;
            *left = left.saturating_sub(n);
            for (&r, l) in ranked[i..end].iter().zip(&landing) {
                if *l == Some(t) {
                    placed.award[r] = Some(t);
                    placed.quota_tie[r] = overflow;
                }
            }
        }
        i = end;
    }
}

/// The full ranking from a tally, leaving out member `without` if given.
pub fn rank_tally(
    contest: &Contest,
    tally: &Tally,
    method: Method,
    without: Option<u16>,
) -> Ranking {
    let scores = scores(tally, method, without);
    let placed = place(contest, &scores);
    let n = tally.criteria;
    let rows = placed
        .order
        .iter()
        .map(|&r| {
            let position = tally.entries[r];
            let marks: Vec<&Mark> = tally.marks[r]
                .iter()
                .filter(|m| Some(m.judge) != without)
                .collect();
            let scored = !scores.score[r].is_nan();
            let hi = marks.iter().map(|m| m.total).max();
            let lo = marks.iter().map(|m| m.total).min();
            let spread = hi.zip(lo).map(|(h, l)| h - l);
            let mut flags = Vec::new();
            if without.is_none() && tally.incomplete[r] {
                flags.push(Flag::Incomplete);
            }
            if marks.len() >= 2
                && spread.is_some_and(|s| s >= contest.rules.disagreement_gap.hundredths())
            {
                flags.push(Flag::Disagreement);
            }
            if placed.below[r] {
                flags.push(Flag::BelowThreshold);
            }
            if placed.quota_tie[r] {
                flags.push(Flag::QuotaTie);
            }
            if !scored {
                flags.push(Flag::Unscored);
            }
            RankRow {
                entry: contest.entries[position].id.clone(),
                position,
                rank: placed.rank[r],
                sheets: scores.sheets[r],
                score: scored.then_some(scores.score[r]),
                criteria: (0..n)
                    .map(|c| scored.then_some(scores.criterion(r, c)))
                    .collect(),
                spread: scored.then(|| f64::from(spread.unwrap_or(0)) / 100.0),
                totals: marks
                    .iter()
                    .map(|m| {
                        (
                            Arc::clone(&tally.judges[m.judge as usize]),
                            f64::from(m.total) / 100.0,
                        )
                    })
                    .collect(),
                award: placed.award[r].map(|t| contest.awards[t].id.clone()),
                flags,
            }
        })
        .collect();
    Ranking {
        round: tally.round.clone(),
        method,
        rows,
    }
}
