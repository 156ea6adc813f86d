//! The Progress screen: who has scored which entry.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::frame;
use crate::app::Model;
use crate::domain::{SheetKey, SheetState};
use crate::i18n::T;
use crate::ui::text;

pub fn progress(m: &Model, f: &mut Frame, area: Rect) {
    let entries = m.contest.round_entries(&m.round);
    let facts = Line::raw(format!(
        " {}",
        T::ProgressFacts.with(m.lang, &[&entries.len(), &m.contest.judges.len()])
    ));
    let body = frame(m, f, area, facts);
    let name_cols = 22usize;
    let count_cols = 9usize;
    let width = usize::from(body.width);
    let cols = width.saturating_sub(name_cols + count_cols + 4);
    let first = m.chair.progress_col.min(entries.len().saturating_sub(1));
    let shown: Vec<usize> = entries.iter().copied().skip(first).take(cols).collect();
    // Members with the fewest submitted first: who holds the council up shows at once.
    let mut rows: Vec<(usize, usize, &crate::domain::Judge)> = m
        .contest
        .judges
        .iter()
        .map(|j| {
            let expected = entries
                .iter()
                .filter(|&&p| {
                    m.contest
                        .expected_judges(&m.round, &m.contest.entries[p].id)
                        .any(|x| x.id == j.id)
                })
                .count();
            let done = entries
                .iter()
                .filter(|&&p| {
                    m.contest
                        .sheet(&SheetKey::new(&m.round, &m.contest.entries[p].id, &j.id))
                        .is_some_and(|s| s.is_submitted())
                })
                .count();
            (done, expected, j)
        })
        .collect();
    rows.sort_by(|a, b| {
        let ra = a.0 as f64 / a.1.max(1) as f64;
        let rb = b.0 as f64 / b.1.max(1) as f64;
        ra.total_cmp(&rb)
    });
    let mut lines = Vec::new();
    let mut ruler = format!(" {}{}", " ".repeat(name_cols), " ".repeat(count_cols + 1));
    for (k, _) in shown.iter().enumerate() {
        let n = first + k + 1;
        ruler.push(if n.is_multiple_of(10) {
            '|'
        } else if n.is_multiple_of(5) {
            '·'
        } else {
            ' '
        });
    }
    lines.push(Line::styled(ruler, m.theme.dim()));
    let worst = rows
        .first()
        .map(|r| r.0 as f64 / r.1.max(1) as f64)
        .unwrap_or(1.0);
    for (done, expected, j) in rows.iter().skip(usize::from(m.chair.scroll)) {
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
                } else if !m.contest.may_mark(&m.round, id, &j.id) {
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
    f.render_widget(Paragraph::new(lines), body);
}
