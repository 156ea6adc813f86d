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

#[test]
fn a_full_disk_refuses_changes_with_the_reason_keeps_reads_and_stops_on_sigterm() {
    let dir = tempfile::tempdir().unwrap();
    let Some(_disk) = SmallDisk::mount(&dir.path().join("disk"), "24m") else {
        eprintln!("skipped: cannot mount a small tmpfs here (needs root)");
        return;
    };
    let file = dir.path().join("contest.json");
    std::fs::write(&file, contest_as("GK02").to_string()).unwrap();
    let db = dir.path().join("disk").join("db");
    let out = common::run(&db, &["import", file.to_str().unwrap()]);
    assert!(out.status.success(), "{}", common::stderr(&out));
    let socket = dir.path().join("run").join("jury.sock");
    let (child, log) = server::spawn_logged(&db, &socket, &[]);
    let mut s = server::Server::adopt(child, log, db.clone(), socket.clone());
    let mut a = Client::connect(&socket);
    let mut b = Client::connect(&socket);
    a.hello();
    b.hello();
    let filler = "nhận xét rất dài ".repeat(2500);
    let (mut base_a, mut base_b) = (0, 0);
    let mut refused = None;
    for i in 0..2000 {
        let r = a.request(note(&format!("{i} {filler}"), "SK02", base_a));
        if r["type"] != "reply" {
            refused = Some(r);
            break;
        }
        base_a = r["ok"]["record"]["version"].as_u64().unwrap();
        let r = b.request(note(&format!("{i} {filler}"), "SK03", base_b));
        if r["type"] != "reply" {
            refused = Some(r);
            break;
        }
        base_b = r["ok"]["record"]["version"].as_u64().unwrap();
    }
    let refused = refused.expect("the disk never filled");
    assert_eq!(refused["error"]["code"], "unavailable", "{refused}");
    let message = refused["error"]["message"].as_str().unwrap();
    assert!(
        message.contains("disk holding the database is full"),
        "{message}"
    );
    // Every member who writes is told, at once; reads go on.
    for (c, entry, base) in [(&mut a, "SK02", base_a), (&mut b, "SK03", base_b)] {
        let r = c.request(note("ngắn", entry, base));
        assert_eq!(r["error"]["code"], "unavailable", "{r}");
        let load = c.request(json!({"op": "load"}));
        assert_eq!(load["ok"]["kind"], "contest", "{load}");
    }
    let text = s.log_text();
    assert_eq!(
        text.matches("cannot save").count(),
        1,
        "the full disk is logged once:\n{text}"
    );
    s.stop(30);
}
