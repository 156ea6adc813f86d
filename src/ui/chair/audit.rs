//! The Audit screen: the council's change log and its hash-chain verdict.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use super::frame;
use crate::app::Model;
use crate::app::chair::AuditFilter;
use crate::domain::format;
use crate::i18n::T;
use crate::ui::text;

pub fn audit(m: &Model, f: &mut Frame, area: Rect) {
    let rows = m.chair.audit_rows();
    // Times as the council reads them: the contest's zone, never UTC.
    let zone = format::zone(&m.contest);
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
                text::pad(&format::moment(&r.at, &zone, m.lang), 16),
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

/// The whole of one record: who (and under which login), when, what, on
/// which entry and member, before → after in full, and the reason. The
/// lines come wrapped from `app::reading`, which also clamps the scroll.
pub fn audit_detail(m: &Model, f: &mut Frame, area: Rect, seq: u64, scroll: u16) {
    let size = (area.width, area.height);
    let (w, h) = crate::app::reading::detail_box(size);
    let rect = crate::ui::centered(area, w, h);
    let block = Block::bordered()
        .title(format!(" {} ", T::AuditDetailTitle.with(m.lang, &[&seq])))
        .title_bottom(
            Line::styled(format!(" {} ", m.t(T::HelpFooter)), m.theme.dim()).right_aligned(),
        )
        .border_style(m.theme.focus_border());
    f.render_widget(Clear, rect);
    let Some(rows) = crate::app::reading::detail_rows(m, seq, size) else {
        f.render_widget(
            Paragraph::new(T::AuditGone.with(m.lang, &[&seq])).block(block),
            rect,
        );
        return;
    };
    f.render_widget(
        Paragraph::new(crate::ui::help::lines(m, rows))
            .block(block)
            .scroll((scroll, 0)),
        rect,
    );
}
