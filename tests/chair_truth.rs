//! What surrounds the chair's figures tells the truth: who is expected,
//! which sheets count, what settled a tie, which method and which minimum.

use jury::app::{Model, Msg, update};
use jury::contest_file;
use jury::domain::{Contest, Lang};
use jury::input::key::Key;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

const SCORED: &str = include_str!("fixtures/scored-contest.json");

fn scored() -> Contest {
    contest_file::read_bytes("scored.json", SCORED.as_bytes()).unwrap()
}

fn keys(m: &mut Model, keys: &str) {
    for k in Key::parse_seq(keys).unwrap() {
        update(m, Msg::Key(k));
    }
}

fn screen(m: &mut Model, w: u16, h: u16) -> String {
    update(m, Msg::Resize(w, h));
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| jury::ui::view(m, f)).unwrap();
    let buf = t.backend().buffer();
    let mut out = String::new();
    for y in 0..h {
        let mut skip = 0;
        for x in 0..w {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let s = buf[(x, y)].symbol();
            skip = unicode_width::UnicodeWidthStr::width(s).saturating_sub(1);
            out.push_str(s);
        }
        out.push('\n');
    }
    out
}

/// The line of `s` holding `needle`.
fn line_of<'a>(s: &'a str, needle: &str) -> &'a str {
    s.lines().find(|l| l.contains(needle)).unwrap_or("")
}

#[test]
fn sharing_out_after_the_sheets_are_in_keeps_every_sheet_expected() {
    // Everyone has submitted everything; then each entry goes to GK01 alone.
    let mut c = scored();
    for e in ["SK01", "SK02", "SK03", "SK04"] {
        c.assignments.add("main", e, "GK01");
    }
    let mut m = Model::new(c.clone(), Some("GK01".into()), None, Lang::En);
    keys(&mut m, "p");
    let s = screen(&mut m, 80, 24);
    for j in ["GK01", "GK02", "GK03"] {
        assert!(
            line_of(&s, j).contains("4/4"),
            "{j} submitted all four and is expected for all four: {s}"
        );
    }
    let mut m = Model::new(c, Some("GK01".into()), None, Lang::En);
    keys(&mut m, "r");
    let s = screen(&mut m, 120, 40);
    assert!(
        line_of(&s, "SK01").contains("3/3") && !s.contains("3/1"),
        "three sheets, three expected: {s}"
    );
    let ranking = jury::domain::ranking::rank(&m.contest, "main", Default::default());
    assert!(
        ranking
            .rows
            .iter()
            .all(|r| !r.has(jury::domain::ranking::Flag::Incomplete)),
        "nobody is missing a sheet"
    );
}

/// The fixture with SK02 scored like SK01 in total (76.33) but lower on
/// effectiveness (23.33 against 24.33): the tiebreak puts SK01 first.
fn tied() -> Contest {
    let mut doc: serde_json::Value = serde_json::from_str(SCORED).unwrap();
    for s in doc["scores"].as_array_mut().unwrap() {
        if s["entry"] != "SK02" {
            continue;
        }
        let points = if s["judge"] == "GK03" {
            serde_json::json!({"novelty": 19, "creativity": 17, "effectiveness": 22, "feasibility": 14})
        } else {
            serde_json::json!({"novelty": 21, "creativity": 18.5, "effectiveness": 24, "feasibility": 15})
        };
        s["points"] = points;
    }
    contest_file::read_bytes("tied.json", doc.to_string().as_bytes()).unwrap()
}

#[test]
fn a_tie_settled_by_the_tiebreak_is_marked_with_its_criterion_everywhere() {
    use jury::domain::ranking::{Flag, Method, rank};
    use jury::report::ranking as out;
    let c = tied();
    let r = rank(&c, "main", Method::Mean);
    let (sk01, sk02) = (r.row("SK01").unwrap(), r.row("SK02").unwrap());
    assert_eq!(sk01.score, sk02.score, "the totals are equal");
    assert_eq!((sk01.rank, sk02.rank), (Some(2), Some(3)));
    for row in [sk01, sk02] {
        assert!(row.has(Flag::Tiebreak), "{}: {:?}", row.entry, row.flags);
        assert_eq!(row.tiebreak.as_deref(), Some("effectiveness"));
    }
    assert!(!r.row("SK03").unwrap().has(Flag::Tiebreak));

    let shown = out::rows(&c, &r, None);
    let table = out::table(&c, &r, &shown, Lang::En);
    assert!(
        line_of(&table, "SK02").contains("tiebreak (on Effectiveness)"),
        "{table}"
    );
    let csv = out::csv(&c, &r, &shown);
    assert!(
        line_of(&csv, "SK02").ends_with(",tiebreak,tiebreak:effectiveness"),
        "{csv}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&out::json(&c, &r, &shown, Lang::En)).unwrap();
    let sk02_json = json["entries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["entry"] == "SK02")
        .unwrap();
    assert_eq!(sk02_json["tiebreak"], "effectiveness");
    assert!(
        sk02_json["flags"]
            .as_array()
            .unwrap()
            .contains(&"tiebreak".into())
    );
    let md = out::markdown(&c, &r, &shown, Lang::En);
    assert!(
        line_of(&md, "SK02").contains("tiebreak (on Effectiveness)"),
        "{md}"
    );

    let docs = jury::report::documents::markdown(
        &jury::report::documents::build(&c, "main", Method::Mean, Lang::Vi, "01/12/2024"),
        Lang::Vi,
    );
    assert!(
        docs.contains("SK02: điểm bằng nhau, xếp theo tiêu chí phụ (theo Tính hiệu quả)"),
        "the minutes list the tiebreak among what to consider: {docs}"
    );
    assert!(
        docs.contains(
            "SK02: GK01 — xung đột lợi ích được đề xuất, chưa quyết định (cùng đơn vị: UBND xã Tân Phú)"
        ),
        "and the conflict still pending: {docs}"
    );

    let mut m = Model::new(c, Some("GK01".into()), None, Lang::En);
    keys(&mut m, "r");
    let s = screen(&mut m, 200, 40);
    assert!(
        line_of(&s, "SK02").contains("tiebreak (on Effectiveness)"),
        "{s}"
    );
}

#[test]
fn below_threshold_names_the_minimum_and_only_the_entry_that_missed_it() {
    use jury::domain::Points;
    use jury::domain::ranking::{Flag, Method, Shortfall, rank};
    let mut c = scored();
    // No entry reaches 90: the first prize stays empty.
    c.awards[0].min_total = Points::whole(90);
    let r = rank(&c, "main", Method::Mean);
    let flagged: Vec<&str> = r
        .rows
        .iter()
        .filter(|x| x.has(Flag::BelowThreshold))
        .map(|x| x.entry.as_str())
        .collect();
    assert_eq!(
        flagged,
        vec!["SK03"],
        "SK03 was first in line for the empty first prize; the entries below it, all under 90 too, missed nothing that was theirs"
    );
    assert_eq!(
        r.row("SK03").unwrap().shortfall,
        Some(Shortfall::Tier {
            award: "nhat".into(),
            min: Points::whole(90)
        })
    );
    let shown = jury::report::ranking::rows(&c, &r, None);
    let table = jury::report::ranking::table(&c, &r, &shown, Lang::En);
    assert!(
        line_of(&table, "SK03").contains("below-threshold (First prize needs 90)"),
        "{table}"
    );
    // A criterion under its minimum is named as such.
    let mut c = scored();
    c.rubric.criteria[0].min_to_award = Points::whole(21);
    let r = rank(&c, "main", Method::Mean);
    assert_eq!(
        r.row("SK01").unwrap().shortfall,
        Some(Shortfall::Criterion {
            criterion: "novelty".into(),
            min: Points::whole(21)
        })
    );
}

#[test]
fn the_breakdown_marks_a_recused_column_and_keeps_drafts_out_of_the_total() {
    use jury::domain::conflict::Conflict;
    use jury::domain::{SheetKey, SheetState};
    let mut c = scored();
    // GK03 is recused from SK02 after submitting 59; GK02's SK02 sheet is reopened.
    let conflict = Conflict {
        judge: "GK03".into(),
        entry: "SK02".into(),
        reason: "cùng đơn vị".into(),
        dismissed: false,
    };
    c.conflicts.push(conflict);
    let key = SheetKey::new("main", "SK02", "GK02");
    let mut sheet = c.sheet(&key).unwrap().clone();
    sheet.state = SheetState::Draft;
    c.put_sheet(sheet);
    let mut m = Model::new(c, Some("GK01".into()), None, Lang::En);
    keys(&mut m, "r");
    let at = m
        .chair
        .rows()
        .iter()
        .position(|r| r.entry == "SK02")
        .unwrap();
    for _ in 0..at {
        keys(&mut m, "j");
    }
    keys(&mut m, "<enter>");
    let s = screen(&mut m, 80, 24);
    assert!(line_of(&s, "Criterion").contains("⊘GK03"), "{s}");
    let total = line_of(&s, "Total");
    assert!(
        total.contains("56") && !total.contains("59") && !total.contains("64"),
        "only GK01's counted 56 in the Total row: {s}"
    );
    assert!(
        line_of(&s, "not counted").contains("○64") && line_of(&s, "not counted").contains("⊘59"),
        "the draft and the recused sheet aside, marked: {s}"
    );
    assert!(
        s.contains("from 1 submitted sheets: GK01"),
        "the score says what it is computed from: {s}"
    );
}

#[test]
fn with_no_sheets_the_verdict_says_so_and_every_entry_shows_unscored() {
    let mut c = scored();
    c.sheets.clear();
    for lang in [Lang::En, Lang::Vi] {
        let mut m = Model::new(c.clone(), Some("GK01".into()), None, lang);
        keys(&mut m, "r");
        let s = screen(&mut m, 120, 30);
        let (none, unscored) = match lang {
            Lang::En => ("No sheets yet.", "unscored"),
            Lang::Vi => ("Chưa có phiếu nào được nộp.", "chưa chấm"),
        };
        assert!(s.contains(none), "{s}");
        assert!(!s.contains('✓'), "no ✓ over an empty round: {s}");
        for e in ["SK01", "SK02", "SK03", "SK04"] {
            assert!(line_of(&s, e).contains(unscored), "{e}: {s}");
        }
    }
}

#[test]
fn the_app_and_the_table_use_the_same_flag_ids_as_csv_and_json() {
    use jury::domain::ranking::{Method, rank};
    let c = scored();
    let r = rank(&c, "main", Method::Mean);
    let shown = jury::report::ranking::rows(&c, &r, None);
    let table = jury::report::ranking::table(&c, &r, &shown, Lang::En);
    let mut m = Model::new(c.clone(), Some("GK01".into()), None, Lang::En);
    keys(&mut m, "r");
    let s = screen(&mut m, 160, 30);
    for view in [line_of(&table, "SK04"), line_of(&s, "SK04")] {
        assert!(
            view.contains("disagreement") && view.contains("below-threshold"),
            "the ids of the CSV and JSON: {view}"
        );
    }
}

#[test]
fn the_chairs_own_sheets_stay_in_their_list_after_a_sharing_out() {
    let mut c = scored();
    // The chair (GK01) is left off SK03 although their sheet is in.
    for (e, j) in [
        ("SK01", "GK01"),
        ("SK02", "GK01"),
        ("SK03", "GK02"),
        ("SK04", "GK01"),
    ] {
        c.assignments.add("main", e, j);
    }
    let mut m = Model::new(c, Some("GK01".into()), None, Lang::En);
    let s = screen(&mut m, 120, 30);
    assert!(
        s.contains("SK03"),
        "the chair's submitted SK03 is still listed: {s}"
    );
}
