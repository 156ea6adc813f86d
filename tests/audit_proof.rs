//! What the audit trail proves against someone who can write the database
//! folder: a sheet changed without a record is named, and a head written
//! down outside the database catches a trail rewritten after it.

mod common;

#[path = "common/server.rs"]
mod server;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use common::{SMALL, run, stderr, stdout, wait_until_released};
use jury::contest_file;
use jury::domain::audit::AuditRecord;
use jury::domain::{Change, Points, SheetKey};
use jury::store::Store;

/// The small contest imported (record 1), then GK03 scores SK02 (record 2).
fn scored(dir: &tempfile::TempDir) -> PathBuf {
    let db = dir.path().join("db");
    let c = contest_file::read_bytes("small.json", SMALL.as_bytes()).unwrap();
    {
        let store = Store::open(&db).unwrap();
        store.replace_contest(&c).unwrap();
        let points: BTreeMap<String, Points> = [
            ("novelty", 10),
            ("creativity", 11),
            ("effectiveness", 12),
            ("feasibility", 13),
        ]
        .iter()
        .map(|(k, v)| (k.to_string(), Points::whole(*v)))
        .collect();
        let change = Change::SaveSheet {
            key: SheetKey::new("main", "SK02", "GK03"),
            points,
            base: 0,
        };
        store.apply(&c, c.judge("GK03").unwrap(), &change).unwrap();
    }
    wait_until_released(&db);
    db
}

/// As a hostile user with write access to the folder would: set `judge`'s
/// first criterion on `entry` straight in sled, in the stored layout.
fn set_first_points(db: &Path, entry: &str, judge: &str, hundredths: u32) {
    let sled = sled::open(db).unwrap();
    let sheets = sled.open_tree("sheets").unwrap();
    let key = [b"main".as_slice(), &[0], entry.as_bytes()].concat();
    let mut v = sheets.get(&key).unwrap().unwrap().to_vec();
    // Format byte, then per sheet: id length and id, state, reopened (4),
    // version (8), count, then the points (4 each).
    let mut at = 1;
    loop {
        let len = v[at] as usize;
        let id = &v[at + 1..at + 1 + len];
        let points = at + 1 + len + 1 + 4 + 8 + 1;
        let n = v[points - 1] as usize;
        if id == judge.as_bytes() {
            v[points..points + 4].copy_from_slice(&hundredths.to_le_bytes());
            break;
        }
        at = points + 4 * n;
    }
    sheets.insert(&key, v).unwrap();
    sled.flush().unwrap();
}

/// Rewrites the trail from record `seq` on with `edit`, recomputing every
/// hash after it and the stored head, so the chain verifies again.
fn rewrite_trail(db: &Path, edit: impl Fn(&mut Vec<AuditRecord>)) {
    let sled = sled::open(db).unwrap();
    let audit = sled.open_tree("audit").unwrap();
    let mut records: Vec<AuditRecord> = audit
        .iter()
        .map(|kv| serde_json::from_slice(&kv.unwrap().1).unwrap())
        .collect();
    edit(&mut records);
    audit.clear().unwrap();
    let mut prev = String::new();
    for (i, r) in records.iter_mut().enumerate() {
        r.seq = i as u64 + 1;
        r.prev = prev;
        r.hash = r.compute_hash();
        prev = r.hash.clone();
        audit
            .insert(r.seq.to_be_bytes(), serde_json::to_vec(&r).unwrap())
            .unwrap();
    }
    let meta = sled.open_tree("meta").unwrap();
    let head = serde_json::json!({"seq": records.len(), "hash": prev});
    meta.insert("audit_head", head.to_string().as_bytes())
        .unwrap();
    sled.flush().unwrap();
}

fn head(db: &Path) -> String {
    let out = run(db, &["audit", "head"]);
    assert!(out.status.success(), "{}", stderr(&out));
    stdout(&out).trim().to_string()
}

#[test]
fn an_intact_database_verifies_and_prints_its_head() {
    let dir = tempfile::tempdir().unwrap();
    let db = scored(&dir);
    let h = head(&db);
    assert!(h.starts_with("2:") && h.len() == 2 + 64, "{h}");
    let out = run(&db, &["audit", "verify", "--head", &h]);
    assert!(out.status.success(), "{}", stderr(&out));
    let said = stdout(&out);
    assert!(said.contains("intact: 2 records"), "{said}");
    assert!(said.contains("Every sheet and note matches"), "{said}");
    assert!(
        said.contains(&format!("still holds the head {h}")),
        "{said}"
    );
    let out = run(&db, &["audit", "verify", "--head", "2:xyz"]);
    assert!(stderr(&out).contains("\"2:xyz\" is not an audit head"));
}

#[test]
fn a_sheet_changed_outside_jury_is_named_by_verify_and_check() {
    let dir = tempfile::tempdir().unwrap();
    let db = scored(&dir);
    set_first_points(&db, "SK02", "GK03", 2500);
    let out = run(&db, &["audit", "verify"]);
    assert!(!out.status.success());
    let said = stderr(&out);
    assert!(
        said.contains(
            "the sheet of GK03 for SK02 (round main) differs from audit record 2: it was changed outside jury"
        ),
        "{said}"
    );
    let check = run(&db, &["check"]);
    assert!(!check.status.success());
    assert!(
        stdout(&check).contains("the sheet of GK03 for SK02 (round main) differs"),
        "{}",
        stdout(&check)
    );
    let vi = run(&db, &["--lang", "vi", "audit", "verify"]);
    assert!(
        stderr(&vi).contains("phiếu chấm điểm của GK03 cho SK02 (vòng main) khác với bản ghi 2"),
        "{}",
        stderr(&vi)
    );
}

#[test]
fn a_sheet_untouched_since_the_import_changed_from_12_to_25_is_found() {
    let dir = tempfile::tempdir().unwrap();
    let db = scored(&dir);
    set_first_points(&db, "SK02", "GK02", 2500);
    let out = run(&db, &["audit", "verify"]);
    assert!(!out.status.success());
    assert!(
        stderr(&out)
            .contains("untouched since record 1 (an import or a rubric change) was changed"),
        "{}",
        stderr(&out)
    );
    let check = run(&db, &["check"]);
    assert!(!check.status.success(), "{}", stdout(&check));
}

#[test]
fn a_trail_rewritten_after_the_head_was_written_down_is_caught() {
    let dir = tempfile::tempdir().unwrap();
    let db = scored(&dir);
    let written = head(&db);
    // The score in record 2 rewritten to 25, and the sheet to match: the
    // chain and the sheets agree again, and only the head can tell.
    rewrite_trail(&db, |records| {
        records[1].after["points"][0] = serde_json::json!(25);
    });
    set_first_points(&db, "SK02", "GK03", 2500);
    let out = run(&db, &["audit", "verify"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let out = run(&db, &["audit", "verify", "--head", &written]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("record 2 no longer matches the head written down"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_record_deleted_and_the_rest_renumbered_is_caught_by_the_head() {
    let dir = tempfile::tempdir().unwrap();
    let db = scored(&dir);
    let written = head(&db);
    rewrite_trail(&db, |records| {
        records.remove(1);
    });
    // The chain is whole again; the score it no longer records shows in
    // the sheets, and the head shows what was removed.
    let out = run(&db, &["audit", "verify"]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("without a record"),
        "{}",
        stderr(&out)
    );
    let out = run(&db, &["audit", "verify", "--head", &written]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("the trail has only 1 records but the head written down is record 2"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn every_document_carries_the_head_at_printing() {
    let dir = tempfile::tempdir().unwrap();
    let db = scored(&dir);
    let h = head(&db);
    let md = dir.path().join("bao-cao.md");
    let out = run(&db, &["report", "-o", md.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = std::fs::read_to_string(&md).unwrap();
    let line = format!("Audit trail head at printing (check with `jury audit verify --head`): {h}");
    let documents = text.matches("\n# ").count() + usize::from(text.starts_with("# "));
    assert!(documents >= 3, "{text}");
    assert_eq!(text.matches(&line).count(), documents, "{text}");

    use calamine::{Reader, Xlsx, open_workbook};
    let xlsx = dir.path().join("bao-cao.xlsx");
    let out = run(&db, &["report", "-o", xlsx.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let mut book: Xlsx<_> = open_workbook(&xlsx).unwrap();
    for name in book.sheet_names() {
        let range = book.worksheet_range(&name).unwrap();
        assert!(
            range.cells().any(|(_, _, c)| c.to_string() == line),
            "{name} lacks the head"
        );
    }
}

#[test]
fn sheets_moved_by_a_rubric_change_match_the_trail() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::imported(&dir);
    let criteria = dir.path().join("criteria.json");
    let mut v: serde_json::Value = serde_json::from_str(SMALL).unwrap();
    // Creativity out: every sheet's points move and GK02's SK01 reopens.
    v["criteria"].as_array_mut().unwrap().remove(1);
    std::fs::write(&criteria, v["criteria"].to_string()).unwrap();
    for args in [
        vec!["rubric", "unlock", "--reason", "bỏ tiêu chí"],
        vec![
            "rubric",
            "set",
            criteria.to_str().unwrap(),
            "--reason",
            "bỏ tiêu chí",
        ],
    ] {
        let out = run(&db, &args);
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
    }
    let out = run(&db, &["audit", "verify"]);
    assert!(out.status.success(), "{}", stderr(&out));
    set_first_points(&db, "SK01", "GK02", 100);
    let out = run(&db, &["audit", "verify"]);
    assert!(
        stderr(&out).contains("untouched since record 3 (an import or a rubric change)"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn through_the_server_the_head_is_shown_only_when_every_record_is() {
    let mut s = server::Server::start(&server::contest_as("GK01"));
    let via = |args: &[&str]| {
        let out = common::jury()
            .arg("--socket")
            .arg(&s.socket)
            .args(args)
            .output()
            .unwrap();
        (out.status.success(), stdout(&out), stderr(&out))
    };
    let (ok, head, err) = via(&["audit", "head"]);
    assert!(ok && head.starts_with("1:"), "{err}");
    // The chair recuses GK02, then themself, from SK01: the server no longer
    // shows the chair record 2, and the last record shown is not the head.
    for member in ["GK02", "GK01"] {
        let (ok, _, err) = via(&[
            "conflicts",
            "recuse",
            "--member",
            member,
            "--entry",
            "SK01",
            "--reason",
            "họ hàng",
        ]);
        assert!(ok, "{err}");
    }
    let (ok, _, err) = via(&["audit", "head"]);
    assert!(!ok);
    assert!(err.contains("cannot be read through the server"), "{err}");
    let (ok, _, err) = via(&["audit", "verify", "--head", head.trim()]);
    assert!(
        !ok && err.contains("cannot be read through the server"),
        "{err}"
    );
    s.stop(10);
    let local = run(&s.db, &["audit", "verify", "--head", head.trim()]);
    assert!(local.status.success(), "{}", stderr(&local));
    let now = run(&s.db, &["audit", "head"]);
    assert!(stdout(&now).starts_with("3:"), "{}", stdout(&now));
}
