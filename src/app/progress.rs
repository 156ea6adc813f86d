//! The Progress grid's geometry and keys: members down, entries across.
//! The view and the keys share one idea of what fits, so scrolling stops
//! where the last entry and the last member are in sight.

use super::Model;
use crate::domain::SheetKey;
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

/// Scrolls the grid, never past its last entry or its last member.
pub fn on_key(m: &mut Model, command: Option<Command>) {
    let grid = Grid::at(m.size.0, m.size.1);
    let entries = m.contest.round_entries(&m.round).len();
    let members = m.contest.judges.len();
    let max_col = last_first_col(entries, grid.cols);
    let max_row = last_first_row(members, grid.rows) as u16;
    let owed = owed(m);
    let c = &mut m.chair;
    if command == Some(Command::ToggleOwes) {
        c.owes = !c.owes;
        c.scroll = 0;
        return;
    }
    if c.owes {
        // The list scrolls by member, down to its last one.
        let last = owed.len().saturating_sub(1) as u16;
        match command {
            Some(Command::Down) => c.scroll = (c.scroll + 1).min(last),
            Some(Command::Up) => c.scroll = c.scroll.saturating_sub(1),
            _ => {}
        }
        return;
    }
    match command {
        Some(Command::Down) => c.scroll = (c.scroll + 1).min(max_row),
        Some(Command::Up) => c.scroll = c.scroll.saturating_sub(1),
        Some(Command::StepUp) => c.progress_col = (c.progress_col + STEP).min(max_col),
        Some(Command::StepDown) => c.progress_col = c.progress_col.saturating_sub(STEP),
        _ => {}
    }
    // A resize may have left the grid past its edge.
    c.progress_col = c.progress_col.min(max_col);
    c.scroll = c.scroll.min(max_row);
}
