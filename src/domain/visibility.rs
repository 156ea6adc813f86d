//! Who may see what: one's own sheets always; the chair everything; others'
//! sheets and notes as the contest's rules say. The server enforces this on
//! every reply and push, so hiding never depends on the screens alone.

use super::contest::{Contest, Visibility};
use super::panel::Judge;
use super::sheet::SheetKey;

/// Whether `viewer` may see the sheet or note at `key`.
pub fn may_see(contest: &Contest, viewer: &Judge, key: &SheetKey) -> bool {
    if *key.judge == *viewer.id {
        return true;
    }
    // An average less one's own score gives the others' away: a recused
    // member sees nothing of the entry, whatever their role.
    if contest.is_recused(&viewer.id, &key.entry) {
        return false;
    }
    if viewer.is_chair() || contest.published {
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

/// Whether `viewer` may see rankings and other aggregates of the whole contest.
pub fn sees_aggregate(contest: &Contest, viewer: &Judge) -> bool {
    viewer.is_chair() || contest.published || contest.rules.visibility == Visibility::Open
}

/// The contest as `viewer` may see it.
pub fn view_for(contest: &Contest, viewer: &Judge) -> Contest {
    let mut view = contest.definition();
    view.sheets = contest
        .sheets
        .iter()
        .filter(|(k, _)| may_see(contest, viewer, k))
        .map(|(k, s)| (k.clone(), s.clone()))
        .collect();
    view.notes = contest
        .notes
        .iter()
        .filter(|(k, _)| may_see(contest, viewer, k))
        .map(|(k, n)| (k.clone(), n.clone()))
        .collect();
    view
}

/// Whether `viewer` may see the aggregate (score, rank) of `entry`.
pub fn sees_entry_aggregate(contest: &Contest, viewer: &Judge, entry: &str) -> bool {
    sees_aggregate(contest, viewer) && !contest.is_recused(&viewer.id, entry)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Marks, Role, Sheet, SheetState};

    fn contest(visibility: Visibility) -> Contest {
        let mut c = Contest::default();
        c.rules.visibility = visibility;
        for (id, role) in [
            ("chair", Role::Chair),
            ("a", Role::Judge),
            ("b", Role::Judge),
        ] {
            c.judges.push(Judge {
                id: id.into(),
                name: id.into(),
                role,
                user: None,
                unit: None,
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
    fn after_submit_opens_an_entry_once_ones_own_sheet_is_in() {
        let c = contest(Visibility::AfterSubmit);
        // a's sheet is a draft: b's stays hidden from a; b submitted, so b sees a's.
        assert_eq!(view_for(&c, &judge(&c, "a")).sheets.len(), 1);
        assert_eq!(view_for(&c, &judge(&c, "b")).sheets.len(), 2);
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
    fn open_shows_everything() {
        let c = contest(Visibility::Open);
        assert_eq!(view_for(&c, &judge(&c, "a")).sheets.len(), 2);
    }
}
