//! The page and the parts every administrative document shares under Nghị
//! định 30/2020/NĐ-CP: A4, Times New Roman, the decree's margins, the
//! header with the Quốc hiệu and Tiêu ngữ, tables, signature blocks.

use docx_rs::{
    AlignmentType, BreakType, Docx, PageMargin, Paragraph, Run, RunFonts, Table, TableCell,
    TableRow, VAlignType, WidthType,
};

use crate::domain::escape::terminal_line;

/// A4 in twentieths of a point.
pub const A4_WIDTH: u32 = 11_906;
pub const A4_HEIGHT: u32 = 16_838;
/// One millimetre in twentieths of a point.
const MM: f64 = 56.693;
/// The decree's margins: top and bottom 20–25 mm, left 30–35 mm, right
/// 15–20 mm; the narrow end of each leaves the most room for tables.
pub const MARGIN_TOP_MM: f64 = 20.0;
pub const MARGIN_BOTTOM_MM: f64 = 20.0;
pub const MARGIN_LEFT_MM: f64 = 30.0;
pub const MARGIN_RIGHT_MM: f64 = 15.0;
pub const FONT: &str = "Times New Roman";
/// Sizes in half-points: body 14, the Quốc hiệu 13, tables 12.
pub const BODY: usize = 28;
const MOTTO_HEAD: usize = 26;
const TABLE_TEXT: usize = 24;
/// The width text may use, in twentieths of a point: A4 less the left
/// (30 mm) and right (15 mm) margins.
pub const TEXT_WIDTH: usize = 11_906 - 1_701 - 850;

pub const QUOC_HIEU: &str = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM";
pub const TIEU_NGU: &str = "Độc lập - Tự do - Hạnh phúc";
pub const SIGN_HINT: &str = "(Ký, ghi rõ họ tên)";

fn twips(mm: f64) -> i32 {
    (mm * MM).round() as i32
}

/// An empty A4 document in the decree's font and margins.
pub fn page() -> Docx {
    let fonts = RunFonts::new()
        .ascii(FONT)
        .hi_ansi(FONT)
        .east_asia(FONT)
        .cs(FONT);
    Docx::new()
        .page_size(A4_WIDTH, A4_HEIGHT)
        .page_margin(
            PageMargin::new()
                .top(twips(MARGIN_TOP_MM))
                .bottom(twips(MARGIN_BOTTOM_MM))
                .left(twips(MARGIN_LEFT_MM))
                .right(twips(MARGIN_RIGHT_MM))
                .header(0)
                .footer(0),
        )
        .default_fonts(fonts)
        .default_size(BODY)
}

/// Text from the file, made one safe line: a control character would make
/// the XML unreadable to Word.
pub fn clean(text: &str) -> String {
    terminal_line(text).into_owned()
}

/// One run of text in the document's font.
pub fn run(text: &str) -> Run {
    Run::new().add_text(clean(text)).fonts(
        RunFonts::new()
            .ascii(FONT)
            .hi_ansi(FONT)
            .east_asia(FONT)
            .cs(FONT),
    )
}

/// A justified paragraph.
pub fn para(text: &str) -> Paragraph {
    Paragraph::new()
        .add_run(run(text))
        .align(AlignmentType::Both)
}

/// A paragraph whose label is bold: "Địa điểm: …".
pub fn labelled(label: &str, text: &str) -> Paragraph {
    Paragraph::new()
        .add_run(run(label).bold())
        .add_run(run(text))
        .align(AlignmentType::Both)
}

/// A justified paragraph in italics (a basis, the audit head).
pub fn aside(text: &str) -> Paragraph {
    Paragraph::new()
        .add_run(run(text).italic())
        .align(AlignmentType::Both)
}

pub fn heading(text: &str) -> Paragraph {
    Paragraph::new().add_run(run(text).bold())
}

pub fn centered(r: Run) -> Paragraph {
    Paragraph::new().add_run(r).align(AlignmentType::Center)
}

/// The document's name and what it is about, centred and bold.
pub fn title(name: &str, about: &str) -> Vec<Paragraph> {
    vec![
        Paragraph::new(),
        centered(run(&name.to_uppercase()).bold()),
        centered(run(about).bold()),
        Paragraph::new(),
    ]
}

pub fn page_break() -> Paragraph {
    Paragraph::new().add_run(Run::new().add_break(BreakType::Page))
}

fn cell(paragraphs: Vec<Paragraph>, width: usize) -> TableCell {
    let mut c = TableCell::new()
        .width(width, WidthType::Dxa)
        .vertical_align(VAlignType::Top);
    for p in paragraphs {
        c = c.add_paragraph(p);
    }
    c
}

/// The header: the issuing body and the council on the left with the
/// number, the Quốc hiệu and Tiêu ngữ on the right with place and date.
pub fn header(body: &str, council: &str, number: Option<&str>, place_date: &str) -> Table {
    let left_w = TEXT_WIDTH * 2 / 5;
    let right_w = TEXT_WIDTH - left_w;
    let small = |text: &str| run(text).size(MOTTO_HEAD);
    let mut left = vec![
        centered(small(&body.to_uppercase())),
        centered(small(&council.to_uppercase()).bold()),
        centered(small("________")),
    ];
    if let Some(n) = number {
        left.push(centered(small(&format!("Số: {n}"))));
    }
    let right = vec![
        centered(small(QUOC_HIEU).bold()),
        centered(run(TIEU_NGU).bold()),
        centered(run("________________")),
        centered(run(place_date).italic()),
    ];
    Table::without_borders(vec![TableRow::new(vec![
        cell(left, left_w),
        cell(right, right_w),
    ])])
    .set_grid(vec![left_w, right_w])
    .width(TEXT_WIDTH, WidthType::Dxa)
}

/// A ruled table with a bold header row; `widths` are shares of the text
/// width, `numeric` marks columns aligned right.
pub fn table(header: &[&str], rows: &[Vec<String>], widths: &[usize], numeric: &[bool]) -> Table {
    let total: usize = widths.iter().sum::<usize>().max(1);
    let grid: Vec<usize> = widths.iter().map(|w| TEXT_WIDTH * w / total).collect();
    let text_cell = |text: &str, w: usize, align: AlignmentType, bold: bool| {
        let r = run(text).size(TABLE_TEXT);
        let r = if bold { r.bold() } else { r };
        cell(vec![Paragraph::new().add_run(r).align(align)], w)
    };
    let mut out = vec![TableRow::new(
        header
            .iter()
            .zip(&grid)
            .map(|(h, w)| text_cell(h, *w, AlignmentType::Center, true))
            .collect(),
    )];
    for row in rows {
        out.push(TableRow::new(
            row.iter()
                .zip(&grid)
                .enumerate()
                .map(|(i, (text, w))| {
                    let align = if numeric.get(i).copied().unwrap_or(false) {
                        AlignmentType::Center
                    } else {
                        AlignmentType::Left
                    };
                    text_cell(text, *w, align, false)
                })
                .collect(),
        ));
    }
    Table::new(out)
        .set_grid(grid)
        .width(TEXT_WIDTH, WidthType::Dxa)
}

/// A signature block: the title in capitals, "(Ký, ghi rõ họ tên)", room
/// to sign, and the name.
pub struct Signer<'a> {
    /// Above the title, such as "TM. HỘI ĐỒNG".
    pub on_behalf: Option<&'a str>,
    pub title: &'a str,
    pub name: &'a str,
}

fn signature(s: &Signer) -> Vec<Paragraph> {
    let mut out = Vec::new();
    if let Some(o) = s.on_behalf {
        out.push(centered(run(&o.to_uppercase()).bold()));
    }
    out.push(centered(run(&s.title.to_uppercase()).bold()));
    out.push(centered(run(SIGN_HINT).italic()));
    out.extend((0..4).map(|_| Paragraph::new()));
    out.push(centered(run(s.name).bold()));
    out
}

/// "Nơi nhận:" and its lines, where the decree puts it: left of the signer.
pub fn recipients(lines: &[&str]) -> Vec<Paragraph> {
    let mut out = vec![Paragraph::new().add_run(run("Nơi nhận:").bold().italic().size(TABLE_TEXT))];
    out.extend(
        lines
            .iter()
            .map(|l| Paragraph::new().add_run(run(&format!("- {l}")).size(22))),
    );
    out
}

/// Signature blocks side by side (the secretary left, the chair right); a
/// single one stands on the right, as the decree places the signer.
pub fn signatures(left: Option<&Signer>, right: &Signer) -> Table {
    beside(
        left.map(signature)
            .unwrap_or_else(|| vec![Paragraph::new()]),
        right,
    )
}

/// `left` (another signer, or the recipients) beside the signer on the right.
pub fn beside(left: Vec<Paragraph>, right: &Signer) -> Table {
    let half = TEXT_WIDTH / 2;
    Table::without_borders(vec![TableRow::new(vec![
        cell(left, half),
        cell(signature(right), half),
    ])])
    .set_grid(vec![half, half])
    .width(TEXT_WIDTH, WidthType::Dxa)
}

/// The finished document as the bytes of a .docx file.
pub fn pack(doc: Docx) -> Result<Vec<u8>, String> {
    let mut out = std::io::Cursor::new(Vec::new());
    doc.pack(&mut out).map_err(|e| e.to_string())?;
    Ok(out.into_inner())
}
