//! Scoring one entry: details, the rubric with its bands, the running total.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use super::{status_line, text, title_bar};
use crate::app::{Model, SheetEdit};
use crate::domain::escape::terminal_line;
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
    let width = usize::from(area.width);
    // From 120 columns the whole title stands under the title bar.
    let title_lines = if m.size.0 >= crate::app::reader::BESIDE_FROM {
        text::wrap(&safe(&e.title), width.saturating_sub(2))
    } else {
        Vec::new()
    };
    let facts = facts_lines(m, e, width);
    let head_rows = 1 + title_lines.len() as u16 + facts.len() as u16;
    let summary_rows = summary_rows(e, area);
    // Below the sheet, the guide and every band come first, and the note
    // preview takes what is left (at least three lines).
    let room = area
        .height
        .saturating_sub(head_rows + summary_rows + 2 + rubric_rows + 1);
    let guide_rows = (guide.len() as u16).min(room.saturating_sub(3).max(3));
    let [top, head, summary, sheet, guide_area, note, status] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(head_rows - 1),
        Constraint::Length(summary_rows + 2),
        Constraint::Length(rubric_rows),
        Constraint::Length(guide_rows),
        Constraint::Min(1),
        Constraint::Length(1),
    ])
    .areas(area);
    title_bar(m, f, top, &format!("{} · {}", e.id, safe(&e.title)));
    let mut lines: Vec<Line> = title_lines
        .into_iter()
        .map(|l| Line::styled(format!(" {l}"), m.theme.heading()))
        .collect();
    lines.extend(facts.into_iter().map(|l| Line::styled(l, m.theme.dim())));
    f.render_widget(Paragraph::new(lines), head);
    summary_box(m, f, summary, e, s);
    sheet_box(m, f, sheet, s);
    f.render_widget(Paragraph::new(guide), guide_area);
    note_box(m, f, note, s);
    status_line(m, f, status);
}

/// Text from the contest file, safe for the terminal.
fn safe(text: &str) -> String {
    crate::domain::escape::terminal_block(text).into_owned()
}

/// Inner rows of the summary box: the same for every criterion of the
/// sheet, so the screen does not jump while scoring; more on tall screens.
fn summary_rows(e: &Entry, area: Rect) -> u16 {
    let most: u16 = match area.height {
        h if h >= 40 => 6,
        h if h >= 30 => 4,
        // At 24 rows every band of the criterion comes first; the cut line
        // says how to read the rest.
        _ => 1,
    };
    let need = text::wrap(&safe(&e.summary), usize::from(area.width.saturating_sub(2))).len();
    (need as u16).clamp(1, most)
}

/// Unit, field, the submission date and authors, wrapped onto as many
/// lines as they need, so that at 80 columns the authors and the date are
/// still there.
fn facts_lines(m: &Model, e: &Entry, width: usize) -> Vec<String> {
    let mut parts = vec![
        format!("{}: {}", m.t(T::ColUnit), safe(&e.unit)),
        format!(
            "{}: {}",
            m.t(T::ColField),
            safe(&m.contest.field_label(&e.field, m.lang))
        ),
    ];
    if let Some(d) = &e.submitted {
        let d = crate::domain::format::date(d, m.lang);
        parts.push(format!("{}: {}", m.t(T::Submitted), safe(&d)));
    }
    if !e.authors.is_empty() {
        parts.push(format!(
            "{}: {}",
            m.t(T::Authors),
            safe(&e.author_names(", "))
        ));
    }
    let mut lines = Vec::new();
    let mut line = String::new();
    for p in parts {
        let joined = if line.is_empty() {
            format!(" {p}")
        } else {
            format!("{line} · {p}")
        };
        if text::width(&joined) > width && !line.is_empty() {
            lines.push(std::mem::take(&mut line));
            line = format!(" {p}");
        } else {
            line = joined;
        }
    }
    lines.push(line);
    lines.into_iter().map(|l| text::fit(&l, width)).collect()
}

fn summary_box(m: &Model, f: &mut Frame, area: Rect, e: &Entry, s: &SheetEdit) {
    let block = Block::bordered()
        .title(format!(" {} ", m.t(T::Summary)))
        .border_style(m.theme.border());
    let inner = block.inner(area);
    let all = text::wrap(&safe(&e.summary), inner.width.into());
    let rows = usize::from(inner.height);
    let shown = all
        .len()
        .saturating_sub(usize::from(s.summary_scroll))
        .min(rows);
    let cut = usize::from(s.summary_scroll) + shown < all.len();
    let mut lines: Vec<Line> = all
        .into_iter()
        .skip(s.summary_scroll.into())
        .take(rows)
        .map(Line::raw)
        .collect();
    if cut && let Some(last) = lines.last_mut() {
        // The last line gives way to the sign that there is more, and how to read it.
        let marker = m.t(T::SummaryCut);
        let keep = usize::from(inner.width).saturating_sub(text::width(marker) + 1);
        let line: String = last.spans.iter().map(|s| s.content.as_ref()).collect();
        // Whole words only, so no word reads cut in half before the marker.
        let mut head = String::new();
        for word in line.split_whitespace() {
            let longer = if head.is_empty() {
                word.to_string()
            } else {
                format!("{head} {word}")
            };
            if text::width(&longer) > keep {
                break;
            }
            head = longer;
        }
        *last = Line::from(vec![
            Span::raw(format!("{head} ")),
            Span::styled(marker, m.theme.key()),
        ]);
    }
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
    let words = m.my_words(&s.key.entry);
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
        let marker = match (focused, words.remark(&c.id).is_some()) {
            (true, _) => "▶ ",
            (false, true) => "✎ ",
            (false, false) => "  ",
        };
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
    if let Some(remark) = m.my_words(&s.key.entry).remark(&c.id) {
        labelled(
            format!(" ✎ {}: ", m.t(T::Remark)),
            &terminal_line(remark),
            Some(m.theme.heading()),
        );
    }
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

/// The note, then the remarks per criterion and the annotations, as many
/// lines as fit; `a` opens the note for writing, `r` a remark, `A` the annotations.
fn note_box(m: &Model, f: &mut Frame, area: Rect, s: &SheetEdit) {
    let block = Block::bordered()
        .title(format!(" {} ", m.t(T::Note)))
        .border_style(m.theme.border());
    let inner = block.inner(area);
    let cols = usize::from(inner.width);
    let words = m.my_words(&s.key.entry);
    let mut lines: Vec<Line> = if words.text.trim().is_empty() {
        vec![Line::styled(m.t(T::NoNote), m.theme.dim())]
    } else {
        text::wrap(&words.text, cols)
            .into_iter()
            .map(Line::raw)
            .collect()
    };
    // Listed in rubric order, each under its criterion's name.
    for (id, remark) in words.remarks_in_order(&m.contest.rubric) {
        let name = m.contest.rubric.get(id).map_or(id, |c| c.name.get(m.lang));
        let said = format!("✎ {}: {}", terminal_line(name), terminal_line(remark));
        lines.push(Line::raw(text::fit(&said, cols)));
    }
    if !words.annotations.is_empty() {
        lines.push(Line::styled(
            text::fit(
                &format!("{} ({}) · A", m.t(T::Annotations), words.annotations.len()),
                cols,
            ),
            m.theme.key(),
        ));
        for a in &words.annotations {
            lines.push(Line::raw(super::remark::annotation_line(m, a, cols)));
        }
    }
    if area.height >= 3 {
        f.render_widget(Paragraph::new(lines).block(block), area);
    } else {
        f.render_widget(Paragraph::new(lines), area);
    }
}
