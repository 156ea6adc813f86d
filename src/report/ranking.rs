//! `jury rank`: the ranking as a table, CSV, JSON or Markdown.

use std::fmt::Write as _;

use serde_json::{Value, json};

use super::{flags, md_cell, two};
use crate::domain::escape::{csv_cell, json_text, push_csv_cell, terminal_line};
use crate::domain::ranking::Flag;
use crate::domain::ranking::{RankRow, Ranking};
use crate::domain::{Contest, Judge, Lang, format};
use crate::i18n::T;

/// A row as it may be shown to `viewer`: an entry they are recused from shows
/// nothing but that.
pub struct Shown<'a> {
    pub row: &'a RankRow,
    pub hidden: bool,
    /// Whether a hidden row still shows its result: once published, a
    /// recusal hides how an entry was scored, never its result.
    pub result: bool,
}

pub fn rows<'a>(contest: &Contest, ranking: &'a Ranking, viewer: Option<&Judge>) -> Vec<Shown<'a>> {
    ranking
        .rows
        .iter()
        .map(|row| Shown {
            row,
            hidden: viewer.is_some_and(|v| contest.is_recused(&v.id, &row.entry)),
            result: contest.published,
        })
        .collect()
}

fn flags(s: &Shown) -> String {
    if s.hidden {
        return "recused".into();
    }
    s.row
        .flags
        .iter()
        .map(|f| f.as_str())
        .collect::<Vec<_>>()
        .join(";")
}

/// Each flag that names something, as `id:detail` for scripts
/// (`tiebreak:effectiveness`, `below-threshold:khuyen_khich>=50`).
fn flag_detail(s: &Shown) -> String {
    if s.hidden {
        return String::new();
    }
    s.row
        .flags
        .iter()
        .filter_map(|&f| flags::detail_id(s.row, f).map(|d| format!("{}:{d}", f.as_str())))
        .collect::<Vec<_>>()
        .join(";")
}

fn shows_result(s: &Shown) -> bool {
    !s.hidden || s.result
}

fn rank(s: &Shown) -> String {
    match s.row.rank {
        Some(r) if shows_result(s) => r.to_string(),
        _ => String::new(),
    }
}

fn award(s: &Shown) -> String {
    match &s.row.award {
        Some(a) if shows_result(s) => a.clone(),
        _ => String::new(),
    }
}

/// The proposed prize by its name, for people ("Giải Nhất", not `nhat`).
fn award_name(contest: &Contest, s: &Shown, lang: Lang) -> String {
    match &s.row.award {
        Some(a) if shows_result(s) => contest.award_name(a, lang),
        _ => String::new(),
    }
}

/// The xếp loại the score earns under `rules.grades`.
fn grade(contest: &Contest, s: &Shown) -> String {
    let score = s.row.score.filter(|_| shows_result(s));
    crate::domain::grade::of(&contest.rules.grades, score)
        .map(|g| g.name.clone())
        .unwrap_or_default()
}

/// The score as people read it in `lang` (85,67 in Vietnamese).
fn score_in(s: &Shown, lang: Lang) -> String {
    match s.row.score {
        Some(x) if shows_result(s) => format::two(x, lang),
        _ => String::new(),
    }
}

fn opt_in(s: &Shown, x: Option<f64>, lang: Lang) -> String {
    match (s.hidden, x) {
        (false, Some(v)) => format::two(v, lang),
        _ => String::new(),
    }
}

/// UTF-8 with a byte-order mark (Excel needs it to read Vietnamese), CRLF lines.
pub fn csv(contest: &Contest, ranking: &Ranking, shown: &[Shown]) -> String {
    let mut header = vec!["rank", "entry", "title", "unit", "field", "sheets", "score"];
    let ids: Vec<&str> = contest
        .rubric
        .criteria
        .iter()
        .map(|c| c.id.as_str())
        .collect();
    header.extend(&ids);
    header.extend(["spread", "award", "grade", "flags", "flag_detail"]);
    // The round and the method head the file, as they head every output.
    let mut out = format!(
        "\u{feff}round,{},method,{}\r\n{}\r\n",
        csv_cell(&ranking.round),
        ranking.method.name(),
        header.join(",")
    );
    out.reserve(shown.len() * 160);
    // Numbers never need quoting: they are written straight into the file.
    let number = |out: &mut String, x: Option<f64>| {
        if let Some(x) = x {
            let _ = write!(out, "{x:.2}");
        }
    };
    for s in shown {
        let e = &contest.entries[s.row.position];
        let result = shows_result(s);
        let seen = |x: Option<f64>| x.filter(|_| !s.hidden);
        if let Some(r) = s.row.rank.filter(|_| result) {
            let _ = write!(out, "{r}");
        }
        for text in [&e.id, &e.title, &e.unit, &e.field] {
            out.push(',');
            push_csv_cell(&mut out, text);
        }
        out.push(',');
        if !s.hidden {
            let _ = write!(out, "{}", s.row.sheets);
        }
        out.push(',');
        number(&mut out, s.row.score.filter(|_| result));
        for c in &s.row.criteria {
            out.push(',');
            number(&mut out, seen(*c));
        }
        out.push(',');
        number(&mut out, seen(s.row.spread));
        for text in [award(s), grade(contest, s), flags(s), flag_detail(s)] {
            out.push(',');
            push_csv_cell(&mut out, &text);
        }
        out.push_str("\r\n");
    }
    out
}

pub fn json(contest: &Contest, ranking: &Ranking, shown: &[Shown], lang: Lang) -> String {
    let rows: Vec<Value> = shown
        .iter()
        .map(|s| {
            let e = &contest.entries[s.row.position];
            let mut o = json!({
                "rank": s.row.rank.filter(|_| shows_result(s)),
                "entry": e.id,
                "title": e.title,
                "unit": e.unit,
                "field": e.field,
                "sheets": if s.hidden { 0 } else { s.row.sheets },
                "score": s.row.score.filter(|_| shows_result(s)).map(|x| json!(two(x).parse::<f64>().unwrap_or(x))).unwrap_or(Value::Null),
                "spread": if s.hidden { Value::Null } else { s.row.spread.map(|x| json!(two(x).parse::<f64>().unwrap_or(x))).unwrap_or(Value::Null) },
                "award": s.row.award.clone().filter(|_| shows_result(s)),
                "award_name": s.row.award.as_ref().filter(|_| shows_result(s)).map(|a| contest.award_name(a, lang)),
                "grade": Some(grade(contest, s)).filter(|g| !g.is_empty()),
                "flags": flags(s).split(';').filter(|f| !f.is_empty()).collect::<Vec<_>>(),
                "tiebreak": s.row.tiebreak.clone().filter(|_| !s.hidden),
                "below": if s.hidden { None } else { flags::detail_id(s.row, Flag::BelowThreshold) },
            });
            for (c, v) in contest.rubric.criteria.iter().zip(&s.row.criteria) {
                o[c.id.as_str()] = match (s.hidden, v) {
                    (false, Some(x)) => json!(two(*x).parse::<f64>().unwrap_or(*x)),
                    _ => Value::Null,
                };
            }
            o
        })
        .collect();
    let doc = json!({"round": ranking.round, "method": ranking.method.name(), "entries": rows});
    let mut text = json_text(serde_json::to_string_pretty(&doc).unwrap_or_default());
    text.push('\n');
    text
}

pub fn markdown(contest: &Contest, ranking: &Ranking, shown: &[Shown], lang: Lang) -> String {
    let ids: Vec<&str> = contest
        .rubric
        .criteria
        .iter()
        .map(|c| c.id.as_str())
        .collect();
    let mut out = format!(
        "round: {} · method: {}\n\n",
        md_cell(&ranking.round),
        ranking.method.name()
    );
    out += &format!(
        "| rank | entry | title | unit | field | sheets | score | {} | spread | award | grade | flags |\n",
        ids.join(" | ")
    );
    out.push_str(&format!("|{}\n", "---|".repeat(11 + ids.len())));
    for s in shown {
        let e = &contest.entries[s.row.position];
        let crit: Vec<String> = s.row.criteria.iter().map(|c| opt_in(s, *c, lang)).collect();
        out.push_str(&format!(
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |\n",
            rank(s),
            md_cell(&e.id),
            md_cell(&e.title),
            md_cell(&e.unit),
            md_cell(&e.field),
            if s.hidden {
                String::new()
            } else {
                s.row.sheets.to_string()
            },
            score_in(s, lang),
            crit.join(" | "),
            opt_in(s, s.row.spread, lang),
            md_cell(&award_name(contest, s, lang)),
            md_cell(&grade(contest, s)),
            md_cell(&flag_words(contest, s, lang))
        ));
    }
    out
}

/// The flags of a row in words of `lang`, for the table a person reads.
fn flag_words(contest: &Contest, s: &Shown, lang: Lang) -> String {
    if s.hidden {
        return T::StateRecused.get(lang).into();
    }
    terminal_line(&flags::labelled(contest, s.row, lang, false).join("; ")).into_owned()
}

/// For a terminal: aligned, titles cut to fit.
pub fn table(contest: &Contest, ranking: &Ranking, shown: &[Shown], lang: Lang) -> String {
    let fit = crate::ui::text::pad;
    let width = |t: &str| unicode_width::UnicodeWidthStr::width(t);
    // As wide as the longest prize name, so every name reads whole.
    let award_w = contest
        .awards
        .iter()
        .map(|a| width(a.name.get(lang)))
        .chain([width(T::TableAward.get(lang))])
        .max()
        .unwrap_or(12);
    let graded = !contest.rules.grades.is_empty();
    let grade_w = contest
        .rules
        .grades
        .iter()
        .map(|g| width(&g.name))
        .chain([width(T::TableGrade.get(lang))])
        .max()
        .unwrap_or(8);
    let grade_col = |text: &str| {
        if graded {
            format!("{}  ", fit(text, grade_w))
        } else {
            String::new()
        }
    };
    let mut out = format!(
        "{}\n",
        terminal_line(&flags::head(contest, &ranking.round, ranking.method, lang))
    );
    out += &format!(
        "{:>4}  {}  {}  {:>6}  {:>6}  {}  {}{}\n",
        T::TableRank.get(lang),
        fit(T::TableEntry.get(lang), 8),
        fit(T::TableTitle.get(lang), 40),
        T::TableScore.get(lang),
        T::TableSpread.get(lang),
        fit(T::TableAward.get(lang), award_w),
        grade_col(T::TableGrade.get(lang)),
        T::TableFlags.get(lang)
    );
    for s in shown {
        let e = &contest.entries[s.row.position];
        out.push_str(&format!(
            "{:>4}  {}  {}  {:>6}  {:>6}  {}  {}{}\n",
            rank(s),
            fit(&terminal_line(&e.id), 8),
            fit(
                &terminal_line(&format!(
                    "{} ({})",
                    e.title,
                    contest.field_short(&e.field, lang)
                )),
                40
            ),
            score_in(s, lang),
            opt_in(s, s.row.spread, lang),
            fit(&terminal_line(&award_name(contest, s, lang)), award_w),
            grade_col(&terminal_line(&grade(contest, s))),
            flag_words(contest, s, lang)
        ));
    }
    out
}
