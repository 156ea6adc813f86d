//! `jury meeting`: the secretary records the council's meeting — when and
//! where, the basis, who came and who did not, the vote and the decisions.
//! Each command changes the record whole, checked and audited like any
//! change to the contest.

use clap::Subcommand;

use super::backend::Opened;
use crate::domain::decision::{self, Standing};
use crate::domain::escape::terminal_line as line;
use crate::domain::meeting::{self, Absence, Decision, Meeting, Votes};
use crate::domain::ranking::{Flag, Method, rank};
use crate::domain::{Contest, CouncilChange, Lang};
use crate::i18n::T;

#[derive(Subcommand, Debug)]
pub enum MeetingAction {
    /// Show the meeting as recorded, and whether the quorum is met
    Show,
    /// Set the date, time, place, number of the minutes or the basis
    Set {
        /// The day of the meeting, e.g. 2024-09-20
        #[arg(long)]
        date: Option<String>,
        /// The hour it opens, e.g. 08:00 (in the contest's time zone)
        #[arg(long)]
        time: Option<String>,
        #[arg(long)]
        place: Option<String>,
        /// Number and symbol of the minutes, e.g. 05/BB-HĐ
        #[arg(long)]
        number: Option<String>,
        /// The decision that set up the council (repeat for each; replaces the list)
        #[arg(long)]
        basis: Vec<String>,
    },
    /// Mark members present
    Present { ids: Vec<String> },
    /// Mark a member absent, with the reason
    Absent {
        id: String,
        #[arg(long)]
        reason: String,
    },
    /// Add a guest (khách mời) by name and position
    Guest { name: String },
    /// Record the vote on the final list
    Vote {
        #[arg(long = "for", value_name = "N")]
        in_favour: u32,
        #[arg(long, default_value_t = 0)]
        against: u32,
        #[arg(long, default_value_t = 0)]
        abstain: u32,
    },
    /// Record what the council decided about an entry (replaces an earlier decision on it)
    Decide {
        #[arg(long)]
        entry: String,
        /// The prize the council gives it (an award id); leave out for no prize
        #[arg(long)]
        award: Option<String>,
        /// What was decided and why, as it goes into the minutes
        #[arg(long)]
        text: String,
    },
}

pub fn meeting(
    opened: Opened,
    judge: Option<&str>,
    action: MeetingAction,
    lang: Lang,
) -> Result<(), String> {
    let contest = current(&opened)?;
    let mut m = contest.meeting.clone().unwrap_or_default();
    match action {
        MeetingAction::Show => {
            show(&contest, &m, lang);
            return Ok(());
        }
        MeetingAction::Set {
            date,
            time,
            place,
            number,
            basis,
        } => {
            for (slot, value) in [
                (&mut m.date, date),
                (&mut m.time, time),
                (&mut m.place, place),
                (&mut m.number, number),
            ] {
                if let Some(v) = value {
                    *slot = Some(v.trim().to_string()).filter(|v| !v.is_empty());
                }
            }
            if !basis.is_empty() {
                m.basis = basis;
            }
        }
        MeetingAction::Present { ids } => {
            for id in ids {
                m.absent.retain(|a| a.judge != id);
                if !m.present.contains(&id) {
                    m.present.push(id);
                }
            }
        }
        MeetingAction::Absent { id, reason } => {
            m.present.retain(|p| *p != id);
            m.absent.retain(|a| a.judge != id);
            m.absent.push(Absence { judge: id, reason });
        }
        MeetingAction::Guest { name } => m.guests.push(name),
        MeetingAction::Vote {
            in_favour,
            against,
            abstain,
        } => {
            m.votes = Some(Votes {
                in_favour,
                against,
                abstain,
            })
        }
        MeetingAction::Decide { entry, award, text } => {
            m.decisions.retain(|d| d.entry != entry);
            m.decisions.push(Decision { entry, text, award });
        }
    }
    let change = CouncilChange::SetMeeting { meeting: m };
    let after = super::council::act(opened, judge, std::slice::from_ref(&change), lang)?;
    say!("{}", T::CliMeetingSaved.get(lang));
    show(&after, &after.meeting.clone().unwrap_or_default(), lang);
    Ok(())
}

fn current(opened: &Opened) -> Result<Contest, String> {
    match opened {
        Opened::Local(store) => store.load().map_err(|e| e.to_string()),
        Opened::Remote(_, contest) => Ok((**contest).clone()),
    }
}

fn show(contest: &Contest, m: &Meeting, lang: Lang) {
    let or_dash = |v: &Option<String>| line(v.as_deref().unwrap_or("-")).into_owned();
    let date = m
        .date
        .as_deref()
        .map(|d| crate::domain::format::date(d, lang));
    say!("{}\t{}", T::MeetDate.get(lang), or_dash(&date));
    say!("{}\t{}", T::MeetTime.get(lang), or_dash(&m.time));
    say!("{}\t{}", T::MeetPlace.get(lang), or_dash(&m.place));
    say!("{}\t{}", T::MeetNumber.get(lang), or_dash(&m.number));
    for b in &m.basis {
        say!("{}\t{}", T::MeetBasis.get(lang), line(b));
    }
    let name = |id: &str| {
        contest
            .judge(id)
            .map(|j| j.name.clone())
            .unwrap_or_default()
    };
    for id in &m.present {
        say!(
            "{}\t{}\t{}",
            T::MeetPresent.get(lang),
            line(id),
            line(&name(id))
        );
    }
    for a in &m.absent {
        say!(
            "{}\t{}\t{}\t{}",
            T::MeetAbsent.get(lang),
            line(&a.judge),
            line(&name(&a.judge)),
            line(&a.reason)
        );
    }
    for g in &m.guests {
        say!("{}\t{}", T::MeetGuest.get(lang), line(g));
    }
    let q = meeting::quorum(contest, m);
    let verdict = if q.met {
        T::MeetQuorumMet
    } else {
        T::MeetQuorumNotMet
    };
    say!(
        "{}",
        verdict.with(
            lang,
            &[
                &q.present,
                &q.members,
                &contest.rules.quorum.to_string(),
                &q.needed
            ]
        )
    );
    if let Some(v) = m.votes {
        say!(
            "{}",
            T::MeetVotes.with(lang, &[&v.in_favour, &v.against, &v.abstain])
        );
    }
    for d in &m.decisions {
        let award = d
            .award
            .as_deref()
            .map(|a| contest.award_name(a, lang))
            .unwrap_or_else(|| T::MeetNoPrize.get(lang).to_string());
        say!(
            "{}\t{}\t{}\t{}",
            T::MeetDecision.get(lang),
            line(&d.entry),
            line(&award),
            line(&d.text)
        );
    }
    show_outcomes(contest, m, lang);
}

/// What the council still has to decide, and where it changed a proposal:
/// the ranking itself is shown by `jury rank`, untouched.
fn show_outcomes(contest: &Contest, m: &Meeting, lang: Lang) {
    let ranking = rank(contest, contest.current_round(), Method::default());
    let outcomes = decision::outcomes(&ranking, Some(m));
    let prize = |a: Option<&str>| match a {
        Some(a) => contest.award_name(a, lang),
        None => T::MeetNoPrize.get(lang).to_string(),
    };
    for o in &outcomes {
        match &o.standing {
            Standing::Awaiting(flags) => {
                let why: Vec<&str> = flags
                    .iter()
                    .map(|f| match f {
                        Flag::QuotaTie => T::FlagQuotaTie.get(lang),
                        _ => T::FlagDisagreement.get(lang),
                    })
                    .collect();
                say!(
                    "{}\t{}\t{}\t{}",
                    T::MeetAwaiting.get(lang),
                    line(&o.row.entry),
                    line(&prize(o.row.award.as_deref())),
                    why.join("; ")
                );
            }
            Standing::Decided { changed: true } => say!(
                "{}\t{}\t{}",
                T::MeetChanged.get(lang),
                line(&o.row.entry),
                line(
                    &T::MeetProposedDecided
                        .with(lang, &[&prize(o.row.award.as_deref()), &prize(o.award())])
                )
            ),
            _ => {}
        }
    }
    if !decision::all_final(&outcomes) {
        say!("{}", T::MeetNotFinal.get(lang));
    }
}
