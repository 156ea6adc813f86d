//! The reader: the lines `app::reader::lines` lays out, styled, with the
//! search's matches highlighted and where one is in the text.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{status_line, text, title_bar};
use crate::app::Model;
use crate::app::reader::{self, Reader};
use crate::domain::document::{DocLine, LineKind, find_folded};

use crate::domain::fold::fold;
use crate::i18n::T;

/// The reader filling the screen.
pub fn view(m: &Model, f: &mut Frame, area: Rect) {
    let Some(r) = &m.reader else { return };
    let [top, body, foot, status] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    let title = m
        .contest
        .entries
        .get(r.entry)
        .map(|e| format!("{} · {}", e.id, e.title))
        .unwrap_or_default();
    title_bar(m, f, top, &crate::domain::escape::terminal_line(&title));
    let lines = reader::lines(m);
    text_area(m, f, body, r, &lines);
    foot_line(m, f, foot, r, lines.len());
    status_line(m, f, status);
}

/// The reader in its pane beside the sheet: a divider on its left.
pub fn pane(m: &Model, f: &mut Frame, area: Rect) {
    let Some(r) = &m.reader else { return };
    let [divider, rest] =
        Layout::horizontal([Constraint::Length(1), Constraint::Min(1)]).areas(area);
    let style = if r.focused {
        m.theme.focus_border()
    } else {
        m.theme.border()
    };
    let bar: Vec<Line> = (0..divider.height)
        .map(|_| Line::styled("│", style))
        .collect();
    f.render_widget(Paragraph::new(bar), divider);
    let [top, body, foot, _] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(rest);
    let head = format!(" {} ", m.t(T::CtxReader));
    let head_style = if r.focused {
        m.theme.title()
    } else {
        m.theme.heading()
    };
    f.render_widget(
        Paragraph::new(Line::styled(text::pad(&head, top.width.into()), head_style)),
        top,
    );
    let lines = reader::lines(m);
    text_area(m, f, body, r, &lines);
    foot_line(m, f, foot, r, lines.len());
}

fn text_area(m: &Model, f: &mut Frame, area: Rect, r: &Reader, lines: &[DocLine]) {
    let query = fold(r.query.trim());
    // The member's annotations, as spans of the write-up's lines.
    let annotated: Vec<(u32, u32)> = match (&r.opened, m.contest.entries.get(r.entry)) {
        (None, Some(e)) => m
            .my_words(&e.id)
            .annotations
            .iter()
            .map(|a| (a.first_line, a.last_line))
            .collect(),
        _ => Vec::new(),
    };
    let marked = r.marking.map(|(a, b)| (a.min(b), a.max(b)));
    let shown: Vec<Line> = lines
        .iter()
        .enumerate()
        .skip(r.scroll)
        .take(area.height.into())
        .map(|(i, l)| {
            let in_marking = marked.is_some_and(|(a, b)| (a..=b).contains(&i));
            let has_note = l
                .source
                .is_some_and(|(f, t)| annotated.iter().any(|(a, b)| f <= *b && *a <= t));
            let mark = if r.hit == Some(i) {
                "▸ "
            } else if in_marking {
                "▌ "
            } else if has_note {
                "┃ "
            } else {
                "  "
            };
            let mut spans = vec![Span::styled(mark, m.theme.key())];
            let body = styled(m, l, &query);
            if in_marking {
                spans.extend(body.into_iter().map(|s| {
                    let style = s.style.patch(m.theme.selected());
                    s.style(style)
                }));
            } else {
                spans.extend(body);
            }
            Line::from(spans)
        })
        .collect();
    f.render_widget(Paragraph::new(shown), area);
}

/// One line in its style, the matches of the search reversed.
fn styled(m: &Model, l: &DocLine, query: &str) -> Vec<Span<'static>> {
    let base = match l.kind {
        LineKind::Heading => m.theme.heading().add_modifier(Modifier::BOLD),
        LineKind::Field | LineKind::Rule => m.theme.dim(),
        _ => Style::new(),
    };
    let found = find_folded(&l.text, query);
    let mut spans = Vec::new();
    let mut at = 0;
    for range in found {
        if range.start > at {
            spans.push(Span::styled(l.text[at..range.start].to_string(), base));
        }
        spans.push(Span::styled(
            l.text[range.clone()].to_string(),
            base.add_modifier(Modifier::REVERSED),
        ));
        at = range.end;
    }
    if at < l.text.len() {
        spans.push(Span::styled(l.text[at..].to_string(), base));
    }
    spans
}

/// Under the text: the find box while typing, else where one is.
fn foot_line(m: &Model, f: &mut Frame, area: Rect, r: &Reader, total: usize) {
    let editing = r
        .search
        .as_ref()
        .map(|ed| (ed, m.t(T::FindInText).to_string()));
    let commenting = r.comment.as_ref().map(|ed| {
        let lines = reader::lines(m);
        let (first, last) = r
            .marking
            .and_then(|(a, b)| reader::source_span(&lines, a, b))
            .unwrap_or((0, 0));
        (
            ed,
            T::CommentOn.with(m.lang, &[&crate::i18n::line_span(first, last, m.lang)]),
        )
    });
    if let Some((ed, label)) = editing.or(commenting) {
        let label = format!("{label}: ");
        let room = usize::from(area.width).saturating_sub(text::width(&label) + 1);
        let col = text::width(&ed.text()[..ed.cursor()]);
        let (shown, cursor) = text::scroll_to_cursor(ed.text(), col, room);
        f.render_widget(
            Paragraph::new(Line::from(vec![
                Span::styled(label.clone(), m.theme.key()),
                Span::styled(shown, m.theme.input()),
            ])),
            area,
        );
        let x = area.x + (text::width(&label) + cursor) as u16;
        if x < area.right() {
            f.set_cursor_position(Position::new(x, area.y));
        }
        return;
    }
    let first = r.scroll + 1;
    let last = (r.scroll + reader::rows(m)).min(total);
    let mut where_ = T::ReaderLines.with(m.lang, &[&first, &last, &total]);
    if last >= total {
        where_ = format!("{where_} · {}", m.t(T::ReaderEnd));
    }
    f.render_widget(
        Paragraph::new(Line::styled(
            text::pad_left(&format!("{where_} "), area.width.into()),
            m.theme.dim(),
        )),
        area,
    );
}
