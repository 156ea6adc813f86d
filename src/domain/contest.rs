//! A contest: its definition (rubric, council, entries, prizes, rules, rounds)
//! and every sheet and note written so far.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

use super::assignment::Assignments;
use super::conflict::Conflict;
use super::entry::Entry;
use super::panel::Judge;
use super::points::Points;
pub use super::round::{Advance, DEFAULT_ROUND, Round, RubricNotice};
use super::rubric::Rubric;
use super::sheet::{Note, Sheet, SheetKey};
use super::text::Bilingual;

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContestMeta {
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub organizer: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year: Option<u32>,
    /// The council's name as its documents head it ("Hội đồng xét, công
    /// nhận sáng kiến …"); "Hội đồng chấm" when not given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub council: Option<String>,
    /// The địa danh documents are dated from ("Phú Khang").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locality: Option<String>,
    /// Where people read times: an IANA zone, Asia/Ho_Chi_Minh when not given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timezone: Option<String>,
    /// The last day to submit (YYYY-MM-DD): entries submitted after it are late.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deadline: Option<String>,
}

/// A prize level (giải Nhất, Nhì, Ba, Khuyến khích), taken in order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AwardTier {
    pub id: String,
    pub name: Bilingual,
    /// A short form for narrow columns ("KK" for giải Khuyến khích); optional,
    /// so older contest files stay valid.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub short: Option<Bilingual>,
    pub count: u32,
    #[serde(default)]
    pub min_total: Points,
    /// Mức thưởng in đồng, printed in the tờ trình when given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<u64>,
}

/// Who may see other members' sheets and the aggregate.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Visibility {
    /// Only one's own sheets until the chair publishes results.
    #[default]
    Blind,
    /// The other submitted sheets of an entry once one's own sheet for it is submitted.
    AfterSubmit,
    /// Every submitted sheet, as it is submitted.
    Open,
}

fn default_gap() -> Points {
    Points::whole(20)
}

fn is_default_visibility(v: &Visibility) -> bool {
    *v == Visibility::Blind
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rules {
    /// A gap this large between members' totals calls for a third marking.
    #[serde(default = "default_gap")]
    pub disagreement_gap: Points,
    /// Criteria whose means break ties, in order.
    #[serde(default)]
    pub tiebreak: Vec<String>,
    #[serde(default, skip_serializing_if = "is_default_visibility")]
    pub visibility: Visibility,
    /// The share of the council that makes a meeting valid (default 2/3).
    #[serde(default, skip_serializing_if = "super::meeting::Quorum::is_default")]
    pub quorum: super::meeting::Quorum,
    /// Xếp loại by score, highest first (optional).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub grades: Vec<super::grade::Grade>,
}

impl Default for Rules {
    fn default() -> Rules {
        Rules {
            disagreement_gap: default_gap(),
            tiebreak: Vec::new(),
            visibility: Visibility::Blind,
            quorum: Default::default(),
            grades: Vec::new(),
        }
    }
}

/// Everything the council works with.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Contest {
    pub meta: ContestMeta,
    pub rubric: Rubric,
    pub judges: Vec<Judge>,
    pub entries: Vec<Entry>,
    pub awards: Vec<AwardTier>,
    /// Which unit belongs to which, for conflicts of interest (optional).
    pub units: Vec<super::unit::Unit>,
    /// Reform areas the contest names itself (optional).
    pub fields: Vec<super::entry::FieldName>,
    pub rules: Rules,
    pub rounds: Vec<Round>,
    /// Whether the chair has shown every sheet and the ranking to the council.
    pub published: bool,
    /// Recusals, and proposals the chair dismissed.
    pub conflicts: Vec<Conflict>,
    pub assignments: Assignments,
    /// The chair's leave to change a locked rubric, used up by the change.
    pub rubric_unlock: Option<RubricNotice>,
    /// The last change of the rubric, for telling the members.
    pub rubric_changed: Option<RubricNotice>,
    /// The council's meeting, as the secretary records it.
    pub meeting: Option<super::meeting::Meeting>,
    /// The chair's reminders to members, until each member dismisses theirs.
    pub reminders: Vec<super::reminder::Reminder>,
    pub sheets: BTreeMap<SheetKey, Sheet>,
    pub notes: BTreeMap<SheetKey, Note>,
    /// The published standing, given by the server to a member recused from
    /// an entry (whose sheets they do not receive); empty otherwise.
    pub official: Vec<super::official::Standing>,
    entry_index: HashMap<String, usize>,
}

impl Contest {
    /// A reform area's name in `lang`: the contest's own, else the
    /// programme's, else its id.
    pub fn field_label(&self, field: &str, lang: super::Lang) -> String {
        match self.fields.iter().find(|f| f.id == field) {
            Some(f) => f.name(lang).to_string(),
            None => super::entry::field_label(field, lang),
        }
    }

    /// A reform area's short name in `lang`, for narrow columns.
    pub fn field_short<'a>(&'a self, field: &'a str, lang: super::Lang) -> &'a str {
        match self.fields.iter().find(|f| f.id == field) {
            Some(f) => f.short(lang),
            None => super::entry::field_short(field, lang),
        }
    }

    /// The contest without its sheets and notes: what the rules are checked against.
    pub fn definition(&self) -> Contest {
        Contest {
            meta: self.meta.clone(),
            rubric: self.rubric.clone(),
            judges: self.judges.clone(),
            entries: self.entries.clone(),
            awards: self.awards.clone(),
            units: self.units.clone(),
            fields: self.fields.clone(),
            rules: self.rules.clone(),
            rounds: self.rounds.clone(),
            published: self.published,
            conflicts: self.conflicts.clone(),
            assignments: self.assignments.clone(),
            rubric_unlock: self.rubric_unlock.clone(),
            rubric_changed: self.rubric_changed.clone(),
            meeting: self.meeting.clone(),
            reminders: self.reminders.clone(),
            sheets: BTreeMap::new(),
            notes: BTreeMap::new(),
            official: self.official.clone(),
            entry_index: self.entry_index.clone(),
        }
    }

    /// Builds the lookup index; call after replacing `entries`.
    pub fn reindex(&mut self) {
        self.entry_index = self
            .entries
            .iter()
            .enumerate()
            .map(|(i, e)| (e.id.clone(), i))
            .collect();
    }

    pub fn entry(&self, id: &str) -> Option<&Entry> {
        match self.entry_index.get(id) {
            Some(&i) => self.entries.get(i),
            None => self.entries.iter().find(|e| e.id == id),
        }
    }

    /// The position of an entry in contest order.
    pub fn entry_position(&self, id: &str) -> Option<usize> {
        match self.entry_index.get(id) {
            Some(&i) => Some(i),
            None => self.entries.iter().position(|e| e.id == id),
        }
    }

    /// The prize's name as people read it; the id only if the contest has no such prize.
    pub fn award_name(&self, id: &str, lang: super::text::Lang) -> String {
        self.awards
            .iter()
            .find(|a| a.id == id)
            .map(|a| a.name.get(lang).to_string())
            .unwrap_or_else(|| id.to_string())
    }

    /// The members who mark entries, in council order (a secretary who is
    /// only a secretary does not).
    pub fn scorers(&self) -> impl Iterator<Item = &Judge> + '_ {
        self.judges.iter().filter(|j| j.scores())
    }

    pub fn judge(&self, id: &str) -> Option<&Judge> {
        self.judges.iter().find(|j| j.id == id)
    }

    /// The member a person typed (`--judge gk02`): the exact id, else the
    /// one id equal to it but for case.
    pub fn find_judge(&self, typed: &str) -> Option<&Judge> {
        find_judge(&self.judges, typed)
    }

    pub fn round(&self, id: &str) -> Option<&Round> {
        self.rounds.iter().find(|r| r.id == id)
    }

    /// The round judges are working in now: the first one not closed.
    pub fn current_round(&self) -> &str {
        self.rounds
            .iter()
            .find(|r| !r.closed)
            .or(self.rounds.last())
            .map(|r| r.id.as_str())
            .unwrap_or(DEFAULT_ROUND)
    }

    pub fn sheet(&self, key: &SheetKey) -> Option<&Sheet> {
        self.sheets.get(key)
    }

    pub fn note(&self, key: &SheetKey) -> Option<&Note> {
        self.notes.get(key)
    }

    /// The sheets of one entry in one round, in judge-id order.
    pub fn sheets_of_entry<'a>(
        &'a self,
        round: &str,
        entry: &str,
    ) -> impl Iterator<Item = &'a Sheet> + 'a {
        let start = SheetKey::new(round, entry, "");
        let (round, entry) = (round.to_string(), entry.to_string());
        self.sheets
            .range(start..)
            .take_while(move |(k, _)| *k.round == *round && *k.entry == *entry)
            .map(|(_, s)| s)
    }

    /// The members expected to mark `entry` in `round`: those assigned to it
    /// (every member when the round has no assignments) and those who already
    /// have a sheet for it there, less the recused. A sheet keeps its member
    /// expected whatever a later sharing-out says, so no count orphans it.
    pub fn expected_judges<'a>(
        &'a self,
        round: &str,
        entry: &str,
    ) -> impl Iterator<Item = &'a Judge> + 'a {
        let free = |j: &&Judge| j.scores() && !self.is_recused(&j.id, entry);
        let judges: Vec<&'a Judge> = if self.assignments.has_round(round) {
            // From the entry's assignments and sheets, both in id order,
            // not a look-up for every member.
            let mut ids: Vec<&str> = self.assignments.judges_of(round, entry).collect();
            ids.extend(self.sheets_of_entry(round, entry).map(|s| &*s.key.judge));
            ids.sort_unstable();
            ids.dedup();
            ids.into_iter()
                .filter_map(|id| self.judge(id))
                .filter(free)
                .collect()
        } else {
            self.judges.iter().filter(free).collect()
        };
        judges.into_iter()
    }

    /// Whether `judge` has recused themselves (or been recused) from `entry`.
    pub fn is_recused(&self, judge: &str, entry: &str) -> bool {
        self.conflicts
            .iter()
            .any(|c| c.is_recusal() && c.judge == judge && c.entry == entry)
    }

    /// The admitted entries of `round`, as positions in contest order: the
    /// ones assigned, scored, counted and ranked. Pending and rejected
    /// entries stay in `entries` for the secretariat and the minutes.
    pub fn round_entries(&self, round: &str) -> Vec<usize> {
        let mut v: Vec<usize> = match self.round(round).and_then(|r| r.entries.as_ref()) {
            None => (0..self.entries.len()).collect(),
            Some(ids) => ids
                .iter()
                .filter_map(|id| self.entry_position(id))
                .collect(),
        };
        v.retain(|&p| self.entries[p].is_admitted());
        v.sort_unstable();
        v
    }

    /// Whether `judge` may mark `entry` in `round` as far as assignments go.
    pub fn may_mark(&self, round: &str, entry: &str, judge: &str) -> bool {
        self.judge(judge).is_some_and(Judge::scores)
            && (!self.assignments.has_round(round)
                || self.assignments.contains(round, entry, judge))
    }

    /// The rubric is locked once a sheet of the round is submitted, unless
    /// the chair has unlocked it.
    pub fn rubric_locked(&self, round: &str) -> bool {
        self.rubric_unlock.is_none()
            && self
                .sheets
                .values()
                .any(|s| *s.key.round == *round && s.is_submitted())
    }

    pub fn put_sheet(&mut self, sheet: Sheet) {
        self.sheets.insert(sheet.key.clone(), sheet);
    }

    pub fn put_note(&mut self, note: Note) {
        self.notes.insert(note.key.clone(), note);
    }
}

/// The member `typed` names: the exact id, else the only id equal to it
/// but for case (two such ids and the typed one names neither).
pub fn find_judge<'a>(judges: &'a [Judge], typed: &str) -> Option<&'a Judge> {
    let typed = typed.trim();
    if let Some(j) = judges.iter().find(|j| j.id == typed) {
        return Some(j);
    }
    let key = super::fold::name_key(typed);
    let mut alike = judges
        .iter()
        .filter(|j| super::fold::name_key(&j.id) == key);
    match (alike.next(), alike.next()) {
        (Some(j), None) => Some(j),
        _ => None,
    }
}
