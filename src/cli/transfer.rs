//! `jury import`, `jury export` and `jury packet`: the contest file in and out,
//! and a member's packet for scoring offline.

use std::io::Write;
use std::path::Path;

use super::backend::{Opened, Target};
use crate::contest_file::{self, PacketKind};
use crate::domain::{Contest, Lang, SheetKey};
use crate::i18n::T;
use crate::store::{MergeReport, PacketBases, Store};

pub fn import(target: &Target, file: &Path, replace: bool, lang: Lang) -> Result<(), String> {
    let loaded =
        contest_file::load_path(file).map_err(|e| T::CliNothingImported.with(lang, &[&e]))?;
    let contest = loaded.contest;
    let command = format!(
        "import{} {}",
        if replace { " --replace" } else { "" },
        file.display()
    );
    match loaded.packet {
        Some(p) if p.kind == PacketKind::Return => merge(target, &contest, &p.judge, lang),
        Some(p) => {
            target.refuse_server(&command)?;
            let store = target.local_store(super::backend::Missing::Create)?;
            refuse_overwrite(&store, file, replace, lang)?;
            store
                .import_packet(&contest, &PacketBases::of(&contest, &p.judge, &p.made))
                .map_err(|e| e.to_string())?;
            let db = store.path().display();
            println!(
                "{}",
                T::CliPacketLoaded.with(
                    lang,
                    &[
                        &p.judge,
                        &contest.meta.title,
                        &contest.sheets.len(),
                        &db,
                        &db,
                        &p.judge,
                        &db,
                        &p.judge
                    ]
                )
            );
            Ok(())
        }
        None => {
            target.refuse_server(&command)?;
            let store = target.local_store(super::backend::Missing::Create)?;
            refuse_overwrite(&store, file, replace, lang)?;
            store.replace_contest(&contest).map_err(|e| e.to_string())?;
            println!(
                "{}",
                T::CliImported.with(
                    lang,
                    &[
                        &contest.meta.title,
                        &contest.rubric.len(),
                        &contest.judges.len(),
                        &contest.entries.len(),
                        &contest.sheets.len(),
                        &contest.notes.len(),
                        &store.path().display()
                    ]
                )
            );
            Ok(())
        }
    }
}

fn refuse_overwrite(store: &Store, file: &Path, replace: bool, lang: Lang) -> Result<(), String> {
    if store.has_contest().map_err(|e| e.to_string())? && !replace {
        let current = store.load().map_err(|e| e.to_string())?;
        return Err(T::CliAlreadyHolds.with(
            lang,
            &[
                &store.path().display(),
                &current.meta.id,
                &current.sheets.len(),
                &current.notes.len(),
                &file.display(),
            ],
        ));
    }
    Ok(())
}

/// A member's returned sheets, merged into the council's contest.
fn merge(target: &Target, returned: &Contest, judge: &str, lang: Lang) -> Result<(), String> {
    let sheets = returned.sheets.values().cloned().collect();
    let notes = returned.notes.values().cloned().collect();
    let (report, contest_id) = match target.open(super::backend::Missing::Refuse)? {
        Opened::Remote(mut remote, contest) => {
            same_contest(&contest, returned, lang)?;
            let r = remote
                .merge(judge, sheets, notes)
                .map_err(|e| super::apply_error(e, lang))?;
            (r, contest.meta.id.clone())
        }
        Opened::Local(store) => {
            let contest = store.load().map_err(|e| e.to_string())?;
            same_contest(&contest, returned, lang)?;
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
    print_report(&report, judge, &contest_id, lang);
    Ok(())
}

fn same_contest(ours: &Contest, returned: &Contest, lang: Lang) -> Result<(), String> {
    if ours.meta.id != returned.meta.id {
        return Err(T::CliOtherContest.with(lang, &[&returned.meta.id, &ours.meta.id]));
    }
    Ok(())
}

fn print_report(r: &MergeReport, judge: &str, contest: &str, lang: Lang) {
    println!(
        "{}",
        T::CliMerged.with(
            lang,
            &[
                &judge,
                &contest,
                &r.applied,
                &r.unchanged,
                &r.conflicts.len()
            ]
        )
    );
    for c in &r.conflicts {
        // The store names what conflicted as "sheet" or "note".
        let what = match c.what.as_str() {
            "sheet" => T::CliMergeSheet.get(lang),
            "note" => T::CliMergeNote.get(lang),
            other => other,
        };
        println!(
            "{}",
            T::CliMergeConflict.with(
                lang,
                &[&c.key.entry, &what, &c.key.judge, &c.base, &c.current]
            )
        );
    }
    if !r.conflicts.is_empty() {
        println!("{}", T::CliSettleConflicts.with(lang, &[&judge]));
    }
}

pub fn export(contest: &Contest, output: Option<&Path>, lang: Lang) -> Result<(), String> {
    write_out(&contest_file::write(contest), output, lang)
}

/// `jury export --judge ID`: a member's sheets and notes, to send back. The
/// versions are those the member's packet arrived with, if it came from one.
pub fn export_return(
    opened: Opened,
    judge: &str,
    output: Option<&Path>,
    lang: Lang,
) -> Result<(), String> {
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
        return Err(T::CliNoSuchMember.with(lang, &[&judge, &contest.meta.id]));
    }
    let version = |key: &SheetKey| match &bases {
        Some(b) if b.judge == judge => Some(b.base(key)),
        _ => Some((
            contest.sheet(key).map(|s| s.version).unwrap_or(0),
            contest.note(key).map(|n| n.version).unwrap_or(0),
        )),
    };
    let text = contest_file::write_packet(&contest, judge, PacketKind::Return, &now(), &version);
    write_out(&text, output, lang)
}

/// `jury packet --judge ID -o FILE`: the contest with only that member's
/// sheets, with their versions, for scoring where the server cannot be reached.
pub fn packet(opened: Opened, judge: &str, output: &Path, lang: Lang) -> Result<(), String> {
    if let Opened::Remote(remote, _) = &opened
        && !remote.judge.is_chair()
    {
        return Err(T::CliChairPackets.get(lang).to_string());
    }
    let contest = opened.load()?;
    if contest.judge(judge).is_none() {
        return Err(T::CliNoSuchMember.with(lang, &[&judge, &contest.meta.id]));
    }
    let version = |key: &SheetKey| {
        Some((
            contest.sheet(key).map(|s| s.version).unwrap_or(0),
            contest.note(key).map(|n| n.version).unwrap_or(0),
        ))
    };
    let text = contest_file::write_packet(&contest, judge, PacketKind::Packet, &now(), &version);
    write_out(&text, Some(output), lang)?;
    println!(
        "{}",
        T::CliWrotePacket.with(lang, &[&judge, &output.display(), &output.display()])
    );
    Ok(())
}

fn now() -> String {
    chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

fn write_out(text: &str, output: Option<&Path>, lang: Lang) -> Result<(), String> {
    match output {
        None => std::io::stdout()
            .lock()
            .write_all(text.as_bytes())
            .map_err(|e| T::CliStdoutFailed.with(lang, &[&e])),
        Some(path) => write_atomically(path, text.as_bytes(), lang),
    }
}

/// Writes via a temporary file and a rename, so a reader never sees half a file.
pub fn write_atomically(path: &Path, bytes: &[u8], lang: Lang) -> Result<(), String> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.jury-tmp"));
    let fail = |e: std::io::Error| T::CliCannotWrite.with(lang, &[&path.display(), &e]);
    let mut f = std::fs::File::create(&tmp).map_err(fail)?;
    f.write_all(bytes).map_err(fail)?;
    f.sync_all().map_err(fail)?;
    std::fs::rename(&tmp, path).map_err(fail)
}
