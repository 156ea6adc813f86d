//! The chair's screens: rankings, one entry's breakdown, progress,
//! agreement, conflicts of interest and the audit trail.

mod agreement;
mod audit;
mod breakdown;
mod conflicts;
mod progress;
mod rankings;

pub use agreement::agreement;
pub use audit::{audit, audit_detail};
pub use breakdown::breakdown;
pub use conflicts::conflicts;
pub use progress::{cell_detail, progress};
pub use rankings::rankings;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{status_line, text, title_bar};
use crate::app::{Model, Screen};
use crate::i18n::T;

/// The five screens as tabs, the current one highlighted. Where the line
/// does not fit, labels shorten and gaps close before anything is cut.
fn tabs(m: &Model, f: &mut Frame, area: Rect) {
    let full = [
        (Screen::Rankings, T::TabRankings),
        (Screen::Progress, T::TabProgress),
        (Screen::Agreement, T::TabAgreement),
        (Screen::Conflicts, T::TabConflicts),
        (Screen::Audit, T::TabAudit),
    ];
    let short = [
        (Screen::Rankings, T::TabRankings),
        (Screen::Progress, T::TabProgress),
        (Screen::Agreement, T::TabAgreementShort),
        (Screen::Conflicts, T::TabConflictsShort),
        (Screen::Audit, T::TabAudit),
    ];
    let here = if m.screen == Screen::Breakdown {
        Screen::Rankings
    } else {
        m.screen
    };
    let state = if m.contest.published {
        T::Published
    } else {
        T::NotPublished
    };
    let whole = format!("· {} · {}", round_name(m), m.t(state));
    let round_only = format!("· {}", round_name(m));
    let width_of = |labels: &[(Screen, T)], gap: usize, tail: &str| {
        1 + labels
            .iter()
            .map(|(_, l)| text::width(m.t(*l)) + 2 + gap)
            .sum::<usize>()
            + text::width(tail)
    };
    let room = usize::from(area.width);
    // Shorter labels, then closer tabs, then the round alone (its state is
    // on the publish key's question too) before anything is cut.
    let (labels, gap, tail) = [
        (&full, 1, &whole),
        (&short, 1, &whole),
        (&short, 0, &whole),
        (&short, 0, &round_only),
    ]
    .into_iter()
    .find(|(labels, gap, tail)| width_of(labels.as_slice(), *gap, tail) <= room)
    .unwrap_or((&short, 0, &round_only));
    let tail = tail.clone();
    let mut spans = vec![Span::raw(" ")];
    for (screen, label) in labels {
        let style = if *screen == here {
            m.theme.selected()
        } else {
            m.theme.dim()
        };
        spans.push(Span::styled(format!(" {} ", m.t(*label)), style));
        spans.push(Span::raw(" ".repeat(gap)));
    }
    spans.push(Span::styled(tail, m.theme.dim()));
    f.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// The name of the round shown: a closed one the chair looks back at is
/// marked as such on the screens computed from it (Rankings, breakdowns,
/// Agreement).
pub(super) fn round_name(m: &Model) -> String {
    let back = matches!(
        m.screen,
        Screen::Rankings | Screen::Breakdown | Screen::Agreement
    ) && crate::app::chair::looking_back(m);
    let id = if back {
        crate::app::chair::shown_round(m)
    } else {
        &m.round
    };
    let name = m
        .contest
        .round(id)
        .map(|r| r.name.get(m.lang).to_string())
        .unwrap_or_else(|| id.to_string());
    if back {
        T::ClosedRoundName.with(m.lang, &[&name])
    } else {
        name
    }
}

/// Title, tabs, a line of facts, the body, and the status line.
pub(super) fn frame(m: &Model, f: &mut Frame, area: Rect, facts: Line) -> Rect {
    let [top, tab, fact, body, status] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(1),
    ])
    .areas(area);
    title_bar(m, f, top, &m.contest.meta.title);
    tabs(m, f, tab);
    f.render_widget(Paragraph::new(facts), fact);
    status_line(m, f, status);
    body
}

/// The width of the prize column on the Rankings screen.
const AWARD_COLS: usize = 14;

/// A prize's name, or its short form ("KK") when the name would not fit
/// the prize column.
pub(super) fn award_name(m: &Model, id: &str) -> String {
    let Some(a) = m.contest.awards.iter().find(|a| a.id == id) else {
        return id.to_string();
    };
    let name = a.name.get(m.lang);
    match &a.short {
        Some(short) if text::width(name) > AWARD_COLS && !short.get(m.lang).is_empty() => {
            short.get(m.lang).to_string()
        }
        _ => name.to_string(),
    }
}

pub(super) fn recused(m: &Model, entry: &str) -> bool {
    m.me.as_deref()
        .is_some_and(|me| m.contest.is_recused(me, entry))
}
