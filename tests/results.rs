//! `jury rank`, `jury report` and `jury round` on a scored contest.
//!
//! The fixture's totals, by hand (SK03: GK01 87, GK02 79, GK03 91):
//! SK03 85.67, SK01 76.33 (78.5, 78.5, 72), SK02 59.67 (56, 64, 59),
//! SK04 36.33 (40, 46, 23; spread 23 ≥ 20).

mod common;

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
use common::{run, stderr, stdout};

const SCORED: &str = include_str!("fixtures/scored-contest.json");

fn scored(dir: &tempfile::TempDir) -> std::path::PathBuf {
    let file = dir.path().join("scored.json");
    std::fs::write(&file, SCORED).unwrap();
    let db = dir.path().join("db");
    let out = run(&db, &["import", file.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    db
}

#[test]
fn rank_as_csv_follows_the_rules_and_opens_in_excel() {
    let dir = tempfile::tempdir().unwrap();
    let db = scored(&dir);
    let out = run(&db, &["rank", "--format", "csv"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let csv = stdout(&out);
    assert!(
        csv.starts_with('\u{feff}'),
        "a BOM, so Excel reads the Vietnamese as UTF-8"
    );
    let lines: Vec<&str> = csv
        .trim_start_matches('\u{feff}')
        .split("\r\n")
        .filter(|l| !l.is_empty())
        .collect();
    assert_eq!(
        lines[0], "round,main,method,mean",
        "the round and the method head the file"
    );
    let lines = &lines[1..];
    assert_eq!(
        lines[0],
        "rank,entry,title,unit,field,sheets,score,novelty,creativity,effectiveness,feasibility,spread,award,flags,flag_detail"
    );
    assert_eq!(
        lines[1],
        "1,SK03,Phiếu hẹn điện tử qua Zalo,Thôn Đông,tthc,3,85.67,21.67,20.00,26.33,17.67,12.00,nhat,,"
    );
    assert!(
        lines[2].starts_with("2,SK01,")
            && lines[2].contains(",76.33,")
            && lines[2].ends_with(",nhi,,")
    );
    assert!(lines[3].starts_with("3,SK02,") && lines[3].contains(",59.67,"));
    assert!(
        lines[4].starts_with("4,SK04,")
            && lines[4]
                .ends_with(",23.00,,disagreement;below-threshold,below-threshold:khuyen_khich>=50"),
        "the minimum SK04 missed is named: {}",
        lines[4]
    );
}

#[test]
fn rank_as_json_and_markdown_keep_vietnamese_intact() {
    let dir = tempfile::tempdir().unwrap();
    let db = scored(&dir);
    let json: serde_json::Value =
        serde_json::from_str(&stdout(&run(&db, &["rank", "--format", "json"]))).unwrap();
    let first = &json["entries"][0];
    assert_eq!(first["entry"], "SK03");
    assert_eq!(first["title"], "Phiếu hẹn điện tử qua Zalo");
    assert_eq!(first["score"], 85.67);
    assert_eq!(first["rank"], 1);
    assert_eq!(
        json["entries"][3]["flags"],
        serde_json::json!(["disagreement", "below-threshold"])
    );
    let md = stdout(&run(&db, &["rank", "--format", "md", "--method", "median"]));
    assert!(
        md.contains("| 1 | SK03 | Phiếu hẹn điện tử qua Zalo |"),
        "{md}"
    );
    assert!(md.contains("| 87.00 |"), "the median of 87, 79, 91: {md}");
}

#[test]
fn the_markdown_report_has_the_summary_each_members_sheet_and_the_minutes() {
    let dir = tempfile::tempdir().unwrap();
    let db = scored(&dir);
    let file = dir.path().join("bien-ban.md");
    let out = run(
        &db,
        &["--lang", "vi", "report", "-o", file.to_str().unwrap()],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let md = std::fs::read_to_string(&file).unwrap();
    assert!(md.contains("# Bảng tổng hợp điểm"));
    assert!(md.contains("| 1 | SK03 | Phiếu hẹn điện tử qua Zalo | Thôn Đông | 87 | 79 | 91 | 85.67 | 1 | đề nghị Giải Nhất |"), "{md}");
    for member in [
        "Nguyễn Thị Lan (GK01)",
        "Trần Văn Đức (GK02)",
        "Lê Hoàng Yến (GK03)",
    ] {
        assert!(
            md.contains(&format!("# Phiếu chấm điểm — {member}")),
            "{member}"
        );
    }
    assert!(md.contains("# Biên bản họp hội đồng chấm"));
    assert!(
        md.contains("Giải Nhất (1/1): SK03 Phiếu hẹn điện tử qua Zalo (85.67)"),
        "{md}"
    );
    assert!(
        md.contains("SK04: chênh lệch điểm lớn, cần chấm thêm"),
        "{md}"
    );
}

#[test]
fn the_xlsx_report_reads_back_with_a_real_reader() {
    let dir = tempfile::tempdir().unwrap();
    let db = scored(&dir);
    let file = dir.path().join("bao-cao.xlsx");
    let out = run(
        &db,
        &["--lang", "vi", "report", "-o", file.to_str().unwrap()],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let bytes = std::fs::read(&file).unwrap();
    let mut book: Xlsx<_> =
        open_workbook_from_rs(Cursor::new(bytes)).expect("a workbook calamine can open");
    assert_eq!(
        book.sheet_names(),
        [
            "Tổng hợp",
            "Phiếu GK01",
            "Phiếu GK02",
            "Phiếu GK03",
            "Biên bản"
        ]
    );
    let summary = book.worksheet_range("Tổng hợp").unwrap();
    let row_of = |needle: &str| {
        summary
            .rows()
            .find(|r| {
                r.iter()
                    .any(|c| matches!(c, Data::String(s) if s == needle))
            })
            .unwrap_or_else(|| panic!("{needle} is not in the summary"))
            .to_vec()
    };
    let sk03 = row_of("SK03");
    assert_eq!(sk03[2], Data::String("Phiếu hẹn điện tử qua Zalo".into()));
    assert_eq!(sk03[4], Data::Float(87.0));
    match sk03[7] {
        Data::Float(x) => assert!(
            (x - 257.0 / 3.0).abs() < 1e-9,
            "the average is stored unrounded: {x}"
        ),
        ref other => panic!("the average is a number, not {other:?}"),
    }
    for name in ["Tổng hợp", "Phiếu GK01", "Biên bản"] {
        let range = book.worksheet_range(name).unwrap();
        assert!(
            range.rows().take(3).flatten().any(|c| matches!(
                c,
                Data::String(s) if s == "Vòng: Vòng chấm (main) · Cách tính: trung bình cộng"
            )),
            "{name} opens with its round and method"
        );
    }
    assert!(
        row_of("Điểm trung bình").len() > 4,
        "the mean's score column says it is an average"
    );
    let sheet = book.worksheet_range("Phiếu GK01").unwrap();
    let half = sheet
        .rows()
        .find(|r| r.get(1) == Some(&Data::String("SK01".into())))
        .unwrap();
    assert_eq!(half[4], Data::Float(18.5), "half points survive");
}

#[test]
fn a_round_advances_by_a_minimum_score_or_by_the_top_n_recorded_with_who_and_how() {
    for (args, expected) in [(vec!["--min", "59"], 3), (vec!["--top", "2"], 2)] {
        let dir = tempfile::tempdir().unwrap();
        let db = scored(&dir);
        let mut call = vec!["round", "advance"];
        call.extend(&args);
        let out = run(&db, &call);
        assert!(out.status.success(), "{}", stderr(&out));
        let rounds = stdout(&run(&db, &["round"]));
        // In English (LANG=C), the rounds' English names.
        assert!(rounds.contains("main\tJudging\tclosed"), "{rounds}");
        assert!(
            rounds.contains(&format!(
                "chung_khao\tFinal round\tcurrent\t{expected} entries  from main by GK01"
            )),
            "{rounds}"
        );
        // The next round ranks only its own entries, with no sheets yet.
        let csv = stdout(&run(&db, &["rank", "--format", "csv"]));
        assert_eq!(csv.matches("unscored").count(), expected, "{csv}");
        let trail = stdout(&run(&db, &["audit", "--format", "json"]));
        assert!(trail.contains("round_advance"), "{trail}");
    }
}

#[test]
fn a_closed_round_takes_no_more_sheets() {
    let dir = tempfile::tempdir().unwrap();
    let db = scored(&dir);
    assert!(
        run(&db, &["round", "advance", "--top", "1"])
            .status
            .success()
    );
    let store = jury::store::Store::open(&db).unwrap();
    let c = store.load().unwrap();
    let change = jury::domain::Change::SaveNote {
        key: jury::domain::SheetKey::new("main", "SK01", "GK02"),
        text: "muộn".into(),
        base: 0,
        remarks: Default::default(),
        annotations: Vec::new(),
    };
    let err = store
        .apply(&c, c.judge("GK02").unwrap(), &change)
        .unwrap_err()
        .to_string();
    assert!(err.contains("round main is closed"), "{err}");
}

#[test]
fn a_report_names_its_method_and_round_and_refuses_a_format_jury_does_not_write() {
    let dir = tempfile::tempdir().unwrap();
    let db = scored(&dir);
    let file = dir.path().join("bien-ban.md");
    let out = run(
        &db,
        &[
            "--lang",
            "vi",
            "report",
            "--method",
            "zscore",
            "-o",
            file.to_str().unwrap(),
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let md = std::fs::read_to_string(&file).unwrap();
    assert!(
        md.contains("| Điểm chuẩn hóa |") && !md.contains("Điểm trung bình"),
        "a z-score is not an average: {md}"
    );
    assert!(
        md.contains("Vòng: Vòng chấm (main) · Cách tính: điểm chuẩn hóa"),
        "{md}"
    );
    let pdf = dir.path().join("bao-cao.pdf");
    let out = run(
        &db,
        &["--lang", "en", "report", "-o", pdf.to_str().unwrap()],
    );
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains(".md (Markdown) and .xlsx (Excel)"),
        "{}",
        stderr(&out)
    );
    assert!(!pdf.exists(), "nothing written under a name that lies");
}

#[test]
fn round_advance_says_which_entries_stay_behind_and_why() {
    let dir = tempfile::tempdir().unwrap();
    let db = scored(&dir);
    let out = run(&db, &["--lang", "en", "round", "advance", "--top", "2"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let said = stdout(&out);
    assert!(
        said.contains("Left out of chung_khao: SK02 — rank 3, below the top 2")
            && said.contains("Left out of chung_khao: SK04 — rank 4, below the top 2"),
        "{said}"
    );
    // SK02 scored like SK01 but lower on effectiveness, the first tiebreak.
    let dir = tempfile::tempdir().unwrap();
    let mut doc: serde_json::Value = serde_json::from_str(SCORED).unwrap();
    for s in doc["scores"].as_array_mut().unwrap() {
        if s["entry"] == "SK02" {
            s["points"] = if s["judge"] == "GK03" {
                serde_json::json!({"novelty": 19, "creativity": 17, "effectiveness": 22, "feasibility": 14})
            } else {
                serde_json::json!({"novelty": 21, "creativity": 18.5, "effectiveness": 24, "feasibility": 15})
            };
        }
    }
    let file = dir.path().join("tied.json");
    std::fs::write(&file, doc.to_string()).unwrap();
    let db = dir.path().join("db");
    assert!(
        run(&db, &["import", file.to_str().unwrap()])
            .status
            .success()
    );
    let out = run(&db, &["--lang", "en", "round", "advance", "--top", "2"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let said = stdout(&out);
    assert!(
        said.contains(
            "Left out of chung_khao: SK02 — tied with SK01, placed after on Effectiveness"
        ),
        "{said}"
    );
}

#[test]
fn sharing_out_after_the_sheets_are_in_says_what_it_kept() {
    let dir = tempfile::tempdir().unwrap();
    let db = scored(&dir);
    let out = run(&db, &["--lang", "en", "assign", "--per-entry", "2"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let said = stdout(&out);
    assert!(said.contains("Kept 12 sheets already written"), "{said}");
    assert!(
        said.contains("SK01: 3 members already have sheets, more than 2 per entry"),
        "{said}"
    );
    // And the counts follow who is expected: three sheets of three.
    let csv = stdout(&run(&db, &["rank", "--format", "csv"]));
    assert!(!csv.contains("incomplete"), "{csv}");
}

/// The scored contest with GK02's remarks and an annotation on SK01.
fn scored_with_words(dir: &tempfile::TempDir) -> std::path::PathBuf {
    let mut v: serde_json::Value = serde_json::from_str(SCORED).unwrap();
    let s = &mut v["scores"][4];
    assert_eq!(
        (s["entry"].as_str(), s["judge"].as_str()),
        (Some("SK01"), Some("GK02"))
    );
    s["remarks"] = serde_json::json!({"feasibility": "Dễ nhân rộng", "novelty": "Mới ở cấp xã"});
    s["annotations"] = serde_json::json!([
        {"first_line": 1, "last_line": 2, "passage": "Giảm 40% thời gian\nchờ đợi", "comment": "Số liệu từ đâu?"}
    ]);
    let file = dir.path().join("words.json");
    std::fs::write(&file, v.to_string()).unwrap();
    let db = dir.path().join("db");
    let out = run(&db, &["import", file.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    db
}

#[test]
fn a_members_sheet_in_the_report_prints_remarks_and_annotations_with_their_passage() {
    let dir = tempfile::tempdir().unwrap();
    let db = scored_with_words(&dir);
    let md_file = dir.path().join("bien-ban.md");
    let out = run(
        &db,
        &["--lang", "vi", "report", "-o", md_file.to_str().unwrap()],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let md = std::fs::read_to_string(&md_file).unwrap();
    let gk02 = md
        .split("# Phiếu chấm điểm — Trần Văn Đức (GK02)")
        .nth(1)
        .and_then(|rest| rest.split("\n# ").next())
        .expect("GK02's sheet");
    assert!(
        gk02.contains("## Nhận xét theo tiêu chí và ghi chú trên đoạn văn"),
        "{gk02}"
    );
    // In rubric order, then the annotation with the passage it is about.
    let novelty = gk02
        .find("| SK01 | Tính mới | Mới ở cấp xã |")
        .expect("novelty");
    let feasible = gk02
        .find("| SK01 | Tính khả thi | Dễ nhân rộng |")
        .expect("feasibility");
    assert!(novelty < feasible, "{gk02}");
    assert!(
        gk02.contains("| SK01 | dòng 2–3: «Giảm 40% thời gian chờ đợi» | Số liệu từ đâu? |"),
        "{gk02}"
    );
    let gk01 = md
        .split("# Phiếu chấm điểm — Nguyễn Thị Lan (GK01)")
        .nth(1)
        .unwrap();
    let gk01 = gk01.split("\n# ").next().unwrap();
    assert!(
        !gk01.contains("Nhận xét theo tiêu chí"),
        "only GK02 wrote any"
    );

    let xlsx_file = dir.path().join("bao-cao.xlsx");
    let out = run(
        &db,
        &["--lang", "en", "report", "-o", xlsx_file.to_str().unwrap()],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let mut book: Xlsx<_> =
        open_workbook_from_rs(Cursor::new(std::fs::read(&xlsx_file).unwrap())).unwrap();
    let names = book.sheet_names();
    let tab = names.iter().find(|n| n.contains("GK02")).unwrap().clone();
    let sheet = book.worksheet_range(&tab).unwrap();
    let texts: Vec<Vec<String>> = sheet
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    assert!(
        texts
            .iter()
            .any(|r| r[..3] == ["SK01", "Novelty", "Mới ở cấp xã"]),
        "{texts:?}"
    );
    assert!(
        texts.iter().any(
            |r| r[1] == "lines 2–3: «Giảm 40% thời gian\nchờ đợi»" && r[2] == "Số liệu từ đâu?"
        ),
        "{texts:?}"
    );
}
