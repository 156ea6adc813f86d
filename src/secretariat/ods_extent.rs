//! How far an .ods sheet really reaches, counted from `content.xml`'s
//! repeat attributes before calamine expands them into cells.

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use super::grid::{GridProblem, MAX_COLUMNS, MAX_ROWS};

fn repeats(e: &BytesStart, key: &[u8]) -> u64 {
    e.try_get_attribute(key)
        .ok()
        .flatten()
        .and_then(|a| std::str::from_utf8(&a.value).ok()?.parse().ok())
        .unwrap_or(1)
}

fn is_cell(e: &BytesStart) -> bool {
    matches!(
        e.name().as_ref(),
        b"table:table-cell" | b"table:covered-table-cell"
    )
}

/// Refuses a document whose tables hold a value past row `MAX_ROWS` or
/// column `MAX_COLUMNS`, counting repeated rows and cells.
pub fn check(content: &str) -> Result<(), GridProblem> {
    let mut reader = Reader::from_str(content);
    let (mut row, mut column) = (0u64, 0u64);
    let (mut row_repeats, mut row_has_value) = (1u64, false);
    loop {
        let event = reader
            .read_event()
            .map_err(|e| GridProblem::Unreadable(e.to_string()))?;
        // A cell with content (a Start element) or a typed value holds something.
        let cell = match &event {
            Event::Start(e) if is_cell(e) => Some((e, true)),
            Event::Empty(e) if is_cell(e) => Some((e, false)),
            _ => None,
        };
        if let Some((e, has_content)) = cell {
            let has_value = has_content
                || e.try_get_attribute(b"office:value-type")
                    .ok()
                    .flatten()
                    .is_some();
            column = column.saturating_add(repeats(e, b"table:number-columns-repeated"));
            if has_value {
                row_has_value = true;
                if column > u64::from(MAX_COLUMNS) {
                    return Err(GridProblem::TooManyColumns);
                }
            }
            continue;
        }
        match event {
            Event::Start(e) if e.name().as_ref() == b"table:table" => row = 0,
            Event::Start(e) if e.name().as_ref() == b"table:table-row" => {
                row_repeats = repeats(&e, b"table:number-rows-repeated");
                (column, row_has_value) = (0, false);
            }
            Event::Empty(e) if e.name().as_ref() == b"table:table-row" => {
                row = row.saturating_add(repeats(&e, b"table:number-rows-repeated"));
            }
            Event::End(e) if e.name().as_ref() == b"table:table-row" => {
                row = row.saturating_add(row_repeats);
                if row_has_value && row > u64::from(MAX_ROWS) {
                    return Err(GridProblem::TooManyRows);
                }
            }
            Event::Eof => return Ok(()),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(rows: &str) -> String {
        format!(
            "<office:document-content><table:table>{rows}</table:table></office:document-content>"
        )
    }

    #[test]
    fn trailing_empty_repeats_as_libreoffice_writes_them_pass() {
        let t = table(
            r#"<table:table-row><table:table-cell office:value-type="string"><text:p>Mã</text:p></table:table-cell><table:table-cell table:number-columns-repeated="1023"/></table:table-row><table:table-row table:number-rows-repeated="1048575"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>"#,
        );
        assert_eq!(check(&t), Ok(()));
    }

    #[test]
    fn a_value_repeated_a_billion_times_is_refused() {
        let wide = table(
            r#"<table:table-row><table:table-cell table:number-columns-repeated="1000000000" office:value-type="float" office:value="1"/></table:table-row>"#,
        );
        assert_eq!(check(&wide), Err(GridProblem::TooManyColumns));
        let tall = table(
            r#"<table:table-row table:number-rows-repeated="1000000000"><table:table-cell office:value-type="float" office:value="1"/></table:table-row>"#,
        );
        assert_eq!(check(&tall), Err(GridProblem::TooManyRows));
    }
}
