//! An entry's write-up laid out for reading: paragraphs wrapped to a width
//! by display columns (a Vietnamese letter with its marks is one column, a
//! CJK letter two), `#` headings, `-` items with a hanging indent and `|`
//! tables as aligned columns. Pure, so the app can count the lines it
//! scrolls through and the screen draws the very same lines.

use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

use super::escape::terminal_line;

/// What a laid-out line is, for its style on screen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LineKind {
    Heading,
    Body,
    /// A field of the entry: label and value.
    Field,
    Item,
    Table,
    /// A table's rule under its header row.
    Rule,
    Blank,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocLine {
    pub text: String,
    pub kind: LineKind,
    /// The lines of the write-up (0-based, split on '\n', first and last)
    /// this line was laid out from; annotations are kept against these.
    pub source: Option<(u32, u32)>,
}

impl DocLine {
    pub fn new(text: impl Into<String>, kind: LineKind) -> DocLine {
        DocLine {
            text: text.into(),
            kind,
            source: None,
        }
    }

    fn from_lines(text: impl Into<String>, kind: LineKind, first: usize, last: usize) -> DocLine {
        DocLine {
            source: Some((first as u32, last as u32)),
            ..DocLine::new(text, kind)
        }
    }

    pub fn blank() -> DocLine {
        DocLine::new("", LineKind::Blank)
    }
}

/// Display columns of `s`.
pub fn columns(s: &str) -> usize {
    s.width()
}

/// `text` word-wrapped to `cols` columns: the first line starts with
/// `first`, the ones after with `indent` spaces, so list items hang. Words
/// longer than a line are split between graphemes, never inside one.
pub fn wrap_hanging(text: &str, cols: usize, first: &str, indent: usize) -> Vec<String> {
    let cols = cols.max(indent + 1).max(first.width() + 1);
    let mut lines = Vec::new();
    let mut line = first.to_string();
    let mut used = first.width();
    let mut start = used;
    for word in text.split_whitespace() {
        let w = word.width();
        let gap = usize::from(used > start);
        if used + gap + w > cols && used > start {
            lines.push(std::mem::take(&mut line));
            line = " ".repeat(indent);
            used = indent;
            start = indent;
        } else if gap == 1 {
            line.push(' ');
            used += 1;
        }
        if used + w <= cols {
            line.push_str(word);
            used += w;
            continue;
        }
        for g in word.graphemes(true) {
            let gw = g.width();
            if used + gw > cols && used > start {
                lines.push(std::mem::take(&mut line));
                line = " ".repeat(indent);
                used = indent;
                start = indent;
            }
            line.push_str(g);
            used += gw;
        }
    }
    lines.push(line);
    lines
}

/// The write-up `doc` laid out `cols` columns wide. Blocks are separated by
/// blank lines; every control character is shown as `�`.
pub fn layout(doc: &str, cols: usize) -> Vec<DocLine> {
    let mut out: Vec<DocLine> = Vec::new();
    // Table rows with their first line; paragraph lines likewise.
    let mut table: Vec<Vec<String>> = Vec::new();
    let mut table_from = 0;
    let mut para: Vec<String> = Vec::new();
    let mut para_from = 0;
    let flush_para = |para: &mut Vec<String>, from: usize, out: &mut Vec<DocLine>| {
        if para.is_empty() {
            return;
        }
        let text = para.join(" ");
        let last = from + para.len() - 1;
        para.clear();
        gap(out);
        for l in wrap_hanging(&text, cols, "", 0) {
            out.push(DocLine::from_lines(l, LineKind::Body, from, last));
        }
    };
    let flush_table = |table: &mut Vec<Vec<String>>, from: usize, out: &mut Vec<DocLine>| {
        if table.is_empty() {
            return;
        }
        gap(out);
        let last = from + table.len() - 1;
        for mut l in lay_table(&std::mem::take(table), cols) {
            l.source = Some((from as u32, last as u32));
            out.push(l);
        }
    };
    for (n, raw) in doc.lines().enumerate() {
        let line = terminal_line(raw);
        let line = line.trim();
        if line.starts_with('|') || (line.contains('|') && !table.is_empty()) {
            flush_para(&mut para, para_from, &mut out);
            if table.is_empty() {
                table_from = n;
            }
            table.push(cells(line));
            continue;
        }
        flush_table(&mut table, table_from, &mut out);
        if line.is_empty() {
            flush_para(&mut para, para_from, &mut out);
        } else if let Some(h) = line.strip_prefix('#') {
            flush_para(&mut para, para_from, &mut out);
            gap(&mut out);
            let h = h.trim_start_matches('#').trim();
            for l in wrap_hanging(h, cols, "", 0) {
                out.push(DocLine::from_lines(l, LineKind::Heading, n, n));
            }
        } else if let Some(item) = line.strip_prefix("- ").or(line.strip_prefix("* ")) {
            flush_para(&mut para, para_from, &mut out);
            // Items of one list stand together, without blank lines between.
            if out.last().is_some_and(|l| l.kind != LineKind::Item) {
                gap(&mut out);
            }
            for l in wrap_hanging(item.trim(), cols, "  • ", 4) {
                out.push(DocLine::from_lines(l, LineKind::Item, n, n));
            }
        } else {
            if para.is_empty() {
                para_from = n;
            }
            para.push(line.to_string());
        }
    }
    flush_table(&mut table, table_from, &mut out);
    flush_para(&mut para, para_from, &mut out);
    out
}

/// One blank line between blocks, none at the top.
fn gap(out: &mut Vec<DocLine>) {
    if out.last().is_some_and(|l| l.kind != LineKind::Blank) {
        out.push(DocLine::blank());
    }
}

fn cells(row: &str) -> Vec<String> {
    let row = row.trim().trim_start_matches('|');
    let row = row.strip_suffix('|').unwrap_or(row);
    row.split('|').map(|c| c.trim().to_string()).collect()
}

/// A Markdown separator row (`|---|:--:|`) says only where the header ends.
fn is_rule(row: &[String]) -> bool {
    row.iter()
        .all(|c| !c.is_empty() && c.chars().all(|ch| matches!(ch, '-' | ':' | ' ')))
}

/// The rows as columns: each cell wrapped within its column, columns split
/// by `│`. Columns that would not fit share the width in proportion.
fn lay_table(rows: &[Vec<String>], cols: usize) -> Vec<DocLine> {
    let header_rule = rows.get(1).is_some_and(|r| is_rule(r));
    let rows: Vec<&Vec<String>> = rows.iter().filter(|r| !is_rule(r)).collect();
    let n = rows.iter().map(|r| r.len()).max().unwrap_or(0).max(1);
    let sep = 3; // " │ "
    let room = cols.saturating_sub(sep * (n - 1)).max(n);
    let mut widths: Vec<usize> = (0..n)
        .map(|c| {
            rows.iter()
                .filter_map(|r| r.get(c))
                .map(|s| s.width())
                .max()
                .unwrap_or(0)
                .max(1)
        })
        .collect();
    while widths.iter().sum::<usize>() > room {
        // Narrow the widest column one column at a time: short columns
        // (numbers, dates) keep their width.
        let Some((i, _)) = widths.iter().enumerate().max_by_key(|(_, w)| **w) else {
            break;
        };
        if widths[i] <= 1 {
            break;
        }
        widths[i] -= 1;
    }
    let mut out = Vec::new();
    for (r, row) in rows.iter().enumerate() {
        let wrapped: Vec<Vec<String>> = (0..n)
            .map(|c| {
                let cell = row.get(c).map(String::as_str).unwrap_or("");
                wrap_hanging(cell, widths[c], "", 0)
            })
            .collect();
        let height = wrapped.iter().map(Vec::len).max().unwrap_or(1);
        for i in 0..height {
            let parts: Vec<String> = (0..n)
                .map(|c| {
                    let s = wrapped[c].get(i).map(String::as_str).unwrap_or("");
                    format!("{s}{}", " ".repeat(widths[c].saturating_sub(s.width())))
                })
                .collect();
            out.push(DocLine::new(
                parts.join(" │ ").trim_end().to_string(),
                LineKind::Table,
            ));
        }
        if r == 0 && header_rule {
            let rule: Vec<String> = widths.iter().map(|w| "─".repeat(*w)).collect();
            out.push(DocLine::new(rule.join("─┼─"), LineKind::Rule));
        }
    }
    out
}

/// Byte ranges of `text` where the folded `folded_query` occurs, whole
/// graphemes each: "cai cach" finds "Cải cách" and marks all of it.
pub fn find_folded(text: &str, folded_query: &str) -> Vec<std::ops::Range<usize>> {
    if folded_query.is_empty() {
        return Vec::new();
    }
    // The folded text, and for each of its bytes the grapheme it came from.
    let mut folded = String::new();
    let mut from: Vec<std::ops::Range<usize>> = Vec::new();
    for (at, g) in text.grapheme_indices(true) {
        let f = super::fold::fold(g);
        for _ in 0..f.len() {
            from.push(at..at + g.len());
        }
        folded.push_str(&f);
    }
    let mut out: Vec<std::ops::Range<usize>> = Vec::new();
    let mut start = 0;
    while let Some(pos) = folded[start..].find(folded_query) {
        let begin = start + pos;
        let end = begin + folded_query.len();
        if let (Some(a), Some(b)) = (from.get(begin), from.get(end - 1)) {
            out.push(a.start..b.end);
        }
        start = end;
    }
    out
}

/// Why an attachment's text could not be read. The path is the one on the
/// server, as the attachment lists it, for the member to find the file.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum AttachmentError {
    /// No attachment at that number on an entry the member may see.
    NotListed {
        entry: String,
        index: usize,
    },
    Missing {
        path: String,
    },
    TooBig {
        path: String,
        bytes: u64,
    },
    NotUtf8 {
        path: String,
    },
    Unreadable {
        path: String,
        why: String,
    },
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(lines: &[DocLine]) -> Vec<&str> {
        lines.iter().map(|l| l.text.as_str()).collect()
    }

    #[test]
    fn vietnamese_wraps_by_columns_not_bytes() {
        let text = "Thực trạng: người dân phải chờ đợi rất lâu ở Bộ phận Một cửa.";
        let lines = wrap_hanging(text, 20, "", 0);
        assert!(lines.iter().all(|l| columns(l) <= 20), "{lines:?}");
        assert_eq!(lines.join(" "), text);
        // "Thực trạng: người" is 17 columns though 23 bytes: it fits one line.
        assert_eq!(lines[0], "Thực trạng: người");
    }

    #[test]
    fn items_hang_under_their_text() {
        let lines = layout("- Một hai ba bốn năm sáu bảy tám", 16);
        assert_eq!(
            texts(&lines),
            vec!["  • Một hai ba", "    bốn năm sáu", "    bảy tám"]
        );
        assert!(lines.iter().all(|l| l.kind == LineKind::Item));
    }

    #[test]
    fn headings_paragraphs_and_lists_are_set_apart() {
        let doc = "# Thực trạng\nDòng một\nnối tiếp.\n\n- a\n- b\nSau danh sách.";
        let lines = layout(doc, 40);
        assert_eq!(
            texts(&lines),
            vec![
                "Thực trạng",
                "",
                "Dòng một nối tiếp.",
                "",
                "  • a",
                "  • b",
                "",
                "Sau danh sách."
            ]
        );
        assert_eq!(lines[0].kind, LineKind::Heading);
    }

    #[test]
    fn tables_line_up_in_columns() {
        let doc =
            "| Chỉ tiêu | Trước | Sau |\n|---|---|---|\n| Thời gian chờ | 40 phút | 12 phút |";
        let lines = layout(doc, 60);
        assert_eq!(
            texts(&lines),
            vec![
                "Chỉ tiêu      │ Trước   │ Sau",
                "──────────────┼─────────┼────────",
                "Thời gian chờ │ 40 phút │ 12 phút",
            ]
        );
        // Too narrow: the widest column wraps inside itself, the rest stay.
        let narrow = layout(doc, 26);
        assert!(narrow.iter().all(|l| columns(&l.text) <= 26), "{narrow:?}");
        assert!(narrow.iter().any(|l| l.text.starts_with("Thời")));
    }

    #[test]
    fn finds_without_marks_and_marks_whole_letters() {
        let text = "Cải cách hành chính, cải tiến";
        let found = find_folded(text, &crate::domain::fold::fold("CAI"));
        let shown: Vec<&str> = found.iter().map(|r| &text[r.clone()]).collect();
        assert_eq!(shown, vec!["Cải", "cải"]);
        assert!(find_folded(text, "xyz").is_empty());
    }

    #[test]
    fn each_line_knows_the_lines_of_the_write_up_it_came_from() {
        let doc = "# Đầu\nDòng một\nnối tiếp.\n\n- a\n| x | y |\n| 1 | 2 |";
        let lines = layout(doc, 40);
        let of = |t: &str| {
            lines
                .iter()
                .find(|l| l.text.contains(t))
                .and_then(|l| l.source)
        };
        assert_eq!(of("Đầu"), Some((0, 0)));
        assert_eq!(of("Dòng một"), Some((1, 2)));
        assert_eq!(of("• a"), Some((4, 4)));
        assert_eq!(of("1 │ 2"), Some((5, 6)));
        assert_eq!(
            lines
                .iter()
                .find(|l| l.text.is_empty())
                .and_then(|l| l.source),
            None
        );
    }

    #[test]
    fn controls_never_reach_the_screen() {
        let lines = layout("Tiêu đề\u{1b}[2J giả", 40);
        assert!(!lines[0].text.contains('\u{1b}'));
    }
}
