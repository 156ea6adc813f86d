//! The system's refusals are wrapped in a sentence saying what jury was
//! doing and what to do, in the member's language; never a bare "os error".

mod common;

use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Output, Stdio};

use common::english::english_in;
use common::{jury, stderr};

fn vi(db: &Path, args: &[&str]) -> String {
    let out = jury()
        .arg("--db")
        .arg(db)
        .args(["--lang", "vi"])
        .args(args)
        .output()
        .expect("jury runs");
    assert!(!out.status.success(), "{args:?} fails");
    let err = stderr(&out);
    assert!(!err.contains("os error"), "{err}");
    assert_eq!(english_in(&err, &[]), Vec::<&str>::new(), "{err}");
    err
}

/// Runs jury as nobody, so that a folder of ours is closed to it; `None`
/// when the tests are not root and cannot.
fn as_nobody(db: &Path, args: &[&str]) -> Option<Output> {
    // SAFETY: geteuid has no preconditions.
    if unsafe { libc::geteuid() } != 0 {
        eprintln!("skipped: only root can run jury as another user here");
        return None;
    }
    Some(
        jury()
            .arg("--db")
            .arg(db)
            .args(["--lang", "vi"])
            .args(args)
            .uid(65534)
            .gid(65534)
            .stdin(Stdio::null())
            .output()
            .expect("jury runs"),
    )
}

#[test]
fn check_tells_a_file_and_a_missing_folder_apart() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("ghichu.txt");
    std::fs::write(&file, "x").unwrap();
    let err = vi(&file, &["check"]);
    assert!(
        err.contains("là một tệp, không phải thư mục cơ sở dữ liệu: hãy cho --db một thư mục"),
        "{err}"
    );
    let err = vi(&dir.path().join("none"), &["check"]);
    assert!(err.contains("không có cơ sở dữ liệu ở"), "{err}");
}

#[test]
fn a_db_inside_a_file_names_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("ghichu.txt");
    std::fs::write(&file, "x").unwrap();
    let err = vi(&file.join("db"), &["entries"]);
    assert!(
        err.contains(&format!("{} là một tệp", file.display())),
        "{err}"
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "x");
}

#[test]
fn a_folder_jury_may_not_read_is_a_permission_problem_not_no_database() {
    let dir = tempfile::tempdir().unwrap();
    let closed = dir.path().join("closed");
    std::fs::create_dir(&closed).unwrap();
    std::fs::set_permissions(&closed, std::fs::Permissions::from_mode(0o700)).unwrap();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let db = closed.join("db");
    for args in [&["check"][..], &["entries"]] {
        let Some(out) = as_nobody(&db, args) else {
            return;
        };
        assert!(!out.status.success());
        let err = stderr(&out);
        assert!(
            err.contains("không được phép mở thư mục cơ sở dữ liệu")
                && err.contains("không có quyền truy cập")
                && err.contains("hãy nhờ chủ thư mục cấp quyền"),
            "{args:?}: {err}"
        );
        assert!(!err.contains("không có cơ sở dữ liệu"), "{err}");
        assert!(!err.contains("os error"), "{err}");
    }
}
