//! The README says what the program does: its key table is the keymap's.

#[test]
fn the_readme_key_table_is_the_keymap() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let table = jury::input::keymap::markdown(jury::domain::Lang::En);
    let start = "<!-- keys:start -->";
    let end = "<!-- keys:end -->";
    let (Some(a), Some(b)) = (readme.find(start), readme.find(end)) else {
        panic!("README.md lacks the {start} … {end} markers");
    };
    let in_readme = readme[a + start.len()..b].trim();
    assert_eq!(
        in_readme,
        table.trim(),
        "the README's key table is stale; replace it with the output of jury::input::keymap::markdown(Lang::En)"
    );
}

#[test]
fn the_readme_names_the_two_setup_commands_and_ci_runs_its_test_command() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    assert!(readme.contains("cargo run --release"));
    assert!(readme.contains("cargo test"));
    let ci = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/.ci/run")).unwrap();
    assert_eq!(
        ci.lines().last(),
        Some("cargo test"),
        "CI runs the README's test command last"
    );
}
