//! Scoring one entry: details, the rubric with its bands, the running total.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use super::{status_line, text, title_bar};
use crate::app::{Model, SheetEdit};
use crate::domain::{Entry, SheetState};
use crate::i18n::T;

/// Columns of the points box: `[ 18.5  ]`.
const INPUT_COLS: usize = 8;

pub fn view(m: &Model, f: &mut Frame, area: Rect) {
    let (Some(s), Some(e)) = (
        m.sheet.as_ref(),
        m.sheet
            .as_ref()
            .and_then(|s| m.contest.entries.get(s.entry)),
    ) else {
        return;
    };
    // The line after the last criterion shows only when the focus is on it.
    let rubric_rows = m.contest.rubric.len() as u16 + 3 + u16::from(s.at_end());
    let guide = guide_lines(m, s, usize::from(area.width));
    // Below the sheet, the guide and every band come first, then the summary,
    // and the note preview takes what is left (at least three lines).
    let room = area.height.saturating_sub(1 + 1 + rubric_rows + 1);
    let guide_rows = (guide.len() as u16).min(room.saturating_sub(3 + 3).max(3));
    let summary_lines =
        text::wrap(&e.summary, usize::from(area.width.saturating_sub(2))).len() as u16;
    let spare = room.saturating_sub(guide_rows + 3);
    let [top, facts, summary, sheet, guide_area, note, status] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length((summary_lines + 2).min(spare.max(3))),
        Constraint::Length(rubric_rows),
        Constraint::Length(guide_rows),
        Constraint::Min(1),
        Constraint::Length(1),
    ])
    .areas(area);
    title_bar(m, f, top, &format!("{} · {}", e.id, e.title));
    facts_line(m, f, facts, e);
    summary_box(m, f, summary, e, s);
    sheet_box(m, f, sheet, s);
    f.render_widget(Paragraph::new(guide), guide_area);
    note_box(m, f, note, s);
    status_line(m, f, status);
}

fn facts_line(m: &Model, f: &mut Frame, area: Rect, e: &Entry) {
    let mut parts = vec![
        format!("{}: {}", m.t(T::ColUnit), e.unit),
        format!(
            "{}: {}",
            m.t(T::ColField),
            m.contest.field_label(&e.field, m.lang)
        ),
    ];
    if !e.authors.is_empty() {
        parts.push(format!("{}: {}", m.t(T::Authors), e.authors.join(", ")));
    }
    if let Some(d) = &e.submitted {
        parts.push(format!("{}: {d}", m.t(T::Submitted)));
    }
    let line = text::fit(&format!(" {}", parts.join(" · ")), area.width.into());
    f.render_widget(Paragraph::new(Line::styled(line, m.theme.dim())), area);
}

fn summary_box(m: &Model, f: &mut Frame, area: Rect, e: &Entry, s: &SheetEdit) {
    let block = Block::bordered()
        .title(format!(" {} ", m.t(T::Summary)))
        .border_style(m.theme.border());
    let inner = block.inner(area);
    let lines: Vec<Line> = text::wrap(&e.summary, inner.width.into())
        .into_iter()
        .skip(s.summary_scroll.into())
        .map(Line::raw)
        .collect();
    f.render_widget(Paragraph::new(lines).block(block), area);
}

fn sheet_box(m: &Model, f: &mut Frame, area: Rect, s: &SheetEdit) {
    let (badge, badge_style) = state_badge(m, s);
    let block = Block::bordered()
        .title(format!(" {} ", m.t(T::Sheet)))
        .title_top(Line::styled(format!(" {badge} "), badge_style).right_aligned())
        .border_style(m.theme.focus_border());
    let inner = block.inner(area);
    f.render_widget(block, area);
    let name_cols = m
        .contest
        .rubric
        .criteria
        .iter()
        .map(|c| text::width(c.name.get(m.lang)))
        .max()
        .unwrap_or(10)
        .clamp(8, 24);
    let width = usize::from(inner.width);
    let mut lines = Vec::new();
    for (i, c) in m.contest.rubric.criteria.iter().enumerate() {
        let focused = i == s.focus;
        let shown = s.shown(i);
        let value = match (&s.typing, focused) {
            (Some(t), true) => t.clone(),
            _ => shown.map(|p| p.to_string()).unwrap_or_default(),
        };
        let band = shown
            .and_then(|p| c.band_for(p))
            .map(|b| b.label.get(m.lang))
            .unwrap_or("");
        let marker = if focused { "▶ " } else { "  " };
        let head = format!("{marker}{} ", text::pad(c.name.get(m.lang), name_cols));
        let input = format!("[{}]", text::pad(&format!(" {value}"), INPUT_COLS));
        let max = if c.step == crate::domain::Points::whole(1) {
            format!(" / {}", c.max)
        } else {
            format!(" / {} · {}", c.max, T::StepLabel.with(m.lang, &[&c.step]))
        };
        let used = text::width(&head) + text::width(&input) + text::width(&max) + 2;
        let tail = match (&s.problem, focused) {
            (Some(p), true) => Span::styled(
                format!("  {}", text::fit(p, width.saturating_sub(used))),
                m.theme.error(),
            ),
            _ => Span::styled(
                format!("  {}", text::fit(band, width.saturating_sub(used))),
                m.theme.dim(),
            ),
        };
        let input_style = if focused && !s.is_submitted() {
            m.theme.input()
        } else {
            ratatui::style::Style::new()
        };
        let head_style = if focused {
            m.theme.heading()
        } else {
            ratatui::style::Style::new()
        };
        lines.push(Line::from(vec![
            Span::styled(head.clone(), head_style),
            Span::styled(input, input_style),
            Span::raw(max),
            tail,
        ]));
        // Under the merge view the sheet is out of sight, and so is the cursor.
        let merging = matches!(m.overlay, Some(crate::app::Overlay::Merge { .. }));
        if focused && !s.is_submitted() && !merging {
            let x = inner.x + (text::width(&head) + 2 + text::width(&value)) as u16;
            let y = inner.y + i as u16;
            if x < inner.right() && y < inner.bottom() {
                f.set_cursor_position(Position::new(x, y));
            }
        }
    }
    // The total's digits line up with the points typed above it.
    let total = format!(
        "  {}   {} / {}",
        text::pad(m.t(T::Total), name_cols),
        text::pad(&s.total().to_string(), INPUT_COLS - 1),
        m.contest.rubric.max_total()
    );
    let mut total_line = vec![Span::styled(total, m.theme.heading())];
    if s.is_refused() {
        total_line.push(Span::styled(
            format!("  ⚠ {}", m.t(T::RefusedNotCounted)),
            m.theme.error(),
        ));
    }
    lines.push(Line::from(total_line));
    if s.at_end() {
        lines.push(Line::styled(
            text::fit(&format!("▶ {}", end_line(m, s)), width),
            m.theme.heading(),
        ));
    }
    f.render_widget(Paragraph::new(lines), inner);
}

/// What the line after the last criterion says: submit, or what is missing.
fn end_line(m: &Model, s: &SheetEdit) -> String {
    let missing: Vec<&str> = m
        .contest
        .rubric
        .criteria
        .iter()
        .enumerate()
        .filter(|(i, _)| s.marks.get(*i).is_none())
        .map(|(_, c)| c.name.get(m.lang))
        .collect();
    if s.is_submitted() {
        m.t(T::SheetSubmittedRO).to_string()
    } else if missing.is_empty() {
        m.t(T::SheetEndReady).to_string()
    } else {
        T::SheetEndMissing.with(m.lang, &[&missing.join(", ")])
    }
}

/// "submitted" / "draft · saved" / "draft · unsaved".
fn state_badge(m: &Model, s: &SheetEdit) -> (String, ratatui::style::Style) {
    if s.state == SheetState::Submitted {
        return (format!("✓ {}", m.t(T::StateSubmitted)), m.theme.submitted());
    }
    let state = if s.reopened > 0 {
        m.t(T::StateReopened)
    } else {
        m.t(T::StateDraft)
    };
    if s.conflict.is_some() {
        // Not saved by itself until the member chooses in the merge view.
        (
            format!("{state} · ● {}", m.t(T::SavedElsewhere)),
            m.theme.error(),
        )
    } else if s.is_saving() {
        (format!("{state} · {}", m.t(T::Saving)), m.theme.draft())
    } else if s.is_dirty() {
        (format!("{state} · ● {}", m.t(T::Unsaved)), m.theme.error())
    } else if s.base > 0 {
        (format!("{state} · {}", m.t(T::Saved)), m.theme.submitted())
    } else {
        (m.t(T::StateUnscored).to_string(), m.theme.dim())
    }
}

/// The focused criterion's guide and its bands, one band a line (the one
/// holding the value being entered highlighted), wrapped to `cols`.
fn guide_lines(m: &Model, s: &SheetEdit, cols: usize) -> Vec<Line<'static>> {
    let Some(c) = m.contest.rubric.criteria.get(s.focus) else {
        return Vec::new();
    };
    let mut lines = Vec::new();
    let mut labelled = |label: String, body: &str, style: Option<ratatui::style::Style>| {
        let indent = " ".repeat(text::width(&label));
        for (i, part) in text::wrap(body, cols.saturating_sub(indent.len() + 1))
            .into_iter()
            .enumerate()
        {
            let head = if i == 0 {
                Span::styled(label.clone(), m.theme.key())
            } else {
                Span::raw(indent.clone())
            };
            let body = match style {
                Some(style) => Span::styled(part, style),
                None => Span::raw(part),
            };
            lines.push(Line::from(vec![head, body]));
        }
    };
    let guide = c.guide.get(m.lang);
    if !guide.is_empty() {
        labelled(format!(" {}: ", m.t(T::Guide)), guide, None);
    }
    let current = s.shown(s.focus);
    for b in &c.bands {
        let hit = current.is_some_and(|p| b.from <= p && p <= b.to);
        labelled(
            format!(" {:>5} ", format!("{}–{}", b.from, b.to)),
            b.label.get(m.lang),
            hit.then(|| m.theme.selected()),
        );
    }
    lines
}

/// The note, as many lines as fit; `a` opens it for writing.
fn note_box(m: &Model, f: &mut Frame, area: Rect, s: &SheetEdit) {
    let block = Block::bordered()
        .title(format!(" {} ", m.t(T::Note)))
        .border_style(m.theme.border());
    let inner = block.inner(area);
    let note = m
        .contest
        .note(&s.key)
        .map(|n| n.text.as_str())
        .filter(|t| !t.trim().is_empty());
    let lines: Vec<Line> = match note {
        Some(t) => text::wrap(t, inner.width.into())
            .into_iter()
            .map(Line::raw)
            .collect(),
        None => vec![Line::styled(m.t(T::NoNote), m.theme.dim())],
    };
    if area.height >= 3 {
        f.render_widget(Paragraph::new(lines).block(block), area);
    } else {
        f.render_widget(Paragraph::new(lines), area);
    }
}
