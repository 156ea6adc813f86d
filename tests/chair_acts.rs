//! What the chair's keys do and what the chair's screens let them read:
//! keys that reach every chair screen, a Progress grid that can be read
//! and scrolled, and acts that ask first.

mod common;

use jury::app::{Model, Msg, Screen, update};
use jury::contest_file;
use jury::domain::Lang;
use jury::input::key::Key;

const SCORED: &str = include_str!("fixtures/scored-contest.json");

fn model(judge: &str, lang: Lang) -> Model {
    let c = contest_file::read_bytes("scored.json", SCORED.as_bytes()).unwrap();
    Model::new(c, Some(judge.into()), None, lang)
}

/// The scored demo grown to `entries` entries and `members` members, the
/// new ones unscored.
fn big_model(entries: usize, members: usize) -> Model {
    let mut v: serde_json::Value = serde_json::from_str(SCORED).unwrap();
    let first = v["entries"][0].clone();
    let list = v["entries"].as_array_mut().unwrap();
    for n in list.len() + 1..=entries {
        let mut e = first.clone();
        e["id"] = format!("SK{n:02}").into();
        e["title"] = format!("Sáng kiến số {n}").into();
        list.push(e);
    }
    let judge = v["judges"][1].clone();
    let judges = v["judges"].as_array_mut().unwrap();
    for n in judges.len() + 1..=members {
        let mut j = judge.clone();
        j["id"] = format!("GK{n:02}").into();
        j["name"] = format!("Thành viên {n}").into();
        j["user"] = format!("tv{n}").into();
        judges.push(j);
    }
    let text = serde_json::to_string(&v).unwrap();
    let c = contest_file::read_bytes("big.json", text.as_bytes()).unwrap();
    Model::new(c, Some("GK01".into()), None, Lang::En)
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

mod navigation {
    use super::*;

    #[test]
    fn the_chairs_screen_keys_work_from_every_chair_screen() {
        let to = [
            ("r", Screen::Rankings),
            ("p", Screen::Progress),
            ("w", Screen::Agreement),
            ("C", Screen::Conflicts),
            ("T", Screen::Audit),
        ];
        // From each chair screen (and the breakdown), each key opens its screen.
        for (from_key, _) in to {
            for from_breakdown in [false, true] {
                for (key, want) in to {
                    let mut m = model("GK01", Lang::En);
                    keys(&mut m, from_key);
                    if from_breakdown {
                        keys(&mut m, "r <enter>");
                        assert_eq!(m.screen, Screen::Breakdown);
                    }
                    keys(&mut m, key);
                    assert_eq!(m.screen, want, "{key} from {from_key} ({from_breakdown})");
                }
            }
        }
    }
}

mod progress {
    use super::*;

    #[test]
    fn entry_ids_head_the_columns_at_both_sizes() {
        for (w, h) in [(80, 24), (120, 40)] {
            let mut m = big_model(60, 5);
            keys(&mut m, "p");
            let s = screen(&mut m, w, h);
            let lines: Vec<&str> = s.lines().collect();
            let ids = lines.iter().position(|l| l.contains("SK01")).unwrap();
            // The first id sits over the first column of marks.
            let gk01 = lines.iter().find(|l| l.contains("GK01")).unwrap();
            let col = |l: &str, needle: &str| {
                l.find(needle)
                    .map(|b| unicode_width::UnicodeWidthStr::width(&l[..b]))
            };
            let first_mark = gk01
                .char_indices()
                .skip(30)
                .find(|(_, c)| "✓○·⊘".contains(*c))
                .map(|(b, _)| unicode_width::UnicodeWidthStr::width(&gk01[..b]))
                .unwrap();
            assert_eq!(col(lines[ids], "SK01"), Some(first_mark), "{s}");
            assert!(
                lines[ids].contains("SK06") && lines[ids].contains("SK11"),
                "{s}"
            );
            // The ruler under the ids does not use a cell symbol.
            assert!(!lines[ids + 1].contains('·'), "{s}");
            assert!(lines[ids + 1].contains('╷'), "{s}");
        }
    }

    #[test]
    fn scrolling_right_stops_with_the_last_entry_in_sight() {
        let mut m = big_model(60, 5);
        keys(&mut m, "p");
        screen(&mut m, 80, 24);
        for _ in 0..30 {
            keys(&mut m, "l");
        }
        let s = screen(&mut m, 80, 24);
        let gk01 = s.lines().find(|l| l.contains("GK01")).unwrap();
        let marks = gk01.chars().filter(|c| "✓○·⊘".contains(*c)).count();
        assert!(marks > 40, "the grid stays full at the right edge: {s}");
        assert!(s.contains("of 60"), "{s}");
        assert!(s.contains("–60 of 60"), "the last entry is in sight: {s}");
        keys(&mut m, "h");
        let back = screen(&mut m, 80, 24);
        assert!(
            !back.contains("–60 of 60"),
            "one step back leaves the edge: {back}"
        );
    }

    #[test]
    fn scrolling_down_never_blanks_the_members() {
        let mut m = big_model(10, 5);
        keys(&mut m, "p");
        for _ in 0..10 {
            keys(&mut m, "j");
        }
        let s = screen(&mut m, 80, 24);
        for j in ["GK01", "GK02", "GK03", "GK04", "GK05"] {
            assert!(s.contains(j), "all five members fit and stay: {s}");
        }
        assert!(s.contains("members 1–5 of 5"), "{s}");
    }

    #[test]
    fn a_tall_council_scrolls_to_its_last_member_and_no_further() {
        let mut m = big_model(10, 30);
        keys(&mut m, "p");
        screen(&mut m, 80, 24);
        for _ in 0..100 {
            keys(&mut m, "j");
        }
        let s = screen(&mut m, 80, 24);
        assert!(s.contains("–30 of 30"), "{s}");
        let members = s.lines().filter(|l| l.contains(" GK")).count();
        assert_eq!(members, 24 - 9, "the grid is full at the bottom: {s}");
    }
}

mod owes {
    use super::*;

    #[test]
    fn o_lists_who_still_owes_what_by_member() {
        let mut m = big_model(10, 5);
        keys(&mut m, "p o");
        assert!(m.chair.owes);
        let s = screen(&mut m, 80, 24);
        // GK01 submitted SK01–SK04 and owes the six new entries.
        let gk01 = s.find("GK01 Nguyễn Thị Lan (6)").expect(&s);
        let gk04 = s.find("GK04 Thành viên 4 (10)").expect(&s);
        assert!(gk01 < gk04, "by member: {s}");
        assert!(s.contains("SK05, SK06, SK07, SK08, SK09, SK10"), "{s}");
        keys(&mut m, "o");
        let s = screen(&mut m, 80, 24);
        assert!(s.contains("Entries 1–10 of 10"), "back to the grid: {s}");
    }

    #[test]
    fn a_council_that_owes_nothing_says_so() {
        let mut m = model("GK01", Lang::Vi);
        keys(&mut m, "p o");
        let s = screen(&mut m, 120, 40);
        assert!(s.contains("Mọi thành viên đã nộp đủ phiếu"), "{s}");
    }
}

mod leniency {
    use super::*;

    #[test]
    fn bars_use_a_fixed_scale_labelled_in_points() {
        for (w, h, lang, unit) in [
            (80, 24, Lang::En, "█ = 1 pt"),
            (120, 40, Lang::Vi, "█ = 1 điểm"),
        ] {
            let mut m = model("GK01", lang);
            keys(&mut m, "w");
            let s = screen(&mut m, w, h);
            // GK03 is 3.25 points harsher than the others: three cells of
            // one point, not the whole half-bar.
            let gk03 = s.lines().find(|l| l.contains("GK03")).unwrap();
            assert_eq!(gk03.matches('█').count(), 3, "{s}");
            assert!(
                s.contains("-10") && s.contains("+10") && s.contains(unit),
                "{s}"
            );
        }
    }
}

/// The chair's acts against a real store, keys through `dispatch`.
mod acts {
    use super::*;
    use jury::app::Overlay;
    use jury::domain::CouncilChange;
    use jury::run::dispatch;
    use jury::store::{Local, Storage, Store};

    fn session(dir: &tempfile::TempDir, m: Model) -> (Model, Local) {
        let store = Store::open(&dir.path().join("db")).unwrap();
        store.replace_contest(&m.contest).unwrap();
        let contest = store.load().unwrap();
        let storage = Local::new(store, contest.definition());
        let model = Model::new(contest, Some("GK01".into()), Some("lannt".into()), m.lang);
        (model, storage)
    }

    fn press(m: &mut Model, storage: &mut Local, keys: &str) {
        for k in Key::parse_seq(keys).unwrap() {
            dispatch(storage, m, Msg::Key(k));
        }
    }

    fn status(m: &Model) -> String {
        m.status
            .as_ref()
            .map(|s| s.text.clone())
            .unwrap_or_default()
    }

    #[test]
    fn confirming_a_conflict_asks_first_and_says_what_it_did() {
        let dir = tempfile::tempdir().unwrap();
        let (mut m, mut st) = session(&dir, model("GK01", Lang::En));
        // GK01 and SK02 share a unit: a proposed conflict.
        press(&mut m, &mut st, "C c");
        let Some(Overlay::ConfirmCouncil { question, .. }) = &m.overlay else {
            panic!("c asks first: {:?}", m.overlay);
        };
        assert!(
            question.contains("GK01") && question.contains("SK02"),
            "{question}"
        );
        assert!(
            question.contains("submitted sheet") && question.contains("no longer count"),
            "it says the sheet will stop counting: {question}"
        );
        let s = screen(&mut m, 80, 24);
        assert!(s.contains("Confirm"), "{s}");
        assert!(
            !st.load().unwrap().is_recused("GK01", "SK02"),
            "nothing yet"
        );
        // No: nothing changes.
        press(&mut m, &mut st, "n");
        assert!(m.overlay.is_none());
        assert!(!st.load().unwrap().is_recused("GK01", "SK02"));
        // Yes: recused, and told so.
        press(&mut m, &mut st, "c y");
        assert!(st.load().unwrap().is_recused("GK01", "SK02"));
        assert!(
            status(&m).contains("GK01 does not mark SK02"),
            "{}",
            status(&m)
        );
    }

    #[test]
    fn dismissing_a_conflict_asks_first() {
        let dir = tempfile::tempdir().unwrap();
        let (mut m, mut st) = session(&dir, model("GK01", Lang::Vi));
        press(&mut m, &mut st, "C d");
        let Some(Overlay::ConfirmCouncil { question, .. }) = &m.overlay else {
            panic!("d asks first: {:?}", m.overlay);
        };
        assert!(question.contains("Bác đề xuất"), "{question}");
        press(&mut m, &mut st, "y");
        assert!(status(&m).contains("vẫn chấm SK02"), "{}", status(&m));
    }

    #[test]
    fn one_more_marker_is_refused_when_everyone_already_marked_the_entry() {
        let dir = tempfile::tempdir().unwrap();
        let (mut m, mut st) = session(&dir, model("GK01", Lang::En));
        let round = m.round.clone();
        st.council(
            "GK01",
            &CouncilChange::Assign {
                round,
                per_entry: 2,
                force: false,
            },
        )
        .unwrap();
        m.contest = st.load().unwrap();
        // Every member has a sheet for every entry: no one is a new pair of eyes.
        press(&mut m, &mut st, "r +");
        assert!(m.overlay.is_none());
        assert!(status(&m).contains("No member is free"), "{}", status(&m));
    }

    #[test]
    fn one_more_marker_is_chosen_from_the_free_members_with_their_load() {
        let dir = tempfile::tempdir().unwrap();
        let (mut m, mut st) = session(&dir, big_model(10, 5));
        let round = m.round.clone();
        st.council(
            "GK01",
            &CouncilChange::Assign {
                round: round.clone(),
                per_entry: 2,
                force: false,
            },
        )
        .unwrap();
        m.contest = st.load().unwrap();
        // Sorted by id, the last row is SK10, which nobody has marked yet.
        press(&mut m, &mut st, "r o o G +");
        let Some(Overlay::ChooseMarker {
            entry, candidates, ..
        }) = m.overlay.clone()
        else {
            panic!("+ offers a choice: {:?}", m.overlay);
        };
        assert_eq!(entry, "SK10");
        let assigned = m.contest.assignments.clone();
        assert!(candidates.len() >= 2, "{candidates:?}");
        for (j, _) in &candidates {
            assert!(
                !assigned.contains(&round, "SK10", j),
                "{j} marks it already"
            );
        }
        let s = screen(&mut m, 80, 24);
        assert!(s.contains("One more marker for SK10"), "{s}");
        assert!(s.contains(&candidates[1].0) && s.contains("marking"), "{s}");
        press(&mut m, &mut st, "j <enter>");
        let chosen = &candidates[1].0;
        assert!(
            st.load()
                .unwrap()
                .assignments
                .contains(&round, "SK10", chosen),
            "the chosen member, not the first"
        );
        assert!(
            status(&m).contains(&format!("{chosen} now marks SK10")),
            "{}",
            status(&m)
        );
    }

    #[test]
    fn sharing_out_asks_first_and_warns_about_open_sheets() {
        let dir = tempfile::tempdir().unwrap();
        let (mut m, mut st) = session(&dir, big_model(10, 5));
        press(&mut m, &mut st, "r A 2 <enter>");
        let Some(Overlay::ConfirmCouncil { question, .. }) = &m.overlay else {
            panic!("A asks first: {:?}", m.overlay);
        };
        assert!(question.contains("sheets not submitted"), "{question}");
        let round = m.round.clone();
        assert!(
            !st.load().unwrap().assignments.has_round(&round),
            "nothing yet"
        );
        press(&mut m, &mut st, "y");
        assert!(st.load().unwrap().assignments.has_round(&round));
        assert!(status(&m).contains("2 members per entry"), "{}", status(&m));
    }

    #[test]
    fn a_confirmed_conflict_can_be_taken_back_as_a_new_audited_change() {
        let dir = tempfile::tempdir().unwrap();
        let (mut m, mut st) = session(&dir, model("GK01", Lang::En));
        press(&mut m, &mut st, "r");
        let counted = |m: &Model| {
            m.chair
                .ranking
                .as_ref()
                .unwrap()
                .rows
                .iter()
                .find(|r| r.entry == "SK02")
                .unwrap()
                .score
        };
        let before = counted(&m);
        press(&mut m, &mut st, "C c y");
        assert!(st.load().unwrap().is_recused("GK01", "SK02"));
        let at = jury::app::chair::conflict_rows(&m)
            .iter()
            .position(|r| r.kind == jury::app::chair::ConflictKind::Recused)
            .unwrap();
        m.chair.conflicts_selected = at;
        press(&mut m, &mut st, "u");
        let Some(Overlay::ConfirmCouncil { question, .. }) = &m.overlay else {
            panic!("u asks first: {:?}", m.overlay);
        };
        assert!(question.contains("Take back the recusal"), "{question}");
        assert!(st.load().unwrap().is_recused("GK01", "SK02"), "nothing yet");
        press(&mut m, &mut st, "y");
        assert!(!st.load().unwrap().is_recused("GK01", "SK02"));
        press(&mut m, &mut st, "r");
        assert_eq!(counted(&m), before, "the sheet counts again");
        let (trail, _) = st.audit().unwrap();
        let last = trail.last().unwrap();
        assert_eq!(last.subject.as_deref(), Some("GK01"));
        assert!(
            last.reason
                .as_deref()
                .is_some_and(|r| r.contains("took back")),
            "{last:?}"
        );
        assert!(trail.len() >= 2, "the recusal stays in the trail");
    }

    #[test]
    fn publishing_names_the_flags_still_showing() {
        let dir = tempfile::tempdir().unwrap();
        for from in ["r P", "P"] {
            let (mut m, mut st) = session(&dir, model("GK01", Lang::En));
            press(&mut m, &mut st, from);
            assert!(matches!(m.overlay, Some(Overlay::ConfirmPublish(true))));
            let s = screen(&mut m, 120, 40);
            assert!(
                s.contains("incomplete and 1 show a"),
                "SK04's disagreement is named ({from}): {s}"
            );
        }
    }

    #[test]
    fn the_audit_detail_shows_the_whole_record() {
        let dir = tempfile::tempdir().unwrap();
        let (mut m, mut st) = session(&dir, model("GK01", Lang::En));
        press(&mut m, &mut st, "C c y T");
        let s = screen(&mut m, 80, 24);
        assert!(s.contains("recusal"), "{s}");
        press(&mut m, &mut st, "<enter>");
        assert!(matches!(m.overlay, Some(Overlay::AuditDetail { .. })));
        for (w, h) in [(80, 24), (120, 40)] {
            let s = screen(&mut m, w, h);
            assert!(s.contains("Who: GK01"), "{s}");
            assert!(s.contains("About member: GK01"), "who was recused: {s}");
            assert!(s.contains("Round / entry:") && s.contains("SK02"), "{s}");
            assert!(
                s.contains("Reason: same unit: UBND xã Tân Phú"),
                "the reason, even at 80 columns: {s}"
            );
            assert!(s.contains("Before:") && s.contains("After:"), "{s}");
            // The OS login of the process that acted, beside the member.
            let login = jury::identity::current_login().unwrap_or_else(|| "–".into());
            assert!(s.contains(&format!("Login: {login}")), "{s}");
        }
        press(&mut m, &mut st, "<esc>");
        assert!(m.overlay.is_none());
        assert_eq!(m.screen, Screen::Audit);
    }
}

mod short_names {
    use super::*;

    fn with_short(short: Option<serde_json::Value>, lang: Lang) -> Model {
        let mut v: serde_json::Value = serde_json::from_str(SCORED).unwrap();
        if let Some(short) = short {
            v["awards"][2]["short"] = short;
        }
        let text = serde_json::to_string(&v).unwrap();
        let c = contest_file::read_bytes("short.json", text.as_bytes()).unwrap();
        Model::new(c, Some("GK01".into()), None, lang)
    }

    #[test]
    fn a_prize_uses_its_short_name_when_the_column_is_too_narrow() {
        let short = serde_json::json!({"vi": "KK", "en": "Consol."});
        let mut m = with_short(Some(short.clone()), Lang::En);
        keys(&mut m, "r");
        for (w, h) in [(80, 24), (200, 60)] {
            let s = screen(&mut m, w, h);
            assert!(s.contains("Consol."), "{s}");
            assert!(!s.contains("Consolation p…"), "never cut: {s}");
            assert!(
                s.contains("First prize"),
                "a name that fits stays whole: {s}"
            );
        }
        let mut m = with_short(Some(short), Lang::Vi);
        keys(&mut m, "r");
        let s = screen(&mut m, 120, 40);
        assert!(s.contains(" KK "), "{s}");
    }

    #[test]
    fn a_contest_file_without_short_names_stays_valid() {
        let mut m = with_short(None, Lang::En);
        keys(&mut m, "r");
        let s = screen(&mut m, 120, 40);
        assert!(s.contains("First prize"), "{s}");
    }
}

mod round_advance {
    use super::common::{imported, run, stderr, stdout};

    #[test]
    fn closing_a_round_with_sheets_open_is_refused_without_force() {
        let dir = tempfile::tempdir().unwrap();
        let db = imported(&dir);
        let out = run(&db, &["--lang", "en", "round", "advance", "--top", "1"]);
        assert!(!out.status.success());
        let err = stderr(&out);
        assert!(
            err.contains("sheets not submitted") && err.contains("--force"),
            "{err}"
        );
        let rounds = stdout(&run(&db, &["round"]));
        assert!(!rounds.contains("closed"), "nothing closed: {rounds}");
        let out = run(&db, &["round", "advance", "--top", "1", "--force"]);
        assert!(out.status.success(), "{}", stderr(&out));
        let rounds = stdout(&run(&db, &["round"]));
        assert!(rounds.contains("closed"), "{rounds}");
    }
}

mod nothing_cut {
    use super::*;

    #[test]
    fn the_robustness_verdict_wraps_instead_of_being_cut() {
        for lang in [Lang::Vi, Lang::En] {
            for (w, h) in [(80, 24), (120, 40)] {
                let mut m = model("GK01", lang);
                keys(&mut m, "r");
                let s = screen(&mut m, w, h);
                let flat = s.split_whitespace().collect::<Vec<_>>().join(" ");
                assert!(
                    flat.contains("(GK03: SK03, SK01)."),
                    "the whole verdict at {w}×{h}: {s}"
                );
                keys(&mut m, "w");
                let s = screen(&mut m, w, h);
                let flat = s.split_whitespace().collect::<Vec<_>>().join(" ");
                assert!(flat.contains("(GK03: SK03, SK01)."), "{s}");
                let last = m
                    .chair
                    .robustness
                    .as_ref()
                    .unwrap()
                    .rows
                    .iter()
                    .rfind(|x| x.range.is_some_and(|(a, b)| a != b))
                    .map(|x| x.entry.to_string());
                if let Some(e) = last {
                    assert!(flat.contains(&e), "every moving entry is listed: {s}");
                }
            }
        }
    }
}

mod explained {
    use super::*;

    /// Every line the help shows, scrolling through it.
    fn whole_help(m: &mut Model, w: u16, h: u16) -> String {
        let mut all = String::new();
        for _ in 0..60 {
            all.push_str(&screen(m, w, h));
            keys(m, "j");
        }
        all.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    #[test]
    fn help_on_the_rankings_explains_flags_w_robustness_and_counts() {
        for (lang, needles) in [
            (
                Lang::En,
                [
                    "disagreement: the highest and lowest totals",
                    "x/y: x sheets submitted",
                    "W (Kendall)",
                    "Robustness: whether the prizes change",
                ],
            ),
            (
                Lang::Vi,
                [
                    "lệch điểm: tổng điểm cao nhất",
                    "x/y: x phiếu đã nộp",
                    "W (Kendall)",
                    "Độ ổn định của kết quả: giải có đổi không",
                ],
            ),
        ] {
            let mut m = model("GK01", lang);
            keys(&mut m, "r ?");
            let all = whole_help(&mut m, 80, 24);
            for n in needles {
                assert!(all.contains(n), "{n}: {all}");
            }
        }
    }
}

mod narrow_rankings {
    use super::*;

    /// At 80×24 each title keeps at least 20 columns, so the chair can
    /// tell entries apart; the flags are what gets cut.
    #[test]
    fn titles_keep_twenty_columns_at_80_by_24() {
        for lang in [Lang::Vi, Lang::En] {
            let mut m = model("GK01", lang);
            keys(&mut m, "r");
            let s = screen(&mut m, 80, 24);
            for e in &m.contest.entries {
                // The first 19 letters, then the title or its "…".
                let head: String = e.title.chars().take(19).collect();
                assert!(s.contains(&head), "{lang:?} {}: {s}", e.title);
            }
            for line in s.lines() {
                assert!(line.chars().count() <= 80, "{line}");
            }
        }
    }
}
