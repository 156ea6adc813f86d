//! Attachments in the reader: choosing one, opening a text one, saying
//! where the others are.

use super::*;

/// The next attachment, brought into view.
pub(super) fn choose_next(m: &mut Model) {
    let Some(n) = current_entry(m).map(|e| e.attachments.len()) else {
        return;
    };
    if n == 0 {
        m.say(Tone::Info, m.t(T::NoAttachments).into());
        return;
    }
    if let Some(r) = m.reader.as_mut() {
        r.chosen = (r.chosen + 1) % n;
        r.opened = None;
    }
    // The chosen attachment's line: the one marked `▶`.
    let at = lines(m).iter().position(|l| l.text.starts_with("▶ "));
    if let Some(at) = at {
        let (scroll, rows) = (m.reader.as_ref().map_or(0, |r| r.scroll), rows(m));
        if at < scroll || at >= scroll + rows {
            scroll_to(m, at.saturating_sub(rows / 2));
        }
    }
}

pub(super) fn open_attachment(m: &mut Model) -> Vec<Effect> {
    let Some(r) = &m.reader else {
        return Vec::new();
    };
    if r.opened.is_some() {
        return Vec::new();
    }
    let chosen = r.chosen;
    let Some(e) = current_entry(m) else {
        return Vec::new();
    };
    let Some(a) = e.attachments.get(chosen) else {
        m.say(Tone::Info, m.t(T::NoAttachments).into());
        return Vec::new();
    };
    if !is_text(a) {
        let text =
            T::AttachmentNotText.with(m.lang, &[&crate::domain::escape::terminal_line(&a.name)]);
        m.say(Tone::Info, text);
        return Vec::new();
    }
    vec![Effect::ReadAttachment {
        entry: e.id.clone(),
        index: chosen,
    }]
}

/// The runtime's answer to `Effect::ReadAttachment`.
pub fn attachment_read(m: &mut Model, entry: &str, index: usize, result: Result<String, String>) {
    let Some(r) = &m.reader else { return };
    let Some(e) = m.contest.entries.get(r.entry) else {
        return;
    };
    if e.id != entry {
        return;
    }
    let name = e
        .attachments
        .get(index)
        .map(|a| a.name.clone())
        .unwrap_or_default();
    match result {
        Ok(text) => {
            remember(m);
            if let Some(r) = m.reader.as_mut() {
                r.opened = Some((name, text));
                r.scroll = 0;
                r.hit = None;
            }
        }
        Err(why) => m.say(Tone::Error, why),
    }
}

/// Why an attachment did not open, in the member's words.
pub fn attachment_error_text(e: &AttachmentError, lang: crate::domain::Lang) -> String {
    use crate::domain::escape::terminal_line as safe;
    match e {
        AttachmentError::NotListed { entry, index } => {
            T::AttachmentNotListed.with(lang, &[&safe(entry), &(index + 1)])
        }
        AttachmentError::Missing { path } => {
            let name = path.rsplit('/').next().unwrap_or(path);
            T::AttachmentMissing.with(lang, &[&safe(name), &safe(path)])
        }
        AttachmentError::TooBig { path, bytes } => {
            let name = path.rsplit('/').next().unwrap_or(path);
            T::AttachmentTooBig.with(lang, &[&safe(name), &size_label(*bytes), &safe(path)])
        }
        AttachmentError::NotUtf8 { path } => {
            let name = path.rsplit('/').next().unwrap_or(path);
            T::AttachmentNotUtf8.with(lang, &[&safe(name), &safe(path)])
        }
        AttachmentError::Unreadable { path, why } => {
            let name = path.rsplit('/').next().unwrap_or(path);
            T::AttachmentUnreadable.with(lang, &[&safe(name), &safe(path), &safe(why)])
        }
    }
}
