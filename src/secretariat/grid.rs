//! A spreadsheet's one sheet as a grid of plain values, read from .xlsx,
//! .ods or .csv within limits: no more rows and columns than a contest
//! needs, whatever the file claims.

use std::collections::BTreeMap;
use std::io::Cursor;
use std::path::Path;

use calamine::{Data, DataRef, Reader};

use super::archive::{self, ArchiveProblem};

/// A contest has hundreds of entries; a sheet reaching past this row is refused.
pub const MAX_ROWS: u32 = 20_000;
/// Columns past this one (CV) are refused.
pub const MAX_COLUMNS: u32 = 100;

/// One cell's value, as jury needs it.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Empty,
    Text(String),
    Number(f64),
    /// A date cell, as YYYY-MM-DD.
    Date(String),
}

impl Value {
    /// The cell as the member sees it in the sheet, for messages and text keys.
    pub fn text(&self) -> String {
        match self {
            Value::Empty => String::new(),
            Value::Text(t) | Value::Date(t) => t.clone(),
            Value::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => format!("{}", *n as i64),
            Value::Number(n) => n.to_string(),
        }
    }
}

/// One sheet: rows by their 0-based index, cells by their 0-based column.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Grid {
    pub sheet: String,
    pub cells: BTreeMap<u32, BTreeMap<u32, Value>>,
}

impl Grid {
    pub(super) fn put_value(
        &mut self,
        row: u32,
        column: u32,
        value: Value,
    ) -> Result<(), GridProblem> {
        if value == Value::Empty {
            return Ok(());
        }
        if row >= MAX_ROWS {
            return Err(GridProblem::TooManyRows);
        }
        if column >= MAX_COLUMNS {
            return Err(GridProblem::TooManyColumns);
        }
        self.cells.entry(row).or_default().insert(column, value);
        Ok(())
    }

    pub fn get(&self, row: u32, column: u32) -> &Value {
        self.cells
            .get(&row)
            .and_then(|r| r.get(&column))
            .unwrap_or(&Value::Empty)
    }
}

/// Why a file gave no grid.
#[derive(Clone, Debug, PartialEq)]
pub enum GridProblem {
    Archive(ArchiveProblem),
    /// The reader's own words (calamine's), for a file it could not parse.
    Unreadable(String),
    NoSuchSheet {
        wanted: String,
        sheets: Vec<String>,
    },
    NoSheets,
    TooManyRows,
    TooManyColumns,
    /// A CSV that is not UTF-8, at this byte.
    NotUtf8(usize),
    TooBig,
    /// The system's refusal, kept with its kind so it can be worded.
    Io(std::io::ErrorKind, String),
}

/// Which reader a file needs, by its extension.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Xlsx,
    Ods,
    Csv,
}

impl Kind {
    pub fn of(path: &Path) -> Option<Kind> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "xlsx" => Some(Kind::Xlsx),
            "ods" => Some(Kind::Ods),
            "csv" => Some(Kind::Csv),
            _ => None,
        }
    }
}

/// Reads `sheet` (default: the first) of the spreadsheet at `path`.
pub fn read(path: &Path, kind: Kind, sheet: Option<&str>) -> Result<Grid, GridProblem> {
    let size = std::fs::metadata(path)
        .map_err(|e| GridProblem::Io(e.kind(), e.to_string()))?
        .len();
    if size > archive::MAX_FILE_BYTES {
        return Err(GridProblem::TooBig);
    }
    let bytes = std::fs::read(path).map_err(|e| GridProblem::Io(e.kind(), e.to_string()))?;
    match kind {
        Kind::Csv => {
            let name = path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            super::csv::read(&name, &bytes)
        }
        Kind::Xlsx => read_xlsx(bytes, sheet),
        Kind::Ods => read_ods(bytes, sheet),
    }
}

fn pick(names: Vec<String>, wanted: Option<&str>) -> Result<String, GridProblem> {
    match wanted {
        None => names.into_iter().next().ok_or(GridProblem::NoSheets),
        Some(w) => {
            let folded = crate::domain::fold::fold(w.trim());
            match names
                .iter()
                .find(|n| crate::domain::fold::fold(n.trim()) == folded)
            {
                Some(n) => Ok(n.clone()),
                None => Err(GridProblem::NoSuchSheet {
                    wanted: w.to_string(),
                    sheets: names,
                }),
            }
        }
    }
}

fn unreadable(e: impl std::fmt::Display) -> GridProblem {
    GridProblem::Unreadable(e.to_string())
}

/// Cells are streamed one by one: a sheet that names cell XFD1048576
/// is refused at that cell instead of becoming a billion-cell grid.
fn read_xlsx(bytes: Vec<u8>, sheet: Option<&str>) -> Result<Grid, GridProblem> {
    archive::check(&bytes).map_err(GridProblem::Archive)?;
    let mut book = calamine::Xlsx::new(Cursor::new(bytes)).map_err(unreadable)?;
    let name = pick(book.sheet_names(), sheet)?;
    let mut grid = Grid {
        sheet: name.clone(),
        ..Grid::default()
    };
    let mut cells = book.worksheet_cells_reader(&name).map_err(unreadable)?;
    while let Some(cell) = cells.next_cell().map_err(unreadable)? {
        let (row, column) = cell.get_position();
        let value = match cell.get_value() {
            DataRef::Int(i) => Value::Number(*i as f64),
            DataRef::Float(f) => Value::Number(*f),
            DataRef::String(s) => Value::Text(s.clone()),
            DataRef::SharedString(s) => Value::Text(s.to_string()),
            DataRef::Bool(b) => Value::Text(b.to_string()),
            DataRef::DateTime(d) if d.is_duration() => Value::Number(d.as_f64()),
            DataRef::DateTime(d) => match d.as_datetime() {
                Some(t) => Value::Date(t.date().format("%Y-%m-%d").to_string()),
                None => Value::Number(d.as_f64()),
            },
            DataRef::DateTimeIso(s) => iso(s),
            DataRef::DurationIso(s) => Value::Text(s.clone()),
            DataRef::Error(e) => Value::Text(format!("#{e:?}")),
            DataRef::Empty => Value::Empty,
        };
        grid.put_value(row, column, value)?;
    }
    Ok(grid)
}

fn iso(s: &str) -> Value {
    match s.get(..10) {
        Some(d) if crate::domain::entry::is_iso_date(d) => Value::Date(d.to_string()),
        _ => Value::Text(s.to_string()),
    }
}

/// calamine expands an .ods sheet's repeated rows and columns while
/// reading, so the sheet's extent is measured from its XML first.
fn read_ods(bytes: Vec<u8>, sheet: Option<&str>) -> Result<Grid, GridProblem> {
    archive::check(&bytes).map_err(GridProblem::Archive)?;
    let content = archive::member_text(&bytes, "content.xml")
        .map_err(GridProblem::Archive)?
        .ok_or_else(|| unreadable("content.xml is missing"))?;
    super::ods_extent::check(&content)?;
    let mut book = calamine::Ods::new(Cursor::new(bytes)).map_err(unreadable)?;
    let name = pick(book.sheet_names(), sheet)?;
    let range = book.worksheet_range(&name).map_err(unreadable)?;
    let mut grid = Grid {
        sheet: name,
        ..Grid::default()
    };
    let (top, left) = range.start().unwrap_or((0, 0));
    for (r, row) in range.rows().enumerate() {
        for (c, data) in row.iter().enumerate() {
            let value = match data {
                Data::Int(i) => Value::Number(*i as f64),
                Data::Float(f) => Value::Number(*f),
                Data::String(s) => Value::Text(s.clone()),
                Data::Bool(b) => Value::Text(b.to_string()),
                Data::DateTime(d) => match d.as_datetime() {
                    Some(t) => Value::Date(t.date().format("%Y-%m-%d").to_string()),
                    None => Value::Number(d.as_f64()),
                },
                Data::DateTimeIso(s) => iso(s),
                Data::DurationIso(s) => Value::Text(s.clone()),
                Data::Error(e) => Value::Text(format!("#{e:?}")),
                Data::Empty => Value::Empty,
            };
            grid.put_value(top + r as u32, left + c as u32, value)?;
        }
    }
    Ok(grid)
}

/// The spreadsheet name of a 0-based column: 0 → A, 26 → AA.
pub fn column_name(mut column: u32) -> String {
    let mut out = Vec::new();
    loop {
        out.push(b'A' + (column % 26) as u8);
        if column < 26 {
            break;
        }
        column = column / 26 - 1;
    }
    out.reverse();
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_names_as_spreadsheets_show_them() {
        assert_eq!(column_name(0), "A");
        assert_eq!(column_name(2), "C");
        assert_eq!(column_name(25), "Z");
        assert_eq!(column_name(26), "AA");
        assert_eq!(column_name(99), "CV");
    }

    #[test]
    fn a_cell_far_out_is_refused_not_allocated() {
        let mut g = Grid::default();
        assert_eq!(
            g.put_value(1_048_575, 0, Value::Text("x".into())),
            Err(GridProblem::TooManyRows)
        );
        assert_eq!(
            g.put_value(0, 16_383, Value::Text("x".into())),
            Err(GridProblem::TooManyColumns)
        );
    }
}
