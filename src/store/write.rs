//! Writing: a whole contest (import), a member's change, a chair's change.
//! Each is one transaction with its audit record.

use std::sync::Arc;

use serde_json::{Value, json};
use sled::Transactional;
use sled::transaction::{ConflictableTransactionError, TransactionError, TransactionalTree};

use super::audit::{Who, append};
use super::read::{decode_note, encode_note};
use super::{SCHEMA_VERSION, Store, StoreError, abort, codec, encode, keys, sheets, unwrap_tx};
use crate::domain::assignment::Assignment;
use crate::domain::audit::{self, Event};
use crate::domain::audit_match;
use crate::domain::change::{self, Record, Target};
use crate::domain::{Change, Contest, CouncilChange, Judge, Marks, Sheet, SheetState};

/// An encoded key and value, ready for a transaction.
type KeyValue = (Vec<u8>, Vec<u8>);

/// Meta keys that belong to the contest (not the audit head or a packet).
const DEFINITION_KEYS: [&str; 14] = [
    "schema_version",
    "contest",
    "rules",
    "awards",
    "rounds",
    "published",
    "conflicts",
    "assignments",
    "rubric_unlock",
    "rubric_changed",
    "meeting",
    "units",
    "reminders",
    "fields",
];

impl Store {
    /// Replaces the contest with `contest`, in one transaction, then flushes.
    /// The audit trail is kept and records the import.
    pub fn replace_contest(&self, contest: &Contest) -> Result<(), StoreError> {
        self.replace_all(contest, None)
    }

    /// Stores `contest` with the entries the secretariat's files added or
    /// updated, keeping its sheets, notes and any packet it is; audited
    /// with the ids of both.
    pub fn import_entries(
        &self,
        contest: &Contest,
        added: &[String],
        updated: &[String],
    ) -> Result<(), StoreError> {
        let packet = self.meta.get("packet")?.map(|v| v.to_vec());
        let detail = json!({"added": added, "updated": updated});
        self.write_contest(contest, packet, "import_entries", detail)
    }

    /// As `replace_contest`, recording a packet's versions (or clearing them).
    pub(super) fn replace_all(
        &self,
        contest: &Contest,
        packet: Option<Vec<u8>>,
    ) -> Result<(), StoreError> {
        let action = if packet.is_some() {
            "import_packet"
        } else {
            "import"
        };
        self.write_contest(contest, packet, action, json!({}))
    }

    /// The whole contest in one transaction, recorded as `action` with
    /// `detail`'s keys added to the record's `after`.
    fn write_contest(
        &self,
        contest: &Contest,
        packet: Option<Vec<u8>>,
        action: &str,
        detail: Value,
    ) -> Result<(), StoreError> {
        let trees = [
            &self.criteria,
            &self.judges,
            &self.entries,
            &self.sheets,
            &self.notes,
        ];
        // Keys to remove are read first: the closure may be retried and must not do I/O.
        let old_keys: Vec<Vec<sled::IVec>> = trees
            .iter()
            .map(|t| t.iter().keys().collect::<Result<Vec<_>, _>>())
            .collect::<Result<_, _>>()?;
        let before = match self.meta_value::<crate::domain::ContestMeta>("contest")? {
            Some(m) => json!({"contest": m.id}),
            None => Value::Null,
        };
        let meta = definition_meta(contest)?;
        let lists = Lists::new(contest)?;
        // One value per (round, entry): the map is ordered so each entry's sheets are together.
        let mut sheets: Vec<KeyValue> = Vec::new();
        let mut group: Vec<Sheet> = Vec::new();
        for s in contest.sheets.values() {
            if group
                .first()
                .is_some_and(|g| g.key.round != s.key.round || g.key.entry != s.key.entry)
            {
                sheets.push((
                    keys::entry_key(&group[0].key.round, &group[0].key.entry),
                    codec::encode(&group),
                ));
                group.clear();
            }
            group.push(s.clone());
        }
        if let Some(first) = group.first() {
            sheets.push((
                keys::entry_key(&first.key.round, &first.key.entry),
                codec::encode(&group),
            ));
        }
        let notes: Vec<KeyValue> = contest
            .notes
            .values()
            .map(|n| Ok((keys::sheet_key(&n.key), encode_note(n)?)))
            .collect::<Result<_, StoreError>>()?;
        let who = Who::new("-", self.login.as_deref());
        let mut after = json!({
            "contest": contest.meta.id,
            "entries": contest.entries.len(),
            "members": contest.judges.len(),
            "sheets": contest.sheets.len(),
            "notes": contest.notes.len(),
            // What `audit verify` checks untouched sheets and notes against.
            "digest": audit_match::digest(contest.sheets.values(), contest.notes.values()),
        });
        if let (Value::Object(after), Value::Object(detail)) = (&mut after, detail) {
            after.extend(detail);
        }
        let event = Event {
            action: action.into(),
            round: None,
            entry: None,
            subject: None,
            before,
            after,
            reason: None,
        };
        let all = [
            &self.meta,
            &self.criteria,
            &self.judges,
            &self.entries,
            &self.sheets,
            &self.notes,
            &self.audit,
        ];
        let result: Result<(), TransactionError<StoreError>> = all[..].transaction(|t| {
            let [
                m,
                criteria,
                judges,
                entries,
                sheet_tree,
                note_tree,
                audit_tree,
            ] = &t[..]
            else {
                unreachable!("seven trees were passed");
            };
            for (tree, keys) in [criteria, judges, entries, sheet_tree, note_tree]
                .into_iter()
                .zip(&old_keys)
            {
                for k in keys {
                    tree.remove(k)?;
                }
            }
            for (k, v) in &meta {
                m.insert(*k, v.as_slice())?;
            }
            m.remove("packet")?;
            if let Some(p) = &packet {
                m.insert("packet", p.as_slice())?;
            }
            lists.write(criteria, judges)?;
            put_entries(entries, &contest.entries)?;
            for (k, v) in &sheets {
                sheet_tree.insert(k.as_slice(), v.as_slice())?;
            }
            for (k, v) in &notes {
                note_tree.insert(k.as_slice(), v.as_slice())?;
            }
            append(m, audit_tree, &who, event.clone())?;
            Ok(())
        });
        result.map_err(unwrap_tx)?;
        self.flush()
    }

    /// Checks `change` by `actor` against the stored record and writes it; the
    /// returned record is on disk.
    pub fn apply(
        &self,
        contest: &Contest,
        actor: &Judge,
        change: &Change,
    ) -> Result<Record, StoreError> {
        let record = self.apply_unflushed(contest, actor, change)?;
        self.flush()?;
        Ok(record)
    }

    /// As `apply` but without the flush, for a caller that flushes once for a
    /// batch and acknowledges only after that.
    pub fn apply_unflushed(
        &self,
        contest: &Contest,
        actor: &Judge,
        change: &Change,
    ) -> Result<Record, StoreError> {
        self.apply_as(contest, actor, self.login.as_deref(), change)
    }

    /// As `apply_unflushed`, recording `login` (a server's peer) as the OS login.
    pub fn apply_as(
        &self,
        contest: &Contest,
        actor: &Judge,
        login: Option<&str>,
        change: &Change,
    ) -> Result<Record, StoreError> {
        let who = Who::new(&actor.id, login);
        let result: Result<Record, TransactionError<StoreError>> =
            (&self.sheets, &self.notes, &self.meta, &self.audit)
                .transaction(|trees| apply_in(trees, contest, actor, &who, change));
        result.map_err(unwrap_tx)
    }

    /// Applies several members' changes in order in one transaction, unflushed
    /// (the server flushes once for them all): each has its own outcome, and a
    /// refused one leaves the others be. `Err` only when the database fails,
    /// and then nothing of the batch is written.
    pub fn apply_batch(
        &self,
        contest: &Contest,
        changes: &[(&Judge, Option<&str>, &Change)],
    ) -> Result<Vec<Result<Record, StoreError>>, StoreError> {
        let who: Vec<Who> = changes
            .iter()
            .map(|(actor, login, _)| Who::new(&actor.id, *login))
            .collect();
        let result: Result<Vec<Result<Record, StoreError>>, TransactionError<StoreError>> =
            (&self.sheets, &self.notes, &self.meta, &self.audit).transaction(|trees| {
                let mut outcomes = Vec::with_capacity(changes.len());
                for ((actor, _, change), who) in changes.iter().zip(&who) {
                    match apply_in(trees, contest, actor, who, change) {
                        Ok(record) => outcomes.push(Ok(record)),
                        // Refused before anything of it was written.
                        Err(ConflictableTransactionError::Abort(e @ StoreError::Refused(_))) => {
                            outcomes.push(Err(e))
                        }
                        Err(e) => return Err(e),
                    }
                }
                Ok(outcomes)
            });
        result.map_err(unwrap_tx)
    }

    /// Checks a change to the contest and writes it, flushed; returns the
    /// contest definition as it now is.
    pub fn apply_council(
        &self,
        contest: &Contest,
        actor: &Judge,
        change: &CouncilChange,
    ) -> Result<Contest, StoreError> {
        self.apply_council_as(contest, actor, self.login.as_deref(), change)
    }

    pub fn apply_council_as(
        &self,
        contest: &Contest,
        actor: &Judge,
        login: Option<&str>,
        change: &CouncilChange,
    ) -> Result<Contest, StoreError> {
        let who = Who::new(&actor.id, login);
        // The caller may hold only the definition: the lock is read from the sheets stored.
        if matches!(change, CouncilChange::SetRubric { .. })
            && contest.rubric_unlock.is_none()
            && self.any_submitted(contest.current_round())?
        {
            return Err(StoreError::Refused(
                crate::domain::ChangeError::RubricLocked,
            ));
        }
        // Sharing entries out keeps work done: it needs the sheets and notes.
        let with_work;
        let contest = match change {
            CouncilChange::Assign { .. }
            | CouncilChange::RemoveMarker { .. }
            | CouncilChange::RestoreAssignments { .. } => {
                let stored = self.load()?;
                let mut c = contest.clone();
                c.sheets = stored.sheets;
                c.notes = stored.notes;
                c.reindex();
                with_work = c;
                &with_work
            }
            _ => contest,
        };
        let next =
            change::apply_council(contest, actor, change, &who.at).map_err(StoreError::Refused)?;
        let (before, mut after) = council_diff(contest, &next, change);
        let remapped = match change {
            CouncilChange::SetRubric { .. } => {
                let (changed, all) = self.remap_sheets(contest, &next)?;
                let notes = self.sheets_of(None)?.notes;
                // Every sheet may have moved: the record holds what they all are now.
                after = json!({
                    "criteria": after,
                    "digest": audit_match::digest(all.iter(), notes.values()),
                });
                changed
            }
            _ => Vec::new(),
        };
        let event = audit::of_council(change, before, after);
        let meta = definition_meta(&next)?;
        let lists = Lists::new(&next)?;
        let old_lists: Vec<Vec<sled::IVec>> = [&self.criteria, &self.judges]
            .iter()
            .map(|t| t.iter().keys().collect::<Result<Vec<_>, _>>())
            .collect::<Result<_, _>>()?;
        // Only screening changes the entries; other changes leave their tree be.
        let old_entries: Option<Vec<sled::IVec>> = match change {
            CouncilChange::SetStatus { .. } => {
                Some(self.entries.iter().keys().collect::<Result<_, _>>()?)
            }
            _ => None,
        };
        let trees = [
            &self.meta,
            &self.criteria,
            &self.judges,
            &self.sheets,
            &self.audit,
            &self.entries,
        ];
        let result: Result<(), TransactionError<StoreError>> = trees[..].transaction(|t| {
            let [m, criteria, judges, sheets, audit_tree, entries] = &t[..] else {
                unreachable!("six trees were passed");
            };
            for (tree, keys) in [criteria, judges].into_iter().zip(&old_lists) {
                for k in keys {
                    tree.remove(k)?;
                }
            }
            if let Some(old) = &old_entries {
                for k in old {
                    entries.remove(k)?;
                }
                put_entries(entries, &next.entries)?;
            }
            for (k, v) in &meta {
                m.insert(*k, v.as_slice())?;
            }
            lists.write(criteria, judges)?;
            for (k, v) in &remapped {
                sheets.insert(k.as_slice(), v.as_slice())?;
            }
            append(m, audit_tree, &who, event.clone())?;
            Ok(())
        });
        result.map_err(unwrap_tx)?;
        self.flush()?;
        Ok(next)
    }

    /// Whether any sheet of `round` is submitted.
    fn any_submitted(&self, round: &str) -> Result<bool, StoreError> {
        let prefix = [round.as_bytes(), &[0]].concat();
        let round: Arc<str> = round.into();
        for item in self.sheets.scan_prefix(&prefix) {
            let (k, v) = item?;
            let Some((_, entry)) = keys::parse_entry_key(&k) else {
                continue;
            };
            if sheets::decode(&round, &entry.into(), &v)?
                .iter()
                .any(Sheet::is_submitted)
            {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// Every sheet's points moved to the new rubric's order; a submitted sheet
    /// that now lacks points is reopened for its member to complete.
    /// Returns the values changed and every sheet as it now is.
    fn remap_sheets(
        &self,
        old: &Contest,
        new: &Contest,
    ) -> Result<(Vec<KeyValue>, Vec<Sheet>), StoreError> {
        let mut out = Vec::new();
        let mut all = Vec::new();
        for item in self.sheets.iter() {
            let (k, v) = item?;
            let Some((round, entry)) = keys::parse_entry_key(&k) else {
                continue;
            };
            let stored = sheets::decode(&round.into(), &entry.into(), &v)?;
            let mut changed = false;
            let moved: Vec<Sheet> = stored
                .into_iter()
                .map(|s| {
                    let by_id = s.marks.to_map(&old.rubric);
                    let mut marks = Marks::empty(&new.rubric);
                    for (i, c) in new.rubric.criteria.iter().enumerate() {
                        marks.set(i, by_id.get(&c.id).copied().filter(|p| c.check(*p).is_ok()));
                    }
                    let mut next = Sheet { marks, ..s.clone() };
                    if next.is_submitted() && !next.is_complete(&new.rubric) {
                        next.state = SheetState::Draft;
                        next.reopened += 1;
                    }
                    if next != s {
                        next.version += 1;
                        changed = true;
                    }
                    next
                })
                .collect();
            if changed {
                out.push((k.to_vec(), codec::encode(&moved)));
            }
            all.extend(moved);
        }
        Ok((out, all))
    }
}

/// The meta keys of a contest's definition, encoded.
fn definition_meta(c: &Contest) -> Result<Vec<(&'static str, Vec<u8>)>, StoreError> {
    let assignments: Vec<Assignment> = c
        .assignments
        .iter()
        .map(|(r, e, j)| Assignment {
            round: Some(r.to_string()),
            entry: e.to_string(),
            judge: j.to_string(),
        })
        .collect();
    let values = [
        encode(&SCHEMA_VERSION)?,
        encode(&c.meta)?,
        encode(&c.rules)?,
        encode(&c.awards)?,
        encode(&c.rounds)?,
        encode(&c.published)?,
        encode(&c.conflicts)?,
        encode(&assignments)?,
        encode(&c.rubric_unlock)?,
        encode(&c.rubric_changed)?,
        encode(&c.meeting)?,
        encode(&c.units)?,
        encode(&c.reminders)?,
        encode(&c.fields)?,
    ];
    Ok(DEFINITION_KEYS.into_iter().zip(values).collect())
}

/// The rubric, the council and the entries, encoded in order.
struct Lists {
    criteria: Vec<Vec<u8>>,
    judges: Vec<Vec<u8>>,
}

impl Lists {
    fn new(c: &Contest) -> Result<Lists, StoreError> {
        Ok(Lists {
            criteria: c
                .rubric
                .criteria
                .iter()
                .map(encode)
                .collect::<Result<_, _>>()?,
            judges: c.judges.iter().map(encode).collect::<Result<_, _>>()?,
        })
    }

    fn write(
        &self,
        criteria: &TransactionalTree,
        judges: &TransactionalTree,
    ) -> Result<(), ConflictableTransactionError<StoreError>> {
        put_list(criteria, &self.criteria)?;
        put_list(judges, &self.judges)
    }
}

/// The entries in their chunks, each encoded as it is written: a million
/// entries encoded beforehand would sit in memory beside the transaction's
/// own copy.
pub(super) fn put_entries(
    tree: &TransactionalTree,
    entries: &[crate::domain::Entry],
) -> Result<(), ConflictableTransactionError<StoreError>> {
    for (i, chunk) in entries.chunks(super::ENTRY_CHUNK).enumerate() {
        tree.insert(&keys::position(i), encode(&chunk).map_err(abort)?)?;
    }
    Ok(())
}

fn put_list(
    tree: &TransactionalTree,
    values: &[Vec<u8>],
) -> Result<(), ConflictableTransactionError<StoreError>> {
    for (i, v) in values.iter().enumerate() {
        tree.insert(&keys::position(i), v.as_slice())?;
    }
    Ok(())
}

/// What a chair's change changed, for the audit trail.
fn council_diff(old: &Contest, new: &Contest, change: &CouncilChange) -> (Value, Value) {
    use CouncilChange as C;
    let conflict = |c: &Contest, judge: &str, entry: &str| {
        c.conflicts
            .iter()
            .find(|x| x.judge == judge && x.entry == entry)
            .map(|x| json!(x))
            .unwrap_or(Value::Null)
    };
    match change {
        C::SetMeeting { .. } => (json!(old.meeting), json!(new.meeting)),
        C::SetStatus { entries, .. } => {
            let of = |c: &Contest| {
                let statuses: serde_json::Map<String, Value> = entries
                    .iter()
                    .filter_map(|id| c.entry(id))
                    .map(|e| {
                        (
                            e.id.clone(),
                            json!({"status": e.status, "reason": e.reason}),
                        )
                    })
                    .collect();
                Value::Object(statuses)
            };
            (of(old), of(new))
        }
        C::Publish { .. } => (json!(old.published), json!(new.published)),
        C::AddJudge { judge } => (Value::Null, json!(new.judge(&judge.id))),
        C::RemoveJudge { judge } => (json!(old.judge(judge)), Value::Null),
        C::Recuse { judge, entry, .. } | C::DismissConflict { judge, entry, .. } => {
            (conflict(old, judge, entry), conflict(new, judge, entry))
        }
        C::Assign {
            round, per_entry, ..
        } => (
            json!({"assigned": old.assignments.loads(round)}),
            json!({"per_entry": per_entry, "assigned": new.assignments.loads(round)}),
        ),
        C::RestoreAssignments { round, .. } => (
            json!({"assigned": old.assignments.loads(round)}),
            json!({"assigned": new.assignments.loads(round)}),
        ),
        C::AddMarker { round, entry, .. } | C::RemoveMarker { round, entry, .. } => {
            let of = |c: &Contest| {
                c.assignments
                    .judges_of(round, entry)
                    .map(String::from)
                    .collect::<Vec<_>>()
            };
            (json!(of(old)), json!(of(new)))
        }
        C::Remind { judge, .. } | C::DismissReminders { judge } => {
            let of = |c: &Contest| {
                crate::domain::reminder::for_member(&c.reminders, judge)
                    .cloned()
                    .collect::<Vec<_>>()
            };
            (json!(of(old)), json!(of(new)))
        }
        C::UnlockRubric { .. } => (json!(old.rubric_unlock), json!(new.rubric_unlock)),
        C::AdvanceRound { to, entries, .. } => (
            json!({"round": old.current_round()}),
            json!({"round": to.id, "entries": entries}),
        ),
        C::SetRubric { .. } => {
            let show = |c: &Contest| {
                c.rubric
                    .criteria
                    .iter()
                    .map(|x| json!({"id": x.id, "max": x.max}))
                    .collect::<Vec<_>>()
            };
            (json!(show(old)), json!(show(new)))
        }
    }
}

/// The trees a member's change touches.
type ChangeTrees = (
    TransactionalTree,
    TransactionalTree,
    TransactionalTree,
    TransactionalTree,
);

/// Checks `change` against the stored record and writes it and its audit
/// record, inside the caller's transaction. A refusal aborts before any write.
fn apply_in(
    (sheet_tree, note_tree, meta, audit_tree): &ChangeTrees,
    contest: &Contest,
    actor: &Judge,
    who: &Who,
    change: &Change,
) -> Result<Record, ConflictableTransactionError<StoreError>> {
    let key = change.key();
    let refused = |e| abort(StoreError::Refused(e));
    let (current, next) = match change.target() {
        Target::Sheet => {
            let mut all = sheets::read(sheet_tree, key)?;
            let current = sheets::find(&all, &key.judge).cloned().map(Record::Sheet);
            let next = change::apply(contest, actor, current.as_ref(), change).map_err(refused)?;
            if let Record::Sheet(s) = &next {
                sheets::put(&mut all, s.clone());
            }
            sheets::write(sheet_tree, key, &all)?;
            (current, next)
        }
        Target::Note => {
            let k = keys::sheet_key(key);
            let current = match note_tree.get(&k)? {
                None => None,
                Some(v) => Some(Record::Note(decode_note(key, &v).map_err(abort)?)),
            };
            let next = change::apply(contest, actor, current.as_ref(), change).map_err(refused)?;
            // The note belongs to the sheet: locked while it is submitted.
            let sheets = sheets::read(sheet_tree, key)?;
            if sheets::find(&sheets, &key.judge).is_some_and(|s| s.is_submitted()) {
                return Err(refused(change::ChangeError::AlreadySubmitted));
            }
            if let Record::Note(n) = &next {
                note_tree.insert(k.as_slice(), encode_note(n).map_err(abort)?)?;
            }
            (current, next)
        }
    };
    append(
        meta,
        audit_tree,
        who,
        audit::of_change(change, current.as_ref(), &next),
    )?;
    Ok(next)
}
