//! `jury check`: the store's own consistency check, for the chair or a script.

use super::backend::Target;
use crate::domain::Lang;
use crate::i18n::T;
use crate::store::{SCHEMA_VERSION, StoreError};

/// Prints "ok" and what was read, or every problem; an error (and a non-zero
/// exit) when there are any.
pub fn run(target: &Target, lang: Lang) -> Result<(), String> {
    target.refuse_server("check")?;
    let path = target.db_path()?;
    // Opening would create an empty database where there was none; a
    // folder jury may not read is not "no database".
    match std::fs::metadata(&path) {
        Ok(m) if m.is_dir() => {}
        Ok(_) => {
            return Err(crate::i18n::store_error(
                &StoreError::NotAFolder { path },
                lang,
            ));
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(T::CheckNoDatabase.with(lang, &[&path.display()]));
        }
        Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied => {
            let e = StoreError::NoAccess {
                path,
                error: e.to_string(),
            };
            return Err(crate::i18n::store_error(&e, lang));
        }
        Err(e) => {
            return Err(crate::i18n::store_error(
                &StoreError::io(crate::store::Doing::OpenDatabase, &path, &e),
                lang,
            ));
        }
    }
    let store = target.local_store(super::backend::Missing::Refuse)?;
    let check = store.check();
    if check.is_ok() {
        say!(
            "{}",
            T::CheckOk.with(
                lang,
                &[
                    &check.entries,
                    &check.members,
                    &check.sheets,
                    &check.notes,
                    &check.audit,
                    &SCHEMA_VERSION
                ]
            )
        );
        return Ok(());
    }
    for p in &check.problems {
        say!("{}", p.describe(lang));
    }
    Err(T::CheckFailed.with(
        lang,
        &[
            &path.display(),
            &check.problems.len(),
            &super::hint::jury("export"),
        ],
    ))
}
