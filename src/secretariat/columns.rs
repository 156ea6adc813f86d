//! Which column holds which key: headers in Vietnamese or English, with
//! or without diacritics, in any case.

use std::collections::BTreeMap;

use super::grid::Grid;

/// The keys of an entry a spreadsheet can give.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Key {
    Id,
    Title,
    Authors,
    Unit,
    Field,
    Summary,
    Submitted,
}

impl Key {
    pub const ALL: [Key; 7] = [
        Key::Id,
        Key::Title,
        Key::Authors,
        Key::Unit,
        Key::Field,
        Key::Summary,
        Key::Submitted,
    ];

    /// The key's name in the contest file.
    pub fn name(self) -> &'static str {
        match self {
            Key::Id => "id",
            Key::Title => "title",
            Key::Authors => "authors",
            Key::Unit => "unit",
            Key::Field => "field",
            Key::Summary => "summary",
            Key::Submitted => "submitted",
        }
    }

    /// The headers a secretariat writes for it, as `fold_header` leaves them.
    fn headers(self) -> &'static [&'static str] {
        match self {
            Key::Id => &["ma", "ma ho so", "ma so", "ma sang kien", "id"],
            Key::Title => &["ten sang kien", "ten giai phap", "title"],
            Key::Authors => &["tac gia", "dong tac gia", "authors", "author"],
            Key::Unit => &["don vi", "don vi cong tac", "unit"],
            Key::Field => &["linh vuc", "field"],
            Key::Summary => &["tom tat", "summary"],
            Key::Submitted => &["ngay nop", "ngay nop ho so", "submitted"],
        }
    }

    /// The headers to suggest in a message, as a person writes them.
    pub fn shown(self) -> &'static str {
        match self {
            Key::Id => "Mã / Mã hồ sơ / id",
            Key::Title => "Tên sáng kiến / Tên giải pháp / title",
            Key::Authors => "Tác giả / authors",
            Key::Unit => "Đơn vị / unit",
            Key::Field => "Lĩnh vực / field",
            Key::Summary => "Tóm tắt / summary",
            Key::Submitted => "Ngày nộp / submitted",
        }
    }
}

/// A header as compared: folded, a trailing "(…)" and punctuation dropped,
/// spaces collapsed: "MÃ HỒ SƠ (*)" → "ma ho so".
fn fold_header(text: &str) -> String {
    let folded = crate::domain::fold::fold(text);
    let cut = match (folded.find('('), folded.ends_with(')')) {
        (Some(at), true) if at > 0 => &folded[..at],
        _ => folded.as_str(),
    };
    let spaced: String = cut
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    spaced.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The key a header names, if any.
pub fn key_of(header: &str) -> Option<Key> {
    let h = fold_header(header);
    Key::ALL
        .into_iter()
        .find(|k| k.headers().contains(&h.as_str()))
}

/// The header row: its index, each column's header and the key it maps to.
#[derive(Clone, Debug, PartialEq)]
pub struct Mapping {
    pub row: u32,
    pub columns: Vec<(u32, String, Option<Key>)>,
}

impl Mapping {
    pub fn column(&self, key: Key) -> Option<u32> {
        self.columns
            .iter()
            .find(|(_, _, k)| *k == Some(key))
            .map(|(c, _, _)| *c)
    }
}

/// Rows looked at for the header before giving up.
const HEADER_SEARCH: usize = 20;

/// The first row (of the first `HEADER_SEARCH` that hold anything) naming
/// two or more keys; else the first row that holds anything.
pub fn find(grid: &Grid) -> Option<Mapping> {
    let mapping = |row: u32, cells: &BTreeMap<u32, super::grid::Value>| Mapping {
        row,
        columns: cells
            .iter()
            .map(|(c, v)| (*c, v.text().trim().to_string(), key_of(&v.text())))
            .collect(),
    };
    let candidates: Vec<Mapping> = grid
        .cells
        .iter()
        .take(HEADER_SEARCH)
        .map(|(r, cells)| mapping(*r, cells))
        .collect();
    let named = |m: &Mapping| m.columns.iter().filter(|c| c.2.is_some()).count();
    candidates
        .iter()
        .find(|m| named(m) >= 2)
        .or(candidates.first())
        .cloned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_with_or_without_diacritics_in_any_case() {
        assert_eq!(key_of("Mã hồ sơ"), Some(Key::Id));
        assert_eq!(key_of("MA HO SO"), Some(Key::Id));
        assert_eq!(key_of(" mã "), Some(Key::Id));
        assert_eq!(key_of("TÊN GIẢI PHÁP"), Some(Key::Title));
        assert_eq!(key_of("Ten sang kien"), Some(Key::Title));
        assert_eq!(key_of("Tác giả (tỷ lệ %)"), Some(Key::Authors));
        assert_eq!(key_of("Ngày nộp:"), Some(Key::Submitted));
        assert_eq!(key_of("Lĩnh Vực"), Some(Key::Field));
        assert_eq!(key_of("SUMMARY"), Some(Key::Summary));
        assert_eq!(key_of("Ghi chú"), None);
    }
}
