//! Vietnamese done right: dictionary order, unit names, input as people save it.

mod common;

use common::{SMALL, run, stderr, stdout};
use jury::app::{Model, Msg};
use jury::contest_file;
use jury::domain::Lang;
use jury::input::key::Key;
use jury::run::dispatch;
use jury::store::{Local, Store};

/// Vietnamese dictionary order (CLDR `vi`), as the issue gives it.
const ORDER: [&str; 17] = [
    "Anh", "Ăn", "Âm", "De", "Dịch", "Đa", "Đổi", "Em", "Ếch", "Thanh", "Thành", "Thảnh", "Thánh",
    "Thạnh", "Uỷ", "Ứng", "Ưu",
];

/// The small contest with one entry per title of `ORDER`, in a shuffled
/// order: entry `SKnn` gets title `ORDER[SHUFFLE[nn]]`.
const SHUFFLE: [usize; 17] = [12, 5, 16, 0, 9, 3, 14, 7, 1, 11, 15, 2, 8, 6, 13, 4, 10];

fn shuffled_contest() -> String {
    let mut doc: serde_json::Value = serde_json::from_str(SMALL).unwrap();
    let entries: Vec<serde_json::Value> = SHUFFLE
        .iter()
        .enumerate()
        .map(|(n, &t)| {
            serde_json::json!({
                "id": format!("SK{:02}", n + 1),
                "title": ORDER[t],
                "unit": "UBND xã Tân Phú",
                "field": "tthc",
            })
        })
        .collect();
    doc["entries"] = serde_json::Value::Array(entries);
    doc.as_object_mut().unwrap().remove("sheets");
    doc.as_object_mut().unwrap().remove("notes");
    doc.as_object_mut().unwrap().remove("assignments");
    doc.to_string()
}

fn title_of(id: &str) -> &'static str {
    let n: usize = id[2..].parse().unwrap();
    ORDER[SHUFFLE[n - 1]]
}

#[test]
fn the_app_sorts_titles_in_vietnamese_order() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("db")).unwrap();
    let contest = contest_file::read_bytes("vi.json", shuffled_contest().as_bytes()).unwrap();
    store.replace_contest(&contest).unwrap();
    let contest = store.load().unwrap();
    let mut storage = Local::new(store, contest.definition());
    let mut model = Model::new(contest, Some("GK01".into()), Some("lannt".into()), Lang::Vi);
    // `o` once: from id order to title order.
    for k in Key::parse_seq("o").unwrap() {
        dispatch(&mut storage, &mut model, Msg::Key(k));
    }
    let shown: Vec<&str> = model
        .list
        .visible
        .iter()
        .map(|&i| model.contest.entries[i].title.as_str())
        .collect();
    assert_eq!(shown, ORDER);
}

#[test]
fn jury_entries_sorts_titles_in_vietnamese_order() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("vi.json");
    std::fs::write(&file, shuffled_contest()).unwrap();
    let db = dir.path().join("db");
    let out = run(&db, &["import", file.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));

    let out = run(&db, &["entries", "--sort", "title", "--format", "csv"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some("\u{feff}id,title,unit,field,authors,submitted,status,reason,late")
    );
    let titles: Vec<&str> = lines.map(|l| l.split(',').nth(1).unwrap()).collect();
    assert_eq!(titles, ORDER);

    // The table, in Vietnamese, in the same order; ids follow their titles.
    let out = run(&db, &["--lang", "vi", "entries", "--sort", "title"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let ids: Vec<String> = stdout(&out)
        .lines()
        .skip(1)
        .map(|l| l.split_whitespace().next().unwrap().to_string())
        .collect();
    let titles: Vec<&str> = ids.iter().map(|id| title_of(id)).collect();
    assert_eq!(titles, ORDER);

    let out = run(&db, &["entries", "--sort", "title", "--format", "json"]);
    let list: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    let titles: Vec<&str> = list.iter().map(|e| e["title"].as_str().unwrap()).collect();
    assert_eq!(titles, ORDER);
}

#[test]
fn jury_entries_filters_by_field_id_or_name_and_refuses_an_unknown_one() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::imported(&dir);
    let all = stdout(&run(&db, &["entries", "--format", "csv"]))
        .lines()
        .count()
        - 1;
    let by_id = run(&db, &["entries", "--field", "tthc", "--format", "csv"]);
    let by_name = run(
        &db,
        &[
            "entries",
            "--field",
            "thủ tục hành chính",
            "--format",
            "csv",
        ],
    );
    assert!(by_id.status.success(), "{}", stderr(&by_id));
    let kept = stdout(&by_id).lines().count() - 1;
    assert!(kept >= 1 && kept < all, "{kept} of {all}");
    assert_eq!(stdout(&by_id), stdout(&by_name));
    for line in stdout(&by_id).lines().skip(1) {
        assert_eq!(line.split(',').nth(3), Some("tthc"), "{line}");
    }

    let out = run(&db, &["--lang", "vi", "entries", "--field", "thue"]);
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(err.contains("không có lĩnh vực \"thue\""), "{err}");
    assert!(err.contains("tthc"), "{err}");
}

#[test]
fn units_in_the_contest_file_round_trip_and_propose_sub_unit_conflicts() {
    let dir = tempfile::tempdir().unwrap();
    let mut doc: serde_json::Value = serde_json::from_str(SMALL).unwrap();
    // GK01 works at UBND xã Tân Phú; SK01 comes from the Bộ phận Một cửa.
    doc["units"] = serde_json::json!([
        { "name": "Bộ phận Một cửa", "parent": "Văn phòng HĐND và UBND" },
        { "name": "Văn phòng HĐND và UBND", "parent": "UBND xã Tân Phú" },
    ]);
    let file = dir.path().join("units.json");
    std::fs::write(&file, doc.to_string()).unwrap();
    let db = dir.path().join("db");
    let out = run(&db, &["import", file.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));

    let exported: serde_json::Value = serde_json::from_str(&common::export(&db)).unwrap();
    assert_eq!(exported["units"], doc["units"]);

    let out = run(&db, &["--lang", "vi", "conflicts"]);
    let text = stdout(&out);
    assert!(
        text.lines().any(|l| l.contains("GK01")
            && l.contains("SK01")
            && l.contains("Bộ phận Một cửa trực thuộc UBND xã Tân Phú")),
        "{text}"
    );
}

#[test]
fn a_file_without_units_exports_without_them() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::imported(&dir);
    let exported: serde_json::Value = serde_json::from_str(&common::export(&db)).unwrap();
    assert!(exported.get("units").is_none());
}

#[test]
fn a_contest_file_saved_with_a_byte_order_mark_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("notepad.json");
    std::fs::write(&file, format!("\u{feff}{SMALL}")).unwrap();
    let db = dir.path().join("db");
    let out = run(&db, &["import", file.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let out = run(&db, &["entries", "--format", "csv"]);
    assert!(stdout(&out).contains("SK01,"), "{}", stdout(&out));
}

#[test]
fn judge_ids_ignore_case_when_only_one_member_matches() {
    use jury::run::choose_member;
    let contest = contest_file::read_bytes("small.json", SMALL.as_bytes()).unwrap();
    let chosen = choose_member(&contest.judges, Some("gk02"), None, Lang::Vi).unwrap();
    assert_eq!(chosen.as_deref(), Some("GK02"));

    // Two ids equal but for case: the typed one must be exact.
    let mut judges = contest.judges.clone();
    let mut twin = judges[1].clone();
    twin.id = "gk02".into();
    judges.push(twin);
    assert_eq!(
        choose_member(&judges, Some("gk02"), None, Lang::Vi).unwrap(),
        Some("gk02".into())
    );
    assert!(choose_member(&judges, Some("Gk02"), None, Lang::Vi).is_err());
}

#[test]
fn the_replace_hint_repeats_the_db_it_was_given() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::imported(&dir);
    let file = dir.path().join("small.json");
    let out = run(&db, &["--lang", "vi", "import", file.to_str().unwrap()]);
    assert!(!out.status.success());
    let err = stderr(&out);
    let hint = format!(
        "`jury --db {} import --replace {}`",
        db.display(),
        file.display()
    );
    assert!(err.contains(&hint), "{err}\nwanted {hint}");
}

/// English words a Vietnamese listing must not show.
const ENGLISH: [&str; 14] = [
    "current",
    "closed",
    "later",
    "entries",
    "max",
    "step",
    "same unit",
    "mean",
    "median",
    "from",
    "total",
    "database",
    "error",
    "Judging",
];

fn english_in(text: &str) -> Vec<&'static str> {
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .map(str::to_lowercase)
        .collect();
    ENGLISH
        .iter()
        .copied()
        .filter(|w| {
            if w.contains(' ') {
                text.to_lowercase().contains(&w.to_lowercase())
            } else {
                words.iter().any(|x| *x == w.to_lowercase())
            }
        })
        .collect()
}

#[test]
fn the_listings_speak_vietnamese_with_lang_vi_and_english_with_lang_en() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::imported(&dir);
    for args in [
        &["round"][..],
        &["rubric"],
        &["conflicts"],
        &["entries"],
        &["rank"],
        &["judge", "list"],
    ] {
        let mut full = vec!["--lang", "vi"];
        full.extend_from_slice(args);
        let out = run(&db, &full);
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        let text = stdout(&out);
        assert_eq!(english_in(&text), Vec::<&str>::new(), "{args:?}:\n{text}");
    }
    let round = stdout(&run(&db, &["--lang", "vi", "round"]));
    assert!(
        round.contains("Vòng chấm\tđang chấm\t4 sáng kiến"),
        "{round}"
    );
    let round = stdout(&run(&db, &["--lang", "en", "round"]));
    assert!(round.contains("Judging\tcurrent\t4 entries"), "{round}");
    let rubric = stdout(&run(&db, &["--lang", "vi", "rubric"]));
    assert!(rubric.contains("Tính mới\ttối đa 25\tbước 1"), "{rubric}");
}

#[test]
fn a_db_that_is_a_file_is_explained_in_the_members_language() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("notes.txt");
    std::fs::write(&file, "not a database").unwrap();
    let out = run(&file, &["--lang", "vi", "entries"]);
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(
        err.contains("là một tệp, không phải thư mục cơ sở dữ liệu: hãy cho --db một thư mục"),
        "{err}"
    );
    assert!(!err.contains("os error"), "{err}");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "not a database");

    let empty = dir.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    let out = run(&empty, &["--lang", "vi", "entries"]);
    let err = stderr(&out);
    assert!(err.contains("chưa có cuộc thi nào"), "{err}");
}

#[test]
fn the_audit_trail_names_actions_in_words_and_keeps_ids_for_scripts() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::imported(&dir);
    let recuse = [
        "conflicts",
        "recuse",
        "--member",
        "GK02",
        "--entry",
        "SK01",
        "--reason",
        "họ hàng",
    ];
    let out = run(&db, &recuse);
    assert!(out.status.success(), "{}", stderr(&out));
    let vi = stdout(&run(&db, &["--lang", "vi", "audit"]));
    let line = vi.lines().find(|l| l.contains("GK02")).unwrap_or_default();
    assert!(line.contains("không tham gia chấm"), "{vi}");
    assert!(!line.contains("recuse"), "{vi}");
    let en = stdout(&run(&db, &["--lang", "en", "audit"]));
    assert!(en.contains("recusal"), "{en}");
    let json = stdout(&run(&db, &["audit", "--format", "json"]));
    assert!(json.contains("\"recuse\""), "{json}");
}

#[test]
fn a_packet_for_a_judge_typed_in_lower_case_is_for_that_member() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::imported(&dir);
    let file = dir.path().join("gk03.json");
    let out = run(
        &db,
        &["--judge", "gk03", "packet", "-o", file.to_str().unwrap()],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let packet: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    assert_eq!(packet["packet"]["judge"], "GK03");
}
