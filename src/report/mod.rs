//! What leaves jury on paper: the ranking in several formats, and the
//! council's documents (summary table, score sheets, minutes).

pub mod documents;
pub mod docx;
pub mod flags;
pub mod ranking;
pub mod xlsx;

/// Two decimals with a dot, for machines (CSV, JSON); people read
/// `domain::format::two`.
pub fn two(x: f64) -> String {
    format!("{x:.2}")
}

/// One Markdown table cell: pipes escaped, lines joined.
pub fn md_cell(text: &str) -> String {
    crate::domain::escape::terminal_line(text).replace('|', "\\|")
}
