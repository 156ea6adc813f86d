//! What is wrong with a contest file, and where.

use std::fmt;

/// One problem, at a JSON path (`scores[3].points.novelty`) and, for syntax
/// errors, a line and column.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub path: String,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
}

impl Problem {
    pub fn new(path: &str, message: String) -> Problem {
        Problem {
            path: path.to_string(),
            line: None,
            column: None,
            message,
        }
    }

    pub fn at(path: &str, line: usize, column: usize, message: String) -> Problem {
        Problem {
            path: path.to_string(),
            line: Some(line),
            column: Some(column),
            message,
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut place = Vec::new();
        if let (Some(l), Some(c)) = (self.line, self.column) {
            place.push(format!("line {l}, column {c}"));
        }
        if !self.path.is_empty() {
            place.push(format!("at {}", self.path));
        }
        if place.is_empty() {
            write!(f, "{}", self.message)
        } else {
            write!(f, "{}: {}", place.join(", "), self.message)
        }
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
            std::io::ErrorKind::NotFound => "no such file (check the path)".to_string(),
            std::io::ErrorKind::PermissionDenied => {
                "permission denied (check who owns the file)".to_string()
            }
            _ => e.to_string(),
        };
        FileError::single(
            file,
            Problem::new("", format!("cannot read the file: {what}")),
        )
    }
}

impl fmt::Display for FileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.problems.as_slice() {
            [one] => write!(f, "{}: {one}", self.file)?,
            many => {
                write!(f, "{}: {} problems:", self.file, many.len())?;
                for p in many.iter().take(SHOWN) {
                    write!(f, "\n  {p}")?;
                }
                if many.len() > SHOWN {
                    write!(f, "\n  … and {} more", many.len() - SHOWN)?;
                }
            }
        }
        Ok(())
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
