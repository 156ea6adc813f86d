//! A `jury serve` child process and a raw protocol client for it.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::os::unix::net::UnixStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

pub struct Server {
    pub child: Child,
    pub db: PathBuf,
    pub socket: PathBuf,
    /// What the server wrote on standard error, for a failing test to show.
    pub log: Log,
    /// Flags `jury serve` was started with, kept for a restart.
    extra: Vec<String>,
    _dir: tempfile::TempDir,
}

/// A server's standard error, read as it comes: an unread pipe would fill
/// and stop a server that logs many refusals.
pub type Log = Arc<Mutex<Vec<u8>>>;

/// The login the tests run as: the server will know us by it.
pub fn me() -> String {
    jury::identity::current_login().expect("the tests run as a user with a login")
}

/// The small contest with our login given to `judge`.
pub fn contest_as(judge: &str) -> Value {
    let mut v: Value = serde_json::from_str(crate::common::SMALL).unwrap();
    for j in v["judges"].as_array_mut().unwrap() {
        if j["user"] == me() {
            j.as_object_mut().unwrap().remove("user");
        }
        if j["id"] == judge {
            j["user"] = json!(me());
        }
    }
    v
}

impl Server {
    pub fn start(contest: &Value) -> Server {
        Server::start_with(contest, &[])
    }

    /// A server started with `extra` flags to `jury serve` (limits, say).
    pub fn start_with(contest: &Value, extra: &[&str]) -> Server {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("contest.json");
        std::fs::write(&file, contest.to_string()).unwrap();
        let db = dir.path().join("db");
        let out = crate::common::run(&db, &["import", file.to_str().unwrap()]);
        assert!(out.status.success(), "{}", crate::common::stderr(&out));
        let socket = dir.path().join("run").join("jury.sock");
        let (child, log) = spawn_logged(&db, &socket, extra);
        Server {
            child,
            db,
            socket,
            log,
            extra: extra.iter().map(|s| s.to_string()).collect(),
            _dir: dir,
        }
    }

    /// A server started by the test itself (its database somewhere special).
    pub fn adopt(child: Child, log: Log, db: PathBuf, socket: PathBuf) -> Server {
        Server {
            child,
            db,
            socket,
            log,
            extra: Vec::new(),
            _dir: tempfile::tempdir().expect("a temporary folder"),
        }
    }

    /// Whether the server process is still running.
    pub fn is_running(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }

    /// Stops the server with SIGTERM, as an operator would; panics (with its
    /// log) if it has died already or does not stop within `secs`.
    pub fn stop(&mut self, secs: u64) {
        assert!(self.is_running(), "the server died:\n{}", self.log_text());
        // SAFETY: signalling our own child.
        unsafe { libc::kill(self.child.id() as i32, libc::SIGTERM) };
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(secs) {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
        panic!(
            "the server did not stop within {secs} s of SIGTERM:\n{}",
            self.log_text()
        );
    }

    pub fn log_text(&self) -> String {
        let log = self.log.lock().unwrap_or_else(|e| e.into_inner());
        String::from_utf8_lossy(&log).into_owned()
    }

    /// Starts the server again on the same database and socket.
    pub fn restart(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let extra: Vec<&str> = self.extra.iter().map(String::as_str).collect();
        let (child, log) = spawn_logged(&self.db, &self.socket, &extra);
        self.child = child;
        self.log = log;
    }

    pub fn client(&self) -> Client {
        Client::connect(&self.socket)
    }
}

pub fn spawn(db: &Path, socket: &Path, extra: &[&str]) -> Child {
    spawn_logged(db, socket, extra).0
}

/// Starts `jury serve` with a thread reading its standard error into the log.
pub fn spawn_logged(db: &Path, socket: &Path, extra: &[&str]) -> (Child, Log) {
    let mut child = crate::common::jury()
        .arg("--db")
        .arg(db)
        .arg("serve")
        .arg("--socket")
        .arg(socket)
        .args(extra)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("jury serve starts");
    let log: Log = Arc::default();
    if let Some(mut err) = child.stderr.take() {
        let log = Arc::clone(&log);
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = err.read(&mut buf) {
                if n == 0 {
                    break;
                }
                log.lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .extend_from_slice(&buf[..n]);
            }
        });
    }
    wait_for_socket(socket);
    (child, log)
}

pub fn wait_for_socket(socket: &Path) {
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(10) {
        if UnixStream::connect(socket).is_ok() {
            return;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    panic!("jury serve never listened on {}", socket.display());
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn serve_command(db: &Path, socket: &Path) -> Command {
    let mut c = crate::common::jury();
    c.arg("--db")
        .arg(db)
        .arg("serve")
        .arg("--socket")
        .arg(socket);
    c
}

/// A client speaking the protocol by hand, as a script would.
pub struct Client {
    stream: UnixStream,
    reader: BufReader<UnixStream>,
    next_id: u64,
    /// Pushes that arrived while waiting for a reply.
    pub pushes: Vec<Value>,
}

impl Client {
    pub fn connect(socket: &Path) -> Client {
        let stream = UnixStream::connect(socket).expect("connect to jury serve");
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        let reader = BufReader::new(stream.try_clone().unwrap());
        Client {
            stream,
            reader,
            next_id: 1,
            pushes: Vec::new(),
        }
    }

    pub fn send_raw(&mut self, bytes: &[u8]) {
        self.stream.write_all(bytes).unwrap();
    }

    /// `false` when the server is gone (killed in the middle of a test).
    pub fn try_send(&mut self, bytes: &[u8]) -> bool {
        self.stream.write_all(bytes).is_ok()
    }

    /// The next frame, or `None` when the server closed the connection.
    pub fn frame(&mut self) -> Option<Value> {
        let mut line = String::new();
        match self.reader.read_line(&mut line) {
            Ok(0) | Err(_) => None,
            Ok(_) => Some(serde_json::from_str(&line).expect("the server sends JSON lines")),
        }
    }

    /// Sends `op` (an object without `id`) and returns the reply or error for it.
    pub fn request(&mut self, mut op: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        op["id"] = json!(id);
        self.send_raw(format!("{op}\n").as_bytes());
        loop {
            let f = self
                .frame()
                .expect("an answer before the connection closed");
            if f["type"] == "push" {
                self.pushes.push(f);
                continue;
            }
            assert_eq!(f["id"], json!(id), "answers come in order: {f}");
            return f;
        }
    }

    pub fn hello(&mut self) -> Value {
        self.request(json!({"op": "hello", "version": 1}))
    }

    /// Waits up to `secs` for a push.
    pub fn push(&mut self, secs: u64) -> Option<Value> {
        if !self.pushes.is_empty() {
            return Some(self.pushes.remove(0));
        }
        self.stream
            .set_read_timeout(Some(Duration::from_secs(secs)))
            .unwrap();
        let f = self.frame();
        self.stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        f
    }
}

pub fn key(entry: &str, judge: &str) -> Value {
    json!({"round": "main", "entry": entry, "judge": judge})
}
