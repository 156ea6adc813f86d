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
        let from: Vec<&str> = r.totals.iter().map(|(j, _)| &**j).collect();
        lines.push(Line::raw(format!(
            " {} {} ({}) · {} {} · {} {}",
            m.t(T::ColScore),
            r.score
                .map(|s| format!("{s:.2}"))
                .unwrap_or_else(|| "–".into()),
            crate::i18n::method(m.chair.method, m.lang),
            m.t(T::RepRank),
            r.rank.map(|x| x.to_string()).unwrap_or_else(|| "–".into()),
            m.t(T::ColSpread),
            r.spread
                .map(|s| format!("{s:.2}"))
                .unwrap_or_else(|| "–".into()),
        )));
        // Which sheets the score is computed from, so none is taken on trust.
        lines.push(Line::styled(
            format!(
                " {}",
                T::ComputedFrom.with(m.lang, &[&from.len(), &from.join(", ")])
            ),
            m.theme.dim(),
        ));
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
    let sheets: Vec<Option<&crate::domain::Sheet>> = judges
        .iter()
        .map(|j| m.contest.sheet(&SheetKey::new(&m.round, &e.id, &j.id)))
        .collect();
    // A recused member's column is marked and greyed: their sheet is not counted.
    let out: Vec<bool> = judges
        .iter()
        .map(|j| m.contest.is_recused(&j.id, &e.id))
        .collect();
    let column = |k: usize, text: String| {
        if out[k] {
            Span::styled(text::pad_left(&text, 8), m.theme.dim())
        } else {
            Span::raw(text::pad_left(&text, 8))
        }
    };
    let mut head = vec![Span::raw(format!(
        " {}",
        text::pad(m.t(T::Criterion), name_cols)
    ))];
    for (k, j) in judges.iter().enumerate() {
        let id = if out[k] {
            format!("⊘{}", j.id)
        } else {
            j.id.clone()
        };
        head.push(column(k, id));
    }
    head.push(Span::raw(text::pad_left(m.t(T::Mean), 9)));
    lines.push(Line::from(head).style(m.theme.heading()));
    for (i, c) in m.contest.rubric.criteria.iter().enumerate() {
        let mut l = vec![Span::raw(format!(
            " {}",
            text::pad(c.name.get(m.lang), name_cols)
        ))];
        for (k, s) in sheets.iter().enumerate() {
            l.push(column(
                k,
                s.and_then(|s| s.marks.get(i))
                    .map(|p| p.to_string())
                    .unwrap_or_else(|| "·".into()),
            ));
        }
        let mean = row
            .and_then(|r| r.criteria.get(i).copied().flatten())
            .map(|x| format!("{x:.2}"))
            .unwrap_or_default();
        l.push(Span::raw(text::pad_left(&mean, 9)));
        lines.push(Line::from(l));
    }
    // The Total row holds only what counts; drafts and recused sheets go
    // below it, marked, so no partial total reads as a counted one.
    let counted = |k: usize, s: &crate::domain::Sheet| !out[k] && s.is_submitted();
    let mut total = format!(" {}", text::pad(m.t(T::Total), name_cols));
    let mut aside = format!(" {}", text::pad(m.t(T::NotCounted), name_cols));
    let mut any_aside = false;
    for (k, s) in sheets.iter().enumerate() {
        let (here, there) = match s {
            Some(s) if counted(k, s) => (s.total().to_string(), String::new()),
            Some(s) => {
                any_aside = true;
                let mark = if out[k] { "⊘" } else { "○" };
                ("–".to_string(), format!("{mark}{}", s.total()))
            }
            None => ("·".to_string(), String::new()),
        };
        total.push_str(&text::pad_left(&here, 8));
        aside.push_str(&text::pad_left(&there, 8));
    }
    total.push_str(&text::pad_left(
        &row.and_then(|r| r.score)
            .map(|x| format!("{x:.2}"))
            .unwrap_or_default(),
        9,
    ));
    lines.push(Line::styled(total, m.theme.heading()));
    if any_aside {
        lines.push(Line::styled(aside, m.theme.dim()));
    }
    let mut states = vec![Span::raw(format!(
        " {}",
        text::pad(m.t(T::ColState), name_cols)
    ))];
    for (k, s) in sheets.iter().enumerate() {
        let mark = match s.map(|s| s.state) {
            _ if out[k] => "⊘",
            Some(SheetState::Submitted) => "✓",
            Some(SheetState::Draft) => "○",
            None => "·",
        };
        states.push(column(k, mark.to_string()));
    }
    lines.push(Line::from(states));
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
