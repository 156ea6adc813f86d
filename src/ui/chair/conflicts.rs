//! The Conflicts screen: proposed and confirmed recusals.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use super::frame;
use crate::app::Model;
use crate::app::chair::{ConflictKind, conflict_rows};
use crate::i18n::T;
use crate::ui::text;

pub fn conflicts(m: &Model, f: &mut Frame, area: Rect) {
    let rows = conflict_rows(m);
    let waiting = rows
        .iter()
        .filter(|r| r.kind == ConflictKind::Proposed)
        .count();
    let body = frame(
        m,
        f,
        area,
        Line::raw(format!(" {}", T::ConflictFacts.with(m.lang, &[&waiting]))),
    );
    let width = usize::from(body.width);
    let mut lines = vec![Line::styled(
        format!(
            " {} {} {} {}",
            text::pad(m.t(T::Kind), 12),
            text::pad(m.t(T::Member), 22),
            text::pad(m.t(T::ColTitle), 30),
            m.t(T::Reason)
        ),
        m.theme.heading(),
    )];
    for (i, r) in rows.iter().enumerate() {
        let kind = match r.kind {
            ConflictKind::Proposed => m.t(T::ConflictProposed),
            ConflictKind::Recused => m.t(T::StateRecused),
            ConflictKind::Dismissed => m.t(T::ConflictDismissed),
        };
        let member = m
            .contest
            .judge(&r.judge)
            .map(|j| format!("{} {}", j.id, j.name))
            .unwrap_or_else(|| r.judge.clone());
        let entry = m
            .contest
            .entry(&r.entry)
            .map(|e| format!("{} {}", e.id, e.title))
            .unwrap_or_else(|| r.entry.clone());
        let line = text::pad(
            &format!(
                " {} {} {} {}",
                text::pad(kind, 12),
                text::pad(&member, 22),
                text::pad(&entry, 30),
                r.reason
            ),
            width,
        );
        lines.push(if i == m.chair.conflicts_selected {
            Line::styled(line, m.theme.selected())
        } else if r.kind == ConflictKind::Proposed {
            Line::styled(line, m.theme.draft())
        } else {
            Line::raw(line)
        });
    }
    if rows.is_empty() {
        lines.push(Line::styled(
            format!(" {}", m.t(T::NoConflicts)),
            m.theme.dim(),
        ));
    }
    f.render_widget(Paragraph::new(lines), body);
}
