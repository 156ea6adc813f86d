//! Colours and attributes. The 16 ANSI colours read the same on any SSH
//! client; under NO_COLOR only bold, reverse, underline and dim are used, so
//! the selection stays visible.

use ratatui::style::{Color, Modifier, Style};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Theme {
    pub color: bool,
    /// Plain ASCII marks instead of ✓ ○ ⊘ ✎ ↺ ▶ ⚠ and arrows: the Linux text
    /// console's font has none of them.
    pub ascii: bool,
}

impl Default for Theme {
    fn default() -> Theme {
        Theme {
            color: true,
            ascii: false,
        }
    }
}

impl Theme {
    /// NO_COLOR set to anything non-empty turns colour off (no-color.org);
    /// TERM=linux or JURY_ASCII=1 asks for ASCII marks.
    pub fn from_env() -> Theme {
        let var = |name: &str| std::env::var(name).ok();
        Theme::for_terminal(
            var("NO_COLOR").as_deref(),
            var("TERM").as_deref(),
            var("JURY_ASCII").as_deref(),
        )
    }

    pub fn for_terminal(no_color: Option<&str>, term: Option<&str>, ascii: Option<&str>) -> Theme {
        Theme {
            color: no_color.is_none_or(str::is_empty),
            ascii: term == Some("linux") || ascii.is_some_and(|v| !v.is_empty() && v != "0"),
        }
    }

    /// The ASCII stand-in for a mark the text console cannot draw.
    pub fn plain_mark(mark: &str) -> Option<&'static str> {
        Some(match mark {
            "✓" => "v",
            "○" => "o",
            "⊘" => "x",
            "✎" => "*",
            "↺" => "r",
            "▶" => ">",
            "⚠" => "!",
            "←" => "<",
            "→" => ">",
            "↑" => "^",
            "↓" => "v",
            "…" => ".",
            _ => return None,
        })
    }

    fn pick(&self, colored: Style, plain: Style) -> Style {
        if self.color { colored } else { plain }
    }

    pub fn title(&self) -> Style {
        self.pick(
            Style::new()
                .fg(Color::Black)
                .bg(Color::Cyan)
                .add_modifier(Modifier::BOLD),
            Style::new().add_modifier(Modifier::BOLD | Modifier::REVERSED),
        )
    }

    pub fn heading(&self) -> Style {
        self.pick(
            Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
            Style::new().add_modifier(Modifier::BOLD),
        )
    }

    pub fn selected(&self) -> Style {
        self.pick(
            Style::new()
                .fg(Color::White)
                .bg(Color::Blue)
                .add_modifier(Modifier::BOLD),
            Style::new().add_modifier(Modifier::REVERSED),
        )
    }

    pub fn dim(&self) -> Style {
        self.pick(
            Style::new().fg(Color::DarkGray),
            Style::new().add_modifier(Modifier::DIM),
        )
    }

    pub fn border(&self) -> Style {
        self.pick(Style::new().fg(Color::DarkGray), Style::new())
    }

    pub fn focus_border(&self) -> Style {
        self.pick(
            Style::new().fg(Color::Cyan),
            Style::new().add_modifier(Modifier::BOLD),
        )
    }

    pub fn submitted(&self) -> Style {
        self.pick(
            Style::new().fg(Color::Green),
            Style::new().add_modifier(Modifier::BOLD),
        )
    }

    pub fn draft(&self) -> Style {
        self.pick(
            Style::new().fg(Color::Yellow),
            Style::new().add_modifier(Modifier::UNDERLINED),
        )
    }

    pub fn error(&self) -> Style {
        self.pick(
            Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
            Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
        )
    }

    pub fn success(&self) -> Style {
        self.pick(
            Style::new().fg(Color::Green).add_modifier(Modifier::BOLD),
            Style::new().add_modifier(Modifier::BOLD),
        )
    }

    pub fn key(&self) -> Style {
        self.pick(
            Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
            Style::new().add_modifier(Modifier::BOLD),
        )
    }

    /// The criterion being scored and its input box.
    pub fn input(&self) -> Style {
        self.pick(
            Style::new()
                .fg(Color::Black)
                .bg(Color::Yellow)
                .add_modifier(Modifier::BOLD),
            Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD),
        )
    }

    pub fn gauge(&self) -> Style {
        self.pick(
            Style::new().fg(Color::Green),
            Style::new().add_modifier(Modifier::BOLD),
        )
    }
}
