//! The chair's screens: rankings, one entry's breakdown, progress,
//! agreement, conflicts of interest and the audit trail.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{status_line, text, title_bar};
use crate::app::chair::{AuditFilter, ConflictKind, RankSort, conflict_rows, furthest};
use crate::app::{Model, Screen};
use crate::domain::ranking::{Flag, RankRow};
use crate::domain::{SheetKey, SheetState};
use crate::i18n::T;

/// The five screens as tabs, the current one highlighted.
fn tabs(m: &Model, f: &mut Frame, area: Rect) {
    let tabs = [
        (Screen::Rankings, T::TabRankings),
        (Screen::Progress, T::TabProgress),
        (Screen::Agreement, T::TabAgreement),
        (Screen::Conflicts, T::TabConflicts),
        (Screen::Audit, T::TabAudit),
    ];
    let here = if m.screen == Screen::Breakdown {
        Screen::Rankings
    } else {
        m.screen
    };
    let mut spans = vec![Span::raw(" ")];
    for (screen, label) in tabs {
        let style = if screen == here {
            m.theme.selected()
        } else {
            m.theme.dim()
        };
        spans.push(Span::styled(format!(" {} ", m.t(label)), style));
        spans.push(Span::raw(" "));
    }
    let state = if m.contest.published {
        T::Published
    } else {
        T::NotPublished
    };
    spans.push(Span::styled(
        format!("· {} · {}", round_name(m), m.t(state)),
        m.theme.dim(),
    ));
    f.render_widget(Paragraph::new(Line::from(spans)), area);
}

fn round_name(m: &Model) -> String {
    m.contest
        .round(&m.round)
        .map(|r| r.name.get(m.lang).to_string())
        .unwrap_or_else(|| m.round.clone())
}

/// Title, tabs, a line of facts, the body, and the status line.
fn frame(m: &Model, f: &mut Frame, area: Rect, facts: Line) -> Rect {
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

fn flag_short(m: &Model, flag: Flag) -> &'static str {
    m.t(match flag {
        Flag::Incomplete => T::ShortIncomplete,
        Flag::Disagreement => T::ShortDisagreement,
        Flag::BelowThreshold => T::ShortBelow,
        Flag::QuotaTie => T::ShortQuotaTie,
        Flag::Unscored => T::ShortUnscored,
    })
}

fn award_name(m: &Model, id: &str) -> String {
    m.contest
        .awards
        .iter()
        .find(|a| a.id == id)
        .map(|a| a.name.get(m.lang).to_string())
        .unwrap_or_else(|| id.to_string())
}

fn recused(m: &Model, entry: &str) -> bool {
    m.me.as_deref()
        .is_some_and(|me| m.contest.is_recused(me, entry))
}

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
        .map(|w| format!("W {w:.2}"))
        .unwrap_or_else(|| "W –".into());
    let facts = Line::from(vec![
        Span::styled(format!(" {}: ", m.t(T::MethodLabel)), m.theme.key()),
        Span::raw(crate::i18n::method(m.chair.method, m.lang)),
        Span::styled(format!("  {}: ", m.t(T::SortLabel)), m.theme.key()),
        Span::raw(sort),
        Span::raw(format!("  {w}")),
    ]);
    let body = frame(m, f, area, facts);
    let [head, list, verdict] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(1),
    ])
    .areas(body);
    let width = usize::from(area.width);
    let title_cols = width.saturating_sub(4 + 8 + 8 + 7 + 6 + 14 + 16 + 7).max(8);
    let header = format!(
        " {:>3} {} {} {:>7} {:>6} {:>5} {} {}",
        "#",
        text::pad(m.t(T::ColId), 7),
        text::pad(m.t(T::ColTitle), title_cols),
        m.t(T::ColScore),
        m.t(T::ColSpread),
        m.t(T::ColSheets),
        text::pad(m.t(T::ColAward), 14),
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
            let line = ranking_line(m, r, title_cols);
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
    let text = verdict_text(m);
    f.render_widget(
        Paragraph::new(Line::styled(
            text::fit(&format!(" {text}"), width),
            m.theme.dim(),
        )),
        verdict,
    );
}

fn ranking_line(m: &Model, r: &RankRow, title_cols: usize) -> String {
    let e = &m.contest.entries[r.position];
    let expected = m.contest.expected_judges(&m.round, &e.id).count();
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
            " {:>3} {} {} {:>7} {:>6} {:>5} {} ⊘ {}",
            r.rank.map(|x| x.to_string()).unwrap_or_default(),
            text::pad(&e.id, 7),
            text::pad(&e.title, title_cols),
            r.score
                .map(|s| format!("{s:.2}"))
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
            m.t(T::StateRecused)
        );
    }
    let flags: Vec<&str> = r
        .flags
        .iter()
        .filter(|f| **f != Flag::Unscored)
        .map(|f| flag_short(m, *f))
        .collect();
    format!(
        " {:>3} {} {} {:>7} {:>6} {:>5} {} {}",
        r.rank.map(|x| x.to_string()).unwrap_or_default(),
        text::pad(&e.id, 7),
        text::pad(&e.title, title_cols),
        r.score
            .map(|s| format!("{s:.2}"))
            .unwrap_or_else(|| "–".into()),
        r.spread.map(|s| format!("{s:.1}")).unwrap_or_default(),
        format!("{}/{}", r.sheets, expected),
        text::pad(
            &r.award
                .as_deref()
                .map(|a| award_name(m, a))
                .unwrap_or_default(),
            14
        ),
        flags.join(" ")
    )
}

/// "The winners do not depend on the method or on any one member", or what changes.
fn verdict_text(m: &Model) -> String {
    let Some(r) = &m.chair.robustness else {
        return String::new();
    };
    let mut parts = Vec::new();
    if r.method_matters() {
        let changed: Vec<String> = r
            .by_method
            .iter()
            .filter(|(_, c)| !c.is_empty())
            .map(|(method, c)| {
                format!(
                    "{method}: {}",
                    c.iter()
                        .map(|x| x.entry.clone())
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            })
            .collect();
        parts.push(T::MethodMatters.with(m.lang, &[&changed.join("; ")]));
    } else {
        parts.push(m.t(T::MethodDoesNotMatter).to_string());
    }
    if r.one_judge_matters() {
        let changed: Vec<String> = r
            .without_judge
            .iter()
            .filter(|(_, c)| !c.is_empty())
            .map(|(j, c)| {
                format!(
                    "{j}: {}",
                    c.iter()
                        .map(|x| x.entry.clone())
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            })
            .collect();
        parts.push(T::JudgeMatters.with(m.lang, &[&changed.join("; ")]));
    } else {
        parts.push(m.t(T::JudgeDoesNotMatter).to_string());
    }
    parts.join(" ")
}

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

pub fn progress(m: &Model, f: &mut Frame, area: Rect) {
    let entries = m.contest.round_entries(&m.round);
    let facts = Line::raw(format!(
        " {}",
        T::ProgressFacts.with(m.lang, &[&entries.len(), &m.contest.judges.len()])
    ));
    let body = frame(m, f, area, facts);
    let name_cols = 22usize;
    let count_cols = 9usize;
    let width = usize::from(body.width);
    let cols = width.saturating_sub(name_cols + count_cols + 4);
    let first = m.chair.progress_col.min(entries.len().saturating_sub(1));
    let shown: Vec<usize> = entries.iter().copied().skip(first).take(cols).collect();
    // Members with the fewest submitted first: who holds the council up shows at once.
    let mut rows: Vec<(usize, usize, &crate::domain::Judge)> = m
        .contest
        .judges
        .iter()
        .map(|j| {
            let expected = entries
                .iter()
                .filter(|&&p| {
                    m.contest
                        .expected_judges(&m.round, &m.contest.entries[p].id)
                        .any(|x| x.id == j.id)
                })
                .count();
            let done = entries
                .iter()
                .filter(|&&p| {
                    m.contest
                        .sheet(&SheetKey::new(&m.round, &m.contest.entries[p].id, &j.id))
                        .is_some_and(|s| s.is_submitted())
                })
                .count();
            (done, expected, j)
        })
        .collect();
    rows.sort_by(|a, b| {
        let ra = a.0 as f64 / a.1.max(1) as f64;
        let rb = b.0 as f64 / b.1.max(1) as f64;
        ra.total_cmp(&rb)
    });
    let mut lines = Vec::new();
    let mut ruler = format!(" {}{}", " ".repeat(name_cols), " ".repeat(count_cols + 1));
    for (k, _) in shown.iter().enumerate() {
        let n = first + k + 1;
        ruler.push(if n.is_multiple_of(10) {
            '|'
        } else if n.is_multiple_of(5) {
            '·'
        } else {
            ' '
        });
    }
    lines.push(Line::styled(ruler, m.theme.dim()));
    let worst = rows
        .first()
        .map(|r| r.0 as f64 / r.1.max(1) as f64)
        .unwrap_or(1.0);
    for (done, expected, j) in rows.iter().skip(usize::from(m.chair.scroll)) {
        let ratio = *done as f64 / (*expected).max(1) as f64;
        let mut spans = vec![Span::raw(format!(
            " {} ",
            text::pad(&format!("{} {}", j.id, j.name), name_cols - 1)
        ))];
        let count_style = if ratio < 1.0 && (ratio - worst).abs() < 1e-9 {
            m.theme.error()
        } else if ratio >= 1.0 {
            m.theme.submitted()
        } else {
            Style::new()
        };
        spans.push(Span::styled(
            format!("{:>8} ", format!("{done}/{expected}")),
            count_style,
        ));
        let cells: String = shown
            .iter()
            .map(|&p| {
                let id = &m.contest.entries[p].id;
                if m.contest.is_recused(&j.id, id) {
                    '⊘'
                } else if !m.contest.may_mark(&m.round, id, &j.id) {
                    ' '
                } else {
                    match m
                        .contest
                        .sheet(&SheetKey::new(&m.round, id, &j.id))
                        .map(|s| s.state)
                    {
                        Some(SheetState::Submitted) => '✓',
                        Some(SheetState::Draft) => '○',
                        None => '·',
                    }
                }
            })
            .collect();
        spans.push(Span::raw(cells));
        lines.push(Line::from(spans));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        format!(" {}", m.t(T::ProgressLegend)),
        m.theme.dim(),
    ));
    f.render_widget(Paragraph::new(lines), body);
}

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

pub fn audit(m: &Model, f: &mut Frame, area: Rect) {
    let rows = m.chair.audit_rows();
    let verdict = match &m.chair.audit_verdict {
        Some(Ok(n)) => (T::AuditIntact.with(m.lang, &[n]), m.theme.submitted()),
        Some(Err(why)) => (T::AuditBroken.with(m.lang, &[why]), m.theme.error()),
        None => (String::new(), Style::new()),
    };
    let filter = match (m.chair.audit_filter, &m.chair.audit_subject) {
        (AuditFilter::Entry, Some(s)) | (AuditFilter::Member, Some(s)) => s.clone(),
        _ => m.t(T::FilterAll).to_string(),
    };
    let facts = Line::from(vec![
        Span::styled(format!(" {} ", verdict.0), verdict.1),
        Span::styled(
            format!(" {}: {filter} ({})", m.t(T::FilterLabel), rows.len()),
            m.theme.dim(),
        ),
    ]);
    let body = frame(m, f, area, facts);
    let width = usize::from(body.width);
    let height = usize::from(body.height).saturating_sub(1);
    let mut lines = vec![Line::styled(
        format!(
            " {:>5} {} {} {} {} {}",
            "#",
            text::pad(m.t(T::When), 20),
            text::pad(m.t(T::Who), 8),
            text::pad(m.t(T::What), 15),
            text::pad(m.t(T::ColId), 7),
            m.t(T::Change)
        ),
        m.theme.heading(),
    )];
    let first = m
        .chair
        .audit_selected
        .saturating_sub(height.saturating_sub(1));
    for (i, r) in rows.iter().enumerate().skip(first).take(height) {
        let change = format!(
            "{} → {}{}",
            short_json(&r.before),
            short_json(&r.after),
            r.reason
                .as_ref()
                .map(|x| format!(" ({x})"))
                .unwrap_or_default()
        );
        let who = match &r.subject {
            Some(s) if *s != r.judge => format!("{}→{s}", r.judge),
            _ => r.judge.clone(),
        };
        let line = text::pad(
            &format!(
                " {:>5} {} {} {} {} {change}",
                r.seq,
                text::pad(&r.at.replace('T', " "), 20),
                text::pad(&who, 8),
                text::pad(&crate::i18n::audit_action(&r.action, m.lang), 15),
                text::pad(r.entry.as_deref().unwrap_or("–"), 7)
            ),
            width,
        );
        lines.push(if i == m.chair.audit_selected {
            Line::styled(line, m.theme.selected())
        } else {
            Line::raw(line)
        });
    }
    f.render_widget(Paragraph::new(lines), body);
}

/// A record's before or after, briefly: points as a list, text quoted.
fn short_json(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::Null => "–".into(),
        serde_json::Value::Object(o) => {
            if let Some(p) = o.get("points") {
                let state = o.get("state").and_then(|s| s.as_str()).unwrap_or("");
                format!("{p} {state}").trim().to_string()
            } else if let Some(t) = o.get("text").and_then(|t| t.as_str()) {
                format!("\"{}\"", text::fit(t, 30))
            } else {
                text::fit(&v.to_string(), 40)
            }
        }
        other => text::fit(&other.to_string(), 40),
    }
}
