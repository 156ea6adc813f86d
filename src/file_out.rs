//! Every file jury writes (export, packet, report, audit export): owner-only,
//! whole or not at all, and never through a name someone else prepared.
//!
//! The bytes go to a temporary file created exclusively (`O_EXCL |
//! O_NOFOLLOW`) under an unpredictable name in the target's own folder, are
//! synced, and the file is renamed over the target. A planted symlink or file
//! at the temporary name makes the open fail instead of being followed, and
//! a failure at any step removes the temporary file.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Write};
use std::os::unix::fs::{FileTypeExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

/// Owner read and write only: files hold confidential scores and notes.
pub const FILE_MODE: u32 = 0o600;

/// What stands at a target that is not a regular file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Folder,
    Link,
    Device,
    /// A pipe or a socket.
    Special,
}

impl Kind {
    fn english(self) -> &'static str {
        match self {
            Kind::Folder => "folder",
            Kind::Link => "symbolic link",
            Kind::Device => "device",
            Kind::Special => "special file",
        }
    }
}

/// Why a file could not be written.
#[derive(Debug)]
pub enum WriteError {
    /// The target exists and is a folder, device, symlink, socket or pipe.
    NotRegular {
        path: PathBuf,
        kind: Kind,
    },
    /// No space left on the file system (or the disk quota is used up).
    DiskFull {
        path: PathBuf,
    },
    Io {
        path: PathBuf,
        error: io::Error,
    },
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WriteError::NotRegular { path, kind } => {
                write!(f, "{} is a {}, not a file", path.display(), kind.english())
            }
            WriteError::DiskFull { path } => write!(f, "disk full writing {}", path.display()),
            WriteError::Io { path, error } => write!(f, "cannot write {}: {error}", path.display()),
        }
    }
}

/// Writes `bytes` to `path` as a new 0600 file, replacing a regular file there.
pub fn write_private(path: &Path, bytes: &[u8]) -> Result<(), WriteError> {
    write_with(path, |f| f.write_all(bytes))
}

/// As `write_private`, with the writing step given (tests make it fail).
fn write_with(
    path: &Path,
    fill: impl FnOnce(&mut File) -> io::Result<()>,
) -> Result<(), WriteError> {
    refuse_non_regular(path)?;
    let dir = folder_of(path);
    let (tmp, mut file) = create_temporary(path, &dir)?;
    let result = (|| {
        file.set_permissions(fs::Permissions::from_mode(FILE_MODE))?;
        fill(&mut file)?;
        file.sync_all()?;
        drop(file);
        // Checked again just before the rename: a folder or device put there
        // meanwhile is not replaced.
        refuse_non_regular(path).map_err(|e| io::Error::other(e.to_string()))?;
        fs::rename(&tmp, path)
    })();
    match result {
        Ok(()) => {
            // The rename itself survives a crash once the folder is synced.
            if let Ok(d) = File::open(&dir) {
                let _ = d.sync_all();
            }
            Ok(())
        }
        Err(error) => {
            let _ = fs::remove_file(&tmp);
            // A non-regular target found at the second look.
            refuse_non_regular(path)?;
            Err(classify(path, error))
        }
    }
}

fn folder_of(path: &Path) -> PathBuf {
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .to_path_buf()
}

/// Anything at `path` that is not a regular file is left alone.
fn refuse_non_regular(path: &Path) -> Result<(), WriteError> {
    let meta = match fs::symlink_metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(error) => return Err(classify(path, error)),
    };
    let t = meta.file_type();
    let kind = if t.is_file() {
        return Ok(());
    } else if t.is_dir() {
        Kind::Folder
    } else if t.is_symlink() {
        Kind::Link
    } else if t.is_block_device() || t.is_char_device() {
        Kind::Device
    } else {
        Kind::Special
    };
    Err(WriteError::NotRegular {
        path: path.to_path_buf(),
        kind,
    })
}

/// A new, empty file beside the target, that no one else named.
fn create_temporary(path: &Path, dir: &Path) -> Result<(PathBuf, File), WriteError> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let mut last = None;
    // A name taken (by chance or by someone) is skipped, never reused.
    for _ in 0..16 {
        let tmp = dir.join(format!(".{name}.{}.jury-tmp", random_suffix()));
        match OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(FILE_MODE)
            .custom_flags(libc::O_NOFOLLOW | libc::O_CLOEXEC)
            .open(&tmp)
        {
            Ok(f) => return Ok((tmp, f)),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => last = Some(e),
            Err(error) => return Err(classify(path, error)),
        }
    }
    Err(classify(
        path,
        last.unwrap_or_else(|| io::Error::from(io::ErrorKind::AlreadyExists)),
    ))
}

/// 128 bits from the kernel, in hex; the process's own randomness if that fails.
fn random_suffix() -> String {
    let mut bytes = [0u8; 16];
    let read = File::open("/dev/urandom").and_then(|mut f| f.read_exact(&mut bytes));
    if read.is_err() {
        use std::hash::{BuildHasher, Hasher};
        for chunk in bytes.chunks_mut(8) {
            let mut h = std::collections::hash_map::RandomState::new().build_hasher();
            h.write_u128(
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map(|d| d.as_nanos())
                    .unwrap_or_default(),
            );
            h.write_u32(std::process::id());
            chunk.copy_from_slice(&h.finish().to_le_bytes());
        }
    }
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn classify(path: &Path, error: io::Error) -> WriteError {
    match error.raw_os_error() {
        Some(libc::ENOSPC) | Some(libc::EDQUOT) => WriteError::DiskFull {
            path: path.to_path_buf(),
        },
        _ => WriteError::Io {
            path: path.to_path_buf(),
            error,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names_in(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = fs::read_dir(dir)
            .map(|r| {
                r.filter_map(Result::ok)
                    .map(|e| e.file_name().to_string_lossy().to_string())
                    .collect()
            })
            .unwrap_or_default();
        v.sort();
        v
    }

    #[test]
    fn a_full_disk_is_said_plainly_and_leaves_nothing_behind() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let target = dir.path().join("bao-cao.md");
        fs::write(&target, "old").unwrap_or_else(|e| panic!("{e}"));
        let result = write_with(&target, |f| {
            f.write_all(b"half")?;
            Err(io::Error::from_raw_os_error(libc::ENOSPC))
        });
        match result {
            Err(e @ WriteError::DiskFull { .. }) => assert!(e.to_string().contains("disk full")),
            other => panic!("not disk full: {other:?}"),
        }
        assert_eq!(names_in(dir.path()), vec!["bao-cao.md".to_string()]);
        assert_eq!(fs::read_to_string(&target).ok().as_deref(), Some("old"));
    }

    #[test]
    fn temporary_names_differ_each_time() {
        assert_ne!(random_suffix(), random_suffix());
        assert_eq!(random_suffix().len(), 32);
    }
}
