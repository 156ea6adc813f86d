//! `jury assign` keeps work done (issue 12, finding 10): members with a
//! sheet keep their entries and count towards K, unfinished notes are not
//! taken away without `--force`, and a member can always finish a draft.

mod common;

use common::{export, imported, run, stderr, stdout};
use jury::app::{Model, Msg, Screen};
use jury::domain::{Lang, SheetKey};
use jury::input::key::Key;
use jury::run::dispatch;
use jury::store::{Local, Storage, Store};
use serde_json::Value;

fn members_of(db: &std::path::Path, entry: &str) -> Vec<String> {
    let v: Value = serde_json::from_str(&export(db)).unwrap();
    let mut out: Vec<String> = v["assignments"]
        .as_array()
        .map(|a| a.as_slice())
        .unwrap_or_default()
        .iter()
        .filter(|a| a["entry"] == entry)
        .map(|a| a["judge"].as_str().unwrap().to_string())
        .collect();
    out.sort();
    out
}

fn assign(db: &std::path::Path, args: &[&str]) -> std::process::Output {
    let mut all = vec!["--judge", "GK01", "--lang", "en", "assign"];
    all.extend_from_slice(args);
    run(db, &all)
}

#[test]
fn members_with_sheets_keep_their_entries_and_count_towards_k() {
    let dir = tempfile::tempdir().unwrap();
    let db = imported(&dir);
    // GK03 has an unfinished note on SK03 and no sheet: asked first.
    let refused = assign(&db, &["--per-entry", "1"]);
    assert!(!refused.status.success());
    let why = stderr(&refused);
    assert!(
        why.contains("GK03 SK03") && why.contains("--force"),
        "{why}"
    );
    assert!(members_of(&db, "SK01").is_empty(), "nothing was assigned");
    let out = assign(&db, &["--per-entry", "1", "--force"]);
    assert!(out.status.success(), "{}", stderr(&out));
    // GK02 submitted SK01 and has a draft on SK02: they stay, and are enough.
    assert_eq!(members_of(&db, "SK01"), ["GK02"], "{}", stdout(&out));
    assert_eq!(members_of(&db, "SK02"), ["GK02"]);
    let out = assign(&db, &["--per-entry", "2"]);
    assert!(out.status.success(), "{}", stderr(&out));
    for entry in ["SK01", "SK02", "SK03", "SK04"] {
        let members = members_of(&db, entry);
        assert_eq!(members.len(), 2, "{entry}: {members:?}");
    }
    assert!(members_of(&db, "SK01").contains(&"GK02".to_string()));
}

#[test]
fn a_member_can_finish_a_draft_on_an_entry_no_longer_assigned_to_them() {
    let dir = tempfile::tempdir().unwrap();
    let db = imported(&dir);
    // GK03 starts SK04, then the chair shares entries out one each.
    {
        let store = Store::open(&db).unwrap();
        let contest = store.load().unwrap();
        let mut storage = Local::new(store, contest.definition());
        let mut model = Model::new(contest, Some("GK03".into()), None, Lang::En);
        for k in Key::parse_seq("G <enter> 1 0 <enter> <esc>").unwrap() {
            dispatch(&mut storage, &mut model, Msg::Key(k));
        }
    }
    common::wait_until_released(&db);
    let out = assign(&db, &["--per-entry", "1", "--force"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(members_of(&db, "SK04"), ["GK03"], "the draft keeps SK04");
    common::wait_until_released(&db);
    let store = Store::open(&db).unwrap();
    let mut contest = store.load().unwrap();
    // Even were it taken away (a recusal by the chair, say, then withdrawn),
    // the member's own draft stays theirs to finish.
    contest.assignments.remove("main", "SK04", "GK03");
    contest.assignments.add("main", "SK04", "GK01");
    let mut storage = Local::new(store, contest.definition());
    let mut model = Model::new(contest, Some("GK03".into()), None, Lang::En);
    for k in
        Key::parse_seq("G <enter> 2 0 <enter> 1 0 <enter> 1 0 <enter> 1 0 <enter> S y").unwrap()
    {
        dispatch(&mut storage, &mut model, Msg::Key(k));
    }
    assert_eq!(model.screen, Screen::Sheet, "{:?}", model.status);
    let stored = storage.load().unwrap();
    let sheet = stored
        .sheet(&SheetKey::new("main", "SK04", "GK03"))
        .unwrap();
    assert!(sheet.is_submitted(), "{:?}", model.status);
}

/// The chair at `A` on the rankings, in the app, asking for one member per entry.
fn chair_assigns_one_each(db: &std::path::Path, answer: &str) -> (Model, Local) {
    let store = Store::open(db).unwrap();
    let contest = store.load().unwrap();
    let mut storage = Local::new(store, contest.definition());
    let mut model = Model::new(contest, Some("GK01".into()), None, Lang::En);
    // The number, then yes to sharing out again; the question about notes comes after.
    for k in Key::parse_seq("r A 1 <enter> y").unwrap() {
        dispatch(&mut storage, &mut model, Msg::Key(k));
    }
    let Some(jury::app::Overlay::Ask(ask)) = &model.overlay else {
        panic!("the chair is asked: {:?} {:?}", model.overlay, model.status);
    };
    assert!(
        ask.question.contains("GK03 SK03"),
        "names them: {}",
        ask.question
    );
    assert!(!ask.question.contains("--force"), "{}", ask.question);
    for k in Key::parse_seq(answer).unwrap() {
        dispatch(&mut storage, &mut model, Msg::Key(k));
    }
    assert_eq!(model.overlay, None);
    (model, storage)
}

#[test]
fn the_chair_is_asked_in_the_app_before_unfinished_notes_lose_their_entry() {
    let dir = tempfile::tempdir().unwrap();
    let db = imported(&dir);
    let (model, storage) = chair_assigns_one_each(&db, "n");
    assert!(
        model
            .status
            .as_ref()
            .is_some_and(|s| s.text.contains("Nothing was assigned")),
        "{:?}",
        model.status
    );
    drop(storage);
    common::wait_until_released(&db);
    assert!(members_of(&db, "SK01").is_empty(), "no: nothing assigned");
    let (_, storage) = chair_assigns_one_each(&db, "y");
    drop(storage);
    common::wait_until_released(&db);
    assert_eq!(
        members_of(&db, "SK01"),
        ["GK02"],
        "yes: assigned with force"
    );
    assert_eq!(members_of(&db, "SK03").len(), 1);
}
