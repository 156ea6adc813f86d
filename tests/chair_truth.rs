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
