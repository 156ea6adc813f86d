//! A `jury serve` child process and a raw protocol client for it.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Write};
use std::os::unix::net::UnixStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

pub struct Server {
    pub child: Child,
    pub db: PathBuf,
    pub socket: PathBuf,
    _dir: tempfile::TempDir,
}

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
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("contest.json");
        std::fs::write(&file, contest.to_string()).unwrap();
        let db = dir.path().join("db");
        let out = crate::common::run(&db, &["import", file.to_str().unwrap()]);
        assert!(out.status.success(), "{}", crate::common::stderr(&out));
        let socket = dir.path().join("run").join("jury.sock");
        let child = spawn(&db, &socket, &[]);
        Server {
            child,
            db,
            socket,
            _dir: dir,
        }
    }

    /// Starts the server again on the same database and socket.
    pub fn restart(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        self.child = spawn(&self.db, &self.socket, &[]);
    }

    pub fn client(&self) -> Client {
        Client::connect(&self.socket)
    }
}

pub fn spawn(db: &Path, socket: &Path, extra: &[&str]) -> Child {
    let child = crate::common::jury()
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
    wait_for_socket(socket);
    child
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
