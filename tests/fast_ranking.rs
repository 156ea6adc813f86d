//! The ranking read straight from the stored marks (`jury rank` on a local
//! database), and the ranking brought up to date after a few sheets change
//! (the chair's screens), must be exactly the ranking of the whole contest
//! computed afresh: the same tally, the same rows, under every method.

#[path = "common/synth.rs"]
mod synth;

use jury::domain::conflict::Conflict;
use jury::domain::entry::Status;
use jury::domain::ranking::{Method, rank, rank_from, rerank};
use jury::domain::tally::Tally;
use jury::domain::{Bilingual, Contest, Marks, Role, Round, Sheet, SheetKey, SheetState};
use jury::store::Store;
use proptest::prelude::*;

/// What a random contest varies beyond synth's seed.
#[derive(Debug, Clone)]
struct Shape {
    entries: usize,
    judges: usize,
    per_entry: Option<usize>,
    seed: u64,
    /// (member, entry) pairs to recuse; dismissed when the flag is set.
    conflicts: Vec<(usize, usize, bool)>,
    secretary: Option<usize>,
    /// Entries to reject or leave pending.
    screened: Vec<(usize, bool)>,
    /// Sheets turned back to drafts, and criteria left empty.
    drafts: Vec<usize>,
    gaps: Vec<(usize, usize)>,
    /// A second round over some entries, with sheets of its own.
    final_round: Option<Vec<usize>>,
    /// Sheets of members the sharing-out did not name (submitted or not):
    /// they keep their member expected.
    strays: Vec<(usize, usize, bool)>,
}

fn shape() -> impl Strategy<Value = Shape> {
    (
        1usize..25,
        2usize..9,
        prop::option::of(1usize..4),
        any::<u64>(),
    )
        .prop_flat_map(|(entries, judges, per_entry, seed)| {
            (
                prop::collection::vec((0..judges, 0..entries, any::<bool>()), 0..6),
                prop::option::of(0..judges),
                prop::collection::vec((0..entries, any::<bool>()), 0..3),
                prop::collection::vec(0usize..400, 0..10),
                prop::collection::vec((0usize..400, 0usize..4), 0..10),
                prop::option::of(prop::collection::vec(0..entries, 1..6)),
                prop::collection::vec((0..judges, 0..entries, any::<bool>()), 0..4),
            )
                .prop_map(
                    move |(conflicts, secretary, screened, drafts, gaps, final_round, strays)| {
                        Shape {
                            entries,
                            judges,
                            per_entry: per_entry.map(|k| k.min(judges)),
                            seed,
                            conflicts,
                            secretary,
                            screened,
                            drafts,
                            gaps,
                            final_round,
                            strays,
                        }
                    },
                )
        })
}

fn contest(s: &Shape) -> Contest {
    let scale = synth::Scale {
        name: "random",
        entries: s.entries,
        judges: s.judges,
        per_entry: s.per_entry,
    };
    let mut c = synth::contest(scale, s.seed);
    let entries: Vec<String> = c.entries.iter().map(|e| e.id.clone()).collect();
    let judges: Vec<String> = c.judges.iter().map(|j| j.id.clone()).collect();
    let entry = |i: usize| entries[i].clone();
    let judge = |i: usize| judges[i].clone();
    c.conflicts = s
        .conflicts
        .iter()
        .map(|&(j, e, dismissed)| Conflict {
            judge: judge(j),
            entry: entry(e),
            reason: "Cùng đơn vị".into(),
            dismissed,
        })
        .collect();
    if let Some(j) = s.secretary.filter(|&j| j > 0) {
        c.judges[j].role = Role::Secretary;
    }
    for &(e, rejected) in &s.screened {
        c.entries[e].status = if rejected {
            Status::Rejected
        } else {
            Status::Pending
        };
        c.entries[e].reason = "Thiếu hồ sơ".into();
    }
    let keys: Vec<SheetKey> = c.sheets.keys().cloned().collect();
    for &at in &s.drafts {
        if let Some(sheet) = keys
            .get(at % keys.len().max(1))
            .and_then(|k| c.sheets.get_mut(k))
        {
            sheet.state = SheetState::Draft;
        }
    }
    for &(at, criterion) in &s.gaps {
        if let Some(sheet) = keys
            .get(at % keys.len().max(1))
            .and_then(|k| c.sheets.get_mut(k))
        {
            sheet.marks.set(criterion, None);
        }
    }
    for &(j, e, submitted) in &s.strays {
        let mut marks = Marks::empty(&c.rubric);
        marks.set(0, Some(jury::domain::Points::whole(12)));
        c.put_sheet(Sheet {
            key: SheetKey::new("main", &entry(e), &judge(j)),
            marks,
            state: if submitted {
                SheetState::Submitted
            } else {
                SheetState::Draft
            },
            reopened: 0,
            version: 1,
        });
    }
    if let Some(finalists) = &s.final_round {
        let mut ids: Vec<String> = finalists.iter().map(|&e| entry(e)).collect();
        ids.sort();
        ids.dedup();
        c.rounds.push(Round {
            id: "chung_khao".into(),
            name: Bilingual::new("Chung khảo", "Final"),
            entries: Some(ids.clone()),
            closed: false,
            advanced: None,
        });
        for (n, id) in ids.iter().enumerate() {
            for j in 0..c.judges.len().min(3) {
                let mut marks = Marks::empty(&c.rubric);
                marks.set(n % 4, Some(jury::domain::Points::whole(10 + n as u32)));
                marks.set((n + 1) % 4, Some(jury::domain::Points::whole(5)));
                c.put_sheet(Sheet {
                    key: SheetKey::new("chung_khao", id, &judge(j)),
                    marks,
                    state: if (n + j) % 3 == 0 {
                        SheetState::Draft
                    } else {
                        SheetState::Submitted
                    },
                    reopened: 0,
                    version: 1,
                });
            }
        }
    }
    c
}

fn same_either_way(c: &Contest) -> Result<(), TestCaseError> {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let store = Store::open(&dir.path().join("db")).expect("open");
    store.replace_contest(c).expect("store the contest");
    let whole = store.load().expect("load");
    let (definition, marks) = store.load_for_ranking().expect("definition and marks");
    prop_assert!(definition.sheets.is_empty());
    for round in whole.rounds.iter().map(|r| r.id.as_str()) {
        let plain = Tally::new(&whole, round);
        let fast = marks.tally(&definition, round).expect("tally");
        prop_assert_eq!(&fast, &plain, "round {}", round);
        // Incomplete as the council means it, from the contest's own sheets.
        let recusals = whole.conflicts.iter().any(|c| c.is_recusal());
        for (row, &at) in fast.entries.iter().enumerate() {
            let entry = &whole.entries[at].id;
            let submitted = |id: &str| {
                whole
                    .sheets
                    .get(&SheetKey::new(round, entry, id))
                    .is_some_and(|s| s.is_submitted())
            };
            let incomplete = if whole.assignments.has_round(round) || recusals {
                whole
                    .expected_judges(round, entry)
                    .any(|j| !submitted(&j.id))
            } else {
                whole.judges.iter().any(|j| !submitted(&j.id))
            };
            prop_assert_eq!(fast.incomplete[row], incomplete, "{} in {}", entry, round);
        }
        for method in [
            Method::Mean,
            Method::Median,
            Method::Trimmed,
            Method::Zscore,
        ] {
            prop_assert_eq!(
                rank_from(&definition, &fast, method),
                rank(&whole, round, method),
                "round {}, {:?}",
                round,
                method
            );
        }
    }
    Ok(())
}

/// A change to one sheet, as a member's save or submission makes it.
#[derive(Debug, Clone)]
enum Edit {
    /// Points for a criterion of the sheet found at this index.
    Points(usize, usize, Option<u32>),
    /// Submitted or back to a draft.
    Toggle(usize),
    /// Gone (the store never removes one; a reload can).
    Remove(usize),
    /// A first sheet from (member, entry), submitted or not.
    New(usize, usize, bool),
}

fn edits() -> impl Strategy<Value = Vec<Edit>> {
    let edit = prop_oneof![
        (0usize..400, 0usize..4, prop::option::of(0u32..30))
            .prop_map(|(at, c, v)| Edit::Points(at, c, v)),
        (0usize..400).prop_map(Edit::Toggle),
        (0usize..400).prop_map(Edit::Remove),
        (0usize..9, 0usize..25, any::<bool>()).prop_map(|(j, e, s)| Edit::New(j, e, s)),
    ];
    prop::collection::vec(edit, 1..6)
}

/// Makes `edits` to `c`; returns the (round, entry) of each sheet touched.
fn edit(c: &mut Contest, edits: &[Edit]) -> Vec<(String, String)> {
    let mut touched = Vec::new();
    for e in edits {
        let keys: Vec<SheetKey> = c.sheets.keys().cloned().collect();
        let pick = |at: usize| keys.get(at % keys.len().max(1)).cloned();
        let key = match e {
            Edit::Points(at, criterion, points) => pick(*at).inspect(|k| {
                if let Some(s) = c.sheets.get_mut(k) {
                    s.marks
                        .set(*criterion, points.map(jury::domain::Points::whole));
                }
            }),
            Edit::Toggle(at) => pick(*at).inspect(|k| {
                if let Some(s) = c.sheets.get_mut(k) {
                    s.state = match s.state {
                        SheetState::Draft => SheetState::Submitted,
                        SheetState::Submitted => SheetState::Draft,
                    };
                }
            }),
            Edit::Remove(at) => pick(*at).inspect(|k| {
                c.sheets.remove(k);
            }),
            Edit::New(j, e, submitted) => {
                let (Some(judge), Some(entry)) = (
                    c.judges.get(j % c.judges.len()).map(|x| x.id.clone()),
                    c.entries.get(e % c.entries.len()).map(|x| x.id.clone()),
                ) else {
                    continue;
                };
                let key = SheetKey::new("main", &entry, &judge);
                let mut marks = Marks::empty(&c.rubric);
                marks.set(2, Some(jury::domain::Points::whole(21)));
                c.put_sheet(Sheet {
                    key: key.clone(),
                    marks,
                    state: if *submitted {
                        SheetState::Submitted
                    } else {
                        SheetState::Draft
                    },
                    reopened: 0,
                    version: 1,
                });
                Some(key)
            }
        };
        if let Some(k) = key {
            touched.push((k.round.to_string(), k.entry.to_string()));
        }
    }
    touched
}

fn same_after_edits(mut c: Contest, edits: &[Edit]) -> Result<(), TestCaseError> {
    let rounds: Vec<String> = c.rounds.iter().map(|r| r.id.clone()).collect();
    let methods = [
        Method::Mean,
        Method::Median,
        Method::Trimmed,
        Method::Zscore,
    ];
    let before: Vec<(Tally, Vec<_>)> = rounds
        .iter()
        .map(|r| {
            let tally = Tally::new(&c, r);
            let rankings = methods.map(|m| rank_from(&c, &tally, m)).to_vec();
            (tally, rankings)
        })
        .collect();
    let touched = edit(&mut c, edits);
    for (round, (mut tally, rankings)) in rounds.iter().zip(before) {
        let mut rows = Vec::new();
        for (_, entry) in touched.iter().filter(|(r, _)| r == round) {
            rows.extend(tally.refresh_entry(&c, entry));
        }
        prop_assert_eq!(&tally, &Tally::new(&c, round), "round {}", round);
        for (method, last) in methods.into_iter().zip(rankings) {
            prop_assert_eq!(
                rerank(last, &c, &tally, method, &rows),
                rank(&c, round, method),
                "round {}, {:?}",
                round,
                method
            );
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn a_tally_brought_up_to_date_entry_by_entry_ranks_as_a_new_one(
        s in shape(),
        changes in edits(),
    ) {
        same_after_edits(contest(&s), &changes)?;
    }

    #[test]
    fn the_ranking_from_stored_marks_is_the_ranking_of_the_whole_contest(s in shape()) {
        same_either_way(&contest(&s))?;
    }
}

#[test]
fn jury_rank_prints_what_the_whole_contest_ranks() {
    let mut c = synth::contest(synth::PROVINCE, 5);
    c.conflicts.push(Conflict {
        judge: "GK03".into(),
        entry: "SK00007".into(),
        reason: "Cùng đơn vị".into(),
        dismissed: false,
    });
    let dir = tempfile::tempdir().expect("a temporary folder");
    let db = dir.path().join("db");
    Store::open(&db)
        .and_then(|s| s.replace_contest(&c))
        .expect("store the contest");
    let whole = Store::open(&db).and_then(|s| s.load()).expect("load");
    let ranking = rank(&whole, "main", Method::Trimmed);
    let shown = jury::report::ranking::rows(&whole, &ranking, None);
    let expected = jury::report::ranking::csv(&whole, &ranking, &shown);
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_jury"))
        .arg("--db")
        .arg(&db)
        .args([
            "--lang", "en", "rank", "--method", "trimmed", "--format", "csv",
        ])
        .output()
        .expect("run jury");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout), expected);
}
