//! Score sheets (phiếu chấm điểm) and notes (nhận xét): one judge, one entry, one round.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::points::Points;
use super::rubric::Rubric;

/// Which sheet: a judge's marking of an entry in a round. Ids are shared
/// (`Arc<str>`) because a national contest holds a quarter of a million sheets.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct SheetKey {
    pub round: Arc<str>,
    pub entry: Arc<str>,
    pub judge: Arc<str>,
}

impl SheetKey {
    pub fn new(round: &str, entry: &str, judge: &str) -> SheetKey {
        SheetKey {
            round: round.into(),
            entry: entry.into(),
            judge: judge.into(),
        }
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SheetState {
    #[default]
    Draft,
    Submitted,
}

/// The points of one sheet, one slot per criterion in rubric order (stored
/// and sent as a positional array; the contest file uses criterion ids).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Marks(Box<[Option<Points>]>);

impl Marks {
    /// Marks from one slot per criterion, in rubric order.
    pub fn from_slots(slots: Vec<Option<Points>>) -> Marks {
        Marks(slots.into_boxed_slice())
    }

    pub fn empty(rubric: &Rubric) -> Marks {
        Marks(vec![None; rubric.len()].into_boxed_slice())
    }

    /// Points by criterion id; `Err(id)` names a criterion the rubric lacks.
    pub fn from_map(rubric: &Rubric, map: &BTreeMap<String, Points>) -> Result<Marks, String> {
        let mut marks = Marks::empty(rubric);
        for (id, &p) in map {
            let i = rubric.position(id).ok_or_else(|| id.clone())?;
            marks.0[i] = Some(p);
        }
        Ok(marks)
    }

    pub fn to_map(&self, rubric: &Rubric) -> BTreeMap<String, Points> {
        rubric
            .criteria
            .iter()
            .zip(self.0.iter())
            .filter_map(|(c, p)| p.map(|p| (c.id.clone(), p)))
            .collect()
    }

    /// The points for the criterion at `index` in the rubric.
    pub fn get(&self, index: usize) -> Option<Points> {
        self.0.get(index).copied().flatten()
    }

    pub fn set(&mut self, index: usize, points: Option<Points>) {
        if let Some(slot) = self.0.get_mut(index) {
            *slot = points;
        }
    }

    pub fn total(&self) -> Points {
        self.0.iter().flatten().copied().sum()
    }

    pub fn is_empty(&self) -> bool {
        self.0.iter().all(Option::is_none)
    }

    pub fn slots(&self) -> &[Option<Points>] {
        &self.0
    }
}

/// A judge's points for one entry. Drafts never count in a ranking.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sheet {
    pub key: SheetKey,
    pub marks: Marks,
    pub state: SheetState,
    /// How many times it was reopened after being submitted; shown to the council.
    #[serde(default)]
    pub reopened: u32,
    /// Bumped on every write, so a write based on an old copy can be refused.
    pub version: u64,
}

impl Sheet {
    pub fn new(key: SheetKey, rubric: &Rubric) -> Sheet {
        Sheet {
            key,
            marks: Marks::empty(rubric),
            ..Sheet::default()
        }
    }

    pub fn is_submitted(&self) -> bool {
        self.state == SheetState::Submitted
    }

    /// The sum of the points given so far.
    pub fn total(&self) -> Points {
        self.marks.total()
    }

    /// The criteria of `rubric` this sheet has no points for, in rubric order.
    pub fn missing<'r>(&self, rubric: &'r Rubric) -> Vec<&'r str> {
        rubric
            .criteria
            .iter()
            .enumerate()
            .filter(|(i, _)| self.marks.get(*i).is_none())
            .map(|(_, c)| c.id.as_str())
            .collect()
    }

    pub fn is_complete(&self, rubric: &Rubric) -> bool {
        self.missing(rubric).is_empty()
    }
}

/// A judge's remarks on an entry, kept apart from the points: the overall
/// note, a short remark per criterion and comments on passages of the
/// write-up. One record, so they share one version, visibility and audit.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Note {
    pub key: SheetKey,
    pub text: String,
    pub version: u64,
    /// Criterion id -> the member's short remark on that criterion
    /// (nhận xét theo tiêu chí); a criterion without one is absent.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub remarks: BTreeMap<String, String>,
    /// Comments on passages of the entry's write-up, in the order written.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub annotations: Vec<Annotation>,
}

impl Note {
    /// Nothing written: no text, no remark, no annotation.
    pub fn is_empty(&self) -> bool {
        self.text.is_empty() && self.remarks.is_empty() && self.annotations.is_empty()
    }

    /// The remark on `criterion`, if the member wrote one.
    pub fn remark(&self, criterion: &str) -> Option<&str> {
        self.remarks.get(criterion).map(String::as_str)
    }

    /// `(criterion id, remark)` in rubric order, then the remarks on
    /// criteria the rubric no longer has (kept: they are the member's words).
    pub fn remarks_in_order<'a>(&'a self, rubric: &'a Rubric) -> Vec<(&'a str, &'a str)> {
        let known = rubric
            .criteria
            .iter()
            .filter_map(|c| Some((c.id.as_str(), self.remark(&c.id)?)));
        let gone = self
            .remarks
            .iter()
            .filter(|(c, _)| rubric.get(c).is_none())
            .map(|(c, r)| (c.as_str(), r.as_str()));
        known.chain(gone).collect()
    }
}

/// About how many bytes a note's words take: what a save of it costs.
pub fn words_bytes(
    text: &str,
    remarks: &BTreeMap<String, String>,
    annotations: &[Annotation],
) -> usize {
    text.len()
        + remarks
            .iter()
            .map(|(c, r)| c.len() + r.len())
            .sum::<usize>()
        + annotations
            .iter()
            .map(|a| a.passage.len() + a.comment.len() + 16)
            .sum::<usize>()
}

/// A member's comment on lines of an entry's write-up (ghi chú trên đoạn văn).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Annotation {
    /// Lines of the entry's `document` (0-based, split on '\n'), first and
    /// last inclusive.
    pub first_line: u32,
    pub last_line: u32,
    /// The passage as it read when the comment was written (the write-up
    /// may be imported again later; the comment keeps what it was about).
    pub passage: String,
    pub comment: String,
}

/// The longest passage an annotation keeps; a longer one is cut with "…".
pub const MAX_PASSAGE_BYTES: usize = 2 * 1024;

impl Annotation {
    /// An annotation on lines `first..=last` of `document`, quoting them
    /// (cut to `MAX_PASSAGE_BYTES` on a character boundary).
    pub fn on(document: &str, first: u32, last: u32, comment: &str) -> Annotation {
        let (first, last) = (first.min(last), first.max(last));
        let passage: Vec<&str> = document
            .split('\n')
            .skip(first as usize)
            .take((last - first) as usize + 1)
            .collect();
        Annotation {
            first_line: first,
            last_line: last,
            passage: clip(&passage.join("\n"), MAX_PASSAGE_BYTES),
            comment: comment.to_string(),
        }
    }

    /// Whether line `line` of the write-up is in the annotated passage.
    pub fn covers(&self, line: u32) -> bool {
        (self.first_line..=self.last_line).contains(&line)
    }
}

/// `text` cut to at most `max` bytes on a character boundary, ending in "…" when cut.
fn clip(text: &str, max: usize) -> String {
    if text.len() <= max {
        return text.to_string();
    }
    let mut end = max.saturating_sub('…'.len_utf8());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", &text[..end])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Bilingual, Criterion};

    fn rubric() -> Rubric {
        let c = |id: &str, max| Criterion {
            id: id.into(),
            name: Bilingual::new(id, id),
            max: Points::whole(max),
            step: Points::whole(1),
            min_to_award: Points::ZERO,
            guide: Bilingual::default(),
            bands: vec![],
        };
        Rubric::new(vec![
            c("novelty", 25),
            c("creativity", 25),
            c("effectiveness", 30),
        ])
    }

    #[test]
    fn total_and_missing() {
        let r = rubric();
        let mut s = Sheet::new(SheetKey::new("r", "SK01", "GK01"), &r);
        s.marks.set(0, Some(Points::whole(20)));
        s.marks.set(2, Some(Points::from_hundredths(2250)));
        assert_eq!(s.total(), Points::from_hundredths(4250));
        assert_eq!(s.missing(&r), vec!["creativity"]);
        assert!(!s.is_complete(&r));
        s.marks.set(1, Some(Points::ZERO));
        assert!(s.is_complete(&r));
    }

    #[test]
    fn marks_convert_to_and_from_ids() {
        let r = rubric();
        let map: BTreeMap<String, Points> =
            [("effectiveness".to_string(), Points::whole(30))].into();
        let marks = Marks::from_map(&r, &map).unwrap();
        assert_eq!(marks.get(2), Some(Points::whole(30)));
        assert_eq!(marks.get(0), None);
        assert_eq!(marks.to_map(&r), map);
        let bad: BTreeMap<String, Points> = [("speed".to_string(), Points::whole(1))].into();
        assert_eq!(Marks::from_map(&r, &bad), Err("speed".to_string()));
    }

    #[test]
    fn an_annotation_quotes_its_lines() {
        let doc = "# Đề xuất\nDòng một.\nDòng hai.\nDòng ba.";
        let a = Annotation::on(doc, 2, 1, "rõ ràng");
        assert_eq!((a.first_line, a.last_line), (1, 2));
        assert_eq!(a.passage, "Dòng một.\nDòng hai.");
        assert!(a.covers(2) && !a.covers(3));
        let long = "ă".repeat(MAX_PASSAGE_BYTES);
        let cut = Annotation::on(&long, 0, 0, "").passage;
        assert!(cut.len() <= MAX_PASSAGE_BYTES && cut.ends_with('…'));
    }

    #[test]
    fn an_old_note_reads_and_writes_as_before() {
        let old = r#"{"key":{"round":"r","entry":"SK01","judge":"GK01"},"text":"tốt","version":2}"#;
        let n: Note = serde_json::from_str(old).unwrap();
        assert!(n.remarks.is_empty() && n.annotations.is_empty());
        assert_eq!(serde_json::to_string(&n).unwrap(), old);
    }
}
