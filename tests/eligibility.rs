//! Eligibility before scoring: a deadline marks late entries, and only
//! entries the secretariat admitted are assigned, scored and ranked.

mod common;
#[path = "common/server.rs"]
mod server;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use common::{SCORED, SMALL, export, run, stderr, stdout};
use jury::domain::change::Change;
use jury::domain::{Lang, Points, SheetKey};
use serde_json::{Value, json};

/// The small contest with a deadline of 2024-05-01: SK01 (submitted
/// 2024-05-02) is late.
fn with_deadline(base: &str) -> Value {
    let mut v: Value = serde_json::from_str(base).unwrap();
    v["contest"]["deadline"] = json!("2024-05-01");
    v
}

fn imported(dir: &tempfile::TempDir, contest: &Value) -> PathBuf {
    let file = dir.path().join("contest.json");
    std::fs::write(&file, contest.to_string()).unwrap();
    let db = dir.path().join("db");
    let out = run(&db, &["import", file.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    db
}

fn ok(db: &Path, args: &[&str]) -> String {
    let out = run(db, args);
    assert!(out.status.success(), "{args:?}: {}", stderr(&out));
    stdout(&out)
}

#[test]
fn late_entries_are_marked_in_the_list_and_on_the_screen() {
    let dir = tempfile::tempdir().unwrap();
    let db = imported(&dir, &with_deadline(SMALL));
    let table = ok(&db, &["--lang", "vi", "entries"]);
    let sk01 = table.lines().find(|l| l.starts_with("SK01")).unwrap();
    assert!(sk01.contains("[nộp muộn]"), "{table}");
    let sk02 = table.lines().find(|l| l.starts_with("SK02")).unwrap();
    assert!(!sk02.contains("nộp muộn"), "{table}");
    let csv = ok(&db, &["entries", "--format", "csv"]);
    assert!(
        csv.lines()
            .any(|l| l.starts_with("SK01,") && l.ends_with(",admitted,,yes")),
        "{csv}"
    );

    let contest =
        jury::contest_file::read_bytes("c", with_deadline(SMALL).to_string().as_bytes()).unwrap();
    let m = jury::app::Model::new(
        contest,
        Some("GK02".into()),
        Some("nobody".into()),
        Lang::Vi,
    );
    let screen = common::screen_text(&m, 80, 24);
    let row = screen.lines().find(|l| l.contains("SK01")).unwrap();
    assert!(row.contains("[nộp muộn]"), "{screen}");
}

#[test]
fn a_deadline_that_is_not_a_date_is_refused_in_the_contest_file() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = with_deadline(SMALL);
    v["contest"]["deadline"] = json!("1/5/2024");
    v["entries"][1]["status"] = json!("rejected");
    let file = dir.path().join("bad.json");
    std::fs::write(&file, v.to_string()).unwrap();
    let out = run(&dir.path().join("db"), &["import", file.to_str().unwrap()]);
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(err.contains("contest.deadline"), "{err}");
    assert!(err.contains("entries[1].reason"), "{err}");
}

#[test]
fn a_rejected_entry_is_not_assigned_scored_or_ranked_but_stays_in_the_minutes() {
    let dir = tempfile::tempdir().unwrap();
    let db = imported(&dir, &with_deadline(SCORED));
    let ranked = |db: &Path| -> Vec<String> {
        let v: Value = serde_json::from_str(&ok(db, &["rank", "--format", "json"])).unwrap();
        v["entries"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|r| r["entry"].as_str().map(String::from))
            .collect()
    };
    assert!(ranked(&db).contains(&"SK02".to_string()));

    // A plain member may not screen; a rejection needs its reason.
    let out = run(
        &db,
        &[
            "--judge", "GK02", "--lang", "en", "entries", "reject", "SK02", "--reason", "x",
        ],
    );
    assert!(!out.status.success());
    assert!(stderr(&out).contains("only the chair or the secretary can admit or reject"));
    let out = run(&db, &["entries", "reject", "SK02"]);
    assert!(!out.status.success(), "clap requires --reason");

    let said = ok(
        &db,
        &[
            "--lang",
            "vi",
            "entries",
            "reject",
            "SK02",
            "--reason",
            "Đã áp dụng trước năm 2022",
        ],
    );
    assert!(
        said.contains("SK02: không hợp lệ: Đã áp dụng trước năm 2022"),
        "{said}"
    );
    let file: Value = serde_json::from_str(&export(&db)).unwrap();
    let sk02 = &file["entries"][1];
    assert_eq!(sk02["status"], "rejected");
    assert_eq!(sk02["reason"], "Đã áp dụng trước năm 2022");
    assert!(
        file["entries"][0].get("status").is_none(),
        "admitted is not written"
    );
    let trail = ok(&db, &["audit", "--format", "json"]);
    assert!(trail.contains("entry_status"), "{trail}");

    assert!(!ranked(&db).contains(&"SK02".to_string()), "not ranked");
    let list = ok(&db, &["--lang", "vi", "entries"]);
    assert!(
        list.contains("không hợp lệ: Đã áp dụng trước năm 2022"),
        "{list}"
    );

    ok(&db, &["assign", "--per-entry", "2"]);
    let file: Value = serde_json::from_str(&export(&db)).unwrap();
    let assigned: Vec<&str> = file["assignments"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|a| a["entry"].as_str())
        .collect();
    assert!(!assigned.is_empty());
    assert!(!assigned.contains(&"SK02"), "{assigned:?}");

    let report = dir.path().join("bien-ban.md");
    ok(
        &db,
        &["--lang", "vi", "report", "-o", report.to_str().unwrap()],
    );
    let md = std::fs::read_to_string(&report).unwrap();
    let at = md
        .find("Hồ sơ không đưa vào chấm")
        .expect("the minutes list them");
    assert!(md[at..].contains("Đã áp dụng trước năm 2022"), "{md}");

    // Saving a sheet for it is refused, whoever tries.
    common::wait_until_released(&db);
    let store = jury::store::Store::open(&db).unwrap();
    let contest = store.load().unwrap();
    let gk03 = contest.judge("GK03").unwrap().clone();
    let mut points = BTreeMap::new();
    points.insert(contest.rubric.criteria[0].id.clone(), Points::whole(1));
    let key = SheetKey::new(contest.current_round(), "SK02", "GK03");
    let base = contest.sheet(&key).map(|s| s.version).unwrap_or(0);
    let refused = store.apply(&contest, &gk03, &Change::SaveSheet { key, points, base });
    let text = format!("{:?}", refused.err());
    assert!(text.contains("NotAdmitted"), "{text}");
    drop(store);
    common::wait_until_released(&db);

    // Admitted again, it is ranked again.
    let said = ok(&db, &["--lang", "en", "entries", "admit", "SK02"]);
    assert!(said.contains("SK02: admitted"), "{said}");
    assert!(ranked(&db).contains(&"SK02".to_string()));
}

#[test]
fn screening_goes_through_the_server() {
    let s = server::Server::start(&server::contest_as("GK01"));
    let as_chair = |args: &[&str]| {
        common::jury()
            .env("JURY_SOCKET", &s.socket)
            .args(["--lang", "en"])
            .args(args)
            .output()
            .unwrap()
    };
    let out = as_chair(&[
        "entries",
        "pending",
        "SK03",
        "--reason",
        "waiting for the unit's stamp",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("SK03: pending: waiting for the unit's stamp"));
    let list = as_chair(&["entries", "--format", "json"]);
    let v: Value = serde_json::from_slice(&list.stdout).unwrap();
    let sk03 = v
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["id"] == "SK03")
        .unwrap();
    assert_eq!(sk03["status"], "pending");
}

#[test]
fn the_chair_sees_held_back_entries_with_their_status_and_a_member_does_not() {
    let mut v = with_deadline(SMALL);
    v["entries"][1]["status"] = json!("rejected");
    v["entries"][1]["reason"] = json!("trùng sáng kiến năm trước");
    v["entries"][2]["status"] = json!("pending");
    let contest = jury::contest_file::read_bytes("c", v.to_string().as_bytes()).unwrap();
    let model = |judge: &str| {
        jury::app::Model::new(
            contest.clone(),
            Some(judge.into()),
            Some("nobody".into()),
            Lang::Vi,
        )
    };
    let member = common::screen_text(&model("GK02"), 80, 24);
    assert!(
        member.contains("SK01") && member.contains("SK04"),
        "{member}"
    );
    assert!(
        !member.contains("SK02") && !member.contains("SK03"),
        "{member}"
    );

    let mut chair = model("GK01");
    let screen = common::screen_text(&chair, 80, 24);
    let row = |id: &str| screen.lines().find(|l| l.contains(id)).unwrap().to_string();
    assert!(row("SK02").contains("bị loại"), "{screen}");
    assert!(row("SK03").contains("chờ xét"), "{screen}");
    // Enter on a rejected entry says why it is not scored instead of opening a sheet.
    for k in jury::input::key::Key::parse_seq("j <enter>").unwrap() {
        jury::app::update(&mut chair, jury::app::Msg::Key(k));
    }
    let after = common::screen_text(&chair, 80, 24);
    assert!(
        after.contains("SK02 bị loại (trùng sáng kiến năm trước): không chấm"),
        "{after}"
    );
}
