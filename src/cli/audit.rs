//! `jury audit`: the trail of every change, exported or checked.

use std::path::Path;

use clap::{Subcommand, ValueEnum};

use super::backend::{Opened, Target};
use crate::domain::audit::{AuditRecord, Break, Head, HeadBreak, holds};
use crate::domain::audit_match::Mismatch;
use crate::domain::escape::{csv_cell, json_text, terminal_line as line};
use crate::domain::{Lang, format};
use crate::i18n::T;

#[derive(Subcommand, Debug)]
pub enum AuditAction {
    /// Check that no record was altered, removed or reordered, and that every
    /// sheet and note is what the trail's last record for it says
    Verify {
        /// A head written down earlier (`jury audit head`): prove that no
        /// record up to it was rewritten since
        #[arg(long, value_name = "SEQ:HASH")]
        head: Option<String>,
    },
    /// Print the chain's head, SEQ:HASH, to write into the minutes or send to
    /// the chair by another channel
    Head,
}

#[derive(ValueEnum, Clone, Copy, Debug)]
pub enum Format {
    Table,
    Csv,
    Json,
}

/// The trail as read, whether its chain holds, and (on the database itself)
/// the sheets and notes it does not account for.
struct Trail {
    records: Vec<(u64, AuditRecord)>,
    verdict: Result<u64, String>,
    mismatches: Option<Vec<Mismatch>>,
    /// Where people read the records' times: the contest's zone.
    zone: jiff::tz::TimeZone,
}

impl Trail {
    /// The head, when every record is here: a server leaves out those about
    /// entries the chair is recused from, and then the last one shown may
    /// not be the last one written.
    fn head(&self) -> Option<Head> {
        let whole = self
            .records
            .iter()
            .map(|(_, r)| r.seq)
            .eq(1..=self.records.len() as u64);
        let last = self.records.last().map(|(_, r)| r.seq).unwrap_or(0);
        (whole && self.verdict.as_ref().is_ok_and(|n| *n == last)).then(|| Head::of(&self.records))
    }
}

fn read(opened: &mut Opened, compare: bool, lang: Lang) -> Result<Trail, String> {
    match opened {
        Opened::Local(store) => {
            let verdict = store
                .verify_audit()
                .map_err(|e| crate::i18n::store_error(&e, lang))?
                .map_err(|b| break_text(&b, lang));
            // Reads every sheet: only when asked to verify.
            let mismatches = match compare {
                true => Some(
                    store
                        .audit_mismatches()
                        .map_err(|e| crate::i18n::store_error(&e, lang))?,
                ),
                false => None,
            };
            let zone = store
                .load_definition()
                .map(|c| format::zone(&c))
                .map_err(|e| crate::i18n::store_error(&e, lang))?;
            Ok(Trail {
                records: store
                    .audit_records()
                    .map_err(|e| crate::i18n::store_error(&e, lang))?,
                verdict,
                mismatches,
                zone,
            })
        }
        // The server checked the chain; drafts it does not send cannot be compared here.
        Opened::Remote(remote, contest) => {
            let (records, verdict) = remote.audit().map_err(|e| super::apply_error(e, lang))?;
            Ok(Trail {
                records: records.into_iter().map(|r| (r.seq, r)).collect(),
                verdict,
                mismatches: None,
                zone: format::zone(contest),
            })
        }
    }
}

/// The trail's head now, for a document to carry; `None` when a server
/// does not show every record.
pub fn head_now(opened: &mut Opened, lang: Lang) -> Result<Option<Head>, String> {
    Ok(read(opened, false, lang)?.head())
}

pub fn run(
    target: &Target,
    action: Option<AuditAction>,
    entry: Option<String>,
    member: Option<String>,
    format: Format,
    output: Option<&Path>,
    lang: Lang,
) -> Result<(), String> {
    let written = match &action {
        Some(AuditAction::Verify { head: Some(h) }) => Some(
            Head::parse(h)
                .ok_or_else(|| T::CliBadHead.with(lang, &[h, &super::hint::jury("audit head")]))?,
        ),
        _ => None,
    };
    let compare = matches!(action, Some(AuditAction::Verify { .. }));
    let trail = read(
        &mut target.open(super::backend::Missing::Refuse)?,
        compare,
        lang,
    )?;
    match action {
        Some(AuditAction::Head) => {
            if let Err(why) = &trail.verdict {
                return Err(T::CliAuditBroken.with(lang, &[why]));
            }
            let head = trail
                .head()
                .ok_or_else(|| T::CliHeadNotHere.get(lang).to_string())?;
            say!("{head}");
            return Ok(());
        }
        Some(AuditAction::Verify { .. }) => return verify(&trail, written.as_ref(), lang),
        None => {}
    }
    let records: Vec<AuditRecord> = trail.records.into_iter().map(|(_, r)| r).collect();
    let verdict = trail.verdict;
    let zone = trail.zone;
    let shown: Vec<&AuditRecord> = records
        .iter()
        .filter(|r| entry.as_ref().is_none_or(|e| r.entry.as_ref() == Some(e)))
        .filter(|r| {
            member
                .as_ref()
                .is_none_or(|m| r.judge == *m || r.subject.as_ref() == Some(m))
        })
        .collect();
    let text = match format {
        // JSON and CSV are data for a program or a spreadsheet: escaped for
        // those, not flattened.
        Format::Json => json_text(serde_json::to_string_pretty(&shown).unwrap_or_default()) + "\n",
        Format::Csv => csv(&shown),
        Format::Table => table(&shown, &zone, lang),
    };
    match output {
        Some(path) => super::output::write_file(path, text.as_bytes(), lang)?,
        None => print!("{text}"),
    }
    if let Err(why) = verdict {
        let broken = T::CliAuditBroken.with(lang, &[&why]);
        eprintln!("{}", T::CliWarning.with(lang, &[&broken]));
    }
    Ok(())
}

/// One line per record, each field on it; the time in the contest's zone.
fn table(shown: &[&AuditRecord], zone: &jiff::tz::TimeZone, lang: Lang) -> String {
    let mut out = String::new();
    for r in shown {
        out.push_str(&format!(
            "{:>5}  {}  {:<6} {:<10} {:<16} {:<6} {}{}\n",
            r.seq,
            line(&format::moment(&r.at, zone, lang)),
            line(&r.judge),
            line(r.login.as_deref().unwrap_or("-")),
            line(&crate::i18n::audit_action(&r.action, lang)),
            line(r.entry.as_deref().unwrap_or("-")),
            line(&change_text(r)),
            r.reason
                .as_ref()
                .map(|x| format!("  ({})", line(x)))
                .unwrap_or_default()
        ));
    }
    out
}

/// `jury audit verify`: the chain, the head written down, the sheets.
fn verify(trail: &Trail, written: Option<&Head>, lang: Lang) -> Result<(), String> {
    let n = trail
        .verdict
        .as_ref()
        .map_err(|why| T::CliAuditBroken.with(lang, &[why]))?;
    if let Some(head) = written {
        if trail.head().is_none() {
            return Err(T::CliHeadNotHere.get(lang).to_string());
        }
        holds(&trail.records, head).map_err(|b| {
            let why = match b {
                HeadBreak::Short { head, last } => T::AuditHeadShort.with(lang, &[&last, &head]),
                HeadBreak::Rewritten { seq } => T::AuditHeadRewritten.with(lang, &[&seq]),
            };
            T::CliAuditBroken.with(lang, &[&why])
        })?;
    }
    if let Some(found) = trail.mismatches.as_ref().filter(|m| !m.is_empty()) {
        let list: Vec<String> = found
            .iter()
            .map(|m| format!("  {}", crate::i18n::mismatch(m, lang)))
            .collect();
        return Err(T::CliAuditDiffers.with(lang, &[&list.join("\n")]));
    }
    say!("{}", T::CliAuditIntact.with(lang, &[n]));
    if let Some(head) = written {
        say!("{}", T::CliAuditHolds.with(lang, &[head, &head.seq]));
    }
    match trail.mismatches {
        Some(_) => say!("{}", T::CliAuditMatches.get(lang)),
        None => say!("{}", T::CliAuditRemoteOnly.get(lang)),
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
        let cells: Vec<String> = fields.iter().map(|f| csv_cell(f)).collect();
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    }
    out
}
