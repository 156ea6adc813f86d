//! `jury ssh-key` (the chair or the server's owner gives members SSH keys
//! for the shared service account) and `jury connect --key ID` (the forced
//! command each key runs: the member's app, and nothing else).

use std::fmt::Display;
use std::io::Read;
use std::path::{Path, PathBuf};

use clap::Subcommand;

use super::backend::{Missing, Opened, Target};
use crate::domain::Lang;
use crate::domain::ssh_key::{KeyProblem, MAX_COMMENT, PublicKey};
use crate::i18n::T;
use crate::store::{MemberKey, Remote, is_key_id};

/// A `.pub` file is one line; anything this long is something else.
const MAX_PUB_FILE: u64 = 64 * 1024;

#[derive(Subcommand, Debug)]
pub enum SshKeyAction {
    /// Give a member a public key (their `id_ed25519.pub`); sshd lets it in
    /// as that member only
    Add {
        #[arg(long, value_name = "ID")]
        member: String,
        /// The member's public key file (`.pub`)
        file: PathBuf,
    },
    /// Every member's key: id, member, type, fingerprint, comment, added when and by whom
    List,
    /// Take a key off at once: new logins with it are refused and its open sessions closed
    Remove { id: String },
}

pub fn run(target: &Target, action: SshKeyAction, lang: Lang) -> Result<(), String> {
    let mut remote = match target.open(Missing::Refuse)? {
        Opened::Remote(remote, _) => remote,
        Opened::Local(_) => return Err(T::CliSshKeyNeedsServer.get(lang).to_string()),
    };
    match action {
        SshKeyAction::Add { member, file } => add(&mut remote, &member, &file, lang),
        SshKeyAction::List => list(&mut remote, lang),
        SshKeyAction::Remove { id } => {
            let k = remote
                .remove_ssh_key(&id)
                .map_err(|e| super::apply_error(e, lang))?;
            say!(
                "{}",
                T::CliSshKeyRemoved.with(lang, &[&k.id, &k.member, &k.fingerprint])
            );
            Ok(())
        }
    }
}

/// Reads the key here too, so a wrong file is named in the member's language.
fn add(remote: &mut Remote, member: &str, file: &Path, lang: Lang) -> Result<(), String> {
    let mut text = String::new();
    std::fs::File::open(file)
        .and_then(|f| f.take(MAX_PUB_FILE).read_to_string(&mut text))
        .map_err(|e| T::CliSshKeyCannotRead.with(lang, &[&file.display() as &dyn Display, &e]))?;
    if let Err(problem) = PublicKey::parse(&text) {
        let why = problem_text(&problem, lang);
        return Err(T::CliSshKeyBadFile.with(lang, &[&file.display() as &dyn Display, &why]));
    }
    let k = remote
        .add_ssh_key(member, &text)
        .map_err(|e| super::apply_error(e, lang))?;
    say!(
        "{}",
        T::CliSshKeyAdded.with(lang, &[&k.id, &k.member, &k.fingerprint])
    );
    Ok(())
}

/// What is wrong with a `.pub` file, in `lang`.
fn problem_text(p: &KeyProblem, lang: Lang) -> String {
    match p {
        KeyProblem::Empty => T::KeyEmpty.get(lang).to_string(),
        KeyProblem::SeveralLines => T::KeySeveralLines.get(lang).to_string(),
        KeyProblem::UnknownType(t) => T::KeyUnknownType.with(lang, &[t]),
        KeyProblem::NoBody => T::KeyNoBody.get(lang).to_string(),
        KeyProblem::BadBody => T::KeyBadBody.get(lang).to_string(),
        KeyProblem::TypeMismatch { written, inside } => {
            T::KeyTypeMismatch.with(lang, &[written, inside])
        }
        KeyProblem::Control => T::KeyControl.get(lang).to_string(),
        KeyProblem::CommentTooLong => T::KeyCommentTooLong.with(lang, &[&MAX_COMMENT]),
    }
}

fn list(remote: &mut Remote, lang: Lang) -> Result<(), String> {
    let keys = remote.ssh_keys().map_err(|e| super::apply_error(e, lang))?;
    if keys.is_empty() {
        println!("{}", T::CliSshKeyNone.get(lang));
        return Ok(());
    }
    println!("{}", T::CliSshKeyHeader.get(lang));
    for k in keys {
        say!("{}", row(&k));
    }
    Ok(())
}

fn row(k: &MemberKey) -> String {
    let comment = if k.key.comment.is_empty() {
        "-"
    } else {
        k.key.comment.as_str()
    };
    format!(
        "{}\t{}\t{}\t{}\t{}\t{}\t{}",
        k.id, k.member, k.key.kind, k.fingerprint, comment, k.added, k.by
    )
}

/// The forced command of a member's key. A command the member typed after
/// `ssh account@server` is refused, never run: the key gives the app only.
pub fn connect(target: &Target, key: &str, lang: Lang) -> Result<(), String> {
    if let Some(asked) = std::env::var_os("SSH_ORIGINAL_COMMAND") {
        return Err(T::CliConnectCommandRefused.with(lang, &[&asked.to_string_lossy()]));
    }
    if !is_key_id(key) {
        return Err(T::CliConnectBadKey.with(lang, &[&key]));
    }
    let (remote, contest) = target.open_key(key)?;
    crate::run::run_remote(remote, contest, lang)
}
