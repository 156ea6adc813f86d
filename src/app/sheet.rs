//! Scoring one entry: typing and stepping points, saving, submitting, reopening.

use super::{Effect, Model, Overlay, ReasonFor, Screen, Tone};
use crate::domain::change::{Record, Target};
use crate::domain::{Change, Contest, Lang, Marks, Points, Sheet, SheetKey, SheetState};
use crate::i18n::T;
use crate::input::editor::TextEditor;
use crate::input::key::Key;
use crate::input::keymap::Command;

/// The sheet being edited, with the draft that may not be on disk yet.
#[derive(Clone, Debug, PartialEq)]
pub struct SheetEdit {
    /// Entry position in contest order.
    pub entry: usize,
    pub key: SheetKey,
    pub marks: Marks,
    pub focus: usize,
    /// Digits typed for the focused criterion, not yet entered.
    pub typing: Option<String>,
    /// What is wrong with `typing`, shown beside it.
    pub problem: Option<String>,
    pub state: SheetState,
    pub reopened: u32,
    /// The stored version this draft is based on.
    pub base: u64,
    revision: u64,
    saved_revision: u64,
    pending: Option<u64>,
    /// The stored sheet when someone else saved it meanwhile.
    pub conflict: Option<Sheet>,
    pub summary_scroll: u16,
}

impl SheetEdit {
    pub fn load(contest: &Contest, entry: usize, key: SheetKey) -> SheetEdit {
        let stored = contest.sheet(&key);
        SheetEdit {
            entry,
            marks: stored
                .map(|s| s.marks.clone())
                .unwrap_or_else(|| Marks::empty(&contest.rubric)),
            focus: 0,
            typing: None,
            problem: None,
            state: stored.map(|s| s.state).unwrap_or_default(),
            reopened: stored.map(|s| s.reopened).unwrap_or(0),
            base: stored.map(|s| s.version).unwrap_or(0),
            revision: 0,
            saved_revision: 0,
            pending: None,
            conflict: None,
            summary_scroll: 0,
            key,
        }
    }

    pub fn is_submitted(&self) -> bool {
        self.state == SheetState::Submitted
    }

    /// Changes made that are not on disk, including digits still being typed.
    pub fn is_dirty(&self) -> bool {
        self.revision != self.saved_revision || self.typing.is_some()
    }

    pub fn is_saving(&self) -> bool {
        self.pending.is_some()
    }

    /// The value shown for criterion `i`: what is being typed, else the draft.
    pub fn shown(&self, i: usize) -> Option<Points> {
        if i == self.focus
            && let Some(t) = &self.typing
        {
            return parse_points(t);
        }
        self.marks.get(i)
    }

    /// The sum of the valid values only: a refused value being typed counts
    /// for nothing until it is fixed (`is_refused` says so beside the total).
    pub fn total(&self) -> Points {
        (0..self.marks.slots().len())
            .filter(|&i| !(i == self.focus && self.is_refused()))
            .filter_map(|i| self.shown(i))
            .sum()
    }

    /// Digits are being typed that the criterion does not accept.
    pub fn is_refused(&self) -> bool {
        self.typing.is_some() && self.problem.is_some()
    }

    /// The focus is on the line after the last criterion.
    pub fn at_end(&self) -> bool {
        self.focus >= self.marks.slots().len()
    }

    pub fn type_char(&mut self, contest: &Contest, c: char, lang: Lang) {
        if self.is_submitted() || self.at_end() {
            return;
        }
        let typing = self.typing.get_or_insert_with(String::new);
        if typing.len() < 8 {
            typing.push(c);
        }
        self.problem = self.check_typing(contest, lang).err();
    }

    fn erase_typed(&mut self, contest: &Contest, lang: Lang) {
        if let Some(t) = &mut self.typing {
            t.pop();
            if t.is_empty() {
                self.typing = None;
            }
        }
        self.problem = self.check_typing(contest, lang).err();
    }

    /// The refused value being typed, as the journal keeps it.
    pub fn refused_typing(&self, contest: &Contest) -> Option<super::journal::Typed> {
        if !self.is_refused() {
            return None;
        }
        Some(super::journal::Typed {
            key: self.key.clone(),
            criterion: contest.rubric.criteria.get(self.focus)?.id.clone(),
            text: self.typing.clone()?,
        })
    }

    /// Puts a value typed before (from the journal) back on its criterion,
    /// checked again: refused still, or valid now.
    pub fn retype(&mut self, contest: &Contest, typed: &super::journal::Typed, lang: Lang) {
        let Some(i) = contest.rubric.position(&typed.criterion) else {
            return;
        };
        if self.is_submitted() {
            return;
        }
        self.focus = i;
        self.typing = Some(typed.text.clone());
        self.problem = self.check_typing(contest, lang).err();
    }

    /// Forgets a refused value, leaving the criterion as it was stored.
    pub fn discard_typing(&mut self) {
        self.typing = None;
        self.problem = None;
    }

    /// The typed value if it is a valid number of points for the focused criterion.
    fn check_typing(&self, contest: &Contest, lang: Lang) -> Result<Option<Points>, String> {
        let Some(t) = &self.typing else {
            return Ok(None);
        };
        let Some(c) = contest.rubric.criteria.get(self.focus) else {
            return Ok(None);
        };
        let p = parse_points(t).ok_or_else(|| T::NotANumber.with(lang, &[t]))?;
        if p > c.max {
            return Err(T::AboveMax.with(lang, &[&p, &c.max]));
        }
        if !p.is_multiple_of(c.step) {
            return Err(off_step(lang, p, c.step));
        }
        Ok(Some(p))
    }

    /// Enters what was typed; `Err` with the reason when it is not valid.
    fn enter_typing(&mut self, contest: &Contest, lang: Lang) -> Result<(), String> {
        match self.check_typing(contest, lang) {
            Ok(Some(p)) => {
                self.set(Some(p));
                self.typing = None;
                self.problem = None;
                Ok(())
            }
            Ok(None) => Ok(()),
            Err(e) => {
                self.problem = Some(e.clone());
                Err(e)
            }
        }
    }

    fn set(&mut self, points: Option<Points>) {
        if self.marks.get(self.focus) != points {
            self.marks.set(self.focus, points);
            self.revision += 1;
        }
    }

    /// A save of the draft, if it has changes not yet saved or being saved.
    /// None while a stale refusal waits for the member's choice: only a
    /// deliberate save (`keep_mine`) may go on top of the other version.
    pub fn save(&mut self, contest: &Contest) -> Option<Effect> {
        if self.is_submitted() || self.pending == Some(self.revision) || self.conflict.is_some() {
            return None;
        }
        // Digits still being typed are saved too when they make a valid value;
        // a refused value stays on screen, with its reason, for the member to fix.
        if let Ok(Some(p)) = self.check_typing(contest, Lang::En) {
            self.set(Some(p));
            self.typing = None;
            self.problem = None;
        }
        if self.revision == self.saved_revision {
            return None;
        }
        self.pending = Some(self.revision);
        Some(Effect::Apply(Change::SaveSheet {
            key: self.key.clone(),
            points: self.marks.to_map(&contest.rubric),
            base: self.base,
        }))
    }

    pub fn acknowledged(&mut self, change: &Change, record: &Record) {
        let Record::Sheet(s) = record else { return };
        self.base = s.version;
        self.state = s.state;
        self.reopened = s.reopened;
        self.conflict = None;
        if let (Change::SaveSheet { .. }, Some(rev)) = (change, self.pending.take()) {
            self.saved_revision = rev;
        } else if !matches!(change, Change::SaveSheet { .. }) {
            // Submit and reopen write what is on disk, which is the draft.
            self.marks = s.marks.clone();
            self.saved_revision = self.revision;
        }
    }

    pub fn failed(&mut self) {
        self.pending = None;
    }

    /// Someone saved this sheet elsewhere: keep the draft on screen, show
    /// theirs, and save nothing more until the member chooses. The draft
    /// stays based on the version it was made from, so that the journal
    /// knows it differs from what is stored.
    pub fn conflict(&mut self, current: Option<Record>) {
        self.pending = None;
        if let Some(Record::Sheet(s)) = current {
            self.conflict = Some(s);
        }
    }

    /// The member keeps their version: the next save goes on top of theirs.
    /// `false` (and nothing changes) when theirs is submitted: points go on
    /// top of a submitted sheet only through a reopening, with its reason.
    pub fn keep_mine(&mut self) -> bool {
        if self.conflict.as_ref().is_some_and(Sheet::is_submitted) {
            return false;
        }
        if let Some(theirs) = self.conflict.take() {
            self.base = theirs.version;
            self.state = theirs.state;
            self.reopened = theirs.reopened;
            self.revision += 1;
        }
        true
    }

    /// The member takes the stored version: the draft goes.
    pub fn take_theirs(&mut self) {
        if let Some(theirs) = self.conflict.take() {
            self.marks = theirs.marks;
            self.base = theirs.version;
            self.state = theirs.state;
            self.reopened = theirs.reopened;
            self.typing = None;
            self.problem = None;
            self.saved_revision = self.revision;
            self.pending = None;
        }
    }

    /// The draft as the save it would be: the points entered, and digits
    /// still being typed when they make a valid value.
    pub fn draft(&self, contest: &Contest) -> Change {
        let mut marks = self.marks.clone();
        if let Ok(Some(p)) = self.check_typing(contest, Lang::En) {
            marks.set(self.focus, Some(p));
        }
        Change::SaveSheet {
            key: self.key.clone(),
            points: marks.to_map(&contest.rubric),
            base: self.base,
        }
    }

    /// The sheet opened on a draft that was not stored (from the journal, or
    /// left when its editor closed); `stale` when the stored one moved on.
    pub fn resume(&mut self, contest: &Contest, change: &Change, stale: bool) {
        let Change::SaveSheet { points, base, .. } = change else {
            return;
        };
        if let Ok(marks) = Marks::from_map(&contest.rubric, points) {
            self.marks = marks;
            self.base = *base;
            self.state = SheetState::Draft;
            self.revision = self.saved_revision + 1;
            if stale {
                self.conflict = contest.sheet(&self.key).cloned();
            }
        }
    }
}

/// A value off the criterion's step, refused with the step in words.
pub fn off_step(lang: Lang, points: Points, step: Points) -> String {
    if step == Points::whole(1) {
        T::OffStepWhole.with(lang, &[&points])
    } else {
        T::OffStepOf.with(lang, &[&points, &step])
    }
}

/// Reads "18", "18.5" or "18,5".
pub fn parse_points(text: &str) -> Option<Points> {
    let t = text.replace(',', ".");
    if t.is_empty() || t == "." {
        return None;
    }
    t.parse::<f64>().ok().and_then(Points::from_f64)
}

pub fn open(m: &mut Model, entry: usize) {
    let Some(e) = m.contest.entries.get(entry) else {
        return;
    };
    let mine = m.mine.get(entry).copied().unwrap_or_default();
    if mine.recused || !mine.assigned {
        let t = if mine.recused {
            T::RecusedFrom
        } else {
            T::NotAssignedTo
        };
        let text = t.with(m.lang, &[&e.id]);
        m.say(Tone::Info, text);
        return;
    }
    let Some(key) = m.key_for(&e.id) else { return };
    let mut sheet = SheetEdit::load(&m.contest, entry, key);
    // A draft left unsaved when this sheet was last closed comes back.
    if let Some(u) = super::journal::unpark(m, &sheet.key, Target::Sheet) {
        sheet.resume(&m.contest, &u.change, u.stale);
        if u.sending {
            sheet.pending = Some(sheet.revision);
        }
    }
    // A refused value typed before (from the journal) comes back refused.
    if let Some(i) = m.typed.iter().position(|t| t.key == sheet.key) {
        let typed = m.typed.remove(i);
        sheet.retype(&m.contest, &typed, m.lang);
    }
    m.sheet = Some(sheet);
    m.screen = Screen::Sheet;
}

/// Keeps the draft of a sheet being closed until the store acknowledges it
/// (points entered; digits the rubric refuses are not a draft to store).
fn park(m: &mut Model, s: &SheetEdit) {
    if s.revision != s.saved_revision && !s.is_submitted() {
        let change = s.draft(&m.contest);
        super::journal::park(m, change, s.is_saving(), s.conflict.is_some());
    }
}

/// A sheet whose save was refused as stale stays open until the member
/// chooses in the merge view.
fn must_choose(m: &mut Model, s: &SheetEdit) -> bool {
    if s.conflict.is_none() {
        return false;
    }
    m.overlay = Some(Overlay::Merge {
        target: Target::Sheet,
        scroll: 0,
    });
    m.say(Tone::Error, m.t(T::ChooseFirst).into());
    true
}

/// What a key leaves the sheet screen doing.
enum After {
    Stay,
    Close,
    /// Open the entry at this row of the list.
    Switch(usize),
}

pub fn on_key(m: &mut Model, key: Key, command: Option<Command>) -> Vec<Effect> {
    let Some(mut s) = m.sheet.take() else {
        return Vec::new();
    };
    let mut fx = Vec::new();
    let after = handle(m, &mut s, key, command, &mut fx);
    // A change pushed while digits were being typed was kept off the screen;
    // once the digits changed nothing after all, show the sheet as stored.
    let stored = m.contest.sheet(&s.key).map_or(0, |x| x.version);
    if !s.is_dirty() && !s.is_saving() && s.conflict.is_none() && stored != s.base {
        let focus = s.focus;
        s = SheetEdit::load(&m.contest, s.entry, s.key.clone());
        s.focus = focus;
    }
    let after = match after {
        Close | Switch(_) if must_choose(m, &s) => Stay,
        other => other,
    };
    match after {
        Stay => {
            if m.sheet.is_none() {
                m.sheet = Some(s);
            }
        }
        Close => {
            fx.extend(s.save(&m.contest));
            park(m, &s);
            m.screen = Screen::Entries;
        }
        Switch(row) => {
            fx.extend(s.save(&m.contest));
            let before = m.list.selected;
            m.list.selected = row;
            // The same entry (at either end of the list) stays as it is: its
            // save is not acknowledged yet, so reloading it would show old values.
            if let Some(i) = m.list.current()
                && i != s.entry
            {
                park(m, &s);
                open(m, i);
            }
            if m.sheet.is_none() {
                // The same entry, one not mine to mark (recused, not assigned;
                // `open` said why), or no such row: this sheet stays open.
                m.list.selected = before;
                super::journal::unpark(m, &s.key, Target::Sheet);
                m.sheet = Some(s);
            }
            m.list.scroll_into_view(super::entries::rows_for(m.size.1));
        }
    }
    fx
}

use After::{Close, Stay, Switch};

/// Commands that move off the focused criterion (or the sheet).
fn leaves_criterion(command: Command) -> bool {
    matches!(
        command,
        Command::NextCriterion
            | Command::PrevCriterion
            | Command::Back
            | Command::BackToList
            | Command::NextEntry
            | Command::PrevEntry
            | Command::NextUnsubmitted
            | Command::Annotate
    )
}

fn handle(
    m: &mut Model,
    s: &mut SheetEdit,
    key: Key,
    command: Option<Command>,
    fx: &mut Vec<Effect>,
) -> After {
    let lang = m.lang;
    let rubric_len = m.contest.rubric.len();
    let submitted = s.is_submitted();
    let read_only = |m: &mut Model| m.say(Tone::Info, T::SheetSubmittedRO.get(lang).into());
    if s.is_refused() && command.is_some_and(leaves_criterion) {
        // A refused value is never dropped by moving on: fix it or discard it.
        m.overlay = Some(Overlay::DiscardRefused(key));
        return Stay;
    }
    match command {
        Some(Command::TypePoints) if s.at_end() && !submitted => {
            m.say(Tone::Info, T::ChooseCriterion.get(lang).into())
        }
        Some(Command::TypePoints) => match key.typed_char() {
            Some(c) if !submitted => s.type_char(&m.contest, c, lang),
            _ => read_only(m),
        },
        Some(Command::Commit) if submitted => {}
        Some(Command::Commit) => match s.enter_typing(&m.contest, lang) {
            Ok(()) => {
                fx.extend(s.save(&m.contest));
                // Past the last criterion is the line that says what is next.
                s.focus = (s.focus + 1).min(rubric_len);
            }
            Err(e) => m.say(Tone::Error, e),
        },
        Some(c @ (Command::NextCriterion | Command::PrevCriterion)) => {
            if !submitted && let Err(e) = s.enter_typing(&m.contest, lang) {
                m.say(Tone::Error, e);
                return Stay;
            }
            fx.extend(s.save(&m.contest));
            s.focus = if c == Command::NextCriterion {
                (s.focus + 1).min(rubric_len.saturating_sub(1))
            } else {
                s.focus.min(rubric_len).saturating_sub(1)
            };
        }
        Some(Command::StepUp | Command::StepDown) if submitted => read_only(m),
        Some(c @ (Command::StepUp | Command::StepDown)) => {
            if let Some(criterion) = m.contest.rubric.criteria.get(s.focus) {
                // From what is on screen, refused or not: never from nothing
                // to full marks, never wrapping round.
                let current = s
                    .typing
                    .as_deref()
                    .and_then(parse_points)
                    .or(s.marks.get(s.focus));
                let next = match (c, current) {
                    (Command::StepUp, current) => criterion.step_up(current),
                    (_, Some(p)) => criterion.step_down(p),
                    (_, None) => {
                        m.say(Tone::Info, T::TypeThePoints.get(lang).into());
                        return Stay;
                    }
                };
                s.discard_typing();
                s.set(Some(next));
            }
        }
        Some(Command::ClearPoints | Command::EditBackspace) if submitted => read_only(m),
        Some(Command::ClearPoints) => {
            s.typing = None;
            s.problem = None;
            s.set(None);
        }
        Some(Command::EditBackspace) => {
            if s.typing.is_some() {
                s.erase_typed(&m.contest, lang);
            } else {
                s.set(None);
            }
        }
        Some(Command::Save) => {
            // A deliberate save goes on top of a version saved elsewhere.
            if !s.keep_mine() {
                m.overlay = Some(Overlay::Merge {
                    target: Target::Sheet,
                    scroll: 0,
                });
                let text = T::MergeSubmittedElsewhere.with(lang, &[&s.key.entry]);
                m.say(Tone::Error, text);
                return Stay;
            }
            match s.save(&m.contest) {
                Some(e) => fx.push(e),
                None => m.say(Tone::Info, T::SavedOk.get(lang).into()),
            }
        }
        Some(Command::Submit) if submitted => read_only(m),
        Some(Command::Submit) => {
            if let Err(e) = s.enter_typing(&m.contest, lang) {
                m.say(Tone::Error, e);
                return Stay;
            }
            fx.extend(s.save(&m.contest));
            let missing: Vec<&str> = m
                .contest
                .rubric
                .criteria
                .iter()
                .enumerate()
                .filter(|(i, _)| s.marks.get(*i).is_none())
                .map(|(_, c)| c.name.get(lang))
                .collect();
            if missing.is_empty() {
                m.overlay = Some(Overlay::ConfirmSubmit);
            } else {
                let text = T::MissingCriteria.with(lang, &[&missing.join(", ")]);
                m.say(Tone::Error, text);
            }
        }
        Some(Command::Reopen) if submitted => {
            m.overlay = Some(Overlay::Reason(
                ReasonFor::Reopen,
                TextEditor::single_line(""),
            ))
        }
        Some(Command::Remark) => {
            fx.extend(s.save(&m.contest));
            super::remark_edit::open(m, s);
        }
        Some(Command::ListAnnotations) => super::remark_edit::open_list(m, s),
        Some(Command::Annotate) => {
            fx.extend(s.save(&m.contest));
            super::note::open(m, s.entry, Screen::Sheet);
        }
        Some(Command::NextEntry) => {
            return Switch((m.list.selected + 1).min(m.list.visible.len().saturating_sub(1)));
        }
        Some(Command::PrevEntry) => return Switch(m.list.selected.saturating_sub(1)),
        Some(Command::NextUnsubmitted) => match m.list.next_unsubmitted(&m.mine) {
            Some(row) => return Switch(row),
            None => m.say(Tone::Info, T::AllSubmitted.get(lang).into()),
        },
        Some(Command::Back | Command::BackToList) => return Close,
        _ => {}
    }
    Stay
}
