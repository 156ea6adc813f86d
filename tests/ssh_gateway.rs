//! The whole way a council member takes (issue 18): `ssh account@server`
//! with their own key, sshd forcing `jury connect --key ID`, the app in
//! their terminal, their scores stored as theirs. A private sshd on a free
//! port of 127.0.0.1 with its own configuration in a temporary folder; the
//! system's sshd is never touched. Skipped, with a message, where sshd,
//! ssh or ssh-keygen is not installed.

mod common;

#[path = "common/pty.rs"]
#[allow(dead_code)]
mod pty;
#[path = "common/server.rs"]
mod server;

use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use portable_pty::CommandBuilder;
use pty::Screen;
use serde_json::Value;
use server::{Server, contest_as, me};

fn tool(name: &str) -> Option<PathBuf> {
    let path = std::env::var("PATH").unwrap_or_default();
    path.split(':')
        .chain(["/usr/sbin", "/usr/bin", "/sbin", "/bin"])
        .map(|d| Path::new(d).join(name))
        .find(|p| p.is_file())
}

/// An sshd of the test's own, killed when dropped.
struct Sshd {
    child: Child,
    port: u16,
}

impl Drop for Sshd {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    let l = TcpListener::bind("127.0.0.1:0").expect("a free port on 127.0.0.1");
    l.local_addr().unwrap().port()
}

fn start_sshd(sshd: &Path, dir: &Path, keys_file: &Path, env: &str) -> Sshd {
    let host_key = dir.join("host_ed25519");
    keygen(&host_key);
    let port = free_port();
    let config = dir.join("sshd_config");
    std::fs::write(
        &config,
        format!(
            "Port {port}\nListenAddress 127.0.0.1\nHostKey {}\nPidFile {}\n\
             AuthorizedKeysFile {}\nStrictModes no\nUsePAM no\nPasswordAuthentication no\n\
             KbdInteractiveAuthentication no\nPubkeyAuthentication yes\n\
             PermitRootLogin prohibit-password\nPrintMotd no\nPrintLastLog no\nSetEnv {env}\n",
            host_key.display(),
            dir.join("sshd.pid").display(),
            keys_file.display(),
        ),
    )
    .unwrap();
    let child = Command::new(sshd)
        .arg("-D")
        .arg("-e")
        .arg("-f")
        .arg(&config)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(dir.join("sshd.log")).unwrap())
        .spawn()
        .expect("sshd starts");
    let mut d = Sshd { child, port };
    let start = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        if let Ok(Some(status)) = d.child.try_wait() {
            panic!(
                "sshd stopped ({status}):\n{}",
                std::fs::read_to_string(dir.join("sshd.log")).unwrap_or_default()
            );
        }
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "sshd never listened"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    // The port answered: sshd is ours (the child is alive).
    assert!(matches!(d.child.try_wait(), Ok(None)));
    d
}

fn keygen(path: &Path) {
    let out = Command::new(tool("ssh-keygen").expect("ssh-keygen"))
        .args(["-q", "-t", "ed25519", "-N", "", "-C", "test", "-f"])
        .arg(path)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// `ssh -tt account@127.0.0.1` with one member's key, in a terminal.
fn ssh_in(ssh: &Path, port: u16, key: &Path) -> Screen {
    let mut cmd = CommandBuilder::new(ssh);
    for a in [
        "-tt",
        "-F",
        "/dev/null",
        "-o",
        "StrictHostKeyChecking=no",
        "-o",
        "UserKnownHostsFile=/dev/null",
        "-o",
        "IdentitiesOnly=yes",
        "-o",
        "BatchMode=yes",
        "-o",
        "LogLevel=ERROR",
        "-p",
    ] {
        cmd.arg(a);
    }
    cmd.arg(port.to_string());
    cmd.arg("-i");
    cmd.arg(key);
    cmd.arg(format!("{}@127.0.0.1", me()));
    cmd.env("TERM", "xterm-256color");
    Screen::start_command(cmd, 100, 30)
}

fn sheet_of(db: &Path, entry: &str, judge: &str) -> Option<Value> {
    let v: Value = serde_json::from_str(&common::export(db)).unwrap();
    v["scores"]
        .as_array()?
        .iter()
        .find(|s| s["entry"] == entry && s["judge"] == judge)
        .cloned()
}

#[test]
fn two_members_log_in_over_ssh_with_their_keys_and_score_as_themselves() {
    let (Some(sshd), Some(ssh), Some(_)) = (tool("sshd"), tool("ssh"), tool("ssh-keygen")) else {
        eprintln!(
            "skipped: sshd, ssh and ssh-keygen are needed (apt-get install openssh-server openssh-client)"
        );
        return;
    };
    // sshd running as root wants its privilege separation folder.
    // SAFETY: geteuid has no preconditions.
    if unsafe { libc::geteuid() } == 0 && !Path::new("/run/sshd").is_dir() {
        eprintln!("skipped: sshd needs /run/sshd, which this machine does not have");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let keys_file = dir.path().join("authorized_keys");
    let s = Server::start_with(
        &contest_as("GK01"),
        &["--authorized-keys", keys_file.to_str().unwrap()],
    );
    let add = |member: &str, name: &str| {
        let key = dir.path().join(name);
        keygen(&key);
        let out = common::jury()
            .arg("--socket")
            .arg(&s.socket)
            .args(["ssh-key", "add", "--member", member])
            .arg(key.with_extension("pub"))
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", common::stderr(&out));
        key
    };
    let an = add("GK02", "an");
    let binh = add("GK03", "binh");
    let env = format!(
        "JURY_SOCKET={} XDG_STATE_HOME={} LANG=C.UTF-8",
        s.socket.display(),
        dir.path().join("state").display()
    );
    let d = start_sshd(&sshd, dir.path(), &keys_file, &env);

    let mut a = ssh_in(&ssh, d.port, &an);
    let mut b = ssh_in(&ssh, d.port, &binh);
    a.wait_for("Submitted", 20);
    b.wait_for("Submitted", 20);
    // GK02 scores SK04 (the fourth row), GK03 scores SK01.
    a.send("jjj\r");
    a.wait_for("Score sheet", 5);
    a.send("x12\r");
    a.wait_for_all(&["[ 12 ", "draft · saved"], 10);
    b.send("\r");
    b.wait_for("Score sheet", 5);
    b.send("x13\r");
    b.wait_for_all(&["[ 13 ", "draft · saved"], 10);
    for screen in [&mut a, &mut b] {
        screen.send("\x1b");
        screen.send("q");
        screen
            .wait_exit(10)
            .expect("the app ends and so does the SSH session");
    }
    let mut s = s;
    s.stop(10);
    let an_sheet = sheet_of(&s.db, "SK04", "GK02").expect("GK02's sheet is stored");
    assert_eq!(an_sheet["points"]["novelty"], 12);
    let binh_sheet = sheet_of(&s.db, "SK01", "GK03").expect("GK03's sheet is stored");
    assert_eq!(binh_sheet["points"]["novelty"], 13);
    assert!(sheet_of(&s.db, "SK04", "GK03").is_none());
    assert!(sheet_of(&s.db, "SK01", "GK02").is_none_or(|s| s["points"]["novelty"] != 12));
}
