//! The council's decisions over the computed ranking: what each proposed
//! prize becomes. The ranking never changes; an entry flagged for a
//! disagreement between markers or a tie at a prize quota stays a proposal
//! until the council decides it.

use super::meeting::{Decision, Meeting};
use super::ranking::{Flag, RankRow, Ranking};

/// Where an entry's prize stands after the meeting.
#[derive(Clone, Debug, PartialEq)]
pub enum Standing {
    /// The proposal stands as computed.
    Final,
    /// The council decided; `changed` when its prize differs from the proposal.
    Decided { changed: bool },
    /// A proposed prize the council must still decide, and why.
    Awaiting(Vec<Flag>),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Outcome<'a> {
    pub row: &'a RankRow,
    pub decision: Option<&'a Decision>,
    pub standing: Standing,
}

impl Outcome<'_> {
    /// The prize the entry finally gets: none while the council has not decided.
    pub fn award(&self) -> Option<&str> {
        match (&self.standing, self.decision) {
            (Standing::Awaiting(_), _) => None,
            (Standing::Decided { .. }, Some(d)) => d.award.as_deref(),
            _ => self.row.award.as_deref(),
        }
    }
}

/// Each ranked entry's outcome, in ranking order.
pub fn outcomes<'a>(ranking: &'a Ranking, meeting: Option<&'a Meeting>) -> Vec<Outcome<'a>> {
    ranking
        .rows
        .iter()
        .map(|row| {
            let decision =
                meeting.and_then(|m| m.decisions.iter().rev().find(|d| d.entry == row.entry));
            let pending: Vec<Flag> = [Flag::Disagreement, Flag::QuotaTie]
                .into_iter()
                .filter(|f| row.has(*f))
                .collect();
            let standing = match decision {
                Some(d) => Standing::Decided {
                    changed: d.award != row.award,
                },
                None if row.award.is_some() && !pending.is_empty() => Standing::Awaiting(pending),
                None => Standing::Final,
            };
            Outcome {
                row,
                decision,
                standing,
            }
        })
        .collect()
}

/// Whether every proposed prize is final: nothing waits for the council.
pub fn all_final(outcomes: &[Outcome]) -> bool {
    !outcomes
        .iter()
        .any(|o| matches!(o.standing, Standing::Awaiting(_)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ranking::Method;

    fn row(entry: &str, award: Option<&str>, flags: &[Flag]) -> RankRow {
        RankRow {
            entry: entry.into(),
            position: 0,
            rank: Some(1),
            sheets: 3,
            score: Some(80.0),
            criteria: Vec::new(),
            spread: Some(5.0),
            totals: Vec::new(),
            award: award.map(String::from),
            flags: flags.to_vec(),
            shortfall: None,
            tiebreak: None,
        }
    }

    fn ranking(rows: Vec<RankRow>) -> Ranking {
        Ranking {
            round: "main".into(),
            method: Method::Mean,
            rows,
        }
    }

    fn decide(entry: &str, award: Option<&str>) -> Decision {
        Decision {
            entry: entry.into(),
            text: "Hội đồng biểu quyết".into(),
            award: award.map(String::from),
        }
    }

    #[test]
    fn a_tie_or_disagreement_keeps_the_prize_a_proposal_until_decided() {
        let r = ranking(vec![
            row("SK01", Some("nhat"), &[]),
            row("SK02", Some("nhi"), &[Flag::QuotaTie]),
            row("SK03", Some("nhi"), &[Flag::QuotaTie, Flag::Disagreement]),
            row("SK04", None, &[Flag::Disagreement]),
        ]);
        let o = outcomes(&r, None);
        assert_eq!(o[0].standing, Standing::Final);
        assert_eq!(o[0].award(), Some("nhat"));
        assert_eq!(o[1].standing, Standing::Awaiting(vec![Flag::QuotaTie]));
        assert_eq!(o[1].award(), None, "not final before the council decides");
        assert_eq!(
            o[2].standing,
            Standing::Awaiting(vec![Flag::Disagreement, Flag::QuotaTie])
        );
        assert_eq!(
            o[3].standing,
            Standing::Final,
            "no prize proposed, nothing to hold"
        );
        assert!(!all_final(&o));
    }

    #[test]
    fn the_councils_decision_settles_it_and_shows_a_change_beside_the_ranking() {
        let r = ranking(vec![
            row("SK02", Some("nhi"), &[Flag::QuotaTie]),
            row("SK03", Some("nhi"), &[Flag::QuotaTie]),
        ]);
        let m = Meeting {
            decisions: vec![decide("SK02", Some("nhi")), decide("SK03", Some("ba"))],
            ..Default::default()
        };
        let o = outcomes(&r, Some(&m));
        assert_eq!(o[0].standing, Standing::Decided { changed: false });
        assert_eq!(o[1].standing, Standing::Decided { changed: true });
        assert_eq!(
            (o[1].row.award.as_deref(), o[1].award()),
            (Some("nhi"), Some("ba"))
        );
        assert!(all_final(&o));
        assert_eq!(
            r.rows[1].award.as_deref(),
            Some("nhi"),
            "the ranking is untouched"
        );
    }

    #[test]
    fn the_council_may_take_a_prize_away() {
        let r = ranking(vec![row("SK01", Some("nhat"), &[])]);
        let m = Meeting {
            decisions: vec![decide("SK01", None)],
            ..Default::default()
        };
        let o = outcomes(&r, Some(&m));
        assert_eq!(o[0].standing, Standing::Decided { changed: true });
        assert_eq!(o[0].award(), None);
    }
}
