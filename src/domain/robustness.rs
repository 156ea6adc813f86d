//! Would the winners be the same with another method, or without any one
//! member? The chair is told plainly.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::contest::Contest;
use super::ranking::{Method, Ranking, rank_tally};
use super::tally::Tally;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RobustRow {
    pub entry: String,
    /// Rank under each method, in `Method::ALL` order.
    pub by_method: [Option<u32>; 4],
    /// Best and worst rank with the chosen method, over the full council and
    /// every council less one member.
    pub range: Option<(u32, u32)>,
}

/// An entry whose prize changes: with which award, and with which instead.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AwardChange {
    pub entry: String,
    pub chosen: Option<String>,
    pub other: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Robustness {
    pub method: Method,
    /// In the chosen method's rank order.
    pub rows: Vec<RobustRow>,
    /// For each other method, the entries whose prize differs.
    pub by_method: Vec<(Method, Vec<AwardChange>)>,
    /// For each member left out, the entries whose prize differs.
    pub without_judge: Vec<(String, Vec<AwardChange>)>,
}

impl Robustness {
    pub fn method_matters(&self) -> bool {
        self.by_method.iter().any(|(_, c)| !c.is_empty())
    }

    pub fn one_judge_matters(&self) -> bool {
        self.without_judge.iter().any(|(_, c)| !c.is_empty())
    }
}

pub fn robustness(contest: &Contest, round: &str, method: Method) -> Robustness {
    let tally = Tally::new(contest, round);
    let chosen = rank_tally(contest, &tally, method, None);
    let others: Vec<Ranking> = Method::ALL
        .iter()
        .map(|&m| rank_tally(contest, &tally, m, None))
        .collect();
    let leave_out: Vec<(String, Ranking)> = tally
        .active_judges()
        .into_iter()
        .map(|j| {
            (
                tally.judges[j as usize].clone(),
                rank_tally(contest, &tally, method, Some(j)),
            )
        })
        .collect();
    let ranks = |r: &Ranking| -> BTreeMap<String, Option<u32>> {
        r.rows.iter().map(|x| (x.entry.clone(), x.rank)).collect()
    };
    let method_ranks: Vec<BTreeMap<String, Option<u32>>> = others.iter().map(ranks).collect();
    let loo_ranks: Vec<BTreeMap<String, Option<u32>>> =
        leave_out.iter().map(|(_, r)| ranks(r)).collect();
    let rows = chosen
        .rows
        .iter()
        .map(|row| {
            let all = std::iter::once(row.rank).chain(
                loo_ranks
                    .iter()
                    .map(|m| m.get(&row.entry).copied().flatten()),
            );
            let present: Vec<u32> = all.flatten().collect();
            RobustRow {
                entry: row.entry.clone(),
                by_method: [0, 1, 2, 3].map(|i| method_ranks[i].get(&row.entry).copied().flatten()),
                range: present
                    .iter()
                    .min()
                    .zip(present.iter().max())
                    .map(|(a, b)| (*a, *b)),
            }
        })
        .collect();
    Robustness {
        method,
        rows,
        by_method: others
            .iter()
            .filter(|r| r.method != method)
            .map(|r| (r.method, award_changes(&chosen, r)))
            .collect(),
        without_judge: leave_out
            .iter()
            .map(|(j, r)| (j.clone(), award_changes(&chosen, r)))
            .collect(),
    }
}

fn award_changes(chosen: &Ranking, other: &Ranking) -> Vec<AwardChange> {
    let other_award: BTreeMap<&str, Option<&String>> = other
        .rows
        .iter()
        .map(|r| (r.entry.as_str(), r.award.as_ref()))
        .collect();
    chosen
        .rows
        .iter()
        .filter_map(|r| {
            let theirs = other_award.get(r.entry.as_str()).copied().flatten();
            (r.award.as_ref() != theirs).then(|| AwardChange {
                entry: r.entry.clone(),
                chosen: r.award.clone(),
                other: theirs.cloned(),
            })
        })
        .collect()
}
