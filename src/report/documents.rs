//! The council's documents, as data both writers render: the summary table
//! (bảng tổng hợp điểm), one score sheet per member (phiếu chấm điểm) and a
//! minutes skeleton (biên bản).

use super::flags;
use super::md_cell;
use crate::domain::escape::{terminal_block, terminal_line};
use crate::domain::ranking::{Flag, Method, Ranking, rank};
use crate::domain::{Contest, Lang, SheetKey};
use crate::i18n::T;

#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Text(String),
    /// A count: a row's STT, a rank.
    Whole(u32),
    /// A number shown with two decimals.
    Score(f64),
    /// Points as entered (whole or halves).
    Points(f64),
    Empty,
}

/// One document: a title, lines of text, and tables.
#[derive(Clone, Debug, PartialEq)]
pub struct Document {
    /// Short, for a worksheet's tab.
    pub tab: String,
    pub title: String,
    pub blocks: Vec<Block>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Block {
    Line(String),
    Heading(String),
    Table {
        header: Vec<String>,
        rows: Vec<Vec<Cell>>,
    },
}

fn t(lang: Lang, x: T) -> String {
    x.get(lang).to_string()
}

/// Every document for `round`, ranked by `method`.
pub fn build(
    contest: &Contest,
    round: &str,
    method: Method,
    lang: Lang,
    date: &str,
) -> Vec<Document> {
    let ranking = rank(contest, round, method);
    let mut docs = vec![summary(contest, &ranking, lang)];
    for j in contest.scorers() {
        docs.push(score_sheet(contest, round, &j.id, lang));
    }
    docs.push(minutes(contest, &ranking, lang, date));
    // Every document says which round and which method it shows.
    let head = flags::head(contest, round, method, lang);
    for d in &mut docs {
        d.blocks.insert(0, Block::Line(head.clone()));
    }
    docs
}

fn summary(contest: &Contest, ranking: &Ranking, lang: Lang) -> Document {
    let mut header = vec![
        t(lang, T::RepNo),
        t(lang, T::ColId),
        t(lang, T::ColTitle),
        t(lang, T::ColUnit),
    ];
    header.extend(contest.scorers().map(|j| j.name.clone()));
    header.push(flags::score_heading(ranking.method, lang).to_string());
    // Xếp loại only where the contest grades.
    let graded = !contest.rules.grades.is_empty();
    if graded {
        header.push(t(lang, T::ColGrade));
    }
    header.extend([t(lang, T::RepRank), t(lang, T::RepConclusion)]);
    let rows = ranking
        .rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let e = &contest.entries[r.position];
            let mut row = vec![
                Cell::Whole(i as u32 + 1),
                Cell::Text(e.id.clone()),
                Cell::Text(e.title.clone()),
                Cell::Text(e.unit.clone()),
            ];
            for j in contest.scorers() {
                row.push(if contest.is_recused(&j.id, &e.id) {
                    Cell::Text(t(lang, T::StateRecused))
                } else {
                    match r.totals.iter().find(|(id, _)| **id == *j.id) {
                        Some((_, total)) => Cell::Points(*total),
                        None => Cell::Empty,
                    }
                });
            }
            row.push(r.score.map(Cell::Score).unwrap_or(Cell::Empty));
            if graded {
                row.push(
                    crate::domain::grade::of(&contest.rules.grades, r.score)
                        .map(|g| Cell::Text(g.name.clone()))
                        .unwrap_or(Cell::Empty),
                );
            }
            row.push(r.rank.map(Cell::Whole).unwrap_or(Cell::Empty));
            row.push(Cell::Text(conclusion(contest, r, lang)));
            row
        })
        .collect();
    Document {
        tab: t(lang, T::RepSummaryTab),
        title: format!("{} — {}", t(lang, T::RepSummary), contest.meta.title),
        blocks: vec![Block::Table { header, rows }],
    }
}

/// The proposed prize, or why there is none yet.
fn conclusion(contest: &Contest, r: &crate::domain::ranking::RankRow, lang: Lang) -> String {
    let mut parts = Vec::new();
    if let Some(a) = &r.award {
        parts.push(T::RepProposed.with(lang, &[&contest.award_name(a, lang)]));
    }
    parts.extend(flags::labelled(contest, r, lang, true));
    parts.join("; ")
}

fn score_sheet(contest: &Contest, round: &str, judge: &str, lang: Lang) -> Document {
    let member = contest.judge(judge);
    let name = member.map(|j| j.name.clone()).unwrap_or_default();
    let mut header = vec![t(lang, T::RepNo), t(lang, T::ColId), t(lang, T::ColTitle)];
    header.extend(
        contest
            .rubric
            .criteria
            .iter()
            .map(|c| format!("{} ({})", c.name.get(lang), c.max)),
    );
    header.extend([t(lang, T::Total), t(lang, T::Note)]);
    let rows = contest
        .round_entries(round)
        .into_iter()
        .enumerate()
        .map(|(i, p)| {
            let e = &contest.entries[p];
            let key = SheetKey::new(round, &e.id, judge);
            // A draft is its author's alone: only submitted sheets are printed.
            let sheet = contest.sheet(&key).filter(|s| s.is_submitted());
            let mut row = vec![
                Cell::Whole(i as u32 + 1),
                Cell::Text(e.id.clone()),
                Cell::Text(e.title.clone()),
            ];
            for c in 0..contest.rubric.len() {
                row.push(
                    sheet
                        .and_then(|s| s.marks.get(c))
                        .map(|p| Cell::Points(p.as_f64()))
                        .unwrap_or(Cell::Empty),
                );
            }
            row.push(if contest.is_recused(judge, &e.id) {
                Cell::Text(t(lang, T::StateRecused))
            } else {
                sheet
                    .map(|s| Cell::Points(s.total().as_f64()))
                    .unwrap_or(Cell::Empty)
            });
            row.push(
                sheet
                    .and_then(|_| contest.note(&key))
                    .map(|n| Cell::Text(n.text.clone()))
                    .unwrap_or(Cell::Empty),
            );
            row
        })
        .collect();
    let mut blocks = vec![
        Block::Line(contest.meta.title.clone()),
        Block::Table { header, rows },
    ];
    // Beside the notes: the remarks per criterion and the annotations, each
    // with the passage it is about.
    let words: Vec<Vec<Cell>> = contest
        .round_entries(round)
        .into_iter()
        .flat_map(|p| {
            let id = contest.entries[p].id.clone();
            remark_rows(contest, &SheetKey::new(round, &id, judge), lang)
                .into_iter()
                .map(move |[about, said]| {
                    vec![Cell::Text(id.clone()), Cell::Text(about), Cell::Text(said)]
                })
        })
        .collect();
    if !words.is_empty() {
        blocks.push(Block::Heading(t(lang, T::RepRemarksHeading)));
        blocks.push(Block::Table {
            header: vec![
                t(lang, T::ColId),
                t(lang, T::RepRemarkAbout),
                t(lang, T::Remark),
            ],
            rows: words,
        });
    }
    Document {
        tab: format!("{} {judge}", t(lang, T::RepSheetTab)),
        title: format!("{} — {name} ({judge})", t(lang, T::Sheet)),
        blocks,
    }
}

/// A member's remarks per criterion (in rubric order) and annotations (in
/// the order written) on one entry, as `[what it is about, what they say]`:
/// `["Tính mới", "…"]`, `["dòng 3–4: «passage»", "comment"]`. For every
/// document that prints a member's sheet (the DOCX phiếu too).
pub fn remark_rows(contest: &Contest, key: &SheetKey, lang: Lang) -> Vec<[String; 2]> {
    let Some(note) = contest.note(key) else {
        return Vec::new();
    };
    let remarks = note
        .remarks_in_order(&contest.rubric)
        .into_iter()
        .map(|(id, r)| {
            let name = contest.rubric.get(id).map_or(id, |c| c.name.get(lang));
            [name.to_string(), r.to_string()]
        });
    let annotations = note.annotations.iter().map(|a| {
        let lines = crate::i18n::annotation_lines(a, lang);
        [format!("{lines}: «{}»", a.passage), a.comment.clone()]
    });
    remarks.chain(annotations).collect()
}

fn minutes(contest: &Contest, ranking: &Ranking, lang: Lang, date: &str) -> Document {
    let mut blocks = vec![
        Block::Line(contest.meta.organizer.clone()),
        Block::Line(T::RepMinutesOf.with(lang, &[&contest.meta.title])),
        Block::Line(T::RepDate.with(lang, &[&date])),
        Block::Heading(t(lang, T::RepMembers)),
    ];
    // Attendance is what the secretary recorded, never who submitted.
    let meeting = contest.meeting.clone().unwrap_or_default();
    let present_rows = contest
        .judges
        .iter()
        .enumerate()
        .map(|(i, j)| {
            let role = crate::i18n::role_title(j);
            let attendance = if meeting.present.contains(&j.id) {
                t(lang, T::RepPresent)
            } else if let Some(a) = meeting.absent.iter().find(|a| a.judge == j.id) {
                T::RepAbsentBecause.with(lang, &[&a.reason])
            } else {
                t(lang, T::RepUnrecorded)
            };
            vec![
                Cell::Whole(i as u32 + 1),
                Cell::Text(j.name.clone()),
                Cell::Text(t(lang, role)),
                Cell::Text(attendance),
            ]
        })
        .collect();
    blocks.push(Block::Table {
        header: vec![
            t(lang, T::RepNo),
            t(lang, T::RepName),
            t(lang, T::RepRole),
            t(lang, T::RepAttendance),
        ],
        rows: present_rows,
    });
    blocks.push(Block::Heading(t(lang, T::RepNotAdmitted)));
    blocks.extend(not_admitted(contest, lang));
    blocks.push(Block::Heading(t(lang, T::RepResults)));
    blocks.push(Block::Line(
        T::RepMethod.with(lang, &[&crate::i18n::method(ranking.method, lang)]),
    ));
    let ranked = ranking
        .rows
        .iter()
        .filter(|r| r.rank.is_some())
        .map(|r| {
            let e = &contest.entries[r.position];
            vec![
                r.rank.map(Cell::Whole).unwrap_or(Cell::Empty),
                Cell::Text(e.id.clone()),
                Cell::Text(e.title.clone()),
                r.score.map(Cell::Score).unwrap_or(Cell::Empty),
            ]
        })
        .collect();
    blocks.push(Block::Table {
        header: vec![
            t(lang, T::RepRank),
            t(lang, T::ColId),
            t(lang, T::ColTitle),
            flags::score_heading(ranking.method, lang).to_string(),
        ],
        rows: ranked,
    });
    blocks.push(Block::Heading(t(lang, T::RepPrizes)));
    for tier in &contest.awards {
        let winners: Vec<String> = ranking
            .rows
            .iter()
            .filter(|r| r.award.as_deref() == Some(tier.id.as_str()))
            .map(|r| {
                let e = &contest.entries[r.position];
                format!(
                    "{} {} ({})",
                    e.id,
                    e.title,
                    r.score
                        .map(|x| crate::domain::format::two(x, lang))
                        .unwrap_or_default()
                )
            })
            .collect();
        let list = if winners.is_empty() {
            t(lang, T::RepNone)
        } else {
            winners.join("; ")
        };
        blocks.push(Block::Line(format!(
            "{} ({}/{}): {list}",
            tier.name.get(lang),
            winners.len(),
            tier.count
        )));
    }
    blocks.push(Block::Heading(t(lang, T::RepFlagged)));
    let flagged: Vec<String> = ranking
        .rows
        .iter()
        .filter(|r| r.flags.iter().any(|f| *f != Flag::Unscored))
        .map(|r| {
            let e = &contest.entries[r.position];
            let why = flags::labelled(contest, r, lang, true);
            format!("{}: {}", e.id, why.join("; "))
        })
        .collect();
    // A conflict proposed and not yet decided is for the council to settle too.
    let pending: Vec<String> = crate::domain::conflict::proposals(contest)
        .into_iter()
        .map(|p| {
            let why = crate::i18n::ground(&p.ground, lang);
            T::RepPendingConflict.with(lang, &[&p.entry, &p.judge, &why])
        })
        .collect();
    if flagged.is_empty() && pending.is_empty() {
        blocks.push(Block::Line(t(lang, T::RepNone)));
    }
    blocks.extend(flagged.into_iter().map(Block::Line));
    blocks.extend(pending.into_iter().map(Block::Line));
    blocks.push(Block::Heading(t(lang, T::RepSignatures)));
    blocks.push(Block::Line(format!(
        "{}: ……………………    {}: ……………………",
        t(lang, T::RepSecretary),
        t(lang, T::RoleChair)
    )));
    Document {
        tab: t(lang, T::RepMinutesTab),
        title: t(lang, T::RepMinutes),
        blocks,
    }
}

/// The entries the secretariat held back or rejected, with why: they
/// were not scored, and the minutes say so.
fn not_admitted(contest: &Contest, lang: Lang) -> Vec<Block> {
    let deadline = contest.meta.deadline.as_deref();
    let rows: Vec<Vec<Cell>> = contest
        .entries
        .iter()
        .filter(|e| !e.is_admitted())
        .map(|e| {
            let mut status = e.status.label(lang).to_string();
            if e.is_late(deadline) {
                status = format!("{status}; {}", t(lang, T::EntryLate));
            }
            vec![
                Cell::Text(e.id.clone()),
                Cell::Text(e.title.clone()),
                Cell::Text(status),
                Cell::Text(e.reason.clone()),
            ]
        })
        .collect();
    if rows.is_empty() {
        return vec![Block::Line(t(lang, T::RepNone))];
    }
    vec![Block::Table {
        header: vec![
            t(lang, T::ColId),
            t(lang, T::ColTitle),
            t(lang, T::RepStatus),
            t(lang, T::RepReason),
        ],
        rows,
    }]
}

/// A cell as people read it in `lang` (92,00 in Vietnamese).
fn cell_text(c: &Cell, lang: Lang) -> String {
    use crate::domain::format;
    match c {
        Cell::Text(s) => s.clone(),
        Cell::Whole(n) => n.to_string(),
        Cell::Score(x) => format::two(*x, lang),
        Cell::Points(x) => crate::domain::Points::from_f64(*x)
            .map(|p| format::points(p, lang))
            .unwrap_or_else(|| format::two(*x, lang)),
        Cell::Empty => String::new(),
    }
}

/// All documents as one Markdown file.
pub fn markdown(docs: &[Document], lang: Lang) -> String {
    let mut out = String::new();
    for d in docs {
        out.push_str(&format!("# {}\n\n", terminal_line(&d.title)));
        for b in &d.blocks {
            match b {
                Block::Line(l) => out.push_str(&format!("{}\n\n", terminal_block(l))),
                Block::Heading(h) => out.push_str(&format!("## {}\n\n", terminal_line(h))),
                Block::Table { header, rows } => {
                    out.push_str(&format!(
                        "| {} |\n",
                        header
                            .iter()
                            .map(|h| md_cell(h))
                            .collect::<Vec<_>>()
                            .join(" | ")
                    ));
                    out.push_str(&format!("|{}\n", "---|".repeat(header.len())));
                    for r in rows {
                        out.push_str(&format!(
                            "| {} |\n",
                            r.iter()
                                .map(|c| md_cell(&cell_text(c, lang)))
                                .collect::<Vec<_>>()
                                .join(" | ")
                        ));
                    }
                    out.push('\n');
                }
            }
        }
    }
    out
}
