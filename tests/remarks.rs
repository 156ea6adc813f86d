//! Remarks per criterion and annotations on the write-up: stored in the
//! member's note record, with its version, audit trail and undo.

mod common;

use common::SMALL;
use jury::app::{Model, Msg};
use jury::contest_file;
use jury::domain::{Lang, SheetKey};
use jury::input::key::{Key, KeyCode};
use jury::run::{carry_out, dispatch};
use jury::store::{Local, Storage, Store};

struct Session {
    model: Model,
    storage: Local,
    _dir: tempfile::TempDir,
}

/// The small contest, with a write-up for SK03.
fn contest() -> jury::domain::Contest {
    let mut contest = contest_file::read_bytes("small.json", SMALL.as_bytes()).unwrap();
    let e = contest.entries.iter_mut().find(|e| e.id == "SK03").unwrap();
    e.document = "# Mở đầu\nĐoạn một.\nĐoạn hai.\n\nKết luận.".into();
    contest
}

impl Session {
    fn new(judge: &str) -> Session {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("db")).unwrap();
        store.replace_contest(&contest()).unwrap();
        let contest = store.load().unwrap();
        let storage = Local::new(store, contest.definition());
        let model = Model::new(contest, Some(judge.into()), None, Lang::Vi);
        Session {
            model,
            storage,
            _dir: dir,
        }
    }

    fn run(&mut self, f: impl FnOnce(&mut Model) -> Vec<jury::app::Effect>) {
        let fx = f(&mut self.model);
        carry_out(&mut self.storage, &mut self.model, fx);
    }

    fn keys(&mut self, keys: &str) {
        for k in Key::parse_seq(keys).expect("valid key notation") {
            dispatch(&mut self.storage, &mut self.model, Msg::Key(k));
        }
    }

    /// Types text as a member would, one character a key.
    fn send_text(&mut self, text: &str) {
        for c in text.chars() {
            let k = Key::plain(KeyCode::Char(c));
            dispatch(&mut self.storage, &mut self.model, Msg::Key(k));
        }
    }

    fn stored(&mut self) -> jury::domain::Contest {
        self.storage.load().unwrap()
    }
}

fn sk03() -> SheetKey {
    SheetKey::new("main", "SK03", "GK03")
}

#[test]
fn annotations_and_remarks_are_stored_in_the_members_note() {
    let mut s = Session::new("GK03");
    let before = s.stored().note(&sk03()).map(|n| n.version).unwrap_or(0);
    s.run(|m| m.annotate("SK03", 1, 2, "Thiếu số liệu"));
    s.run(|m| m.set_remark("SK03", "novelty", "Ý tưởng mới"));
    s.run(|m| m.annotate("SK03", 4, 4, "Kết luận vội"));
    let stored = s.stored();
    let note = stored.note(&sk03()).expect("a note record");
    assert_eq!(note.remark("novelty"), Some("Ý tưởng mới"));
    assert_eq!(note.annotations.len(), 2);
    assert_eq!(note.annotations[0].passage, "Đoạn một.\nĐoạn hai.");
    assert_eq!(note.annotations[0].comment, "Thiếu số liệu");
    assert_eq!(note.annotations[1].passage, "Kết luận.");
    assert_eq!(note.version, before + 3, "one version for the whole record");

    s.run(|m| m.reword_annotation("SK03", 1, "Kết luận hợp lý"));
    s.run(|m| m.delete_annotation("SK03", 0));
    s.run(|m| m.set_remark("SK03", "novelty", "  "));
    let stored = s.stored();
    let note = stored.note(&sk03()).unwrap();
    assert!(note.remarks.is_empty(), "an empty remark is removed");
    assert_eq!(note.annotations.len(), 1);
    assert_eq!(note.annotations[0].comment, "Kết luận hợp lý");
    assert_eq!(s.model.my_words("SK03"), *note);
}

#[test]
fn a_remark_on_an_unknown_criterion_is_refused_in_the_members_language() {
    let mut s = Session::new("GK03");
    let before = s.stored().note(&sk03()).cloned();
    s.run(|m| m.set_remark("SK03", "speed", "nhanh"));
    assert_eq!(s.stored().note(&sk03()).cloned(), before, "nothing written");
    let status = s.model.status.as_ref().unwrap().text.clone();
    assert!(status.contains("speed"), "{status}");
    assert!(s.model.words.is_empty(), "not sent again");
}

#[test]
fn undo_takes_back_the_last_remark_or_annotation() {
    let mut s = Session::new("GK03");
    s.run(|m| m.set_remark("SK03", "novelty", "Mới"));
    s.run(|m| m.annotate("SK03", 1, 1, "Hay"));
    // `u` on the entry list undoes the member's last change on the entry under the cursor.
    s.keys("j j u");
    let stored = s.stored();
    let note = stored.note(&sk03()).unwrap();
    assert!(note.annotations.is_empty(), "{note:?}");
    assert_eq!(note.remark("novelty"), Some("Mới"));
    let status = s.model.status.as_ref().unwrap().text.clone();
    assert!(status.contains("SK03 · ghi chú trên đoạn văn"), "{status}");
    s.keys("u");
    let status = s.model.status.as_ref().unwrap().text.clone();
    assert!(status.contains("SK03 · nhận xét về Tính mới"), "{status}");
    assert!(s.stored().note(&sk03()).unwrap().remarks.is_empty());
}

#[test]
fn every_change_is_in_the_audit_trail_with_what_it_says() {
    let mut s = Session::new("GK03");
    s.run(|m| m.set_remark("SK03", "novelty", "Mới"));
    s.run(|m| m.annotate("SK03", 1, 1, "Hay"));
    let trail = s.storage.audit().unwrap();
    let last = trail.0.last().expect("a record");
    assert_eq!(last.action, "note");
    assert_eq!(last.before["remarks"]["novelty"], "Mới");
    assert_eq!(last.after["annotations"][0]["comment"], "Hay");
    assert_eq!(last.after["annotations"][0]["passage"], "Đoạn một.");
}

#[test]
fn r_on_the_sheet_writes_the_focused_criterions_remark() {
    let mut s = Session::new("GK03");
    // SK03 is the third entry; the second criterion is creativity.
    s.keys("j j <enter> j r");
    s.send_text("Cách làm sáng tạo");
    s.keys("<enter>");
    let stored = s.stored();
    let note = stored.note(&sk03()).expect("stored");
    assert_eq!(note.remark("creativity"), Some("Cách làm sáng tạo"));
    let screen = common::screen_text(&s.model, 120, 40);
    assert!(
        screen.contains("✎ Tính sáng tạo: Cách làm sáng tạo"),
        "{screen}"
    );
}

#[test]
fn a_to_list_annotations_and_d_deletes_the_chosen_one() {
    let mut s = Session::new("GK03");
    s.run(|m| m.annotate("SK03", 1, 1, "Một"));
    s.run(|m| m.annotate("SK03", 2, 2, "Hai"));
    s.keys("j j <enter> A");
    let screen = common::screen_text(&s.model, 80, 24);
    assert!(screen.contains("dòng 2 «Đoạn một.» Một"), "{screen}");
    assert!(screen.contains("dòng 3 «Đoạn hai.» Hai"), "{screen}");
    s.keys("j d");
    let stored = s.stored();
    let comments: Vec<String> = stored
        .note(&sk03())
        .unwrap()
        .annotations
        .iter()
        .map(|a| a.comment.clone())
        .collect();
    assert_eq!(comments, ["Một"]);
}

#[test]
fn a_remark_saved_elsewhere_meanwhile_is_shown_beside_the_members_words() {
    let mut s = Session::new("GK03");
    s.run(|m| m.set_remark("SK03", "novelty", "Cũ"));
    s.run(|m| m.annotate("SK03", 1, 1, "Giữ"));
    // The member's other session changes the same remark and adds an annotation.
    let mut theirs = s.stored().note(&sk03()).unwrap().clone();
    theirs
        .remarks
        .insert("novelty".into(), "Của phiên kia".into());
    theirs
        .annotations
        .push(jury::domain::Annotation::on("a\nb", 1, 1, "Khác"));
    let other = jury::domain::Change::SaveNote {
        key: sk03(),
        text: theirs.text.clone(),
        base: theirs.version,
        remarks: theirs.remarks.clone(),
        annotations: theirs.annotations.clone(),
    };
    s.storage.apply("GK03", &other).unwrap();
    // This session still shows "Cũ": a remark on the same criterion is a
    // conflict shown to the member; an annotation goes on top of theirs.
    s.run(|m| m.set_remark("SK03", "novelty", "Của tôi"));
    s.run(|m| m.annotate("SK03", 4, 4, "Thêm"));
    let stored = s.stored();
    let note = stored.note(&sk03()).unwrap();
    assert_eq!(
        note.remark("novelty"),
        Some("Của phiên kia"),
        "not overwritten"
    );
    let comments: Vec<&str> = note
        .annotations
        .iter()
        .map(|a| a.comment.as_str())
        .collect();
    assert_eq!(comments, ["Giữ", "Khác", "Thêm"], "nothing lost");
    let screen = common::screen_text(&s.model, 80, 24);
    assert!(
        screen.contains("Vừa được lưu ở nơi khác: Của phiên kia"),
        "{screen}"
    );
    assert!(
        screen.contains("> Của tôi"),
        "the member's words are kept: {screen}"
    );
    // Enter saves the member's words on top, knowingly.
    s.keys("<enter>");
    assert_eq!(
        s.stored().note(&sk03()).unwrap().remark("novelty"),
        Some("Của tôi")
    );
}

#[test]
fn a_journaled_remark_that_someone_changed_meanwhile_comes_back_as_a_choice() {
    let mut s = Session::new("GK03");
    s.run(|m| m.set_remark("SK03", "novelty", "Cũ"));
    let seen = s.stored().note(&sk03()).unwrap().clone();
    // Typed in a jury killed before it could save, on the version it saw.
    let mut mine = seen.clone();
    mine.remarks.insert("novelty".into(), "Của tôi".into());
    mine.annotations
        .push(jury::domain::Annotation::on("a\nb", 1, 1, "Thêm"));
    let draft = jury::domain::Change::SaveNote {
        key: sk03(),
        text: mine.text.clone(),
        base: seen.version,
        remarks: mine.remarks.clone(),
        annotations: mine.annotations.clone(),
    };
    // Meanwhile the same remark changed from another terminal.
    s.run(|m| m.set_remark("SK03", "novelty", "Của phiên kia"));
    let fx = jury::app::journal::restore(&mut s.model, vec![draft].into());
    carry_out(&mut s.storage, &mut s.model, fx);
    let stored = s.stored();
    let note = stored.note(&sk03()).unwrap();
    assert_eq!(
        note.remark("novelty"),
        Some("Của phiên kia"),
        "not overwritten"
    );
    assert_eq!(
        note.annotations.last().unwrap().comment,
        "Thêm",
        "the annotation arrived"
    );
    let screen = common::screen_text(&s.model, 80, 24);
    assert!(
        screen.contains("Vừa được lưu ở nơi khác: Của phiên kia"),
        "{screen}"
    );
    assert!(screen.contains("> Của tôi"), "{screen}");
    // Undecided, it is in the journal, and comes back as the same choice.
    let pending = jury::app::journal::collect(&s.model);
    assert_eq!(pending.drafts.len(), 1, "{pending:?}");
    s.keys("<esc>");
    assert!(
        jury::app::journal::collect(&s.model).drafts.is_empty(),
        "Esc leaves theirs"
    );
    let fx = jury::app::journal::restore(&mut s.model, pending);
    carry_out(&mut s.storage, &mut s.model, fx);
    let stored = s.stored();
    assert_eq!(
        stored.note(&sk03()).unwrap().remark("novelty"),
        Some("Của phiên kia")
    );
    let screen = common::screen_text(&s.model, 80, 24);
    assert!(screen.contains("> Của tôi"), "{screen}");
    s.keys("<enter>");
    assert_eq!(
        s.stored().note(&sk03()).unwrap().remark("novelty"),
        Some("Của tôi")
    );
}

#[test]
fn a_remark_whose_criterion_left_the_rubric_is_kept_and_the_note_still_saves() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("db")).unwrap();
    let mut c = contest();
    let mut note = c.note(&sk03()).unwrap().clone();
    note.remarks.insert("speed".into(), "nhanh".into());
    c.put_note(note);
    store.replace_contest(&c).unwrap();
    let contest = store.load().unwrap();
    let storage = Local::new(store, contest.definition());
    let model = Model::new(contest, Some("GK03".into()), None, Lang::Vi);
    let mut s = Session {
        model,
        storage,
        _dir: dir,
    };
    s.run(|m| m.set_remark("SK03", "novelty", "Mới"));
    let stored = s.stored();
    let note = stored.note(&sk03()).unwrap();
    assert_eq!(note.remark("novelty"), Some("Mới"));
    assert_eq!(note.remark("speed"), Some("nhanh"), "kept");
    s.keys("j j <enter>");
    let screen = common::screen_text(&s.model, 120, 40);
    assert!(screen.contains("✎ speed: nhanh"), "{screen}");
    // A new remark must name a criterion the rubric has.
    s.run(|m| m.set_remark("SK03", "speed", "chậm"));
    assert_eq!(
        s.stored().note(&sk03()).unwrap().remark("speed"),
        Some("nhanh")
    );
}

#[test]
fn remarks_and_comments_are_stored_composed() {
    let mut s = Session::new("GK03");
    // "Mới" and "rõ" typed decomposed, as some input methods send them.
    s.run(|m| m.set_remark("SK03", "novelty", "Mo\u{31b}\u{301}i"));
    s.run(|m| m.annotate("SK03", 1, 1, "ro\u{303}"));
    let stored = s.stored();
    let note = stored.note(&sk03()).unwrap();
    assert_eq!(note.remark("novelty"), Some("Mới"));
    assert_eq!(note.annotations[0].comment, "rõ");
}
