//! `jury serve`: one process owns the database and every member's app talks
//! to it over a Unix socket. The server decides who each peer is (from the
//! socket's credentials), what they may see and what they may change.

mod authorized;
mod conn;
mod keyring;
mod limits;
mod log;
mod peer;
pub mod place;
mod room;
mod shared;
mod writer;

use std::fs;
use std::io::ErrorKind;
use std::os::unix::fs::{DirBuilderExt, FileTypeExt, MetadataExt, PermissionsExt};
use std::os::unix::net::{UnixListener, UnixStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, mpsc};
use std::time::Duration;

use crate::domain::Lang;
use crate::store::Store;

pub struct Options {
    pub db: PathBuf,
    pub socket: PathBuf,
    /// A group whose members may connect (socket 0660, folder 0750).
    pub group: Option<String>,
    /// Connections one login may hold at once.
    pub max_per_login: usize,
    /// Connections the server holds at once.
    pub max_connections: usize,
    /// A connection that sends no request for this long is closed.
    pub idle: Duration,
    /// The service account's `authorized_keys` (default: `~/.ssh/authorized_keys`).
    pub authorized_keys: Option<PathBuf>,
}

/// Defaults of the limits, for the command line's help.
pub const MAX_PER_LOGIN: usize = limits::PER_LOGIN;
pub const MAX_CONNECTIONS: usize = limits::IN_ALL;
pub const IDLE_SECS: u64 = 15 * 60;

/// Runs until SIGTERM or SIGINT; then finishes what is in flight, flushes and
/// removes the socket.
pub fn serve(opts: &Options) -> Result<(), String> {
    refuse_live_socket(&opts.socket)?;
    let store = Store::open(&opts.db).map_err(|e| e.to_string())?;
    for t in store.tightened() {
        log::line(&format!(
            "{} had mode {:o} (others could read it); made owner-only",
            t.path.display(),
            t.was
        ));
    }
    let contest = store.load().map_err(|e| e.to_string())?;
    // authorized_keys follows the database before anyone can connect.
    let gateway = keyring::gateway_for(opts.authorized_keys.clone());
    if let Some(gw) = &gateway {
        keyring::sync_at_start(&store, &contest, gw);
    }
    let gid = match &opts.group {
        Some(name) => Some(
            peer::group_id(name)
                .ok_or_else(|| format!("there is no group \"{name}\" (see /etc/group)"))?,
        ),
        None => None,
    };
    let listener = bind(&opts.socket, &opts.db, gid)?;
    let files = limits::raise_open_files();
    listener
        .set_nonblocking(true)
        .map_err(|e| format!("cannot listen on {}: {e}", opts.socket.display()))?;
    let stop_signal = Arc::new(AtomicUsize::new(0));
    for sig in [signal_hook::consts::SIGTERM, signal_hook::consts::SIGINT] {
        signal_hook::flag::register_usize(sig, Arc::clone(&stop_signal), sig as usize)
            .map_err(|e| format!("cannot watch for signals: {e}"))?;
    }
    log::line(&format!(
        "serving \"{}\" ({} entries, {} members) from {} on {}; at most {} connections, {} per login, idle ones closed after {} s, {} open files",
        contest.meta.title,
        contest.entries.len(),
        contest.judges.len(),
        opts.db.display(),
        opts.socket.display(),
        opts.max_connections,
        opts.max_per_login,
        opts.idle.as_secs(),
        files.map_or_else(|| "unknown".to_string(), |n| n.to_string())
    ));
    let store = Arc::new(store);
    let shared = Arc::new(shared::Shared::new(Arc::clone(&store), contest, gateway));
    let stop = Arc::new(AtomicBool::new(false));
    let (jobs, queue) = mpsc::channel();
    let writer = {
        let (shared, stop) = (Arc::clone(&shared), Arc::clone(&stop));
        std::thread::spawn(move || writer::run(store, shared, queue, stop))
    };
    let gate = limits::Gate::new(opts.max_per_login, opts.max_connections);
    let conn_limits = Arc::new(conn::Limits { idle: opts.idle });
    let mut door_log = log::Budget::per_second(1);
    let mut backoff = ACCEPT_BACKOFF_FIRST;
    while stop_signal.load(Ordering::Relaxed) == 0 {
        match listener.accept() {
            Ok((stream, _)) => {
                backoff = ACCEPT_BACKOFF_FIRST;
                let door = Door {
                    shared: &shared,
                    jobs: &jobs,
                    gate: &gate,
                    limits: &conn_limits,
                };
                if let Err(why) = door.admit(stream) {
                    door_log.line("accept", &why);
                }
            }
            Err(e) if e.kind() == ErrorKind::WouldBlock => {
                std::thread::sleep(Duration::from_millis(50))
            }
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            Err(e) => {
                // Out of descriptors, say: wait for connections to close, never spin.
                door_log.line("accept", &format!("accept failed: {e}"));
                std::thread::sleep(backoff);
                backoff = (backoff * 2).min(ACCEPT_BACKOFF_MAX);
            }
        }
    }
    log::line(&format!(
        "stopping: finishing {} connection(s)' pending changes",
        shared.client_count()
    ));
    drop(jobs);
    stop.store(true, Ordering::Relaxed);
    // A writer stuck in the database (sled waits for ever on some disk
    // errors) must not keep the server from stopping: what it holds was
    // never acknowledged to anyone.
    let waited = std::time::Instant::now();
    while !writer.is_finished() && waited.elapsed() < WRITER_GRACE {
        std::thread::sleep(Duration::from_millis(20));
    }
    if writer.is_finished() {
        let _ = writer.join();
    } else {
        log::line(&format!(
            "the writer did not finish within {} s (is the disk full?); stopping without it, \
             nothing it held was acknowledged",
            WRITER_GRACE.as_secs()
        ));
    }
    shared.close_all();
    let _ = fs::remove_file(&opts.socket);
    log::line("stopped; everything is saved");
    Ok(())
}

/// How long a stopping server waits for the writer's last batch.
const WRITER_GRACE: Duration = Duration::from_secs(10);

const ACCEPT_BACKOFF_FIRST: Duration = Duration::from_millis(10);
const ACCEPT_BACKOFF_MAX: Duration = Duration::from_secs(1);

/// What a new connection meets: the kernel's word on who it is, the caps,
/// and a thread of its own, or a refusal saying why.
struct Door<'a> {
    shared: &'a Arc<shared::Shared>,
    jobs: &'a mpsc::Sender<writer::Job>,
    gate: &'a Arc<limits::Gate>,
    limits: &'a Arc<conn::Limits>,
}

impl Door<'_> {
    fn admit(&self, stream: UnixStream) -> Result<(), String> {
        let _ = stream.set_nonblocking(false);
        let uid = peer::peer_uid(&stream)
            .map_err(|e| format!("a connection without credentials ({e}); closed"))?;
        let ticket = match self.gate.admit(uid) {
            Ok(t) => t,
            Err(full) => {
                conn::turn_away(&stream, full.why());
                return Err(format!(
                    "turned away {}: {full}",
                    crate::identity::name_of(uid)
                ));
            }
        };
        // Kept to say why, should no thread be had for the connection.
        let door = stream.try_clone().ok();
        let (shared, jobs, limits) = (
            Arc::clone(self.shared),
            self.jobs.clone(),
            Arc::clone(self.limits),
        );
        let spawned = std::thread::Builder::new()
            .name("client".into())
            .spawn(move || conn::handle(stream, uid, ticket, shared, jobs, &limits));
        match spawned {
            Ok(_) => Ok(()),
            Err(e) => {
                if let Some(door) = door {
                    conn::turn_away(
                        &door,
                        crate::protocol::Why::new(crate::protocol::why::BUSY, &[]),
                    );
                }
                Err(format!(
                    "turned away {}: no thread for the connection ({e})",
                    crate::identity::name_of(uid)
                ))
            }
        }
    }
}

fn refuse_live_socket(path: &Path) -> Result<(), String> {
    if UnixStream::connect(path).is_ok() {
        return Err(format!(
            "another jury serve is already listening on {}; stop it first, or pass another --socket",
            path.display()
        ));
    }
    Ok(())
}

/// Binds the socket. The folder is made (0700, or 0750 for the group) only
/// when missing; a folder that was there is left as it is, and must be
/// writable by no one but root and this user. The socket never sits inside
/// the database folder, and only a socket proved stale is removed.
fn bind(path: &Path, db: &Path, gid: Option<u32>) -> Result<UnixListener, String> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    refuse_inside_db(path, dir, db)?;
    if dir.symlink_metadata().is_err() {
        fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir)
            .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        if let Some(gid) = gid {
            peer::chgrp(dir, gid)
                .map_err(|e| format!("cannot give {} to the group: {e}", dir.display()))?;
            fs::set_permissions(dir, fs::Permissions::from_mode(0o750))
                .map_err(|e| format!("cannot set the mode of {}: {e}", dir.display()))?;
        }
    }
    let real = dir
        .canonicalize()
        .map_err(|e| format!("cannot use the folder {}: {e}", dir.display()))?;
    place::vet_folders(path, &real, place::my_uid())
        .map_err(|d| format!("refusing to listen: {}", d.describe(Lang::En)))?;
    if gid.is_some()
        && let Ok(meta) = real.metadata()
        && meta.mode() & 0o050 != 0o050
    {
        log::line(&format!(
            "warning: {} was already there and its group cannot enter it (mode {:04o}); \
             jury serve leaves it as it is, so members may not reach the socket",
            real.display(),
            meta.mode() & 0o7777
        ));
    }
    remove_stale(path)?;
    // Nobody may connect between bind and chmod.
    // SAFETY: umask only changes this process's file-creation mask.
    let old = unsafe { libc::umask(0o177) };
    let bound = UnixListener::bind(path);
    // SAFETY: as above, restoring the previous mask.
    unsafe { libc::umask(old) };
    let listener = bound.map_err(|e| format!("cannot listen on {}: {e}", path.display()))?;
    let mode = match gid {
        Some(gid) => {
            peer::chgrp(path, gid)
                .map_err(|e| format!("cannot give {} to the group: {e}", path.display()))?;
            0o660
        }
        None => 0o600,
    };
    fs::set_permissions(path, fs::Permissions::from_mode(mode))
        .map_err(|e| format!("cannot set the mode of {}: {e}", path.display()))?;
    Ok(listener)
}

/// Whoever may reach the socket's folder must not reach the database's files.
fn refuse_inside_db(path: &Path, dir: &Path, db: &Path) -> Result<(), String> {
    // The folder may not exist yet: judge by the nearest one that does.
    let Some(real) = dir.ancestors().find_map(|d| d.canonicalize().ok()) else {
        return Ok(());
    };
    match db.canonicalize() {
        Ok(db) if real.starts_with(&db) => Err(format!(
            "refusing to put the socket {} inside the database folder {}: whoever may reach \
             the socket could read the database's files. Use /run/jury/jury.sock (see \
             data/jury.service) or another folder",
            path.display(),
            db.display()
        )),
        _ => Ok(()),
    }
}

/// Removes what is at `path` only if it is a socket nobody listens on (the
/// kernel refuses the connection); anything else stays, and serving stops.
fn remove_stale(path: &Path) -> Result<(), String> {
    let meta = match path.symlink_metadata() {
        Ok(meta) => meta,
        Err(e) if e.kind() == ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(format!("cannot look at {}: {e}", path.display())),
    };
    if !meta.file_type().is_socket() {
        return Err(format!(
            "{} is there and is not a socket; jury serve removes only a socket it can prove \
             stale. Move it away, or pass another --socket",
            path.display()
        ));
    }
    match UnixStream::connect(path) {
        Ok(_) => Err(format!(
            "another jury serve is already listening on {}; stop it first, or pass another --socket",
            path.display()
        )),
        Err(e) if e.kind() == ErrorKind::ConnectionRefused => fs::remove_file(path)
            .map_err(|e| format!("cannot remove the stale socket {}: {e}", path.display())),
        Err(e) => Err(format!(
            "cannot tell whether the socket {} is stale ({e}); remove it yourself if no \
             jury serve is running, or pass another --socket",
            path.display()
        )),
    }
}
