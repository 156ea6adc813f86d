//! The merge view: after a save refused as stale, the member's version and
//! the stored one, side by side on a wide terminal and one after the other
//! on a narrow one, with the keys to choose.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use super::text;
use crate::app::Model;
use crate::domain::change::Target;
use crate::domain::{Contest, Marks};
use crate::i18n::T;
use crate::input::keymap::{self, Context};

/// From this inner width the two versions stand side by side (a 120-column terminal).
const SIDE_BY_SIDE: u16 = 118;

pub fn view(m: &Model, f: &mut Frame, area: Rect, target: Target, scroll: u16) {
    let Some((what, version, mine, theirs)) = versions(m, target) else {
        return;
    };
    // Everything between the title bar and the status line.
    let rect = Rect {
        x: area.x,
        y: area.y + 1,
        width: area.width,
        height: area.height.saturating_sub(2),
    };
    let block = Block::bordered()
        .title(format!(" {} ", m.t(T::MergeTitle)))
        .border_style(m.theme.focus_border());
    let inner = block.inner(rect);
    f.render_widget(Clear, rect);
    f.render_widget(block, rect);
    let width = usize::from(inner.width);
    let intro = text::wrap(&T::MergeIntro.with(m.lang, &[&what, &version]), width);
    let keys = answer_lines(m, width, target);
    let fixed = intro.len() + 1 + keys.len() + 1;
    let room = usize::from(inner.height).saturating_sub(fixed);
    let heading = m.theme.heading();
    let mut lines: Vec<Line> = intro.into_iter().map(Line::raw).collect();
    lines.push(Line::raw(""));
    if inner.width >= SIDE_BY_SIDE {
        let col = (width - 3) / 2;
        let left = pane(m.t(T::MergeYours), &mine, col);
        let right = pane(m.t(T::MergeStored), &theirs, col);
        let rows = left.len().max(right.len());
        for i in (usize::from(scroll)..rows).take(room) {
            let cell = |side: &[(String, bool)]| side.get(i).cloned().unwrap_or_default();
            let (l, lh) = cell(&left);
            let (r, rh) = cell(&right);
            lines.push(Line::from(vec![
                Span::styled(text::pad(&l, col), style(lh, heading)),
                Span::raw(" │ "),
                Span::styled(r, style(rh, heading)),
            ]));
        }
    } else {
        let mut both = pane(m.t(T::MergeYours), &mine, width);
        both.push((String::new(), false));
        both.extend(pane(m.t(T::MergeStored), &theirs, width));
        for (l, h) in both.into_iter().skip(usize::from(scroll)).take(room) {
            lines.push(Line::styled(l, style(h, heading)));
        }
    }
    while lines.len() + keys.len() < usize::from(inner.height) {
        lines.push(Line::raw(""));
    }
    lines.extend(keys);
    f.render_widget(Paragraph::new(lines), inner);
}

fn style(heading: bool, h: Style) -> Style {
    if heading { h } else { Style::new() }
}

/// A heading and the text wrapped to `cols`; `true` marks the heading.
fn pane(title: &str, body: &[String], cols: usize) -> Vec<(String, bool)> {
    let mut out = vec![(title.to_string(), true)];
    for line in body {
        out.extend(text::wrap(line, cols).into_iter().map(|l| (l, false)));
    }
    out
}

/// The keys of the merge view, wrapped to the width (a sheet cannot keep both).
fn answer_lines(m: &Model, width: usize, target: Target) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    let mut spans = Vec::new();
    let mut used = 0;
    let shown = keymap::hints(Context::Merge)
        .into_iter()
        .filter(|b| target == Target::Note || b.command != keymap::Command::KeepBoth);
    for b in shown {
        let key = keymap::keys_label(b);
        let desc = format!(" {}   ", b.describe().get(m.lang));
        let w = text::width(&key) + text::width(&desc);
        if used + w > width && !spans.is_empty() {
            lines.push(Line::from(std::mem::take(&mut spans)));
            used = 0;
        }
        used += w;
        spans.push(Span::styled(key, m.theme.key()));
        spans.push(Span::raw(desc));
    }
    lines.push(Line::from(spans));
    lines
}

/// "SK01 · Note", the stored version, and both texts as lines.
type Versions = (String, u64, Vec<String>, Vec<String>);

fn versions(m: &Model, target: Target) -> Option<Versions> {
    match target {
        Target::Note => {
            let n = m.note.as_ref()?;
            let theirs = n.conflict.as_ref()?;
            let split = |t: &str| t.split('\n').map(String::from).collect();
            Some((
                format!("{} · {}", n.key.entry, m.t(T::Note)),
                theirs.version,
                split(n.editor.text()),
                split(&theirs.text),
            ))
        }
        Target::Sheet => {
            let s = m.sheet.as_ref()?;
            let theirs = s.conflict.as_ref()?;
            let mine: Vec<Option<crate::domain::Points>> =
                (0..s.marks.slots().len()).map(|i| s.shown(i)).collect();
            Some((
                format!("{} · {}", s.key.entry, m.t(T::CtxSheet)),
                theirs.version,
                criteria(m, &m.contest, &Marks::from_slots(mine)),
                criteria(m, &m.contest, &theirs.marks),
            ))
        }
    }
}

/// One line per criterion: "Novelty: 18".
fn criteria(m: &Model, contest: &Contest, marks: &Marks) -> Vec<String> {
    contest
        .rubric
        .criteria
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let p = marks.get(i).map(|p| p.to_string()).unwrap_or("–".into());
            format!("{}: {p}", c.name.get(m.lang))
        })
        .collect()
}
