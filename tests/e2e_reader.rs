//! The reader in the real binary, in a pseudo-terminal (issue 14): every
//! word of the longest demo write-up can be read at 80×24, and an entry
//! can be scored with its text in view at 120×40.

mod common;

#[path = "common/pty.rs"]
#[allow(dead_code)]
mod pty;

use common::{export, run};
use pty::Screen;
use serde_json::Value;

/// A database holding the demo contest, as `cargo run` seeds it.
fn demo_db(dir: &tempfile::TempDir) -> std::path::PathBuf {
    let db = dir.path().join("db");
    let out = run(&db, &["import", "data/demo-contest.json"]);
    assert!(out.status.success(), "{}", common::stderr(&out));
    db
}

/// The screen's words in reading order, whatever the wrapping.
fn words(screen: &str) -> String {
    screen.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn at_80x24_the_longest_write_up_pages_to_its_last_sentence() {
    let demo: Value = serde_json::from_str(include_str!("../data/demo-contest.json")).unwrap();
    let longest = demo["entries"]
        .as_array()
        .unwrap()
        .iter()
        .max_by_key(|e| e["document"].as_str().map_or(0, str::len))
        .unwrap();
    let id = longest["id"].as_str().unwrap();
    let doc = longest["document"].as_str().unwrap().trim();
    // The last sentence: after the last full stop inside the last paragraph.
    let last_para = doc.rsplit("\n\n").next().unwrap();
    let body = last_para.trim_end_matches('.');
    let last = match body.rfind(". ") {
        Some(at) => &last_para[at + 2..],
        None => last_para,
    };
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(&dir);
    let mut s = Screen::start(&db, &["--judge", "GK03", "--lang", "vi"], 80, 24);
    s.wait_for("Đã nộp", 10);
    s.send(&format!("/{id}\r"));
    s.send("v");
    s.wait_for("Mã hồ sơ:", 5);
    let mut pages = 0;
    while !s.text().contains("hết bài") {
        s.send(" ");
        pages += 1;
        assert!(pages < 40, "the end never came:\n{}", s.text());
        std::thread::sleep(std::time::Duration::from_millis(60));
    }
    assert!(
        pages >= 3,
        "{id} needs three screens at 80×24, took {pages} pages"
    );
    s.wait_for("hết bài", 5);
    let screen = s.text();
    assert!(
        words(&screen).contains(&words(last)),
        "{last:?} not on the last screen:\n{screen}"
    );
    s.send("q");
    s.wait_for("Đã nộp", 5);
    s.send("q");
    assert!(s.wait_exit(5).expect("jury quits").success());
}

#[test]
fn at_120x40_an_entry_is_scored_with_its_text_beside_the_sheet() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(&dir);
    let mut s = Screen::start(&db, &["--judge", "GK03", "--lang", "en"], 120, 40);
    s.wait_for("Submitted", 10);
    s.send("\r");
    s.wait_for("Score sheet", 5);
    s.send("v");
    s.wait_for_all(&["Entry id: SK01", "Score sheet"], 5);
    // Read on a page, then Tab to the sheet and score with the text in view.
    s.send(" ");
    s.send("\t");
    s.send("18\r");
    s.wait_for_all(&["Reader", "Do không có phiếu thứ tự", "[ 18"], 5);
    s.send("\x1b");
    s.wait_for("Submitted", 5);
    s.send("q");
    assert!(s.wait_exit(5).expect("jury quits").success());
    let v: Value = serde_json::from_str(&export(&db)).unwrap();
    let sheet = v["scores"]
        .as_array()
        .and_then(|a| {
            a.iter()
                .find(|x| x["entry"] == "SK01" && x["judge"] == "GK03")
                .cloned()
        })
        .expect("the sheet was saved");
    assert_eq!(sheet["points"]["novelty"], 18, "{sheet}");
}
