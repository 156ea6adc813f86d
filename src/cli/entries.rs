//! `jury entries`: the entries a member can see, filtered and sorted the
//! way a Vietnamese reader expects (CLDR `vi` collation for text).

use clap::{Subcommand, ValueEnum};
use serde_json::json;

use super::backend::Opened;
use crate::domain::collate::sort_key;
use crate::domain::entry::Status;
use crate::domain::escape::{csv_cell, json_text, terminal_line};
use crate::domain::fold::name_key;
use crate::domain::{Contest, Entry, Lang};
use crate::i18n::T;

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum SortBy {
    Id,
    Title,
    Unit,
    Field,
}

/// The secretariat's screening of entries (chair or secretary).
#[derive(Subcommand, Debug)]
pub enum ScreenAction {
    /// Admit entries: they are assigned, scored and ranked
    Admit {
        #[arg(required = true, value_name = "ID")]
        ids: Vec<String>,
    },
    /// Hold entries back until their papers are in order
    Pending {
        #[arg(required = true, value_name = "ID")]
        ids: Vec<String>,
        #[arg(long)]
        reason: Option<String>,
    },
    /// Reject entries as not eligible, with the reason
    Reject {
        #[arg(required = true, value_name = "ID")]
        ids: Vec<String>,
        #[arg(long, required = true)]
        reason: String,
    },
}

/// Admits, holds or rejects entries, through the server when there is one.
pub fn screen(
    opened: Opened,
    judge: Option<&str>,
    action: ScreenAction,
    lang: Lang,
) -> Result<(), String> {
    let (ids, status, reason) = match action {
        ScreenAction::Admit { ids } => (ids, Status::Admitted, String::new()),
        ScreenAction::Pending { ids, reason } => (ids, Status::Pending, reason.unwrap_or_default()),
        ScreenAction::Reject { ids, reason } => (ids, Status::Rejected, reason),
    };
    let change = crate::domain::CouncilChange::SetStatus {
        entries: ids.clone(),
        status,
        reason,
    };
    let contest = super::council::act(opened, judge, &[change], lang)?;
    for id in &ids {
        if let Some(e) = contest.entry(id) {
            say!(
                "{}",
                T::CliScreened.with(lang, &[&e.id, &status_text(e, lang)])
            );
        }
    }
    Ok(())
}

/// "không hợp lệ: thiếu xác nhận" — the status and its reason.
fn status_text(e: &Entry, lang: Lang) -> String {
    if e.reason.is_empty() {
        e.status.label(lang).to_string()
    } else {
        format!("{}: {}", e.status.label(lang), e.reason)
    }
}

/// What the secretariat's screening says of an entry, for the list:
/// late, pending, rejected (with why); empty for an admitted entry on time.
pub fn eligibility(e: &Entry, deadline: Option<&str>, lang: Lang) -> String {
    let mut marks = Vec::new();
    if e.is_late(deadline) {
        marks.push(T::EntryLate.get(lang).to_string());
    }
    if !e.is_admitted() {
        marks.push(status_text(e, lang));
    }
    marks.join("; ")
}

#[derive(ValueEnum, Clone, Copy, Debug)]
pub enum Format {
    Table,
    Csv,
    Json,
}

pub fn run(
    opened: Opened,
    sort: SortBy,
    field: Option<&str>,
    format: Format,
    lang: Lang,
) -> Result<(), String> {
    // The list shows no marks: the definition is enough. (A server sent
    // only what this member may see.)
    let contest = opened.definition(lang)?;
    let rows = listed(&contest, sort, field, lang)?;
    let deadline = contest.meta.deadline.as_deref();
    let text = match format {
        Format::Table => table(&contest, &rows, deadline, lang),
        Format::Csv => csv(&rows, deadline),
        Format::Json => json(&rows, deadline),
    };
    print!("{text}");
    Ok(())
}

/// The entries kept by `field` (an id such as `tthc` or its label, in any
/// case), in the chosen order; equal keys keep the contest's order.
pub fn listed<'c>(
    contest: &'c Contest,
    sort: SortBy,
    field: Option<&str>,
    lang: Lang,
) -> Result<Vec<&'c Entry>, String> {
    let wanted = match field {
        None => None,
        Some(typed) => {
            let f = name_key(typed);
            let known = contest.entries.iter().find(|e| {
                name_key(&e.field) == f
                    || [Lang::Vi, Lang::En]
                        .iter()
                        .any(|&l| name_key(&contest.field_label(&e.field, l)) == f)
            });
            match known {
                Some(e) => Some(e.field.clone()),
                None => {
                    let mut fields: Vec<&str> =
                        contest.entries.iter().map(|e| e.field.as_str()).collect();
                    fields.sort_unstable();
                    fields.dedup();
                    return Err(T::CliNoSuchField.with(lang, &[&typed.trim(), &fields.join(", ")]));
                }
            }
        }
    };
    let mut rows: Vec<&Entry> = contest
        .entries
        .iter()
        .filter(|e| wanted.as_ref().is_none_or(|f| e.field == *f))
        .collect();
    match sort {
        SortBy::Id => {}
        SortBy::Title => rows.sort_by_cached_key(|e| sort_key(&e.title)),
        SortBy::Unit => rows.sort_by_cached_key(|e| (sort_key(&e.unit), sort_key(&e.title))),
        SortBy::Field => rows.sort_by_cached_key(|e| {
            (
                sort_key(&contest.field_label(&e.field, lang)),
                sort_key(&e.title),
            )
        }),
    }
    Ok(rows)
}

fn table(contest: &Contest, rows: &[&Entry], deadline: Option<&str>, lang: Lang) -> String {
    let fit = crate::ui::text::pad;
    let mut out = format!(
        "{}  {}  {}  {}\n",
        fit(T::TableEntry.get(lang), 8),
        fit(T::TableTitleOnly.get(lang), 44),
        fit(T::TableUnit.get(lang), 28),
        T::TableField.get(lang)
    );
    for e in rows {
        let marks = eligibility(e, deadline, lang);
        let field = contest.field_label(&e.field, lang);
        let last = if marks.is_empty() {
            terminal_line(&field).into_owned()
        } else {
            format!(
                "{}  [{}]",
                fit(&terminal_line(&field), 18),
                terminal_line(&marks)
            )
        };
        out.push_str(&format!(
            "{}  {}  {}  {}\n",
            fit(&terminal_line(&e.id), 8),
            fit(&terminal_line(&e.title), 44),
            fit(&terminal_line(&e.unit), 28),
            last
        ));
    }
    out
}

fn csv(rows: &[&Entry], deadline: Option<&str>) -> String {
    // A byte-order mark, so spreadsheet programs read the diacritics as UTF-8.
    let mut out =
        String::from("\u{feff}id,title,unit,field,authors,submitted,status,reason,late\r\n");
    for e in rows {
        let cells = [
            e.id.as_str(),
            &e.title,
            &e.unit,
            &e.field,
            &e.author_names("; "),
            e.submitted.as_deref().unwrap_or(""),
            e.status.word(),
            &e.reason,
            if e.is_late(deadline) { "yes" } else { "" },
        ];
        let line: Vec<String> = cells.iter().map(|c| csv_cell(c)).collect();
        out.push_str(&line.join(","));
        out.push_str("\r\n");
    }
    out
}

fn json(rows: &[&Entry], deadline: Option<&str>) -> String {
    let list: Vec<_> = rows
        .iter()
        .map(|e| {
            json!({
                "id": e.id,
                "title": e.title,
                "unit": e.unit,
                "field": e.field,
                "authors": e.authors,
                "submitted": e.submitted,
                "status": e.status,
                "reason": e.reason,
                "late": e.is_late(deadline),
            })
        })
        .collect();
    let mut text = json_text(serde_json::to_string_pretty(&list).unwrap_or_default());
    text.push('\n');
    text
}
