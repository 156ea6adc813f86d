//! The reader: an entry in full, scrolled to its very end and no further,
//! searched without marks, beside the sheet from 120 columns up.

mod common;

use common::{SMALL, screen_text};
use jury::app::reader;
use jury::app::{Model, Msg, Screen};
use jury::contest_file;
use jury::domain::entry::{Attachment, Author};
use jury::domain::{Lang, Points, SheetKey};
use jury::input::key::Key;
use jury::run::dispatch;
use jury::store::{Local, Storage, Store};

const LAST: &str = "Câu cuối cùng của bài viết nằm ở đây.";

/// A write-up several screens long, ending in a sentence to look for.
fn long_document() -> String {
    let mut doc = String::from("# Thực trạng\n\n");
    for i in 1..=30 {
        doc.push_str(&format!(
            "Đoạn {i}: người dân đến Bộ phận Một cửa phải chờ đợi lâu, cán bộ tiếp nhận hồ sơ bằng tay và ghi sổ theo dõi riêng.\n\n"
        ));
    }
    doc.push_str("- Giảm thời gian chờ\n- Công khai lượt gọi\n\n");
    doc.push_str(
        "| Chỉ tiêu | Trước | Sau |\n|---|---|---|\n| Thời gian chờ | 40 phút | 12 phút |\n\n",
    );
    doc.push_str(LAST);
    doc
}

fn contest() -> jury::domain::Contest {
    let mut c = contest_file::read_bytes("small.json", SMALL.as_bytes()).unwrap();
    let e = &mut c.entries[0];
    e.document = long_document();
    e.applied_since = Some("2023-09-01".into());
    e.scope = "Toàn huyện".into();
    e.proposed_by = "Phòng Nội vụ".into();
    e.authors = vec![
        Author {
            name: "Nguyễn Thị Mỹ Linh".into(),
            share: Some(Points::whole(60)),
            position: Some("Công chức Văn phòng".into()),
            unit: None,
        },
        Author {
            name: "Trần Văn Lộc".into(),
            share: Some(Points::whole(40)),
            ..Author::default()
        },
    ];
    e.attachments = vec![
        Attachment {
            name: "bao-cao-ket-qua.txt".into(),
            path: "tai-lieu/bao-cao-ket-qua.txt".into(),
            kind: "text".into(),
            bytes: Some(2300),
            sha256: None,
        },
        Attachment {
            name: "anh-man-hinh.jpg".into(),
            path: "tai-lieu/anh-man-hinh.jpg".into(),
            kind: "image".into(),
            bytes: Some(3_400_000),
            sha256: Some("ab12cd34".into()),
        },
    ];
    c
}

struct Session {
    model: Model,
    storage: Local,
    dir: tempfile::TempDir,
}

impl Session {
    fn new(lang: Lang, w: u16, h: u16) -> Session {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("db")).unwrap();
        store.replace_contest(&contest()).unwrap();
        store.set_source_dir(dir.path()).unwrap();
        let loaded = store.load().unwrap();
        let storage = Local::new(store, loaded.definition());
        let model = Model::new(loaded, Some("GK03".into()), Some("nobody".into()), lang);
        let mut s = Session {
            model,
            storage,
            dir,
        };
        s.send(Msg::Resize(w, h));
        s
    }

    fn keys(&mut self, keys: &str) {
        for k in Key::parse_seq(keys).expect("valid key notation") {
            self.send(Msg::Key(k));
        }
    }

    fn send(&mut self, msg: Msg) {
        dispatch(&mut self.storage, &mut self.model, msg);
    }

    fn screen(&self) -> String {
        screen_text(&self.model, self.model.size.0, self.model.size.1)
    }

    fn status(&self) -> String {
        self.model
            .status
            .as_ref()
            .map(|s| s.text.clone())
            .unwrap_or_default()
    }

    fn scroll(&self) -> usize {
        self.model.reader.as_ref().map_or(0, |r| r.scroll)
    }
}

#[test]
fn the_reader_shows_every_field_authors_shares_and_attachments() {
    let mut s = Session::new(Lang::Vi, 80, 24);
    s.keys("v");
    let screen = s.screen();
    for needle in [
        "Mã hồ sơ: SK01",
        "Đơn vị đề nghị: Phòng Nội vụ",
        // Dates the Vietnamese way on a Vietnamese screen.
        "Áp dụng từ ngày: 01/09/2023",
        "Phạm vi áp dụng: Toàn huyện",
        "Nguyễn Thị Mỹ Linh · 60% · Công chức Văn phòng",
        "Trần Văn Lộc · 40%",
    ] {
        assert!(screen.contains(needle), "{needle} missing:\n{screen}");
    }
    s.keys("G");
    let end = s.screen();
    assert!(
        end.contains("bao-cao-ket-qua.txt · văn bản · 2,2 KB"),
        "{end}"
    );
    assert!(end.contains("anh-man-hinh.jpg · ảnh · 3,2 MB"), "{end}");
    assert!(end.contains("sha256: ab12cd34"), "{end}");
    assert!(
        end.contains("Trên máy chủ: tai-lieu/anh-man-hinh.jpg"),
        "{end}"
    );
}

#[test]
fn paging_stops_at_the_last_line_with_the_last_sentence_in_view() {
    let mut s = Session::new(Lang::Vi, 80, 24);
    s.keys("v");
    let total = reader::lines(&s.model).len();
    let rows = reader::rows(&s.model);
    assert!(total > 3 * rows, "three screens at least: {total} lines");
    let mut pages = 0;
    let mut last = usize::MAX;
    while s.scroll() != last {
        last = s.scroll();
        s.keys("<space>");
        pages += 1;
        assert!(pages < 50, "paging never stopped");
    }
    assert_eq!(s.scroll(), total - rows, "no blank page past the end");
    let screen = s.screen();
    assert!(screen.contains(LAST), "{screen}");
    assert!(screen.contains("hết bài"), "{screen}");
    // More keys down change nothing; back up and to the top again.
    s.keys("j j G <pgdn>");
    assert_eq!(s.scroll(), total - rows);
    s.keys("<pgup> k");
    assert!(s.scroll() < total - rows);
    s.keys("g");
    assert_eq!(s.scroll(), 0);
}

#[test]
fn vietnamese_wraps_within_the_width_at_every_size() {
    for (w, h) in [(50, 12), (80, 24), (120, 40), (200, 50)] {
        let mut s = Session::new(Lang::Vi, w, h);
        s.keys("v");
        let cols = reader::text_cols(&s.model);
        for l in reader::lines(&s.model) {
            assert!(
                unicode_width::UnicodeWidthStr::width(l.text.as_str()) <= cols,
                "{w}x{h}: {:?} is wider than {cols}",
                l.text
            );
        }
    }
}

#[test]
fn search_ignores_marks_moves_with_n_and_says_when_nothing_is_found() {
    let mut s = Session::new(Lang::Vi, 80, 24);
    s.keys("v / c a u <space> c u o i <enter>");
    let screen = s.screen();
    assert!(
        screen.contains(LAST),
        "the match is brought into view:\n{screen}"
    );
    assert!(s.status().contains("1/1"), "{}", s.status());
    s.keys("g / d o a n <enter>");
    let first = s.model.reader.as_ref().and_then(|r| r.hit).unwrap();
    s.keys("n");
    let second = s.model.reader.as_ref().and_then(|r| r.hit).unwrap();
    assert!(second > first);
    s.keys("N");
    assert_eq!(s.model.reader.as_ref().and_then(|r| r.hit), Some(first));
    s.keys("/ x y z q <enter>");
    assert!(s.status().contains("Không tìm thấy"), "{}", s.status());
}

#[test]
fn a_match_is_highlighted_on_screen() {
    let mut s = Session::new(Lang::Vi, 80, 24);
    s.keys("v / t h u c <space> t r a n g <enter>");
    let mut t = ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 24)).unwrap();
    t.draw(|f| jury::ui::view(&s.model, f)).unwrap();
    let buf = t.backend().buffer();
    let text = common::buffer_text(buf);
    let row = text.lines().position(|l| l.contains("Thực trạng")).unwrap() as u16;
    let col = text.lines().nth(row.into()).unwrap().find("Thực").unwrap() as u16;
    assert!(
        buf[(col, row)]
            .modifier
            .contains(ratatui::style::Modifier::REVERSED)
    );
}

#[test]
fn the_reader_remembers_where_each_entry_was_left() {
    let mut s = Session::new(Lang::En, 80, 24);
    s.keys("v <space> <space>");
    let at = s.scroll();
    assert!(at > 0);
    s.keys("q");
    assert!(s.model.reader.is_none());
    assert_eq!(s.model.screen, Screen::Entries);
    s.keys("j v");
    assert_eq!(s.scroll(), 0, "another entry starts at its top");
    s.keys("q k v");
    assert_eq!(s.scroll(), at);
}

#[test]
fn a_text_attachment_opens_and_others_show_where_they_are() {
    let mut s = Session::new(Lang::Vi, 80, 24);
    let folder = s.dir.path().join("tai-lieu");
    std::fs::create_dir(&folder).unwrap();
    std::fs::write(
        folder.join("bao-cao-ket-qua.txt"),
        "# Báo cáo kết quả\n\nSau sáu tháng, thời gian chờ còn 12 phút.",
    )
    .unwrap();
    s.keys("v G <enter>");
    let screen = s.screen();
    assert!(
        screen.contains("Sau sáu tháng, thời gian chờ còn 12 phút."),
        "{screen}"
    );
    s.keys("<esc>");
    assert!(s.model.reader.as_ref().is_some_and(|r| r.opened.is_none()));
    // Another kind says it does not open here; where it is and its checksum
    // are on the page beside it, whole, where a status line would cut them.
    s.keys("o <enter>");
    assert_eq!(
        s.status(),
        "anh-man-hinh.jpg: không phải tệp văn bản, không mở được ở đây"
    );
    let page = s.screen();
    assert!(
        page.contains("▶ 2. anh-man-hinh.jpg")
            && page.contains("Trên máy chủ: tai-lieu/anh-man-hinh.jpg")
            && page.contains("sha256: ab12cd34"),
        "{page}"
    );
    // The text file gone: the reader says so and where it looked.
    std::fs::remove_file(folder.join("bao-cao-ket-qua.txt")).unwrap();
    s.keys("o <enter>");
    assert!(
        s.status().starts_with(
            "Chưa có tệp bao-cao-ket-qua.txt trên máy chủ; hãy báo thư ký hội đồng bổ sung"
        ),
        "{}",
        s.status()
    );
    assert!(s.model.reader.as_ref().is_some_and(|r| r.opened.is_none()));
}

#[test]
fn beside_the_sheet_tab_moves_the_focus_and_digits_score() {
    let mut s = Session::new(Lang::En, 120, 40);
    s.keys("<enter> v");
    assert!(reader::beside(&s.model));
    let screen = s.screen();
    assert!(
        screen.contains("Score sheet") || screen.contains("Sheet"),
        "{screen}"
    );
    assert!(screen.contains("Entry id: SK01"), "{screen}");
    s.keys("<space>");
    let scrolled = s.scroll();
    assert!(scrolled > 0);
    s.keys("<tab> 2 0 <enter>");
    let key = SheetKey::new("main", "SK01", "GK03");
    let stored = s.storage.load().unwrap();
    let sheet = stored.sheet(&key).expect("scored beside the text");
    assert_eq!(sheet.total(), Points::whole(20));
    assert_eq!(s.scroll(), scrolled, "the text stayed where it was");
    assert!(reader::beside(&s.model));
    s.keys("<tab> <space>");
    assert!(s.scroll() > scrolled, "Tab went back to the text");
}

#[test]
fn below_120_columns_v_switches_between_sheet_and_text() {
    let mut s = Session::new(Lang::En, 80, 24);
    s.keys("<enter> v");
    assert!(s.screen().contains("Entry id: SK01"));
    s.keys("v");
    assert_eq!(s.model.screen, Screen::Sheet);
    assert!(!s.screen().contains("Entry id: SK01"));
    s.keys("2 0 <enter>");
    let key = SheetKey::new("main", "SK01", "GK03");
    assert!(s.storage.load().unwrap().sheet(&key).is_some());
    s.keys("v");
    assert!(s.screen().contains("Entry id: SK01"));
}

#[test]
fn the_sheet_keeps_its_summary_one_height_and_says_where_it_is_cut() {
    let mut s = Session::new(Lang::Vi, 80, 24);
    s.model.contest.entries[0].summary = "Người dân đến nộp hồ sơ trước đây tự xếp hàng, giờ cao điểm thường phải chờ trên 40 phút. ".repeat(4);
    s.model.contest.entries[0].submitted = Some("2024-05-08".into());
    s.keys("<enter>");
    let row_of_sheet = |screen: &str| {
        screen
            .lines()
            .position(|l| l.contains("Phiếu chấm điểm"))
            .expect("the sheet box")
    };
    let first = s.screen();
    assert!(first.contains("… v: đọc toàn văn"), "{first}");
    // Dates read the Vietnamese way on a Vietnamese screen.
    assert!(first.contains("Ngày nộp hồ sơ: 08/05/2024"), "{first}");
    assert!(
        first.contains("Nguyễn Thị Mỹ Linh, Trần Văn Lộc"),
        "{first}"
    );
    let at = row_of_sheet(&first);
    for _ in 0..4 {
        s.keys("j");
        assert_eq!(
            row_of_sheet(&s.screen()),
            at,
            "the summary box changed height"
        );
    }
    // At 120 columns the whole title is there, wrapped, not cut.
    s.send(Msg::Resize(120, 40));
    s.model.contest.entries[0].title =
        "Cấp phiếu số thứ tự tự động và màn hình gọi số tại Bộ phận Một cửa thị trấn Phú Khang, áp dụng cho mọi lĩnh vực thủ tục hành chính".into();
    let wide = s.screen();
    let joined: Vec<&str> = wide.split_whitespace().collect();
    assert!(
        joined
            .join(" ")
            .contains("Phú Khang, áp dụng cho mọi lĩnh vực thủ tục hành chính"),
        "{wide}"
    );
}

#[test]
fn the_note_editor_keeps_the_title_and_the_criterion_with_its_points_in_view() {
    let mut s = Session::new(Lang::Vi, 80, 24);
    s.keys("<enter> 1 8 <enter> a");
    assert_eq!(s.model.screen, Screen::Note);
    let screen = s.screen();
    let title = &s.model.contest.entries[0].title;
    let first_words: String = title
        .split_whitespace()
        .take(4)
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        screen
            .lines()
            .nth(1)
            .is_some_and(|l| l.contains(&first_words)),
        "{screen}"
    );
    assert!(screen.contains("Tổng: 18 / 100"), "{screen}");
    assert!(screen.contains("▶ "), "{screen}");
    // At 120 columns with the text open, the note and the text share the screen.
    s.keys("<c-s> <esc>");
    s.send(Msg::Resize(120, 40));
    s.keys("v <tab> a");
    assert_eq!(s.model.screen, Screen::Note);
    assert!(reader::beside(&s.model));
    let wide = s.screen();
    assert!(
        wide.contains("Mã hồ sơ: SK01") && wide.contains("Nhận xét"),
        "{wide}"
    );
}

#[test]
fn lines_marked_with_v_get_a_comment_marked_in_the_margin_and_found_with_bracket_a() {
    let mut s = Session::new(Lang::Vi, 80, 24);
    // To the write-up's first heading, then mark it and the first paragraph.
    s.keys("v / t h u c <space> t r a n g <enter> V j j");
    assert!(s.status().contains("Đánh dấu dòng 1–3"), "{}", s.status());
    s.keys("c R õ <space> r à n g <enter>");
    assert!(
        s.model
            .reader
            .as_ref()
            .is_some_and(|r| r.marking.is_none() && r.comment.is_none())
    );
    let key = SheetKey::new("main", "SK01", "GK03");
    let stored = s.storage.load().unwrap();
    let note = stored
        .note(&key)
        .expect("the annotation is stored with the note");
    let a = note.annotations.first().expect("one annotation");
    assert_eq!((a.first_line, a.last_line), (0, 2));
    assert_eq!(a.comment, "Rõ ràng");
    assert!(a.passage.starts_with("# Thực trạng") && a.passage.contains("Đoạn 1"));
    let screen = s.screen();
    let marked: Vec<&str> = screen.lines().filter(|l| l.starts_with("┃ ")).collect();
    // The heading carries the search's `▸` (it wins the margin); the
    // paragraph under it carries the annotation's mark.
    assert!(marked.iter().any(|l| l.contains("Đoạn 1")), "{screen}");
    assert!(
        !screen
            .lines()
            .any(|l| l.starts_with("┃ ") && l.contains("Đoạn 2")),
        "{screen}"
    );
    s.keys("g ] a");
    assert!(
        s.status().contains("Ghi chú 1/1: Rõ ràng"),
        "{}",
        s.status()
    );
    assert!(s.screen().contains("Thực trạng"));
    // Esc stops a marking without closing the reader; c without a marking says what to do.
    s.keys("V <esc>");
    assert!(s.model.reader.as_ref().is_some_and(|r| r.marking.is_none()));
    s.keys("c");
    assert!(s.status().contains("Nhấn V"), "{}", s.status());
}

#[test]
fn pasted_text_goes_into_the_find_box_not_the_entries_search() {
    let mut s = Session::new(Lang::Vi, 80, 24);
    s.keys("v /");
    s.send(Msg::Paste("câu cuối\n".into()));
    s.keys("<enter>");
    assert!(s.screen().contains(LAST));
    assert!(
        s.model.list.query.is_empty(),
        "the list's search is untouched"
    );
    s.send(Msg::Paste("văn bản dán".into()));
    assert!(s.model.list.search.is_none() && s.model.list.query.is_empty());
}

#[test]
fn nothing_from_the_contest_file_reaches_the_terminal_as_a_control() {
    let mut s = Session::new(Lang::En, 80, 24);
    let played = "\u{1b}]0;pwned\u{7}\u{1b}[2J\u{9b}31m\u{202e}";
    let e = &mut s.model.contest.entries[0];
    e.title = format!("Tiêu đề {played}");
    e.scope = format!("Phạm vi {played}");
    e.authors[0].name = format!("Tác giả {played}");
    e.document = format!("# Đầu {played}\n\nĐoạn {played}\n\n- mục {played}\n| a {played} | b |");
    e.attachments[0].name = format!("tệp {played}.txt");
    s.keys("v");
    for step in ["", "<space>", "G"] {
        s.keys(step);
        let screen = s.screen();
        assert!(
            !screen
                .chars()
                .any(|c| c != '\n' && jury::domain::escape::is_control(c)),
            "{screen:?}"
        );
    }
}

#[test]
fn a_comment_being_written_is_in_the_journal_until_it_is_stored() {
    let mut s = Session::new(Lang::Vi, 80, 24);
    s.keys("v / t h u c <space> t r a n g <enter> V j j c C ầ n <space> s ố <space> l i ệ u");
    let journaled = jury::app::journal::collect(&s.model);
    let kept = journaled.drafts.iter().any(|d| match d {
        jury::domain::Change::SaveNote { annotations, .. } => annotations
            .iter()
            .any(|a| a.comment == "Cần số liệu" && a.first_line == 0),
        _ => false,
    });
    assert!(kept, "{journaled:?}");
    s.keys("<enter>");
    let after = jury::app::journal::collect(&s.model);
    assert!(
        after.drafts.is_empty(),
        "stored, so out of the journal: {after:?}"
    );
}

#[test]
fn words_the_wrap_puts_on_two_lines_are_still_found() {
    let mut s = Session::new(Lang::Vi, 80, 24);
    s.keys("v");
    let lines = reader::lines(&s.model);
    // A pair of words split by the wrap: the last word of a line and the
    // first of the next, in the same paragraph.
    let (at, pair) = lines
        .windows(2)
        .enumerate()
        .find_map(|(i, w)| {
            let a = w[0].text.split_whitespace().last()?;
            let b = w[1].text.split_whitespace().next()?;
            (w[0].kind == w[1].kind && w[0].source.is_some() && w[0].source == w[1].source)
                .then(|| (i, format!("{a} {b}")))
        })
        .expect("a paragraph wrapped over two lines");
    let found = reader::hits(&lines, &pair);
    assert!(found.contains(&at), "{pair:?} at line {at}: {found:?}");
}

#[test]
fn beside_the_text_the_bottom_line_spans_the_screen_and_offers_tab() {
    let mut s = Session::new(Lang::En, 120, 40);
    s.keys("<enter> v <tab>");
    let screen = s.screen();
    let bar = screen.lines().last().unwrap_or_default().to_string();
    assert!(
        bar.contains("Tab switch between the text and the sheet"),
        "{bar}"
    );
    assert!(
        !bar.contains('│'),
        "the bar is not cut by the divider: {bar}"
    );
    s.keys("<tab> G o <enter>");
    let bar = s.screen().lines().last().unwrap_or_default().to_string();
    assert!(
        bar.contains("not on the server") || bar.contains("not a text file"),
        "{bar}"
    );
    assert!(
        bar.contains("anh-man-hinh.jpg") || bar.contains("bao-cao-ket-qua.txt"),
        "{bar}"
    );
}
