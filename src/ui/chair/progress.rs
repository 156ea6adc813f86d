//! The Progress screen: who has scored which entry.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::frame;
use crate::app::Model;
use crate::app::progress::{
    COUNT_COLS, Grid, NAME_COLS, last_first_col, last_first_row, member_rows, owed,
};
use crate::domain::{SheetKey, SheetState};
use crate::i18n::T;
use crate::ui::text;

pub fn progress(m: &Model, f: &mut Frame, area: Rect) {
    if m.chair.owes {
        return owes(m, f, area);
    }
    let entries = m.contest.round_entries(&m.round);
    let facts = Line::raw(format!(
        " {}",
        T::ProgressFacts.with(m.lang, &[&entries.len(), &m.contest.judges.len()])
    ));
    let body = frame(m, f, area, facts);
    let name_cols = NAME_COLS;
    let count_cols = COUNT_COLS;
    let grid = Grid::at(m.size.0, m.size.1);
    let first = m
        .chair
        .progress_col
        .min(last_first_col(entries.len(), grid.cols));
    let shown: Vec<usize> = entries
        .iter()
        .copied()
        .skip(first)
        .take(grid.cols)
        .collect();
    let rows = member_rows(m);
    let lead = 1 + name_cols + count_cols;
    let mut lines = column_heads(m, &shown, first, lead);
    let worst = rows
        .first()
        .map(|r| r.done as f64 / r.expected.max(1) as f64)
        .unwrap_or(1.0);
    let top = usize::from(m.chair.scroll).min(last_first_row(rows.len(), grid.rows));
    let (cursor_row, cursor_col) = m.chair.cell;
    for (i, row) in rows.iter().enumerate().skip(top).take(grid.rows) {
        let Some(j) = m.contest.judge(&row.judge) else {
            continue;
        };
        let (done, expected) = (row.done, row.expected);
        let ratio = done as f64 / expected.max(1) as f64;
        let mut spans = vec![Span::raw(format!(
            " {} ",
            text::pad(&format!("{} {}", j.id, j.name), name_cols - 1)
        ))];
        let count_style = if ratio < 1.0 && (ratio - worst).abs() < 1e-9 {
            m.theme.error()
        } else if ratio >= 1.0 {
            m.theme.submitted()
        } else {
            Style::new()
        };
        spans.push(Span::styled(
            format!("{:>8} ", format!("{done}/{expected}")),
            count_style,
        ));
        let mark = |p: usize| {
            let id = &m.contest.entries[p].id;
            if m.contest.is_recused(&j.id, id) {
                '⊘'
            } else if !m.contest.may_mark(&m.round, id, &j.id)
                && m.contest
                    .sheet(&SheetKey::new(&m.round, id, &j.id))
                    .is_none()
            {
                ' '
            } else {
                match m
                    .contest
                    .sheet(&SheetKey::new(&m.round, id, &j.id))
                    .map(|s| s.state)
                {
                    Some(SheetState::Submitted) => '✓',
                    Some(SheetState::Draft) => '○',
                    None => '·',
                }
            }
        };
        // The cursor's cell stands out; Enter opens it.
        let cells: Vec<char> = shown.iter().map(|&p| mark(p)).collect();
        let at = (i == cursor_row)
            .then(|| cursor_col.checked_sub(first))
            .flatten()
            .filter(|&k| k < cells.len());
        match at {
            Some(k) => {
                spans.push(Span::raw(cells[..k].iter().collect::<String>()));
                spans.push(Span::styled(cells[k].to_string(), m.theme.selected()));
                spans.push(Span::raw(cells[k + 1..].iter().collect::<String>()));
            }
            None => spans.push(Span::raw(cells.iter().collect::<String>())),
        }
        lines.push(Line::from(spans));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        format!(" {}", m.t(T::ProgressLegend)),
        m.theme.dim(),
    ));
    let position = T::ProgressPosition.with(
        m.lang,
        &[
            &(first + 1).min(entries.len()),
            &(first + shown.len()),
            &entries.len(),
            &(top + 1).min(rows.len()),
            &(top + grid.rows).min(rows.len()),
            &rows.len(),
        ],
    );
    lines.push(Line::styled(format!(" {position}"), m.theme.dim()));
    f.render_widget(Paragraph::new(lines), body);
}

/// The entry ids over the grid, one every few columns so they never touch,
/// and a ruler that points each id at its column. The ruler's mark is not a
/// cell symbol, so it cannot be read as "not yet".
fn column_heads<'a>(m: &Model, shown: &[usize], first: usize, lead: usize) -> Vec<Line<'a>> {
    let widest = shown
        .iter()
        .map(|&p| text::width(&m.contest.entries[p].id))
        .max()
        .unwrap_or(1);
    // Every fifth column (or every tenth for long ids), counted from the
    // first entry of the round so the labels do not jump when scrolling.
    let every = if widest < 5 {
        5
    } else {
        widest.div_ceil(5) * 5 + 5
    };
    let mut ids = " ".repeat(lead);
    let mut ruler = " ".repeat(lead);
    let mut k = 0;
    while k < shown.len() {
        let n = first + k;
        if n.is_multiple_of(every) {
            let room = every.min(shown.len() - k);
            let id = text::fit(
                &m.contest.entries[shown[k]].id,
                room.saturating_sub(1).max(1),
            );
            ids.push_str(&text::pad(&id, room));
            ruler.push('╷');
            ruler.push_str(&" ".repeat(room - 1));
            k += room;
        } else {
            // The columns before the first label in sight stay blank.
            let room = (every - n % every).min(shown.len() - k);
            ids.push_str(&" ".repeat(room));
            ruler.push_str(&" ".repeat(room));
            k += room;
        }
    }
    vec![
        Line::styled(ids, m.theme.heading()),
        Line::styled(ruler, m.theme.dim()),
    ]
}

/// Who still owes what: one member a line (wrapped), by member id, each
/// entry they are expected on and have not submitted, drafts marked.
fn owes(m: &Model, f: &mut Frame, area: Rect) {
    let owed = owed(m);
    let facts = Line::raw(format!(" {}", T::OwesFacts.with(m.lang, &[&owed.len()])));
    let body = frame(m, f, area, facts);
    let width = usize::from(body.width).saturating_sub(4);
    let mut lines = Vec::new();
    if owed.is_empty() {
        lines.push(Line::styled(
            format!(" {}", m.t(T::OwesNone)),
            m.theme.submitted(),
        ));
    }
    for (i, o) in owed.iter().enumerate().skip(usize::from(m.chair.scroll)) {
        let name = m
            .contest
            .judge(&o.judge)
            .map(|j| j.name.as_str())
            .unwrap_or("");
        // The top member is the one `M` leaves a reminder for.
        let style = if i == usize::from(m.chair.scroll) {
            m.theme.selected()
        } else {
            m.theme.heading()
        };
        lines.push(Line::styled(
            format!(" {} {name} ({})", o.judge, o.entries.len()),
            style,
        ));
        let list: Vec<String> = o
            .entries
            .iter()
            .map(|(e, draft)| {
                if *draft {
                    format!("{e} ({})", m.t(T::OwesDraft))
                } else {
                    e.clone()
                }
            })
            .collect();
        for l in text::wrap(&list.join(", "), width) {
            lines.push(Line::raw(format!("   {l}")));
        }
    }
    f.render_widget(Paragraph::new(lines), body);
}

/// One member's sheet for one entry, read-only: its state, how often it was
/// reopened and when it last changed (from the trail). A draft's points and
/// total are its author's alone: never shown here.
pub fn cell_detail(m: &Model, f: &mut Frame, area: Rect, judge: &str, entry: &str) {
    let who = m
        .contest
        .judge(judge)
        .map(|j| format!("{} {}", j.id, j.name))
        .unwrap_or_else(|| judge.to_string());
    let title = m
        .contest
        .entry(entry)
        .map(|e| format!("{} {}", e.id, e.title))
        .unwrap_or_else(|| entry.to_string());
    let sheet = m.contest.sheet(&SheetKey::new(&m.round, entry, judge));
    let state = if m.contest.is_recused(judge, entry) {
        let why = m
            .contest
            .conflicts
            .iter()
            .find(|c| c.judge == judge && c.entry == entry && !c.dismissed)
            .map(|c| c.reason.clone())
            .unwrap_or_default();
        T::CellRecused.with(m.lang, &[&why])
    } else {
        match sheet {
            Some(s) if s.is_submitted() => T::CellSubmitted.with(m.lang, &[&s.total()]),
            Some(_) => m.t(T::CellDraft).to_string(),
            None if m.contest.may_mark(&m.round, entry, judge) => m.t(T::CellNone).to_string(),
            None => m.t(T::CellNotAssigned).to_string(),
        }
    };
    let mut said = vec![format!("{}: {}", m.t(T::CellState), state)];
    if let Some(s) = sheet.filter(|s| s.reopened > 0) {
        said.push(T::CellReopened.with(m.lang, &[&s.reopened]));
    }
    // The last act on this member's sheet or note for the entry; its
    // before/after (a draft's points) are not shown.
    let last = m.chair.audit.iter().rev().find(|r| {
        r.entry.as_deref() == Some(entry)
            && r.subject.as_deref().unwrap_or(&r.judge) == judge
            && r.round.as_deref().is_none_or(|x| x == m.round)
    });
    said.push(match (last, m.chair.audit_verdict.is_some()) {
        (Some(r), _) => T::CellLastChange.with(
            m.lang,
            &[
                &r.at.replace('T', " "),
                &crate::i18n::audit_action(&r.action, m.lang),
            ],
        ),
        (None, true) => m.t(T::CellNoChange).to_string(),
        (None, false) => m.t(T::CellLoading).to_string(),
    });
    let w = area.width.saturating_sub(4).min(72);
    let inner = usize::from(w.saturating_sub(2));
    let mut lines: Vec<Line> = vec![Line::styled(text::fit(&title, inner), m.theme.heading())];
    for s in &said {
        for l in text::wrap(&crate::domain::escape::terminal_line(s), inner) {
            lines.push(Line::raw(l));
        }
    }
    let rect = crate::ui::centered(area, w, lines.len() as u16 + 2);
    let block = ratatui::widgets::Block::bordered()
        .title(format!(" {} ", text::fit(&who, inner)))
        .title_bottom(
            Line::styled(format!(" {} ", m.t(T::HelpFooter)), m.theme.dim()).right_aligned(),
        )
        .border_style(m.theme.focus_border());
    f.render_widget(ratatui::widgets::Clear, rect);
    f.render_widget(Paragraph::new(lines).block(block), rect);
}
