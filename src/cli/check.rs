//! `jury check`: the store's own consistency check, for the chair or a script.

use super::backend::Target;
use crate::domain::Lang;
use crate::i18n::T;
use crate::store::SCHEMA_VERSION;

/// Prints "ok" and what was read, or every problem; an error (and a non-zero
/// exit) when there are any.
pub fn run(target: &Target, lang: Lang) -> Result<(), String> {
    target.refuse_server("check")?;
    let path = target.db_path()?;
    // Opening would create an empty database where there was none.
    if !path.is_dir() {
        return Err(T::CheckNoDatabase.with(lang, &[&path.display()]));
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
