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
}

impl Default for Palette {
    fn default() -> Palette {
        Palette {
            color: true,
            ascii: false,
        }
    }
}

impl Palette {
    /// NO_COLOR set to anything non-empty turns colour off (no-color.org);
    /// TERM=linux or JURY_ASCII=1 asks for ASCII marks.
    pub fn from_env() -> Palette {
        let var = |name: &str| std::env::var(name).ok();
        Palette::for_terminal(
            var("NO_COLOR").as_deref(),
            var("TERM").as_deref(),
            var("JURY_ASCII").as_deref(),
        )
    }

    pub fn for_terminal(
        no_color: Option<&str>,
        term: Option<&str>,
        ascii: Option<&str>,
    ) -> Palette {
        Palette {
            color: no_color.is_none_or(str::is_empty),
            ascii: term == Some("linux") || ascii.is_some_and(|v| !v.is_empty() && v != "0"),
        }
    }
}
