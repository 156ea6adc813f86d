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
    pub totals: Vec<(String, f64)>,
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

/// The ranking from a tally, leaving out member `without` (for leave-one-out).
pub fn rank_tally(
    contest: &Contest,
    tally: &Tally,
    method: Method,
    without: Option<u16>,
) -> Ranking {
    let z = (method == Method::Zscore).then(|| ZScale::new(tally, without));
    let mut rows: Vec<RankRow> = tally
        .entries
        .iter()
        .enumerate()
        .map(|(row, &position)| {
            score_entry(contest, tally, row, position, method, without, z.as_ref())
        })
        .collect();
    order(contest, &mut rows);
    award(contest, &mut rows);
    for r in &mut rows {
        r.flags.sort();
        r.flags.dedup();
    }
    Ranking {
        round: tally.round.clone(),
        method,
        rows,
    }
}

fn score_entry(
    contest: &Contest,
    tally: &Tally,
    row: usize,
    position: usize,
    method: Method,
    without: Option<u16>,
    z: Option<&ZScale>,
) -> RankRow {
    let entry = contest.entries[position].id.clone();
    let all: Vec<&Mark> = tally.marks[row]
        .iter()
        .filter(|m| Some(m.judge) != without)
        .collect();
    let mut flags = Vec::new();
    if without.is_none() {
        let submitted: Vec<&str> = all
            .iter()
            .map(|m| tally.judges[m.judge as usize].as_str())
            .collect();
        if contest
            .expected_judges(&tally.round, &entry)
            .any(|j| !submitted.contains(&j.id.as_str()))
        {
            flags.push(Flag::Incomplete);
        }
    }
    let totals: Vec<(String, f64)> = all
        .iter()
        .map(|m| {
            (
                tally.judges[m.judge as usize].clone(),
                f64::from(m.total) / 100.0,
            )
        })
        .collect();
    if all.is_empty() {
        flags.push(Flag::Unscored);
        return RankRow {
            entry,
            position,
            rank: None,
            sheets: 0,
            score: None,
            criteria: vec![None; tally.criteria],
            spread: None,
            totals,
            award: None,
            flags,
        };
    }
    let hi = all.iter().map(|m| m.total).max().unwrap_or(0);
    let lo = all.iter().map(|m| m.total).min().unwrap_or(0);
    let spread = f64::from(hi - lo) / 100.0;
    if all.len() >= 2 && hi - lo >= contest.rules.disagreement_gap.hundredths() {
        flags.push(Flag::Disagreement);
    }
    // The sheets whose criterion points are averaged: trimmed keeps the middle ones.
    let kept: Vec<&Mark> = match method {
        Method::Trimmed if all.len() >= 5 => {
            let mut sorted = all.clone();
            sorted.sort_by(|a, b| {
                a.total.cmp(&b.total).then_with(|| {
                    tally.judges[a.judge as usize].cmp(&tally.judges[b.judge as usize])
                })
            });
            sorted[1..sorted.len() - 1].to_vec()
        }
        _ => all.clone(),
    };
    let score = match method {
        Method::Mean | Method::Trimmed => mean_of(kept.iter().map(|m| m.total)),
        Method::Median => median_of(all.iter().map(|m| m.total).collect()),
        Method::Zscore => z.map(|z| z.value(&all)).unwrap_or(0.0),
    };
    let criteria = (0..tally.criteria)
        .map(|c| Some(mean_of(kept.iter().map(|m| tally.point(m, c)))))
        .collect();
    RankRow {
        entry,
        position,
        rank: None,
        sheets: all.len() as u32,
        score: Some(score),
        criteria,
        spread: Some(spread),
        totals,
        award: None,
        flags,
    }
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

fn median_of(mut values: Vec<u32>) -> f64 {
    values.sort_unstable();
    let n = values.len();
    if n == 0 {
        return 0.0;
    }
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
        let mut per: Vec<Vec<f64>> = vec![Vec::new(); m];
        let mut all = Vec::new();
        for mark in tally
            .marks
            .iter()
            .flatten()
            .filter(|x| Some(x.judge) != without)
        {
            let t = f64::from(mark.total) / 100.0;
            per[mark.judge as usize].push(t);
            all.push(t);
        }
        let stats = |v: &[f64]| {
            if v.is_empty() {
                return (0.0, 0.0);
            }
            let mean = v.iter().sum::<f64>() / v.len() as f64;
            let var = v.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / v.len() as f64;
            (mean, var.sqrt())
        };
        let (grand_mean, grand_sd) = stats(&all);
        let (judge_mean, judge_sd): (Vec<f64>, Vec<f64>) = per.iter().map(|v| stats(v)).unzip();
        ZScale {
            judge_mean,
            judge_sd,
            judge_n: per.iter().map(Vec::len).collect(),
            grand_mean,
            grand_sd,
        }
    }

    fn value(&self, marks: &[&Mark]) -> f64 {
        let z: f64 = marks
            .iter()
            .map(|m| {
                let j = m.judge as usize;
                let sd = self.judge_sd[j];
                if self.judge_n[j] < 2 || sd == 0.0 {
                    0.0
                } else {
                    (f64::from(m.total) / 100.0 - self.judge_mean[j]) / sd
                }
            })
            .sum::<f64>()
            / marks.len() as f64;
        self.grand_mean + self.grand_sd * z
    }
}

/// The tiebreak criteria's means of a row, in the rule's order.
fn tiebreaks(contest: &Contest, row: &RankRow) -> Vec<f64> {
    contest
        .rules
        .tiebreak
        .iter()
        .map(|id| {
            contest
                .rubric
                .position(id)
                .and_then(|i| row.criteria[i])
                .unwrap_or(0.0)
        })
        .collect()
}

/// Sorts rows and numbers the ranks: 1, 2, 2, 4.
fn order(contest: &Contest, rows: &mut [RankRow]) {
    // A total order first (exact scores, then contest order), unranked last.
    rows.sort_by(|a, b| match (a.score, b.score) {
        (Some(x), Some(y)) => y.total_cmp(&x).then(a.position.cmp(&b.position)),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => a.position.cmp(&b.position),
    });
    let ranked = rows.iter().take_while(|r| r.score.is_some()).count();
    // Runs of scores within EPS of the run's first are ordered by the tiebreaks.
    let mut start = 0;
    while start < ranked {
        let first = rows[start].score.unwrap_or(0.0);
        let end = (start..ranked)
            .find(|&i| (first - rows[i].score.unwrap_or(0.0)).abs() > EPS)
            .unwrap_or(ranked);
        let keys: Vec<(Vec<f64>, usize)> = rows[start..end]
            .iter()
            .map(|r| (tiebreaks(contest, r), r.position))
            .collect();
        let mut idx: Vec<usize> = (0..end - start).collect();
        idx.sort_by(|&a, &b| {
            let (ka, kb) = (&keys[a], &keys[b]);
            ka.0.iter()
                .zip(&kb.0)
                .map(|(x, y)| y.total_cmp(x))
                .find(|o| o.is_ne())
                .unwrap_or(std::cmp::Ordering::Equal)
                .then(ka.1.cmp(&kb.1))
        });
        let run: Vec<RankRow> = idx.iter().map(|&i| rows[start + i].clone()).collect();
        rows[start..end].clone_from_slice(&run);
        // Within the run, a new rank starts where a tiebreak mean differs by more than EPS.
        let mut anchor = start;
        for i in start..end {
            let same = i > start && {
                let (a, b) = (
                    tiebreaks(contest, &rows[anchor]),
                    tiebreaks(contest, &rows[i]),
                );
                a.iter().zip(&b).all(|(x, y)| (x - y).abs() <= EPS)
            };
            if !same {
                anchor = i;
            }
            rows[i].rank = Some(anchor as u32 + 1);
        }
        start = end;
    }
}

/// Walks the ranking, giving each entry the first tier with room that it
/// qualifies for; entries sharing a rank all get the tier they land in.
fn award(contest: &Contest, rows: &mut [RankRow]) {
    let tiers = &contest.awards;
    let mut room: Vec<u32> = tiers.iter().map(|t| t.count).collect();
    let criterion_ok = |r: &RankRow| {
        contest
            .rubric
            .criteria
            .iter()
            .zip(&r.criteria)
            .all(|(c, m)| m.unwrap_or(0.0) + EPS >= c.min_to_award.as_f64())
    };
    for r in rows.iter_mut() {
        if r.score.is_some() && !criterion_ok(r) {
            r.flags.push(Flag::BelowThreshold);
        }
    }
    let mut i = 0;
    while i < rows.len() {
        let Some(rank) = rows[i].rank else { break };
        let end = (i..rows.len())
            .find(|&k| rows[k].rank != Some(rank))
            .unwrap_or(rows.len());
        let mut landing: Vec<Option<usize>> = Vec::with_capacity(end - i);
        for r in &mut rows[i..end] {
            let score = r.score.unwrap_or(0.0);
            let ok = criterion_ok(r);
            let mut land = None;
            for (t, tier) in tiers.iter().enumerate() {
                if room[t] == 0 {
                    continue;
                }
                if score + EPS < tier.min_total.as_f64() {
                    r.flags.push(Flag::BelowThreshold);
                    continue;
                }
                if ok {
                    land = Some(t);
                    break;
                }
            }
            landing.push(land);
        }
        for (t, tier) in tiers.iter().enumerate() {
            let n = landing.iter().filter(|l| **l == Some(t)).count() as u32;
            if n == 0 {
                continue;
            }
            let overflow = n > room[t];
            room[t] = room[t].saturating_sub(n);
            for (r, l) in rows[i..end].iter_mut().zip(&landing) {
                if *l == Some(t) {
                    r.award = Some(tier.id.clone());
                    if overflow {
                        r.flags.push(Flag::QuotaTie);
                    }
                }
            }
        }
        i = end;
    }
}
