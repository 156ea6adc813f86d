//! `jury publish` and `jury unpublish`: the chair shows the council the
//! results, or hides them again, after being told what that shows to whom.
//! On a terminal they ask; a script answers with `--yes`.

use std::io::{BufRead, IsTerminal, Write};

use super::backend::Opened;
use crate::domain::{CouncilChange, Lang};
use crate::i18n::T;

pub fn run(
    opened: Opened,
    judge: Option<&str>,
    published: bool,
    yes: bool,
    lang: Lang,
) -> Result<(), String> {
    let (chair, already) = match &opened {
        Opened::Remote(remote, contest) => (remote.judge.is_chair(), contest.published),
        Opened::Local(store) => {
            let c = store
                .load_definition()
                .map_err(|e| crate::i18n::store_error(&e, lang))?;
            // On one machine whoever opens the database acts for its chair,
            // unless `--judge` names someone else.
            let chair = match judge {
                Some(id) => c.find_judge(id).is_some_and(|j| j.is_chair()),
                None => c.judges.iter().any(|j| j.is_chair()),
            };
            (chair, c.published)
        }
    };
    if !chair {
        return Err(T::CliChairPublishes.get(lang).to_string());
    }
    if already == published {
        let t = if published {
            T::CliAlreadyPublished
        } else {
            T::CliAlreadyHidden
        };
        println!("{}", t.get(lang));
        return Ok(());
    }
    let (what, command) = if published {
        (T::ConfirmPublish, "publish")
    } else {
        (T::ConfirmUnpublish, "unpublish")
    };
    if !yes {
        if !std::io::stdin().is_terminal() {
            return Err(T::CliPublishNeedsYes.with(lang, &[&command]));
        }
        if !ask(what.get(lang), lang) {
            println!("{}", T::CliPublishCancelled.get(lang));
            return Ok(());
        }
    }
    super::council::act(opened, judge, &[CouncilChange::Publish { published }], lang)?;
    let done = if published {
        T::PublishedOk
    } else {
        T::UnpublishedOk
    };
    println!("{}", done.get(lang));
    Ok(())
}

/// Shows `question` and reads one line; only yes (y, yes, c, có) agrees.
fn ask(question: &str, lang: Lang) -> bool {
    let mut err = std::io::stderr().lock();
    let _ = write!(err, "{question}\n{} ", T::CliYesNo.get(lang));
    let _ = err.flush();
    let mut line = String::new();
    if std::io::stdin().lock().read_line(&mut line).is_err() {
        return false;
    }
    matches!(
        line.trim().to_lowercase().as_str(),
        "y" | "yes" | "c" | "có" | "co"
    )
}
