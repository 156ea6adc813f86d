//! Entrants' and members' text reaches terminals and spreadsheets only
//! through the one escaping function: no terminal sequence is played, no
//! line forged, no formula run.

mod common;

#[path = "common/server.rs"]
mod server;

use common::{SCORED, run, stderr, stdout};
use serde_json::Value;

/// Sets the terminal's title, clears the screen, turns text red (C1 CSI)
/// and reverses what follows (a bidi override).
const PLAYED: &str = "\u{1b}]0;pwned\u{7}\u{1b}[2J\u{9b}31m\u{202e}";

/// Whether `text` holds anything a terminal would act on.
fn plays(text: &str) -> Option<char> {
    text.chars().find(|&c| {
        (c.is_control() && c != '\n' && c != '\t' && c != '\r')
            || ('\u{202a}'..='\u{202e}').contains(&c)
            || ('\u{2066}'..='\u{2069}').contains(&c)
    })
}

/// The scored contest, with hostile text in a title, a unit and a name.
fn hostile(dir: &tempfile::TempDir) -> std::path::PathBuf {
    let mut c: Value = serde_json::from_str(SCORED).unwrap();
    c["contest"]["title"] = Value::from(format!("Cuộc thi{PLAYED}"));
    c["entries"][0]["title"] = Value::from(format!("Số hóa{PLAYED}"));
    c["entries"][1]["unit"] = Value::from("=HYPERLINK(\"http://x\",\"Bấm\")");
    c["entries"][2]["title"] = Value::from("@SUM(1)\n 99  FORGED");
    c["judges"][1]["name"] = Value::from(format!("Trần{PLAYED}Văn Đức"));
    let file = dir.path().join("hostile.json");
    std::fs::write(&file, c.to_string()).unwrap();
    let db = dir.path().join("db");
    let out = run(&db, &["import", file.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(plays(&stdout(&out)), None, "the import's summary");
    db
}

#[test]
fn rankings_in_every_format_play_nothing_on_a_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let db = hostile(&dir);
    for format in ["table", "md", "csv", "json"] {
        let out = run(&db, &["rank", "--format", format]);
        assert!(out.status.success(), "{format}: {}", stderr(&out));
        let text = stdout(&out);
        assert_eq!(plays(&text), None, "{format}: {text:?}");
        assert!(text.contains("Số hóa"), "{format}");
        // CSV keeps a line end inside a quoted cell; the others show one line per entry.
        if format != "csv" {
            assert!(!text.contains("\n 99  FORGED"), "{format}: a forged line");
        }
    }
    let json: Value =
        serde_json::from_str(&stdout(&run(&db, &["rank", "--format", "json"]))).unwrap();
    let titles: Vec<&str> = json["entries"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["title"].as_str())
        .collect();
    assert!(
        titles.contains(&format!("Số hóa{PLAYED}").as_str()),
        "JSON escapes, and a reader gets the title back as it was: {titles:?}"
    );
}

#[test]
fn csv_cells_that_would_run_as_formulas_are_quoted_out() {
    let dir = tempfile::tempdir().unwrap();
    let db = hostile(&dir);
    let csv = stdout(&run(&db, &["rank", "--format", "csv"]));
    assert!(
        csv.contains(",\"'=HYPERLINK(\"\"http://x\"\",\"\"Bấm\"\")\","),
        "{csv}"
    );
    assert!(csv.contains(",\"'@SUM(1)\n 99  FORGED\","), "{csv}");
    assert!(!csv.contains(",=") && !csv.contains(",\"="));
}

#[test]
fn a_reason_with_terminal_sequences_is_shown_not_played() {
    let dir = tempfile::tempdir().unwrap();
    let db = hostile(&dir);
    let reason = format!("họ hàng{PLAYED}\n    7  2024-05-02T08:00:00Z  GK01 forged");
    let out = run(
        &db,
        &[
            "--judge",
            "GK01",
            "conflicts",
            "recuse",
            "--member",
            "GK02",
            "--entry",
            "SK01",
            "--reason",
            &reason,
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    for args in [
        vec!["audit"],
        vec!["audit", "--format", "csv"],
        vec!["audit", "--format", "json"],
        vec!["conflicts"],
        vec!["judge", "list"],
    ] {
        let out = run(&db, &args);
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        let text = stdout(&out);
        assert_eq!(plays(&text), None, "{args:?}: {text:?}");
        if args.len() == 1 {
            assert!(text.contains("họ hàng"), "{args:?}: {text}");
            assert!(!text.contains("\n    7  2024"), "{args:?}: a forged line");
        }
    }
    let judges = stdout(&run(&db, &["judge", "list"]));
    assert!(
        judges.contains("Trần�]0;pwned��[2J�31m�Văn Đức"),
        "{judges}"
    );
}

#[test]
fn an_import_error_does_not_echo_a_sequence() {
    let dir = tempfile::tempdir().unwrap();
    let mut c: Value = serde_json::from_str(SCORED).unwrap();
    c["entries"][0]["id"] = Value::from(format!("SK{PLAYED}01"));
    let file = dir.path().join("bad.json");
    std::fs::write(&file, c.to_string()).unwrap();
    let out = run(&dir.path().join("db"), &["import", file.to_str().unwrap()]);
    assert!(!out.status.success());
    let said = stderr(&out);
    assert!(said.contains("entries[0].id"), "{said}");
    assert_eq!(plays(&said), None, "{said:?}");
}

#[test]
fn the_server_log_keeps_one_line_per_event() {
    let mut s = server::Server::start(&server::contest_as("GK01"));
    let mut c = s.client();
    c.hello();
    let forged = format!("x\n2024-05-02T08:00:00Z client 99 connected: evil as GK01{PLAYED}");
    c.send_raw(format!("{}\n", serde_json::json!({"id": 2, "op": forged})).as_bytes());
    let reply = c.frame();
    assert!(reply.is_some_and(|r| r["type"] == "error"));
    s.stop(10);
    let log = s.log_text();
    assert!(
        log.contains("client 99 connected"),
        "the op is logged: {log}"
    );
    assert!(
        log.lines()
            .all(|l| !l.contains(" client 99") || l.contains("refused")),
        "a forged line: {log}"
    );
    assert_eq!(plays(&log), None, "{log:?}");
}

#[test]
fn the_contest_file_escapes_c1_and_bidi_and_reads_back_the_same() {
    let dir = tempfile::tempdir().unwrap();
    let db = hostile(&dir);
    let out = run(&db, &["export"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert_eq!(plays(&text), None, "{text:?}");
    assert!(text.contains("\\u009b31m\\u202e"), "escaped, not dropped");
    let file = dir.path().join("again.json");
    std::fs::write(&file, &text).unwrap();
    let again = dir.path().join("db2");
    let out = run(&again, &["import", file.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&run(&again, &["export"])), text);
}
