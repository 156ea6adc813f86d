//! The council's roles (issue 16): chair, vice chair, member, secretary;
//! a secretary who is not also a member keeps no sheet.

mod common;

use common::{SMALL, export, imported, run, stderr, stdout};
use jury::contest_file;
use jury::domain::change::{ChangeError, apply};
use jury::domain::{Change, Points, Role, SheetKey};
use std::collections::BTreeMap;

fn with_secretary() -> jury::domain::Contest {
    let mut v: serde_json::Value = serde_json::from_str(SMALL).unwrap();
    v["judges"].as_array_mut().unwrap().push(serde_json::json!(
        {"id": "TK01", "name": "Phạm Thu Trang", "role": "secretary", "position": "Chuyên viên Phòng Nội vụ"}
    ));
    contest_file::read_bytes("small.json", v.to_string().as_bytes()).unwrap()
}

#[test]
fn a_secretary_cannot_save_a_sheet_and_is_not_expected_to_mark() {
    let c = with_secretary();
    let tk = c.judge("TK01").unwrap().clone();
    let key = SheetKey::new("main", "SK01", "TK01");
    let points: BTreeMap<String, Points> = [("novelty".to_string(), Points::whole(10))].into();
    let change = Change::SaveSheet {
        key,
        points,
        base: 0,
    };
    assert_eq!(
        apply(&c, &tk, None, &change),
        Err(ChangeError::DoesNotScore)
    );
    assert!(
        !c.expected_judges("main", "SK01").any(|j| j.id == "TK01"),
        "the secretary does not count towards a complete entry"
    );
    assert_eq!(c.scorers().count(), c.judges.len() - 1);
}

#[test]
fn judge_in_a_file_is_exported_as_member_and_imports_again() {
    let dir = tempfile::tempdir().unwrap();
    let db = imported(&dir);
    let text = export(&db);
    assert!(!text.contains("\"role\": \"judge\""), "{text}");
    assert!(text.contains("\"role\": \"member\""));
    let c = contest_file::read_bytes("x.json", text.as_bytes()).unwrap();
    assert_eq!(c.judge("GK02").unwrap().role, Role::Member);
}

#[test]
fn members_are_added_with_a_role_and_position_and_listed_by_role() {
    let dir = tempfile::tempdir().unwrap();
    let db = imported(&dir);
    for args in [
        [
            "--id",
            "GK09",
            "--name",
            "Võ Minh Phó",
            "--role",
            "vice-chair",
        ],
        [
            "--id",
            "TK01",
            "--name",
            "Phạm Thu Trang",
            "--role",
            "secretary",
        ],
    ] {
        let mut full = vec!["judge", "add"];
        full.extend(args);
        full.extend(["--position", "Trưởng phòng"]);
        let out = run(&db, &full);
        assert!(out.status.success(), "{}", stderr(&out));
    }
    let list = stdout(&run(&db, &["judge", "list"]));
    assert!(list.contains("GK09\tVõ Minh Phó\tvice_chair"), "{list}");
    assert!(list.contains("TK01\tPhạm Thu Trang\tsecretary"), "{list}");
    let c = contest_file::read_bytes("x.json", export(&db).as_bytes()).unwrap();
    assert_eq!(
        c.judge("TK01").unwrap().position.as_deref(),
        Some("Trưởng phòng")
    );
    assert!(!c.judge("TK01").unwrap().scores());
}

#[test]
fn a_bad_role_is_refused_with_the_place_named() {
    let mut v: serde_json::Value = serde_json::from_str(SMALL).unwrap();
    v["judges"][1]["role"] = serde_json::json!("thuky");
    let err = contest_file::read_bytes("small.json", v.to_string().as_bytes()).unwrap_err();
    let msg = err.to_string();
    assert!(msg.contains("small.json") && msg.contains("thuky"), "{msg}");
}

/// The app as the secretary TK01 (not a scorer) on the scored contest.
fn secretary_app(published: bool) -> jury::app::Model {
    let mut v: serde_json::Value = serde_json::from_str(common::SCORED).unwrap();
    v["judges"].as_array_mut().unwrap().push(serde_json::json!(
        {"id": "TK01", "name": "Phạm Thu Trang", "role": "secretary"}
    ));
    let mut c = contest_file::read_bytes("scored.json", v.to_string().as_bytes()).unwrap();
    c.published = published;
    jury::app::Model::new(c, Some("TK01".into()), None, jury::domain::Lang::Vi)
}

fn press(m: &mut jury::app::Model, keys: &str) {
    for k in jury::input::key::Key::parse_seq(keys).unwrap() {
        jury::app::update(m, jury::app::Msg::Key(k));
    }
}

#[test]
fn the_secretary_reads_the_chairs_screens_only_after_publication_and_never_acts() {
    use jury::app::Screen;
    let mut m = secretary_app(false);
    press(&mut m, "r");
    assert_eq!(
        m.screen,
        Screen::Entries,
        "the scores stay hidden before publication"
    );
    let s = common::screen_text(&m, 100, 30);
    assert!(s.contains("sau khi chủ tịch công bố kết quả"), "{s}");

    let mut m = secretary_app(true);
    press(&mut m, "r");
    assert_eq!(m.screen, Screen::Rankings);
    let s = common::screen_text(&m, 120, 30);
    assert!(s.contains("SK03") && s.contains("Giải Nhất"), "{s}");
    // Publishing, assigning and deciding conflicts stay the chair's.
    press(&mut m, "P");
    assert!(m.overlay.is_none(), "no publish question for the secretary");
    press(&mut m, "C");
    assert_eq!(m.screen, Screen::Conflicts);
    press(&mut m, "c");
    assert!(m.overlay.is_none(), "no conflict decided by the secretary");
    let help = common::screen_text(
        &{
            let mut h = secretary_app(true);
            press(&mut h, "r ?");
            h
        },
        120,
        40,
    );
    assert!(
        !help.contains("công bố / ẩn kết quả"),
        "the help offers no chair act: {help}"
    );
    let mut chair = secretary_app(true);
    chair.me = Some("GK01".into());
    press(&mut chair, "r ?");
    let help = common::screen_text(&chair, 120, 40);
    assert!(
        help.contains("công bố / ẩn kết quả"),
        "the chair's help does: {help}"
    );
}
