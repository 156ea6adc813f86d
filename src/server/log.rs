//! One line per event on standard error, with a UTC timestamp. What a peer
//! sent reaches the log with its control characters escaped, and one
//! connection cannot fill the log.

use std::time::{Duration, Instant};

pub fn line(text: &str) {
    let now = chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ");
    eprintln!("{now} {}", escape(text));
}

/// Control characters (C0, DEL, C1) and bidi controls as `\u{…}`, so a
/// peer's text can neither forge a log line nor drive the operator's terminal.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        let bidi = matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
        if c.is_control() || bidi {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
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

#[cfg(test)]
mod tests {
    #[test]
    fn a_peers_text_cannot_break_the_line_or_reach_the_terminal() {
        assert_eq!(
            super::escape("GK02\n2026-01-01 forged\u{1b}[2J\u{202e}"),
            "GK02\\u{a}2026-01-01 forged\\u{1b}[2J\\u{202e}"
        );
        assert_eq!(super::escape("Trần Văn Đức"), "Trần Văn Đức");
    }
}
