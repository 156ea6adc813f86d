//! A member who cannot reach the server scores from a packet; the chair
//! merges what comes back, and what changed on the server meanwhile is kept.

mod common;

#[path = "common/server.rs"]
mod server;

use common::{SMALL, export, imported, run, stderr, stdout};
use jury::domain::change::Record;
use jury::domain::{Change, Points, SheetKey};
use jury::store::Store;
use serde_json::Value;

fn key(entry: &str) -> SheetKey {
    SheetKey::new("main", entry, "GK02")
}

fn version_of(db: &std::path::Path, entry: &str) -> u64 {
    let store = Store::open(db).unwrap();
    store
        .load()
        .unwrap()
        .sheet(&key(entry))
        .map(|s| s.version)
        .unwrap_or(0)
}

#[test]
fn a_packet_round_trip_merges_and_reports_conflicts() {
    let dir = tempfile::tempdir().unwrap();
    let council = imported(&dir);
    let packet = dir.path().join("gk02-packet.json");
    let out = run(
        &council,
        &["--judge", "GK02", "packet", "-o", packet.to_str().unwrap()],
    );
    assert!(out.status.success(), "{}", stderr(&out));

    // The packet holds GK02's sheets only, with their versions.
    let p: Value = serde_json::from_str(&std::fs::read_to_string(&packet).unwrap()).unwrap();
    assert_eq!(p["packet"]["kind"], "packet");
    assert!(
        p["scores"]
            .as_array()
            .unwrap()
            .iter()
            .all(|s| s["judge"] == "GK02")
    );
    assert!(
        p["scores"]
            .as_array()
            .unwrap()
            .iter()
            .all(|s| s["version"] == 1)
    );
    assert!(
        !std::fs::read_to_string(&packet)
            .unwrap()
            .contains("Cần bổ sung"),
        "no other member's note"
    );

    // On the member's own machine.
    let offline = dir.path().join("offline");
    let out = run(&offline, &["import", packet.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    {
        let store = Store::open(&offline).unwrap();
        let c = store.load().unwrap();
        let me = c.judge("GK02").unwrap().clone();
        let points = |n: u32| -> std::collections::BTreeMap<String, Points> {
            ["novelty", "creativity", "effectiveness", "feasibility"]
                .iter()
                .map(|k| (k.to_string(), Points::whole(n)))
                .collect()
        };
        // SK02 was a draft at v1: finished and submitted offline.
        store
            .apply(
                &c,
                &me,
                &Change::SaveSheet {
                    key: key("SK02"),
                    points: points(15),
                    base: 1,
                },
            )
            .unwrap();
        store
            .apply(
                &c,
                &me,
                &Change::Submit {
                    key: key("SK02"),
                    base: 2,
                },
            )
            .unwrap();
        // SK03 was never scored: scored offline.
        store
            .apply(
                &c,
                &me,
                &Change::SaveSheet {
                    key: key("SK03"),
                    points: points(12),
                    base: 0,
                },
            )
            .unwrap();
        // SK04: a note written offline.
        store
            .apply(
                &c,
                &me,
                &Change::SaveNote {
                    key: key("SK04"),
                    text: "Viết khi không có mạng".into(),
                    base: 0,
                    remarks: Default::default(),
                    annotations: Vec::new(),
                },
            )
            .unwrap();
    }
    // Meanwhile on the server, GK02 changed SK02 from a terminal there.
    {
        let store = Store::open(&council).unwrap();
        let c = store.load().unwrap();
        let me = c.judge("GK02").unwrap().clone();
        let r = store
            .apply(
                &c,
                &me,
                &Change::SaveSheet {
                    key: key("SK02"),
                    points: [("novelty".to_string(), Points::whole(20))].into(),
                    base: 1,
                },
            )
            .unwrap();
        assert!(matches!(r, Record::Sheet(s) if s.version == 2));
    }
    common::wait_until_released(&offline);
    common::wait_until_released(&council);
    let back = dir.path().join("gk02-return.json");
    let out = run(
        &offline,
        &["--judge", "GK02", "export", "-o", back.to_str().unwrap()],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let r: Value = serde_json::from_str(&std::fs::read_to_string(&back).unwrap()).unwrap();
    assert_eq!(r["packet"]["kind"], "return");
    let entries: Vec<&str> = r["scores"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["entry"].as_str().unwrap())
        .collect();
    assert_eq!(
        entries,
        ["SK02", "SK03", "SK04"],
        "only what changed offline goes back"
    );

    let out = run(&council, &["import", back.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let report = stdout(&out);
    assert!(
        report.contains("2 applied") && report.contains("1 conflict"),
        "{report}"
    );
    assert!(
        report.contains("SK02 sheet of GK02 was changed on the server")
            && report.contains("packet v1, now v2"),
        "{report}"
    );

    let merged: Value = serde_json::from_str(&export(&council)).unwrap();
    let sheet = |entry: &str| {
        merged["scores"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["entry"] == entry && s["judge"] == "GK02")
            .cloned()
    };
    assert_eq!(
        sheet("SK02").unwrap()["points"]["novelty"],
        20,
        "the server's change was kept"
    );
    assert_eq!(
        sheet("SK03").unwrap()["points"]["novelty"],
        12,
        "the offline sheet arrived"
    );
    assert_eq!(sheet("SK04").unwrap()["note"], "Viết khi không có mạng");
    assert_eq!(version_of(&council, "SK03"), 1);
    // The audit names the member the packet was for and the packet, never its secret.
    let token = p["packet"]["token"].as_str().unwrap().to_string();
    assert!(token.len() >= 32, "128 bits or more: {token}");
    let id = jury::store::packet_id(&token);
    let trail = audit_of(&council);
    let spent = trail
        .iter()
        .find(|r| r.action == "merge_packet")
        .expect("the merge of the packet is audited");
    assert_eq!(spent.subject.as_deref(), Some("GK02"));
    assert_eq!(spent.after["packet"], id.as_str());
    assert!(
        trail
            .iter()
            .filter(|r| r.action == "merge")
            .all(|r| r.reason.as_deref().is_some_and(|why| why.contains(&id))),
        "each merged sheet names its packet"
    );
    assert!(
        !files_contain(&council, token.as_bytes()),
        "the secret is not in the database"
    );
    // A packet's return is merged once.
    let before = export(&council);
    let again = run(&council, &["import", back.to_str().unwrap()]);
    assert!(!again.status.success());
    assert!(
        stderr(&again).contains(&format!("the return of packet {id} was already merged")),
        "{}",
        stderr(&again)
    );
    assert_eq!(export(&council), before, "nothing changed");
}

fn audit_of(db: &std::path::Path) -> Vec<jury::domain::audit::AuditRecord> {
    common::wait_until_released(db);
    let store = Store::open(db).unwrap();
    let trail = store
        .audit_records()
        .unwrap()
        .into_iter()
        .map(|(_, r)| r)
        .collect();
    drop(store);
    common::wait_until_released(db);
    trail
}

fn files_contain(dir: &std::path::Path, needle: &[u8]) -> bool {
    std::fs::read_dir(dir).unwrap().any(|e| {
        let path = e.unwrap().path();
        if path.is_dir() {
            files_contain(&path, needle)
        } else {
            let bytes = std::fs::read(&path).unwrap_or_default();
            bytes.windows(needle.len()).any(|w| w == needle)
        }
    })
}

#[test]
fn a_packet_cannot_carry_another_members_sheets() {
    let mut v: Value = serde_json::from_str(SMALL).unwrap();
    v["packet"] =
        serde_json::json!({"kind": "return", "judge": "GK03", "made": "2024-05-01T00:00:00Z"});
    let err = jury::contest_file::read_bytes("bad-return.json", v.to_string().as_bytes())
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("scores[0].judge") && err.contains("holds only their sheets"),
        "{err}"
    );
}

/// `n` points on every criterion of the small contest.
fn all(n: u32) -> std::collections::BTreeMap<String, Points> {
    ["novelty", "creativity", "effectiveness", "feasibility"]
        .iter()
        .map(|k| (k.to_string(), Points::whole(n)))
        .collect()
}

/// GK03 scores SK01 10/10/10/10 with a note and submits it, on the council's database.
fn gk03_submits_sk01(council: &std::path::Path) {
    let store = Store::open(council).unwrap();
    let c = store.load().unwrap();
    let gk03 = c.judge("GK03").unwrap().clone();
    let k = SheetKey::new("main", "SK01", "GK03");
    for change in [
        Change::SaveSheet {
            key: k.clone(),
            points: all(10),
            base: 0,
        },
        // The note first: submitting locks it with the points.
        Change::SaveNote {
            key: k.clone(),
            text: "Nhận xét của GK03".into(),
            base: 0,
            remarks: Default::default(),
            annotations: Vec::new(),
        },
        Change::Submit { key: k, base: 1 },
    ] {
        store.apply(&c, &gk03, &change).unwrap();
    }
    drop(store);
    common::wait_until_released(council);
}

/// The chair writes GK02's packet; GK02 loads it offline, scores SK02 and
/// exports the return. Returns the return's JSON and its path.
fn gk02_return(dir: &tempfile::TempDir, council: &std::path::Path) -> (Value, std::path::PathBuf) {
    let packet = dir.path().join("gk02-packet.json");
    let out = run(
        council,
        &["--judge", "GK02", "packet", "-o", packet.to_str().unwrap()],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let offline = dir.path().join("offline");
    let out = run(&offline, &["import", packet.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    {
        let store = Store::open(&offline).unwrap();
        let c = store.load().unwrap();
        let me = c.judge("GK02").unwrap().clone();
        let change = Change::SaveSheet {
            key: key("SK02"),
            points: all(14),
            base: 1,
        };
        store.apply(&c, &me, &change).unwrap();
    }
    common::wait_until_released(&offline);
    let back = dir.path().join("gk02-return.json");
    let out = run(
        &offline,
        &["--judge", "GK02", "export", "-o", back.to_str().unwrap()],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let json = serde_json::from_str(&std::fs::read_to_string(&back).unwrap()).unwrap();
    (json, back)
}

fn gk03_sk01(db: &std::path::Path) -> (Value, Value) {
    let merged: Value = serde_json::from_str(&export(db)).unwrap();
    let row = merged["scores"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["entry"] == "SK01" && s["judge"] == "GK03")
        .cloned()
        .unwrap();
    (row["points"].clone(), row["note"].clone())
}

#[test]
fn a_return_edited_to_claim_another_member_is_refused_and_changes_nothing() {
    // Issue 10, finding 2: GK02 changed `packet.judge` to GK03 and the scores;
    // the chair's import overwrote GK03's submitted sheet and note.
    let dir = tempfile::tempdir().unwrap();
    let council = imported(&dir);
    gk03_submits_sk01(&council);
    let (mut forged, back) = gk02_return(&dir, &council);
    forged["packet"]["judge"] = "GK03".into();
    forged["scores"] = serde_json::json!([{
        "entry": "SK01", "judge": "GK03",
        "points": {"novelty": 0, "creativity": 0, "effectiveness": 0, "feasibility": 0},
        "note": "Bị thay", "submitted": true, "version": 2, "note_version": 1
    }]);
    let forged_path = dir.path().join("forged.json");
    std::fs::write(&forged_path, forged.to_string()).unwrap();
    let trail_before = audit_of(&council).len();

    let out = run(&council, &["import", forged_path.to_str().unwrap()]);
    assert!(!out.status.success(), "{}", stdout(&out));
    assert!(
        stderr(&out).contains("was made for GK02, but this return claims to be GK03's"),
        "{}",
        stderr(&out)
    );
    let (points, note) = gk03_sk01(&council);
    assert_eq!(
        points,
        serde_json::json!({"novelty": 10, "creativity": 10, "effectiveness": 10, "feasibility": 10})
    );
    assert_eq!(note, "Nhận xét của GK03");
    let trail = audit_of(&council);
    assert_eq!(
        trail.len(),
        trail_before,
        "nothing was audited: nothing happened"
    );
    assert!(run(&council, &["check"]).status.success());

    // The refusal did not spend the packet: GK02's honest return still merges.
    let out = run(&council, &["import", back.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("1 applied"), "{}", stdout(&out));
}

#[test]
fn a_return_without_its_packets_secret_is_refused_in_the_members_language() {
    let dir = tempfile::tempdir().unwrap();
    let council = imported(&dir);
    let (mut back, _) = gk02_return(&dir, &council);
    let before = export(&council);
    for token in [None, Some("00112233445566778899aabbccddeeff")] {
        match token {
            None => back["packet"].as_object_mut().unwrap().remove("token"),
            Some(t) => back["packet"]
                .as_object_mut()
                .unwrap()
                .insert("token".into(), t.into()),
        };
        let path = dir.path().join("no-token.json");
        std::fs::write(&path, back.to_string()).unwrap();
        let out = run(
            &council,
            &["--lang", "vi", "import", path.to_str().unwrap()],
        );
        assert!(!out.status.success());
        assert!(
            stderr(&out).contains("không mang mã bí mật của gói chấm do hội đồng cấp"),
            "{}",
            stderr(&out)
        );
    }
    assert_eq!(export(&council), before);
}

#[test]
fn a_return_outside_its_packets_entries_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let council = imported(&dir);
    // SK04 left the packet's entries: the chair recused GK02 before writing it.
    {
        let store = Store::open(&council).unwrap();
        let c = store.load().unwrap();
        let chair = c.judge("GK01").unwrap().clone();
        let recuse = jury::domain::CouncilChange::Recuse {
            judge: "GK02".into(),
            entry: "SK04".into(),
            reason: "cùng đơn vị".into(),
        };
        store.apply_council_as(&c, &chair, None, &recuse).unwrap();
    }
    common::wait_until_released(&council);
    let (mut back, _) = gk02_return(&dir, &council);
    back["scores"]
        .as_array_mut()
        .unwrap()
        .push(serde_json::json!({
            "entry": "SK04", "judge": "GK02", "points": {"novelty": 5},
            "version": 0, "note_version": 0
        }));
    let path = dir.path().join("more.json");
    std::fs::write(&path, back.to_string()).unwrap();
    let before = export(&council);
    let out = run(&council, &["import", path.to_str().unwrap()]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("holds a sheet for SK04 in round main, which packet"),
        "{}",
        stderr(&out)
    );
    assert_eq!(export(&council), before);
}

#[test]
fn a_merge_writes_only_what_a_live_save_would_and_lists_the_rest() {
    use jury::domain::conflict::Conflict;
    use jury::domain::{Marks, Note, Sheet, SheetState};
    use jury::store::{MergeWhy, Who};

    let dir = tempfile::tempdir().unwrap();
    let council = imported(&dir);
    let store = Store::open(&council).unwrap();
    let mut c = store.load().unwrap();
    let by = Who::new("GK01", None);
    let token = store
        .issue_packet(&c, &by, "GK02", "2024-05-01T00:00:00Z")
        .unwrap()
        .token;
    // After the packet was made: GK02 is recused from SK03, and the round's
    // entries are shared out, SK04 going to GK03 only.
    c.conflicts.push(Conflict {
        judge: "GK02".into(),
        entry: "SK03".into(),
        reason: "cùng đơn vị".into(),
        dismissed: false,
    });
    for (entry, judge) in [
        ("SK01", "GK02"),
        ("SK02", "GK02"),
        ("SK03", "GK02"),
        ("SK04", "GK03"),
    ] {
        c.assignments.add("main", entry, judge);
    }
    let sheet = |entry: &str, n: u32, version: u64| Sheet {
        key: key(entry),
        marks: Marks::from_map(&c.rubric, &all(n)).unwrap(),
        state: SheetState::Submitted,
        reopened: 0,
        version,
    };
    let sheets = [
        // GK02's SK01 is submitted on the server (v1): the return would change it.
        sheet("SK01", 1, 1),
        sheet("SK02", 16, 1),
        sheet("SK03", 9, 0),
        sheet("SK04", 9, 0),
    ];
    let notes = [Note {
        key: key("SK03"),
        text: "viết khi đã không chấm".into(),
        version: 0,
        remarks: Default::default(),
        annotations: Vec::new(),
    }];
    let report = store
        .merge_return(&c, &by, &token, "GK02", &sheets, &notes)
        .unwrap();
    let held: Vec<(&str, &str, MergeWhy)> = report
        .conflicts
        .iter()
        .map(|x| (&*x.key.entry, x.what.as_str(), x.why))
        .collect();
    assert_eq!(
        held,
        [
            ("SK01", "sheet", MergeWhy::Submitted),
            ("SK03", "sheet", MergeWhy::Recused),
            ("SK04", "sheet", MergeWhy::NotAssigned),
            ("SK03", "note", MergeWhy::Recused),
        ]
    );
    assert_eq!(report.applied, 1, "only SK02");
    let stored = store.load().unwrap();
    let points = |entry: &str| stored.sheet(&key(entry)).map(|s| s.marks.clone());
    assert_eq!(
        points("SK01"),
        c.sheet(&key("SK01")).map(|s| s.marks.clone())
    );
    assert_eq!(points("SK02"), Some(sheets[1].marks.clone()));
    assert_eq!(points("SK03"), None);
    assert_eq!(points("SK04"), None);
    assert!(stored.note(&key("SK03")).is_none());

    // A closed round takes nothing, even from a fresh packet.
    let token = store
        .issue_packet(&c, &by, "GK02", "2024-05-02T00:00:00Z")
        .unwrap()
        .token;
    c.rounds[0].closed = true;
    let report = store
        .merge_return(&c, &by, &token, "GK02", &[sheet("SK02", 20, 2)], &[])
        .unwrap();
    assert_eq!(report.applied, 0);
    assert_eq!(report.conflicts[0].why, MergeWhy::RoundClosed);
    assert_eq!(
        store
            .load()
            .unwrap()
            .sheet(&key("SK02"))
            .map(|s| s.marks.clone()),
        Some(sheets[1].marks.clone())
    );
}

#[test]
fn through_the_server_a_return_needs_its_packet_and_is_merged_once() {
    use serde_json::json;
    let s = server::Server::start(&server::contest_as("GK01"));
    let mut chair = s.client();
    chair.hello();
    let issued =
        chair.request(json!({"op": "packet", "judge": "GK02", "made": "2024-05-01T00:00:00Z"}));
    let token = issued["ok"]["token"].as_str().expect("a token").to_string();
    assert_eq!(issued["ok"]["grant"]["judge"], "GK02", "{issued}");
    let sheet = |entry: &str, judge: &str| {
        json!({"key": server::key(entry, judge), "marks": [1, null, null, null],
            "state": "draft", "reopened": 0, "version": 0})
    };
    let error = |r: &Value| {
        r["error"]["detail"]["error"]
            .as_str()
            .unwrap_or("")
            .to_string()
    };

    let forged = chair.request(json!({"op": "merge", "token": token, "judge": "GK03",
        "sheets": [sheet("SK04", "GK03")], "notes": []}));
    assert_eq!(error(&forged), "packet_not_for", "{forged}");
    let bare = chair.request(json!({"op": "merge", "judge": "GK02",
        "sheets": [sheet("SK04", "GK02")], "notes": []}));
    assert_eq!(error(&bare), "packet_unknown", "{bare}");
    let merged = chair.request(json!({"op": "merge", "token": token, "judge": "GK02",
        "sheets": [sheet("SK04", "GK02")], "notes": []}));
    assert_eq!(merged["ok"]["report"]["applied"], 1, "{merged}");
    let again = chair.request(json!({"op": "merge", "token": token, "judge": "GK02",
        "sheets": [sheet("SK04", "GK02")], "notes": []}));
    assert_eq!(error(&again), "packet_spent", "{again}");
    let got = chair.request(json!({"op": "get", "key": server::key("SK04", "GK03")}));
    assert!(
        got["ok"]["sheet"].is_null(),
        "GK03's sheet was never written: {got}"
    );
    drop(chair);

    let m = server::Server::start(&server::contest_as("GK02"));
    let mut member = m.client();
    member.hello();
    let r =
        member.request(json!({"op": "packet", "judge": "GK02", "made": "2024-05-01T00:00:00Z"}));
    assert_eq!(r["error"]["code"], "forbidden", "{r}");
}

#[test]
fn a_return_that_would_change_a_submitted_sheet_is_listed_for_the_chair() {
    let dir = tempfile::tempdir().unwrap();
    let council = imported(&dir);
    let packet = dir.path().join("gk02-packet.json");
    let out = run(
        &council,
        &["--judge", "GK02", "packet", "-o", packet.to_str().unwrap()],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let offline = dir.path().join("offline");
    assert!(
        run(&offline, &["import", packet.to_str().unwrap()])
            .status
            .success()
    );
    {
        // Offline, GK02 reopens their submitted SK01, lowers it and submits again.
        let store = Store::open(&offline).unwrap();
        let c = store.load().unwrap();
        let me = c.judge("GK02").unwrap().clone();
        for change in [
            Change::Reopen {
                key: key("SK01"),
                base: 1,
                reason: "nhầm".into(),
            },
            Change::SaveSheet {
                key: key("SK01"),
                points: all(1),
                base: 2,
            },
            Change::Submit {
                key: key("SK01"),
                base: 3,
            },
        ] {
            store.apply(&c, &me, &change).unwrap();
        }
    }
    common::wait_until_released(&offline);
    let back = dir.path().join("back.json");
    let out = run(
        &offline,
        &["--judge", "GK02", "export", "-o", back.to_str().unwrap()],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let before = export(&council);
    let out = run(&council, &["import", back.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains(
            "SK01 sheet of GK02: the sheet is submitted on the server and the return would change it"
        ),
        "{}",
        stdout(&out)
    );
    assert_eq!(export(&council), before, "the submitted sheet is as it was");
}

#[test]
fn a_return_cannot_change_the_note_of_a_submitted_sheet() {
    use jury::domain::Note;
    use jury::store::{MergeWhy, Who};

    let dir = tempfile::tempdir().unwrap();
    let council = imported(&dir);
    let store = Store::open(&council).unwrap();
    let c = store.load().unwrap();
    let by = Who::new("GK01", None);
    let token = store
        .issue_packet(&c, &by, "GK02", "2024-05-01T00:00:00Z")
        .unwrap()
        .token;
    assert!(
        c.sheet(&key("SK01")).is_some_and(|s| s.is_submitted()),
        "the fixture: GK02 submitted SK01"
    );
    let note_version = |entry: &str| c.note(&key(entry)).map(|n| n.version).unwrap_or(0);
    let before = c.note(&key("SK01")).map(|n| n.text.clone());
    // Both notes are based on what the server holds: only the lock differs.
    let notes = [
        Note {
            key: key("SK01"),
            text: "sửa sau khi nộp".into(),
            version: note_version("SK01"),
            remarks: Default::default(),
            annotations: Vec::new(),
        },
        Note {
            key: key("SK02"),
            text: "nháp còn mở".into(),
            version: note_version("SK02"),
            remarks: Default::default(),
            annotations: Vec::new(),
        },
    ];
    let report = store
        .merge_return(&c, &by, &token, "GK02", &[], &notes)
        .unwrap();
    let held: Vec<(&str, &str, MergeWhy)> = report
        .conflicts
        .iter()
        .map(|x| (&*x.key.entry, x.what.as_str(), x.why))
        .collect();
    assert_eq!(held, [("SK01", "note", MergeWhy::Submitted)]);
    assert_eq!(report.applied, 1, "the note of the open draft SK02");
    let stored = store.load().unwrap();
    assert_eq!(stored.note(&key("SK01")).map(|n| n.text.clone()), before);
    assert_eq!(
        stored.note(&key("SK02")).map(|n| n.text.as_str()),
        Some("nháp còn mở")
    );
}

#[test]
fn remarks_and_annotations_make_the_packet_round_trip_and_a_concurrent_remark_is_a_conflict() {
    let dir = tempfile::tempdir().unwrap();
    let council = imported(&dir);
    let packet = dir.path().join("gk02-packet.json");
    let out = run(
        &council,
        &["--judge", "GK02", "packet", "-o", packet.to_str().unwrap()],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let offline = dir.path().join("offline");
    let out = run(&offline, &["import", packet.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let words = |remark: &str, comment: &str, base: u64, entry: &str| Change::SaveNote {
        key: key(entry),
        text: String::new(),
        base,
        remarks: [("novelty".to_string(), remark.to_string())].into(),
        annotations: vec![jury::domain::Annotation {
            first_line: 0,
            last_line: 1,
            passage: "Mở đầu\nThân bài".into(),
            comment: comment.into(),
        }],
    };
    {
        let store = Store::open(&offline).unwrap();
        let c = store.load().unwrap();
        let me = c.judge("GK02").unwrap().clone();
        store
            .apply(&c, &me, &words("mới", "rõ", 0, "SK04"))
            .unwrap();
        store
            .apply(&c, &me, &words("ngoại tuyến", "", 0, "SK03"))
            .unwrap();
    }
    // Meanwhile on the server, GK02 wrote a remark on SK03 from a terminal there.
    {
        let store = Store::open(&council).unwrap();
        let c = store.load().unwrap();
        let me = c.judge("GK02").unwrap().clone();
        store
            .apply(&c, &me, &words("trên máy chủ", "", 0, "SK03"))
            .unwrap();
    }
    common::wait_until_released(&offline);
    common::wait_until_released(&council);
    let back = dir.path().join("gk02-return.json");
    let out = run(
        &offline,
        &["--judge", "GK02", "export", "-o", back.to_str().unwrap()],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let r: Value = serde_json::from_str(&std::fs::read_to_string(&back).unwrap()).unwrap();
    let sk04 = r["scores"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["entry"] == "SK04")
        .cloned()
        .expect("SK04 goes back");
    assert_eq!(sk04["remarks"]["novelty"], "mới");
    assert_eq!(sk04["annotations"][0]["passage"], "Mở đầu\nThân bài");

    let out = run(&council, &["import", back.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let report = stdout(&out);
    assert!(
        report.contains("1 applied") && report.contains("1 conflict"),
        "{report}"
    );
    assert!(report.contains("SK03 note of GK02"), "{report}");
    let store = Store::open(&council).unwrap();
    let c = store.load().unwrap();
    let sk04 = c.note(&key("SK04")).expect("merged");
    assert_eq!(sk04.remark("novelty"), Some("mới"));
    assert_eq!(sk04.annotations[0].comment, "rõ");
    assert_eq!(
        c.note(&key("SK03")).unwrap().remark("novelty"),
        Some("trên máy chủ"),
        "the server's remark is kept, the offline one listed"
    );
}
