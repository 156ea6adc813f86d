//! The council meeting (issue 16): recorded with `jury meeting`, checked,
//! audited, kept by export and import, with the quorum counted.

mod common;

use common::{SMALL, export, imported, jury, run, stderr, stdout};
use jury::contest_file;

fn ok(db: &std::path::Path, args: &[&str]) -> String {
    let out = run(db, args);
    assert!(out.status.success(), "{args:?}: {}", stderr(&out));
    stdout(&out)
}

#[test]
fn a_secretary_records_the_meeting_and_the_export_keeps_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = imported(&dir);
    ok(
        &db,
        &[
            "judge",
            "add",
            "--id",
            "TK01",
            "--name",
            "Phạm Thu Trang",
            "--role",
            "secretary",
        ],
    );
    let as_tk = |args: &[&str]| {
        let mut full = vec!["--judge", "TK01", "meeting"];
        full.extend(args);
        ok(&db, &full)
    };
    as_tk(&[
        "set",
        "--date",
        "2024-09-20",
        "--time",
        "08:00",
        "--place",
        "Hội trường UBND huyện Phú Khang",
        "--number",
        "05/BB-HĐ",
        "--basis",
        "Quyết định số 123/QĐ-UBND ngày 01/8/2024",
    ]);
    as_tk(&["present", "GK01", "GK02"]);
    let shown = as_tk(&["absent", "GK03", "--reason", "đi công tác"]);
    // 2 of 3 members meet 2/3 (2 needed); the secretary does not count.
    assert!(
        shown.contains("2 of 3 members present (the quorum is 2/3: 2): the meeting is valid"),
        "{shown}"
    );
    as_tk(&["vote", "--for", "2"]);
    as_tk(&[
        "decide",
        "--entry",
        "SK01",
        "--award",
        "nhi",
        "--text",
        "Hội đồng thống nhất giải Nhì",
    ]);

    let c = contest_file::read_bytes("x.json", export(&db).as_bytes()).unwrap();
    let m = c.meeting.expect("the export holds the meeting");
    assert_eq!(m.place.as_deref(), Some("Hội trường UBND huyện Phú Khang"));
    assert_eq!(m.present, ["GK01", "GK02"]);
    assert_eq!(
        (m.absent[0].judge.as_str(), m.absent[0].reason.as_str()),
        ("GK03", "đi công tác")
    );
    assert_eq!(m.votes.map(|v| v.in_favour), Some(2));
    assert_eq!(m.decisions[0].award.as_deref(), Some("nhi"));

    let trail = ok(&db, &["audit", "--format", "json"]);
    assert!(
        trail.matches("\"meeting\"").count() >= 5,
        "every step is audited: {trail}"
    );
}

#[test]
fn a_member_cannot_record_the_meeting_and_a_bad_record_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = imported(&dir);
    let before = export(&db);
    let out = run(&db, &["--judge", "GK02", "meeting", "present", "GK02"]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("only the chair or the secretary"),
        "{}",
        stderr(&out)
    );

    let out = jury()
        .env("LANG", "vi_VN.UTF-8")
        .arg("--db")
        .arg(&db)
        .args(["meeting", "absent", "GK03", "--reason", "  "])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(
        err.contains("meeting.absent[0].reason") && err.contains("cần ghi lý do GK03 vắng mặt"),
        "{err}"
    );

    let out = run(
        &db,
        &[
            "meeting", "decide", "--entry", "SK01", "--award", "vang", "--text", "x",
        ],
    );
    assert!(
        stderr(&out).contains("there is no prize vang"),
        "{}",
        stderr(&out)
    );
    let out = run(&db, &["meeting", "set", "--date", "20/9/2024"]);
    assert!(
        stderr(&out).contains("is not a date like 2024-09-20"),
        "{}",
        stderr(&out)
    );
    assert_eq!(export(&db), before, "nothing half-written");
}

#[test]
fn without_enough_members_the_meeting_is_shown_as_not_valid() {
    let dir = tempfile::tempdir().unwrap();
    let db = imported(&dir);
    let shown = ok(&db, &["meeting", "present", "GK01"]);
    assert!(
        shown.contains("1 of 3 members present (the quorum is 2/3: 2): the meeting is NOT valid"),
        "{shown}"
    );
}

#[test]
fn a_file_with_a_meeting_naming_an_unknown_member_is_refused_with_the_place() {
    let mut v: serde_json::Value = serde_json::from_str(SMALL).unwrap();
    v["meeting"] = serde_json::json!({"present": ["GK01", "GK09"], "absent": [{"judge": "GK02", "reason": "ốm"}]});
    v["rules"]["quorum"] = serde_json::json!("3/4");
    let err = contest_file::read_bytes("small.json", v.to_string().as_bytes()).unwrap_err();
    assert!(err.to_string().contains("meeting.present[1]"), "{err}");
    v["meeting"]["present"] = serde_json::json!(["GK01"]);
    let c = contest_file::read_bytes("small.json", v.to_string().as_bytes()).unwrap();
    let written = contest_file::write(&c);
    assert!(written.contains("\"quorum\": \"3/4\""), "{written}");
    let again = contest_file::read_bytes("again.json", written.as_bytes()).unwrap();
    assert_eq!(again.meeting, c.meeting);
}

#[test]
fn the_demo_has_its_meeting_planned_with_the_quorum_met() {
    let c = contest_file::read_bytes("demo", jury::cli::DEMO.as_bytes()).unwrap();
    let m = c.meeting.as_ref().expect("the demo has a meeting");
    let q = jury::domain::meeting::quorum(&c, m);
    assert_eq!((q.present, q.members, q.needed, q.met), (4, 5, 4, true));
    assert_eq!(m.absent[0].judge, "GK05");
    assert!(
        c.judges.iter().any(|j| j.is_secretary() && j.scores()),
        "a member keeps the minutes"
    );
}

#[test]
fn a_prize_over_a_disagreement_waits_for_the_council_and_a_change_is_shown_beside_the_proposal() {
    let dir = tempfile::tempdir().unwrap();
    let mut v: serde_json::Value = serde_json::from_str(common::SCORED).unwrap();
    // SK03 (first prize) has a spread of 12: a disagreement at a gap of 10.
    v["rules"]["disagreement_gap"] = serde_json::json!(10);
    let file = dir.path().join("scored.json");
    std::fs::write(&file, v.to_string()).unwrap();
    let db = dir.path().join("db");
    ok(&db, &["import", file.to_str().unwrap()]);
    let shown = ok(&db, &["meeting"]);
    assert!(
        shown.contains("For the council to decide\tSK03\tFirst prize\tmembers disagree"),
        "{shown}"
    );
    assert!(shown.contains("The list of prizes is not final"), "{shown}");

    ok(
        &db,
        &[
            "meeting",
            "decide",
            "--entry",
            "SK03",
            "--award",
            "nhat",
            "--text",
            "Giữ giải Nhất",
        ],
    );
    let shown = ok(
        &db,
        &[
            "meeting",
            "decide",
            "--entry",
            "SK01",
            "--award",
            "khuyen_khich",
            "--text",
            "Hạ giải",
        ],
    );
    assert!(!shown.contains("not final"), "{shown}");
    assert!(
        shown.contains(
            "Changed by the council\tSK01\tproposed: Second prize; decided: Consolation prize"
        ),
        "{shown}"
    );
    let ranking = ok(&db, &["rank"]);
    assert!(
        ranking
            .lines()
            .any(|l| l.contains("SK01") && l.contains("Second prize")),
        "the ranking is untouched: {ranking}"
    );
}

#[test]
fn the_vietnamese_interface_shows_the_meeting_date_day_first() {
    let dir = tempfile::tempdir().unwrap();
    let db = imported(&dir);
    let out = jury()
        .env("LANG", "vi_VN.UTF-8")
        .arg("--db")
        .arg(&db)
        .args(["meeting", "set", "--date", "2024-09-20"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let shown = stdout(&out);
    assert!(shown.contains("Ngày họp\t20/09/2024"), "{shown}");
    assert!(
        export(&db).contains("\"date\": \"2024-09-20\""),
        "the file keeps ISO dates"
    );
}

fn demo_app(judge: &str) -> jury::app::Model {
    let c = jury::contest_file::read_bytes("demo", jury::cli::DEMO.as_bytes()).unwrap();
    jury::app::Model::new(c, Some(judge.into()), None, jury::domain::Lang::Vi)
}

fn press(m: &mut jury::app::Model, keys: &str) {
    for k in jury::input::key::Key::parse_seq(keys).unwrap() {
        jury::app::update(m, jury::app::Msg::Key(k));
    }
}

#[test]
fn the_secretary_reads_the_meeting_in_the_app_with_the_commands_that_change_it() {
    let mut m = demo_app("GK04");
    press(&mut m, "M");
    assert_eq!(m.screen, jury::app::Screen::Meeting);
    for (w, h) in [(80, 24), (120, 40)] {
        let s = common::screen_text(&m, w, h);
        for expected in [
            "Cuộc họp hội đồng",
            "Ngày họp: 20/09/2024",
            "Giờ họp: 08:00",
            "Địa điểm: Hội trường UBND huyện Phú Khang",
            "Đặng Hoàng Nam (GK05) — đi công tác",
            "Có mặt 4/5 thành viên hội đồng (cần tối thiểu 2/3: 4 người): đủ điều kiện họp",
            "Chưa biểu quyết",
            "Ghi cuộc họp bằng lệnh jury meeting (xem jury meeting --help):",
            "set: ngày, giờ, địa điểm",
            "decide: xếp giải",
        ] {
            assert!(s.contains(expected), "{w}×{h}: missing {expected:?}:\n{s}");
        }
    }
    press(&mut m, "<esc>");
    assert_eq!(m.screen, jury::app::Screen::Entries);
}

#[test]
fn a_member_who_neither_chairs_nor_keeps_the_minutes_does_not_open_the_meeting() {
    let mut m = demo_app("GK03");
    press(&mut m, "M");
    assert_eq!(m.screen, jury::app::Screen::Entries);
    let s = common::screen_text(&m, 100, 30);
    assert!(
        s.contains("Chỉ chủ tịch hội đồng và thư ký hội đồng xem được cuộc họp"),
        "{s}"
    );
    let mut chair = demo_app("GK01");
    press(&mut chair, "M");
    assert_eq!(chair.screen, jury::app::Screen::Meeting);
}
