//! Choosing which council member is at the keyboard.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use super::{status_line, text, title_bar};
use crate::app::Model;
use crate::i18n::T;

pub fn view(m: &Model, f: &mut Frame, area: Rect) {
    let [top, ask, list, status] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(3),
        Constraint::Min(1),
        Constraint::Length(1),
    ])
    .areas(area);
    title_bar(m, f, top, &m.contest.meta.title);
    let mut ask_lines = vec![Line::styled(m.t(T::PickerTitle), m.theme.heading())];
    if let Some(login) = &m.login {
        ask_lines.push(Line::raw(T::PickerHint.with(m.lang, &[login])));
    }
    f.render_widget(
        Paragraph::new(ask_lines),
        ask.inner(ratatui::layout::Margin::new(1, 0)),
    );
    let width = usize::from(list.width).saturating_sub(2);
    let rows: Vec<Line> = m
        .contest
        .judges
        .iter()
        .enumerate()
        .skip(
            m.picker
                .saturating_sub(usize::from(list.height).saturating_sub(1)),
        )
        .map(|(i, j)| {
            let role = crate::i18n::role_title(j);
            let row = format!(
                " {}  {}  {}  {}",
                text::pad(&j.id, 6),
                text::pad(&j.name, 24),
                text::pad(m.t(role), 18),
                j.unit.as_deref().unwrap_or("")
            );
            let row = text::pad(&row, width);
            if i == m.picker {
                Line::styled(row, m.theme.selected())
            } else {
                Line::raw(row)
            }
        })
        .collect();
    f.render_widget(
        Paragraph::new(rows),
        list.inner(ratatui::layout::Margin::new(1, 0)),
    );
    status_line(m, f, status);
}
