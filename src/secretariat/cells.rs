//! One cell's text as an entry's date, authors or reform area.

use crate::domain::Points;
use crate::domain::entry::{Author, Field, KNOWN_FIELDS, is_iso_date};
use crate::domain::fold::fold;

use super::grid::Value;

/// Excel counts days from 1899-12-30 (its 1900 leap-year bug folded in).
fn from_serial(serial: f64) -> Option<String> {
    if !(1.0..=2_958_465.0).contains(&serial) {
        return None;
    }
    let epoch = chrono::NaiveDate::from_ymd_opt(1899, 12, 30)?;
    let day = epoch.checked_add_signed(chrono::TimeDelta::try_days(serial.floor() as i64)?)?;
    Some(day.format("%Y-%m-%d").to_string())
}

/// A date cell, an Excel serial number, `dd/mm/yyyy` (or with `-` or `.`)
/// or `yyyy-mm-dd`, as YYYY-MM-DD; `None` when it is none of these.
pub fn date(value: &Value) -> Option<String> {
    match value {
        Value::Date(d) => Some(d.clone()),
        Value::Number(n) => from_serial(*n),
        Value::Text(t) => {
            let t = t.trim();
            if is_iso_date(t) {
                return Some(t.to_string());
            }
            let parts: Vec<&str> = t.split(['/', '-', '.']).collect();
            let [d, m, y] = parts.as_slice() else {
                return None;
            };
            if y.len() != 4 || d.is_empty() || d.len() > 2 || m.is_empty() || m.len() > 2 {
                return None;
            }
            let iso = format!("{y}-{m:0>2}-{d:0>2}");
            is_iso_date(&iso).then_some(iso)
        }
        Value::Empty => None,
    }
}

/// A percentage as `40`, `40%`, `33,5` or `33.5`.
fn percent(text: &str) -> Option<Points> {
    let t = text.trim().trim_end_matches('%').trim().replace(',', ".");
    if t.is_empty() || !t.chars().all(|c| c.is_ascii_digit() || c == '.') {
        return None;
    }
    Points::from_f64(t.parse().ok()?)
}

/// Authors separated by `;` or new lines, each `Name` or `Name (40%)`;
/// `Err` holds the piece whose share cannot be read.
pub fn authors(text: &str) -> Result<Vec<Author>, String> {
    let mut out = Vec::new();
    for piece in text.split([';', '\n', '\r']) {
        let piece = piece.trim();
        if piece.is_empty() {
            continue;
        }
        match piece.rfind('(') {
            Some(open) if piece.ends_with(')') && piece[open..].contains('%') => {
                let share =
                    percent(&piece[open + 1..piece.len() - 1]).ok_or_else(|| piece.to_string())?;
                out.push(Author {
                    share: Some(share),
                    ..Author::named(piece[..open].trim())
                });
            }
            _ => out.push(Author::named(piece)),
        }
    }
    Ok(out)
}

/// The reform area a cell names: a known area's id, short code or name in
/// either language, or a field the contest's entries already use.
pub fn field(text: &str, contest_fields: &[String]) -> Option<String> {
    let f = fold(text.trim());
    let known = KNOWN_FIELDS.iter().find(|k| {
        [k.id, k.vi_short, k.en_short, k.vi, k.en]
            .iter()
            .any(|name| fold(name) == f)
    });
    if let Some(Field { id, .. }) = known {
        return Some(id.to_string());
    }
    contest_fields.iter().find(|c| fold(c) == f).cloned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_as_secretariats_write_them() {
        assert_eq!(date(&Value::Number(45366.0)).as_deref(), Some("2024-03-15"));
        assert_eq!(
            date(&Value::Text("15/03/2024".into())).as_deref(),
            Some("2024-03-15")
        );
        assert_eq!(
            date(&Value::Text("5/3/2024".into())).as_deref(),
            Some("2024-03-05")
        );
        assert_eq!(
            date(&Value::Text("2024-03-15".into())).as_deref(),
            Some("2024-03-15")
        );
        assert_eq!(date(&Value::Text("31/02/2024".into())), None);
        assert_eq!(date(&Value::Text("03/15/2024".into())), None);
        assert_eq!(date(&Value::Text("tháng 3".into())), None);
    }

    #[test]
    fn authors_with_shares() {
        let a = authors("Nguyễn Văn An (60%); Trần Thị Bình (40 %)").unwrap();
        assert_eq!(a.len(), 2);
        assert_eq!(a[0].name, "Nguyễn Văn An");
        assert_eq!(a[0].share, Some(Points::whole(60)));
        assert_eq!(a[1].share, Some(Points::whole(40)));
        let b = authors("Lê C\nPhạm D (Phó phòng)").unwrap();
        assert_eq!(b[1].name, "Phạm D (Phó phòng)");
        assert_eq!(b[1].share, None);
        assert_eq!(
            authors("Lê C (bốn mươi %)"),
            Err("Lê C (bốn mươi %)".to_string())
        );
    }

    #[test]
    fn fields_by_name_or_code() {
        let none: Vec<String> = vec![];
        assert_eq!(field("TTHC", &none).as_deref(), Some("tthc"));
        assert_eq!(field("Thu tuc hanh chinh", &none).as_deref(), Some("tthc"));
        assert_eq!(
            field("Digital government", &none).as_deref(),
            Some("chinh_quyen_so")
        );
        assert_eq!(field("y tế", &none), None);
        assert_eq!(
            field("Y TẾ", &["y_tế".into(), "Y tế".into()]).as_deref(),
            Some("Y tế")
        );
    }
}
