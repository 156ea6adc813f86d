//! The council's process on the command line: members, conflicts of
//! interest, assignment, the rubric. Each is a change made as the chair
//! (or, for a recusal, as the member), locally or through the server.

use clap::Subcommand;

use super::backend::Opened;
use crate::app::ApplyError;
use crate::domain::assignment::extra_marker;
use crate::domain::conflict::proposals;
use crate::domain::escape::terminal_line as line;
use crate::domain::{Contest, CouncilChange, Criterion, Judge, Lang, Role, format};
use crate::i18n::T;
use crate::store::{Local, Storage};

#[derive(Subcommand, Debug)]
pub enum JudgeAction {
    /// Add a member to the council
    Add {
        /// Short id, e.g. GK06
        #[arg(long)]
        id: String,
        /// Full name
        #[arg(long)]
        name: String,
        /// The OS login that identifies the member on a shared server
        #[arg(long, value_name = "LOGIN")]
        user: Option<String>,
        /// The member's unit (conflicts of interest are proposed from it)
        #[arg(long)]
        unit: Option<String>,
        /// Make the member a chair (same as --role chair)
        #[arg(long, conflicts_with = "role")]
        chair: bool,
        /// The member's role in the council
        #[arg(long, value_enum)]
        role: Option<RoleArg>,
        /// The member's position (chức vụ), printed in the documents
        #[arg(long)]
        position: Option<String>,
        /// A scoring member who also keeps the minutes (Ủy viên kiêm Thư ký)
        #[arg(long)]
        secretary: bool,
    },
    /// Remove a member who has no sheets or notes
    Remove { id: String },
    /// List the council
    List,
}

/// The roles as typed on the command line.
#[derive(clap::ValueEnum, Clone, Copy, Debug)]
pub enum RoleArg {
    Chair,
    ViceChair,
    Member,
    Secretary,
}

impl From<RoleArg> for Role {
    fn from(r: RoleArg) -> Role {
        match r {
            RoleArg::Chair => Role::Chair,
            RoleArg::ViceChair => Role::ViceChair,
            RoleArg::Member => Role::Member,
            RoleArg::Secretary => Role::Secretary,
        }
    }
}

#[derive(Subcommand, Debug)]
pub enum ConflictAction {
    /// List recusals and the same-unit conflicts waiting for the chair
    List,
    /// Recuse a member from an entry (the member themselves, or the chair)
    Recuse {
        #[arg(long = "member", value_name = "ID")]
        member: String,
        #[arg(long, value_name = "ID")]
        entry: String,
        #[arg(long)]
        reason: String,
    },
    /// Confirm every proposed same-unit conflict as a recusal
    ConfirmAll,
    /// Find that a proposed conflict is none
    Dismiss {
        #[arg(long = "member", value_name = "ID")]
        member: String,
        #[arg(long, value_name = "ID")]
        entry: String,
        #[arg(long, default_value = "")]
        reason: String,
    },
}

#[derive(Subcommand, Debug)]
pub enum RubricAction {
    /// Print the criteria and whether they are locked
    Show,
    /// Allow the rubric to change although sheets were submitted
    Unlock {
        #[arg(long)]
        reason: String,
    },
    /// Replace the criteria with those of FILE (a JSON list, or a contest file)
    Set {
        file: std::path::PathBuf,
        #[arg(long)]
        reason: String,
    },
}

/// Applies `changes` in order as the member `judge` (locally: `--judge`, or
/// the chair); returns the contest as it then is.
pub fn act(
    opened: Opened,
    judge: Option<&str>,
    changes: &[CouncilChange],
    lang: Lang,
) -> Result<Contest, String> {
    let message = |e: ApplyError| super::apply_error(e, lang);
    match opened {
        Opened::Remote(mut remote, _) => {
            let me = remote.judge.id.clone();
            for change in changes {
                remote.council(&me, change).map_err(message)?;
            }
            remote.load()
        }
        Opened::Local(store) => {
            let contest = store
                .load()
                .map_err(|e| crate::i18n::store_error(&e, lang))?;
            // Whoever can open the database acts for its chair: on one machine
            // the files are theirs. `--judge` picks which member.
            let actor = judge
                .and_then(|id| contest.find_judge(id))
                .or_else(|| contest.judges.iter().find(|j| j.is_chair()))
                .map(|j| j.id.clone())
                .ok_or_else(|| T::CliNoChair.get(lang).to_string())?;
            let mut local = Local::new(store, contest.definition());
            for change in changes {
                local.council(&actor, change).map_err(message)?;
            }
            local.load()
        }
    }
}

pub fn judges(
    opened: Opened,
    judge: Option<&str>,
    action: JudgeAction,
    lang: Lang,
) -> Result<(), String> {
    let change = match action {
        JudgeAction::List => {
            for j in &opened.judges(lang)? {
                let role = j.role.word();
                say!(
                    "{}\t{}\t{role}\t{}\t{}",
                    line(&j.id),
                    line(&j.name),
                    line(j.user.as_deref().unwrap_or("-")),
                    line(j.unit.as_deref().unwrap_or("-"))
                );
            }
            return Ok(());
        }
        JudgeAction::Add {
            id,
            name,
            user,
            unit,
            chair,
            role,
            position,
            secretary,
        } => CouncilChange::AddJudge {
            judge: Judge {
                id,
                name,
                role: match (chair, role) {
                    (true, _) => Role::Chair,
                    (false, r) => r.map(Role::from).unwrap_or_default(),
                },
                user,
                unit,
                position,
                secretary,
            },
        },
        JudgeAction::Remove { id } => CouncilChange::RemoveJudge { judge: id },
    };
    act(opened, judge, std::slice::from_ref(&change), lang)?;
    match change {
        CouncilChange::AddJudge { judge } => {
            say!("{}", T::CliJudgeAdded.with(lang, &[&judge.id, &judge.name]))
        }
        CouncilChange::RemoveJudge { judge } => {
            say!("{}", T::CliJudgeRemoved.with(lang, &[&judge]))
        }
        _ => {}
    }
    Ok(())
}

pub fn conflicts(
    opened: Opened,
    judge: Option<&str>,
    action: ConflictAction,
    lang: Lang,
) -> Result<(), String> {
    match action {
        ConflictAction::List => {
            let c = opened.load(lang)?;
            for x in c.conflicts.iter().filter(|x| x.is_recusal()) {
                say!(
                    "recused\t{}\t{}\t{}",
                    line(&x.judge),
                    line(&x.entry),
                    line(&x.reason)
                );
            }
            for p in proposals(&c) {
                say!(
                    "proposed\t{}\t{}\t{}",
                    line(&p.judge),
                    line(&p.entry),
                    line(&crate::i18n::ground(&p.ground, lang))
                );
            }
            for x in c.conflicts.iter().filter(|x| x.dismissed) {
                say!(
                    "dismissed\t{}\t{}\t{}",
                    line(&x.judge),
                    line(&x.entry),
                    line(&x.reason)
                );
            }
            Ok(())
        }
        ConflictAction::Recuse {
            member,
            entry,
            reason,
        } => {
            let change = CouncilChange::Recuse {
                judge: member.clone(),
                entry: entry.clone(),
                reason,
            };
            act(opened, judge, &[change], lang)?;
            say!("{}", T::CliRecused.with(lang, &[&member, &entry]));
            Ok(())
        }
        ConflictAction::Dismiss {
            member,
            entry,
            reason,
        } => {
            let change = CouncilChange::DismissConflict {
                judge: member.clone(),
                entry: entry.clone(),
                reason,
            };
            act(opened, judge, &[change], lang)?;
            say!("{}", T::CliConflictDismissed.with(lang, &[&member, &entry]));
            Ok(())
        }
        ConflictAction::ConfirmAll => confirm_all(opened, judge, lang),
    }
}

/// Every same-unit proposal becomes a recusal, one audited change each.
fn confirm_all(opened: Opened, judge: Option<&str>, lang: Lang) -> Result<(), String> {
    let contest = match &opened {
        Opened::Remote(_, c) => (**c).clone(),
        Opened::Local(store) => store
            .load()
            .map_err(|e| crate::i18n::store_error(&e, lang))?,
    };
    let changes: Vec<CouncilChange> = proposals(&contest)
        .into_iter()
        .map(|p| CouncilChange::Recuse {
            judge: p.judge,
            entry: p.entry,
            reason: crate::i18n::ground(&p.ground, lang),
        })
        .collect();
    if changes.is_empty() {
        say!("{}", T::CliNoConflictWaiting.get(lang));
        return Ok(());
    }
    act(opened, judge, &changes, lang)?;
    for c in &changes {
        if let CouncilChange::Recuse { judge, entry, .. } = c {
            say!("{}", T::CliRecused.with(lang, &[judge, entry]));
        }
    }
    Ok(())
}

/// What `jury assign` was asked to do.
pub struct AssignHow {
    pub round: Option<String>,
    pub per_entry: Option<u32>,
    pub entry: Option<String>,
    pub member: Option<String>,
    /// Share out even if members with unfinished notes lose entries.
    pub force: bool,
}

/// `jury assign --per-entry K [--force]` or `jury assign --entry ID [--member ID]`.
pub fn assign(
    opened: Opened,
    judge: Option<&str>,
    how: AssignHow,
    lang: Lang,
) -> Result<(), String> {
    let AssignHow {
        round,
        per_entry,
        entry,
        member,
        force,
    } = how;
    let contest = match &opened {
        Opened::Remote(_, c) => (**c).clone(),
        Opened::Local(store) => store
            .load()
            .map_err(|e| crate::i18n::store_error(&e, lang))?,
    };
    let round = round.unwrap_or_else(|| contest.current_round().to_string());
    let change = match (per_entry, entry) {
        (Some(k), None) => CouncilChange::Assign {
            round: round.clone(),
            per_entry: k,
            force,
        },
        (None, Some(entry)) => {
            let judge_id = member
                .or_else(|| extra_marker(&contest, &round, &entry))
                .ok_or_else(|| T::NoExtraMarker.with(lang, &[&entry]))?;
            CouncilChange::AddMarker {
                round: round.clone(),
                entry,
                judge: judge_id,
            }
        }
        _ => return Err(T::CliAssignHow.get(lang).to_string()),
    };
    let after = act(opened, judge, std::slice::from_ref(&change), lang)?;
    match change {
        CouncilChange::AddMarker { entry, judge, .. } => {
            say!("{}", T::CliAlsoMarks.with(lang, &[&judge, &entry]))
        }
        _ => {
            let loads = after.assignments.loads(&round);
            let (min, max) = (
                loads.values().min().copied().unwrap_or(0),
                loads.values().max().copied().unwrap_or(0),
            );
            say!(
                "{}",
                T::CliAssigned.with(
                    lang,
                    &[
                        &after.round_entries(&round).len(),
                        &round,
                        &per_entry.unwrap_or(0),
                        &after.assignments.loads(&round).values().sum::<usize>(),
                        &min,
                        &max,
                        &(max - min),
                    ]
                )
            );
            for (j, n) in loads {
                say!("  {j}\t{n}");
            }
            // Sheets already written keep their members; say so, and where
            // that is more than asked, so no count surprises the chair.
            let kept = crate::domain::assignment::with_sheets(&contest, &round);
            if !kept.is_empty() {
                say!("{}", T::CliAssignKept.with(lang, &[&kept.len()]));
            }
            let k = per_entry.unwrap_or(0);
            let mut per: std::collections::BTreeMap<&str, usize> = Default::default();
            for (e, _) in &kept {
                *per.entry(e.as_str()).or_default() += 1;
            }
            for (e, n) in per.into_iter().filter(|&(_, n)| n as u64 > u64::from(k)) {
                say!("{}", T::CliAssignOver.with(lang, &[&e, &n, &k]));
            }
        }
    }
    Ok(())
}

pub fn rubric(
    opened: Opened,
    judge: Option<&str>,
    action: RubricAction,
    lang: Lang,
) -> Result<(), String> {
    let change = match action {
        RubricAction::Show => {
            let c = opened.load(lang)?;
            let round = c.current_round().to_string();
            for cr in &c.rubric.criteria {
                say!(
                    "{}\t{}\t{}",
                    cr.id,
                    line(cr.name.get(lang)),
                    T::RubricMaxStep.with(lang, &[&cr.max, &cr.step])
                );
            }
            say!("{}", T::CliRubricTotal.with(lang, &[&c.rubric.max_total()]));
            if c.rubric_locked(&round) {
                say!(
                    "{}",
                    T::CliRubricLocked.with(
                        lang,
                        &[&round, &super::hint::jury("rubric unlock --reason …")],
                    )
                );
            } else if let Some(u) = &c.rubric_unlock {
                say!(
                    "{}",
                    T::CliRubricUnlockedBy.with(
                        lang,
                        &[
                            &u.by,
                            &format::moment(&u.at, &format::zone(&c), lang),
                            &line(&u.reason)
                        ],
                    )
                );
            }
            return Ok(());
        }
        RubricAction::Unlock { reason } => CouncilChange::UnlockRubric { reason },
        RubricAction::Set { file, reason } => CouncilChange::SetRubric {
            criteria: read_criteria(&file, lang)?,
            reason,
        },
    };
    act(opened, judge, std::slice::from_ref(&change), lang)?;
    match change {
        CouncilChange::UnlockRubric { .. } => say!("{}", T::CliRubricUnlocked.get(lang)),
        _ => say!("{}", T::CliRubricChanged.get(lang)),
    }
    Ok(())
}

fn read_criteria(path: &std::path::Path, lang: Lang) -> Result<Vec<Criterion>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        let why = crate::i18n::os_error(Some(e.kind()), &e.to_string(), lang);
        T::CliCannotRead.with(lang, &[&path.display(), &why])
    })?;
    // A JSON list is a list of criteria: say what is wrong with it as one
    // (a contest file is an object).
    if text.trim_start().starts_with('[') {
        return serde_json::from_str::<Vec<Criterion>>(&text).map_err(|e| {
            let at = T::FileAtLine.with(lang, &[&e.line(), &e.column()]);
            let message = e.to_string();
            let message = message
                .rfind(" at line ")
                .map_or(message.as_str(), |i| &message[..i]);
            let what = crate::i18n::json_problem(message, lang);
            T::CliNotCriteria.with(lang, &[&format!("{}: {at}: {what}", path.display())])
        });
    }
    crate::contest_file::read_bytes(&path.display().to_string(), text.as_bytes())
        .map(|c| c.rubric.criteria)
        .map_err(|e| T::CliNotCriteria.with(lang, &[&e.describe(lang)]))
}
