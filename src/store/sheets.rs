//! Reading and writing the sheets of one (round, entry) inside a transaction.

use std::sync::Arc;

use sled::transaction::{ConflictableTransactionError, TransactionalTree};

use super::{StoreError, abort, codec, keys};
use crate::domain::{Sheet, SheetKey};

type TxResult<T> = Result<T, ConflictableTransactionError<StoreError>>;

/// Every member's sheet for the key's round and entry, in member order.
pub fn read(tree: &TransactionalTree, key: &SheetKey) -> TxResult<Vec<Sheet>> {
    match tree.get(keys::entry_key(&key.round, &key.entry))? {
        None => Ok(Vec::new()),
        Some(v) => decode(&key.round, &key.entry, &v).map_err(abort),
    }
}

pub fn write(tree: &TransactionalTree, key: &SheetKey, sheets: &[Sheet]) -> TxResult<()> {
    tree.insert(
        keys::entry_key(&key.round, &key.entry),
        codec::encode(sheets),
    )?;
    Ok(())
}

pub fn decode(round: &Arc<str>, entry: &Arc<str>, bytes: &[u8]) -> Result<Vec<Sheet>, StoreError> {
    codec::decode(round, entry, bytes, &mut |id| Arc::from(id)).ok_or_else(|| StoreError::Corrupt {
        tree: "sheets",
        detail: format!("the sheets of {entry} in round {round} cannot be read"),
    })
}

/// Puts `sheet` in its member's place, keeping member order.
pub fn put(sheets: &mut Vec<Sheet>, sheet: Sheet) {
    match sheets.binary_search_by(|s| s.key.judge.cmp(&sheet.key.judge)) {
        Ok(i) => sheets[i] = sheet,
        Err(i) => sheets.insert(i, sheet),
    }
}

pub fn find<'a>(sheets: &'a [Sheet], judge: &str) -> Option<&'a Sheet> {
    sheets.iter().find(|s| &*s.key.judge == judge)
}
