//! The council's process: conflicts of interest, assignment, the audit
//! trail, undo, the rubric lock.

mod common;

#[path = "common/server.rs"]
mod server;

use common::{SMALL, export, imported, run, stderr, stdout};
use jury::app::{Model, Msg};
use jury::contest_file;
use jury::domain::assignment::{assign, conflicted};
use jury::domain::conflict::Conflict;
use jury::domain::{
    Contest, CouncilChange, Entry, Judge, Lang, Points, Role, SheetKey, SheetState,
};
use jury::input::key::Key;
use jury::run::dispatch;
use jury::store::{Local, Storage, Store};
use serde_json::json;

fn national() -> Contest {
    let mut c = Contest::default();
    c.rounds = vec![jury::domain::Round::single()];
    for j in 0..40 {
        c.judges.push(Judge {
            id: format!("GK{j:02}"),
            name: format!("Thành viên {j}"),
            role: if j == 0 { Role::Chair } else { Role::Member },
            user: None,
            // Every fifth member comes from one of the units that submit entries.
            unit: (j % 5 == 0).then(|| format!("Sở {}", j / 5)),
            ..Default::default()
        });
    }
    for e in 0..10_000 {
        c.entries.push(Entry {
            id: format!("SK{e:05}"),
            title: format!("Sáng kiến {e}"),
            authors: vec![],
            unit: format!("Sở {}", e % 50),
            field: "tthc".into(),
            summary: String::new(),
            submitted: None,
            ..Default::default()
        });
    }
    c.reindex();
    for e in (0..10_000).step_by(97) {
        c.conflicts.push(Conflict {
            judge: format!("GK{:02}", e % 40),
            entry: format!("SK{e:05}"),
            reason: "tác giả là người thân".into(),
            dismissed: false,
        });
    }
    c
}

#[test]
fn assignment_at_national_scale_is_balanced_conflict_free_and_deterministic() {
    let c = national();
    let a = assign(&c, "main", 3, &Default::default()).unwrap();
    assert_eq!(a.len(), 30_000);
    for e in &c.entries {
        let judges: Vec<&str> = a.judges_of("main", &e.id).collect();
        assert_eq!(judges.len(), 3, "{} has {judges:?}", e.id);
        for j in judges {
            assert!(
                !conflicted(&c, j, &e.id),
                "{j} is conflicted with {} but assigned",
                e.id
            );
        }
    }
    let loads = a.loads("main");
    let (min, max) = (loads.values().min().unwrap(), loads.values().max().unwrap());
    assert_eq!(loads.len(), 40, "every member has work");
    assert!(max - min <= 1, "loads {min}–{max}");
    assert_eq!(
        assign(&c, "main", 3, &Default::default()).unwrap(),
        a,
        "the same input gives the same assignment"
    );
}

#[test]
fn too_few_free_members_is_said_plainly() {
    let mut c = national();
    c.judges.truncate(3);
    c.judges[0].unit = Some("Sở 0".into());
    let err = assign(&c, "main", 3, &Default::default())
        .unwrap_err()
        .to_string();
    assert!(err.contains("SK00000") && err.contains("only 2"), "{err}");
}

fn small_store(dir: &tempfile::TempDir) -> (std::path::PathBuf, Store) {
    let db = imported(dir);
    let store = Store::open(&db).unwrap();
    (db, store)
}

#[test]
fn same_unit_conflicts_are_proposed_and_the_chair_confirms_or_dismisses_them() {
    let dir = tempfile::tempdir().unwrap();
    let db = imported(&dir);
    let listed = stdout(&run(&db, &["conflicts"]));
    assert!(
        listed.contains("proposed\tGK01\tSK02\tsame unit: UBND xã Tân Phú"),
        "{listed}"
    );
    assert!(
        listed.contains("proposed\tGK03\tSK01\tsame unit: Bộ phận Một cửa"),
        "{listed}"
    );
    let out = run(
        &db,
        &[
            "conflicts",
            "dismiss",
            "--member",
            "GK01",
            "--entry",
            "SK02",
            "--reason",
            "khác bộ phận",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let out = run(&db, &["conflicts", "confirm-all"]);
    assert!(
        stdout(&out).contains("GK03 is recused from SK01"),
        "{}",
        stdout(&out)
    );
    let listed = stdout(&run(&db, &["conflicts"]));
    assert!(!listed.contains("proposed"), "{listed}");
    assert!(
        listed.contains("recused\tGK03\tSK01") && listed.contains("dismissed\tGK01\tSK02"),
        "{listed}"
    );
    // A recused member cannot score the entry.
    let store = Store::open(&db).unwrap();
    let c = store.load().unwrap();
    let key = SheetKey::new("main", "SK01", "GK03");
    let change = jury::domain::Change::SaveNote {
        key,
        text: "x".into(),
        base: 0,
        remarks: Default::default(),
        annotations: Vec::new(),
    };
    let err = store
        .apply(&c, c.judge("GK03").unwrap(), &change)
        .unwrap_err()
        .to_string();
    assert!(err.contains("recused from SK01"), "{err}");
}

#[test]
fn a_recused_chair_gets_nothing_of_the_entry_from_the_server_or_its_export() {
    let mut contest = server::contest_as("GK01");
    contest["conflicts"] = json!([{"judge": "GK01", "entry": "SK01", "reason": "cùng đơn vị"}]);
    contest["rules"]["visibility"] = json!("open");
    let s = server::Server::start(&contest);
    let mut c = s.client();
    c.hello();
    let load = c.request(json!({"op": "load"}));
    let sheets = load["ok"]["contest"]["sheets"].as_array().unwrap();
    assert!(
        sheets.iter().all(|x| x["key"]["entry"] != "SK01"),
        "GK02's sheet for SK01 leaked: {sheets:?}"
    );
    assert!(!sheets.is_empty(), "other entries are still seen");
    let get = c.request(json!({"op": "get", "key": server::key("SK01", "GK02")}));
    assert_eq!(get["error"]["code"], "forbidden", "{get}");
    let export = common::jury()
        .arg("--socket")
        .arg(&s.socket)
        .arg("export")
        .output()
        .unwrap();
    let text = stdout(&export);
    assert!(export.status.success(), "{}", stderr(&export));
    assert!(
        !text.contains("Giải pháp thiết thực"),
        "GK02's note on SK01 leaked into the export"
    );
}

#[test]
fn a_recused_member_sees_the_entry_marked_and_cannot_open_it() {
    let mut c = contest_file::read_bytes("small.json", SMALL.as_bytes()).unwrap();
    c.conflicts.push(Conflict {
        judge: "GK03".into(),
        entry: "SK02".into(),
        reason: "cùng đơn vị".into(),
        dismissed: false,
    });
    let mut m = Model::new(c, Some("GK03".into()), None, Lang::En);
    for k in Key::parse_seq("j <enter>").unwrap() {
        jury::app::update(&mut m, Msg::Key(k));
    }
    assert_eq!(
        m.screen,
        jury::app::Screen::Entries,
        "the sheet does not open"
    );
    assert!(
        m.status
            .as_ref()
            .unwrap()
            .text
            .contains("recused from SK02")
    );
    let mut t = ratatui::Terminal::new(ratatui::backend::TestBackend::new(100, 24)).unwrap();
    t.draw(|f| jury::ui::view(&m, f)).unwrap();
    let screen = format!("{:?}", t.backend().buffer());
    assert!(screen.contains("⊘ recused"), "{screen}");
    assert!(
        screen.contains("Submitted 0/3"),
        "recused entries leave the progress count: {screen}"
    );
}

#[test]
fn an_edited_a_deleted_and_a_swapped_audit_record_are_each_caught() {
    for tamper in ["edit", "delete", "swap"] {
        let dir = tempfile::tempdir().unwrap();
        let db = imported(&dir);
        for (member, entry) in [("GK03", "SK01"), ("GK01", "SK02")] {
            let out = run(
                &db,
                &[
                    "conflicts",
                    "recuse",
                    "--member",
                    member,
                    "--entry",
                    entry,
                    "--reason",
                    "người thân",
                ],
            );
            assert!(out.status.success(), "{}", stderr(&out));
        }
        let ok = run(&db, &["audit", "verify"]);
        assert!(
            ok.status.success() && stdout(&ok).contains("intact: 3 records"),
            "{}",
            stdout(&ok)
        );
        {
            let db = sled::open(&db).unwrap();
            let audit = db.open_tree("audit").unwrap();
            let key = |n: u64| n.to_be_bytes();
            match tamper {
                "edit" => {
                    let v = audit.get(key(2)).unwrap().unwrap();
                    let text = String::from_utf8(v.to_vec())
                        .unwrap()
                        .replace("SK01", "SK04");
                    audit.insert(key(2), text.as_bytes()).unwrap();
                }
                "delete" => {
                    audit.remove(key(2)).unwrap();
                }
                _ => {
                    let (a, b) = (
                        audit.get(key(2)).unwrap().unwrap(),
                        audit.get(key(3)).unwrap().unwrap(),
                    );
                    audit.insert(key(2), b).unwrap();
                    audit.insert(key(3), a).unwrap();
                }
            }
            db.flush().unwrap();
        }
        let out = run(&db, &["audit", "verify"]);
        let err = stderr(&out);
        assert!(!out.status.success(), "{tamper}: verify passed");
        let expected = match tamper {
            "edit" => "record 2 was altered",
            "delete" => "record 2 was removed",
            _ => "record 3 stands where record 2 should be",
        };
        assert!(err.contains(expected), "{tamper}: {err}");
    }
}

#[test]
fn the_audit_trail_names_who_did_what_and_why() {
    let dir = tempfile::tempdir().unwrap();
    let (_db, store) = small_store(&dir);
    let c = store.load().unwrap();
    let judge = c.judge("GK02").unwrap();
    let key = SheetKey::new("main", "SK01", "GK02");
    store
        .apply(
            &c,
            judge,
            &jury::domain::Change::Reopen {
                key,
                base: 1,
                reason: "nhập nhầm điểm".into(),
            },
        )
        .unwrap();
    let records = store.audit_records().unwrap();
    let last = &records.last().unwrap().1;
    assert_eq!(
        (last.judge.as_str(), last.action.as_str()),
        ("GK02", "reopen")
    );
    assert_eq!(last.reason.as_deref(), Some("nhập nhầm điểm"));
    assert_eq!(last.before["state"], "submitted");
    assert_eq!(last.after["state"], "draft");
    assert_eq!(last.login, jury::identity::current_login());
    let empty = jury::domain::Change::Reopen {
        key: SheetKey::new("main", "SK01", "GK02"),
        base: 2,
        reason: " ".into(),
    };
    assert!(
        store.apply(&c, judge, &empty).is_err(),
        "reopening needs a reason"
    );
}

struct Session {
    model: Model,
    storage: Local,
    _dir: tempfile::TempDir,
}

impl Session {
    fn new(judge: &str) -> Session {
        let dir = tempfile::tempdir().unwrap();
        let (_, store) = small_store(&dir);
        let contest = store.load().unwrap();
        let storage = Local::new(store, contest.definition());
        let model = Model::new(contest, Some(judge.into()), None, Lang::En);
        Session {
            model,
            storage,
            _dir: dir,
        }
    }

    fn keys(&mut self, keys: &str) {
        for k in Key::parse_seq(keys).unwrap() {
            dispatch(&mut self.storage, &mut self.model, Msg::Key(k));
        }
    }

    fn sheet(&mut self, entry: &str) -> Option<jury::domain::Sheet> {
        self.storage
            .load()
            .unwrap()
            .sheet(&SheetKey::new("main", entry, "GK03"))
            .cloned()
    }
}

#[test]
fn undo_and_redo_a_score_a_note_and_a_submission_as_new_changes() {
    let mut s = Session::new("GK03");
    s.keys("j j j <enter> 2 0 <enter> 1 5 <enter> 2 0 <enter> 1 0 <enter>");
    assert_eq!(s.sheet("SK04").unwrap().total(), Points::whole(65));
    s.keys("S y");
    assert_eq!(s.sheet("SK04").unwrap().state, SheetState::Submitted);
    // Taking a submission back reopens the sheet: it asks why, as `R` does.
    s.keys("u n h ầ m <enter>");
    assert_eq!(
        s.sheet("SK04").unwrap().state,
        SheetState::Draft,
        "undo takes the submission back"
    );
    s.keys("u");
    assert_eq!(
        s.sheet("SK04").unwrap().marks.get(3),
        None,
        "then the last score"
    );
    s.keys("U");
    assert_eq!(
        s.sheet("SK04").unwrap().marks.get(3),
        Some(Points::whole(10)),
        "redo puts it back"
    );
    s.keys("<c-r>");
    assert_eq!(s.sheet("SK04").unwrap().state, SheetState::Submitted);
    let version = s.sheet("SK04").unwrap().version;
    assert_eq!(
        version, 9,
        "four scores and a submission, two undos and two redos: each a new version"
    );
    // The submitted sheet's note is locked: add to the one on SK03 instead.
    let note_of = |s: &mut Session| {
        s.storage
            .load()
            .unwrap()
            .note(&SheetKey::new("main", "SK03", "GK03"))
            .map(|n| n.text.clone())
            .unwrap_or_default()
    };
    let before = note_of(&mut s);
    s.keys("<esc> k a <c-end> T ố t <esc> u");
    let note = s
        .storage
        .load()
        .unwrap()
        .note(&SheetKey::new("main", "SK03", "GK03"))
        .cloned()
        .unwrap();
    assert_eq!(note.text, before, "the note is taken back");
    s.keys("U");
    let note = s
        .storage
        .load()
        .unwrap()
        .note(&SheetKey::new("main", "SK03", "GK03"))
        .cloned()
        .unwrap();
    assert_eq!(note.text, format!("{before}Tốt"));
}

#[test]
fn an_undo_is_a_new_change_in_the_audit_trail() {
    let dir = tempfile::tempdir().unwrap();
    let db = imported(&dir);
    {
        let store = Store::open(&db).unwrap();
        let contest = store.load().unwrap();
        let mut storage = Local::new(store, contest.definition());
        let mut model = Model::new(contest, Some("GK02".into()), None, Lang::En);
        // GK02's SK02 draft has novelty 12: raise it, then take it back.
        for k in Key::parse_seq("j <enter> + <down> u").unwrap() {
            dispatch(&mut storage, &mut model, Msg::Key(k));
        }
    }
    common::wait_until_released(&db);
    let trail = stdout(&run(&db, &["audit", "--entry", "SK02", "--format", "json"]));
    let records: serde_json::Value = serde_json::from_str(&trail).unwrap();
    let records = records.as_array().unwrap();
    let points: Vec<serde_json::Value> = records
        .iter()
        .map(|r| r["after"]["points"][0].clone())
        .collect();
    assert_eq!(
        points,
        [json!(13), json!(12)],
        "the raise and its undo, both kept: {trail}"
    );
}

#[test]
fn undo_first_drops_what_is_not_saved() {
    let mut s = Session::new("GK03");
    s.keys("j j j <enter> 2 0 <enter> 7");
    s.keys("u");
    assert_eq!(
        s.model.sheet.as_ref().unwrap().shown(1),
        None,
        "the typed 7 is gone"
    );
    assert_eq!(
        s.sheet("SK04").unwrap().marks.get(0),
        Some(Points::whole(20)),
        "the saved 20 stays"
    );
}

#[test]
fn the_rubric_locks_once_a_sheet_is_submitted_and_the_chair_unlocks_it_with_a_reason() {
    let dir = tempfile::tempdir().unwrap();
    let db = imported(&dir);
    let criteria = dir.path().join("criteria.json");
    let mut v: serde_json::Value = serde_json::from_str(SMALL).unwrap();
    // A new criterion, and creativity out.
    v["criteria"].as_array_mut().unwrap().remove(1);
    v["criteria"]
        .as_array_mut()
        .unwrap()
        .push(json!({"id": "scale", "name": {"vi": "Phạm vi", "en": "Scale"}, "max": 25}));
    std::fs::write(&criteria, v["criteria"].to_string()).unwrap();
    let out = run(
        &db,
        &[
            "rubric",
            "set",
            criteria.to_str().unwrap(),
            "--reason",
            "thêm tiêu chí",
        ],
    );
    assert!(
        !out.status.success(),
        "GK02 submitted SK01: the rubric is locked"
    );
    assert!(stderr(&out).contains("locked"), "{}", stderr(&out));
    let out = run(
        &db,
        &[
            "rubric",
            "unlock",
            "--reason",
            "hội đồng thống nhất thêm tiêu chí phạm vi",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let out = run(
        &db,
        &[
            "rubric",
            "set",
            criteria.to_str().unwrap(),
            "--reason",
            "thêm tiêu chí phạm vi",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let store = Store::open(&db).unwrap();
    let c = store.load().unwrap();
    let ids: Vec<&str> = c.rubric.criteria.iter().map(|x| x.id.as_str()).collect();
    assert_eq!(ids, ["novelty", "effectiveness", "feasibility", "scale"]);
    let sheet = c.sheet(&SheetKey::new("main", "SK01", "GK02")).unwrap();
    assert_eq!(
        sheet.state,
        SheetState::Draft,
        "a submitted sheet without the new criterion is reopened"
    );
    assert_eq!(
        sheet.marks.get(0),
        Some(Points::whole(20)),
        "novelty kept its points"
    );
    assert_eq!(
        sheet.marks.get(1),
        Some(Points::whole(25)),
        "effectiveness moved to its new place"
    );
    assert!(c.rubric_unlock.is_none(), "the unlock is used up");
    let actions: Vec<String> = store
        .audit_records()
        .unwrap()
        .into_iter()
        .map(|(_, r)| r.action)
        .collect();
    assert!(
        actions.ends_with(&["rubric_unlock".to_string(), "rubric".to_string()]),
        "{actions:?}"
    );
    // A member is told when they open the app.
    let m = Model::new(c, Some("GK02".into()), None, Lang::En);
    assert!(
        m.status
            .as_ref()
            .unwrap()
            .text
            .contains("The rubric changed"),
        "{:?}",
        m.status
    );
    let _ = CouncilChange::UnlockRubric {
        reason: String::new(),
    };
}

#[test]
fn a_new_rubric_is_held_to_the_contest_files_rules() {
    let dir = tempfile::tempdir().unwrap();
    let db = imported(&dir);
    let criteria = dir.path().join("criteria.json");
    let v: serde_json::Value = serde_json::from_str(SMALL).unwrap();
    let mut list = v["criteria"].as_array().unwrap().clone();
    list[1]["id"] = json!("novelty");
    list[2]["max"] = json!(0);
    list[3]["step"] = json!(0);
    std::fs::write(&criteria, serde_json::Value::Array(list).to_string()).unwrap();
    // GK02 submitted SK01, so the rubric is locked: unlock it first.
    let out = run(&db, &["rubric", "unlock", "--reason", "sửa thang điểm"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let unlocked = export(&db);
    let out = run(
        &db,
        &[
            "rubric",
            "set",
            criteria.to_str().unwrap(),
            "--reason",
            "thử",
        ],
    );
    let err = stderr(&out);
    assert!(!out.status.success(), "a bad rubric is refused");
    for want in [
        "criteria[1].id: the criterion id \"novelty\" is used twice (first at criteria[0].id)",
        "criteria[2].max: the maximum must be above 0",
        "criteria[3].step: the step must be above 0",
    ] {
        assert!(err.contains(want), "{want:?} missing in:\n{err}");
    }
    assert_eq!(export(&db), unlocked, "nothing changed");
}
