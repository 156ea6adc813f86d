//! The chair's screens finished: acts that can be undone, a Progress that
//! can be read cell by cell, the closed round's results, and nothing cut
//! or scrolled past its end.

mod common;

#[path = "common/pty.rs"]
#[allow(dead_code)]
mod pty;

use jury::app::{Model, Msg, Overlay, update};
use jury::contest_file;
use jury::domain::Lang;
use jury::input::key::Key;

const SCORED: &str = include_str!("fixtures/scored-contest.json");

fn model(judge: &str, lang: Lang) -> Model {
    let c = contest_file::read_bytes("scored.json", SCORED.as_bytes()).unwrap();
    Model::new(c, Some(judge.into()), None, lang)
}

fn keys(m: &mut Model, keys: &str) {
    for k in Key::parse_seq(keys).unwrap() {
        update(m, Msg::Key(k));
    }
}

fn screen(m: &mut Model, w: u16, h: u16) -> String {
    update(m, Msg::Resize(w, h));
    common::screen_text(m, w, h)
}

/// The rows of `s` between the box's top and bottom borders, without them.
fn inside_box(s: &str) -> Vec<String> {
    let rows: Vec<&str> = s.lines().collect();
    let top = rows.iter().position(|l| l.contains('┌')).expect("a box");
    let bottom = rows.iter().position(|l| l.contains('└')).expect("a box");
    rows[top + 1..bottom]
        .iter()
        .map(|l| {
            let from = l.find('│').map_or(0, |i| i + '│'.len_utf8());
            let to = l.rfind('│').unwrap_or(l.len());
            l.get(from..to).unwrap_or("").trim_end().to_string()
        })
        .collect()
}

mod nothing_cut {
    use super::*;

    #[test]
    fn the_breakdowns_furthest_member_line_wraps_at_80_columns() {
        for (lang, end) in [(Lang::En, "others' mean)"), (Lang::Vi, "còn lại)")] {
            let mut m = model("GK01", lang);
            keys(&mut m, "r <enter>");
            let s = screen(&mut m, 80, 24);
            let words = s.split_whitespace().collect::<Vec<_>>().join(" ");
            assert!(words.contains(end), "the whole furthest-member line: {s}");
            assert!(s.contains("-10.0"), "{s}");
        }
    }

    #[test]
    fn the_chairs_tab_line_shortens_labels_before_cutting_at_80_columns() {
        for (lang, words) in [
            (
                Lang::Vi,
                [
                    "Xếp hạng",
                    "Tiến độ",
                    "Thống nhất",
                    "Xung đột",
                    "Nhật ký",
                    "chưa công bố",
                ],
            ),
            (
                Lang::En,
                [
                    "Rankings",
                    "Progress",
                    "Agree",
                    "Conflicts",
                    "Audit",
                    "not published",
                ],
            ),
        ] {
            let mut m = model("GK01", lang);
            keys(&mut m, "r");
            let s = screen(&mut m, 80, 24);
            let tabs = s.lines().nth(1).unwrap();
            for w in words {
                assert!(tabs.contains(w), "{w:?} on the tab line: {tabs}");
            }
            assert!(!tabs.contains('…'), "nothing cut: {tabs}");
        }
        // With room, the labels are whole.
        let mut m = model("GK01", Lang::Vi);
        keys(&mut m, "r");
        let s = screen(&mut m, 120, 40);
        let tabs = s.lines().nth(1).unwrap();
        assert!(
            tabs.contains("Mức độ thống nhất") && tabs.contains("Xung đột lợi ích"),
            "{tabs}"
        );
    }

    #[test]
    fn the_help_stops_at_its_last_line() {
        // Sizes where the breakdown's help is longer than its box.
        for (w, h) in [(80, 24), (120, 30)] {
            let mut m = model("GK01", Lang::En);
            keys(&mut m, "r <enter>");
            update(&mut m, Msg::Resize(w, h));
            keys(&mut m, "?");
            keys(&mut m, &["j"; 300].join(" "));
            let s = screen(&mut m, w, h);
            let inside = inside_box(&s);
            assert!(
                inside.last().is_some_and(|l| !l.trim().is_empty()),
                "the last row of the box is the help's last line, not a blank page: {s}"
            );
            assert!(
                inside
                    .last()
                    .is_some_and(|l| l.trim_end().ends_with("affected")),
                "the robustness line ends the help: {s}"
            );
            // One key up shows the line before: the scroll stopped at the end.
            let before = inside.clone();
            keys(&mut m, "k");
            let after = inside_box(&screen(&mut m, w, h));
            assert_eq!(after[1..], before[..before.len() - 1], "one line back");
        }
    }

    #[test]
    fn the_audit_detail_stops_at_its_last_line() {
        use jury::domain::audit::{AuditRecord, Event};
        let mut m = model("GK01", Lang::En);
        keys(&mut m, "T");
        let long = (1..=40).map(|i| format!("GK{i:02}")).collect::<Vec<_>>();
        let record = AuditRecord::new(
            1,
            "2026-11-30T10:00:00Z",
            "GK01",
            Some("lan"),
            Event {
                action: "assign".into(),
                round: Some("r1".into()),
                entry: None,
                subject: None,
                before: serde_json::json!({"assigned": long}),
                after: serde_json::json!({"assigned": ["GK01", "GK99LAST"]}),
                reason: Some("shared out again".into()),
            },
            "",
        );
        update(&mut m, Msg::AuditLoaded(Ok((vec![record], Ok(1)))));
        keys(&mut m, "<enter>");
        assert!(matches!(m.overlay, Some(Overlay::AuditDetail { .. })));
        keys(&mut m, &["j"; 200].join(" "));
        let s = screen(&mut m, 80, 24);
        let inside = inside_box(&s);
        assert!(
            inside.iter().any(|l| l.contains("GK99LAST")),
            "the record's end is in sight: {s}"
        );
        assert!(
            inside.last().is_some_and(|l| !l.trim().is_empty()),
            "no blank page after the end: {s}"
        );
    }
}

/// The chair's acts against a real store, keys through `dispatch`.
mod session {
    use super::*;
    use jury::run::dispatch;
    use jury::store::{Local, Storage, Store};

    /// The scored demo with GK04 and GK05 added, unscored.
    pub fn grown() -> Model {
        let mut v: serde_json::Value = serde_json::from_str(SCORED).unwrap();
        let judge = v["judges"][1].clone();
        let judges = v["judges"].as_array_mut().unwrap();
        for n in 4..=5 {
            let mut j = judge.clone();
            j["id"] = format!("GK{n:02}").into();
            j["name"] = format!("Thành viên {n}").into();
            j["user"] = format!("tv{n}").into();
            judges.push(j);
        }
        let text = serde_json::to_string(&v).unwrap();
        let c = contest_file::read_bytes("grown.json", text.as_bytes()).unwrap();
        Model::new(c, Some("GK01".into()), None, Lang::En)
    }

    pub fn open(dir: &tempfile::TempDir, m: Model, me: &str) -> (Model, Local) {
        let store = Store::open(&dir.path().join("db")).unwrap();
        store.replace_contest(&m.contest).unwrap();
        let contest = store.load().unwrap();
        let storage = Local::new(store, contest.definition());
        let model = Model::new(contest, Some(me.into()), Some("lannt".into()), m.lang);
        (model, storage)
    }

    pub fn press(m: &mut Model, storage: &mut Local, keys: &str) {
        for k in Key::parse_seq(keys).unwrap() {
            dispatch(storage, m, Msg::Key(k));
        }
    }

    pub fn status(m: &Model) -> String {
        m.status
            .as_ref()
            .map(|s| s.text.clone())
            .unwrap_or_default()
    }

    pub fn markers(st: &mut Local, entry: &str) -> Vec<String> {
        let c = st.load().unwrap();
        let mut v: Vec<String> = c
            .assignments
            .judges_of(c.current_round(), entry)
            .map(String::from)
            .collect();
        v.sort();
        v
    }

    pub fn actions(st: &mut Local) -> Vec<(String, Option<String>, String)> {
        let (records, _) = st.audit().unwrap();
        records
            .into_iter()
            .map(|r| (r.action, r.login, r.judge))
            .collect()
    }
}

mod undo {
    use super::session::*;
    use super::*;
    use jury::store::Storage;

    #[test]
    fn the_chair_takes_back_a_third_marker_and_a_sharing_out_and_is_told_what() {
        let dir = tempfile::tempdir().unwrap();
        let (mut m, mut st) = open(&dir, grown(), "GK01");
        // Nothing done yet: nothing to take back, and it says so.
        press(&mut m, &mut st, "r u");
        assert!(m.overlay.is_none());
        assert!(status(&m).contains("No marker added"), "{}", status(&m));
        // Share out, three members per entry.
        press(&mut m, &mut st, "A 3 <enter> y");
        if matches!(m.overlay, Some(Overlay::Ask(_))) {
            press(&mut m, &mut st, "y");
        }
        let shared = markers(&mut st, "SK01");
        assert_eq!(shared.len(), 3, "{shared:?} {}", status(&m));
        // One more marker for the top entry, chosen from the list.
        let top = m.chair.rows()[0].entry.to_string();
        press(&mut m, &mut st, "g + <enter>");
        let added = markers(&mut st, &top);
        assert_eq!(added.len(), 4, "{added:?} {}", status(&m));
        let extra: Vec<String> = added
            .iter()
            .filter(|j| !shared.contains(j))
            .cloned()
            .collect();
        let extra = extra.first().cloned().unwrap_or_default();
        // `u` asks first, naming who and what; `n` leaves it be.
        press(&mut m, &mut st, "u");
        let Some(Overlay::ConfirmCouncil { question, .. }) = &m.overlay else {
            panic!("u asks first: {:?}", m.overlay);
        };
        assert!(
            question.contains(&extra) && question.contains(&top),
            "{question}"
        );
        press(&mut m, &mut st, "n");
        assert_eq!(markers(&mut st, &top).len(), 4, "nothing yet");
        // Yes: the marker is gone, and the chair is told.
        press(&mut m, &mut st, "u y");
        assert!(!markers(&mut st, &top).contains(&extra));
        assert!(
            status(&m).contains(&format!("Taken back: {extra} no longer marks {top}")),
            "{}",
            status(&m)
        );
        // The next `u` takes back the sharing-out: every member marks every entry again.
        press(&mut m, &mut st, "u");
        let Some(Overlay::ConfirmCouncil { question, .. }) = &m.overlay else {
            panic!("u asks first: {:?}", m.overlay);
        };
        assert!(question.contains("sharing-out"), "{question}");
        press(&mut m, &mut st, "y");
        assert!(status(&m).contains("as it was before"), "{}", status(&m));
        let c = st.load().unwrap();
        assert!(
            !c.assignments.has_round(c.current_round()),
            "back to no sharing-out"
        );
        // Each undo is a new audited change with the OS login, not erased history.
        let acts = actions(&mut st);
        let names: Vec<&str> = acts.iter().map(|(a, _, _)| a.as_str()).collect();
        assert_eq!(
            names[names.len() - 4..],
            [
                "assign",
                "third_marking",
                "third_marking_undo",
                "assign_undo"
            ],
            "{acts:?}"
        );
        let os_login = jury::identity::current_login();
        assert!(os_login.is_some());
        for (_, login, judge) in &acts[acts.len() - 4..] {
            assert_eq!(*login, os_login, "the OS login of the process");
            assert_eq!(judge, "GK01");
        }
    }

    #[test]
    fn taking_back_a_sharing_out_restores_the_pairs_before_and_keeps_any_sheet_since() {
        use jury::domain::change::apply_council;
        use jury::domain::{CouncilChange, Sheet, SheetKey};
        let mut c = grown().contest;
        let round = c.current_round().to_string();
        // Before: SK01 to GK04 alone. Then a sharing-out gave SK02 to GK05,
        // who started a sheet there.
        c.assignments.add(&round, "SK01", "GK04");
        c.assignments.add(&round, "SK02", "GK05");
        c.put_sheet(Sheet::new(SheetKey::new(&round, "SK02", "GK05"), &c.rubric));
        let chair = c.judge("GK01").unwrap().clone();
        let next = apply_council(
            &c,
            &chair,
            &CouncilChange::RestoreAssignments {
                round: round.clone(),
                pairs: vec![("SK01".into(), "GK04".into())],
                reason: "taken back".into(),
            },
            "2026-11-30T10:00:00Z",
        )
        .unwrap();
        assert!(
            next.assignments.contains(&round, "SK01", "GK04"),
            "as before"
        );
        assert!(
            next.assignments.contains(&round, "SK02", "GK05"),
            "GK05's sheet is not stranded"
        );
        assert!(!next.assignments.contains(&round, "SK03", "GK05"));
        // A member who is not the chair cannot.
        let member = c.judge("GK02").unwrap().clone();
        let refused = apply_council(
            &c,
            &member,
            &CouncilChange::RestoreAssignments {
                round,
                pairs: Vec::new(),
                reason: "x".into(),
            },
            "2026-11-30T10:00:00Z",
        );
        assert!(refused.is_err());
    }

    #[test]
    fn a_marker_who_has_started_a_sheet_cannot_be_taken_back() {
        use jury::domain::{Change, SheetKey};
        let dir = tempfile::tempdir().unwrap();
        let (mut m, mut st) = open(&dir, grown(), "GK01");
        press(&mut m, &mut st, "r A 3 <enter> y");
        if matches!(m.overlay, Some(Overlay::Ask(_))) {
            press(&mut m, &mut st, "y");
        }
        let top = m.chair.rows()[0].entry.to_string();
        press(&mut m, &mut st, "g + <enter>");
        let c = st.load().unwrap();
        let round = c.current_round().to_string();
        let extra = ["GK04", "GK05"]
            .into_iter()
            .find(|j| c.assignments.contains(&round, &top, j))
            .unwrap();
        // The new marker starts a sheet meanwhile.
        let first = c.rubric.criteria[0].id.clone();
        st.apply(
            extra,
            &Change::SaveSheet {
                key: SheetKey::new(&round, &top, extra),
                points: [(first, jury::domain::Points::from_f64(5.0).unwrap())].into(),
                base: 0,
            },
        )
        .unwrap();
        press(&mut m, &mut st, "u y");
        assert!(
            status(&m).contains("already has a sheet"),
            "refused, saying why: {}",
            status(&m)
        );
        assert!(
            markers(&mut st, &top).contains(&extra.to_string()),
            "still marks it"
        );
    }
}

/// Every act records the OS login beside the member.
mod login {
    use super::common::{imported, run, stderr, stdout};

    #[test]
    fn round_advance_on_the_command_line_records_the_os_login() {
        let dir = tempfile::tempdir().unwrap();
        let db = imported(&dir);
        let out = run(
            &db,
            &[
                "--judge", "GK01", "round", "advance", "--top", "1", "--force",
            ],
        );
        assert!(out.status.success(), "{}", stderr(&out));
        let out = run(&db, &["audit", "--format", "json"]);
        assert!(out.status.success(), "{}", stderr(&out));
        let trail: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
        let advance = trail
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["action"] == "round_advance")
            .expect("the advance is in the trail");
        let login = jury::identity::current_login().expect("this process has a login");
        assert_eq!(advance["login"], login.as_str(), "{advance}");
        assert_eq!(advance["judge"], "GK01", "{advance}");
    }
}

/// After `round advance`, the closed round's ranking is there to read.
mod closed_round {
    use super::session::*;
    use super::*;
    use jury::domain::{Bilingual, CouncilChange, Round};
    use jury::store::Storage;

    fn advanced(dir: &tempfile::TempDir, lang: Lang) -> (Model, jury::store::Local) {
        let (m, mut st) = open(dir, model("GK01", lang), "GK01");
        let from = m.round.clone();
        st.council(
            "GK01",
            &CouncilChange::AdvanceRound {
                from,
                to: Round {
                    id: "chung_khao".into(),
                    name: Bilingual::new("Vòng chung khảo", "Final round"),
                    entries: None,
                    closed: false,
                    advanced: None,
                },
                entries: vec!["SK03".into(), "SK01".into()],
                rule: "top 2 (mean)".into(),
            },
        )
        .unwrap();
        let m = Model::new(st.load().unwrap(), Some("GK01".into()), None, lang);
        (m, st)
    }

    #[test]
    fn the_chair_looks_back_at_the_closed_rounds_ranking_read_only() {
        let dir = tempfile::tempdir().unwrap();
        let (mut m, mut st) = advanced(&dir, Lang::En);
        press(&mut m, &mut st, "r");
        let s = screen(&mut m, 100, 30);
        assert!(s.contains("Final round"), "{s}");
        assert!(!s.contains("85.67"), "the new round has no sheets yet: {s}");
        // v: the closed round, its ranking as it closed, marked read-only.
        press(&mut m, &mut st, "v");
        let s = screen(&mut m, 100, 30);
        assert!(s.contains("SK03") && s.contains("85.67"), "{s}");
        assert!(s.contains("First prize"), "{s}");
        assert!(s.contains("Judging (closed)"), "{s}");
        assert!(s.contains("closed round · read-only"), "{s}");
        // Its breakdown opens too, with the members' sheets of that round.
        press(&mut m, &mut st, "g <enter>");
        let s = screen(&mut m, 100, 30);
        assert!(s.contains("85.67") && s.contains("GK02"), "{s}");
        // Nothing there can change: + says why and asks nothing.
        press(&mut m, &mut st, "+");
        assert!(m.overlay.is_none());
        assert!(status(&m).contains("read-only"), "{}", status(&m));
        // At 80 columns in Vietnamese the tab line still names the closed round whole.
        m.lang = Lang::Vi;
        let s = screen(&mut m, 80, 24);
        let tabs = s.lines().nth(1).unwrap();
        assert!(
            tabs.contains("Vòng chấm (đã đóng)") && !tabs.contains('…'),
            "{tabs}"
        );
        m.lang = Lang::En;
        press(&mut m, &mut st, "<esc> A");
        assert!(m.overlay.is_none(), "{:?}", m.overlay);
        // v again: back to the round being judged.
        press(&mut m, &mut st, "v");
        let s = screen(&mut m, 100, 30);
        assert!(!s.contains("85.67") && !s.contains("(closed)"), "{s}");
    }

    #[test]
    fn with_no_closed_round_v_says_so() {
        let mut m = model("GK01", Lang::Vi);
        keys(&mut m, "r v");
        let said = m
            .status
            .as_ref()
            .map(|s| s.text.clone())
            .unwrap_or_default();
        assert_eq!(said, "Chưa có vòng nào đã đóng");
    }
}

/// Progress read cell by cell, and the chair's reminders.
mod progress {
    use super::session::*;
    use super::*;
    use jury::app::progress::member_rows;
    use jury::domain::{Change, Points, SheetKey};
    use jury::store::Storage;

    /// Puts the Progress cursor on `judge`'s row and `entry`'s column.
    fn go_to(m: &mut Model, st: &mut jury::store::Local, judge: &str, entry: &str) {
        let row = member_rows(m)
            .iter()
            .position(|r| r.judge == judge)
            .unwrap();
        let col = m
            .contest
            .round_entries(&m.round)
            .iter()
            .position(|&p| m.contest.entries[p].id == entry)
            .unwrap();
        press(m, st, &vec!["j"; row].join(" "));
        press(m, st, &vec!["<right>"; col].join(" "));
    }

    #[test]
    fn enter_on_a_cell_shows_the_sheets_state_but_never_a_drafts_content() {
        let dir = tempfile::tempdir().unwrap();
        let (mut m, mut st) = open(&dir, grown(), "GK01");
        let round = m.round.clone();
        let c = st.load().unwrap();
        let first = c.rubric.criteria[0].id.clone();
        // GK04 starts SK02: a draft of 17 points, theirs alone.
        st.apply(
            "GK04",
            &Change::SaveSheet {
                key: SheetKey::new(&round, "SK02", "GK04"),
                points: [(first, Points::from_f64(17.0).unwrap())].into(),
                base: 0,
            },
        )
        .unwrap();
        m = Model::new(st.load().unwrap(), Some("GK01".into()), None, Lang::En);
        let st = &mut st;
        press(&mut m, st, "p");
        update(&mut m, Msg::Resize(100, 30));
        go_to(&mut m, st, "GK04", "SK02");
        press(&mut m, st, "<enter>");
        let Some(Overlay::CellDetail { judge, entry }) = &m.overlay else {
            panic!("Enter opens the cell: {:?}", m.overlay);
        };
        assert_eq!((judge.as_str(), entry.as_str()), ("GK04", "SK02"));
        let s = screen(&mut m, 100, 30);
        assert!(s.contains("a draft"), "{s}");
        assert!(s.contains("Last change:"), "when, from the trail: {s}");
        assert!(
            !s.contains("17"),
            "a draft's points are its author's alone: {s}"
        );
        // Esc closes it; a submitted sheet shows its total.
        press(&mut m, st, "<esc>");
        assert!(m.overlay.is_none());
        let mut m = Model::new(st.load().unwrap(), Some("GK01".into()), None, Lang::Vi);
        press(&mut m, st, "p");
        update(&mut m, Msg::Resize(100, 30));
        go_to(&mut m, st, "GK02", "SK03");
        press(&mut m, st, "<enter>");
        let s = screen(&mut m, 100, 30);
        assert!(s.contains("Đã nộp, tổng 79 điểm"), "{s}");
    }

    #[test]
    fn a_reminder_is_stored_audited_shown_to_its_member_once_and_dismissible() {
        let dir = tempfile::tempdir().unwrap();
        let (mut m, mut st) = open(&dir, grown(), "GK01");
        press(&mut m, &mut st, "p");
        go_to(&mut m, &mut st, "GK04", "SK01");
        press(&mut m, &mut st, "M");
        assert!(
            matches!(m.overlay, Some(Overlay::Reason(..))),
            "{:?}",
            m.overlay
        );
        update(&mut m, Msg::Paste("Xin chấm SK01 trước thứ Sáu".into()));
        press(&mut m, &mut st, "<enter>");
        assert!(
            status(&m).contains("Reminder left for GK04"),
            "{}",
            status(&m)
        );
        let stored = st.load().unwrap().reminders;
        assert_eq!(stored.len(), 1);
        assert_eq!(stored[0].judge, "GK04");
        assert_eq!(stored[0].by, "GK01");
        // Another member is not shown it.
        let other = Model::new(st.load().unwrap(), Some("GK02".into()), None, Lang::Vi);
        assert!(other.overlay.is_none(), "{:?}", other.overlay);
        // GK04 sees it on opening jury, in their language.
        let mut member = Model::new(st.load().unwrap(), Some("GK04".into()), None, Lang::Vi);
        let s = screen(&mut member, 80, 24);
        assert!(s.contains("Lời nhắc của chủ tịch"), "{s}");
        let flat = s.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(flat.contains("Xin chấm SK01 trước"), "{s}");
        // No keeps it for next time; yes dismisses it.
        press(&mut member, &mut st, "n");
        assert_eq!(st.load().unwrap().reminders.len(), 1);
        let mut member = Model::new(st.load().unwrap(), Some("GK04".into()), None, Lang::Vi);
        assert!(matches!(member.overlay, Some(Overlay::Ask(_))));
        press(&mut member, &mut st, "y");
        assert!(st.load().unwrap().reminders.is_empty());
        let member = Model::new(st.load().unwrap(), Some("GK04".into()), None, Lang::Vi);
        assert!(member.overlay.is_none(), "dismissed for good");
        // Both acts are in the trail, each with the OS login.
        let acts = actions(&mut st);
        let login = jury::identity::current_login();
        let remind = acts.iter().find(|a| a.0 == "remind").expect("audited");
        assert_eq!(
            (remind.1.clone(), remind.2.as_str()),
            (login.clone(), "GK01")
        );
        let dismiss = acts
            .iter()
            .find(|a| a.0 == "remind_dismiss")
            .expect("audited");
        assert_eq!((dismiss.1.clone(), dismiss.2.as_str()), (login, "GK04"));
    }

    #[test]
    fn only_the_chair_reminds_and_a_member_dismisses_only_their_own() {
        use jury::domain::CouncilChange;
        use jury::domain::change::{ChangeError, apply_council};
        let c = grown().contest;
        let at = "2026-11-30T10:00:00Z";
        let gk02 = c.judge("GK02").unwrap().clone();
        let remind = CouncilChange::Remind {
            judge: "GK04".into(),
            text: "SK01".into(),
        };
        assert_eq!(
            apply_council(&c, &gk02, &remind, at).err(),
            Some(ChangeError::ChairOnly)
        );
        let chair = c.judge("GK01").unwrap().clone();
        let mut with = apply_council(&c, &chair, &remind, at).unwrap();
        with.reindex();
        let theirs = CouncilChange::DismissReminders {
            judge: "GK04".into(),
        };
        assert_eq!(
            apply_council(&with, &gk02, &theirs, at).err(),
            Some(ChangeError::ChairOnly),
            "GK02 cannot dismiss GK04's reminder"
        );
        let gk04 = c.judge("GK04").unwrap().clone();
        assert!(
            apply_council(&with, &gk04, &theirs, at)
                .unwrap()
                .reminders
                .is_empty()
        );
        // An empty reminder is refused.
        let empty = CouncilChange::Remind {
            judge: "GK04".into(),
            text: "  ".into(),
        };
        assert!(apply_council(&c, &chair, &empty, at).is_err());
    }

    #[test]
    fn a_member_sees_only_their_own_reminders_from_the_server() {
        use jury::domain::reminder::Reminder;
        use jury::protocol::ContestWire;
        let mut c = grown().contest;
        for j in ["GK02", "GK04"] {
            c.reminders.push(Reminder {
                judge: j.into(),
                text: format!("for {j}"),
                by: "GK01".into(),
                at: "2026-11-30T10:00:00Z".into(),
            });
        }
        let gk04 = c.judge("GK04").unwrap().clone();
        let view = jury::domain::visibility::view_for(&c, &gk04);
        // What the server sends, read back as the client does.
        let wire: ContestWire =
            serde_json::from_str(&serde_json::to_string(&ContestWire::from(&view)).unwrap())
                .unwrap();
        let got: jury::domain::Contest = wire.into();
        let texts: Vec<&str> = got.reminders.iter().map(|r| r.text.as_str()).collect();
        assert_eq!(texts, ["for GK04"]);
        let chair = c.judge("GK01").unwrap().clone();
        assert_eq!(
            jury::domain::visibility::view_for(&c, &chair)
                .reminders
                .len(),
            2
        );
    }
}

mod paste {
    use super::*;

    #[test]
    fn pasting_into_a_reason_keeps_the_prompt_open_with_the_text() {
        let mut m = model("GK02", Lang::En);
        keys(&mut m, "X");
        update(&mut m, Msg::Paste("cùng đơn vị".into()));
        let Some(Overlay::Reason(_, ed)) = &m.overlay else {
            panic!("the prompt stays: {:?}", m.overlay);
        };
        assert_eq!(ed.text(), "cùng đơn vị");
    }
}

/// The real binary in a pseudo-terminal: a reminder left by the chair's `M`
/// greets its member when they next open jury, and `y` dismisses it.
mod e2e {
    use super::common::{imported, run, stdout};
    use super::pty::Screen;

    #[test]
    fn the_chairs_reminder_greets_its_member_who_dismisses_it() {
        let dir = tempfile::tempdir().unwrap();
        let db = imported(&dir);
        let mut chair = Screen::start(&db, &["--judge", "GK01", "--lang", "en"], 100, 30);
        chair.wait_for("Submitted", 10);
        chair.send("p");
        chair.wait_for("slowest on top", 5);
        chair.send("M");
        chair.wait_for("A reminder for", 5);
        let text = chair.text();
        let at = text.find("A reminder for ").unwrap() + "A reminder for ".len();
        let member: String = text[at..].chars().take(4).collect();
        assert!(member.starts_with("GK"), "{text}");
        chair.send("Mark SK04 soon\r");
        chair.wait_for("Reminder left for", 5);
        chair.send("q");
        chair.send("q");
        assert!(
            chair
                .wait_exit(5)
                .expect("the chair's jury quits")
                .success()
        );
        super::common::wait_until_released(&db);

        let mut s = Screen::start(&db, &["--judge", &member, "--lang", "en"], 100, 30);
        s.wait_for_all(&["A reminder from the chair", "Mark SK04 soon"], 10);
        s.send("y");
        s.wait_for("Reminder dismissed", 5);
        s.send("q");
        assert!(s.wait_exit(5).expect("jury quits on q").success());
        super::common::wait_until_released(&db);

        let trail: serde_json::Value =
            serde_json::from_str(&stdout(&run(&db, &["audit", "--format", "json"]))).unwrap();
        let acts: Vec<(String, String)> = trail
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                (
                    r["action"].as_str().unwrap_or("").to_string(),
                    r["judge"].as_str().unwrap_or("").to_string(),
                )
            })
            .collect();
        assert!(acts.contains(&("remind".into(), "GK01".into())), "{acts:?}");
        assert!(
            acts.contains(&("remind_dismiss".into(), member)),
            "{acts:?}"
        );
    }
}

mod owes_list {
    use super::session::*;
    use super::*;

    #[test]
    fn m_in_the_owes_list_reminds_the_member_on_top() {
        let dir = tempfile::tempdir().unwrap();
        let (mut m, mut st) = open(&dir, grown(), "GK01");
        // GK04 and GK05 owe every entry; GK01–GK03 owe nothing.
        press(&mut m, &mut st, "p o j M");
        let Some(Overlay::Reason(..)) = &m.overlay else {
            panic!("M asks for the text: {:?}", m.overlay);
        };
        let s = screen(&mut m, 100, 30);
        assert!(
            s.contains("A reminder for GK05"),
            "the second member owing: {s}"
        );
    }
}
