//! Keys as the app sees them: independent of crossterm, and writable in tests
//! as `"j j <enter> 2 2 <tab> <c-s>"`.

use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum KeyCode {
    Char(char),
    Enter,
    Esc,
    Tab,
    BackTab,
    Backspace,
    Delete,
    Up,
    Down,
    Left,
    Right,
    Home,
    End,
    PageUp,
    PageDown,
    F(u8),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Key {
    pub code: KeyCode,
    pub ctrl: bool,
    pub alt: bool,
}

impl Key {
    pub const fn plain(code: KeyCode) -> Key {
        Key {
            code,
            ctrl: false,
            alt: false,
        }
    }

    pub const fn ctrl(c: char) -> Key {
        Key {
            code: KeyCode::Char(c),
            ctrl: true,
            alt: false,
        }
    }

    /// A character typed without Ctrl or Alt: text for an editor.
    pub fn typed_char(&self) -> Option<char> {
        match self.code {
            KeyCode::Char(c) if !self.ctrl && !self.alt => Some(c),
            _ => None,
        }
    }

    /// Parses one key in the notation: `j`, `G`, `?`, `<enter>`, `<c-s>`,
    /// `<a-x>`, `<s-tab>`, `<space>`, `<lt>` for `<`.
    pub fn parse(s: &str) -> Option<Key> {
        let mut chars = s.chars();
        let (first, rest) = (chars.next()?, chars.as_str());
        if rest.is_empty() {
            return Some(Key::plain(KeyCode::Char(first)));
        }
        let inner = s.strip_prefix('<')?.strip_suffix('>')?;
        let (mut ctrl, mut alt, mut name) = (false, false, inner);
        loop {
            if let Some(r) = name.strip_prefix("c-") {
                ctrl = true;
                name = r;
            } else if let Some(r) = name.strip_prefix("a-") {
                alt = true;
                name = r;
            } else {
                break;
            }
        }
        let code = match name {
            "enter" | "cr" => KeyCode::Enter,
            "esc" => KeyCode::Esc,
            "tab" => KeyCode::Tab,
            "s-tab" => KeyCode::BackTab,
            "bs" => KeyCode::Backspace,
            "del" => KeyCode::Delete,
            "up" => KeyCode::Up,
            "down" => KeyCode::Down,
            "left" => KeyCode::Left,
            "right" => KeyCode::Right,
            "home" => KeyCode::Home,
            "end" => KeyCode::End,
            "pgup" => KeyCode::PageUp,
            "pgdn" => KeyCode::PageDown,
            "space" => KeyCode::Char(' '),
            "lt" => KeyCode::Char('<'),
            f if f.starts_with('f') && f.len() > 1 => KeyCode::F(f[1..].parse().ok()?),
            c if c.chars().count() == 1 => KeyCode::Char(c.chars().next()?),
            _ => return None,
        };
        Some(Key { code, ctrl, alt })
    }

    /// Parses a space-separated sequence; `None` if any key is not valid notation.
    pub fn parse_seq(s: &str) -> Option<Vec<Key>> {
        s.split_whitespace().map(Key::parse).collect()
    }
}

/// How a key is shown in help and the status line.
impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.ctrl {
            write!(f, "Ctrl-")?;
        }
        if self.alt {
            write!(f, "Alt-")?;
        }
        match self.code {
            KeyCode::Char(' ') => write!(f, "Space"),
            KeyCode::Char(c) => write!(f, "{c}"),
            KeyCode::Enter => write!(f, "Enter"),
            KeyCode::Esc => write!(f, "Esc"),
            KeyCode::Tab => write!(f, "Tab"),
            KeyCode::BackTab => write!(f, "Shift-Tab"),
            KeyCode::Backspace => write!(f, "Backspace"),
            KeyCode::Delete => write!(f, "Del"),
            KeyCode::Up => write!(f, "↑"),
            KeyCode::Down => write!(f, "↓"),
            KeyCode::Left => write!(f, "←"),
            KeyCode::Right => write!(f, "→"),
            KeyCode::Home => write!(f, "Home"),
            KeyCode::End => write!(f, "End"),
            KeyCode::PageUp => write!(f, "PgUp"),
            KeyCode::PageDown => write!(f, "PgDn"),
            KeyCode::F(n) => write!(f, "F{n}"),
        }
    }
}

impl From<crossterm::event::KeyEvent> for Key {
    fn from(e: crossterm::event::KeyEvent) -> Key {
        use crossterm::event::{KeyCode as C, KeyModifiers as M};
        let code = match e.code {
            C::Char(c) => KeyCode::Char(c),
            C::Enter => KeyCode::Enter,
            C::Esc => KeyCode::Esc,
            C::Tab => KeyCode::Tab,
            C::BackTab => KeyCode::BackTab,
            C::Backspace => KeyCode::Backspace,
            C::Delete => KeyCode::Delete,
            C::Up => KeyCode::Up,
            C::Down => KeyCode::Down,
            C::Left => KeyCode::Left,
            C::Right => KeyCode::Right,
            C::Home => KeyCode::Home,
            C::End => KeyCode::End,
            C::PageUp => KeyCode::PageUp,
            C::PageDown => KeyCode::PageDown,
            C::F(n) => KeyCode::F(n),
            // Keys jury has no use for arrive as a harmless no-op.
            _ => KeyCode::F(0),
        };
        Key {
            code,
            ctrl: e.modifiers.contains(M::CONTROL),
            alt: e.modifiers.contains(M::ALT),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_notation() {
        assert_eq!(Key::parse("j"), Some(Key::plain(KeyCode::Char('j'))));
        assert_eq!(Key::parse("<enter>"), Some(Key::plain(KeyCode::Enter)));
        assert_eq!(Key::parse("<c-s>"), Some(Key::ctrl('s')));
        assert_eq!(Key::parse("<s-tab>"), Some(Key::plain(KeyCode::BackTab)));
        assert_eq!(Key::parse("<f1>"), Some(Key::plain(KeyCode::F(1))));
        assert_eq!(Key::parse("ệ"), Some(Key::plain(KeyCode::Char('ệ'))));
        assert_eq!(Key::parse("<bogus>"), None);
        assert_eq!(Key::parse_seq("j j <enter>").map(|v| v.len()), Some(3));
    }

    #[test]
    fn displays_for_help() {
        assert_eq!(
            Key::parse("<c-s>").map(|k| k.to_string()),
            Some("Ctrl-s".into())
        );
        assert_eq!(
            Key::parse("<down>").map(|k| k.to_string()),
            Some("↓".into())
        );
    }
}
