//! The real binary in a pseudo-terminal, as a council member uses it.

mod common;

#[path = "common/pty.rs"]
mod pty;

#[path = "common/server.rs"]
mod server;

use common::{export, imported};
use pty::Screen;
use serde_json::{Value, json};
use server::{Server, contest_as, key};

fn sheet_of(db: &std::path::Path, entry: &str, judge: &str) -> Option<Value> {
    let v: Value = serde_json::from_str(&export(db)).unwrap();
    v["scores"]
        .as_array()?
        .iter()
        .find(|s| s["entry"] == entry && s["judge"] == judge)
        .cloned()
}

#[test]
fn a_member_scores_an_entry_with_keys_quits_and_the_score_is_in_the_database() {
    let dir = tempfile::tempdir().unwrap();
    let db = imported(&dir);
    let mut s = Screen::start(&db, &["--judge", "GK03", "--lang", "en"], 100, 30);
    s.wait_for("Submitted 0/4", 10);
    s.send("\r");
    s.wait_for("Score sheet", 5);
    s.send("20\r18,5\r25\r15\r");
    s.wait_for("78.5", 5);
    s.send("S");
    s.wait_for("Submit the sheet for SK01?", 5);
    s.send("y");
    s.wait_for("Sheet for SK01 submitted", 5);
    s.send("\x1b");
    s.wait_for("Submitted 1/4", 5);
    s.send("q");
    let status = s.wait_exit(5).expect("jury quits on q");
    assert!(status.success());
    let sheet = sheet_of(&db, "SK01", "GK03").expect("the sheet is in the database");
    assert_eq!(sheet["submitted"], true);
    assert_eq!(sheet["points"]["creativity"], 18.5);
    assert_eq!(sheet["points"]["novelty"], 20);
}

#[test]
fn a_score_shown_as_saved_survives_kill_nine() {
    let dir = tempfile::tempdir().unwrap();
    let db = imported(&dir);
    for round in 0..6u32 {
        let mut s = Screen::start(&db, &["--judge", "GK03", "--lang", "en"], 100, 30);
        s.wait_for("Submitted", 10);
        s.send("\r");
        s.wait_for("Score sheet", 5);
        let value = 10 + round;
        s.send(&format!("x{value}\r"));
        // Typed digits show "unsaved" until entered, so both together mean this value is on disk.
        s.wait_for_all(&[&format!("[ {value} "), "draft · saved"], 5);
        s.signal(libc::SIGKILL);
        s.wait_exit(5).expect("killed");
        let sheet = sheet_of(&db, "SK01", "GK03").expect("the sheet survived the kill");
        assert_eq!(sheet["points"]["novelty"], value, "round {round}");
        let check = common::run(&db, &["check"]);
        assert!(
            check.status.success(),
            "round {round}: {}{}",
            common::stdout(&check),
            common::stderr(&check)
        );
    }
}

#[test]
fn hang_up_and_terminate_save_the_open_draft_and_exit() {
    let dir = tempfile::tempdir().unwrap();
    let db = imported(&dir);
    for (i, how) in ["SIGHUP", "SIGTERM", "closed terminal"].iter().enumerate() {
        let mut s = Screen::start(&db, &["--judge", "GK03", "--lang", "en"], 100, 30);
        s.wait_for("Submitted", 10);
        // A different entry each time, one without a note, so each note starts empty.
        let (entry, down) = [("SK01", 0), ("SK02", 1), ("SK04", 3)][i];
        s.send(&"j".repeat(down));
        s.send("a");
        s.wait_for("Note", 5);
        let text = format!("bản nháp {i}");
        s.send(&text);
        s.wait_for(&text, 5);
        match *how {
            "SIGHUP" => s.signal(libc::SIGHUP),
            "SIGTERM" => s.signal(libc::SIGTERM),
            _ => s.hang_up(),
        }
        assert!(
            s.wait_exit(2).is_some(),
            "{how}: jury did not exit within 2 s"
        );
        let note = sheet_of(&db, entry, "GK03").expect("the note was saved");
        assert_eq!(note["note"], text.as_str(), "{how}");
    }
}

/// The journals in the member's journal folder (beside them, each running jury's lock).
fn journal_files(state: &std::path::Path) -> Vec<std::path::PathBuf> {
    std::fs::read_dir(state.join("jury").join("journal"))
        .map(|d| {
            d.filter_map(|e| e.ok())
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "json"))
                .collect()
        })
        .unwrap_or_default()
}

/// GK03's note on `entry` as the server holds it.
fn stored_note_on(srv: &Server, entry: &str) -> Option<String> {
    let mut c = srv.client();
    c.hello();
    let got = c.request(json!({"op": "get", "key": key(entry, "GK03")}));
    got["ok"]["note"]["text"].as_str().map(String::from)
}

#[test]
fn a_note_typed_while_the_server_is_down_survives_the_terminal_and_is_stored_later() {
    use std::os::unix::fs::PermissionsExt;
    let mut srv = Server::start(&contest_as("GK03"));
    let socket = srv.socket.to_str().unwrap().to_string();
    let state = tempfile::tempdir().unwrap();
    let env = [("XDG_STATE_HOME", state.path().to_str().unwrap())];
    let args = ["--socket", socket.as_str(), "--lang", "en"];
    // Entries without a note of GK03's, so each note starts empty.
    for (entry, down, how) in [("SK01", 0, "closed terminal"), ("SK02", 1, "kill -9")] {
        let mut s = Screen::start_env(&srv.db, &args, 100, 30, &env);
        s.wait_for("Submitted", 10);
        s.send(&"j".repeat(down));
        s.send("a");
        s.wait_for("Note", 5);
        // The server dies, the member goes on typing, then the terminal goes.
        let _ = srv.child.kill();
        let _ = srv.child.wait();
        let text = format!("viết khi máy chủ đã tắt ({how})");
        s.send(&text);
        s.wait_for(&text, 5);
        let journal = || {
            let files = journal_files(state.path());
            files
                .first()
                .and_then(|f| std::fs::read_to_string(f).ok())
                .unwrap_or_default()
        };
        if how == "kill -9" {
            // Nothing runs at a kill: what was written when typing paused must do.
            let start = std::time::Instant::now();
            while !journal().contains(&text) {
                assert!(
                    start.elapsed() < std::time::Duration::from_secs(5),
                    "{how}: never journaled"
                );
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            s.signal(libc::SIGKILL);
        } else {
            s.hang_up();
        }
        assert!(s.wait_exit(5).is_some(), "{how}: jury exits");
        let files = journal_files(state.path());
        assert_eq!(
            files.len(),
            1,
            "one journal for this contest, server and member"
        );
        assert!(journal().contains(&text), "{how}: {}", journal());
        let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&files[0]), 0o600);
        assert_eq!(mode(files[0].parent().unwrap()), 0o700);
        // Both come back: the text is stored, and the member is told.
        srv.restart();
        let mut s = Screen::start_env(&srv.db, &args, 100, 30, &env);
        s.wait_for(&format!("Stored what was not yet stored: {entry}"), 10);
        assert_eq!(
            stored_note_on(&srv, entry).as_deref(),
            Some(text.as_str()),
            "{how}"
        );
        assert!(
            journal_files(state.path()).is_empty(),
            "{how}: the journal is emptied once stored"
        );
        s.send("q");
        assert!(s.wait_exit(5).is_some());
    }
}

#[test]
fn a_note_saved_from_another_terminal_meanwhile_opens_the_merge_view_and_keeps_both() {
    let srv = Server::start(&contest_as("GK03"));
    let socket = srv.socket.to_str().unwrap().to_string();
    let args = ["--socket", socket.as_str(), "--lang", "en"];
    let mut a = Screen::start(&srv.db, &args, 80, 24);
    a.wait_for("Submitted", 10);
    a.send("a");
    a.wait_for("Note", 5);
    a.send("mine from A");
    a.wait_for("mine from A", 5);
    // The same member saves the note from another terminal.
    let mut b = srv.client();
    b.hello();
    let saved = b.request(json!({"op": "apply", "change": {"op": "save_note",
        "key": key("SK01", "GK03"), "text": "theirs from B", "base": 0}}));
    assert_eq!(saved["type"], "reply", "{saved}");
    a.send("\x13");
    a.wait_for_all(&["Saved elsewhere", "theirs from B", "mine from A"], 5);
    // Esc closes the merge view; Esc on the note does not drop the text.
    a.send("\x1b");
    a.wait_for("autosave is paused", 5);
    a.send("\x1b");
    a.wait_for_all(&["Saved elsewhere", "mine from A"], 5);
    a.send("\x0b");
    a.wait_for("Saving both", 5);
    let want = format!("theirs from B\n{}\nmine from A", jury::app::note::SEPARATOR);
    let start = std::time::Instant::now();
    while stored_note_on(&srv, "SK01").as_deref() != Some(want.as_str()) {
        assert!(
            start.elapsed() < std::time::Duration::from_secs(5),
            "stored: {:?}",
            stored_note_on(&srv, "SK01")
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    a.send("\x1bq");
}

#[test]
fn a_note_saved_from_another_terminal_shows_on_the_open_note_without_a_key() {
    let srv = Server::start(&contest_as("GK03"));
    let socket = srv.socket.to_str().unwrap().to_string();
    let args = ["--socket", socket.as_str(), "--lang", "en"];
    let mut a = Screen::start(&srv.db, &args, 80, 24);
    a.wait_for("Submitted", 10);
    a.send("a");
    a.wait_for("Note", 5);
    let mut b = srv.client();
    b.hello();
    let saved = b.request(json!({"op": "apply", "change": {"op": "save_note",
        "key": key("SK01", "GK03"), "text": "ghi từ máy B", "base": 0}}));
    assert_eq!(saved["type"], "reply", "{saved}");
    // No key is pressed: the push alone brings the text to this terminal.
    a.wait_for("ghi từ máy B", 5);
    a.send("\x1bq");
}

#[test]
fn an_idle_screen_sends_nothing_to_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let db = imported(&dir);
    let mut s = Screen::start(&db, &["--judge", "GK03", "--lang", "en"], 100, 30);
    s.wait_for("Submitted 0/4", 10);
    // Over SSH every byte is a packet: a screen nobody touches stays quiet
    // through several ticks (one every half second), autosave included.
    std::thread::sleep(std::time::Duration::from_millis(300));
    let before = s.bytes_received();
    std::thread::sleep(std::time::Duration::from_millis(2200));
    assert_eq!(s.bytes_received(), before, "{}", s.text());
    s.send("j");
    let start = std::time::Instant::now();
    while s.bytes_received() == before && start.elapsed().as_secs() < 5 {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert!(s.bytes_received() > before, "a key still draws");
    s.send("q");
    assert!(s.wait_exit(5).is_some_and(|st| st.success()));
}
