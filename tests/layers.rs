//! Imports run one way: storage → domain → app state → view, with the
//! runtime (`src/run.rs`) above app and ui. As `readme.rs` guards the key
//! table, this guards the layers: a `use` that runs back up fails here.

use std::path::{Path, PathBuf};

/// Each folder, and the top-level modules its code may not name.
const FORBIDDEN: &[(&str, &[&str])] = &[
    (
        "src/domain",
        &["app", "ui", "term", "run", "store", "server", "cli"],
    ),
    ("src/store", &["app", "ui", "term", "run", "cli"]),
    ("src/app", &["ui", "term", "run", "cli", "server"]),
    ("src/ui", &["term", "run", "cli", "server", "store"]),
];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(read) = std::fs::read_dir(dir) else {
        panic!("cannot read {}", dir.display());
    };
    for entry in read.flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The top-level modules `text` names through `crate::`, including inside
/// `crate::{a, b::c}` groups; comments (which may name a layer to explain
/// it) do not count.
fn crate_modules(text: &str) -> Vec<(usize, String)> {
    let code: Vec<&str> = text
        .lines()
        .map(|l| l.find("//").map_or(l, |at| &l[..at]))
        .collect();
    let text = code.join("\n");
    let text = text.as_str();
    let mut found = Vec::new();
    for (at, _) in text.match_indices("crate::") {
        let line = text[..at].matches('\n').count() + 1;
        let rest = &text[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let body = &group[..group.find('}').unwrap_or(group.len())];
            for item in body.split(',') {
                let name: String = item
                    .trim()
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                found.push((line, name));
            }
        } else {
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            found.push((line, name));
        }
    }
    found
}

#[test]
fn no_import_runs_back_up() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut wrong = Vec::new();
    for (folder, forbidden) in FORBIDDEN {
        let mut files = Vec::new();
        rust_files(&root.join(folder), &mut files);
        assert!(!files.is_empty(), "{folder} has no Rust files");
        for file in files {
            let text = std::fs::read_to_string(&file).unwrap_or_default();
            for (line, module) in crate_modules(&text) {
                if forbidden.contains(&module.as_str()) {
                    let shown = file.strip_prefix(root).unwrap_or(&file).display();
                    wrong.push(format!("{shown}:{line} names crate::{module}"));
                }
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "imports that run back up the layers:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn the_guard_sees_grouped_and_plain_paths() {
    let text = "use crate::{domain::Lang,\n ui::theme};\n/// see crate::run\nlet t = crate::term::Term::start(); // not crate::cli";
    let names: Vec<String> = crate_modules(text).into_iter().map(|(_, m)| m).collect();
    assert_eq!(names, ["domain", "ui", "term"]);
}
