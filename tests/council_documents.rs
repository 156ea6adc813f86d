//! The council's Word documents (issue 16) read back as a secretary would
//! check them: the Nghị định 30 header and page, the meeting as recorded
//! (never attendance guessed from who submitted), the prize list with its
//! authors, one score sheet per member per entry, drafts never printed.

mod common;

use common::{SCORED, run, stderr, stdout};
use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};

/// The scored contest with a place, prize amounts, grades and one draft
/// (GK03 on SK04), and its meeting recorded through `jury meeting`.
fn council() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let mut file: serde_json::Value = serde_json::from_str(SCORED).unwrap();
    file["contest"]["locality"] = "Tân Phú".into();
    file["contest"]["council"] = "Hội đồng xét sáng kiến xã Tân Phú năm 2024".into();
    for (award, amount) in [(0, 5_000_000), (1, 3_000_000), (2, 1_000_000)] {
        file["awards"][award]["amount"] = amount.into();
    }
    file["rules"]["grades"] = serde_json::json!([
        {"name": "Xuất sắc", "min": 90}, {"name": "Tốt", "min": 80},
        {"name": "Khá", "min": 65}, {"name": "Đạt", "min": 50}
    ]);
    let scores = file["scores"].as_array_mut().unwrap();
    for s in scores.iter_mut() {
        if s["entry"] == "SK04" && s["judge"] == "GK03" {
            s["submitted"] = false.into();
        }
    }
    let path = dir.path().join("contest.json");
    std::fs::write(&path, file.to_string()).unwrap();
    let db = dir.path().join("db");
    let steps: &[&[&str]] = &[
        &["import", path.to_str().unwrap()],
        &[
            "meeting",
            "set",
            "--date",
            "2024-09-20",
            "--time",
            "08:00",
            "--place",
            "Hội trường UBND xã Tân Phú",
            "--number",
            "05/BB-HĐ",
            "--basis",
            "Quyết định số 12/QĐ-UBND ngày 01/8/2024 của Chủ tịch UBND xã Tân Phú",
        ],
        &["meeting", "present", "GK01", "GK02"],
        &["meeting", "absent", "GK03", "--reason", "đi công tác"],
        &["meeting", "vote", "--for", "2"],
    ];
    for args in steps {
        let out = run(&db, args);
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
    }
    (dir, db)
}

fn write(db: &Path, dir: &Path, name: &str, extra: &[&str]) -> Vec<u8> {
    let file = dir.join(name);
    let mut args = vec!["--lang", "vi", "report", "-o", file.to_str().unwrap()];
    args.extend(extra);
    let out = run(db, &args);
    assert!(out.status.success(), "{}", stderr(&out));
    std::fs::read(&file).unwrap()
}

fn part(bytes: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("a .docx is a zip");
    let mut text = String::new();
    zip.by_name(name)
        .expect("the part is there")
        .read_to_string(&mut text)
        .unwrap();
    text
}

/// The document's words, a paragraph a line, as a reader sees them.
fn words(xml: &str) -> String {
    let mut out = String::new();
    let mut rest = xml;
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        let close = rest[open..].find('>').map_or(rest.len(), |c| open + c + 1);
        if rest[open..close].starts_with("</w:p>") {
            out.push('\n');
        }
        rest = &rest[close..];
    }
    out.push_str(rest);
    out.replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
}

#[test]
fn the_minutes_follow_the_decree_and_the_meeting_as_recorded() {
    let (dir, db) = council();
    let bytes = write(&db, dir.path(), "bien-ban.docx", &["--doc", "bien-ban"]);
    let xml = part(&bytes, "word/document.xml");
    let text = words(&xml);
    for expected in [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "UBND XÃ TÂN PHÚ",
        "HỘI ĐỒNG XÉT SÁNG KIẾN XÃ TÂN PHÚ NĂM 2024",
        "Số: 05/BB-HĐ",
        "Tân Phú, ngày 20 tháng 9 năm 2024",
        "Thời gian: 08 giờ 00, ngày 20 tháng 9 năm 2024",
        "Địa điểm: Hội trường UBND xã Tân Phú",
        "Căn cứ Quyết định số 12/QĐ-UBND ngày 01/8/2024",
        "Số thành viên Hội đồng có mặt: 2/3",
        "Cuộc họp đủ số thành viên theo quy định.",
        "Cách tính điểm: trung bình cộng",
        "Vòng chấm: Vòng chấm",
        "2 thành viên tán thành, 0 không tán thành",
        "Mốc nhật ký thay đổi lúc in",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in:\n{text}");
    }
    // GK03 submitted sheets but was away: the record says absent, with why.
    let absent = &text[text.find("Vắng mặt:").unwrap()..text.find("III.").unwrap()];
    assert!(
        absent.contains("Lê Hoàng Yến — Ủy viên. Lý do: đi công tác."),
        "{absent}"
    );
    let present = &text[text.find("Có mặt:").unwrap()..text.find("Vắng mặt:").unwrap()];
    assert!(!present.contains("Lê Hoàng Yến"), "{present}");
    // The summary row: authors, decimal comma, grade, the proposal in words.
    let row = text
        .lines()
        .skip_while(|l| *l != "SK03")
        .take(7)
        .collect::<Vec<_>>();
    assert_eq!(
        row,
        [
            "SK03",
            "Phiếu hẹn điện tử qua Zalo",
            "Hoàng Thị Mai",
            "Thôn Đông",
            "85,67",
            "Tốt",
            "Đề nghị Giải Nhất",
        ]
    );
    assert_eq!(text.matches("(Ký, ghi rõ họ tên)").count(), 2);
    assert!(text.contains("THƯ KÝ") && text.contains("CHỦ TỊCH HỘI ĐỒNG"));
    assert!(text.contains("Nguyễn Thị Lan\n"), "the chair signs by name");
    // The page: A4, the decree's margins, Times New Roman.
    assert!(xml.contains(r#"<w:pgSz w:w="11906" w:h="16838" />"#), "A4");
    let margin = |side: &str| -> f64 {
        let at = xml.find(&format!("w:{side}=\"")).unwrap() + side.len() + 4;
        let twips: f64 = xml[at..at + xml[at..].find('"').unwrap()].parse().unwrap();
        twips / 56.693
    };
    for (side, low, high) in [
        ("top", 20.0, 25.0),
        ("bottom", 20.0, 25.0),
        ("left", 30.0, 35.0),
        ("right", 15.0, 20.0),
    ] {
        let mm = margin(side);
        assert!((low - 0.1..=high + 0.1).contains(&mm), "{side}: {mm} mm");
    }
    let styles = part(&bytes, "word/styles.xml");
    assert!(styles.contains(r#"w:ascii="Times New Roman""#), "{styles}");
    assert!(styles.contains(r#"<w:sz w:val="28" />"#), "14 pt body");
}

#[test]
fn a_council_decision_shows_beside_the_computed_proposal() {
    let (dir, db) = council();
    let out = run(
        &db,
        &[
            "meeting",
            "decide",
            "--entry",
            "SK02",
            "--award",
            "nhi",
            "--text",
            "Hội đồng biểu quyết nâng giải.",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let minutes = words(&part(
        &write(&db, dir.path(), "bb.docx", &[]),
        "word/document.xml",
    ));
    assert!(
        minutes
            .contains("Hội đồng quyết định Giải Nhì (kết quả tính điểm đề nghị Giải Khuyến khích)"),
        "{minutes}"
    );
    let proposal = words(&part(
        &write(&db, dir.path(), "tt.docx", &["--doc", "to-trinh"]),
        "word/document.xml",
    ));
    let row = proposal
        .lines()
        .skip_while(|l| *l != "Thu phí không dùng tiền mặt tại Bộ phận Một cửa")
        .take(5)
        .collect::<Vec<_>>();
    assert_eq!(row[4], "Giải Nhì", "{proposal}");
}

#[test]
fn the_proposal_lists_every_prize_with_its_authors_and_amount() {
    let (dir, db) = council();
    let bytes = write(&db, dir.path(), "to-trinh.docx", &["--doc", "to-trinh"]);
    let text = words(&part(&bytes, "word/document.xml"));
    for expected in [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Tân Phú, ngày 20 tháng 9 năm 2024",
        "TỜ TRÌNH",
        "Kính gửi: UBND xã Tân Phú",
        "Cách tính điểm: trung bình cộng",
        "Tổng số tiền thưởng: 9.000.000 đồng.",
        "TM. HỘI ĐỒNG",
        "(Ký, ghi rõ họ tên)",
        "Nơi nhận:\n- Như trên (UBND xã Tân Phú)",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in:\n{text}");
    }
    let table: Vec<&str> = text
        .lines()
        .skip_while(|l| *l != "Mức thưởng (đồng)")
        .skip(1)
        .take(3 * 7)
        .collect();
    assert_eq!(
        table.chunks(7).map(|r| r.to_vec()).collect::<Vec<_>>(),
        [
            [
                "1",
                "Phiếu hẹn điện tử qua Zalo",
                "Hoàng Thị Mai",
                "Thôn Đông",
                "85,67",
                "Giải Nhất",
                "5.000.000"
            ],
            [
                "2",
                "Số hóa sổ hộ tịch tại xã Tân Phú",
                "Phạm Văn Bình",
                "Bộ phận Một cửa",
                "76,33",
                "Giải Nhì",
                "3.000.000"
            ],
            [
                "3",
                "Thu phí không dùng tiền mặt tại Bộ phận Một cửa",
                "Đỗ Thị Hà, Vũ Minh Tuấn",
                "UBND xã Tân Phú",
                "59,67",
                "Giải Khuyến khích",
                "1.000.000"
            ],
        ]
    );
    assert!(!text.contains("Đánh giá công chức"), "no prize, not listed");
}

#[test]
fn each_member_signs_one_sheet_per_entry_and_drafts_are_never_printed() {
    let (dir, db) = council();
    let bytes = write(&db, dir.path(), "phieu.docx", &["--doc", "phieu"]);
    let xml = part(&bytes, "word/document.xml");
    let text = words(&xml);
    // 12 sheets, one a draft: 11 pages.
    assert_eq!(xml.matches(r#"<w:br w:type="page" />"#).count() + 1, 11);
    assert_eq!(text.matches("PHIẾU CHẤM ĐIỂM").count(), 11);
    assert_eq!(text.matches("(Ký, ghi rõ họ tên)").count(), 11);
    assert!(
        !text.contains("đã nộp") && !text.contains("nháp"),
        "no app state"
    );
    let first = &text[..text.find("THÀNH VIÊN CHẤM").unwrap()];
    for expected in [
        "Thành viên chấm: Nguyễn Thị Lan",
        "Tên sáng kiến: SK01 — Số hóa sổ hộ tịch tại xã Tân Phú",
        "Lĩnh vực: Chính quyền số",
        "Tác giả: Phạm Văn Bình",
        "Đơn vị: Bộ phận Một cửa",
        "Tính sáng tạo\n25\n18,5",
        "Tổng cộng\n100\n78,5",
        "Tân Phú, ngày 20 tháng 9 năm 2024",
    ] {
        assert!(
            first.contains(expected),
            "missing {expected:?} in:\n{first}"
        );
    }
    let gk03 = write(
        &db,
        dir.path(),
        "gk03.docx",
        &["--doc", "phieu", "--member", "GK03"],
    );
    let text = words(&part(&gk03, "word/document.xml"));
    assert_eq!(text.matches("Thành viên chấm: Lê Hoàng Yến").count(), 3);
    assert!(!text.contains("SK04"), "GK03's SK04 is a draft");
}

#[test]
fn member_is_for_score_sheets_and_must_be_a_scorer() {
    let (dir, db) = council();
    let file = dir.path().join("x.docx");
    let out = run(
        &db,
        &[
            "--lang",
            "vi",
            "report",
            "-o",
            file.to_str().unwrap(),
            "--member",
            "GK01",
        ],
    );
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("--member chỉ dùng với phiếu chấm điểm"),
        "{}",
        stderr(&out)
    );
    let out = run(
        &db,
        &[
            "--lang",
            "en",
            "report",
            "-o",
            file.to_str().unwrap(),
            "--doc",
            "phieu",
            "--member",
            "GK09",
        ],
    );
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("no scoring member GK09"),
        "{}",
        stderr(&out)
    );
    assert!(!file.exists(), "nothing written");
    assert!(stdout(&out).is_empty());
    let md = dir.path().join("x.md");
    let out = run(
        &db,
        &[
            "--lang",
            "vi",
            "report",
            "-o",
            md.to_str().unwrap(),
            "--doc",
            "to-trinh",
        ],
    );
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("hãy ghi vào tệp .docx"),
        "{}",
        stderr(&out)
    );
    assert!(!md.exists());
}

#[test]
fn the_ranking_people_read_names_prizes_and_grades_in_their_language() {
    let (_dir, db) = council();
    let vi = stdout(&run(&db, &["--lang", "vi", "rank"]));
    let sk03 = vi.lines().find(|l| l.contains("SK03")).unwrap();
    assert!(
        sk03.contains("85,67") && sk03.contains("12,00"),
        "decimal comma: {sk03}"
    );
    assert!(sk03.contains("Giải Nhất") && sk03.contains("Tốt"), "{sk03}");
    assert!(!vi.contains("nhat") && !vi.contains("khuyen_khich"), "{vi}");
    let sk04 = vi.lines().find(|l| l.contains("SK04")).unwrap();
    assert!(sk04.contains("Giải Khuyến khích cần 50"), "{sk04}");
    let en = stdout(&run(&db, &["--lang", "en", "rank", "--format", "md"]));
    let sk02 = en.lines().find(|l| l.contains("SK02")).unwrap();
    assert!(
        sk02.contains("| 59.67 |") && sk02.contains("| Consolation prize | Đạt |"),
        "{sk02}"
    );
    // Scripts keep ids and dot decimals, with the grade beside them.
    let csv = stdout(&run(&db, &["--lang", "vi", "rank", "--format", "csv"]));
    let sk03 = csv.lines().find(|l| l.contains("SK03")).unwrap();
    assert!(
        sk03.contains(",85.67,") && sk03.contains(",nhat,Tốt,"),
        "{sk03}"
    );
    let json: serde_json::Value = serde_json::from_str(&stdout(&run(
        &db,
        &["--lang", "vi", "rank", "--format", "json"],
    )))
    .unwrap();
    let first = &json["entries"][0];
    assert_eq!(
        (&first["award"], &first["award_name"], &first["grade"]),
        (&"nhat".into(), &"Giải Nhất".into(), &"Tốt".into())
    );
}

#[test]
fn the_markdown_minutes_take_attendance_from_the_meeting_and_its_date() {
    let (dir, db) = council();
    let file = dir.path().join("bien-ban.md");
    let out = run(
        &db,
        &["--lang", "vi", "report", "-o", file.to_str().unwrap()],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let md = std::fs::read_to_string(&file).unwrap();
    assert!(md.contains("Ngày 20/09/2024"), "the meeting's date: {md}");
    assert!(
        md.contains("| Điểm trung bình | Xếp loại | Xếp hạng |")
            && md.contains("| 85,67 | Tốt | 1 | đề nghị Giải Nhất |"),
        "the summary grades each entry: {md}"
    );
    assert!(
        md.contains("| 3 | Lê Hoàng Yến | Ủy viên | vắng mặt (đi công tác) |"),
        "GK03 submitted but was away: {md}"
    );
    assert!(md.contains("| 1 | Nguyễn Thị Lan | Chủ tịch Hội đồng | có mặt |"));
    // GK03's draft on SK04 is theirs alone.
    let gk03 = &md[md.find("— Lê Hoàng Yến (GK03)").unwrap()..];
    let sk04 = gk03.lines().find(|l| l.contains("| SK04 |")).unwrap();
    assert!(
        sk04.ends_with("hằng tháng |  |  |  |  |  |  |"),
        "no marks, no total, no note: {sk04}"
    );
}

#[test]
fn the_audit_listing_shows_times_in_the_contests_zone_and_csv_keeps_utc() {
    let (_dir, db) = council();
    let csv = stdout(&run(&db, &["audit", "--format", "csv"]));
    let first = csv.lines().nth(1).unwrap();
    let at = first.split(',').nth(1).unwrap();
    assert!(at.ends_with('Z'), "CSV stays machine-readable: {at}");
    let local = at
        .parse::<jiff::Timestamp>()
        .unwrap()
        .in_tz("Asia/Ho_Chi_Minh")
        .unwrap();
    let table = stdout(&run(&db, &["--lang", "vi", "audit"]));
    let line = table.lines().next().unwrap();
    let shown = local.strftime("%d/%m/%Y %H:%M").to_string();
    assert!(line.contains(&shown), "{shown} in {line}");
    assert!(!table.contains(at), "no UTC where people read: {line}");
}

/// A member's remarks per criterion and comments on passages of the
/// write-up are printed on their score sheet, with the passage quoted.
#[test]
fn the_score_sheet_prints_remarks_per_criterion_and_annotations() {
    let dir = tempfile::tempdir().unwrap();
    let mut file: serde_json::Value = serde_json::from_str(SCORED).unwrap();
    for s in file["scores"].as_array_mut().unwrap() {
        if s["entry"] == "SK01" && s["judge"] == "GK01" {
            s["remarks"] = serde_json::json!({"novelty": "Lần đầu áp dụng ở cấp xã"});
            s["annotations"] = serde_json::json!([{
                "first_line": 2, "last_line": 3,
                "passage": "Thời gian chờ giảm từ 40 phút xuống 10 phút",
                "comment": "Cần số liệu đối chứng"
            }]);
        }
    }
    let path = dir.path().join("contest.json");
    std::fs::write(&path, file.to_string()).unwrap();
    let db = dir.path().join("db");
    let out = run(&db, &["import", path.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let bytes = write(
        &db,
        dir.path(),
        "gk01.docx",
        &["--doc", "phieu", "--member", "GK01"],
    );
    let text = words(&part(&bytes, "word/document.xml"));
    let sk01 = &text[..text.find("THÀNH VIÊN CHẤM").unwrap()];
    for expected in [
        "Nhận xét theo tiêu chí và ghi chú trên bài viết:",
        "Tính mới\nLần đầu áp dụng ở cấp xã",
        "«Thời gian chờ giảm từ 40 phút xuống 10 phút»",
        "Cần số liệu đối chứng",
    ] {
        assert!(sk01.contains(expected), "missing {expected:?} in:\n{sk01}");
    }
    // Another entry's page carries none of them.
    let rest = &text[text.find("THÀNH VIÊN CHẤM").unwrap()..];
    assert!(!rest.contains("Cần số liệu đối chứng"));
}
