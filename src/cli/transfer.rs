//! `jury import`, `jury export` and `jury packet`: the contest file in and out,
//! and a member's packet for scoring offline.

use std::io::Write;
use std::path::Path;

use super::backend::{Opened, Target};
use crate::contest_file::{self, Packet, PacketKind};
use crate::domain::{Contest, Lang, SheetKey};
use crate::i18n::T;
use crate::store::{MergeReport, MergeWhy, PacketBases, Store, StoreError};

pub fn import(target: &Target, file: &Path, replace: bool, lang: Lang) -> Result<(), String> {
    let loaded = contest_file::load_path(file)
        .map_err(|e| T::CliNothingImported.with(lang, &[&e.describe(lang)]))?;
    let contest = loaded.contest;
    let command = format!(
        "import{} {}",
        if replace { " --replace" } else { "" },
        file.display()
    );
    match loaded.packet {
        Some(p) if p.kind == PacketKind::Return => merge(target, &contest, &p, lang),
        Some(p) => {
            target.refuse_server(&command)?;
            let store = target.local_store(super::backend::Missing::Create)?;
            refuse_overwrite(&store, file, replace, lang)?;
            store
                .import_packet(
                    &contest,
                    &PacketBases::of(&contest, &p.judge, &p.made, p.token.as_deref()),
                )
                .map_err(|e| crate::i18n::store_error(&e, lang))?;
            let db = store.path().display();
            say!(
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
            store
                .replace_contest(&contest)
                .map_err(|e| crate::i18n::store_error(&e, lang))?;
            // Attachments' relative paths are read against the file's folder.
            if let Some(dir) = std::path::absolute(file)
                .ok()
                .and_then(|f| f.parent().map(|d| d.to_path_buf()))
            {
                store
                    .set_source_dir(&dir)
                    .map_err(|e| crate::i18n::store_error(&e, lang))?;
            }
            say!(
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
    if store
        .has_contest()
        .map_err(|e| crate::i18n::store_error(&e, lang))?
        && !replace
    {
        let current = store
            .load()
            .map_err(|e| crate::i18n::store_error(&e, lang))?;
        return Err(T::CliAlreadyHolds.with(
            lang,
            &[
                &store.path().display(),
                &current.meta.id,
                &current.sheets.len(),
                &current.notes.len(),
                &super::hint::jury(&format!(
                    "import --replace {}",
                    super::hint::quote(&file.display().to_string())
                )),
            ],
        ));
    }
    Ok(())
}

/// A member's returned sheets, merged into the council's contest if the
/// packet's secret it carries is one the council issued for that member.
fn merge(target: &Target, returned: &Contest, packet: &Packet, lang: Lang) -> Result<(), String> {
    let judge = packet.judge.as_str();
    let token = packet.token.as_deref().unwrap_or_default();
    let sheets = returned.sheets.values().cloned().collect();
    let notes = returned.notes.values().cloned().collect();
    let (report, contest_id) = match target.open(super::backend::Missing::Refuse)? {
        Opened::Remote(mut remote, contest) => {
            same_contest(&contest, returned, lang)?;
            let r = remote
                .merge(token, judge, sheets, notes)
                .map_err(|e| super::apply_error(e, lang))?;
            (r, contest.meta.id.clone())
        }
        Opened::Local(store) => {
            let contest = store
                .load()
                .map_err(|e| crate::i18n::store_error(&e, lang))?;
            same_contest(&contest, returned, lang)?;
            let by = crate::store::Who::here(&store, chair_of(&contest));
            let r = store
                .merge_return(&contest, &by, token, judge, &sheets, &notes)
                .map_err(|e| store_error(e, lang))?;
            (r, contest.meta.id.clone())
        }
    };
    print_report(&report, judge, &contest_id, lang);
    Ok(())
}

/// A store's refusal in the member's language; other errors as the store words them.
fn store_error(e: StoreError, lang: Lang) -> String {
    match e {
        StoreError::Refused(e) => crate::i18n::refusal(&e, lang),
        e => e.to_string(),
    }
}

/// On one machine whoever opens the database acts for its chair.
fn chair_of(contest: &Contest) -> &str {
    contest
        .judges
        .iter()
        .find(|j| j.is_chair())
        .map(|j| j.id.as_str())
        .unwrap_or("-")
}

fn same_contest(ours: &Contest, returned: &Contest, lang: Lang) -> Result<(), String> {
    if ours.meta.id != returned.meta.id {
        return Err(T::CliOtherContest.with(lang, &[&returned.meta.id, &ours.meta.id]));
    }
    Ok(())
}

fn print_report(r: &MergeReport, judge: &str, contest: &str, lang: Lang) {
    // The title and ids come from the returned file: escaped like all of `import`.
    say!(
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
        let (entry, judge) = (&c.key.entry, &c.key.judge);
        let line = match c.why {
            MergeWhy::Changed => {
                T::CliMergeConflict.with(lang, &[entry, &what, judge, &c.base, &c.current])
            }
            MergeWhy::Submitted => T::CliMergeHeldSubmitted.with(lang, &[entry, &what, judge]),
            MergeWhy::Recused => T::CliMergeHeldRecused.with(lang, &[entry, &what, judge]),
            MergeWhy::NotAssigned => {
                T::CliMergeHeldNotAssigned.with(lang, &[entry, &what, judge, &c.key.round])
            }
            MergeWhy::RoundClosed => {
                T::CliMergeHeldClosed.with(lang, &[entry, &what, judge, &c.key.round])
            }
        };
        say!("{line}");
    }
    if !r.conflicts.is_empty() {
        say!("{}", T::CliSettleConflicts.with(lang, &[&judge]));
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
            let bases = store
                .packet_bases()
                .map_err(|e| crate::i18n::store_error(&e, lang))?;
            (
                store
                    .load()
                    .map_err(|e| crate::i18n::store_error(&e, lang))?,
                bases,
            )
        }
        Opened::Remote(_, contest) => (*contest, None),
    };
    // `gk02` names GK02 when no other id differs from it only by case.
    let Some(judge) = contest.find_judge(judge).map(|j| j.id.clone()) else {
        return Err(T::CliNoSuchMember.with(lang, &[&judge, &contest.meta.id]));
    };
    let judge = judge.as_str();
    // Send back only what was changed since the packet: an untouched sheet
    // that the server changed meanwhile is not a conflict.
    if let Some(b) = bases.as_ref().filter(|b| b.judge == judge) {
        contest.sheets.retain(|k, s| s.version != b.base(k).0);
        contest.notes.retain(|k, n| n.version != b.base(k).1);
    }
    let version = |key: &SheetKey| match &bases {
        Some(b) if b.judge == judge => Some(b.base(key)),
        _ => Some((
            contest.sheet(key).map(|s| s.version).unwrap_or(0),
            contest.note(key).map(|n| n.version).unwrap_or(0),
        )),
    };
    let packet = Packet {
        kind: PacketKind::Return,
        judge: judge.to_string(),
        made: now(),
        token: bases
            .as_ref()
            .filter(|b| b.judge == judge)
            .and_then(|b| b.token.clone()),
    };
    let text = contest_file::write_packet(&contest, packet, &version);
    write_out(&text, output, lang)
}

/// `jury packet --judge ID -o FILE`: the contest with only that member's
/// sheets, with their versions, for scoring where the server cannot be reached.
pub fn packet(opened: Opened, judge: &str, output: &Path, lang: Lang) -> Result<(), String> {
    let made = now();
    // The secret is recorded before the file is written: a file whose
    // secret the council does not know could never be merged.
    let (contest, token, judge) = match opened {
        Opened::Remote(mut remote, contest) => {
            if !remote.judge.is_chair() {
                return Err(T::CliChairPackets.get(lang).to_string());
            }
            let Some(judge) = contest.find_judge(judge).map(|j| j.id.clone()) else {
                return Err(T::CliNoSuchMember.with(lang, &[&judge, &contest.meta.id]));
            };
            let token = remote
                .issue_packet(&judge, &made)
                .map_err(|e| super::apply_error(e, lang))?;
            (*contest, token, judge)
        }
        Opened::Local(store) => {
            let contest = store
                .load()
                .map_err(|e| crate::i18n::store_error(&e, lang))?;
            let Some(judge) = contest.find_judge(judge).map(|j| j.id.clone()) else {
                return Err(T::CliNoSuchMember.with(lang, &[&judge, &contest.meta.id]));
            };
            let by = crate::store::Who::here(&store, chair_of(&contest));
            let issued = store
                .issue_packet(&contest, &by, &judge, &made)
                .map_err(|e| store_error(e, lang))?;
            (contest, issued.token, judge)
        }
    };
    let judge = judge.as_str();
    let version = |key: &SheetKey| {
        Some((
            contest.sheet(key).map(|s| s.version).unwrap_or(0),
            contest.note(key).map(|n| n.version).unwrap_or(0),
        ))
    };
    let packet = Packet {
        kind: PacketKind::Packet,
        judge: judge.to_string(),
        made,
        token: Some(token),
    };
    let text = contest_file::write_packet(&contest, packet, &version);
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

/// A contest file or packet, to standard output or a file; its JSON escapes
/// the controls serde_json leaves raw (see `domain::escape::json_text`).
fn write_out(text: &str, output: Option<&Path>, lang: Lang) -> Result<(), String> {
    let text = crate::domain::escape::json_text(text.to_string());
    match output {
        None => std::io::stdout()
            .lock()
            .write_all(text.as_bytes())
            .map_err(|e| T::CliStdoutFailed.with(lang, &[&e])),
        Some(path) => super::output::write_file(path, text.as_bytes(), lang),
    }
}
