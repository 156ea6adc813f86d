//! Reform areas (lĩnh vực): full names wherever the width allows, short
//! names that cannot be confused, a legend under `?` and in the filter, and
//! English names in the English interface.

mod common;

use common::{SMALL, screen_text};
use jury::app::{Model, Msg, update};
use jury::contest_file;
use jury::domain::Lang;
use jury::input::key::Key;

fn shown(lang: Lang, keys: &str, w: u16, h: u16) -> String {
    let c = contest_file::read_bytes("small.json", SMALL.as_bytes()).unwrap();
    let mut m = Model::new(c, Some("GK01".into()), None, lang);
    update(&mut m, Msg::Resize(w, h));
    for k in Key::parse_seq(keys).unwrap() {
        update(&mut m, Msg::Key(k));
    }
    screen_text(&m, w, h)
}

fn row<'a>(screen: &'a str, id: &str) -> &'a str {
    screen
        .lines()
        .find(|l| l.trim_start().starts_with(id))
        .unwrap_or_default()
}

#[test]
fn a_wide_list_names_each_area_in_full_and_a_narrow_one_by_its_short_name() {
    let wide = shown(Lang::Vi, "", 160, 30);
    assert!(row(&wide, "SK02").contains("Tài chính công"), "{wide}");
    assert!(row(&wide, "SK03").contains("Thủ tục hành chính"), "{wide}");
    let narrow = shown(Lang::Vi, "", 80, 24);
    assert!(row(&narrow, "SK02").contains("Tài chính "), "{narrow}");
    assert!(row(&narrow, "SK03").contains("TTHC"), "{narrow}");
    assert!(!row(&narrow, "SK02").contains("TCC"), "{narrow}");
    assert!(row(&narrow, "SK01").contains("CQ số"), "{narrow}");
}

#[test]
fn the_english_interface_names_the_areas_in_english() {
    let wide = shown(Lang::En, "", 160, 30);
    assert!(
        row(&wide, "SK03").contains("Administrative procedures"),
        "{wide}"
    );
    assert!(row(&wide, "SK02").contains("Public finance"), "{wide}");
    let narrow = shown(Lang::En, "", 80, 24);
    assert!(row(&narrow, "SK03").contains("Procedures"), "{narrow}");
    assert!(!narrow.contains("TTHC"), "{narrow}");
}

#[test]
fn help_and_the_filter_say_what_each_short_name_stands_for() {
    let help = shown(Lang::Vi, "?", 120, 90);
    assert!(
        help.contains("Lĩnh vực (tên ngắn trong danh sách)"),
        "{help}"
    );
    let legend = |short: &str, full: &str| {
        help.lines()
            .any(|l| l.contains(&format!(" {short} ")) && l.contains(full))
    };
    assert!(legend("TTHC", "Thủ tục hành chính"), "{help}");
    assert!(legend("Tài chính", "Tài chính công"), "{help}");
    assert!(legend("CQ số", "Chính quyền số"), "{help}");
    // `f` steps to the first area present (the programme's order): TTHC.
    let filtered = shown(Lang::Vi, "f", 100, 24);
    assert!(filtered.contains("Thủ tục hành chính (TTHC)"), "{filtered}");
}
