//! Would the winners be the same with another method, or without any one
//! member? The chair is told plainly.

use std::sync::atomic::{AtomicUsize, Ordering};

use serde::{Deserialize, Serialize};

use super::agreement::{Agreement, agreement_of};
use super::contest::Contest;
use super::ranking::{Method, Placed, Ranking, place, ranking_of, scores};
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
        Figures::of(contest, &Tally::new(contest, round), method)
    }

    /// The figures of a round already tallied.
    pub fn of(contest: &Contest, tally: &Tally, method: Method) -> Figures {
        let judges = tally.active_judges();
        let runs: Vec<(Method, Option<u16>)> = others(method)
            .map(|m| (m, None))
            .chain(judges.iter().map(|&j| (method, Some(j))))
            .collect();
        // This thread ranks and measures agreement while the others place;
        // the chosen method's placing serves both the ranking and robustness.
        let ((ranking, chosen, agreement), mut placed) = share_out(
            &runs,
            |&(m, without)| placing(contest, tally, m, without),
            || {
                let scores = scores(tally, method, None);
                let chosen = place(contest, &scores);
                let mut ranking = ranking_of(contest, tally, method, None, &scores, &chosen);
                super::official::take_official(&mut ranking, &contest.official);
                (ranking, chosen, agreement_of(tally))
            },
        );
        let leave_out = placed.split_off(placed.len() - judges.len());
        let mut methods = placed;
        methods.insert(method_index(method), chosen);
        Figures {
            ranking,
            agreement,
            robustness: assemble(contest, tally, method, &judges, &methods, &leave_out),
        }
    }
}

fn method_index(method: Method) -> usize {
    Method::ALL.iter().position(|&m| m == method).unwrap_or(0)
}

/// The methods other than `method`, in `Method::ALL` order.
fn others(method: Method) -> impl Iterator<Item = Method> {
    Method::ALL.into_iter().filter(move |&m| m != method)
}

fn placing(contest: &Contest, tally: &Tally, method: Method, without: Option<u16>) -> Placed {
    place(contest, &scores(tally, method, without))
}

pub fn robustness(contest: &Contest, round: &str, method: Method) -> Robustness {
    robustness_of(contest, &Tally::new(contest, round), method)
}

pub fn robustness_of(contest: &Contest, tally: &Tally, method: Method) -> Robustness {
    let judges = tally.active_judges();
    let runs: Vec<(Method, Option<u16>)> = Method::ALL
        .into_iter()
        .map(|m| (m, None))
        .chain(judges.iter().map(|&j| (method, Some(j))))
        .collect();
    let ((), mut methods) = share_out(
        &runs,
        |&(m, without)| placing(contest, tally, m, without),
        || (),
    );
    let leave_out = methods.split_off(Method::ALL.len());
    assemble(contest, tally, method, &judges, &methods, &leave_out)
}

/// Robustness from each method's placing (in `Method::ALL` order) and the
/// chosen method's placing without each active member.
fn assemble(
    contest: &Contest,
    tally: &Tally,
    method: Method,
    judges: &[u16],
    methods: &[Placed],
    leave_out: &[Placed],
) -> Robustness {
    let chosen = &methods[method_index(method)];
    let rows = chosen
        .order
        .iter()
        .map(|&r| {
            let present = std::iter::once(chosen.rank[r])
                .chain(leave_out.iter().map(|p| p.rank[r]))
                .flatten();
            let range = present.fold(None, |range: Option<(u32, u32)>, x| {
                Some(range.map_or((x, x), |(a, b)| (a.min(x), b.max(x))))
            });
            RobustRow {
                entry: contest.entries[tally.entries[r]].id.clone(),
                by_method: [0, 1, 2, 3].map(|i| methods[i].rank[r]),
                range,
            }
        })
        .collect();
    Robustness {
        method,
        rows,
        by_method: Method::ALL
            .iter()
            .zip(methods)
            .filter(|(m, _)| **m != method)
            .map(|(m, p)| (*m, changes(contest, tally, chosen, p)))
            .collect(),
        without_judge: judges
            .iter()
            .zip(leave_out)
            .map(|(&j, p)| {
                (
                    tally.judges[j as usize].to_string(),
                    changes(contest, tally, chosen, p),
                )
            })
            .collect(),
    }
}

/// Runs `first` on this thread and every task on the cores as they come
/// free (this one joining in after `first`); the task results come back in
/// task order. A panic in a task is passed on.
fn share_out<T: Sync, R: Send, F>(
    tasks: &[T],
    run: impl Fn(&T) -> R + Sync,
    first: impl FnOnce() -> F,
) -> (F, Vec<R>) {
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .clamp(1, 8);
    let next = AtomicUsize::new(0);
    let work = || {
        let mut done = Vec::new();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(task) = tasks.get(i) else {
                return done;
            };
            done.push((i, run(task)));
        }
    };
    let (first, mut all) = std::thread::scope(|s| {
        let helpers: Vec<_> = (1..threads.min(tasks.len() + 1))
            .map(|_| s.spawn(work))
            .collect();
        let first = first();
        let mut all = work();
        for h in helpers {
            match h.join() {
                Ok(done) => all.extend(done),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        (first, all)
    });
    all.sort_unstable_by_key(|(i, _)| *i);
    (first, all.into_iter().map(|(_, r)| r).collect())
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
