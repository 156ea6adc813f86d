//! The draft journal on disk: what the member typed and the store has not
//! acknowledged, per contest, server (or database) and member, in the
//! member's own state folder (`$XDG_STATE_HOME/jury/journal`, else the data
//! folder), one file for each running jury. The folder is 0700 and the files
//! 0600, written by `file_out` (an exclusive temporary file and a rename), so a crash
//! leaves the old journal or the new one, never half of one.

use std::fs;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::app::journal::{Pending, Typed};
use crate::domain::Change;

/// The journal as written to disk.
#[derive(Serialize, Deserialize)]
struct Journal {
    /// `jury/journal@1`, so that a later jury knows what it reads.
    format: String,
    drafts: Vec<Change>,
    /// Refused values typed, kept as text (absent in older journals).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    typed: Vec<Typed>,
}

const FORMAT: &str = "jury/journal@1";

/// The journal folder: `$XDG_STATE_HOME/jury/journal`, else the data folder's.
pub fn folder() -> Option<PathBuf> {
    let base = dirs::state_dir().or_else(dirs::data_dir)?;
    Some(base.join("jury").join("journal"))
}

/// What names the journals of `member` in `contest` on `place` (the server's
/// socket or the database folder): each running jury adds its process id.
pub fn prefix(contest: &str, place: &Path, member: &str) -> String {
    // `--db db` and `--db /home/…/db` are the same database.
    let place = place.canonicalize().unwrap_or_else(|_| place.to_path_buf());
    format!(
        "{}-{}-{:016x}-",
        safe(contest),
        safe(member),
        fnv1a(place.as_os_str().as_bytes())
    )
}

/// This process's journal, with the lock that tells others it is alive
/// (one member may run jury in two terminals: neither takes the other's
/// drafts), and what it took over from journals whose jury is gone.
pub struct Claim {
    pub path: PathBuf,
    lock_path: PathBuf,
    _lock: fs::File,
    /// What journals left by a jury that is no longer running hold.
    pub drafts: Pending,
    /// Journals that could not be read: (where it was, why, where it is kept now).
    pub damaged: Vec<(PathBuf, String, PathBuf)>,
    /// The journals taken over, still locked, removed by `settle` once
    /// their drafts are in this process's journal.
    taken: Vec<(PathBuf, PathBuf, fs::File)>,
}

/// Takes this process's journal in `folder` and the drafts of any journal
/// with the same prefix whose jury is gone.
pub fn claim(folder: &Path, prefix: &str) -> Result<Claim, String> {
    claim_as(folder, prefix, std::process::id())
}

fn claim_as(folder: &Path, prefix: &str, id: u32) -> Result<Claim, String> {
    private_folder(folder)?;
    let lock_path = folder.join(format!("{prefix}{id}.lock"));
    let lock = lock_file(&lock_path)?;
    if !try_lock(&lock) {
        return Err(format!("{} is held by another jury", lock_path.display()));
    }
    let mut claim = Claim {
        path: folder.join(format!("{prefix}{id}.json")),
        lock_path,
        _lock: lock,
        drafts: Pending::default(),
        damaged: Vec::new(),
        taken: Vec::new(),
    };
    let entries = fs::read_dir(folder).map_err(|e| e.to_string())?;
    let mut others: Vec<String> = entries
        .filter_map(|e| e.ok())
        .filter_map(|e| e.file_name().into_string().ok())
        .filter_map(|n| n.strip_prefix(prefix).map(String::from))
        .filter_map(|rest| rest.strip_suffix(".json").map(String::from))
        .filter(|other| *other != id.to_string())
        .collect();
    others.sort();
    for other in others {
        let json = folder.join(format!("{prefix}{other}.json"));
        let lock_path = folder.join(format!("{prefix}{other}.lock"));
        let Ok(lock) = lock_file(&lock_path) else {
            continue;
        };
        if !try_lock(&lock) {
            continue; // its jury is running
        }
        match read(&json) {
            Ok(p) => {
                claim.drafts.drafts.extend(p.drafts);
                claim.drafts.typed.extend(p.typed);
            }
            Err(why) => {
                let kept = set_aside(&json).unwrap_or_else(|_| json.clone());
                claim.damaged.push((json.clone(), why, kept));
            }
        }
        claim.taken.push((json, lock_path, lock));
    }
    Ok(claim)
}

impl Claim {
    /// Removes the journals taken over, now that their drafts are kept in
    /// this process's journal (or stored).
    pub fn settle(&mut self) {
        for (json, lock_path, _lock) in self.taken.drain(..) {
            let _ = fs::remove_file(json);
            let _ = fs::remove_file(lock_path);
        }
    }

    /// On a clean exit: the lock goes; the journal stays only if it holds drafts.
    pub fn release(self) {
        let _ = fs::remove_file(&self.lock_path);
    }
}

fn private_folder(dir: &Path) -> Result<(), String> {
    fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
        .map_err(|e| e.to_string())?;
    // The folder may have been made before with a wider mode: it is ours alone.
    fs::set_permissions(dir, fs::Permissions::from_mode(0o700)).map_err(|e| e.to_string())
}

fn lock_file(path: &Path) -> Result<fs::File, String> {
    fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .mode(0o600)
        .custom_flags(libc::O_NOFOLLOW)
        .open(path)
        .map_err(|e| e.to_string())
}

/// An exclusive lock, held while the file stays open; `false` if someone holds it.
fn try_lock(f: &fs::File) -> bool {
    use std::os::fd::AsRawFd;
    // SAFETY: flock on a descriptor `f` owns.
    unsafe { libc::flock(f.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) == 0 }
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

/// What the journal holds; nothing when there is no journal.
pub fn read(path: &Path) -> Result<Pending, String> {
    let bytes = match fs::read(path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Pending::default()),
        Err(e) => return Err(e.to_string()),
    };
    let journal = serde_json::from_slice::<Journal>(&bytes).map_err(|e| e.to_string())?;
    if journal.format != FORMAT {
        return Err(format!("format {:?}, not {FORMAT:?}", journal.format));
    }
    Ok(Pending {
        drafts: journal.drafts,
        typed: journal.typed,
    })
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

/// Replaces the journal with `pending`; removes it when it holds nothing.
pub fn write(path: &Path, pending: &Pending) -> Result<(), String> {
    if pending.is_empty() {
        return match fs::remove_file(path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e.to_string()),
            _ => Ok(()),
        };
    }
    let dir = path
        .parent()
        .ok_or_else(|| "the journal has no folder".to_string())?;
    private_folder(dir)?;
    let body = serde_json::to_vec(&Journal {
        format: FORMAT.to_string(),
        drafts: pending.drafts.clone(),
        typed: pending.typed.clone(),
    })
    .map_err(|e| e.to_string())?;
    // The one writer of private files: exclusive temporary file, rename.
    crate::file_out::write_private(path, &body).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::SheetKey;

    #[test]
    fn a_journal_is_private_and_reads_back_and_an_empty_one_is_removed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state").join("journal").join("c-m-1.json");
        let drafts = Pending {
            drafts: vec![Change::SaveNote {
                key: SheetKey::new("main", "SK01", "GK03"),
                text: "Tốt".into(),
                base: 2,
                remarks: Default::default(),
                annotations: Vec::new(),
            }],
            typed: vec![Typed {
                key: SheetKey::new("main", "SK02", "GK03"),
                criterion: "novelty".into(),
                text: "30".into(),
            }],
        };
        write(&path, &drafts).unwrap();
        assert_eq!(read(&path).unwrap(), drafts);
        let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&path), 0o600);
        assert_eq!(mode(path.parent().unwrap()), 0o700);
        write(&path, &Pending::default()).unwrap();
        assert!(!path.exists());
        assert_eq!(read(&path).unwrap(), Pending::default());
    }

    #[test]
    fn a_link_planted_at_the_journal_is_refused_not_followed() {
        let dir = tempfile::tempdir().unwrap();
        let elsewhere = dir.path().join("elsewhere.txt");
        fs::write(&elsewhere, "someone else's file").unwrap();
        let path = dir.path().join("c-m-1.json");
        std::os::unix::fs::symlink(&elsewhere, &path).unwrap();
        let note = Change::SaveNote {
            key: SheetKey::new("main", "SK01", "GK03"),
            text: "Tốt".into(),
            base: 0,
            remarks: Default::default(),
            annotations: Vec::new(),
        };
        let e = write(&path, &vec![note].into()).unwrap_err();
        assert!(e.contains("symbolic link"), "{e}");
        assert_eq!(
            fs::read_to_string(&elsewhere).unwrap(),
            "someone else's file"
        );
        let mut names: Vec<String> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(names, ["c-m-1.json", "elsewhere.txt"], "no temporary left");
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
        let p = prefix("../x", Path::new("/run/jury/jury.sock"), "a/b");
        assert!(p.starts_with("___x-a_b-"), "{p}");
        assert_ne!(
            prefix("c", Path::new("/a"), "m"),
            prefix("c", Path::new("/b"), "m"),
            "one journal per server"
        );
    }

    #[test]
    fn a_running_jury_keeps_its_journal_and_a_gone_one_hands_it_over() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("journal");
        let note = |text: &str| Change::SaveNote {
            key: SheetKey::new("main", "SK01", "GK03"),
            text: text.into(),
            base: 0,
            remarks: Default::default(),
            annotations: Vec::new(),
        };
        // Two terminals of one member.
        let a = claim_as(&folder, "c-m-1-", 1).unwrap();
        write(&a.path, &vec![note("from A")].into()).unwrap();
        let b = claim_as(&folder, "c-m-1-", 2).unwrap();
        assert!(
            b.drafts.is_empty(),
            "A is running: B leaves its journal alone"
        );
        // A dies (its lock goes with it); the next jury takes A's drafts over.
        drop(a);
        let mut c = claim_as(&folder, "c-m-1-", 3).unwrap();
        assert_eq!(c.drafts, vec![note("from A")].into());
        assert!(
            claim_as(&folder, "c-m-1-", 4).unwrap().drafts.is_empty(),
            "and only one does"
        );
        c.settle();
        assert!(!folder.join("c-m-1-1.json").exists());
        let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&folder.join("c-m-1-3.lock")), 0o600);
        c.release();
        assert!(!folder.join("c-m-1-3.lock").exists());
        drop(b);
    }
}
