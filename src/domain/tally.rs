//! A round's submitted sheets, compact: every ranking, agreement and
//! robustness figure is computed from this, never from the contest's maps.

use std::collections::HashMap;

use super::contest::Contest;

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
    pub judges: Vec<String>,
    pub criteria: usize,
    /// Per entry of `entries`: its submitted sheets, in member order.
    pub marks: Vec<Vec<Mark>>,
    points: Vec<u32>,
}

impl Tally {
    /// Submitted sheets only; a recused member's sheet does not count.
    pub fn new(contest: &Contest, round: &str) -> Tally {
        let entries = contest.round_entries(round);
        let judges: Vec<String> = contest.judges.iter().map(|j| j.id.clone()).collect();
        let judge_index: HashMap<&str, u16> = judges
            .iter()
            .enumerate()
            .map(|(i, j)| (j.as_str(), i as u16))
            .collect();
        let row_of: HashMap<usize, usize> = entries
            .iter()
            .enumerate()
            .map(|(row, &e)| (e, row))
            .collect();
        let criteria = contest.rubric.len();
        let mut marks = vec![Vec::new(); entries.len()];
        let mut points = Vec::new();
        // Sheets are stored by (round, entry, member): look each entry up once.
        let mut current: Option<(&str, Option<usize>)> = None;
        for (key, sheet) in contest.sheets.range(super::SheetKey::new(round, "", "")..) {
            if *key.round != *round {
                break;
            }
            if !sheet.is_submitted() {
                continue;
            }
            let row = match current {
                Some((id, row)) if id == &*key.entry => row,
                _ => {
                    let row = contest
                        .entry_position(&key.entry)
                        .and_then(|p| row_of.get(&p).copied());
                    current = Some((&key.entry, row));
                    row
                }
            };
            let (Some(row), Some(&judge)) = (row, judge_index.get(&*key.judge)) else {
                continue;
            };
            if contest.is_recused(&key.judge, &key.entry) {
                continue;
            }
            let first = points.len() as u32;
            points.extend(
                (0..criteria).map(|i| sheet.marks.get(i).map(|p| p.hundredths()).unwrap_or(0)),
            );
            marks[row].push(Mark {
                judge,
                total: sheet.total().hundredths(),
                first,
            });
        }
        for m in &mut marks {
            m.sort_by_key(|x| x.judge);
        }
        Tally {
            round: round.to_string(),
            entries,
            judges,
            criteria,
            marks,
            points,
        }
    }

    /// The points (hundredths) of `mark` for criterion `c`.
    pub fn point(&self, mark: &Mark, c: usize) -> u32 {
        self.points[mark.first as usize + c]
    }

    /// The members with at least one submitted sheet, as indexes.
    pub fn active_judges(&self) -> Vec<u16> {
        let mut seen = vec![false; self.judges.len()];
        for m in self.marks.iter().flatten() {
            seen[m.judge as usize] = true;
        }
        (0..self.judges.len() as u16)
            .filter(|&j| seen[j as usize])
            .collect()
    }
}
