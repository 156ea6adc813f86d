//! Biên bản họp hội đồng: basis, time and place, who came and who did not
//! (from the meeting record, never from who submitted), the quorum, the
//! method, the summary table, the council's decisions and vote, the audit
//! trail's head, and the secretary's and chair's signatures.

use docx_rs::Docx;

use super::layout::{self, Signer, aside, heading, labelled, para};
use super::{Sources, authors, name_or_blank};
use crate::domain::decision::{self, Outcome, Standing};
use crate::domain::format;
use crate::domain::meeting::{Meeting, quorum};
use crate::domain::{Judge, Lang, grade};
use crate::report::flags;

pub fn build(s: &Sources) -> Docx {
    let number = s
        .meeting()
        .and_then(|m| m.number.clone())
        .unwrap_or_else(|| "……/BB-HĐ".to_string());
    let mut doc = layout::page().add_table(s.header(Some(&number)));
    let about = format!("Họp {}", s.council());
    for p in layout::title("Biên bản", &about) {
        doc = doc.add_paragraph(p);
    }
    let empty = Meeting::default();
    let m = s.meeting().unwrap_or(&empty);
    for b in &m.basis {
        doc = doc.add_paragraph(aside(&format!("Căn cứ {};", strip_basis(b))));
    }
    doc = doc.add_paragraph(heading("I. THỜI GIAN, ĐỊA ĐIỂM"));
    doc = doc.add_paragraph(labelled("Thời gian: ", &when(m)));
    doc = doc.add_paragraph(labelled(
        "Địa điểm: ",
        m.place.as_deref().unwrap_or("……………………"),
    ));
    doc = attendance(doc, s, m);
    doc = doc.add_paragraph(heading("III. NỘI DUNG"));
    doc = doc.add_paragraph(para(&format!(
        "Hội đồng xem xét kết quả chấm {}. {}",
        s.contest.meta.title,
        s.round_and_method()
    )));
    let outcomes = decision::outcomes(s.ranking, s.meeting());
    doc = doc.add_paragraph(heading("Bảng tổng hợp điểm:"));
    doc = doc.add_table(summary(s, &outcomes));
    doc = doc.add_paragraph(heading("IV. KẾT LUẬN CỦA HỘI ĐỒNG"));
    for p in decisions(s, &outcomes) {
        doc = doc.add_paragraph(p);
    }
    doc = doc.add_paragraph(labelled("Kết quả biểu quyết: ", &votes(m)));
    doc = doc.add_paragraph(aside(&format!(
        "Mốc nhật ký thay đổi lúc in (kiểm tra bằng jury audit verify --head): {}.",
        s.audit_head
    )));
    doc = doc.add_paragraph(para(
        "Cuộc họp kết thúc lúc …… giờ …… cùng ngày. Biên bản đã được đọc lại cho các thành viên dự họp cùng nghe và nhất trí.",
    ));
    let secretary = Signer {
        on_behalf: None,
        title: "Thư ký",
        name: name_or_blank(s.secretary()),
    };
    let chair = Signer {
        on_behalf: None,
        title: "Chủ tịch Hội đồng",
        name: name_or_blank(s.chair()),
    };
    doc.add_paragraph(docx_rs::Paragraph::new())
        .add_table(layout::signatures(Some(&secretary), &chair))
}

/// A basis written "Quyết định … ;" or "Căn cứ …" reads once, not twice.
fn strip_basis(b: &str) -> &str {
    let b = b.trim().trim_end_matches([';', '.']);
    b.strip_prefix("Căn cứ ").unwrap_or(b)
}

/// "08 giờ 00, ngày 20 tháng 9 năm 2024", in the contest's time zone as recorded.
fn when(m: &Meeting) -> String {
    let time = m
        .time
        .as_deref()
        .and_then(|t| t.split_once(':'))
        .map(|(h, min)| format!("{h} giờ {min}"))
        .unwrap_or_else(|| "…… giờ ……".to_string());
    let date = m
        .date
        .as_deref()
        .and_then(format::date_in_words)
        .unwrap_or_else(|| "ngày …… tháng …… năm ……".to_string());
    format!("{time}, {date}")
}

/// "Ông/bà Lê Minh Khoa, Phó Chủ tịch UBND huyện — Chủ tịch Hội đồng".
fn member_line(j: &Judge) -> String {
    let role = crate::i18n::role_title(j).get(Lang::Vi);
    match &j.position {
        Some(p) if !p.trim().is_empty() => format!("{}, {p} — {role}", j.name),
        _ => format!("{} — {role}", j.name),
    }
}

fn attendance(mut doc: Docx, s: &Sources, m: &Meeting) -> Docx {
    let c = s.contest;
    let q = quorum(c, m);
    doc = doc.add_paragraph(heading("II. THÀNH PHẦN"));
    doc = doc.add_paragraph(para(&format!(
        "Số thành viên Hội đồng có mặt: {}/{} (cần ít nhất {} theo tỷ lệ {}). {}",
        q.present,
        q.members,
        q.needed,
        c.rules.quorum,
        if q.met {
            "Cuộc họp đủ số thành viên theo quy định."
        } else {
            "Cuộc họp KHÔNG đủ số thành viên theo quy định."
        }
    )));
    doc = doc.add_paragraph(labelled("Có mặt:", ""));
    for (i, id) in m.present.iter().enumerate() {
        let line = c.judge(id).map(member_line).unwrap_or_else(|| id.clone());
        doc = doc.add_paragraph(para(&format!("{}. {line}", i + 1)));
    }
    if m.present.is_empty() {
        doc = doc.add_paragraph(para("(chưa ghi nhận)"));
    }
    doc = doc.add_paragraph(labelled(
        "Vắng mặt:",
        if m.absent.is_empty() { " không" } else { "" },
    ));
    for (i, a) in m.absent.iter().enumerate() {
        let line = c
            .judge(&a.judge)
            .map(member_line)
            .unwrap_or_else(|| a.judge.clone());
        doc = doc.add_paragraph(para(&format!("{}. {line}. Lý do: {}.", i + 1, a.reason)));
    }
    // Members the record names neither way are said so, never guessed.
    let unrecorded: Vec<&str> = c
        .judges
        .iter()
        .filter(|j| j.scores())
        .filter(|j| !m.present.contains(&j.id) && !m.absent.iter().any(|a| a.judge == j.id))
        .map(|j| j.name.as_str())
        .collect();
    if !unrecorded.is_empty() {
        doc = doc.add_paragraph(para(&format!(
            "Chưa ghi nhận có mặt hay vắng mặt: {}.",
            unrecorded.join(", ")
        )));
    }
    if let Some(sec) = s.secretary() {
        doc = doc.add_paragraph(labelled("Thư ký: ", &member_line(sec)));
    }
    if !m.guests.is_empty() {
        doc = doc.add_paragraph(labelled("Khách mời: ", &m.guests.join("; ")));
    }
    doc
}

/// The proposal as the ranking made it, in words.
fn proposed(s: &Sources, o: &Outcome) -> String {
    let c = s.contest;
    match &o.row.award {
        Some(a) => format!("Đề nghị {}", c.award_name(a, Lang::Vi)),
        None => "Không đề nghị".to_string(),
    }
}

fn summary(s: &Sources, outcomes: &[Outcome]) -> docx_rs::Table {
    let c = s.contest;
    let rows: Vec<Vec<String>> = outcomes
        .iter()
        .filter(|o| o.row.score.is_some())
        .enumerate()
        .map(|(i, o)| {
            let e = &c.entries[o.row.position];
            vec![
                (i + 1).to_string(),
                e.id.clone(),
                e.title.clone(),
                authors(e),
                e.unit.clone(),
                o.row
                    .score
                    .map(|x| format::two(x, Lang::Vi))
                    .unwrap_or_default(),
                grade::of(&c.rules.grades, o.row.score)
                    .map(|g| g.name.clone())
                    .unwrap_or_default(),
                proposed(s, o),
            ]
        })
        .collect();
    layout::table(
        &[
            "STT",
            "Mã",
            "Tên sáng kiến",
            "Tác giả",
            "Đơn vị",
            flags::score_heading(s.method, Lang::Vi),
            "Xếp loại",
            "Đề nghị",
        ],
        &rows,
        &[8, 9, 21, 15, 14, 12, 9, 12],
        &[true, true, false, false, false, true, true, false],
    )
}

/// What the council decided, where it differs from the proposal, and what
/// still waits for it.
fn decisions(s: &Sources, outcomes: &[Outcome]) -> Vec<docx_rs::Paragraph> {
    let c = s.contest;
    let prize = |a: Option<&str>| {
        a.map(|a| c.award_name(a, Lang::Vi))
            .unwrap_or_else(|| "không xếp giải".to_string())
    };
    let mut out = Vec::new();
    for o in outcomes {
        let e = &c.entries[o.row.position];
        match (&o.standing, o.decision) {
            (Standing::Decided { changed }, Some(d)) => {
                let mut line = format!(
                    "{} — {}: {} Hội đồng quyết định {}",
                    e.id,
                    e.title,
                    d.text,
                    prize(d.award.as_deref())
                );
                if *changed {
                    line.push_str(&format!(
                        " (kết quả tính điểm đề nghị {})",
                        prize(o.row.award.as_deref())
                    ));
                }
                out.push(para(&format!("{line}.")));
            }
            (Standing::Awaiting(why), _) => {
                let why: Vec<&str> = why.iter().map(|f| flags::long(*f, Lang::Vi)).collect();
                out.push(para(&format!(
                    "{} — {}: {} đang chờ Hội đồng quyết định ({}).",
                    e.id,
                    e.title,
                    prize(o.row.award.as_deref()),
                    why.join("; ")
                )));
            }
            _ => {}
        }
    }
    if out.is_empty() {
        out.push(para(
            "Hội đồng thống nhất với kết quả đề nghị trong bảng tổng hợp điểm.",
        ));
    }
    out
}

fn votes(m: &Meeting) -> String {
    match m.votes {
        Some(v) => format!(
            "{} thành viên tán thành, {} không tán thành, {} không biểu quyết trên tổng số {} thành viên có mặt.",
            v.in_favour,
            v.against,
            v.abstain,
            m.present.len()
        ),
        None => "chưa biểu quyết.".to_string(),
    }
}
