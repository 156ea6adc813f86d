//! Helpers shared by the integration tests.
#![allow(dead_code)]

pub mod english;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub const SMALL: &str = include_str!("../fixtures/small-contest.json");
pub const SCORED: &str = include_str!("../fixtures/scored-contest.json");

pub fn jury() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_jury"));
    c.env_remove("JURY_SOCKET").env("LANG", "C");
    c
}

/// Runs the binary with `--db db` and `args`.
pub fn run(db: &Path, args: &[&str]) -> Output {
    jury()
        .arg("--db")
        .arg(db)
        .args(args)
        .output()
        .expect("the jury binary runs")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A database folder inside a fresh temporary directory, with the small contest imported.
pub fn imported(dir: &tempfile::TempDir) -> PathBuf {
    let file = dir.path().join("small.json");
    std::fs::write(&file, SMALL).expect("write fixture");
    let db = dir.path().join("db");
    let out = run(&db, &["import", file.to_str().expect("utf-8 path")]);
    assert!(out.status.success(), "import failed: {}", stderr(&out));
    db
}

pub fn export(db: &Path) -> String {
    let out = run(db, &["export"]);
    assert!(out.status.success(), "export failed: {}", stderr(&out));
    stdout(&out)
}

/// Waits until no one holds sled's lock on `db`: a Store dropped in this
/// process may keep it for a moment while sled's threads wind down.
pub fn wait_until_released(db: &Path) {
    use std::os::fd::AsRawFd;
    let lock = db.join("db");
    let start = std::time::Instant::now();
    while start.elapsed() < std::time::Duration::from_secs(10) {
        if let Ok(f) = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .open(&lock)
        {
            // SAFETY: flock on a descriptor we own; released when `f` closes.
            if unsafe { libc::flock(f.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) } == 0 {
                return;
            }
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    panic!("{} stayed locked", db.display());
}

/// What `m` looks like drawn on a `w`×`h` terminal, one line per row, a wide
/// letter once (as a person reads the screen).
pub fn screen_text(m: &jury::app::Model, w: u16, h: u16) -> String {
    let mut t =
        ratatui::Terminal::new(ratatui::backend::TestBackend::new(w, h)).expect("a test terminal");
    t.draw(|f| jury::ui::view(m, f)).expect("a drawn frame");
    buffer_text(t.backend().buffer())
}

/// A drawn buffer as text, one line per row, a wide letter once.
pub fn buffer_text(buf: &ratatui::buffer::Buffer) -> String {
    let mut out = String::new();
    for y in 0..buf.area.height {
        let mut skip = 0;
        for x in 0..buf.area.width {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let sym = buf[(x, y)].symbol();
            skip = unicode_width::UnicodeWidthStr::width(sym).saturating_sub(1);
            out.push_str(sym);
        }
        out.push('\n');
    }
    out
}
