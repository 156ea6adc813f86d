//! An entry's text attachment, read on the machine that holds the database.
//!
//! Only a file the contest lists as an attachment is ever read, found by
//! the entry and the attachment's number: nothing a member sends names a
//! path. The path is the one recorded at import, relative to the contest
//! file's folder or absolute; the last step may not be a symbolic link,
//! and only a regular file up to `cap` bytes of UTF-8 is returned.

use std::io::Read;
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

use super::{Store, StoreError};
use crate::domain::document::AttachmentError;
use crate::domain::entry::Attachment;

/// The meta key holding the folder of the contest file last imported.
const SOURCE_DIR: &str = "source_dir";

impl Store {
    /// Records the folder the contest file was imported from, against which
    /// its attachments' relative paths are read.
    pub fn set_source_dir(&self, dir: &Path) -> Result<(), StoreError> {
        let text = dir.to_string_lossy().into_owned();
        self.meta.insert(SOURCE_DIR, super::encode(&text)?)?;
        self.flush()
    }

    pub fn source_dir(&self) -> Result<Option<PathBuf>, StoreError> {
        Ok(self.meta_value::<String>(SOURCE_DIR)?.map(PathBuf::from))
    }
}

/// Where attachment `a` is: absolute as given, or under `base`.
pub fn locate(base: Option<&Path>, a: &Attachment) -> Option<PathBuf> {
    let path = Path::new(&a.path);
    if path.is_absolute() {
        Some(path.to_path_buf())
    } else {
        base.map(|b| b.join(path))
    }
}

/// The text of attachment `a`, at most `cap` bytes of UTF-8.
pub fn read_text(base: Option<&Path>, a: &Attachment, cap: u64) -> Result<String, AttachmentError> {
    let shown = locate(base, a)
        .map(|p| p.display().to_string())
        .unwrap_or_else(|| a.path.clone());
    let Some(path) = locate(base, a) else {
        return Err(AttachmentError::Missing { path: shown });
    };
    let file = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK)
        .open(&path);
    let file = match file {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(AttachmentError::Missing { path: shown });
        }
        Err(e) => {
            return Err(AttachmentError::Unreadable {
                path: shown,
                why: e.to_string(),
            });
        }
    };
    let meta = file.metadata().map_err(|e| AttachmentError::Unreadable {
        path: shown.clone(),
        why: e.to_string(),
    })?;
    if !meta.is_file() {
        return Err(AttachmentError::Unreadable {
            path: shown,
            why: "not a regular file".into(),
        });
    }
    if meta.len() > cap {
        return Err(AttachmentError::TooBig {
            path: shown,
            bytes: meta.len(),
        });
    }
    let mut bytes = Vec::new();
    // A file that grows after the check is still read only up to the cap.
    file.take(cap + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| AttachmentError::Unreadable {
            path: shown.clone(),
            why: e.to_string(),
        })?;
    if bytes.len() as u64 > cap {
        return Err(AttachmentError::TooBig {
            path: shown,
            bytes: bytes.len() as u64,
        });
    }
    let text = String::from_utf8(bytes).map_err(|_| AttachmentError::NotUtf8 { path: shown })?;
    use unicode_normalization::UnicodeNormalization;
    Ok(text.nfc().collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn listed(path: &str) -> Attachment {
        Attachment {
            name: "bao-cao.txt".into(),
            path: path.into(),
            kind: "text".into(),
            bytes: None,
            sha256: None,
        }
    }

    #[test]
    fn reads_a_listed_file_under_the_contest_folder() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("bao-cao.txt"), "Kết quả sau 6 tháng").unwrap();
        let text = read_text(Some(dir.path()), &listed("bao-cao.txt"), 1024).unwrap();
        assert_eq!(text, "Kết quả sau 6 tháng");
    }

    #[test]
    fn refuses_what_is_missing_large_binary_or_a_link() {
        let dir = tempfile::tempdir().unwrap();
        let base = Some(dir.path());
        assert!(matches!(
            read_text(base, &listed("khong-co.txt"), 1024),
            Err(AttachmentError::Missing { .. })
        ));
        std::fs::write(dir.path().join("lon.txt"), vec![b'a'; 2048]).unwrap();
        assert!(matches!(
            read_text(base, &listed("lon.txt"), 1024),
            Err(AttachmentError::TooBig { bytes: 2048, .. })
        ));
        std::fs::write(dir.path().join("anh.txt"), [0xff, 0xfe, 0x00]).unwrap();
        assert!(matches!(
            read_text(base, &listed("anh.txt"), 1024),
            Err(AttachmentError::NotUtf8 { .. })
        ));
        std::fs::write(dir.path().join("secret"), "khóa riêng").unwrap();
        std::os::unix::fs::symlink(dir.path().join("secret"), dir.path().join("link.txt")).unwrap();
        assert!(matches!(
            read_text(base, &listed("link.txt"), 1024),
            Err(AttachmentError::Unreadable { .. })
        ));
        assert!(matches!(
            read_text(None, &listed("bao-cao.txt"), 1024),
            Err(AttachmentError::Missing { .. })
        ));
    }
}
