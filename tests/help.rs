//! `--help` follows `--lang` and the locale: in Vietnamese no English is left
//! of clap's texts, and every command and argument has its Vietnamese line.

mod common;

use clap::CommandFactory;
use common::english::english_in;
use common::{jury, stderr, stdout};

/// Every command path (`judge.add`) of jury, and the words a member types
/// (command names, flags, choices), which may stay English.
fn commands() -> (Vec<Vec<String>>, Vec<String>) {
    fn walk(
        c: &clap::Command,
        path: Vec<String>,
        all: &mut Vec<Vec<String>>,
        typed: &mut Vec<String>,
    ) {
        for a in c.get_arguments() {
            typed.extend(a.get_long().map(str::to_string));
            typed.extend(
                a.get_possible_values()
                    .iter()
                    .map(|v| v.get_name().to_string()),
            );
        }
        all.push(path.clone());
        for s in c.get_subcommands() {
            typed.push(s.get_name().to_string());
            let mut p = path.clone();
            p.push(s.get_name().to_string());
            walk(s, p, all, typed);
        }
    }
    let (mut all, mut typed) = (Vec::new(), Vec::new());
    walk(&jury::cli::Cli::command(), Vec::new(), &mut all, &mut typed);
    // --method is parsed by hand, so clap does not list its choices.
    typed.extend(
        jury::domain::ranking::Method::ALL
            .iter()
            .map(|m| m.name().to_string()),
    );
    (all, typed)
}

#[test]
fn every_command_and_argument_has_its_vietnamese_help() {
    fn walk(c: &clap::Command, path: &str, missing: &mut Vec<String>) {
        let key = if path.is_empty() { "jury" } else { path };
        if jury::i18n::help::vi(key).is_none() {
            missing.push(key.to_string());
        }
        for a in c.get_arguments() {
            if a.is_global_set() && !path.is_empty() {
                continue;
            }
            let key = format!("{path}.{}", a.get_id());
            if jury::i18n::help::vi(&key).is_none() {
                missing.push(key);
            }
        }
        for s in c.get_subcommands() {
            let p = if path.is_empty() {
                s.get_name().to_string()
            } else {
                format!("{path}.{}", s.get_name())
            };
            walk(s, &p, missing);
        }
    }
    let mut missing = Vec::new();
    walk(&jury::cli::Cli::command(), "", &mut missing);
    assert_eq!(
        missing,
        Vec::<String>::new(),
        "add these to src/i18n/help.rs"
    );
}

#[test]
fn every_help_in_vietnamese_has_no_english_left() {
    let (all, typed) = commands();
    let typed: Vec<&str> = typed.iter().map(String::as_str).collect();
    for path in all {
        let out = jury()
            .args(["--lang", "vi"])
            .args(&path)
            .arg("--help")
            .output()
            .expect("jury runs");
        assert!(out.status.success(), "{path:?}: {}", stderr(&out));
        // The file format's name is not English prose.
        let text = stdout(&out).replace("jury/contest@1", "");
        assert!(text.contains("Cách dùng: jury"), "{path:?}:\n{text}");
        assert_eq!(
            english_in(&text, &typed),
            Vec::<&str>::new(),
            "{path:?}:\n{text}"
        );
    }
}

#[test]
fn the_locale_picks_the_help_language_and_english_stays_english() {
    let vi = jury()
        .env("LANG", "vi_VN.UTF-8")
        .args(["rank", "--help"])
        .output()
        .expect("jury runs");
    let text = stdout(&vi);
    assert!(text.contains("Xếp hạng một vòng chấm"), "{text}");
    assert!(text.contains("Tùy chọn:"), "{text}");
    let en = jury()
        .args(["--lang", "en", "rank", "--help"])
        .output()
        .expect("jury runs");
    let text = stdout(&en);
    assert!(text.contains("The ranking of a round"), "{text}");
    assert!(text.contains("Options:"), "{text}");
}

#[test]
fn a_mistyped_command_line_is_explained_in_vietnamese() {
    let cases: [(&[&str], &str); 4] = [
        (&["rank", "--bogus"], "không hiểu đối số --bogus"),
        (&["frob"], "không có lệnh \"frob\""),
        (
            &["rank", "--format", "pdf"],
            "hãy chọn một trong: table, csv, json, md",
        ),
        (&["judge", "add", "--id", "GK09"], "còn thiếu --name <TÊN>"),
    ];
    for (args, wanted) in cases {
        let out = jury()
            .args(["--lang", "vi"])
            .args(args)
            .output()
            .expect("jury runs");
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = stderr(&out);
        assert!(err.contains(wanted), "{args:?}: {err}");
        assert_eq!(english_in(&err, &[]), Vec::<&str>::new(), "{args:?}: {err}");
    }
}
