//! Commands jury suggests, written so they work as pasted: they repeat the
//! `--db`, `--socket` and `--judge` the member gave, else following the hint
//! would act on another database or as another member.

use std::path::Path;
use std::sync::OnceLock;

static GIVEN: OnceLock<String> = OnceLock::new();

/// Remembers the global options of this run, once, at the start.
pub fn remember(db: Option<&Path>, socket: Option<&Path>, judge: Option<&str>) {
    let mut given = String::new();
    if let Some(db) = db {
        given.push_str(&format!(" --db {}", quote(&db.display().to_string())));
    }
    if let Some(socket) = socket {
        given.push_str(&format!(
            " --socket {}",
            quote(&socket.display().to_string())
        ));
    }
    if let Some(judge) = judge {
        given.push_str(&format!(" --judge {}", quote(judge)));
    }
    let _ = GIVEN.set(given);
}

/// `jury` with the remembered options, then `rest`.
pub fn jury(rest: &str) -> String {
    format!("jury{} {rest}", GIVEN.get().map_or("", String::as_str))
}

/// `text` as one shell word: as is when plainly safe, else in single quotes.
pub fn quote(text: &str) -> String {
    let plain = !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_alphanumeric() || "/._-:=@+,".contains(c));
    if plain {
        text.to_string()
    } else {
        format!("'{}'", text.replace('\'', "'\\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_with_spaces_or_quotes_are_quoted_for_the_shell() {
        assert_eq!(quote("/srv/hội đồng/db"), "'/srv/hội đồng/db'");
        assert_eq!(quote("/tmp/db"), "/tmp/db");
        assert_eq!(quote("it's"), "'it'\\''s'");
        assert_eq!(quote(""), "''");
    }
}
