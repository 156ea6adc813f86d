//! Fitting text into columns by display width (Vietnamese, CJK, emoji):
//! pure, so the screens and the app (which counts the lines it scrolls) agree.

use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

pub fn width(s: &str) -> usize {
    s.width()
}

/// `s` cut to `max` columns, with `…` when cut; never splits a grapheme.
pub fn fit(s: &str, max: usize) -> String {
    if s.width() <= max {
        return s.to_string();
    }
    if max == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for g in s.graphemes(true) {
        let w = g.width();
        if used + w > max - 1 {
            break;
        }
        out.push_str(g);
        used += w;
    }
    out.push('…');
    out
}

/// `s` fitted and padded with spaces to exactly `cols` columns.
pub fn pad(s: &str, cols: usize) -> String {
    let f = fit(s, cols);
    let w = f.width();
    format!("{f}{}", " ".repeat(cols.saturating_sub(w)))
}

/// `s` fitted and right-aligned in `cols` columns.
pub fn pad_left(s: &str, cols: usize) -> String {
    let f = fit(s, cols);
    let w = f.width();
    format!("{}{f}", " ".repeat(cols.saturating_sub(w)))
}

/// What a one-line box `room` columns wide shows of `s` with the cursor at
/// display column `col`: the text scrolled just enough that the cursor
/// stays inside (with a column for it after the last letter), and the
/// cursor's column within the box. Wide letters scroll whole.
pub fn scroll_to_cursor(s: &str, col: usize, room: usize) -> (String, usize) {
    let room = room.max(1);
    let mut start = 0;
    let mut rest = s;
    for g in s.graphemes(true) {
        if col.saturating_sub(start) < room {
            break;
        }
        start += g.width();
        rest = &rest[g.len()..];
    }
    let mut shown = String::new();
    let mut used = 0;
    for g in rest.graphemes(true) {
        if used + g.width() > room {
            break;
        }
        used += g.width();
        shown.push_str(g);
    }
    (shown, col.saturating_sub(start).min(room - 1))
}

/// Word-wraps `s` to `cols` columns, breaking at spaces (punctuation stays
/// with its word) and hard-splitting words longer than a line.
pub fn wrap(s: &str, cols: usize) -> Vec<String> {
    let cols = cols.max(1);
    let mut lines = Vec::new();
    for para in s.split('\n') {
        let mut line = String::new();
        let mut used = 0;
        for word in para.split(' ') {
            let w = word.width();
            let gap = usize::from(!line.is_empty());
            if used + gap + w > cols && !line.is_empty() {
                lines.push(std::mem::take(&mut line));
                used = 0;
            } else if gap == 1 {
                line.push(' ');
                used += 1;
            }
            if w <= cols {
                line.push_str(word);
                used += w;
                continue;
            }
            for g in word.graphemes(true) {
                let gw = g.width();
                if used + gw > cols && !line.is_empty() {
                    lines.push(std::mem::take(&mut line));
                    used = 0;
                }
                line.push_str(g);
                used += gw;
            }
        }
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fits_vietnamese_and_wide_text() {
        assert_eq!(fit("Cải cách hành chính", 8), "Cải các…");
        assert_eq!(width(&fit("中文中文", 5)), 5);
        assert_eq!(fit("ngắn", 10), "ngắn");
        assert_eq!(pad("ệ", 3), "ệ  ");
        assert_eq!(pad_left("25", 4), "  25");
    }

    #[test]
    fn wraps_within_the_width() {
        let lines = wrap("Số hóa sổ hộ tịch tại Ủy ban nhân dân xã Tân Phú", 12);
        assert!(lines.iter().all(|l| width(l) <= 12), "{lines:?}");
        assert_eq!(
            lines.join(" "),
            "Số hóa sổ hộ tịch tại Ủy ban nhân dân xã Tân Phú"
        );
        assert_eq!(wrap("abcdefghij", 4), vec!["abcd", "efgh", "ij"]);
        assert_eq!(wrap("giảm 15 phút.", 12), vec!["giảm 15", "phút."]);
        assert_eq!(wrap("a\n\nb", 5), vec!["a", "", "b"]);
    }
}
