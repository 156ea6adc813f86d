//! Zip containers (.xlsx, .ods, .docx) opened with limits: a file that
//! unpacks to gigabytes (a zip bomb) is refused before any reader sees it.

use std::io::{Cursor, Read};

/// A file bigger than this is not read at all.
pub const MAX_FILE_BYTES: u64 = 50 * 1024 * 1024;
/// One member of the archive may unpack to at most this.
pub const MAX_MEMBER_BYTES: u64 = 64 * 1024 * 1024;
/// All members together may unpack to at most this.
pub const MAX_TOTAL_BYTES: u64 = 256 * 1024 * 1024;
/// An office file has a few dozen members; thousands is an attack.
pub const MAX_MEMBERS: usize = 10_000;

/// Why an archive was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ArchiveProblem {
    /// Not a zip file, or a damaged one.
    NotZip(String),
    /// It unpacks to more than a limit (in MB).
    TooBig(u64),
    TooManyMembers(usize),
}

/// Unpacks every member of `bytes`, counting (never keeping) what comes
/// out, and refuses the archive when it is not a zip or exceeds a limit.
pub fn check(bytes: &[u8]) -> Result<(), ArchiveProblem> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| ArchiveProblem::NotZip(e.to_string()))?;
    if zip.len() > MAX_MEMBERS {
        return Err(ArchiveProblem::TooManyMembers(zip.len()));
    }
    let mut total = 0u64;
    for i in 0..zip.len() {
        let member = zip
            .by_index(i)
            .map_err(|e| ArchiveProblem::NotZip(e.to_string()))?;
        // The sizes written in the archive may lie: count what comes out.
        let unpacked = std::io::copy(&mut member.take(MAX_MEMBER_BYTES + 1), &mut std::io::sink())
            .map_err(|e| ArchiveProblem::NotZip(e.to_string()))?;
        if unpacked > MAX_MEMBER_BYTES {
            return Err(ArchiveProblem::TooBig(MAX_MEMBER_BYTES / (1024 * 1024)));
        }
        total += unpacked;
        if total > MAX_TOTAL_BYTES {
            return Err(ArchiveProblem::TooBig(MAX_TOTAL_BYTES / (1024 * 1024)));
        }
    }
    Ok(())
}

/// The text of member `name` of an archive `check` passed; `None` when it
/// has no such member.
pub fn member_text(bytes: &[u8], name: &str) -> Result<Option<String>, ArchiveProblem> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| ArchiveProblem::NotZip(e.to_string()))?;
    let member = match zip.by_name(name) {
        Ok(m) => m,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(e) => return Err(ArchiveProblem::NotZip(e.to_string())),
    };
    let mut text = String::new();
    member
        .take(MAX_MEMBER_BYTES)
        .read_to_string(&mut text)
        .map_err(|e| ArchiveProblem::NotZip(e.to_string()))?;
    Ok(Some(text))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn zipped(members: &[(&str, &[u8])]) -> Vec<u8> {
        let mut out = Cursor::new(Vec::new());
        let mut zip = zip::ZipWriter::new(&mut out);
        for (name, data) in members {
            let options = zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Deflated);
            zip.start_file(*name, options).unwrap();
            zip.write_all(data).unwrap();
        }
        zip.finish().unwrap();
        out.into_inner()
    }

    #[test]
    fn a_member_that_unpacks_past_the_limit_is_refused() {
        let huge = vec![0u8; (MAX_MEMBER_BYTES + 1) as usize];
        let bomb = zipped(&[("xl/worksheets/sheet1.xml", &huge)]);
        assert!(bomb.len() < 1024 * 1024, "the bomb is small on disk");
        assert_eq!(check(&bomb), Err(ArchiveProblem::TooBig(64)));
    }

    #[test]
    fn text_that_is_not_a_zip_is_refused() {
        assert!(matches!(
            check(b"PK not really a zip"),
            Err(ArchiveProblem::NotZip(_))
        ));
    }

    #[test]
    fn members_are_read_back() {
        let z = zipped(&[("word/document.xml", b"<w:document/>")]);
        assert_eq!(check(&z), Ok(()));
        assert_eq!(
            member_text(&z, "word/document.xml").unwrap().as_deref(),
            Some("<w:document/>")
        );
        assert_eq!(member_text(&z, "nope").unwrap(), None);
    }
}
