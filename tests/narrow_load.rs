//! Commands that show no marks read only the definition or the council;
//! what they show must be exactly what the whole contest would show.

#[path = "common/synth.rs"]
mod synth;

use std::path::Path;
use std::process::Command;

use jury::domain::Judge;
use jury::store::Store;

/// A seeded contest with every sheet filled, stored in a fresh database.
fn stored(dir: &Path) -> std::path::PathBuf {
    let mut contest = synth::contest(synth::DISTRICT, 17);
    contest.judges[2].unit = Some("Sở Nội vụ".into());
    let db = dir.join("db");
    let store = Store::open(&db).expect("open");
    store.replace_contest(&contest).expect("store the contest");
    db
}

#[test]
fn the_definition_read_alone_is_the_whole_contest_without_its_sheets() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let db = stored(dir.path());
    let store = Store::open(&db).expect("open");
    let whole = store.load().expect("load");
    assert!(!whole.sheets.is_empty(), "the contest has sheets to skip");
    assert_eq!(
        store.load_definition().expect("definition"),
        whole.definition()
    );
    assert_eq!(store.load_judges().expect("council"), whole.judges);
}

#[test]
fn a_shared_out_round_reads_back_with_every_assignment() {
    let scale = synth::Scale {
        per_entry: Some(3),
        ..synth::PROVINCE
    };
    let mut contest = synth::contest(scale, 3);
    // One pair named for a later round too, which the file says outright.
    contest.rounds.push(jury::domain::Round {
        id: "chung_khao".into(),
        name: jury::domain::Bilingual::new("Chung khảo", "Final"),
        entries: Some(vec![contest.entries[0].id.clone()]),
        closed: false,
        advanced: None,
    });
    let (entry, judge) = (contest.entries[0].id.clone(), contest.judges[4].id.clone());
    contest.assignments.add("chung_khao", &entry, &judge);
    let dir = tempfile::tempdir().expect("a temporary folder");
    let store = Store::open(&dir.path().join("db")).expect("open");
    store.replace_contest(&contest).expect("store the contest");
    let definition = store.load_definition().expect("definition");
    assert_eq!(definition.assignments, contest.assignments);
    assert!(
        definition
            .assignments
            .contains("chung_khao", &entry, &judge)
    );
}

fn jury(db: &Path, args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_jury"))
        .arg("--db")
        .arg(db)
        .args(["--lang", "en"])
        .args(args)
        .output()
        .expect("run jury");
    assert!(
        out.status.success(),
        "jury {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8")
}

#[test]
fn judge_list_shows_the_council_as_the_whole_contest_holds_it() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let db = stored(dir.path());
    let judges: Vec<Judge> = Store::open(&db)
        .and_then(|s| s.load())
        .expect("load")
        .judges;
    let expected: String = judges
        .iter()
        .map(|j| {
            format!(
                "{}\t{}\t{}\t{}\t{}\n",
                j.id,
                j.name,
                j.role.word(),
                j.user.as_deref().unwrap_or("-"),
                j.unit.as_deref().unwrap_or("-")
            )
        })
        .collect();
    assert_eq!(jury(&db, &["judge", "list"]), expected);
}
