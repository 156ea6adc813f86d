//! A folder of write-ups and attachments, matched to entries by file name:
//! `SK01.docx` (or `.md`, `.txt`) is entry SK01's write-up, `SK01-*.*`
//! its attachments.

use std::io::Read;
use std::path::Path;

use sha2::{Digest, Sha256};

use crate::domain::entry::Attachment;
use crate::domain::text::nfc;
use crate::domain::{Contest, Entry};

use super::archive;
use super::docx::{self, DocxProblem};
use super::problems::{Issue, Located};

/// What the folder gave.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Attached {
    pub write_ups: usize,
    pub attachments: usize,
    /// Files that name no entry.
    pub unmatched: Vec<String>,
    /// Entries that still have no write-up.
    pub without: Vec<String>,
}

const WRITE_UP_EXTENSIONS: [&str; 3] = ["docx", "md", "txt"];

/// What a file is to the reader, by its extension.
fn kind(name: &str) -> &'static str {
    let ext = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    match ext.as_deref() {
        Some("txt" | "md") => "text",
        Some("pdf") => "pdf",
        Some("doc" | "docx" | "odt" | "rtf") => "document",
        Some("xls" | "xlsx" | "ods" | "csv") => "spreadsheet",
        Some("ppt" | "pptx" | "odp") => "slides",
        Some("jpg" | "jpeg" | "png" | "gif" | "webp" | "bmp" | "tif" | "tiff") => "image",
        Some("mp4" | "mov" | "avi" | "mkv" | "webm") => "video",
        Some("mp3" | "wav" | "m4a" | "ogg") => "audio",
        _ => "file",
    }
}

/// How a file name belongs to an entry.
enum Role {
    WriteUp,
    Attachment,
}

/// The entry (index) a file name belongs to: the longest id it names,
/// so `SK-1-anh.jpg` goes to `SK-1`, not `SK`.
fn owner(name: &str, entries: &[Entry]) -> Option<(usize, Role)> {
    let (stem, ext) = name.rsplit_once('.')?;
    let ext = ext.to_ascii_lowercase();
    let mut best: Option<(usize, Role)> = None;
    for (i, e) in entries.iter().enumerate() {
        let role = if stem == e.id && WRITE_UP_EXTENSIONS.contains(&ext.as_str()) {
            Role::WriteUp
        } else if stem
            .strip_prefix(e.id.as_str())
            .is_some_and(|rest| rest.starts_with('-') && rest.len() > 1)
        {
            Role::Attachment
        } else {
            continue;
        };
        if best
            .as_ref()
            .is_none_or(|(b, _)| entries[*b].id.len() < e.id.len())
        {
            best = Some((i, role));
        }
    }
    best
}

/// The write-up's text, as the contest file keeps it.
fn write_up(path: &Path, name: &str) -> Result<String, Issue> {
    let size = std::fs::metadata(path)
        .map_err(|e| Issue::FileIo(name.to_string(), e.kind(), e.to_string()))?
        .len();
    if size > archive::MAX_FILE_BYTES {
        return Err(Issue::Document(
            name.to_string(),
            archive::ArchiveProblem::TooBig(archive::MAX_FILE_BYTES / (1024 * 1024)),
        ));
    }
    let bytes = std::fs::read(path)
        .map_err(|e| Issue::FileIo(name.to_string(), e.kind(), e.to_string()))?;
    let text = if name.to_ascii_lowercase().ends_with(".docx") {
        docx::text(&bytes).map_err(|p| match p {
            DocxProblem::Archive(a) => Issue::Document(name.to_string(), a),
            DocxProblem::Unreadable(why) => Issue::DocumentUnreadable(name.to_string(), why),
        })?
    } else {
        let bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(&bytes);
        std::str::from_utf8(bytes)
            .map_err(|_| Issue::DocumentNotUtf8(name.to_string()))?
            .replace("\r\n", "\n")
    };
    Ok(nfc(text.trim()))
}

/// An attachment's record: its size and sha256, read in pieces.
fn attachment(path: &Path, name: &str) -> Result<Attachment, Issue> {
    let io = |e: std::io::Error| Issue::FileIo(name.to_string(), e.kind(), e.to_string());
    let mut file = std::fs::File::open(path).map_err(io)?;
    let mut hash = Sha256::new();
    let mut bytes = 0u64;
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        let n = file.read(&mut buf).map_err(io)?;
        if n == 0 {
            break;
        }
        hash.update(&buf[..n]);
        bytes += n as u64;
    }
    let digest: String = hash.finalize().iter().map(|b| format!("{b:02x}")).collect();
    Ok(Attachment {
        name: name.to_string(),
        path: path.display().to_string(),
        kind: kind(name).to_string(),
        bytes: Some(bytes),
        sha256: Some(digest),
    })
}

/// Attaches the folder's files to the contest's entries. Attachments are
/// recorded with their absolute path (the database does not know where
/// a contest file was), so the server finds them; one already attached
/// from the same path is replaced, not doubled.
pub fn attach(dir: &Path, contest: &mut Contest) -> Result<Attached, Vec<Located>> {
    let shown = dir.display().to_string();
    let not_folder = || vec![Located::anywhere(Issue::NotAFolder(shown.clone()))];
    let dir = dir.canonicalize().map_err(|_| not_folder())?;
    let listing = std::fs::read_dir(&dir).map_err(|_| not_folder())?;
    let mut names: Vec<String> = Vec::new();
    for item in listing.flatten() {
        // Only plain files: a link could lead anywhere on the server.
        let plain = item.file_type().is_ok_and(|t| t.is_file());
        let name = item.file_name().to_string_lossy().into_owned();
        if plain && !name.starts_with('.') {
            names.push(name);
        }
    }
    names.sort();
    let mut problems = Vec::new();
    let mut out = Attached::default();
    let mut seen_write_up: Vec<Option<String>> = vec![None; contest.entries.len()];
    for name in names {
        let path = dir.join(&name);
        let Some((i, role)) = owner(&name, &contest.entries) else {
            out.unmatched.push(name);
            continue;
        };
        match role {
            Role::WriteUp => {
                if let Some(first) = &seen_write_up[i] {
                    let id = contest.entries[i].id.clone();
                    problems.push(Located::anywhere(Issue::TwoWriteUps(
                        id,
                        first.clone(),
                        name,
                    )));
                    continue;
                }
                match write_up(&path, &name) {
                    Ok(text) => {
                        contest.entries[i].document = text;
                        out.write_ups += 1;
                    }
                    Err(issue) => problems.push(Located::anywhere(issue)),
                }
                seen_write_up[i] = Some(name);
            }
            Role::Attachment => match attachment(&path, &name) {
                Ok(a) => {
                    let list = &mut contest.entries[i].attachments;
                    match list.iter_mut().find(|old| old.path == a.path) {
                        Some(old) => *old = a,
                        None => list.push(a),
                    }
                    out.attachments += 1;
                }
                Err(issue) => problems.push(Located::anywhere(issue)),
            },
        }
    }
    out.without = contest
        .entries
        .iter()
        .filter(|e| e.document.trim().is_empty())
        .map(|e| e.id.clone())
        .collect();
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(problems)
    }
}
