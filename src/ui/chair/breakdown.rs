//! One entry's breakdown: each member's points per criterion and how the score is made.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{frame, recused};
use crate::app::Model;
use crate::app::chair::furthest;
use crate::domain::{SheetKey, SheetState};
use crate::i18n::T;
use crate::ui::text;

pub fn breakdown(m: &Model, f: &mut Frame, area: Rect) {
    let Some(position) = m.chair.breakdown else {
        return;
    };
    let e = &m.contest.entries[position];
    let row = m
        .chair
        .ranking
        .as_ref()
        .and_then(|r| r.rows.iter().find(|x| x.position == position));
    let hidden = recused(m, &e.id);
    let facts = vec![Span::styled(
        format!(" {} · {}", e.id, e.title),
        m.theme.heading(),
    )];
    let body = frame(m, f, area, Line::from(facts));
    if hidden {
        f.render_widget(
            Paragraph::new(Line::styled(
                format!(" ⊘ {}", T::RecusedFrom.with(m.lang, &[&e.id])),
                m.theme.dim(),
            )),
            body,
        );
        return;
    }
    // Members with a sheet for the entry, or expected to mark it.
    let judges: Vec<&crate::domain::Judge> = m
        .contest
        .judges
        .iter()
        .filter(|j| {
            m.contest
                .sheet(&SheetKey::new(&m.round, &e.id, &j.id))
                .is_some()
                || m.contest
                    .expected_judges(&m.round, &e.id)
                    .any(|x| x.id == j.id)
        })
        .collect();
    let name_cols = m
        .contest
        .rubric
        .criteria
        .iter()
        .map(|c| text::width(c.name.get(m.lang)))
        .max()
        .unwrap_or(8)
        .clamp(8, 22);
    let mut lines = Vec::new();
    if let Some(r) = row {
        lines.push(Line::raw(format!(
            " {} {} ({}) · {} {} · {} {}",
            m.t(T::ColScore),
            r.score
                .map(|s| format!("{s:.2}"))
                .unwrap_or_else(|| "–".into()),
            m.chair.method.name(),
            m.t(T::RepRank),
            r.rank.map(|x| x.to_string()).unwrap_or_else(|| "–".into()),
            m.t(T::ColSpread),
            r.spread
                .map(|s| format!("{s:.2}"))
                .unwrap_or_else(|| "–".into()),
        )));
    }
    if let Some((j, d)) = row.and_then(|r| furthest(&r.totals)) {
        let name = m
            .contest
            .judge(&j)
            .map(|x| x.name.clone())
            .unwrap_or_else(|| j.clone());
        lines.push(Line::styled(
            format!(
                " {}",
                T::FurthestFrom.with(m.lang, &[&format!("{j} {name}"), &format!("{d:+.1}")])
            ),
            m.theme.key(),
        ));
    }
    let mut head = format!(" {}", text::pad(m.t(T::Criterion), name_cols));
    for j in &judges {
        head.push_str(&text::pad_left(&j.id, 8));
    }
    head.push_str(&text::pad_left(m.t(T::Mean), 9));
    lines.push(Line::styled(head, m.theme.heading()));
    let sheets: Vec<Option<&crate::domain::Sheet>> = judges
        .iter()
        .map(|j| m.contest.sheet(&SheetKey::new(&m.round, &e.id, &j.id)))
        .collect();
    for (i, c) in m.contest.rubric.criteria.iter().enumerate() {
        let mut l = format!(" {}", text::pad(c.name.get(m.lang), name_cols));
        for s in &sheets {
            l.push_str(&text::pad_left(
                &s.and_then(|s| s.marks.get(i))
                    .map(|p| p.to_string())
                    .unwrap_or_else(|| "·".into()),
                8,
            ));
        }
        let mean = row
            .and_then(|r| r.criteria.get(i).copied().flatten())
            .map(|x| format!("{x:.2}"))
            .unwrap_or_default();
        l.push_str(&text::pad_left(&mean, 9));
        lines.push(Line::raw(l));
    }
    let mut total = format!(" {}", text::pad(m.t(T::Total), name_cols));
    for s in &sheets {
        total.push_str(&text::pad_left(
            &s.map(|s| s.total().to_string())
                .unwrap_or_else(|| "·".into()),
            8,
        ));
    }
    total.push_str(&text::pad_left(
        &row.and_then(|r| r.score)
            .map(|x| format!("{x:.2}"))
            .unwrap_or_default(),
        9,
    ));
    lines.push(Line::styled(total, m.theme.heading()));
    let mut states = format!(" {}", text::pad(m.t(T::ColState), name_cols));
    for s in &sheets {
        let mark = match s.map(|s| s.state) {
            Some(SheetState::Submitted) => "✓",
            Some(SheetState::Draft) => "○",
            None => "·",
        };
        states.push_str(&text::pad_left(mark, 8));
    }
    lines.push(Line::raw(states));
    lines.push(Line::raw(""));
    lines.push(Line::styled(format!(" {}", m.t(T::Note)), m.theme.key()));
    let width = usize::from(body.width).saturating_sub(2);
    for j in &judges {
        if let Some(n) = m
            .contest
            .note(&SheetKey::new(&m.round, &e.id, &j.id))
            .filter(|n| !n.text.trim().is_empty())
        {
            let head = format!(" {} {}: ", j.id, j.name);
            let wrapped = text::wrap(&n.text, width.saturating_sub(text::width(&head)).max(10));
            for (k, w) in wrapped.into_iter().enumerate() {
                let lead = if k == 0 {
                    head.clone()
                } else {
                    " ".repeat(text::width(&head))
                };
                lines.push(Line::from(vec![
                    Span::styled(lead, m.theme.dim()),
                    Span::raw(w),
                ]));
            }
        }
    }
    f.render_widget(Paragraph::new(lines).scroll((m.chair.scroll, 0)), body);
}
