//! Remarks per criterion and annotations with the real binary: a remark
//! being typed survives kill -9, and both go through `jury serve`.

mod common;

#[path = "common/pty.rs"]
mod pty;

#[path = "common/server.rs"]
mod server;

use common::{export, imported};
use pty::Screen;
use serde_json::{Value, json};
use server::{Server, contest_as, key};

fn score_of(db: &std::path::Path, entry: &str, judge: &str) -> Option<Value> {
    let v: Value = serde_json::from_str(&export(db)).unwrap();
    v["scores"]
        .as_array()?
        .iter()
        .find(|s| s["entry"] == entry && s["judge"] == judge)
        .cloned()
}

fn journal_text(state: &std::path::Path) -> String {
    std::fs::read_dir(state.join("jury").join("journal"))
        .map(|d| {
            d.filter_map(|e| e.ok())
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "json"))
                .filter_map(|p| std::fs::read_to_string(p).ok())
                .collect::<String>()
        })
        .unwrap_or_default()
}

#[test]
fn a_remark_being_typed_survives_kill_nine_and_is_stored_at_the_next_start() {
    let dir = tempfile::tempdir().unwrap();
    let db = imported(&dir);
    let state = dir.path().join("state");
    let mut s = Screen::start(&db, &["--judge", "GK03", "--lang", "vi"], 100, 30);
    s.wait_for("Đã nộp", 10);
    // SK02 has no note of GK03's; the second criterion is creativity.
    s.send("j\rjr");
    s.wait_for("Nhận xét: Tính sáng tạo", 5);
    let text = "cách làm mới, chưa thấy ở đâu";
    s.send(text);
    s.wait_for(text, 5);
    // Nothing runs at a kill: what was written when typing paused must do.
    let start = std::time::Instant::now();
    while !journal_text(&state).contains(text) {
        assert!(
            start.elapsed() < std::time::Duration::from_secs(5),
            "never journaled"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    s.signal(libc::SIGKILL);
    s.wait_exit(5).expect("killed");
    assert!(score_of(&db, "SK02", "GK03").is_none(), "not stored yet");

    let mut s = Screen::start(&db, &["--judge", "GK03", "--lang", "vi"], 100, 30);
    s.wait_for("SK02", 10);
    s.send("q");
    s.wait_exit(5).expect("quits");
    let score = score_of(&db, "SK02", "GK03").expect("stored from the journal");
    assert_eq!(score["remarks"]["creativity"], text);
}

#[test]
fn a_remark_saved_on_the_sheet_survives_kill_nine() {
    let dir = tempfile::tempdir().unwrap();
    let db = imported(&dir);
    let mut s = Screen::start(&db, &["--judge", "GK03", "--lang", "en"], 100, 30);
    s.wait_for("Submitted", 10);
    s.send("j\rr");
    s.wait_for("Remark: Novelty", 5);
    s.send("ý tưởng mới\r");
    // The mark beside the criterion and the word "Saved" come after the store's flush.
    s.wait_for_all(&["✎ Novelty: ý tưởng mới", "Saved"], 5);
    s.signal(libc::SIGKILL);
    s.wait_exit(5).expect("killed");
    let score = score_of(&db, "SK02", "GK03").expect("stored");
    assert_eq!(score["remarks"]["novelty"], "ý tưởng mới");
    let check = common::run(&db, &["check"]);
    assert!(check.status.success(), "{}", common::stdout(&check));
}

#[test]
fn remarks_and_annotations_go_through_the_server_and_survive_its_restart() {
    let mut srv = Server::start(&contest_as("GK03"));
    let mut c = srv.client();
    c.hello();
    let annotation = json!({"first_line": 2, "last_line": 3, "passage": "Đoạn hai.\nĐoạn ba.", "comment": "cần số liệu"});
    let save = json!({"op": "apply", "change": {
        "op": "save_note", "key": key("SK02", "GK03"), "text": "", "base": 0,
        "remarks": {"novelty": "mới"}, "annotations": [annotation],
    }});
    let r = c.request(save);
    assert_eq!(r["type"], "reply", "{r}");
    assert_eq!(r["ok"]["record"]["version"], 1, "{r}");

    // Through a restart of the server, as the member wrote them.
    srv.restart();
    let mut c = srv.client();
    c.hello();
    let got = c.request(json!({"op": "get", "key": key("SK02", "GK03")}));
    assert_eq!(got["ok"]["note"]["remarks"]["novelty"], "mới", "{got}");
    assert_eq!(
        got["ok"]["note"]["annotations"][0]["comment"],
        "cần số liệu"
    );

    // A remark on a criterion the rubric lacks is refused, in words.
    let bad = json!({"op": "apply", "change": {
        "op": "save_note", "key": key("SK02", "GK03"), "text": "", "base": 1,
        "remarks": {"speed": "nhanh"},
    }});
    let r = c.request(bad);
    assert_eq!(r["type"], "error", "{r}");
    assert!(r.to_string().contains("speed"), "{r}");

    // The member's app on the server shows them on the sheet.
    let socket = srv.socket.to_str().unwrap().to_string();
    let mut s = Screen::start(&srv.db, &["--socket", &socket, "--lang", "en"], 120, 40);
    s.wait_for("Submitted", 10);
    s.send("j\r");
    s.wait_for_all(
        &[
            "✎ Novelty: mới",
            "lines 3–4 «Đoạn hai. Đoạn ba.» cần số liệu",
        ],
        5,
    );
    // r writes a remark through the server.
    s.send("jr");
    s.wait_for("Remark: Creativity", 5);
    s.send("sáng tạo\r");
    s.wait_for("✎ Creativity: sáng tạo", 5);
    s.send("\x1bq");
    s.wait_exit(5).expect("quits");
    let got = c.request(json!({"op": "get", "key": key("SK02", "GK03")}));
    assert_eq!(
        got["ok"]["note"]["remarks"]["creativity"], "sáng tạo",
        "{got}"
    );
    assert_eq!(got["ok"]["note"]["remarks"]["novelty"], "mới", "{got}");
}
