//! The chair's screens finished: acts that can be undone, a Progress that
//! can be read cell by cell, the closed round's results, and nothing cut
//! or scrolled past its end.

mod common;

use jury::app::{Model, Msg, Overlay, update};
use jury::contest_file;
use jury::domain::Lang;
use jury::input::key::Key;

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
    common::screen_text(m, w, h)
}

/// The rows of `s` between the box's top and bottom borders, without them.
fn inside_box(s: &str) -> Vec<String> {
    let rows: Vec<&str> = s.lines().collect();
    let top = rows.iter().position(|l| l.contains('┌')).expect("a box");
    let bottom = rows.iter().position(|l| l.contains('└')).expect("a box");
    rows[top + 1..bottom]
        .iter()
        .map(|l| {
            let from = l.find('│').map_or(0, |i| i + '│'.len_utf8());
            let to = l.rfind('│').unwrap_or(l.len());
            l.get(from..to).unwrap_or("").trim_end().to_string()
        })
        .collect()
}

mod nothing_cut {
    use super::*;

    #[test]
    fn the_breakdowns_furthest_member_line_wraps_at_80_columns() {
        for (lang, end) in [(Lang::En, "others' mean)"), (Lang::Vi, "còn lại)")] {
            let mut m = model("GK01", lang);
            keys(&mut m, "r <enter>");
            let s = screen(&mut m, 80, 24);
            let words = s.split_whitespace().collect::<Vec<_>>().join(" ");
            assert!(words.contains(end), "the whole furthest-member line: {s}");
            assert!(s.contains("-10.0"), "{s}");
        }
    }

    #[test]
    fn the_chairs_tab_line_shortens_labels_before_cutting_at_80_columns() {
        for (lang, words) in [
            (
                Lang::Vi,
                [
                    "Xếp hạng",
                    "Tiến độ",
                    "Thống nhất",
                    "Xung đột",
                    "Nhật ký",
                    "chưa công bố",
                ],
            ),
            (
                Lang::En,
                [
                    "Rankings",
                    "Progress",
                    "Agree",
                    "Conflicts",
                    "Audit",
                    "not published",
                ],
            ),
        ] {
            let mut m = model("GK01", lang);
            keys(&mut m, "r");
            let s = screen(&mut m, 80, 24);
            let tabs = s.lines().nth(1).unwrap();
            for w in words {
                assert!(tabs.contains(w), "{w:?} on the tab line: {tabs}");
            }
            assert!(!tabs.contains('…'), "nothing cut: {tabs}");
        }
        // With room, the labels are whole.
        let mut m = model("GK01", Lang::Vi);
        keys(&mut m, "r");
        let s = screen(&mut m, 120, 40);
        let tabs = s.lines().nth(1).unwrap();
        assert!(
            tabs.contains("Mức độ thống nhất") && tabs.contains("Xung đột lợi ích"),
            "{tabs}"
        );
    }

    #[test]
    fn the_help_stops_at_its_last_line() {
        // Sizes where the breakdown's help is longer than its box.
        for (w, h) in [(80, 24), (120, 30)] {
            let mut m = model("GK01", Lang::En);
            keys(&mut m, "r <enter>");
            update(&mut m, Msg::Resize(w, h));
            keys(&mut m, "?");
            keys(&mut m, &["j"; 300].join(" "));
            let s = screen(&mut m, w, h);
            let inside = inside_box(&s);
            assert!(
                inside.last().is_some_and(|l| !l.trim().is_empty()),
                "the last row of the box is the help's last line, not a blank page: {s}"
            );
            assert!(
                inside
                    .last()
                    .is_some_and(|l| l.trim_end().ends_with("affected")),
                "the robustness line ends the help: {s}"
            );
            // One key up shows the line before: the scroll stopped at the end.
            let before = inside.clone();
            keys(&mut m, "k");
            let after = inside_box(&screen(&mut m, w, h));
            assert_eq!(after[1..], before[..before.len() - 1], "one line back");
        }
    }

    #[test]
    fn the_audit_detail_stops_at_its_last_line() {
        use jury::domain::audit::{AuditRecord, Event};
        let mut m = model("GK01", Lang::En);
        keys(&mut m, "T");
        let long = (1..=40).map(|i| format!("GK{i:02}")).collect::<Vec<_>>();
        let record = AuditRecord::new(
            1,
            "2026-11-30T10:00:00Z",
            "GK01",
            Some("lan"),
            Event {
                action: "assign".into(),
                round: Some("r1".into()),
                entry: None,
                subject: None,
                before: serde_json::json!({"assigned": long}),
                after: serde_json::json!({"assigned": ["GK01", "GK99LAST"]}),
                reason: Some("shared out again".into()),
            },
            "",
        );
        update(&mut m, Msg::AuditLoaded(Ok((vec![record], Ok(1)))));
        keys(&mut m, "<enter>");
        assert!(matches!(m.overlay, Some(Overlay::AuditDetail { .. })));
        keys(&mut m, &["j"; 200].join(" "));
        let s = screen(&mut m, 80, 24);
        let inside = inside_box(&s);
        assert!(
            inside.iter().any(|l| l.contains("GK99LAST")),
            "the record's end is in sight: {s}"
        );
        assert!(
            inside.last().is_some_and(|l| !l.trim().is_empty()),
            "no blank page after the end: {s}"
        );
    }
}
