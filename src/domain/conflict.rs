//! Conflicts of interest (không chấm vì xung đột lợi ích): a member recused
//! from an entry neither scores it nor sees how others scored it.

use serde::{Deserialize, Serialize};

use super::contest::Contest;

/// A recusal, or a proposed conflict the chair dismissed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Conflict {
    pub judge: String,
    pub entry: String,
    #[serde(default)]
    pub reason: String,
    /// `true` for a proposal the chair looked at and found no conflict.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub dismissed: bool,
}

impl Conflict {
    pub fn is_recusal(&self) -> bool {
        !self.dismissed
    }
}

/// A member and an entry from the same unit, not yet confirmed or dismissed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Proposal {
    pub judge: String,
    pub entry: String,
    pub unit: String,
}

/// Conflicts proposed because a member's unit is the entry's unit, in
/// member then entry order, leaving out those the chair already decided.
pub fn proposals(contest: &Contest) -> Vec<Proposal> {
    let mut out = Vec::new();
    for j in contest.scorers() {
        let Some(unit) = j.unit.as_deref().map(str::trim).filter(|u| !u.is_empty()) else {
            continue;
        };
        let unit_folded = super::fold::fold(unit);
        for e in &contest.entries {
            if super::fold::fold(e.unit.trim()) != unit_folded {
                continue;
            }
            let decided = contest
                .conflicts
                .iter()
                .any(|c| c.judge == j.id && c.entry == e.id);
            if !decided {
                out.push(Proposal {
                    judge: j.id.clone(),
                    entry: e.id.clone(),
                    unit: unit.to_string(),
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Entry, Judge, Role};

    fn contest() -> Contest {
        let mut c = Contest::default();
        let judge = |id: &str, unit: Option<&str>| Judge {
            id: id.into(),
            name: id.into(),
            role: Role::Member,
            user: None,
            unit: unit.map(String::from),
            ..Default::default()
        };
        c.judges = vec![
            judge("A", Some("Phòng Tư pháp")),
            judge("B", None),
            judge("C", Some("UBND xã Tân Phú")),
        ];
        let entry = |id: &str, unit: &str| Entry {
            id: id.into(),
            title: id.into(),
            authors: vec![],
            unit: unit.into(),
            field: "tthc".into(),
            summary: String::new(),
            submitted: None,
        };
        c.entries = vec![
            entry("E1", "Phòng Tư pháp"),
            entry("E2", "UBND xã Tân Phú"),
            entry("E3", "phòng tư pháp "),
            entry("E4", "Phòng Nội vụ"),
        ];
        c.reindex();
        c
    }

    #[test]
    fn a_member_of_the_entrys_unit_is_proposed() {
        let c = contest();
        let p: Vec<(String, String)> = proposals(&c)
            .into_iter()
            .map(|p| (p.judge, p.entry))
            .collect();
        assert_eq!(
            p,
            vec![
                ("A".into(), "E1".into()),
                ("A".into(), "E3".into()),
                ("C".into(), "E2".into())
            ],
            "same unit, ignoring case and stray spaces; a member without a unit is never proposed"
        );
    }

    #[test]
    fn decided_proposals_are_not_proposed_again() {
        let mut c = contest();
        c.conflicts.push(Conflict {
            judge: "A".into(),
            entry: "E1".into(),
            reason: "cùng đơn vị".into(),
            dismissed: false,
        });
        c.conflicts.push(Conflict {
            judge: "C".into(),
            entry: "E2".into(),
            reason: String::new(),
            dismissed: true,
        });
        let p: Vec<String> = proposals(&c).into_iter().map(|p| p.entry).collect();
        assert_eq!(p, vec!["E3".to_string()]);
        assert!(c.is_recused("A", "E1"));
        assert!(
            !c.is_recused("C", "E2"),
            "a dismissed proposal is not a recusal"
        );
    }
}
