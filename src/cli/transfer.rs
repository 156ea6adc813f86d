//! `jury import`, `jury export` and `jury packet`: the contest file in and out,
//! and a member's packet for scoring offline.

use std::io::Write;
use std::path::Path;

use super::backend::{Opened, Target};
use crate::contest_file::{self, PacketKind};
use crate::domain::{Contest, SheetKey};
use crate::store::{MergeReport, PacketBases, Store};

pub fn import(target: &Target, file: &Path, replace: bool) -> Result<(), String> {
    let loaded = contest_file::load_path(file)
        .map_err(|e| format!("{e}\nNothing was imported; the database is unchanged."))?;
    let contest = loaded.contest;
    match loaded.packet {
        Some(p) if p.kind == PacketKind::Return => merge(target, &contest, &p.judge),
        Some(p) => {
            let store = target.local_store(false)?;
            refuse_overwrite(&store, file, replace)?;
            store
                .import_packet(&contest, &PacketBases::of(&contest, &p.judge, &p.made))
                .map_err(|e| e.to_string())?;
            println!(
                "Loaded {}'s packet for \"{}\" ({} sheets) into {}.\n\
                 Score with `jury --db {} --judge {}`, then send back `jury --db {} export --judge {} -o FILE`.",
                p.judge,
                contest.meta.title,
                contest.sheets.len(),
                store.path().display(),
                store.path().display(),
                p.judge,
                store.path().display(),
                p.judge
            );
            Ok(())
        }
        None => {
            let store = target.local_store(false)?;
            refuse_overwrite(&store, file, replace)?;
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
    }
}

fn refuse_overwrite(store: &Store, file: &Path, replace: bool) -> Result<(), String> {
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
    Ok(())
}

/// A member's returned sheets, merged into the council's contest.
fn merge(target: &Target, returned: &Contest, judge: &str) -> Result<(), String> {
    let sheets = returned.sheets.values().cloned().collect();
    let notes = returned.notes.values().cloned().collect();
    let (report, contest_id) = match target.open(false)? {
        Opened::Remote(mut remote, contest) => {
            same_contest(&contest, returned)?;
            let r = remote.merge(judge, sheets, notes).map_err(|e| match e {
                crate::app::ApplyError::Refused(e) => e.to_string(),
                crate::app::ApplyError::Failed(e) => e,
            })?;
            (r, contest.meta.id.clone())
        }
        Opened::Local(store) => {
            let contest = store.load().map_err(|e| e.to_string())?;
            same_contest(&contest, returned)?;
            // On one machine whoever opens the database acts for its chair.
            let chair = contest
                .judges
                .iter()
                .find(|j| j.is_chair())
                .map(|j| j.id.as_str())
                .unwrap_or("-");
            let by = crate::store::Who::here(&store, chair);
            let r = store
                .merge_return(&contest, &by, judge, &sheets, &notes)
                .map_err(|e| e.to_string())?;
            (r, contest.meta.id.clone())
        }
    };
    print_report(&report, judge, &contest_id);
    Ok(())
}

fn same_contest(ours: &Contest, returned: &Contest) -> Result<(), String> {
    if ours.meta.id != returned.meta.id {
        return Err(format!(
            "this return is for the contest \"{}\", but the database holds \"{}\"; nothing was merged",
            returned.meta.id, ours.meta.id
        ));
    }
    Ok(())
}

fn print_report(r: &MergeReport, judge: &str, contest: &str) {
    println!(
        "Merged {judge}'s sheets into \"{contest}\": {} applied, {} unchanged, {} conflict(s).",
        r.applied,
        r.unchanged,
        r.conflicts.len()
    );
    for c in &r.conflicts {
        println!(
            "  conflict: {} {} of {} was changed on the server after the packet was made \
             (packet v{}, now v{}); it was not overwritten.",
            c.key.entry, c.what, c.key.judge, c.base, c.current
        );
    }
    if !r.conflicts.is_empty() {
        println!("Settle each conflict with {judge} and enter the agreed values in jury.");
    }
}

pub fn export(contest: &Contest, output: Option<&Path>) -> Result<(), String> {
    write_out(&contest_file::write(contest), output)
}

/// `jury export --judge ID`: a member's sheets and notes, to send back. The
/// versions are those the member's packet arrived with, if it came from one.
pub fn export_return(opened: Opened, judge: &str, output: Option<&Path>) -> Result<(), String> {
    let (mut contest, bases) = match opened {
        Opened::Local(store) => {
            let bases = store.packet_bases().map_err(|e| e.to_string())?;
            (store.load().map_err(|e| e.to_string())?, bases)
        }
        Opened::Remote(_, contest) => (*contest, None),
    };
    // Send back only what was changed since the packet: an untouched sheet
    // that the server changed meanwhile is not a conflict.
    if let Some(b) = bases.as_ref().filter(|b| b.judge == judge) {
        contest.sheets.retain(|k, s| s.version != b.base(k).0);
        contest.notes.retain(|k, n| n.version != b.base(k).1);
    }
    if contest.judge(judge).is_none() {
        return Err(format!(
            "there is no council member \"{judge}\" in \"{}\"",
            contest.meta.id
        ));
    }
    let version = |key: &SheetKey| match &bases {
        Some(b) if b.judge == judge => Some(b.base(key)),
        _ => Some((
            contest.sheet(key).map(|s| s.version).unwrap_or(0),
            contest.note(key).map(|n| n.version).unwrap_or(0),
        )),
    };
    let text = contest_file::write_packet(&contest, judge, PacketKind::Return, &now(), &version);
    write_out(&text, output)
}

/// `jury packet --judge ID -o FILE`: the contest with only that member's
/// sheets, with their versions, for scoring where the server cannot be reached.
pub fn packet(opened: Opened, judge: &str, output: &Path) -> Result<(), String> {
    if let Opened::Remote(remote, _) = &opened
        && !remote.judge.is_chair()
    {
        return Err("only the chair can make packets".into());
    }
    let contest = opened.load()?;
    if contest.judge(judge).is_none() {
        return Err(format!(
            "there is no council member \"{judge}\" in \"{}\"",
            contest.meta.id
        ));
    }
    let version = |key: &SheetKey| {
        Some((
            contest.sheet(key).map(|s| s.version).unwrap_or(0),
            contest.note(key).map(|n| n.version).unwrap_or(0),
        ))
    };
    let text = contest_file::write_packet(&contest, judge, PacketKind::Packet, &now(), &version);
    write_out(&text, Some(output))?;
    println!(
        "Wrote {judge}'s packet to {}. On their machine: `jury --db DIR import {}`.",
        output.display(),
        output.display()
    );
    Ok(())
}

fn now() -> String {
    chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

fn write_out(text: &str, output: Option<&Path>) -> Result<(), String> {
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
