//! What the screens show, drawn with ratatui's TestBackend.

mod common;

use common::SMALL;
use jury::app::Palette;
use jury::app::{Model, Msg, update};
use jury::contest_file;
use jury::domain::Lang;
use jury::input::key::Key;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::style::{Color, Modifier};

fn model(judge: Option<&str>, lang: Lang) -> Model {
    let c = contest_file::read_bytes("small.json", SMALL.as_bytes()).unwrap();
    Model::new(c, judge.map(String::from), Some("nobody".into()), lang)
}

/// Keys that only move about (no saving), applied without a database.
fn keys(m: &mut Model, keys: &str) {
    for k in Key::parse_seq(keys).unwrap() {
        update(m, Msg::Key(k));
    }
}

fn draw(m: &mut Model, w: u16, h: u16) -> Terminal<TestBackend> {
    update(m, Msg::Resize(w, h));
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| jury::ui::view(m, f)).unwrap();
    t
}

fn text(t: &Terminal<TestBackend>) -> String {
    common::buffer_text(t.backend().buffer())
}

fn row_of(t: &Terminal<TestBackend>, needle: &str) -> u16 {
    text(t)
        .lines()
        .position(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("{needle:?} not on screen")) as u16
}

#[test]
fn the_entries_screen_in_vietnamese_at_80x24() {
    let mut m = model(Some("GK02"), Lang::Vi);
    let t = draw(&mut m, 80, 24);
    let s = text(&t);
    assert!(s.contains("Cuộc thi sáng kiến"), "{s}");
    assert!(s.contains("Trần Văn Đức · Ủy viên"), "{s}");
    assert!(s.contains("Đã nộp 1/4"), "{s}");
    assert!(
        s.contains("✓ đã nộp") && s.contains("○ nháp") && s.contains("· chưa chấm"),
        "{s}"
    );
    assert!(s.contains("78.5"), "my total for SK01: {s}");
    assert!(s.lines().last().unwrap().contains("? trợ giúp"), "{s}");
}

#[test]
fn the_selected_row_is_highlighted_in_colour_and_reversed_without_colour() {
    let mut m = model(Some("GK02"), Lang::En);
    keys(&mut m, "j");
    let t = draw(&mut m, 80, 24);
    let y = row_of(&t, "SK02");
    assert_eq!(t.backend().buffer()[(10, y)].bg, Color::Blue);
    m.theme = Palette {
        color: false,
        ..Palette::default()
    };
    let t = draw(&mut m, 80, 24);
    let cell = &t.backend().buffer()[(10, y)];
    assert!(
        cell.modifier.contains(Modifier::REVERSED),
        "NO_COLOR keeps the selection visible"
    );
    assert_eq!(cell.bg, Color::Reset);
    let other = &t.backend().buffer()[(10, row_of(&t, "SK01"))];
    assert!(!other.modifier.contains(Modifier::REVERSED));
    // No colour anywhere on the screen.
    for c in t.backend().buffer().content() {
        assert!(
            c.fg == Color::Reset && c.bg == Color::Reset,
            "colour under NO_COLOR at {c:?}"
        );
    }
}

#[test]
fn the_sheet_shows_the_rubric_the_band_and_the_total() {
    let mut m = model(Some("GK02"), Lang::En);
    keys(&mut m, "<enter>");
    let t = draw(&mut m, 80, 24);
    let s = text(&t);
    for want in [
        "SK01 · Số hóa sổ hộ tịch",
        "Novelty",
        "Creativity",
        "Effectiveness",
        "Feasibility",
        "Clearly new",
        "78.5",
        "/ 100",
        "✓ submitted",
        "Giải pháp thiết thực",
    ] {
        assert!(s.contains(want), "{want:?} missing:\n{s}");
    }
}

#[test]
fn typing_points_shows_the_matching_band_and_puts_the_cursor_in_the_box() {
    let mut m = model(Some("GK03"), Lang::Vi);
    keys(&mut m, "<enter> 1 2");
    let mut t = draw(&mut m, 80, 24);
    let s = text(&t);
    assert!(s.contains("[ 12"), "{s}");
    assert!(s.contains("Có cải tiến"), "the 10–17 band: {s}");
    assert!(
        s.contains("● chưa lưu"),
        "typed but not entered is unsaved: {s}"
    );
    let y = row_of(&t, "[ 12");
    let x = text(&t)
        .lines()
        .nth(y as usize)
        .unwrap()
        .find("[ 12")
        .unwrap();
    let cursor = t.get_cursor_position().unwrap();
    assert_eq!(cursor.y, y);
    // "[ 12" then the cursor after the 2 (byte offset equals column: ASCII prefix).
    let prefix: String = text(&t).lines().nth(y as usize).unwrap()[..x].to_string();
    assert_eq!(
        usize::from(cursor.x),
        unicode_width::UnicodeWidthStr::width(prefix.as_str()) + 4
    );
}

#[test]
fn the_note_editor_puts_the_cursor_after_vietnamese_text() {
    let mut m = model(Some("GK03"), Lang::Vi);
    keys(&mut m, "a Đ ư ờ n g");
    let mut t = draw(&mut m, 80, 24);
    assert!(text(&t).contains("Đường"));
    let c = t.get_cursor_position().unwrap();
    // Inside the border: column 1 + the five columns of "Đường", on its line
    // (under the entry's title and the criterion kept in view).
    assert_eq!((c.x, c.y), (6, row_of(&t, "Đường")));
}

#[test]
fn help_lists_the_keys_of_the_screen_from_the_keymap() {
    let mut m = model(Some("GK03"), Lang::En);
    keys(&mut m, "<enter> ?");
    let t = draw(&mut m, 80, 30);
    let s = text(&t);
    assert!(s.contains("Keys — Score sheet"), "{s}");
    assert!(s.contains("S ") && s.contains("submit sheet"), "{s}");
    assert!(s.contains("0–9") && s.contains("type points"), "{s}");
}

#[test]
fn too_small_a_terminal_says_so() {
    let mut m = model(Some("GK03"), Lang::En);
    let t = draw(&mut m, 40, 10);
    assert!(text(&t).contains("Terminal too small"));
    assert!(text(&t).contains("40×10"));
}

#[test]
fn no_screen_panics_at_any_size() {
    let screens = [
        "",
        "<enter>",
        "a x y",
        "?",
        "<enter> ?",
        "/ c a",
        "<enter> 1 2 S",
    ];
    for (i, path) in screens.iter().enumerate() {
        for w in [1u16, 2, 5, 20, 49, 50, 51, 79, 80, 120, 300] {
            for h in [1u16, 2, 3, 11, 12, 13, 24, 60, 100] {
                let mut m = model(Some("GK03"), if i % 2 == 0 { Lang::Vi } else { Lang::En });
                keys(&mut m, path);
                draw(&mut m, w, h);
            }
        }
    }
    let mut m = model(None, Lang::Vi);
    for w in [1u16, 50, 80] {
        for h in [1u16, 12, 24] {
            draw(&mut m, w, h);
        }
    }
}

#[test]
fn every_band_of_the_criterion_being_scored_is_readable_at_80x24() {
    let demo = include_str!("../data/demo-contest.json");
    let c = contest_file::read_bytes("demo.json", demo.as_bytes()).unwrap();
    let criteria = c.rubric.criteria.clone();
    let mut m = Model::new(c, Some("GK03".into()), Some("nobody".into()), Lang::Vi);
    keys(&mut m, "<enter> 1 2");
    for (i, criterion) in criteria.iter().enumerate() {
        let t = draw(&mut m, 80, 24);
        let s = text(&t);
        for band in &criterion.bands {
            let label = band.label.get(Lang::Vi);
            // Wrapped or not, the label's first words are on one line.
            let start: String = label.chars().take(30).collect();
            assert!(
                s.contains(&start),
                "{}: {start:?} missing:\n{s}",
                criterion.id
            );
        }
        if i == 0 {
            let twelve = jury::domain::Points::whole(12);
            let band = criterion
                .bands
                .iter()
                .find(|b| b.from <= twelve && twelve <= b.to)
                .unwrap();
            let start: String = band.label.get(Lang::Vi).chars().take(20).collect();
            // The last line naming it is the band list (the sheet box names it too).
            let (y, line) = s
                .lines()
                .enumerate()
                .filter(|(_, l)| l.contains(&start))
                .last()
                .unwrap();
            let x = line[..line.find(&start).unwrap()].chars().count() as u16;
            let cell = &t.backend().buffer()[(x, y as u16)];
            assert_eq!(cell.bg, Color::Blue, "the band of 12 stands out");
        }
        keys(&mut m, "<tab>");
    }
}

#[test]
fn the_title_bar_says_whether_the_data_is_on_a_server_or_this_machine() {
    for (on_server, lang, word) in [
        (false, Lang::Vi, "máy này"),
        (true, Lang::Vi, "máy chủ"),
        (false, Lang::En, "local"),
        (true, Lang::En, "server"),
    ] {
        let mut m = model(Some("GK02"), lang);
        m.on_server = on_server;
        let t = draw(&mut m, 80, 24);
        let top = text(&t).lines().next().unwrap_or_default().to_string();
        assert!(top.trim_end().ends_with(word), "{top}");
    }
}

/// The last line: the key bar.
fn key_bar(t: &Terminal<TestBackend>) -> String {
    text(t).lines().last().unwrap_or_default().to_string()
}

#[test]
fn at_80_columns_the_key_bar_keeps_the_keys_that_matter_most() {
    for lang in [Lang::Vi, Lang::En] {
        let mut m = model(Some("GK03"), lang);
        let bar = key_bar(&draw(&mut m, 80, 24));
        assert!(bar.contains(" q "), "{lang:?} list: {bar}");
        keys(&mut m, "<enter>");
        let bar = key_bar(&draw(&mut m, 80, 24));
        for key in ["0–9 ", " S ", " a ", "Esc "] {
            assert!(bar.contains(key), "{lang:?} sheet lacks {key:?}: {bar}");
        }
        assert!(
            bar.trim_end().ends_with(m.t(jury::i18n::T::CmdHelp)),
            "{bar}"
        );
    }
}

#[test]
fn a_members_help_lists_no_chair_keys_and_each_key_its_own_label() {
    let mut m = model(Some("GK03"), Lang::En);
    keys(&mut m, "?");
    let help = text(&draw(&mut m, 100, 60));
    for chair in ["publish", "rankings (chair)", "audit trail (chair)"] {
        assert!(!help.contains(chair), "a member sees {chair:?}:\n{help}");
    }
    let mut chair = model(Some("GK01"), Lang::En);
    keys(&mut chair, "?");
    let help = text(&draw(&mut chair, 100, 60));
    assert!(help.contains("rankings (chair)"), "{help}");

    let mut m = model(Some("GK03"), Lang::En);
    keys(&mut m, "<enter> a <f1>");
    let help = text(&draw(&mut m, 100, 60));
    for label in ["line up", "line down", "start of text", "end of text"] {
        assert!(help.contains(label), "{label:?} missing:\n{help}");
    }
}

#[test]
fn the_text_console_gets_ascii_marks_and_no_color_only_attributes() {
    assert!(Palette::for_terminal(None, Some("linux"), None).ascii);
    assert!(Palette::for_terminal(None, Some("xterm-256color"), Some("1")).ascii);
    assert!(!Palette::for_terminal(None, Some("xterm-256color"), None).ascii);
    assert!(!Palette::for_terminal(Some("1"), Some("linux"), None).color);

    // GK02 has SK01 submitted and SK02 as a draft.
    let mut m = model(Some("GK02"), Lang::Vi);
    let s = text(&draw(&mut m, 80, 24));
    assert!(s.contains('✓') && s.contains('○'), "{s}");
    m.theme = Palette::for_terminal(None, Some("linux"), None);
    let s = text(&draw(&mut m, 80, 24));
    for mark in ['✓', '○', '⊘', '✎', '↺', '▶', '⚠', '↑', '↓', '←', '→'] {
        assert!(!s.contains(mark), "{mark} on the console:\n{s}");
    }
    assert!(s.contains("v đã nộp") && s.contains("o nháp"), "{s}");
}
