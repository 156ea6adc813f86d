//! With `--lang vi`, no English is left: every command (each subcommand and
//! its refusals) and every screen of the app (lists, sheet, note, help, the
//! chair's screens, dialogs, the picker) is checked against a list of
//! English words.

mod common;

use std::path::Path;

use common::english::english_in;
use common::{SMALL, jury, screen_text, stderr, stdout};
use jury::app::{Model, Msg};
use jury::contest_file;
use jury::domain::Lang;
use jury::input::key::Key;
use jury::run::dispatch;
use jury::store::{Local, Store};

/// Words a member types or reads as names: key caps, formats, ids.
const TYPED: &[&str] = &[];

/// The keys of a contest file, which its problems name as their place.
const FILE_KEYS: &[&str] = &[
    "contest", "entries", "entry", "judges", "judge", "scores", "points",
];

fn cli(db: &Path, args: &[&str]) -> (bool, String) {
    let out = jury()
        .arg("--db")
        .arg(db)
        .args(["--lang", "vi"])
        .args(args)
        .output()
        .expect("jury runs");
    let text = format!("{}{}", stdout(&out), stderr(&out));
    (out.status.success(), text)
}

#[test]
fn every_command_and_its_refusals_speak_vietnamese() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::imported(&dir);
    let bad = dir.path().join("hong.json");
    std::fs::write(&bad, "{\"format\": \"jury/contest@1\", \"contest\": 3}").unwrap();
    let bad = bad.to_str().unwrap().to_string();
    // A file with mistakes made by hand: ids twice, a member and a criterion
    // that do not exist, points above the maximum and off the step.
    let mut wrong: serde_json::Value = serde_json::from_str(SMALL).unwrap();
    wrong["entries"][1]["id"] = wrong["entries"][0]["id"].clone();
    wrong["scores"][0]["judge"] = serde_json::json!("GK99");
    wrong["scores"][0]["points"]["khong_co"] = serde_json::json!(3);
    wrong["scores"][1]["points"]["novelty"] = serde_json::json!(99);
    wrong["judges"][0]["name"] = serde_json::json!("");
    let wrong_file = dir.path().join("sai.json");
    std::fs::write(&wrong_file, wrong.to_string()).unwrap();
    let wrong_file = wrong_file.to_str().unwrap().to_string();
    // A comma left out, as people do by hand.
    let comma = dir.path().join("thieu_phay.json");
    std::fs::write(&comma, SMALL.replacen("\",\n", "\"\n", 1)).unwrap();
    let comma = comma.to_str().unwrap().to_string();
    let out = dir.path().join("vanban.md");
    let out = out.to_str().unwrap().to_string();
    let export = dir.path().join("xuat.json");
    let export = export.to_str().unwrap().to_string();
    let rubric = dir.path().join("tieu_chi.json");
    std::fs::write(
        &rubric,
        "[{\"id\": \"x\", \"name\": {\"vi\": \"X\"}, \"max\": 0}]",
    )
    .unwrap();
    let rubric = rubric.to_str().unwrap().to_string();
    // A list with a field misspelt.
    let list = dir.path().join("ds.json");
    std::fs::write(&list, "[{\"id\": \"x\", \"nane\": \"X\", \"max\": 10}]").unwrap();
    let list = list.to_str().unwrap().to_string();
    let packet = dir.path().join("goi.json");
    let packet = packet.to_str().unwrap().to_string();
    let chair = ["--judge", "GK01"];
    let member = ["--judge", "GK02"];
    let runs: Vec<(Vec<&str>, bool)> = vec![
        (vec!["entries"], true),
        (vec!["entries", "--sort", "title"], true),
        (vec!["entries", "--field", "khong_co"], false),
        (vec!["round"], true),
        (vec!["round", "advance"], false),
        (vec!["rubric"], true),
        (vec!["rubric", "unlock", "--reason", " "], false),
        (vec!["conflicts"], true),
        (
            vec![
                "conflicts",
                "recuse",
                "--member",
                "GK09",
                "--entry",
                "SK01",
                "--reason",
                "họ hàng",
            ],
            false,
        ),
        (vec!["rank"], true),
        (vec!["rank", "--round", "khong_co"], false),
        (vec!["judge", "list"], true),
        (
            vec!["judge", "add", "--id", "GK 1", "--name", "Lê Văn Xuân"],
            false,
        ),
        (
            vec!["judge", "add", "--id", "GK01", "--name", "Lê Văn Xuân"],
            false,
        ),
        (vec!["judge", "remove", "GK01"], false),
        (vec!["meeting"], true),
        (vec!["meeting", "set", "--date", "20/9/2024"], false),
        (vec!["meeting", "vote", "--for", "99"], false),
        (vec!["assign"], false),
        (vec!["assign", "--per-entry", "9"], false),
        (vec!["audit"], true),
        (vec!["audit", "verify"], true),
        (vec!["audit", "head"], true),
        (vec!["check"], true),
        (vec!["keys"], true),
        (vec!["packet", "-o", packet.as_str()], true),
        (vec!["report", "-o", out.as_str()], true),
        (vec!["export", "-o", export.as_str()], true),
        (
            vec![
                "conflicts",
                "dismiss",
                "--member",
                "GK03",
                "--entry",
                "SK01",
            ],
            true,
        ),
        (vec!["conflicts", "confirm-all"], true),
        (vec!["assign", "--entry", "SK01"], false),
        (
            vec!["rubric", "set", rubric.as_str(), "--reason", "sửa"],
            false,
        ),
        (
            vec!["rubric", "set", list.as_str(), "--reason", "sửa"],
            false,
        ),
        (vec!["meeting", "present", "GK01", "GK02"], true),
        (vec!["meeting", "absent", "GK03", "--reason", "ốm"], true),
        (
            vec!["meeting", "guest", "Ông Nguyễn Văn A, Chủ tịch UBND"],
            true,
        ),
        (
            vec!["meeting", "decide", "--entry", "SK09", "--text", "x"],
            false,
        ),
        (vec!["ssh-key", "list"], false),
        (vec!["connect", "--key", "key-1"], false),
        (vec!["publish", "--yes"], true),
        (vec!["unpublish", "--yes"], true),
        (vec!["round", "advance", "--min", "0"], false),
        (vec!["round", "advance", "--top", "1", "--force"], true),
        (vec!["import", bad.as_str()], false),
        (vec!["import", wrong_file.as_str()], false),
        (vec!["import", comma.as_str()], false),
        (vec!["import", "khong_co.json"], false),
    ];
    let mut found = Vec::new();
    for (args, ok) in runs {
        let mut full: Vec<&str> = Vec::new();
        let who = if args[0] == "judge" && args.get(1) == Some(&"remove") {
            member
        } else {
            chair
        };
        full.extend(who);
        full.extend(&args);
        let (success, text) = cli(&db, &full);
        if success != ok {
            found.push(format!("{full:?} succeeded: {success}:\n{text}"));
        }
        // The role column holds the ids --role takes, for scripts.
        let typed: &[&str] = if args[..] == ["judge", "list"] {
            &["chair", "member"]
        } else if args[0] == "import" || args[0] == "meeting" {
            // JSON paths name the file's keys (`at scores[0].judge`).
            FILE_KEYS
        } else {
            TYPED
        };
        let english = english_in(&text, typed);
        if !english.is_empty() {
            found.push(format!("{full:?} {english:?}:\n{text}"));
        }
    }
    assert!(found.is_empty(), "{}", found.join("\n"));
    // A contest file's problem says where (line and column, or the JSON
    // path) and what to do.
    let (_, said) = cli(&db, &["import", comma.as_str()]);
    assert!(
        said.contains("dòng 3, cột 3: thiếu dấu phẩy hoặc dấu đóng ngoặc }"),
        "{said}"
    );
    let (_, said) = cli(&db, &["import", wrong_file.as_str()]);
    assert!(
        said.contains("tại scores[1].points.novelty: 99 vượt điểm tối đa 25 của tiêu chí novelty"),
        "{said}"
    );
    assert!(
        said.contains("Chưa nhập gì; cơ sở dữ liệu không thay đổi."),
        "{said}"
    );
    // Whose packet: not said.
    let (success, whose) = cli(&db, &["packet", "-o", packet.as_str()]);
    assert!(!success);
    assert_eq!(english_in(&whose, TYPED), Vec::<&str>::new(), "{whose}");
    let (_, too_few) = cli(&db, &["--judge", "GK01", "assign", "--per-entry", "9"]);
    assert!(
        too_few.contains("cần 9 thành viên chấm nhưng chỉ"),
        "{too_few}"
    );
}

/// The small contest in a real store, the app on it as `judge`.
fn app(dir: &Path, judge: Option<&str>) -> (Local, Model) {
    let store = Store::open(&dir.join("db")).unwrap();
    let contest = contest_file::read_bytes("small.json", SMALL.as_bytes()).unwrap();
    store.replace_contest(&contest).unwrap();
    let contest = store.load().unwrap();
    let storage = Local::new(store, contest.definition());
    let model = Model::new(
        contest,
        judge.map(String::from),
        Some("khach".into()),
        Lang::Vi,
    );
    (storage, model)
}

#[test]
fn every_screen_speaks_vietnamese() {
    // Each screen: who, and the keys that reach it from the start.
    let screens: &[(Option<&str>, &str)] = &[
        (Some("GK01"), ""),
        (Some("GK01"), "/ t"),
        (Some("GK01"), "f"),
        (Some("GK01"), "?"),
        (Some("GK01"), "<enter>"),
        (Some("GK01"), "<enter> ?"),
        (Some("GK01"), "<enter> 9 9"),
        (Some("GK01"), "<enter> 9 9 <enter>"),
        (Some("GK01"), "<enter> S"),
        (Some("GK01"), "a"),
        (Some("GK01"), "X"),
        (Some("GK01"), "P"),
        (Some("GK01"), "r"),
        (Some("GK01"), "r ?"),
        (Some("GK01"), "r <enter>"),
        (Some("GK01"), "r A"),
        (Some("GK01"), "r +"),
        (Some("GK01"), "p"),
        (Some("GK01"), "p o"),
        (Some("GK01"), "w"),
        (Some("GK01"), "C"),
        (Some("GK01"), "T"),
        (Some("GK01"), "T <enter>"),
        (Some("GK01"), "r m"),
        (Some("GK01"), "r m m"),
        (Some("GK01"), "r m m m"),
        (Some("GK01"), "r o"),
        (Some("GK01"), "C c"),
        (Some("GK01"), "C d"),
        (Some("GK01"), "C ?"),
        (Some("GK01"), "p ?"),
        (Some("GK01"), "T ?"),
        (Some("GK01"), "m"),
        (Some("GK01"), "s s"),
        (Some("GK01"), "/ z z z z"),
        (Some("GK02"), "<enter> R"),
        (Some("GK02"), "<enter> a"),
        (Some("GK02"), "<enter> a ?"),
        (Some("GK02"), "X"),
        (Some("GK02"), ""),
        (Some("GK02"), "?"),
        (Some("GK02"), "r"),
        (Some("GK02"), "<enter> 3 0 <enter>"),
        (None, ""),
        (None, "?"),
    ];
    let mut found = Vec::new();
    for &(judge, keys) in screens {
        for (w, h) in [(80, 24), (120, 40), (40, 10)] {
            let dir = tempfile::tempdir().unwrap();
            let (mut storage, mut model) = app(dir.path(), judge);
            dispatch(&mut storage, &mut model, Msg::Resize(w, h));
            for k in Key::parse_seq(keys).unwrap() {
                dispatch(&mut storage, &mut model, Msg::Key(k));
            }
            let text = screen_text(&model, w, h);
            let english = english_in(&text, TYPED);
            if !english.is_empty() {
                found.push(format!(
                    "{judge:?} {keys:?} at {w}×{h} {english:?}:\n{text}"
                ));
            }
        }
    }
    assert!(found.is_empty(), "{}", found.join("\n"));
}

const SCORED: &str = include_str!("fixtures/scored-contest.json");

/// The scored contest grown with what the later screens show: a write-up
/// with attachments (not on disk), a secretary, a meeting, an entry waiting
/// for a paper, a rejected one and a late one.
fn grown_contest() -> String {
    let mut v: serde_json::Value = serde_json::from_str(SCORED).unwrap();
    let demo: serde_json::Value = serde_json::from_str(jury::cli::DEMO).unwrap();
    v["contest"]["deadline"] = "2024-06-30".into();
    v["entries"][0]["document"] = demo["entries"][0]["document"].clone();
    v["entries"][0]["attachments"] = demo["entries"][0]["attachments"].clone();
    let mut secretary = v["judges"][1].clone();
    secretary["id"] = "GK04".into();
    secretary["name"] = "Lê Thị Thu".into();
    secretary["user"] = "thult".into();
    secretary["role"] = "secretary".into();
    v["judges"].as_array_mut().unwrap().push(secretary);
    // A member who has not scored yet: their sheets, remarks and comments are open.
    let mut fresh = v["judges"][1].clone();
    fresh["id"] = "GK05".into();
    fresh["name"] = "Đặng Văn Nam".into();
    fresh["user"] = "namdv".into();
    v["judges"].as_array_mut().unwrap().push(fresh);
    let first = v["entries"][0].clone();
    let held = [
        (
            "SK05",
            "pending",
            "Thiếu bản xác nhận của đơn vị",
            "2024-06-01",
        ),
        (
            "SK06",
            "rejected",
            "Trùng với sáng kiến năm 2023",
            "2024-06-02",
        ),
        ("SK07", "admitted", "", "2024-07-15"),
    ];
    for (id, status, reason, submitted) in held {
        let mut e = first.clone();
        e["id"] = id.into();
        e["title"] = format!("Sáng kiến {id}").into();
        e["submitted"] = submitted.into();
        e["status"] = status.into();
        if !reason.is_empty() {
            e["reason"] = reason.into();
        }
        v["entries"].as_array_mut().unwrap().push(e);
    }
    v.to_string()
}

/// What happened before the screen is looked at.
#[derive(Clone, Copy)]
enum Before {
    Nothing,
    /// The chair left the member a reminder (on Progress, `M`).
    Reminded,
    /// The first round was closed and its best two moved on.
    Advanced,
}

/// The grown contest in a real store whose documents folder is empty, the
/// app on it as `judge`.
fn grown_app(dir: &Path, judge: &str, lang: Lang, before: Before) -> (Local, Model) {
    use jury::domain::{Bilingual, CouncilChange, Round};
    use jury::store::Storage;
    let store = Store::open(&dir.join("db")).unwrap();
    let text = grown_contest();
    let contest = contest_file::read_bytes("grown.json", text.as_bytes()).unwrap();
    store.replace_contest(&contest).unwrap();
    store.set_source_dir(dir).unwrap();
    let contest = store.load().unwrap();
    let mut storage = Local::new(store, contest.definition());
    match before {
        Before::Nothing => {}
        Before::Reminded => {
            let remind = CouncilChange::Remind {
                judge: judge.into(),
                text: "Xin chấm SK04 trước thứ Sáu".into(),
            };
            storage.council("GK01", &remind).unwrap();
        }
        Before::Advanced => {
            let from = contest.current_round().to_string();
            storage
                .council(
                    "GK01",
                    &CouncilChange::AdvanceRound {
                        from,
                        to: Round {
                            id: "chung_khao".into(),
                            name: Bilingual::new("Vòng chung khảo", "Final round"),
                            entries: None,
                            closed: false,
                            advanced: None,
                        },
                        entries: vec!["SK03".into(), "SK01".into()],
                        rule: "top 2 (mean)".into(),
                    },
                )
                .unwrap();
        }
    }
    let model = Model::new(
        storage.load().unwrap(),
        Some(judge.into()),
        Some("khach".into()),
        lang,
    );
    (storage, model)
}

/// The screens added after the first pass: the reader (find box,
/// attachments, marking, comments, annotations), remarks and the
/// annotation list, the meeting, reminders, Progress' cell, the closed
/// round, undo, held-back entries.
const LATER_SCREENS: &[(&str, Before, &str)] = &[
    ("GK05", Before::Nothing, "v"),
    ("GK05", Before::Nothing, "v ?"),
    ("GK05", Before::Nothing, "v /"),
    ("GK05", Before::Nothing, "v / s ố <enter>"),
    ("GK05", Before::Nothing, "v / z z z q <enter>"),
    ("GK05", Before::Nothing, "v n"),
    ("GK05", Before::Nothing, "v o"),
    ("GK05", Before::Nothing, "v o <enter>"),
    ("GK05", Before::Nothing, "v o o <enter>"),
    ("GK05", Before::Nothing, "v o o o <enter>"),
    ("GK05", Before::Nothing, "v j j V"),
    ("GK05", Before::Nothing, "v j j V j j j"),
    ("GK05", Before::Nothing, "v j j V j c"),
    ("GK05", Before::Nothing, "v j j V j c <enter>"),
    ("GK05", Before::Nothing, "v j j V j c r õ <enter>"),
    ("GK05", Before::Nothing, "v j j V j c r õ <enter> ]"),
    (
        "GK05",
        Before::Nothing,
        "v j j V j c r õ <enter> <esc> <enter>",
    ),
    (
        "GK05",
        Before::Nothing,
        "v j j V j c r õ <enter> <esc> <enter> A",
    ),
    (
        "GK05",
        Before::Nothing,
        "v j j V j c r õ <enter> <esc> <enter> A ?",
    ),
    ("GK05", Before::Nothing, "v c"),
    ("GK05", Before::Nothing, "v v"),
    ("GK05", Before::Nothing, "<enter> v"),
    ("GK05", Before::Nothing, "<enter> v <tab>"),
    ("GK05", Before::Nothing, "<enter> v ?"),
    ("GK05", Before::Nothing, "<enter> r"),
    ("GK05", Before::Nothing, "<enter> r ?"),
    ("GK05", Before::Nothing, "<enter> r t ố t <enter>"),
    ("GK05", Before::Nothing, "<enter> r t ố t <enter> A"),
    ("GK05", Before::Nothing, "<enter> A"),
    ("GK05", Before::Nothing, "<enter> 2 0 <enter> u"),
    ("GK02", Before::Nothing, "<enter> r"),
    ("GK02", Before::Nothing, "v j j V j c"),
    ("GK02", Before::Reminded, ""),
    ("GK02", Before::Nothing, "M"),
    ("GK04", Before::Nothing, "M"),
    ("GK04", Before::Nothing, "M ?"),
    ("GK04", Before::Nothing, ""),
    ("GK04", Before::Nothing, "G <enter>"),
    ("GK04", Before::Nothing, "G k <enter>"),
    ("GK01", Before::Nothing, "M"),
    ("GK01", Before::Nothing, "G"),
    ("GK01", Before::Nothing, "G <enter>"),
    ("GK01", Before::Nothing, "G k <enter>"),
    ("GK01", Before::Nothing, "p <enter>"),
    ("GK01", Before::Nothing, "p j <enter>"),
    ("GK01", Before::Nothing, "p M"),
    ("GK01", Before::Nothing, "p j j M"),
    ("GK01", Before::Nothing, "p j j M a b c <enter>"),
    ("GK01", Before::Nothing, "p ?"),
    ("GK01", Before::Nothing, "r v"),
    ("GK01", Before::Advanced, "r v"),
    ("GK01", Before::Advanced, "r v <enter>"),
    ("GK01", Before::Advanced, "r v +"),
    ("GK01", Before::Nothing, "r +"),
    ("GK01", Before::Nothing, "r j j j j +"),
    ("GK01", Before::Nothing, "r j j j j + y"),
    ("GK01", Before::Nothing, "r j j j j + y u"),
    ("GK01", Before::Nothing, "r A"),
    ("GK01", Before::Nothing, "r u"),
    ("GK01", Before::Nothing, "r ?"),
];

#[test]
fn every_later_screen_speaks_vietnamese() {
    let mut found = Vec::new();
    for &(judge, before, keys) in LATER_SCREENS {
        for (w, h) in [(80, 24), (120, 40)] {
            let dir = tempfile::tempdir().unwrap();
            let (mut storage, mut model) = grown_app(dir.path(), judge, Lang::Vi, before);
            dispatch(&mut storage, &mut model, Msg::Resize(w, h));
            for k in Key::parse_seq(keys).unwrap() {
                dispatch(&mut storage, &mut model, Msg::Key(k));
            }
            let text = screen_text(&model, w, h);
            let english = english_in(&text, TYPED);
            if !english.is_empty() {
                found.push(format!("{judge} {keys:?} at {w}×{h} {english:?}:\n{text}"));
            }
        }
    }
    assert!(found.is_empty(), "{}", found.join("\n"));
}

/// The interface's own Vietnamese phrases (the catalog's, two words or
/// more between its placeholders), to look for on an English screen; not
/// those the contest's own Vietnamese text happens to hold.
fn vietnamese_phrases() -> Vec<&'static str> {
    let data = grown_contest();
    use jury::i18n::T;
    let mut out: Vec<&str> = T::ALL
        .iter()
        .filter(|t| t.get(Lang::Vi) != t.get(Lang::En))
        .flat_map(|t| t.get(Lang::Vi).split("{}"))
        .map(|p| p.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|p| p.split_whitespace().count() >= 2 && !p.is_ascii())
        .filter(|p| !data.contains(p))
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

#[test]
fn every_later_screen_in_english_keeps_to_english() {
    let phrases = vietnamese_phrases();
    let mut found = Vec::new();
    for &(judge, before, keys) in LATER_SCREENS {
        for (w, h) in [(80, 24), (120, 40)] {
            let dir = tempfile::tempdir().unwrap();
            let (mut storage, mut model) = grown_app(dir.path(), judge, Lang::En, before);
            dispatch(&mut storage, &mut model, Msg::Resize(w, h));
            for k in Key::parse_seq(keys).unwrap() {
                dispatch(&mut storage, &mut model, Msg::Key(k));
            }
            let text = screen_text(&model, w, h);
            let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
            let vietnamese: Vec<&str> = phrases
                .iter()
                .copied()
                .filter(|p| flat.contains(p))
                .collect();
            if !vietnamese.is_empty() {
                found.push(format!(
                    "{judge} {keys:?} at {w}×{h} {vietnamese:?}:\n{text}"
                ));
            }
        }
    }
    assert!(found.is_empty(), "{}", found.join("\n"));
}

/// What the later screens say in their status line at 80 columns, read whole.
#[test]
fn later_messages_are_read_whole_at_80_columns() {
    let cases: &[(&str, &str, &str)] = &[
        (
            "GK05",
            "v o <enter>",
            "Hình ảnh triển khai.jpg: không phải tệp văn bản, không mở được ở đây",
        ),
        (
            "GK05",
            "v o o <enter>",
            "Chưa có tệp thuyet-minh.md trên máy chủ; hãy báo thư ký hội đồng bổ sung",
        ),
        (
            "GK02",
            "<enter> r",
            "Phiếu SK01 đã nộp nên nhận xét đã khoá; nhấn R (kèm lý do) để mở lại",
        ),
        (
            "GK04",
            "G k <enter>",
            "SK05 đang chờ xét hồ sơ (Thiếu bản xác nhận của đơn vị): chưa chấm được",
        ),
        (
            "GK01",
            "G k <enter>",
            "SK06 bị loại (Trùng với sáng kiến năm 2023): không chấm",
        ),
        (
            "GK05",
            "v j j V",
            "Đánh dấu dòng 1 của bài viết · j/k mở rộng · c ghi chú · Esc thôi",
        ),
    ];
    for &(judge, keys, said) in cases {
        let dir = tempfile::tempdir().unwrap();
        let (mut storage, mut model) = grown_app(dir.path(), judge, Lang::Vi, Before::Nothing);
        dispatch(&mut storage, &mut model, Msg::Resize(80, 24));
        for k in Key::parse_seq(keys).unwrap() {
            dispatch(&mut storage, &mut model, Msg::Key(k));
        }
        let text = screen_text(&model, 80, 24);
        let status = text.lines().last().unwrap_or_default();
        assert!(status.contains(said), "{judge} {keys:?}:\n{text}");
    }
    // The annotation list quotes the passage as the reader shows it.
    let dir = tempfile::tempdir().unwrap();
    let (mut storage, mut model) = grown_app(dir.path(), "GK05", Lang::Vi, Before::Nothing);
    dispatch(&mut storage, &mut model, Msg::Resize(80, 24));
    for k in Key::parse_seq("v j j V c r õ <enter> <esc> <enter> A").unwrap() {
        dispatch(&mut storage, &mut model, Msg::Key(k));
    }
    let list = screen_text(&model, 80, 24);
    assert!(list.contains("dòng 1 «Thực trạng» rõ"), "{list}");
    // The reader shows attachments' kinds in words, and dates day first.
    let dir = tempfile::tempdir().unwrap();
    let (mut storage, mut model) = grown_app(dir.path(), "GK05", Lang::Vi, Before::Nothing);
    dispatch(&mut storage, &mut model, Msg::Resize(80, 24));
    for k in Key::parse_seq("v").unwrap() {
        dispatch(&mut storage, &mut model, Msg::Key(k));
    }
    assert!(screen_text(&model, 80, 24).contains("Ngày nộp hồ sơ: 02/05/2024"));
    for k in Key::parse_seq("G").unwrap() {
        dispatch(&mut storage, &mut model, Msg::Key(k));
    }
    let end = screen_text(&model, 80, 24);
    for kind in [
        "thực hiện.pdf · PDF ·",
        "triển khai.jpg · ảnh ·",
        "chi tiết.md · văn bản ·",
    ] {
        assert!(end.contains(kind), "{kind}:\n{end}");
    }
}

/// A file of `tests/fixtures/libreoffice`, saved by LibreOffice.
fn libreoffice(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/libreoffice")
        .join(name)
        .to_string_lossy()
        .into_owned()
}

#[test]
fn every_later_command_and_its_refusals_speak_vietnamese() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::imported(&dir);
    let path = |name: &str| dir.path().join(name).to_string_lossy().into_owned();
    let docs = path("bai-viet");
    std::fs::create_dir(&docs).unwrap();
    std::fs::copy(libreoffice("SK37.docx"), Path::new(&docs).join("SK37.docx")).unwrap();
    std::fs::write(Path::new(&docs).join("SK37-so-lieu.csv"), "a;b\n1;2\n").unwrap();
    let stray = path("la");
    std::fs::create_dir(&stray).unwrap();
    std::fs::write(Path::new(&stray).join("SK99.md"), "# Không có\n").unwrap();
    let csv = path("ds.csv");
    std::fs::write(
        &csv,
        "Mã;Tên giải pháp;Tác giả;Ngày nộp\nSK05;Thu phí không dùng tiền mặt;\"An (50%)\nBình (50%)\";15/03/2024\n",
    )
    .unwrap();
    // A date no one can read and a share above 100.
    let bad_csv = path("sai.csv");
    std::fs::write(
        &bad_csv,
        "Mã;Tên giải pháp;Tác giả;Ngày nộp\nSK06;Một cửa;\"An (150%)\";31/02/2024\n",
    )
    .unwrap();
    let not_sheet = path("ds.txt");
    std::fs::write(&not_sheet, "Mã;Tên\n").unwrap();
    let (xlsx, ods) = (libreoffice("entries.xlsx"), libreoffice("entries.ods"));
    let (minutes, proposal, sheets, md) = (
        path("bien-ban.docx"),
        path("to-trinh.docx"),
        path("phieu.docx"),
        path("bien-ban.md"),
    );
    let runs: Vec<(Vec<&str>, bool)> = vec![
        (vec!["import", "--help"], true),
        (vec!["entries", "--help"], true),
        (vec!["entries", "reject", "--help"], true),
        (vec!["report", "--help"], true),
        (vec!["meeting", "--help"], true),
        (vec!["meeting", "decide", "--help"], true),
        (vec!["import", xlsx.as_str()], true),
        (vec!["import", ods.as_str()], true),
        (vec!["import", "--sheet", "khong co", xlsx.as_str()], false),
        (vec!["import", csv.as_str()], true),
        (vec!["import", bad_csv.as_str()], false),
        (vec!["import", not_sheet.as_str()], false),
        (vec!["import", "khong_co.xlsx"], false),
        (vec!["import", "--documents", docs.as_str()], true),
        (
            vec!["import", "--documents", docs.as_str(), xlsx.as_str()],
            true,
        ),
        // A file matching no entry is named and left out; the rest is imported.
        (vec!["import", "--documents", stray.as_str()], true),
        (vec!["import", "--documents", "khong_co"], false),
        (
            vec!["entries", "pending", "SK02", "--reason", "thiếu xác nhận"],
            true,
        ),
        (
            vec!["entries", "reject", "SK03", "--reason", "trùng năm trước"],
            true,
        ),
        (vec!["entries"], true),
        (vec!["entries", "admit", "SK02", "SK03"], true),
        (vec!["entries", "admit", "SK99"], false),
        (vec!["entries", "reject", "SK01", "--reason", " "], false),
        (
            vec!["report", "-o", minutes.as_str(), "--doc", "bien-ban"],
            true,
        ),
        (
            vec!["report", "-o", proposal.as_str(), "--doc", "to-trinh"],
            true,
        ),
        (
            vec!["report", "-o", sheets.as_str(), "--doc", "phieu"],
            true,
        ),
        (
            vec![
                "report",
                "-o",
                sheets.as_str(),
                "--doc",
                "phieu",
                "--member",
                "GK02",
            ],
            true,
        ),
        (
            vec![
                "report",
                "-o",
                sheets.as_str(),
                "--doc",
                "phieu",
                "--member",
                "GK99",
            ],
            false,
        ),
        (vec!["report", "-o", md.as_str(), "--doc", "phieu"], false),
        (
            vec![
                "meeting",
                "set",
                "--date",
                "2024-09-20",
                "--time",
                "08:00",
                "--place",
                "Hội trường UBND xã",
            ],
            true,
        ),
        (vec!["meeting", "set", "--time", "25:00"], false),
        (vec!["meeting", "present", "GK01", "GK02", "GK03"], true),
        (vec!["meeting", "present", "GK99"], false),
        (vec!["meeting", "absent", "GK02"], false),
        (
            vec!["meeting", "guest", "Bà Trần Thị B, Phó Chủ tịch UBND"],
            true,
        ),
        (vec!["meeting", "vote", "--for", "3"], true),
        (
            vec!["meeting", "vote", "--for", "3", "--against", "2"],
            false,
        ),
        (
            vec![
                "meeting",
                "decide",
                "--entry",
                "SK02",
                "--award",
                "nhat",
                "--text",
                "Hội đồng thống nhất",
            ],
            true,
        ),
        (
            vec![
                "meeting", "decide", "--entry", "SK02", "--award", "khong_co", "--text", "x",
            ],
            false,
        ),
        (vec!["meeting", "show"], true),
        (vec!["meeting"], true),
    ];
    let mut found = Vec::new();
    for (args, ok) in runs {
        let mut full = vec!["--judge", "GK01"];
        full.extend(&args);
        let (success, text) = cli(&db, &full);
        if success != ok {
            found.push(format!("{full:?} succeeded: {success}:\n{text}"));
        }
        // Typed, not read: subcommands, `--sort` and `--method` choices, and
        // the contest file's fields a spreadsheet's columns go to.
        let typed: &[&str] = &[
            "set",
            "present",
            "absent",
            "guest",
            "vote",
            "decide",
            "entries",
            "unit",
            "mean",
            "median",
            "submitted",
        ];
        let english = english_in(&text, typed);
        if !english.is_empty() {
            found.push(format!("{full:?} {english:?}:\n{text}"));
        }
    }
    // A member may not screen entries.
    let (success, text) = cli(&db, &["--judge", "GK02", "entries", "admit", "SK01"]);
    assert!(!success, "{text}");
    let english = english_in(&text, TYPED);
    assert!(english.is_empty(), "{english:?}: {text}");
    assert!(found.is_empty(), "{}", found.join("\n"));
}

/// The meeting's record at 80 columns: a long line wraps under its own
/// start, never to the screen's edge.
#[test]
fn the_meetings_wrapped_lines_keep_their_margin() {
    let c = contest_file::read_bytes("demo", jury::cli::DEMO.as_bytes()).unwrap();
    let mut m = Model::new(c, Some("GK04".into()), None, Lang::Vi);
    for k in Key::parse_seq("M").unwrap() {
        jury::app::update(&mut m, Msg::Key(k));
    }
    let screen = screen_text(&m, 80, 24);
    assert!(
        screen.contains("Căn cứ: Quyết định số 123/QĐ-UBND"),
        "{screen}"
    );
    let lines: Vec<&str> = screen.lines().collect();
    for line in &lines[1..lines.len() - 1] {
        assert!(
            line.is_empty() || line.starts_with(' '),
            "{line:?} starts at the edge:\n{screen}"
        );
    }
}
