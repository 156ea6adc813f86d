//! `jury audit`: the trail of every change, exported or checked.

use clap::{Subcommand, ValueEnum};

use super::backend::{Opened, Target};
use crate::domain::Lang;
use crate::domain::audit::{AuditRecord, Break};
use crate::i18n::T;

#[derive(Subcommand, Debug)]
pub enum AuditAction {
    /// Check that no record was altered, removed or reordered
    Verify,
}

#[derive(ValueEnum, Clone, Copy, Debug)]
pub enum Format {
    Table,
    Csv,
    Json,
}

pub fn run(
    target: &Target,
    action: Option<AuditAction>,
    entry: Option<String>,
    member: Option<String>,
    format: Format,
    lang: Lang,
) -> Result<(), String> {
    let (records, verdict) = match target.open(super::backend::Missing::Refuse)? {
        Opened::Local(store) => {
            let verdict = store
                .verify_audit()
                .map_err(|e| e.to_string())?
                .map_err(|b| break_text(&b, lang));
            (
                store
                    .audit_records()
                    .map_err(|e| e.to_string())?
                    .into_iter()
                    .map(|(_, r)| r)
                    .collect(),
                verdict,
            )
        }
        Opened::Remote(mut remote, _) => remote.audit().map_err(|e| super::apply_error(e, lang))?,
    };
    if let Some(AuditAction::Verify) = action {
        return match verdict {
            Ok(n) => {
                println!("{}", T::CliAuditIntact.with(lang, &[&n]));
                Ok(())
            }
            Err(why) => Err(T::CliAuditBroken.with(lang, &[&why])),
        };
    }
    let shown: Vec<&AuditRecord> = records
        .iter()
        .filter(|r| entry.as_ref().is_none_or(|e| r.entry.as_ref() == Some(e)))
        .filter(|r| {
            member
                .as_ref()
                .is_none_or(|m| r.judge == *m || r.subject.as_ref() == Some(m))
        })
        .collect();
    match format {
        Format::Json => println!(
            "{}",
            serde_json::to_string_pretty(&shown).unwrap_or_default()
        ),
        Format::Csv => print!("{}", csv(&shown)),
        Format::Table => {
            for r in &shown {
                println!(
                    "{:>5}  {}  {:<6} {:<10} {:<16} {:<6} {}{}",
                    r.seq,
                    r.at,
                    r.judge,
                    r.login.as_deref().unwrap_or("-"),
                    r.action,
                    r.entry.as_deref().unwrap_or("-"),
                    change_text(r),
                    r.reason
                        .as_ref()
                        .map(|x| format!("  ({x})"))
                        .unwrap_or_default()
                );
            }
        }
    }
    if let Err(why) = verdict {
        let broken = T::CliAuditBroken.with(lang, &[&why]);
        eprintln!("{}", T::CliWarning.with(lang, &[&broken]));
    }
    Ok(())
}

/// Where the chain breaks, in `lang`.
fn break_text(b: &Break, lang: Lang) -> String {
    match *b {
        Break::Altered { seq } => T::AuditAltered.with(lang, &[&seq]),
        Break::Missing { from, to } if from == to => T::AuditRemoved.with(lang, &[&from]),
        Break::Missing { from, to } => T::AuditMissing.with(lang, &[&from, &to]),
        Break::OutOfOrder { position, seq } => T::AuditOutOfOrder.with(lang, &[&seq, &position]),
        Break::Unlinked { seq } => T::AuditUnlinked.with(lang, &[&seq]),
        Break::Truncated { last, expected } => T::AuditTruncated.with(lang, &[&last, &expected]),
    }
}

/// "before → after" in one line.
fn change_text(r: &AuditRecord) -> String {
    let short = |v: &serde_json::Value| match v {
        serde_json::Value::Null => "–".to_string(),
        other => other.to_string(),
    };
    format!("{} → {}", short(&r.before), short(&r.after))
}

/// RFC 4180 CSV with a header, UTF-8 with a BOM so Excel reads Vietnamese.
pub fn csv(records: &[&AuditRecord]) -> String {
    let mut out = String::from(
        "\u{feff}seq,at,judge,login,action,round,entry,subject,before,after,reason,hash\r\n",
    );
    for r in records {
        let fields = [
            r.seq.to_string(),
            r.at.clone(),
            r.judge.clone(),
            r.login.clone().unwrap_or_default(),
            r.action.clone(),
            r.round.clone().unwrap_or_default(),
            r.entry.clone().unwrap_or_default(),
            r.subject.clone().unwrap_or_default(),
            r.before.to_string(),
            r.after.to_string(),
            r.reason.clone().unwrap_or_default(),
            r.hash.clone(),
        ];
        let line: Vec<String> = fields.iter().map(|f| quote(f)).collect();
        out.push_str(&line.join(","));
        out.push_str("\r\n");
    }
    out
}

pub fn quote(field: &str) -> String {
    if field.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field.to_string()
    }
}
