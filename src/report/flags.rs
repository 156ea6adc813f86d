//! One wording of the ranking's flags for every output: the same ids
//! (`Flag::as_str`) in CSV and JSON, the same short labels in the app and
//! the table, and the detail that makes a flag explain itself.

use crate::domain::ranking::{Flag, Method, RankRow, Shortfall};
use crate::domain::{Contest, Lang};
use crate::i18n::T;

/// The short label of a flag in tables; in English it is the flag's id.
pub fn short(flag: Flag, lang: Lang) -> &'static str {
    match flag {
        Flag::Incomplete => T::ShortIncomplete,
        Flag::Disagreement => T::ShortDisagreement,
        Flag::BelowThreshold => T::ShortBelow,
        Flag::QuotaTie => T::ShortQuotaTie,
        Flag::Tiebreak => T::ShortTiebreak,
        Flag::Unscored => T::ShortUnscored,
    }
    .get(lang)
}

/// The flag in a sentence, for documents.
pub fn long(flag: Flag, lang: Lang) -> &'static str {
    match flag {
        Flag::Incomplete => T::FlagIncomplete,
        Flag::Disagreement => T::FlagDisagreement,
        Flag::BelowThreshold => T::FlagBelowThreshold,
        Flag::QuotaTie => T::FlagQuotaTie,
        Flag::Tiebreak => T::FlagTiebreak,
        Flag::Unscored => T::FlagUnscored,
    }
    .get(lang)
}

/// What a flag is about, when it names something: the minimum missed, or
/// the criterion that settled a tie.
pub fn detail(contest: &Contest, row: &RankRow, flag: Flag, lang: Lang) -> Option<String> {
    match flag {
        Flag::BelowThreshold => Some(match row.shortfall.as_ref()? {
            Shortfall::Criterion { criterion, min } => T::BelowCriterion.with(
                lang,
                &[&criterion_name(contest, criterion, lang), &min.to_string()],
            ),
            Shortfall::Tier { award, min } => {
                T::BelowTier.with(lang, &[&contest.award_name(award, lang), &min.to_string()])
            }
        }),
        Flag::Tiebreak => row
            .tiebreak
            .as_deref()
            .map(|c| T::TiebreakOn.with(lang, &[&criterion_name(contest, c, lang)])),
        _ => None,
    }
}

/// `label (detail)` for each flag of a row, `unscored` included.
pub fn labelled(contest: &Contest, row: &RankRow, lang: Lang, long_form: bool) -> Vec<String> {
    row.flags
        .iter()
        .map(|&f| {
            let label = if long_form {
                long(f, lang)
            } else {
                short(f, lang)
            };
            match detail(contest, row, f, lang) {
                Some(d) => format!("{label} ({d})"),
                None => label.to_string(),
            }
        })
        .collect()
}

/// The detail as plain ids for scripts: `criterion>=10`, `award>=50`, or the
/// tiebreak criterion's id.
pub fn detail_id(row: &RankRow, flag: Flag) -> Option<String> {
    match flag {
        Flag::BelowThreshold => row.shortfall.as_ref().map(|s| match s {
            Shortfall::Criterion { criterion, min } => format!("{criterion}>={min}"),
            Shortfall::Tier { award, min } => format!("{award}>={min}"),
        }),
        Flag::Tiebreak => row.tiebreak.clone(),
        _ => None,
    }
}

/// The score column's heading: what the number is under this method.
pub fn score_heading(method: Method, lang: Lang) -> &'static str {
    match method {
        Method::Mean => T::RepAverage,
        Method::Median => T::ScoreMedian,
        Method::Trimmed => T::ScoreTrimmed,
        Method::Zscore => T::ScoreZscore,
    }
    .get(lang)
}

/// "Round: … · Method: …", heading every document and export.
pub fn head(contest: &Contest, round: &str, method: Method, lang: Lang) -> String {
    let name = contest
        .round(round)
        .map(|r| format!("{} ({round})", r.name.get(lang)))
        .unwrap_or_else(|| round.to_string());
    T::HeadRoundMethod.with(lang, &[&name, &crate::i18n::method(method, lang)])
}

fn criterion_name(contest: &Contest, id: &str, lang: Lang) -> String {
    contest
        .rubric
        .criteria
        .iter()
        .find(|c| c.id == id)
        .map(|c| c.name.get(lang).to_string())
        .unwrap_or_else(|| id.to_string())
}
