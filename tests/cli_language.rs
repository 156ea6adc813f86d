//! The command line speaks the chair's language: `--lang vi|en`, else the
//! locale. Messages change language; listings and files for scripts do not.

mod common;

use std::path::Path;
use std::process::Output;

use common::{SMALL, imported, jury, stderr, stdout};

/// What a chair reads after each step, in one language.
struct Said {
    import: &'static str,
    added: &'static str,
    duplicate: &'static str,
    recused: &'static str,
    none_waiting: &'static str,
    intact: &'static str,
    unlocked: &'static str,
    wrote: &'static str,
    locked_out: &'static str,
}

const VI: Said = Said {
    import: "Đã nhập \"Cuộc thi sáng kiến cải cách hành chính xã Tân Phú năm 2024\": 4 tiêu chí, 3 thành viên, 4 sáng kiến, 2 phiếu, 2 nhận xét vào ",
    added: "Đã thêm GK09 (Lê Văn Xuân) vào hội đồng\n",
    duplicate: "jury: hội đồng đã có thành viên GK09\n",
    recused: "GK03 không tham gia chấm SK01 (xung đột lợi ích)\n",
    none_waiting: "Không có xung đột nào chờ chủ tịch quyết định\n",
    intact: "Nhật ký thay đổi toàn vẹn: ",
    unlocked: "Đã mở khóa bộ tiêu chí cho đến lần thay đổi kế tiếp\n",
    wrote: "Đã ghi 6 văn bản vào ",
    locked_out: "jury: cơ sở dữ liệu ",
};

const EN: Said = Said {
    import: "Imported \"Cuộc thi sáng kiến cải cách hành chính xã Tân Phú năm 2024\": 4 criteria, 3 members, 4 entries, 2 sheets, 2 notes into ",
    added: "Added GK09 (Lê Văn Xuân) to the council\n",
    duplicate: "jury: the council already has a member GK09\n",
    recused: "GK03 is recused from SK01\n",
    none_waiting: "No conflict is waiting for a decision\n",
    intact: "The audit trail is intact: ",
    unlocked: "The rubric is unlocked until it is next changed\n",
    wrote: "Wrote 6 documents to ",
    locked_out: "jury: the database ",
};

fn run_in(lang: &str, db: &Path, args: &[&str]) -> Output {
    jury()
        .arg("--lang")
        .arg(lang)
        .arg("--db")
        .arg(db)
        .args(args)
        .output()
        .expect("the jury binary runs")
}

fn ok(out: &Output) -> String {
    assert!(out.status.success(), "failed: {}", stderr(out));
    stdout(out)
}

/// The council's day on the command line, in `lang`; returns the conflict
/// listing and the CSV ranking, which must not depend on the language.
fn a_day_in(lang: &str, said: &Said) -> (String, String) {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("small.json");
    std::fs::write(&file, SMALL).expect("write fixture");
    let db = dir.path().join("db");
    let file_arg = file.to_str().expect("utf-8 path");

    let import = ok(&run_in(lang, &db, &["import", file_arg]));
    assert!(import.starts_with(said.import), "{import}");

    let again = run_in(lang, &db, &["import", file_arg]);
    assert!(!again.status.success());
    assert!(
        stderr(&again).starts_with(said.locked_out),
        "{}",
        stderr(&again)
    );

    let add = ["judge", "add", "--id", "GK09", "--name", "Lê Văn Xuân"];
    assert_eq!(ok(&run_in(lang, &db, &add)), said.added);
    let twice = run_in(lang, &db, &add);
    assert!(!twice.status.success());
    assert_eq!(stderr(&twice), said.duplicate);

    let confirmed = ok(&run_in(lang, &db, &["conflicts", "confirm-all"]));
    assert!(confirmed.contains(said.recused), "{confirmed}");
    assert_eq!(
        ok(&run_in(lang, &db, &["conflicts", "confirm-all"])),
        said.none_waiting
    );
    let listed = ok(&run_in(lang, &db, &["conflicts"]));

    let verified = ok(&run_in(lang, &db, &["audit", "verify"]));
    assert!(verified.starts_with(said.intact), "{verified}");

    let unlock = ["rubric", "unlock", "--reason", "thêm tiêu chí"];
    assert_eq!(ok(&run_in(lang, &db, &unlock)), said.unlocked);

    let report = dir.path().join("report.md");
    let wrote = ok(&run_in(
        lang,
        &db,
        &["report", "-o", report.to_str().expect("utf-8 path")],
    ));
    assert!(wrote.starts_with(said.wrote), "{wrote}");

    let csv = ok(&run_in(lang, &db, &["rank", "--format", "csv"]));
    (listed, csv)
}

#[test]
fn a_chair_reads_the_command_line_in_vietnamese_or_english() {
    let (vi_listed, vi_csv) = a_day_in("vi", &VI);
    let (en_listed, en_csv) = a_day_in("en", &EN);
    // What scripts read stays the same in both languages; the reason is
    // the chair's words, in the chair's language.
    let columns = |listed: &str| -> Vec<String> {
        listed
            .lines()
            .map(|l| l.splitn(4, '\t').take(3).collect::<Vec<_>>().join("\t"))
            .collect()
    };
    assert_eq!(columns(&vi_listed), columns(&en_listed));
    assert!(
        vi_listed.contains("cùng đơn vị: Bộ phận Một cửa"),
        "{vi_listed}"
    );
    assert!(
        en_listed.contains("same unit: Bộ phận Một cửa"),
        "{en_listed}"
    );
    assert!(vi_listed.contains("recused\tGK03\tSK01\t"), "{vi_listed}");
    assert_eq!(vi_csv, en_csv);
    assert!(
        vi_csv.starts_with("\u{feff}round,main,method,mean\r\nrank,entry,title,"),
        "{vi_csv}"
    );
}

#[test]
fn the_locale_picks_the_language_when_no_lang_is_given() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = imported(&dir);
    let verify = |lc_all: &str, lang: &str| {
        let out = jury()
            .env("LC_ALL", lc_all)
            .env("LANG", lang)
            .arg("--db")
            .arg(&db)
            .args(["audit", "verify"])
            .output()
            .expect("the jury binary runs");
        ok(&out)
    };
    assert!(verify("", "vi_VN.UTF-8").starts_with(VI.intact));
    assert!(verify("vi_VN.UTF-8", "C").starts_with(VI.intact));
    assert!(verify("en_US.UTF-8", "vi_VN.UTF-8").starts_with(EN.intact));
    assert!(verify("", "C").starts_with(EN.intact));
}

#[test]
fn the_rank_table_heads_its_columns_in_the_chosen_language() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = imported(&dir);
    let vi = ok(&run_in("vi", &db, &["rank"]));
    let en = ok(&run_in("en", &db, &["rank"]));
    assert!(
        vi.lines()
            .next()
            .is_some_and(|h| h.contains("Cách tính: trung bình cộng"))
            && vi.lines().nth(1).is_some_and(|h| h.contains("hạng  mã")),
        "{vi}"
    );
    assert!(vi.contains("thiếu phiếu"), "{vi}");
    assert!(
        en.lines().nth(1).is_some_and(|h| h.contains("rank  entry")),
        "{en}"
    );
    assert!(en.contains("incomplete"), "{en}");
}

#[test]
fn a_refused_change_says_why_in_the_chosen_language() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = imported(&dir);
    let nobody = [
        "conflicts",
        "recuse",
        "--member",
        "GK99",
        "--entry",
        "SK01",
        "--reason",
        "x",
    ];
    let vi = run_in("vi", &db, &nobody);
    let en = run_in("en", &db, &nobody);
    assert!(!vi.status.success() && !en.status.success());
    assert_eq!(stderr(&vi), "jury: không có thành viên hội đồng GK99\n");
    assert_eq!(stderr(&en), "jury: there is no judge GK99\n");
}
