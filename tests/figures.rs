//! The chair's figures, computed together and sharing work, against the
//! straightforward computations they stand for, on seeded synthetic contests.

#[path = "common/synth.rs"]
mod synth;

use jury::domain::Contest;
use jury::domain::Points;
use jury::domain::ranking::{Method, Ranking, rank};
use jury::domain::robustness::Figures;
use synth::Scale;

/// A contest whose member order is not id order (so ties between members are
/// broken by id, not by position), with a criterion minimum for prizes.
fn contest(scale: Scale, seed: u64) -> Contest {
    let mut c = synth::contest(scale, seed);
    c.judges.reverse();
    c.rubric.criteria[2].min_to_award = Points::whole(12);
    c
}

const SCALES: [Scale; 2] = [
    Scale {
        name: "all mark all",
        entries: 240,
        judges: 9,
        per_entry: None,
    },
    Scale {
        name: "assigned",
        entries: 300,
        judges: 11,
        per_entry: Some(6),
    },
];

fn award(r: &Ranking, entry: &str) -> Option<String> {
    r.row(entry).and_then(|row| row.award.clone())
}

#[test]
fn figures_match_each_ranking_and_a_naive_leave_one_out() {
    for (scale, seed) in SCALES.into_iter().zip([7, 11]) {
        let c = contest(scale, seed);
        let rankings: Vec<Ranking> = Method::ALL.iter().map(|&m| rank(&c, "main", m)).collect();
        for (i, &method) in Method::ALL.iter().enumerate() {
            let f = Figures::compute(&c, "main", method);
            assert_eq!(f.ranking, rankings[i], "{} {method}", scale.name);
            let chosen = &rankings[i];
            for row in &f.robustness.rows {
                for (m, r) in rankings.iter().enumerate() {
                    let expected = r.row(&row.entry).and_then(|x| x.rank);
                    assert_eq!(row.by_method[m], expected, "{} {}", scale.name, row.entry);
                }
            }
            // Leave each member out by removing their sheets and ranking again.
            let mut ranks: Vec<Vec<Option<u32>>> =
                vec![chosen.rows.iter().map(|r| r.rank).collect()];
            for (judge, changes) in &f.robustness.without_judge {
                let mut less = c.clone();
                less.sheets.retain(|k, _| *k.judge != **judge);
                let without = rank(&less, "main", method);
                let expected: Vec<&str> = chosen
                    .rows
                    .iter()
                    .filter(|r| award(chosen, &r.entry) != award(&without, &r.entry))
                    .map(|r| r.entry.as_str())
                    .collect();
                let got: Vec<&str> = changes.iter().map(|x| x.entry.as_str()).collect();
                assert_eq!(got, expected, "{} {method} without {judge}", scale.name);
                ranks.push(
                    chosen
                        .rows
                        .iter()
                        .map(|r| without.row(&r.entry).and_then(|x| x.rank))
                        .collect(),
                );
            }
            for (at, row) in f.robustness.rows.iter().enumerate() {
                let present: Vec<u32> = ranks.iter().filter_map(|r| r[at]).collect();
                let expected = present.iter().min().zip(present.iter().max());
                assert_eq!(
                    row.range,
                    expected.map(|(a, b)| (*a, *b)),
                    "{} {method} {}",
                    scale.name,
                    row.entry
                );
            }
        }
    }
}

#[test]
fn trimmed_drops_the_lowest_and_highest_by_total_then_member_id() {
    for (scale, seed) in SCALES.into_iter().zip([3, 5]) {
        let c = contest(scale, seed);
        let ranking = rank(&c, "main", Method::Trimmed);
        for row in ranking.rows.iter().filter(|r| r.sheets >= 5) {
            let mut sheets: Vec<_> = c
                .sheets_of_entry("main", &row.entry)
                .filter(|s| s.is_submitted())
                .collect();
            sheets.sort_by(|a, b| (a.total(), &*a.key.judge).cmp(&(b.total(), &*b.key.judge)));
            let middle = &sheets[1..sheets.len() - 1];
            let n = middle.len() as f64;
            let mean = |points: &dyn Fn(&jury::domain::Sheet) -> u32| {
                middle.iter().map(|s| u64::from(points(s))).sum::<u64>() as f64 / n / 100.0
            };
            assert_eq!(row.score, Some(mean(&|s| s.total().hundredths())));
            for (i, got) in row.criteria.iter().enumerate() {
                let expected = mean(&|s| s.marks.get(i).map_or(0, |p| p.hundredths()));
                assert_eq!(*got, Some(expected), "{} criterion {i}", row.entry);
            }
        }
    }
}

#[test]
fn the_chairs_figures_after_sheets_arrive_are_the_figures_computed_afresh() {
    use jury::app::{Model, Msg, update};
    use jury::domain::change::Record;
    use jury::domain::{Lang, SheetState};
    use jury::input::key::Key;
    use jury::store::Update;
    for (scale, seed) in SCALES.into_iter().zip([3, 5]) {
        let c = contest(scale, seed);
        let chair = c.judges.iter().find(|j| j.is_chair()).map(|j| j.id.clone());
        let mut m = Model::new(c, chair, None, Lang::En);
        for k in ["r", "m"] {
            update(&mut m, Msg::Key(Key::parse(k).expect("a key")));
        }
        assert!(
            m.chair.ranking.is_some(),
            "{}: the rankings are open",
            scale.name
        );
        // Sheets saved elsewhere, one after another: points changed, a
        // submission taken back, a draft submitted, a sheet for a new entry.
        let keys: Vec<_> = m.contest.sheets.keys().cloned().collect();
        for (n, at) in [5, 17, 17, 40, 41, 120, 3].into_iter().enumerate() {
            let mut sheet = m.contest.sheets[&keys[at % keys.len()]].clone();
            match n % 3 {
                0 => sheet.marks.set(n % 4, Some(Points::whole(3 + n as u32))),
                1 => {
                    sheet.state = match sheet.state {
                        SheetState::Draft => SheetState::Submitted,
                        SheetState::Submitted => SheetState::Draft,
                    }
                }
                _ => sheet.marks.set(0, None),
            }
            sheet.version += 1;
            update(&mut m, Msg::Remote(Update::Record(Record::Sheet(sheet))));
            let fresh = Figures::compute(&m.contest, "main", m.chair.method);
            let what = format!("{} after change {n}", scale.name);
            assert_eq!(m.chair.ranking.as_ref(), Some(&fresh.ranking), "{what}");
            assert_eq!(m.chair.agreement.as_ref(), Some(&fresh.agreement), "{what}");
            assert_eq!(
                m.chair.robustness.as_ref(),
                Some(&fresh.robustness),
                "{what}"
            );
        }
    }
}
