//! The council (hội đồng): its members and their roles.

use serde::{Deserialize, Serialize};

/// A member's place in the council. `judge`, the word of older files, is
/// read as `member` and written back as `member`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Chủ tịch Hội đồng: runs the council, sees every submitted sheet.
    Chair,
    /// Phó Chủ tịch Hội đồng: scores like a member.
    ViceChair,
    /// Ủy viên: scores.
    #[default]
    #[serde(alias = "judge")]
    Member,
    /// Thư ký Hội đồng: prepares the meeting and the documents, does not score.
    Secretary,
}

impl Role {
    /// The word for the role in the contest file and on the command line.
    pub fn word(self) -> &'static str {
        match self {
            Role::Chair => "chair",
            Role::ViceChair => "vice_chair",
            Role::Member => "member",
            Role::Secretary => "secretary",
        }
    }
}

/// A member of the council; `user` is the OS login that identifies them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Judge {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub role: Role,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// Chức vụ, printed beside the name in the documents.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub position: Option<String>,
    /// A scoring member who also keeps the minutes (Ủy viên kiêm Thư ký).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub secretary: bool,
}

impl Judge {
    pub fn is_chair(&self) -> bool {
        self.role == Role::Chair
    }

    /// Whether this member marks entries: everyone but a secretary who is
    /// only a secretary.
    pub fn scores(&self) -> bool {
        self.role != Role::Secretary
    }

    /// Whether this member keeps the minutes and prepares the documents.
    pub fn is_secretary(&self) -> bool {
        self.role == Role::Secretary || self.secretary
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(json: &str) -> Judge {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn judge_in_an_older_file_is_read_and_written_as_member() {
        let j = read(r#"{"id": "GK02", "name": "B", "role": "judge"}"#);
        assert_eq!(j.role, Role::Member);
        let back = serde_json::to_string(&j).unwrap();
        assert!(back.contains(r#""role":"member""#), "{back}");
    }

    #[test]
    fn the_four_roles_round_trip_by_their_file_names() {
        for (word, role) in [
            ("chair", Role::Chair),
            ("vice_chair", Role::ViceChair),
            ("member", Role::Member),
            ("secretary", Role::Secretary),
        ] {
            let j = read(&format!(r#"{{"id": "X", "name": "X", "role": "{word}"}}"#));
            assert_eq!(j.role, role);
            assert!(serde_json::to_string(&j).unwrap().contains(word));
        }
    }

    #[test]
    fn a_secretary_does_not_score_unless_also_a_member() {
        let only = read(r#"{"id": "TK", "name": "T", "role": "secretary"}"#);
        assert!(!only.scores() && only.is_secretary());
        let both = read(r#"{"id": "GK04", "name": "U", "role": "member", "secretary": true}"#);
        assert!(both.scores() && both.is_secretary());
        let vice = read(r#"{"id": "GK02", "name": "P", "role": "vice_chair"}"#);
        assert!(vice.scores() && !vice.is_secretary() && !vice.is_chair());
    }

    #[test]
    fn the_position_is_kept_and_left_out_when_absent() {
        let j = read(
            r#"{"id": "GK01", "name": "A", "role": "chair", "position": "Phó Chủ tịch UBND huyện"}"#,
        );
        assert_eq!(j.position.as_deref(), Some("Phó Chủ tịch UBND huyện"));
        let plain = serde_json::to_string(&read(r#"{"id": "X", "name": "X"}"#)).unwrap();
        assert!(!plain.contains("position") && !plain.contains("secretary"));
    }
}
