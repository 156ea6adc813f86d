//! The text editor under notes, the search box and reason prompts.
//!
//! The unit of movement and deletion is the extended grapheme cluster, so
//! one Backspace removes one visible character (ệ, 👨‍👩‍👧, 🇻🇳). Text is NFC
//! after every edit: typing `a` then U+0301 gives `á`. Input methods
//! (Telex, VNI) send Backspace then the replacement; applied in order, they
//! give exactly the word meant. Widths come from unicode-width, and
//! `layout` says where the terminal cursor goes so candidate windows anchor
//! at the insertion point.

use unicode_normalization::UnicodeNormalization;
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

/// A note stays well inside a server request.
pub const MAX_BYTES: usize = 64 * 1024;

/// Spaces a tab becomes.
const TAB: &str = "    ";

#[derive(Clone, Debug, Default, PartialEq)]
pub struct TextEditor {
    text: String,
    /// A byte offset, always on a grapheme boundary.
    cursor: usize,
    single: bool,
    /// The column up and down aim for, kept across short lines.
    goal: Option<u16>,
    /// Combining marks typed on their own, last first: where the cursor was
    /// after each, the letter it made and the letter before it, so that
    /// Backspace takes back only the mark (an input method correcting a tone).
    marks: Vec<TypedMark>,
}

#[derive(Clone, Debug, Default, PartialEq)]
struct TypedMark {
    at: usize,
    made: String,
    before: String,
}

/// A line as shown: a byte range of the text, without its newline.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct VisualLine {
    pub start: usize,
    pub end: usize,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Layout {
    pub lines: Vec<VisualLine>,
    pub cursor_row: usize,
    pub cursor_col: u16,
}

/// Display width of one grapheme: terminals draw an emoji sequence in two columns.
fn gwidth(g: &str) -> usize {
    g.width().min(2)
}

impl TextEditor {
    /// A multi-line editor holding `text` (made NFC), the cursor at the end.
    pub fn new(text: &str) -> TextEditor {
        let mut e = TextEditor::default();
        e.set_text(text);
        e
    }

    /// A one-line editor: newlines are never inserted; pasted ones become spaces.
    pub fn single_line(text: &str) -> TextEditor {
        let mut e = TextEditor {
            single: true,
            ..TextEditor::default()
        };
        e.set_text(text);
        e
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    pub fn cursor(&self) -> usize {
        self.cursor
    }

    pub fn set_text(&mut self, text: &str) {
        self.text = self.clean(text).nfc().collect();
        truncate(&mut self.text, MAX_BYTES);
        self.cursor = self.text.len();
        self.goal = None;
        self.marks.clear();
    }

    /// Line ends as LF (or spaces on one line), tabs as spaces, no other control characters.
    fn clean(&self, s: &str) -> String {
        let s = s.replace("\r\n", "\n").replace('\r', "\n");
        let mut out = String::with_capacity(s.len());
        for c in s.chars() {
            match c {
                '\n' if self.single => out.push(' '),
                '\n' => out.push('\n'),
                '\t' => out.push_str(TAB),
                c if c.is_control() => {}
                c => out.push(c),
            }
        }
        out
    }

    pub fn insert_char(&mut self, c: char) {
        let mut buf = [0u8; 4];
        if !unicode_normalization::char::is_combining_mark(c) {
            self.marks.clear();
            self.insert_str(c.encode_utf8(&mut buf));
            return;
        }
        let before = self.grapheme_before().to_string();
        let marks = std::mem::take(&mut self.marks);
        self.insert_str(c.encode_utf8(&mut buf));
        self.marks = marks;
        if !before.is_empty() {
            self.marks.push(TypedMark {
                at: self.cursor,
                made: self.grapheme_before().to_string(),
                before,
            });
        }
    }

    /// The grapheme just before the cursor ("" at the start).
    fn grapheme_before(&self) -> &str {
        match self.prev_boundary(self.cursor) {
            Some(start) => &self.text[start..self.cursor],
            None => "",
        }
    }

    /// Typing and pasting: the text around the cursor is renormalized, and
    /// the cursor stays right after what was inserted.
    pub fn insert_str(&mut self, s: &str) {
        self.marks.clear();
        let s = self.clean(s);
        if s.is_empty() {
            return;
        }
        let room = MAX_BYTES.saturating_sub(self.text.len());
        let mut s = s;
        truncate(&mut s, room);
        let mut prefix = String::with_capacity(self.cursor + s.len());
        prefix.push_str(&self.text[..self.cursor]);
        prefix.push_str(&s);
        let prefix: String = prefix.nfc().collect();
        let mut text = prefix.clone();
        text.push_str(&self.text[self.cursor..]);
        self.text = text;
        self.cursor = prefix.len();
        self.settle();
    }

    /// After an edit: NFC again if joining text made it otherwise, and the
    /// cursor on a grapheme boundary (deleting a newline can merge a letter
    /// or an emoji with the combining marks that followed it).
    fn settle(&mut self) {
        self.goal = None;
        if !unicode_normalization::is_nfc(&self.text) {
            let prefix: String = self.text[..self.cursor].nfc().collect();
            self.text = self.text.nfc().collect();
            // Inside a character that composed across the cursor: after it.
            self.cursor = prefix.len().min(self.text.len());
            while !self.text.is_char_boundary(self.cursor) {
                self.cursor += 1;
            }
        }
        self.cursor = self.boundary_at_or_after(self.cursor);
    }

    pub fn newline(&mut self) {
        if !self.single {
            self.insert_str("\n");
        }
    }

    /// Removes the grapheme before the cursor; `false` at the start.
    pub fn backspace(&mut self) -> bool {
        self.goal = None;
        // Right after a combining mark typed on its own: only the mark goes.
        if let Some(mark) = self.marks.pop()
            && mark.at == self.cursor
            && self.grapheme_before() == mark.made
            && let Some(start) = self.prev_boundary(self.cursor)
        {
            self.text.replace_range(start..self.cursor, &mark.before);
            self.cursor = start + mark.before.len();
            let marks = std::mem::take(&mut self.marks);
            self.settle();
            self.marks = marks;
            return true;
        }
        self.marks.clear();
        match self.prev_boundary(self.cursor) {
            Some(start) => {
                self.text.replace_range(start..self.cursor, "");
                self.cursor = start;
                self.settle();
                true
            }
            None => false,
        }
    }

    /// Removes the grapheme after the cursor; `false` at the end.
    pub fn delete(&mut self) -> bool {
        self.goal = None;
        match self.next_boundary(self.cursor) {
            Some(end) => {
                self.text.replace_range(self.cursor..end, "");
                self.settle();
                true
            }
            None => false,
        }
    }

    pub fn delete_word_back(&mut self) {
        let start = self.word_left_of(self.cursor);
        self.text.replace_range(start..self.cursor, "");
        self.cursor = start;
        self.settle();
    }

    pub fn move_left(&mut self) {
        self.goal = None;
        if let Some(p) = self.prev_boundary(self.cursor) {
            self.cursor = p;
        }
    }

    pub fn move_right(&mut self) {
        self.goal = None;
        if let Some(p) = self.next_boundary(self.cursor) {
            self.cursor = p;
        }
    }

    pub fn move_word_left(&mut self) {
        self.goal = None;
        self.cursor = self.word_left_of(self.cursor);
    }

    pub fn move_word_right(&mut self) {
        self.goal = None;
        let mut p = self.cursor;
        // Over the rest of this word, then the spaces after it.
        while let Some(g) = self.text[p..]
            .graphemes(true)
            .next()
            .filter(|g| !is_space(g))
        {
            p += g.len();
        }
        while let Some(g) = self.text[p..]
            .graphemes(true)
            .next()
            .filter(|g| is_space(g))
        {
            p += g.len();
        }
        self.cursor = p;
    }

    /// To the start of the logical line (the text between newlines).
    pub fn move_home(&mut self) {
        self.goal = None;
        self.cursor = self.text[..self.cursor]
            .rfind('\n')
            .map(|i| i + 1)
            .unwrap_or(0);
    }

    /// To the end of the logical line.
    pub fn move_end(&mut self) {
        self.goal = None;
        self.cursor = self.text[self.cursor..]
            .find('\n')
            .map(|i| self.cursor + i)
            .unwrap_or(self.text.len());
    }

    pub fn move_doc_start(&mut self) {
        self.goal = None;
        self.cursor = 0;
    }

    pub fn move_doc_end(&mut self) {
        self.goal = None;
        self.cursor = self.text.len();
    }

    /// One visual (wrapped) line up, aiming at the same column.
    pub fn move_up(&mut self, width: u16) {
        self.move_rows(width, -1);
    }

    pub fn move_down(&mut self, width: u16) {
        self.move_rows(width, 1);
    }

    fn move_rows(&mut self, width: u16, delta: isize) {
        let layout = self.layout(width);
        let goal = self.goal.unwrap_or(layout.cursor_col);
        let row = layout.cursor_row as isize + delta;
        if row < 0 || row as usize >= layout.lines.len() {
            return;
        }
        let line = layout.lines[row as usize];
        let mut col = 0usize;
        let mut at = line.start;
        for (i, g) in self.text[line.start..line.end].grapheme_indices(true) {
            let w = gwidth(g);
            if col + w > usize::from(goal) {
                break;
            }
            col += w;
            at = line.start + i + g.len();
        }
        self.cursor = at;
        self.goal = Some(goal);
    }

    /// The text wrapped at `width` columns, and where the cursor is.
    pub fn layout(&self, width: u16) -> Layout {
        let width = usize::from(width.max(1));
        let mut lines = Vec::new();
        let mut start = 0;
        for logical in self.text.split('\n') {
            wrap_line(&self.text, start, start + logical.len(), width, &mut lines);
            start += logical.len() + 1;
        }
        let cursor_row = lines
            .iter()
            .enumerate()
            .rev()
            .find(|(_, l)| l.start <= self.cursor && self.cursor <= l.end)
            .map(|(i, _)| i)
            .unwrap_or(0);
        let line = lines[cursor_row];
        let cursor_col = self.text[line.start..self.cursor.max(line.start)]
            .graphemes(true)
            .map(gwidth)
            .sum::<usize>();
        Layout {
            lines,
            cursor_row,
            cursor_col: cursor_col.min(usize::from(u16::MAX)) as u16,
        }
    }

    fn prev_boundary(&self, at: usize) -> Option<usize> {
        self.text[..at]
            .grapheme_indices(true)
            .next_back()
            .map(|(i, _)| i)
    }

    fn next_boundary(&self, at: usize) -> Option<usize> {
        self.text[at..].graphemes(true).next().map(|g| at + g.len())
    }

    fn word_left_of(&self, at: usize) -> usize {
        let mut p = at;
        // Back over spaces, then over the word before them.
        while let Some((i, _)) = self.text[..p]
            .grapheme_indices(true)
            .next_back()
            .filter(|(_, g)| is_space(g))
        {
            p = i;
        }
        while let Some((i, _)) = self.text[..p]
            .grapheme_indices(true)
            .next_back()
            .filter(|(_, g)| !is_space(g))
        {
            p = i;
        }
        p
    }

    /// The first grapheme boundary at or after `at`.
    fn boundary_at_or_after(&self, at: usize) -> usize {
        self.text
            .grapheme_indices(true)
            .map(|(i, _)| i)
            .chain([self.text.len()])
            .find(|&i| i >= at)
            .unwrap_or(self.text.len())
    }
}

fn is_space(g: &str) -> bool {
    g.chars().all(char::is_whitespace)
}

/// Cuts `s` to at most `max` bytes on a character boundary.
fn truncate(s: &mut String, max: usize) {
    if s.len() > max {
        let mut cut = max;
        while !s.is_char_boundary(cut) {
            cut -= 1;
        }
        s.truncate(cut);
    }
}

/// Wraps the logical line `text[start..end]` into `lines`: at spaces where
/// possible (a space may hang past the edge), else between graphemes.
fn wrap_line(text: &str, start: usize, end: usize, width: usize, lines: &mut Vec<VisualLine>) {
    let mut line_start = start;
    let mut col = 0usize;
    // Where the current visual line could end at a space, and its column there.
    let mut soft: Option<(usize, usize)> = None;
    for (i, g) in text[start..end].grapheme_indices(true) {
        let at = start + i;
        let w = gwidth(g);
        let space = is_space(g);
        if !space && col + w > width && col > 0 {
            match soft.filter(|(p, _)| *p > line_start) {
                Some((p, c)) => {
                    lines.push(VisualLine {
                        start: line_start,
                        end: p,
                    });
                    line_start = p;
                    col -= c;
                }
                None => {
                    lines.push(VisualLine {
                        start: line_start,
                        end: at,
                    });
                    line_start = at;
                    col = 0;
                }
            }
            soft = None;
        }
        col += w;
        if space {
            soft = Some((at + g.len(), col));
        }
    }
    lines.push(VisualLine {
        start: line_start,
        end,
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(keys: &[&str]) -> TextEditor {
        let mut e = TextEditor::new("");
        replay(&mut e, keys);
        e
    }

    /// `"<bs>"` is Backspace; anything else is typed as it is.
    fn replay(e: &mut TextEditor, keys: &[&str]) {
        for k in keys {
            if *k == "<bs>" {
                e.backspace();
            } else {
                e.insert_str(k);
            }
        }
    }

    #[test]
    fn a_combining_mark_typed_after_its_letter_composes() {
        let e = typed(&["a", "\u{301}"]);
        assert_eq!(e.text(), "á");
        assert_eq!(e.cursor(), "á".len());
    }

    #[test]
    fn pasted_decomposed_vietnamese_comes_back_composed() {
        let mut e = TextEditor::new("");
        e.insert_str("Ca\u{309}i ca\u{301}ch thu\u{309} tu\u{323}c");
        assert_eq!(e.text(), "Cải cách thủ tục");
        assert!(unicode_normalization::is_nfc(e.text()));
        assert_eq!(TextEditor::new("Vie\u{323}\u{302}t").text(), "Việt");
    }

    #[test]
    fn one_backspace_removes_one_visible_character() {
        let mut e = TextEditor::new("");
        e.insert_str("e\u{323}\u{302}");
        assert_eq!(e.text(), "ệ");
        assert!(e.backspace());
        assert_eq!(e.text(), "");
        let mut e = TextEditor::new("a👨\u{200d}👩\u{200d}👧🇻🇳");
        e.backspace();
        assert_eq!(e.text(), "a👨\u{200d}👩\u{200d}👧");
        e.backspace();
        assert_eq!(e.text(), "a");
        assert!(e.backspace());
        assert!(!e.backspace());
    }

    #[test]
    fn telex_and_vni_replays_give_the_word_meant() {
        // Telex "tieesng": t i e, e → ê, n g, s → ế (the input method retypes "ếng").
        assert_eq!(
            typed(&[
                "t", "i", "e", "<bs>", "ê", "n", "g", "<bs>", "<bs>", "<bs>", "ếng"
            ])
            .text(),
            "tiếng"
        );
        // Telex "vieejt": v i e, e → ê, j → ệ, t.
        assert_eq!(
            typed(&["V", "i", "e", "<bs>", "ê", "<bs>", "ệ", "t"]).text(),
            "Việt"
        );
        // Telex "dduwowcj": d, d → đ, u, w → ư, o, w → ơ (retypes ươ), c, j → ợ.
        assert_eq!(
            typed(&[
                "d", "<bs>", "đ", "u", "<bs>", "ư", "o", "<bs>", "<bs>", "ươ", "c", "<bs>", "<bs>",
                "ợc"
            ])
            .text(),
            "được"
        );
        // VNI "hanh2 chinh1": a then 2 → à, i then 1 → í.
        assert_eq!(
            typed(&[
                "h", "a", "n", "h", "<bs>", "<bs>", "<bs>", "ành", " ", "c", "h", "i", "n", "h",
                "<bs>", "<bs>", "<bs>", "ính"
            ])
            .text(),
            "hành chính"
        );
        assert_eq!(
            typed(&[
                "d", "<bs>", "đ", "u", "o", "<bs>", "<bs>", "ươ", "n", "g", "<bs>", "<bs>", "<bs>",
                "ờng"
            ])
            .text(),
            "đường"
        );
    }

    #[test]
    fn an_input_method_can_work_in_the_middle_of_text() {
        let mut e = TextEditor::new("cải  hành chính");
        for _ in 0.."hành chính".chars().count() + 1 {
            e.move_left();
        }
        replay(&mut e, &["c", "a", "c", "h", "<bs>", "<bs>", "<bs>", "ách"]);
        assert_eq!(e.text(), "cải cách hành chính");
        assert_eq!(&e.text()[e.cursor()..], " hành chính");
    }

    #[test]
    fn deleting_what_kept_marks_apart_keeps_the_text_composed_and_the_cursor_whole() {
        let mut e = TextEditor::new("a\n\u{301}");
        e.move_left();
        e.backspace();
        assert_eq!(e.text(), "á");
        assert_eq!(e.cursor(), "á".len());
        let mut e = TextEditor::new("👨\u{200d}👩\u{200d}👧\n\u{323}");
        e.move_left();
        e.backspace();
        assert_eq!(
            e.cursor(),
            e.text().len(),
            "after the merged cluster, not inside it"
        );
    }

    #[test]
    fn wide_characters_move_the_cursor_two_columns() {
        let e = TextEditor::new("中文");
        assert_eq!(e.layout(80).cursor_col, 4);
        let e = TextEditor::new("🇻🇳x");
        assert_eq!(e.layout(80).cursor_col, 3);
    }

    #[test]
    fn long_vietnamese_wraps_within_the_width_at_spaces() {
        let e = TextEditor::new("Giải pháp số hóa sổ hộ tịch giúp người dân tra cứu nhanh");
        let l = e.layout(20);
        for line in &l.lines {
            let shown = e.text()[line.start..line.end].trim_end();
            assert!(shown.width() <= 20, "{shown:?}");
        }
        let joined: String = l.lines.iter().map(|x| &e.text()[x.start..x.end]).collect();
        assert_eq!(joined, e.text(), "the lines cover the text in order");
        assert_eq!(
            &e.text()[l.lines[0].start..l.lines[0].end],
            "Giải pháp số hóa sổ "
        );
        assert_eq!(l.cursor_row, l.lines.len() - 1);
        assert_eq!(
            usize::from(l.cursor_col),
            e.text()[l.lines[l.cursor_row].start..].width()
        );
    }

    #[test]
    fn a_word_longer_than_the_line_is_split() {
        let e = TextEditor::new("abcdefghij");
        let l = e.layout(4);
        let parts: Vec<&str> = l.lines.iter().map(|x| &e.text()[x.start..x.end]).collect();
        assert_eq!(parts, ["abcd", "efgh", "ij"]);
        assert_eq!((l.cursor_row, l.cursor_col), (2, 2));
    }

    #[test]
    fn up_and_down_keep_the_column_across_short_lines() {
        let mut e = TextEditor::new("dòng một dài\nhai\ndòng ba dài hơn");
        e.move_up(80);
        e.move_up(80);
        let l = e.layout(80);
        assert_eq!(
            (l.cursor_row, l.cursor_col),
            (0, 12),
            "the end of the first line"
        );
        e.move_down(80);
        assert_eq!(e.layout(80).cursor_col, 3, "as far as the short line goes");
        e.move_down(80);
        assert_eq!(
            e.layout(80).cursor_col,
            15,
            "back to the column it started from"
        );
    }

    #[test]
    fn up_and_down_move_by_wrapped_lines() {
        let mut e = TextEditor::new("abcdefghij");
        e.move_up(4);
        assert_eq!(e.cursor(), 6);
        e.move_up(4);
        assert_eq!(e.cursor(), 2);
    }

    #[test]
    fn one_line_editors_turn_newlines_into_spaces() {
        let mut e = TextEditor::single_line("a\nb");
        assert_eq!(e.text(), "a b");
        e.newline();
        e.insert_str("\r\nc\td");
        assert_eq!(e.text(), "a b c    d");
    }

    #[test]
    fn control_characters_are_dropped_and_line_ends_normalized() {
        let e = TextEditor::new("a\r\nb\rc\u{7}d");
        assert_eq!(e.text(), "a\nb\ncd");
    }

    #[test]
    fn words_and_line_ends() {
        let mut e = TextEditor::new("cải cách  hành\nchính");
        e.move_home();
        assert_eq!(e.cursor(), "cải cách  hành\n".len());
        e.move_word_left();
        assert_eq!(&e.text()[e.cursor()..], "hành\nchính");
        e.delete_word_back();
        assert_eq!(e.text(), "cải hành\nchính");
        e.move_end();
        assert_eq!(e.cursor(), "cải hành".len());
        e.delete();
        assert_eq!(e.text(), "cải hànhchính");
        e.move_doc_start();
        e.move_word_right();
        assert_eq!(&e.text()[e.cursor()..], "hànhchính");
        e.move_word_right();
        assert_eq!(
            e.cursor(),
            e.text().len(),
            "a word right crosses to the end"
        );
    }

    #[test]
    fn zero_and_one_column_widths_neither_panic_nor_loop() {
        let e = TextEditor::new("中文 và 👨\u{200d}👩\u{200d}👧\nxin chào");
        for w in [0, 1, 2] {
            let l = e.layout(w);
            assert!(!l.lines.is_empty());
        }
        let mut e = e;
        e.move_up(0);
        e.move_down(1);
    }

    #[test]
    fn a_note_is_capped_on_a_character_boundary() {
        let mut e = TextEditor::new("");
        e.insert_str(&"ệ".repeat(MAX_BYTES));
        assert!(e.text().len() <= MAX_BYTES);
        assert!(e.text().chars().all(|c| c == 'ệ'));
    }

    mod random {
        use proptest::prelude::*;

        use super::super::*;

        #[derive(Clone, Debug)]
        enum Op {
            Insert(String),
            Backspace,
            Delete,
            Left,
            Right,
            WordLeft,
            WordRight,
            Home,
            End,
            Up(u16),
            Down(u16),
            DeleteWord,
            Newline,
        }

        fn op() -> impl Strategy<Value = Op> {
            let text = prop_oneof![
                "[a-zđươêâăôơư \\n]{0,6}",
                Just("a\u{301}".to_string()),
                Just("\u{323}\u{302}".to_string()),
                Just("👨\u{200d}👩\u{200d}👧".to_string()),
                Just("🇻🇳".to_string()),
                Just("中文".to_string()),
                "\\PC{0,4}",
            ];
            prop_oneof![
                text.prop_map(Op::Insert),
                Just(Op::Backspace),
                Just(Op::Delete),
                Just(Op::Left),
                Just(Op::Right),
                Just(Op::WordLeft),
                Just(Op::WordRight),
                Just(Op::Home),
                Just(Op::End),
                (0u16..30).prop_map(Op::Up),
                (0u16..30).prop_map(Op::Down),
                Just(Op::DeleteWord),
                Just(Op::Newline),
            ]
        }

        proptest! {
            // Failures found become regular tests above; no regression files at the top level.
            #![proptest_config(ProptestConfig { failure_persistence: None, ..ProptestConfig::default() })]

            #[test]
            fn any_edits_keep_nfc_a_grapheme_cursor_and_a_covering_layout(
                start in "\\PC{0,20}",
                ops in proptest::collection::vec(op(), 0..40),
                width in 0u16..40,
                single in any::<bool>(),
            ) {
                let mut e = if single { TextEditor::single_line(&start) } else { TextEditor::new(&start) };
                for o in ops {
                    match o {
                        Op::Insert(s) => e.insert_str(&s),
                        Op::Backspace => { e.backspace(); }
                        Op::Delete => { e.delete(); }
                        Op::Left => e.move_left(),
                        Op::Right => e.move_right(),
                        Op::WordLeft => e.move_word_left(),
                        Op::WordRight => e.move_word_right(),
                        Op::Home => e.move_home(),
                        Op::End => e.move_end(),
                        Op::Up(w) => e.move_up(w),
                        Op::Down(w) => e.move_down(w),
                        Op::DeleteWord => e.delete_word_back(),
                        Op::Newline => e.newline(),
                    }
                    prop_assert!(unicode_normalization::is_nfc(e.text()));
                    let bounds: Vec<usize> = e.text().grapheme_indices(true).map(|(i, _)| i).chain([e.text().len()]).collect();
                    prop_assert!(bounds.contains(&e.cursor()), "cursor {} not on a boundary of {:?}", e.cursor(), e.text());
                    if single {
                        prop_assert!(!e.text().contains('\n'));
                    }
                }
                let l = e.layout(width);
                let mut at = 0;
                for line in &l.lines {
                    prop_assert!(line.start >= at && line.start <= line.end);
                    prop_assert!(e.text()[at..line.start].chars().all(|c| c == '\n'));
                    at = line.end;
                }
                prop_assert_eq!(at, e.text().len());
                prop_assert!(l.cursor_row < l.lines.len());
            }
        }
    }
}
