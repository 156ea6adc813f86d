//! The chair's screens, drawn with TestBackend at 80×24 and 160×48.

use jury::app::{Model, Msg, Screen, update};
use jury::contest_file;
use jury::domain::Lang;
use jury::input::key::Key;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

const SCORED: &str = include_str!("fixtures/scored-contest.json");

fn model(judge: &str, lang: Lang) -> Model {
    let c = contest_file::read_bytes("scored.json", SCORED.as_bytes()).unwrap();
    Model::new(c, Some(judge.into()), None, lang)
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

#[test]
fn the_rankings_show_scores_prizes_and_flags_in_vietnamese() {
    for (w, h) in [(80, 24), (160, 48)] {
        let mut m = model("GK01", Lang::Vi);
        keys(&mut m, "r");
        assert_eq!(m.screen, Screen::Rankings);
        let s = screen(&mut m, w, h);
        assert!(
            s.contains("Xếp hạng") && s.contains("Cách tính: trung bình cộng"),
            "{s}"
        );
        assert!(
            s.contains("SK03") && s.contains("85,67") && s.contains("Giải Nhất"),
            "{w}×{h}: {s}"
        );
        assert!(
            s.contains("lệch điểm"),
            "SK04's disagreement is flagged: {s}"
        );
        let sk03 = s.find("SK03").unwrap();
        let sk04 = s.find("SK04").unwrap();
        assert!(sk03 < sk04, "in rank order");
    }
}

#[test]
fn one_key_switches_the_method() {
    let mut m = model("GK01", Lang::En);
    keys(&mut m, "r m");
    let s = screen(&mut m, 160, 48);
    assert!(s.contains("Method: median"), "{s}");
    assert!(s.contains("87.00"), "SK03's median total: {s}");
}

#[test]
fn the_breakdown_shows_every_members_sheet_side_by_side() {
    let mut m = model("GK01", Lang::Vi);
    keys(&mut m, "r G <enter>");
    assert_eq!(m.screen, Screen::Breakdown);
    for (w, h) in [(80, 24), (160, 48)] {
        let s = screen(&mut m, w, h);
        assert!(s.contains("SK04"), "{s}");
        assert!(
            s.contains("GK01") && s.contains("GK02") && s.contains("GK03"),
            "{s}"
        );
        assert!(
            s.contains("36,33") && s.contains("23,00"),
            "the mean and the spread, with Vietnamese decimal commas: {s}"
        );
        assert!(
            s.contains("GK03 Lê Hoàng Yến"),
            "the member furthest from the panel: {s}"
        );
    }
}

#[test]
fn progress_shows_each_members_count() {
    let mut m = model("GK01", Lang::En);
    keys(&mut m, "p");
    let s = screen(&mut m, 80, 24);
    assert!(
        s.contains("GK02 Trần Văn Đức") && s.contains("4/4") && s.contains("✓✓✓✓"),
        "{s}"
    );
}

#[test]
fn agreement_shows_w_leniency_and_the_verdict() {
    let mut m = model("GK01", Lang::En);
    keys(&mut m, "w");
    let s = screen(&mut m, 160, 48);
    assert!(s.contains("Kendall's W = 1.00"), "{s}");
    assert!(
        s.contains("GK03 Lê Hoàng Yến") && s.contains("-3.25"),
        "GK03 is the harshest: {s}"
    );
    assert!(s.contains("The prizes do not depend on the method"), "{s}");
}

#[test]
fn a_judge_never_reaches_the_chairs_screens() {
    let mut m = model("GK02", Lang::En);
    for k in ["r", "p", "w", "C", "T"] {
        keys(&mut m, k);
        assert_eq!(m.screen, Screen::Entries, "{k} opened a chair's screen");
        assert!(m.status.as_ref().unwrap().text.contains("Only the chair"));
    }
    let s = screen(&mut m, 80, 24);
    assert!(
        !s.contains("85.67") && !s.contains("87"),
        "no aggregate and no other member's total on screen: {s}"
    );
}

#[test]
fn a_recused_chair_sees_no_score_or_rank_for_that_entry() {
    let mut c = contest_file::read_bytes("scored.json", SCORED.as_bytes()).unwrap();
    c.conflicts.push(jury::domain::conflict::Conflict {
        judge: "GK01".into(),
        entry: "SK03".into(),
        reason: "người thân".into(),
        dismissed: false,
    });
    let mut m = Model::new(c, Some("GK01".into()), None, Lang::En);
    keys(&mut m, "r");
    let s = screen(&mut m, 160, 48);
    let line = s.lines().find(|l| l.contains("SK03")).unwrap();
    assert!(
        line.contains("⊘ recused") && !line.contains("85.67") && !line.contains("First"),
        "{line}"
    );
    keys(&mut m, "g <enter>");
    let s = screen(&mut m, 160, 48);
    assert!(
        !s.contains("79") && !s.contains("91"),
        "no other member's total: {s}"
    );
}

#[test]
fn once_published_a_recused_chair_sees_the_entrys_result_but_not_its_sheets() {
    let mut c = contest_file::read_bytes("scored.json", SCORED.as_bytes()).unwrap();
    c.conflicts.push(jury::domain::conflict::Conflict {
        judge: "GK01".into(),
        entry: "SK03".into(),
        reason: "người thân".into(),
        dismissed: false,
    });
    c.published = true;
    let mut m = Model::new(c, Some("GK01".into()), None, Lang::En);
    keys(&mut m, "r");
    let s = screen(&mut m, 160, 48);
    let line = s.lines().find(|l| l.contains("SK03")).unwrap();
    assert!(
        line.contains("⊘ recused") && line.contains("85.00") && line.contains("First prize"),
        "rank, score and prize show: {line}"
    );
    keys(&mut m, "g <enter>");
    let s = screen(&mut m, 160, 48);
    assert!(
        !s.contains("79") && !s.contains("91"),
        "no other member's total: {s}"
    );
}

#[test]
fn the_chairs_screens_do_not_panic_at_any_size() {
    for path in ["r", "r <enter>", "p", "w", "C", "T"] {
        for (w, h) in [(1, 1), (20, 5), (50, 12), (80, 24), (300, 100)] {
            let mut m = model("GK01", Lang::Vi);
            keys(&mut m, path);
            screen(&mut m, w, h);
        }
    }
}

#[test]
fn the_rankings_show_each_entrys_grade_when_the_contest_grades() {
    let mut m = model("GK01", Lang::Vi);
    m.contest.rules.grades = [("Xuất sắc", 90), ("Tốt", 80), ("Khá", 65), ("Đạt", 50)]
        .iter()
        .map(|(name, min)| jury::domain::grade::Grade {
            name: name.to_string(),
            min: jury::domain::Points::whole(*min),
        })
        .collect();
    keys(&mut m, "r");
    // At 80 columns the grade, which follows from the score, gives way to
    // the flags, which say what the chair must still settle.
    let narrow = screen(&mut m, 80, 24);
    assert!(!narrow.contains("Xếp loại"), "{narrow}");
    let sk04 = narrow.lines().find(|l| l.contains("SK04")).unwrap();
    assert!(sk04.contains("lệch điểm"), "SK04's disagreement: {narrow}");
    for (w, h) in [(100, 30), (120, 40)] {
        let s = screen(&mut m, w, h);
        assert!(s.contains("Xếp loại"), "{w}×{h}: {s}");
        let line = |id: &str| s.lines().find(|l| l.contains(id)).unwrap().to_string();
        assert!(line("SK03").contains("Giải Nhất      Tốt"), "85,67: {s}");
        assert!(line("SK01").contains("Khá"), "76,33: {s}");
        assert!(line("SK02").contains("Đạt"), "59,67: {s}");
        assert!(!line("SK04").contains("Đạt"), "36,33 earns no grade: {s}");
    }
}

#[test]
fn the_audit_screen_shows_times_in_the_contests_zone() {
    use jury::domain::audit::{AuditRecord, Event};
    let mut m = model("GK01", Lang::Vi);
    keys(&mut m, "T");
    assert_eq!(m.screen, Screen::Audit);
    let event = Event {
        action: "publish".into(),
        round: None,
        entry: None,
        subject: None,
        before: serde_json::Value::Null,
        after: serde_json::json!(true),
        reason: None,
    };
    m.chair.audit = vec![AuditRecord::new(
        1,
        "2024-09-20T01:30:00Z",
        "GK01",
        None,
        event,
        "",
    )];
    let s = screen(&mut m, 120, 40);
    assert!(s.contains("20/09/2024 08:30"), "Asia/Ho_Chi_Minh: {s}");
    assert!(!s.contains("01:30"), "never UTC: {s}");
    m.contest.meta.timezone = Some("Asia/Tokyo".into());
    let s = screen(&mut m, 120, 40);
    assert!(s.contains("20/09/2024 10:30"), "{s}");
}
