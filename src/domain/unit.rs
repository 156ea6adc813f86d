//! The units entrants and members work in (UBND xã, Văn phòng, Bộ phận Một
//! cửa), and which unit belongs to which: a member of a unit has an
//! interest in the entries of its sub-units too.

use serde::{Deserialize, Serialize};

use super::fold::name_key;

/// One unit of the optional `units` list of the contest file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Unit {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
}

/// Whether a member of `member_unit` has an interest in an entry from
/// `entry_unit`: the same unit, or one of its sub-units however deep.
/// Names compare after NFC and case folding, never without their marks.
pub fn within(units: &[Unit], member_unit: &str, entry_unit: &str) -> bool {
    let member = name_key(member_unit);
    if member.is_empty() {
        return false;
    }
    let mut at = name_key(entry_unit);
    // A list with a loop in it must not hang the council: each unit is
    // climbed at most once.
    for _ in 0..=units.len() {
        if at == member {
            return true;
        }
        let parent = units
            .iter()
            .find(|u| name_key(&u.name) == at)
            .and_then(|u| u.parent.as_deref());
        match parent {
            Some(p) => at = name_key(p),
            None => return false,
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(name: &str, parent: Option<&str>) -> Unit {
        Unit {
            name: name.into(),
            parent: parent.map(String::from),
        }
    }

    #[test]
    fn a_unit_contains_its_sub_units_at_any_depth() {
        let units = [
            unit("Bộ phận Một cửa", Some("Văn phòng HĐND và UBND")),
            unit("Văn phòng HĐND và UBND", Some("UBND xã Tân Phú")),
        ];
        assert!(within(&units, "Văn phòng HĐND và UBND", "Bộ phận Một cửa"));
        assert!(within(&units, "ubnd xã tân phú", "bộ phận một cửa"));
        assert!(!within(&units, "Bộ phận Một cửa", "Văn phòng HĐND và UBND"));
        assert!(!within(&units, "", ""));
    }

    #[test]
    fn a_loop_in_the_list_ends() {
        let units = [unit("A", Some("B")), unit("B", Some("A"))];
        assert!(!within(&units, "C", "A"));
        assert!(within(&units, "B", "A"));
    }
}
