//! The `jury/contest@1` file: round trips, and bad files refused with the
//! place named and the database untouched.

mod common;

use common::{SMALL, export, imported, run, stderr};
use jury::contest_file;
use jury::domain::{Points, SheetKey};
use serde_json::{Value, json};

#[test]
fn export_then_import_into_an_empty_database_gives_identical_json() {
    let dir = tempfile::tempdir().unwrap();
    let db = imported(&dir);
    let first = export(&db);
    let file = dir.path().join("export.json");
    std::fs::write(&file, &first).unwrap();
    let db2 = dir.path().join("db2");
    let out = run(&db2, &["import", file.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(export(&db2), first);
}

#[test]
fn the_file_keeps_scores_notes_and_half_points() {
    let c = contest_file::read_bytes("small.json", SMALL.as_bytes()).unwrap();
    let sheet = c
        .sheet(&SheetKey::new("main", "SK01", "GK02"))
        .expect("GK02's sheet for SK01");
    assert!(sheet.is_submitted());
    assert_eq!(sheet.total(), Points::from_hundredths(7850));
    let note = c
        .note(&SheetKey::new("main", "SK03", "GK03"))
        .expect("GK03's note on SK03");
    assert_eq!(note.text, "Cần bổ sung số liệu trước và sau khi áp dụng.");
    // A note without points makes no sheet.
    assert!(c.sheet(&SheetKey::new("main", "SK03", "GK03")).is_none());
}

#[test]
fn the_written_file_follows_the_rubric_order_of_points() {
    let c = contest_file::read_bytes("small.json", SMALL.as_bytes()).unwrap();
    let text = contest_file::write(&c);
    let novelty = text.find("\"novelty\": 20").unwrap();
    let feasibility = text.find("\"feasibility\": 15").unwrap();
    assert!(novelty < feasibility, "points are written in rubric order");
}

#[test]
fn decomposed_vietnamese_is_stored_composed() {
    // "Cải cách" in NFD: a + combining hook above, a + combining grave.
    let nfd_title = "Ca\u{309}i ca\u{301}ch thu\u{309} tu\u{323}c";
    let mut v: Value = serde_json::from_str(SMALL).unwrap();
    v["entries"][0]["title"] = json!(nfd_title);
    let c = contest_file::read_bytes("nfd.json", v.to_string().as_bytes()).unwrap();
    assert_eq!(c.entries[0].title, "Cải cách thủ tục");
    assert!(unicode_normalization::is_nfc(&c.entries[0].title));
}

/// Caught by the fuzz target's round-trip check (tests/fuzz/fuzz_targets/contest_file.rs)
/// on a hand-made input: a note of "" was kept on reading but left out on
/// writing, so an exported file read back as a different contest.
#[test]
fn an_empty_note_is_no_note_so_the_file_reads_back_as_written() {
    let bytes = with(|v| v["scores"][0]["note"] = json!(""));
    let c = contest_file::read_bytes("empty-note.json", &bytes).unwrap();
    assert!(c.note(&SheetKey::new("main", "SK01", "GK02")).is_none());
    let text = contest_file::write(&c);
    let again = contest_file::read_bytes("written.json", text.as_bytes()).unwrap();
    assert_eq!(again, c);
    assert_eq!(contest_file::write(&again), text);
}

/// Remarks per criterion and annotations are read, written back in the
/// same words, and survive an import and an export.
#[test]
fn remarks_and_annotations_round_trip_through_the_file_and_the_database() {
    let bytes = with(|v| {
        v["scores"][2]["remarks"] = json!({"novelty": "Mới ở cấp huyện", "feasibility": "Dễ làm"});
        v["scores"][2]["annotations"] = json!([
            {"first_line": 0, "last_line": 2, "passage": "Dòng một\nDòng hai\nDòng ba", "comment": "Thiếu số liệu"}
        ]);
    });
    let c = contest_file::read_bytes("words.json", &bytes).unwrap();
    let note = c.note(&SheetKey::new("main", "SK03", "GK03")).unwrap();
    assert_eq!(note.remark("feasibility"), Some("Dễ làm"));
    assert_eq!(note.annotations[0].last_line, 2);
    let text = contest_file::write(&c);
    assert_eq!(
        contest_file::read_bytes("again.json", text.as_bytes()).unwrap(),
        c
    );
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("words.json");
    std::fs::write(&file, &text).unwrap();
    let db = dir.path().join("db");
    let out = run(&db, &["import", file.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(export(&db), text);
}

/// The application form's details (Thông tư 18/2013, Phụ lục I) survive an
/// import and an export unchanged, and plain-string authors stay strings.
#[test]
fn an_entry_keeps_its_write_up_authors_shares_and_attachments() {
    let bytes = with(|v| {
        let e = &mut v["entries"][0];
        e["authors"] = json!([
            {"name": "Lê Văn Tám", "share": 60, "position": "Chuyên viên", "unit": "Phòng Nội vụ"},
            {"name": "Trần Thị Hoa", "share": 40}
        ]);
        e["document"] = json!(
            "# Thực trạng\n\nĐoạn một.\n\n- ý một\n- ý hai\n\n| Năm | Hồ sơ |\n| 2023 | 120 |"
        );
        e["attachments"] = json!([{
            "name": "Ảnh quầy một cửa", "path": "tep/SK01-anh.jpg", "kind": "image",
            "bytes": 2048, "sha256": "ab".repeat(32)
        }]);
        e["applied_since"] = json!("2023-06-01");
        e["scope"] = json!("Toàn huyện");
        e["proposed_by"] = json!("UBND xã Tân Phú");
    });
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("details.json");
    std::fs::write(&file, &bytes).unwrap();
    let db = dir.path().join("db");
    let out = run(&db, &["import", file.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let exported: Value = serde_json::from_str(&export(&db)).unwrap();
    let original: Value = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(exported["entries"][0], original["entries"][0]);
    // An entry written with plain names is written back with plain names.
    assert_eq!(
        exported["entries"][1]["authors"],
        original["entries"][1]["authors"]
    );
    let c = contest_file::read_bytes("details.json", &bytes).unwrap();
    assert_eq!(c.entries[0].authors[0].share, Some(Points::whole(60)));
    assert_eq!(c.entries[0].author_names(", "), "Lê Văn Tám, Trần Thị Hoa");
}

/// A bad file and what its message must say.
struct Bad {
    what: &'static str,
    bytes: Vec<u8>,
    says: &'static [&'static str],
}

fn with(f: impl FnOnce(&mut Value)) -> Vec<u8> {
    let mut v: Value = serde_json::from_str(SMALL).unwrap();
    f(&mut v);
    serde_json::to_vec_pretty(&v).unwrap()
}

fn bad_files() -> Vec<Bad> {
    let truncated = SMALL.as_bytes()[..SMALL.len() / 2].to_vec();
    let mut not_utf8 = SMALL.as_bytes().to_vec();
    let at = SMALL.find("Tân Phú").unwrap();
    not_utf8[at + 1] = 0xff;
    // Deep enough to overflow a naive recursive reader's stack.
    let deep = format!(
        "{{\"format\": \"jury/contest@1\", \"contest\": {}{}}}",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    vec![
        Bad {
            what: "truncated",
            bytes: truncated,
            says: &["line ", "column ", "ends too early"],
        },
        Bad {
            what: "a trailing comma",
            bytes: SMALL
                .replacen("\"year\": 2024", "\"year\": 2024,", 1)
                .into_bytes(),
            says: &["line 8, column 3", "comma"],
        },
        Bad {
            what: "invalid UTF-8",
            bytes: not_utf8,
            says: &["UTF-8", "line 5"],
        },
        Bad {
            what: "another format",
            bytes: with(|v| v["format"] = json!("jury/contest@2")),
            says: &["jury/contest@2", "jury/contest@1"],
        },
        Bad {
            what: "no format",
            bytes: with(|v| {
                v.as_object_mut().unwrap().remove("format");
            }),
            says: &["\"format\" is missing"],
        },
        Bad {
            what: "an unknown top-level key",
            bytes: with(|v| v["scroes"] = json!([])),
            says: &["unknown field `scroes`"],
        },
        Bad {
            what: "an unknown key in an entry",
            bytes: with(|v| v["entries"][2]["titel"] = json!("x")),
            says: &["entries[2]", "unknown field `titel`"],
        },
        Bad {
            what: "a wrong type",
            bytes: with(|v| v["criteria"][0]["max"] = json!("25")),
            says: &["criteria[0].max", "invalid type: string"],
        },
        Bad {
            what: "points above the maximum",
            bytes: with(|v| v["scores"][0]["points"]["novelty"] = json!(30)),
            says: &["scores[0].points.novelty", "30 is above the maximum of 25"],
        },
        Bad {
            what: "points off the step",
            bytes: with(|v| v["scores"][0]["points"]["creativity"] = json!(18.25)),
            says: &[
                "scores[0].points.creativity",
                "not a multiple of the step 0.5",
            ],
        },
        Bad {
            what: "negative points",
            bytes: with(|v| v["scores"][0]["points"]["novelty"] = json!(-1)),
            says: &[
                "scores[0].points.novelty",
                "-1 is not a valid number of points",
            ],
        },
        Bad {
            what: "an unknown criterion",
            bytes: with(|v| v["scores"][0]["points"]["speed"] = json!(3)),
            says: &["scores[0].points.speed", "no criterion \"speed\""],
        },
        Bad {
            what: "an unknown entry",
            bytes: with(|v| v["scores"][1]["entry"] = json!("SK99")),
            says: &["scores[1].entry", "no entry \"SK99\""],
        },
        Bad {
            what: "an unknown judge",
            bytes: with(|v| v["scores"][1]["judge"] = json!("GK99")),
            says: &["scores[1].judge", "no judge \"GK99\""],
        },
        Bad {
            what: "a duplicate entry id",
            bytes: with(|v| v["entries"][3]["id"] = json!("SK01")),
            says: &["entries[3].id", "\"SK01\" is used twice", "entries[0].id"],
        },
        Bad {
            what: "a judge scoring an entry twice",
            bytes: with(|v| v["scores"][1]["entry"] = json!("SK01")),
            says: &["scores[1]", "already has a sheet for SK01"],
        },
        Bad {
            what: "a submitted sheet missing points",
            bytes: with(|v| v["scores"][1]["submitted"] = json!(true)),
            says: &[
                "scores[1].points",
                "no points for creativity, effectiveness, feasibility",
            ],
        },
        Bad {
            what: "a bad date",
            bytes: with(|v| v["entries"][0]["submitted"] = json!("2024-02-30")),
            says: &["entries[0].submitted", "YYYY-MM-DD"],
        },
        Bad {
            what: "a tiebreak on an unknown criterion",
            bytes: with(|v| v["rules"]["tiebreak"] = json!(["impact"])),
            says: &["rules.tiebreak[0]", "no criterion \"impact\""],
        },
        Bad {
            what: "deep nesting",
            bytes: deep.into_bytes(),
            says: &["line 1, column 41", "at contest[0]", "invalid type"],
        },
        Bad {
            // Found reading the points check while adding the fuzz targets:
            // two spellings of one key become one after NFC.
            what: "a criterion named twice, once composed and once decomposed",
            bytes: with(|v| {
                v["criteria"][0]["id"] = json!("m\u{1edb}i");
                v["rules"]["tiebreak"] = json!(["effectiveness"]);
                let points = v["scores"][0]["points"].as_object_mut().unwrap();
                points.remove("novelty");
                points.insert("m\u{1edb}i".into(), json!(20));
                points.insert("mo\u{31b}\u{301}i".into(), json!(15));
            }),
            says: &["scores[0].points.m\u{1edb}i", "appears twice"],
        },
        Bad {
            what: "an empty file",
            bytes: Vec::new(),
            says: &["line 1", "ends too early"],
        },
        Bad {
            what: "authors' shares that do not add up to 100",
            bytes: with(|v| {
                v["entries"][0]["authors"] = json!([
                    {"name": "Lê Văn Tám", "share": 60},
                    {"name": "Trần Thị Hoa", "share": 30}
                ])
            }),
            says: &["entries[0].authors", "90%", "100%"],
        },
        Bad {
            what: "a share given to only some authors",
            bytes: with(|v| {
                v["entries"][0]["authors"] =
                    json!([{"name": "Lê Văn Tám", "share": 100}, "Trần Thị Hoa"])
            }),
            says: &["entries[0].authors", "every author a share"],
        },
        Bad {
            what: "an author object without a name",
            bytes: with(|v| v["entries"][1]["authors"] = json!([{"share": 100}])),
            says: &["entries[1].authors[0]", "an author is a name"],
        },
        Bad {
            what: "a date of first application that is no date",
            bytes: with(|v| v["entries"][0]["applied_since"] = json!("01/02/2024")),
            says: &["entries[0].applied_since", "YYYY-MM-DD"],
        },
        Bad {
            what: "an attachment's digest that is not sha256",
            bytes: with(|v| {
                v["entries"][0]["attachments"] =
                    json!([{"name": "Ảnh", "path": "anh.jpg", "sha256": "abc"}])
            }),
            says: &["entries[0].attachments[0].sha256", "64 hexadecimal"],
        },
        Bad {
            what: "a remark longer than a remark may be",
            bytes: with(|v| v["scores"][0]["remarks"] = json!({"novelty": "ư".repeat(600)})),
            says: &["scores[0].remarks.novelty", "1024 a remark may be"],
        },
        Bad {
            what: "an annotation ending before it starts",
            bytes: with(|v| {
                v["scores"][0]["annotations"] =
                    json!([{"first_line": 4, "last_line": 2, "passage": "", "comment": "?"}])
            }),
            says: &["scores[0].annotations[0]", "comes before first_line"],
        },
    ]
}

#[test]
fn every_kind_of_bad_file_is_refused_with_its_place_and_the_database_is_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let db = imported(&dir);
    let before = export(&db);
    for (i, bad) in bad_files().into_iter().enumerate() {
        let file = dir.path().join(format!("bad{i}.json"));
        std::fs::write(&file, &bad.bytes).unwrap();
        let out = run(&db, &["import", "--replace", file.to_str().unwrap()]);
        let err = stderr(&out);
        assert!(
            !out.status.success(),
            "{}: the import should fail",
            bad.what
        );
        for s in bad.says {
            assert!(err.contains(s), "{}: expected {s:?} in:\n{err}", bad.what);
        }
        assert!(
            err.contains("the database is unchanged"),
            "{}: {err}",
            bad.what
        );
        assert_eq!(export(&db), before, "{}: the database changed", bad.what);
    }
}

#[test]
fn several_problems_are_listed_together() {
    let bytes = with(|v| {
        v["scores"][0]["points"]["novelty"] = json!(30);
        v["entries"][1]["submitted"] = json!("tomorrow");
    });
    let err = contest_file::read_bytes("two.json", &bytes)
        .unwrap_err()
        .to_string();
    assert!(err.contains("2 problems"), "{err}");
    assert!(
        err.contains("entries[1].submitted") && err.contains("scores[0].points.novelty"),
        "{err}"
    );
}

#[test]
fn importing_over_a_contest_needs_replace() {
    let dir = tempfile::tempdir().unwrap();
    let db = imported(&dir);
    let file = dir.path().join("small.json");
    let out = run(&db, &["import", file.to_str().unwrap()]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("--replace"), "{}", stderr(&out));
}

#[test]
fn the_demo_contest_is_a_complete_unscored_district_contest() {
    let c = contest_file::read_bytes("demo", jury::cli::DEMO.as_bytes())
        .expect("the demo reads cleanly");
    assert!(c.entries.len() >= 30);
    for field in [
        "the_che",
        "tthc",
        "bo_may",
        "cong_vu",
        "tai_chinh_cong",
        "chinh_quyen_so",
    ] {
        assert!(
            c.entries.iter().filter(|e| e.field == field).count() >= 5,
            "{field}"
        );
    }
    assert_eq!(c.judges.len(), 5);
    assert_eq!(c.judges.iter().filter(|j| j.is_chair()).count(), 1);
    let ids: Vec<&str> = c.rubric.criteria.iter().map(|x| x.id.as_str()).collect();
    assert_eq!(
        ids,
        ["novelty", "creativity", "effectiveness", "feasibility"]
    );
    assert_eq!(c.rubric.max_total(), Points::whole(100));
    for cr in &c.rubric.criteria {
        assert!(
            !cr.bands.is_empty()
                && cr
                    .bands
                    .iter()
                    .all(|b| !b.label.vi.is_empty() && !b.label.en.is_empty())
        );
        assert_eq!(
            cr.bands.last().unwrap().to,
            cr.max,
            "the bands reach the maximum"
        );
    }
    let tiers: Vec<&str> = c.awards.iter().map(|a| a.name.vi.as_str()).collect();
    assert_eq!(
        tiers,
        ["Giải Nhất", "Giải Nhì", "Giải Ba", "Giải Khuyến khích"]
    );
    assert!(c.sheets.is_empty() && c.notes.is_empty());
    // Titles that differ only by diacritics make diacritic-free search worth having.
    let folded: Vec<String> = c
        .entries
        .iter()
        .map(|e| jury::domain::fold::fold(&e.title))
        .collect();
    let twins = (0..folded.len()).any(|i| {
        (i + 1..folded.len())
            .any(|k| folded[i] == folded[k] && c.entries[i].title != c.entries[k].title)
    });
    assert!(twins, "two titles the same but for their diacritics");
    // A member of an entry's unit, for the conflict proposal.
    assert!(!jury::domain::conflict::proposals(&c).is_empty());
}

#[test]
fn a_huge_file_is_refused_with_its_place_and_a_bigger_one_unread() {
    let dir = tempfile::tempdir().unwrap();
    let db = imported(&dir);
    let before = export(&db);
    // 100 MB: a title that never ends.
    let huge = dir.path().join("huge.json");
    let mut bytes =
        b"{\"format\": \"jury/contest@1\", \"contest\": {\"id\": \"x\", \"title\": \"".to_vec();
    bytes.resize(100 * 1024 * 1024, b'a');
    std::fs::write(&huge, &bytes).unwrap();
    let out = run(&db, &["import", "--replace", huge.to_str().unwrap()]);
    let err = stderr(&out);
    assert!(!out.status.success());
    assert!(err.contains("line 1, column 104857600"), "{err}");
    assert!(err.contains("the database is unchanged"), "{err}");
    assert_eq!(export(&db), before);
    // Past the limit the file is refused by its size, without reading it.
    let sparse = dir.path().join("sparse.json");
    std::fs::File::create(&sparse)
        .unwrap()
        .set_len(contest_file::MAX_FILE_BYTES + 1)
        .unwrap();
    let out = run(&db, &["import", "--replace", sparse.to_str().unwrap()]);
    let err = stderr(&out);
    assert!(!out.status.success());
    assert!(
        err.contains("a contest file may be at most 512 MB"),
        "{err}"
    );
    assert_eq!(export(&db), before);
}
