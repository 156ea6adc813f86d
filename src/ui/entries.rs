//! The entries list: progress, table, search box.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{status_line, text, title_bar};
use crate::app::entries::{Sort, StateFilter};
use crate::app::{Mine, Model};
use crate::domain::SheetState;
use crate::i18n::T;

pub fn view(m: &Model, f: &mut Frame, area: Rect) {
    let [top, progress, header, body, search, status] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    title_bar(m, f, top, &m.contest.meta.title);
    progress_line(m, f, progress);
    let cols = Columns::for_width(area.width, m);
    f.render_widget(
        Paragraph::new(Line::styled(cols.header(m), m.theme.heading())),
        header,
    );
    rows(m, f, body, &cols);
    search_line(m, f, search);
    status_line(m, f, status);
}

fn progress_line(m: &Model, f: &mut Frame, area: Rect) {
    // My progress: the entries I am to mark in this round, recusals aside.
    let total = m.mine.iter().filter(|x| x.expected()).count();
    let done = m
        .mine
        .iter()
        .filter(|x| x.expected() && x.state == Some(SheetState::Submitted))
        .count();
    let label = T::Progress.with(m.lang, &[&done, &total]);
    let filters = filter_summary(m);
    let bar_cols = usize::from(area.width)
        .saturating_sub(text::width(&label) + text::width(&filters) + 10)
        .min(30);
    let filled = (done * bar_cols).checked_div(total).unwrap_or(0);
    let pct = (done * 100).checked_div(total).unwrap_or(0);
    let line = Line::from(vec![
        Span::raw(format!(" {label} ")),
        Span::styled("█".repeat(filled), m.theme.gauge()),
        Span::styled("░".repeat(bar_cols - filled), m.theme.dim()),
        Span::raw(format!(" {pct:>3}%  ")),
        Span::styled(filters, m.theme.dim()),
    ]);
    f.render_widget(Paragraph::new(line), area);
}

fn filter_summary(m: &Model) -> String {
    let field = m
        .list
        .field
        .as_deref()
        .map(|f| {
            // The short name the list shows, beside the full one.
            let (full, short) = (
                m.contest.field_label(f, m.lang),
                m.contest.field_short(f, m.lang),
            );
            if full == short {
                full
            } else {
                format!("{full} ({short})")
            }
        })
        .unwrap_or_else(|| m.t(T::FilterAll).to_string());
    let state = match m.list.state {
        None => m.t(T::FilterAll),
        Some(StateFilter::Unscored) => m.t(T::StateUnscored),
        Some(StateFilter::Draft) => m.t(T::StateDraft),
        Some(StateFilter::Submitted) => m.t(T::StateSubmitted),
    };
    let sort = match m.list.sort {
        Sort::Id => m.t(T::SortId),
        Sort::Title => m.t(T::SortTitle),
        Sort::Unit => m.t(T::SortUnit),
        Sort::MyTotal => m.t(T::SortTotal),
    };
    let scope = if !m.contest.assignments.has_round(&m.round) {
        String::new()
    } else if m.list.all {
        format!("{} · ", m.t(T::AllEntries))
    } else {
        format!("{} · ", m.t(T::MineOnly))
    };
    format!(
        "{}: {scope}{field} · {state}  {}: {sort}",
        m.t(T::FilterLabel),
        m.t(T::SortLabel)
    )
}

/// Column widths for the screen width; the title takes what is left.
struct Columns {
    id: usize,
    title: usize,
    unit: usize,
    field: usize,
    /// The field column holds full names (else the short ones).
    full_fields: bool,
    total: usize,
    state: usize,
}

/// Columns the title keeps before the field column gets full names.
const TITLE_BEFORE_FULL_FIELDS: usize = 40;

impl Columns {
    fn for_width(width: u16, m: &Model) -> Columns {
        let w = usize::from(width);
        let id = m.list.id_cols.clamp(2, 10);
        let state = 11;
        let total = 6;
        let heading = text::width(m.t(T::ColField));
        let names = |name: &dyn Fn(&str) -> String| {
            m.list
                .fields()
                .iter()
                .map(|f| text::width(&name(f)))
                .max()
                .unwrap_or(0)
                .max(heading)
        };
        let short = names(&|f| m.contest.field_short(f, m.lang).to_string()).max(5);
        let full = names(&|f| m.contest.field_label(f, m.lang));
        let unit = (w / 5).clamp(8, 28);
        // Spaces between columns, plus the note marker after the title.
        let fixed = |field: usize| 1 + id + 1 + 2 + unit + 1 + field + 1 + total + 1 + state + 1;
        let full_fields = w.saturating_sub(fixed(full)) >= TITLE_BEFORE_FULL_FIELDS;
        let field = if full_fields { full } else { short.min(10) };
        Columns {
            id,
            title: w.saturating_sub(fixed(field)).max(8),
            unit,
            field,
            full_fields,
            total,
            state,
        }
    }

    fn header(&self, m: &Model) -> String {
        format!(
            " {} {}  {} {} {} {}",
            text::pad(m.t(T::ColId), self.id),
            text::pad(m.t(T::ColTitle), self.title),
            text::pad(m.t(T::ColUnit), self.unit),
            text::pad(m.t(T::ColField), self.field),
            text::pad_left(m.t(T::ColMyTotal), self.total),
            text::pad(m.t(T::ColState), self.state),
        )
    }
}

fn rows(m: &Model, f: &mut Frame, area: Rect, cols: &Columns) {
    if m.list.visible.is_empty() {
        f.render_widget(
            Paragraph::new(Line::styled(
                format!(" {}", m.t(T::NoMatches)),
                m.theme.dim(),
            )),
            area,
        );
        return;
    }
    let height = usize::from(area.height);
    // The model keeps the cursor in view for the height it knows; clamp here too.
    let mut offset = m.list.offset.min(m.list.selected);
    if m.list.selected >= offset + height {
        offset = m.list.selected + 1 - height;
    }
    let buf = f.buffer_mut();
    let right = area.right();
    let rows = m.list.visible.iter().enumerate().skip(offset).take(height);
    for (y, (row, &i)) in (area.y..area.bottom()).zip(rows) {
        let e = &m.contest.entries[i];
        let mine = m.mine.get(i).copied().unwrap_or_default();
        let total = mine.total.map(|t| t.to_string()).unwrap_or_default();
        let (state, state_style) = state_label(m, mine);
        let selected = row == m.list.selected;
        let base = if selected {
            buf.set_style(Rect::new(area.x, y, area.width, 1), m.theme.selected());
            m.theme.selected()
        } else {
            Style::default()
        };
        // Only the text goes into the buffer: the blank cells between the
        // columns are already blank (a j/k move redraws every row).
        let mut put = |x: u16, text: &str, cols: usize, style: Style, align_right: bool| {
            let shown = text::fit(text, cols);
            let pad = if align_right {
                cols.saturating_sub(text::width(&shown))
            } else {
                0
            };
            let at = x.saturating_add(pad as u16);
            if at < right {
                buf.set_stringn(at, y, &shown, usize::from(right - at), style);
            }
        };
        let mut x = area.x + 1;
        put(x, &e.id, cols.id, base, false);
        x = x.saturating_add(cols.id as u16 + 1);
        // A late entry says so before its title, where a cut cannot hide it.
        let title = if e.is_late(m.contest.meta.deadline.as_deref()) {
            std::borrow::Cow::Owned(format!("[{}] {}", m.t(T::EntryLate), e.title))
        } else {
            std::borrow::Cow::Borrowed(e.title.as_str())
        };
        put(x, &title, cols.title, base, false);
        x = x.saturating_add(cols.title as u16);
        put(x, if mine.note { "✎" } else { "" }, 1, base, false);
        x = x.saturating_add(2);
        put(x, &e.unit, cols.unit, base, false);
        x = x.saturating_add(cols.unit as u16 + 1);
        let field = if cols.full_fields {
            m.contest.field_label(&e.field, m.lang)
        } else {
            m.contest.field_short(&e.field, m.lang).to_string()
        };
        put(x, &field, cols.field, base, false);
        x = x.saturating_add(cols.field as u16 + 1);
        put(x, &total, cols.total, base, true);
        x = x.saturating_add(cols.total as u16 + 1);
        put(
            x,
            &state,
            cols.state,
            if selected { base } else { state_style },
            false,
        );
    }
}

pub fn state_label(m: &Model, mine: Mine) -> (String, Style) {
    if let Some(status) = mine.held_back {
        let word = match status {
            crate::domain::entry::Status::Pending => m.t(T::StatePending),
            _ => m.t(T::StateRejected),
        };
        return (format!("⊘ {word}"), m.theme.dim());
    }
    if mine.recused {
        return (format!("⊘ {}", m.t(T::StateRecused)), m.theme.dim());
    }
    if !mine.assigned {
        return ("–".to_string(), m.theme.dim());
    }
    match mine.state {
        None => (format!("· {}", m.t(T::StateUnscored)), m.theme.dim()),
        Some(SheetState::Draft) if mine.reopened => {
            (format!("↺ {}", m.t(T::StateReopened)), m.theme.draft())
        }
        Some(SheetState::Draft) => (format!("○ {}", m.t(T::StateDraft)), m.theme.draft()),
        Some(SheetState::Submitted) => {
            (format!("✓ {}", m.t(T::StateSubmitted)), m.theme.submitted())
        }
    }
}

fn search_line(m: &Model, f: &mut Frame, area: Rect) {
    let label = format!(" {}: ", m.t(T::SearchLabel));
    let shown = T::Shown.with(m.lang, &[&m.list.visible.len(), &m.contest.entries.len()]);
    match &m.list.search {
        Some(ed) => {
            let room = usize::from(area.width)
                .saturating_sub(text::width(&label) + text::width(&shown) + 3);
            let layout = ed.layout(u16::MAX);
            // Keep the cursor in view when the query is longer than the box.
            let (visible, at) =
                text::scroll_to_cursor(ed.text(), usize::from(layout.cursor_col), room);
            let line = Line::from(vec![
                Span::styled(label.clone(), m.theme.key()),
                Span::raw(text::pad(&visible, room)),
                Span::styled(format!("  {shown}"), m.theme.dim()),
            ]);
            f.render_widget(Paragraph::new(line), area);
            let x = area.x + (text::width(&label) + at) as u16;
            f.set_cursor_position(Position::new(x.min(area.right().saturating_sub(1)), area.y));
        }
        None if !m.list.query.is_empty() => {
            let line = Line::from(vec![
                Span::styled(label, m.theme.key()),
                Span::raw(m.list.query.clone()),
                Span::styled(format!("  {shown}"), m.theme.dim()),
            ]);
            f.render_widget(Paragraph::new(line), area);
        }
        None => f.render_widget(
            Paragraph::new(Line::styled(format!(" {shown}"), m.theme.dim())),
            area,
        ),
    }
}
