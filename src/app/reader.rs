//! The reader: one entry in full — title, every field, authors with their
//! shares, the write-up, the attachments — scrolled, searched, and kept
//! beside the sheet from 120 columns up.
//!
//! The lines are laid out here (pure, from the model), so scrolling stops
//! at the last line without the screen ever writing into the model. Where
//! each entry was left is remembered for the session only (in memory).

use super::{Effect, Model, Screen, Tone};
use crate::domain::Entry;
use crate::domain::document::{AttachmentError, DocLine, LineKind, layout, wrap_hanging};
use crate::domain::entry::{Attachment, field_label};
use crate::domain::fold::fold;
use crate::i18n::T;
use crate::input::editor::TextEditor;
use crate::input::key::{Key, KeyCode};
use crate::input::keymap::{Command, Context};

/// From this width the reader and the sheet stand side by side.
pub const BESIDE_FROM: u16 = 120;

/// Rows around the reader's text: title bar, the line under the text
/// (position, search box) and the status line.
pub const CHROME_ROWS: u16 = 3;

pub struct Reader {
    /// Entry position in contest order.
    pub entry: usize,
    /// First line shown.
    pub scroll: usize,
    /// Whether keys go to the reader (else to the sheet beside or under it).
    pub focused: bool,
    /// The find box while it has the keyboard.
    pub search: Option<TextEditor>,
    /// The last text searched for: highlighted, and what `n`/`N` look for.
    pub query: String,
    /// The line of the match `n`/`N` last went to.
    pub hit: Option<usize>,
    /// The attachment `Enter` opens.
    pub chosen: usize,
    /// A text attachment opened in place of the entry: its name and text.
    pub opened: Option<(String, String)>,
    /// Lines being marked (as vim's visual line mode): where the marking
    /// started and the line it reaches now, as laid out on screen.
    pub marking: Option<(usize, usize)>,
    /// The comment being written on the marked lines.
    pub comment: Option<TextEditor>,
    /// `]` or `[` typed, waiting for the `a` of `]a`/`[a`.
    pub pending: Option<Command>,
    /// The line of the annotation `]a`/`[a` last went to.
    pub at_annotation: Option<usize>,
}

impl Reader {
    fn new(entry: usize, scroll: usize) -> Reader {
        Reader {
            entry,
            scroll,
            focused: true,
            search: None,
            query: String::new(),
            hit: None,
            chosen: 0,
            opened: None,
            marking: None,
            comment: None,
            pending: None,
            at_annotation: None,
        }
    }
}

/// Whether the reader stands beside the sheet (or the note) now.
pub fn beside(m: &Model) -> bool {
    m.reader.is_some()
        && m.size.0 >= BESIDE_FROM
        && matches!(m.screen, Screen::Sheet | Screen::Note)
}

/// Whether the reader fills the screen now.
pub fn full_screen(m: &Model) -> bool {
    m.reader.as_ref().is_some_and(|r| r.focused)
        && !beside(m)
        && matches!(m.screen, Screen::Entries | Screen::Sheet)
}

/// Columns of the sheet's side when the reader stands beside it.
pub fn sheet_cols(width: u16) -> u16 {
    width / 2
}

/// Columns of the reader's pane now.
pub fn pane_cols(m: &Model) -> u16 {
    if beside(m) {
        m.size.0 - sheet_cols(m.size.0)
    } else {
        m.size.0
    }
}

/// Columns the text is wrapped to: the pane less a column for a divider
/// and two for the margin.
pub fn text_cols(m: &Model) -> usize {
    usize::from(pane_cols(m).saturating_sub(3)).max(10)
}

/// Lines of text on one screen of the reader.
pub fn rows(m: &Model) -> usize {
    usize::from(m.size.1.saturating_sub(CHROME_ROWS)).max(1)
}

/// Every line the reader shows now, laid out to its width.
pub fn lines(m: &Model) -> Vec<DocLine> {
    let Some(r) = &m.reader else {
        return Vec::new();
    };
    let cols = text_cols(m);
    if let Some((name, text)) = &r.opened {
        let mut out = heading(name, cols);
        out.push(DocLine::blank());
        // Annotations are on the write-up, never on an attachment.
        out.extend(
            layout(text, cols)
                .into_iter()
                .map(|l| DocLine { source: None, ..l }),
        );
        return out;
    }
    match m.contest.entries.get(r.entry) {
        Some(e) => entry_lines(m, e, r.chosen, cols),
        None => Vec::new(),
    }
}

fn heading(text: &str, cols: usize) -> Vec<DocLine> {
    let text = crate::domain::escape::terminal_line(text);
    wrap_hanging(&text, cols, "", 0)
        .into_iter()
        .map(|l| DocLine::new(l, LineKind::Heading))
        .collect()
}

/// `label: value`, the value wrapped under itself.
fn field(out: &mut Vec<DocLine>, label: &str, value: &str, cols: usize) {
    if value.trim().is_empty() {
        return;
    }
    let value = crate::domain::escape::terminal_line(value);
    let first = format!("{label}: ");
    for l in wrap_hanging(&value, cols, &first, 2) {
        out.push(DocLine::new(l, LineKind::Field));
    }
}

fn entry_lines(m: &Model, e: &Entry, chosen: usize, cols: usize) -> Vec<DocLine> {
    let lang = m.lang;
    let mut out = heading(&e.title, cols);
    out.push(DocLine::blank());
    field(&mut out, m.t(T::EntryId), &e.id, cols);
    field(&mut out, m.t(T::ColUnit), &e.unit, cols);
    field(
        &mut out,
        m.t(T::ColField),
        &field_label(&e.field, lang),
        cols,
    );
    field(&mut out, m.t(T::ProposedBy), &e.proposed_by, cols);
    field(
        &mut out,
        m.t(T::Submitted),
        e.submitted.as_deref().unwrap_or(""),
        cols,
    );
    field(
        &mut out,
        m.t(T::AppliedSince),
        e.applied_since.as_deref().unwrap_or(""),
        cols,
    );
    field(&mut out, m.t(T::Scope), &e.scope, cols);
    if !e.authors.is_empty() {
        out.push(DocLine::blank());
        out.extend(heading(m.t(T::Authors), cols));
        for a in &e.authors {
            let mut parts = vec![a.name.clone()];
            if let Some(s) = a.share {
                parts.push(format!("{s}%"));
            }
            parts.extend(a.position.iter().cloned());
            parts.extend(a.unit.iter().cloned());
            let text = crate::domain::escape::terminal_line(&parts.join(" · ")).into_owned();
            for l in wrap_hanging(&text, cols, "  • ", 4) {
                out.push(DocLine::new(l, LineKind::Item));
            }
        }
    }
    if !e.summary.trim().is_empty() {
        out.push(DocLine::blank());
        out.extend(heading(m.t(T::Summary), cols));
        // Only the write-up's lines take annotations.
        out.extend(
            layout(&e.summary, cols)
                .into_iter()
                .map(|l| DocLine { source: None, ..l }),
        );
    }
    out.push(DocLine::blank());
    out.extend(heading(m.t(T::WriteUp), cols));
    if e.document.trim().is_empty() {
        out.push(DocLine::new(m.t(T::NoWriteUp), LineKind::Body));
    } else {
        out.push(DocLine::blank());
        out.extend(layout(&e.document, cols));
    }
    if !e.attachments.is_empty() {
        out.push(DocLine::blank());
        out.extend(heading(m.t(T::Attachments), cols));
        for (i, a) in e.attachments.iter().enumerate() {
            out.extend(attachment_lines(m, i, a, i == chosen, cols));
        }
    }
    out
}

fn attachment_lines(
    m: &Model,
    i: usize,
    a: &Attachment,
    chosen: bool,
    cols: usize,
) -> Vec<DocLine> {
    let mark = if chosen { "▶ " } else { "  " };
    let mut head = vec![crate::domain::escape::terminal_line(&a.name).into_owned()];
    if !a.kind.is_empty() {
        head.push(crate::domain::escape::terminal_line(&a.kind).into_owned());
    }
    if let Some(b) = a.bytes {
        head.push(size_label(b));
    }
    let first = format!("{mark}{}. ", i + 1);
    let mut out: Vec<DocLine> = wrap_hanging(&head.join(" · "), cols, &first, 5)
        .into_iter()
        .map(|l| DocLine::new(l, LineKind::Item))
        .collect();
    let path = crate::domain::escape::terminal_line(&a.path).into_owned();
    let label = format!("     {}: ", m.t(T::AttachmentPath));
    out.extend(
        wrap_hanging(&path, cols, &label, 7)
            .into_iter()
            .map(|l| DocLine::new(l, LineKind::Field)),
    );
    if let Some(sha) = &a.sha256 {
        let sha = crate::domain::escape::terminal_line(sha).into_owned();
        out.extend(
            wrap_hanging(&sha, cols, "     sha256: ", 7)
                .into_iter()
                .map(|l| DocLine::new(l, LineKind::Field)),
        );
    }
    out
}

/// A file size as people read it: 830 B, 12,4 KB, 3,1 MB.
pub fn size_label(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["B", "KB", "MB", "GB"];
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1024.0 && unit + 1 < UNITS.len() {
        value /= 1024.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{bytes} B")
    } else {
        format!("{value:.1} {}", UNITS[unit]).replace('.', ",")
    }
}

/// Whether jury opens this attachment as text in the reader.
pub fn is_text(a: &Attachment) -> bool {
    let name = a.name.to_lowercase();
    let path = a.path.to_lowercase();
    a.kind.eq_ignore_ascii_case("text")
        || [".txt", ".md"]
            .iter()
            .any(|ext| name.ends_with(ext) || path.ends_with(ext))
}

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
fn continues(prev: &DocLine, next: &DocLine) -> bool {
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

/// The last first line that still fills the screen.
fn last_scroll(m: &Model) -> usize {
    lines(m).len().saturating_sub(rows(m))
}

fn scroll_to(m: &mut Model, to: usize) {
    let last = last_scroll(m);
    if let Some(r) = m.reader.as_mut() {
        r.scroll = to.min(last);
    }
}

/// Opens entry `i` in the reader, where it was left this session.
pub fn open(m: &mut Model, i: usize) {
    if let Some(r) = m.reader.as_mut()
        && r.entry == i
    {
        r.focused = true;
        return;
    }
    remember(m);
    let Some(e) = m.contest.entries.get(i) else {
        return;
    };
    let at = m.read_at.get(&e.id).copied().unwrap_or(0);
    m.reader = Some(Reader::new(i, 0));
    scroll_to(m, at);
}

/// Keeps where the open entry was left, for the next time it opens.
fn remember(m: &mut Model) {
    if let Some(r) = &m.reader
        && r.opened.is_none()
        && let Some(e) = m.contest.entries.get(r.entry)
    {
        m.read_at.insert(e.id.clone(), r.scroll);
    }
}

pub fn close(m: &mut Model) {
    remember(m);
    m.reader = None;
}

/// Keeps the reader on the entry the sheet shows, and out of screens it
/// has no place on; its scroll inside the text after a resize.
pub fn follow(m: &mut Model) {
    let Some(r) = &m.reader else { return };
    let on_sheet = matches!(m.screen, Screen::Sheet | Screen::Note);
    let keep = match m.screen {
        Screen::Entries => r.focused,
        Screen::Sheet | Screen::Note => true,
        _ => false,
    };
    if !keep {
        close(m);
        return;
    }
    let sheet_entry = match m.screen {
        Screen::Note => m.note.as_ref().map(|n| n.entry),
        _ => m.sheet.as_ref().map(|s| s.entry),
    };
    if on_sheet
        && let Some(i) = sheet_entry
        && i != r.entry
    {
        let focused = r.focused;
        open(m, i);
        if let Some(r) = m.reader.as_mut() {
            r.focused = focused;
        }
    }
    if m.screen == Screen::Note
        && let Some(r) = m.reader.as_mut()
    {
        r.focused = false;
    }
    let scroll = m.reader.as_ref().map_or(0, |r| r.scroll);
    scroll_to(m, scroll);
}

/// `Tab` on the sheet moves to the reader beside it, rather than to the
/// next criterion.
pub fn takes_tab(m: &Model, context: Context, key: Key) -> bool {
    context == Context::Sheet
        && beside(m)
        && matches!(key.code, KeyCode::Tab | KeyCode::BackTab)
        && !key.ctrl
        && !key.alt
}

/// The sheet's `v`: to the reader, opening it on the sheet's entry.
pub fn from_sheet(m: &mut Model) {
    if let Some(i) = m.sheet.as_ref().map(|s| s.entry) {
        open(m, i);
    }
}

pub fn on_key(m: &mut Model, key: Key, command: Option<Command>) -> Vec<Effect> {
    if m.reader.as_ref().is_some_and(|r| r.search.is_some()) {
        on_find_key(m, key, command);
        return Vec::new();
    }
    if m.reader.as_ref().is_some_and(|r| r.comment.is_some()) {
        return on_comment_key(m, key, command);
    }
    // The `a` of `]a`/`[a`; any other key goes on as itself.
    if let Some(prefix) = m.reader.as_mut().and_then(|r| r.pending.take())
        && key.typed_char() == Some('a')
    {
        jump_to_annotation(m, prefix == Command::NextAnnotation);
        return Vec::new();
    }
    if m.reader.as_ref().is_some_and(|r| r.marking.is_some())
        && let Some(done) = on_marking_key(m, command)
    {
        return done;
    }
    let rows = rows(m);
    let scroll = m.reader.as_ref().map_or(0, |r| r.scroll);
    match command {
        Some(Command::Down) => scroll_to(m, scroll + 1),
        Some(Command::Up) => scroll_to(m, scroll.saturating_sub(1)),
        // A line of the page before stays in view, to read on from.
        Some(Command::PageDown) => scroll_to(m, scroll + rows.saturating_sub(1).max(1)),
        Some(Command::PageUp) => scroll_to(m, scroll.saturating_sub(rows.saturating_sub(1).max(1))),
        Some(Command::Top) => scroll_to(m, 0),
        Some(Command::Bottom) => scroll_to(m, usize::MAX),
        Some(Command::Search) => {
            if let Some(r) = m.reader.as_mut() {
                r.search = Some(TextEditor::single_line(""));
            }
        }
        Some(Command::NextMatch) => next_hit(m, true),
        Some(Command::PrevMatch) => next_hit(m, false),
        Some(Command::NextAttachment) => choose_next(m),
        Some(c @ (Command::NextAnnotation | Command::PrevAnnotation)) => {
            if let Some(r) = m.reader.as_mut() {
                r.pending = Some(c);
            }
        }
        Some(Command::MarkLines) => start_marking(m),
        Some(Command::CommentMarked) => m.say(Tone::Info, m.t(T::MarkFirst).into()),
        Some(Command::OpenAttachment) => return open_attachment(m),
        Some(Command::SwitchFocus) => {
            if let Some(r) = m.reader.as_mut() {
                r.focused = !beside_or_sheet(m.screen) || !r.focused;
            }
        }
        Some(Command::Read) => match m.screen {
            // `v` goes back to the sheet (beside or under the text).
            Screen::Sheet => {
                if let Some(r) = m.reader.as_mut() {
                    r.focused = false;
                }
            }
            _ => close(m),
        },
        Some(Command::Back) => {
            let opened = m.reader.as_mut().and_then(|r| r.opened.take());
            if opened.is_some() {
                // From an attachment back to the entry it came with.
                let at = m
                    .contest
                    .entries
                    .get(m.reader.as_ref().map_or(0, |r| r.entry))
                    .and_then(|e| m.read_at.get(&e.id).copied())
                    .unwrap_or(0);
                scroll_to(m, at);
            } else {
                close(m);
            }
        }
        _ => {}
    }
    Vec::new()
}

fn beside_or_sheet(screen: Screen) -> bool {
    matches!(screen, Screen::Sheet | Screen::Note)
}

fn on_find_key(m: &mut Model, key: Key, command: Option<Command>) {
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
                super::note::edit_command(ed, c, width);
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
fn next_hit(m: &mut Model, forward: bool) {
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

fn current_entry(m: &Model) -> Option<&Entry> {
    m.reader
        .as_ref()
        .and_then(|r| m.contest.entries.get(r.entry))
}

/// The next attachment, brought into view.
fn choose_next(m: &mut Model) {
    let Some(n) = current_entry(m).map(|e| e.attachments.len()) else {
        return;
    };
    if n == 0 {
        m.say(Tone::Info, m.t(T::NoAttachments).into());
        return;
    }
    if let Some(r) = m.reader.as_mut() {
        r.chosen = (r.chosen + 1) % n;
        r.opened = None;
    }
    // The chosen attachment's line: the one marked `▶`.
    let at = lines(m).iter().position(|l| l.text.starts_with("▶ "));
    if let Some(at) = at {
        let (scroll, rows) = (m.reader.as_ref().map_or(0, |r| r.scroll), rows(m));
        if at < scroll || at >= scroll + rows {
            scroll_to(m, at.saturating_sub(rows / 2));
        }
    }
}

fn open_attachment(m: &mut Model) -> Vec<Effect> {
    let Some(r) = &m.reader else {
        return Vec::new();
    };
    if r.opened.is_some() {
        return Vec::new();
    }
    let chosen = r.chosen;
    let Some(e) = current_entry(m) else {
        return Vec::new();
    };
    let Some(a) = e.attachments.get(chosen) else {
        m.say(Tone::Info, m.t(T::NoAttachments).into());
        return Vec::new();
    };
    if !is_text(a) {
        let text = T::AttachmentNotText.with(
            m.lang,
            &[
                &crate::domain::escape::terminal_line(&a.name),
                &crate::domain::escape::terminal_line(&a.path),
                &a.sha256.as_deref().unwrap_or("—"),
            ],
        );
        m.say(Tone::Info, text);
        return Vec::new();
    }
    vec![Effect::ReadAttachment {
        entry: e.id.clone(),
        index: chosen,
    }]
}

/// The runtime's answer to `Effect::ReadAttachment`.
pub fn attachment_read(m: &mut Model, entry: &str, index: usize, result: Result<String, String>) {
    let Some(r) = &m.reader else { return };
    let Some(e) = m.contest.entries.get(r.entry) else {
        return;
    };
    if e.id != entry {
        return;
    }
    let name = e
        .attachments
        .get(index)
        .map(|a| a.name.clone())
        .unwrap_or_default();
    match result {
        Ok(text) => {
            remember(m);
            if let Some(r) = m.reader.as_mut() {
                r.opened = Some((name, text));
                r.scroll = 0;
                r.hit = None;
            }
        }
        Err(why) => m.say(Tone::Error, why),
    }
}

/// Why an attachment did not open, in the member's words.
pub fn attachment_error_text(e: &AttachmentError, lang: crate::domain::Lang) -> String {
    use crate::domain::escape::terminal_line as safe;
    match e {
        AttachmentError::NotListed { entry, index } => {
            T::AttachmentNotListed.with(lang, &[&safe(entry), &(index + 1)])
        }
        AttachmentError::Missing { path } => {
            let name = path.rsplit('/').next().unwrap_or(path);
            T::AttachmentMissing.with(lang, &[&safe(name), &safe(path)])
        }
        AttachmentError::TooBig { path, bytes } => {
            T::AttachmentTooBig.with(lang, &[&safe(path), &size_label(*bytes), &safe(path)])
        }
        AttachmentError::NotUtf8 { path } => {
            T::AttachmentNotUtf8.with(lang, &[&safe(path), &safe(path)])
        }
        AttachmentError::Unreadable { path, why } => {
            let name = path.rsplit('/').next().unwrap_or(path);
            T::AttachmentUnreadable.with(lang, &[&safe(name), &safe(path), &safe(why)])
        }
    }
}

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
fn start_marking(m: &mut Model) {
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

fn say_marking(m: &mut Model, lines: &[DocLine]) {
    let Some((a, b)) = m.reader.as_ref().and_then(|r| r.marking) else {
        return;
    };
    if let Some((first, last)) = source_span(lines, a, b) {
        let text = T::Marking.with(m.lang, &[&(first + 1), &(last + 1)]);
        m.say(Tone::Info, text);
    }
}

/// Keys while lines are marked: `j`/`k` extend, `c` comments, `Esc` or
/// `V` stops. Other keys act as usual (`None`).
fn on_marking_key(m: &mut Model, command: Option<Command>) -> Option<Vec<Effect>> {
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

fn on_comment_key(m: &mut Model, key: Key, command: Option<Command>) -> Vec<Effect> {
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
                super::note::edit_command(ed, c, width);
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
fn save_comment(m: &mut Model) -> Vec<Effect> {
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
        T::AnnotationAdded.with(m.lang, &[&(first + 1), &(last + 1)]),
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
fn jump_to_annotation(m: &mut Model, forward: bool) {
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

/// Pasted text goes into the find box or the comment being written, on
/// one line; the text being read takes none.
pub fn paste(m: &mut Model, text: &str) {
    let one_line = text.replace(['\n', '\r'], " ");
    if let Some(r) = m.reader.as_mut()
        && let Some(ed) = r.search.as_mut().or(r.comment.as_mut())
    {
        ed.insert_str(&one_line);
    }
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
