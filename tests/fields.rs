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

#[test]
fn a_contest_names_its_own_areas_in_both_languages_and_old_files_stay_valid() {
    let mut v: serde_json::Value = serde_json::from_str(SMALL).unwrap();
    v["entries"][0]["field"] = serde_json::json!("y_te");
    v["fields"] = serde_json::json!([
        {"id": "y_te", "name": "Y tế cơ sở", "name_en": "Primary health care", "short": "Y tế", "short_en": "Health"}
    ]);
    let c = contest_file::read_bytes("own.json", v.to_string().as_bytes()).unwrap();
    assert_eq!(c.field_label("y_te", Lang::Vi), "Y tế cơ sở");
    assert_eq!(c.field_label("y_te", Lang::En), "Primary health care");
    assert_eq!(c.field_short("y_te", Lang::En), "Health");
    // The programme's areas keep their names beside the contest's own.
    assert_eq!(c.field_label("tthc", Lang::En), "Administrative procedures");
    // Written back as read.
    let again = contest_file::read_bytes("again.json", contest_file::write(&c).as_bytes()).unwrap();
    assert_eq!(again.fields, c.fields);
    let mut m = Model::new(again, Some("GK01".into()), None, Lang::En);
    update(&mut m, Msg::Resize(160, 30));
    let s = screen_text(&m, 160, 30);
    assert!(row(&s, "SK01").contains("Primary health care"), "{s}");
    // A file without `fields` (every file before) reads as before.
    let old = contest_file::read_bytes("small.json", SMALL.as_bytes()).unwrap();
    assert!(old.fields.is_empty());
    // A name left out is refused with the place and what to do.
    v["fields"][0]["name"] = serde_json::json!(" ");
    let Err(e) = contest_file::read_bytes("own.json", v.to_string().as_bytes()) else {
        panic!("a reform area without a name is refused");
    };
    assert!(
        e.describe(Lang::Vi)
            .contains("tại fields[0].name: lĩnh vực chưa có tên; hãy điền \"name\""),
        "{}",
        e.describe(Lang::Vi)
    );
}

#[test]
fn a_contests_own_areas_survive_the_database() {
    let mut v: serde_json::Value = serde_json::from_str(SMALL).unwrap();
    v["fields"] = serde_json::json!([{"id": "y_te", "name": "Y tế", "name_en": "Health"}]);
    let c = contest_file::read_bytes("own.json", v.to_string().as_bytes()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let store = jury::store::Store::open(&dir.path().join("db")).unwrap();
    store.replace_contest(&c).unwrap();
    assert_eq!(store.load().unwrap().fields, c.fields);
    assert!(store.check().is_ok());
}
