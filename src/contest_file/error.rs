//! What is wrong with a contest file, and where.

use std::fmt;

use crate::domain::Lang;
use crate::i18n::T;

/// What a problem says, worded in either language by `describe`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Said {
    /// A sentence of the catalog with its arguments.
    Text(T, Vec<String>),
    Rubric(crate::domain::rubric::RubricProblem),
    Id(crate::domain::change::IdProblem),
    Meeting(crate::domain::meeting::MeetingProblem),
    /// serde_json's own words about the JSON (English; translated where known).
    Json(String),
}

/// A catalog sentence with its arguments.
pub fn said(t: T, args: &[&dyn fmt::Display]) -> Said {
    Said::Text(t, args.iter().map(|a| a.to_string()).collect())
}

impl Said {
    pub fn describe(&self, lang: Lang) -> String {
        match self {
            Said::Text(t, args) => {
                let args: Vec<&dyn fmt::Display> =
                    args.iter().map(|a| a as &dyn fmt::Display).collect();
                t.with(lang, &args)
            }
            Said::Rubric(r) => crate::i18n::rubric_problem(r, lang),
            Said::Id(i) => crate::i18n::id_problem(i, lang),
            Said::Meeting(m) => crate::i18n::meeting_problem(m, lang),
            Said::Json(message) => crate::i18n::json_problem(message, lang),
        }
    }
}

/// One problem, at a JSON path (`scores[3].points.novelty`) and, for syntax
/// errors, a line and column.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub path: String,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub what: Said,
}

impl Problem {
    pub fn new(path: &str, what: Said) -> Problem {
        Problem {
            path: path.to_string(),
            line: None,
            column: None,
            what,
        }
    }

    pub fn at(path: &str, line: usize, column: usize, what: Said) -> Problem {
        Problem {
            path: path.to_string(),
            line: Some(line),
            column: Some(column),
            what,
        }
    }

    /// Where and what, in `lang`.
    pub fn describe(&self, lang: Lang) -> String {
        let mut place = Vec::new();
        if let (Some(l), Some(c)) = (self.line, self.column) {
            place.push(T::FileAtLine.with(lang, &[&l, &c]));
        }
        if !self.path.is_empty() {
            place.push(T::FileAtPath.with(lang, &[&self.path]));
        }
        let what = self.what.describe(lang);
        if place.is_empty() {
            what
        } else {
            format!("{}: {what}", place.join(", "))
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.describe(Lang::En))
    }
}

/// A file that cannot be read as a contest; nothing of it was applied.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileError {
    pub file: String,
    pub problems: Vec<Problem>,
}

/// How many problems to list before summarising the rest.
const SHOWN: usize = 20;

impl FileError {
    pub fn single(file: &str, problem: Problem) -> FileError {
        FileError {
            file: file.to_string(),
            problems: vec![problem],
        }
    }

    pub fn many(file: &str, problems: Vec<Problem>) -> FileError {
        FileError {
            file: file.to_string(),
            problems,
        }
    }

    pub fn io(file: &str, e: &std::io::Error) -> FileError {
        let what = match e.kind() {
            std::io::ErrorKind::NotFound => said(T::FileNotFound, &[]),
            std::io::ErrorKind::PermissionDenied => said(T::FileNoPermission, &[]),
            std::io::ErrorKind::IsADirectory => said(T::FileIsFolder, &[]),
            _ => said(T::FileCannotRead, &[e]),
        };
        FileError::single(file, Problem::new("", what))
    }

    /// Every problem (the first `SHOWN`), in `lang`.
    pub fn describe(&self, lang: Lang) -> String {
        match self.problems.as_slice() {
            [one] => format!("{}: {}", self.file, one.describe(lang)),
            many => {
                let mut out = T::FileProblems.with(lang, &[&self.file, &many.len()]);
                for p in many.iter().take(SHOWN) {
                    out.push_str("\n  ");
                    out.push_str(&p.describe(lang));
                }
                if many.len() > SHOWN {
                    out.push_str("\n  ");
                    out.push_str(&T::FileMoreProblems.with(lang, &[&(many.len() - SHOWN)]));
                }
                out
            }
        }
    }
}

impl fmt::Display for FileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.describe(Lang::En))
    }
}

impl std::error::Error for FileError {}

/// The 1-based line and column of byte `offset` (columns count characters).
pub fn line_col(bytes: &[u8], offset: usize) -> (usize, usize) {
    let before = &bytes[..offset.min(bytes.len())];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map(|i| i + 1)
        .unwrap_or(0);
    let column = String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count()
        + 1;
    (line, column)
}
