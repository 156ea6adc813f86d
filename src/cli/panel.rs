//! `jury judge add|remove|list`: the council, changed by its chair.

use clap::Subcommand;

use super::backend::Opened;
use crate::domain::{CouncilChange, Judge, Role};
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
        /// Make the member a chair
        #[arg(long)]
        chair: bool,
    },
    /// Remove a member who has no sheets or notes
    Remove { id: String },
    /// List the council
    List,
}

pub fn run(opened: Opened, judge: Option<&str>, action: JudgeAction) -> Result<(), String> {
    let change = match action {
        JudgeAction::List => {
            let contest = opened.load()?;
            for j in &contest.judges {
                let role = if j.is_chair() { "chair" } else { "judge" };
                println!(
                    "{}\t{}\t{role}\t{}\t{}",
                    j.id,
                    j.name,
                    j.user.as_deref().unwrap_or("-"),
                    j.unit.as_deref().unwrap_or("-")
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
        } => CouncilChange::AddJudge {
            judge: Judge {
                id,
                name,
                role: if chair { Role::Chair } else { Role::Judge },
                user,
                unit,
            },
        },
        JudgeAction::Remove { id } => CouncilChange::RemoveJudge { judge: id },
    };
    let result = match opened {
        Opened::Remote(mut remote, _) => {
            let me = remote.judge.id.clone();
            remote.council(&me, &change)
        }
        Opened::Local(store) => {
            // Whoever can open the database acts for its chair: on one machine
            // the files are theirs. `--judge` picks which chair.
            let contest = store.load().map_err(|e| e.to_string())?;
            let actor = judge
                .and_then(|id| contest.judge(id))
                .filter(|j| j.is_chair())
                .or_else(|| contest.judges.iter().find(|j| j.is_chair()))
                .map(|j| j.id.clone())
                .ok_or("the council has no chair to make this change")?;
            Local::new(store, contest.definition()).council(&actor, &change)
        }
    };
    match result {
        Ok(_) => {
            match change {
                CouncilChange::AddJudge { judge } => {
                    println!("Added {} ({}) to the council", judge.id, judge.name)
                }
                CouncilChange::RemoveJudge { judge } => {
                    println!("Removed {judge} from the council")
                }
                CouncilChange::Publish { .. } => {}
            }
            Ok(())
        }
        Err(crate::app::ApplyError::Refused(e)) => Err(e.to_string()),
        Err(crate::app::ApplyError::Failed(e)) => Err(e),
    }
}
