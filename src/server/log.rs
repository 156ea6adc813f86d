//! One line per event on standard error, with a UTC timestamp. What a peer
//! sent reaches the log with its control characters escaped, and one
//! connection cannot fill the log.

use std::time::{Duration, Instant};

/// Every event is one line: whatever a client sent (an op, a name) is shown
/// without the control characters that would forge another line or play a
/// terminal sequence on whoever reads the log.
pub fn line(text: &str) {
    let now = chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ");
    eprintln!("{now} {}", crate::domain::escape::terminal_line(text));
}

/// At most a few lines a second for one connection (or the accept loop);
/// what is held back is counted and said once the second is over.
pub struct Budget {
    lines: u32,
    since: Instant,
    said: u32,
    held: u64,
}

impl Budget {
    pub fn per_second(lines: u32) -> Budget {
        Budget {
            lines,
            since: Instant::now(),
            said: 0,
            held: 0,
        }
    }

    /// Logs `text` unless this second's lines are spent.
    pub fn line(&mut self, who: &str, text: &str) {
        if self.since.elapsed() >= Duration::from_secs(1) {
            if self.held > 0 {
                line(&format!("{who}: {} more line(s) not logged", self.held));
            }
            self.since = Instant::now();
            self.said = 0;
            self.held = 0;
        }
        if self.said < self.lines {
            self.said += 1;
            line(text);
        } else {
            self.held += 1;
        }
    }
}
