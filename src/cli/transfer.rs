//! `jury import` and `jury export`.

use std::io::Write;
use std::path::Path;

use crate::contest_file;
use crate::store::Store;

pub fn import(store: &Store, file: &Path, replace: bool) -> Result<(), String> {
    let contest = contest_file::read_path(file)
        .map_err(|e| format!("{e}\nNothing was imported; the database is unchanged."))?;
    if store.has_contest().map_err(|e| e.to_string())? && !replace {
        let current = store.load().map_err(|e| e.to_string())?;
        return Err(format!(
            "the database {} already holds the contest \"{}\" ({} sheets, {} notes).\n\
             To replace it and lose those, run `jury import --replace {}`; to keep both, pass another --db.",
            store.path().display(),
            current.meta.id,
            current.sheets.len(),
            current.notes.len(),
            file.display()
        ));
    }
    store.replace_contest(&contest).map_err(|e| e.to_string())?;
    println!(
        "Imported \"{}\": {} criteria, {} members, {} entries, {} sheets, {} notes into {}",
        contest.meta.title,
        contest.rubric.len(),
        contest.judges.len(),
        contest.entries.len(),
        contest.sheets.len(),
        contest.notes.len(),
        store.path().display()
    );
    Ok(())
}

pub fn export(contest: &crate::domain::Contest, output: Option<&Path>) -> Result<(), String> {
    let text = contest_file::write(contest);
    match output {
        None => std::io::stdout()
            .lock()
            .write_all(text.as_bytes())
            .map_err(|e| format!("cannot write to standard output: {e}")),
        Some(path) => write_atomically(path, text.as_bytes()),
    }
}

/// Writes via a temporary file and a rename, so a reader never sees half a file.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), String> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.jury-tmp"));
    let fail = |e: std::io::Error| format!("cannot write {}: {e}", path.display());
    let mut f = std::fs::File::create(&tmp).map_err(fail)?;
    f.write_all(bytes).map_err(fail)?;
    f.sync_all().map_err(fail)?;
    std::fs::rename(&tmp, path).map_err(fail)
}
