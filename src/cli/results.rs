//! `jury rank`, `jury report` and `jury round`: the council's results.

use std::path::Path;

use clap::{Subcommand, ValueEnum};

use super::backend::Opened;
use crate::domain::ranking::{Method, rank, rank_from};
use crate::domain::round::Unfinished;
use crate::domain::visibility::sees_aggregate;
use crate::domain::{Bilingual, Contest, CouncilChange, Judge, Lang, Points, Round, format};
use crate::i18n::T;
use crate::report;

#[derive(ValueEnum, Clone, Copy, Debug)]
pub enum Format {
    Table,
    Csv,
    Json,
    Md,
}

/// The contest and who is asking (`None` on one's own machine: the owner sees all).
fn contest_and_viewer(opened: Opened, lang: Lang) -> Result<(Contest, Option<Judge>), String> {
    match opened {
        Opened::Local(store) => Ok((
            store
                .load()
                .map_err(|e| crate::i18n::store_error(&e, lang))?,
            None,
        )),
        Opened::Remote(remote, contest) => {
            let me = remote.judge.clone();
            if !sees_aggregate(&contest, &me) {
                return Err(T::CliNotPublished.get(lang).to_string());
            }
            Ok((*contest, Some(me)))
        }
    }
}

pub fn rank_cmd(
    opened: Opened,
    round: Option<String>,
    method: Method,
    format: Format,
    lang: Lang,
) -> Result<(), String> {
    let no_round = |round: &str| T::CliNoRound.with(lang, &[&round, &super::hint::jury("round")]);
    let (contest, viewer, ranking) = match opened {
        // The definition and the stored marks alone: no sheet is built.
        Opened::Local(store) => {
            let error = |e| crate::i18n::store_error(&e, lang);
            let (contest, marks) = store.load_for_ranking().map_err(error)?;
            let round = round.unwrap_or_else(|| contest.current_round().to_string());
            if contest.round(&round).is_none() {
                return Err(no_round(&round));
            }
            let tally = marks.tally(&contest, &round).map_err(error)?;
            let ranking = rank_from(&contest, &tally, method);
            (contest, None, ranking)
        }
        remote => {
            let (contest, viewer) = contest_and_viewer(remote, lang)?;
            let round = round.unwrap_or_else(|| contest.current_round().to_string());
            if contest.round(&round).is_none() {
                return Err(no_round(&round));
            }
            let ranking = rank(&contest, &round, method);
            (contest, viewer, ranking)
        }
    };
    let shown = report::ranking::rows(&contest, &ranking, viewer.as_ref());
    // Each format escapes its cells its own way (CSV keeps its CRLF).
    let text = match format {
        Format::Table => report::ranking::table(&contest, &ranking, &shown, lang),
        Format::Csv => report::ranking::csv(&contest, &ranking, &shown),
        Format::Json => report::ranking::json(&contest, &ranking, &shown, lang),
        Format::Md => report::ranking::markdown(&contest, &ranking, &shown, lang),
    };
    print!("{text}");
    Ok(())
}

/// What `jury report` was asked for.
pub struct ReportAsk<'a> {
    pub round: Option<String>,
    pub method: Method,
    /// Which Word document; only for `.docx`.
    pub paper: Option<report::docx::Paper>,
    pub member: Option<String>,
    pub output: &'a Path,
}

/// The kinds of file `jury report` writes.
enum Kind {
    Markdown,
    Workbook,
    Word,
}

pub fn report_cmd(opened: Opened, ask: ReportAsk, lang: Lang) -> Result<(), String> {
    let output = ask.output;
    // Only what jury writes: a `.pdf` must not silently hold Markdown.
    let ext = output
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase());
    let kind = match ext.as_deref() {
        Some("xlsx") => Kind::Workbook,
        Some("md") => Kind::Markdown,
        Some("docx") => Kind::Word,
        _ => {
            return Err(T::CliUnknownOutput.with(lang, &[&output.display()]));
        }
    };
    if ask.paper.is_some() && !matches!(kind, Kind::Word) {
        return Err(T::CliDocOnlyDocx.with(lang, &[&output.display()]));
    }
    if ask.member.is_some() && ask.paper != Some(report::docx::Paper::Phieu) {
        return Err(T::CliMemberOnlyPhieu.get(lang).to_string());
    }
    let mut opened = opened;
    if let Opened::Remote(remote, contest) = &opened
        && !crate::domain::visibility::sees_as_chair(contest, &remote.judge)
    {
        return Err(T::CliChairDocuments.get(lang).to_string());
    }
    // Read before the documents are built: what they show is in the trail up to it.
    let head = super::audit::head_now(&mut opened, lang)?;
    let (contest, _) = contest_and_viewer(opened, lang)?;
    let round = ask
        .round
        .clone()
        .unwrap_or_else(|| contest.current_round().to_string());
    if contest.round(&round).is_none() {
        return Err(T::CliNoRound.with(lang, &[&round, &super::hint::jury("round")]));
    }
    // The head as the document's language writes it: Word documents are Vietnamese.
    let head_in = |lang: Lang| match &head {
        Some(h) => h.to_string(),
        None => T::DocAuditHeadElsewhere.get(lang).to_string(),
    };
    if let Kind::Word = kind {
        return word(&contest, &round, &ask, &head_in(Lang::Vi), lang);
    }
    let head_text = head_in(lang);
    // Dated from the meeting, never from the day of printing.
    let date = contest
        .meeting
        .as_ref()
        .and_then(|m| m.date.as_deref())
        .map(|d| crate::domain::format::date(d, lang))
        .unwrap_or_else(|| "……".to_string());
    let mut docs = report::documents::build(&contest, &round, ask.method, lang, &date);
    for d in &mut docs {
        d.blocks.push(report::documents::Block::Line(
            T::DocAuditHead.with(lang, &[&head_text]),
        ));
    }
    let bytes = if let Kind::Workbook = kind {
        report::xlsx::workbook(&docs).map_err(|e| T::CliWorkbookFailed.with(lang, &[&e]))?
    } else {
        report::documents::markdown(&docs, lang).into_bytes()
    };
    super::output::write_file(output, &bytes, lang)?;
    say!(
        "{}",
        T::CliWroteDocuments.with(lang, &[&docs.len(), &output.display()])
    );
    Ok(())
}

/// One Word document in the layout of Nghị định 30.
fn word(
    contest: &Contest,
    round: &str,
    ask: &ReportAsk,
    head: &str,
    lang: Lang,
) -> Result<(), String> {
    use report::docx::{self, Paper};
    if let Some(id) = &ask.member
        && !contest.scorers().any(|j| j.id == *id)
    {
        return Err(T::CliNoScorer.with(lang, &[id, &super::hint::jury("judge list")]));
    }
    let ranking = rank(contest, round, ask.method);
    let sources = docx::Sources {
        contest,
        round,
        method: ask.method,
        ranking: &ranking,
        audit_head: head,
        member: ask.member.as_deref(),
    };
    let paper = ask.paper.unwrap_or(Paper::BienBan);
    if paper == Paper::Phieu && docx::sheets_to_print(&sources) == 0 {
        return Err(T::CliNoSheetsToPrint.with(lang, &[&round]));
    }
    let bytes = docx::write(paper, &sources).map_err(|e| T::CliDocxFailed.with(lang, &[&e]))?;
    super::output::write_file(ask.output, &bytes, lang)?;
    let what = match paper {
        Paper::BienBan => T::DocMinutes,
        Paper::ToTrinh => T::DocProposal,
        Paper::Phieu => T::DocSheets,
    };
    say!(
        "{}",
        T::CliWroteDocx.with(lang, &[&what.get(lang), &ask.output.display()])
    );
    Ok(())
}

#[derive(Subcommand, Debug)]
pub enum RoundAction {
    /// List the rounds
    List,
    /// Close the current round and move entries into the next, by a minimum score or a top N
    Advance {
        /// Entries scoring at least this move on
        #[arg(long, value_name = "POINTS")]
        min: Option<f64>,
        /// The first N of the ranking move on (entries tied with the Nth too)
        #[arg(long, value_name = "N")]
        top: Option<u32>,
        #[arg(long, default_value = "mean")]
        method: Method,
        /// The next round's id (default: the next one defined, or chung_khao)
        #[arg(long, value_name = "ID")]
        to: Option<String>,
        /// The next round's name (Vietnamese; English is taken from --name-en)
        #[arg(long)]
        name: Option<String>,
        #[arg(long)]
        name_en: Option<String>,
        /// Close the round although drafts are open or sheets not submitted
        #[arg(long)]
        force: bool,
    },
}

pub fn round_cmd(
    opened: Opened,
    judge: Option<&str>,
    action: RoundAction,
    lang: Lang,
) -> Result<(), String> {
    let contest = match (&opened, &action) {
        // The list shows the definition only: no sheet is read for it.
        (Opened::Local(store), RoundAction::List) => store.load_definition(),
        (Opened::Local(store), _) => store.load(),
        (Opened::Remote(_, c), _) => Ok((**c).clone()),
    }
    .map_err(|e| crate::i18n::store_error(&e, lang))?;
    match action {
        RoundAction::List => {
            let current = contest.current_round();
            for r in &contest.rounds {
                let state = if r.closed {
                    T::RoundClosed
                } else if r.id == current {
                    T::RoundCurrent
                } else {
                    T::RoundLater
                };
                let entries = contest.round_entries(&r.id).len();
                let how = r
                    .advanced
                    .as_ref()
                    .map(|a| {
                        let at = format::moment(&a.at, &format::zone(&contest), lang);
                        let from = T::RoundFrom.with(lang, &[&a.from, &a.by, &at, &a.rule]);
                        format!("  {from}")
                    })
                    .unwrap_or_default();
                say!(
                    "{}\t{}\t{}\t{}{how}",
                    r.id,
                    crate::domain::escape::terminal_line(r.name.get(lang)),
                    state.get(lang),
                    T::RoundEntries.with(lang, &[&entries])
                );
            }
            Ok(())
        }
        RoundAction::Advance {
            min,
            top,
            method,
            to,
            name,
            name_en,
            force,
        } => {
            let from = contest.current_round().to_string();
            let open = Unfinished::of(&contest, &from);
            if !open.is_empty() && !force {
                return Err(
                    T::CliAdvanceUnfinished.with(lang, &[&from, &open.drafts, &open.unsubmitted])
                );
            }
            let ranking = rank(&contest, &from, method);
            // The rule as the trail keeps it (ids), and as the member reads it.
            let (entries, rule, said): (Vec<String>, String, String) = match (min, top) {
                (Some(m), None) => {
                    let m =
                        Points::from_f64(m).ok_or_else(|| T::CliMinPoints.get(lang).to_string())?;
                    let e = ranking
                        .rows
                        .iter()
                        .filter(|r| r.score.is_some_and(|s| s + 1e-9 >= m.as_f64()))
                        .map(|r| r.entry.clone())
                        .collect();
                    let said = T::RuleMin.with(lang, &[&m, &crate::i18n::method(method, lang)]);
                    (e, format!("min {m} ({method})"), said)
                }
                (None, Some(n)) => {
                    // Entries sharing the Nth rank all go through.
                    let e = ranking
                        .rows
                        .iter()
                        .filter(|r| r.rank.is_some_and(|k| k <= n))
                        .map(|r| r.entry.clone())
                        .collect();
                    let said = T::RuleTop.with(lang, &[&n, &crate::i18n::method(method, lang)]);
                    (e, format!("top {n} ({method})"), said)
                }
                _ => return Err(T::CliMinOrTop.get(lang).to_string()),
            };
            let position = contest
                .rounds
                .iter()
                .position(|r| r.id == from)
                .unwrap_or(0);
            let defined = contest.rounds.get(position + 1).cloned();
            let id = to
                .or_else(|| defined.as_ref().map(|r| r.id.clone()))
                .unwrap_or_else(|| "chung_khao".into());
            let to = Round {
                id: id.clone(),
                name: match (name, defined.filter(|r| r.id == id)) {
                    (Some(vi), _) => Bilingual::new(&vi, name_en.as_deref().unwrap_or(&vi)),
                    (None, Some(r)) => r.name,
                    (None, None) => Bilingual::new("Vòng chung khảo", "Final round"),
                },
                entries: None,
                closed: false,
                advanced: None,
            };
            let count = entries.len();
            let left_out = left_out(&contest, &ranking, &entries, min, top, lang);
            let change = CouncilChange::AdvanceRound {
                from: from.clone(),
                to,
                entries,
                rule,
            };
            super::council::act(opened, judge, &[change], lang)?;
            say!(
                "{}",
                T::CliRoundClosed.with(lang, &[&from, &count, &id, &said])
            );
            for (entry, why) in &left_out {
                say!("{}", T::CliLeftOut.with(lang, &[&id, entry, why]));
            }
            Ok(())
        }
    }
}

/// The entries that stay behind at the cut, each with why: unscored, under
/// the minimum, below the top N, or tied with one that goes on and placed
/// after it by the tiebreak.
fn left_out(
    contest: &Contest,
    ranking: &crate::domain::ranking::Ranking,
    going: &[String],
    min: Option<f64>,
    top: Option<u32>,
    lang: Lang,
) -> Vec<(String, String)> {
    let criterion = |id: &str| {
        contest
            .rubric
            .criteria
            .iter()
            .find(|c| c.id == id)
            .map(|c| c.name.get(lang).to_string())
            .unwrap_or_else(|| id.to_string())
    };
    ranking
        .rows
        .iter()
        .filter(|r| !going.contains(&r.entry))
        .map(|r| {
            let tied_with = r.score.and_then(|s| {
                ranking.rows.iter().find(|o| {
                    going.contains(&o.entry) && o.score.is_some_and(|x| (x - s).abs() <= 1e-9)
                })
            });
            let why = match (r.score, r.rank) {
                (None, _) | (_, None) => T::LeftOutUnscored.get(lang).to_string(),
                (Some(_), Some(_)) if tied_with.is_some() && r.tiebreak.is_some() => T::LeftOutTied
                    .with(
                        lang,
                        &[
                            &tied_with.map(|o| o.entry.clone()).unwrap_or_default(),
                            &criterion(r.tiebreak.as_deref().unwrap_or_default()),
                        ],
                    ),
                (Some(s), Some(k)) => match (min, top) {
                    (Some(m), _) => {
                        T::LeftOutScore.with(lang, &[&format!("{s:.2}"), &format!("{m}")])
                    }
                    (_, Some(n)) => T::LeftOutRank.with(lang, &[&k, &n]),
                    _ => String::new(),
                },
            };
            (r.entry.clone(), why)
        })
        .collect()
}
