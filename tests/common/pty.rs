//! The real binary in a pseudo-terminal: keys in, screen text out.
//!
//! The master is read and written through its own descriptor (no clones),
//! so `hang_up` really closes the terminal, as a dropped SSH connection does.

use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

pub struct Screen {
    pub child: Box<dyn Child + Send + Sync>,
    master: Option<Box<dyn MasterPty + Send>>,
    fd: i32,
    parser: Arc<Mutex<vt100::Parser>>,
    /// Every byte the program has written to its terminal so far.
    received: Arc<AtomicUsize>,
    stop: Arc<AtomicBool>,
    reader: Option<JoinHandle<()>>,
}

impl Screen {
    /// Starts `jury --db db args…` in a `cols`×`rows` terminal.
    pub fn start(db: &Path, args: &[&str], cols: u16, rows: u16) -> Screen {
        Screen::start_env(db, args, cols, rows, &[])
    }

    pub fn start_env(
        db: &Path,
        args: &[&str],
        cols: u16,
        rows: u16,
        env: &[(&str, &str)],
    ) -> Screen {
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_jury"));
        cmd.arg("--db");
        cmd.arg(db);
        cmd.args(args);
        cmd.env("TERM", "xterm-256color");
        cmd.env("LANG", "C.UTF-8");
        cmd.env_remove("NO_COLOR");
        // The draft journal goes beside the test's database, never into the
        // home folder of whoever runs the tests.
        if let Some(dir) = db.parent() {
            cmd.env("XDG_STATE_HOME", dir.join("state"));
        }
        for (k, v) in env {
            cmd.env(k, v);
        }
        Screen::start_command(cmd, cols, rows)
    }

    /// Starts any program (`ssh` to reach jury, say) in a `cols`×`rows` terminal.
    pub fn start_command(cmd: CommandBuilder, cols: u16, rows: u16) -> Screen {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("a pseudo-terminal");
        let child = pair.slave.spawn_command(cmd).expect("the program starts");
        drop(pair.slave);
        let fd = pair.master.as_raw_fd().expect("a unix pty");
        let parser = Arc::new(Mutex::new(vt100::Parser::new(rows, cols, 0)));
        let stop = Arc::new(AtomicBool::new(false));
        let received = Arc::new(AtomicUsize::new(0));
        let (sink, flag, count) = (
            Arc::clone(&parser),
            Arc::clone(&stop),
            Arc::clone(&received),
        );
        let reader = std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while !flag.load(Ordering::Relaxed) {
                let mut pfd = libc::pollfd {
                    fd,
                    events: libc::POLLIN,
                    revents: 0,
                };
                // SAFETY: one pollfd on a descriptor the Screen keeps open until this thread is joined.
                if unsafe { libc::poll(&mut pfd, 1, 20) } <= 0 {
                    continue;
                }
                // SAFETY: as above; buf is valid for its length.
                let n = unsafe { libc::read(fd, buf.as_mut_ptr().cast(), buf.len()) };
                if n <= 0 {
                    break;
                }
                count.fetch_add(n as usize, Ordering::Relaxed);
                if let Ok(mut p) = sink.lock() {
                    p.process(&buf[..n as usize]);
                }
            }
        });
        Screen {
            child,
            master: Some(pair.master),
            fd,
            parser,
            received,
            stop,
            reader: Some(reader),
        }
    }

    /// How many bytes the program has written to the terminal.
    #[allow(dead_code)] // Only the crates that watch the traffic ask.
    pub fn bytes_received(&self) -> usize {
        self.received.load(Ordering::Relaxed)
    }

    pub fn text(&self) -> String {
        self.parser
            .lock()
            .map(|p| p.screen().contents())
            .unwrap_or_default()
    }

    /// Waits until the screen shows `needle`; panics with the screen after `secs`.
    pub fn wait_for(&self, needle: &str, secs: u64) {
        self.wait_for_all(&[needle], secs)
    }

    /// Waits until one screen shows every needle at once.
    pub fn wait_for_all(&self, needles: &[&str], secs: u64) {
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(secs) {
            let t = self.text();
            if needles.iter().all(|n| t.contains(n)) {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!(
            "{needles:?} never appeared together; the screen:\n{}",
            self.text()
        );
    }

    pub fn send(&mut self, keys: &str) {
        if self.master.is_none() {
            return;
        }
        let mut bytes = keys.as_bytes();
        while !bytes.is_empty() {
            // SAFETY: the master descriptor is open while `master` is Some.
            let n = unsafe { libc::write(self.fd, bytes.as_ptr().cast(), bytes.len()) };
            assert!(n > 0, "keys reach jury");
            bytes = &bytes[n as usize..];
        }
    }

    /// Waits for the process to end; `None` if it is still running after `secs`.
    pub fn wait_exit(&mut self, secs: u64) -> Option<portable_pty::ExitStatus> {
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(secs) {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Some(status);
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        None
    }

    pub fn signal(&self, sig: i32) {
        let pid = self.child.process_id().map(|p| p as i32).unwrap_or(0);
        // SAFETY: sending a signal to our own child process.
        unsafe {
            libc::kill(pid, sig);
        }
    }

    /// Closes the terminal under the app, as a dropped SSH connection does.
    pub fn hang_up(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(r) = self.reader.take() {
            let _ = r.join();
        }
        self.master = None;
    }
}

impl Drop for Screen {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        self.hang_up();
    }
}
