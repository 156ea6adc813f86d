//! The command line: `jury` opens the app; subcommands import, export and report.

/// `println!` for anything that may hold an entrant's or a member's words:
/// through the one terminal filter (`domain::escape`).
macro_rules! say {
    ($($arg:tt)*) => {
        $crate::cli::output::say(&format!($($arg)*))
    };
}

mod audit;
mod backend;
mod check;
mod council;
mod entries;
mod help;
mod hint;
mod meeting;
mod output;
mod publish;
mod results;
mod secretariat;
mod ssh_key;
mod transfer;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};

use crate::domain::Lang;
use backend::Missing;

#[derive(Parser, Debug)]
#[command(
    name = "jury",
    version,
    about = "Score, annotate and rank contest entries as a council, from the keyboard"
)]
pub struct Cli {
    /// Database folder (default: your data folder, seeded with the demo contest)
    #[arg(long, global = true, value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// Score as this council member (default: the member whose login is yours)
    #[arg(long, global = true, value_name = "ID")]
    pub judge: Option<String>,
    /// Language of the interface: vi or en (default: from LC_ALL / LANG)
    #[arg(long, global = true, value_name = "vi|en", value_parser = parse_lang)]
    pub lang: Option<Lang>,
    /// Talk to `jury serve` on this socket (default: $JURY_SOCKET, else
    /// /run/jury/jury.sock, else $XDG_RUNTIME_DIR/jury.sock, whichever is there)
    #[arg(long, global = true, value_name = "PATH")]
    pub socket: Option<PathBuf>,
    /// Trust only a server running as this user (default: $JURY_SERVER_USER,
    /// else the owner of the socket)
    #[arg(long, global = true, value_name = "NAME")]
    pub server_user: Option<String>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Load a jury/contest@1 file (.json) into the database, or add and
    /// update entries from a spreadsheet (.xlsx, .ods, .csv) and a folder
    /// of write-ups (all or nothing)
    Import {
        file: Option<PathBuf>,
        /// Replace the contest already in the database, losing its sheets and notes
        #[arg(long)]
        replace: bool,
        /// The spreadsheet's sheet to read (default: the first)
        #[arg(long, value_name = "NAME")]
        sheet: Option<String>,
        /// Attach write-ups DIR/<entry id>.docx|.md|.txt and attachments DIR/<entry id>-*.*
        #[arg(long, value_name = "DIR")]
        documents: Option<PathBuf>,
    },
    /// Print every key of every screen, as a Markdown table
    Keys,
    /// List the entries, sorted in Vietnamese dictionary order by title or
    /// unit, with late and screened-out ones marked; or screen them
    Entries {
        #[command(subcommand)]
        action: Option<entries::ScreenAction>,
        #[arg(long, value_enum, default_value = "id")]
        sort: entries::SortBy,
        /// Only entries of this reform area (its id, e.g. tthc, or its name)
        #[arg(long, value_name = "F")]
        field: Option<String>,
        #[arg(long, value_enum, default_value = "table")]
        format: entries::Format,
    },
    /// Own the database and let every member's jury connect over a Unix socket
    Serve {
        /// Let this group's members connect (socket 0660 in a 0750 folder; default 0600)
        #[arg(long, value_name = "NAME")]
        group: Option<String>,
        /// Connections one login may hold at once
        #[arg(long, value_name = "N", default_value_t = crate::server::MAX_PER_LOGIN)]
        max_per_login: usize,
        /// Connections the server holds at once
        #[arg(long, value_name = "N", default_value_t = crate::server::MAX_CONNECTIONS)]
        max_connections: usize,
        /// Close a connection that sends nothing for this many seconds
        #[arg(long, value_name = "SECS", default_value_t = crate::server::IDLE_SECS)]
        idle_timeout: u64,
        /// The file of members' SSH keys this server keeps (default: ~/.ssh/authorized_keys
        /// of the account running it; lines that are not jury's are kept)
        #[arg(long, value_name = "FILE")]
        authorized_keys: Option<PathBuf>,
    },
    /// Members' SSH keys for one shared service account (the chair or the
    /// server's owner, through the server)
    SshKey {
        #[command(subcommand)]
        action: ssh_key::SshKeyAction,
    },
    /// Run a member's app on this server's SSH service account: the forced
    /// command of their key in authorized_keys (written by `jury ssh-key add`)
    Connect {
        /// The member's key, as `jury ssh-key list` shows it
        #[arg(long, value_name = "ID")]
        key: String,
    },
    /// Manage the council: add, remove or list members (the chair, through a server)
    Judge {
        #[command(subcommand)]
        action: council::JudgeAction,
    },
    /// The council's meeting: time, place, attendance, vote, decisions (secretary or chair)
    Meeting {
        #[command(subcommand)]
        action: Option<meeting::MeetingAction>,
    },
    /// Conflicts of interest: list them, recuse a member, confirm or dismiss proposals
    Conflicts {
        #[command(subcommand)]
        action: Option<council::ConflictAction>,
    },
    /// Share a round's entries out among the members, or add one more member to an entry
    Assign {
        /// Members per entry (balanced, conflict-free, the same for the same input)
        #[arg(long, value_name = "K")]
        per_entry: Option<u32>,
        /// One more member for this entry (a third marking)
        #[arg(long, value_name = "ID")]
        entry: Option<String>,
        /// With --entry: which member (default: the least loaded free one)
        #[arg(long, value_name = "ID")]
        member: Option<String>,
        /// The round (default: the current one)
        #[arg(long)]
        round: Option<String>,
        /// With --per-entry: proceed even if members with unfinished notes lose entries
        #[arg(long)]
        force: bool,
    },
    /// The rubric: show it, unlock it with a reason, or replace it
    Rubric {
        #[command(subcommand)]
        action: Option<council::RubricAction>,
    },
    /// The audit trail: every change, who made it and when; `verify` checks the chain
    Audit {
        #[command(subcommand)]
        action: Option<audit::AuditAction>,
        #[arg(long, value_name = "ID")]
        entry: Option<String>,
        /// Only changes made by or about this member
        #[arg(long = "member", value_name = "ID")]
        member: Option<String>,
        #[arg(long, value_enum, default_value = "table")]
        format: audit::Format,
        /// Write to FILE (owner-only) instead of standard output
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// The ranking of a round, with proposed prizes and flags
    Rank {
        #[arg(long, default_value = "mean", value_parser = parse_method)]
        method: crate::domain::ranking::Method,
        #[arg(long, value_enum, default_value = "table")]
        format: results::Format,
        /// The round (default: the current one)
        #[arg(long)]
        round: Option<String>,
    },
    /// The council's documents: summary table, each member's score sheet, minutes
    /// (Markdown for .md, a workbook for .xlsx, a Word document for .docx)
    Report {
        #[arg(short, long, value_name = "FILE")]
        output: PathBuf,
        #[arg(long, default_value = "mean", value_parser = parse_method)]
        method: crate::domain::ranking::Method,
        #[arg(long)]
        round: Option<String>,
        /// Which Word document (.docx only): the minutes (the default), the
        /// proposal for awards, or the score sheets
        #[arg(long, value_enum)]
        doc: Option<crate::report::docx::Paper>,
        /// Only this member's score sheets (with --doc phieu)
        #[arg(long, value_name = "ID")]
        member: Option<String>,
    },
    /// Rounds of judging: list them, or close the current one and advance entries
    Round {
        #[command(subcommand)]
        action: Option<results::RoundAction>,
    },
    /// Show the ranking and every submitted sheet to the whole council (the
    /// chair; asks first, --yes answers for scripts)
    Publish {
        /// Publish without asking
        #[arg(long)]
        yes: bool,
    },
    /// Hide the published results again (the chair; asks first, --yes answers for scripts)
    Unpublish {
        /// Hide without asking
        #[arg(long)]
        yes: bool,
    },
    /// Write a member's packet for scoring offline (the chair; the member is --judge)
    Packet {
        #[arg(short, long, value_name = "FILE")]
        output: PathBuf,
    },
    /// Read every stored value back and report what is damaged or
    /// inconsistent (exit 0 when all is well); the server must be stopped
    Check,
    /// Write the whole contest as jury/contest@1; with --judge, only that
    /// member's sheets and notes, to send back from an offline packet
    Export {
        /// Write to FILE instead of standard output
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
}

fn parse_method(s: &str) -> Result<crate::domain::ranking::Method, String> {
    s.parse()
        .map_err(|_| crate::i18n::T::CliBadMethod.with(lang_of_args(), &[&s]))
}

/// The language the command line asked for, while clap is still parsing it.
fn lang_of_args() -> Lang {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    help::lang_in(&args).unwrap_or_else(locale_lang)
}

fn parse_lang(s: &str) -> Result<Lang, String> {
    Lang::parse(s).ok_or_else(|| crate::i18n::T::CliBadLang.with(locale_lang(), &[&s]))
}

/// The language of LC_ALL, else LANG (Vietnamese when it starts with "vi").
fn locale_lang() -> Lang {
    Lang::from_locale(
        std::env::var("LC_ALL").ok().as_deref(),
        std::env::var("LANG").ok().as_deref(),
    )
}

/// A change the database or the server did not take, in `lang`.
fn apply_error(e: crate::app::ApplyError, lang: Lang) -> String {
    match e {
        crate::app::ApplyError::Refused(e) => crate::i18n::refusal(&e, lang),
        crate::app::ApplyError::Failed(e) => e,
    }
}

/// `jury import`: a contest file, or the secretariat's spreadsheet and
/// write-ups, chosen by the file's extension.
fn import(
    target: &backend::Target,
    file: Option<&std::path::Path>,
    replace: bool,
    sheet: Option<&str>,
    documents: Option<&std::path::Path>,
    lang: Lang,
) -> Result<(), String> {
    use crate::i18n::T;
    use crate::secretariat::Kind;
    let kind = file.map(|f| (f, Kind::of(f)));
    let contest_file = match kind {
        Some((f, None)) => {
            let ext = f.extension().map(|e| e.to_ascii_lowercase());
            match ext.as_ref().and_then(|e| e.to_str()) {
                None | Some("json") => Some(f),
                Some(_) => return Err(T::ImpUnknownKind.with(lang, &[&f.display()])),
            }
        }
        _ => None,
    };
    match (contest_file, documents) {
        (Some(f), None) => {
            if sheet.is_some() {
                return Err(T::ImpSheetNotHere.get(lang).to_string());
            }
            transfer::import(target, f, replace, lang)
        }
        (Some(_), Some(_)) => Err(T::ImpDocumentsNotContest.get(lang).to_string()),
        (None, _) if replace => Err(T::ImpReplaceJsonOnly.get(lang).to_string()),
        (None, None) if kind.is_none() => Err(T::ImpNeedsFile.get(lang).to_string()),
        (None, _) => {
            let sheet_file = kind.and_then(|(f, k)| Some((f, k?)));
            if sheet.is_some() && sheet_file.is_none_or(|(_, k)| k == Kind::Csv) {
                return Err(T::ImpSheetNotHere.get(lang).to_string());
            }
            secretariat::import(
                target,
                &secretariat::Sources {
                    sheet_file,
                    sheet,
                    documents,
                },
                lang,
            )
        }
    }
}

/// The demo contest that the default database starts with.
pub const DEMO: &str = include_str!("../../data/demo-contest.json");

/// Runs the command line and returns the process's exit code.
pub fn main() -> ExitCode {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let lang = help::lang_in(&args).unwrap_or_else(locale_lang);
    let cli = help::localise(Cli::command(), lang)
        .try_get_matches_from(args)
        .and_then(|m| Cli::from_arg_matches(&m))
        .unwrap_or_else(|e| match (lang, help::refusal_vi(&e)) {
            (Lang::Vi, Some(why)) => {
                eprintln!("jury: {}", crate::domain::escape::terminal_block(&why));
                std::process::exit(2)
            }
            _ => e.exit(),
        });
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            // Errors echo what was typed or read: a file, an id, a title.
            eprintln!("jury: {}", crate::domain::escape::terminal_block(&message));
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> Result<(), String> {
    let lang = cli.lang.unwrap_or_else(locale_lang);
    hint::remember(
        cli.db.as_deref(),
        cli.socket.as_deref(),
        cli.judge.as_deref(),
    );
    let target = backend::Target::from_cli(
        cli.db.as_deref(),
        cli.socket.as_deref(),
        cli.server_user.as_deref(),
        lang,
    );
    match cli.command {
        Some(Command::Rank {
            method,
            format,
            round,
        }) => results::rank_cmd(target.open(Missing::Refuse)?, round, method, format, lang),
        Some(Command::Report {
            output,
            method,
            round,
            doc,
            member,
        }) => results::report_cmd(
            target.open(Missing::Refuse)?,
            results::ReportAsk {
                round,
                method,
                paper: doc,
                member,
                output: &output,
            },
            lang,
        ),
        Some(Command::Round { action }) => results::round_cmd(
            target.open(Missing::Refuse)?,
            cli.judge.as_deref(),
            action.unwrap_or(results::RoundAction::List),
            lang,
        ),
        Some(Command::Import {
            file,
            replace,
            sheet,
            documents,
        }) => import(
            &target,
            file.as_deref(),
            replace,
            sheet.as_deref(),
            documents.as_deref(),
            lang,
        ),
        Some(Command::Publish { yes }) => publish::run(
            target.open(Missing::Refuse)?,
            cli.judge.as_deref(),
            true,
            yes,
            lang,
        ),
        Some(Command::Unpublish { yes }) => publish::run(
            target.open(Missing::Refuse)?,
            cli.judge.as_deref(),
            false,
            yes,
            lang,
        ),
        Some(Command::Packet { output }) => {
            let judge = cli
                .judge
                .as_deref()
                .ok_or_else(|| crate::i18n::T::CliPacketWhose.get(lang).to_string())?;
            transfer::packet(target.open(Missing::Refuse)?, judge, &output, lang)
        }
        Some(Command::Entries {
            action: Some(action),
            ..
        }) => entries::screen(
            target.open(Missing::Refuse)?,
            cli.judge.as_deref(),
            action,
            lang,
        ),
        Some(Command::Entries {
            action: None,
            sort,
            field,
            format,
        }) => entries::run(
            target.open(Missing::Refuse)?,
            sort,
            field.as_deref(),
            format,
            lang,
        ),
        Some(Command::Keys) => {
            print!("{}", crate::input::keymap::markdown(lang));
            Ok(())
        }
        Some(Command::Export { output }) => match cli.judge.as_deref() {
            Some(judge) => transfer::export_return(
                target.open(Missing::Refuse)?,
                judge,
                output.as_deref(),
                lang,
            ),
            None => transfer::export(
                &target.open(Missing::Refuse)?.load(lang)?,
                output.as_deref(),
                lang,
            ),
        },
        Some(Command::Check) => check::run(&target, lang),
        Some(Command::Serve {
            group,
            max_per_login,
            max_connections,
            idle_timeout,
            authorized_keys,
        }) => {
            let db = target.db_path()?;
            let socket = match cli.socket.clone() {
                Some(s) => s,
                None => crate::server::place::serve_default()?,
            };
            crate::server::serve(&crate::server::Options {
                db,
                socket,
                group,
                max_per_login,
                max_connections,
                idle: std::time::Duration::from_secs(idle_timeout),
                authorized_keys,
            })
        }
        Some(Command::SshKey { action }) => ssh_key::run(&target, action, lang),
        Some(Command::Connect { key }) => ssh_key::connect(&target, &key, lang),
        Some(Command::Judge { action }) => council::judges(
            target.open(Missing::Refuse)?,
            cli.judge.as_deref(),
            action,
            lang,
        ),
        Some(Command::Meeting { action }) => meeting::meeting(
            target.open(Missing::Refuse)?,
            cli.judge.as_deref(),
            action.unwrap_or(meeting::MeetingAction::Show),
            lang,
        ),
        Some(Command::Conflicts { action }) => council::conflicts(
            target.open(Missing::Refuse)?,
            cli.judge.as_deref(),
            action.unwrap_or(council::ConflictAction::List),
            lang,
        ),
        Some(Command::Assign {
            per_entry,
            entry,
            member,
            round,
            force,
        }) => council::assign(
            target.open(Missing::Refuse)?,
            cli.judge.as_deref(),
            council::AssignHow {
                round,
                per_entry,
                entry,
                member,
                force,
            },
            lang,
        ),
        Some(Command::Rubric { action }) => council::rubric(
            target.open(Missing::Refuse)?,
            cli.judge.as_deref(),
            action.unwrap_or(council::RubricAction::Show),
            lang,
        ),
        Some(Command::Audit {
            action,
            entry,
            member,
            format,
            output,
        }) => audit::run(
            &target,
            action,
            entry,
            member,
            format,
            output.as_deref(),
            lang,
        ),
        None => match target.open(Missing::Seed)? {
            backend::Opened::Local(store) => {
                crate::run::run_local(store, cli.judge.as_deref(), lang)
            }
            backend::Opened::Remote(remote, contest) => {
                crate::run::run_remote(remote, *contest, lang)
            }
        },
    }
}
