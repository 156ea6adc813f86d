//! The Progress screen: who has scored which entry.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::frame;
use crate::app::Model;
use crate::app::progress::{COUNT_COLS, Grid, NAME_COLS, last_first_col, last_first_row, owed};
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
    // Who is expected for each entry, once: a member counts against an entry
    // only when expected for it (assigned or holding a sheet, not recused).
    let expected: Vec<Vec<&str>> = entries
        .iter()
        .map(|&p| {
            m.contest
                .expected_judges(&m.round, &m.contest.entries[p].id)
                .map(|j| j.id.as_str())
                .collect()
        })
        .collect();
    // Members with the fewest submitted first: who holds the council up shows at once.
    let mut rows: Vec<(usize, usize, &crate::domain::Judge)> = m
        .contest
        .judges
        .iter()
        .map(|j| {
            let mine = || {
                entries
                    .iter()
                    .zip(&expected)
                    .filter(|(_, who)| who.contains(&j.id.as_str()))
                    .map(|(&p, _)| p)
            };
            let done = mine()
                .filter(|&p| {
                    m.contest
                        .sheet(&SheetKey::new(&m.round, &m.contest.entries[p].id, &j.id))
                        .is_some_and(|s| s.is_submitted())
                })
                .count();
            (done, mine().count(), j)
        })
        .collect();
    rows.sort_by(|a, b| {
        let ra = a.0 as f64 / a.1.max(1) as f64;
        let rb = b.0 as f64 / b.1.max(1) as f64;
        ra.total_cmp(&rb)
    });
    let lead = 1 + name_cols + count_cols;
    let mut lines = column_heads(m, &shown, first, lead);
    let worst = rows
        .first()
        .map(|r| r.0 as f64 / r.1.max(1) as f64)
        .unwrap_or(1.0);
    let top = usize::from(m.chair.scroll).min(last_first_row(rows.len(), grid.rows));
    for (done, expected, j) in rows.iter().skip(top).take(grid.rows) {
        let ratio = *done as f64 / (*expected).max(1) as f64;
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
        let cells: String = shown
            .iter()
            .map(|&p| {
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
            })
            .collect();
        spans.push(Span::raw(cells));
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
    for o in owed.iter().skip(usize::from(m.chair.scroll)) {
        let name = m
            .contest
            .judge(&o.judge)
            .map(|j| j.name.as_str())
            .unwrap_or("");
        lines.push(Line::styled(
            format!(" {} {name} ({})", o.judge, o.entries.len()),
            m.theme.heading(),
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
