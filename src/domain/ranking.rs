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

use super::Points;
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
    /// Placed above or below an equal score by `rules.tiebreak`.
    Tiebreak,
    Unscored,
}

impl Flag {
    pub fn as_str(self) -> &'static str {
        match self {
            Flag::Incomplete => "incomplete",
            Flag::Disagreement => "disagreement",
            Flag::BelowThreshold => "below-threshold",
            Flag::QuotaTie => "quota-tie",
            Flag::Tiebreak => "tiebreak",
            Flag::Unscored => "unscored",
        }
    }
}

/// The minimum an entry missed, named so the council sees which.
#[derive(Clone, Debug, PartialEq)]
pub enum Shortfall {
    /// A criterion's mean below its `min_to_award`: no prize at all.
    Criterion { criterion: String, min: Points },
    /// Within the prize places by rank, but below the total the tier it
    /// would have had asks for.
    Tier { award: String, min: Points },
}

#[derive(Clone, Debug, Default, PartialEq)]
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
    /// Why `below-threshold` is set.
    pub shortfall: Option<Shortfall>,
    /// The criterion that settled a tie on the score, when one did.
    pub tiebreak: Option<String>,
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

/// The ranking of `round`; the official places where the contest carries them.
pub fn rank(contest: &Contest, round: &str, method: Method) -> Ranking {
    rank_from(contest, &Tally::new(contest, round), method)
}

/// The ranking of a round already tallied (`contest` may be its definition alone).
pub fn rank_from(contest: &Contest, tally: &Tally, method: Method) -> Ranking {
    let mut ranking = rank_tally(contest, tally, method, None);
    super::official::take_official(&mut ranking, &contest.official);
    ranking
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
        for &(row, m) in &tally.by_judge[j as usize] {
            let row = row as usize;
            sum[row] -= u64::from(m.total);
            count[row] -= 1;
            for c in 0..n {
                crit[row * n + c] -= u64::from(tally.point(&m, c));
            }
        }
    }
    let mean = |sum: u64, count: u32| {
        if count == 0 {
            f64::NAN
        } else {
            sum as f64 / f64::from(count) / 100.0
        }
    };
    let mut out = Scores {
        score: sum.iter().zip(&count).map(|(&s, &c)| mean(s, c)).collect(),
        criteria: crit
            .chunks(n.max(1))
            .zip(&count)
            .flat_map(|(sums, &c)| sums.iter().map(move |&s| mean(s, c)))
            .collect(),
        sheets: count,
        n,
    };
    let kept = |r: usize| {
        tally.marks[r]
            .iter()
            .filter(move |m| Some(m.judge) != without)
    };
    match method {
        Method::Mean => {}
        Method::Median => {
            let mut totals = Vec::new();
            for r in 0..rows {
                totals.clear();
                totals.extend(kept(r).map(|m| m.total));
                if !totals.is_empty() {
                    out.score[r] = median_of(&mut totals);
                }
            }
        }
        Method::Trimmed => {
            // The lowest and the highest sheet by (total, member id), as the first
            // and last of a stable sort would be; the rest is the sums less those two.
            let key = |m: &Mark| (m.total, tally.judge_order[m.judge as usize]);
            for r in (0..rows).filter(|&r| out.sheets[r] >= 5) {
                let (mut lo, mut hi): (Option<&Mark>, Option<&Mark>) = (None, None);
                for m in kept(r) {
                    if lo.is_none_or(|l| key(m) < key(l)) {
                        lo = Some(m);
                    }
                    if hi.is_none_or(|h| key(m) >= key(h)) {
                        hi = Some(m);
                    }
                }
                let (Some(lo), Some(hi)) = (lo, hi) else {
                    continue;
                };
                let middle = u64::from(out.sheets[r] - 2);
                out.score[r] = mean_of(sum[r] - u64::from(lo.total) - u64::from(hi.total), middle);
                for c in 0..n {
                    let sum = crit[r * n + c]
                        - u64::from(tally.point(lo, c))
                        - u64::from(tally.point(hi, c));
                    out.criteria[r * n + c] = mean_of(sum, middle);
                }
            }
        }
        Method::Zscore => {
            let z = ZScale::new(tally, without);
            for r in (0..rows).filter(|&r| out.sheets[r] > 0) {
                out.score[r] = z.value(kept(r));
            }
        }
    }
    out
}

/// The mean of `n` values summing to `sum` hundredths, in points. Integer
/// sums divided once, so equal means are equal floats.
fn mean_of(sum: u64, n: u64) -> f64 {
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

/// Mean, population deviation and count, in two passes over the values
/// (no running sums: the figures must not depend on how they are computed).
fn stats(values: impl Iterator<Item = f64> + Clone) -> (f64, f64, usize) {
    let n = values.clone().count();
    if n == 0 {
        return (0.0, 0.0, 0);
    }
    let mean = values.clone().sum::<f64>() / n as f64;
    let var = values.map(|x| (x - mean).powi(2)).sum::<f64>() / n as f64;
    (mean, var.sqrt(), n)
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
        let mut judge_mean = vec![0.0; m];
        let mut judge_sd = vec![0.0; m];
        let mut judge_n = vec![0; m];
        for j in 0..m {
            if Some(j as u16) == without {
                continue;
            }
            (judge_mean[j], judge_sd[j], judge_n[j]) = stats(
                tally.by_judge[j]
                    .iter()
                    .map(|(_, m)| f64::from(m.total) / 100.0),
            );
        }
        let (grand_mean, grand_sd, _) = stats(
            tally
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
    /// The minimum missed, where `below` is set.
    pub shortfall: Vec<Option<BelowWhat>>,
    pub quota_tie: Vec<bool>,
    /// The tiebreak criterion (rubric position) that placed the entry
    /// apart from an equal score.
    pub tiebreak: Vec<Option<usize>>,
}

/// The minimum missed, by position: a criterion of the rubric or an award tier.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BelowWhat {
    Criterion(usize),
    Tier(usize),
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
    // A total order first: exact scores, then contest order. The key orders
    // as `f64::total_cmp` does, negated for highest first; rows are unique,
    // so an unstable sort gives the one order there is.
    let mut keyed: Vec<(i64, usize)> = (0..rows)
        .filter(|&r| !scores.score[r].is_nan())
        .map(|r| {
            let bits = scores.score[r].to_bits() as i64;
            (!(bits ^ (((bits >> 63) as u64) >> 1) as i64), r)
        })
        .collect();
    keyed.sort_unstable();
    let mut ranked: Vec<usize> = keyed.into_iter().map(|(_, r)| r).collect();
    let mut rank = vec![None; rows];
    let mut tiebreak = vec![None; rows];
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
        if end - start > 1 {
            settled_by(scores, &ties, &ranked[start..end], &rank, &mut tiebreak);
        }
        start = end;
    }
    let ranked_len = ranked.len();
    ranked.extend((0..rows).filter(|&r| scores.score[r].is_nan()));
    let mut placed = Placed {
        order: Vec::new(),
        rank,
        award: vec![None; rows],
        below: vec![false; rows],
        shortfall: vec![None; rows],
        quota_tie: vec![false; rows],
        tiebreak,
    };
    award(contest, scores, &ranked[..ranked_len], &mut placed);
    placed.order = ranked;
    placed
}

/// In a run of equal scores, each entry placed apart from another by the
/// tiebreak gets the first tiebreak criterion that tells it from its nearest
/// differently ranked neighbour (the one above, else the one below).
fn settled_by(
    scores: &Scores,
    ties: &[usize],
    run: &[usize],
    rank: &[Option<u32>],
    tiebreak: &mut [Option<usize>],
) {
    let differ = |a: usize, b: usize| {
        ties.iter()
            .copied()
            .find(|&c| (scores.criterion(a, c) - scores.criterion(b, c)).abs() > EPS)
    };
    for (i, &r) in run.iter().enumerate() {
        let above = run[..i].iter().rev().find(|&&o| rank[o] != rank[r]);
        let below = run[i + 1..].iter().find(|&&o| rank[o] != rank[r]);
        tiebreak[r] = above.or(below).and_then(|&o| differ(r, o));
    }
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
    // Below a criterion's minimum is flagged whether or not prizes are left;
    // in entry order, one pass through the scores.
    for r in 0..placed.below.len() {
        if !scores.score[r].is_nan() && !criterion_ok(r) {
            placed.below[r] = true;
            placed.shortfall[r] = contest
                .rubric
                .criteria
                .iter()
                .enumerate()
                .position(|(c, cr)| scores.criterion(r, c) + EPS < cr.min_to_award.as_f64())
                .map(BelowWhat::Criterion);
        }
    }
    // A tier's minimum is flagged on the entries first in line for it that
    // missed it (one rank), not on every entry below a tier left empty.
    let mut first_miss: Vec<Option<Option<u32>>> = vec![None; tiers.len()];
    let mut i = 0;
    let mut landing: Vec<Option<usize>> = Vec::new();
    // Once every tier is full nothing more changes.
    while i < ranked.len() && room.iter().any(|&n| n > 0) {
        let rank = placed.rank[ranked[i]];
        let end = (i..ranked.len())
            .find(|&k| placed.rank[ranked[k]] != rank)
            .unwrap_or(ranked.len());
        landing.clear();
        for &r in &ranked[i..end] {
            // Flagged above only for a criterion, and each entry is visited once.
            let ok = !placed.below[r];
            let mut land = None;
            let mut missed = None;
            for (t, tier) in tiers.iter().enumerate() {
                if room[t] == 0 {
                    continue;
                }
                if scores.score[r] + EPS < tier.min_total.as_f64() {
                    if ok && *first_miss[t].get_or_insert(rank) == rank {
                        missed = Some(t);
                    }
                    continue;
                }
                if ok {
                    land = Some(t);
                    break;
                }
            }
            if let Some(t) = missed {
                placed.below[r] = true;
                placed.shortfall[r] = Some(BelowWhat::Tier(t));
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
    ranking_of(contest, tally, method, without, &scores, &placed)
}

/// The ranking's rows from scores and placing already computed.
pub fn ranking_of(
    contest: &Contest,
    tally: &Tally,
    method: Method,
    without: Option<u16>,
    scores: &Scores,
    placed: &Placed,
) -> Ranking {
    rows_of(contest, tally, method, without, scores, placed, |_| None)
}

/// The ranking again after the sheets of the entries at `changed` (tally
/// rows) changed, from `last` (the ranking of the same round by the same
/// method, with no member left out). Scores and places are computed afresh,
/// since one changed sheet can move every place (and, with z-scores, every
/// score); the other rows are updated where they stand, keeping their
/// totals and allocating only for what changed. The result equals `rank_from`.
pub fn rerank(
    last: Ranking,
    contest: &Contest,
    tally: &Tally,
    method: Method,
    changed: &[usize],
) -> Ranking {
    let mut kept: Vec<Option<RankRow>> = (0..tally.entries.len()).map(|_| None).collect();
    for row in last.rows {
        if let Ok(r) = tally.entries.binary_search(&row.position) {
            kept[r] = Some(row);
        }
    }
    for &r in changed {
        if let Some(k) = kept.get_mut(r) {
            *k = None;
        }
    }
    let scores = scores(tally, method, None);
    let placed = place(contest, &scores);
    let mut ranking = rows_of(contest, tally, method, None, &scores, &placed, |r| {
        kept[r].take()
    });
    super::official::take_official(&mut ranking, &contest.official);
    ranking
}

fn rows_of(
    contest: &Contest,
    tally: &Tally,
    method: Method,
    without: Option<u16>,
    scores: &Scores,
    placed: &Placed,
    mut kept: impl FnMut(usize) -> Option<RankRow>,
) -> Ranking {
    let n = tally.criteria;
    let gap = contest.rules.disagreement_gap.hundredths();
    let rows = placed
        .order
        .iter()
        .map(|&r| {
            let position = tally.entries[r];
            let marks = || tally.marks[r].iter().filter(|m| Some(m.judge) != without);
            let mut row = kept(r).unwrap_or_else(|| RankRow {
                entry: contest.entries[position].id.clone(),
                position,
                totals: marks()
                    .map(|m| {
                        (
                            Arc::clone(&tally.judges[m.judge as usize]),
                            f64::from(m.total) / 100.0,
                        )
                    })
                    .collect(),
                criteria: Vec::with_capacity(n),
                ..RankRow::default()
            });
            let scored = !scores.score[r].is_nan();
            let (count, hi, lo) = marks().fold((0usize, None, None), |(n, hi, lo), m| {
                (
                    n + 1,
                    hi.max(Some(m.total)),
                    Some(lo.map_or(m.total, |l: u32| l.min(m.total))),
                )
            });
            let spread = hi.zip(lo).map(|(h, l)| h - l);
            let flags = &mut row.flags;
            flags.clear();
            if without.is_none() && tally.incomplete[r] {
                flags.push(Flag::Incomplete);
            }
            if count >= 2 && spread.is_some_and(|s| s >= gap) {
                flags.push(Flag::Disagreement);
            }
            if placed.below[r] {
                flags.push(Flag::BelowThreshold);
            }
            if placed.quota_tie[r] {
                flags.push(Flag::QuotaTie);
            }
            if placed.tiebreak[r].is_some() {
                flags.push(Flag::Tiebreak);
            }
            if !scored {
                flags.push(Flag::Unscored);
            }
            row.rank = placed.rank[r];
            row.sheets = scores.sheets[r];
            row.score = scored.then_some(scores.score[r]);
            row.criteria.clear();
            row.criteria
                .extend((0..n).map(|c| scored.then_some(scores.criterion(r, c))));
            row.spread = scored.then(|| f64::from(spread.unwrap_or(0)) / 100.0);
            let award = placed.award[r].map(|t| contest.awards[t].id.as_str());
            set_id(&mut row.award, award);
            let tiebreak = placed.tiebreak[r].map(|c| contest.rubric.criteria[c].id.as_str());
            set_id(&mut row.tiebreak, tiebreak);
            let same = match (&row.shortfall, placed.shortfall[r]) {
                (None, None) => true,
                (Some(Shortfall::Criterion { criterion, min }), Some(BelowWhat::Criterion(c))) => {
                    let c = &contest.rubric.criteria[c];
                    *criterion == c.id && *min == c.min_to_award
                }
                (Some(Shortfall::Tier { award, min }), Some(BelowWhat::Tier(t))) => {
                    let t = &contest.awards[t];
                    *award == t.id && *min == t.min_total
                }
                _ => false,
            };
            if !same {
                row.shortfall = placed.shortfall[r].map(|b| shortfall(contest, b));
            }
            row
        })
        .collect();
    Ranking {
        round: tally.round.clone(),
        method,
        rows,
    }
}

/// The minimum `b` names, as the ranking shows it.
fn shortfall(contest: &Contest, b: BelowWhat) -> Shortfall {
    match b {
        BelowWhat::Criterion(c) => Shortfall::Criterion {
            criterion: contest.rubric.criteria[c].id.clone(),
            min: contest.rubric.criteria[c].min_to_award,
        },
        BelowWhat::Tier(t) => Shortfall::Tier {
            award: contest.awards[t].id.clone(),
            min: contest.awards[t].min_total,
        },
    }
}

/// Sets an id kept in a row, allocating only when it differs.
fn set_id(slot: &mut Option<String>, id: Option<&str>) {
    if slot.as_deref() != id {
        *slot = id.map(str::to_string);
    }
}
