//! Would the winners be the same with another method, or without any one
//! member? The chair is told plainly.

use serde::{Deserialize, Serialize};

use super::agreement::{Agreement, agreement_of};
use super::contest::Contest;
use super::ranking::{Method, Placed, Ranking, place, rank_tally, scores};
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

/// Everything the chair's screens show for a round, from one tally.
pub struct Figures {
    pub ranking: Ranking,
    pub agreement: Agreement,
    pub robustness: Robustness,
}

impl Figures {
    pub fn compute(contest: &Contest, round: &str, method: Method) -> Figures {
        let tally = Tally::new(contest, round);
        Figures {
            ranking: rank_tally(contest, &tally, method, None),
            agreement: agreement_of(&tally),
            robustness: robustness_of(contest, &tally, method),
        }
    }
}

pub fn robustness(contest: &Contest, round: &str, method: Method) -> Robustness {
    robustness_of(contest, &Tally::new(contest, round), method)
}

pub fn robustness_of(contest: &Contest, tally: &Tally, method: Method) -> Robustness {
    let chosen = place(contest, &scores(tally, method, None));
    let methods: Vec<Placed> = Method::ALL
        .iter()
        .map(|&m| place(contest, &scores(tally, m, None)))
        .collect();
    let judges = tally.active_judges();
    let leave_out = leave_each_out(contest, tally, method, &judges);
    let rows = chosen
        .order
        .iter()
        .map(|&r| {
            let present: Vec<u32> = std::iter::once(chosen.rank[r])
                .chain(leave_out.iter().map(|p| p.rank[r]))
                .flatten()
                .collect();
            RobustRow {
                entry: contest.entries[tally.entries[r]].id.clone(),
                by_method: [0, 1, 2, 3].map(|i| methods[i].rank[r]),
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
        by_method: Method::ALL
            .iter()
            .zip(&methods)
            .filter(|(m, _)| **m != method)
            .map(|(m, p)| (*m, changes(contest, tally, &chosen, p)))
            .collect(),
        without_judge: judges
            .iter()
            .zip(&leave_out)
            .map(|(&j, p)| {
                (
                    tally.judges[j as usize].to_string(),
                    changes(contest, tally, &chosen, p),
                )
            })
            .collect(),
    }
}

/// The placing without each member, the members shared out over the cores.
fn leave_each_out(contest: &Contest, tally: &Tally, method: Method, judges: &[u16]) -> Vec<Placed> {
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .clamp(1, 8);
    let chunk = judges.len().div_ceil(threads).max(1);
    std::thread::scope(|s| {
        let handles: Vec<_> = judges
            .chunks(chunk)
            .map(|part| {
                s.spawn(move || {
                    part.iter()
                        .map(|&j| place(contest, &scores(tally, method, Some(j))))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_default())
            .collect()
    })
}

fn changes(contest: &Contest, tally: &Tally, chosen: &Placed, other: &Placed) -> Vec<AwardChange> {
    let name = |t: Option<usize>| t.map(|t| contest.awards[t].id.clone());
    chosen
        .order
        .iter()
        .filter(|&&r| chosen.award[r] != other.award[r])
        .map(|&r| AwardChange {
            entry: contest.entries[tally.entries[r]].id.clone(),
            chosen: name(chosen.award[r]),
            other: name(other.award[r]),
        })
        .collect()
}
