//! One line per event on standard error, with a UTC timestamp.

/// Every event is one line: whatever a client sent (an op, a name) is shown
/// without the control characters that would forge another line or play a
/// terminal sequence on whoever reads the log.
pub fn line(text: &str) {
    let now = chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ");
    eprintln!("{now} {}", crate::domain::escape::terminal_line(text));
}
