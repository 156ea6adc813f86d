//! Text from entrants and members, made safe for where it goes next: a
//! terminal, a spreadsheet, a JSON reader.
//!
//! A terminal acts on control characters instead of showing them: ESC and
//! C1 start sequences that set the window title, colours or clear the
//! screen; a newline in a reason forges a line of output; bidi overrides and
//! isolates reorder what is shown, so `SK01` can read as `10KS`. None of them
//! belong in a title, a unit, a name or a reason, so they are shown as `�`.

use std::borrow::Cow;

/// Shown in place of a character the terminal would act on.
const REPLACEMENT: char = '\u{fffd}';

/// A character a terminal, or a reader's eye, would take as an instruction.
pub fn is_control(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{1f}' | '\u{7f}'..='\u{9f}'
        // Bidi marks, embeddings, overrides and isolates.
        | '\u{61c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
        // Line and paragraph separators start a new line in some terminals.
        | '\u{2028}' | '\u{2029}')
}

/// Whether `text` holds a control. Every control's UTF-8 starts with a byte
/// below 0x20, 0x7f, 0xC2 (C1), 0xD8 (U+061C) or 0xE2 (the marks and
/// separators); Vietnamese letters use none of them, so the bytes say most
/// texts are clean without decoding a character.
pub fn has_control(text: &str) -> bool {
    text.bytes()
        .any(|b| b < 0x20 || matches!(b, 0x7f | 0xc2 | 0xd8 | 0xe2))
        && text.chars().any(is_control)
}

fn replace(text: &str, with: impl Fn(char) -> Option<char>) -> Cow<'_, str> {
    if !has_control(text) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .filter_map(|c| if is_control(c) { with(c) } else { Some(c) })
            .collect(),
    )
}

/// One field on one line (a table cell, a log line): line ends and tabs
/// become spaces, every other control `�`.
pub fn terminal_line(text: &str) -> Cow<'_, str> {
    replace(text, |c| match c {
        '\n' | '\r' | '\t' => Some(' '),
        _ => Some(REPLACEMENT),
    })
}

/// Text whose layout may hold lines and tabs (a message, a note): those
/// stay, a carriage return goes, every other control is `�`.
pub fn terminal_block(text: &str) -> Cow<'_, str> {
    replace(text, |c| match c {
        '\n' | '\t' => Some(c),
        '\r' => None,
        _ => Some(REPLACEMENT),
    })
}

/// One CSV field (RFC 4180), safe to open in a spreadsheet: a cell that
/// starts with `=`, `+`, `-`, `@`, tab or carriage return would be run as a
/// formula, so it gets a leading `'` (OWASP's rule). Controls are shown as
/// `�`, since CSV is read in terminals too; line ends inside a cell stay.
pub fn csv_cell(field: &str) -> String {
    let formula = field.starts_with(['=', '+', '-', '@', '\t', '\r']);
    let text = replace(field, |c| match c {
        '\n' | '\r' | '\t' => Some(c),
        _ => Some(REPLACEMENT),
    });
    let text = if formula {
        Cow::Owned(format!("'{text}"))
    } else {
        text
    };
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.into_owned()
    }
}

/// `csv_cell(field)` added to `out`, copying a plain field as it is.
pub fn push_csv_cell(out: &mut String, field: &str) {
    let plain = !field.starts_with(['=', '+', '-', '@'])
        && !field.contains([',', '"'])
        && !has_control(field);
    if plain {
        out.push_str(field);
    } else {
        out.push_str(&csv_cell(field));
    }
}

/// JSON as serde_json writes it, with C1 controls, bidi controls and line
/// separators escaped as `\uXXXX` too (serde_json escapes only C0). They can
/// only stand inside strings, where the escape means the same character.
pub fn json_text(json: String) -> String {
    // C0 is escaped already, and layout's newlines and indents stand outside strings.
    let escaped = |c: char| is_control(c) && c > '\u{1f}';
    if !json.chars().any(escaped) {
        return json;
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        if escaped(c) {
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const PLAYED: &str = "Lý do\u{1b}]0;pwned\u{7}\u{1b}[2J\u{9b}31m\u{202e}10KS\u{2066}";

    #[test]
    fn every_control_is_found_by_its_bytes() {
        for c in (0..=0x10ffff).filter_map(char::from_u32) {
            let text = format!("Sở {c} Nội vụ");
            assert_eq!(has_control(&text), is_control(c), "{c:?}");
        }
    }

    #[test]
    fn a_cell_pushed_into_a_file_is_the_cell_csv_cell_makes() {
        for field in [
            "Số hóa hồ sơ",
            "=HYPERLINK(\"http://x\")",
            "-2",
            "+1",
            "@SUM(A1)",
            "\tTab",
            "a,b",
            "say \"hi\"",
            "dòng\nhai",
            PLAYED,
            "",
        ] {
            let mut out = String::from("x,");
            push_csv_cell(&mut out, field);
            assert_eq!(out, format!("x,{}", csv_cell(field)), "{field:?}");
        }
    }

    #[test]
    fn a_terminal_line_shows_no_sequence_and_no_new_line() {
        assert_eq!(terminal_line(PLAYED), "Lý do�]0;pwned��[2J�31m�10KS�");
        assert_eq!(terminal_line("a\nb\tc\r"), "a b c ");
        assert!(matches!(
            terminal_line("Thôn Đông"),
            Cow::Borrowed("Thôn Đông")
        ));
    }

    #[test]
    fn a_terminal_block_keeps_its_lines() {
        assert_eq!(
            terminal_block("một\r\nhai\tba\u{1b}[2J"),
            "một\nhai\tba�[2J"
        );
    }

    #[test]
    fn formulas_are_neutralised_and_fields_quoted() {
        assert_eq!(csv_cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(csv_cell("+1"), "'+1");
        assert_eq!(csv_cell("-2+3"), "'-2+3");
        assert_eq!(csv_cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(csv_cell("\tx"), "'\tx");
        assert_eq!(csv_cell("\rx"), "\"'\rx\"");
        assert_eq!(csv_cell("a, b"), "\"a, b\"");
        assert_eq!(csv_cell("Thôn Đông"), "Thôn Đông");
        assert_eq!(csv_cell("12.50"), "12.50");
        assert_eq!(csv_cell("x\u{1b}[2J"), "x�[2J");
    }

    #[test]
    fn json_escapes_c1_and_bidi_and_stays_the_same_value() {
        let value = serde_json::json!({"title": "a\u{85}b\u{9b}c\u{202e}d\u{1b}"});
        let text = json_text(serde_json::to_string(&value).unwrap_or_default());
        assert_eq!(text, "{\"title\":\"a\\u0085b\\u009bc\\u202ed\\u001b\"}");
        assert!(!text.chars().any(is_control));
        let back: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
        assert_eq!(back, value);
    }
}
