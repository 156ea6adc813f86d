//! Keys that must not score by accident, in the real binary in a
//! pseudo-terminal (issue 12, findings 1 and 9).

mod common;

#[path = "common/pty.rs"]
#[allow(dead_code)]
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
fn right_then_left_opens_and_closes_a_sheet_without_scoring_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = imported(&dir);
    let mut s = Screen::start(&db, &["--judge", "GK03", "--lang", "en"], 100, 30);
    s.wait_for("Submitted 0/4", 10);
    s.send("\x1b[C");
    s.wait_for("Score sheet", 5);
    s.send("\x1b[D");
    s.wait_for("Submitted 0/4", 5);
    // Long enough for an autosave, had anything been written.
    std::thread::sleep(std::time::Duration::from_secs(2));
    s.send("q");
    assert!(s.wait_exit(5).expect("jury quits on q").success());
    assert_eq!(sheet_of(&db, "SK01", "GK03"), None, "nothing was scored");
}

#[test]
fn esc_and_j_in_one_read_leave_the_sheet_and_move_down() {
    let dir = tempfile::tempdir().unwrap();
    let db = imported(&dir);
    let mut s = Screen::start(&db, &["--judge", "GK03", "--lang", "en"], 100, 30);
    s.wait_for("Submitted 0/4", 10);
    s.send("\r");
    s.wait_for("SK01 ·", 5);
    // Both bytes in one write, as fast typing over SSH delivers them.
    s.send("\x1bj");
    s.wait_for("Submitted 0/4", 5);
    s.send("\r");
    s.wait_for("SK02 ·", 5);
    s.send("\x1bq");
    assert!(s.wait_exit(5).expect("Esc then q quits").success());
}

/// Issue 13, finding 4: `c` on a proposed conflict asks first; only `y`
/// recuses the member, and the chair is told what was done.
#[test]
fn confirming_a_conflict_asks_before_it_recuses() {
    let dir = tempfile::tempdir().unwrap();
    let db = imported(&dir);
    let recusals = |db: &std::path::Path| {
        let v: Value = serde_json::from_str(&export(db)).unwrap();
        v["conflicts"].as_array().map_or(0, |c| c.len())
    };
    let mut s = Screen::start(&db, &["--judge", "GK01", "--lang", "en"], 100, 30);
    s.wait_for("Submitted", 10);
    s.send("C");
    s.wait_for("proposed", 5);
    s.send("c");
    s.wait_for("Confirm that", 5);
    s.send("n");
    std::thread::sleep(std::time::Duration::from_millis(500));
    s.send("c");
    s.wait_for("Confirm that", 5);
    s.send("y");
    s.wait_for("Done:", 5);
    s.send("q");
    s.send("q");
    assert!(s.wait_exit(5).expect("jury quits on q").success());
    assert_eq!(recusals(&db), 1, "one recusal, after yes only");
}
