//! The file's shape, as serde reads and writes it.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::error::{FileError, Problem};
use crate::domain::assignment::Assignment;
use crate::domain::conflict::Conflict;
use crate::domain::meeting::Meeting;
use crate::domain::text::nfc_in_place;
use crate::domain::unit::Unit;
use crate::domain::{AwardTier, ContestMeta, Criterion, Entry, Judge, Points, Round, Rules};
use crate::i18n::T;

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileV1 {
    pub format: String,
    pub contest: ContestMeta,
    #[serde(default)]
    pub criteria: Vec<Criterion>,
    #[serde(default)]
    pub judges: Vec<Judge>,
    #[serde(default)]
    pub entries: Vec<Entry>,
    #[serde(default)]
    pub scores: Vec<ScoreRecord>,
    #[serde(default)]
    pub awards: Vec<AwardTier>,
    /// Which unit belongs to which: a member of a unit has an interest in
    /// its sub-units' entries.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub units: Vec<Unit>,
    /// Reform areas the contest names itself, with their English names.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<crate::domain::entry::FieldName>,
    #[serde(default)]
    pub rules: Rules,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rounds: Vec<Round>,
    /// Recusals, and same-unit proposals the chair dismissed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conflicts: Vec<Conflict>,
    /// Which members mark which entries; none means everyone marks everything.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub assignments: Vec<Assignment>,
    /// The council's meeting, once the secretary records it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meeting: Option<Meeting>,
    /// Present in a judging packet and in the sheets a member sends back.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub packet: Option<Packet>,
}

/// A packet is one member's part of the contest, taken away to score
/// offline; a return is what they send back. Versions in a return are those
/// of the packet, so the merge can tell what changed on the server meanwhile.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Packet {
    pub kind: PacketKind,
    pub judge: String,
    pub made: String,
    /// The packet's secret, which its return must carry back to be merged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PacketKind {
    Packet,
    Return,
}

/// One member's marking of one entry: points, note and whether it is submitted.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScoreRecord {
    pub entry: String,
    pub judge: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub round: Option<String>,
    #[serde(default)]
    pub points: PointsByCriterion,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    #[serde(default)]
    pub submitted: bool,
    /// In packets and returns: the sheet's version on the server.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note_version: Option<u64>,
    /// Criterion id -> the member's remark on it.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub remarks: BTreeMap<String, String>,
    /// Comments on passages of the entry's write-up.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub annotations: Vec<crate::domain::Annotation>,
}

/// `{"novelty": 20, …}`, written in rubric order and read refusing a
/// criterion named twice (which a plain map would silently collapse).
#[derive(Debug, Default)]
pub struct PointsByCriterion(pub Vec<(String, Points)>);

impl PointsByCriterion {
    pub fn to_map(&self) -> BTreeMap<String, Points> {
        self.0.iter().cloned().collect()
    }
}

impl Serialize for PointsByCriterion {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for PointsByCriterion {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visit;
        impl<'de> serde::de::Visitor<'de> for Visit {
            type Value = PointsByCriterion;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an object of points by criterion id")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut a: A,
            ) -> Result<Self::Value, A::Error> {
                let mut out: Vec<(String, Points)> = Vec::new();
                let mut named = std::collections::HashSet::new();
                while let Some((k, v)) = a.next_entry::<String, Points>()? {
                    if !named.insert(k.clone()) {
                        return Err(serde::de::Error::custom(format!(
                            "the criterion \"{k}\" appears twice"
                        )));
                    }
                    out.push((k, v));
                }
                Ok(PointsByCriterion(out))
            }
        }
        d.deserialize_map(Visit)
    }
}

/// Only the format tag, read first so that another kind of file gets a plain answer.
#[derive(Deserialize)]
struct FormatProbe {
    format: Option<serde_json::Value>,
}

pub fn parse(name: &str, text: &str) -> Result<FileV1, FileError> {
    let probe: FormatProbe = serde_json::from_str(text).map_err(|e| syntax(name, "", &e))?;
    match probe.format {
        Some(serde_json::Value::String(f)) if f == super::FORMAT => {}
        Some(other) => {
            return Err(FileError::single(
                name,
                Problem::new(
                    "format",
                    super::error::said(T::FileOtherFormat, &[&other, &super::FORMAT]),
                ),
            ));
        }
        None => {
            return Err(FileError::single(
                name,
                Problem::new(
                    "format",
                    super::error::said(T::FileNoFormat, &[&super::FORMAT]),
                ),
            ));
        }
    }
    let mut de = serde_json::Deserializer::from_str(text);
    let file: FileV1 = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        syntax(name, if path == "." { "" } else { &path }, e.inner())
    })?;
    de.end().map_err(|e| syntax(name, "", &e))?;
    Ok(file)
}

fn syntax(name: &str, path: &str, e: &serde_json::Error) -> FileError {
    // serde_json appends " at line L column C"; we print the place ourselves.
    let message = e.to_string();
    let message = match message.rfind(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message,
    };
    let message = if e.is_eof() {
        format!("{message} (the file ends too early: is it cut off?)")
    } else if message.starts_with("key must be a string") {
        format!("{message} (is there a comma before a closing brace?)")
    } else {
        message
    };
    FileError::single(
        name,
        Problem::at(
            path,
            e.line(),
            e.column(),
            super::error::Said::Json(message),
        ),
    )
}

impl FileV1 {
    /// Text is NFC everywhere, whatever the editor that wrote the file produced.
    pub fn normalize(&mut self) {
        let c = &mut self.contest;
        for s in [&mut c.id, &mut c.title, &mut c.organizer] {
            nfc_in_place(s);
        }
        for s in [c.council.as_mut(), c.locality.as_mut()]
            .into_iter()
            .flatten()
        {
            nfc_in_place(s);
        }
        for cr in &mut self.criteria {
            nfc_in_place(&mut cr.id);
            cr.name.normalize();
            cr.guide.normalize();
            for b in &mut cr.bands {
                b.label.normalize();
            }
        }
        for j in &mut self.judges {
            for s in [&mut j.id, &mut j.name] {
                nfc_in_place(s);
            }
            let optional = [j.user.as_mut(), j.unit.as_mut(), j.position.as_mut()];
            for s in optional.into_iter().flatten() {
                nfc_in_place(s);
            }
        }
        if let Some(m) = &mut self.meeting {
            m.normalize();
        }
        for e in &mut self.entries {
            for s in [
                &mut e.id,
                &mut e.title,
                &mut e.unit,
                &mut e.field,
                &mut e.summary,
            ] {
                nfc_in_place(s);
            }
            for s in [
                &mut e.document,
                &mut e.scope,
                &mut e.proposed_by,
                &mut e.reason,
            ] {
                nfc_in_place(s);
            }
            for a in &mut e.authors {
                nfc_in_place(&mut a.name);
                let optional = [a.position.as_mut(), a.unit.as_mut()];
                optional.into_iter().flatten().for_each(nfc_in_place);
            }
            for a in &mut e.attachments {
                nfc_in_place(&mut a.name);
                nfc_in_place(&mut a.path);
                nfc_in_place(&mut a.kind);
            }
        }
        for f in &mut self.fields {
            nfc_in_place(&mut f.id);
            nfc_in_place(&mut f.name);
            for s in [&mut f.name_en, &mut f.short, &mut f.short_en] {
                s.iter_mut().for_each(nfc_in_place);
            }
        }
        for u in &mut self.units {
            nfc_in_place(&mut u.name);
            u.parent.iter_mut().for_each(nfc_in_place);
        }
        for s in &mut self.scores {
            nfc_in_place(&mut s.entry);
            nfc_in_place(&mut s.judge);
            if let Some(r) = s.round.as_mut() {
                nfc_in_place(r);
            }
            if let Some(n) = s.note.as_mut() {
                nfc_in_place(n);
            }
            s.remarks = std::mem::take(&mut s.remarks)
                .into_iter()
                .map(|(c, r)| (crate::domain::text::nfc(&c), crate::domain::text::nfc(&r)))
                .collect();
            for a in &mut s.annotations {
                nfc_in_place(&mut a.passage);
                nfc_in_place(&mut a.comment);
            }
            for (k, _) in &mut s.points.0 {
                nfc_in_place(k);
            }
        }
        for a in &mut self.awards {
            nfc_in_place(&mut a.id);
            a.name.normalize();
            if let Some(short) = &mut a.short {
                short.normalize();
            }
        }
        self.rules.tiebreak.iter_mut().for_each(nfc_in_place);
        for g in &mut self.rules.grades {
            nfc_in_place(&mut g.name);
        }
        for r in &mut self.rounds {
            nfc_in_place(&mut r.id);
            r.name.normalize();
            r.entries.iter_mut().flatten().for_each(nfc_in_place);
        }
        for c in &mut self.conflicts {
            for s in [&mut c.judge, &mut c.entry, &mut c.reason] {
                nfc_in_place(s);
            }
        }
        for a in &mut self.assignments {
            for s in [&mut a.entry, &mut a.judge] {
                nfc_in_place(s);
            }
            if let Some(r) = a.round.as_mut() {
                nfc_in_place(r);
            }
        }
    }
}
