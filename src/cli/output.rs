//! Files the command line writes, and why one could not be, in the member's language.

use std::path::Path;

use crate::domain::Lang;
use crate::domain::escape::terminal_block;
use crate::file_out::{Kind, WriteError, write_private};
use crate::i18n::T;

/// Writes `bytes` to `path`, owner-only and whole (see `file_out`).
pub fn write_file(path: &Path, bytes: &[u8], lang: Lang) -> Result<(), String> {
    write_private(path, bytes).map_err(|e| match e {
        WriteError::NotRegular { path, kind } => {
            let kind = match kind {
                Kind::Folder => T::KindFolder,
                Kind::Link => T::KindLink,
                Kind::Device => T::KindDevice,
                Kind::Special => T::KindSpecial,
            };
            T::CliNotAFile.with(lang, &[&path.display(), &kind.get(lang)])
        }
        WriteError::DiskFull { path } => T::CliDiskFull.with(lang, &[&path.display()]),
        WriteError::Io { path, error } => T::CliCannotWrite.with(lang, &[&path.display(), &error]),
    })
}

/// Tells the owner which of the database's files others could read until now.
pub fn say_tightened(store: &crate::store::Store, lang: Lang) {
    for t in store.tightened() {
        let was = format!("{:o}", t.was);
        let line = T::CliTightened.with(lang, &[&t.path.display(), &was]);
        eprintln!("{}", T::CliWarning.with(lang, &[&line]));
    }
}

/// Text for the member's terminal, its lines kept, nothing it would act on.
pub fn say(text: &str) {
    println!("{}", terminal_block(text));
}
