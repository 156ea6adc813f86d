//! Entries (sáng kiến) and the reform areas (lĩnh vực) they belong to.

use serde::{Deserialize, Serialize};

use super::points::Points;
use super::text::Lang;

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    pub id: String,
    pub title: String,
    #[serde(default, deserialize_with = "fitted")]
    pub authors: Vec<Author>,
    #[serde(default)]
    pub unit: String,
    #[serde(default)]
    pub field: String,
    #[serde(default)]
    pub summary: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub submitted: Option<String>,
    /// The full write-up (bài viết): paragraphs split by blank lines, `#`
    /// headings, `-` list items, tables as `|`-separated rows.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub document: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attachments: Vec<Attachment>,
    /// When the initiative was first applied (YYYY-MM-DD).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub applied_since: Option<String>,
    /// Where it applies (phạm vi áp dụng).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub scope: String,
    /// The unit that put the entry forward (đơn vị đề nghị).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub proposed_by: String,
    /// The secretariat's screening (hồ sơ hợp lệ): only admitted entries
    /// are assigned, scored and ranked.
    #[serde(default, skip_serializing_if = "Status::is_admitted")]
    pub status: Status,
    /// Why the entry is pending or rejected.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub reason: String,
}

/// Whether an entry passed the secretariat's screening.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    #[default]
    Admitted,
    /// Not yet screened, or waiting for a missing paper.
    Pending,
    Rejected,
}

impl Status {
    pub fn is_admitted(&self) -> bool {
        *self == Status::Admitted
    }

    /// The word in the contest file and on the command line.
    pub fn word(self) -> &'static str {
        match self {
            Status::Admitted => "admitted",
            Status::Pending => "pending",
            Status::Rejected => "rejected",
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Status::Admitted, Lang::Vi) => "hợp lệ",
            (Status::Admitted, Lang::En) => "admitted",
            (Status::Pending, Lang::Vi) => "chờ xét",
            (Status::Pending, Lang::En) => "pending",
            (Status::Rejected, Lang::Vi) => "không hợp lệ",
            (Status::Rejected, Lang::En) => "rejected",
        }
    }
}

impl Entry {
    pub fn is_admitted(&self) -> bool {
        self.status.is_admitted()
    }

    /// Submitted after the contest's deadline (nộp muộn).
    pub fn is_late(&self, deadline: Option<&str>) -> bool {
        match (self.submitted.as_deref(), deadline) {
            // Both are YYYY-MM-DD, checked on import: text order is date order.
            (Some(s), Some(d)) => s > d,
            _ => false,
        }
    }

    /// The authors' names, as people read them in one line.
    pub fn author_names(&self, sep: &str) -> String {
        let names: Vec<&str> = self.authors.iter().map(|a| a.name.as_str()).collect();
        names.join(sep)
    }
}

/// A list read at its own length: serde grows a list to four places at
/// its first item, and a million entries of one or two authors would hold
/// twice the memory their authors need.
fn fitted<'de, D, T>(d: D) -> Result<Vec<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    let mut list = Vec::<T>::deserialize(d)?;
    list.shrink_to_fit();
    Ok(list)
}

/// One author of an entry. In the file a plain string is an author with
/// only a name, and is written back the same way, so old files round-trip.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Author {
    pub name: String,
    /// Share of the work in percent (tỷ lệ đóng góp).
    pub share: Option<Points>,
    pub position: Option<String>,
    pub unit: Option<String>,
}

impl Author {
    pub fn named(name: &str) -> Author {
        Author {
            name: name.to_string(),
            ..Author::default()
        }
    }

    fn is_plain(&self) -> bool {
        self.share.is_none() && self.position.is_none() && self.unit.is_none()
    }
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct AuthorFields {
    name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    share: Option<Points>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    position: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    unit: Option<String>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum AuthorForm {
    Plain(String),
    Full(AuthorFields),
}

impl Serialize for Author {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if self.is_plain() {
            return s.serialize_str(&self.name);
        }
        AuthorFields {
            name: self.name.clone(),
            share: self.share,
            position: self.position.clone(),
            unit: self.unit.clone(),
        }
        .serialize(s)
    }
}

impl<'de> Deserialize<'de> for Author {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match AuthorForm::deserialize(d).map_err(|_| {
            serde::de::Error::custom(
                "an author is a name, or an object with \"name\" and optionally \"share\", \"position\", \"unit\"",
            )
        })? {
            AuthorForm::Plain(name) => Ok(Author::named(&name)),
            AuthorForm::Full(f) => Ok(Author {
                name: f.name,
                share: f.share,
                position: f.position,
                unit: f.unit,
            }),
        }
    }
}

/// A file that comes with an entry: photos, slides, a video. jury keeps
/// its size and digest so the council can tell it is the file submitted.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Attachment {
    pub name: String,
    /// Relative to the contest file, or absolute on the server.
    pub path: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bytes: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sha256: Option<String>,
}

/// A reform area: its id, its name and its short name in each language.
pub struct Field {
    pub id: &'static str,
    pub vi: &'static str,
    pub en: &'static str,
    /// For narrow columns: words, not initials, so "Thể chế" and "Tài
    /// chính công" (TC / TCC) cannot be taken for each other.
    pub vi_short: &'static str,
    pub en_short: &'static str,
}

/// A reform area the contest names itself (`fields` in the contest file):
/// one beyond the programme's six, or one of them named otherwise.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldName {
    pub id: String,
    /// The name in Vietnamese.
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_en: Option<String>,
    /// A short name for narrow columns (default: the name).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub short: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub short_en: Option<String>,
}

impl FieldName {
    /// The name in `lang`; English falls back on the Vietnamese.
    pub fn name(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => self.name_en.as_deref().unwrap_or(&self.name),
            Lang::Vi => &self.name,
        }
    }

    /// The short name in `lang`, else the name.
    pub fn short(&self, lang: Lang) -> &str {
        let short = match lang {
            Lang::En => self.short_en.as_deref().or(self.short.as_deref()),
            Lang::Vi => self.short.as_deref(),
        };
        short.unwrap_or_else(|| self.name(lang))
    }
}

/// The six reform areas of the state administrative-reform programme.
pub const KNOWN_FIELDS: [Field; 6] = [
    Field {
        id: "the_che",
        vi: "Thể chế",
        en: "Institutions",
        vi_short: "Thể chế",
        en_short: "Instit.",
    },
    Field {
        id: "tthc",
        vi: "Thủ tục hành chính",
        en: "Administrative procedures",
        vi_short: "TTHC",
        en_short: "Procedures",
    },
    Field {
        id: "bo_may",
        vi: "Tổ chức bộ máy",
        en: "Organisation",
        vi_short: "Bộ máy",
        en_short: "Organis.",
    },
    Field {
        id: "cong_vu",
        vi: "Chế độ công vụ",
        en: "Civil service",
        vi_short: "Công vụ",
        en_short: "Civil svc",
    },
    Field {
        id: "tai_chinh_cong",
        vi: "Tài chính công",
        en: "Public finance",
        vi_short: "Tài chính",
        en_short: "Finance",
    },
    Field {
        id: "chinh_quyen_so",
        vi: "Chính quyền số",
        en: "Digital government",
        vi_short: "CQ số",
        en_short: "Digital",
    },
];

impl Field {
    pub fn name(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::Vi => self.vi,
            Lang::En => self.en,
        }
    }
}

fn known(field: &str) -> Option<&'static Field> {
    KNOWN_FIELDS.iter().find(|f| f.id == field)
}

/// The label of a field id; a field the contest defines itself shows as is.
pub fn field_label(field: &str, lang: Lang) -> String {
    known(field)
        .map(|f| f.name(lang).to_string())
        .unwrap_or_else(|| field.to_string())
}

/// A short label for narrow columns, in `lang`.
pub fn field_short(field: &str, lang: Lang) -> &str {
    match (known(field), lang) {
        (Some(f), Lang::Vi) => f.vi_short,
        (Some(f), Lang::En) => f.en_short,
        (None, _) => field,
    }
}

/// Whether `date` is a real calendar date written YYYY-MM-DD.
pub fn is_iso_date(date: &str) -> bool {
    let b = date.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let num = |s: &str| s.parse::<u32>().ok();
    let (Some(y), Some(m), Some(d)) = (num(&date[0..4]), num(&date[5..7]), num(&date[8..10]))
    else {
        return false;
    };
    if !date
        .bytes()
        .enumerate()
        .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
    {
        return false;
    }
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_labels_in_both_languages() {
        assert_eq!(field_label("tthc", Lang::Vi), "Thủ tục hành chính");
        assert_eq!(field_label("tthc", Lang::En), "Administrative procedures");
        assert_eq!(field_label("y_te", Lang::Vi), "y_te");
        assert_eq!(field_short("tthc", Lang::En), "Procedures");
        assert_eq!(field_short("y_te", Lang::En), "y_te");
    }

    #[test]
    fn short_names_cannot_be_taken_for_each_other() {
        for lang in [Lang::Vi, Lang::En] {
            let shorts: Vec<&str> = KNOWN_FIELDS
                .iter()
                .map(|f| field_short(f.id, lang))
                .collect();
            for (i, a) in shorts.iter().enumerate() {
                for (j, b) in shorts.iter().enumerate() {
                    // Neither is the other with letters added (TC / TCC).
                    assert!(i == j || !b.starts_with(a), "{a} / {b} in {lang:?}");
                }
                assert!(a.chars().count() <= 10, "{a} is not short");
            }
        }
    }

    #[test]
    fn late_only_after_the_deadline_day() {
        let e = |d: &str| Entry {
            submitted: Some(d.into()),
            ..Entry::default()
        };
        assert!(!e("2024-08-15").is_late(Some("2024-08-15")));
        assert!(e("2024-08-16").is_late(Some("2024-08-15")));
        assert!(!e("2024-08-16").is_late(None));
        assert!(!Entry::default().is_late(Some("2024-08-15")));
    }

    #[test]
    fn dates() {
        assert!(is_iso_date("2024-02-29"));
        assert!(!is_iso_date("2023-02-29"));
        assert!(!is_iso_date("2024-13-01"));
        assert!(!is_iso_date("2024-1-01"));
        assert!(!is_iso_date("2024-01-+1"));
    }
}
