//! Sharing entries out among members: each entry to k members, loads as even
//! as they can be, never to a member with a conflict, the same every time.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::contest::Contest;

/// Which members mark which entries, per round. A round without any marks
/// every entry by every member.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Assignments(BTreeMap<Arc<str>, BTreeSet<Pair>>);

/// (entry, member), ordered by entry so an entry's members are one range.
type Pair = (Arc<str>, Arc<str>);

/// One line of the contest file's `assignments`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Assignment {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub round: Option<String>,
    pub entry: String,
    pub judge: String,
}

impl Assignments {
    pub fn has_round(&self, round: &str) -> bool {
        self.0.get(round).is_some_and(|s| !s.is_empty())
    }

    pub fn contains(&self, round: &str, entry: &str, judge: &str) -> bool {
        self.0
            .get(round)
            .is_some_and(|s| s.contains(&(Arc::from(entry), Arc::from(judge))))
    }

    /// The members assigned to `entry` in `round`, in id order.
    pub fn judges_of<'a>(
        &'a self,
        round: &str,
        entry: &'a str,
    ) -> impl Iterator<Item = &'a str> + 'a {
        let set = self.0.get(round);
        let start: Pair = (Arc::from(entry), Arc::from(""));
        set.into_iter()
            .flat_map(move |s| s.range(start.clone()..))
            .take_while(move |(e, _)| &**e == entry)
            .map(|(_, j)| &**j)
    }

    pub fn add(&mut self, round: &str, entry: &str, judge: &str) {
        self.0
            .entry(Arc::from(round))
            .or_default()
            .insert((Arc::from(entry), Arc::from(judge)));
    }

    /// As `add`, with ids already shared: a contest read back holds tens of
    /// thousands of pairs over a few thousand ids.
    pub fn add_shared(&mut self, round: &str, entry: Arc<str>, judge: Arc<str>) {
        match self.0.get_mut(round) {
            Some(pairs) => pairs.insert((entry, judge)),
            None => self
                .0
                .entry(Arc::from(round))
                .or_default()
                .insert((entry, judge)),
        };
    }

    pub fn remove(&mut self, round: &str, entry: &str, judge: &str) {
        if let Some(s) = self.0.get_mut(round) {
            s.remove(&(Arc::from(entry), Arc::from(judge)));
        }
    }

    pub fn clear_round(&mut self, round: &str) {
        self.0.remove(round);
    }

    pub fn len(&self) -> usize {
        self.0.values().map(BTreeSet::len).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Every (round, entry, member), in order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str, &str)> {
        self.0
            .iter()
            .flat_map(|(r, s)| s.iter().map(move |(e, j)| (&**r, &**e, &**j)))
    }

    /// How many entries each member has in `round`.
    pub fn loads(&self, round: &str) -> BTreeMap<String, usize> {
        let mut loads = BTreeMap::new();
        for (_, j) in self.0.get(round).into_iter().flatten() {
            *loads.entry(j.to_string()).or_insert(0) += 1;
        }
        loads
    }
}

/// Why entries could not be shared out.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum AssignError {
    /// Fewer members free of conflict than the entry needs.
    TooFewFor {
        entry: String,
        free: usize,
        wanted: usize,
    },
    ZeroPerEntry,
}

impl std::fmt::Display for AssignError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            AssignError::TooFewFor {
                entry,
                free,
                wanted,
            } => write!(
                f,
                "{entry} needs {wanted} members but only {free} have no conflict with it; lower --per-entry or settle the conflicts"
            ),
            AssignError::ZeroPerEntry => write!(f, "each entry needs at least one member"),
        }
    }
}

/// Whether `judge` may not mark `entry`: recused, or proposed as conflicted
/// (same unit) and not dismissed by the chair.
pub fn conflicted(contest: &Contest, judge: &str, entry: &str) -> bool {
    if contest.is_recused(judge, entry) {
        return true;
    }
    if contest
        .conflicts
        .iter()
        .any(|c| c.dismissed && c.judge == judge && c.entry == entry)
    {
        return false;
    }
    match (contest.judge(judge), contest.entry(entry)) {
        (Some(j), Some(e)) => super::conflict::ground(contest, j, e).is_some(),
        _ => false,
    }
}

/// The members who already have a sheet (draft or submitted) for an entry of
/// `round` and are not recused from it: their work is kept, so they stay.
/// `contest` must hold the round's sheets.
pub fn with_sheets(contest: &Contest, round: &str) -> BTreeSet<(String, String)> {
    contest
        .sheets
        .keys()
        .filter(|k| *k.round == *round && !contest.is_recused(&k.judge, &k.entry))
        .map(|k| (k.entry.to_string(), k.judge.to_string()))
        .collect()
}

/// The (entry, member) pairs markable in `round` now whose member has a note
/// there but no sheet, and that `fresh` would take away: work that would
/// freeze. `contest` must hold the round's notes.
pub fn drafts_taken(contest: &Contest, round: &str, fresh: &Assignments) -> Vec<(String, String)> {
    contest
        .notes
        .iter()
        .filter(|(k, n)| *k.round == *round && !n.text.trim().is_empty())
        .filter(|(k, _)| contest.may_mark(round, &k.entry, &k.judge))
        .filter(|(k, _)| !fresh.contains(round, &k.entry, &k.judge))
        .filter(|(k, _)| !contest.is_recused(&k.judge, &k.entry))
        .map(|(k, _)| (k.entry.to_string(), k.judge.to_string()))
        .collect()
}

/// A fresh assignment of every entry of `round` to `per_entry` members.
///
/// Members in `kept` (those with a sheet already) keep their entries and
/// count towards `per_entry`; the rest is shared out.
///
/// Greedy and deterministic: entries in contest order, each to the
/// conflict-free members with the fewest entries so far, ties broken by a
/// hash of (entry, member) so that no member is always first, then by id.
/// Loads end within one of each other unless conflicts prevent it.
pub fn assign(
    contest: &Contest,
    round: &str,
    per_entry: usize,
    kept: &BTreeSet<(String, String)>,
) -> Result<Assignments, AssignError> {
    if per_entry == 0 {
        return Err(AssignError::ZeroPerEntry);
    }
    // Only members who score are shared entries (a secretary is not).
    let scorers: Vec<&super::Judge> = contest.scorers().collect();
    let judges: Vec<&str> = scorers.iter().map(|j| j.id.as_str()).collect();
    let decided: std::collections::HashMap<(&str, &str), bool> = contest
        .conflicts
        .iter()
        .map(|c| ((c.judge.as_str(), c.entry.as_str()), c.dismissed))
        .collect();
    let mut load = vec![0usize; judges.len()];
    let mut out = Assignments::default();
    let index: std::collections::HashMap<&str, usize> =
        judges.iter().enumerate().map(|(i, j)| (*j, i)).collect();
    let round_entries = contest.round_entries(round);
    let in_round: BTreeSet<&str> = round_entries
        .iter()
        .map(|&ei| contest.entries[ei].id.as_str())
        .collect();
    // Work done stays where it is, and weighs in the loads.
    for (entry, judge) in kept {
        if let Some(&j) = index.get(judge.as_str())
            && in_round.contains(entry.as_str())
        {
            load[j] += 1;
            out.add(round, entry, judge);
        }
    }
    for &ei in &round_entries {
        let entry = &contest.entries[ei];
        let blocked = |j: usize| match decided.get(&(judges[j], entry.id.as_str())) {
            Some(dismissed) => !dismissed,
            None => super::conflict::ground(contest, scorers[j], entry).is_some(),
        };
        let has = out.judges_of(round, &entry.id).count();
        let wanted = per_entry.saturating_sub(has);
        let mut free: Vec<usize> = (0..judges.len())
            .filter(|&j| !blocked(j) && !out.contains(round, &entry.id, judges[j]))
            .collect();
        if free.len() < wanted {
            return Err(AssignError::TooFewFor {
                entry: entry.id.clone(),
                free: free.len() + has,
                wanted: per_entry,
            });
        }
        free.sort_by_key(|&j| (load[j], mix(&entry.id, judges[j]), judges[j]));
        for &j in &free[..wanted] {
            load[j] += 1;
            out.add(round, &entry.id, judges[j]);
        }
    }
    Ok(out)
}

/// A small stable hash (FNV-1a) so ties do not always favour the same member.
fn mix(entry: &str, judge: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in entry.bytes().chain([0]).chain(judge.bytes()) {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// The member to add to `entry` for a third marking: the least loaded of
/// `extra_markers`. Without assignments every member marks every entry
/// already: `None`.
pub fn extra_marker(contest: &Contest, round: &str, entry: &str) -> Option<String> {
    extra_markers(contest, round, entry)
        .into_iter()
        .next()
        .map(|(judge, _)| judge)
}

/// Members who could mark `entry` too, with the number of entries each
/// marks in the round, least loaded first: conflict-free, not assigned to
/// it, and without a sheet for it (a member who already marked it is no
/// new pair of eyes).
pub fn extra_markers(contest: &Contest, round: &str, entry: &str) -> Vec<(String, usize)> {
    if !contest.assignments.has_round(round) {
        return Vec::new();
    }
    let loads = contest.assignments.loads(round);
    let mut free: Vec<(String, usize)> = contest
        .judges
        .iter()
        .filter(|j| !conflicted(contest, &j.id, entry))
        .filter(|j| !contest.assignments.contains(round, entry, &j.id))
        .filter(|j| {
            contest
                .sheet(&crate::domain::SheetKey::new(round, entry, &j.id))
                .is_none()
        })
        .map(|j| (j.id.clone(), loads.get(&j.id).copied().unwrap_or(0)))
        .collect();
    free.sort_by_key(|(j, load)| (*load, mix(entry, j), j.clone()));
    free
}
