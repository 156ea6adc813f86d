//! A round's tally read straight from the stored sheet values: what the
//! ranking needs, without making a sheet of each of a quarter million.

use sled::IVec;

use super::{Doing, Store, StoreError, codec, keys};
use crate::domain::Contest;
use crate::domain::tally::{Tally, TallyBuilder};

/// Every stored (round, entry) value of sheets, as sled holds them.
pub struct StoredMarks(Vec<(IVec, IVec)>);

impl StoredMarks {
    /// `round`'s tally for `contest` (a definition: its sheets are not read).
    /// It equals `Tally::new` on the whole contest.
    pub fn tally(&self, contest: &Contest, round: &str) -> Result<Tally, StoreError> {
        let mut tally = TallyBuilder::new(contest, round);
        for (k, v) in &self.0 {
            let Some((r, entry)) = keys::parse_entry_key(k) else {
                return Err(damaged_key(k));
            };
            if r != round {
                continue;
            }
            codec::each_sheet(v, |judge, submitted, slots| {
                tally.add(entry, judge, submitted, slots)
            })
            .ok_or_else(|| StoreError::Corrupt {
                tree: "sheets",
                detail: format!("the sheets of {entry} in round {round} cannot be read"),
            })?;
        }
        Ok(tally.finish())
    }
}

fn damaged_key(k: &[u8]) -> StoreError {
    StoreError::Corrupt {
        tree: "sheets",
        detail: format!(
            "a key that is not round/entry: {:?}",
            String::from_utf8_lossy(k)
        ),
    }
}

impl Store {
    /// Every stored sheet value, undecoded.
    pub fn stored_marks(&self) -> Result<StoredMarks, StoreError> {
        Ok(StoredMarks(
            self.sheets.iter().collect::<Result<_, sled::Error>>()?,
        ))
    }

    /// The definition and every stored mark, read on two threads at once:
    /// most of either is waiting on sled's pages.
    pub fn load_for_ranking(&self) -> Result<(Contest, StoredMarks), StoreError> {
        std::thread::scope(|s| {
            let marks = s.spawn(|| self.stored_marks());
            let definition = self.load_definition();
            let marks = marks
                .join()
                .map_err(|_| StoreError::failed(Doing::Database, "reading the sheets stopped"))?;
            Ok((definition?, marks?))
        })
    }
}
