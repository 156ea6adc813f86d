//! What is wrong in the secretariat's files, and where, as a spreadsheet
//! user reads it: sheet, row 7, column C.

use crate::domain::Lang;
use crate::domain::escape::terminal_line;
use crate::i18n::T;

use super::archive::ArchiveProblem;
use super::columns::Key;
use super::grid::{GridProblem, MAX_COLUMNS, MAX_ROWS, column_name};

/// A place in a spreadsheet: the sheet, a 1-based row, a 0-based column.
#[derive(Clone, Debug, PartialEq)]
pub struct Place {
    pub sheet: String,
    pub row: Option<u32>,
    pub column: Option<u32>,
}

/// One thing wrong.
#[derive(Clone, Debug, PartialEq)]
pub enum Issue {
    /// The spreadsheet file as a whole, named as typed.
    File(String, GridProblem),
    NoRows,
    MissingColumn(Key),
    /// Two columns name one key; the first one's column.
    TwiceColumn(Key, u32),
    NoId,
    BadId(crate::domain::change::IdProblem),
    NoTitle,
    /// The id again, and the row it was first on.
    TwiceId(String, u32),
    BadDate(String),
    BadShare(String),
    SharesMixed,
    SharesTotal(String),
    /// The text, and the areas it could have named.
    UnknownField(String, String),
    /// What the contest file's own checks found, at its JSON path.
    Contest(String),
    // The documents folder.
    NotAFolder(String),
    /// A write-up's file, and why it was refused.
    Document(String, ArchiveProblem),
    /// A .docx without `word/document.xml`, or one not readable as XML.
    DocumentUnreadable(String, String),
    /// Two write-ups for one entry.
    TwoWriteUps(String, String, String),
    /// A .md or .txt write-up that is not UTF-8.
    DocumentNotUtf8(String),
    FileIo(String, std::io::ErrorKind, String),
}

/// An issue, and where it is when it is in a sheet.
#[derive(Clone, Debug, PartialEq)]
pub struct Located {
    pub place: Option<Place>,
    pub issue: Issue,
}

impl Located {
    pub fn at(sheet: &str, row: u32, column: Option<u32>, issue: Issue) -> Located {
        Located {
            place: Some(Place {
                sheet: sheet.to_string(),
                row: Some(row + 1),
                column,
            }),
            issue,
        }
    }

    pub fn sheet(sheet: &str, issue: Issue) -> Located {
        Located {
            place: Some(Place {
                sheet: sheet.to_string(),
                row: None,
                column: None,
            }),
            issue,
        }
    }

    pub fn anywhere(issue: Issue) -> Located {
        Located { place: None, issue }
    }

    /// The place, then what is wrong and what to do, in `lang`.
    pub fn describe(&self, lang: Lang) -> String {
        let what = describe_issue(&self.issue, lang);
        let Some(p) = &self.place else { return what };
        let sheet = terminal_line(&p.sheet);
        let place = match (p.row, p.column) {
            (Some(r), Some(c)) => T::ImpAtCell.with(lang, &[&sheet, &r, &column_name(c)]),
            (Some(r), None) => T::ImpAtRow.with(lang, &[&sheet, &r]),
            _ => T::ImpAtSheet.with(lang, &[&sheet]),
        };
        format!("{place}: {what}")
    }
}

fn describe_archive(p: &ArchiveProblem, lang: Lang) -> String {
    match p {
        ArchiveProblem::NotZip(why) => T::ImpNotZip.with(lang, &[&why]),
        ArchiveProblem::TooBig(mb) => T::ImpUnpacksTooBig.with(lang, &[mb]),
        ArchiveProblem::TooManyMembers(n) => T::ImpTooManyMembers.with(lang, &[n]),
    }
}

fn describe_grid(p: &GridProblem, lang: Lang) -> String {
    match p {
        GridProblem::Archive(a) => describe_archive(a, lang),
        GridProblem::Unreadable(why) => T::ImpUnreadable.with(lang, &[&why]),
        GridProblem::NoSuchSheet { wanted, sheets } => {
            T::ImpNoSuchSheet.with(lang, &[&wanted, &sheets.join(", ")])
        }
        GridProblem::NoSheets => T::ImpNoSheets.get(lang).to_string(),
        GridProblem::TooManyRows => T::ImpTooManyRows.with(lang, &[&MAX_ROWS]),
        GridProblem::TooManyColumns => {
            T::ImpTooManyColumns.with(lang, &[&MAX_COLUMNS, &column_name(MAX_COLUMNS - 1)])
        }
        GridProblem::NotUtf8(at) => T::ImpCsvNotUtf8.with(lang, &[at]),
        GridProblem::TooBig => {
            T::ImpFileTooBig.with(lang, &[&(super::archive::MAX_FILE_BYTES / (1024 * 1024))])
        }
        GridProblem::Io(kind, why) => {
            T::ImpIo.with(lang, &[&crate::i18n::os_error(Some(*kind), why, lang)])
        }
    }
}

fn describe_issue(issue: &Issue, lang: Lang) -> String {
    let line = |s: &str| terminal_line(s).into_owned();
    match issue {
        Issue::File(f, p) => format!("{}: {}", line(f), describe_grid(p, lang)),
        Issue::NoRows => T::ImpNoRows.get(lang).to_string(),
        Issue::MissingColumn(k) => T::ImpMissingColumn.with(lang, &[&k.name(), &k.shown()]),
        Issue::TwiceColumn(k, first) => {
            T::ImpTwiceColumn.with(lang, &[&column_name(*first), &k.name()])
        }
        Issue::NoId => T::ImpNoId.get(lang).to_string(),
        Issue::BadId(why) => T::ImpBadId.with(lang, &[&crate::i18n::id_problem(why, lang)]),
        Issue::NoTitle => T::ImpNoTitle.get(lang).to_string(),
        Issue::TwiceId(id, first) => T::ImpTwiceId.with(lang, &[&line(id), first]),
        Issue::BadDate(t) => T::ImpBadDate.with(lang, &[&line(t)]),
        Issue::BadShare(t) => T::ImpBadShare.with(lang, &[&line(t)]),
        Issue::SharesMixed => T::ImpSharesMixed.get(lang).to_string(),
        Issue::SharesTotal(total) => T::ImpSharesTotal.with(lang, &[total]),
        Issue::UnknownField(t, known) => T::ImpUnknownField.with(lang, &[&line(t), known]),
        Issue::Contest(p) => T::ImpContestCheck.with(lang, &[&line(p)]),
        Issue::NotAFolder(d) => T::ImpNotAFolder.with(lang, &[&line(d)]),
        Issue::Document(f, p) => format!("{}: {}", line(f), describe_archive(p, lang)),
        Issue::DocumentUnreadable(f, why) => {
            T::ImpDocUnreadable.with(lang, &[&line(f), &line(why)])
        }
        Issue::TwoWriteUps(id, a, b) => {
            T::ImpTwoWriteUps.with(lang, &[&line(id), &line(a), &line(b)])
        }
        Issue::DocumentNotUtf8(f) => T::ImpDocNotUtf8.with(lang, &[&line(f)]),
        Issue::FileIo(f, kind, why) => format!(
            "{}: {}",
            line(f),
            T::ImpIo.with(lang, &[&crate::i18n::os_error(Some(*kind), why, lang)])
        ),
    }
}
