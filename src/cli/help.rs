//! `--help` in the member's language. The language is read from the
//! arguments (or the locale) before clap builds its command, since clap
//! prints the help while parsing.

use std::ffi::OsString;

use clap::builder::Str;
use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, ArgAction, Command};

use crate::domain::Lang;
use crate::i18n::{T, help};

/// The `--lang` given among `args` (`--lang vi`, `--lang=vi`), if it names a
/// language jury speaks.
pub fn lang_in(args: &[OsString]) -> Option<Lang> {
    let mut args = args.iter().map(|a| a.to_string_lossy());
    while let Some(a) = args.next() {
        if a == "--" {
            return None;
        }
        if a == "--lang" {
            return args.next().and_then(|v| Lang::parse(&v));
        }
        if let Some(v) = a.strip_prefix("--lang=") {
            return Lang::parse(v);
        }
    }
    None
}

/// The command line's definition with its help in `lang`. The English is
/// clap's own, from the doc comments; Vietnamese replaces every text clap
/// would print in English.
pub fn localise(cmd: Command, lang: Lang) -> Command {
    match lang {
        Lang::En => cmd,
        Lang::Vi => vietnamese(cmd, "", true),
    }
}

fn vietnamese(cmd: Command, path: &str, root: bool) -> Command {
    let key = if root { "jury" } else { path };
    let heading = T::HelpOptions.get(Lang::Vi);
    let mut cmd = cmd
        .disable_help_flag(true)
        .disable_help_subcommand(true)
        .subcommand_help_heading(T::HelpCommands.get(Lang::Vi))
        .subcommand_value_name(T::HelpCommandWord.get(Lang::Vi))
        .help_template(format!(
            "{{about-with-newline}}\n{} {{usage}}\n\n{{all-args}}{{after-help}}",
            T::HelpUsage.get(Lang::Vi)
        ))
        .arg(
            Arg::new("help")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .help(T::HelpHelp.get(Lang::Vi))
                .help_heading(heading)
                .display_order(usize::MAX),
        );
    if let Some(about) = help::vi(key) {
        cmd = cmd.about(about).long_about(None);
    }
    if root {
        cmd = cmd.disable_version_flag(true).arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help(T::HelpVersion.get(Lang::Vi))
                .help_heading(heading),
        );
    }
    cmd = cmd.mut_args(|arg| {
        if arg.get_id() == "help" || arg.get_id() == "version" {
            return arg;
        }
        let key = format!("{path}.{}", arg.get_id());
        let shown = if arg.is_positional() {
            T::HelpArguments.get(Lang::Vi)
        } else {
            heading
        };
        let names: Vec<Str> = match arg.get_value_names() {
            Some(names) => names
                .iter()
                .map(|n| help::value_vi(n).map_or_else(|| n.clone(), Str::from))
                .collect(),
            None => help::value_vi(&arg.get_id().as_str().to_uppercase())
                .map(Str::from)
                .into_iter()
                .collect(),
        };
        let mut arg = arg.help_heading(shown).long_help(None);
        if arg.get_action().takes_values() {
            arg = arg.hide_default_value(true).hide_possible_values(true);
            if !names.is_empty() {
                arg = arg.value_names(names);
            }
        }
        match help::vi(&key) {
            Some(text) => arg.help(text),
            None => arg,
        }
    });
    let line = usage(&cmd, path);
    cmd = cmd.override_usage(line);
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    for name in names {
        let sub_path = if root {
            name.clone()
        } else {
            format!("{path}.{name}")
        };
        cmd = cmd.mut_subcommand(&name, |sub| vietnamese(sub, &sub_path, false));
    }
    cmd
}

/// `jury judge add [TÙY_CHỌN] --id <MÃ> …`: clap's usage line, which says
/// `[OPTIONS]` and `[COMMAND]`, in Vietnamese.
fn usage(cmd: &Command, path: &str) -> String {
    let mut line = vec!["jury".to_string()];
    line.extend(
        path.split('.')
            .filter(|p| !p.is_empty())
            .map(str::to_string),
    );
    line.push(T::HelpOptionsWord.get(Lang::Vi).to_string());
    for arg in cmd
        .get_arguments()
        .filter(|a| !a.is_positional() && a.is_required_set())
    {
        let value = arg
            .get_value_names()
            .and_then(|n| n.first())
            .map(|n| n.to_string())
            .unwrap_or_default();
        if let Some(long) = arg.get_long() {
            line.push(format!("--{long} <{value}>"));
        }
    }
    for arg in cmd.get_positionals() {
        let value = arg
            .get_value_names()
            .and_then(|n| n.first())
            .map(|n| n.to_string())
            .unwrap_or_default();
        let many = if matches!(arg.get_action(), ArgAction::Append) {
            "..."
        } else {
            ""
        };
        line.push(if arg.is_required_set() {
            format!("<{value}>{many}")
        } else {
            format!("[{value}]{many}")
        });
    }
    if cmd.has_subcommands() {
        line.push(format!("[{}]", T::HelpCommandWord.get(Lang::Vi)));
    }
    line.join(" ")
}

/// What clap refused on the command line, in Vietnamese (clap words its
/// errors in English); `None` when clap is showing help or the version.
pub fn refusal_vi(e: &clap::Error) -> Option<String> {
    let ctx = |kind: ContextKind| match e.get(kind) {
        Some(ContextValue::String(s)) => s.clone(),
        Some(ContextValue::Strings(v)) => v.join(", "),
        Some(ContextValue::StyledStr(s)) => s.to_string(),
        Some(ContextValue::StyledStrs(v)) => v
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(", "),
        Some(ContextValue::Number(n)) => n.to_string(),
        _ => String::new(),
    };
    let vi = |t: T, args: &[&dyn std::fmt::Display]| t.with(Lang::Vi, args);
    Some(match e.kind() {
        ErrorKind::DisplayHelp
        | ErrorKind::DisplayVersion
        | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => return None,
        ErrorKind::UnknownArgument => vi(T::ClapUnknownArgument, &[&ctx(ContextKind::InvalidArg)]),
        ErrorKind::InvalidSubcommand => vi(
            T::ClapUnknownCommand,
            &[&ctx(ContextKind::InvalidSubcommand)],
        ),
        ErrorKind::InvalidValue => vi(
            T::ClapInvalidValue,
            &[
                &ctx(ContextKind::InvalidValue),
                &ctx(ContextKind::InvalidArg),
                &ctx(ContextKind::ValidValue),
            ],
        ),
        ErrorKind::ValueValidation => {
            let why = std::error::Error::source(e)
                .map(ToString::to_string)
                .unwrap_or_default();
            vi(
                T::ClapBadValue,
                &[
                    &ctx(ContextKind::InvalidValue),
                    &ctx(ContextKind::InvalidArg),
                    &why,
                ],
            )
        }
        ErrorKind::MissingRequiredArgument => vi(T::ClapMissing, &[&ctx(ContextKind::InvalidArg)]),
        ErrorKind::MissingSubcommand => vi(T::ClapMissingCommand, &[]),
        ErrorKind::ArgumentConflict => vi(
            T::ClapConflict,
            &[&ctx(ContextKind::InvalidArg), &ctx(ContextKind::PriorArg)],
        ),
        _ => vi(T::ClapOther, &[&ctx(ContextKind::InvalidArg)]),
    })
}
