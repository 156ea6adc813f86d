//! The real binary in a pseudo-terminal, as a council member uses it.

mod common;

#[path = "common/pty.rs"]
mod pty;

use common::{export, imported};
use pty::Screen;
use serde_json::Value;

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
