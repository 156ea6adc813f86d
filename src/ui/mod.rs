//! Drawing: pure functions of the model.

mod chair;
mod entries;
mod help;
mod meeting;
mod merge;
mod note;
mod overlay;
mod picker;
mod reader;
mod remark;
mod sheet;
pub mod text;
pub mod theme;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::app::{Model, Overlay, Screen, Tone};
use crate::i18n::T;
use crate::input::keymap;

/// Below this the screens cannot be laid out; a notice is shown instead.
pub const MIN_WIDTH: u16 = 50;
pub const MIN_HEIGHT: u16 = 12;

pub fn view(m: &Model, f: &mut Frame) {
    let area = f.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        too_small(m, f, area);
        return;
    }
    if crate::app::reader::full_screen(m) {
        reader::view(m, f, area);
    } else if crate::app::reader::beside(m) {
        let cols = crate::app::reader::sheet_cols(area.width);
        let [left, right] = ratatui::layout::Layout::horizontal([
            ratatui::layout::Constraint::Length(cols),
            ratatui::layout::Constraint::Min(1),
        ])
        .areas(area);
        match m.screen {
            Screen::Note => note::view(m, f, left),
            _ => sheet::view(m, f, left),
        }
        reader::pane(m, f, right);
        // One bottom line across both, so a message is never cut at the divider.
        let bottom = Rect {
            y: area.bottom().saturating_sub(1),
            height: 1,
            ..area
        };
        f.render_widget(ratatui::widgets::Clear, bottom);
        status_line(m, f, bottom);
    } else {
        screen(m, f, area);
    }
    overlays(m, f, area);
    if m.theme.ascii {
        // One pass over what was drawn, so no screen can forget a mark.
        let buf = f.buffer_mut();
        for cell in buf.content.iter_mut() {
            if let Some(plain) = theme::Palette::plain_mark(cell.symbol()) {
                cell.set_symbol(plain);
            }
        }
    }
}

fn screen(m: &Model, f: &mut Frame, area: Rect) {
    match m.screen {
        Screen::Picker => picker::view(m, f, area),
        Screen::Entries => entries::view(m, f, area),
        Screen::Sheet => sheet::view(m, f, area),
        Screen::Note => note::view(m, f, area),
        Screen::Rankings => chair::rankings(m, f, area),
        Screen::Breakdown => chair::breakdown(m, f, area),
        Screen::Progress => chair::progress(m, f, area),
        Screen::Agreement => chair::agreement(m, f, area),
        Screen::Conflicts => chair::conflicts(m, f, area),
        Screen::Audit => chair::audit(m, f, area),
        Screen::Meeting => meeting::view(m, f, area),
    }
}

fn overlays(m: &Model, f: &mut Frame, area: Rect) {
    match &m.overlay {
        Some(Overlay::Help { scroll }) => help::view(m, f, area, *scroll),
        Some(Overlay::ConfirmSubmit) => overlay::confirm_submit(m, f, area),
        Some(Overlay::ConfirmPublish(published)) => {
            overlay::confirm_publish(m, f, area, *published)
        }
        Some(Overlay::DiscardRefused(_)) => overlay::confirm_discard(m, f, area),
        Some(Overlay::ConfirmUndo { question, .. }) => overlay::confirm_undo(m, f, area, question),
        Some(Overlay::Ask(ask)) => overlay::ask(m, f, area, ask),
        Some(Overlay::ConfirmCouncil { question, .. }) => {
            overlay::confirm_council(m, f, area, question)
        }
        Some(Overlay::CellDetail { judge, entry }) => chair::cell_detail(m, f, area, judge, entry),
        Some(Overlay::AuditDetail { seq, scroll }) => {
            chair::audit_detail(m, f, area, *seq, *scroll)
        }
        Some(Overlay::ChooseMarker {
            entry,
            candidates,
            selected,
        }) => overlay::choose_marker(m, f, area, entry, candidates, *selected),
        Some(Overlay::Reason(why, ed)) => overlay::reason(m, f, area, *why, ed),
        Some(Overlay::Remark(r)) => remark::editor(m, f, area, r),
        Some(Overlay::Annotations { entry, selected }) => {
            remark::list(m, f, area, entry, *selected)
        }
        Some(Overlay::Merge { target, scroll }) => merge::view(m, f, area, *target, *scroll),
        None => {}
    }
}

fn too_small(m: &Model, f: &mut Frame, area: Rect) {
    let lines = vec![
        Line::styled(m.t(T::TooSmall), m.theme.error()),
        Line::raw(T::TooSmallHint.with(
            m.lang,
            &[&MIN_WIDTH, &MIN_HEIGHT, &area.width, &area.height],
        )),
    ];
    f.render_widget(
        Paragraph::new(lines).wrap(ratatui::widgets::Wrap { trim: true }),
        area,
    );
}

/// The bottom line: the last message, or the keys that work here.
fn status_line(m: &Model, f: &mut Frame, area: Rect) {
    if let Some(status) = &m.status {
        let style = match status.tone {
            Tone::Error => m.theme.error(),
            Tone::Success => m.theme.success(),
            Tone::Info => ratatui::style::Style::new(),
        };
        f.render_widget(
            Paragraph::new(Line::styled(
                text::fit(&status.text, area.width.into()),
                style,
            )),
            area,
        );
        return;
    }
    f.render_widget(Paragraph::new(hints_line(m, area.width)), area);
}

/// `key description` pairs from the keymap, as many as fit, with the way
/// to the full help always at the right.
fn hints_line(m: &Model, width: u16) -> Line<'static> {
    let help = format!("? {}", m.t(T::CmdHelp));
    let width = usize::from(width).saturating_sub(text::width(&help) + 1);
    let mut spans = Vec::new();
    let mut used = 0usize;
    let submitted =
        m.context() == keymap::Context::Sheet && m.sheet.as_ref().is_some_and(|s| s.is_submitted());
    let offered = if submitted {
        // Nothing left to score here: on to the next entry, or reopen.
        let order = [
            keymap::Command::NextUnsubmitted,
            keymap::Command::Reopen,
            keymap::Command::NextEntry,
            keymap::Command::BackToList,
        ];
        order
            .iter()
            .filter_map(|c| {
                keymap::BINDINGS
                    .iter()
                    .find(|b| b.context == keymap::Context::Sheet && b.command == *c)
            })
            .collect()
    } else {
        keymap::hints(m.context())
    };
    let mut shown: Vec<(String, String, bool)> = offered
        .into_iter()
        .filter(|b| b.command != keymap::Command::Help && m.may_use(b.command))
        .map(|b| {
            (
                keymap::first_key_label(b),
                b.describe().get(m.lang).to_string(),
                b.command.kept_in_bar(),
            )
        })
        .collect();
    if m.context() == keymap::Context::Sheet && crate::app::reader::beside(m) {
        // `Tab` goes to the text beside the sheet rather than the next criterion.
        let to_text = ("Tab".to_string(), m.t(T::CmdSwitchFocus).to_string(), false);
        shown.insert(shown.len().min(1), to_text);
    }
    for (key, desc) in fit_hints(shown, width) {
        used += text::width(&key) + 1 + text::width(&desc) + 2;
        spans.push(Span::styled(key, m.theme.key()));
        spans.push(Span::raw(format!(" {desc}  ")));
    }
    if !m.context().takes_text() {
        spans.push(Span::raw(" ".repeat(width - used)));
        spans.push(Span::styled("?", m.theme.key()));
        spans.push(Span::raw(format!(" {}", m.t(T::CmdHelp))));
    }
    Line::from(spans)
}

/// The key bar's `(key, label, kept)` pairs, in order, fitted to `width`
/// columns: first every label shortened to its first clause, then the
/// least important of the pairs not `kept` dropped from the end.
fn fit_hints(mut hints: Vec<(String, String, bool)>, width: usize) -> Vec<(String, String)> {
    let cost = |h: &[(String, String, bool)]| -> usize {
        h.iter()
            .map(|(k, d, _)| text::width(k) + 1 + text::width(d) + 2)
            .sum()
    };
    if cost(&hints) > width {
        for (_, desc, _) in &mut hints {
            let cut = desc.find([',', '(']).unwrap_or(desc.len());
            *desc = desc[..cut].trim_end().to_string();
        }
    }
    while cost(&hints) > width {
        match hints.iter().rposition(|(_, _, kept)| !kept) {
            Some(i) => {
                hints.remove(i);
            }
            None => {
                hints.pop();
            }
        }
    }
    hints.into_iter().map(|(k, d, _)| (k, d)).collect()
}

/// The title bar: contest on the left, the member on the right.
fn title_bar(m: &Model, f: &mut Frame, area: Rect, left: &str) {
    let who = m
        .me_judge()
        .map(|j| {
            let role = crate::i18n::role_title(j);
            format!("{} · {} · ", j.name, m.t(role))
        })
        .unwrap_or_default();
    let place = if m.on_server { T::OnServer } else { T::OnLocal };
    let who = format!("{who}{} ", m.t(place));
    let who = if m.online {
        who
    } else {
        format!("⚠ {} · {who}", m.t(T::Offline))
    };
    let room = usize::from(area.width).saturating_sub(text::width(&who) + 2);
    let line = format!(" {} {}", text::pad(left, room.saturating_sub(1)), who);
    f.render_widget(
        Paragraph::new(Line::styled(
            text::pad(&line, area.width.into()),
            m.theme.title(),
        )),
        area,
    );
}

/// A rectangle of `w`×`h` centred in `area`, clamped to it.
pub(crate) fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    }
}
