//! The key help, generated from the keymap that handles the keys.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use super::{centered, text};
use crate::app::Model;
use crate::domain::change::Target;
use crate::i18n::T;
use crate::input::keymap::{self, Context};

pub fn view(m: &Model, f: &mut Frame, area: Rect, scroll: u16) {
    // Help describes the screen under it, not itself.
    let under = m.screen_context();
    let mut lines = Vec::new();
    // A draft waiting for a choice after a stale save: the merge keys come first.
    if m.waits_for_choice(Target::Note) || m.waits_for_choice(Target::Sheet) {
        let merge = keymap::BINDINGS
            .iter()
            .filter(|b| b.context == Context::Merge)
            .collect();
        lines.extend(lines_of(m, merge));
        lines.push(Line::raw(""));
    }
    lines.extend(help_lines(m, under));
    if under == Context::Entries {
        lines.push(Line::raw(""));
        lines.extend(field_legend(m));
    }
    if matches!(
        under,
        Context::Rankings | Context::Breakdown | Context::Figures
    ) {
        lines.push(Line::raw(""));
        lines.extend(figures_explained(
            m,
            usize::from(area.width.saturating_sub(8).min(72)),
        ));
    }
    let w = (area.width.saturating_sub(4)).min(76);
    let h = (lines.len() as u16 + 2).min(area.height.saturating_sub(2));
    let rect = centered(area, w, h);
    let block = Block::bordered()
        .title(format!(" {} — {} ", m.t(T::HelpTitle), m.t(under.title())))
        .title_bottom(
            Line::styled(format!(" {} ", m.t(T::HelpFooter)), m.theme.dim()).right_aligned(),
        )
        .border_style(m.theme.focus_border());
    f.render_widget(Clear, rect);
    f.render_widget(Paragraph::new(lines).block(block).scroll((scroll, 0)), rect);
}

/// The reform areas' short names, as the list shows them, and their full names.
fn field_legend(m: &Model) -> Vec<Line<'static>> {
    let fields = m.list.fields();
    let cols = fields
        .iter()
        .map(|f| text::width(m.contest.field_short(f, m.lang)))
        .max()
        .unwrap_or(0);
    let mut lines = vec![Line::styled(
        format!(" {}", m.t(T::FieldLegend)),
        m.theme.heading(),
    )];
    for f in fields {
        lines.push(Line::from(vec![
            Span::styled(
                format!("  {} ", text::pad(m.contest.field_short(f, m.lang), cols)),
                m.theme.key(),
            ),
            Span::raw(m.contest.field_label(f, m.lang)),
        ]));
    }
    lines
}

/// What each flag, `x/y`, W and the robustness verdict mean, under the
/// keys of the chair's figure screens.
fn figures_explained(m: &Model, width: usize) -> Vec<Line<'static>> {
    use crate::domain::ranking::Flag;
    let mut lines = vec![Line::styled(
        format!(" {}", m.t(T::ExplainTitle)),
        m.theme.heading(),
    )];
    let flags = [
        Flag::Incomplete,
        Flag::Disagreement,
        Flag::BelowThreshold,
        Flag::QuotaTie,
        Flag::Tiebreak,
        Flag::Unscored,
    ];
    for flag in flags {
        // Exhaustive: a new flag cannot ship without its explanation.
        let (short, meaning) = match flag {
            Flag::Incomplete => (T::ShortIncomplete, T::ExplainIncomplete),
            Flag::Disagreement => (T::ShortDisagreement, T::ExplainDisagreement),
            Flag::BelowThreshold => (T::ShortBelow, T::ExplainBelow),
            Flag::QuotaTie => (T::ShortQuotaTie, T::ExplainQuotaTie),
            Flag::Tiebreak => (T::ShortTiebreak, T::ExplainTiebreak),
            Flag::Unscored => (T::ShortUnscored, T::ExplainUnscored),
        };
        let text = format!("{}: {}", m.t(short), m.t(meaning));
        for (i, l) in text::wrap(&text, width).into_iter().enumerate() {
            let indent = if i == 0 { "  " } else { "    " };
            lines.push(Line::raw(format!("{indent}{l}")));
        }
    }
    for what in [T::ExplainSheets, T::ExplainW, T::ExplainRobustness] {
        for (i, l) in text::wrap(m.t(what), width).into_iter().enumerate() {
            let indent = if i == 0 { "  " } else { "    " };
            lines.push(Line::raw(format!("{indent}{l}")));
        }
    }
    lines
}

/// One line per binding, grouped by context.
pub fn help_lines(m: &Model, context: Context) -> Vec<Line<'static>> {
    // A member is shown only what they can do; chair keys would only refuse.
    let chair = m.me_judge().is_some_and(|j| j.is_chair());
    let mut bindings = keymap::bindings_for(context);
    bindings.retain(|b| chair || !b.command.chair_only());
    lines_of(m, bindings)
}

fn lines_of(m: &Model, bindings: Vec<&keymap::Binding>) -> Vec<Line<'static>> {
    let key_cols = bindings
        .iter()
        .map(|b| text::width(&keymap::keys_label(b)))
        .max()
        .unwrap_or(8)
        .min(24);
    let mut lines = Vec::new();
    let mut last: Option<Context> = None;
    for b in bindings {
        if last != Some(b.context) {
            if last.is_some() {
                lines.push(Line::raw(""));
            }
            lines.push(Line::styled(
                format!(" {}", m.t(b.context.title())),
                m.theme.heading(),
            ));
            last = Some(b.context);
        }
        lines.push(Line::from(vec![
            Span::styled(
                format!("  {} ", text::pad(&keymap::keys_label(b), key_cols)),
                m.theme.key(),
            ),
            Span::raw(b.describe().get(m.lang).to_string()),
        ]));
    }
    lines
}
