//! A member who cannot reach the server scores from a packet; the chair
//! merges what comes back, and what changed on the server meanwhile is kept.

mod common;

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
