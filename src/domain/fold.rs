//! Folding text for diacritic-insensitive search: "cai cach" finds "Cải cách",
//! "d" finds "đ".

use unicode_normalization::char::decompose_canonical;
use unicode_normalization::char::is_combining_mark;

/// NFD, without combining marks, đ→d, lower-case. Each character is
/// decomposed on its own (the order of the marks dropped does not matter),
/// and ASCII is passed through: folding 10,000 entries stays cheap.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
            continue;
        }
        decompose_canonical(c, |d| {
            if is_combining_mark(d) {
                return;
            }
            match d {
                'đ' | 'Đ' => out.push('d'),
                d => out.extend(d.to_lowercase()),
            }
        });
    }
    out
}

/// A name as the council compares it: NFC and case folded, marks kept.
/// "UBND xã Đông Hòa" equals "ubnd xã đông hòa" but never "UBND xã Đồng
/// Hòa" — another commune. Extra spaces inside or around do not count.
pub fn name_key(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let lower: String = text.nfc().flat_map(char::to_lowercase).collect();
    let words: Vec<&str> = lower.split_whitespace().collect();
    words.join(" ").nfc().collect()
}

/// Whether every word of the folded `query` occurs in the folded `haystack`.
pub fn matches(folded_haystack: &str, folded_query: &str) -> bool {
    folded_query
        .split_whitespace()
        .all(|w| folded_haystack.contains(w))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_vietnamese_marks() {
        assert_eq!(fold("Cải cách hành chính"), "cai cach hanh chinh");
        assert_eq!(fold("ĐỔI MỚI"), "doi moi");
        assert_eq!(fold("Đường"), "duong");
    }

    #[test]
    fn nfd_input_folds_like_nfc() {
        assert_eq!(fold("ca\u{309}i"), fold("cải"));
    }

    #[test]
    fn names_compare_by_case_and_form_never_by_marks() {
        assert_eq!(name_key("UBND xã Đông Hòa"), name_key("ubnd  xã đông hòa "));
        assert_eq!(name_key("Phu\u{301}"), name_key("PHÚ"));
        assert_ne!(name_key("UBND xã Đông Hòa"), name_key("UBND xã Đồng Hòa"));
        assert_ne!(name_key("Phú Thạnh"), name_key("Phú Thành"));
    }

    #[test]
    fn words_match_in_any_order() {
        let hay = fold("Một cửa liên thông tại xã Đông Hòa");
        assert!(matches(&hay, &fold("dong hoa")));
        assert!(matches(&hay, &fold("hoa MỘT")));
        assert!(matches(&hay, "d"));
        assert!(!matches(&hay, &fold("tây")));
    }
}
