//! Dialogs: confirming a submission or publishing, the reason for reopening.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use super::{centered, text};
use crate::app::{Model, ReasonFor};
use crate::i18n::T;
use crate::input::editor::TextEditor;
use crate::input::keymap::{self, Context};

fn answer_line(m: &Model, context: Context) -> Line<'static> {
    let mut spans = Vec::new();
    for b in keymap::hints(context) {
        spans.push(Span::styled(keymap::keys_label(b), m.theme.key()));
        spans.push(Span::raw(format!(" {}   ", b.describe().get(m.lang))));
    }
    Line::from(spans)
}

pub fn confirm_submit(m: &Model, f: &mut Frame, area: Rect) {
    let Some(s) = &m.sheet else { return };
    let id = m
        .contest
        .entries
        .get(s.entry)
        .map(|e| e.id.as_str())
        .unwrap_or("");
    let message = T::ConfirmSubmit.with(m.lang, &[&id, &s.total(), &m.contest.rubric.max_total()]);
    confirm(m, f, area, T::SubmitTitle, message);
}

/// What publishing (or hiding again) shows to whom, before the chair says yes.
pub fn confirm_publish(m: &Model, f: &mut Frame, area: Rect, published: bool) {
    let (title, message) = if published {
        (T::PublishTitle, T::ConfirmPublish)
    } else {
        (T::UnpublishTitle, T::ConfirmUnpublish)
    };
    let mut text = m.t(message).to_string();
    if published && let Some(warning) = flags_warning(m) {
        text = format!("{warning} {text}");
    }
    confirm(m, f, area, title, text);
}

/// "2 entries are still incomplete…": the flags the ranking shows, named
/// before the chair publishes over them.
fn flags_warning(m: &Model) -> Option<String> {
    use crate::domain::ranking::Flag;
    let rows = &m.chair.ranking.as_ref()?.rows;
    let count = |flag: Flag| rows.iter().filter(|r| r.flags.contains(&flag)).count();
    let (incomplete, disagreement) = (count(Flag::Incomplete), count(Flag::Disagreement));
    (incomplete + disagreement > 0)
        .then(|| T::PublishWarnFlags.with(m.lang, &[&incomplete, &disagreement]))
}

/// A council act (a conflict confirmed or dismissed) and what it does.
pub fn confirm_council(m: &Model, f: &mut Frame, area: Rect, question: &str) {
    confirm(m, f, area, T::CouncilActTitle, question.to_string());
}

/// The members free to mark `entry` too, each with their load.
pub fn choose_marker(
    m: &Model,
    f: &mut Frame,
    area: Rect,
    entry: &str,
    candidates: &[(String, usize)],
    selected: usize,
) {
    let w = area.width.saturating_sub(4).min(64);
    let room = usize::from(area.height.saturating_sub(6)).max(1);
    let shown = candidates.len().min(room);
    let rect = centered(area, w, shown as u16 + 4);
    let block = Block::bordered()
        .title(format!(
            " {} ",
            T::ChooseMarkerTitle.with(m.lang, &[&entry])
        ))
        .border_style(m.theme.focus_border());
    let inner = usize::from(w.saturating_sub(2));
    let first = selected.saturating_sub(room.saturating_sub(1));
    let mut lines: Vec<Line> = candidates
        .iter()
        .enumerate()
        .skip(first)
        .take(room)
        .map(|(i, (judge, load))| {
            let name = m
                .contest
                .judge(judge)
                .map(|j| j.name.as_str())
                .unwrap_or("");
            let row = format!(
                " {} {}",
                text::pad(&format!("{judge} {name}"), inner.saturating_sub(24)),
                T::MarkerLoad.with(m.lang, &[load])
            );
            let row = text::pad(&row, inner);
            if i == selected {
                Line::styled(row, m.theme.selected())
            } else {
                Line::raw(row)
            }
        })
        .collect();
    lines.push(Line::raw(""));
    lines.push(answer_line(m, Context::ChooseMember));
    f.render_widget(Clear, rect);
    f.render_widget(Paragraph::new(lines).block(block), rect);
}

/// Leaving a refused value: what it is and why, discard or fix.
pub fn confirm_discard(m: &Model, f: &mut Frame, area: Rect) {
    let Some(s) = &m.sheet else { return };
    let name = m
        .contest
        .rubric
        .criteria
        .get(s.focus)
        .map(|c| c.name.get(m.lang))
        .unwrap_or("");
    let why = s.problem.as_deref().unwrap_or("");
    let message = T::DiscardRefused.with(m.lang, &[&name, &why]);
    confirm(m, f, area, T::DiscardRefusedTitle, message);
}

/// Undoing a change on another entry than the one here: which, and what.
pub fn confirm_undo(m: &Model, f: &mut Frame, area: Rect, question: &str) {
    confirm(m, f, area, T::UndoTitle, question.to_string());
}

/// A yes-or-no question the model put (`app::Ask`).
pub fn ask(m: &Model, f: &mut Frame, area: Rect, ask: &crate::app::Ask) {
    confirm(m, f, area, ask.title, ask.question.clone());
}

fn confirm(m: &Model, f: &mut Frame, area: Rect, title: T, message: String) {
    let w = area.width.saturating_sub(4).min(64);
    let body_lines = text::wrap(&message, usize::from(w.saturating_sub(2))).len() as u16;
    let rect = centered(area, w, body_lines + 4);
    let block = Block::bordered()
        .title(format!(" {} ", m.t(title)))
        .border_style(m.theme.focus_border());
    let lines = vec![
        Line::raw(message),
        Line::raw(""),
        answer_line(m, Context::Confirm),
    ];
    f.render_widget(Clear, rect);
    f.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(block),
        rect,
    );
}

pub fn reason(m: &Model, f: &mut Frame, area: Rect, why: ReasonFor, ed: &TextEditor) {
    let entry_id = |i: usize| {
        m.contest
            .entries
            .get(i)
            .map(|e| e.id.as_str())
            .unwrap_or("")
    };
    let (message, title) = match why {
        ReasonFor::Reopen => {
            let Some(s) = &m.sheet else { return };
            (
                T::ConfirmReopen.with(m.lang, &[&entry_id(s.entry)]),
                T::ReopenTitle,
            )
        }
        ReasonFor::Recuse(i) => (
            T::ConfirmRecuse.with(m.lang, &[&entry_id(i)]),
            T::RecuseTitle,
        ),
        ReasonFor::Assign => (m.t(T::AssignPrompt).to_string(), T::AssignTitle),
        ReasonFor::Remind(i) => {
            let who = m
                .contest
                .judges
                .get(i)
                .map(|j| format!("{} {}", j.id, j.name))
                .unwrap_or_default();
            (T::RemindPrompt.with(m.lang, &[&who]), T::RemindTitle)
        }
        ReasonFor::UndoSubmit(i) => (
            T::UndoSubmitReason.with(m.lang, &[&entry_id(i)]),
            T::UndoTitle,
        ),
    };
    let w = area.width.saturating_sub(4).min(64);
    let inner_w = w.saturating_sub(2);
    let body_lines = text::wrap(&message, usize::from(inner_w)).len() as u16;
    let rect = centered(area, w, body_lines + 5);
    let block = Block::bordered()
        .title(format!(" {} ", m.t(title)))
        .border_style(m.theme.focus_border());
    let inner = block.inner(rect);
    let layout = ed.layout(u16::MAX);
    let room = usize::from(inner_w.saturating_sub(2));
    let (shown, at) = text::scroll_to_cursor(ed.text(), usize::from(layout.cursor_col), room);
    let lines = vec![
        Line::raw(message.clone()),
        Line::styled(format!("> {}", text::pad(&shown, room)), m.theme.input()),
        Line::raw(""),
        answer_line(m, Context::Prompt),
    ];
    f.render_widget(Clear, rect);
    f.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(block),
        rect,
    );
    let x = inner.x + 2 + at as u16;
    let y = inner.y + body_lines;
    if x < inner.right() && y < inner.bottom() {
        f.set_cursor_position(Position::new(x, y));
    }
}
