//! Annotations in the reader: marking lines as vim's visual line mode,
//! a comment on them, marks in the margin, `]a`/`[a` between them.

use super::*;

/// The write-up lines (first, last) that laid-out lines `a..=b` come from.
pub fn source_span(lines: &[DocLine], a: usize, b: usize) -> Option<(u32, u32)> {
    let (a, b) = (a.min(b), a.max(b));
    let spans: Vec<(u32, u32)> = lines
        .get(a..=b.min(lines.len().saturating_sub(1)))
        .unwrap_or(&[])
        .iter()
        .filter_map(|l| l.source)
        .collect();
    let first = spans.iter().map(|s| s.0).min()?;
    let last = spans.iter().map(|s| s.1).max()?;
    Some((first, last))
}

/// `V`: marking starts on the first line of the write-up in view.
pub(super) fn start_marking(m: &mut Model) {
    let lines = lines(m);
    let rows = rows(m);
    let Some(r) = m.reader.as_mut() else { return };
    let at = (r.scroll..(r.scroll + rows).min(lines.len())).find(|&i| lines[i].source.is_some());
    match at {
        Some(i) => {
            r.marking = Some((i, i));
            say_marking(m, &lines);
        }
        None => m.say(Tone::Info, m.t(T::MarkNoText).into()),
    }
}

pub(super) fn say_marking(m: &mut Model, lines: &[DocLine]) {
    let Some((a, b)) = m.reader.as_ref().and_then(|r| r.marking) else {
        return;
    };
    if let Some((first, last)) = source_span(lines, a, b) {
        let text = T::Marking.with(m.lang, &[&crate::i18n::line_span(first, last, m.lang)]);
        m.say(Tone::Info, text);
    }
}

/// Keys while lines are marked: `j`/`k` extend, `c` comments, `Esc` or
/// `V` stops. Other keys act as usual (`None`).
pub(super) fn on_marking_key(m: &mut Model, command: Option<Command>) -> Option<Vec<Effect>> {
    let lines = lines(m);
    let rows = rows(m);
    let r = m.reader.as_mut()?;
    let (anchor, cursor) = r.marking?;
    let last = lines.len().saturating_sub(1);
    let moved = match command {
        Some(Command::Down) => Some((cursor + 1).min(last)),
        Some(Command::Up) => Some(cursor.saturating_sub(1)),
        Some(Command::Back | Command::MarkLines) => {
            r.marking = None;
            m.status = None;
            return Some(Vec::new());
        }
        Some(Command::CommentMarked) => {
            r.comment = Some(TextEditor::single_line(""));
            return Some(Vec::new());
        }
        _ => None,
    }?;
    r.marking = Some((anchor, moved));
    // The line the marking reaches stays in view.
    if moved < r.scroll {
        r.scroll = moved;
    } else if moved >= r.scroll + rows {
        r.scroll = moved + 1 - rows;
    }
    say_marking(m, &lines);
    Some(Vec::new())
}

pub(super) fn on_comment_key(m: &mut Model, key: Key, command: Option<Command>) -> Vec<Effect> {
    let width = m.size.0;
    match command {
        Some(Command::Save) => return save_comment(m),
        Some(Command::Back) => {
            if let Some(r) = m.reader.as_mut() {
                r.comment = None;
            }
        }
        Some(c) => {
            if let Some(ed) = m.reader.as_mut().and_then(|r| r.comment.as_mut()) {
                crate::app::note::edit_command(ed, c, width);
            }
        }
        None => {
            if let (Some(c), Some(ed)) = (
                key.typed_char(),
                m.reader.as_mut().and_then(|r| r.comment.as_mut()),
            ) {
                ed.insert_char(c);
            }
        }
    }
    Vec::new()
}

/// The comment typed, on the write-up lines the marked lines come from.
pub(super) fn save_comment(m: &mut Model) -> Vec<Effect> {
    let lines = lines(m);
    let Some(r) = m.reader.as_ref() else {
        return Vec::new();
    };
    let text = r
        .comment
        .as_ref()
        .map(|ed| ed.text().trim().to_string())
        .unwrap_or_default();
    if text.is_empty() {
        m.say(Tone::Error, m.t(T::CommentEmpty).into());
        return Vec::new();
    }
    let span = r.marking.and_then(|(a, b)| source_span(&lines, a, b));
    let Some(entry) = m.contest.entries.get(r.entry).map(|e| e.id.clone()) else {
        return Vec::new();
    };
    let Some((first, last)) = span else {
        return Vec::new();
    };
    if let Some(r) = m.reader.as_mut() {
        r.comment = None;
        r.marking = None;
    }
    m.say(
        Tone::Success,
        T::AnnotationAdded.with(m.lang, &[&crate::i18n::line_span(first, last, m.lang)]),
    );
    m.annotate(&entry, first, last, &text)
}

/// The laid-out lines where each of the member's annotations begins, in
/// order, with the annotation's index.
pub fn annotation_starts(m: &Model, lines: &[DocLine]) -> Vec<(usize, usize)> {
    let Some(e) = current_entry(m) else {
        return Vec::new();
    };
    if m.reader.as_ref().is_some_and(|r| r.opened.is_some()) {
        return Vec::new();
    }
    let notes = m.my_words(&e.id).annotations;
    let mut out: Vec<(usize, usize)> = notes
        .iter()
        .enumerate()
        .filter_map(|(k, a)| {
            lines
                .iter()
                .position(|l| {
                    l.source
                        .is_some_and(|(f, t)| f <= a.last_line && a.first_line <= t)
                })
                .map(|i| (i, k))
        })
        .collect();
    out.sort();
    out
}

/// `]a`/`[a`: to the next (previous) annotation, round the ends, saying
/// its comment.
pub(super) fn jump_to_annotation(m: &mut Model, forward: bool) {
    let lines = lines(m);
    let starts = annotation_starts(m, &lines);
    if starts.is_empty() {
        m.say(Tone::Info, m.t(T::NoAnnotationsHere).into());
        return;
    }
    let Some(r) = m.reader.as_ref() else { return };
    let from = r.at_annotation.or(r.scroll.checked_sub(1));
    let next = if forward {
        starts
            .iter()
            .find(|(l, _)| from.is_none_or(|h| *l > h))
            .or(starts.first())
    } else {
        starts
            .iter()
            .rev()
            .find(|(l, _)| from.is_none_or(|h| *l < h))
            .or(starts.last())
    };
    let Some(&(line, index)) = next else { return };
    let n = starts
        .iter()
        .position(|s| s.0 == line && s.1 == index)
        .unwrap_or(0)
        + 1;
    if let Some(r) = m.reader.as_mut() {
        r.at_annotation = Some(line);
    }
    scroll_to(m, line.saturating_sub(2));
    let comment = current_entry(m)
        .map(|e| m.my_words(&e.id))
        .and_then(|n| n.annotations.get(index).map(|a| a.comment.clone()))
        .unwrap_or_default();
    let text = T::AnnotationOf.with(
        m.lang,
        &[
            &n,
            &starts.len(),
            &crate::domain::escape::terminal_line(&comment),
        ],
    );
    m.say(Tone::Info, text);
}

/// The comment being written on marked lines, as the save it would be,
/// for the journal: what is typed is kept until stored or left.
pub fn comment_draft(m: &Model) -> Option<crate::domain::Change> {
    let r = m.reader.as_ref()?;
    let text = r.comment.as_ref()?.text().trim().to_string();
    if text.is_empty() {
        return None;
    }
    let lines = lines(m);
    let (first, last) = r.marking.and_then(|(a, b)| source_span(&lines, a, b))?;
    let e = m.contest.entries.get(r.entry)?;
    let key = m.key_for(&e.id)?;
    let mut note = m.my_words(&e.id);
    note.annotations.push(crate::domain::Annotation::on(
        &e.document,
        first,
        last,
        &text,
    ));
    Some(crate::domain::Change::SaveNote {
        base: m.contest.note(&key).map_or(0, |n| n.version),
        key,
        text: note.text,
        remarks: note.remarks,
        annotations: note.annotations,
    })
}
