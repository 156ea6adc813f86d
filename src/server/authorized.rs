//! The service account's `authorized_keys`: one line per member key, each
//! forcing `jury connect --key ID`, so sshd (which checked the key) decides
//! who the member is and the member never gets a shell. Lines that are not
//! jury's stay as they are.

use std::os::unix::fs::DirBuilderExt;
use std::path::{Path, PathBuf};

use crate::store::{MemberKey, is_key_id};

/// Where the lines go and which program they force.
#[derive(Clone, Debug)]
pub struct Gateway {
    pub file: PathBuf,
    /// The absolute path of this jury, named in each forced command.
    pub exe: PathBuf,
}

/// A program path safe inside `command="…"`: no quote, backslash, space or
/// anything sshd or the shell would read as more than a path.
fn plain_path(p: &Path) -> Option<&str> {
    let s = p.to_str()?;
    let ok = s.starts_with('/')
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"/._+-".contains(&b));
    ok.then_some(s)
}

impl Gateway {
    /// The gateway for `file`, forcing the jury now running.
    pub fn new(file: PathBuf) -> Result<Gateway, String> {
        let exe = std::env::current_exe()
            .map_err(|e| format!("cannot tell where this jury is installed: {e}"))?;
        if plain_path(&exe).is_none() {
            return Err(format!(
                "jury is installed at {}, a path that cannot go in authorized_keys (use one of \
                 letters, digits and / . _ + -, such as /usr/local/bin/jury)",
                exe.display()
            ));
        }
        Ok(Gateway { file, exe })
    }

    /// The line that lets `k` in as its member, and nothing else.
    pub fn line(&self, k: &MemberKey) -> String {
        // Both checked when they were made; refused here again all the same.
        let exe = plain_path(&self.exe).unwrap_or("/nonexistent/jury");
        let id = if is_key_id(&k.id) {
            k.id.as_str()
        } else {
            "key-0"
        };
        let mut line = format!(
            "command=\"{exe} connect --key {id}\",restrict,pty {} {}",
            k.key.kind, k.key.blob
        );
        // The comment was read as one line without control characters.
        let comment: String = k.key.comment.chars().filter(|c| !c.is_control()).collect();
        if !comment.is_empty() {
            line.push(' ');
            line.push_str(&comment);
        }
        line
    }

    /// `existing` with its jury lines replaced by one line per key.
    pub fn merged(&self, existing: &str, keys: &[MemberKey]) -> String {
        let mut out = String::new();
        for l in existing.lines().filter(|l| !is_jury_line(l)) {
            out.push_str(l);
            out.push('\n');
        }
        for k in keys {
            out.push_str(&self.line(k));
            out.push('\n');
        }
        out
    }

    /// Rewrites the file (0600, whole or not at all), making its folder
    /// (0700) when missing.
    pub fn write(&self, keys: &[MemberKey]) -> Result<(), String> {
        let existing = match std::fs::read(&self.file) {
            Ok(bytes) => String::from_utf8(bytes).map_err(|_| {
                format!(
                    "{} is not text; jury leaves it alone. Fix or move it, then add or remove a key again",
                    self.file.display()
                )
            })?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
            Err(e) => return Err(format!("cannot read {}: {e}", self.file.display())),
        };
        if let Some(dir) = self.file.parent().filter(|d| !d.as_os_str().is_empty())
            && !dir.exists()
        {
            std::fs::DirBuilder::new()
                .recursive(true)
                .mode(0o700)
                .create(dir)
                .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        }
        crate::file_out::write_private(&self.file, self.merged(&existing, keys).as_bytes())
            .map_err(|e| e.to_string())
    }

    /// Whether the file holds any line of jury's.
    pub fn has_jury_lines(&self) -> bool {
        std::fs::read_to_string(&self.file).is_ok_and(|t| t.lines().any(is_jury_line))
    }
}

/// A line jury wrote: `command="…/jury connect --key key-N",restrict,pty …`.
pub fn is_jury_line(line: &str) -> bool {
    let Some(rest) = line.strip_prefix("command=\"") else {
        return false;
    };
    let Some((command, after)) = rest.split_once('"') else {
        return false;
    };
    let words: Vec<&str> = command.split(' ').collect();
    after.starts_with(",restrict")
        && matches!(words.as_slice(), [exe, "connect", "--key", id]
            if (*exe == "jury" || exe.ends_with("/jury")) && is_key_id(id))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ssh_key::PublicKey;

    const PUB: &str = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOXBvRWtVchMoLin5yloERnO1QdgaTvzwm7vxQMTscd5 an@laptop";

    fn key(id: &str) -> MemberKey {
        let key = PublicKey::parse(PUB).unwrap();
        MemberKey {
            id: id.into(),
            member: "GK02".into(),
            fingerprint: key.fingerprint(),
            key,
            added: "2026-01-01T00:00:00Z".into(),
            by: "GK01".into(),
        }
    }

    fn gateway() -> Gateway {
        Gateway {
            file: PathBuf::from("/nonexistent/authorized_keys"),
            exe: PathBuf::from("/usr/local/bin/jury"),
        }
    }

    #[test]
    fn a_key_becomes_one_forced_line() {
        assert_eq!(
            gateway().line(&key("key-3")),
            "command=\"/usr/local/bin/jury connect --key key-3\",restrict,pty ssh-ed25519 \
             AAAAC3NzaC1lZDI1NTE5AAAAIOXBvRWtVchMoLin5yloERnO1QdgaTvzwm7vxQMTscd5 an@laptop"
        );
    }

    #[test]
    fn other_lines_stay_and_jury_lines_are_replaced() {
        let g = gateway();
        let old = format!(
            "# the IT office\nssh-rsa AAAAB3Nza admin@desk\n{}\n",
            g.line(&key("key-1"))
        );
        let new = g.merged(&old, &[key("key-2")]);
        assert_eq!(
            new,
            format!(
                "# the IT office\nssh-rsa AAAAB3Nza admin@desk\n{}\n",
                g.line(&key("key-2"))
            )
        );
        assert_eq!(
            g.merged(&new, &[]),
            "# the IT office\nssh-rsa AAAAB3Nza admin@desk\n"
        );
    }

    #[test]
    fn a_line_that_only_looks_like_jury_is_kept() {
        for l in [
            "command=\"/bin/sh\",restrict ssh-ed25519 AAAA x",
            "command=\"/usr/bin/jury connect --key key-1; sh\",restrict ssh-ed25519 AAAA x",
            "ssh-ed25519 AAAA command=\"jury connect --key key-1\",restrict",
        ] {
            assert!(!is_jury_line(l), "{l}");
        }
    }

    #[test]
    fn an_unsafe_program_path_is_refused() {
        assert!(plain_path(Path::new("/opt/my jury/jury")).is_none());
        assert!(plain_path(Path::new("/opt/j\"ury")).is_none());
        assert!(plain_path(Path::new("jury")).is_none());
        assert_eq!(
            plain_path(Path::new("/usr/bin/jury")),
            Some("/usr/bin/jury")
        );
    }
}
