//! Languages and bilingual labels.

use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;

/// The two languages the council works in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    Vi,
    #[default]
    En,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::Vi => "vi",
            Lang::En => "en",
        }
    }

    pub fn parse(code: &str) -> Option<Lang> {
        match code.to_ascii_lowercase().as_str() {
            "vi" => Some(Lang::Vi),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// Picks the language from locale variables: `vi…` means Vietnamese.
    pub fn from_locale(lc_all: Option<&str>, lang: Option<&str>) -> Lang {
        let pick = lc_all
            .filter(|v| !v.is_empty())
            .or(lang.filter(|v| !v.is_empty()));
        match pick {
            Some(v) if v.to_ascii_lowercase().starts_with("vi") => Lang::Vi,
            _ => Lang::En,
        }
    }
}

/// A label in both languages, as the contest file writes it: `{"vi": …, "en": …}`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Bilingual {
    #[serde(default)]
    pub vi: String,
    #[serde(default)]
    pub en: String,
}

impl Bilingual {
    pub fn new(vi: &str, en: &str) -> Bilingual {
        Bilingual {
            vi: vi.to_string(),
            en: en.to_string(),
        }
    }

    /// The label in `lang`, falling back to the other language when it is empty.
    pub fn get(&self, lang: Lang) -> &str {
        let (first, second) = match lang {
            Lang::Vi => (&self.vi, &self.en),
            Lang::En => (&self.en, &self.vi),
        };
        if first.is_empty() { second } else { first }
    }

    pub fn normalize(&mut self) {
        nfc_in_place(&mut self.vi);
        nfc_in_place(&mut self.en);
    }
}

/// Text is NFC everywhere: typed, pasted, imported.
pub fn nfc(text: &str) -> String {
    text.nfc().collect()
}

pub fn nfc_in_place(text: &mut String) {
    if !unicode_normalization::is_nfc(text) {
        *text = nfc(text);
    }
}
