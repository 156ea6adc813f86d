//! The reader: one entry in full — title, every field, authors with their
//! shares, the write-up, the attachments — scrolled, searched, and kept
//! beside the sheet from 120 columns up.
//!
//! The lines are laid out here (pure, from the model), so scrolling stops
//! at the last line without the screen ever writing into the model. Where
//! each entry was left is remembered for the session only (in memory).

mod annotate;
mod attach;
mod find;
mod page;

pub use annotate::{annotation_starts, comment_draft, source_span};
pub use attach::{attachment_error_text, attachment_read};
pub use find::hits;
pub use page::{is_text, size_label};

use annotate::{jump_to_annotation, on_comment_key, on_marking_key, start_marking};
use attach::{choose_next, open_attachment};
use find::{next_hit, on_find_key};
use page::{entry_lines, heading};

use super::{Effect, Model, Screen, Tone};
use crate::domain::Entry;
use crate::domain::document::{AttachmentError, DocLine, LineKind, layout, wrap_hanging};
use crate::domain::entry::Attachment;
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

fn current_entry(m: &Model) -> Option<&Entry> {
    m.reader
        .as_ref()
        .and_then(|r| m.contest.entries.get(r.entry))
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
