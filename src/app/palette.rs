//! The member's choice of colours, as plain data: the screens (`ui::theme`)
//! turn it into styles, so the model needs nothing from the drawing side.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Palette {
    /// `false` under NO_COLOR: attributes only (bold, reverse, underline, dim).
    pub color: bool,
}

impl Default for Palette {
    fn default() -> Palette {
        Palette { color: true }
    }
}

impl Palette {
    /// NO_COLOR set to anything non-empty turns colour off (no-color.org).
    pub fn from_env() -> Palette {
        Palette {
            color: std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
        }
    }
}
