//! Bringing a database written by an older jury up to the current layout.

use sled::Transactional;
use sled::transaction::TransactionError;

use super::read::StoredSheet;
use super::write::put_entries;
use super::{SCHEMA_VERSION, Store, StoreError, codec, decode, encode, keys, unwrap_tx};
use crate::domain::{Entry, Sheet};

impl Store {
    /// Schema 1 kept one JSON value per sheet; schema 2 one binary value per
    /// (round, entry). Done in one transaction: all or nothing.
    pub(super) fn migrate_from_1(&self) -> Result<(), StoreError> {
        let mut old_keys = Vec::new();
        let mut groups: Vec<(Vec<u8>, Vec<Sheet>)> = Vec::new();
        for item in self.sheets.iter() {
            let (k, v) = item?;
            let key = keys::parse_sheet_key(&k).ok_or_else(|| StoreError::Corrupt {
                tree: "sheets",
                detail: "a schema 1 key that is not round/entry/member".into(),
            })?;
            let s: StoredSheet = decode("sheets", &v)?;
            let sheet = Sheet {
                marks: s.marks,
                state: s.state,
                reopened: s.reopened,
                version: s.version,
                key: key.clone(),
            };
            let group = keys::entry_key(&key.round, &key.entry);
            match groups.last_mut() {
                Some((g, list)) if *g == group => list.push(sheet),
                _ => groups.push((group, vec![sheet])),
            }
            old_keys.push(k);
        }
        let values: Vec<(Vec<u8>, Vec<u8>)> = groups
            .into_iter()
            .map(|(k, list)| (k, codec::encode(&list)))
            .collect();
        let version = encode(&2u32)?;
        let result: Result<(), TransactionError<StoreError>> = (&self.sheets, &self.meta)
            .transaction(|(t, meta)| {
                for k in &old_keys {
                    t.remove(k)?;
                }
                for (k, v) in &values {
                    t.insert(k.as_slice(), v.as_slice())?;
                }
                meta.insert("schema_version", version.as_slice())?;
                Ok(())
            });
        result.map_err(unwrap_tx)?;
        self.flush()
    }
}

impl Store {
    /// Schema 2 kept one JSON value per entry; schema 3 a JSON array per
    /// `ENTRY_CHUNK` entries. All or nothing.
    pub(super) fn migrate_from_2(&self) -> Result<(), StoreError> {
        let mut old_keys = Vec::new();
        let mut entries: Vec<Entry> = Vec::new();
        for item in self.entries.iter() {
            let (k, v) = item?;
            entries.push(decode("entries", &v)?);
            old_keys.push(k);
        }
        let version = encode(&SCHEMA_VERSION)?;
        let result: Result<(), TransactionError<StoreError>> = (&self.entries, &self.meta)
            .transaction(|(t, meta)| {
                for k in &old_keys {
                    t.remove(k)?;
                }
                put_entries(t, &entries)?;
                meta.insert("schema_version", version.as_slice())?;
                Ok(())
            });
        result.map_err(unwrap_tx)?;
        self.flush()
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::domain::{Marks, Points, SheetKey, SheetState};
    use crate::store::ENTRY_CHUNK;

    #[test]
    fn a_schema_1_database_opens_with_its_sheets() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("db");
        {
            let db = sled::open(&path).unwrap();
            let meta = db.open_tree("meta").unwrap();
            meta.insert("schema_version", "1").unwrap();
            let sheets = db.open_tree("sheets").unwrap();
            for (judge, p) in [("GK01", 20u32), ("GK02", 18)] {
                let key = keys::sheet_key(&SheetKey::new("main", "SK01", judge));
                let value = format!(
                    r#"{{"marks":[{p},null],"state":"submitted","reopened":0,"version":3}}"#
                );
                sheets.insert(key, value.as_bytes()).unwrap();
            }
            db.flush().unwrap();
        }
        let store = Store::open(&path).unwrap();
        let round: Arc<str> = "main".into();
        let v = store
            .sheets
            .get(keys::entry_key("main", "SK01"))
            .unwrap()
            .unwrap();
        let sheets = super::super::sheets::decode(&round, &"SK01".into(), &v).unwrap();
        assert_eq!(sheets.len(), 2);
        assert_eq!(
            sheets[1].marks,
            Marks::from_slots(vec![Some(Points::whole(18)), None])
        );
        assert_eq!(
            (sheets[1].state, sheets[1].version),
            (SheetState::Submitted, 3)
        );
        let found: u32 =
            decode("meta", &store.meta.get("schema_version").unwrap().unwrap()).unwrap();
        assert_eq!(found, SCHEMA_VERSION);
    }

    #[test]
    fn a_schema_2_database_opens_with_its_entries_in_order() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("db");
        let small = include_str!("../../tests/fixtures/small-contest.json");
        let mut contest = crate::contest_file::read_bytes("small.json", small.as_bytes()).unwrap();
        // More than one chunk, so the order across chunks is checked too.
        let first = contest.entries[0].clone();
        for n in 0..150 {
            let mut e = first.clone();
            e.id = format!("SKX{n:03}");
            e.title = format!("Sáng kiến thêm số {n}");
            contest.entries.push(e);
        }
        contest.reindex();
        {
            let store = Store::open(&path).unwrap();
            store.replace_contest(&contest).unwrap();
            // Put the entries back as schema 2 kept them: one value each.
            store.entries.clear().unwrap();
            for (i, e) in contest.entries.iter().enumerate() {
                store
                    .entries
                    .insert(keys::position(i), encode(e).unwrap())
                    .unwrap();
            }
            store.meta.insert("schema_version", "2").unwrap();
            store.flush().unwrap();
        }
        let store = Store::open(&path).unwrap();
        assert_eq!(store.load().unwrap().entries, contest.entries);
        assert_eq!(
            store.entries.len(),
            contest.entries.len().div_ceil(ENTRY_CHUNK)
        );
        assert!(store.check().is_ok(), "{:?}", store.check().problems);
        let found: u32 =
            decode("meta", &store.meta.get("schema_version").unwrap().unwrap()).unwrap();
        assert_eq!(found, SCHEMA_VERSION);
    }
}
