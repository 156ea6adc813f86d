//! A member's SSH public key as the council records it: read strictly from
//! the `.pub` file, so that nothing in it (a comment above all) can add
//! options or lines to the service account's `authorized_keys`.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The key types sshd accepts from a member's `.pub` file.
pub const TYPES: &[&str] = &[
    "ssh-ed25519",
    "ssh-rsa",
    "ecdsa-sha2-nistp256",
    "ecdsa-sha2-nistp384",
    "ecdsa-sha2-nistp521",
    "sk-ssh-ed25519@openssh.com",
    "sk-ecdsa-sha2-nistp256@openssh.com",
];

/// A comment longer than this is refused: it is a label, not a document.
pub const MAX_COMMENT: usize = 200;

/// The largest blob accepted (an RSA key of 16384 bits is about 2 KiB).
const MAX_BLOB: usize = 8 * 1024;

/// A public key: its type, its base64 body and its comment, all checked.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicKey {
    pub kind: String,
    pub blob: String,
    pub comment: String,
}

/// Why a `.pub` file is not one usable public key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum KeyProblem {
    Empty,
    /// More than one key (or any other line) in the file.
    SeveralLines,
    /// The line starts with something other than a known key type (options, say).
    UnknownType(String),
    NoBody,
    /// The body is not base64, or does not hold a key of the type named.
    BadBody,
    /// The type inside the body is not the one written before it.
    TypeMismatch {
        written: String,
        inside: String,
    },
    /// A control character (a tab, a carriage return…) where text was expected.
    Control,
    CommentTooLong,
}

impl std::fmt::Display for KeyProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            KeyProblem::Empty => write!(f, "the file holds no key"),
            KeyProblem::SeveralLines => write!(f, "the file holds more than one line"),
            KeyProblem::UnknownType(t) => write!(f, "\"{t}\" is not a key type jury accepts"),
            KeyProblem::NoBody => write!(f, "the key's body is missing"),
            KeyProblem::BadBody => write!(f, "the key's body is not a valid key"),
            KeyProblem::TypeMismatch { written, inside } => {
                write!(f, "the line says {written} but the key is {inside}")
            }
            KeyProblem::Control => write!(f, "the line holds a control character"),
            KeyProblem::CommentTooLong => {
                write!(f, "the comment is longer than {MAX_COMMENT} characters")
            }
        }
    }
}

impl PublicKey {
    /// Reads the text of a `.pub` file: one line `TYPE BASE64 [COMMENT]`;
    /// blank lines around it are allowed, nothing else.
    pub fn parse(text: &str) -> Result<PublicKey, KeyProblem> {
        let mut lines = text
            .split('\n')
            .map(|l| l.strip_suffix('\r').unwrap_or(l))
            .filter(|l| !l.trim().is_empty());
        let line = lines.next().ok_or(KeyProblem::Empty)?;
        if lines.next().is_some() {
            return Err(KeyProblem::SeveralLines);
        }
        if line.chars().any(|c| c.is_control()) {
            return Err(KeyProblem::Control);
        }
        let line = line.trim_matches(' ');
        let (kind, rest) = line.split_once(' ').unwrap_or((line, ""));
        if !TYPES.contains(&kind) {
            return Err(KeyProblem::UnknownType(kind.chars().take(40).collect()));
        }
        let rest = rest.trim_start_matches(' ');
        let (blob, comment) = rest.split_once(' ').unwrap_or((rest, ""));
        if blob.is_empty() {
            return Err(KeyProblem::NoBody);
        }
        let bytes = base64_decode(blob).ok_or(KeyProblem::BadBody)?;
        if bytes.len() > MAX_BLOB {
            return Err(KeyProblem::BadBody);
        }
        let inside = embedded_type(&bytes).ok_or(KeyProblem::BadBody)?;
        if inside != kind {
            return Err(KeyProblem::TypeMismatch {
                written: kind.to_string(),
                inside: String::from_utf8_lossy(inside.as_bytes())
                    .chars()
                    .take(40)
                    .collect(),
            });
        }
        let comment = comment.trim_matches(' ').to_string();
        if comment.chars().count() > MAX_COMMENT {
            return Err(KeyProblem::CommentTooLong);
        }
        Ok(PublicKey {
            kind: kind.to_string(),
            // Re-encoded: exactly the bytes checked, in canonical form.
            blob: base64_encode(&bytes),
            comment,
        })
    }

    /// `SHA256:…` as `ssh-keygen -lf` prints it.
    pub fn fingerprint(&self) -> String {
        let bytes = base64_decode(&self.blob).unwrap_or_default();
        let hash = Sha256::digest(&bytes);
        let mut b64 = base64_encode(&hash);
        while b64.ends_with('=') {
            b64.pop();
        }
        format!("SHA256:{b64}")
    }
}

/// The type string a key blob starts with (a length-prefixed string).
fn embedded_type(bytes: &[u8]) -> Option<&str> {
    let len = u32::from_be_bytes(bytes.get(..4)?.try_into().ok()?) as usize;
    let name = bytes.get(4..4usize.checked_add(len)?)?;
    // A key holds more than its name.
    if bytes.len() <= 4 + len {
        return None;
    }
    std::str::from_utf8(name).ok()
}

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

pub fn base64_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Strict base64 with padding, as `.pub` files carry it.
pub fn base64_decode(text: &str) -> Option<Vec<u8>> {
    let bytes = text.as_bytes();
    if bytes.is_empty() || !bytes.len().is_multiple_of(4) {
        return None;
    }
    let value = |c: u8| ALPHABET.iter().position(|&a| a == c).map(|p| p as u32);
    let mut out = Vec::with_capacity(bytes.len() / 4 * 3);
    let groups = bytes.len() / 4;
    for (g, chunk) in bytes.chunks(4).enumerate() {
        let pad = chunk.iter().rev().take_while(|&&c| c == b'=').count();
        if pad > 2 || (pad > 0 && g + 1 != groups) {
            return None;
        }
        let mut n = 0u32;
        for &c in &chunk[..4 - pad] {
            n = (n << 6) | value(c)?;
        }
        n <<= 6 * pad as u32;
        let got = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
        out.extend_from_slice(&got[..3 - pad]);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `ssh-keygen -t ed25519 -C member@example` and `ssh-keygen -lf` on it.
    const ED: &str = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOXBvRWtVchMoLin5yloERnO1QdgaTvzwm7vxQMTscd5 member@example\n";

    #[test]
    fn base64_round_trips() {
        for s in [&b""[..], b"f", b"fo", b"foo", b"foob", b"fooba", b"foobar"] {
            if s.is_empty() {
                continue;
            }
            assert_eq!(base64_decode(&base64_encode(s)).unwrap(), s);
        }
        assert_eq!(base64_encode(b"foobar"), "Zm9vYmFy");
        assert_eq!(base64_encode(b"fo"), "Zm8=");
        assert!(base64_decode("Zm8").is_none());
        assert!(base64_decode("Z=m8").is_none());
    }

    #[test]
    fn a_pub_file_reads_as_its_key() {
        let k = PublicKey::parse(ED).unwrap();
        assert_eq!(k.kind, "ssh-ed25519");
        assert_eq!(k.comment, "member@example");
        assert_eq!(
            k.fingerprint(),
            "SHA256:KTD0ExW7yra/E0vpsZFUkTIqcaoIUsW7nuk2KqNW8kc"
        );
    }

    #[test]
    fn nothing_but_one_plain_key_is_taken() {
        let body = "AAAAC3NzaC1lZDI1NTE5AAAAIOXBvRWtVchMoLin5yloERnO1QdgaTvzwm7vxQMTscd5";
        let cases = [
            ("", KeyProblem::Empty),
            (
                &format!("command=\"sh\" ssh-ed25519 {body}") as &str,
                KeyProblem::UnknownType("command=\"sh\"".into()),
            ),
            (
                &format!("ssh-ed25519 {body} a\nssh-ed25519 {body} b"),
                KeyProblem::SeveralLines,
            ),
            (
                &format!("ssh-ed25519 {body} x\rcommand=\"sh\""),
                KeyProblem::Control,
            ),
            (&format!("ssh-ed25519 {body} a\tb"), KeyProblem::Control),
            ("ssh-ed25519", KeyProblem::NoBody),
            ("ssh-ed25519 not-base64!", KeyProblem::BadBody),
            (
                &format!("ssh-rsa {body}"),
                KeyProblem::TypeMismatch {
                    written: "ssh-rsa".into(),
                    inside: "ssh-ed25519".into(),
                },
            ),
            (
                &format!("ssh-ed25519 {body} {}", "x".repeat(MAX_COMMENT + 1)),
                KeyProblem::CommentTooLong,
            ),
        ];
        for (text, want) in cases {
            assert_eq!(PublicKey::parse(text), Err(want), "{text:?}");
        }
    }
}
