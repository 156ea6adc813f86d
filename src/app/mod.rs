//! The app as an Elm loop: `update(model, msg)` changes the model and returns
//! effects for the runtime to carry out. Nothing here draws or does I/O, so
//! key sequences can be tested directly.

pub mod chair;
pub mod entries;
pub mod history;
pub mod journal;
pub mod meeting;
mod merge;
pub mod note;
mod overlay;
mod palette;
pub mod progress;
pub mod reader;
pub mod reading;
pub mod remark;
pub mod remark_edit;
pub mod sheet;
mod undo;

use crate::domain::change::Record;
use crate::domain::{Change, ChangeError, Contest, CouncilChange, Lang, SheetKey, SheetState};
use crate::i18n::T;
use crate::input::editor::TextEditor;
use crate::input::key::Key;
use crate::input::keymap::{self, Command, Context};
pub use crate::store::{ApplyError, AuditView, Update};
pub use palette::Palette;

pub use entries::EntryList;
pub use note::NoteEdit;
pub use sheet::SheetEdit;

/// Idle ticks (half a second each) before an unsaved draft is saved by itself.
pub const AUTOSAVE_TICKS: u8 = 3;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Screen {
    Picker,
    Entries,
    Sheet,
    Note,
    Rankings,
    /// Every member's sheet for one entry, side by side.
    Breakdown,
    Progress,
    Agreement,
    Conflicts,
    Audit,
    /// The council's meeting as recorded (chair and secretary).
    Meeting,
}

/// Something drawn over the screen that takes the keys until it closes.
#[derive(Clone, Debug, PartialEq)]
pub enum Overlay {
    Help {
        scroll: u16,
    },
    ConfirmSubmit,
    /// The chair publishing (`true`) or hiding again the results.
    ConfirmPublish(bool),
    /// Reopening a sheet or stepping back from an entry asks why.
    Reason(ReasonFor, TextEditor),
    /// Writing the remark on the sheet's focused criterion.
    Remark(remark_edit::RemarkEdit),
    /// The member's annotations on `entry`, `selected` highlighted.
    Annotations {
        entry: String,
        selected: usize,
    },
    /// Leaving a refused value: discard it and go on with this key, or fix it.
    DiscardRefused(Key),
    /// Nothing left to undo on this entry: undo the last change on `entry`?
    ConfirmUndo {
        entry: String,
        question: String,
    },
    /// A yes-or-no question, and what a yes (or a no) does.
    Ask(Ask),
    /// A council act the chair asked for, waiting for yes: what it does, in words.
    ConfirmCouncil {
        change: Box<CouncilChange>,
        question: String,
    },
    /// Choosing who marks `entry` too: the free members and their loads.
    ChooseMarker {
        entry: String,
        candidates: Vec<(String, usize)>,
        selected: usize,
    },
    /// One member's sheet for one entry as Progress knows it: its state and
    /// when it last changed, never a draft's content.
    CellDetail {
        judge: String,
        entry: String,
    },
    /// The whole of one audit record, scrolled by `scroll` lines.
    AuditDetail {
        seq: u64,
        scroll: u16,
    },
    /// A save refused because the record was saved elsewhere meanwhile: the
    /// member's version beside the stored one, to choose from.
    Merge {
        target: crate::domain::change::Target,
        scroll: u16,
    },
}

/// A question put to the member in a dialog.
#[derive(Clone, Debug, PartialEq)]
pub struct Ask {
    pub title: T,
    pub question: String,
    pub then: Then,
}

/// What the answer to an `Ask` decides.
#[derive(Clone, Debug, PartialEq)]
pub enum Then {
    /// A journaled draft the store refuses for good: yes discards it, no
    /// keeps it in the journal.
    DiscardUnsent(Change),
    /// The chair's assignment would take entries from members with
    /// unfinished notes: yes assigns anyway (`force`).
    ForceAssign { round: String, per_entry: u32 },
    /// The chair's reminders to this member, shown on opening: yes
    /// dismisses them, no keeps them for next time.
    DismissReminders(String),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReasonFor {
    Reopen,
    /// Recusal from the entry at this position.
    Recuse(usize),
    /// How many members each entry gets (the chair sharing entries out).
    Assign,
    /// Taking back the submission of the entry at this position reopens it.
    UndoSubmit(usize),
    /// The chair's reminder to the member at this position in the council.
    Remind(usize),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tone {
    Info,
    Success,
    Error,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Status {
    pub text: String,
    pub tone: Tone,
}

/// What the runtime reports back.
#[derive(Clone, Debug, PartialEq)]
pub enum Msg {
    Key(Key),
    Paste(String),
    Resize(u16, u16),
    /// Half a second without input.
    Tick,
    Applied {
        change: Change,
        result: Result<Record, ApplyError>,
    },
    CouncilApplied {
        change: CouncilChange,
        result: Result<(bool, Vec<crate::domain::Judge>), ApplyError>,
    },
    /// Something that happened elsewhere (another terminal, the server).
    Remote(Update),
    /// The audit trail, and whether its chain is intact.
    AuditLoaded(Result<AuditView, ApplyError>),
    /// The contest read again: all of it (`complete`), or one member's part.
    Loaded {
        contest: Box<Contest>,
        complete: bool,
    },
    /// Drafts found in the journal at start, not acknowledged last time.
    Restore(journal::Pending),
    /// A signal or a lost terminal: save what is open and stop.
    Shutdown,
    /// The text of an entry's attachment, or why it could not be read.
    AttachmentRead {
        entry: String,
        index: usize,
        result: Result<String, crate::domain::document::AttachmentError>,
    },
}

/// What the runtime must do, in order.
#[derive(Clone, Debug, PartialEq)]
pub enum Effect {
    Apply(Change),
    Council(CouncilChange),
    LoadAudit,
    /// Every sheet, for the chair's screens.
    LoadAll,
    /// The chosen member's own sheets and notes.
    LoadMember(String),
    /// Write what is not yet acknowledged (`journal::collect`) to the journal.
    Journal,
    /// Read attachment `index` of `entry` on the machine that holds the database.
    ReadAttachment {
        entry: String,
        index: usize,
    },
    Quit,
}

/// My sheet for one entry, as the entries list shows it.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Mine {
    pub state: Option<SheetState>,
    pub total: Option<crate::domain::Points>,
    pub reopened: bool,
    pub note: bool,
    /// Mine to mark in this round (every entry, when the round has no assignments).
    pub assigned: bool,
    pub recused: bool,
    /// In the round being judged.
    pub in_round: bool,
    /// Pending or rejected: listed only for the chair and the secretary,
    /// who screen entries, with this status.
    pub held_back: Option<crate::domain::entry::Status>,
}

impl Mine {
    /// Counts toward my progress: mine to mark, and not recused.
    pub fn expected(&self) -> bool {
        self.in_round && self.assigned && !self.recused
    }
}

pub struct Model {
    pub lang: Lang,
    pub contest: Contest,
    pub round: String,
    /// The member at the keyboard; `None` until chosen.
    pub me: Option<String>,
    pub login: Option<String>,
    pub screen: Screen,
    pub list: EntryList,
    pub sheet: Option<SheetEdit>,
    pub note: Option<NoteEdit>,
    /// The entry open in full, beside or instead of the screen under it.
    pub reader: Option<reader::Reader>,
    /// Where each entry was left in the reader (this session only).
    pub read_at: std::collections::HashMap<String, usize>,
    pub picker: usize,
    pub overlay: Option<Overlay>,
    pub status: Option<Status>,
    pub size: (u16, u16),
    pub quitting: bool,
    /// False while the server cannot be reached.
    pub online: bool,
    /// On a `jury serve` (true) or a database this process opened; the
    /// title bar always says which.
    pub on_server: bool,
    pub theme: Palette,
    /// My sheet per entry, in contest order.
    pub mine: Vec<Mine>,
    pub history: history::History,
    pub chair: chair::Chair,
    /// Whether `contest` holds every sheet, or only the member's own (the
    /// chair's screens load the rest when first opened).
    pub complete: bool,
    /// Drafts of closed editors that the store has not acknowledged yet.
    pub unsent: Vec<journal::Unsent>,
    /// Refused values typed on a sheet not open now (from the journal),
    /// put back on screen when it opens.
    pub typed: Vec<journal::Typed>,
    /// What the journal file holds now.
    pub journaled: journal::Pending,
    /// Where the journal is written; `None` keeps it in memory only.
    pub journal_path: Option<std::path::PathBuf>,
    /// The chair's reminders were shown this session.
    reminded: bool,
    /// Remarks and annotations on their way to the store.
    pub words: remark::Queue,
    idle_ticks: u8,
}

impl Model {
    pub fn new(contest: Contest, me: Option<String>, login: Option<String>, lang: Lang) -> Model {
        let round = contest.current_round().to_string();
        let list = EntryList::new(&contest);
        let screen = if me.is_some() {
            Screen::Entries
        } else {
            Screen::Picker
        };
        let mut model = Model {
            lang,
            contest,
            round,
            me,
            login,
            screen,
            list,
            sheet: None,
            note: None,
            reader: None,
            read_at: std::collections::HashMap::new(),
            picker: 0,
            overlay: None,
            status: None,
            size: (80, 24),
            quitting: false,
            online: true,
            on_server: false,
            theme: Palette::default(),
            mine: Vec::new(),
            history: history::History::default(),
            chair: chair::Chair::default(),
            complete: true,
            unsent: Vec::new(),
            typed: Vec::new(),
            journaled: journal::Pending::default(),
            journal_path: None,
            reminded: false,
            words: remark::Queue::default(),
            idle_ticks: 0,
        };
        model.refresh_mine();
        model.list.refresh(&model.contest, &model.mine);
        model.tell_rubric_change();
        model.tell_reminders();
        model
    }

    /// The chair's reminders to the member at the keyboard, once a session:
    /// shown as a question whose yes dismisses them.
    fn tell_reminders(&mut self) {
        let Some(me) = self.me.clone() else { return };
        if self.reminded || self.overlay.is_some() {
            return;
        }
        // The moment as the contest's clock reads it, like every other time shown.
        let zone = crate::domain::format::zone(&self.contest);
        let lines: Vec<String> = crate::domain::reminder::for_member(&self.contest.reminders, &me)
            .map(|r| {
                let by = self
                    .contest
                    .judge(&r.by)
                    .map(|j| j.name.clone())
                    .unwrap_or_else(|| r.by.clone());
                let at = crate::domain::format::moment(&r.at, &zone, self.lang);
                T::ReminderLine.with(self.lang, &[&by, &at, &r.text])
            })
            .collect();
        if lines.is_empty() {
            return;
        }
        self.reminded = true;
        let question = T::ReminderAsk.with(self.lang, &[&lines.join(" ")]);
        self.overlay = Some(Overlay::Ask(Ask {
            title: T::ReminderTitle,
            question,
            then: Then::DismissReminders(me),
        }));
    }

    /// Members are told when the rubric changed under them.
    fn tell_rubric_change(&mut self) {
        if let Some(n) = &self.contest.rubric_changed {
            let by = self
                .contest
                .judge(&n.by)
                .map(|j| j.name.clone())
                .unwrap_or_else(|| n.by.clone());
            let zone = crate::domain::format::zone(&self.contest);
            let at = crate::domain::format::moment(&n.at, &zone, self.lang);
            let text = T::RubricChanged.with(self.lang, &[&at, &by, &n.reason]);
            self.say(Tone::Info, text);
        }
    }

    pub fn t(&self, t: T) -> &'static str {
        t.get(self.lang)
    }

    pub fn me_judge(&self) -> Option<&crate::domain::Judge> {
        self.me.as_deref().and_then(|id| self.contest.judge(id))
    }

    pub fn is_chair(&self) -> bool {
        self.me_judge().is_some_and(|j| j.is_chair())
    }

    /// Whether this member reads the chair's screens: the chair, and the
    /// secretary once results are published.
    pub fn sees_as_chair(&self) -> bool {
        self.me_judge()
            .is_some_and(|j| crate::domain::visibility::sees_as_chair(&self.contest, j))
    }

    /// Whether `command` is this member's to use: chair screens for those
    /// who see as the chair, the chair's acts for the chair alone.
    pub fn may_use(&self, command: crate::input::keymap::Command) -> bool {
        if command == crate::input::keymap::Command::OpenMeeting {
            meeting::may_open(self)
        } else if !command.chair_only() {
            true
        } else if command.opens_chair_screen() {
            self.sees_as_chair()
        } else {
            self.is_chair()
        }
    }

    pub fn key_for(&self, entry: &str) -> Option<SheetKey> {
        self.me
            .as_deref()
            .map(|me| SheetKey::new(&self.round, entry, me))
    }

    /// Recomputes my sheet summaries from the contest.
    pub fn refresh_mine(&mut self) {
        let Some(me) = self.me.clone() else {
            self.mine = vec![Mine::default(); self.contest.entries.len()];
            return;
        };
        // Those who screen entries still see the ones held back, with their status.
        let screens = self
            .contest
            .judge(&me)
            .is_some_and(|j| j.is_chair() || j.is_secretary());
        let in_round: std::collections::HashSet<usize> = self
            .contest
            .round_entries(&self.round)
            .into_iter()
            .collect();
        self.mine = self
            .contest
            .entries
            .iter()
            .enumerate()
            .map(|(i, e)| Mine {
                held_back: (!e.is_admitted() && screens).then_some(e.status),
                ..mine_of(
                    &self.contest,
                    &SheetKey::new(&self.round, &e.id, &me),
                    in_round.contains(&i),
                )
            })
            .collect();
    }

    fn refresh_one(&mut self, entry: &str) {
        if let (Some(key), Some(i)) = (self.key_for(entry), self.contest.entry_position(entry))
            && let Some(slot) = self.mine.get_mut(i)
        {
            *slot = Mine {
                held_back: slot.held_back,
                ..mine_of(&self.contest, &key, slot.in_round)
            };
        }
    }

    /// Where keys go now.
    pub fn context(&self) -> Context {
        match &self.overlay {
            Some(Overlay::Help { .. }) => Context::Help,
            Some(
                Overlay::ConfirmSubmit
                | Overlay::ConfirmPublish(_)
                | Overlay::DiscardRefused(_)
                | Overlay::ConfirmUndo { .. }
                | Overlay::Ask(_)
                | Overlay::ConfirmCouncil { .. },
            ) => Context::Confirm,
            Some(Overlay::ChooseMarker { .. }) => Context::ChooseMember,
            Some(Overlay::AuditDetail { .. } | Overlay::CellDetail { .. }) => Context::Detail,
            Some(Overlay::Reason(..)) => Context::Prompt,
            Some(Overlay::Remark(_)) => Context::Remark,
            Some(Overlay::Annotations { .. }) => Context::Annotations,
            Some(Overlay::Merge { .. }) => Context::Merge,
            None => self.screen_context(),
        }
    }

    /// The keys of the screen itself, whatever is drawn over it.
    pub fn screen_context(&self) -> Context {
        if reader::full_screen(self) || (reader::beside(self) && self.screen == Screen::Sheet) {
            match &self.reader {
                Some(r) if r.focused && r.search.is_some() => return Context::ReaderSearch,
                Some(r) if r.focused && r.comment.is_some() => return Context::ReaderComment,
                Some(r) if r.focused => return Context::Reader,
                _ => {}
            }
        }
        match self.screen {
            Screen::Picker => Context::Picker,
            Screen::Entries if self.list.search.is_some() => Context::Search,
            Screen::Entries => Context::Entries,
            Screen::Sheet => Context::Sheet,
            Screen::Note => Context::Note,
            Screen::Rankings => Context::Rankings,
            Screen::Breakdown => Context::Breakdown,
            Screen::Progress => Context::Progress,
            Screen::Agreement => Context::Figures,
            Screen::Conflicts => Context::Conflicts,
            Screen::Audit => Context::Audit,
            Screen::Meeting => Context::Meeting,
        }
    }

    pub fn say(&mut self, tone: Tone, text: String) {
        self.status = Some(Status { text, tone });
    }

    /// Whether anything typed is not yet on disk.
    /// The sheet and note open in an editor, if any.
    pub fn open_keys(&self) -> Vec<SheetKey> {
        self.sheet
            .iter()
            .map(|s| s.key.clone())
            .chain(self.note.iter().map(|n| n.key.clone()))
            .collect()
    }

    pub fn has_unsaved(&self) -> bool {
        self.sheet.as_ref().is_some_and(SheetEdit::is_dirty)
            || self.note.as_ref().is_some_and(NoteEdit::is_dirty)
    }

    /// Whether the open sheet or note holds a draft refused as stale, waiting
    /// for the member to choose in the merge view.
    pub fn waits_for_choice(&self, target: crate::domain::change::Target) -> bool {
        match target {
            crate::domain::change::Target::Sheet => {
                self.sheet.as_ref().is_some_and(|s| s.conflict.is_some())
            }
            crate::domain::change::Target::Note => {
                self.note.as_ref().is_some_and(|n| n.conflict.is_some())
            }
        }
    }

    /// Shows the stored sheet or note at `key` in its open screen, unless
    /// the member has unsaved changes there.
    fn reload_open(&mut self, key: &SheetKey) {
        if let Some(s) = self.sheet.as_mut()
            && s.key == *key
            && !s.is_dirty()
            && !s.is_saving()
        {
            let (entry, focus) = (s.entry, s.focus);
            let mut fresh = SheetEdit::load(&self.contest, entry, key.clone());
            fresh.focus = focus;
            *s = fresh;
        }
        if let Some(n) = self.note.as_mut()
            && n.key == *key
            && !n.is_dirty()
            && !n.is_saving()
            && let Some(stored) = self.contest.note(key)
        {
            n.replace_text(stored);
        }
    }

    /// A member now recused from the entry open on screen (by their own `X`
    /// or by the chair) may no longer mark or remark on it: its sheet and
    /// note close, and what was typed there goes with them.
    fn close_recused(&mut self) {
        let open = self
            .sheet
            .as_ref()
            .map(|s| s.entry)
            .or(self.note.as_ref().map(|n| n.entry));
        let Some(entry) = open else { return };
        if !self.mine.get(entry).is_some_and(|mine| mine.recused) {
            return;
        }
        self.sheet = None;
        self.note = None;
        if matches!(self.screen, Screen::Sheet | Screen::Note) {
            self.screen = Screen::Entries;
        }
        if let Some(e) = self.contest.entries.get(entry) {
            let text = T::RecusedFrom.with(self.lang, &[&e.id]);
            self.say(Tone::Info, text);
        }
    }

    /// Shows the stored sheet or note at `key` in its open screen, dropping
    /// any draft (after an undo, which the member asked for).
    pub fn force_reload_open(&mut self, key: &SheetKey) {
        if let Some(s) = self.sheet.as_mut()
            && s.key == *key
        {
            let (entry, focus) = (s.entry, s.focus);
            let mut fresh = SheetEdit::load(&self.contest, entry, key.clone());
            fresh.focus = focus;
            *s = fresh;
        }
        if let Some(n) = self.note.as_mut()
            && n.key == *key
        {
            let stored = self.contest.note(key).cloned().unwrap_or_default();
            n.reset(&stored);
        }
    }

    /// Saves whatever is open and unsaved, and the drafts of closed editors
    /// (none that waits for the member's choice after a stale refusal).
    fn save_open(&mut self) -> Vec<Effect> {
        let mut fx = Vec::new();
        if let Some(s) = self.sheet.as_mut() {
            fx.extend(s.save(&self.contest));
        }
        if let Some(n) = self.note.as_mut() {
            fx.extend(n.save());
        }
        fx.extend(journal::resend(self));
        fx.extend(remark::pump(self));
        fx
    }
}

fn mine_of(contest: &Contest, key: &SheetKey, in_round: bool) -> Mine {
    let sheet = contest.sheet(key);
    Mine {
        state: sheet.map(|s| s.state),
        total: sheet.filter(|s| !s.marks.is_empty()).map(|s| s.total()),
        reopened: sheet.is_some_and(|s| s.reopened > 0),
        note: contest.note(key).is_some_and(|n| !n.text.trim().is_empty()),
        // A sheet once started can always be finished.
        assigned: sheet.is_some() || contest.may_mark(&key.round, &key.entry, &key.judge),
        recused: contest.is_recused(&key.judge, &key.entry),
        in_round,
        held_back: None,
    }
}

/// Applies one message; returns what the runtime must do.
pub fn update(m: &mut Model, msg: Msg) -> Vec<Effect> {
    // Typing writes the journal when it pauses (the next tick), not per key.
    let typing = matches!(msg, Msg::Key(_) | Msg::Paste(_));
    let mut fx = step(m, msg);
    reader::follow(m);
    // The publish question names the flags still showing, so it needs the figures too.
    let asks_publish = matches!(m.overlay, Some(Overlay::ConfirmPublish(true))) && m.complete;
    let meeting_figures = m.screen == Screen::Meeting && m.sees_as_chair() && m.complete;
    if (chair::is_chair_screen(m.screen) || asks_publish || meeting_figures) && m.chair.behind() {
        chair::refresh(m);
    }
    // A merge view whose choice went away (the draft reloaded or undone) closes.
    if let Some(Overlay::Merge { target, .. }) = &m.overlay
        && !m.waits_for_choice(*target)
    {
        m.overlay = None;
    }
    // A draft refused for good waits for the member's answer.
    journal::ask_refused(m);
    if !typing && !fx.contains(&Effect::Journal) && journal::collect(m) != m.journaled {
        // Before a quit, so that it is written while the process still runs.
        let at = fx
            .iter()
            .position(|e| *e == Effect::Quit)
            .unwrap_or(fx.len());
        fx.insert(at, Effect::Journal);
    }
    fx
}

fn step(m: &mut Model, msg: Msg) -> Vec<Effect> {
    if !matches!(msg, Msg::Tick) {
        m.idle_ticks = 0;
    }
    match msg {
        Msg::Key(key) => on_key(m, key),
        Msg::Paste(text) => on_paste(m, &text),
        Msg::Resize(w, h) => {
            m.size = (w, h);
            m.list.scroll_into_view(entries::rows_for(h));
            Vec::new()
        }
        Msg::Tick => on_tick(m),
        Msg::Applied { change, result } => {
            match &result {
                Ok(Record::Sheet(s)) => m.chair.touch(&s.key),
                Ok(Record::Note(_)) => {}
                Err(_) => m.chair.stale = true,
            }
            on_applied(m, change, result)
        }
        Msg::CouncilApplied { change, result } => on_council_applied(m, change, result),
        Msg::Remote(update) => {
            match &update {
                Update::Record(Record::Sheet(s)) => m.chair.touch(&s.key),
                Update::Record(Record::Note(_)) => {}
                _ => m.chair.stale = true,
            }
            on_remote(m, update)
        }
        Msg::Loaded { contest, complete } => {
            m.chair.stale = true;
            let fx = on_remote(m, Update::Reload(contest));
            m.complete = complete;
            m.tell_reminders();
            fx
        }
        Msg::AuditLoaded(result) => {
            match result {
                Ok((records, verdict)) => {
                    m.chair.audit = records;
                    m.chair.audit_verdict = Some(verdict);
                }
                Err(e) => {
                    let why = match e {
                        ApplyError::Refused(e) => crate::i18n::refusal(&e, m.lang),
                        ApplyError::Failed(e) => e,
                    };
                    m.say(Tone::Error, why);
                }
            }
            Vec::new()
        }
        Msg::Restore(drafts) => journal::restore(m, drafts),
        Msg::Shutdown => quit(m),
        Msg::AttachmentRead {
            entry,
            index,
            result,
        } => {
            let result = result.map_err(|e| reader::attachment_error_text(&e, m.lang));
            reader::attachment_read(m, &entry, index, result);
            Vec::new()
        }
    }
}

/// Saves what can be saved, writes the journal (after those saves are
/// answered: the runtime works through effects in order) and stops.
fn quit(m: &mut Model) -> Vec<Effect> {
    m.quitting = true;
    let mut fx = m.save_open();
    fx.push(Effect::Journal);
    fx.push(Effect::Quit);
    fx
}

fn on_tick(m: &mut Model) -> Vec<Effect> {
    m.idle_ticks = m.idle_ticks.saturating_add(1);
    // Saves after a pause, and keeps trying while a save fails (the server may be back).
    if m.idle_ticks.is_multiple_of(AUTOSAVE_TICKS) && (m.has_unsaved() || !m.unsent.is_empty()) {
        return m.save_open();
    }
    Vec::new()
}

fn on_council_applied(
    m: &mut Model,
    change: CouncilChange,
    result: Result<(bool, Vec<crate::domain::Judge>), ApplyError>,
) -> Vec<Effect> {
    match result {
        Ok((published, judges)) => {
            chair::remember(m, &change);
            m.contest.published = published;
            m.contest.judges = judges;
            // Every act the chair asked for says what it did.
            let done = match &change {
                CouncilChange::Publish { published: true } => Some(m.t(T::PublishedOk).into()),
                CouncilChange::Publish { published: false } => Some(m.t(T::UnpublishedOk).into()),
                CouncilChange::Recuse { judge, entry, .. } => {
                    Some(T::DoneRecused.with(m.lang, &[judge, entry]))
                }
                CouncilChange::DismissConflict { judge, entry, .. } => {
                    Some(T::DoneDismissed.with(m.lang, &[judge, entry]))
                }
                CouncilChange::Assign {
                    round, per_entry, ..
                } => Some(T::DoneAssigned.with(m.lang, &[round, per_entry])),
                CouncilChange::AddMarker { judge, entry, .. } => {
                    Some(T::DoneMarkerAdded.with(m.lang, &[judge, entry]))
                }
                CouncilChange::RemoveMarker { judge, entry, .. } => {
                    Some(T::DoneUndoMarker.with(m.lang, &[judge, entry]))
                }
                CouncilChange::RestoreAssignments { round, .. } => {
                    Some(T::DoneUndoAssign.with(m.lang, &[round]))
                }
                CouncilChange::Remind { judge, .. } => Some(T::DoneRemind.with(m.lang, &[judge])),
                CouncilChange::DismissReminders { .. } => Some(m.t(T::DoneDismissReminders).into()),
                _ => None,
            };
            if let Some(done) = done {
                m.say(Tone::Success, done);
            }
        }
        Err(ApplyError::Refused(ChangeError::WouldTakeDrafts { drafts })) => {
            // The CLI's answer is `--force`; here the chair is asked.
            if let CouncilChange::Assign {
                round,
                per_entry,
                force: false,
            } = change
            {
                let question = T::AssignForceAsk.with(m.lang, &[&per_entry, &drafts.join(", ")]);
                m.overlay = Some(Overlay::Ask(Ask {
                    title: T::AssignForceTitle,
                    question,
                    then: Then::ForceAssign { round, per_entry },
                }));
            } else {
                let e = ChangeError::WouldTakeDrafts { drafts };
                let text = refusal_text(m, &e);
                m.say(Tone::Error, text);
            }
        }
        Err(ApplyError::Refused(e)) => {
            let text = refusal_text(m, &e);
            m.say(Tone::Error, text);
        }
        Err(ApplyError::Failed(why)) => m.say(Tone::Error, T::SaveFailed.with(m.lang, &[&why])),
    }
    Vec::new()
}

/// A change made elsewhere: shown at once; an open draft with unsaved
/// changes is kept (saving it will show both values if they differ).
fn on_remote(m: &mut Model, update: Update) -> Vec<Effect> {
    match update {
        Update::Record(record) => {
            let key = match &record {
                Record::Sheet(s) => s.key.clone(),
                Record::Note(n) => n.key.clone(),
            };
            // Pushes can cross our own acknowledged writes: never go back a version.
            match record {
                Record::Sheet(s) if m.contest.sheet(&key).is_none_or(|c| c.version < s.version) => {
                    m.contest.put_sheet(s)
                }
                Record::Note(n) if m.contest.note(&key).is_none_or(|c| c.version < n.version) => {
                    m.contest.put_note(n)
                }
                _ => return Vec::new(),
            }
            m.reload_open(&key);
            m.refresh_one(&key.entry.clone());
            m.list.refresh(&m.contest, &m.mine);
        }
        Update::Reload(contest) => {
            let mut fresh = *contest;
            fresh.reindex();
            // A reload fetched before one of our writes must not undo it.
            for (k, s) in &m.contest.sheets {
                if fresh.sheet(k).is_some_and(|f| f.version < s.version) {
                    fresh.put_sheet(s.clone());
                }
            }
            for (k, n) in &m.contest.notes {
                if fresh.note(k).is_some_and(|f| f.version < n.version) {
                    fresh.put_note(n.clone());
                }
            }
            let rubric_changed = fresh.rubric_changed != m.contest.rubric_changed;
            m.contest = fresh;
            if rubric_changed {
                m.tell_rubric_change();
                // The criteria moved: an open sheet shows them as stored now.
                let keys: Vec<SheetKey> = m.sheet.iter().map(|s| s.key.clone()).collect();
                for k in keys {
                    m.force_reload_open(&k);
                }
            }
            for k in m.open_keys() {
                m.reload_open(&k);
            }
            m.refresh_mine();
            m.list.refresh(&m.contest, &m.mine);
            m.close_recused();
        }
        Update::ReloadWanted => {}
        Update::Council { published, judges } => {
            m.contest.published = published;
            m.contest.judges = judges;
        }
        Update::Disconnected => {
            m.online = false;
            m.say(Tone::Error, m.t(T::Disconnected).into());
        }
        Update::Reconnected => {
            m.online = true;
            m.say(Tone::Success, m.t(T::Reconnected).into());
            return m.save_open();
        }
    }
    Vec::new()
}

fn on_paste(m: &mut Model, text: &str) -> Vec<Effect> {
    // Only a merge view is lifted off (taking any other overlay would drop it).
    if matches!(m.overlay, Some(Overlay::Merge { .. }))
        && let Some(merge) = m.overlay.take()
    {
        // Pasted text goes into the draft under the merge view.
        let fx = on_paste(m, text);
        m.overlay.get_or_insert(merge);
        return fx;
    }
    if m.overlay.is_none()
        && matches!(
            m.screen_context(),
            Context::Reader | Context::ReaderSearch | Context::ReaderComment
        )
    {
        // Into the reader's find or comment box; the text itself takes none.
        reader::paste(m, text);
        return Vec::new();
    }
    match (&mut m.overlay, m.screen) {
        (Some(Overlay::Reason(_, ed)), _) => ed.insert_str(text),
        (Some(Overlay::Remark(r)), _) => r.editor.insert_str(&text.replace(['\n', '\r'], " ")),
        (Some(_), _) => {}
        (None, Screen::Note) => {
            if let Some(n) = m.note.as_mut() {
                n.edit(|ed| ed.insert_str(text));
            }
        }
        (None, Screen::Entries) => {
            if m.list.search.is_none() {
                m.list.search = Some(TextEditor::single_line(&m.list.query));
            }
            if let Some(ed) = m.list.search.as_mut() {
                ed.insert_str(text);
            }
            m.list.query_changed(&m.contest, &m.mine);
        }
        (None, Screen::Sheet) => {
            // Pasted digits score the focused criterion, as if typed.
            if let Some(s) = m.sheet.as_mut() {
                for c in text.trim().chars().filter(|c| keymap::is_points_char(*c)) {
                    s.type_char(&m.contest, c, m.lang);
                }
            }
        }
        (None, _) => {}
    }
    Vec::new()
}

fn on_key(m: &mut Model, key: Key) -> Vec<Effect> {
    if matches!(m.overlay, Some(Overlay::Merge { .. }))
        && keymap::bound(Context::Merge, key).is_none()
        && let Some(merge) = m.overlay.take()
    {
        // The merge view chooses only with its own keys (chords nobody types
        // by accident); everything else goes to the sheet or note under it,
        // so typing that goes on as it opens is neither lost nor a choice.
        let fx = on_key(m, key);
        if m.overlay.is_none() && !m.quitting {
            m.overlay = Some(merge);
        }
        return fx;
    }
    // A terminal reads `Esc` and a key arriving together (fast typing, SSH)
    // as Alt+key. Where the screen has no Alt binding for it, they are the
    // two keys the member pressed.
    if key.alt && !key.ctrl && keymap::lookup(m.context(), key).is_none() {
        let mut fx = on_key(m, Key::plain(crate::input::key::KeyCode::Esc));
        // An Esc that quits (the picker's) ends it: the key after it is not
        // acted on half-way out of the app.
        if !m.quitting {
            fx.extend(on_key(m, Key { alt: false, ..key }));
        }
        return fx;
    }
    let context = m.context();
    let command = if reader::takes_tab(m, context, key) {
        Some(Command::SwitchFocus)
    } else {
        keymap::lookup(context, key)
    };
    if command != Some(Command::Help) && !matches!(context, Context::Help) {
        // A new action replaces the last message, unless it is an error the
        // member has not acted on yet and this key does nothing.
        if command.is_some() || key.typed_char().is_some() {
            m.status = None;
        }
    }
    match command {
        Some(Command::Quit)
            if context == Context::Sheet && m.sheet.as_ref().is_some_and(SheetEdit::is_refused) =>
        {
            m.overlay = Some(Overlay::DiscardRefused(key));
            return Vec::new();
        }
        Some(Command::Quit) => return quit(m),
        Some(Command::Help) => {
            m.overlay = Some(Overlay::Help { scroll: 0 });
            return Vec::new();
        }
        Some(Command::Publish) => return overlay::ask_publish(m),
        Some(Command::OpenRankings) => return chair::open(m, Screen::Rankings),
        Some(Command::OpenProgress) => return chair::open(m, Screen::Progress),
        Some(Command::OpenAgreement) => return chair::open(m, Screen::Agreement),
        Some(Command::OpenConflicts) => return chair::open(m, Screen::Conflicts),
        Some(Command::OpenAudit) => return chair::open(m, Screen::Audit),
        Some(Command::OpenMeeting) => return meeting::open(m),
        Some(Command::Undo) => return undo::undo(m),
        Some(Command::Redo) => return undo::redo(m),
        Some(Command::Recuse) => {
            let entry = match (&m.sheet, m.screen) {
                (Some(s), Screen::Sheet) => Some(s.entry),
                _ => m.list.current(),
            };
            if let Some(i) = entry {
                m.overlay = Some(Overlay::Reason(
                    ReasonFor::Recuse(i),
                    TextEditor::single_line(""),
                ));
            }
            return Vec::new();
        }
        Some(Command::Read) if context == Context::Sheet => {
            reader::from_sheet(m);
            return Vec::new();
        }
        Some(Command::Read) if context == Context::Entries => {
            if let Some(i) = m.list.current() {
                reader::open(m, i);
            }
            return Vec::new();
        }
        Some(Command::SwitchFocus) if context == Context::Sheet => {
            if let Some(r) = m.reader.as_mut() {
                r.focused = true;
            }
            return Vec::new();
        }
        Some(Command::ToggleLang) => {
            m.lang = match m.lang {
                Lang::Vi => Lang::En,
                Lang::En => Lang::Vi,
            };
            return Vec::new();
        }
        _ => {}
    }
    match context {
        Context::Help => on_help_key(m, command),
        Context::Confirm | Context::Prompt => overlay::on_key(m, key, command),
        Context::Merge => merge::on_key(m, command),
        Context::Remark => remark_edit::on_key(m, key, command),
        Context::Annotations => remark_edit::on_list_key(m, command),
        Context::ChooseMember => overlay::on_choose_marker(m, command),
        Context::Detail => overlay::on_detail(m, command),
        Context::Picker => on_picker_key(m, command),
        Context::Entries | Context::Search => entries::on_key(m, key, command),
        Context::Reader | Context::ReaderSearch | Context::ReaderComment => {
            reader::on_key(m, key, command)
        }
        Context::Sheet => sheet::on_key(m, key, command),
        Context::Note => note::on_key(m, key, command),
        Context::Rankings
        | Context::Breakdown
        | Context::Figures
        | Context::Progress
        | Context::Conflicts
        | Context::Audit => chair::on_key(m, command),
        Context::Meeting => meeting::on_key(m, command),
        Context::Global | Context::Text => Vec::new(),
    }
}

fn on_help_key(m: &mut Model, command: Option<Command>) -> Vec<Effect> {
    // The help stops at its last line, never scrolling into blank pages.
    let last = reading::help_last_scroll(m);
    if let Some(Overlay::Help { scroll }) = &mut m.overlay {
        match command {
            Some(Command::Down) => *scroll = scroll.saturating_add(1).min(last),
            Some(Command::Up) => *scroll = scroll.saturating_sub(1),
            Some(Command::Back) => m.overlay = None,
            _ => {}
        }
    }
    Vec::new()
}

fn on_picker_key(m: &mut Model, command: Option<Command>) -> Vec<Effect> {
    let n = m.contest.judges.len();
    match command {
        Some(Command::Down) if n > 0 => m.picker = (m.picker + 1).min(n - 1),
        Some(Command::Up) => m.picker = m.picker.saturating_sub(1),
        Some(Command::Choose) => {
            if let Some(j) = m.contest.judges.get(m.picker) {
                let id = j.id.clone();
                m.me = Some(id.clone());
                m.screen = Screen::Entries;
                m.refresh_mine();
                m.list.refresh(&m.contest, &m.mine);
                m.tell_reminders();
                if !m.complete {
                    return vec![Effect::LoadMember(id)];
                }
            }
        }
        _ => {}
    }
    Vec::new()
}

fn on_applied(m: &mut Model, change: Change, result: Result<Record, ApplyError>) -> Vec<Effect> {
    // A remark or annotation: refusals are the queue's; a success is
    // recorded like any save, then the next edit goes.
    let words_saved = result.is_ok() && m.words.is_sent(&change);
    if !words_saved && let Some(fx) = remark::answered(m, &change, &result) {
        return fx;
    }
    if words_saved {
        remark::answered(m, &change, &result);
    }
    match result {
        Ok(record) => {
            let entry = change.key().entry.clone();
            let announce = m.unsent.iter().any(|u| u.change == change && u.announce);
            m.unsent.retain(|u| u.change != change);
            if announce {
                let what = journal::describe(m, &change);
                m.say(Tone::Success, T::UnsentStored.with(m.lang, &[&what]));
            }
            let before = match &record {
                Record::Sheet(_) => m.contest.sheet(change.key()).cloned().map(Record::Sheet),
                Record::Note(_) => m.contest.note(change.key()).cloned().map(Record::Note),
            };
            let replaying = m.history.is_replaying();
            m.history.record(&change, before, &record);
            match &record {
                Record::Sheet(s) => m.contest.put_sheet(s.clone()),
                Record::Note(n) => m.contest.put_note(n.clone()),
            }
            if replaying {
                // An undo or redo rewrote the record: show it as stored.
                m.force_reload_open(change.key());
            } else {
                if let Some(s) = m.sheet.as_mut()
                    && s.key == *change.key()
                {
                    s.acknowledged(&change, &record);
                }
                if let Some(n) = m.note.as_mut()
                    && n.key == *change.key()
                {
                    n.acknowledged(&record);
                }
            }
            m.refresh_one(&entry);
            m.list.refresh(&m.contest, &m.mine);
            let title = entry.to_string();
            if replaying {
                return Vec::new();
            }
            match change {
                Change::Submit { .. } => {
                    // The bar points on to the next entry waiting for a sheet.
                    let t = if m.list.next_unsubmitted(&m.mine).is_some() {
                        T::SubmittedNext
                    } else {
                        T::SubmittedOk
                    };
                    m.say(Tone::Success, t.with(m.lang, &[&title]))
                }
                Change::Reopen { .. } => {
                    m.say(Tone::Success, T::ReopenedOk.with(m.lang, &[&title]))
                }
                Change::SaveNote { .. } if words_saved => {
                    m.say(Tone::Success, m.t(T::SavedOk).into());
                    return remark::pump(m);
                }
                Change::SaveNote { .. } if m.status.is_none() => {
                    m.say(Tone::Success, m.t(T::NoteSavedOk).into())
                }
                _ => {}
            }
        }
        Err(ApplyError::Refused(ChangeError::Stale { current })) => {
            use crate::domain::change::Target;
            let current = current.map(|r| *r);
            m.history.failed();
            let target = change.target();
            let mut open = false;
            if let Some(s) = m.sheet.as_mut()
                && target == Target::Sheet
                && s.key == *change.key()
            {
                s.conflict(current.clone());
                open = s.conflict.is_some();
            }
            if let Some(n) = m.note.as_mut()
                && target == Target::Note
                && n.key == *change.key()
            {
                n.conflict(current.clone());
                open = n.conflict.is_some();
            }
            let mut parked = false;
            for u in m.unsent.iter_mut().filter(|u| u.change == change) {
                u.sending = false;
                u.stale = true;
                parked = true;
            }
            if let Some(record) = current {
                match record {
                    Record::Sheet(s) => m.contest.put_sheet(s),
                    Record::Note(n) => m.contest.put_note(n),
                }
            }
            m.refresh_one(&change.key().entry.clone());
            m.list.refresh(&m.contest, &m.mine);
            let what = journal::describe(m, &change);
            m.say(Tone::Error, T::StaleChoose.with(m.lang, &[&what]));
            if open && !matches!(m.overlay, Some(Overlay::Help { .. })) {
                m.overlay = Some(Overlay::Merge { target, scroll: 0 });
            } else if parked {
                journal::open_first_stale(m);
            }
        }
        Err(ApplyError::Refused(e)) => {
            m.history.failed();
            if let Some(s) = m.sheet.as_mut() {
                s.failed();
            }
            if let Some(n) = m.note.as_mut() {
                n.failed();
            }
            let text = refusal_text(m, &e);
            m.say(Tone::Error, text);
            // A closed editor's draft the store refuses for good: the member
            // is told why and chooses to discard it or keep it.
            if m.unsent.iter().any(|u| u.change == change) {
                let why = crate::i18n::refusal(&e, m.lang);
                journal::refused_for_good(m, &change, &why);
            }
        }
        Err(ApplyError::Failed(why)) => {
            m.history.failed();
            for u in m.unsent.iter_mut().filter(|u| u.change == change) {
                u.sending = false;
                u.announce = true;
            }
            if let Some(s) = m.sheet.as_mut() {
                s.failed();
            }
            if let Some(n) = m.note.as_mut() {
                n.failed();
            }
            m.say(Tone::Error, T::SaveFailed.with(m.lang, &[&why]));
        }
    }
    Vec::new()
}

fn refusal_text(m: &Model, e: &ChangeError) -> String {
    let name = |id: &str| {
        m.contest
            .rubric
            .get(id)
            .map(|c| c.name.get(m.lang).to_string())
            .unwrap_or_else(|| id.to_string())
    };
    match e {
        ChangeError::NotYours { .. } => m.t(T::NotYourSheet).to_string(),
        ChangeError::Incomplete { missing } => {
            let names: Vec<String> = missing.iter().map(|id| name(id)).collect();
            T::MissingCriteria.with(m.lang, &[&names.join(", ")])
        }
        ChangeError::AlreadySubmitted => m.t(T::SheetSubmittedRO).to_string(),
        other => T::SaveFailed.with(m.lang, &[&crate::i18n::refusal(other, m.lang)]),
    }
}
