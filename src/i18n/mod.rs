//! Every string the interface shows, in Vietnamese and English.
//!
//! `T::X.get(lang)` gives the text; templates mark their arguments `{}` and
//! are filled in order by `fill`.

mod catalog;

pub use catalog::T;

use crate::domain::Lang;

/// Fills each `{}` of `template` with the next argument.
pub fn fill(template: &str, args: &[&dyn std::fmt::Display]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut args = args.iter();
    let mut rest = template;
    while let Some(i) = rest.find("{}") {
        out.push_str(&rest[..i]);
        if let Some(a) = args.next() {
            out.push_str(&a.to_string());
        }
        rest = &rest[i + 2..];
    }
    out.push_str(rest);
    out
}

impl T {
    /// The template filled with `args`.
    pub fn with(self, lang: Lang, args: &[&dyn std::fmt::Display]) -> String {
        fill(self.get(lang), args)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_string_exists_in_both_languages_with_the_same_arguments() {
        for t in T::ALL {
            let (vi, en) = (t.get(Lang::Vi), t.get(Lang::En));
            assert!(
                !vi.is_empty() && !en.is_empty(),
                "{t:?} is empty in one language"
            );
            assert_eq!(
                vi.matches("{}").count(),
                en.matches("{}").count(),
                "{t:?} has different arguments"
            );
            assert!(unicode_normalization::is_nfc(vi), "{t:?} is not NFC");
        }
    }

    #[test]
    fn fills_in_order() {
        assert_eq!(fill("{} of {}", &[&3, &"10"]), "3 of 10");
        assert_eq!(T::Progress.with(Lang::Vi, &[&12, &30]), "Đã nộp 12/30");
    }
}
