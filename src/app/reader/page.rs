//! The reader's page: an entry laid out as lines to read — title, fields,
//! authors, summary, write-up, attachments.

use super::*;
use crate::domain::format;

pub(super) fn heading(text: &str, cols: usize) -> Vec<DocLine> {
    let text = crate::domain::escape::terminal_line(text);
    wrap_hanging(&text, cols, "", 0)
        .into_iter()
        .map(|l| DocLine::new(l, LineKind::Heading))
        .collect()
}

/// `label: value`, the value wrapped under itself.
pub(super) fn field(out: &mut Vec<DocLine>, label: &str, value: &str, cols: usize) {
    if value.trim().is_empty() {
        return;
    }
    let value = crate::domain::escape::terminal_line(value);
    let first = format!("{label}: ");
    for l in wrap_hanging(&value, cols, &first, 2) {
        out.push(DocLine::new(l, LineKind::Field));
    }
}

pub(super) fn entry_lines(m: &Model, e: &Entry, chosen: usize, cols: usize) -> Vec<DocLine> {
    let lang = m.lang;
    let mut out = heading(&e.title, cols);
    out.push(DocLine::blank());
    field(&mut out, m.t(T::EntryId), &e.id, cols);
    field(&mut out, m.t(T::ColUnit), &e.unit, cols);
    field(
        &mut out,
        m.t(T::ColField),
        &m.contest.field_label(&e.field, lang),
        cols,
    );
    field(&mut out, m.t(T::ProposedBy), &e.proposed_by, cols);
    field(
        &mut out,
        m.t(T::Submitted),
        &e.submitted
            .as_deref()
            .map(|d| format::date(d, lang))
            .unwrap_or_default(),
        cols,
    );
    field(
        &mut out,
        m.t(T::AppliedSince),
        &e.applied_since
            .as_deref()
            .map(|d| format::date(d, lang))
            .unwrap_or_default(),
        cols,
    );
    field(&mut out, m.t(T::Scope), &e.scope, cols);
    if !e.authors.is_empty() {
        out.push(DocLine::blank());
        out.extend(heading(m.t(T::Authors), cols));
        for a in &e.authors {
            let mut parts = vec![a.name.clone()];
            if let Some(s) = a.share {
                parts.push(format!("{}%", format::points(s, lang)));
            }
            parts.extend(a.position.iter().cloned());
            parts.extend(a.unit.iter().cloned());
            let text = crate::domain::escape::terminal_line(&parts.join(" · ")).into_owned();
            for l in wrap_hanging(&text, cols, "  • ", 4) {
                out.push(DocLine::new(l, LineKind::Item));
            }
        }
    }
    if !e.summary.trim().is_empty() {
        out.push(DocLine::blank());
        out.extend(heading(m.t(T::Summary), cols));
        // Only the write-up's lines take annotations.
        out.extend(
            layout(&e.summary, cols)
                .into_iter()
                .map(|l| DocLine { source: None, ..l }),
        );
    }
    out.push(DocLine::blank());
    out.extend(heading(m.t(T::WriteUp), cols));
    if e.document.trim().is_empty() {
        out.push(DocLine::new(m.t(T::NoWriteUp), LineKind::Body));
    } else {
        out.push(DocLine::blank());
        out.extend(layout(&e.document, cols));
    }
    if !e.attachments.is_empty() {
        out.push(DocLine::blank());
        out.extend(heading(m.t(T::Attachments), cols));
        for (i, a) in e.attachments.iter().enumerate() {
            out.extend(attachment_lines(m, i, a, i == chosen, cols));
        }
    }
    out
}

pub(super) fn attachment_lines(
    m: &Model,
    i: usize,
    a: &Attachment,
    chosen: bool,
    cols: usize,
) -> Vec<DocLine> {
    let mark = if chosen { "▶ " } else { "  " };
    let mut head = vec![crate::domain::escape::terminal_line(&a.name).into_owned()];
    if !a.kind.is_empty() {
        head.push(kind_label(&a.kind, m));
    }
    if let Some(b) = a.bytes {
        head.push(size_label(b));
    }
    let first = format!("{mark}{}. ", i + 1);
    let mut out: Vec<DocLine> = wrap_hanging(&head.join(" · "), cols, &first, 5)
        .into_iter()
        .map(|l| DocLine::new(l, LineKind::Item))
        .collect();
    let path = crate::domain::escape::terminal_line(&a.path).into_owned();
    let label = format!("     {}: ", m.t(T::AttachmentPath));
    out.extend(
        wrap_hanging(&path, cols, &label, 7)
            .into_iter()
            .map(|l| DocLine::new(l, LineKind::Field)),
    );
    if let Some(sha) = &a.sha256 {
        let sha = crate::domain::escape::terminal_line(sha).into_owned();
        out.extend(
            wrap_hanging(&sha, cols, "     sha256: ", 7)
                .into_iter()
                .map(|l| DocLine::new(l, LineKind::Field)),
        );
    }
    out
}

/// What kind of file an attachment is, in the member's words (the kinds
/// `jury import --documents` gives); another kind is shown as the file has it.
fn kind_label(kind: &str, m: &Model) -> String {
    let word = match kind.to_ascii_lowercase().as_str() {
        "pdf" => T::AttachKindPdf,
        "image" => T::AttachKindImage,
        "text" => T::AttachKindText,
        "document" => T::AttachKindDoc,
        "spreadsheet" => T::AttachKindSheet,
        "slides" => T::AttachKindSlides,
        "video" => T::AttachKindVideo,
        "audio" => T::AttachKindAudio,
        "file" => T::AttachKindFile,
        _ => return crate::domain::escape::terminal_line(kind).into_owned(),
    };
    m.t(word).to_string()
}

/// A file size as people read it: 830 B, 12,4 KB, 3,1 MB.
pub fn size_label(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["B", "KB", "MB", "GB"];
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1024.0 && unit + 1 < UNITS.len() {
        value /= 1024.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{bytes} B")
    } else {
        format!("{value:.1} {}", UNITS[unit]).replace('.', ",")
    }
}

/// Whether jury opens this attachment as text in the reader.
pub fn is_text(a: &Attachment) -> bool {
    let name = a.name.to_lowercase();
    let path = a.path.to_lowercase();
    a.kind.eq_ignore_ascii_case("text")
        || [".txt", ".md"]
            .iter()
            .any(|ext| name.ends_with(ext) || path.ends_with(ext))
}
