//! The stored form of sheets: one value per (round, entry) holding every
//! member's sheet for it, in a compact binary layout. A national contest has
//! a quarter of a million sheets; ten thousand small values load in a
//! fraction of the time, and take a third of the space, of JSON per sheet.
//!
//! Layout (little-endian): format byte 1, then per sheet: member id length
//! (u8) and bytes, state (u8: 0 draft, 1 submitted), reopened (u32), version
//! (u64), number of criteria (u8), and per criterion points in hundredths
//! (u32; `u32::MAX` for none).

use std::sync::Arc;

use crate::domain::{Marks, Points, Sheet, SheetKey, SheetState};

const FORMAT: u8 = 1;
const NONE: u32 = u32::MAX;

pub fn encode(sheets: &[Sheet]) -> Vec<u8> {
    let mut out = Vec::with_capacity(1 + sheets.len() * 32);
    out.push(FORMAT);
    for s in sheets {
        let id = s.key.judge.as_bytes();
        // Ids fit in 255 bytes: `id_problem` refuses longer ones wherever an id comes in.
        out.push(id.len().min(255) as u8);
        out.extend_from_slice(&id[..id.len().min(255)]);
        out.push(u8::from(s.state == SheetState::Submitted));
        out.extend_from_slice(&s.reopened.to_le_bytes());
        out.extend_from_slice(&s.version.to_le_bytes());
        let slots = s.marks.slots();
        out.push(slots.len().min(255) as u8);
        for p in slots.iter().take(255) {
            out.extend_from_slice(&p.map(Points::hundredths).unwrap_or(NONE).to_le_bytes());
        }
    }
    out
}

/// The sheets stored for `round` and `entry`; `judge` gives each member's
/// shared id. `None` when the bytes are not a sheet value.
pub fn decode(
    round: &Arc<str>,
    entry: &Arc<str>,
    bytes: &[u8],
    judge: &mut impl FnMut(&str) -> Arc<str>,
) -> Option<Vec<Sheet>> {
    let mut r = Reader(bytes);
    if r.u8()? != FORMAT {
        return None;
    }
    let mut out = Vec::new();
    while !r.0.is_empty() {
        let len = usize::from(r.u8()?);
        let id = std::str::from_utf8(r.take(len)?).ok()?;
        let state = if r.u8()? == 1 {
            SheetState::Submitted
        } else {
            SheetState::Draft
        };
        let reopened = u32::from_le_bytes(r.take(4)?.try_into().ok()?);
        let version = u64::from_le_bytes(r.take(8)?.try_into().ok()?);
        let n = usize::from(r.u8()?);
        let mut slots = Vec::with_capacity(n);
        for _ in 0..n {
            let v = u32::from_le_bytes(r.take(4)?.try_into().ok()?);
            slots.push((v != NONE).then(|| Points::from_hundredths(v)));
        }
        out.push(Sheet {
            key: SheetKey {
                round: Arc::clone(round),
                entry: Arc::clone(entry),
                judge: judge(id),
            },
            marks: Marks::from_slots(slots),
            state,
            reopened,
            version,
        });
    }
    Some(out)
}

/// Only `judge`'s sheet in a value, without building the others.
pub fn decode_one(
    round: &Arc<str>,
    entry: &Arc<str>,
    bytes: &[u8],
    judge: &Arc<str>,
) -> Option<Option<Sheet>> {
    let mut r = Reader(bytes);
    if r.u8()? != FORMAT {
        return None;
    }
    while !r.0.is_empty() {
        let len = usize::from(r.u8()?);
        let id = r.take(len)?;
        let state = r.u8()?;
        let reopened = u32::from_le_bytes(r.take(4)?.try_into().ok()?);
        let version = u64::from_le_bytes(r.take(8)?.try_into().ok()?);
        let n = usize::from(r.u8()?);
        let points = r.take(4 * n)?;
        if id != judge.as_bytes() {
            continue;
        }
        let slots = points
            .chunks_exact(4)
            .map(|b| {
                let v = u32::from_le_bytes([b[0], b[1], b[2], b[3]]);
                (v != NONE).then(|| Points::from_hundredths(v))
            })
            .collect();
        return Some(Some(Sheet {
            key: SheetKey {
                round: Arc::clone(round),
                entry: Arc::clone(entry),
                judge: Arc::clone(judge),
            },
            marks: Marks::from_slots(slots),
            state: if state == 1 {
                SheetState::Submitted
            } else {
                SheetState::Draft
            },
            reopened,
            version,
        }));
    }
    Some(None)
}

/// Each sheet in a value as stored, without building it: member id,
/// submitted or not, and its points in hundredths (`None` for none).
/// `None` when the bytes are not a sheet value.
pub fn each_sheet<'a>(
    bytes: &'a [u8],
    mut sheet: impl FnMut(&'a str, bool, Slots<'a>),
) -> Option<()> {
    let mut r = Reader(bytes);
    if r.u8()? != FORMAT {
        return None;
    }
    while !r.0.is_empty() {
        let len = usize::from(r.u8()?);
        let id = std::str::from_utf8(r.take(len)?).ok()?;
        let submitted = r.u8()? == 1;
        r.take(4 + 8)?;
        let n = usize::from(r.u8()?);
        sheet(id, submitted, Slots(r.take(4 * n)?.chunks_exact(4)));
    }
    Some(())
}

/// A stored sheet's points, in criterion order.
#[derive(Clone)]
pub struct Slots<'a>(std::slice::ChunksExact<'a, u8>);

impl Iterator for Slots<'_> {
    type Item = Option<u32>;

    fn next(&mut self) -> Option<Option<u32>> {
        let b = self.0.next()?;
        let v = u32::from_le_bytes([b[0], b[1], b[2], b[3]]);
        Some((v != NONE).then_some(v))
    }
}

struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        if self.0.len() < n {
            return None;
        }
        let (head, rest) = self.0.split_at(n);
        self.0 = rest;
        Some(head)
    }

    fn u8(&mut self) -> Option<u8> {
        self.take(1).map(|b| b[0])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheets_round_trip_and_damage_is_refused() {
        let (round, entry): (Arc<str>, Arc<str>) = ("main".into(), "SK01".into());
        let sheets = vec![
            Sheet {
                key: SheetKey::new("main", "SK01", "GK01"),
                marks: Marks::from_slots(vec![
                    Some(Points::whole(20)),
                    None,
                    Some(Points::from_hundredths(1850)),
                ]),
                state: SheetState::Submitted,
                reopened: 2,
                version: 7,
            },
            Sheet {
                key: SheetKey::new("main", "SK01", "GK10"),
                marks: Marks::from_slots(vec![None, None, None]),
                state: SheetState::Draft,
                reopened: 0,
                version: 1,
            },
        ];
        let bytes = encode(&sheets);
        let mut shared = |id: &str| Arc::<str>::from(id);
        assert_eq!(
            decode(&round, &entry, &bytes, &mut shared),
            Some(sheets.clone())
        );
        assert_eq!(
            decode_one(&round, &entry, &bytes, &"GK10".into()),
            Some(Some(sheets[1].clone()))
        );
        assert_eq!(
            decode_one(&round, &entry, &bytes, &"GK02".into()),
            Some(None)
        );
        assert_eq!(
            decode(&round, &entry, &bytes[..bytes.len() - 1], &mut shared),
            None
        );
        assert_eq!(decode(&round, &entry, b"{\"marks\":[]}", &mut shared), None);
    }
}
