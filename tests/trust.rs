//! Trust on the shared server (issue 10): a member's jury talks only to a
//! server it has checked, `jury serve` sets its folder up without touching
//! anyone else's, and once a server is there no command quietly falls back
//! to a personal database.

mod common;

#[path = "common/server.rs"]
mod server;

use std::io::Read;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::os::unix::net::UnixListener;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::sync::mpsc;
use std::time::Duration;

use common::{jury, stderr, stdout};
use server::{Server, contest_as, me};

/// A listener posing as a server: it accepts one connection and reports
/// how many bytes the client sent before it gave up.
fn impostor(path: &Path) -> mpsc::Receiver<usize> {
    let listener = UnixListener::bind(path).expect("bind the impostor");
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut got = 0;
        if let Ok((mut stream, _)) = listener.accept() {
            let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
            let mut buf = [0u8; 4096];
            while let Ok(n) = stream.read(&mut buf) {
                if n == 0 {
                    break;
                }
                got += n;
            }
        }
        let _ = tx.send(got);
    });
    rx
}

/// What the impostor heard: nothing, if the client never connected or sent nothing.
fn heard(rx: &mpsc::Receiver<usize>) -> usize {
    rx.recv_timeout(Duration::from_secs(1)).unwrap_or(0)
}

fn folder(parent: &Path, name: &str, mode: u32) -> PathBuf {
    let dir = parent.join(name);
    std::fs::create_dir(&dir).unwrap();
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(mode)).unwrap();
    dir
}

fn rank_on(socket: &Path, extra: &[&str]) -> Output {
    jury()
        .arg("--socket")
        .arg(socket)
        .args(extra)
        .arg("rank")
        .output()
        .unwrap()
}

#[test]
fn a_member_sends_nothing_to_a_socket_in_a_folder_anyone_can_write() {
    let dir = tempfile::tempdir().unwrap();
    for mode in [0o777, 0o1777] {
        let open = folder(dir.path(), &format!("open-{mode:o}"), mode);
        let socket = open.join("jury.sock");
        let rx = impostor(&socket);
        let out = rank_on(&socket, &[]);
        let err = stderr(&out);
        assert!(!out.status.success(), "mode {mode:o}: {}", stdout(&out));
        assert!(err.contains(&socket.display().to_string()), "{err}");
        assert!(err.contains("others can write"), "{err}");
        assert!(err.contains(&format!("{mode:04o}")), "{err}");
        assert_eq!(heard(&rx), 0, "the client sent bytes to an impostor");
    }
    // In the member's language.
    let open = folder(dir.path(), "open-vi", 0o777);
    let socket = open.join("jury.sock");
    let _rx = impostor(&socket);
    let out = rank_on(&socket, &["--lang", "vi"]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("người khác ghi được"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_member_sends_nothing_to_a_listener_that_is_not_the_sockets_owner() {
    let dir = tempfile::tempdir().unwrap();
    let private = folder(dir.path(), "run", 0o700);
    let socket = private.join("jury.sock");
    let rx = impostor(&socket);
    // We listen; the socket file says someone else (nobody) runs the server.
    if std::os::unix::fs::chown(&socket, Some(65534), None).is_err() {
        eprintln!("skipped: changing a file's owner needs root");
        return;
    }
    let out = rank_on(&socket, &[]);
    let err = stderr(&out);
    assert!(!out.status.success());
    assert!(err.contains(&socket.display().to_string()), "{err}");
    assert!(err.contains(&format!("runs as {}", me())), "{err}");
    assert!(err.contains("not as the socket's owner"), "{err}");
    assert_eq!(heard(&rx), 0, "the client sent bytes to an impostor");
}

#[test]
fn a_link_made_by_someone_else_does_not_lead_to_the_server() {
    let s = Server::start(&contest_as("GK01"));
    let dir = tempfile::tempdir().unwrap();
    let link = dir.path().join("jury.sock");
    std::os::unix::fs::symlink(&s.socket, &link).unwrap();
    // A link of our own is fine.
    let out = rank_on(&link, &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    if std::os::unix::fs::lchown(&link, Some(65534), None).is_err() {
        eprintln!("skipped: changing a link's owner needs root");
        return;
    }
    let out = rank_on(&link, &[]);
    let err = stderr(&out);
    assert!(!out.status.success());
    assert!(err.contains("is reached through the link"), "{err}");
}

#[test]
fn server_user_pins_whom_the_server_must_run_as() {
    let s = Server::start(&contest_as("GK01"));
    let out = rank_on(&s.socket, &["--server-user", &me()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let other = if me() == "nobody" { "root" } else { "nobody" };
    let out = rank_on(&s.socket, &["--server-user", other]);
    let err = stderr(&out);
    assert!(!out.status.success());
    assert!(
        err.contains(&format!("belongs to {}, not to {other}", me())),
        "{err}"
    );
    let out = jury()
        .env("JURY_SERVER_USER", other)
        .env("JURY_SOCKET", &s.socket)
        .arg("rank")
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(stderr(&out).contains(&format!("not to {other}")));
    let out = rank_on(&s.socket, &["--server-user", "no-such-user-here"]);
    assert!(stderr(&out).contains("there is no user \"no-such-user-here\""));
}

#[test]
fn jury_serve_never_falls_back_to_a_folder_under_tmp() {
    if Path::new("/run/jury").exists() {
        eprintln!("skipped: this machine has a /run/jury");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = common::imported(&dir);
    let out = jury()
        .env_remove("XDG_RUNTIME_DIR")
        .arg("--db")
        .arg(&db)
        .arg("serve")
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("XDG_RUNTIME_DIR is not set"),
        "{}",
        stderr(&out)
    );
}

/// `jury serve` on `socket`, expected to refuse: its standard error.
fn serve_refused(db: &Path, socket: &Path, extra: &[&str]) -> String {
    let mut c = server::serve_command(db, socket);
    c.args(extra);
    let mut child = c.stderr(std::process::Stdio::piped()).spawn().unwrap();
    let start = std::time::Instant::now();
    loop {
        if let Ok(Some(status)) = child.try_wait() {
            assert!(!status.success());
            let mut err = String::new();
            child
                .stderr
                .take()
                .unwrap()
                .read_to_string(&mut err)
                .unwrap();
            return err;
        }
        if start.elapsed() > Duration::from_secs(10) {
            let _ = child.kill();
            panic!("jury serve listened on {}", socket.display());
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn mode_of(p: &Path) -> u32 {
    std::fs::metadata(p).unwrap().mode() & 0o7777
}

#[test]
fn jury_serve_refuses_a_folder_others_can_write_and_leaves_it_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::imported(&dir);
    for mode in [0o777, 0o1777] {
        let open = folder(dir.path(), &format!("open-{mode:o}"), mode);
        let socket = open.join("jury.sock");
        let err = serve_refused(&db, &socket, &["--group", &primary_group()]);
        assert!(err.contains("others can write"), "{err}");
        assert_eq!(mode_of(&open), mode, "the folder's mode was changed");
        assert!(!socket.exists());
    }
}

#[test]
fn jury_serve_refuses_a_socket_inside_the_database_folder() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::imported(&dir);
    let before = (mode_of(&db), std::fs::metadata(&db).unwrap().gid());
    let err = serve_refused(&db, &db.join("jury.sock"), &["--group", &primary_group()]);
    assert!(err.contains("inside the database folder"), "{err}");
    assert_eq!(
        (mode_of(&db), std::fs::metadata(&db).unwrap().gid()),
        before,
        "the database folder was opened to the group"
    );
    let deeper = db.join("blobs").join("x");
    let err = serve_refused(&db, &deeper.join("jury.sock"), &[]);
    assert!(err.contains("inside the database folder"), "{err}");
    assert!(!deeper.exists(), "a folder was made inside the database");
}

#[test]
fn jury_serve_leaves_a_folder_it_did_not_make_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::imported(&dir);
    let run = folder(dir.path(), "run", 0o755);
    let socket = run.join("jury.sock");
    let mut child = server::spawn(&db, &socket, &["--group", &primary_group()]);
    let (dir_mode, sock_mode) = (mode_of(&run), mode_of(&socket));
    child.kill().unwrap();
    child.wait().unwrap();
    assert_eq!((dir_mode, sock_mode), (0o755, 0o660));
    // Nor one reached through a link.
    let elsewhere = folder(dir.path(), "elsewhere", 0o755);
    let link = dir.path().join("link");
    std::os::unix::fs::symlink(&elsewhere, &link).unwrap();
    let socket = link.join("jury.sock");
    let mut child = server::spawn(&db, &socket, &["--group", &primary_group()]);
    let dir_mode = mode_of(&elsewhere);
    child.kill().unwrap();
    child.wait().unwrap();
    assert_eq!(dir_mode, 0o755);
}

#[test]
fn jury_serve_refuses_a_folder_that_belongs_to_someone_else() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::imported(&dir);
    let theirs = folder(dir.path(), "theirs", 0o755);
    if std::os::unix::fs::chown(&theirs, Some(65534), None).is_err() {
        eprintln!("skipped: changing a folder's owner needs root");
        return;
    }
    let err = serve_refused(&db, &theirs.join("jury.sock"), &[]);
    let nobody = jury::identity::name_of(65534);
    assert!(err.contains(&format!("belongs to {nobody}")), "{err}");
    assert!(!theirs.join("jury.sock").exists());
}

#[test]
fn jury_serve_removes_only_a_socket_it_proves_stale() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::imported(&dir);
    let run = folder(dir.path(), "run", 0o700);
    let socket = run.join("jury.sock");
    std::fs::write(&socket, "someone's file").unwrap();
    let err = serve_refused(&db, &socket, &[]);
    assert!(err.contains("is not a socket"), "{err}");
    assert_eq!(std::fs::read_to_string(&socket).unwrap(), "someone's file");
}

fn primary_group() -> String {
    // SAFETY: getgid cannot fail.
    let gid = unsafe { libc::getgid() };
    std::fs::read_to_string("/etc/group")
        .unwrap()
        .lines()
        .find_map(|l| {
            let f: Vec<&str> = l.split(':').collect();
            (f.get(2) == Some(&gid.to_string().as_str())).then(|| f[0].to_string())
        })
        .expect("our primary group has a name")
}

/// A home of its own, so the member's default database is where we can see it.
fn in_home(home: &Path) -> std::process::Command {
    let mut c = jury();
    c.env("HOME", home)
        .env("XDG_DATA_HOME", home.join(".local/share"))
        .env_remove("XDG_RUNTIME_DIR");
    c
}

#[test]
fn with_a_server_import_and_check_refuse_and_say_what_to_run() {
    let s = Server::start(&contest_as("GK01"));
    let home = tempfile::tempdir().unwrap();
    let file = home.path().join("cuoc-thi.json");
    std::fs::write(&file, common::SMALL).unwrap();
    let personal = home.path().join(".local/share/jury/db");
    let out = in_home(home.path())
        .env("JURY_SOCKET", &s.socket)
        .args(["import", "--replace"])
        .arg(&file)
        .output()
        .unwrap();
    let err = stderr(&out);
    assert!(!out.status.success(), "{}", stdout(&out));
    assert!(err.contains(&s.socket.display().to_string()), "{err}");
    assert!(
        err.contains(&format!(
            "sudo -u jury jury --db /var/lib/jury/db import --replace {}",
            file.display()
        )),
        "{err}"
    );
    let out = in_home(home.path())
        .env("JURY_SOCKET", &s.socket)
        .arg("check")
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("jury --db /var/lib/jury/db check"),
        "{}",
        stderr(&out)
    );
    assert!(!personal.exists(), "a personal database was made");
}

#[test]
fn a_server_that_is_gone_is_not_replaced_by_a_personal_database() {
    let home = tempfile::tempdir().unwrap();
    let run = folder(home.path(), "run", 0o700);
    let socket = run.join("jury.sock");
    drop(UnixListener::bind(&socket).unwrap());
    let out = in_home(home.path())
        .env("JURY_SOCKET", &socket)
        .arg("rank")
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("cannot reach jury serve"),
        "{}",
        stderr(&out)
    );
    assert!(!home.path().join(".local/share/jury").exists());
}

#[test]
fn without_a_server_or_a_database_commands_make_nothing() {
    if Path::new("/run/jury/jury.sock").exists() {
        eprintln!("skipped: this machine has a council server");
        return;
    }
    let home = tempfile::tempdir().unwrap();
    for args in [&["rank"][..], &["export"][..], &["audit"][..]] {
        let out = in_home(home.path()).args(args).output().unwrap();
        assert!(!out.status.success(), "{args:?}");
        assert!(
            stderr(&out).contains("there is no jury serve"),
            "{args:?}: {}",
            stderr(&out)
        );
    }
    assert!(!home.path().join(".local/share/jury").exists());
}

#[test]
fn the_first_plain_jury_without_a_server_says_it_made_a_database_of_its_own() {
    if Path::new("/run/jury/jury.sock").exists() {
        eprintln!("skipped: this machine has a council server");
        return;
    }
    let home = tempfile::tempdir().unwrap();
    let db = home.path().join(".local/share/jury/db");
    let run = || {
        in_home(home.path())
            .stdin(std::process::Stdio::null())
            .output()
            .unwrap()
    };
    let first = run();
    let said = format!("made your own database at {}", db.display());
    assert!(stderr(&first).contains(&said), "{}", stderr(&first));
    assert!(stderr(&first).contains("not on the council's server"));
    assert!(db.is_dir());
    // Said once: the second time it is simply there.
    assert!(!stderr(&run()).contains("made your own database"));
}

#[test]
fn plain_jury_never_looks_for_a_server_under_tmp() {
    // Where jury looked before, and where anyone could listen first.
    let uid = unsafe { libc::getuid() };
    let old = std::env::temp_dir().join(format!("jury-{uid}"));
    if old.exists() {
        eprintln!("skipped: {} is there already", old.display());
        return;
    }
    std::fs::create_dir(&old).unwrap();
    std::fs::set_permissions(&old, std::fs::Permissions::from_mode(0o777)).unwrap();
    let rx = impostor(&old.join("jury.sock"));
    let home = tempfile::tempdir().unwrap();
    let out = in_home(home.path()).arg("rank").output().unwrap();
    let got = heard(&rx);
    let _ = std::fs::remove_dir_all(&old);
    assert!(!out.status.success());
    assert_eq!(got, 0, "jury talked to a listener under /tmp");
}
