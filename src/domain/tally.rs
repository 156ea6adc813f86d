//! A round's submitted sheets, compact: every ranking, agreement and
//! robustness figure is computed from this, never from the contest's maps.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use super::contest::Contest;

/// FNV-1a: member ids are a few bytes, hashed once per sheet.
#[derive(Default)]
struct FnvHasher(u64);

impl std::hash::Hasher for FnvHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for &b in bytes {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

type Fnv = std::hash::BuildHasherDefault<FnvHasher>;

/// One submitted sheet: whose, its total, and where its points start in `points`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Mark {
    pub judge: u16,
    /// In hundredths.
    pub total: u32,
    first: u32,
}

#[derive(Clone, Debug)]
pub struct Tally {
    pub round: String,
    /// Entry positions (contest order) in the round.
    pub entries: Vec<usize>,
    /// Member ids, contest order; `Mark::judge` indexes this.
    pub judges: Vec<Arc<str>>,
    pub criteria: usize,
    /// Per entry of `entries`: its submitted sheets, in member order.
    pub marks: Vec<Vec<Mark>>,
    points: Vec<u32>,
    /// Per entry: an expected member has not submitted.
    pub incomplete: Vec<bool>,
    /// Per entry: the sum of totals (hundredths), and per criterion the sum of points.
    pub sum: Vec<u64>,
    pub criterion_sum: Vec<u64>,
    /// Per member: each of their sheets with its entry row, in row order
    /// (a copy, so a pass over one member's sheets reads one array).
    pub by_judge: Vec<Vec<(u32, Mark)>>,
    /// Per member: their place in id order, so ties between members sort
    /// without comparing strings.
    pub judge_order: Vec<u16>,
}

impl Tally {
    /// Submitted sheets only; a recused member's sheet does not count.
    pub fn new(contest: &Contest, round: &str) -> Tally {
        let entries = contest.round_entries(round);
        let judges: Vec<Arc<str>> = contest
            .judges
            .iter()
            .map(|j| Arc::from(j.id.as_str()))
            .collect();
        let judge_index: HashMap<&str, u16, Fnv> = contest
            .judges
            .iter()
            .enumerate()
            .map(|(i, j)| (j.id.as_str(), i as u16))
            .collect();
        let row_of: HashMap<usize, usize> = entries
            .iter()
            .enumerate()
            .map(|(row, &e)| (e, row))
            .collect();
        let recused: HashSet<(&str, &str)> = contest
            .conflicts
            .iter()
            .filter(|c| c.is_recusal())
            .map(|c| (c.judge.as_str(), c.entry.as_str()))
            .collect();
        let mut by_id: Vec<usize> = (0..judges.len()).collect();
        by_id.sort_by(|&a, &b| judges[a].cmp(&judges[b]));
        let mut judge_order = vec![0u16; judges.len()];
        for (at, &j) in by_id.iter().enumerate() {
            // A member id listed twice keeps one place, as a string comparison would.
            let same = at > 0 && judges[by_id[at - 1]] == judges[j];
            judge_order[j] = if same {
                judge_order[by_id[at - 1]]
            } else {
                at as u16
            };
        }
        let criteria = contest.rubric.len();
        // One allocation per entry up front (`vec![v; n]` would drop the capacity).
        let mut marks: Vec<Vec<Mark>> = (0..entries.len())
            .map(|_| Vec::with_capacity(judges.len()))
            .collect();
        let mut points = Vec::with_capacity(contest.sheets.len().saturating_mul(criteria));
        // Sheets are stored by (round, entry, member): look each entry up once.
        // Ids loaded from the database are shared, so a pointer comparison
        // settles most lookups before any string is compared.
        let mut current: Option<(Arc<str>, Option<usize>)> = None;
        let mut seen_judges: Vec<(Arc<str>, u16)> = Vec::with_capacity(judges.len());
        // Every entry lists its members in the same id order, so the member
        // after the last one found is nearly always the next one.
        let mut next_seen = 0;
        let mut round_id: Option<Arc<str>> = None;
        let mut sheets_of_judge = vec![0usize; judges.len()];
        for (key, sheet) in contest.sheets.range(super::SheetKey::new(round, "", "")..) {
            let same_round = match &round_id {
                Some(r) => Arc::ptr_eq(r, &key.round) || **r == *key.round,
                None => *key.round == *round,
            };
            if !same_round {
                break;
            }
            round_id.get_or_insert_with(|| Arc::clone(&key.round));
            if !sheet.is_submitted() {
                continue;
            }
            let row = match &current {
                Some((id, row)) if Arc::ptr_eq(id, &key.entry) || **id == *key.entry => *row,
                _ => {
                    let row = contest
                        .entry_position(&key.entry)
                        .and_then(|p| row_of.get(&p).copied());
                    current = Some((Arc::clone(&key.entry), row));
                    row
                }
            };
            let hinted = seen_judges
                .get(next_seen)
                .filter(|(j, _)| Arc::ptr_eq(j, &key.judge))
                .map(|_| next_seen);
            let found = hinted.or_else(|| {
                seen_judges
                    .iter()
                    .position(|(j, _)| Arc::ptr_eq(j, &key.judge))
            });
            let judge = match found {
                Some(at) => {
                    next_seen = at + 1;
                    Some(seen_judges[at].1)
                }
                None => judge_index.get(&*key.judge).copied().inspect(|&i| {
                    if seen_judges.len() < 64 {
                        seen_judges.push((Arc::clone(&key.judge), i));
                        next_seen = seen_judges.len();
                    }
                }),
            };
            let (Some(row), Some(judge)) = (row, judge) else {
                continue;
            };
            if !recused.is_empty() && recused.contains(&(&*key.judge, &*key.entry)) {
                continue;
            }
            let first = points.len() as u32;
            points.extend(
                (0..criteria).map(|i| sheet.marks.get(i).map(|p| p.hundredths()).unwrap_or(0)),
            );
            sheets_of_judge[judge as usize] += 1;
            marks[row].push(Mark {
                judge,
                total: sheet.total().hundredths(),
                first,
            });
        }
        let mut tally = Tally {
            round: round.to_string(),
            incomplete: vec![false; entries.len()],
            sum: vec![0; entries.len()],
            criterion_sum: vec![0; entries.len() * criteria],
            by_judge: sheets_of_judge
                .iter()
                .map(|&n| Vec::with_capacity(n))
                .collect(),
            judge_order,
            entries,
            judges,
            criteria,
            marks,
            points,
        };
        let assigned = contest.assignments.has_round(round);
        for row in 0..tally.marks.len() {
            tally.marks[row].sort_by_key(|x| x.judge);
            for m in &tally.marks[row] {
                tally.sum[row] += u64::from(m.total);
                for c in 0..criteria {
                    tally.criterion_sum[row * criteria + c] +=
                        u64::from(tally.points[m.first as usize + c]);
                }
                tally.by_judge[m.judge as usize].push((row as u32, *m));
            }
            tally.incomplete[row] = if assigned || !recused.is_empty() {
                let entry = &contest.entries[tally.entries[row]].id;
                let submitted = &tally.marks[row];
                contest.expected_judges(round, entry).any(|j| {
                    judge_index
                        .get(j.id.as_str())
                        .is_none_or(|i| submitted.binary_search_by_key(i, |m| m.judge).is_err())
                })
            } else {
                // Everyone marks everything: it is complete when everyone has.
                tally.marks[row].len() < tally.judges.len()
            };
        }
        tally
    }

    /// The points (hundredths) of `mark` for criterion `c`.
    pub fn point(&self, mark: &Mark, c: usize) -> u32 {
        self.points[mark.first as usize + c]
    }

    /// The members with at least one submitted sheet, as indexes.
    pub fn active_judges(&self) -> Vec<u16> {
        (0..self.judges.len() as u16)
            .filter(|&j| !self.by_judge[j as usize].is_empty())
            .collect()
    }
}
