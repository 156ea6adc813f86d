//! The bảng tổng hợp as the secretariat prints it (issue 16): A4 landscape,
//! fit to the page's width, the header on every page, Times New Roman,
//! numbers stored as numbers with two decimals, sheet names from any id.

mod common;

use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
use common::{SCORED, run, stderr};
use std::io::{Cursor, Read};

fn report(extra_members: &[&str]) -> Vec<u8> {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("scored.json");
    std::fs::write(&file, SCORED).unwrap();
    let db = dir.path().join("db");
    let out = run(&db, &["import", file.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    for id in extra_members {
        let out = run(
            &db,
            &["judge", "add", "--id", id, "--name", "Thành viên mới"],
        );
        assert!(out.status.success(), "{id}: {}", stderr(&out));
    }
    let xlsx = dir.path().join("bang-tong-hop.xlsx");
    let out = run(
        &db,
        &["--lang", "vi", "report", "-o", xlsx.to_str().unwrap()],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    std::fs::read(&xlsx).unwrap()
}

fn part(bytes: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut text = String::new();
    zip.by_name(name)
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    text
}

#[test]
fn ids_differing_in_case_or_ending_in_an_apostrophe_get_valid_unique_sheets() {
    let bytes = report(&["gk01", "GK07'"]);
    let book: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).expect("opens");
    let names = book.sheet_names();
    let lower: std::collections::HashSet<String> = names.iter().map(|n| n.to_lowercase()).collect();
    assert_eq!(lower.len(), names.len(), "unique ignoring case: {names:?}");
    assert!(
        names
            .iter()
            .all(|n| !n.ends_with('\'') && n.chars().count() <= 31),
        "{names:?}"
    );
    assert!(names.contains(&"Phiếu GK07".to_string()), "{names:?}");
}

#[test]
fn stt_rank_and_scores_are_numbers_and_print_on_a4_landscape_in_times_new_roman() {
    let bytes = report(&[]);
    let mut book: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes.clone())).unwrap();
    let summary = book.worksheet_range("Tổng hợp").unwrap();
    let sk03 = summary
        .rows()
        .find(|r| r.get(1) == Some(&Data::String("SK03".into())))
        .expect("SK03 in the summary")
        .to_vec();
    assert_eq!(sk03[0], Data::Float(1.0), "STT is a number");
    assert_eq!(sk03[8], Data::Float(1.0), "the rank is a number");

    let sheet1 = part(&bytes, "xl/worksheets/sheet1.xml");
    assert!(sheet1.contains(r#"fitToPage="1""#), "{sheet1}");
    assert!(
        sheet1.contains(r#"left="0.9" right="0.7""#),
        "NĐ 30 margins: {sheet1}"
    );
    assert!(
        sheet1.contains(r#"paperSize="9""#) && sheet1.contains(r#"orientation="landscape""#),
        "{sheet1}"
    );
    assert!(
        sheet1.contains(r#"fitToHeight="0""#),
        "fit to width only: {sheet1}"
    );
    let workbook = part(&bytes, "xl/workbook.xml");
    assert!(
        workbook.contains("_xlnm.Print_Titles"),
        "header rows repeat: {workbook}"
    );
    let styles = part(&bytes, "xl/styles.xml");
    assert!(
        styles.contains(r#"<name val="Times New Roman"/>"#),
        "{styles}"
    );
    assert!(
        styles.contains(r#"formatCode="0.00""#) && !styles.contains("0.##"),
        "{styles}"
    );
}
