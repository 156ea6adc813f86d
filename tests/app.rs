//! The app driven by key sequences, as a member would type them, against a
//! real (temporary) database.

mod common;

use common::SMALL;
use jury::app::{Model, Msg, Overlay, Screen, Tone};
use jury::contest_file;
use jury::domain::{Lang, Points, SheetKey, SheetState};
use jury::input::key::Key;
use jury::run::dispatch;
use jury::store::{Local, Storage, Store};

struct Session {
    model: Model,
    storage: Local,
    _dir: tempfile::TempDir,
}

impl Session {
    fn new(judge: Option<&str>, lang: Lang) -> Session {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("db");
        let store = Store::open(&path).unwrap();
        let contest = contest_file::read_bytes("small.json", SMALL.as_bytes()).unwrap();
        store.replace_contest(&contest).unwrap();
        let contest = store.load().unwrap();
        let storage = Local::new(store, contest.definition());
        let model = Model::new(
            contest,
            judge.map(String::from),
            Some("nobody".into()),
            lang,
        );
        Session {
            model,
            storage,
            _dir: dir,
        }
    }

    /// Types keys in the test notation: `"j j <enter> 2 0 <tab>"`.
    fn keys(&mut self, keys: &str) -> bool {
        let mut done = false;
        for k in Key::parse_seq(keys).expect("valid key notation") {
            done |= dispatch(&mut self.storage, &mut self.model, Msg::Key(k));
        }
        done
    }

    fn send(&mut self, msg: Msg) -> bool {
        dispatch(&mut self.storage, &mut self.model, msg)
    }

    /// What is on disk now, read by a fresh load.
    fn stored(&mut self) -> jury::domain::Contest {
        self.storage.load().unwrap()
    }

    fn status(&self) -> String {
        self.model
            .status
            .as_ref()
            .map(|s| s.text.clone())
            .unwrap_or_default()
    }
}

fn key(entry: &str, judge: &str) -> SheetKey {
    SheetKey::new("main", entry, judge)
}

#[test]
fn a_member_scores_and_submits_an_entry_with_the_keyboard() {
    let mut s = Session::new(Some("GK03"), Lang::En);
    s.keys("<enter> 2 0 <enter> 1 8 , 5 <enter> 2 5 <enter> 1 5 <enter>");
    let stored = s.stored();
    let sheet = stored
        .sheet(&key("SK01", "GK03"))
        .expect("saved as a draft");
    assert_eq!(sheet.state, SheetState::Draft);
    assert_eq!(sheet.total(), Points::from_hundredths(7850));
    s.keys("S");
    assert_eq!(s.model.overlay, Some(Overlay::ConfirmSubmit));
    s.keys("y");
    let sheet = s.stored().sheet(&key("SK01", "GK03")).cloned().unwrap();
    assert_eq!(sheet.state, SheetState::Submitted);
    assert!(s.status().contains("submitted"), "{}", s.status());
}

#[test]
fn a_value_above_the_maximum_is_refused_and_nothing_is_saved() {
    let mut s = Session::new(Some("GK03"), Lang::En);
    s.keys("<enter> 3 0 <enter>");
    assert!(
        s.status().contains("30 is above the maximum of 25"),
        "{}",
        s.status()
    );
    assert_eq!(
        s.model.sheet.as_ref().unwrap().focus,
        0,
        "the cursor stays on the criterion"
    );
    assert!(s.stored().sheet(&key("SK01", "GK03")).is_none());
    // Erasing the extra digit makes it valid.
    s.keys("<bs> <enter>");
    assert_eq!(
        s.stored().sheet(&key("SK01", "GK03")).unwrap().marks.get(0),
        Some(Points::whole(3))
    );
}

#[test]
fn off_step_values_are_refused_and_steps_follow_the_rubric() {
    let mut s = Session::new(Some("GK03"), Lang::Vi);
    // Creativity has a step of 0.5.
    s.keys("<enter> <down> 1 2 . 2 5 <enter>");
    assert!(s.status().contains("bước 0.5"), "{}", s.status());
    // Leaving the refused value asks; `y` discards it.
    s.keys("<esc> y");
    // From nothing: 0.5 (one step), 1, 1.5, then one step down to 1.
    s.keys("<enter> <down> + + + -");
    assert_eq!(
        s.model.sheet.as_ref().unwrap().marks.get(1),
        Some(Points::whole(1))
    );
}

#[test]
fn submitting_an_incomplete_sheet_names_what_is_missing() {
    let mut s = Session::new(Some("GK03"), Lang::En);
    s.keys("<enter> 2 0 <enter> S");
    assert_eq!(s.model.overlay, None);
    assert!(
        s.status()
            .contains("Creativity, Effectiveness, Feasibility"),
        "{}",
        s.status()
    );
    assert_eq!(
        s.stored().sheet(&key("SK01", "GK03")).unwrap().state,
        SheetState::Draft
    );
}

#[test]
fn a_submitted_sheet_is_read_only_until_reopened_with_a_reason() {
    let mut s = Session::new(Some("GK02"), Lang::En);
    // GK02 submitted SK01 in the fixture.
    s.keys("<enter> 5");
    assert!(s.status().contains("reopen"), "{}", s.status());
    s.keys("R <enter>");
    assert!(s.status().contains("reason is required"), "{}", s.status());
    s.keys("s a i <space> s ố <enter>");
    let sheet = s.stored().sheet(&key("SK01", "GK02")).cloned().unwrap();
    assert_eq!(sheet.state, SheetState::Draft);
    assert_eq!(sheet.reopened, 1);
    s.keys("x 1 0 <enter>");
    assert_eq!(
        s.stored().sheet(&key("SK01", "GK02")).unwrap().marks.get(0),
        Some(Points::whole(10))
    );
}

#[test]
fn leaving_a_criterion_saves_the_draft() {
    let mut s = Session::new(Some("GK03"), Lang::En);
    s.keys("<enter> 7 <down>");
    assert_eq!(
        s.stored().sheet(&key("SK01", "GK03")).unwrap().marks.get(0),
        Some(Points::whole(7))
    );
    s.keys("+ <esc>");
    assert_eq!(s.model.screen, Screen::Entries);
    // `+` on an empty criterion gives its step (0.5 for creativity).
    assert_eq!(
        s.stored().sheet(&key("SK01", "GK03")).unwrap().marks.get(1),
        Some(Points::from_hundredths(50))
    );
}

#[test]
fn an_idle_draft_saves_itself() {
    let mut s = Session::new(Some("GK03"), Lang::En);
    s.keys("<enter> 9");
    assert!(s.stored().sheet(&key("SK01", "GK03")).is_none());
    for _ in 0..jury::app::AUTOSAVE_TICKS {
        s.send(Msg::Tick);
    }
    assert_eq!(
        s.stored().sheet(&key("SK01", "GK03")).unwrap().marks.get(0),
        Some(Points::whole(9))
    );
}

#[test]
fn an_idle_pause_keeps_a_refused_value_on_screen_to_be_fixed() {
    let mut s = Session::new(Some("GK03"), Lang::En);
    s.keys("<enter> 2 0 <enter> 3 0");
    for _ in 0..jury::app::AUTOSAVE_TICKS {
        s.send(Msg::Tick);
    }
    let sheet = s.model.sheet.as_ref().unwrap();
    assert_eq!(
        sheet.typing.as_deref(),
        Some("30"),
        "the typed value is kept"
    );
    assert!(sheet.is_dirty(), "and shown as not saved");
    assert_eq!(
        s.stored().sheet(&key("SK01", "GK03")).unwrap().marks.get(0),
        Some(Points::whole(20)),
        "what was valid is saved"
    );
    // One Backspace makes it valid, and Enter saves it.
    s.keys("<bs> <enter>");
    assert_eq!(
        s.stored().sheet(&key("SK01", "GK03")).unwrap().marks.get(1),
        Some(Points::whole(3))
    );
}

#[test]
fn a_signal_saves_the_open_draft_and_stops() {
    let mut s = Session::new(Some("GK03"), Lang::En);
    s.keys("<enter> 1 1 <down> 4");
    assert!(s.send(Msg::Shutdown), "the app stops");
    let sheet = s.stored().sheet(&key("SK01", "GK03")).cloned().unwrap();
    assert_eq!(sheet.marks.get(0), Some(Points::whole(11)));
    assert_eq!(sheet.marks.get(1), Some(Points::whole(4)));
}

#[test]
fn a_vietnamese_note_is_saved_in_nfc_and_pasted_nfd_comes_back_composed() {
    let mut s = Session::new(Some("GK03"), Lang::Vi);
    s.keys("a");
    assert_eq!(s.model.screen, Screen::Note);
    s.keys("T ố t <space>");
    s.send(Msg::Paste("ca\u{309}i ca\u{301}ch".into()));
    s.keys("<c-s>");
    let note = s.stored().note(&key("SK01", "GK03")).cloned().unwrap();
    assert_eq!(note.text, "Tốt cải cách");
    assert!(unicode_normalization::is_nfc(&note.text));
    s.keys("<enter> d <esc>");
    assert_eq!(s.model.screen, Screen::Entries);
    assert_eq!(
        s.stored().note(&key("SK01", "GK03")).unwrap().text,
        "Tốt cải cách\nd"
    );
}

#[test]
fn an_input_method_backspace_and_replace_sequence_types_the_intended_word() {
    // Telex "vieejt": v i e e→(BS ê) j→(BS ệ) t
    let mut s = Session::new(Some("GK03"), Lang::Vi);
    s.keys("a v i e <bs> ê <bs> ệ t <esc>");
    assert_eq!(s.stored().note(&key("SK01", "GK03")).unwrap().text, "việt");
}

#[test]
fn search_ignores_diacritics() {
    let mut s = Session::new(Some("GK03"), Lang::En);
    s.keys("/ s o <space> h o a");
    let ids: Vec<&str> = s
        .model
        .list
        .visible
        .iter()
        .map(|&i| s.model.contest.entries[i].id.as_str())
        .collect();
    assert_eq!(ids, ["SK01"], "\"so hoa\" finds \"Số hóa\"");
    s.keys("<esc> / d a n h <enter>");
    let ids: Vec<&str> = s
        .model
        .list
        .visible
        .iter()
        .map(|&i| s.model.contest.entries[i].id.as_str())
        .collect();
    assert_eq!(ids, ["SK04"], "\"danh\" finds \"Đánh\"");
    assert!(
        s.model.list.search.is_none(),
        "Enter keeps the results and closes the box"
    );
    s.keys("<esc>");
    assert_eq!(s.model.list.visible.len(), 4);
}

#[test]
fn filters_sort_and_next_unsubmitted() {
    let mut s = Session::new(Some("GK02"), Lang::En);
    // GK02: SK01 submitted, SK02 draft.
    s.keys("s");
    assert_eq!(s.model.list.visible.len(), 2, "unscored: SK03 and SK04");
    s.keys("s");
    assert_eq!(s.model.list.visible, vec![1], "draft: SK02");
    s.keys("s s f");
    assert_eq!(s.model.list.visible.len(), 1, "one entry per field");
    s.keys("<esc> o o o");
    let first = s.model.list.visible[0];
    assert_eq!(
        s.model.contest.entries[first].id, "SK01",
        "my highest total first"
    );
    s.keys("o g n");
    assert_eq!(
        s.model.list.current(),
        Some(1),
        "n skips the submitted SK01"
    );
}

#[test]
fn moving_to_the_next_entry_saves_the_one_left() {
    let mut s = Session::new(Some("GK03"), Lang::En);
    s.keys("<enter> 1 2 ]");
    assert_eq!(s.model.sheet.as_ref().unwrap().key, key("SK02", "GK03"));
    assert_eq!(
        s.stored().sheet(&key("SK01", "GK03")).unwrap().marks.get(0),
        Some(Points::whole(12))
    );
}

#[test]
fn the_picker_chooses_the_member() {
    let mut s = Session::new(None, Lang::En);
    assert_eq!(s.model.screen, Screen::Picker);
    s.keys("j j <enter>");
    assert_eq!(s.model.me.as_deref(), Some("GK03"));
    assert_eq!(s.model.screen, Screen::Entries);
}

#[test]
fn help_opens_and_closes_and_quit_stops() {
    let mut s = Session::new(Some("GK03"), Lang::En);
    s.keys("?");
    assert!(matches!(s.model.overlay, Some(Overlay::Help { .. })));
    s.keys("<esc>");
    assert_eq!(s.model.overlay, None);
    assert!(s.keys("q"));
}

/// The same member saves from another terminal meanwhile.
fn saved_elsewhere(s: &mut Session, change: jury::domain::Change) {
    s.storage.apply("GK03", &change).unwrap();
}

fn other_sheet(novelty: u32, base: u64) -> jury::domain::Change {
    jury::domain::Change::SaveSheet {
        key: key("SK01", "GK03"),
        points: [("novelty".to_string(), Points::whole(novelty))].into(),
        base,
    }
}

fn other_note(text: &str, base: u64) -> jury::domain::Change {
    jury::domain::Change::SaveNote {
        key: key("SK01", "GK03"),
        text: text.into(),
        base,
        remarks: Default::default(),
        annotations: Vec::new(),
    }
}

/// The screen as text, drawn at `w`×`h`.
fn screen(s: &mut Session, w: u16, h: u16) -> String {
    s.send(Msg::Resize(w, h));
    common::screen_text(&s.model, w, h)
}

fn merge_open(s: &Session) -> bool {
    matches!(s.model.overlay, Some(Overlay::Merge { .. }))
}

#[test]
fn a_stale_save_opens_the_merge_view_and_keep_mine_goes_on_top() {
    let mut s = Session::new(Some("GK03"), Lang::En);
    s.keys("<enter> 5 <down>");
    saved_elsewhere(&mut s, other_sheet(20, 1));
    s.keys("<up> 8 <down>");
    assert!(merge_open(&s), "the merge view opens");
    let status = s.model.status.clone().unwrap();
    assert_eq!(status.tone, Tone::Error);
    assert!(status.text.contains("SK01"), "{}", status.text);
    assert_eq!(
        s.model.sheet.as_ref().unwrap().marks.get(0),
        Some(Points::whole(8)),
        "the draft is kept"
    );
    let shown = screen(&mut s, 80, 24);
    assert!(shown.contains("Yours (not stored)"), "{shown}");
    assert!(shown.contains("Novelty: 8"), "{shown}");
    assert!(shown.contains("Novelty: 20"), "{shown}");
    assert!(shown.contains("Ctrl-s keep mine"), "{shown}");
    assert!(
        !shown.contains("keep both"),
        "a sheet cannot keep both: {shown}"
    );
    s.keys("<c-s>");
    assert!(!merge_open(&s));
    assert_eq!(
        s.stored().sheet(&key("SK01", "GK03")).unwrap().marks.get(0),
        Some(Points::whole(8))
    );
}

#[test]
fn take_theirs_discards_the_draft_and_shows_the_stored_sheet() {
    let mut s = Session::new(Some("GK03"), Lang::En);
    s.keys("<enter> 5 <down>");
    saved_elsewhere(&mut s, other_sheet(20, 1));
    s.keys("<up> 8 <down>");
    s.keys("<c-t>");
    let sheet = s.model.sheet.as_ref().unwrap();
    assert_eq!(sheet.marks.get(0), Some(Points::whole(20)));
    assert!(!sheet.is_dirty());
    assert_eq!(
        s.stored().sheet(&key("SK01", "GK03")).unwrap().marks.get(0),
        Some(Points::whole(20))
    );
}

#[test]
fn after_a_stale_refusal_autosave_never_writes_over_the_other_terminal() {
    let mut s = Session::new(Some("GK03"), Lang::En);
    // Terminal A types 15 without Enter; terminal B saves 9.
    s.keys("<enter> 1 5");
    saved_elsewhere(&mut s, other_sheet(9, 0));
    for _ in 0..jury::app::AUTOSAVE_TICKS {
        s.send(Msg::Tick);
    }
    assert!(
        merge_open(&s),
        "A's autosave was refused and the merge view opened"
    );
    // A walks away: nothing is written over B's 9, however long it waits.
    s.keys("<esc>");
    let shown = screen(&mut s, 80, 24);
    assert!(shown.contains("saved elsewhere, choose"), "{shown}");
    // The help says how to choose.
    s.keys("?");
    let help = screen(&mut s, 80, 24);
    assert!(
        help.contains("Ctrl-t") && help.contains("take the stored one"),
        "{help}"
    );
    s.keys("<esc>");
    for _ in 0..jury::app::AUTOSAVE_TICKS * 4 {
        s.send(Msg::Tick);
    }
    s.keys("<down> <up>");
    assert_eq!(
        s.stored().sheet(&key("SK01", "GK03")).unwrap().marks.get(0),
        Some(Points::whole(9))
    );
    // A deliberate save puts A's 15 on top.
    s.keys("<c-s>");
    assert_eq!(
        s.stored().sheet(&key("SK01", "GK03")).unwrap().marks.get(0),
        Some(Points::whole(15))
    );
}

#[test]
fn esc_never_drops_a_note_refused_as_stale_and_keep_both_stores_both() {
    let mut s = Session::new(Some("GK03"), Lang::En);
    s.keys("a m i n e");
    saved_elsewhere(&mut s, other_note("theirs", 0));
    s.keys("<c-s>");
    assert!(merge_open(&s));
    // Esc closes the merge view, then Esc on the note brings it back: the text stays.
    s.keys("<esc>");
    assert!(!merge_open(&s));
    s.keys("<esc>");
    assert_eq!(s.model.screen, Screen::Note, "the editor stays open");
    assert!(merge_open(&s), "and the member is asked to choose");
    assert_eq!(s.model.note.as_ref().unwrap().editor.text(), "mine");
    // Typing that goes on as the view opens goes into the note: no letter chooses.
    s.keys("<space> m t b");
    assert!(merge_open(&s), "still asking");
    assert_eq!(s.model.note.as_ref().unwrap().editor.text(), "mine mtb");
    assert_eq!(
        s.stored().note(&key("SK01", "GK03")).unwrap().text,
        "theirs",
        "nothing chosen, nothing written"
    );
    s.keys("<c-k>");
    assert_eq!(
        s.stored().note(&key("SK01", "GK03")).unwrap().text,
        format!("theirs\n{}\nmine mtb", jury::app::note::SEPARATOR)
    );
}

#[test]
fn the_merge_view_shows_the_whole_other_note_at_80_and_120_columns() {
    let theirs = "Giải pháp có tính mới rõ ràng, đã áp dụng tại ba đơn vị trong tỉnh và tiết kiệm được nhiều thời gian xử lý hồ sơ.";
    let mine = "Cần bổ sung số liệu đối chứng trước và sau khi áp dụng, kèm xác nhận của đơn vị.";
    for (w, h) in [(80, 24), (119, 40), (120, 40)] {
        let mut s = Session::new(Some("GK03"), Lang::Vi);
        s.keys("a");
        s.send(Msg::Paste(mine.into()));
        saved_elsewhere(&mut s, other_note(theirs, 0));
        s.keys("<c-s>");
        let shown = screen(&mut s, w, h);
        let flat = |t: &str| t.split_whitespace().collect::<Vec<_>>().join(" ");
        let joined = flat(&shown.replace('│', " "));
        for word in theirs.split(' ').chain(mine.split(' ')) {
            assert!(joined.contains(word), "{w}×{h}: {word:?} missing:\n{shown}");
        }
        let lines: Vec<&str> = shown.lines().collect();
        let side_by_side = lines
            .iter()
            .any(|l| l.contains("Bản của bạn") && l.contains("Bản đã lưu"));
        assert_eq!(side_by_side, w >= 120, "{w}×{h}:\n{shown}");
        // The status line says what happened in words that fit.
        let status = s.status();
        assert!(
            unicode_width::UnicodeWidthStr::width(status.as_str()) <= 80,
            "{status}"
        );
    }
}

#[test]
fn a_journal_found_at_start_is_saved_when_nothing_newer_is_stored() {
    let mut s = Session::new(Some("GK03"), Lang::En);
    s.send(Msg::Restore(vec![other_note("viết dở", 0)].into()));
    assert_eq!(
        s.stored().note(&key("SK01", "GK03")).unwrap().text,
        "viết dở"
    );
    assert!(
        s.model.unsent.is_empty(),
        "acknowledged, so out of the journal"
    );
    assert!(
        s.status().contains("SK01"),
        "the member is told: {}",
        s.status()
    );
}

#[test]
fn a_journal_draft_older_than_the_stored_text_opens_the_merge_view() {
    let mut s = Session::new(Some("GK03"), Lang::En);
    saved_elsewhere(&mut s, other_note("stored since", 0));
    s.send(Msg::Restore(vec![other_note("typed before", 0)].into()));
    assert_eq!(s.model.screen, Screen::Note);
    assert!(merge_open(&s));
    assert_eq!(s.model.note.as_ref().unwrap().editor.text(), "typed before");
    let status = s.status();
    assert!(status.contains("SK01"), "{status}");
    assert!(
        unicode_width::UnicodeWidthStr::width(status.as_str()) <= 80,
        "fits an 80-column status line: {status}"
    );
    assert_eq!(
        s.stored().note(&key("SK01", "GK03")).unwrap().text,
        "stored since",
        "nothing is written before the member chooses"
    );
    s.keys("<c-s>");
    assert_eq!(
        s.stored().note(&key("SK01", "GK03")).unwrap().text,
        "typed before"
    );
}

#[test]
fn the_journal_holds_what_is_typed_until_it_is_stored() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal").join("j.json");
    let mut s = Session::new(Some("GK03"), Lang::En);
    s.model.journal_path = Some(path.clone());
    s.keys("a b ả n");
    assert!(!path.exists(), "not written on every key");
    s.send(Msg::Tick);
    let journal = std::fs::read_to_string(&path).expect("written when typing pauses");
    assert!(journal.contains("bản"), "{journal}");
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    s.keys("<c-s>");
    assert!(!path.exists(), "removed once stored");
}

#[test]
fn a_refused_value_is_journaled_and_comes_back_refused_not_saved() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal").join("j.json");
    let mut s = Session::new(Some("GK03"), Lang::En);
    s.model.journal_path = Some(path.clone());
    // 30 on a 25-point criterion: refused, kept on screen.
    s.keys("<enter> 3 0");
    s.send(Msg::Tick);
    let journal = jury::journal_file::read(&path).expect("written when typing pauses");
    assert_eq!(journal.typed.len(), 1, "{journal:?}");
    assert_eq!(journal.typed[0].text, "30");
    // The app is killed here: a new one starts on the same database.
    let contest = s.stored();
    s.model = Model::new(
        contest,
        Some("GK03".into()),
        Some("nobody".into()),
        Lang::En,
    );
    s.model.journal_path = Some(path.clone());
    s.send(Msg::Restore(journal));
    assert_eq!(s.model.screen, Screen::Sheet, "the sheet opens on it");
    let sheet = s.model.sheet.as_ref().unwrap();
    assert_eq!(sheet.key, key("SK01", "GK03"));
    assert_eq!((sheet.focus, sheet.typing.as_deref()), (0, Some("30")));
    assert!(
        sheet
            .problem
            .as_deref()
            .unwrap_or("")
            .contains("above the maximum"),
        "{:?}",
        sheet.problem
    );
    assert!(s.status().contains("30 is refused"), "{}", s.status());
    // Refused still: never saved, and still in the journal.
    s.send(Msg::Tick);
    s.send(Msg::Tick);
    assert!(s.stored().sheet(&key("SK01", "GK03")).is_none());
    let journal = jury::journal_file::read(&path).unwrap();
    assert_eq!(journal.typed.len(), 1, "{journal:?}");
    // Fixed, it is stored and the journal empties.
    s.keys("<bs> <enter>");
    assert_eq!(
        s.stored().sheet(&key("SK01", "GK03")).unwrap().marks.get(0),
        Some(Points::whole(3))
    );
    s.send(Msg::Tick);
    assert!(jury::journal_file::read(&path).unwrap().is_empty());
}

/// A journal holding GK03's note on SK01, after the chair recused GK03 from
/// SK01: the store refuses it for good.
fn refused_for_good() -> Session {
    let mut s = Session::new(Some("GK03"), Lang::En);
    let recuse = jury::domain::CouncilChange::Recuse {
        judge: "GK03".into(),
        entry: "SK01".into(),
        reason: "cùng đơn vị".into(),
    };
    s.storage.council("GK01", &recuse).unwrap();
    s.send(Msg::Restore(vec![other_note("viết dở", 0)].into()));
    s
}

#[test]
fn a_journaled_draft_refused_for_good_is_explained_and_can_be_discarded() {
    let mut s = refused_for_good();
    let Some(Overlay::Ask(ask)) = &s.model.overlay else {
        panic!("the member is asked: {:?}", s.model.overlay);
    };
    assert!(ask.question.contains("SK01"), "{}", ask.question);
    assert!(
        ask.question.contains("recused"),
        "says why: {}",
        ask.question
    );
    assert!(
        jury::app::journal::collect(&s.model).drafts.len() == 1,
        "kept until the member answers"
    );
    s.keys("y");
    assert_eq!(s.model.overlay, None);
    assert!(jury::app::journal::collect(&s.model).is_empty());
    assert!(s.status().contains("Discarded"), "{}", s.status());
    assert!(s.stored().note(&key("SK01", "GK03")).is_none());
}

#[test]
fn a_journaled_draft_refused_for_good_can_be_kept_in_the_journal() {
    let mut s = refused_for_good();
    assert!(matches!(s.model.overlay, Some(Overlay::Ask(_))));
    s.keys("n");
    assert_eq!(s.model.overlay, None, "asked once");
    assert!(s.status().contains("Kept"), "{}", s.status());
    let kept = jury::app::journal::collect(&s.model);
    assert_eq!(kept.drafts, vec![other_note("viết dở", 0)]);
    // Never sent again by itself.
    for _ in 0..12 {
        s.send(Msg::Tick);
    }
    assert_eq!(s.model.overlay, None);
    assert_eq!(jury::app::journal::collect(&s.model), kept);
}

#[test]
fn a_member_starts_with_their_own_sheets_and_the_chairs_screens_read_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("db");
    let store = Store::open(&path).unwrap();
    let contest = contest_file::read_bytes("small.json", SMALL.as_bytes()).unwrap();
    store.replace_contest(&contest).unwrap();
    let (mut storage, mut model) = jury::run::open_local(store, Some("GK01"), Lang::En).unwrap();
    assert!(
        model.contest.sheets.is_empty(),
        "GK01 has no sheets; GK02's are not read yet"
    );
    assert_eq!(model.contest.notes.len(), 0);
    for k in Key::parse_seq("r").unwrap() {
        dispatch(&mut storage, &mut model, Msg::Key(k));
    }
    assert_eq!(model.screen, Screen::Rankings);
    assert!(model.complete);
    assert_eq!(
        model.contest.sheets.len(),
        2,
        "every sheet, for the figures"
    );
    let ranking = model
        .chair
        .ranking
        .as_ref()
        .expect("the figures are computed");
    assert_eq!(ranking.row("SK01").unwrap().score, Some(78.5));
}

#[test]
fn the_picker_reads_the_chosen_members_sheets() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("db");
    let store = Store::open(&path).unwrap();
    let contest = contest_file::read_bytes("small.json", SMALL.as_bytes()).unwrap();
    store.replace_contest(&contest).unwrap();
    let (mut storage, mut model) = jury::run::open_local(store, None, Lang::En).unwrap();
    assert_eq!(model.screen, Screen::Picker);
    for k in Key::parse_seq("j <enter>").unwrap() {
        dispatch(&mut storage, &mut model, Msg::Key(k));
    }
    assert_eq!(model.me.as_deref(), Some("GK02"));
    assert_eq!(model.contest.sheets.len(), 2, "GK02's two sheets");
    assert!(model.contest.sheets.keys().all(|k| &*k.judge == "GK02"));
    assert_eq!(model.mine[0].state, Some(SheetState::Submitted));
}

#[test]
fn recusing_from_the_open_sheet_closes_it() {
    let mut s = Session::new(Some("GK03"), Lang::En);
    s.keys("<enter> 1 2 <enter> X");
    assert!(matches!(s.model.overlay, Some(Overlay::Reason(..))));
    s.keys("c ù n g <space> đ ơ n <space> v ị <enter>");
    assert_eq!(s.model.screen, Screen::Entries, "back on the list");
    assert!(s.model.sheet.is_none(), "the sheet is closed");
    assert!(
        s.status().contains("You are recused from SK01"),
        "{}",
        s.status()
    );
    let stored = s.stored();
    assert!(stored.is_recused("GK03", "SK01"));
    // Opening it again is refused with the same reason.
    s.keys("<enter>");
    assert_eq!(s.model.screen, Screen::Entries);
}

#[test]
fn a_draft_never_goes_silently_on_top_of_a_sheet_submitted_elsewhere() {
    let mut s = Session::new(Some("GK03"), Lang::En);
    // The other terminal fills the sheet and submits it while this one types 12.
    s.keys("<enter> 1 2");
    let full = jury::domain::Change::SaveSheet {
        key: key("SK01", "GK03"),
        points: [
            ("novelty".to_string(), Points::whole(20)),
            ("creativity".to_string(), Points::whole(18)),
            ("effectiveness".to_string(), Points::whole(25)),
            ("feasibility".to_string(), Points::whole(15)),
        ]
        .into(),
        base: 0,
    };
    saved_elsewhere(&mut s, full);
    saved_elsewhere(
        &mut s,
        jury::domain::Change::Submit {
            key: key("SK01", "GK03"),
            base: 1,
        },
    );
    s.keys("<c-s>");
    assert!(merge_open(&s));
    s.keys("<c-s>");
    assert!(merge_open(&s), "keeping mine is refused");
    assert!(s.status().contains("submitted elsewhere"), "{}", s.status());
    assert_eq!(
        s.model.sheet.as_ref().unwrap().shown(0),
        Some(Points::whole(12)),
        "the draft is still there"
    );
    s.keys("<c-t>");
    let sheet = s.model.sheet.as_ref().unwrap();
    assert!(sheet.is_submitted());
    assert_eq!(sheet.marks.get(0), Some(Points::whole(20)));
}
