//! The secretariat's sample files in `data/` (a spreadsheet of entries and
//! Word write-ups) and the README's example that imports them.
//!
//! `cargo test --test sample_files -- --ignored` writes the files again.

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};

use common::{jury, stderr, stdout};
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook};
use serde_json::Value;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

const HEADER: [&str; 8] = [
    "Mã hồ sơ",
    "Tên sáng kiến",
    "Tác giả",
    "Đơn vị",
    "Lĩnh vực",
    "Tóm tắt",
    "Ngày nộp",
    "Ghi chú",
];

/// New entries of the demo contest, as a secretariat lists them.
const ROWS: [[&str; 8]; 4] = [
    [
        "SK37",
        "Sổ tay điện tử hướng dẫn thủ tục đất đai cho người dân xã Hòa Bình",
        "Nguyễn Văn Đông (60%); Lê Thị Thu Hà (40%)",
        "UBND xã Hòa Bình",
        "Thủ tục hành chính",
        "Gom 28 thủ tục đất đai vào một sổ tay điện tử có mã QR; hồ sơ trả lại vì thiếu giấy tờ giảm từ 31% xuống 9%.",
        "2024-08-16",
        "",
    ],
    [
        "SK38",
        "Hẹn giờ nộp hồ sơ trực tuyến qua tổng đài, giảm chờ đợi tại bộ phận một cửa",
        "Trần Thị Mỹ Hạnh",
        "UBND thị trấn Phú Khang",
        "TTHC",
        "Người dân đặt giờ qua tổng đài hoặc Zalo; thời gian chờ trung bình giảm từ 47 phút xuống 12 phút.",
        "19/08/2024",
        "nộp bản giấy ngày 20/8",
    ],
    [
        "SK39",
        "Bảng theo dõi chi thường xuyên theo tháng cho 14 đơn vị sự nghiệp",
        "Phạm Quốc Thịnh (50%)\nĐặng Thị Ngọc Lan (50%)",
        "Phòng Tài chính – Kế hoạch",
        "Tài chính công",
        "Bảng tính dùng chung cảnh báo khoản chi vượt dự toán quý; 3 đơn vị tự điều chỉnh trước khi quyết toán.",
        "2024-08-20",
        "",
    ],
    [
        "SK40",
        "Chuyển hồ sơ công chức sang phần mềm quản lý cán bộ của tỉnh",
        "Võ Thị Kim Liên",
        "Phòng Nội vụ",
        "Chế độ công vụ",
        "Nhập và đối chiếu 412 hồ sơ công chức, viên chức.",
        "2024-08-21",
        "chưa có bài viết",
    ],
];

fn write_sheet(path: &Path) {
    let mut book = Workbook::new();
    let created = ExcelDateTime::from_ymd(2024, 8, 22).unwrap();
    book.set_properties(&DocProperties::new().set_creation_datetime(&created));
    let ws = book.add_worksheet();
    ws.set_name("Danh sách sáng kiến").unwrap();
    let bold = Format::new().set_bold().set_text_wrap();
    let wrap = Format::new().set_text_wrap();
    let date = Format::new().set_num_format("dd/mm/yyyy");
    for (c, h) in HEADER.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *h, &bold).unwrap();
    }
    for (r, row) in ROWS.iter().enumerate() {
        let r = r as u32 + 1;
        for (c, cell) in row.iter().enumerate() {
            let c = c as u16;
            // Most dates are date cells; one is typed as text, as people do.
            if c == 6 && cell.contains('-') {
                let d = ExcelDateTime::parse_from_str(cell).unwrap();
                ws.write_datetime_with_format(r, c, &d, &date).unwrap();
            } else if !cell.is_empty() {
                ws.write_string_with_format(r, c, *cell, &wrap).unwrap();
            }
        }
    }
    for (c, width) in [10, 48, 30, 24, 18, 60, 12, 20].iter().enumerate() {
        ws.set_column_width(c as u16, *width).unwrap();
    }
    book.save(path).unwrap();
}

enum Block<'a> {
    Heading(&'a str),
    Para(&'a str),
    Item(&'a str),
    Table(&'a [&'a [&'a str]]),
}

fn esc(t: &str) -> String {
    t.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn run_xml(t: &str) -> String {
    format!(r#"<w:r><w:t xml:space="preserve">{}</w:t></w:r>"#, esc(t))
}

fn block_xml(b: &Block) -> String {
    match b {
        Block::Heading(t) => format!(
            r#"<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr>{}</w:p>"#,
            run_xml(t)
        ),
        Block::Para(t) => format!("<w:p>{}</w:p>", run_xml(t)),
        Block::Item(t) => format!(
            r#"<w:p><w:pPr><w:pStyle w:val="ListParagraph"/><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr>{}</w:p>"#,
            run_xml(t)
        ),
        Block::Table(rows) => {
            let rows: String = rows
                .iter()
                .map(|r| {
                    let cells: String = r
                        .iter()
                        .map(|c| format!("<w:tc><w:p>{}</w:p></w:tc>", run_xml(c)))
                        .collect();
                    format!("<w:tr>{cells}</w:tr>")
                })
                .collect();
            format!(
                r#"<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="0" w:type="auto"/></w:tblPr>{rows}</w:tbl>"#
            )
        }
    }
}

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

/// A minimal Word document: a heading style, a bullet list, tables.
fn write_docx(path: &Path, blocks: &[Block]) {
    let body: String = blocks.iter().map(block_xml).collect();
    let members: [(&str, String); 6] = [
        (
            "[Content_Types].xml",
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/></Types>"#.to_string(),
        ),
        (
            "_rels/.rels",
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#.to_string(),
        ),
        (
            "word/_rels/document.xml.rels",
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/></Relationships>"#.to_string(),
        ),
        (
            "word/styles.xml",
            format!(
                r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:styles xmlns:w="{W}"><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:pPr><w:spacing w:after="120"/></w:pPr><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman"/><w:sz w:val="26"/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:pPr><w:keepNext/><w:spacing w:before="240"/><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:b/><w:sz w:val="28"/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="ListParagraph"><w:name w:val="List Paragraph"/><w:basedOn w:val="Normal"/><w:pPr><w:ind w:left="720"/></w:pPr></w:style><w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/><w:tblPr><w:tblBorders><w:top w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:left w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:bottom w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:right w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:insideH w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:insideV w:val="single" w:sz="4" w:space="0" w:color="auto"/></w:tblBorders></w:tblPr></w:style></w:styles>"#
            ),
        ),
        (
            "word/numbering.xml",
            format!(
                r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:numbering xmlns:w="{W}"><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="–"/><w:lvlJc w:val="left"/><w:pPr><w:ind w:left="720" w:hanging="360"/></w:pPr></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>"#
            ),
        ),
        (
            "word/document.xml",
            format!(
                r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{W}"><w:body>{body}<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1134" w:right="1134" w:bottom="1134" w:left="1701" w:header="720" w:footer="720" w:gutter="0"/></w:sectPr></w:body></w:document>"#
            ),
        ),
    ];
    let mut zip = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::from_date_and_time(2024, 8, 22, 8, 0, 0).unwrap());
    for (name, text) in members {
        zip.start_file(name, options).unwrap();
        zip.write_all(text.as_bytes()).unwrap();
    }
    zip.finish().unwrap();
}

fn write_documents(dir: &Path) {
    use Block::*;
    write_docx(
        &dir.join("SK37.docx"),
        &[
            Heading("1. Thực trạng trước khi có sáng kiến"),
            Para(
                "Năm 2023, bộ phận một cửa xã Hòa Bình tiếp nhận 1.126 hồ sơ đất đai; 31% phải trả lại vì thiếu giấy tờ. Người dân thường đi lại hai, ba lần cho một thủ tục.",
            ),
            Heading("2. Nội dung sáng kiến"),
            Para(
                "Nhóm tác giả gom 28 thủ tục đất đai thường gặp vào một sổ tay điện tử. Mỗi thủ tục có:",
            ),
            Item("danh mục giấy tờ cần chuẩn bị, kèm ảnh mẫu;"),
            Item("lệ phí, thời hạn giải quyết và nơi nộp;"),
            Item("một mã QR dán tại bộ phận một cửa và nhà văn hóa ấp."),
            Heading("3. Kết quả"),
            Table(&[
                &["Chỉ số", "Năm 2023", "6 tháng đầu 2024"],
                &["Hồ sơ trả lại vì thiếu giấy tờ", "31%", "9%"],
                &["Số lần đi lại trung bình", "2,4", "1,2"],
            ]),
            Para("Sổ tay được cập nhật khi thủ tục thay đổi; chi phí duy trì gần như bằng không."),
        ],
    );
    write_docx(
        &dir.join("SK38.docx"),
        &[
            Heading("1. Vấn đề"),
            Para(
                "Vào ngày cao điểm, người dân chờ trung bình 47 phút tại bộ phận một cửa thị trấn Phú Khang.",
            ),
            Heading("2. Giải pháp"),
            Para(
                "Người dân đặt giờ qua tổng đài hoặc Zalo; công chức sắp lịch theo khung 15 phút và nhắn tin nhắc trước một ngày.",
            ),
            Heading("3. Hiệu quả"),
            Para(
                "Sau ba tháng, thời gian chờ trung bình còn 12 phút; 38% lượt giao dịch được đặt giờ trước.",
            ),
        ],
    );
    write_docx(
        &dir.join("SK39.docx"),
        &[
            Heading("Bảng theo dõi chi thường xuyên"),
            Para(
                "Mỗi đơn vị sự nghiệp nhập số chi hằng tháng vào một bảng tính dùng chung; bảng tự tô màu khoản chi vượt 80% dự toán quý.",
            ),
            Table(&[
                &["Đơn vị", "Cảnh báo", "Đã tự điều chỉnh"],
                &["Trường THCS Phú Khang", "2", "2"],
                &["Trung tâm Y tế", "3", "1"],
            ]),
        ],
    );
    std::fs::write(
        dir.join("SK37-so-lieu-ho-so.csv"),
        "Tháng,Hồ sơ tiếp nhận,Trả lại\n1/2024,96,12\n2/2024,88,8\n3/2024,101,7\n",
    )
    .unwrap();
}

#[test]
#[ignore = "writes data/entries-sample.xlsx and data/documents again"]
fn write_the_sample_files() {
    write_sheet(&root().join("data/entries-sample.xlsx"));
    write_documents(&root().join("data/documents"));
}

/// The shell lines of the README's import example.
fn readme_example() -> Vec<String> {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let start = readme
        .find("<!-- import-example:start -->")
        .expect("the README has the import example");
    let end = readme.find("<!-- import-example:end -->").unwrap();
    readme[start..end]
        .lines()
        .filter(|l| l.starts_with("jury "))
        .map(|l| l.split(" #").next().unwrap_or(l).trim().to_string())
        .collect()
}

#[test]
fn the_readme_example_imports_the_sample_files() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("hoidong");
    let lines = readme_example();
    assert!(lines.len() >= 3, "{lines:?}");
    let mut said = String::new();
    for line in &lines {
        let args: Vec<&str> = line.split_whitespace().skip(1).collect();
        let args: Vec<&str> = args
            .iter()
            .map(|a| {
                if *a == "hoidong" {
                    db.to_str().unwrap()
                } else {
                    a
                }
            })
            .collect();
        let out = jury()
            .current_dir(root())
            .args(["--lang", "vi"])
            .args(&args)
            .output()
            .unwrap();
        assert!(out.status.success(), "{line}: {}", stderr(&out));
        said += &stdout(&out);
    }
    assert!(said.contains("cột A \"Mã hồ sơ\" → id"), "{said}");
    assert!(
        said.contains("4 sáng kiến mới (SK37, SK38, SK39, SK40)"),
        "{said}"
    );
    assert!(
        said.contains("Đã gắn 3 bài viết và 1 tài liệu đính kèm."),
        "{said}"
    );
    let export: Value = serde_json::from_str(&common::export(&db)).unwrap();
    let entry = |id: &str| {
        export["entries"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["id"] == id)
            .unwrap()
            .clone()
    };
    let sk37 = entry("SK37");
    assert_eq!(sk37["submitted"], "2024-08-16");
    assert_eq!(sk37["authors"][0]["share"], 60.0);
    let doc = sk37["document"].as_str().unwrap();
    assert!(
        doc.starts_with("# 1. Thực trạng trước khi có sáng kiến\n\nNăm 2023"),
        "{doc}"
    );
    assert!(
        doc.contains("\n- danh mục giấy tờ cần chuẩn bị, kèm ảnh mẫu;\n- lệ phí"),
        "{doc}"
    );
    assert!(
        doc.contains("| Hồ sơ trả lại vì thiếu giấy tờ | 31% | 9% |"),
        "{doc}"
    );
    let a = &sk37["attachments"][0];
    assert_eq!(a["name"], "SK37-so-lieu-ho-so.csv");
    assert_eq!(a["kind"], "spreadsheet");
    let on_disk = std::fs::read(root().join("data/documents/SK37-so-lieu-ho-so.csv")).unwrap();
    assert_eq!(a["bytes"], on_disk.len() as u64);
    assert_eq!(a["sha256"].as_str().unwrap().len(), 64);
    assert!(Path::new(a["path"].as_str().unwrap()).is_absolute());
    assert_eq!(entry("SK38")["submitted"], "2024-08-19", "typed dd/mm/yyyy");
    assert_eq!(
        entry("SK40")["document"],
        Value::Null,
        "no write-up for SK40"
    );
    assert!(said.contains("SK40"), "listed without a write-up: {said}");
}
