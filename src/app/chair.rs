//! The chair's screens: rankings and each entry's breakdown, progress,
//! agreement, conflicts of interest and the audit trail. Figures are
//! recomputed when sheets change, not on every frame.

use super::{Effect, Model, Overlay, ReasonFor, Screen, Tone};
use crate::domain::agreement::{Agreement, agreement_of};
use crate::domain::assignment::extra_markers;
use crate::domain::audit::AuditRecord;
use crate::domain::conflict::proposals;
use crate::domain::ranking::{Method, Ranking, rerank};
use crate::domain::robustness::{Figures, Robustness, robustness_of};
use crate::domain::tally::Tally;
use crate::domain::{CouncilChange, SheetKey};
use crate::i18n::T;
use crate::input::editor::TextEditor;
use crate::input::keymap::Command;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum RankSort {
    #[default]
    Rank,
    Spread,
    Id,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum AuditFilter {
    #[default]
    All,
    Entry,
    Member,
}

/// One row of the conflicts screen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConflictRow {
    pub judge: String,
    pub entry: String,
    pub kind: ConflictKind,
    pub reason: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConflictKind {
    Proposed,
    Recused,
    Dismissed,
}

/// A council act the chair made in this session that `u` can take back,
/// newest last.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Act {
    /// One more marker (`+`).
    Marker {
        round: String,
        entry: String,
        judge: String,
    },
    /// A sharing-out (`A`), with the round's (entry, member) pairs before it.
    Assigned {
        round: String,
        per_entry: u32,
        before: Vec<(String, String)>,
    },
}

#[derive(Default)]
pub struct Chair {
    /// A closed round whose results are shown, read-only; `None` shows
    /// the round being judged.
    pub viewing: Option<String>,
    /// Acts `u` can take back, newest last.
    pub acts: Vec<Act>,
    pub method: Method,
    pub sort: RankSort,
    pub ranking: Option<Ranking>,
    pub agreement: Option<Agreement>,
    pub robustness: Option<Robustness>,
    /// The figures must be computed afresh (the council, the rubric or the
    /// round changed, or they were never computed).
    pub stale: bool,
    /// The tally the figures came from, brought up to date entry by entry.
    pub tally: Option<Tally>,
    /// (round, entry) of each sheet saved since the figures were computed.
    pub touched: Vec<(String, String)>,
    pub selected: usize,
    pub offset: usize,
    /// The entry whose breakdown is open (position in contest order).
    pub breakdown: Option<usize>,
    /// First entry column shown in the progress matrix.
    pub progress_col: usize,
    /// The Progress cursor: a member row (in the grid's order) and an
    /// entry column (in the round's order).
    pub cell: (usize, usize),
    /// Progress shows, instead of the grid, what each member still owes.
    pub owes: bool,
    pub scroll: u16,
    pub audit: Vec<AuditRecord>,
    pub audit_verdict: Option<Result<u64, String>>,
    pub audit_filter: AuditFilter,
    /// The entry or member the audit is filtered to.
    pub audit_subject: Option<String>,
    pub audit_selected: usize,
    pub conflicts_selected: usize,
}

/// Past this many sheets changed, one fresh tally is cheaper than many rows.
const TOUCHED_MAX: usize = 256;

impl Chair {
    /// One sheet saved: its entry's row is brought up to date at the next refresh.
    pub fn touch(&mut self, key: &SheetKey) {
        if self.touched.len() >= TOUCHED_MAX {
            self.stale = true;
            self.touched.clear();
        } else if !self.stale {
            self.touched
                .push((key.round.to_string(), key.entry.to_string()));
        }
    }

    /// Whether the figures are behind the contest.
    pub fn behind(&self) -> bool {
        self.stale || !self.touched.is_empty()
    }

    /// The ranking rows in the chosen order.
    pub fn rows(&self) -> Vec<&crate::domain::ranking::RankRow> {
        let Some(r) = &self.ranking else {
            return Vec::new();
        };
        let mut rows: Vec<_> = r.rows.iter().collect();
        match self.sort {
            RankSort::Rank => {}
            RankSort::Spread => rows.sort_by(|a, b| {
                b.spread
                    .unwrap_or(-1.0)
                    .total_cmp(&a.spread.unwrap_or(-1.0))
            }),
            RankSort::Id => rows.sort_by_key(|r| r.position),
        }
        rows
    }

    pub fn audit_rows(&self) -> Vec<&AuditRecord> {
        let subject = self.audit_subject.as_deref();
        self.audit
            .iter()
            .rev()
            .filter(|r| match (self.audit_filter, subject) {
                (AuditFilter::Entry, Some(e)) => r.entry.as_deref() == Some(e),
                (AuditFilter::Member, Some(j)) => r.judge == j || r.subject.as_deref() == Some(j),
                _ => true,
            })
            .collect()
    }
}

/// Recusals, dismissals and open proposals, for the conflicts screen.
pub fn conflict_rows(m: &Model) -> Vec<ConflictRow> {
    let mut rows: Vec<ConflictRow> = proposals(&m.contest)
        .into_iter()
        .map(|p| ConflictRow {
            judge: p.judge,
            entry: p.entry,
            kind: ConflictKind::Proposed,
            reason: crate::i18n::ground(&p.ground, m.lang),
        })
        .collect();
    rows.extend(m.contest.conflicts.iter().map(|c| ConflictRow {
        judge: c.judge.clone(),
        entry: c.entry.clone(),
        kind: if c.dismissed {
            ConflictKind::Dismissed
        } else {
            ConflictKind::Recused
        },
        reason: c.reason.clone(),
    }));
    rows
}

pub fn is_chair_screen(screen: Screen) -> bool {
    matches!(
        screen,
        Screen::Rankings
            | Screen::Breakdown
            | Screen::Progress
            | Screen::Agreement
            | Screen::Conflicts
            | Screen::Audit
    )
}

/// The order Tab walks the chair's screens in.
const TOUR: [Screen; 5] = [
    Screen::Rankings,
    Screen::Progress,
    Screen::Agreement,
    Screen::Conflicts,
    Screen::Audit,
];

/// The round the ranking and breakdown show: a closed one the chair chose
/// to look back at, or the one being judged.
pub fn shown_round(m: &Model) -> &str {
    m.chair.viewing.as_deref().unwrap_or(&m.round)
}

/// Whether the chair is looking back at a closed round (nothing there can change).
pub fn looking_back(m: &Model) -> bool {
    m.chair.viewing.is_some()
}

/// `v`: the next round to show: the closed rounds, newest first, then back
/// to the round being judged.
fn cycle_round(m: &mut Model) {
    let closed: Vec<String> = m
        .contest
        .rounds
        .iter()
        .rev()
        .filter(|r| r.closed && r.id != m.round)
        .map(|r| r.id.clone())
        .collect();
    if closed.is_empty() {
        m.say(Tone::Info, m.t(T::NoClosedRound).into());
        return;
    }
    let next = match &m.chair.viewing {
        None => closed.first().cloned(),
        Some(now) => closed
            .iter()
            .position(|r| r == now)
            .and_then(|i| closed.get(i + 1).cloned()),
    };
    m.chair.viewing = next;
    m.chair.stale = true;
    m.chair.selected = 0;
    m.chair.offset = 0;
    refresh(m);
    let name = |id: &str| {
        m.contest
            .round(id)
            .map(|r| r.name.get(m.lang).to_string())
            .unwrap_or_else(|| id.to_string())
    };
    let said = match &m.chair.viewing {
        Some(r) => T::ShowingClosedRound.with(m.lang, &[&name(r)]),
        None => T::ShowingCurrentRound.with(m.lang, &[&name(&m.round)]),
    };
    m.say(Tone::Info, said);
}

/// A closed round's results are for reading: acts on them say so.
fn refuse_if_looking_back(m: &mut Model) -> bool {
    let Some(r) = m.chair.viewing.clone() else {
        return false;
    };
    let name = m
        .contest
        .round(&r)
        .map(|x| x.name.get(m.lang).to_string())
        .unwrap_or(r);
    m.say(Tone::Error, T::ClosedRoundReadOnly.with(m.lang, &[&name]));
    true
}

/// Recomputes the figures when they are behind and a chair screen shows
/// them. After a few saved sheets only their entries' rows of the tally are
/// redone and the ranking is placed again from it; anything else tallies
/// the round afresh.
pub fn refresh(m: &mut Model) {
    if !m.chair.behind() && m.chair.ranking.is_some() {
        return;
    }
    // A round advanced meanwhile may have made the shown one current again.
    if m.chair.viewing.as_deref() == Some(m.round.as_str()) {
        m.chair.viewing = None;
    }
    let round = shown_round(m).to_string();
    let method = m.chair.method;
    let touched = std::mem::take(&mut m.chair.touched);
    let same = |r: &Ranking| r.round == round && r.method == method;
    let last = m.chair.ranking.take().filter(|r| !m.chair.stale && same(r));
    let updated = match (last, m.chair.tally.as_mut().filter(|t| t.round == round)) {
        (Some(last), Some(tally)) => {
            let rows: Vec<usize> = touched
                .iter()
                .filter(|(r, _)| *r == round)
                .filter_map(|(_, entry)| tally.refresh_entry(&m.contest, entry))
                .collect();
            m.chair.ranking = Some(rerank(last, &m.contest, tally, method, &rows));
            m.chair.agreement = Some(agreement_of(tally));
            m.chair.robustness = Some(robustness_of(&m.contest, tally, method));
            true
        }
        _ => false,
    };
    if !updated {
        // The old figures go first: two sets at once would raise the peak.
        m.chair.tally = None;
        m.chair.agreement = None;
        m.chair.robustness = None;
        let tally = Tally::new(&m.contest, &round);
        let figures = Figures::of(&m.contest, &tally, method);
        m.chair.ranking = Some(figures.ranking);
        m.chair.agreement = Some(figures.agreement);
        m.chair.robustness = Some(figures.robustness);
        m.chair.tally = Some(tally);
    }
    m.chair.stale = false;
    let n = m.chair.ranking.as_ref().map(|r| r.rows.len()).unwrap_or(0);
    m.chair.selected = m.chair.selected.min(n.saturating_sub(1));
}

/// Opens a chair screen, or says why not.
pub fn open(m: &mut Model, screen: Screen) -> Vec<Effect> {
    if !m.sees_as_chair() {
        // A secretary reads these screens once results are published, not before.
        let why = match m.me_judge() {
            Some(j) if j.is_secretary() => T::SecretaryAfterPublish,
            _ => T::ChairOnly,
        };
        m.say(Tone::Error, m.t(why).into());
        return Vec::new();
    }
    m.screen = screen;
    m.chair.scroll = 0;
    let mut fx = Vec::new();
    if m.complete {
        refresh(m);
    } else {
        // The chair's figures need every sheet: read them now, once.
        m.chair.stale = true;
        fx.push(Effect::LoadAll);
    }
    if screen == Screen::Audit {
        fx.push(Effect::LoadAudit);
    }
    fx
}

fn tour(m: &mut Model, step: isize) -> Vec<Effect> {
    let here = TOUR.iter().position(|s| *s == m.screen).unwrap_or(0) as isize;
    let next = TOUR[(here + step).rem_euclid(TOUR.len() as isize) as usize];
    open(m, next)
}

/// Rows the ranking list shows at the current height.
fn page(m: &Model) -> usize {
    usize::from(m.size.1.saturating_sub(6)).max(1)
}

pub fn on_key(m: &mut Model, command: Option<Command>) -> Vec<Effect> {
    // The secretary reads these screens; what acts on the contest is the chair's.
    if let Some(c) = command
        && !m.may_use(c)
    {
        m.say(Tone::Error, m.t(T::ChairOnly).into());
        return Vec::new();
    }
    match command {
        Some(Command::NextScreen) => return tour(m, 1),
        Some(Command::PrevScreen) => return tour(m, -1),
        Some(Command::Publish) => return super::overlay::ask_publish(m),
        _ => {}
    }
    match m.screen {
        Screen::Rankings => rankings_key(m, command),
        Screen::Breakdown => breakdown_key(m, command),
        Screen::Conflicts => conflicts_key(m, command),
        Screen::Audit => audit_key(m, command),
        Screen::Progress if command == Some(Command::Back) => {
            m.screen = Screen::Entries;
            Vec::new()
        }
        Screen::Progress => super::progress::on_key(m, command),
        _ => {
            match command {
                Some(Command::Down) => m.chair.scroll = m.chair.scroll.saturating_add(1),
                Some(Command::Up) => m.chair.scroll = m.chair.scroll.saturating_sub(1),
                Some(Command::Back) => m.screen = Screen::Entries,
                _ => {}
            }
            Vec::new()
        }
    }
}

fn move_in(selected: &mut usize, offset: &mut usize, len: usize, delta: isize, page: usize) {
    let last = len.saturating_sub(1) as isize;
    *selected = (*selected as isize + delta).clamp(0, last.max(0)) as usize;
    if *selected < *offset {
        *offset = *selected;
    } else if *selected >= *offset + page {
        *offset = *selected + 1 - page;
    }
}

fn rankings_key(m: &mut Model, command: Option<Command>) -> Vec<Effect> {
    let len = m.chair.ranking.as_ref().map(|r| r.rows.len()).unwrap_or(0);
    let page = page(m);
    let c = &mut m.chair;
    match command {
        Some(Command::Down) => move_in(&mut c.selected, &mut c.offset, len, 1, page),
        Some(Command::Up) => move_in(&mut c.selected, &mut c.offset, len, -1, page),
        Some(Command::PageDown) => {
            move_in(&mut c.selected, &mut c.offset, len, page as isize, page)
        }
        Some(Command::PageUp) => {
            move_in(&mut c.selected, &mut c.offset, len, -(page as isize), page)
        }
        Some(Command::Top) => move_in(&mut c.selected, &mut c.offset, len, isize::MIN / 2, page),
        Some(Command::Bottom) => move_in(&mut c.selected, &mut c.offset, len, isize::MAX / 2, page),
        Some(Command::SwitchMethod) => {
            c.method = c.method.next();
            c.stale = true;
            refresh(m);
        }
        Some(Command::CycleSort) => {
            c.sort = match c.sort {
                RankSort::Rank => RankSort::Spread,
                RankSort::Spread => RankSort::Id,
                RankSort::Id => RankSort::Rank,
            };
        }
        Some(Command::Open) => {
            if let Some(row) = c.rows().get(c.selected) {
                c.breakdown = Some(row.position);
                c.scroll = 0;
                m.screen = Screen::Breakdown;
            }
        }
        Some(Command::CycleRound) => cycle_round(m),
        Some(Command::AddMarker | Command::UndoAct | Command::Assign)
            if refuse_if_looking_back(m) => {}
        Some(Command::AddMarker) => return add_marker(m),
        Some(Command::UndoAct) => return undo_act(m),
        Some(Command::Assign) => {
            m.overlay = Some(Overlay::Reason(
                ReasonFor::Assign,
                TextEditor::single_line(""),
            ));
        }
        Some(Command::Back) => m.screen = Screen::Entries,
        _ => {}
    }
    Vec::new()
}

/// One more member for the selected entry: the chair chooses from those
/// free to mark it, each with their load, least loaded first.
fn add_marker(m: &mut Model) -> Vec<Effect> {
    let Some(entry) = m
        .chair
        .rows()
        .get(m.chair.selected)
        .map(|r| r.entry.clone())
    else {
        return Vec::new();
    };
    let candidates = extra_markers(&m.contest, &m.round, &entry);
    if candidates.is_empty() {
        m.say(Tone::Error, T::NoExtraMarker.with(m.lang, &[&entry]));
    } else {
        m.overlay = Some(Overlay::ChooseMarker {
            entry,
            candidates,
            selected: 0,
        });
    }
    Vec::new()
}

fn breakdown_key(m: &mut Model, command: Option<Command>) -> Vec<Effect> {
    match command {
        Some(Command::Down) => m.chair.scroll = m.chair.scroll.saturating_add(1),
        Some(Command::Up) => m.chair.scroll = m.chair.scroll.saturating_sub(1),
        Some(c @ (Command::NextEntry | Command::PrevEntry)) => {
            let rows = m.chair.rows();
            let step: isize = if c == Command::NextEntry { 1 } else { -1 };
            let at = (m.chair.selected as isize + step)
                .clamp(0, rows.len().saturating_sub(1) as isize) as usize;
            let position = rows.get(at).map(|r| r.position);
            m.chair.selected = at;
            m.chair.breakdown = position;
            m.chair.scroll = 0;
        }
        Some(Command::AddMarker | Command::UndoAct) if refuse_if_looking_back(m) => {}
        Some(Command::AddMarker) => return add_marker(m),
        Some(Command::UndoAct) => return undo_act(m),
        Some(Command::Back) => m.screen = Screen::Rankings,
        _ => {}
    }
    Vec::new()
}

fn conflicts_key(m: &mut Model, command: Option<Command>) -> Vec<Effect> {
    let rows = conflict_rows(m);
    let page = page(m);
    let mut offset = 0;
    match command {
        Some(Command::Down) => move_in(
            &mut m.chair.conflicts_selected,
            &mut offset,
            rows.len(),
            1,
            page,
        ),
        Some(Command::Up) => move_in(
            &mut m.chair.conflicts_selected,
            &mut offset,
            rows.len(),
            -1,
            page,
        ),
        Some(c @ (Command::ConfirmConflict | Command::DismissConflict)) => {
            let Some(row) = rows.get(m.chair.conflicts_selected) else {
                return Vec::new();
            };
            if row.kind != ConflictKind::Proposed {
                m.say(Tone::Info, m.t(T::AlreadyDecided).into());
                return Vec::new();
            }
            let question = conflict_question(m, row, c == Command::ConfirmConflict);
            let change = if c == Command::ConfirmConflict {
                CouncilChange::Recuse {
                    judge: row.judge.clone(),
                    entry: row.entry.clone(),
                    reason: row.reason.clone(),
                }
            } else {
                CouncilChange::DismissConflict {
                    judge: row.judge.clone(),
                    entry: row.entry.clone(),
                    reason: String::new(),
                }
            };
            m.overlay = Some(Overlay::ConfirmCouncil {
                change: Box::new(change),
                question,
            });
        }
        Some(Command::UndoRecusal) => return undo_recusal(m),
        Some(Command::Back) => m.screen = Screen::Entries,
        _ => {}
    }
    Vec::new()
}

/// `u` on Rankings or a breakdown: the chair takes back their last `+` or
/// `A` of this session, as a new audited change, after saying what it does.
fn undo_act(m: &mut Model) -> Vec<Effect> {
    let Some(act) = m.chair.acts.last() else {
        m.say(Tone::Info, m.t(T::NoActToUndo).into());
        return Vec::new();
    };
    let (change, question) = match act {
        Act::Marker {
            round,
            entry,
            judge,
        } => (
            CouncilChange::RemoveMarker {
                round: round.clone(),
                entry: entry.clone(),
                judge: judge.clone(),
                reason: T::UndoMarkerReason.with(m.lang, &[judge, entry]),
            },
            T::AskUndoMarker.with(m.lang, &[&member_name(m, judge), entry]),
        ),
        Act::Assigned {
            round,
            per_entry,
            before,
        } => (
            CouncilChange::RestoreAssignments {
                round: round.clone(),
                pairs: before.clone(),
                reason: T::UndoAssignReason.with(m.lang, &[round, per_entry]),
            },
            T::AskUndoAssign.with(m.lang, &[round, per_entry]),
        ),
    };
    m.overlay = Some(Overlay::ConfirmCouncil {
        change: Box::new(change),
        question,
    });
    Vec::new()
}

/// "GK04 Phạm Minh Tuấn", or the id alone when the member is gone.
fn member_name(m: &Model, judge: &str) -> String {
    m.contest
        .judge(judge)
        .map(|j| format!("{} {}", j.id, j.name))
        .unwrap_or_else(|| judge.to_string())
}

/// Remembers a `+` or `A` that was just applied, so `u` can take it back.
/// `m.contest` still holds the assignments from before it.
pub fn remember(m: &mut Model, change: &CouncilChange) {
    match change {
        CouncilChange::AddMarker {
            round,
            entry,
            judge,
        } => m.chair.acts.push(Act::Marker {
            round: round.clone(),
            entry: entry.clone(),
            judge: judge.clone(),
        }),
        CouncilChange::Assign {
            round, per_entry, ..
        } => {
            let before = m
                .contest
                .assignments
                .iter()
                .filter(|(r, _, _)| *r == round.as_str())
                .map(|(_, e, j)| (e.to_string(), j.to_string()))
                .collect();
            m.chair.acts.push(Act::Assigned {
                round: round.clone(),
                per_entry: *per_entry,
                before,
            });
        }
        CouncilChange::RemoveMarker { .. } | CouncilChange::RestoreAssignments { .. } => {
            m.chair.acts.pop();
        }
        _ => {}
    }
}

/// `u` on a confirmed conflict: the chair takes the recusal back, as a new
/// audited change (the conflict is recorded as dismissed, with the reason),
/// after saying that the member's sheet counts again.
fn undo_recusal(m: &mut Model) -> Vec<Effect> {
    let rows = conflict_rows(m);
    let Some(row) = rows.get(m.chair.conflicts_selected) else {
        m.say(Tone::Error, m.t(T::NothingToUndo).into());
        return Vec::new();
    };
    if row.kind != ConflictKind::Recused {
        m.say(Tone::Info, m.t(T::NoRecusalToUndo).into());
        return Vec::new();
    }
    let who = m
        .contest
        .judge(&row.judge)
        .map(|j| format!("{} {}", j.id, j.name))
        .unwrap_or_else(|| row.judge.clone());
    let question = T::AskUndoRecusal.with(m.lang, &[&who, &row.entry]);
    m.overlay = Some(Overlay::ConfirmCouncil {
        change: Box::new(CouncilChange::DismissConflict {
            judge: row.judge.clone(),
            entry: row.entry.clone(),
            reason: T::UndoRecusalReason.with(m.lang, &[&row.reason]),
        }),
        question,
    });
    Vec::new()
}

/// What confirming (or dismissing) a proposed conflict does, in words:
/// confirming drops the member's sheet from the count, so it says which.
fn conflict_question(m: &Model, row: &ConflictRow, confirm: bool) -> String {
    let who = m
        .contest
        .judge(&row.judge)
        .map(|j| format!("{} {}", j.id, j.name))
        .unwrap_or_else(|| row.judge.clone());
    let unit = T::SameUnit.with(m.lang, &[&row.reason]);
    if !confirm {
        return T::AskDismissConflict.with(m.lang, &[&who, &row.entry, &unit]);
    }
    let sheet = m
        .contest
        .sheet(&SheetKey::new(&m.round, &row.entry, &row.judge));
    let consequence = match sheet {
        Some(s) if s.is_submitted() => T::RecuseDropsSubmitted.with(m.lang, &[&s.total()]),
        Some(_) => m.t(T::RecuseDropsDraft).to_string(),
        None => m.t(T::RecuseNoSheet).to_string(),
    };
    T::AskConfirmConflict.with(m.lang, &[&who, &row.entry, &unit, &consequence])
}

fn audit_key(m: &mut Model, command: Option<Command>) -> Vec<Effect> {
    let len = m.chair.audit_rows().len();
    let page = page(m);
    let mut offset = 0;
    match command {
        Some(Command::Down) => move_in(&mut m.chair.audit_selected, &mut offset, len, 1, page),
        Some(Command::Up) => move_in(&mut m.chair.audit_selected, &mut offset, len, -1, page),
        Some(Command::PageDown) => move_in(
            &mut m.chair.audit_selected,
            &mut offset,
            len,
            page as isize,
            page,
        ),
        Some(Command::PageUp) => move_in(
            &mut m.chair.audit_selected,
            &mut offset,
            len,
            -(page as isize),
            page,
        ),
        Some(Command::FilterField) => {
            let selected = m
                .chair
                .audit_rows()
                .get(m.chair.audit_selected)
                .map(|r| (*r).clone());
            let c = &mut m.chair;
            c.audit_filter = match c.audit_filter {
                AuditFilter::All => AuditFilter::Entry,
                AuditFilter::Entry => AuditFilter::Member,
                AuditFilter::Member => AuditFilter::All,
            };
            c.audit_subject = match (c.audit_filter, selected) {
                (AuditFilter::Entry, Some(r)) => r.entry.clone(),
                (AuditFilter::Member, Some(r)) => r.subject.clone().or(Some(r.judge.clone())),
                _ => None,
            };
            if c.audit_subject.is_none() {
                c.audit_filter = AuditFilter::All;
            }
            c.audit_selected = 0;
        }
        Some(Command::Reload) => return vec![Effect::LoadAudit],
        Some(Command::Open) => {
            let seq = m
                .chair
                .audit_rows()
                .get(m.chair.audit_selected)
                .map(|r| r.seq);
            if let Some(seq) = seq {
                m.overlay = Some(Overlay::AuditDetail { seq, scroll: 0 });
            }
        }
        Some(Command::Back) => m.screen = Screen::Entries,
        _ => {}
    }
    Vec::new()
}

/// The member whose total is furthest from the others' mean, and by how much.
pub fn furthest(totals: &[(std::sync::Arc<str>, f64)]) -> Option<(String, f64)> {
    if totals.len() < 2 {
        return None;
    }
    let sum: f64 = totals.iter().map(|(_, t)| t).sum();
    totals
        .iter()
        .map(|(j, t)| {
            let others = (sum - t) / (totals.len() - 1) as f64;
            (j.to_string(), t - others)
        })
        .max_by(|a, b| a.1.abs().total_cmp(&b.1.abs()))
}

/// The key of `judge`'s sheet for the breakdown's entry.
pub fn breakdown_key_of(m: &Model, judge: &str) -> Option<SheetKey> {
    let e = m.contest.entries.get(m.chair.breakdown?)?;
    Some(SheetKey::new(shown_round(m), &e.id, judge))
}
