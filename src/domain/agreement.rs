//! How far the council agrees: Kendall's W over the entries every active
//! member submitted, and each member's leniency against the panel.

use serde::{Deserialize, Serialize};

use super::contest::Contest;
use super::tally::Tally;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct JudgeStats {
    pub judge: String,
    pub sheets: u32,
    pub mean: f64,
    /// Population standard deviation of the member's totals.
    pub sd: f64,
    /// Mean of (member's total − the entry's mean total): above 0 is lenient.
    pub leniency: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Agreement {
    /// Kendall's coefficient of concordance, with the tie correction.
    pub kendall_w: Option<f64>,
    /// Why W could not be computed.
    pub w_undefined: Option<NoW>,
    /// Entries every active member submitted (W is computed over these).
    pub common_entries: usize,
    /// Members with at least one submitted sheet.
    pub judges: Vec<JudgeStats>,
}

/// Why Kendall's W cannot be computed yet (worded by the catalog).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NoW {
    /// Fewer than two members have submitted sheets.
    FewMembers,
    /// Fewer than two entries were submitted by every member.
    FewCommonEntries,
    /// Every member gave every common entry the same total.
    AllTied,
}

pub fn agreement(contest: &Contest, round: &str) -> Agreement {
    agreement_of(&Tally::new(contest, round))
}

pub fn agreement_of(tally: &Tally) -> Agreement {
    let active = tally.active_judges();
    let judges = judge_stats(tally, &active);
    // Entries every active member submitted.
    // Entries every active member submitted: a member has one sheet per
    // entry, and every sheet is an active member's, so the count says it.
    let common: Vec<usize> = (0..tally.marks.len())
        .filter(|&row| !active.is_empty() && tally.marks[row].len() == active.len())
        .collect();
    let (kendall_w, w_undefined) = match kendall_w(tally, &active, &common) {
        Ok(w) => (Some(w), None),
        Err(why) => (None, Some(why)),
    };
    Agreement {
        kendall_w,
        w_undefined,
        common_entries: common.len(),
        judges,
    }
}

fn judge_stats(tally: &Tally, active: &[u16]) -> Vec<JudgeStats> {
    let entry_mean: Vec<f64> = tally
        .marks
        .iter()
        .map(|ms| {
            if ms.is_empty() {
                0.0
            } else {
                ms.iter().map(|m| f64::from(m.total)).sum::<f64>() / ms.len() as f64 / 100.0
            }
        })
        .collect();
    active
        .iter()
        .map(|&j| {
            let (mut totals, mut diffs) = (Vec::new(), Vec::new());
            for &(row, m) in &tally.by_judge[j as usize] {
                let t = f64::from(m.total) / 100.0;
                totals.push(t);
                diffs.push(t - entry_mean[row as usize]);
            }
            let n = totals.len() as f64;
            let mean = totals.iter().sum::<f64>() / n;
            let sd = (totals.iter().map(|t| (t - mean).powi(2)).sum::<f64>() / n).sqrt();
            JudgeStats {
                judge: tally.judges[j as usize].to_string(),
                sheets: totals.len() as u32,
                mean,
                sd,
                leniency: diffs.iter().sum::<f64>() / n,
            }
        })
        .collect()
}

/// W = 12·S / (m²(n³−n) − m·ΣT), T = Σ(t³−t) over each member's ties.
fn kendall_w(tally: &Tally, active: &[u16], common: &[usize]) -> Result<f64, NoW> {
    let (m, n) = (active.len(), common.len());
    if m < 2 {
        return Err(NoW::FewMembers);
    }
    if n < 2 {
        return Err(NoW::FewCommonEntries);
    }
    let mut rank_sums = vec![0.0f64; n];
    let mut tie_sum = 0.0f64;
    // On a common entry the marks, in member order, are the active members' in order.
    for i in 0..active.len() {
        let totals: Vec<u32> = common
            .iter()
            .map(|&row| tally.marks[row][i].total)
            .collect();
        let (ranks, ties) = average_ranks(&totals);
        for (s, r) in rank_sums.iter_mut().zip(ranks) {
            *s += r;
        }
        tie_sum += ties;
    }
    let (mf, nf) = (m as f64, n as f64);
    let mean = mf * (nf + 1.0) / 2.0;
    let s: f64 = rank_sums.iter().map(|r| (r - mean).powi(2)).sum();
    let denom = mf * mf * (nf.powi(3) - nf) - mf * tie_sum;
    if denom <= 0.0 {
        return Err(NoW::AllTied);
    }
    Ok(12.0 * s / denom)
}

/// Ranks 1..n (ties get the average of their places), and Σ(t³−t) over tie groups.
fn average_ranks(values: &[u32]) -> (Vec<f64>, f64) {
    // (value, index) packed in one integer: the order within a tie does not
    // matter (ties share their average), so an unstable sort will do.
    let mut idx: Vec<u64> = values
        .iter()
        .enumerate()
        .map(|(i, &v)| (u64::from(v) << 32) | i as u64)
        .collect();
    idx.sort_unstable();
    let value = |k: u64| k >> 32;
    let mut ranks = vec![0.0; values.len()];
    let mut ties = 0.0;
    let mut i = 0;
    while i < idx.len() {
        let mut k = i;
        while k + 1 < idx.len() && value(idx[k + 1]) == value(idx[i]) {
            k += 1;
        }
        let t = (k - i + 1) as f64;
        let avg = (i + k) as f64 / 2.0 + 1.0;
        for &p in &idx[i..=k] {
            ranks[(p & 0xffff_ffff) as usize] = avg;
        }
        ties += t.powi(3) - t;
        i = k + 1;
    }
    (ranks, ties)
}
