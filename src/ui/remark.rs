//! The remark editor and the list of annotations, drawn over the bottom of
//! the sheet so the entry, the criterion and its points stay in view.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use super::text;
use crate::app::Model;
use crate::app::remark_edit::RemarkEdit;
use crate::domain::Annotation;
use crate::domain::escape::terminal_line;
use crate::i18n::T;
use crate::input::keymap::{self, Context};

/// A box of `rows` lines above the status line, the width of the screen.
fn bottom(area: Rect, rows: u16) -> Rect {
    let h = rows.min(area.height.saturating_sub(1));
    Rect {
        x: area.x,
        y: area.bottom().saturating_sub(h + 1),
        width: area.width,
        height: h,
    }
}

fn keys_line(m: &Model, context: Context) -> Line<'static> {
    let mut spans = Vec::new();
    for b in keymap::hints(context) {
        spans.push(Span::styled(keymap::keys_label(b), m.theme.key()));
        spans.push(Span::raw(format!(" {}   ", b.describe().get(m.lang))));
    }
    Line::from(spans)
}

pub fn editor(m: &Model, f: &mut Frame, area: Rect, r: &RemarkEdit) {
    let name = m
        .contest
        .rubric
        .get(&r.criterion)
        .map(|c| c.name.get(m.lang).to_string())
        .unwrap_or_else(|| r.criterion.clone());
    let rect = bottom(area, if r.theirs.is_some() { 5 } else { 4 });
    let block = Block::bordered()
        .title(format!(
            " {} · {} ",
            r.entry,
            T::RemarkTitle.with(m.lang, &[&name])
        ))
        .border_style(m.theme.focus_border());
    let inner = block.inner(rect);
    let room = usize::from(inner.width.saturating_sub(2));
    let layout = r.editor.layout(u16::MAX);
    let (shown, at) = text::scroll_to_cursor(r.editor.text(), usize::from(layout.cursor_col), room);
    let mut lines = Vec::new();
    if let Some(theirs) = &r.theirs {
        let said = T::RemarkTheirs.with(m.lang, &[&terminal_line(theirs)]);
        lines.push(Line::styled(
            text::fit(&said, inner.width.into()),
            m.theme.error(),
        ));
    }
    let input_row = lines.len() as u16;
    lines.push(Line::styled(
        format!("> {}", text::pad(&shown, room)),
        m.theme.input(),
    ));
    lines.push(keys_line(m, Context::Remark));
    f.render_widget(Clear, rect);
    f.render_widget(Paragraph::new(lines).block(block), rect);
    let (x, y) = (inner.x + 2 + at as u16, inner.y + input_row);
    if x < inner.right() && y < inner.bottom() {
        f.set_cursor_position(Position::new(x, y));
    }
}

/// One annotation as a line: "dòng 3–4 «passage…» comment".
pub fn annotation_line(m: &Model, a: &Annotation, cols: usize) -> String {
    let lines = crate::i18n::annotation_lines(a, m.lang);
    let passage = text::fit(&terminal_line(&passage_words(&a.passage)), 24);
    text::fit(
        &format!("{lines} «{passage}» {}", terminal_line(&a.comment)),
        cols,
    )
}

/// The passage as the reader shows it: its write-up lines without their
/// Markdown marks (`#`, `-`, `>`, `|`), run into one line.
fn passage_words(passage: &str) -> String {
    passage
        .lines()
        .map(|l| l.trim_start().trim_start_matches(['#', '-', '>', '|']))
        .flat_map(|l| l.split(['|', ' ', '\t']))
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

pub fn list(m: &Model, f: &mut Frame, area: Rect, entry: &str, selected: usize) {
    let annotations = m.my_words(entry).annotations;
    let rows = (annotations.len() as u16 + 3).min(area.height.saturating_sub(4).max(4));
    let rect = bottom(area, rows);
    let block = Block::bordered()
        .title(format!(" {entry} · {} ", m.t(T::Annotations)))
        .border_style(m.theme.focus_border());
    let inner = block.inner(rect);
    let visible = usize::from(inner.height.saturating_sub(1)).max(1);
    let first = selected.saturating_sub(visible - 1);
    let mut lines: Vec<Line> = annotations
        .iter()
        .enumerate()
        .skip(first)
        .take(visible)
        .map(|(i, a)| {
            let marker = if i == selected { "▶ " } else { "  " };
            let body = annotation_line(m, a, usize::from(inner.width).saturating_sub(2));
            let line = format!("{marker}{body}");
            if i == selected {
                Line::styled(line, m.theme.selected())
            } else {
                Line::raw(line)
            }
        })
        .collect();
    lines.push(keys_line(m, Context::Annotations));
    f.render_widget(Clear, rect);
    f.render_widget(Paragraph::new(lines).block(block), rect);
}
