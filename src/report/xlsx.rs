//! The documents as an .xlsx workbook, one worksheet each: what the
//! secretariat edits and files.

use rust_xlsxwriter::{Format, Workbook, XlsxError};

use super::documents::{Block, Cell, Document};

/// Excel refuses these in a worksheet name, and names over 31 characters.
fn tab_name(name: &str, used: &mut Vec<String>) -> String {
    let clean: String = name
        .chars()
        .filter(|c| !"[]:*?/\\".contains(*c))
        .take(28)
        .collect();
    let mut out = clean.clone();
    let mut n = 2;
    while used.contains(&out) {
        out = format!("{clean} {n}");
        n += 1;
    }
    used.push(out.clone());
    out
}

pub fn workbook(docs: &[Document]) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let title = Format::new().set_bold().set_font_size(13);
    let bold = Format::new().set_bold();
    let header = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_border(rust_xlsxwriter::FormatBorder::Thin);
    let text = Format::new()
        .set_text_wrap()
        .set_border(rust_xlsxwriter::FormatBorder::Thin);
    let score = Format::new()
        .set_num_format("0.00")
        .set_border(rust_xlsxwriter::FormatBorder::Thin);
    let points = Format::new()
        .set_num_format("0.##")
        .set_border(rust_xlsxwriter::FormatBorder::Thin);
    let mut used = Vec::new();
    for d in docs {
        let sheet = book.add_worksheet();
        sheet.set_name(tab_name(&d.tab, &mut used))?;
        sheet.write_string_with_format(0, 0, &d.title, &title)?;
        let mut row: u32 = 2;
        let mut widths: Vec<usize> = Vec::new();
        for b in &d.blocks {
            match b {
                Block::Line(l) => {
                    sheet.write_string(row, 0, l)?;
                    row += 1;
                }
                Block::Heading(h) => {
                    row += 1;
                    sheet.write_string_with_format(row, 0, h, &bold)?;
                    row += 1;
                }
                Block::Table { header: head, rows } => {
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
                                Cell::Score(x) => {
                                    sheet.write_number_with_format(row, col, *x, &score)?;
                                }
                                Cell::Points(x) => {
                                    sheet.write_number_with_format(row, col, *x, &points)?;
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
