//! The member's choice of colours and marks, as plain data: the screens
//! (`ui::theme`) turn it into styles, so the model needs nothing from the
//! drawing side.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Palette {
    /// `false` under NO_COLOR: attributes only (bold, reverse, underline, dim).
    pub color: bool,
    /// Plain ASCII marks instead of ✓ ○ ⊘ ✎ ↺ ▶ ⚠ and arrows: the Linux text
    /// console's font has none of them.
    pub ascii: bool,
    /// The terminal did not announce 256 colours: colours go out as the 16
    /// classic codes (see `term_colors`).
    pub sixteen: bool,
}

impl Default for Palette {
    fn default() -> Palette {
        Palette {
            color: true,
            ascii: false,
            sixteen: false,
        }
    }
}

impl Palette {
    /// NO_COLOR set to anything non-empty turns colour off (no-color.org);
    /// TERM=linux or JURY_ASCII=1 asks for ASCII marks; COLORTERM or a TERM
    /// naming 256 colours lets the colours go out as 256-colour codes.
    pub fn from_env() -> Palette {
        let var = |name: &str| std::env::var(name).ok();
        let mut palette = Palette::for_terminal(
            var("NO_COLOR").as_deref(),
            var("TERM").as_deref(),
            var("JURY_ASCII").as_deref(),
        );
        palette.sixteen = !announces_256(var("TERM").as_deref(), var("COLORTERM").as_deref());
        palette
    }

    pub fn for_terminal(
        no_color: Option<&str>,
        term: Option<&str>,
        ascii: Option<&str>,
    ) -> Palette {
        Palette {
            color: no_color.is_none_or(str::is_empty),
            ascii: term == Some("linux") || ascii.is_some_and(|v| !v.is_empty() && v != "0"),
            sixteen: !announces_256(term, None),
        }
    }
}

/// Whether the terminal says it draws 256 colours or more.
fn announces_256(term: Option<&str>, colorterm: Option<&str>) -> bool {
    let colorterm = colorterm.unwrap_or_default();
    let term = term.unwrap_or_default();
    matches!(colorterm, "truecolor" | "24bit")
        || term.contains("256color")
        || term.contains("direct")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_terminals_that_say_256_colours_get_them() {
        assert!(Palette::for_terminal(None, Some("linux"), None).sixteen);
        assert!(Palette::for_terminal(None, Some("screen"), None).sixteen);
        assert!(Palette::for_terminal(None, Some("xterm"), None).sixteen);
        assert!(!Palette::for_terminal(None, Some("xterm-256color"), None).sixteen);
        assert!(announces_256(Some("screen"), Some("truecolor")));
        assert!(!announces_256(None, None));
    }
}
