//! Conflicts of interest (không chấm vì xung đột lợi ích): a member recused
//! from an entry neither scores it nor sees how others scored it.

use serde::{Deserialize, Serialize};

use super::contest::Contest;
use super::fold::name_key;
use super::unit::within;
use super::{Entry, Judge};

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

/// A member and an entry with an interest between them, not yet confirmed
/// or dismissed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Proposal {
    pub judge: String,
    pub entry: String,
    pub ground: Ground,
}

/// Why a member is proposed as conflicted with an entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Ground {
    /// The member is one of the entry's authors.
    Author,
    /// The entry comes from the member's unit (named as the member's record has it).
    SameUnit(String),
    /// The entry comes from a sub-unit of the member's unit.
    SubUnit { member: String, entry: String },
}

/// Why `judge` has an interest in `entry`, if they do. Names and units
/// compare after NFC and case folding: "Đông Hòa" is never "Đồng Hòa".
pub fn ground(contest: &Contest, judge: &Judge, entry: &Entry) -> Option<Ground> {
    let name = name_key(&judge.name);
    if !name.is_empty() && entry.authors.iter().any(|a| name_key(&a.name) == name) {
        return Some(Ground::Author);
    }
    let unit = judge
        .unit
        .as_deref()
        .map(str::trim)
        .filter(|u| !u.is_empty())?;
    if name_key(unit) == name_key(&entry.unit) {
        return Some(Ground::SameUnit(unit.to_string()));
    }
    within(&contest.units, unit, &entry.unit).then(|| Ground::SubUnit {
        member: unit.to_string(),
        entry: entry.unit.trim().to_string(),
    })
}

/// Conflicts proposed by [`ground`], in member then entry order, leaving
/// out those the chair already decided.
pub fn proposals(contest: &Contest) -> Vec<Proposal> {
    let mut out = Vec::new();
    for j in contest.scorers() {
        for e in &contest.entries {
            let decided = contest
                .conflicts
                .iter()
                .any(|c| c.judge == j.id && c.entry == e.id);
            if decided {
                continue;
            }
            if let Some(ground) = ground(contest, j, e) {
                out.push(Proposal {
                    judge: j.id.clone(),
                    entry: e.id.clone(),
                    ground,
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Role;
    use crate::domain::entry::Author;
    use crate::domain::unit::Unit;

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
            ..Default::default()
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

    fn pairs(c: &Contest) -> Vec<(String, String, Ground)> {
        proposals(c)
            .into_iter()
            .map(|p| (p.judge, p.entry, p.ground))
            .collect()
    }

    fn communes() -> Contest {
        let mut c = contest();
        c.judges = vec![Judge {
            id: "GK05".into(),
            name: "Phạm Văn Bình".into(),
            role: Role::Member,
            user: None,
            unit: Some("UBND xã Đông Hòa".into()),
            ..Default::default()
        }];
        let entry = |id: &str, unit: &str, authors: &[&str]| Entry {
            id: id.into(),
            title: id.into(),
            authors: authors.iter().map(|a| Author::named(a)).collect(),
            unit: unit.into(),
            field: "tthc".into(),
            summary: String::new(),
            submitted: None,
            ..Default::default()
        };
        c.entries = vec![
            entry("SK01", "UBND xã Đồng Hòa", &[]),
            entry("SK02", "ubnd xã đông hòa", &[]),
            entry("SK03", "Bộ phận Một cửa", &[]),
            entry("SK04", "Phòng Nội vụ", &["Lê Thị Hoa", "phạm văn  bình"]),
            entry("SK05", "Phòng Nội vụ", &["Phạm Văn Bính"]),
        ];
        c.reindex();
        c
    }

    #[test]
    fn another_commune_differing_only_in_tone_is_no_conflict() {
        let c = communes();
        let p = pairs(&c);
        assert!(
            !p.iter().any(|(_, e, _)| e == "SK01"),
            "Đông Hòa is not Đồng Hòa: {p:?}"
        );
        assert!(p.contains(&(
            "GK05".into(),
            "SK02".into(),
            Ground::SameUnit("UBND xã Đông Hòa".into())
        )));
        assert!(!crate::domain::assignment::conflicted(&c, "GK05", "SK01"));
        assert!(crate::domain::assignment::conflicted(&c, "GK05", "SK02"));
    }

    #[test]
    fn a_member_who_is_an_author_is_proposed() {
        let c = communes();
        let p = pairs(&c);
        assert!(p.contains(&("GK05".into(), "SK04".into(), Ground::Author)));
        assert!(
            !p.iter().any(|(_, e, _)| e == "SK05"),
            "Bính is another person: {p:?}"
        );
    }

    #[test]
    fn a_member_of_a_unit_is_proposed_for_its_sub_units() {
        let mut c = communes();
        assert!(!pairs(&c).iter().any(|(_, e, _)| e == "SK03"));
        c.units = vec![
            Unit {
                name: "Bộ phận Một cửa".into(),
                parent: Some("Văn phòng HĐND và UBND".into()),
            },
            Unit {
                name: "Văn phòng HĐND và UBND".into(),
                parent: Some("UBND xã Đông Hòa".into()),
            },
        ];
        assert!(pairs(&c).contains(&(
            "GK05".into(),
            "SK03".into(),
            Ground::SubUnit {
                member: "UBND xã Đông Hòa".into(),
                entry: "Bộ phận Một cửa".into()
            }
        )));
        assert!(crate::domain::assignment::conflicted(&c, "GK05", "SK03"));
    }
}
