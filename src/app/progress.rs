//! The Progress grid's geometry and keys: members down, entries across.
//! The view and the keys share one idea of what fits, so scrolling stops
//! where the last entry and the last member are in sight.

use super::{Effect, Model, Overlay, ReasonFor};
use crate::domain::SheetKey;
use crate::input::editor::TextEditor;
use crate::input::keymap::Command;

/// Columns before the grid: the member's id and name, then `done/expected`.
pub const NAME_COLS: usize = 22;
pub const COUNT_COLS: usize = 9;
/// Lines of the screen that are not member rows: title, tabs, facts, entry
/// ids, ruler, blank, legend, position, status line.
const CHROME_ROWS: usize = 9;
/// How far `h`/`l` move, in entries.
const STEP: usize = 8;

/// What the grid shows at the model's size.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Grid {
    /// Entry columns that fit.
    pub cols: usize,
    /// Member rows that fit.
    pub rows: usize,
}

impl Grid {
    pub fn at(width: u16, height: u16) -> Grid {
        Grid {
            cols: usize::from(width)
                .saturating_sub(NAME_COLS + COUNT_COLS + 2)
                .max(1),
            rows: usize::from(height).saturating_sub(CHROME_ROWS).max(1),
        }
    }
}

/// The first entry column a grid of `cols` may start at.
pub fn last_first_col(entries: usize, cols: usize) -> usize {
    entries.saturating_sub(cols)
}

/// The first member row a grid of `rows` may start at.
pub fn last_first_row(members: usize, rows: usize) -> usize {
    members.saturating_sub(rows)
}

/// What one member still owes: entries they are expected on without a
/// submitted sheet, and whether each has a draft.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Owed {
    pub judge: String,
    pub entries: Vec<(String, bool)>,
}

/// Every member who still owes a sheet, by member id.
pub fn owed(m: &Model) -> Vec<Owed> {
    let entries = m.contest.round_entries(&m.round);
    let mut out: Vec<Owed> = Vec::new();
    for j in &m.contest.judges {
        let mut owes = Vec::new();
        for &p in &entries {
            let id = &m.contest.entries[p].id;
            if !m
                .contest
                .expected_judges(&m.round, id)
                .any(|x| x.id == j.id)
            {
                continue;
            }
            match m.contest.sheet(&SheetKey::new(&m.round, id, &j.id)) {
                Some(s) if s.is_submitted() => {}
                Some(_) => owes.push((id.clone(), true)),
                None => owes.push((id.clone(), false)),
            }
        }
        if !owes.is_empty() {
            out.push(Owed {
                judge: j.id.clone(),
                entries: owes,
            });
        }
    }
    out.sort_by(|a, b| a.judge.cmp(&b.judge));
    out
}

/// One member's line of the grid: how many sheets they submitted of those
/// expected of them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MemberRow {
    pub judge: String,
    pub done: usize,
    pub expected: usize,
}

/// The grid's member lines, those with the fewest submitted (as a share of
/// what is expected of them) first: who holds the council up shows at once.
pub fn member_rows(m: &Model) -> Vec<MemberRow> {
    let entries = m.contest.round_entries(&m.round);
    // Who is expected for each entry, once: a member counts against an entry
    // only when expected for it (assigned or holding a sheet, not recused).
    let expected: Vec<(&str, Vec<&str>)> = entries
        .iter()
        .map(|&p| {
            let id = m.contest.entries[p].id.as_str();
            let who = m
                .contest
                .expected_judges(&m.round, id)
                .map(|j| j.id.as_str())
                .collect();
            (id, who)
        })
        .collect();
    let mut rows: Vec<MemberRow> = m
        .contest
        .judges
        .iter()
        .map(|j| {
            let mine: Vec<&str> = expected
                .iter()
                .filter(|(_, who)| who.contains(&j.id.as_str()))
                .map(|(id, _)| *id)
                .collect();
            let done = mine
                .iter()
                .filter(|id| {
                    m.contest
                        .sheet(&SheetKey::new(&m.round, id, &j.id))
                        .is_some_and(|s| s.is_submitted())
                })
                .count();
            MemberRow {
                judge: j.id.clone(),
                done,
                expected: mine.len(),
            }
        })
        .collect();
    rows.sort_by(|a, b| {
        let ra = a.done as f64 / a.expected.max(1) as f64;
        let rb = b.done as f64 / b.expected.max(1) as f64;
        ra.total_cmp(&rb)
    });
    rows
}

/// The member and entry under the Progress cursor.
pub fn cell_at(m: &Model) -> Option<(String, String)> {
    let judge = member_rows(m).get(m.chair.cell.0)?.judge.clone();
    let entries = m.contest.round_entries(&m.round);
    let entry = m
        .contest
        .entries
        .get(*entries.get(m.chair.cell.1)?)?
        .id
        .clone();
    Some((judge, entry))
}

/// Moves the cursor, scrolls the grid (never past its last entry or its
/// last member, the cursor always in sight), opens a cell, or leaves a
/// member a reminder.
pub fn on_key(m: &mut Model, command: Option<Command>) -> Vec<Effect> {
    let grid = Grid::at(m.size.0, m.size.1);
    let entries = m.contest.round_entries(&m.round).len();
    let members = m.contest.judges.len();
    let max_col = last_first_col(entries, grid.cols);
    let max_row = last_first_row(members, grid.rows);
    let owed = owed(m);
    if command == Some(Command::Remind) {
        let judge = if m.chair.owes {
            owed.get(usize::from(m.chair.scroll))
                .map(|o| o.judge.clone())
        } else {
            member_rows(m).get(m.chair.cell.0).map(|r| r.judge.clone())
        };
        if let Some(i) = judge.and_then(|j| m.contest.judges.iter().position(|x| x.id == j)) {
            m.overlay = Some(Overlay::Reason(
                ReasonFor::Remind(i),
                TextEditor::single_line(""),
            ));
        }
        return Vec::new();
    }
    let c = &mut m.chair;
    if command == Some(Command::ToggleOwes) {
        c.owes = !c.owes;
        c.scroll = 0;
        return Vec::new();
    }
    if c.owes {
        // The list scrolls by member, down to its last one.
        let last = owed.len().saturating_sub(1) as u16;
        match command {
            Some(Command::Down) => c.scroll = (c.scroll + 1).min(last),
            Some(Command::Up) => c.scroll = c.scroll.saturating_sub(1),
            _ => {}
        }
        return Vec::new();
    }
    let (mut row, mut col) = c.cell;
    let mut first_row = usize::from(c.scroll);
    match command {
        Some(Command::Down) => row += 1,
        Some(Command::Up) => row = row.saturating_sub(1),
        Some(Command::NextCriterion) => col += 1,
        Some(Command::PrevCriterion) => col = col.saturating_sub(1),
        Some(Command::StepUp) => {
            let to = (c.progress_col + STEP).min(max_col);
            col += to - c.progress_col;
            c.progress_col = to;
        }
        Some(Command::StepDown) => {
            let to = c.progress_col.saturating_sub(STEP);
            col -= (c.progress_col - to).min(col);
            c.progress_col = to;
        }
        _ => {}
    }
    row = row.min(members.saturating_sub(1));
    col = col.min(entries.saturating_sub(1));
    // The view follows the cursor, and a resize never leaves it past an edge.
    if row < first_row {
        first_row = row;
    } else if row >= first_row + grid.rows {
        first_row = row + 1 - grid.rows;
    }
    if col < c.progress_col {
        c.progress_col = col;
    } else if col >= c.progress_col + grid.cols {
        c.progress_col = col + 1 - grid.cols;
    }
    c.progress_col = c.progress_col.min(max_col);
    c.scroll = first_row.min(max_row) as u16;
    c.cell = (row, col);
    if command == Some(Command::Open)
        && let Some((judge, entry)) = cell_at(m)
    {
        m.overlay = Some(Overlay::CellDetail { judge, entry });
        // When it last changed comes from the trail.
        return vec![Effect::LoadAudit];
    }
    Vec::new()
}
