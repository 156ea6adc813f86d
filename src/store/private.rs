//! The database folder is its owner's alone: 0700 for folders, 0600 for
//! sled's files, checked at every open. A looser mode found (set by hand, or
//! left by a wide umask) is tightened and reported, so the owner learns that
//! others may have read it.

use std::fs;
use std::io;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

const FOLDER: u32 = 0o700;
const FILE: u32 = 0o600;

/// A path whose mode was looser than jury allows, and that mode.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tightened {
    pub path: PathBuf,
    pub was: u32,
}

/// Sets `root` and everything in it to owner-only; returns what was looser.
/// Symlinks are neither followed nor changed.
pub fn tighten(root: &Path) -> io::Result<Vec<Tightened>> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(path) = stack.pop() {
        let meta = fs::symlink_metadata(&path)?;
        let t = meta.file_type();
        let want = if t.is_dir() {
            FOLDER
        } else if t.is_file() {
            FILE
        } else {
            continue;
        };
        let mode = meta.permissions().mode() & 0o777;
        if mode & !want != 0 {
            fs::set_permissions(&path, fs::Permissions::from_mode(mode & want))?;
            out.push(Tightened {
                path: path.clone(),
                was: mode,
            });
        }
        if t.is_dir() {
            for item in fs::read_dir(&path)? {
                stack.push(item?.path());
            }
        }
    }
    out.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wide_folder_and_its_files_become_owner_only_and_are_named() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let db = dir.path().join("db");
        fs::create_dir_all(db.join("blobs")).unwrap_or_else(|e| panic!("{e}"));
        fs::write(db.join("conf"), "x").unwrap_or_else(|e| panic!("{e}"));
        fs::write(db.join("snap"), "x").unwrap_or_else(|e| panic!("{e}"));
        fs::set_permissions(&db, fs::Permissions::from_mode(0o777))
            .unwrap_or_else(|e| panic!("{e}"));
        fs::set_permissions(db.join("conf"), fs::Permissions::from_mode(0o644))
            .unwrap_or_else(|e| panic!("{e}"));
        fs::set_permissions(db.join("snap"), fs::Permissions::from_mode(0o600))
            .unwrap_or_else(|e| panic!("{e}"));
        fs::set_permissions(db.join("blobs"), fs::Permissions::from_mode(0o700))
            .unwrap_or_else(|e| panic!("{e}"));
        let found = tighten(&db).unwrap_or_else(|e| panic!("{e}"));
        let named: Vec<(PathBuf, u32)> = found.into_iter().map(|t| (t.path, t.was)).collect();
        assert_eq!(named, vec![(db.clone(), 0o777), (db.join("conf"), 0o644)]);
        let mode = |p: &Path| fs::metadata(p).map(|m| m.permissions().mode() & 0o777).ok();
        assert_eq!(mode(&db), Some(0o700));
        assert_eq!(mode(&db.join("conf")), Some(0o600));
        assert_eq!(tighten(&db).map(|v| v.len()).ok(), Some(0));
    }
}
