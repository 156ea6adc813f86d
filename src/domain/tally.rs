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
        let mut tally = TallyBuilder::new(contest, round);
        for (key, sheet) in contest.sheets.range(super::SheetKey::new(round, "", "")..) {
            if *key.round != *round {
                break;
            }
            let slots = sheet
                .marks
                .slots()
                .iter()
                .map(|p| p.map(|p| p.hundredths()));
            tally.add(&key.entry, &key.judge, sheet.is_submitted(), slots);
        }
        tally.finish()
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

    /// Brings `entry`'s row up to date with the contest's sheets and leaves
    /// every other row as it is: what one saved sheet changes, without a
    /// pass over a quarter of a million. Only for changes to sheets: a
    /// change of council, rubric, conflicts or assignments needs `new`.
    /// Returns the row, `None` when the entry is not in the round.
    pub fn refresh_entry(&mut self, contest: &Contest, entry: &str) -> Option<usize> {
        let position = contest.entry_position(entry)?;
        let row = self.entries.binary_search(&position).ok()?;
        let n = self.criteria;
        // The old marks' places in `points` are written over by the new
        // ones, so a long meeting's saves do not grow the tally.
        let mut free = Vec::with_capacity(self.marks[row].len());
        for m in std::mem::take(&mut self.marks[row]) {
            free.push(m.first);
            self.sum[row] -= u64::from(m.total);
            for c in 0..n {
                self.criterion_sum[row * n + c] -= u64::from(self.point(&m, c));
            }
            let list = &mut self.by_judge[usize::from(m.judge)];
            if let Ok(at) = list.binary_search_by_key(&(row as u32), |(r, _)| *r) {
                list.remove(at);
            }
        }
        // As the builder reads them: the last member listed under an id is the one.
        let index = |judges: &[Arc<str>], id: &str| {
            judges.iter().rposition(|j| **j == *id).map(|i| i as u16)
        };
        let mut holders = Vec::new();
        let mut marks = Vec::new();
        for sheet in contest.sheets_of_entry(&self.round, entry) {
            let Some(judge) = index(&self.judges, &sheet.key.judge) else {
                continue;
            };
            holders.push(judge);
            if !sheet.is_submitted() || contest.is_recused(&sheet.key.judge, entry) {
                continue;
            }
            let points = (0..n).map(|c| sheet.marks.get(c).map(|p| p.hundredths()).unwrap_or(0));
            let first = match free.pop() {
                Some(first) => {
                    let at = first as usize;
                    for (slot, p) in self.points[at..at + n].iter_mut().zip(points) {
                        *slot = p;
                    }
                    first
                }
                None => {
                    let first = self.points.len() as u32;
                    self.points.extend(points);
                    first
                }
            };
            let total = sheet
                .marks
                .slots()
                .iter()
                .flatten()
                .fold(0u32, |sum, p| sum.saturating_add(p.hundredths()));
            marks.push(Mark {
                judge,
                total,
                first,
            });
        }
        marks.sort_by_key(|m| m.judge);
        for m in &marks {
            self.sum[row] += u64::from(m.total);
            for c in 0..n {
                self.criterion_sum[row * n + c] += u64::from(self.point(m, c));
            }
            let list = &mut self.by_judge[usize::from(m.judge)];
            let at = list.partition_point(|(r, _)| (*r as usize) < row);
            list.insert(at, (row as u32, *m));
        }
        self.marks[row] = marks;
        let assigned = contest.assignments.has_round(&self.round);
        let recusals = contest.conflicts.iter().any(|c| c.is_recusal());
        let holders = assigned.then_some(holders.as_slice());
        let missing = incomplete(contest, self, row, holders, recusals, |id| {
            index(&self.judges, id)
        });
        self.incomplete[row] = missing;
        Some(row)
    }
}

/// Two tallies count the same marks, wherever each keeps its points.
impl PartialEq for Tally {
    fn eq(&self, other: &Tally) -> bool {
        let points = |t: &Tally, m: &Mark| {
            let first = m.first as usize;
            t.points[first..first + t.criteria].to_vec()
        };
        let same = |a: &Mark, b: &Mark| {
            a.judge == b.judge && a.total == b.total && points(self, a) == points(other, b)
        };
        self.round == other.round
            && self.entries == other.entries
            && self.judges == other.judges
            && self.criteria == other.criteria
            && self.incomplete == other.incomplete
            && self.sum == other.sum
            && self.criterion_sum == other.criterion_sum
            && self.judge_order == other.judge_order
            && self.marks.len() == other.marks.len()
            && self
                .marks
                .iter()
                .zip(&other.marks)
                .all(|(a, b)| a.len() == b.len() && a.iter().zip(b).all(|(x, y)| same(x, y)))
            && self.by_judge.len() == other.by_judge.len()
            && self.by_judge.iter().zip(&other.by_judge).all(|(a, b)| {
                a.len() == b.len() && a.iter().zip(b).all(|((r, x), (q, y))| r == q && same(x, y))
            })
    }
}

/// Builds a round's tally one stored sheet at a time, in (entry, member)
/// order: from the contest's sheets, or from the store's bytes without
/// making a sheet of each. Both give the same tally.
pub struct TallyBuilder<'c> {
    contest: &'c Contest,
    round: String,
    entries: Vec<usize>,
    judges: Vec<Arc<str>>,
    judge_index: HashMap<&'c str, u16, Fnv>,
    row_of: HashMap<usize, usize>,
    recused: HashSet<(&'c str, &'c str)>,
    judge_order: Vec<u16>,
    criteria: usize,
    marks: Vec<Vec<Mark>>,
    points: Vec<u32>,
    /// With assignments: per entry, the members with any sheet (a draft
    /// too), who stay expected whatever the sharing-out says.
    holders: Option<Vec<Vec<u16>>>,
    /// The last entry looked up and its row.
    current: Option<(String, Option<usize>)>,
    /// Members in the order entries list them, and where the next one is
    /// likely to be: every entry lists its members in the same id order.
    seen: Vec<u16>,
    next_seen: usize,
    sheets_of_judge: Vec<usize>,
}

impl<'c> TallyBuilder<'c> {
    pub fn new(contest: &'c Contest, round: &str) -> TallyBuilder<'c> {
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
        let marks: Vec<Vec<Mark>> = (0..entries.len())
            .map(|_| Vec::with_capacity(judges.len()))
            .collect();
        let holders = contest
            .assignments
            .has_round(round)
            .then(|| vec![Vec::new(); entries.len()]);
        TallyBuilder {
            contest,
            round: round.to_string(),
            points: Vec::with_capacity(entries.len() * judges.len() * criteria),
            sheets_of_judge: vec![0; judges.len()],
            entries,
            judges,
            judge_index,
            row_of,
            recused,
            judge_order,
            criteria,
            marks,
            holders,
            current: None,
            seen: Vec::new(),
            next_seen: 0,
        }
    }

    fn row(&mut self, entry: &str) -> Option<usize> {
        match &self.current {
            Some((id, row)) if id == entry => *row,
            _ => {
                let row = self
                    .contest
                    .entry_position(entry)
                    .and_then(|p| self.row_of.get(&p).copied());
                self.current = Some((entry.to_string(), row));
                row
            }
        }
    }

    fn judge(&mut self, id: &str) -> Option<u16> {
        let is = |j: &u16| &*self.judges[usize::from(*j)] == id;
        let found = match self.seen.get(self.next_seen) {
            Some(j) if is(j) => Some(self.next_seen),
            _ => self.seen.iter().position(is),
        };
        if let Some(at) = found {
            self.next_seen = at + 1;
            return Some(self.seen[at]);
        }
        let j = self.judge_index.get(id).copied()?;
        if self.seen.len() < 64 {
            self.seen.push(j);
            self.next_seen = self.seen.len();
        }
        Some(j)
    }

    /// One stored sheet of the round: `slots` are its points in hundredths,
    /// `None` where it has none.
    pub fn add(
        &mut self,
        entry: &str,
        judge: &str,
        submitted: bool,
        slots: impl Iterator<Item = Option<u32>> + Clone,
    ) {
        if !submitted && self.holders.is_none() {
            return;
        }
        let (Some(row), Some(j)) = (self.row(entry), self.judge(judge)) else {
            return;
        };
        if let Some(holders) = &mut self.holders {
            holders[row].push(j);
        }
        if !submitted || (!self.recused.is_empty() && self.recused.contains(&(judge, entry))) {
            return;
        }
        let first = self.points.len() as u32;
        let mut shown = slots.clone();
        self.points
            .extend((0..self.criteria).map(|_| shown.next().flatten().unwrap_or(0)));
        let total = slots.flatten().fold(0u32, u32::saturating_add);
        self.sheets_of_judge[usize::from(j)] += 1;
        self.marks[row].push(Mark {
            judge: j,
            total,
            first,
        });
    }

    pub fn finish(self) -> Tally {
        let TallyBuilder {
            contest,
            round,
            entries,
            judges,
            judge_index,
            recused,
            judge_order,
            criteria,
            marks,
            points,
            holders,
            sheets_of_judge,
            ..
        } = self;
        let mut tally = Tally {
            round,
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
            let index = |id: &str| judge_index.get(id).copied();
            let holders = holders.as_ref().map(|h| h[row].as_slice());
            tally.incomplete[row] =
                incomplete(contest, &tally, row, holders, !recused.is_empty(), index);
        }
        tally
    }
}

/// Whether an expected member has not submitted for `row`. `holders`, given
/// when the round has assignments, are the members with any sheet for it.
fn incomplete(
    contest: &Contest,
    tally: &Tally,
    row: usize,
    holders: Option<&[u16]>,
    recusals: bool,
    index: impl Fn(&str) -> Option<u16>,
) -> bool {
    let submitted = &tally.marks[row];
    let missing = |id: &str| {
        index(id).is_none_or(|i| submitted.binary_search_by_key(&i, |m| m.judge).is_err())
    };
    let entry = &contest.entries[tally.entries[row]].id;
    match holders {
        Some(holders) => expected(contest, tally, entry, holders).any(missing),
        None if recusals => contest
            .judges
            .iter()
            .filter(|j| j.scores() && !contest.is_recused(&j.id, entry))
            .any(|j| missing(&j.id)),
        // Everyone marks everything: it is complete when everyone has.
        None => submitted.len() < tally.judges.len(),
    }
}

/// The members expected to mark `entry` when the round has assignments:
/// those assigned and those holding a sheet, less the recused and those who
/// do not score (`Contest::expected_judges`, without the contest's sheets).
fn expected<'a>(
    contest: &'a Contest,
    tally: &'a Tally,
    entry: &'a str,
    holders: &'a [u16],
) -> impl Iterator<Item = &'a str> + 'a {
    let mut ids: Vec<&str> = contest.assignments.judges_of(&tally.round, entry).collect();
    ids.extend(holders.iter().map(|&j| &*tally.judges[usize::from(j)]));
    ids.sort_unstable();
    ids.dedup();
    ids.into_iter().filter(move |id| {
        contest
            .judge(id)
            .is_some_and(|j| j.scores() && !contest.is_recused(&j.id, entry))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Points;

    #[test]
    fn a_meeting_of_saves_does_not_grow_the_tally() {
        let small = include_str!("../../tests/fixtures/small-contest.json");
        let mut contest = crate::contest_file::read_bytes("small.json", small.as_bytes())
            .unwrap_or_else(|e| panic!("{e:?}"));
        let round = contest.current_round().to_string();
        let mut tally = Tally::new(&contest, &round);
        let held = tally.points.len();
        let key = contest.sheets.keys().next().cloned().expect("a sheet");
        for n in 0..500u32 {
            if let Some(sheet) = contest.sheets.get_mut(&key) {
                sheet.marks.set(0, Some(Points::whole(n % 20)));
            }
            tally.refresh_entry(&contest, &key.entry);
        }
        assert_eq!(tally, Tally::new(&contest, &round));
        assert_eq!(tally.points.len(), held);
    }
}
