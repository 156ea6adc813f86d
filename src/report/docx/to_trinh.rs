//! Tờ trình đề nghị khen thưởng: the prize list the council sends to the
//! organiser — each prize's entries with their authors and unit, the
//! average, and the amount when the contest gives one. Only final prizes
//! are proposed; one still waiting for the council is named apart.

use docx_rs::Docx;

use super::layout::{self, Signer, aside, labelled, para};
use super::{Sources, authors, name_or_blank};
use crate::domain::decision::{self, Outcome, Standing};
use crate::domain::{Lang, format};

pub fn build(s: &Sources) -> Docx {
    let c = s.contest;
    let mut doc = layout::page().add_table(s.header(Some("……/TTr-HĐ")));
    let about = format!("Đề nghị khen thưởng {}", c.meta.title);
    for p in layout::title("Tờ trình", &about) {
        doc = doc.add_paragraph(p);
    }
    doc = doc.add_paragraph(layout::centered(layout::run(&format!(
        "Kính gửi: {}",
        c.meta.organizer
    ))));
    if let Some(m) = s.meeting() {
        for b in &m.basis {
            doc = doc.add_paragraph(aside(&format!(
                "Căn cứ {};",
                b.trim_end_matches([';', '.'])
            )));
        }
        if let Some(d) = m.date.as_deref().and_then(format::date_in_words) {
            let number = m
                .number
                .as_deref()
                .map(|n| format!(" số {n}"))
                .unwrap_or_default();
            doc = doc.add_paragraph(aside(&format!(
                "Căn cứ Biên bản họp{number} {d} của {};",
                s.council()
            )));
        }
    }
    doc = doc.add_paragraph(para(&format!(
        "{} kính trình {} xem xét, khen thưởng các sáng kiến sau. {}",
        s.council(),
        c.meta.organizer,
        s.round_and_method()
    )));
    let outcomes = decision::outcomes(s.ranking, s.meeting());
    let (rows, total, with_amount) = prize_rows(s, &outcomes);
    let mut header = vec![
        "STT",
        "Tên sáng kiến",
        "Tác giả",
        "Đơn vị",
        "Điểm trung bình",
        "Giải",
    ];
    let mut widths = vec![8, 26, 19, 17, 11, 13];
    let mut numeric = vec![true, false, false, false, true, false];
    if with_amount {
        header.push("Mức thưởng (đồng)");
        widths.push(12);
        numeric.push(true);
    }
    doc = doc.add_table(layout::table(&header, &rows, &widths, &numeric));
    if with_amount {
        doc = doc.add_paragraph(labelled(
            "Tổng số tiền thưởng: ",
            &format!("{} đồng.", format::money(total, Lang::Vi)),
        ));
    }
    let waiting: Vec<String> = outcomes
        .iter()
        .filter(|o| matches!(o.standing, Standing::Awaiting(_)))
        .map(|o| {
            let e = &c.entries[o.row.position];
            format!("{} — {}", e.id, e.title)
        })
        .collect();
    if !waiting.is_empty() {
        doc = doc.add_paragraph(para(&format!(
            "Chưa đưa vào danh sách, chờ Hội đồng quyết định: {}.",
            waiting.join("; ")
        )));
    }
    doc = doc.add_paragraph(para(&format!(
        "{} kính trình {} xem xét, quyết định./.",
        s.council(),
        c.meta.organizer
    )));
    let chair = Signer {
        on_behalf: Some("TM. Hội đồng"),
        title: "Chủ tịch",
        name: name_or_blank(s.chair()),
    };
    let to = format!("Như trên ({})", c.meta.organizer);
    let sent = layout::recipients(&[&to, "Lưu: VT, Hội đồng."]);
    doc.add_paragraph(docx_rs::Paragraph::new())
        .add_table(layout::beside(sent, &chair))
}

/// One row per entry with a final prize, prize by prize in the contest's
/// order and by ranking within a prize; the total amount; whether any prize
/// has an amount.
fn prize_rows(s: &Sources, outcomes: &[Outcome]) -> (Vec<Vec<String>>, u64, bool) {
    let c = s.contest;
    let with_amount = c.awards.iter().any(|a| a.amount.is_some());
    let mut rows = Vec::new();
    let mut total = 0u64;
    for tier in &c.awards {
        for o in outcomes
            .iter()
            .filter(|o| o.award() == Some(tier.id.as_str()))
        {
            let e = &c.entries[o.row.position];
            let mut row = vec![
                (rows.len() + 1).to_string(),
                e.title.clone(),
                authors(e),
                e.unit.clone(),
                o.row
                    .score
                    .map(|x| format::two(x, Lang::Vi))
                    .unwrap_or_default(),
                tier.name.get(Lang::Vi).to_string(),
            ];
            if with_amount {
                row.push(
                    tier.amount
                        .map(|a| format::money(a, Lang::Vi))
                        .unwrap_or_default(),
                );
                total += tier.amount.unwrap_or(0);
            }
            rows.push(row);
        }
    }
    (rows, total, with_amount)
}
