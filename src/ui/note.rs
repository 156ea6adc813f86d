//! The note editor, with the terminal cursor at the insertion point so input
//! methods anchor their candidate window there.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph};

use super::{status_line, text, title_bar};
use crate::app::{Model, NoteEdit, SheetEdit};
use crate::domain::Entry;
use crate::i18n::T;

fn safe(s: &str) -> String {
    crate::domain::escape::terminal_line(s).into_owned()
}

/// What the note is about, kept in view while writing it: the entry's
/// whole title (two lines at most) and the criterion being scored with its
/// points and the total.
fn context_lines(m: &Model, n: &NoteEdit, e: &Entry, width: u16) -> Vec<Line<'static>> {
    let cols = usize::from(width.saturating_sub(2));
    let mut title = text::wrap(&safe(&e.title), cols);
    if title.len() > 2 {
        let rest = title.split_off(1).join(" ");
        title.push(text::fit(&rest, cols));
    }
    let mut lines: Vec<Line> = title
        .into_iter()
        .map(|l| Line::styled(format!(" {l}"), m.theme.heading()))
        .collect();
    // The sheet open under the note, or the stored one.
    let stored;
    let sheet = match m.sheet.as_ref().filter(|s| s.key == n.key) {
        Some(s) => s,
        None => {
            stored = SheetEdit::load(&m.contest, n.entry, n.key.clone());
            &stored
        }
    };
    let criteria = &m.contest.rubric.criteria;
    let focus = sheet.focus.min(criteria.len().saturating_sub(1));
    let mut facts = Vec::new();
    if let Some(c) = criteria.get(focus) {
        let points = sheet
            .shown(focus)
            .map(|p| p.to_string())
            .unwrap_or_else(|| "—".into());
        facts.push(format!("▶ {}: {points} / {}", c.name.get(m.lang), c.max));
    }
    facts.push(format!(
        "{}: {} / {}",
        m.t(T::Total),
        sheet.total(),
        m.contest.rubric.max_total()
    ));
    lines.push(Line::styled(
        text::fit(&format!(" {}", facts.join(" · ")), cols + 2),
        m.theme.dim(),
    ));
    lines
}

pub fn view(m: &Model, f: &mut Frame, area: Rect) {
    let Some(n) = &m.note else { return };
    let Some(e) = m.contest.entries.get(n.entry) else {
        return;
    };
    let context = context_lines(m, n, e, area.width);
    let [top, head, body, status] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(context.len() as u16),
        Constraint::Min(3),
        Constraint::Length(1),
    ])
    .areas(area);
    title_bar(m, f, top, &format!("{} · {}", e.id, safe(&e.title)));
    f.render_widget(Paragraph::new(context), head);
    let (badge, style) = if n.conflict.is_some() {
        // Not saved by itself until the member chooses in the merge view.
        (format!("● {}", m.t(T::SavedElsewhere)), m.theme.error())
    } else if n.is_saving() {
        (m.t(T::Saving).to_string(), m.theme.draft())
    } else if n.is_dirty() {
        (format!("● {}", m.t(T::Unsaved)), m.theme.error())
    } else {
        (m.t(T::Saved).to_string(), m.theme.submitted())
    };
    let block = Block::bordered()
        .title(format!(" {} ", m.t(T::Note)))
        .title_top(Line::styled(format!(" {badge} "), style).right_aligned())
        .border_style(m.theme.focus_border());
    let inner = block.inner(body);
    f.render_widget(block, body);
    let layout = n.editor.layout(inner.width);
    let height = usize::from(inner.height);
    // Scroll so the cursor's line is always visible.
    let first = layout.cursor_row.saturating_sub(height.saturating_sub(1));
    let lines: Vec<Line> = layout
        .lines
        .iter()
        .skip(first)
        .take(height)
        .map(|l| {
            Line::raw(
                n.editor
                    .text()
                    .get(l.start..l.end)
                    .unwrap_or("")
                    .to_string(),
            )
        })
        .collect();
    f.render_widget(Paragraph::new(lines), inner);
    let x = inner
        .x
        .saturating_add(layout.cursor_col)
        .min(inner.right().saturating_sub(1));
    let y = inner.y + (layout.cursor_row - first) as u16;
    // Under the merge view the text is out of sight, and so is the cursor.
    let merging = matches!(m.overlay, Some(crate::app::Overlay::Merge { .. }));
    if y < inner.bottom() && !merging {
        f.set_cursor_position(Position::new(x, y));
    }
    status_line(m, f, status);
}
