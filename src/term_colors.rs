//! The 16 classic colour codes for a terminal that does not announce 256
//! colours. crossterm writes even the basic colours as `38;5;N`, which the
//! Linux text console, `screen` and old SSH clients draw wrongly or not at
//! all; this writer turns them back into `3N`/`9N` (and `4N`/`10N`).

use std::io::{self, Write};

/// Holds a frame until `flush`, then writes it with its colour codes made
/// classic when `sixteen` is set (a sequence may arrive in several writes).
pub struct Screen<W: Write> {
    out: W,
    frame: Vec<u8>,
    sixteen: bool,
}

impl<W: Write> Screen<W> {
    pub fn new(out: W, sixteen: bool) -> Screen<W> {
        Screen {
            out,
            frame: Vec::new(),
            sixteen,
        }
    }
}

impl<W: Write> Write for Screen<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.frame.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        let frame = std::mem::take(&mut self.frame);
        if self.sixteen {
            self.out.write_all(&classic(&frame))?;
        } else {
            self.out.write_all(&frame)?;
        }
        self.out.flush()
    }
}

/// `bytes` with every indexed colour below 16 (`38;5;N`, `48;5;N`, also
/// inside a combined SGR such as `ESC[38;5;0;48;5;6m`) written as a classic
/// code; everything else unchanged.
pub fn classic(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match sgr_at(&bytes[i..]) {
            Some(params) => {
                out.extend_from_slice(b"\x1b[");
                out.extend_from_slice(rewrite(params).as_bytes());
                out.push(b'm');
                i += params.len() + 3;
            }
            None => {
                out.push(bytes[i]);
                i += 1;
            }
        }
    }
    out
}

/// The parameters of an SGR sequence (`ESC[` digits and `;` then `m`) at
/// the start of `s`.
fn sgr_at(s: &[u8]) -> Option<&str> {
    let rest = s.strip_prefix(b"\x1b[")?;
    let len = rest
        .iter()
        .take_while(|b| b.is_ascii_digit() || **b == b';')
        .count();
    if rest.get(len) != Some(&b'm') {
        return None;
    }
    std::str::from_utf8(&rest[..len]).ok()
}

/// SGR parameters with `38;5;N` and `48;5;N` (N < 16) made classic.
fn rewrite(params: &str) -> String {
    let parts: Vec<&str> = params.split(';').collect();
    let mut out: Vec<String> = Vec::with_capacity(parts.len());
    let mut i = 0;
    while i < parts.len() {
        let ground = match parts[i] {
            "38" => Some(30),
            "48" => Some(40),
            _ => None,
        };
        let index = parts.get(i + 2).and_then(|n| n.parse::<u8>().ok());
        match (ground, parts.get(i + 1), index) {
            (Some(g), Some(&"5"), Some(n)) if n < 8 => {
                out.push((g + n).to_string());
                i += 3;
            }
            // Bright colours: 90–97 and 100–107.
            (Some(g), Some(&"5"), Some(n)) if n < 16 => {
                out.push((g + 60 + n - 8).to_string());
                i += 3;
            }
            _ => {
                out.push(parts[i].to_string());
                i += 1;
            }
        }
    }
    out.join(";")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn basic_and_bright_colours_become_classic_codes() {
        let frame = b"\x1b[38;5;1mred\x1b[48;5;4m\x1b[38;5;8mgrey\x1b[38;5;200mpink\x1b[1m";
        let out = String::from_utf8(classic(frame)).unwrap();
        assert_eq!(
            out,
            "\x1b[31mred\x1b[44m\x1b[90mgrey\x1b[38;5;200mpink\x1b[1m"
        );
        let combined = classic(b"\x1b[38;5;0;48;5;6mtitle\x1b[38;5;15;48;5;4;1m\x1b[?25l");
        assert_eq!(combined, b"\x1b[30;46mtitle\x1b[97;44;1m\x1b[?25l");
    }

    #[test]
    fn a_sequence_written_in_pieces_is_rewritten_on_flush() {
        let mut screen = Screen::new(Vec::new(), true);
        for piece in [&b"\x1b["[..], b"38;5;", b"6", b"mx"] {
            screen.write_all(piece).unwrap();
        }
        screen.flush().unwrap();
        assert_eq!(screen.out, b"\x1b[36mx");
        let mut wide = Screen::new(Vec::new(), false);
        wide.write_all(b"\x1b[38;5;6m").unwrap();
        wide.flush().unwrap();
        assert_eq!(wide.out, b"\x1b[38;5;6m");
    }
}
