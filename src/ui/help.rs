//! The key help, generated from the keymap that handles the keys. Its lines
//! are built in `app::reading`, where the scrolling is clamped.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use super::centered;
use crate::app::Model;
use crate::app::reading::{self, Look, Row};
use crate::i18n::T;

pub fn view(m: &Model, f: &mut Frame, area: Rect, scroll: u16) {
    let size = (area.width, area.height);
    let rows = reading::help_rows(m, size);
    let (w, h) = reading::help_box(size, rows.len());
    let rect = centered(area, w, h);
    let block = Block::bordered()
        .title(format!(
            " {} — {} ",
            m.t(T::HelpTitle),
            m.t(m.screen_context().title())
        ))
        .title_bottom(
            Line::styled(format!(" {} ", m.t(T::HelpFooter)), m.theme.dim()).right_aligned(),
        )
        .border_style(m.theme.focus_border());
    f.render_widget(Clear, rect);
    f.render_widget(
        Paragraph::new(lines(m, rows))
            .block(block)
            .scroll((scroll, 0)),
        rect,
    );
}

/// Rows built by the app, in the theme's styles.
pub fn lines(m: &Model, rows: Vec<Row>) -> Vec<Line<'static>> {
    rows.into_iter()
        .map(|row| {
            Line::from(
                row.into_iter()
                    .map(|(look, s)| match look {
                        Look::Plain => Span::raw(s),
                        Look::Heading => Span::styled(s, m.theme.heading()),
                        Look::Key => Span::styled(s, m.theme.key()),
                    })
                    .collect::<Vec<_>>(),
            )
        })
        .collect()
}
