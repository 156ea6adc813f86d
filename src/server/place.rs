//! Where a server lives, and whether a socket there can be trusted: the rule
//! a client checks before it sends a single byte, and a server before it
//! binds. Only root and the socket's owner may be able to write the socket's
//! folder or any folder above it; anyone else could put a false server there.

use std::os::unix::fs::{FileTypeExt, MetadataExt};
use std::os::unix::net::UnixStream;
use std::path::{Path, PathBuf};

use crate::domain::Lang;
use crate::i18n::T;
use crate::identity::name_of;

/// The shared server's socket; its folder is made by the system (the
/// shipped unit's `RuntimeDirectory`, or `data/jury.tmpfiles.conf`).
pub const SHARED_SOCKET: &str = "/run/jury/jury.sock";

/// The sockets a client looks for when not told one, in order.
pub fn well_known() -> Vec<PathBuf> {
    let mut places = vec![PathBuf::from(SHARED_SOCKET)];
    if let Some(dir) = runtime_dir() {
        places.push(dir.join("jury.sock"));
    }
    places
}

/// The first well-known socket that is there, or that may be there behind
/// a folder this user cannot enter (then connecting says why).
pub fn found() -> Option<PathBuf> {
    well_known()
        .into_iter()
        .find(|p| match p.symlink_metadata() {
            Ok(_) => true,
            Err(e) => e.kind() == std::io::ErrorKind::PermissionDenied,
        })
}

fn runtime_dir() -> Option<PathBuf> {
    std::env::var_os("XDG_RUNTIME_DIR")
        .filter(|d| !d.is_empty())
        .map(PathBuf::from)
}

/// Where `jury serve` listens when not told: the shared folder when the
/// system made it for this user, else the user's runtime folder. Never a
/// folder under /tmp.
pub fn serve_default() -> Result<PathBuf, String> {
    let shared = Path::new(SHARED_SOCKET);
    let me = my_uid();
    if let Some(dir) = shared.parent()
        && let Ok(meta) = dir.metadata()
        && (meta.uid() == me || me == 0)
    {
        return Ok(shared.to_path_buf());
    }
    match runtime_dir() {
        Some(dir) => Ok(dir.join("jury.sock")),
        None => Err(format!(
            "there is no place for the socket: {} is not yours and XDG_RUNTIME_DIR is not set. \
             Run the server from the shipped unit (data/jury.service), or pass --socket PATH \
             in a folder only you can write",
            shared.parent().unwrap_or(shared).display()
        )),
    }
}

pub fn my_uid() -> u32 {
    // SAFETY: getuid cannot fail.
    unsafe { libc::getuid() }
}

/// Why a socket is not trusted.
#[derive(Debug, PartialEq, Eq)]
pub enum Distrust {
    Unreachable {
        path: PathBuf,
        error: String,
    },
    NotSocket {
        path: PathBuf,
    },
    ForeignLink {
        path: PathBuf,
        link: PathBuf,
        owner: u32,
        server: u32,
    },
    ForeignFolder {
        path: PathBuf,
        folder: PathBuf,
        owner: u32,
        server: u32,
    },
    OpenFolder {
        path: PathBuf,
        folder: PathBuf,
        mode: u32,
    },
    WrongOwner {
        path: PathBuf,
        owner: u32,
        pinned: u32,
    },
    WrongPeer {
        path: PathBuf,
        peer: u32,
        owner: u32,
    },
    UnknownUser {
        name: String,
    },
}

impl Distrust {
    /// The refusal in `lang`: the path, the owner and the rule broken.
    pub fn describe(&self, lang: Lang) -> String {
        let d = |p: &PathBuf| p.display().to_string();
        let said = match self {
            Distrust::Unreachable { path, error } => {
                return T::TrustUnreachable.with(lang, &[&d(path), error]);
            }
            Distrust::NotSocket { path } => T::TrustNotSocket.with(lang, &[&d(path)]),
            Distrust::ForeignLink {
                path,
                link,
                owner,
                server,
            } => T::TrustForeignLink.with(
                lang,
                &[&d(path), &d(link), &name_of(*owner), &name_of(*server)],
            ),
            Distrust::ForeignFolder {
                path,
                folder,
                owner,
                server,
            } => T::TrustForeignFolder.with(
                lang,
                &[&d(path), &d(folder), &name_of(*owner), &name_of(*server)],
            ),
            Distrust::OpenFolder { path, folder, mode } => T::TrustOpenFolder.with(
                lang,
                &[&d(path), &d(folder), &format!("{:04o}", mode & 0o7777)],
            ),
            Distrust::WrongOwner {
                path,
                owner,
                pinned,
            } => T::TrustWrongOwner.with(lang, &[&d(path), &name_of(*owner), &name_of(*pinned)]),
            Distrust::WrongPeer { path, peer, owner } => {
                T::TrustWrongPeer.with(lang, &[&d(path), &name_of(*peer), &name_of(*owner)])
            }
            Distrust::UnknownUser { name } => return T::TrustUnknownUser.with(lang, &[name]),
        };
        format!("{said}. {}", T::TrustWhatToDo.get(lang))
    }
}

/// Checks the socket at `path` before connecting to it, and returns its
/// owner: the user the server must run as (`pinned` when the member named it).
pub fn vet_socket(path: &Path, pinned: Option<u32>) -> Result<u32, Distrust> {
    let path = absolute(path);
    let meta = path.metadata().map_err(|e| Distrust::Unreachable {
        path: path.clone(),
        error: e.to_string(),
    })?;
    if !meta.file_type().is_socket() {
        return Err(Distrust::NotSocket { path });
    }
    let owner = meta.uid();
    if let Some(pinned) = pinned
        && pinned != owner
    {
        return Err(Distrust::WrongOwner {
            path,
            owner,
            pinned,
        });
    }
    // A link decides where the path leads: only root or the owner may have made it.
    let mut prefix = PathBuf::new();
    for part in path.components() {
        prefix.push(part);
        if let Ok(m) = prefix.symlink_metadata()
            && m.file_type().is_symlink()
            && m.uid() != 0
            && m.uid() != owner
        {
            return Err(Distrust::ForeignLink {
                path: path.clone(),
                link: prefix,
                owner: m.uid(),
                server: owner,
            });
        }
    }
    let real = path.canonicalize().map_err(|e| Distrust::Unreachable {
        path: path.clone(),
        error: e.to_string(),
    })?;
    match real.parent() {
        Some(folder) => vet_folders(&path, folder, owner),
        None => Ok(()),
    }
    .map(|()| owner)
}

/// Checks `folder` (the socket's own, resolved) and every folder above it:
/// each owned by root or `owner`, none writable by anyone else. A sticky
/// folder of root's that all may write (`/tmp`) is allowed above, never as
/// the socket's own folder.
pub fn vet_folders(path: &Path, folder: &Path, owner: u32) -> Result<(), Distrust> {
    let mut own = true;
    for dir in folder.ancestors() {
        let meta = dir.metadata().map_err(|e| Distrust::Unreachable {
            path: path.to_path_buf(),
            error: e.to_string(),
        })?;
        if meta.uid() != 0 && meta.uid() != owner {
            return Err(Distrust::ForeignFolder {
                path: path.to_path_buf(),
                folder: dir.to_path_buf(),
                owner: meta.uid(),
                server: owner,
            });
        }
        let mode = meta.mode();
        let sticky = mode & 0o1000 != 0;
        if mode & 0o022 != 0 && (own || !sticky || meta.uid() != 0) {
            return Err(Distrust::OpenFolder {
                path: path.to_path_buf(),
                folder: dir.to_path_buf(),
                mode,
            });
        }
        own = false;
    }
    Ok(())
}

/// After connecting: the process at the other end must run as the socket's
/// owner (the kernel says who it is).
pub fn vet_peer(path: &Path, stream: &UnixStream, owner: u32) -> Result<(), Distrust> {
    let peer = super::peer::peer_uid(stream).map_err(|e| Distrust::Unreachable {
        path: path.to_path_buf(),
        error: e.to_string(),
    })?;
    if peer != owner {
        return Err(Distrust::WrongPeer {
            path: path.to_path_buf(),
            peer,
            owner,
        });
    }
    Ok(())
}

/// The user `--server-user` / `JURY_SERVER_USER` names.
pub fn server_user(name: &str) -> Result<u32, Distrust> {
    crate::identity::uid_of(name).ok_or_else(|| Distrust::UnknownUser {
        name: name.to_string(),
    })
}

/// Connects to a socket that passed every check; the peer is checked too.
pub fn connect(path: &Path, pinned: Option<u32>) -> Result<UnixStream, Distrust> {
    let owner = vet_socket(path, pinned)?;
    let stream = UnixStream::connect(path).map_err(|e| Distrust::Unreachable {
        path: path.to_path_buf(),
        error: e.to_string(),
    })?;
    vet_peer(path, &stream, owner)?;
    Ok(stream)
}

fn absolute(path: &Path) -> PathBuf {
    if path.is_absolute() {
        return path.to_path_buf();
    }
    std::env::current_dir()
        .map(|d| d.join(path))
        .unwrap_or_else(|_| path.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;
    use std::os::unix::net::UnixListener;

    fn socket_in(mode: u32) -> (tempfile::TempDir, PathBuf, UnixListener) {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("run");
        std::fs::create_dir(&folder).unwrap();
        std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(mode)).unwrap();
        let path = folder.join("jury.sock");
        let listener = UnixListener::bind(&path).unwrap();
        (dir, path, listener)
    }

    #[test]
    fn a_socket_in_a_private_folder_under_tmp_is_trusted() {
        let (_dir, path, _l) = socket_in(0o700);
        assert_eq!(vet_socket(&path, None), Ok(my_uid()));
        assert!(connect(&path, Some(my_uid())).is_ok());
    }

    #[test]
    fn a_socket_in_a_folder_others_can_write_is_not() {
        for mode in [0o777, 0o1777, 0o770] {
            let (_dir, path, _l) = socket_in(mode);
            match vet_socket(&path, None) {
                Err(Distrust::OpenFolder { folder, .. }) => {
                    assert_eq!(folder, path.parent().unwrap().canonicalize().unwrap())
                }
                other => panic!("mode {mode:o}: {other:?}"),
            }
        }
    }

    #[test]
    fn a_pinned_owner_that_differs_is_refused() {
        let (_dir, path, _l) = socket_in(0o700);
        let err = vet_socket(&path, Some(65534)).unwrap_err();
        assert!(matches!(err, Distrust::WrongOwner { pinned: 65534, .. }));
        assert!(err.describe(Lang::En).contains(&path.display().to_string()));
    }
}
