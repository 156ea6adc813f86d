//! `jury import` of the secretariat's files: a spreadsheet of entries and a
//! folder of write-ups, as a secretariat would bring them, and as a hostile
//! entrant would craft them.

mod common;
#[path = "common/server.rs"]
mod server;

use std::io::Write;
use std::path::{Path, PathBuf};

use common::{SCORED, export, run, stderr, stdout};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use serde_json::Value;

/// A database with the scored contest: sheets and notes that an entries
/// import must keep.
fn scored(dir: &tempfile::TempDir) -> PathBuf {
    let file = dir.path().join("scored.json");
    std::fs::write(&file, SCORED).unwrap();
    let db = dir.path().join("db");
    let out = run(&db, &["import", file.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    db
}

fn entries(db: &Path) -> Vec<Value> {
    let v: Value = serde_json::from_str(&export(db)).unwrap();
    v["entries"].as_array().unwrap().clone()
}

fn entry(db: &Path, id: &str) -> Value {
    entries(db)
        .into_iter()
        .find(|e| e["id"] == id)
        .unwrap_or_else(|| panic!("no entry {id}"))
}

/// A workbook with one sheet of `rows`; a cell "DATE:yyyy-mm-dd" is written
/// as a real date cell, "NUM:x" as a number.
fn xlsx(path: &Path, sheet: &str, rows: &[&[&str]]) {
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name(sheet).unwrap();
    let date = Format::new().set_num_format("dd/mm/yyyy");
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            let (r, c) = (r as u32, c as u16);
            if let Some(d) = cell.strip_prefix("DATE:") {
                let dt = ExcelDateTime::parse_from_str(d).unwrap();
                ws.write_datetime_with_format(r, c, &dt, &date).unwrap();
            } else if let Some(n) = cell.strip_prefix("NUM:") {
                ws.write_number(r, c, n.parse::<f64>().unwrap()).unwrap();
            } else if !cell.is_empty() {
                ws.write_string(r, c, *cell).unwrap();
            }
        }
    }
    book.save(path).unwrap();
}

const HEADER: &[&str] = &[
    "Mã hồ sơ",
    "TÊN SÁNG KIẾN",
    "tac gia",
    "Đơn vị",
    "Lĩnh vực",
    "Tóm tắt",
    "Ngày nộp",
    "Ghi chú",
];

#[test]
fn a_workbook_adds_and_updates_entries_keeping_sheets_and_notes() {
    let dir = tempfile::tempdir().unwrap();
    let db = scored(&dir);
    let before: Value = serde_json::from_str(&export(&db)).unwrap();
    let file = dir.path().join("danh-sach.xlsx");
    xlsx(
        &file,
        "Danh sách",
        &[
            &["DANH SÁCH SÁNG KIẾN NĂM 2024"],
            HEADER,
            &[
                "SK05",
                "Số hóa hồ sơ hộ tịch",
                "Nguyễn Văn An (60%); Trần Thị Bình (40%)",
                "UBND phường 3",
                "Chính quyền số",
                "Quét và lưu 12.000 hồ sơ.",
                "DATE:2024-03-15",
                "nộp bản giấy",
            ],
            &[
                "SK06",
                "Một cửa liên thông",
                "Lê Văn Cường",
                "",
                "TTHC",
                "",
                "NUM:45366",
                "",
            ],
            &["SK01", "Tên mới của SK01", "", "", "", "", "02/05/2024", ""],
        ],
    );
    let out = run(&db, &["--lang", "en", "import", file.to_str().unwrap()]);
    let said = stdout(&out);
    assert!(out.status.success(), "{}{}", said, stderr(&out));
    // The mapping comes first, column by column.
    assert!(
        said.contains("Sheet \"Danh sách\", header row 2:"),
        "{said}"
    );
    assert!(said.contains("column A \"Mã hồ sơ\" → id"), "{said}");
    assert!(said.contains("column G \"Ngày nộp\" → submitted"), "{said}");
    assert!(said.contains("column H \"Ghi chú\" → (ignored)"), "{said}");
    assert!(
        said.contains("new entries 2 (SK05, SK06), updated 1 (SK01)"),
        "{said}"
    );

    let sk05 = entry(&db, "SK05");
    assert_eq!(sk05["title"], "Số hóa hồ sơ hộ tịch");
    assert_eq!(sk05["field"], "chinh_quyen_so");
    assert_eq!(sk05["submitted"], "2024-03-15");
    assert_eq!(sk05["unit"], "UBND phường 3");
    assert_eq!(sk05["authors"][0]["name"], "Nguyễn Văn An");
    assert_eq!(sk05["authors"][0]["share"], 60.0);
    assert_eq!(sk05["authors"][1]["share"], 40.0);
    let sk06 = entry(&db, "SK06");
    assert_eq!(sk06["field"], "tthc");
    assert_eq!(sk06["submitted"], "2024-03-15", "an Excel serial number");
    assert_eq!(sk06["authors"][0], "Lê Văn Cường");
    let sk01 = entry(&db, "SK01");
    assert_eq!(sk01["title"], "Tên mới của SK01");
    assert_eq!(sk01["submitted"], "2024-05-02");
    let old_sk01 = before["entries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["id"] == "SK01")
        .unwrap();
    assert_eq!(sk01["summary"], old_sk01["summary"], "an empty cell keeps");
    let after: Value = serde_json::from_str(&export(&db)).unwrap();
    assert_eq!(after["scores"], before["scores"], "sheets and notes kept");
    // The trail records the import with what it added.
    let trail = stdout(&run(&db, &["audit", "--format", "json"]));
    assert!(trail.contains("import_entries"), "{trail}");
    assert!(trail.contains("SK05"), "{trail}");
}

#[test]
fn a_csv_with_a_byte_order_mark_reads_as_one_without() {
    let dir = tempfile::tempdir().unwrap();
    let text = "Mã;Tên giải pháp;Tác giả;Ngày nộp\nSK05;\"Thu phí; không dùng tiền mặt\";\"An (50%)\nBình (50%)\";15/03/2024\n";
    let mut exports = Vec::new();
    for (name, bytes) in [
        ("plain.csv", text.as_bytes().to_vec()),
        (
            "excel.csv",
            [b"\xef\xbb\xbf".as_slice(), text.as_bytes()].concat(),
        ),
    ] {
        let home = tempfile::tempdir_in(dir.path()).unwrap();
        let db = common::imported(&home);
        let file = dir.path().join(name);
        std::fs::write(&file, bytes).unwrap();
        let out = run(&db, &["import", file.to_str().unwrap()]);
        assert!(out.status.success(), "{}", stderr(&out));
        let e = entry(&db, "SK05");
        assert_eq!(e["title"], "Thu phí; không dùng tiền mặt");
        assert_eq!(e["authors"][1]["name"], "Bình");
        exports.push(entries(&db));
    }
    assert_eq!(exports[0], exports[1]);
}

#[test]
fn formulas_and_escape_sequences_stay_text_and_print_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::imported(&dir);
    let file = dir.path().join("hostile.xlsx");
    let formula = "=HYPERLINK(\"http://evil\",\"bấm\")";
    let escape = "Đẹp\u{1b}]0;pwned\u{7}\u{1b}[2J";
    xlsx(
        &file,
        "Sheet1",
        &[
            &["id", "title", "summary"],
            &["SK05", formula, "+cmd|' /C calc'!A0"],
            &["SK06", escape, "@SUM(1)"],
        ],
    );
    let out = run(&db, &["import", file.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(entry(&db, "SK05")["title"], formula, "stored as text");
    assert_eq!(entry(&db, "SK06")["title"], escape);
    let table = run(&db, &["entries"]);
    assert!(!table.stdout.contains(&0x1b), "no ESC reaches the terminal");
    let csv = stdout(&run(&db, &["entries", "--format", "csv"]));
    assert!(csv.contains("'=HYPERLINK"), "{csv}");
}

/// Runs a bad import and checks it failed with every `expected` piece in
/// its message, leaving the database as it was.
fn refused(db: &Path, args: &[&str], expected: &[&str]) {
    let before = export(db);
    let out = run(db, args);
    let err = stderr(&out);
    assert!(!out.status.success(), "{}", stdout(&out));
    for piece in expected {
        assert!(err.contains(piece), "{piece:?} not in: {err}");
    }
    assert!(
        err.contains("Nothing was imported") || err.contains("Chưa nhập gì"),
        "{err}"
    );
    assert_eq!(export(db), before, "nothing changed");
}

#[test]
fn bad_workbooks_give_located_errors_and_change_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::imported(&dir);
    let f = |name: &str| dir.path().join(name);

    xlsx(
        &f("no-title.xlsx"),
        "DS",
        &[&["Mã", "Tác giả"], &["SK05", "An"]],
    );
    refused(
        &db,
        &[
            "--lang",
            "en",
            "import",
            f("no-title.xlsx").to_str().unwrap(),
        ],
        &["Sheet \"DS\", row 1: no column for title", "Tên sáng kiến"],
    );

    let mut rows: Vec<&[&str]> = vec![&["Mã", "Tên", "Tên sáng kiến", "Ngày nộp"]];
    rows.push(&["SK05", "", "Một", "15/03/2024"]);
    rows.push(&["SK06", "", "Hai", "16/03/2024"]);
    rows.push(&["SK07", "", "Ba", "31/02/2024"]);
    xlsx(&f("bad-date.xlsx"), "DS", &rows);
    refused(
        &db,
        &[
            "--lang",
            "en",
            "import",
            f("bad-date.xlsx").to_str().unwrap(),
        ],
        &["Sheet \"DS\", row 4, column D: \"31/02/2024\" is not a date"],
    );

    xlsx(
        &f("twice.xlsx"),
        "DS",
        &[
            &["id", "title"],
            &["SK05", "Một"],
            &["SK06", "Hai"],
            &["SK05", "Ba"],
        ],
    );
    refused(
        &db,
        &["--lang", "vi", "import", f("twice.xlsx").to_str().unwrap()],
        &["Trang tính \"DS\", dòng 4, cột A: mã \"SK05\" đã có ở dòng 2"],
    );

    xlsx(
        &f("shares.xlsx"),
        "DS",
        &[
            &["id", "title", "authors"],
            &["SK05", "Một", "An (60%); Bình (30%)"],
        ],
    );
    refused(
        &db,
        &["--lang", "en", "import", f("shares.xlsx").to_str().unwrap()],
        &["row 2, column C: the authors' shares add up to 90%, not 100%"],
    );

    xlsx(
        &f("columns.xlsx"),
        "DS",
        &[
            &["Mã", "Tên sáng kiến", "Lĩnh vực", "TITLE"],
            &["SK05", "Một", "Y tế", "x"],
        ],
    );
    refused(
        &db,
        &[
            "--lang",
            "en",
            "import",
            f("columns.xlsx").to_str().unwrap(),
        ],
        &["row 1, column D: this column and column B both give title"],
    );
    xlsx(
        &f("field.xlsx"),
        "DS",
        &[
            &["Mã", "Tên sáng kiến", "Lĩnh vực"],
            &["SK05", "Một", "Y tế"],
            &["", "Hai", ""],
        ],
    );
    refused(
        &db,
        &["--lang", "vi", "import", f("field.xlsx").to_str().unwrap()],
        &[
            "dòng 2, cột C: không có lĩnh vực \"Y tế\"; dùng một trong: Thể chế, Thủ tục hành chính (TTHC)",
            "dòng 3, cột A: dòng có dữ liệu nhưng không có mã sáng kiến",
        ],
    );

    std::fs::write(f("corrupt.xlsx"), b"PK\x03\x04 this is not a workbook").unwrap();
    refused(
        &db,
        &[
            "--lang",
            "en",
            "import",
            f("corrupt.xlsx").to_str().unwrap(),
        ],
        &["corrupt.xlsx", "not a valid zip archive"],
    );

    std::fs::write(f("entries.xls"), b"old binary").unwrap();
    let out = run(
        &db,
        &["--lang", "en", "import", f("entries.xls").to_str().unwrap()],
    );
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("cannot tell how to read"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_zip_bomb_and_a_sheet_reaching_row_a_million_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::imported(&dir);
    let bomb = dir.path().join("bomb.xlsx");
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&bomb).unwrap());
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("xl/sharedStrings.xml", options).unwrap();
    let spaces = vec![b' '; 1024 * 1024];
    for _ in 0..80 {
        zip.write_all(&spaces).unwrap();
    }
    zip.finish().unwrap();
    assert!(std::fs::metadata(&bomb).unwrap().len() < 1024 * 1024);
    refused(
        &db,
        &["--lang", "en", "import", bomb.to_str().unwrap()],
        &["unpacks to more than 64 MB"],
    );

    let far = dir.path().join("far.xlsx");
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.write_string(0, 0, "id").unwrap();
    ws.write_string(0, 1, "title").unwrap();
    ws.write_string(1_048_575, 0, "SK99").unwrap();
    book.save(&far).unwrap();
    refused(
        &db,
        &["--lang", "en", "import", far.to_str().unwrap()],
        &["holds data past row 20000"],
    );
}

/// A minimal OpenDocument spreadsheet with `rows` of content.xml.
fn ods(path: &Path, rows: &str) {
    let mut zip = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    zip.start_file("mimetype", stored).unwrap();
    zip.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
        .unwrap();
    zip.start_file("META-INF/manifest.xml", stored).unwrap();
    zip.write_all(br#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#)
        .unwrap();
    zip.start_file("content.xml", stored).unwrap();
    write!(
        zip,
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet><table:table table:name="Hồ sơ">{rows}</table:table></office:spreadsheet></office:body></office:document-content>"#
    )
    .unwrap();
    zip.finish().unwrap();
}

fn text_cell(t: &str) -> String {
    format!(
        r#"<table:table-cell office:value-type="string"><text:p>{t}</text:p></table:table-cell>"#
    )
}

#[test]
fn an_ods_sheet_with_a_date_cell_and_one_with_a_billion_repeated_rows() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::imported(&dir);
    let good = dir.path().join("ho-so.ods");
    let row = |cells: &[String]| format!("<table:table-row>{}</table:table-row>", cells.concat());
    ods(
        &good,
        &[
            row(&[text_cell("Mã"), text_cell("Tên sáng kiến"), text_cell("Ngày nộp")]),
            row(&[
                text_cell("SK05"),
                text_cell("Hộp thư góp ý điện tử"),
                r#"<table:table-cell office:value-type="date" office:date-value="2024-04-01"><text:p>01/04/2024</text:p></table:table-cell>"#.to_string(),
            ]),
        ]
        .concat(),
    );
    let out = run(&db, &["import", "--sheet", "ho so", good.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(entry(&db, "SK05")["submitted"], "2024-04-01");

    let tall = dir.path().join("tall.ods");
    ods(
        &tall,
        &[
            row(&[text_cell("id"), text_cell("title")]),
            format!(
                r#"<table:table-row table:number-rows-repeated="1000000000">{}{}</table:table-row>"#,
                text_cell("SK09"),
                text_cell("x")
            ),
        ]
        .concat(),
    );
    refused(
        &db,
        &["--lang", "en", "import", tall.to_str().unwrap()],
        &["holds data past row 20000"],
    );
    refused(
        &db,
        &[
            "--lang",
            "en",
            "import",
            "--sheet",
            "Other",
            good.to_str().unwrap(),
        ],
        &["there is no sheet \"Other\"; the file has: Hồ sơ"],
    );
}

#[test]
fn with_a_server_running_a_spreadsheet_import_is_refused() {
    let s = server::Server::start(&server::contest_as("GK01"));
    let home = tempfile::tempdir().unwrap();
    let file = home.path().join("ds.csv");
    std::fs::write(&file, "id,title\nSK05,Một\n").unwrap();
    let out = common::jury()
        .env("HOME", home.path())
        .env("XDG_DATA_HOME", home.path().join(".local/share"))
        .env("JURY_SOCKET", &s.socket)
        .args(["--lang", "en", "import"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(!out.status.success(), "{}", stdout(&out));
    let err = stderr(&out);
    assert!(err.contains(&s.socket.display().to_string()), "{err}");
    assert!(err.contains("import "), "{err}");
    assert!(
        !home.path().join(".local/share/jury").exists(),
        "no database made"
    );
}

/// The sample spreadsheet and a write-up as LibreOffice saves them.
fn libreoffice(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/libreoffice")
        .join(name)
}

#[test]
fn spreadsheets_and_a_write_up_saved_by_libreoffice() {
    for sheet in ["entries.ods", "entries.xlsx"] {
        let dir = tempfile::tempdir().unwrap();
        let db = common::imported(&dir);
        let docs = dir.path().join("bai-viet");
        std::fs::create_dir(&docs).unwrap();
        std::fs::copy(libreoffice("SK37.docx"), docs.join("SK37.docx")).unwrap();
        let file = libreoffice(sheet);
        let out = run(
            &db,
            &[
                "--lang",
                "en",
                "import",
                "--documents",
                docs.to_str().unwrap(),
                file.to_str().unwrap(),
            ],
        );
        let said = stdout(&out);
        assert!(out.status.success(), "{sheet}: {}", stderr(&out));
        assert!(
            said.contains("Sheet \"Danh sách sáng kiến\", header row 1:"),
            "{said}"
        );
        assert!(
            said.contains("new entries 4 (SK37, SK38, SK39, SK40)"),
            "{said}"
        );
        assert!(
            said.contains("Attached write-ups: 1; attachments: 0."),
            "{said}"
        );
        let sk37 = entry(&db, "SK37");
        assert_eq!(sk37["submitted"], "2024-08-16", "{sheet}");
        assert_eq!(entry(&db, "SK38")["submitted"], "2024-08-19", "{sheet}");
        assert_eq!(sk37["authors"][1]["name"], "Lê Thị Thu Hà");
        let doc = sk37["document"].as_str().unwrap();
        assert!(doc.starts_with("# 1. Thực trạng"), "{doc}");
        assert!(
            doc.contains("- lệ phí, thời hạn giải quyết và nơi nộp;"),
            "{doc}"
        );
        assert!(
            doc.contains("| Số lần đi lại trung bình | 2,4 | 1,2 |"),
            "{doc}"
        );
    }
}

#[test]
fn a_folder_of_write_ups_lists_what_matched_nothing_and_a_bad_docx_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::imported(&dir);
    let docs = dir.path().join("docs");
    std::fs::create_dir(&docs).unwrap();
    std::fs::write(docs.join("SK01.md"), "# Mở đầu\r\n\r\nMột đoạn.").unwrap();
    std::fs::write(docs.join("SK02.txt"), "Bài viết của SK02.").unwrap();
    std::fs::write(docs.join("SK02-anh-1.jpg"), b"\xff\xd8\xff not really").unwrap();
    std::fs::write(docs.join("ghi-chu.txt"), "không thuộc sáng kiến nào").unwrap();
    let out = run(
        &db,
        &[
            "--lang",
            "en",
            "import",
            "--documents",
            docs.to_str().unwrap(),
        ],
    );
    let said = stdout(&out);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        said.contains("Attached write-ups: 2; attachments: 1."),
        "{said}"
    );
    assert!(
        said.contains("Files that match no entry (not imported): ghi-chu.txt"),
        "{said}"
    );
    assert!(
        said.contains("Entries left without a write-up: SK03, SK04"),
        "{said}"
    );
    assert_eq!(entry(&db, "SK01")["document"], "# Mở đầu\n\nMột đoạn.");
    let photo = &entry(&db, "SK02")["attachments"][0];
    assert_eq!(photo["kind"], "image");
    assert_eq!(photo["bytes"], 14);
    assert_eq!(
        photo["sha256"].as_str().unwrap(),
        sha256_hex(b"\xff\xd8\xff not really")
    );

    // Run again with a .docx that is not a zip: refused, nothing changes.
    std::fs::write(docs.join("SK03.docx"), "I am plain text").unwrap();
    refused(
        &db,
        &[
            "--lang",
            "en",
            "import",
            "--documents",
            docs.to_str().unwrap(),
        ],
        &["SK03.docx", "not a valid zip archive"],
    );
}

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}
