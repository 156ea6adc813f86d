//! Adding and removing members' SSH keys on the server: the database first
//! (audited), then the service account's `authorized_keys`, then the open
//! sessions of a removed key. Runs on the writer thread, one at a time.

use super::authorized::Gateway;
use super::log;
use super::shared::Shared;
use crate::domain::Contest;
use crate::domain::ssh_key::PublicKey;
use crate::store::{Doing, MemberKey, Store, StoreError, Who};

/// The file the server keeps: `--authorized-keys`, else the account's own
/// `~/.ssh/authorized_keys`; none (logged) when jury's path cannot go in it.
pub fn gateway_for(file: Option<std::path::PathBuf>) -> Option<Gateway> {
    let file = file.or_else(|| dirs::home_dir().map(|h| h.join(".ssh").join("authorized_keys")))?;
    match Gateway::new(file) {
        Ok(gw) => Some(gw),
        Err(why) => {
            log::line(&format!("members' SSH keys cannot be used: {why}"));
            None
        }
    }
}

fn gateway(shared: &Shared) -> Result<&Gateway, StoreError> {
    shared.gateway.as_ref().ok_or_else(|| {
        StoreError::failed(
            Doing::NoKeyFile,
            "it could not find its account's home folder; start it with --authorized-keys FILE",
        )
    })
}

/// Gives `key` to `member`; if the file cannot be written, the key is taken
/// off again, so the council never lists a key sshd does not know.
pub fn add(
    store: &Store,
    shared: &Shared,
    by: &Who,
    member: &str,
    key: PublicKey,
) -> Result<MemberKey, StoreError> {
    let gw = gateway(shared)?;
    let added = store.add_ssh_key(&shared.read(), by, member, key)?;
    if let Err(e) = gw.write(&members_keys(store, &shared.read())?) {
        let _ = store.remove_ssh_key(by, &added.id);
        return Err(StoreError::failed(Doing::KeyNotAdded, e));
    }
    log::line(&format!(
        "{} gave key {} ({} {}) to {}; {} rewritten",
        by.judge,
        added.id,
        added.key.kind,
        added.fingerprint,
        added.member,
        gw.file.display()
    ));
    Ok(added)
}

/// Takes key `id` off: new connections with it are refused at once, its
/// open sessions are closed, and its line leaves `authorized_keys`.
pub fn remove(store: &Store, shared: &Shared, by: &Who, id: &str) -> Result<MemberKey, StoreError> {
    let gone = store.remove_ssh_key(by, id)?;
    let closed = shared.close_key(&gone.id);
    log::line(&format!(
        "{} removed key {} ({}) of {}; {closed} open session(s) closed",
        by.judge, gone.id, gone.fingerprint, gone.member
    ));
    rewrite(store, shared)?;
    Ok(gone)
}

/// A member left the council: their keys go with them.
pub fn member_left(store: &Store, shared: &Shared, by: &Who, member: &str) {
    match store.remove_member_keys(by, member) {
        Ok(gone) if gone.is_empty() => {}
        Ok(gone) => {
            for k in &gone {
                shared.close_key(&k.id);
            }
            let ids: Vec<&str> = gone.iter().map(|k| k.id.as_str()).collect();
            log::line(&format!(
                "{member} left the council; their keys {} are removed",
                ids.join(", ")
            ));
            if let Err(e) = rewrite(store, shared) {
                log::line(&e.to_string());
            }
        }
        Err(e) => log::line(&format!(
            "{member} left the council, but their SSH keys could not be removed: {e}; \
             remove them with jury ssh-key remove"
        )),
    }
}

/// Writes `authorized_keys` from the keys in the database.
fn rewrite(store: &Store, shared: &Shared) -> Result<(), StoreError> {
    let gw = gateway(shared)?;
    let keys = members_keys(store, &shared.read())?;
    gw.write(&keys)
        .map_err(|e| StoreError::failed(Doing::KeyStillListed, e))
}

/// The keys whose member is on the council: a member removed while the
/// server was stopped (`jury --db … judge remove`) gets no line.
fn members_keys(store: &Store, contest: &Contest) -> Result<Vec<MemberKey>, StoreError> {
    Ok(store
        .ssh_keys()?
        .into_iter()
        .filter(|k| contest.judge(&k.member).is_some())
        .collect())
}

/// At start: the file follows the database, if the council has keys or the
/// file has jury's lines (a file that never had any is not touched).
pub fn sync_at_start(store: &Store, contest: &Contest, gw: &Gateway) {
    let keys = match members_keys(store, contest) {
        Ok(keys) => keys,
        Err(e) => {
            log::line(&format!("cannot read the members' SSH keys: {e}"));
            return;
        }
    };
    if keys.is_empty() && !gw.has_jury_lines() {
        return;
    }
    match gw.write(&keys) {
        Ok(()) => log::line(&format!(
            "{} holds the council's {} SSH key(s)",
            gw.file.display(),
            keys.len()
        )),
        Err(e) => log::line(&format!("cannot bring authorized_keys up to date: {e}")),
    }
}
