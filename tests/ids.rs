//! Ids are checked in bytes as well as characters at import: the stored
//! sheet gives a member's id 255 bytes, and an id that does not fit would
//! make every sheet of its entry unreadable.

mod common;

use common::{SCORED, run, stderr, stdout};

/// The scored contest with member GK02 renamed to `id` everywhere.
fn with_member(dir: &tempfile::TempDir, id: &str) -> std::path::PathBuf {
    let file = dir.path().join("contest.json");
    std::fs::write(&file, SCORED.replace("\"GK02\"", &format!("\"{id}\""))).unwrap();
    file
}

#[test]
fn an_id_of_64_four_byte_characters_is_refused_at_import() {
    let dir = tempfile::tempdir().unwrap();
    let id = "𝕏".repeat(64);
    assert_eq!((id.chars().count(), id.len()), (64, 256));
    let file = with_member(&dir, &id);
    let db = dir.path().join("db");
    let out = run(&db, &["import", file.to_str().unwrap()]);
    assert!(!out.status.success());
    let said = stderr(&out);
    assert!(
        said.contains("judges[1].id") && said.contains("256 bytes") && said.contains("255"),
        "{said}"
    );
    assert!(said.contains("Nothing was imported"), "{said}");
}

#[test]
fn the_longest_id_that_fits_keeps_every_sheet_readable() {
    let dir = tempfile::tempdir().unwrap();
    // 63 four-byte characters and one ASCII: 64 characters in 253 bytes.
    let id = format!("{}a", "𝕏".repeat(63));
    assert_eq!((id.chars().count(), id.len()), (64, 253));
    let file = with_member(&dir, &id);
    let db = dir.path().join("db");
    let out = run(&db, &["import", file.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let check = run(&db, &["check"]);
    assert!(
        check.status.success(),
        "{}{}",
        stdout(&check),
        stderr(&check)
    );
    let rank = run(&db, &["rank", "--format", "csv"]);
    assert!(rank.status.success(), "{}", stderr(&rank));
    assert!(
        stdout(&rank).contains(",76.33,"),
        "SK01 still has all three sheets"
    );
    let export = stdout(&run(&db, &["export"]));
    assert!(export.contains(&id));
}

#[test]
fn an_id_that_reads_backwards_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let file = with_member(&dir, "GK\u{202e}20");
    let out = run(&dir.path().join("db"), &["import", file.to_str().unwrap()]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("control characters"),
        "{}",
        stderr(&out)
    );
}
