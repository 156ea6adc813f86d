//! The official standing of every entry once results are published. A
//! member recused from an entry does not receive its sheets, and a ranking
//! computed without them would differ (the entry drops out, every later one
//! moves up; z-scores shift): the server sends them the standing computed
//! from every submitted sheet, and their ranking takes its places from it.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::contest::Contest;
use super::panel::Judge;
use super::ranking::{Method, Ranking, rank};

/// One entry's place in one round under one method, as the whole council's
/// sheets decide it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Standing {
    pub round: String,
    pub method: Method,
    pub entry: String,
    pub rank: Option<u32>,
    pub score: Option<f64>,
    pub award: Option<String>,
}

/// What `viewer` needs to see the official ranking: nothing, unless results
/// are published and they are recused from an entry (else their own sheets
/// already give the same ranking).
pub fn standings_for(contest: &Contest, viewer: &Judge) -> Vec<Standing> {
    let recused = contest
        .conflicts
        .iter()
        .any(|c| c.is_recusal() && c.judge == viewer.id);
    if !contest.published || !recused {
        return Vec::new();
    }
    let mut out = Vec::new();
    for round in &contest.rounds {
        for method in Method::ALL {
            let ranking = rank(contest, &round.id, method);
            out.extend(ranking.rows.into_iter().map(|r| Standing {
                round: round.id.clone(),
                method,
                entry: r.entry,
                rank: r.rank,
                score: r.score,
                award: r.award,
            }));
        }
    }
    out
}

/// Gives `ranking` the official places, if the contest carries them, and
/// orders its rows by them: ranked rows by rank, then the rest in contest order.
pub fn take_official(ranking: &mut Ranking, standings: &[Standing]) {
    let mine: Vec<&Standing> = standings
        .iter()
        .filter(|s| s.round == ranking.round && s.method == ranking.method)
        .collect();
    if mine.is_empty() {
        return;
    }
    let order: HashMap<&str, (usize, &Standing)> = mine
        .iter()
        .enumerate()
        .map(|(i, s)| (s.entry.as_str(), (i, *s)))
        .collect();
    for row in &mut ranking.rows {
        if let Some((_, s)) = order.get(row.entry.as_str()) {
            row.rank = s.rank;
            row.score = s.score;
            row.award = s.award.clone();
        }
    }
    ranking
        .rows
        .sort_by_key(|r| order.get(r.entry.as_str()).map_or(usize::MAX, |(i, _)| *i));
}
