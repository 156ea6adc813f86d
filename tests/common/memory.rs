//! A `Storage` held in memory: the same rules as the database (the domain's
//! `apply` and `apply_council`), the same audit trail, no files. For tests
//! that run thousands of key sequences through `jury::run::dispatch`.
#![allow(dead_code)]

use jury::app::{ApplyError, AuditView};
use jury::domain::audit::{self, AuditRecord, Event};
use jury::domain::change::{self, Record};
use jury::domain::{Change, ChangeError, Contest, CouncilChange, Judge};
use jury::store::Storage;

const NOW: &str = "2024-05-02T08:15:00Z";

pub struct Memory {
    /// Everything stored: the definition and every sheet and note.
    pub contest: Contest,
    pub audit: Vec<AuditRecord>,
    /// The next write fails as a full disk or a lost server would.
    pub fail_next: bool,
    /// Writes refused by the rules so far.
    pub refused: usize,
}

impl Memory {
    pub fn new(mut contest: Contest) -> Memory {
        contest.reindex();
        Memory {
            contest,
            audit: Vec::new(),
            fail_next: false,
            refused: 0,
        }
    }

    fn actor(&self, id: &str) -> Result<Judge, ApplyError> {
        self.contest.judge(id).cloned().ok_or_else(|| {
            ApplyError::Refused(ChangeError::UnknownJudge {
                judge: id.to_string(),
            })
        })
    }

    fn record(&self, change: &Change) -> Option<Record> {
        let key = change.key();
        match change {
            Change::SaveNote { .. } => self.contest.note(key).cloned().map(Record::Note),
            _ => self.contest.sheet(key).cloned().map(Record::Sheet),
        }
    }

    fn append(&mut self, judge: &str, event: Event) {
        let prev = self
            .audit
            .last()
            .map(|r| r.hash.clone())
            .unwrap_or_default();
        let seq = self.audit.len() as u64 + 1;
        self.audit
            .push(AuditRecord::new(seq, NOW, judge, None, event, &prev));
    }

    fn refuse(&mut self, e: ChangeError) -> ApplyError {
        self.refused += 1;
        ApplyError::Refused(e)
    }

    fn failing(&mut self) -> Result<(), ApplyError> {
        if std::mem::take(&mut self.fail_next) {
            return Err(ApplyError::Failed("no space left on device".into()));
        }
        Ok(())
    }
}

impl Storage for Memory {
    fn load(&mut self) -> Result<Contest, String> {
        Ok(self.contest.clone())
    }

    fn load_member(&mut self, judge: &str) -> Result<Contest, String> {
        let mut c = self.contest.clone();
        c.sheets.retain(|k, _| *k.judge == *judge);
        c.notes.retain(|k, _| *k.judge == *judge);
        Ok(c)
    }

    fn apply(&mut self, actor: &str, change: &Change) -> Result<Record, ApplyError> {
        let judge = self.actor(actor)?;
        self.failing()?;
        let before = self.record(change);
        let after = change::apply(&self.contest, &judge, before.as_ref(), change)
            .map_err(|e| self.refuse(e))?;
        self.append(actor, audit::of_change(change, before.as_ref(), &after));
        match &after {
            Record::Sheet(s) => self.contest.put_sheet(s.clone()),
            Record::Note(n) => self.contest.put_note(n.clone()),
        }
        Ok(after)
    }

    fn council(
        &mut self,
        actor: &str,
        change: &CouncilChange,
    ) -> Result<(bool, Vec<Judge>), ApplyError> {
        let judge = self.actor(actor)?;
        self.failing()?;
        let mut next = change::apply_council(&self.contest, &judge, change, NOW)
            .map_err(|e| self.refuse(e))?;
        // `apply_council` returns the definition: the sheets stay as they are.
        next.sheets = std::mem::take(&mut self.contest.sheets);
        next.notes = std::mem::take(&mut self.contest.notes);
        let event = audit::of_council(change, serde_json::Value::Null, serde_json::Value::Null);
        self.contest = next;
        self.append(actor, event);
        Ok((self.contest.published, self.contest.judges.clone()))
    }

    fn audit(&mut self) -> Result<AuditView, ApplyError> {
        Ok((self.audit.clone(), Ok(self.audit.len() as u64)))
    }

    fn flush(&mut self) -> Result<(), String> {
        Ok(())
    }
}
