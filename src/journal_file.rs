//! The draft journal on disk: what the member typed and the store has not
//! acknowledged, one file per contest, server (or database) and member, in
//! the member's own state folder (`$XDG_STATE_HOME/jury/journal`, else the
//! data folder). The folder is 0700 and the file 0600, written through an
//! exclusive temporary file and a rename, so a crash leaves the old journal
//! or the new one, never half of one.

use std::fs;
use std::io::Write;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::domain::Change;

/// The journal as written to disk.
#[derive(Serialize, Deserialize)]
struct Journal {
    /// `jury/journal@1`, so that a later jury knows what it reads.
    format: String,
    drafts: Vec<Change>,
}

const FORMAT: &str = "jury/journal@1";

/// Where the journal of `member` in `contest` on `place` (the server's socket
/// or the database folder) lives; `None` when the system names no state or
/// data folder.
pub fn path_for(contest: &str, place: &Path, member: &str) -> Option<PathBuf> {
    let base = dirs::state_dir().or_else(dirs::data_dir)?;
    // `--db db` and `--db /home/…/db` are the same database.
    let place = place.canonicalize().unwrap_or_else(|_| place.to_path_buf());
    let name = format!(
        "{}-{}-{:016x}.json",
        safe(contest),
        safe(member),
        fnv1a(place.as_os_str().as_bytes())
    );
    Some(base.join("jury").join("journal").join(name))
}

/// Ids may hold characters a file name must not: keep letters, digits, `-` and `_`.
fn safe(id: &str) -> String {
    id.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// A stable hash of the place, so two servers never share a journal file.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// The drafts in the journal; none when there is no journal.
pub fn read(path: &Path) -> Result<Vec<Change>, String> {
    let bytes = match fs::read(path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(e.to_string()),
    };
    let journal = serde_json::from_slice::<Journal>(&bytes).map_err(|e| e.to_string())?;
    if journal.format != FORMAT {
        return Err(format!("format {:?}, not {FORMAT:?}", journal.format));
    }
    Ok(journal.drafts)
}

/// Moves an unreadable journal aside (never deleted: it may hold the only
/// copy of something typed), so that this session can keep its own.
pub fn set_aside(path: &Path) -> Result<PathBuf, String> {
    let mut aside = path.as_os_str().to_owned();
    aside.push(format!(".damaged-{}", std::process::id()));
    let aside = PathBuf::from(aside);
    fs::rename(path, &aside).map_err(|e| e.to_string())?;
    Ok(aside)
}

/// Replaces the journal with `drafts`; removes it when there are none.
pub fn write(path: &Path, drafts: &[Change]) -> Result<(), String> {
    if drafts.is_empty() {
        return match fs::remove_file(path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e.to_string()),
            _ => Ok(()),
        };
    }
    let dir = path
        .parent()
        .ok_or_else(|| "the journal has no folder".to_string())?;
    fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
        .map_err(|e| e.to_string())?;
    // The folder may have been made before with a wider mode: it is ours alone.
    fs::set_permissions(dir, fs::Permissions::from_mode(0o700)).map_err(|e| e.to_string())?;
    let body = serde_json::to_vec(&Journal {
        format: FORMAT.to_string(),
        drafts: drafts.to_vec(),
    })
    .map_err(|e| e.to_string())?;
    let tmp = dir.join(format!(
        ".{}.{}.tmp",
        path.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        std::process::id()
    ));
    let _ = fs::remove_file(&tmp);
    let written = (|| {
        let mut f = fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .custom_flags(libc::O_NOFOLLOW)
            .open(&tmp)?;
        f.write_all(&body)?;
        f.sync_all()?;
        fs::rename(&tmp, path)
    })();
    if let Err(e) = written {
        let _ = fs::remove_file(&tmp);
        return Err(e.to_string());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::SheetKey;

    #[test]
    fn a_journal_is_private_and_reads_back_and_an_empty_one_is_removed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state").join("journal").join("c-m-1.json");
        let drafts = vec![Change::SaveNote {
            key: SheetKey::new("main", "SK01", "GK03"),
            text: "Tốt".into(),
            base: 2,
        }];
        write(&path, &drafts).unwrap();
        assert_eq!(read(&path).unwrap(), drafts);
        let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&path), 0o600);
        assert_eq!(mode(path.parent().unwrap()), 0o700);
        write(&path, &[]).unwrap();
        assert!(!path.exists());
        assert_eq!(read(&path).unwrap(), Vec::new());
    }

    #[test]
    fn a_damaged_journal_is_refused_and_set_aside_not_deleted() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("j.json");
        fs::write(&path, b"{\"drafts\": [").unwrap();
        assert!(read(&path).is_err());
        let aside = set_aside(&path).unwrap();
        assert!(!path.exists());
        assert_eq!(fs::read(&aside).unwrap(), b"{\"drafts\": [");
        fs::write(&path, br#"{"format": "jury/journal@9", "drafts": []}"#).unwrap();
        let e = read(&path).unwrap_err();
        assert!(e.contains("jury/journal@9"), "{e}");
    }

    #[test]
    fn ids_cannot_leave_the_journal_folder() {
        let p = path_for("../x", Path::new("/run/jury/jury.sock"), "a/b").unwrap();
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        assert!(name.starts_with("___x-a_b-"), "{name}");
        assert_ne!(
            path_for("c", Path::new("/a"), "m"),
            path_for("c", Path::new("/b"), "m"),
            "one journal per server"
        );
    }
}
