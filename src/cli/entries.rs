//! `jury entries`: the entries a member can see, filtered and sorted the
//! way a Vietnamese reader expects (CLDR `vi` collation for text).

use clap::ValueEnum;
use serde_json::json;

use super::backend::Opened;
use crate::domain::collate::sort_key;
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
    let contest = match opened {
        Opened::Local(store) => store
            .load()
            .map_err(|e| crate::i18n::store_error(&e, lang))?,
        // The server sent only what this member may see.
        Opened::Remote(_, contest) => *contest,
    };
    let rows = listed(&contest, sort, field, lang)?;
    let text = match format {
        Format::Table => table(&contest, &rows, lang),
        Format::Csv => csv(&rows),
        Format::Json => json(&rows),
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

fn table(contest: &Contest, rows: &[&Entry], lang: Lang) -> String {
    let fit = crate::ui::text::pad;
    let mut out = format!(
        "{}  {}  {}  {}\n",
        fit(T::TableEntry.get(lang), 8),
        fit(T::TableTitleOnly.get(lang), 44),
        fit(T::TableUnit.get(lang), 28),
        T::TableField.get(lang)
    );
    for e in rows {
        out.push_str(&format!(
            "{}  {}  {}  {}\n",
            fit(&terminal_line(&e.id), 8),
            fit(&terminal_line(&e.title), 44),
            fit(&terminal_line(&e.unit), 28),
            terminal_line(&contest.field_label(&e.field, lang))
        ));
    }
    out
}

fn csv(rows: &[&Entry]) -> String {
    // A byte-order mark, so spreadsheet programs read the diacritics as UTF-8.
    let mut out = String::from("\u{feff}id,title,unit,field,authors,submitted\r\n");
    for e in rows {
        let cells = [
            e.id.as_str(),
            &e.title,
            &e.unit,
            &e.field,
            &e.authors.join("; "),
            e.submitted.as_deref().unwrap_or(""),
        ];
        let line: Vec<String> = cells.iter().map(|c| csv_cell(c)).collect();
        out.push_str(&line.join(","));
        out.push_str("\r\n");
    }
    out
}

fn json(rows: &[&Entry]) -> String {
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
            })
        })
        .collect();
    let mut text = json_text(serde_json::to_string_pretty(&list).unwrap_or_default());
    text.push('\n');
    text
}
