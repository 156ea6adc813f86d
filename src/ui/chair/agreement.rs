//! The Agreement screen: Kendall's W, leniency and what changes without one member.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::frame;
use super::rankings::verdict_text;
use crate::app::Model;
use crate::i18n::T;
use crate::ui::text;

pub fn agreement(m: &Model, f: &mut Frame, area: Rect) {
    let Some(a) = &m.chair.agreement else { return };
    let w = match (a.kendall_w, &a.w_undefined) {
        (Some(w), _) => {
            let level = if w >= 0.7 {
                T::WStrong
            } else if w >= 0.3 {
                T::WModerate
            } else {
                T::WWeak
            };
            T::KendallW.with(
                m.lang,
                &[&format!("{w:.2}"), &m.t(level), &a.common_entries],
            )
        }
        (None, Some(why)) => T::KendallUndefined.with(m.lang, &[why]),
        (None, None) => String::new(),
    };
    let body = frame(m, f, area, Line::raw(format!(" {w}")));
    let mut lines = vec![Line::styled(
        format!(
            " {} {:>6} {:>7} {:>6} {:>8}  {}",
            text::pad(m.t(T::Member), 24),
            m.t(T::ColSheets),
            m.t(T::Mean),
            m.t(T::Sd),
            m.t(T::Leniency),
            m.t(T::LeniencyScale)
        ),
        m.theme.heading(),
    )];
    let max = a
        .judges
        .iter()
        .map(|j| j.leniency.abs())
        .fold(0.0f64, f64::max)
        .max(1e-9);
    const HALF: usize = 10;
    for j in &a.judges {
        let name = m
            .contest
            .judge(&j.judge)
            .map(|x| x.name.clone())
            .unwrap_or_default();
        let cells = ((j.leniency.abs() / max) * HALF as f64).round() as usize;
        let (left, right) = if j.leniency < 0.0 {
            (
                format!("{}{}", " ".repeat(HALF - cells), "█".repeat(cells)),
                " ".repeat(HALF),
            )
        } else {
            (
                " ".repeat(HALF),
                format!("{}{}", "█".repeat(cells), " ".repeat(HALF - cells)),
            )
        };
        lines.push(Line::from(vec![
            Span::raw(format!(
                " {} {:>6} {:>7.2} {:>6.2} {:>+8.2}  ",
                text::pad(&format!("{} {name}", j.judge), 24),
                j.sheets,
                j.mean,
                j.sd,
                j.leniency
            )),
            Span::styled(left, m.theme.draft()),
            Span::raw("│"),
            Span::styled(right, m.theme.submitted()),
        ]));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        format!(" {}", m.t(T::Robustness)),
        m.theme.key(),
    ));
    let width = usize::from(body.width).saturating_sub(2);
    for l in text::wrap(&verdict_text(m), width) {
        lines.push(Line::raw(format!(" {l}")));
    }
    if let Some(r) = &m.chair.robustness {
        let moving: Vec<String> = r
            .rows
            .iter()
            .filter(|x| x.range.is_some_and(|(a, b)| a != b))
            .take(8)
            .map(|x| {
                let (a, b) = x.range.unwrap_or((0, 0));
                format!("{} {a}–{b}", x.entry)
            })
            .collect();
        if !moving.is_empty() {
            lines.push(Line::raw(format!(
                " {}",
                T::RankRanges.with(m.lang, &[&moving.join(", ")])
            )));
        }
    }
    f.render_widget(Paragraph::new(lines).scroll((m.chair.scroll, 0)), body);
}
