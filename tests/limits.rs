//! No single local user can take the server away from the others (issue 10,
//! finding 3): connections are capped per login and in all, a connection
//! must say hello in time, notes have a size, accept errors do not spin and
//! a peer cannot fill or forge the log.

mod common;

#[path = "common/server.rs"]
mod server;

use std::io::{BufRead, BufReader, Write};
use std::os::unix::net::UnixStream;
use std::os::unix::process::CommandExt;
use std::process::Command;
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use server::{Server, contest_as, key};

/// Long enough for any answer on a loaded machine; never a target.
const PATIENCE: Duration = Duration::from_secs(20);

fn connect(s: &Server) -> UnixStream {
    let stream = UnixStream::connect(&s.socket).expect("connect");
    stream.set_read_timeout(Some(PATIENCE)).unwrap();
    stream
}

/// Every frame until the server closes the connection.
fn frames_until_closed(stream: &UnixStream) -> Vec<Value> {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut frames = Vec::new();
    loop {
        let mut line = String::new();
        match reader.read_line(&mut line) {
            Ok(0) => return frames,
            Ok(_) => frames.push(serde_json::from_str(&line).expect("JSON")),
            Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset => return frames,
            Err(e) => panic!("not closed ({e}); frames so far: {frames:?}"),
        }
    }
}

fn hello_line() -> String {
    format!("{}\n", json!({"id": 1, "op": "hello", "version": 1}))
}

/// A connection that said hello and was answered.
fn member(s: &Server) -> UnixStream {
    let mut stream = connect(s);
    stream.write_all(hello_line().as_bytes()).unwrap();
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut line = String::new();
    reader.read_line(&mut line).unwrap();
    let f: Value = serde_json::from_str(&line).unwrap();
    assert_eq!(f["ok"]["kind"], "hello", "{f}");
    stream
}

fn refusal(frames: &[Value]) -> String {
    let f = frames
        .iter()
        .find(|f| f["type"] == "error")
        .unwrap_or_else(|| panic!("no error frame: {frames:?}"));
    assert_eq!(f["error"]["code"], "unavailable", "{f}");
    f["error"]["message"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

#[test]
fn a_login_over_its_share_is_turned_away_at_once_with_the_reason() {
    let s = Server::start_with(&contest_as("GK02"), &["--max-per-login", "3"]);
    let held: Vec<_> = (0..3).map(|_| member(&s)).collect();
    let extra = connect(&s);
    let why = refusal(&frames_until_closed(&extra));
    assert!(why.contains("holds 3 connections"), "{why}");
    assert!(why.contains("--max-per-login 3"), "{why}");
    // A closed connection gives its place back.
    drop(held);
    let start = Instant::now();
    loop {
        let mut c = connect(&s);
        c.write_all(hello_line().as_bytes()).unwrap();
        let frames = {
            let mut reader = BufReader::new(c.try_clone().unwrap());
            let mut line = String::new();
            reader.read_line(&mut line).unwrap();
            serde_json::from_str::<Value>(&line).unwrap()
        };
        if frames["type"] == "reply" {
            break;
        }
        assert!(
            start.elapsed() < PATIENCE,
            "places never came back: {frames}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn the_server_over_its_cap_turns_everyone_away_with_the_reason() {
    let s = Server::start_with(
        &contest_as("GK02"),
        &["--max-per-login", "10", "--max-connections", "2"],
    );
    let _held: Vec<_> = (0..2).map(|_| member(&s)).collect();
    let why = refusal(&frames_until_closed(&connect(&s)));
    assert!(why.contains("already holds 2 connections"), "{why}");
}

#[test]
fn a_connection_that_does_not_say_hello_in_time_is_closed() {
    let s = Server::start(&contest_as("GK02"));
    let silent = connect(&s);
    let mut half = connect(&s);
    half.write_all(b"{\"id\": 1, \"op\": \"hel").unwrap();
    for c in [&silent, &half] {
        let why = refusal(&frames_until_closed(c));
        assert!(why.contains("say hello within 5 seconds"), "{why}");
    }
}

#[test]
fn half_a_request_after_hello_does_not_hold_a_connection_for_ever() {
    let s = Server::start_with(&contest_as("GK02"), &["--idle-timeout", "1"]);
    let mut c = member(&s);
    c.write_all(b"{\"id\": 2, \"op\": \"pi").unwrap();
    let why = refusal(&frames_until_closed(&c));
    assert!(why.contains("no request for 1 seconds"), "{why}");
}

#[test]
fn a_note_past_64_kib_is_refused_with_its_size() {
    let s = Server::start(&contest_as("GK02"));
    let mut c = s.client();
    c.hello();
    let text = "nhận xét dài ".repeat(6000);
    let r = c.request(json!({"op": "apply", "change": {"op": "save_note",
        "key": key("SK02", "GK02"), "text": text, "base": 0}}));
    assert_eq!(r["error"]["detail"]["error"], "note_too_long", "{r}");
    let message = r["error"]["message"].as_str().unwrap();
    assert!(
        message.contains(&format!("{} bytes", text.len())),
        "{message}"
    );
    assert!(message.contains("65536"), "{message}");
    let r = c.request(json!({"op": "apply", "change": {"op": "save_note",
        "key": key("SK02", "GK02"), "text": "vừa đủ", "base": 0}}));
    assert_eq!(r["type"], "reply", "{r}");
    let reason = "x".repeat(5000);
    let r = c.request(
        json!({"op": "council", "change": {"op": "recuse", "judge": "GK02",
        "entry": "SK03", "reason": reason}}),
    );
    assert_eq!(r["error"]["detail"]["error"], "reason_too_long", "{r}");
}

#[test]
fn a_peer_can_neither_forge_nor_flood_the_log() {
    let s = Server::start(&contest_as("GK02"));
    let mut c = connect(&s);
    c.write_all(hello_line().as_bytes()).unwrap();
    let start = Instant::now();
    // A frame whose error echoes what was sent, with a line break and an escape.
    let forged = "{\"id\": 2, \"op\": \"x\\n2026-01-01T00:00:00Z FORGED\\u001b[2J\"}\n";
    let many = forged.repeat(2000);
    c.write_all(many.as_bytes()).unwrap();
    c.write_all(format!("{}\n", json!({"id": 3, "op": "ping"})).as_bytes())
        .unwrap();
    let mut reader = BufReader::new(c.try_clone().unwrap());
    loop {
        let mut line = String::new();
        assert!(reader.read_line(&mut line).unwrap() > 0, "closed");
        let f: Value = serde_json::from_str(&line).unwrap();
        if f["id"] == 3 {
            break;
        }
    }
    let secs = start.elapsed().as_secs() + 1;
    drop(c);
    std::thread::sleep(Duration::from_millis(1200));
    let log = s.log_text();
    assert!(!log.contains('\u{1b}'), "an escape reached the log");
    assert!(
        !log.lines()
            .any(|l| l.starts_with("2026-01-01T00:00:00Z FORGED")),
        "a peer forged a log line:\n{log}"
    );
    let refused = log.lines().filter(|l| l.contains("refused client")).count() as u64;
    assert!(refused >= 1, "{log}");
    assert!(
        refused <= 5 * secs,
        "{refused} refusals logged in {secs} s for one connection"
    );
}

#[test]
fn running_out_of_descriptors_neither_spins_nor_floods_the_log() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::imported(&dir);
    let file = dir.path().join("contest.json");
    std::fs::write(&file, contest_as("GK02").to_string()).unwrap();
    let out = common::run(&db, &["import", "--replace", file.to_str().unwrap()]);
    assert!(out.status.success(), "{}", common::stderr(&out));
    let socket = dir.path().join("run").join("jury.sock");
    let mut cmd = server::serve_command(&db, &socket);
    cmd.args(["--max-per-login", "1000", "--max-connections", "1000"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped());
    // SAFETY: setrlimit is async-signal-safe; it only lowers this child's limit.
    unsafe {
        cmd.pre_exec(|| {
            let lim = libc::rlimit {
                rlim_cur: 48,
                rlim_max: 48,
            };
            if libc::setrlimit(libc::RLIMIT_NOFILE, &lim) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let mut child = cmd.spawn().unwrap();
    let mut err = child.stderr.take().unwrap();
    let log = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    {
        let log = std::sync::Arc::clone(&log);
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = std::io::Read::read(&mut err, &mut buf) {
                if n == 0 {
                    break;
                }
                log.lock().unwrap().extend_from_slice(&buf[..n]);
            }
        });
    }
    server::wait_for_socket(&socket);
    // More connections than the server has descriptors: the kernel queues
    // them, and accept fails while they wait.
    let start = Instant::now();
    let held: Vec<_> = (0..120)
        .filter_map(|_| UnixStream::connect(&socket).ok())
        .collect();
    std::thread::sleep(Duration::from_secs(2));
    let secs = start.elapsed().as_secs() + 1;
    let text = String::from_utf8_lossy(&log.lock().unwrap()).into_owned();
    let failed = text.lines().filter(|l| l.contains("accept failed")).count() as u64;
    assert!(failed >= 1, "the server never ran out:\n{text}");
    assert!(
        failed <= secs + 1,
        "{failed} accept errors logged in {secs} s"
    );
    drop(held);
    // Once they are gone, a member is served again.
    let start = Instant::now();
    loop {
        if let Ok(mut c) = UnixStream::connect(&socket) {
            c.set_read_timeout(Some(PATIENCE)).unwrap();
            if c.write_all(hello_line().as_bytes()).is_ok() {
                let mut line = String::new();
                let _ = BufReader::new(&c).read_line(&mut line);
                if line.contains("\"reply\"") {
                    break;
                }
            }
        }
        assert!(start.elapsed() < PATIENCE, "not served again:\n{text}");
        std::thread::sleep(Duration::from_millis(100));
    }
    assert!(
        matches!(child.try_wait(), Ok(None)),
        "the server died:\n{text}"
    );
    let _ = child.kill();
    let _ = child.wait();
}

/// The server's resident memory, from /proc.
fn resident_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("VmRSS in /proc")
}

#[test]
fn replies_a_client_leaves_unread_do_not_pile_up_in_the_server() {
    // A contest whose load is over a megabyte.
    let mut contest = contest_as("GK02");
    let long = "Tóm tắt sáng kiến rất dài. ".repeat(700);
    let entries = contest["entries"].as_array_mut().unwrap();
    let first = entries[0].clone();
    for i in 0..300 {
        let mut e = first.clone();
        e["id"] = json!(format!("X{i:03}"));
        e["summary"] = json!(long);
        entries.push(e);
    }
    let s = Server::start(&contest);
    let mut c = member(&s);
    let before = resident_kib(s.child.id());
    let loads = format!("{}\n", json!({"id": 2, "op": "load"})).repeat(100);
    c.set_write_timeout(Some(Duration::from_secs(3))).unwrap();
    let _ = c.write_all(loads.as_bytes());
    // Give the server time to answer all it would.
    std::thread::sleep(Duration::from_secs(3));
    let grown = resident_kib(s.child.id()).saturating_sub(before);
    assert!(
        grown < 40 * 1024,
        "100 unread loads grew the server by {grown} KiB"
    );
}

fn threads_of(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    status
        .lines()
        .find_map(|l| l.strip_prefix("Threads:"))
        .and_then(|v| v.trim().parse().ok())
        .expect("Threads in /proc")
}

/// `jury serve` as nobody over a copy of the small contest, with at most
/// `tasks` tasks for its user when given, and a member connected and warmed
/// up (sled starts its own threads on the first writes). `None` when this
/// machine does not let the test start a process as another user.
fn serve_as_nobody(
    tasks: Option<u64>,
) -> Option<(tempfile::TempDir, std::process::Child, server::Client)> {
    let dir = tempfile::tempdir().unwrap();
    std::fs::set_permissions(
        dir.path(),
        std::os::unix::fs::PermissionsExt::from_mode(0o711),
    )
    .unwrap();
    let file = dir.path().join("contest.json");
    std::fs::write(&file, contest_as("GK02").to_string()).unwrap();
    let db = dir.path().join("db");
    let out = common::run(&db, &["import", file.to_str().unwrap()]);
    assert!(out.status.success(), "{}", common::stderr(&out));
    let run = dir.path().join("run");
    std::fs::create_dir(&run).unwrap();
    for p in [&db, &run] {
        let chown = Command::new("chown").arg("-R").arg("65534").arg(p).status();
        assert!(chown.is_ok_and(|s| s.success()));
    }
    let socket = run.join("jury.sock");
    let mut cmd = server::serve_command(&db, &socket);
    cmd.stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .uid(65534)
        .gid(65534);
    if let Some(n) = tasks {
        // SAFETY: setrlimit is async-signal-safe; lowering a limit is always allowed.
        unsafe {
            cmd.pre_exec(move || {
                let lim = libc::rlimit {
                    rlim_cur: n,
                    rlim_max: n,
                };
                if libc::setrlimit(libc::RLIMIT_NPROC, &lim) != 0 {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
    }
    let child = cmd.spawn().ok()?;
    server::wait_for_socket(&socket);
    let mut c = server::Client::connect(&socket);
    c.hello();
    let r = c.request(json!({"op": "apply", "change": {"op": "save_note",
        "key": key("SK02", "GK02"), "text": "khởi động", "base": 0}}));
    assert_eq!(r["type"], "reply", "{r}");
    Some((dir, child, c))
}

#[test]
fn a_connection_that_cannot_have_a_thread_is_turned_away_and_the_server_lives() {
    // Root ignores the limit on tasks: the server runs as nobody, as a
    // service account would under systemd's TasksMax.
    // SAFETY: getuid cannot fail.
    if unsafe { libc::getuid() } != 0 {
        eprintln!("skipped: running the server as another user needs root");
        return;
    }
    let others = Command::new("pgrep")
        .args(["-u", "65534"])
        .output()
        .is_ok_and(|o| !o.stdout.is_empty());
    if others {
        eprintln!("skipped: other processes run as nobody and count against its task limit");
        return;
    }
    // How many tasks a warmed-up server with one member has.
    let Some((dir, mut child, c)) = serve_as_nobody(None) else {
        eprintln!("skipped: cannot start a process as nobody here");
        return;
    };
    let tasks = threads_of(child.id());
    drop(c);
    let _ = child.kill();
    let _ = child.wait();
    drop(dir);
    // Room for one more connection, not ten.
    let (dir, mut child, mut c) =
        serve_as_nobody(Some(tasks + 2)).expect("it started as nobody a moment ago");
    let socket = dir.path().join("run").join("jury.sock");
    let mut turned_away = None;
    let mut held = Vec::new();
    for _ in 0..10 {
        let mut stream = UnixStream::connect(&socket).unwrap();
        stream.set_read_timeout(Some(PATIENCE)).unwrap();
        let _ = stream.write_all(hello_line().as_bytes());
        let mut line = String::new();
        let _ = BufReader::new(stream.try_clone().unwrap()).read_line(&mut line);
        if line.contains("\"error\"") {
            turned_away = Some(line);
        }
        held.push(stream);
    }
    let alive = matches!(child.try_wait(), Ok(None));
    drop(held);
    // The member already in is still served.
    let saved = alive
        && c.try_send(
            format!(
                "{}\n",
                json!({"id": 99, "op": "apply", "change": {"op": "save_note",
                    "key": key("SK02", "GK02"), "text": "vẫn chạy", "base": 1}})
            )
            .as_bytes(),
        )
        && c.frame().is_some_and(|f| f["type"] == "reply");
    let _ = child.kill();
    let _ = child.wait();
    let line = turned_away.expect("no connection was turned away under the task limit");
    assert!(
        line.contains("cannot take another connection now"),
        "{line}"
    );
    assert!(alive, "the server died");
    assert!(saved, "the member already connected was not served");
}

#[test]
fn the_server_raises_its_soft_limit_on_open_files_to_the_hard_one() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::imported(&dir);
    let socket = dir.path().join("run").join("jury.sock");
    let mut cmd = server::serve_command(&db, &socket);
    cmd.stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null());
    // SAFETY: setrlimit is async-signal-safe; it only lowers this child's limit.
    unsafe {
        cmd.pre_exec(|| {
            let lim = libc::rlimit {
                rlim_cur: 64,
                rlim_max: 1000,
            };
            if libc::setrlimit(libc::RLIMIT_NOFILE, &lim) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let mut child = cmd.spawn().unwrap();
    server::wait_for_socket(&socket);
    let limits = std::fs::read_to_string(format!("/proc/{}/limits", child.id())).unwrap();
    let _ = child.kill();
    let _ = child.wait();
    let line = limits
        .lines()
        .find(|l| l.starts_with("Max open files"))
        .unwrap_or_default()
        .to_string();
    let numbers: Vec<&str> = line.split_whitespace().skip(3).take(2).collect();
    assert_eq!(numbers, ["1000", "1000"], "{line}");
}
