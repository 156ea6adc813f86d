//! CSV as Excel and LibreOffice save it: UTF-8 with or without a
//! byte-order mark, fields quoted with `"`, separated by `,`, `;` or tab.

use super::grid::{Grid, GridProblem, Value};

/// The separator the header line uses most, outside quotes.
fn separator(text: &str) -> char {
    let first = text.lines().next().unwrap_or_default();
    let mut quoted = false;
    let mut counts = [(',', 0), (';', 0), ('\t', 0)];
    for c in first.chars() {
        if c == '"' {
            quoted = !quoted;
        } else if !quoted && let Some(n) = counts.iter_mut().find(|(s, _)| *s == c) {
            n.1 += 1;
        }
    }
    counts
        .iter()
        .max_by_key(|(_, n)| *n)
        .map_or(',', |(s, _)| *s)
}

/// Parses `bytes` into a grid named `sheet`.
pub fn read(sheet: &str, bytes: &[u8]) -> Result<Grid, GridProblem> {
    let bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|e| GridProblem::NotUtf8(e.valid_up_to()))?;
    let sep = separator(text);
    let mut grid = Grid {
        sheet: sheet.to_string(),
        ..Grid::default()
    };
    let (mut row, mut column) = (0u32, 0u32);
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    let put = |grid: &mut Grid, row: u32, column: u32, field: &mut String| {
        let value = std::mem::take(field);
        grid.put_text(row, column, value)
    };
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => quoted = false,
                c => field.push(c),
            }
            continue;
        }
        match c {
            '"' => quoted = true,
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' | '\r' => {
                put(&mut grid, row, column, &mut field)?;
                row += 1;
                column = 0;
            }
            c if c == sep => {
                put(&mut grid, row, column, &mut field)?;
                column += 1;
            }
            c => field.push(c),
        }
    }
    put(&mut grid, row, column, &mut field)?;
    Ok(grid)
}

impl Grid {
    fn put_text(&mut self, row: u32, column: u32, text: String) -> Result<(), GridProblem> {
        let value = if text.trim().is_empty() {
            Value::Empty
        } else {
            Value::Text(text)
        };
        self.put_value(row, column, value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_byte_order_mark_reads_the_same() {
        let plain = "Mã,Tên sáng kiến\nSK01,\"Một, hai\"\n";
        let bom = format!("\u{feff}{plain}");
        let a = read("s", plain.as_bytes()).unwrap();
        let b = read("s", bom.as_bytes()).unwrap();
        assert_eq!(a.get(0, 0), &Value::Text("Mã".into()));
        assert_eq!(a.cells, b.cells);
        assert_eq!(a.get(1, 1), &Value::Text("Một, hai".into()));
    }

    #[test]
    fn semicolons_quotes_and_new_lines_inside_quotes() {
        let g = read(
            "s",
            "id;authors\r\nSK01;\"An (60%)\nBình (40%)\"\r\n".as_bytes(),
        )
        .unwrap();
        assert_eq!(g.get(1, 1), &Value::Text("An (60%)\nBình (40%)".into()));
        assert_eq!(g.get(1, 0), &Value::Text("SK01".into()));
    }

    #[test]
    fn not_utf8_is_refused_with_where() {
        assert_eq!(read("s", b"id\n\xff"), Err(GridProblem::NotUtf8(3)));
    }
}
