//! Who may see what: one's own sheets always; a draft and its note never,
//! but by its author; others' submitted sheets and their notes as the
//! contest's rules say. The server enforces this on every reply and push, so
//! hiding never depends on the screens alone.

use super::contest::{Contest, Visibility};
use super::panel::Judge;
use super::sheet::{Marks, Sheet, SheetKey};

/// Whether `viewer` may see the sheet or note at `key`.
pub fn may_see(contest: &Contest, viewer: &Judge, key: &SheetKey) -> bool {
    if *key.judge == *viewer.id {
        return true;
    }
    // A draft is its author's alone, and so is the note of a sheet not submitted.
    if !contest.sheet(key).is_some_and(Sheet::is_submitted) {
        return false;
    }
    // An average less one's own score gives the others' away: a recused
    // member sees nothing of the entry, whatever their role.
    if contest.is_recused(&viewer.id, &key.entry) {
        return false;
    }
    if sees_as_chair(contest, viewer) || contest.published {
        return true;
    }
    match contest.rules.visibility {
        Visibility::Blind => false,
        Visibility::Open => true,
        Visibility::AfterSubmit => contest
            .sheet(&SheetKey::new(&key.round, &key.entry, &viewer.id))
            .is_some_and(|s| s.is_submitted()),
    }
}

/// Another member's draft as the chair may see it, for following progress:
/// that it exists, none of its points.
pub fn draft_for_chair(contest: &Contest, viewer: &Judge, sheet: &Sheet) -> Option<Sheet> {
    let shown = sees_as_chair(contest, viewer)
        && *sheet.key.judge != *viewer.id
        && !sheet.is_submitted()
        && !contest.is_recused(&viewer.id, &sheet.key.entry);
    shown.then(|| without_points(sheet))
}

/// The sheet with every slot empty: its state and version only.
pub fn without_points(sheet: &Sheet) -> Sheet {
    Sheet {
        marks: Marks::from_slots(vec![None; sheet.marks.slots().len()]),
        ..sheet.clone()
    }
}

/// Whether `viewer` sees what the chair sees: the chair always, the
/// secretary once the results are published (before that a secretary who
/// prepares the meeting must not learn the scores ahead of the council).
pub fn sees_as_chair(contest: &Contest, viewer: &Judge) -> bool {
    viewer.is_chair() || (viewer.is_secretary() && contest.published)
}

/// Whether `viewer` may see rankings and other aggregates of the whole contest.
pub fn sees_aggregate(contest: &Contest, viewer: &Judge) -> bool {
    sees_as_chair(contest, viewer)
        || contest.published
        || contest.rules.visibility == Visibility::Open
}

/// The contest as `viewer` may see it.
pub fn view_for(contest: &Contest, viewer: &Judge) -> Contest {
    let mut view = contest.definition();
    view.sheets = contest
        .sheets
        .iter()
        .filter_map(|(k, s)| {
            let shown = if may_see(contest, viewer, k) {
                Some(s.clone())
            } else {
                draft_for_chair(contest, viewer, s)
            };
            shown.map(|s| (k.clone(), s))
        })
        .collect();
    view.notes = contest
        .notes
        .iter()
        .filter(|(k, _)| may_see(contest, viewer, k))
        .map(|(k, n)| (k.clone(), n.clone()))
        .collect();
    view.official = super::official::standings_for(contest, viewer);
    view
}

/// Whether `viewer` may see the aggregate (score, rank) of `entry`.
pub fn sees_entry_aggregate(contest: &Contest, viewer: &Judge, entry: &str) -> bool {
    sees_aggregate(contest, viewer) && !contest.is_recused(&viewer.id, entry)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Marks, Note, Role, SheetState};

    fn contest(visibility: Visibility) -> Contest {
        let mut c = Contest::default();
        c.rules.visibility = visibility;
        for (id, role) in [
            ("chair", Role::Chair),
            ("a", Role::Member),
            ("b", Role::Member),
            ("tk", Role::Secretary),
        ] {
            c.judges.push(Judge {
                id: id.into(),
                name: id.into(),
                role,
                user: None,
                unit: None,
                ..Default::default()
            });
        }
        for (judge, state) in [("a", SheetState::Draft), ("b", SheetState::Submitted)] {
            c.put_sheet(Sheet {
                key: SheetKey::new("main", "E1", judge),
                marks: Marks::default(),
                state,
                reopened: 0,
                version: 1,
            });
        }
        c
    }

    fn judge(c: &Contest, id: &str) -> Judge {
        c.judge(id).cloned().unwrap()
    }

    #[test]
    fn blind_shows_only_ones_own_sheets_until_published() {
        let mut c = contest(Visibility::Blind);
        let a = judge(&c, "a");
        assert_eq!(view_for(&c, &a).sheets.len(), 1);
        assert!(!sees_aggregate(&c, &a));
        assert_eq!(view_for(&c, &judge(&c, "chair")).sheets.len(), 2);
        c.published = true;
        assert_eq!(view_for(&c, &a).sheets.len(), 2);
        assert!(sees_aggregate(&c, &a));
    }

    #[test]
    fn after_submit_opens_an_entrys_submitted_sheets_once_ones_own_is_in() {
        let mut c = contest(Visibility::AfterSubmit);
        // a's sheet is a draft: b's stays hidden from a; b submitted, yet a's draft is a's alone.
        assert_eq!(view_for(&c, &judge(&c, "a")).sheets.len(), 1);
        assert_eq!(view_for(&c, &judge(&c, "b")).sheets.len(), 1);
        let a = SheetKey::new("main", "E1", "a");
        c.put_note(Note {
            key: a.clone(),
            text: "bản nháp".into(),
            version: 1,
            remarks: Default::default(),
            annotations: Vec::new(),
        });
        assert!(view_for(&c, &judge(&c, "b")).notes.is_empty());
        if let Some(s) = c.sheets.get_mut(&a) {
            s.state = SheetState::Submitted;
        }
        let b = view_for(&c, &judge(&c, "b"));
        assert_eq!((b.sheets.len(), b.notes.len()), (2, 1));
    }

    #[test]
    fn publishing_shows_submitted_sheets_and_their_notes_only() {
        let mut c = contest(Visibility::Blind);
        c.published = true;
        c.put_note(Note {
            key: SheetKey::new("main", "E1", "a"),
            text: "bản nháp".into(),
            version: 1,
            remarks: Default::default(),
            annotations: Vec::new(),
        });
        let b = view_for(&c, &judge(&c, "b"));
        assert_eq!(
            b.sheets.keys().map(|k| &*k.judge).collect::<Vec<_>>(),
            ["b"]
        );
        assert!(b.notes.is_empty(), "the note of a draft stays its author's");
    }

    #[test]
    fn the_chair_follows_a_draft_without_its_points_or_note() {
        let mut c = contest(Visibility::Blind);
        let a = SheetKey::new("main", "E1", "a");
        if let Some(s) = c.sheets.get_mut(&a) {
            s.marks = Marks::from_slots(vec![Some(crate::domain::Points::whole(7)), None]);
        }
        c.put_note(Note {
            key: a.clone(),
            text: "bản nháp".into(),
            version: 1,
            remarks: Default::default(),
            annotations: Vec::new(),
        });
        let view = view_for(&c, &judge(&c, "chair"));
        let draft = view.sheet(&a).expect("the chair sees the draft exists");
        assert_eq!(draft.state, SheetState::Draft);
        assert_eq!(draft.marks.slots(), [None, None]);
        assert!(view.notes.is_empty());
        assert!(!may_see(&c, &judge(&c, "chair"), &a));
    }

    #[test]
    fn a_recused_member_sees_no_other_sheet_of_the_entry_even_as_chair_or_published() {
        let mut c = contest(Visibility::Open);
        c.published = true;
        c.conflicts.push(crate::domain::conflict::Conflict {
            judge: "chair".into(),
            entry: "E1".into(),
            reason: "cùng đơn vị".into(),
            dismissed: false,
        });
        let chair = judge(&c, "chair");
        assert_eq!(view_for(&c, &chair).sheets.len(), 0);
        assert!(!sees_entry_aggregate(&c, &chair, "E1"));
        assert!(sees_entry_aggregate(&c, &chair, "E2"));
    }

    #[test]
    fn the_secretary_sees_what_the_chair_sees_only_once_published() {
        let mut c = contest(Visibility::Blind);
        let tk = judge(&c, "tk");
        let before = view_for(&c, &tk);
        assert!(before.sheets.is_empty(), "no score before publication");
        assert!(!sees_aggregate(&c, &tk) && !sees_as_chair(&c, &tk));
        c.published = true;
        let after = view_for(&c, &tk);
        let chair = view_for(&c, &judge(&c, "chair"));
        assert_eq!(after.sheets, chair.sheets, "the draft's existence too");
        assert!(sees_as_chair(&c, &tk));
    }

    #[test]
    fn open_shows_every_submitted_sheet() {
        let c = contest(Visibility::Open);
        assert_eq!(view_for(&c, &judge(&c, "a")).sheets.len(), 2);
    }
}
