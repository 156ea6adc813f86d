//! A sheet's rows as entries added to or updated in the contest.

use std::collections::{BTreeMap, HashMap};

use crate::domain::entry::{Author, KNOWN_FIELDS};
use crate::domain::text::nfc;
use crate::domain::{Contest, Entry, Points};

use super::cells;
use super::columns::{self, Key, Mapping};
use super::grid::{Grid, Value};
use super::problems::{Issue, Located};

/// What a sheet did to the contest.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Applied {
    pub added: Vec<String>,
    /// Each entry's id and its 0-based row, to place later findings.
    pub rows: HashMap<String, u32>,
}

/// The header row of `grid`, refused when it lacks the id or the title or
/// names a key twice.
pub fn mapping(grid: &Grid) -> Result<Mapping, Vec<Located>> {
    let sheet = grid.sheet.as_str();
    let Some(m) = columns::find(grid) else {
        return Err(vec![Located::sheet(sheet, Issue::NoRows)]);
    };
    let mut problems = Vec::new();
    for key in [Key::Id, Key::Title] {
        if m.column(key).is_none() {
            problems.push(Located::at(sheet, m.row, None, Issue::MissingColumn(key)));
        }
    }
    let mut seen: BTreeMap<Key, u32> = BTreeMap::new();
    for (c, _, key) in &m.columns {
        let Some(key) = key else { continue };
        match seen.get(key) {
            Some(&first) => problems.push(Located::at(
                sheet,
                m.row,
                Some(*c),
                Issue::TwiceColumn(*key, first),
            )),
            None => {
                seen.insert(*key, *c);
            }
        }
    }
    if problems.is_empty() {
        Ok(m)
    } else {
        Err(problems)
    }
}

/// One row's cells by key, trimmed and NFC; empty cells left out.
struct Row<'a> {
    index: u32,
    cells: HashMap<Key, (u32, &'a Value)>,
}

impl Row<'_> {
    fn text(&self, key: Key) -> Option<(u32, String)> {
        let (c, v) = self.cells.get(&key)?;
        let t = nfc(v.text().trim());
        (!t.is_empty()).then_some((*c, t))
    }
}

/// Adds the sheet's new entries to `contest` and updates those it already
/// has: a cell left empty keeps what the contest holds. Every problem
/// is returned, each at its row and column.
pub fn apply(grid: &Grid, m: &Mapping, contest: &mut Contest) -> Result<Applied, Vec<Located>> {
    let sheet = grid.sheet.as_str();
    let used_fields: Vec<String> = contest.entries.iter().map(|e| e.field.clone()).collect();
    let mut problems = Vec::new();
    let mut applied = Applied::default();
    for (&index, cells) in grid.cells.range(m.row + 1..) {
        let row = Row {
            index,
            cells: m
                .columns
                .iter()
                .filter_map(|(c, _, k)| Some((*k.as_ref()?, (*c, cells.get(c)?))))
                .collect(),
        };
        if row.cells.is_empty() {
            continue;
        }
        let mut at = |column: Option<u32>, issue| {
            problems.push(Located::at(sheet, row.index, column, issue));
        };
        let Some((id_col, id)) = row.text(Key::Id) else {
            at(m.column(Key::Id), Issue::NoId);
            continue;
        };
        if let Some(why) = crate::domain::change::id_problem(&id) {
            at(Some(id_col), Issue::BadId(why));
            continue;
        }
        if let Some(first) = applied.rows.get(&id) {
            at(Some(id_col), Issue::TwiceId(id.clone(), first + 1));
            continue;
        }
        applied.rows.insert(id.clone(), row.index);
        let existing = contest.entries.iter().position(|e| e.id == id);
        let mut entry = existing
            .map(|i| contest.entries[i].clone())
            .unwrap_or_else(|| Entry {
                id: id.clone(),
                ..Entry::default()
            });
        match row.text(Key::Title) {
            Some((_, t)) => entry.title = t,
            None if entry.title.is_empty() => at(m.column(Key::Title), Issue::NoTitle),
            None => {}
        }
        for (key, slot) in [
            (Key::Unit, &mut entry.unit),
            (Key::Summary, &mut entry.summary),
        ] {
            if let Some((_, t)) = row.text(key) {
                *slot = t;
            }
        }
        if let Some((c, t)) = row.text(Key::Field) {
            match cells::field(&t, &used_fields) {
                Some(f) => entry.field = f,
                None => at(Some(c), Issue::UnknownField(t, known_fields(&used_fields))),
            }
        }
        if let Some(&(c, v)) = row.cells.get(&Key::Submitted) {
            match cells::date(v) {
                Some(d) => entry.submitted = Some(d),
                None => at(Some(c), Issue::BadDate(v.text())),
            }
        }
        if let Some((c, t)) = row.text(Key::Authors) {
            match cells::authors(&t) {
                Ok(list) => match share_problem(&list) {
                    Some(issue) => at(Some(c), issue),
                    None => entry.authors = keep_details(&entry.authors, list),
                },
                Err(piece) => at(Some(c), Issue::BadShare(piece)),
            }
        }
        match existing {
            Some(i) => contest.entries[i] = entry,
            None => {
                applied.added.push(id);
                contest.entries.push(entry);
            }
        }
    }
    if applied.rows.is_empty() && problems.is_empty() {
        problems.push(Located::at(sheet, m.row, None, Issue::NoRows));
    }
    if problems.is_empty() {
        Ok(applied)
    } else {
        Err(problems)
    }
}

/// Shares given for some authors only, or not adding up to 100.
fn share_problem(authors: &[Author]) -> Option<Issue> {
    let shares: Vec<Points> = authors.iter().filter_map(|a| a.share).collect();
    if shares.is_empty() {
        return None;
    }
    if shares.len() != authors.len() {
        return Some(Issue::SharesMixed);
    }
    let total: u32 = shares.iter().map(|s| s.hundredths()).sum();
    (total != 100 * 100).then(|| Issue::SharesTotal(Points::from_hundredths(total).to_string()))
}

/// The new list of authors, keeping the position and unit the contest
/// already knows for an author of the same name.
fn keep_details(old: &[Author], new: Vec<Author>) -> Vec<Author> {
    new.into_iter()
        .map(|mut a| {
            if let Some(o) = old.iter().find(|o| o.name == a.name) {
                a.position = o.position.clone();
                a.unit = o.unit.clone();
            }
            a
        })
        .collect()
}

/// The areas a field cell may name, for the message.
fn known_fields(used: &[String]) -> String {
    let mut names: Vec<String> = KNOWN_FIELDS
        .iter()
        .map(|k| match k.vi == k.vi_short {
            true => k.vi.to_string(),
            false => format!("{} ({})", k.vi, k.vi_short),
        })
        .collect();
    for u in used {
        if !u.is_empty() && !KNOWN_FIELDS.iter().any(|k| k.id == u) && !names.contains(u) {
            names.push(u.clone());
        }
    }
    names.join(", ")
}
