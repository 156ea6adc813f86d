//! The documents as an .xlsx workbook, one worksheet each: what the
//! secretariat edits and files.

use rust_xlsxwriter::{Format, Workbook, XlsxError};

use super::documents::{Block, Cell, Document};

/// The documents' typeface, as NĐ 30/2020 asks.
const FONT: &str = "Times New Roman";

/// A4 in Excel's paper codes.
const A4: u8 = 9;

/// A worksheet name Excel accepts, made from any member or entry id: none of
/// `[]:*?/\`, no apostrophe at either end, not "History", at most 31
/// characters, and unique ignoring case (Excel compares names that way).
fn tab_name(name: &str, used: &mut Vec<String>) -> String {
    let kept: String = name
        .chars()
        .filter(|c| !"[]:*?/\\".contains(*c) && !c.is_control())
        .collect();
    let mut clean: String = kept.trim_matches(['\'', ' ']).chars().take(28).collect();
    clean = clean.trim_end_matches(['\'', ' ']).to_string();
    if clean.is_empty() || clean.eq_ignore_ascii_case("history") {
        clean = format!("Sheet{}", used.len() + 1);
    }
    let taken =
        |s: &str, used: &[String]| used.iter().any(|u| u.to_lowercase() == s.to_lowercase());
    let mut out = clean.clone();
    let mut n = 2;
    while taken(&out, used) {
        out = format!("{clean} {n}");
        n += 1;
    }
    used.push(out.clone());
    out
}

pub fn workbook(docs: &[Document]) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let base = Format::new().set_font_name(FONT).set_font_size(12);
    let title = base.clone().set_bold().set_font_size(13);
    let bold = base.clone().set_bold();
    let header = base
        .clone()
        .set_bold()
        .set_text_wrap()
        .set_border(rust_xlsxwriter::FormatBorder::Thin);
    let text = base
        .clone()
        .set_text_wrap()
        .set_border(rust_xlsxwriter::FormatBorder::Thin);
    // Two decimals always: "0.##" would show 93 as "93.".
    let score = base
        .clone()
        .set_num_format("0.00")
        .set_border(rust_xlsxwriter::FormatBorder::Thin);
    let whole = base
        .clone()
        .set_num_format("0")
        .set_border(rust_xlsxwriter::FormatBorder::Thin);
    let mut used = Vec::new();
    for d in docs {
        let sheet = book.add_worksheet();
        sheet.set_name(tab_name(&d.tab, &mut used))?;
        // Printed on A4 landscape, as wide as the page, the table's header on every page.
        sheet.set_paper_size(A4);
        sheet.set_landscape();
        sheet.set_print_fit_to_pages(1, 0);
        // Inches: left 23 mm, right 18 mm, top and bottom 23 mm.
        sheet.set_margins(0.9, 0.7, 0.9, 0.9, 0.3, 0.3);
        sheet.write_string_with_format(0, 0, &d.title, &title)?;
        let mut header_repeated = false;
        let mut row: u32 = 2;
        let mut widths: Vec<usize> = Vec::new();
        for b in &d.blocks {
            match b {
                Block::Line(l) => {
                    sheet.write_string_with_format(row, 0, l, &base)?;
                    row += 1;
                }
                Block::Heading(h) => {
                    row += 1;
                    sheet.write_string_with_format(row, 0, h, &bold)?;
                    row += 1;
                }
                Block::Table { header: head, rows } => {
                    if !header_repeated {
                        sheet.set_repeat_rows(row, row)?;
                        header_repeated = true;
                    }
                    for (c, h) in head.iter().enumerate() {
                        sheet.write_string_with_format(row, c as u16, h, &header)?;
                        grow(&mut widths, c, h.chars().count().min(30));
                    }
                    row += 1;
                    for r in rows {
                        for (c, cell) in r.iter().enumerate() {
                            let col = c as u16;
                            match cell {
                                Cell::Text(s) => {
                                    sheet.write_string_with_format(row, col, s, &text)?;
                                    grow(&mut widths, c, s.chars().count().min(60));
                                }
                                Cell::Whole(n) => {
                                    sheet.write_number_with_format(row, col, *n, &whole)?;
                                }
                                Cell::Score(x) | Cell::Points(x) => {
                                    sheet.write_number_with_format(row, col, *x, &score)?;
                                }
                                Cell::Empty => {
                                    sheet.write_blank(row, col, &text)?;
                                }
                            }
                        }
                        row += 1;
                    }
                    row += 1;
                }
            }
        }
        for (c, w) in widths.iter().enumerate() {
            sheet.set_column_width(c as u16, (*w as f64 + 2.0).clamp(6.0, 62.0))?;
        }
    }
    book.save_to_buffer()
}

fn grow(widths: &mut Vec<usize>, col: usize, w: usize) {
    if widths.len() <= col {
        widths.resize(col + 1, 0);
    }
    widths[col] = widths[col].max(w);
}
