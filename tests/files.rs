//! Files jury writes hold confidential scores and notes: owner-only whatever
//! the umask, whole or not at all, and never written through a planted name.

mod common;

#[path = "common/server.rs"]
mod server;

use std::fs;
use std::os::unix::fs::{PermissionsExt, symlink};
use std::path::Path;
use std::process::Output;

use common::{SCORED, stderr};

/// `jury --db db ARGS` under umask 000, as a careless login would run it.
fn run_wide_open(db: &Path, args: &[&str]) -> Output {
    std::process::Command::new("sh")
        .env("LANG", "C")
        .arg("-c")
        .arg("umask 000; exec \"$0\" \"$@\"")
        .arg(env!("CARGO_BIN_EXE_jury"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("JURY_SOCKET")
        .output()
        .expect("sh runs")
}

fn mode(p: &Path) -> u32 {
    fs::symlink_metadata(p)
        .map(|m| m.permissions().mode() & 0o777)
        .unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn scored(dir: &Path) -> std::path::PathBuf {
    let file = dir.join("scored.json");
    fs::write(&file, SCORED).unwrap();
    let db = dir.join("db");
    let out = run_wide_open(&db, &["import", file.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    db
}

fn leftovers(dir: &Path) -> Vec<String> {
    fs::read_dir(dir)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().to_string())
        .filter(|n| n.contains("jury-tmp"))
        .collect()
}

#[test]
fn everything_written_is_owner_only_under_umask_000() {
    let dir = tempfile::tempdir().unwrap();
    let db = scored(dir.path());
    let out_dir = dir.path().join("out");
    fs::create_dir(&out_dir).unwrap();
    let p = |n: &str| out_dir.join(n);
    for args in [
        vec!["report", "-o", p("bao-cao.md").to_str().unwrap()],
        vec!["report", "-o", p("bao-cao.xlsx").to_str().unwrap()],
        vec!["export", "-o", p("export.json").to_str().unwrap()],
        vec![
            "audit",
            "--format",
            "csv",
            "-o",
            p("nhat-ky.csv").to_str().unwrap(),
        ],
        vec![
            "--judge",
            "GK02",
            "packet",
            "-o",
            p("goi-GK02.json").to_str().unwrap(),
        ],
    ] {
        let out = run_wide_open(&db, &args);
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
    }
    for name in [
        "bao-cao.md",
        "bao-cao.xlsx",
        "export.json",
        "nhat-ky.csv",
        "goi-GK02.json",
    ] {
        assert_eq!(mode(&p(name)), 0o600, "{name}");
    }
    // A report replacing a file others could read leaves an owner-only one.
    fs::set_permissions(p("bao-cao.md"), fs::Permissions::from_mode(0o644)).unwrap();
    let out = run_wide_open(&db, &["report", "-o", p("bao-cao.md").to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(mode(&p("bao-cao.md")), 0o600);
    assert_eq!(mode(&db), 0o700);
    for item in fs::read_dir(&db).unwrap() {
        let path = item.unwrap().path();
        if path.is_file() {
            assert_eq!(mode(&path), 0o600, "{}", path.display());
        }
    }
    assert!(leftovers(&out_dir).is_empty());
}

#[test]
fn a_database_others_could_read_is_tightened_and_the_owner_told() {
    let dir = tempfile::tempdir().unwrap();
    let db = scored(dir.path());
    fs::set_permissions(&db, fs::Permissions::from_mode(0o777)).unwrap();
    fs::set_permissions(db.join("conf"), fs::Permissions::from_mode(0o666)).unwrap();
    let out = run_wide_open(&db, &["rank"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(mode(&db), 0o700);
    assert_eq!(mode(&db.join("conf")), 0o600);
    let said = stderr(&out);
    assert!(
        said.contains(&format!("{} had mode 777", db.display()))
            && said.contains("conf had mode 666")
            && said.contains("owner-only"),
        "{said}"
    );
    let again = run_wide_open(&db, &["rank"]);
    assert!(!stderr(&again).contains("had mode"), "told only once");
}

#[test]
fn a_planted_symlink_is_never_written_through() {
    let dir = tempfile::tempdir().unwrap();
    let db = scored(dir.path());
    let victim = dir.path().join("khoa-rieng.txt");
    fs::write(&victim, "the chair's own file").unwrap();
    fs::set_permissions(&victim, fs::Permissions::from_mode(0o600)).unwrap();
    // The name the old writer always used, pointing at the chair's file.
    let report = dir.path().join("bao-cao.md");
    symlink(&victim, dir.path().join(".bao-cao.md.jury-tmp")).unwrap();
    let out = run_wide_open(&db, &["report", "-o", report.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(fs::read_to_string(&victim).unwrap(), "the chair's own file");
    assert!(fs::read_to_string(&report).unwrap().contains("SK03"));

    // The target itself a symlink: refused, and what it points at untouched.
    let linked = dir.path().join("lien-ket.md");
    symlink(&victim, &linked).unwrap();
    let out = run_wide_open(&db, &["report", "-o", linked.to_str().unwrap()]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("symbolic link, not a file"),
        "{}",
        stderr(&out)
    );
    assert_eq!(fs::read_to_string(&victim).unwrap(), "the chair's own file");
    assert!(
        fs::symlink_metadata(&linked)
            .unwrap()
            .file_type()
            .is_symlink()
    );
}

#[test]
fn a_folder_or_device_target_is_refused_and_nothing_is_left_behind() {
    let dir = tempfile::tempdir().unwrap();
    let db = scored(dir.path());
    let folder = dir.path().join("bao-cao.md");
    fs::create_dir(&folder).unwrap();
    let out = run_wide_open(&db, &["report", "-o", folder.to_str().unwrap()]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("it is a folder, not a file"),
        "{}",
        stderr(&out)
    );
    assert!(folder.is_dir());
    assert!(
        leftovers(dir.path()).is_empty(),
        "{:?}",
        leftovers(dir.path())
    );

    let out = run_wide_open(&db, &["export", "-o", "/dev/null"]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("it is a device, not a file"),
        "{}",
        stderr(&out)
    );
    let vi = run_wide_open(&db, &["--lang", "vi", "export", "-o", "/dev/null"]);
    assert!(
        stderr(&vi).contains("đó là một thiết bị"),
        "{}",
        stderr(&vi)
    );
    use std::os::unix::fs::FileTypeExt;
    assert!(
        fs::metadata("/dev/null")
            .unwrap()
            .file_type()
            .is_char_device()
    );
}

#[test]
fn the_server_tightens_a_database_others_could_read_and_logs_it() {
    let mut s = server::Server::start(&server::contest_as("GK01"));
    s.stop(10);
    fs::set_permissions(&s.db, fs::Permissions::from_mode(0o755)).unwrap();
    s.restart();
    server::wait_for_socket(&s.socket);
    s.stop(10);
    assert_eq!(mode(&s.db), 0o700);
    let log = s.log_text();
    assert!(
        log.contains(&format!("{} had mode 755", s.db.display())),
        "{log}"
    );
}
