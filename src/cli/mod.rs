//! The command line: `jury` opens the app; subcommands import, export and report.

mod transfer;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::domain::Lang;
use crate::store::Store;

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
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Load a jury/contest@1 file into the database (all or nothing)
    Import {
        file: PathBuf,
        /// Replace the contest already in the database, losing its sheets and notes
        #[arg(long)]
        replace: bool,
    },
    /// Print every key of every screen, as a Markdown table
    Keys,
    /// Write the whole contest, with every sheet and note, as jury/contest@1
    Export {
        /// Write to FILE instead of standard output
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
}

fn parse_lang(s: &str) -> Result<Lang, String> {
    Lang::parse(s).ok_or_else(|| format!("\"{s}\" is not a language jury speaks; use vi or en"))
}

/// The demo contest that the default database starts with.
pub const DEMO: &str = include_str!("../../data/demo-contest.json");

/// Runs the command line and returns the process's exit code.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("jury: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> Result<(), String> {
    let lang = cli.lang.unwrap_or_else(|| {
        Lang::from_locale(
            std::env::var("LC_ALL").ok().as_deref(),
            std::env::var("LANG").ok().as_deref(),
        )
    });
    match cli.command {
        Some(Command::Import { file, replace }) => {
            let store = open_store(cli.db.as_ref(), false)?;
            transfer::import(&store, &file, replace)
        }
        Some(Command::Keys) => {
            print!("{}", crate::input::keymap::markdown(lang));
            Ok(())
        }
        Some(Command::Export { output }) => {
            let store = open_store(cli.db.as_ref(), true)?;
            transfer::export(&store, output.as_deref())
        }
        None => {
            let store = open_store(cli.db.as_ref(), true)?;
            crate::app::run::run_local(store, cli.judge.as_deref(), lang).map_err(|e| e.to_string())
        }
    }
}

/// Opens `--db`, or the per-user database, seeding the latter with the demo
/// contest on first use when `seed` is set.
fn open_store(db: Option<&PathBuf>, seed: bool) -> Result<Store, String> {
    let (path, default) = match db {
        Some(p) => (p.clone(), false),
        None => (default_db()?, true),
    };
    let store = Store::open(&path).map_err(|e| e.to_string())?;
    if default && seed && !store.has_contest().map_err(|e| e.to_string())? {
        let demo = crate::contest_file::read_bytes("data/demo-contest.json", DEMO.as_bytes())
            .map_err(|e| format!("the built-in demo contest is damaged: {e}"))?;
        store.replace_contest(&demo).map_err(|e| e.to_string())?;
    }
    Ok(store)
}

fn default_db() -> Result<PathBuf, String> {
    dirs::data_dir()
        .map(|d| d.join("jury").join("db"))
        .ok_or_else(|| "cannot find your data folder (is HOME set?); pass --db PATH".to_string())
}
