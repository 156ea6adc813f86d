//! Entries from the secretariat's own files: a spreadsheet of entries
//! (.xlsx, .ods, .csv) and a folder of write-ups and attachments. Each
//! is read whole and checked before anything reaches the database.

mod archive;
mod cells;
mod columns;
mod csv;
mod documents;
mod docx;
mod grid;
mod ods_extent;
mod problems;
mod rows;

use std::collections::HashMap;
use std::path::Path;

pub use columns::{Key, Mapping};
pub use documents::{Attached, attach};
pub use grid::{Grid, Kind, column_name};
pub use problems::{Issue, Located};
pub use rows::Applied;

use crate::domain::Contest;

/// Reads the sheet and finds its header row.
pub fn open(path: &Path, kind: Kind, sheet: Option<&str>) -> Result<(Grid, Mapping), Vec<Located>> {
    let shown = path.display().to_string();
    let grid = grid::read(path, kind, sheet)
        .map_err(|p| vec![Located::anywhere(Issue::File(shown, p))])?;
    let mapping = rows::mapping(&grid)?;
    Ok((grid, mapping))
}

/// Adds and updates the sheet's entries in `contest`.
pub fn apply(
    grid: &Grid,
    mapping: &Mapping,
    contest: &mut Contest,
) -> Result<Applied, Vec<Located>> {
    rows::apply(grid, mapping, contest)
}

/// The contest as a contest file would be read: the same checks as
/// `jury import FILE.json`, each finding placed at its entry's row.
pub fn checked(
    contest: &Contest,
    sheet: &str,
    rows: &HashMap<String, u32>,
) -> Result<Contest, Vec<Located>> {
    let text = crate::contest_file::write(contest);
    crate::contest_file::read_bytes("import", text.as_bytes()).map_err(|e| {
        e.problems
            .iter()
            .map(|p| {
                let row = entry_index(&p.path)
                    .and_then(|i| contest.entries.get(i))
                    .and_then(|e| rows.get(&e.id));
                let issue = Issue::Contest(p.to_string());
                match row {
                    Some(r) => Located::at(sheet, *r, None, issue),
                    None => Located::anywhere(issue),
                }
            })
            .collect()
    })
}

/// `entries[3].authors` → 3.
fn entry_index(path: &str) -> Option<usize> {
    path.strip_prefix("entries[")?
        .split(']')
        .next()?
        .parse()
        .ok()
}
