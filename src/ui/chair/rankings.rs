//! The Rankings screen: every entry's score, rank, prize and flags, and the robustness verdict.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{award_name, frame, recused};
use crate::app::Model;
use crate::app::chair::RankSort;
use crate::domain::format;
use crate::domain::ranking::{Flag, RankRow};
use crate::domain::robustness::AwardChange;
use crate::i18n::T;
use crate::ui::text;

/// The narrowest title column that still tells Vietnamese titles apart.
const MIN_TITLE_COLS: usize = 20;

pub fn rankings(m: &Model, f: &mut Frame, area: Rect) {
    let sort = match m.chair.sort {
        RankSort::Rank => m.t(T::SortRank),
        RankSort::Spread => m.t(T::SortSpread),
        RankSort::Id => m.t(T::SortId),
    };
    let w = m
        .chair
        .agreement
        .as_ref()
        .and_then(|a| a.kendall_w)
        .map(|w| format!("W {}", format::two(w, m.lang)))
        .unwrap_or_else(|| "W –".into());
    let facts = Line::from(vec![
        Span::styled(format!(" {}: ", m.t(T::MethodLabel)), m.theme.key()),
        Span::raw(crate::i18n::method(m.chair.method, m.lang)),
        Span::styled(format!("  {}: ", m.t(T::SortLabel)), m.theme.key()),
        Span::raw(sort),
        Span::raw(format!("  {w}")),
    ]);
    let facts = if crate::app::chair::looking_back(m) {
        let mut facts = facts;
        facts.spans.push(Span::styled(
            format!("  {}", m.t(T::ClosedRoundMark)),
            m.theme.draft(),
        ));
        facts
    } else {
        facts
    };
    let body = frame(m, f, area, facts);
    // The verdict wraps (up to three lines) rather than being cut mid-word.
    let verdict_lines = text::wrap(&verdict_text(m), usize::from(body.width).saturating_sub(2));
    let verdict_rows = verdict_lines.len().clamp(1, 3) as u16;
    let [head, list, verdict] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(verdict_rows),
    ])
    .areas(body);
    let width = usize::from(area.width);
    // The flags column as wide as its longest entry (a named tiebreak or
    // minimum), up to a third of the screen; the title takes the rest.
    let natural_flags = m
        .chair
        .rows()
        .iter()
        .map(|r| {
            text::width(&crate::report::flags::labelled(&m.contest, r, m.lang, false).join(" "))
        })
        .max()
        .unwrap_or(0)
        .clamp(16, (width / 3).max(16));
    // Entries must stay tellable apart: the title keeps at least
    // MIN_TITLE_COLS and the flags get what is left, cut with "…" (the
    // breakdown and `?` show them whole). Wide screens are unchanged.
    // The grade follows from the score; on a narrow screen it gives way
    // before the flags, which say what the chair must still settle.
    let grade_cols = match grade_width(m) {
        g if width >= 4 + 8 + 8 + 7 + 6 + 14 + 7 + MIN_TITLE_COLS + 16 + g => g,
        _ => 0,
    };
    let fixed = 4 + 8 + 8 + 7 + 6 + 14 + 7 + grade_cols;
    let title_cols = width
        .saturating_sub(fixed + natural_flags)
        .max(MIN_TITLE_COLS);
    // The row's own columns and separators take 50 (and the grade's); the
    // flags end where the line does, as they always did on wide screens.
    let flag_cols = width.saturating_sub(50 + grade_cols + title_cols);
    let header = format!(
        " {:>3} {} {} {:>7} {:>6} {:>5} {} {}{}",
        "#",
        text::pad(m.t(T::ColId), 7),
        text::pad(m.t(T::ColTitle), title_cols),
        m.t(T::ColScore),
        m.t(T::ColSpread),
        m.t(T::ColSheets),
        text::pad(m.t(T::ColAward), 14),
        grade_cell(m.t(T::ColGrade), grade_cols),
        m.t(T::ColFlags)
    );
    f.render_widget(
        Paragraph::new(Line::styled(text::fit(&header, width), m.theme.heading())),
        head,
    );
    let rows = m.chair.rows();
    let height = usize::from(list.height);
    let offset = m
        .chair
        .offset
        .min(m.chair.selected)
        .max(m.chair.selected.saturating_sub(height.saturating_sub(1)));
    let lines: Vec<Line> = rows
        .iter()
        .enumerate()
        .skip(offset)
        .take(height)
        .map(|(i, r)| {
            let line = ranking_line(m, r, title_cols, grade_cols, flag_cols);
            let line = text::pad(&line, width);
            if i == m.chair.selected {
                Line::styled(line, m.theme.selected())
            } else if r.has(Flag::Disagreement) || r.has(Flag::QuotaTie) {
                Line::styled(line, m.theme.draft())
            } else {
                Line::raw(line)
            }
        })
        .collect();
    f.render_widget(Paragraph::new(lines), list);
    let lines: Vec<Line> = verdict_lines
        .iter()
        .map(|l| Line::styled(format!(" {l}"), m.theme.dim()))
        .collect();
    f.render_widget(Paragraph::new(lines), verdict);
}

/// The xếp loại column, with its space, as wide as the longest grade; none
/// when the contest grades nothing.
fn grade_width(m: &Model) -> usize {
    let grades = &m.contest.rules.grades;
    if grades.is_empty() {
        return 0;
    }
    grades
        .iter()
        .map(|g| text::width(&g.name))
        .chain([text::width(m.t(T::ColGrade))])
        .max()
        .unwrap_or(0)
        + 1
}

fn grade_cell(name: &str, cols: usize) -> String {
    match cols {
        0 => String::new(),
        _ => format!("{} ", text::pad(name, cols - 1)),
    }
}

fn grade_of(m: &Model, r: &RankRow) -> String {
    crate::domain::grade::of(&m.contest.rules.grades, r.score)
        .map(|g| g.name.clone())
        .unwrap_or_default()
}

fn ranking_line(
    m: &Model,
    r: &RankRow,
    title_cols: usize,
    grade_cols: usize,
    flag_cols: usize,
) -> String {
    let e = &m.contest.entries[r.position];
    let expected = m
        .contest
        .expected_judges(crate::app::chair::shown_round(m), &e.id)
        .count();
    if recused(m, &e.id) {
        // The result, once published, but nothing of how it was reached.
        let r = if m.contest.published {
            r
        } else {
            &RankRow {
                rank: None,
                score: None,
                award: None,
                ..r.clone()
            }
        };
        return format!(
            " {:>3} {} {} {:>7} {:>6} {:>5} {} {}{}",
            r.rank.map(|x| x.to_string()).unwrap_or_default(),
            text::pad(&e.id, 7),
            text::pad(&e.title, title_cols),
            r.score
                .map(|s| format::two(s, m.lang))
                .unwrap_or_else(|| "–".into()),
            "–",
            "–",
            text::pad(
                &r.award
                    .as_deref()
                    .map(|a| award_name(m, a))
                    .unwrap_or_default(),
                14
            ),
            grade_cell(&grade_of(m, r), grade_cols),
            text::fit(&format!("⊘ {}", m.t(T::StateRecused)), flag_cols)
        );
    }
    // The same flags, ids and details as the table and the reports.
    let flags = crate::report::flags::labelled(&m.contest, r, m.lang, false);
    format!(
        " {:>3} {} {} {:>7} {:>6} {:>5} {} {}{}",
        r.rank.map(|x| x.to_string()).unwrap_or_default(),
        text::pad(&e.id, 7),
        text::pad(&e.title, title_cols),
        r.score
            .map(|s| format::two(s, m.lang))
            .unwrap_or_else(|| "–".into()),
        r.spread.map(|s| format::one(s, m.lang)).unwrap_or_default(),
        format!("{}/{}", r.sheets, expected),
        text::pad(
            &r.award
                .as_deref()
                .map(|a| award_name(m, a))
                .unwrap_or_default(),
            14
        ),
        grade_cell(&grade_of(m, r), grade_cols),
        text::fit(&flags.join(" "), flag_cols)
    )
}

/// "The winners do not depend on the method or on any one member", or what changes.
/// "what: SK01, SK04; other: SK02" for the groups under which prizes move.
fn moved<'a>(groups: impl Iterator<Item = (String, &'a Vec<AwardChange>)>) -> String {
    groups
        .filter(|(_, c)| !c.is_empty())
        .map(|(what, c)| {
            let entries: Vec<&str> = c.iter().map(|x| x.entry.as_str()).collect();
            format!("{what}: {}", entries.join(", "))
        })
        .collect::<Vec<_>>()
        .join("; ")
}

pub(super) fn verdict_text(m: &Model) -> String {
    let Some(r) = &m.chair.robustness else {
        return String::new();
    };
    // Nothing to depend on yet: no "✓" over an empty round.
    let scored = m
        .chair
        .ranking
        .as_ref()
        .is_some_and(|k| k.rows.iter().any(|x| x.score.is_some()));
    if !scored {
        return m.t(T::NoSheetsYet).to_string();
    }
    let mut parts = Vec::new();
    if r.method_matters() {
        let changed = moved(r.by_method.iter().map(|(k, c)| (k.to_string(), c)));
        parts.push(T::MethodMatters.with(m.lang, &[&changed]));
    } else {
        parts.push(m.t(T::MethodDoesNotMatter).to_string());
    }
    if r.one_judge_matters() {
        let changed = moved(r.without_judge.iter().map(|(k, c)| (k.to_string(), c)));
        parts.push(T::JudgeMatters.with(m.lang, &[&changed]));
    } else {
        parts.push(m.t(T::JudgeDoesNotMatter).to_string());
    }
    parts.join(" ")
}
