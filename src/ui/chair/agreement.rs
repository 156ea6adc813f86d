//! The Agreement screen: Kendall's W, leniency and what changes without one member.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::frame;
use super::rankings::verdict_text;
use crate::app::Model;
use crate::domain::agreement::NoW;
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
                &[
                    &crate::domain::format::two(w, m.lang),
                    &m.t(level),
                    &a.common_entries,
                ],
            )
        }
        (None, Some(why)) => {
            let why = match why {
                NoW::FewMembers => T::NoWFewMembers,
                NoW::FewCommonEntries => T::NoWFewCommonEntries,
                NoW::AllTied => T::NoWAllTied,
            };
            T::KendallUndefined.with(m.lang, &[&m.t(why)])
        }
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
    let per_cell = points_per_cell(m.contest.rubric.max_total().as_f64());
    for j in &a.judges {
        let name = m
            .contest
            .judge(&j.judge)
            .map(|x| x.name.clone())
            .unwrap_or_default();
        let (left, right) = bar(j.leniency, per_cell);
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
    // The scale under the bars, in points, the same for every contest round.
    let end = per_cell * HALF as f64;
    lines.push(Line::styled(
        format!(
            " {}{:<half$}0{:>half$}",
            text::pad(
                &T::LeniencyCell.with(m.lang, &[&points(per_cell)]),
                BAR_AT - 1
            ),
            format!("-{}", points(end)),
            format!("+{}", points(end)),
            half = HALF,
        ),
        m.theme.dim(),
    ));
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
            let ranges = T::RankRanges.with(m.lang, &[&moving.join(", ")]);
            for l in text::wrap(&ranges, width) {
                lines.push(Line::raw(format!(" {l}")));
            }
        }
    }
    f.render_widget(Paragraph::new(lines).scroll((m.chair.scroll, 0)), body);
}

/// Cells on each side of the leniency axis.
const HALF: usize = 10;
/// The column the bars start at, after the member and their figures.
const BAR_AT: usize = 58;

/// Points one bar cell stands for: a round figure near a hundredth of the
/// rubric's maximum, fixed for the contest, so ±0.4 never draws like ±6.
fn points_per_cell(max_total: f64) -> f64 {
    let raw = max_total / 100.0;
    [0.1, 0.2, 0.5, 1.0, 2.0, 5.0, 10.0, 20.0, 50.0]
        .into_iter()
        .find(|&step| step >= raw)
        .unwrap_or(100.0)
}

/// A figure of points without trailing zeros: 1, 0.5, 10.
fn points(p: f64) -> String {
    let s = format!("{p:.1}");
    s.strip_suffix(".0").map(str::to_string).unwrap_or(s)
}

/// The left (harsh) and right (lenient) halves of a member's bar. A lean
/// under half a cell still shows a thin tick, and one past the scale ends
/// in an arrow.
fn bar(leniency: f64, per_cell: f64) -> (String, String) {
    let cells = (leniency.abs() / per_cell).round() as usize;
    let over = cells > HALF;
    let cells = cells.min(HALF);
    let blank = " ".repeat(HALF);
    if leniency.abs() < 1e-9 {
        return (blank.clone(), blank);
    }
    if leniency < 0.0 {
        let fill = match (cells, over) {
            (0, _) => "▕".to_string(),
            (n, true) => format!("◀{}", "█".repeat(n - 1)),
            (n, false) => "█".repeat(n),
        };
        (text::pad_left(&fill, HALF), blank)
    } else {
        let fill = match (cells, over) {
            (0, _) => "▏".to_string(),
            (n, true) => format!("{}▶", "█".repeat(n - 1)),
            (n, false) => "█".repeat(n),
        };
        (blank, text::pad(&fill, HALF))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_scale_is_fixed_so_small_leans_draw_small() {
        let per = points_per_cell(100.0);
        assert_eq!(per, 1.0);
        let (_, small) = bar(0.4, per);
        let (_, big) = bar(6.0, per);
        assert_eq!(small.trim_end(), "▏");
        assert_eq!(big.trim_end(), "██████");
        let (harsh, _) = bar(-30.0, per);
        assert_eq!(harsh, "◀█████████");
    }
}
