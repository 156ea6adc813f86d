//! The entries list: search, filters, sort and moving about.

use super::{Effect, Mine, Model, Screen, Tone};
use crate::domain::collate::sort_key;
use crate::domain::entry::KNOWN_FIELDS;
use crate::domain::fold::{fold, matches};
use crate::domain::{Contest, SheetState};
use crate::i18n::T;
use crate::input::editor::TextEditor;
use crate::input::key::Key;
use crate::input::keymap::Command;

/// Rows of the screen that are not list rows: header, progress, column
/// titles, search line and status line.
pub const CHROME_ROWS: u16 = 5;

pub fn rows_for(height: u16) -> usize {
    usize::from(height.saturating_sub(CHROME_ROWS)).max(1)
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Sort {
    #[default]
    Id,
    Title,
    Unit,
    MyTotal,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StateFilter {
    Unscored,
    Draft,
    Submitted,
}

pub struct EntryList {
    /// Index into `visible`.
    pub selected: usize,
    /// First row shown.
    pub offset: usize,
    /// The search box while it has the keyboard.
    pub search: Option<TextEditor>,
    pub query: String,
    pub field: Option<String>,
    pub state: Option<StateFilter>,
    pub sort: Sort,
    /// Show the entries not assigned to me too (after mine).
    pub all: bool,
    /// Entry positions (contest order) shown, in display order.
    pub visible: Vec<usize>,
    /// Folded id, title, unit and authors of each entry, for search; made
    /// at the first search, so that opening a large contest does not wait.
    folded: Option<Vec<String>>,
    /// The fields present, in the programme's order, for the filter cycle.
    fields: Vec<String>,
    /// Columns of the widest entry id, measured once rather than every frame.
    pub id_cols: usize,
}

impl EntryList {
    /// The reform areas the entries belong to, in the programme's order.
    pub fn fields(&self) -> &[String] {
        &self.fields
    }

    pub fn new(contest: &Contest) -> EntryList {
        let mut fields: Vec<String> = KNOWN_FIELDS
            .iter()
            .map(|f| f.id.to_string())
            .filter(|f| contest.entries.iter().any(|e| &e.field == f))
            .collect();
        for e in &contest.entries {
            if !e.field.is_empty() && !fields.contains(&e.field) {
                fields.push(e.field.clone());
            }
        }
        let id_cols = contest
            .entries
            .iter()
            .map(|e| unicode_width::UnicodeWidthStr::width(e.id.as_str()))
            .max()
            .unwrap_or(4);
        EntryList {
            id_cols,
            selected: 0,
            offset: 0,
            search: None,
            query: String::new(),
            field: None,
            state: None,
            sort: Sort::Id,
            all: false,
            visible: (0..contest.entries.len()).collect(),
            folded: None,
            fields,
        }
    }

    /// The entry position under the cursor.
    pub fn current(&self) -> Option<usize> {
        self.visible.get(self.selected).copied()
    }

    /// Rebuilds the visible rows, keeping the cursor on the same entry when it is still shown.
    pub fn refresh(&mut self, contest: &Contest, mine: &[Mine]) {
        let keep = self.current();
        let q = fold(&self.query);
        let folded = if q.trim().is_empty() {
            None
        } else {
            Some(&*self.folded.get_or_insert_with(|| fold_entries(contest)))
        };
        let mut rows: Vec<usize> = (0..contest.entries.len())
            .filter(|&i| {
                mine.get(i)
                    .is_none_or(|m| m.held_back.is_some() || m.in_round && (self.all || m.assigned))
            })
            .filter(|&i| folded.is_none_or(|f| f.get(i).is_some_and(|t| matches(t, &q))))
            .filter(|&i| {
                self.field
                    .as_ref()
                    .is_none_or(|f| contest.entries[i].field == *f)
            })
            .filter(|&i| {
                let state = mine.get(i).and_then(|m| m.state);
                match self.state {
                    None => true,
                    Some(StateFilter::Unscored) => state.is_none(),
                    Some(StateFilter::Draft) => state == Some(SheetState::Draft),
                    Some(StateFilter::Submitted) => state == Some(SheetState::Submitted),
                }
            })
            .collect();
        match self.sort {
            Sort::Id => {}
            // Vietnamese dictionary order; ties keep id order (the sort is stable).
            Sort::Title => rows.sort_by_cached_key(|&i| sort_key(&contest.entries[i].title)),
            Sort::Unit => rows.sort_by_cached_key(|&i| sort_key(&contest.entries[i].unit)),
            Sort::MyTotal => {
                // Highest first; entries I have not scored go last.
                rows.sort_by_key(|&i| std::cmp::Reverse(mine.get(i).and_then(|m| m.total)));
            }
        }
        if self.all {
            // My own entries first, each group in the chosen order.
            rows.sort_by_key(|&i| !mine.get(i).is_some_and(|m| m.assigned));
        }
        self.visible = rows;
        self.selected = keep
            .and_then(|k| self.visible.iter().position(|&i| i == k))
            .unwrap_or(0)
            .min(self.visible.len().saturating_sub(1));
    }

    pub fn query_changed(&mut self, contest: &Contest, mine: &[Mine]) {
        if let Some(ed) = &self.search {
            self.query = ed.text().to_string();
        }
        self.refresh(contest, mine);
        self.selected = 0;
        self.offset = 0;
    }

    pub fn move_by(&mut self, delta: isize, rows: usize) {
        let last = self.visible.len().saturating_sub(1) as isize;
        self.selected = (self.selected as isize + delta).clamp(0, last.max(0)) as usize;
        self.scroll_into_view(rows);
    }

    pub fn scroll_into_view(&mut self, rows: usize) {
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected >= self.offset + rows {
            self.offset = self.selected + 1 - rows;
        }
        let max_offset = self.visible.len().saturating_sub(rows);
        self.offset = self.offset.min(max_offset);
    }

    fn cycle_field(&mut self) {
        self.field = match &self.field {
            None => self.fields.first().cloned(),
            Some(f) => {
                let i = self.fields.iter().position(|x| x == f);
                i.and_then(|i| self.fields.get(i + 1)).cloned()
            }
        };
    }

    fn cycle_state(&mut self) {
        self.state = match self.state {
            None => Some(StateFilter::Unscored),
            Some(StateFilter::Unscored) => Some(StateFilter::Draft),
            Some(StateFilter::Draft) => Some(StateFilter::Submitted),
            Some(StateFilter::Submitted) => None,
        };
    }

    fn cycle_sort(&mut self) {
        self.sort = match self.sort {
            Sort::Id => Sort::Title,
            Sort::Title => Sort::Unit,
            Sort::Unit => Sort::MyTotal,
            Sort::MyTotal => Sort::Id,
        };
    }

    /// The next row after the cursor (wrapping) whose sheet is not submitted.
    pub fn next_unsubmitted(&self, mine: &[Mine]) -> Option<usize> {
        let n = self.visible.len();
        (1..=n).map(|d| (self.selected + d) % n).find(|&row| {
            mine.get(self.visible[row]).and_then(|m| m.state) != Some(SheetState::Submitted)
        })
    }
}

/// Folded id, title, unit and authors of each entry, for search.
fn fold_entries(contest: &Contest) -> Vec<String> {
    contest
        .entries
        .iter()
        .map(|e| {
            fold(&format!(
                "{} {} {} {}",
                e.id,
                e.title,
                e.unit,
                e.author_names(" ")
            ))
        })
        .collect()
}

/// Why the entry under the cursor is not scored, when it is pending or
/// rejected: in the list's words, with the secretariat's reason.
fn held_back(m: &Model) -> Option<String> {
    use crate::domain::entry::Status;
    let e = m.contest.entries.get(m.list.current()?)?;
    let said = match e.status {
        Status::Admitted => return None,
        Status::Pending => T::HeldPending,
        Status::Rejected => T::HeldRejected,
    };
    let reason = e.reason.trim();
    let reason = if reason.is_empty() {
        String::new()
    } else {
        format!(" ({})", crate::domain::escape::terminal_line(reason))
    };
    Some(said.with(
        m.lang,
        &[&crate::domain::escape::terminal_line(&e.id), &reason],
    ))
}

pub fn on_key(m: &mut Model, key: Key, command: Option<Command>) -> Vec<Effect> {
    let rows = rows_for(m.size.1);
    if m.list.search.is_some() {
        return on_search_key(m, key, command, rows);
    }
    match command {
        Some(Command::Down) => m.list.move_by(1, rows),
        Some(Command::Up) => m.list.move_by(-1, rows),
        Some(Command::PageDown) => m.list.move_by(rows as isize, rows),
        Some(Command::PageUp) => m.list.move_by(-(rows as isize), rows),
        Some(Command::Top) => m.list.move_by(isize::MIN / 2, rows),
        Some(Command::Bottom) => m.list.move_by(isize::MAX / 2, rows),
        Some(Command::Open | Command::Annotate) if held_back(m).is_some() => {
            if let Some(refusal) = held_back(m) {
                m.say(Tone::Info, refusal);
            }
        }
        Some(Command::Open) => {
            if let Some(i) = m.list.current() {
                super::sheet::open(m, i);
            }
        }
        Some(Command::Annotate) => {
            if let Some(i) = m.list.current() {
                super::note::open(m, i, Screen::Entries);
            }
        }
        Some(Command::Search) => m.list.search = Some(TextEditor::single_line(&m.list.query)),
        Some(Command::NextUnsubmitted) => match m.list.next_unsubmitted(&m.mine) {
            Some(row) => {
                m.list.selected = row;
                m.list.scroll_into_view(rows);
            }
            None => m.say(Tone::Info, m.t(T::AllSubmitted).into()),
        },
        Some(Command::FilterField) => {
            m.list.cycle_field();
            m.list.refresh(&m.contest, &m.mine);
            m.list.scroll_into_view(rows);
        }
        Some(Command::FilterState) => {
            m.list.cycle_state();
            m.list.refresh(&m.contest, &m.mine);
            m.list.scroll_into_view(rows);
        }
        Some(Command::CycleSort) => {
            m.list.cycle_sort();
            m.list.refresh(&m.contest, &m.mine);
            m.list.scroll_into_view(rows);
        }
        Some(Command::ToggleMine) => {
            m.list.all = !m.list.all;
            m.list.refresh(&m.contest, &m.mine);
            m.list.scroll_into_view(rows);
        }
        Some(Command::ClearFilters) => {
            m.list.query.clear();
            m.list.field = None;
            m.list.state = None;
            m.list.refresh(&m.contest, &m.mine);
            m.list.scroll_into_view(rows);
        }
        _ => {}
    }
    Vec::new()
}

fn on_search_key(m: &mut Model, key: Key, command: Option<Command>, rows: usize) -> Vec<Effect> {
    match command {
        Some(Command::SearchAccept) => m.list.search = None,
        Some(Command::SearchCancel) => {
            m.list.search = None;
            m.list.query.clear();
            m.list.query_changed(&m.contest, &m.mine);
        }
        Some(Command::Down) => m.list.move_by(1, rows),
        Some(Command::Up) => m.list.move_by(-1, rows),
        Some(c) => {
            if let Some(ed) = m.list.search.as_mut() {
                super::note::edit_command(ed, c, m.size.0);
            }
            m.list.query_changed(&m.contest, &m.mine);
        }
        None => {
            if let (Some(c), Some(ed)) = (key.typed_char(), m.list.search.as_mut()) {
                ed.insert_char(c);
                m.list.query_changed(&m.contest, &m.mine);
            }
        }
    }
    Vec::new()
}
