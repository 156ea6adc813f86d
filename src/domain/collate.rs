//! Ordering text the way a Vietnamese reader expects: CLDR's `vi`
//! collation (Anh < Ăn < Âm; De < Dịch < Đa; Thanh < Thành < Thảnh <
//! Thánh < Thạnh). Folding is for search only: it would put "Âm" before
//! "Anh" and make titles differing only in tone equal.

use std::cmp::Ordering;
use std::sync::OnceLock;

use icu_collator::options::CollatorOptions;
use icu_collator::{Collator, CollatorBorrowed};

fn collator() -> Option<&'static CollatorBorrowed<'static>> {
    static VI: OnceLock<Option<CollatorBorrowed<'static>>> = OnceLock::new();
    VI.get_or_init(|| {
        Collator::try_new(
            (&icu_locale_core::locale!("vi")).into(),
            CollatorOptions::default(),
        )
        .ok()
    })
    .as_ref()
}

/// The key that sorts `text` in Vietnamese order; compare keys bytewise.
/// Cheaper than [`compare`] when a list is sorted by cached keys.
pub fn sort_key(text: &str) -> Vec<u8> {
    let mut key = Vec::new();
    match collator() {
        // Writing into a Vec cannot fail.
        Some(c) => {
            let _ = c.write_sort_key_to(text, &mut key);
        }
        // The compiled data always holds `vi`; code-point order is a last resort.
        None => key.extend_from_slice(text.to_lowercase().as_bytes()),
    }
    key
}

/// Vietnamese order of two texts.
pub fn compare(a: &str, b: &str) -> Ordering {
    match collator() {
        Some(c) => c.compare(a, b),
        None => a.to_lowercase().cmp(&b.to_lowercase()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ORDER: [&str; 17] = [
        "Anh", "Ăn", "Âm", "De", "Dịch", "Đa", "Đổi", "Em", "Ếch", "Thanh", "Thành", "Thảnh",
        "Thánh", "Thạnh", "Uỷ", "Ứng", "Ưu",
    ];

    #[test]
    fn vietnamese_letters_and_tones_sort_in_dictionary_order() {
        let mut shuffled: Vec<&str> = ORDER.iter().rev().copied().collect();
        shuffled.swap(2, 9);
        shuffled.sort_by(|a, b| compare(a, b));
        assert_eq!(shuffled, ORDER);
        let mut by_key: Vec<&str> = ORDER.iter().rev().copied().collect();
        by_key.sort_by_cached_key(|t| sort_key(t));
        assert_eq!(by_key, ORDER);
    }

    #[test]
    fn decomposed_input_sorts_like_composed() {
        assert_eq!(compare("Tha\u{300}nh", "Thành"), Ordering::Equal);
    }
}
