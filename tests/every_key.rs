//! Every size, every key: random key sequences (and pastes, resizes, ticks,
//! failed writes and changes from elsewhere) run through `update` and its
//! effects for a member and for the chair, in both languages, on contests
//! with and without scores. After every step the screen is drawn at a random
//! size from 1×1 to 300×100 and must not panic, and the model must still
//! make sense to the member in front of it.

#[path = "common/memory.rs"]
mod memory;

use jury::app::chair::{conflict_rows, is_chair_screen};
use jury::app::{Model, Msg, Overlay, ReasonFor, Screen};
use jury::contest_file;
use jury::domain::{Change, Contest, Lang, SheetState};
use jury::input::editor::{MAX_BYTES, TextEditor};
use jury::input::key::{Key, KeyCode};
use jury::input::keymap::BINDINGS;
use jury::run::dispatch;
use jury::store::{Storage, Update};
use memory::Memory;
use proptest::prelude::*;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use unicode_normalization::UnicodeNormalization;
use unicode_segmentation::UnicodeSegmentation;

const SCORED: &str = include_str!("fixtures/scored-contest.json");
const SMALL: &str = include_str!("fixtures/small-contest.json");

// ---------------------------------------------------------------------------
// What is typed

/// One thing that happens to the app between two frames.
#[derive(Clone, Debug)]
enum Step {
    Key(Key),
    /// Keys that do something whole (score a sheet, recuse with a reason),
    /// so that random sequences reach the states behind them.
    Keys(Vec<Key>),
    Paste(String),
    Resize(u16, u16),
    Tick,
    /// The next write fails (a full disk, a lost server).
    FailNextWrite,
    /// The member saves the open sheet or note in another terminal.
    SavedElsewhere,
    Disconnected,
    Reconnected,
}

/// Every key the keymap binds, in every context.
fn bound_keys() -> Vec<Key> {
    let mut keys: Vec<Key> = BINDINGS
        .iter()
        .flat_map(|b| b.keys.iter())
        .filter(|k| **k != "<digit>")
        .filter_map(|k| Key::parse(k))
        .collect();
    keys.sort_by_key(|k| format!("{k:?}"));
    keys.dedup();
    keys
}

fn plain(code: KeyCode) -> Key {
    Key::plain(code)
}

fn key() -> impl Strategy<Value = Key> {
    let specials = vec![
        plain(KeyCode::Enter),
        plain(KeyCode::Esc),
        plain(KeyCode::Tab),
        plain(KeyCode::BackTab),
        plain(KeyCode::Backspace),
        plain(KeyCode::Delete),
        plain(KeyCode::Up),
        plain(KeyCode::Down),
        plain(KeyCode::Left),
        plain(KeyCode::Right),
        plain(KeyCode::Home),
        plain(KeyCode::End),
        plain(KeyCode::PageUp),
        plain(KeyCode::PageDown),
        plain(KeyCode::F(1)),
        // What crossterm's keys that jury does not know become.
        plain(KeyCode::F(0)),
        plain(KeyCode::Char('?')),
        plain(KeyCode::Char('/')),
        plain(KeyCode::Char(' ')),
    ];
    let modified_codes = vec![
        KeyCode::Left,
        KeyCode::Right,
        KeyCode::Home,
        KeyCode::End,
        KeyCode::Backspace,
        KeyCode::Enter,
        KeyCode::Up,
        KeyCode::Down,
    ];
    let vietnamese = vec![
        'ư', 'đ', 'ế', 'ệ', 'ơ', 'ă', 'â', 'ô', 'Đ', 'Ư', 'ữ', 'ỹ', 'Ạ',
        // A bare combining mark, as some input methods send after the letter.
        '\u{301}', '\u{323}', '😀', '中',
    ];
    prop_oneof![
        6 => proptest::sample::select(bound_keys()),
        3 => proptest::sample::select("0123456789.,".chars().collect::<Vec<_>>())
            .prop_map(|c| plain(KeyCode::Char(c))),
        2 => proptest::char::range('a', 'z').prop_map(|c| plain(KeyCode::Char(c))),
        1 => proptest::char::range('A', 'Z').prop_map(|c| plain(KeyCode::Char(c))),
        2 => proptest::sample::select(vietnamese).prop_map(|c| plain(KeyCode::Char(c))),
        2 => proptest::sample::select(specials),
        1 => proptest::char::range('a', 'z').prop_map(Key::ctrl),
        1 => (proptest::sample::select(modified_codes), any::<bool>(), any::<bool>())
            .prop_map(|(code, ctrl, alt)| Key { code, ctrl, alt }),
        1 => proptest::sample::select(vec!['b', 'f', 'x'])
            .prop_map(|c| Key { code: KeyCode::Char(c), ctrl: false, alt: true }),
    ]
}

/// What members do, in the key notation.
const ERRANDS: &[&str] = &[
    "<enter> 2 0 <enter> 1 8 , 5 <enter> 2 5 <enter> 1 5 <enter>",
    "<enter> 2 5 <enter> 2 5 <enter> 3 0 <enter> 2 0 <enter> S y",
    "S y",
    "R l ý <space> d o <enter>",
    "X x u n g <space> đ ộ t <enter>",
    "a n h ậ n <space> x é t <c-s> <esc>",
    "/ s k <enter>",
    "/ đ ổ i <enter> <enter>",
    "<enter> ] ]",
    "<enter> [ [ n",
    "j X t r ù n g <enter> k <enter> ]",
    "G X đ <enter> g <enter> ] ] ]",
    "m j j <enter>",
    "r <enter> ] + <esc>",
    "r A 2 <enter> y",
    "r A 1 <enter> <esc> m",
    "C c y j d y <esc>",
    "C c n r + j <enter>",
    "C c y u y",
    "T f f R",
    "T <enter> j k <esc>",
    "p l l h <tab>",
    "p o j j k o",
    "u u U",
];

fn errand() -> impl Strategy<Value = Vec<Key>> {
    proptest::sample::select(ERRANDS).prop_map(|s| Key::parse_seq(s).expect("valid key notation"))
}

fn paste() -> impl Strategy<Value = String> {
    let phrases = vec![
        "Giải pháp thiết thực, đề nghị nhân rộng.",
        "Tính mới chưa rõ; cần bổ sung số liệu.",
        "Đồng ý",
        "ĐƯỢC",
    ];
    prop_oneof![
        "[a-zđươêâăôơưếệữ 0-9,.\\n]{0,16}",
        proptest::sample::select(phrases.clone()).prop_map(String::from),
        // Text from a file or another program may come decomposed.
        proptest::sample::select(phrases).prop_map(|p| p.nfd().collect::<String>()),
        Just("18,5".to_string()),
        Just("dòng một\r\ndòng hai\tcột".to_string()),
        Just("👨\u{200d}👩\u{200d}👧🇻🇳".to_string()),
        "\\PC{0,12}",
    ]
}

/// Sizes a terminal can report, 0×0 included.
fn terminal_size() -> impl Strategy<Value = (u16, u16)> {
    prop_oneof![
        Just((1, 1)),
        Just((80, 24)),
        Just((300, 100)),
        Just((50, 12)),
        Just((49, 11)),
        (0u16..=300, 0u16..=100),
    ]
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        24 => key().prop_map(Step::Key),
        8 => errand().prop_map(Step::Keys),
        2 => paste().prop_map(Step::Paste),
        2 => terminal_size().prop_map(|(w, h)| Step::Resize(w, h)),
        2 => Just(Step::Tick),
        1 => Just(Step::FailNextWrite),
        1 => Just(Step::SavedElsewhere),
        1 => Just(Step::Disconnected),
        1 => Just(Step::Reconnected),
    ]
}

/// Where each frame is drawn: the size the app was told, or another one (a
/// frame can come before the resize event that announces it). Large frames
/// are slow to draw in a debug build, so most are at most 120×40.
fn draw_size() -> impl Strategy<Value = Option<(u16, u16)>> {
    prop_oneof![
        2 => Just(None),
        1 => proptest::sample::select(vec![(1, 1), (80, 24), (50, 12), (49, 11), (300, 100)])
            .prop_map(Some),
        4 => (1u16..=120, 1u16..=40).prop_map(Some),
        1 => (1u16..=300, 1u16..=100).prop_map(Some),
    ]
}

// ---------------------------------------------------------------------------
// Who types it, on what

#[derive(Clone, Copy, Debug)]
enum Fixture {
    /// Every member has scored every entry.
    Scored,
    /// One member has scored some entries.
    Small,
    /// The small contest with no sheet or note at all.
    Empty,
}

#[derive(Clone, Debug)]
struct Setup {
    fixture: Fixture,
    /// `None` starts at the picker.
    me: Option<&'static str>,
    lang: Lang,
    /// Whether the first model holds every sheet (or only the member's own,
    /// as `jury` opens a local database).
    complete: bool,
}

fn contest(fixture: Fixture) -> Contest {
    let (name, text) = match fixture {
        Fixture::Scored => ("scored.json", SCORED),
        Fixture::Small | Fixture::Empty => ("small.json", SMALL),
    };
    let c = contest_file::read_bytes(name, text.as_bytes()).expect("the fixture reads");
    match fixture {
        Fixture::Empty => c.definition(),
        _ => c,
    }
}

fn setup(members: &'static [Option<&'static str>]) -> impl Strategy<Value = Setup> {
    (
        proptest::sample::select(vec![Fixture::Scored, Fixture::Small, Fixture::Empty]),
        proptest::sample::select(members.to_vec()),
        proptest::sample::select(vec![Lang::Vi, Lang::En]),
        any::<bool>(),
    )
        .prop_map(|(fixture, me, lang, complete)| Setup {
            fixture,
            me,
            lang,
            complete,
        })
}

// ---------------------------------------------------------------------------
// Running it

struct Session {
    storage: Memory,
    model: Model,
    lang: Lang,
    /// A write failed or was overtaken: unsaved work is then expected.
    disturbed: bool,
    /// The app was quit and opened again.
    restarts: usize,
    screen: Terminal<TestBackend>,
}

impl Session {
    fn new(s: &Setup) -> Session {
        let mut storage = Memory::new(contest(s.fixture));
        let me = s.me.map(String::from);
        let model = open(&mut storage, me, s.lang, s.complete);
        Session {
            storage,
            model,
            lang: s.lang,
            disturbed: false,
            restarts: 0,
            screen: Terminal::new(TestBackend::new(80, 24)).expect("a test terminal"),
        }
    }

    /// Runs one step; `true` when the app quit.
    fn run(&mut self, step: &Step) -> bool {
        match step {
            Step::Key(k) => self.send(Msg::Key(*k)),
            Step::Keys(keys) => {
                for k in keys {
                    if self.send(Msg::Key(*k)) {
                        return true;
                    }
                }
                false
            }
            Step::Paste(text) => self.send(Msg::Paste(text.clone())),
            Step::Resize(w, h) => self.send(Msg::Resize(*w, *h)),
            Step::Tick => self.send(Msg::Tick),
            Step::FailNextWrite => {
                self.storage.fail_next = true;
                self.disturbed = true;
                false
            }
            Step::SavedElsewhere => self.saved_elsewhere(),
            Step::Disconnected => self.send(Msg::Remote(Update::Disconnected)),
            Step::Reconnected => self.send(Msg::Remote(Update::Reconnected)),
        }
    }

    fn send(&mut self, msg: Msg) -> bool {
        dispatch(&mut self.storage, &mut self.model, msg)
    }

    /// The member's other terminal saves the sheet or note open here, and
    /// the change is pushed to this one.
    fn saved_elsewhere(&mut self) -> bool {
        let Some(me) = self.model.me.clone() else {
            return false;
        };
        let change = if let Some(n) = &self.model.note {
            let base = self.storage.contest.note(&n.key).map_or(0, |n| n.version);
            Change::SaveNote {
                key: n.key.clone(),
                text: "Sửa ở máy khác".into(),
                base,
                remarks: Default::default(),
                annotations: Vec::new(),
            }
        } else if let Some(s) = &self.model.sheet {
            let stored = self.storage.contest.sheet(&s.key);
            if stored.is_some_and(|s| s.state == SheetState::Submitted) {
                return false;
            }
            Change::SaveSheet {
                key: s.key.clone(),
                points: Default::default(),
                base: stored.map_or(0, |s| s.version),
            }
        } else {
            return false;
        };
        let fail = std::mem::take(&mut self.storage.fail_next);
        let result = self.storage.apply(&me, &change);
        self.storage.fail_next = fail;
        match result {
            Ok(record) => {
                self.disturbed = true;
                self.send(Msg::Remote(Update::Record(record)))
            }
            Err(_) => false,
        }
    }

    /// After a quit: what was typed is saved; then the member opens the app again.
    fn reopen(&mut self) -> Result<(), TestCaseError> {
        prop_assert!(self.model.quitting, "the app stopped without quitting");
        // A write the rules refused (a sheet left open after recusing from
        // its entry) keeps its draft, as a failed one does.
        if !self.disturbed && self.storage.refused == 0 {
            // All but a value the rubric refuses, which stays on screen with its reason.
            let refused = self
                .model
                .sheet
                .as_ref()
                .is_some_and(|s| s.typing.is_some() && s.problem.is_some());
            prop_assert!(
                !self.model.note.as_ref().is_some_and(|n| n.is_dirty())
                    && (!self.model.has_unsaved() || refused),
                "quitting left work unsaved: {:?} {:?}",
                self.model.sheet,
                self.model.note
            );
        }
        let me = self.model.me.clone();
        // What was not acknowledged comes back from the journal, as in `jury`.
        let journal = jury::app::journal::collect(&self.model);
        self.model = open(&mut self.storage, me, self.lang, false);
        if !journal.is_empty() {
            self.send(Msg::Restore(journal.clone()));
        }
        // Each draft is stored now, or still kept (to save again or to merge).
        let kept = jury::app::journal::collect(&self.model);
        let stored = &self.storage.contest;
        for d in &journal.drafts {
            let held = match d {
                Change::SaveNote { key, text, .. } => {
                    stored.note(key).map_or("", |n| n.text.as_str()) == text
                }
                Change::SaveSheet { key, points, .. } => {
                    stored
                        .sheet(key)
                        .map(|s| s.marks.to_map(&stored.rubric))
                        .unwrap_or_default()
                        == *points
                }
                _ => true,
            };
            prop_assert!(
                held || kept
                    .drafts
                    .iter()
                    .any(|k| jury::app::journal::same_record(k, d)),
                "a journaled draft was lost on restart: {d:?}"
            );
        }
        self.disturbed = false;
        self.storage.refused = 0;
        self.restarts += 1;
        Ok(())
    }
}

/// The model `jury` starts with (see `jury::run::open_local`).
fn open(storage: &mut Memory, me: Option<String>, lang: Lang, complete: bool) -> Model {
    let contest = match (&me, complete) {
        (_, true) => storage.load(),
        (Some(id), false) => storage.load_member(id),
        (None, false) => Ok(storage.contest.definition()),
    }
    .expect("memory loads");
    let mut model = Model::new(contest, me, Some("nobody".into()), lang);
    model.complete = complete;
    model
}

// ---------------------------------------------------------------------------
// Drawing

impl Session {
    /// Draws the model at `w`×`h` (one terminal, resized, as in real use).
    fn draw(&mut self, (w, h): (u16, u16)) -> Result<(), TestCaseError> {
        let m = &self.model;
        self.screen.backend_mut().resize(w, h);
        self.screen
            .draw(|f| jury::ui::view(m, f))
            .expect("drawing to memory");
        let backend = self.screen.backend();
        if backend.cursor_visible() {
            let p = backend.cursor_position();
            prop_assert!(
                p.x < w && p.y < h,
                "the cursor is outside the {w}×{h} screen at {p:?} on {:?}",
                m.screen
            );
        }
        Ok(())
    }
}

// ---------------------------------------------------------------------------
// What must hold

fn editor_is_sound(what: &str, ed: &TextEditor, single: bool) -> Result<(), TestCaseError> {
    let text = ed.text();
    prop_assert!(
        unicode_normalization::is_nfc(text),
        "{what} is not NFC: {text:?}"
    );
    prop_assert!(text.len() <= MAX_BYTES, "{what} is over the size limit");
    let on_boundary =
        ed.cursor() == text.len() || text.grapheme_indices(true).any(|(i, _)| i == ed.cursor());
    prop_assert!(
        on_boundary,
        "{what}: cursor {} is not between two characters of {text:?}",
        ed.cursor()
    );
    if single {
        prop_assert!(!text.contains('\n'), "{what} has a line break: {text:?}");
    }
    Ok(())
}

fn check(session: &Session) -> Result<(), TestCaseError> {
    let m = &session.model;
    let entries = m.contest.entries.len();
    let chair = m.me_judge().is_some_and(|j| j.is_chair());

    // Who is at the keyboard.
    match &m.me {
        None => prop_assert_eq!(
            m.screen,
            Screen::Picker,
            "no member chosen, yet past the picker"
        ),
        Some(id) => prop_assert!(m.contest.judge(id).is_some(), "{id} is not on the council"),
    }
    if m.screen == Screen::Picker {
        prop_assert!(
            m.picker < m.contest.judges.len().max(1),
            "the picker points past the council"
        );
    }
    if is_chair_screen(m.screen) {
        prop_assert!(chair, "a member who is not the chair is on {:?}", m.screen);
    }

    // The entries list.
    let list = &m.list;
    prop_assert!(
        list.visible.iter().all(|&i| i < entries),
        "the list shows an entry that does not exist"
    );
    prop_assert!(
        list.selected < list.visible.len() || (list.visible.is_empty() && list.selected == 0),
        "row {} selected in a list of {}",
        list.selected,
        list.visible.len()
    );
    prop_assert_eq!(m.mine.len(), entries, "a sheet summary per entry");
    if let Some(ed) = &list.search {
        editor_is_sound("the search box", ed, true)?;
        prop_assert_eq!(
            ed.text(),
            list.query.as_str(),
            "the list is not filtered by what is typed"
        );
    }
    prop_assert!(
        unicode_normalization::is_nfc(&list.query),
        "the search is not NFC"
    );

    // The open sheet.
    if m.screen == Screen::Sheet {
        prop_assert!(m.sheet.is_some(), "the sheet screen with no sheet open");
    }
    if let Some(s) = &m.sheet {
        let e = m.contest.entries.get(s.entry);
        prop_assert!(
            e.is_some(),
            "the open sheet's entry {} does not exist",
            s.entry
        );
        prop_assert_eq!(
            &*s.key.entry,
            e.map_or("", |e| e.id.as_str()),
            "the open sheet is filed under another entry"
        );
        prop_assert_eq!(
            Some(&*s.key.judge),
            m.me.as_deref(),
            "a sheet that is not mine"
        );
        let criteria = m.contest.rubric.len();
        // One past the last criterion is the sheet's end line.
        prop_assert!(
            s.focus <= criteria,
            "criterion {} focused of {criteria}",
            s.focus
        );
        prop_assert_eq!(s.marks.slots().len(), criteria, "a mark per criterion");
        if s.is_submitted() {
            prop_assert!(!s.is_dirty(), "a submitted sheet has unsaved changes");
        }
    }

    // The reader: on an entry that exists, never a blank page past the end.
    if let Some(r) = &m.reader {
        prop_assert!(
            r.entry < m.contest.entries.len(),
            "reading entry {} that does not exist",
            r.entry
        );
        let total = jury::app::reader::lines(m).len();
        let last = total.saturating_sub(jury::app::reader::rows(m));
        prop_assert!(
            r.scroll <= last,
            "the reader scrolled to line {} of {total} (last start {last})",
            r.scroll
        );
    }

    // The open note.
    if m.screen == Screen::Note {
        prop_assert!(m.note.is_some(), "the note screen with no note open");
    }
    if let Some(n) = &m.note {
        let e = m.contest.entries.get(n.entry);
        prop_assert!(
            e.is_some(),
            "the open note's entry {} does not exist",
            n.entry
        );
        prop_assert_eq!(
            &*n.key.entry,
            e.map_or("", |e| e.id.as_str()),
            "the open note is filed under another entry"
        );
        prop_assert_eq!(
            Some(&*n.key.judge),
            m.me.as_deref(),
            "a note that is not mine"
        );
        editor_is_sound("the note", &n.editor, false)?;
        prop_assert!(
            matches!(n.from, Screen::Entries | Screen::Sheet),
            "the note returns to {:?}",
            n.from
        );
        if n.from == Screen::Sheet {
            prop_assert!(
                m.sheet.is_some(),
                "the note returns to a sheet that is gone"
            );
        }
    }

    // Dialogs.
    match &m.overlay {
        Some(Overlay::ConfirmSubmit) => {
            prop_assert!(m.sheet.is_some(), "confirming the submission of no sheet")
        }
        Some(Overlay::Reason(why, ed)) => {
            editor_is_sound("the reason", ed, true)?;
            match why {
                ReasonFor::Reopen => prop_assert!(m.sheet.is_some(), "reopening no sheet"),
                ReasonFor::Recuse(i) => prop_assert!(*i < entries, "recusal from entry {i}"),
                ReasonFor::Assign => prop_assert!(chair, "a member who is not the chair assigns"),
                ReasonFor::UndoSubmit(i) => {
                    prop_assert!(*i < entries, "undoing a submission of entry {i}")
                }
                ReasonFor::Remind(i) => {
                    prop_assert!(chair, "a member who is not the chair leaves a reminder");
                    prop_assert!(*i < m.contest.judges.len(), "a reminder for member {i}")
                }
            }
        }
        Some(Overlay::ConfirmPublish(published)) => {
            prop_assert!(chair, "a member who is not the chair publishes");
            prop_assert!(
                *published != m.contest.published,
                "asking to publish what already is"
            );
        }
        Some(Overlay::DiscardRefused(_)) => {
            prop_assert!(
                m.sheet.as_ref().is_some_and(|s| s.is_refused()),
                "asking to discard a refused value that is not there"
            )
        }
        Some(Overlay::ConfirmUndo { entry, .. }) => {
            prop_assert!(
                m.contest.entry(entry).is_some(),
                "undoing a change on no entry {entry}"
            )
        }
        Some(Overlay::Ask(ask)) => match &ask.then {
            jury::app::Then::DiscardUnsent(change) => prop_assert!(
                m.unsent
                    .iter()
                    .any(|u| u.change == *change && u.refused.is_some()),
                "asking to discard a draft that is not refused: {change:?}"
            ),
            jury::app::Then::ForceAssign { .. } => {
                prop_assert!(chair, "a member who is not the chair assigns")
            }
            jury::app::Then::DismissReminders(judge) => prop_assert!(
                m.me.as_deref() == Some(judge.as_str()),
                "dismissing another member's reminders: {judge}"
            ),
        },
        Some(Overlay::ConfirmCouncil { question, .. }) => {
            prop_assert!(
                chair,
                "a member who is not the chair is asked a council act"
            );
            prop_assert!(!question.is_empty(), "a council act asked without words");
        }
        Some(Overlay::ChooseMarker {
            candidates,
            selected,
            ..
        }) => {
            prop_assert!(chair, "a member who is not the chair adds a marker");
            prop_assert!(!candidates.is_empty(), "a choice of no member");
            prop_assert!(
                *selected < candidates.len(),
                "member {selected} chosen of {}",
                candidates.len()
            );
        }
        Some(Overlay::CellDetail { judge, entry }) => {
            prop_assert!(
                m.screen == Screen::Progress,
                "a Progress cell open over {:?}",
                m.screen
            );
            prop_assert!(
                m.contest.judge(judge).is_some() && m.contest.entry(entry).is_some(),
                "the cell of no member or entry: {judge} {entry}"
            );
        }
        Some(Overlay::AuditDetail { .. }) => prop_assert!(
            m.screen == Screen::Audit,
            "an audit record open over {:?}",
            m.screen
        ),
        Some(Overlay::Merge { target, .. }) => prop_assert!(
            m.waits_for_choice(*target),
            "a merge view with nothing to choose"
        ),
        Some(Overlay::Remark(r)) => {
            editor_is_sound("the remark", &r.editor, true)?;
            prop_assert!(m.contest.entry(&r.entry).is_some(), "a remark on no entry");
            prop_assert!(
                m.contest.rubric.get(&r.criterion).is_some(),
                "a remark on no criterion {}",
                r.criterion
            );
        }
        Some(Overlay::Annotations { entry, selected }) => {
            let count = m.my_words(entry).annotations.len();
            prop_assert!(
                *selected < count.max(1),
                "annotation {selected} chosen of {count}"
            );
        }
        Some(Overlay::Help { .. }) | None => {}
    }

    // The chair's screens.
    if is_chair_screen(m.screen) && m.complete {
        prop_assert!(m.chair.ranking.is_some(), "a chair screen without figures");
    }
    let rows = m.chair.rows().len();
    prop_assert!(
        m.chair.selected < rows.max(1),
        "ranking row {} selected of {rows}",
        m.chair.selected
    );
    if m.screen == Screen::Breakdown {
        prop_assert!(
            m.chair.breakdown.is_some_and(|i| i < entries),
            "the breakdown of no entry"
        );
    }
    if m.screen == Screen::Conflicts {
        let n = conflict_rows(m).len();
        prop_assert!(
            m.chair.conflicts_selected < n.max(1),
            "conflict row {} selected of {n}",
            m.chair.conflicts_selected
        );
    }
    if m.screen == Screen::Audit {
        let n = m.chair.audit_rows().len();
        prop_assert!(
            m.chair.audit_selected < n.max(1),
            "audit row {} selected of {n}",
            m.chair.audit_selected
        );
    }

    // What is on screen as mine is what is stored.
    if let Some(me) = m.me.as_deref() {
        let stored = &session.storage.contest;
        for (k, s) in stored.sheets.iter().filter(|(k, _)| *k.judge == *me) {
            prop_assert_eq!(
                m.contest.sheet(k),
                Some(s),
                "my stored sheet for {} is not shown",
                k.entry
            );
        }
        for (k, n) in stored.notes.iter().filter(|(k, _)| *k.judge == *me) {
            prop_assert_eq!(
                m.contest.note(k),
                Some(n),
                "my stored note for {} is not shown",
                k.entry
            );
        }
        if let Some(s) = &m.sheet
            && !s.is_dirty()
            && !s.is_saving()
            && s.conflict.is_none()
        {
            let stored = stored.sheet(&s.key);
            prop_assert_eq!(
                s.base,
                stored.map_or(0, |x| x.version),
                "the open sheet is based on another version than the stored one"
            );
            if let Some(stored) = stored {
                prop_assert_eq!(
                    &s.marks,
                    &stored.marks,
                    "the open sheet differs from the stored one with nothing unsaved"
                );
                prop_assert_eq!(
                    s.state,
                    stored.state,
                    "the open sheet's state differs from the stored one"
                );
            }
        }
    }
    Ok(())
}

fn play(setup: &Setup, steps: &[(Step, Option<(u16, u16)>)]) -> Result<Session, TestCaseError> {
    let mut session = Session::new(setup);
    check(&session)?;
    session.draw((80, 24))?;
    for (i, (step, size)) in steps.iter().enumerate() {
        let at = |e: TestCaseError| TestCaseError::fail(format!("after step {i} ({step:?}): {e}"));
        let quit = session.run(step);
        check(&session).map_err(at)?;
        let (w, h) = size.unwrap_or(session.model.size);
        session.draw((w.max(1), h.max(1))).map_err(at)?;
        if quit {
            session.reopen().map_err(at)?;
            check(&session).map_err(at)?;
        }
    }
    // The extremes, once more, for wherever the sequence ended.
    for size in [(1, 1), (300, 100)] {
        session.draw(size)?;
    }
    Ok(session)
}

/// Esc always leads back: out of any dialog and screen to the list (or out
/// of the picker, which quits). A refused value on the sheet is never
/// dropped silently: Esc asks, and only `y` discards it.
fn esc_leads_back(mut session: Session) -> Result<(), TestCaseError> {
    use jury::domain::change::Target;
    for _ in 0..6 {
        let key = match session.model.overlay {
            Some(Overlay::DiscardRefused(_)) => Key::plain(KeyCode::Char('y')),
            _ => Key::plain(KeyCode::Esc),
        };
        if session.run(&Step::Key(key)) {
            return Ok(());
        }
        check(&session)?;
    }
    // Except from text refused as stale, which stays until the member chooses.
    let m = &session.model;
    if m.waits_for_choice(Target::Note) || m.waits_for_choice(Target::Sheet) {
        prop_assert!(
            matches!(m.screen, Screen::Note | Screen::Sheet),
            "a draft waiting for a choice is off screen on {:?}",
            m.screen
        );
        return Ok(());
    }
    prop_assert!(
        session.model.overlay.is_none()
            && matches!(session.model.screen, Screen::Entries | Screen::Picker),
        "Esc does not lead back to the list from {:?} ({:?})",
        session.model.screen,
        session.model.overlay
    );
    Ok(())
}

fn steps() -> impl Strategy<Value = Vec<(Step, Option<(u16, u16)>)>> {
    proptest::collection::vec((step(), draw_size()), 0..60)
}

fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        // Failures found become regular tests below; no regression files.
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config(20))]

    #[test]
    fn a_member_can_press_anything_at_any_size(
        setup in setup(&[Some("GK02"), Some("GK03")]),
        steps in steps(),
    ) {
        esc_leads_back(play(&setup, &steps)?)?;
    }

    #[test]
    fn the_chair_can_press_anything_at_any_size(
        setup in setup(&[Some("GK01")]),
        steps in steps(),
    ) {
        esc_leads_back(play(&setup, &steps)?)?;
    }

    #[test]
    fn anyone_at_the_picker_can_press_anything_at_any_size(
        setup in setup(&[None]),
        steps in steps(),
    ) {
        esc_leads_back(play(&setup, &steps)?)?;
    }
}

// ---------------------------------------------------------------------------
// Cases found, kept

fn keys(s: &str) -> Vec<(Step, Option<(u16, u16)>)> {
    Key::parse_seq(s)
        .expect("valid key notation")
        .into_iter()
        .map(|k| (Step::Key(k), None))
        .collect()
}

#[test]
fn the_chair_tours_every_screen_at_the_extremes() {
    let sizes = [(300, 100), (80, 24), (50, 12), (1, 1), (120, 40)];
    for (fixture, lang) in [
        (Fixture::Scored, Lang::Vi),
        (Fixture::Small, Lang::En),
        (Fixture::Empty, Lang::Vi),
    ] {
        let setup = Setup {
            fixture,
            me: Some("GK01"),
            lang,
            complete: false,
        };
        let mut steps = keys(
            "r <enter> ] ] [ + <esc> m o A 2 <enter> <tab> l l h <tab> j j <tab> c d j d \
             <tab> f f R <pgdn> <s-tab> <s-tab> <esc> p <esc> w <esc> C <esc> T q q",
        );
        for (i, (_, size)) in steps.iter_mut().enumerate() {
            *size = Some(sizes[i % sizes.len()]);
        }
        let s = play(&setup, &steps).unwrap_or_else(|e| panic!("{fixture:?} {lang:?}: {e}"));
        assert_eq!(s.restarts, 1, "q leaves the audit, then quits");
    }
}

/// Found by the property tests: stepping from a sheet onto an entry the
/// member is recused from left the sheet screen with no sheet, and every
/// key but Ctrl-C did nothing.
#[test]
fn stepping_onto_a_recused_entry_keeps_the_open_sheet() {
    let setup = Setup {
        fixture: Fixture::Small,
        me: Some("GK03"),
        lang: Lang::En,
        complete: true,
    };
    let s = play(&setup, &keys("X a <enter> j <enter> [")).expect("the model holds");
    let m = &s.model;
    assert_eq!(m.screen, Screen::Sheet);
    let sheet = m.sheet.as_ref().expect("the SK02 sheet stays open");
    assert_eq!(&*sheet.key.entry, "SK02");
    assert_eq!(
        m.list.current(),
        Some(sheet.entry),
        "the list cursor stays with it"
    );
    let status = m.status.as_ref().map(|s| s.text.as_str()).unwrap_or("");
    assert!(status.contains("recused from SK01"), "{status}");
}

/// Found by the property tests: a change saved in another terminal arrived
/// while the member was typing the value the sheet already had; once the
/// digits were entered nothing was unsaved, yet the sheet still showed the
/// old values and was based on the old version.
#[test]
fn digits_that_change_nothing_let_a_change_from_elsewhere_show() {
    let setup = Setup {
        fixture: Fixture::Empty,
        me: Some("GK02"),
        lang: Lang::Vi,
        complete: false,
    };
    let mut steps = keys("<enter> 0 <enter> <up> 0");
    steps.push((Step::SavedElsewhere, None));
    steps.extend(keys("<s-tab>"));
    let s = play(&setup, &steps).expect("the model holds");
    let sheet = s.model.sheet.as_ref().expect("the sheet is open");
    assert!(!sheet.is_dirty());
    assert_eq!(sheet.base, 2, "based on the version saved elsewhere");
    assert_eq!(sheet.marks.get(0), None, "showing what was saved elsewhere");
}

/// Found by the property tests: `]` on the last entry saved the digits being
/// typed, then opened the same sheet again from before the save, so the
/// screen kept the old value while the new one was stored.
#[test]
fn the_next_entry_key_on_the_last_entry_keeps_what_was_typed() {
    let setup = Setup {
        fixture: Fixture::Empty,
        me: Some("GK02"),
        lang: Lang::En,
        complete: true,
    };
    let s = play(&setup, &keys("G <enter> 2 5 <enter> <up> 8 ]")).expect("the model holds");
    let sheet = s.model.sheet.as_ref().expect("the sheet stays open");
    assert_eq!(&*sheet.key.entry, "SK04");
    assert_eq!(sheet.marks.get(0).map(|p| p.to_string()), Some("8".into()));
    assert!(!sheet.is_dirty());
}

/// A note closed while its save fails (a full disk, a lost server) is kept:
/// opening it again shows the text, and the next pause stores it.
#[test]
fn a_note_closed_while_its_save_fails_comes_back_and_is_stored_later() {
    let setup = Setup {
        fixture: Fixture::Small,
        me: Some("GK03"),
        lang: Lang::En,
        complete: true,
    };
    let mut steps = keys("a h i");
    steps.push((Step::FailNextWrite, None));
    steps.extend(keys("<esc>"));
    let s = play(&setup, &steps).expect("the model holds");
    assert_eq!(s.model.screen, Screen::Entries);
    let key = jury::domain::SheetKey::new("main", "SK01", "GK03");
    assert!(s.storage.contest.note(&key).is_none(), "the save failed");
    steps.extend(keys("a"));
    let s = play(&setup, &steps).expect("the model holds");
    let note = s.model.note.as_ref().expect("the note is open again");
    assert_eq!(
        note.editor.text(),
        "hi",
        "with the text that was not stored"
    );
    assert!(note.is_dirty());
    steps.extend(keys("<esc>"));
    let s = play(&setup, &steps).expect("the model holds");
    assert_eq!(
        s.storage.contest.note(&key).map(|n| n.text.as_str()),
        Some("hi")
    );
    let status = s
        .model
        .status
        .as_ref()
        .map(|s| s.text.as_str())
        .unwrap_or("");
    assert!(
        status.contains("Note saved"),
        "an ordinary save says so: {status}"
    );
}
