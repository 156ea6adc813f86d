//! The council's ranking rules, on small contests computed by hand.

use jury::domain::agreement::agreement;
use jury::domain::ranking::{Flag, Method, Ranking, rank};
use jury::domain::robustness::robustness;
use jury::domain::{
    AwardTier, Bilingual, Contest, Criterion, Entry, Judge, Marks, Points, Role, Round, Rubric,
    Sheet, SheetKey, SheetState,
};

/// A contest with criteria `(id, max)`, members J1..Jn and entries E1..Em.
fn contest(criteria: &[(&str, u32)], judges: usize, entries: usize) -> Contest {
    let mut c = Contest::default();
    c.rounds = vec![Round::single()];
    c.rubric = Rubric::new(
        criteria
            .iter()
            .map(|(id, max)| Criterion {
                id: id.to_string(),
                name: Bilingual::new(id, id),
                max: Points::whole(*max),
                step: Points::whole(1),
                min_to_award: Points::ZERO,
                guide: Bilingual::default(),
                bands: vec![],
            })
            .collect(),
    );
    c.judges = (1..=judges)
        .map(|j| Judge {
            id: format!("J{j}"),
            name: format!("J{j}"),
            role: Role::Member,
            user: None,
            unit: None,
            ..Default::default()
        })
        .collect();
    c.entries = (1..=entries)
        .map(|e| Entry {
            id: format!("E{e}"),
            title: format!("E{e}"),
            authors: vec![],
            unit: String::new(),
            field: "tthc".into(),
            summary: String::new(),
            submitted: None,
            ..Default::default()
        })
        .collect();
    c.reindex();
    c
}

/// A sheet of member `j` for entry `e` with `points` in rubric order.
fn sheet(c: &mut Contest, e: usize, j: usize, points: &[u32], state: SheetState) {
    let mut marks = Marks::empty(&c.rubric);
    for (i, p) in points.iter().enumerate() {
        marks.set(i, Some(Points::whole(*p)));
    }
    c.put_sheet(Sheet {
        key: SheetKey::new("main", &format!("E{e}"), &format!("J{j}")),
        marks,
        state,
        reopened: 0,
        version: 1,
    });
}

fn submit(c: &mut Contest, e: usize, j: usize, points: &[u32]) {
    sheet(c, e, j, points, SheetState::Submitted);
}

fn ranks(r: &Ranking) -> Vec<(String, Option<u32>)> {
    r.rows.iter().map(|x| (x.entry.clone(), x.rank)).collect()
}

fn score(r: &Ranking, entry: &str) -> f64 {
    r.row(entry).and_then(|x| x.score).unwrap()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-6
}

#[test]
fn mean_of_submitted_totals_and_drafts_never_count() {
    let mut c = contest(&[("a", 50), ("b", 50)], 3, 1);
    submit(&mut c, 1, 1, &[40, 40]); // 80
    submit(&mut c, 1, 2, &[45, 45]); // 90
    sheet(&mut c, 1, 3, &[0, 0], SheetState::Draft);
    let r = rank(&c, "main", Method::Mean);
    let row = r.row("E1").unwrap();
    assert_eq!(row.sheets, 2);
    assert!(close(row.score.unwrap(), 85.0)); // (80 + 90) / 2
    assert_eq!(row.criteria, vec![Some(42.5), Some(42.5)]);
    assert!(close(row.spread.unwrap(), 10.0));
}

#[test]
fn median_odd_and_even() {
    let mut c = contest(&[("a", 100)], 4, 2);
    for (j, t) in [(1, 60), (2, 90), (3, 70)] {
        submit(&mut c, 1, j, &[t]);
    }
    for (j, t) in [(1, 60), (2, 90), (3, 70), (4, 80)] {
        submit(&mut c, 2, j, &[t]);
    }
    let r = rank(&c, "main", Method::Median);
    assert!(close(score(&r, "E1"), 70.0)); // 60 70 90
    assert!(close(score(&r, "E2"), 75.0)); // (70 + 80) / 2
}

#[test]
fn trimmed_drops_one_highest_and_one_lowest_from_five_sheets_only() {
    let mut c = contest(&[("a", 60), ("b", 60)], 5, 2);
    // E1: five totals 50 60 70 80 100 → (60 + 70 + 80) / 3 = 70; the mean would be 72.
    for (j, (a, b)) in [
        (1, (25, 25)),
        (2, (30, 30)),
        (3, (40, 30)),
        (4, (40, 40)),
        (5, (50, 50)),
    ] {
        submit(&mut c, 1, j, &[a, b]);
    }
    // E2: four sheets, so trimmed is the mean: (50 + 60 + 70 + 100) / 4 = 70.
    for (j, t) in [(1, 25), (2, 30), (3, 35), (4, 50)] {
        submit(&mut c, 2, j, &[t, t]);
    }
    let r = rank(&c, "main", Method::Trimmed);
    assert!(close(score(&r, "E1"), 70.0));
    // Criterion means use the kept sheets (J2, J3, J4): a = (30+40+40)/3, b = (30+30+40)/3.
    let row = r.row("E1").unwrap();
    assert!(
        close(row.criteria[0].unwrap(), 110.0 / 3.0)
            && close(row.criteria[1].unwrap(), 100.0 / 3.0)
    );
    assert!(close(score(&r, "E2"), 70.0));
    assert!(close(score(&rank(&c, "main", Method::Mean), "E1"), 72.0));
}

#[test]
fn zscore_standardises_each_member_and_rescales_to_the_round() {
    let mut c = contest(&[("a", 100)], 3, 3);
    // J1: 80 60 70 (mean 70, sd √(200/3)); J2: 50 50 (sd 0 → z 0); J3: one sheet (z 0).
    submit(&mut c, 1, 1, &[80]);
    submit(&mut c, 2, 1, &[60]);
    submit(&mut c, 3, 1, &[70]);
    submit(&mut c, 1, 2, &[50]);
    submit(&mut c, 2, 2, &[50]);
    submit(&mut c, 3, 3, &[90]);
    // Grand mean 400/6, grand sd √(1333.33/6) = √222.22.
    let (gm, gsd) = (400.0 / 6.0, (4000.0f64 / 18.0).sqrt());
    let z1 = 10.0 / (200.0f64 / 3.0).sqrt();
    let r = rank(&c, "main", Method::Zscore);
    assert!(close(score(&r, "E1"), gm + gsd * (z1 + 0.0) / 2.0)); // ≈ 75.795
    assert!(close(score(&r, "E2"), gm - gsd * z1 / 2.0)); // ≈ 57.538
    assert!(close(score(&r, "E3"), gm)); // z 0 and 0
    assert_eq!(
        ranks(&r),
        vec![
            ("E1".into(), Some(1)),
            ("E3".into(), Some(2)),
            ("E2".into(), Some(3))
        ]
    );
}

#[test]
fn ties_are_broken_by_the_tiebreak_criteria_in_order_then_share_a_rank_with_a_skip() {
    let mut c = contest(&[("a", 50), ("b", 50), ("c", 50)], 1, 6);
    c.rules.tiebreak = vec!["a".into(), "b".into()];
    submit(&mut c, 1, 1, &[40, 30, 10]); // 80
    submit(&mut c, 2, 1, &[45, 30, 5]); // 80, higher a
    submit(&mut c, 3, 1, &[40, 35, 5]); // 80, same a as E1, higher b
    submit(&mut c, 4, 1, &[40, 30, 10]); // 80, the same as E1 in every way
    submit(&mut c, 5, 1, &[50, 40, 0]); // 90
    submit(&mut c, 6, 1, &[30, 30, 10]); // 70
    let r = rank(&c, "main", Method::Mean);
    assert_eq!(
        ranks(&r),
        vec![
            ("E5".into(), Some(1)),
            ("E2".into(), Some(2)),
            ("E3".into(), Some(3)),
            ("E1".into(), Some(4)),
            ("E4".into(), Some(4)),
            ("E6".into(), Some(6)),
        ]
    );
}

#[test]
fn entries_without_a_submitted_sheet_come_last_unranked_in_contest_order() {
    let mut c = contest(&[("a", 100)], 2, 4);
    sheet(&mut c, 1, 1, &[90], SheetState::Draft);
    submit(&mut c, 2, 1, &[50]);
    submit(&mut c, 4, 1, &[60]);
    let r = rank(&c, "main", Method::Mean);
    assert_eq!(
        ranks(&r),
        vec![
            ("E4".into(), Some(1)),
            ("E2".into(), Some(2)),
            ("E1".into(), None),
            ("E3".into(), None)
        ]
    );
    assert!(r.row("E1").unwrap().has(Flag::Unscored));
}

#[test]
fn incomplete_and_disagreement_flags() {
    let mut c = contest(&[("a", 100)], 3, 2);
    c.rules.disagreement_gap = Points::whole(20);
    submit(&mut c, 1, 1, &[60]);
    submit(&mut c, 1, 2, &[80]); // gap 20: disagreement
    submit(&mut c, 1, 3, &[70]);
    submit(&mut c, 2, 1, &[61]);
    submit(&mut c, 2, 2, &[80]); // gap 19; J3 has not submitted
    let r = rank(&c, "main", Method::Mean);
    assert_eq!(r.row("E1").unwrap().flags, vec![Flag::Disagreement]);
    assert_eq!(r.row("E2").unwrap().flags, vec![Flag::Incomplete]);
}

#[test]
fn a_recused_member_is_not_waited_for() {
    let mut c = contest(&[("a", 100)], 2, 1);
    submit(&mut c, 1, 1, &[60]);
    c.conflicts.push(jury::domain::conflict::Conflict {
        judge: "J2".into(),
        entry: "E1".into(),
        reason: "x".into(),
        dismissed: false,
    });
    assert!(
        !rank(&c, "main", Method::Mean)
            .row("E1")
            .unwrap()
            .has(Flag::Incomplete)
    );
}

fn tiers(c: &mut Contest, list: &[(&str, u32, u32)]) {
    c.awards = list
        .iter()
        .map(|(id, count, min)| AwardTier {
            id: id.to_string(),
            name: Bilingual::new(id, id),
            short: None,
            count: *count,
            min_total: Points::whole(*min),
            amount: None,
        })
        .collect();
}

fn awards(r: &Ranking) -> Vec<(String, Option<String>)> {
    r.rows
        .iter()
        .map(|x| (x.entry.clone(), x.award.clone()))
        .collect()
}

#[test]
fn the_award_walk_skips_a_tier_whose_minimum_the_score_misses() {
    let mut c = contest(&[("a", 100)], 1, 4);
    tiers(&mut c, &[("nhat", 1, 85), ("nhi", 2, 75), ("ba", 2, 0)]);
    for (e, t) in [(1, 84), (2, 82), (3, 78), (4, 40)] {
        submit(&mut c, e, 1, &[t]);
    }
    let r = rank(&c, "main", Method::Mean);
    assert_eq!(
        awards(&r),
        vec![
            ("E1".into(), Some("nhi".into())),
            ("E2".into(), Some("nhi".into())),
            ("E3".into(), Some("ba".into())),
            ("E4".into(), Some("ba".into())),
        ],
        "no entry reaches 85: the first prize stays unawarded"
    );
    assert!(
        r.row("E1").unwrap().has(Flag::BelowThreshold),
        "the first prize passed it over"
    );
}

#[test]
fn a_criterion_under_its_minimum_blocks_every_prize() {
    let mut c = contest(&[("a", 50), ("b", 50)], 1, 2);
    c.rubric.criteria[1].min_to_award = Points::whole(20);
    tiers(&mut c, &[("nhat", 1, 0), ("nhi", 1, 0)]);
    submit(&mut c, 1, 1, &[50, 15]); // 65, but b = 15 < 20
    submit(&mut c, 2, 1, &[30, 25]); // 55
    let r = rank(&c, "main", Method::Mean);
    assert_eq!(
        awards(&r),
        vec![("E1".into(), None), ("E2".into(), Some("nhat".into()))]
    );
    assert!(r.row("E1").unwrap().has(Flag::BelowThreshold));
    assert!(!r.row("E2").unwrap().has(Flag::BelowThreshold));
}

#[test]
fn entries_sharing_a_rank_are_never_split_and_are_flagged_when_they_overflow() {
    let mut c = contest(&[("a", 100)], 1, 4);
    tiers(&mut c, &[("nhat", 1, 0), ("nhi", 1, 0), ("ba", 1, 0)]);
    for (e, t) in [(1, 90), (2, 80), (3, 80), (4, 70)] {
        submit(&mut c, e, 1, &[t]);
    }
    let r = rank(&c, "main", Method::Mean);
    assert_eq!(
        awards(&r),
        vec![
            ("E1".into(), Some("nhat".into())),
            ("E2".into(), Some("nhi".into())),
            ("E3".into(), Some("nhi".into())),
            ("E4".into(), Some("ba".into())),
        ]
    );
    assert!(r.row("E2").unwrap().has(Flag::QuotaTie) && r.row("E3").unwrap().has(Flag::QuotaTie));
    assert!(!r.row("E4").unwrap().has(Flag::QuotaTie));
}

#[test]
fn kendalls_w_is_one_for_perfect_agreement() {
    let mut c = contest(&[("a", 100)], 3, 4);
    for j in 1..=3 {
        for (e, t) in [(1, 90), (2, 80), (3, 70), (4, 60)] {
            submit(&mut c, e, j, &[t + j as u32]);
        }
    }
    let a = agreement(&c, "main");
    assert!(close(a.kendall_w.unwrap(), 1.0));
    assert_eq!(a.common_entries, 4);
}

#[test]
fn kendalls_w_with_ties_and_each_members_leniency() {
    // J1: E1 90, E2 80, E3 80 → ranks 3, 1.5, 1.5 (ties: 2³ − 2 = 6)
    // J2: E1 70, E2 90, E3 60 → ranks 2, 3, 1
    // R = 5, 4.5, 2.5; mean 4; S = 1 + 0.25 + 2.25 = 3.5
    // W = 12 × 3.5 / (2² × (3³ − 3) − 2 × 6) = 42 / 84 = 0.5
    let mut c = contest(&[("a", 100)], 2, 3);
    for (e, j1, j2) in [(1, 90, 70), (2, 80, 90), (3, 80, 60)] {
        submit(&mut c, e, 1, &[j1]);
        submit(&mut c, e, 2, &[j2]);
    }
    let a = agreement(&c, "main");
    assert!(close(a.kendall_w.unwrap(), 0.5), "{:?}", a.kendall_w);
    // Entry means 80, 85, 70: J1 is +10, −5, +10 → +5; J2 the opposite.
    let j1 = &a.judges[0];
    assert_eq!(j1.judge, "J1");
    assert!(close(j1.leniency, 5.0) && close(a.judges[1].leniency, -5.0));
    assert!(close(j1.mean, 250.0 / 3.0));
    assert!(close(j1.sd, (200.0f64 / 9.0).sqrt())); // deviations 6.67, −3.33, −3.33
}

#[test]
fn kendalls_w_says_why_when_it_cannot_be_computed() {
    let mut c = contest(&[("a", 100)], 2, 2);
    submit(&mut c, 1, 1, &[50]);
    submit(&mut c, 2, 2, &[60]);
    let a = agreement(&c, "main");
    assert_eq!(a.kendall_w, None);
    assert_eq!(
        a.w_undefined,
        Some(jury::domain::agreement::NoW::FewCommonEntries)
    );
}

#[test]
fn leaving_one_member_out_gives_each_entrys_rank_range_and_names_the_member_who_matters() {
    // E1: 90 80 90 → 86.67; E2: 80 90 70 → 80. Without J3: 85 and 85, a shared first place.
    let mut c = contest(&[("a", 100)], 3, 2);
    tiers(&mut c, &[("nhat", 1, 0)]);
    for (j, e1, e2) in [(1, 90, 80), (2, 80, 90), (3, 90, 70)] {
        submit(&mut c, 1, j, &[e1]);
        submit(&mut c, 2, j, &[e2]);
    }
    let r = robustness(&c, "main", Method::Mean);
    let row = |e: &str| r.rows.iter().find(|x| x.entry == e).unwrap().clone();
    assert_eq!(row("E1").range, Some((1, 1)));
    assert_eq!(row("E2").range, Some((1, 2)));
    assert!(r.one_judge_matters());
    let (judge, changes) = r
        .without_judge
        .iter()
        .find(|(_, ch)| !ch.is_empty())
        .unwrap();
    assert_eq!(judge, "J3");
    assert_eq!(changes[0].entry, "E2");
    assert_eq!(changes[0].other.as_deref(), Some("nhat"));
    // The median agrees with the mean here: E1 90, E2 80.
    assert!(!r.method_matters());
    assert_eq!(row("E1").by_method, [Some(1); 4]);
}
