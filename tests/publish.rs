//! Publishing on the shared server (issue 10, finding 4): a draft and its
//! note stay their author's after `P` and under `after_submit`, and a member
//! recused from an entry sees the same official ranking as everyone else.

mod common;

#[path = "common/server.rs"]
mod server;

#[path = "common/pty.rs"]
#[allow(dead_code)]
mod pty;

use std::collections::BTreeMap;

use common::{stderr, stdout};
use jury::domain::{Change, Contest, CouncilChange, Points, SheetKey};
use jury::store::Store;
use serde_json::{Value, json};
use server::{Server, contest_as};

fn all(n: u32) -> BTreeMap<String, Points> {
    ["novelty", "creativity", "effectiveness", "feasibility"]
        .iter()
        .map(|k| (k.to_string(), Points::whole(n)))
        .collect()
}

/// Stops the server, changes its database (save and submit `n` points on
/// each of `sheets`, write `notes`, then the chair's `changes`) and starts it again.
fn with_database(
    s: &mut Server,
    sheets: &[(&str, &str, u32)],
    notes: &[(&str, &str, &str)],
    changes: &[CouncilChange],
) {
    s.stop(10);
    common::wait_until_released(&s.db);
    {
        let store = Store::open(&s.db).unwrap();
        let mut c: Contest = store.load().unwrap();
        for &(entry, judge, n) in sheets {
            let member = c.judge(judge).unwrap().clone();
            let key = SheetKey::new("main", entry, judge);
            let base = c.sheet(&key).map_or(0, |s| s.version);
            store
                .apply(
                    &c,
                    &member,
                    &Change::SaveSheet {
                        key: key.clone(),
                        points: all(n),
                        base,
                    },
                )
                .unwrap();
            store
                .apply(
                    &c,
                    &member,
                    &Change::Submit {
                        key,
                        base: base + 1,
                    },
                )
                .unwrap();
            c = store.load().unwrap();
        }
        for &(entry, judge, text) in notes {
            let member = c.judge(judge).unwrap().clone();
            let key = SheetKey::new("main", entry, judge);
            let base = c.note(&key).map_or(0, |n| n.version);
            let text = text.to_string();
            store
                .apply(
                    &c,
                    &member,
                    &Change::SaveNote {
                        key,
                        text,
                        base,
                        remarks: Default::default(),
                        annotations: Vec::new(),
                    },
                )
                .unwrap();
            c = store.load().unwrap();
        }
        let chair = c.judge("GK01").unwrap().clone();
        for change in changes {
            c = store.apply_council_as(&c, &chair, None, change).unwrap();
        }
    }
    common::wait_until_released(&s.db);
    s.restart();
}

fn member_export(s: &Server) -> Value {
    let out = common::jury()
        .arg("--socket")
        .arg(&s.socket)
        .arg("export")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    serde_json::from_str(&stdout(&out)).unwrap()
}

fn rows_of(export: &Value) -> Vec<(String, String, bool)> {
    export["scores"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["entry"].as_str().unwrap().to_string(),
                s["judge"].as_str().unwrap().to_string(),
                s["submitted"] == true,
            )
        })
        .collect()
}

#[test]
fn after_publishing_a_members_export_holds_no_other_members_draft_or_its_note() {
    // GK02 has a draft for SK02, with a note; GK03 a draft note for SK03; we are GK03.
    let mut s = Server::start(&contest_as("GK03"));
    with_database(
        &mut s,
        &[],
        &[("SK02", "GK02", "Nháp chưa nộp của GK02")],
        &[CouncilChange::Publish { published: true }],
    );
    let export = member_export(&s);
    let rows = rows_of(&export);
    assert!(
        rows.iter()
            .all(|(_, judge, submitted)| judge == "GK03" || *submitted),
        "a draft of another member: {rows:?}"
    );
    assert!(
        rows.contains(&("SK01".into(), "GK02".into(), true)),
        "the submitted sheet is published: {rows:?}"
    );
    let text = export.to_string();
    assert!(
        text.contains("Giải pháp thiết thực"),
        "a submitted sheet's note shows"
    );
    assert!(
        text.contains("Cần bổ sung số liệu"),
        "our own draft note is ours"
    );
    assert!(
        !text.contains("Nháp chưa nộp"),
        "another's draft note stays theirs"
    );
}

#[test]
fn under_after_submit_a_member_who_submitted_sees_no_others_draft_of_the_entry() {
    let mut contest = contest_as("GK03");
    contest["rules"]["visibility"] = json!("after_submit");
    let mut s = Server::start(&contest);
    // We submit SK02, where GK02 has only a draft (novelty 12).
    with_database(&mut s, &[("SK02", "GK03", 11)], &[], &[]);
    let mut c = s.client();
    c.hello();
    let load = c.request(json!({"op": "load"}));
    let sheets = load["ok"]["contest"]["sheets"].as_array().unwrap();
    assert!(
        !sheets
            .iter()
            .any(|x| x["key"]["entry"] == "SK02" && x["key"]["judge"] == "GK02"),
        "GK02's draft of SK02 leaked: {sheets:?}"
    );
    let get = c.request(json!({"op": "get", "key": server::key("SK02", "GK02")}));
    assert_eq!(get["error"]["code"], "forbidden", "{get}");
    let rows = rows_of(&member_export(&s));
    assert!(
        !rows.contains(&("SK02".into(), "GK02".into(), false)),
        "{rows:?}"
    );
}

fn ranks(json_text: &str) -> Vec<(String, Value, Value)> {
    let v: Value = serde_json::from_str(json_text).unwrap();
    v["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["entry"].as_str().unwrap().to_string(),
                e["rank"].clone(),
                e["score"].clone(),
            )
        })
        .collect()
}

#[test]
fn a_recused_member_sees_the_official_ranking_without_the_entrys_breakdown() {
    let mut s = Server::start(&contest_as("GK03"));
    // SK01 comes first on GK02's submitted sheet; we (GK03) are recused from it.
    with_database(
        &mut s,
        &[
            ("SK02", "GK02", 15),
            ("SK03", "GK01", 10),
            ("SK04", "GK02", 5),
        ],
        &[],
        &[
            CouncilChange::Recuse {
                judge: "GK03".into(),
                entry: "SK01".into(),
                reason: "cùng đơn vị".into(),
            },
            CouncilChange::Publish { published: true },
        ],
    );
    let mut seen = Vec::new();
    for method in ["mean", "zscore"] {
        let out = common::jury()
            .arg("--socket")
            .arg(&s.socket)
            .args(["rank", "--format", "json", "--method", method])
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
        let text = stdout(&out);
        let v: Value = serde_json::from_str(&text).unwrap();
        let sk01 = v["entries"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["entry"] == "SK01")
            .cloned()
            .unwrap();
        assert_eq!(sk01["rank"], 1, "the result is shown: {sk01}");
        assert!(
            sk01["novelty"].is_null() && sk01["spread"].is_null() && sk01["sheets"] == 0,
            "but not how it was reached: {sk01}"
        );
        seen.push(ranks(&text));
    }
    assert_eq!(
        seen[0][1],
        ("SK02".into(), json!(2), json!(60.0)),
        "{:?}",
        seen[0]
    );

    // The official ranking, as the database's owner computes it from every sheet.
    s.stop(10);
    common::wait_until_released(&s.db);
    for (method, mine) in ["mean", "zscore"].iter().zip(&seen) {
        let out = common::run(&s.db, &["rank", "--format", "json", "--method", method]);
        assert!(out.status.success(), "{}", stderr(&out));
        assert_eq!(&ranks(&stdout(&out)), mine, "{method}");
    }
}

mod keys {
    //! `P` in the app asks first and says what becomes visible to whom.

    use jury::app::{Model, Msg, Overlay};
    use jury::contest_file;
    use jury::domain::Lang;
    use jury::input::key::Key;
    use jury::run::dispatch;
    use jury::store::{Local, Storage, Store};
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;

    fn session(judge: &str, dir: &tempfile::TempDir) -> (Model, Local) {
        let store = Store::open(&dir.path().join("db")).unwrap();
        let contest =
            contest_file::read_bytes("small.json", crate::common::SMALL.as_bytes()).unwrap();
        store.replace_contest(&contest).unwrap();
        let contest = store.load().unwrap();
        let storage = Local::new(store, contest.definition());
        let model = Model::new(contest, Some(judge.into()), Some("nobody".into()), Lang::En);
        (model, storage)
    }

    fn keys(m: &mut Model, storage: &mut Local, keys: &str) {
        for k in Key::parse_seq(keys).unwrap() {
            dispatch(storage, m, Msg::Key(k));
        }
    }

    /// The screen's text with the dialog's wrapping and borders taken out.
    fn screen(m: &mut Model) -> String {
        jury::app::update(m, Msg::Resize(100, 30));
        let mut t = Terminal::new(TestBackend::new(100, 30)).unwrap();
        t.draw(|f| jury::ui::view(m, f)).unwrap();
        let buf = t.backend().buffer();
        buf.content()
            .iter()
            .map(|c| c.symbol())
            .filter(|s| !matches!(*s, " " | "│"))
            .collect()
    }

    #[test]
    fn p_asks_the_chair_and_says_what_becomes_visible_before_publishing() {
        let dir = tempfile::tempdir().unwrap();
        let (mut m, mut storage) = session("GK01", &dir);
        keys(&mut m, &mut storage, "P");
        assert_eq!(m.overlay, Some(Overlay::ConfirmPublish(true)));
        let shown = screen(&mut m);
        assert!(
            shown.contains("Publishresults")
                && shown.contains("everysubmittedsheet")
                && shown.contains("Draftsstaytheirauthors'alone"),
            "{shown}"
        );
        assert!(
            !storage.load().unwrap().published,
            "nothing before the answer"
        );
        keys(&mut m, &mut storage, "n");
        assert_eq!(m.overlay, None);
        assert!(!storage.load().unwrap().published, "no means no");

        keys(&mut m, &mut storage, "P y");
        assert!(storage.load().unwrap().published, "yes publishes");
        keys(&mut m, &mut storage, "P");
        assert_eq!(m.overlay, Some(Overlay::ConfirmPublish(false)));
        assert!(screen(&mut m).contains("Hideresults"));
        keys(&mut m, &mut storage, "<enter>");
        assert!(!storage.load().unwrap().published, "and hides again");
    }

    #[test]
    fn p_from_a_member_is_refused_without_a_dialog() {
        let dir = tempfile::tempdir().unwrap();
        let (mut m, mut storage) = session("GK02", &dir);
        keys(&mut m, &mut storage, "P");
        assert_eq!(m.overlay, None);
        assert!(!storage.load().unwrap().published);
    }
}

mod command_line {
    //! `jury publish` and `jury unpublish`: the chair only; they ask on a
    //! terminal, and `--yes` answers for scripts.

    use crate::common::{imported, run, stderr, stdout};
    use jury::store::Store;

    fn published(db: &std::path::Path) -> bool {
        crate::common::wait_until_released(db);
        let p = Store::open(db).unwrap().load().unwrap().published;
        crate::common::wait_until_released(db);
        p
    }

    #[test]
    fn without_a_terminal_it_asks_for_yes_and_does_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let db = imported(&dir);
        let out = run(&db, &["publish"]);
        assert!(!out.status.success());
        assert!(
            stderr(&out).contains("no terminal to ask")
                && stderr(&out).contains("jury publish --yes"),
            "{}",
            stderr(&out)
        );
        let out = run(&db, &["--lang", "vi", "publish"]);
        assert!(
            stderr(&out).contains("Trong script, hãy thêm --yes"),
            "{}",
            stderr(&out)
        );
        assert!(!published(&db));
    }

    #[test]
    fn yes_publishes_and_unpublishes_for_the_chair_only() {
        let dir = tempfile::tempdir().unwrap();
        let db = imported(&dir);
        let out = run(&db, &["--judge", "GK02", "publish", "--yes"]);
        assert!(!out.status.success());
        assert!(stderr(&out).contains("only the chair"), "{}", stderr(&out));
        assert!(!published(&db));

        let out = run(&db, &["publish", "--yes"]);
        assert!(out.status.success(), "{}", stderr(&out));
        assert!(
            stdout(&out).contains("Results published"),
            "{}",
            stdout(&out)
        );
        assert!(published(&db));
        let out = run(&db, &["unpublish", "--yes"]);
        assert!(out.status.success(), "{}", stderr(&out));
        assert!(!published(&db));
        let audit = run(&db, &["audit", "--format", "json"]);
        let text = stdout(&audit);
        assert!(
            text.contains("\"publish\"") && text.contains("\"unpublish\""),
            "{text}"
        );
    }

    #[test]
    fn on_a_terminal_it_says_what_becomes_visible_and_takes_only_yes() {
        let dir = tempfile::tempdir().unwrap();
        let db = imported(&dir);
        let mut no = crate::pty::Screen::start(&db, &["publish"], 100, 30);
        no.wait_for_all(&["every submitted sheet", "[y/N]"], 10);
        no.send("\r");
        no.wait_for("Cancelled", 10);
        no.wait_exit(10);
        drop(no);
        assert!(!published(&db));

        let mut yes = crate::pty::Screen::start(&db, &["publish"], 100, 30);
        yes.wait_for("[y/N]", 10);
        yes.send("y\r");
        yes.wait_for("Results published", 10);
        yes.wait_exit(10);
        drop(yes);
        assert!(published(&db));
    }
}
