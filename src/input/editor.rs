//! TEMPORARY stand-in with the agreed API; replaced by the real editor.
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct TextEditor {
    text: String,
    cursor: usize,
    single: bool,
}
pub struct VisualLine {
    pub start: usize,
    pub end: usize,
}
pub struct Layout {
    pub lines: Vec<VisualLine>,
    pub cursor_row: usize,
    pub cursor_col: u16,
}
impl TextEditor {
    pub fn new(text: &str) -> Self {
        let t = crate::domain::text::nfc(text);
        TextEditor {
            cursor: t.len(),
            text: t,
            single: false,
        }
    }
    pub fn single_line(text: &str) -> Self {
        let t = crate::domain::text::nfc(&text.replace('\n', " "));
        TextEditor {
            cursor: t.len(),
            text: t,
            single: true,
        }
    }
    pub fn text(&self) -> &str {
        &self.text
    }
    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }
    pub fn insert_char(&mut self, c: char) {
        let mut b = [0u8; 4];
        self.insert_str(c.encode_utf8(&mut b));
    }
    pub fn insert_str(&mut self, s: &str) {
        let s = if self.single {
            s.replace('\n', " ")
        } else {
            s.to_string()
        };
        let before = crate::domain::text::nfc(&format!("{}{}", &self.text[..self.cursor], s));
        let after = &self.text[self.cursor..];
        self.cursor = before.len();
        self.text = format!("{before}{after}");
    }
    pub fn newline(&mut self) {
        if !self.single {
            self.insert_str("\n")
        }
    }
    pub fn backspace(&mut self) -> bool {
        match self.text[..self.cursor].grapheme_indices(true).next_back() {
            Some((i, _)) => {
                self.text.replace_range(i..self.cursor, "");
                self.cursor = i;
                true
            }
            None => false,
        }
    }
    pub fn delete(&mut self) -> bool {
        match self.text[self.cursor..].graphemes(true).next() {
            Some(g) => {
                let l = g.len();
                self.text.replace_range(self.cursor..self.cursor + l, "");
                true
            }
            None => false,
        }
    }
    pub fn delete_word_back(&mut self) {
        while self.backspace() {
            if self.text[..self.cursor].ends_with(' ') {
                break;
            }
        }
    }
    pub fn move_left(&mut self) {
        if let Some((i, _)) = self.text[..self.cursor].grapheme_indices(true).next_back() {
            self.cursor = i
        }
    }
    pub fn move_right(&mut self) {
        if let Some(g) = self.text[self.cursor..].graphemes(true).next() {
            self.cursor += g.len()
        }
    }
    pub fn move_word_left(&mut self) {
        self.move_left()
    }
    pub fn move_word_right(&mut self) {
        self.move_right()
    }
    pub fn move_home(&mut self) {
        self.cursor = self.text[..self.cursor]
            .rfind('\n')
            .map(|i| i + 1)
            .unwrap_or(0)
    }
    pub fn move_end(&mut self) {
        self.cursor = self.text[self.cursor..]
            .find('\n')
            .map(|i| self.cursor + i)
            .unwrap_or(self.text.len())
    }
    pub fn move_doc_start(&mut self) {
        self.cursor = 0
    }
    pub fn move_doc_end(&mut self) {
        self.cursor = self.text.len()
    }
    pub fn move_up(&mut self, _w: u16) {}
    pub fn move_down(&mut self, _w: u16) {}
    pub fn layout(&self, _w: u16) -> Layout {
        let mut lines = Vec::new();
        let mut start = 0;
        for (i, c) in self.text.char_indices() {
            if c == '\n' {
                lines.push(VisualLine { start, end: i });
                start = i + 1;
            }
        }
        lines.push(VisualLine {
            start,
            end: self.text.len(),
        });
        let row = self.text[..self.cursor].matches('\n').count();
        let col = self.text[lines[row].start..self.cursor].width() as u16;
        Layout {
            lines,
            cursor_row: row,
            cursor_col: col,
        }
    }
}
