//! `jury import LIST.xlsx` and `jury import --documents DIR`: entries
//! and their write-ups from the secretariat's own files, added to the
//! contest in the database all at once or not at all.

use std::path::Path;

use super::backend::{Missing, Target};
use crate::domain::Lang;
use crate::i18n::T;
use crate::secretariat::{self, Kind, Located, Mapping};

/// How many problems to list before counting the rest.
const SHOWN: usize = 20;

/// What to bring in: a spreadsheet (and which sheet), a folder, or both.
pub struct Sources<'a> {
    pub sheet_file: Option<(&'a Path, Kind)>,
    pub sheet: Option<&'a str>,
    pub documents: Option<&'a Path>,
}

impl Sources<'_> {
    /// The command as typed, for the message that sends it to the server's owner.
    fn command(&self) -> String {
        let mut c = String::from("import");
        if let Some(s) = self.sheet {
            c += &format!(" --sheet {}", super::hint::quote(s));
        }
        if let Some(d) = self.documents {
            c += &format!(
                " --documents {}",
                super::hint::quote(&d.display().to_string())
            );
        }
        if let Some((f, _)) = self.sheet_file {
            c += &format!(" {}", super::hint::quote(&f.display().to_string()));
        }
        c
    }
}

fn refused(problems: &[Located], lang: Lang) -> String {
    let mut lines: Vec<String> = problems
        .iter()
        .take(SHOWN)
        .map(|p| p.describe(lang))
        .collect();
    if problems.len() > SHOWN {
        lines.push(T::ImpMore.with(lang, &[&(problems.len() - SHOWN)]));
    }
    T::CliNothingImported.with(lang, &[&lines.join("\n")])
}

fn print_mapping(sheet: &str, m: &Mapping, lang: Lang) {
    say!("{}", T::ImpMapping.with(lang, &[&sheet, &(m.row + 1)]));
    for (c, header, key) in &m.columns {
        let column = secretariat::column_name(*c);
        match key {
            Some(k) => say!("{}", T::ImpMapped.with(lang, &[&column, header, &k.name()])),
            None => say!("{}", T::ImpIgnored.with(lang, &[&column, header])),
        }
    }
}

fn listed(ids: &[String], lang: Lang) -> String {
    if ids.is_empty() {
        T::ImpNone.get(lang).to_string()
    } else {
        ids.join(", ")
    }
}

/// " (SK05, SK06)" after a count, or nothing when there are none.
fn in_brackets(ids: &[String]) -> String {
    if ids.is_empty() {
        String::new()
    } else {
        format!(" ({})", ids.join(", "))
    }
}

pub fn import(target: &Target, sources: &Sources, lang: Lang) -> Result<(), String> {
    target.refuse_server(&sources.command())?;
    let store = target.local_store(Missing::Refuse)?;
    let store_error = |e| crate::i18n::store_error(&e, lang);
    if !store.has_contest().map_err(store_error)? {
        return Err(T::ImpNoContest.with(lang, &[&store.path().display()]));
    }
    let mut contest = store.load().map_err(store_error)?;
    let before = contest.entries.clone();
    let mut problems = Vec::new();
    let mut applied = secretariat::Applied::default();
    let mut sheet_name = String::new();
    if let Some((file, kind)) = sources.sheet_file {
        match secretariat::open(file, kind, sources.sheet) {
            Ok((grid, mapping)) => {
                print_mapping(&grid.sheet, &mapping, lang);
                sheet_name = grid.sheet.clone();
                match secretariat::apply(&grid, &mapping, &mut contest) {
                    Ok(a) => applied = a,
                    Err(p) => problems.extend(p),
                }
            }
            Err(p) => problems.extend(p),
        }
    }
    let mut attached = None;
    if let Some(dir) = sources.documents {
        match secretariat::attach(dir, &mut contest) {
            Ok(a) => attached = Some(a),
            Err(p) => problems.extend(p),
        }
    }
    if problems.is_empty()
        && let Err(p) = secretariat::checked(&contest, &sheet_name, &applied.rows)
    {
        problems = p;
    }
    if !problems.is_empty() {
        return Err(refused(&problems, lang));
    }
    // Updated: entries that were there and now differ, by the sheet or the folder.
    let updated: Vec<String> = contest
        .entries
        .iter()
        .filter(|e| before.iter().any(|b| b.id == e.id && b != *e))
        .map(|e| e.id.clone())
        .collect();
    store
        .import_entries(&contest, &applied.added, &updated)
        .map_err(store_error)?;
    say!(
        "{}",
        T::ImpEntriesDone.with(
            lang,
            &[
                &store.path().display(),
                &applied.added.len(),
                &in_brackets(&applied.added),
                &updated.len(),
                &in_brackets(&updated),
            ]
        )
    );
    if let Some(a) = attached {
        say!(
            "{}",
            T::ImpDocsDone.with(lang, &[&a.write_ups, &a.attachments])
        );
        say!(
            "{}",
            T::ImpUnmatched.with(lang, &[&listed(&a.unmatched, lang)])
        );
        say!(
            "{}",
            T::ImpNoWriteUp.with(lang, &[&listed(&a.without, lang)])
        );
    }
    Ok(())
}
