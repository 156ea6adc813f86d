//! A full disk (issue 10, finding 6): the server tells each member that the
//! change was not saved, says so in its log once, goes on serving reads, and
//! stops on SIGTERM. The disk is a small tmpfs; where mounting one is not
//! allowed (an unprivileged CI runner), the test says so and passes.

mod common;

#[path = "common/server.rs"]
mod server;

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::json;
use server::{Client, contest_as, key};

/// A tmpfs mounted for the test, unmounted when dropped.
struct SmallDisk(PathBuf);

impl SmallDisk {
    fn mount(at: &Path, size: &str) -> Option<SmallDisk> {
        std::fs::create_dir_all(at).ok()?;
        let ok = Command::new("mount")
            .args([
                "-t",
                "tmpfs",
                "-o",
                &format!("size={size},mode=0700"),
                "tmpfs",
            ])
            .arg(at)
            .stderr(std::process::Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        ok.then(|| SmallDisk(at.to_path_buf()))
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.0).status();
    }
}

fn note(text: &str, entry: &str, base: u64) -> serde_json::Value {
    json!({"op": "apply", "change": {"op": "save_note", "key": key(entry, "GK02"),
        "text": text, "base": base}})
}

/// Bytes free on the file system holding `path`.
fn free_bytes(path: &Path) -> u64 {
    use std::os::unix::ffi::OsStrExt;
    let c = std::ffi::CString::new(path.as_os_str().as_bytes()).unwrap();
    // SAFETY: statvfs fills `st`, which is zeroed and ours; `c` is NUL-terminated.
    let mut st: libc::statvfs = unsafe { std::mem::zeroed() };
    assert_eq!(unsafe { libc::statvfs(c.as_ptr(), &mut st) }, 0);
    (st.f_bavail as u64).saturating_mul(st.f_frsize as u64)
}

/// Fills the disk with a file of its own until about `leave` bytes are
/// free: a disk that other programs filled, as it happens on a server.
fn fill(disk: &Path, leave: u64) -> PathBuf {
    use std::io::Write;
    let filler = disk.join("filler");
    let mut f = std::fs::File::create(&filler).unwrap();
    let chunk = vec![0u8; 256 * 1024];
    while free_bytes(disk) > leave + chunk.len() as u64 {
        f.write_all(&chunk).unwrap();
        f.sync_all().unwrap();
    }
    filler
}

#[test]
fn a_full_disk_refuses_changes_with_the_reason_keeps_reads_and_stops_on_sigterm() {
    let dir = tempfile::tempdir().unwrap();
    let disk = dir.path().join("disk");
    let Some(_disk) = SmallDisk::mount(&disk, "48m") else {
        eprintln!("skipped: cannot mount a small tmpfs here (needs root)");
        return;
    };
    let file = dir.path().join("contest.json");
    std::fs::write(&file, contest_as("GK02").to_string()).unwrap();
    let db = disk.join("db");
    let out = common::run(&db, &["import", file.to_str().unwrap()]);
    assert!(out.status.success(), "{}", common::stderr(&out));
    let socket = dir.path().join("run").join("jury.sock");
    let (child, log) = server::spawn_logged(&db, &socket, &[]);
    let mut s = server::Server::adopt(child, log, db.clone(), socket.clone());
    let mut a = Client::connect(&socket);
    let mut b = Client::connect(&socket);
    a.hello();
    b.hello();
    let r = a.request(note("trước khi đầy", "SK02", 0));
    assert_eq!(r["type"], "reply", "{r}");
    let base_a = r["ok"]["record"]["version"].as_u64().unwrap();
    // Less room than the server keeps in reserve, but not none: sled never
    // meets the full disk itself.
    let filler = fill(&disk, 4 * 1024 * 1024);
    // Every member who writes is told, at once, whatever the size; reads go on.
    for (c, entry, base) in [(&mut a, "SK02", base_a), (&mut b, "SK03", 0)] {
        let r = c.request(note("ngắn", entry, base));
        assert_eq!(r["error"]["code"], "unavailable", "{r}");
        let message = r["error"]["message"].as_str().unwrap();
        assert!(
            message.contains("disk holding the database is full"),
            "{message}"
        );
        let load = c.request(json!({"op": "load"}));
        assert_eq!(load["ok"]["kind"], "contest", "{load}");
    }
    let text = s.log_text();
    assert_eq!(
        text.matches("cannot save").count(),
        1,
        "the full disk is logged once:\n{text}"
    );
    // Room made again: the next save goes through, and the log says so.
    std::fs::remove_file(&filler).unwrap();
    let r = a.request(note("sau khi dọn", "SK02", base_a));
    assert_eq!(r["type"], "reply", "{r}");
    s.stop(30);
    assert!(s.log_text().contains("saving again"), "{}", s.log_text());
}
