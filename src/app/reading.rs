//! What the help and an audit record's detail say, line by line. Built here,
//! not in the view, so `update` can count the lines and stop scrolling at
//! the last one; the view only draws them.

use super::Model;
use crate::domain::change::Target;
use crate::domain::columns as text;
use crate::domain::escape::terminal_line;
use crate::domain::format;
use crate::i18n::T;
use crate::input::keymap::{self, Context};

/// How a piece of a line is drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Look {
    Plain,
    Heading,
    Key,
}

/// One line: pieces drawn one after the other.
pub type Row = Vec<(Look, String)>;

fn plain(s: String) -> Row {
    vec![(Look::Plain, s)]
}

/// The help box (width, height) on a screen of `size` holding `lines` lines.
pub fn help_box(size: (u16, u16), lines: usize) -> (u16, u16) {
    let w = size.0.saturating_sub(4).min(76);
    let h = (lines.min(usize::from(u16::MAX)) as u16)
        .saturating_add(2)
        .min(size.1.saturating_sub(2));
    (w, h)
}

/// The audit detail's box (width, height) on a screen of `size`.
pub fn detail_box(size: (u16, u16)) -> (u16, u16) {
    (size.0.saturating_sub(4).min(100), size.1.saturating_sub(2))
}

/// The furthest a box `height` rows tall (border included) scrolls `lines`.
pub fn last_scroll(lines: usize, height: u16) -> u16 {
    let shown = usize::from(height.saturating_sub(2)).max(1);
    lines.saturating_sub(shown).min(usize::from(u16::MAX)) as u16
}

/// The help for the screen under it, at a screen of `size`.
pub fn help_rows(m: &Model, size: (u16, u16)) -> Vec<Row> {
    let under = m.screen_context();
    let mut rows = Vec::new();
    // A draft waiting for a choice after a stale save: the merge keys come first.
    if m.waits_for_choice(Target::Note) || m.waits_for_choice(Target::Sheet) {
        let merge = keymap::BINDINGS
            .iter()
            .filter(|b| b.context == Context::Merge)
            .collect();
        rows.extend(key_rows(m, merge));
        rows.push(plain(String::new()));
    }
    // A member is shown only what they can do; chair keys would only refuse.
    let mut bindings = keymap::bindings_for(under);
    bindings.retain(|b| m.may_use(b.command));
    rows.extend(key_rows(m, bindings));
    if under == Context::Entries {
        rows.push(plain(String::new()));
        rows.extend(field_legend(m));
    }
    if matches!(
        under,
        Context::Rankings | Context::Breakdown | Context::Figures | Context::Progress
    ) {
        rows.push(plain(String::new()));
        rows.extend(figures_explained(
            m,
            usize::from(size.0.saturating_sub(8).min(72)),
        ));
    }
    rows
}

/// One line per binding, grouped by context.
fn key_rows(m: &Model, bindings: Vec<&keymap::Binding>) -> Vec<Row> {
    let key_cols = bindings
        .iter()
        .map(|b| text::width(&keymap::keys_label(b)))
        .max()
        .unwrap_or(8)
        .min(24);
    let mut rows = Vec::new();
    let mut last: Option<Context> = None;
    for b in bindings {
        if last != Some(b.context) {
            if last.is_some() {
                rows.push(plain(String::new()));
            }
            rows.push(vec![(
                Look::Heading,
                format!(" {}", m.t(b.context.title())),
            )]);
            last = Some(b.context);
        }
        rows.push(vec![
            (
                Look::Key,
                format!("  {} ", text::pad(&keymap::keys_label(b), key_cols)),
            ),
            (Look::Plain, b.describe().get(m.lang).to_string()),
        ]);
    }
    rows
}

/// The reform areas' short names, as the list shows them, and their full names.
fn field_legend(m: &Model) -> Vec<Row> {
    let fields = m.list.fields();
    let cols = fields
        .iter()
        .map(|f| text::width(m.contest.field_short(f, m.lang)))
        .max()
        .unwrap_or(0);
    let mut rows = vec![vec![(Look::Heading, format!(" {}", m.t(T::FieldLegend)))]];
    for f in fields {
        rows.push(vec![
            (
                Look::Key,
                format!("  {} ", text::pad(m.contest.field_short(f, m.lang), cols)),
            ),
            (
                Look::Plain,
                terminal_line(&m.contest.field_label(f, m.lang)).into_owned(),
            ),
        ]);
    }
    rows
}

/// What each flag, `x/y`, W and the robustness verdict mean, under the
/// keys of the chair's figure screens.
fn figures_explained(m: &Model, width: usize) -> Vec<Row> {
    use crate::domain::ranking::Flag;
    let mut rows = vec![vec![(Look::Heading, format!(" {}", m.t(T::ExplainTitle)))]];
    let flags = [
        Flag::Incomplete,
        Flag::Disagreement,
        Flag::BelowThreshold,
        Flag::QuotaTie,
        Flag::Tiebreak,
        Flag::Unscored,
    ];
    let mut texts = Vec::new();
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
        texts.push(format!("{}: {}", m.t(short), m.t(meaning)));
    }
    for what in [T::ExplainSheets, T::ExplainW, T::ExplainRobustness] {
        texts.push(m.t(what).to_string());
    }
    for t in texts {
        for (i, l) in text::wrap(&t, width).into_iter().enumerate() {
            let indent = if i == 0 { "  " } else { "    " };
            rows.push(plain(format!("{indent}{l}")));
        }
    }
    rows
}

/// The whole of audit record `seq`, wrapped to the detail box at `size`:
/// who (and under which login), when, what, on which entry and member,
/// before → after in full, and the reason. `None` when it is not loaded.
pub fn detail_rows(m: &Model, seq: u64, size: (u16, u16)) -> Option<Vec<Row>> {
    let r = m.chair.audit.iter().find(|r| r.seq == seq)?;
    let width = usize::from(detail_box(size).0.saturating_sub(2)).max(1);
    let mut rows = Vec::new();
    let mut field = |label: T, value: String| {
        let head = format!("{}: ", m.t(label));
        let room = width.saturating_sub(text::width(&head)).max(1);
        for (i, l) in text::wrap(&terminal_line(&value), room)
            .into_iter()
            .enumerate()
        {
            let lead = if i == 0 {
                head.clone()
            } else {
                " ".repeat(text::width(&head))
            };
            rows.push(vec![(Look::Key, lead), (Look::Plain, l)]);
        }
    };
    let zone = format::zone(&m.contest);
    field(T::When, format::moment(&r.at, &zone, m.lang));
    field(T::Who, r.judge.clone());
    field(T::AuditLogin, r.login.clone().unwrap_or_else(|| "–".into()));
    field(T::What, r.action.clone());
    field(
        T::AuditRoundEntry,
        format!(
            "{} / {}",
            r.round.as_deref().unwrap_or("–"),
            r.entry.as_deref().unwrap_or("–")
        ),
    );
    field(
        T::AuditAbout,
        r.subject.clone().unwrap_or_else(|| "–".into()),
    );
    field(
        T::AuditReason,
        r.reason.clone().unwrap_or_else(|| "–".into()),
    );
    let pretty = |v: &serde_json::Value| match v {
        serde_json::Value::Null => "–".to_string(),
        other => serde_json::to_string_pretty(other).unwrap_or_else(|_| other.to_string()),
    };
    for (label, value) in [(T::AuditBefore, &r.before), (T::AuditAfter, &r.after)] {
        rows.push(vec![(Look::Key, format!("{}:", m.t(label)))]);
        for l in pretty(value).lines() {
            for w in text::wrap(&terminal_line(l), width.saturating_sub(2).max(1)) {
                rows.push(plain(format!("  {w}")));
            }
        }
    }
    Some(rows)
}

/// How far the open help may scroll at the model's size.
pub fn help_last_scroll(m: &Model) -> u16 {
    let lines = help_rows(m, m.size).len();
    last_scroll(lines, help_box(m.size, lines).1)
}

/// How far the detail of record `seq` may scroll at the model's size.
pub fn detail_last_scroll(m: &Model, seq: u64) -> u16 {
    let lines = detail_rows(m, seq, m.size).map_or(0, |r| r.len());
    last_scroll(lines, detail_box(m.size).1)
}
