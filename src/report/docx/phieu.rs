//! Phiếu chấm điểm: one page per member per entry — the entry, its field,
//! authors and unit; each criterion with its maximum and the points given;
//! the total; the member's remarks; place, date and signature. Only
//! submitted sheets are printed: a draft is its author's alone.

use docx_rs::Docx;

use super::layout::{self, Signer, labelled, para};
use super::{Sources, authors};
use crate::domain::{Entry, Judge, Lang, Sheet, SheetKey, format};
use crate::report::documents::remark_rows;

/// One printed page: whose sheet, for which entry.
pub struct Page<'a> {
    pub member: &'a Judge,
    pub entry: &'a Entry,
    pub sheet: &'a Sheet,
}

/// Every submitted sheet of the round, member by member in council order,
/// entries in contest order.
pub fn pages<'a>(s: &Sources<'a>) -> Vec<Page<'a>> {
    let c = s.contest;
    let mut out = Vec::new();
    for member in c.scorers().filter(|j| s.member.is_none_or(|m| m == j.id)) {
        for p in c.round_entries(s.round) {
            let entry = &c.entries[p];
            let key = SheetKey::new(s.round, &entry.id, &member.id);
            if let Some(sheet) = c.sheet(&key).filter(|sh| sh.is_submitted()) {
                out.push(Page {
                    member,
                    entry,
                    sheet,
                });
            }
        }
    }
    out
}

pub fn build(s: &Sources) -> Docx {
    let mut doc = layout::page();
    let pages = pages(s);
    if pages.is_empty() {
        return doc
            .add_table(s.header(None))
            .add_paragraph(para("Chưa có phiếu chấm điểm nào đã nộp trong vòng này."));
    }
    for (i, page) in pages.iter().enumerate() {
        if i > 0 {
            doc = doc.add_paragraph(layout::page_break());
        }
        doc = one(doc, s, page);
    }
    doc
}

fn one(mut doc: Docx, s: &Sources, page: &Page) -> Docx {
    let c = s.contest;
    let (m, e) = (page.member, page.entry);
    doc = doc.add_table(s.header(None));
    for p in layout::title("Phiếu chấm điểm", &s.round_name()) {
        doc = doc.add_paragraph(p);
    }
    let member = match &m.position {
        Some(p) if !p.trim().is_empty() => format!("{}, {p}", m.name),
        _ => m.name.clone(),
    };
    doc = doc
        .add_paragraph(labelled("Thành viên chấm: ", &member))
        .add_paragraph(labelled(
            "Tên sáng kiến: ",
            &format!("{} — {}", e.id, e.title),
        ))
        .add_paragraph(labelled("Lĩnh vực: ", &c.field_label(&e.field, Lang::Vi)))
        .add_paragraph(labelled("Tác giả: ", &authors(e)))
        .add_paragraph(labelled("Đơn vị: ", &e.unit))
        .add_paragraph(para(&s.round_and_method()));
    let mut rows: Vec<Vec<String>> = c
        .rubric
        .criteria
        .iter()
        .enumerate()
        .map(|(i, cr)| {
            vec![
                (i + 1).to_string(),
                cr.name.get(Lang::Vi).to_string(),
                format::points(cr.max, Lang::Vi),
                page.sheet
                    .marks
                    .get(i)
                    .map(|p| format::points(p, Lang::Vi))
                    .unwrap_or_default(),
            ]
        })
        .collect();
    rows.push(vec![
        String::new(),
        "Tổng cộng".to_string(),
        format::points(c.rubric.max_total(), Lang::Vi),
        format::points(page.sheet.total(), Lang::Vi),
    ]);
    doc = doc.add_table(layout::table(
        &["TT", "Tiêu chí", "Điểm tối đa", "Điểm chấm"],
        &rows,
        &[6, 58, 18, 18],
        &[true, false, true, true],
    ));
    // The member's remarks per criterion and comments on passages of the
    // write-up come before the overall note, as the member wrote them.
    let key = SheetKey::new(s.round, &e.id, &m.id);
    let words: Vec<Vec<String>> = remark_rows(c, &key, Lang::Vi)
        .into_iter()
        .map(|[about, said]| vec![about, said])
        .collect();
    if !words.is_empty() {
        doc = doc
            .add_paragraph(labelled(
                "Nhận xét theo tiêu chí và ghi chú trên bài viết:",
                "",
            ))
            .add_table(layout::table(
                &["Về", "Nhận xét"],
                &words,
                &[35, 65],
                &[false, false],
            ));
    }
    let note = c
        .note(&key)
        .map(|n| n.text.trim().to_string())
        .filter(|t| !t.is_empty());
    doc = doc.add_paragraph(labelled("Nhận xét: ", ""));
    match note {
        Some(text) => {
            for line in text.lines() {
                doc = doc.add_paragraph(para(line));
            }
        }
        None => {
            for _ in 0..3 {
                doc = doc.add_paragraph(para(&"…".repeat(60)));
            }
        }
    }
    doc = doc.add_paragraph(
        docx_rs::Paragraph::new()
            .add_run(layout::run(&s.place_and_date()).italic())
            .align(docx_rs::AlignmentType::Right),
    );
    let signer = Signer {
        on_behalf: None,
        title: "Thành viên chấm",
        name: &m.name,
    };
    doc.add_table(layout::signatures(None, &signer))
}
