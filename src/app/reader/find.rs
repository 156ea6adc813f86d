//! Finding text in the reader, marks and case ignored.

use super::*;

/// The lines where the folded `query` begins. Lines wrapped from one
/// paragraph, item or field are searched as one text, so words the wrap
/// put on two lines are found too (on the line where they begin).
pub fn hits(lines: &[DocLine], query: &str) -> Vec<usize> {
    let q = fold(query.trim());
    if q.is_empty() {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        // The run of lines wrapped from the same block.
        let mut end = i + 1;
        while end < lines.len() && continues(&lines[end - 1], &lines[end]) {
            end += 1;
        }
        let mut joined = String::new();
        let mut starts = Vec::new();
        for l in &lines[i..end] {
            if !joined.is_empty() {
                joined.push(' ');
            }
            starts.push(joined.len());
            joined.push_str(&fold(l.text.trim()));
        }
        let mut from = 0;
        while let Some(at) = joined[from..].find(&q) {
            let at = from + at;
            let line = i + starts.iter().rposition(|&s| s <= at).unwrap_or(0);
            if out.last() != Some(&line) {
                out.push(line);
            }
            from = at + q.len().max(1);
        }
        i = end;
    }
    out
}

/// Whether `next` is the wrapped rest of the block `prev` belongs to: a
/// paragraph or heading goes on until a blank line; an item or a field
/// goes on in lines indented under it.
pub(super) fn continues(prev: &DocLine, next: &DocLine) -> bool {
    if prev.kind != next.kind {
        return false;
    }
    match next.kind {
        LineKind::Body | LineKind::Heading => true,
        LineKind::Item | LineKind::Field => {
            next.text.starts_with("  ") && !next.text.trim_start().starts_with('•')
        }
        LineKind::Table | LineKind::Rule | LineKind::Blank => false,
    }
}

pub(super) fn on_find_key(m: &mut Model, key: Key, command: Option<Command>) {
    let width = m.size.0;
    let Some(r) = m.reader.as_mut() else { return };
    match command {
        Some(Command::SearchAccept) => {
            let query = r.search.take().map(|ed| ed.text().to_string());
            r.query = query.unwrap_or_default();
            r.hit = None;
            if !r.query.trim().is_empty() {
                // From the top of the screen on: the first match in view or after.
                r.hit = r.scroll.checked_sub(1);
                next_hit(m, true);
            }
        }
        Some(Command::SearchCancel) => r.search = None,
        Some(c) => {
            if let Some(ed) = r.search.as_mut() {
                crate::app::note::edit_command(ed, c, width);
            }
        }
        None => {
            if let (Some(c), Some(ed)) = (key.typed_char(), r.search.as_mut()) {
                ed.insert_char(c);
            }
        }
    }
}

/// To the next (or previous) line holding the search, round the ends.
pub(super) fn next_hit(m: &mut Model, forward: bool) {
    let Some(r) = &m.reader else { return };
    let query = r.query.clone();
    if query.trim().is_empty() {
        m.say(Tone::Info, m.t(T::FindFirst).into());
        return;
    }
    let found = hits(&lines(m), &query);
    let Some(r) = &m.reader else { return };
    let from = r.hit;
    let next = if forward {
        found
            .iter()
            .find(|&&l| from.is_none_or(|h| l > h))
            .or(found.first())
    } else {
        found
            .iter()
            .rev()
            .find(|&&l| from.is_none_or(|h| l < h))
            .or(found.last())
    };
    let Some(&line) = next else {
        m.say(Tone::Error, T::NotFoundInText.with(m.lang, &[&query]));
        return;
    };
    let rows = rows(m);
    let n = found.iter().position(|&l| l == line).unwrap_or(0) + 1;
    if let Some(r) = m.reader.as_mut() {
        r.hit = Some(line);
        if line < r.scroll || line >= r.scroll + rows {
            // A couple of lines of what leads up to it stay in view.
            let to = line.saturating_sub(2);
            scroll_to(m, to);
        }
    }
    m.say(
        Tone::Info,
        T::MatchOf.with(m.lang, &[&n, &found.len(), &query]),
    );
}
