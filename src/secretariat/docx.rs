//! A Word write-up (.docx) as the contest file's text: paragraphs split by
//! blank lines, headings as `#`, list items as `- `, tables as `|` rows.
//!
//! Read with `zip` and `quick-xml` straight from `word/document.xml`: the
//! reader crates either pull in far more than text or do not bound what
//! a hostile archive unpacks to; `archive::check` does that first here.

use std::collections::HashMap;

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use super::archive::{self, ArchiveProblem};

/// Why a .docx gave no text.
#[derive(Clone, Debug, PartialEq)]
pub enum DocxProblem {
    Archive(ArchiveProblem),
    /// Not a Word document, or XML jury cannot read.
    Unreadable(String),
}

fn attr(e: &BytesStart, key: &[u8]) -> Option<String> {
    let a = e.try_get_attribute(key).ok().flatten()?;
    let raw = std::str::from_utf8(&a.value).ok()?;
    quick_xml::escape::unescape(raw)
        .ok()
        .map(|v| v.into_owned())
}

/// Heading levels by style id, from `word/styles.xml`: a style named
/// "heading N" (in any case) or "Title"; ids like `Heading2` need no
/// styles file.
fn heading_styles(styles: &str) -> HashMap<String, usize> {
    let mut out = HashMap::new();
    let mut reader = Reader::from_str(styles);
    let mut current: Option<String> = None;
    while let Ok(event) = reader.read_event() {
        match event {
            Event::Start(e) if e.name().as_ref() == b"w:style" => {
                current = attr(&e, b"w:styleId");
            }
            Event::Empty(e) | Event::Start(e) if e.name().as_ref() == b"w:name" => {
                if let (Some(id), Some(name)) = (&current, attr(&e, b"w:val"))
                    && let Some(level) = heading_level(&name)
                {
                    out.insert(id.clone(), level);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

fn heading_level(name: &str) -> Option<usize> {
    let n = name.to_ascii_lowercase().replace(' ', "");
    if n == "title" {
        return Some(1);
    }
    let level: usize = n.strip_prefix("heading")?.parse().ok()?;
    (1..=6).contains(&level).then_some(level)
}

/// The text of the write-up in `bytes`.
pub fn text(bytes: &[u8]) -> Result<String, DocxProblem> {
    archive::check(bytes).map_err(DocxProblem::Archive)?;
    let document = archive::member_text(bytes, "word/document.xml")
        .map_err(DocxProblem::Archive)?
        .ok_or_else(|| DocxProblem::Unreadable("word/document.xml is missing".into()))?;
    let styles = archive::member_text(bytes, "word/styles.xml")
        .map_err(DocxProblem::Archive)?
        .map(|s| heading_styles(&s))
        .unwrap_or_default();
    body(&document, &styles)
}

#[derive(Default)]
struct Paragraph {
    text: String,
    style: Option<String>,
    list: bool,
}

/// Walks the body: paragraphs become blocks, a table becomes one block of rows.
fn body(xml: &str, styles: &HashMap<String, usize>) -> Result<String, DocxProblem> {
    let mut reader = Reader::from_str(xml);
    let mut blocks: Vec<String> = Vec::new();
    let mut para = Paragraph::default();
    let mut in_text = false;
    let mut tables = 0usize;
    let (mut rows, mut cells, mut cell) = (Vec::<String>::new(), Vec::<String>::new(), Vec::new());
    loop {
        let event = reader
            .read_event()
            .map_err(|e| DocxProblem::Unreadable(e.to_string()))?;
        match event {
            Event::Start(e) => match e.name().as_ref() {
                b"w:p" => para = Paragraph::default(),
                b"w:t" => in_text = true,
                b"w:tbl" => tables += 1,
                b"w:tr" if tables == 1 => cells.clear(),
                b"w:tc" if tables == 1 => cell.clear(),
                b"w:numPr" => para.list = true,
                _ => {}
            },
            Event::Empty(e) => match e.name().as_ref() {
                b"w:pStyle" => para.style = attr(&e, b"w:val"),
                b"w:numPr" => para.list = true,
                b"w:tab" => para.text.push('\t'),
                b"w:br" | b"w:cr" => para.text.push(' '),
                _ => {}
            },
            Event::Text(t) if in_text => {
                let s = t
                    .decode()
                    .map_err(|e| DocxProblem::Unreadable(e.to_string()))?;
                para.text.push_str(&s);
            }
            Event::GeneralRef(r) if in_text => {
                if let Ok(Some(c)) = r.resolve_char_ref() {
                    para.text.push(c);
                } else if let Ok(name) = r.decode()
                    && let Some(s) = quick_xml::escape::resolve_predefined_entity(&name)
                {
                    para.text.push_str(s);
                }
            }
            Event::End(e) => match e.name().as_ref() {
                b"w:t" => in_text = false,
                b"w:p" => {
                    let p = std::mem::take(&mut para);
                    let text = p.text.split_whitespace().collect::<Vec<_>>().join(" ");
                    if text.is_empty() {
                        continue;
                    }
                    if tables > 0 {
                        cell.push(text);
                    } else {
                        blocks.push(block(text, &p, styles));
                    }
                }
                b"w:tc" if tables == 1 => cells.push(cell.join(" ").replace('|', "/")),
                b"w:tr" if tables == 1 => rows.push(format!("| {} |", cells.join(" | "))),
                b"w:tbl" => {
                    tables = tables.saturating_sub(1);
                    if tables == 0 && !rows.is_empty() {
                        blocks.push(rows.join("\n"));
                        rows.clear();
                    }
                }
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(join_blocks(blocks))
}

fn block(text: String, p: &Paragraph, styles: &HashMap<String, usize>) -> String {
    let level = p
        .style
        .as_deref()
        .and_then(|s| styles.get(s).copied().or_else(|| heading_level(s)));
    let is_list_style = p
        .style
        .as_deref()
        .is_some_and(|s| s.to_ascii_lowercase().contains("list"));
    match level {
        Some(n) => format!("{} {text}", "#".repeat(n)),
        None if p.list || is_list_style => format!("- {text}"),
        None => text,
    }
}

/// Blank lines between blocks, but list items of one list stay together.
fn join_blocks(blocks: Vec<String>) -> String {
    let mut out = String::new();
    for (i, b) in blocks.iter().enumerate() {
        if i > 0 {
            let both_items = b.starts_with("- ") && blocks[i - 1].starts_with("- ");
            out.push_str(if both_items { "\n" } else { "\n\n" });
        }
        out.push_str(b);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>
<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t>Đặt vấn đề</w:t></w:r></w:p>
<w:p><w:r><w:t xml:space="preserve">Một phần </w:t></w:r><w:r><w:t>&amp; hai.</w:t></w:r></w:p>
<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t>Bước một</w:t></w:r></w:p>
<w:p><w:pPr><w:pStyle w:val="ListBullet"/></w:pPr><w:r><w:t>Bước hai</w:t></w:r></w:p>
<w:tbl><w:tr><w:tc><w:p><w:r><w:t>Chỉ số</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>Trước</w:t></w:r></w:p></w:tc></w:tr>
<w:tr><w:tc><w:p><w:r><w:t>Ngày</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>15</w:t></w:r></w:p></w:tc></w:tr></w:tbl>
<w:p><w:pPr><w:pStyle w:val="a1"/></w:pPr><w:r><w:t>Kết quả</w:t></w:r></w:p>
</w:body></w:document>"#;

    #[test]
    fn headings_lists_tables_and_paragraphs() {
        let styles = heading_styles(
            r#"<w:styles><w:style w:styleId="a1"><w:name w:val="heading 2"/></w:style></w:styles>"#,
        );
        assert_eq!(
            body(DOC, &styles).unwrap(),
            "# Đặt vấn đề\n\nMột phần & hai.\n\n- Bước một\n- Bước hai\n\n| Chỉ số | Trước |\n| Ngày | 15 |\n\n## Kết quả"
        );
    }

    #[test]
    fn a_file_that_is_not_a_zip_is_refused() {
        assert!(matches!(
            text(b"{\\rtf1 not a docx}"),
            Err(DocxProblem::Archive(ArchiveProblem::NotZip(_)))
        ));
    }
}
