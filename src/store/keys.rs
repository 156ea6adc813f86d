//! Database keys: fixed layouts that sort the way screens iterate.

use std::collections::HashSet;
use std::sync::Arc;

use crate::domain::SheetKey;

/// `round \0 entry \0 judge`: ids never hold control characters (the file
/// reader refuses them), so the separator cannot occur inside one.
pub fn sheet_key(key: &SheetKey) -> Vec<u8> {
    let mut out = Vec::with_capacity(key.round.len() + key.entry.len() + key.judge.len() + 2);
    out.extend_from_slice(key.round.as_bytes());
    out.push(0);
    out.extend_from_slice(key.entry.as_bytes());
    out.push(0);
    out.extend_from_slice(key.judge.as_bytes());
    out
}

/// `round \0 entry`: where the sheets of one entry in one round are kept.
pub fn entry_key(round: &str, entry: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(round.len() + entry.len() + 1);
    out.extend_from_slice(round.as_bytes());
    out.push(0);
    out.extend_from_slice(entry.as_bytes());
    out
}

pub fn parse_entry_key(bytes: &[u8]) -> Option<(&str, &str)> {
    let mut parts = bytes.splitn(2, |&b| b == 0);
    let round = std::str::from_utf8(parts.next()?).ok()?;
    let entry = std::str::from_utf8(parts.next()?).ok()?;
    (!entry.contains('\0')).then_some((round, entry))
}

pub fn parse_sheet_key(bytes: &[u8]) -> Option<SheetKey> {
    let mut parts = bytes.split(|&b| b == 0);
    let round = std::str::from_utf8(parts.next()?).ok()?;
    let entry = std::str::from_utf8(parts.next()?).ok()?;
    let judge = std::str::from_utf8(parts.next()?).ok()?;
    if parts.next().is_some() {
        return None;
    }
    Some(SheetKey::new(round, entry, judge))
}

/// Shares one allocation per id across every key loaded, so a contest with a
/// quarter of a million sheets holds each entry, member and round id once.
#[derive(Default)]
pub struct Interner(HashSet<Arc<str>>);

impl Interner {
    /// The shared copy of `id`.
    pub fn id(&mut self, id: &str) -> Arc<str> {
        match self.0.get(id) {
            Some(shared) => shared.clone(),
            None => {
                let shared: Arc<str> = id.into();
                self.0.insert(shared.clone());
                shared
            }
        }
    }

    pub fn intern(&mut self, key: SheetKey) -> SheetKey {
        SheetKey {
            round: self.one(key.round),
            entry: self.one(key.entry),
            judge: self.one(key.judge),
        }
    }

    fn one(&mut self, id: Arc<str>) -> Arc<str> {
        match self.0.get(&id) {
            Some(shared) => shared.clone(),
            None => {
                self.0.insert(id.clone());
                id
            }
        }
    }
}

/// Position in a list (criteria, members, entries), big-endian so it sorts.
pub fn position(i: usize) -> [u8; 4] {
    (i as u32).to_be_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_keys_round_trip_and_sort_by_round_entry_judge() {
        let a = SheetKey::new("so_khao", "SK01", "GK02");
        let b = SheetKey::new("so_khao", "SK01", "GK10");
        let c = SheetKey::new("so_khao", "SK02", "GK01");
        assert_eq!(parse_sheet_key(&sheet_key(&a)), Some(a.clone()));
        assert!(sheet_key(&a) < sheet_key(&b));
        assert!(sheet_key(&b) < sheet_key(&c));
        // A shorter entry id must not interleave with a longer one sharing its prefix.
        let short = SheetKey::new("r", "SK1", "GK99");
        let long = SheetKey::new("r", "SK10", "GK01");
        assert!(sheet_key(&short) < sheet_key(&long));
    }

    #[test]
    fn positions_sort_numerically() {
        assert!(position(2) < position(10));
        assert!(position(255) < position(256));
    }
}
