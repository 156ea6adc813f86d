//! The chair's reminders: a line left for one member ("SK29 is still
//! waiting for your sheet"), shown to them when they next open jury until
//! they dismiss it. Stored with the contest, every one audited.

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reminder {
    /// The member it is for.
    pub judge: String,
    pub text: String,
    /// The chair who left it.
    pub by: String,
    /// UTC, `2024-05-02T08:15:00Z`.
    pub at: String,
}

/// The reminders left for `judge`, oldest first.
pub fn for_member<'a>(
    reminders: &'a [Reminder],
    judge: &'a str,
) -> impl Iterator<Item = &'a Reminder> + 'a {
    reminders.iter().filter(move |r| r.judge == judge)
}
