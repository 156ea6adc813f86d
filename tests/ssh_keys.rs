//! One SSH account for the whole council (issue 18): each member's public
//! key is a line in the service account's authorized_keys forcing
//! `jury connect --key ID`, and the server takes a key's word only from its
//! own account.

mod common;

#[path = "common/server.rs"]
mod server;

use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use common::{jury, stderr, stdout};
use jury::domain::ssh_key::{PublicKey, base64_encode};
use serde_json::{Value, json};
use server::{Client, Server, contest_as, key, me};

/// An ed25519 public key (any 32 bytes make a well-formed one).
fn public_key(seed: u8, comment: &str) -> String {
    let mut blob = Vec::new();
    blob.extend(11u32.to_be_bytes());
    blob.extend(b"ssh-ed25519");
    blob.extend(32u32.to_be_bytes());
    blob.extend([seed; 32]);
    format!("ssh-ed25519 {} {comment}\n", base64_encode(&blob))
}

fn fingerprint(text: &str) -> String {
    PublicKey::parse(text).unwrap().fingerprint()
}

/// A server whose authorized_keys is a file of the test's, already holding
/// the IT office's own line.
struct Council {
    server: Server,
    keys_file: PathBuf,
    _dir: tempfile::TempDir,
}

const FOREIGN: &str = "# the IT office\nssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC7 admin@desk\n";

impl Council {
    fn start(contest: &Value) -> Council {
        Council::start_with(contest, &[])
    }

    fn start_with(contest: &Value, extra: &[&str]) -> Council {
        let dir = tempfile::tempdir().unwrap();
        let keys_file = dir.path().join("authorized_keys");
        std::fs::write(&keys_file, FOREIGN).unwrap();
        let mut flags = vec!["--authorized-keys", keys_file.to_str().unwrap()];
        flags.extend_from_slice(extra);
        let server = Server::start_with(contest, &flags);
        Council {
            server,
            keys_file,
            _dir: dir,
        }
    }

    fn jury(&self, args: &[&str]) -> Output {
        jury()
            .arg("--socket")
            .arg(&self.server.socket)
            .args(args)
            .stdin(Stdio::null())
            .output()
            .unwrap()
    }

    /// `jury ssh-key add` for `member` with the key `text`; its id.
    fn add(&self, member: &str, text: &str) -> String {
        let file = self
            ._dir
            .path()
            .join(format!("{member}-{}.pub", text.len()));
        std::fs::write(&file, text).unwrap();
        let out = self.jury(&["ssh-key", "add", "--member", member, file.to_str().unwrap()]);
        assert!(out.status.success(), "{}", stderr(&out));
        let said = stdout(&out);
        said.split_whitespace()
            .find(|w| w.starts_with("key-"))
            .unwrap_or_else(|| panic!("no key id in {said}"))
            .to_string()
    }

    fn file(&self) -> String {
        std::fs::read_to_string(&self.keys_file).unwrap()
    }

    /// A raw client that says it comes with key `id` (as `jury connect` does).
    fn client_with_key(&self, id: &str) -> (Client, Value) {
        let mut c = self.server.client();
        let hello = c.request(json!({"op": "hello_key", "version": 1, "key": id}));
        (c, hello)
    }
}

/// The jury binary as the tests run it: the path the forced command names.
fn jury_path() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_jury"))
        .canonicalize()
        .unwrap()
}

#[test]
fn a_key_line_is_written_and_removed_and_other_lines_stay() {
    let c = Council::start(&contest_as("GK01"));
    let text = public_key(7, "an@laptop");
    let id = c.add("GK02", &text);
    let body = text.split(' ').nth(1).unwrap();
    let want = format!(
        "command=\"{} connect --key {id}\",restrict,pty ssh-ed25519 {body} an@laptop\n",
        jury_path().display()
    );
    assert_eq!(c.file(), format!("{FOREIGN}{want}"));
    let meta = std::fs::metadata(&c.keys_file).unwrap();
    assert_eq!(meta.mode() & 0o777, 0o600);

    let list = c.jury(&["ssh-key", "list"]);
    let listed = stdout(&list);
    assert!(listed.contains(&id) && listed.contains("GK02"), "{listed}");
    assert!(listed.contains(&fingerprint(&text)), "{listed}");

    let out = c.jury(&["ssh-key", "remove", &id]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(c.file(), FOREIGN);
}

#[test]
fn a_comment_cannot_add_options_or_lines() {
    let c = Council::start(&contest_as("GK01"));
    let good = public_key(1, "x");
    let body = good.split(' ').nth(1).unwrap().to_string();
    let evil = [
        format!("ssh-ed25519 {body} a\ncommand=\"/bin/sh\" ssh-ed25519 {body} b\n"),
        format!("ssh-ed25519 {body} a\rcommand=\"/bin/sh\" ssh-ed25519 {body}\n"),
        format!("command=\"/bin/sh\" ssh-ed25519 {body} a\n"),
        format!("ssh-ed25519 {body} a\u{85}command=\"/bin/sh\"\n"),
    ];
    for (i, text) in evil.iter().enumerate() {
        let file = c._dir.path().join(format!("evil{i}.pub"));
        std::fs::write(&file, text).unwrap();
        let out = c.jury(&["ssh-key", "add", "--member", "GK02", file.to_str().unwrap()]);
        assert!(!out.status.success(), "{text:?} was taken");
        assert!(
            stderr(&out).contains("is not a usable SSH public key"),
            "{}",
            stderr(&out)
        );
        // A script talking to the server directly fares no better.
        let mut chair = c.server.client();
        chair.hello();
        let r = chair.request(json!({"op": "ssh_key_add", "member": "GK02", "public_key": text}));
        assert_eq!(r["error"]["detail"]["error"], "bad_key", "{r}");
    }
    assert_eq!(c.file(), FOREIGN);
    assert!(!c.file().contains("/bin/sh"));
}

#[test]
fn connect_with_a_key_that_does_not_exist_or_was_removed_is_refused() {
    let c = Council::start(&contest_as("GK01"));
    let out = c.jury(&["connect", "--key", "key-9"]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("there is no SSH key key-9"),
        "{}",
        stderr(&out)
    );

    let id = c.add("GK02", &public_key(2, "an"));
    let (_, hello) = c.client_with_key(&id);
    assert_eq!(hello["ok"]["judge"]["id"], "GK02", "{hello}");
    assert!(c.jury(&["ssh-key", "remove", &id]).status.success());
    let out = c.jury(&["connect", "--key", &id]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains(&format!("there is no SSH key {id}")),
        "{}",
        stderr(&out)
    );
}

#[test]
fn connect_refuses_a_command_typed_after_ssh() {
    let c = Council::start(&contest_as("GK01"));
    let id = c.add("GK02", &public_key(3, "an"));
    let out = jury()
        .arg("--socket")
        .arg(&c.server.socket)
        .args(["connect", "--key", &id])
        .env("SSH_ORIGINAL_COMMAND", "bash -i")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(
        err.contains("\"bash -i\" was not run") && err.contains("ssh ACCOUNT@SERVER"),
        "{err}"
    );
}

/// Runs `cmd` as nobody (uid and gid 65534); `None` when this process may
/// not change its user (the test is then skipped with a message).
fn as_nobody(cmd: &mut Command) -> Option<Output> {
    // SAFETY: geteuid has no preconditions.
    if unsafe { libc::geteuid() } != 0 {
        eprintln!("skipped: only root can run a client as another user here");
        return None;
    }
    Some(
        cmd.uid(65534)
            .gid(65534)
            .stdin(Stdio::null())
            .output()
            .unwrap(),
    )
}

/// A council whose socket nobody's group may reach (`--group nogroup`).
fn council_nobody_reaches() -> Council {
    let c = Council::start_with(&contest_as("GK01"), &["--group", "nogroup"]);
    let top = c.server.socket.parent().and_then(Path::parent).unwrap();
    std::fs::set_permissions(top, std::fs::Permissions::from_mode(0o755)).unwrap();
    c
}

#[test]
fn another_login_that_names_a_key_is_refused() {
    let c = council_nobody_reaches();
    let id = c.add("GK02", &public_key(4, "an"));
    let mut cmd = jury();
    cmd.arg("--socket")
        .arg(&c.server.socket)
        .args(["connect", "--key", &id]);
    let Some(out) = as_nobody(&mut cmd) else {
        return;
    };
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(
        err.contains("\"nobody\" may not connect with an SSH key"),
        "{err}"
    );
    // Nor is nobody, not being the service account, taken for the server's owner.
    let mut cmd = jury();
    cmd.arg("--socket").arg(&c.server.socket).arg("rank");
    let out = as_nobody(&mut cmd).unwrap();
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(
        err.contains("\"nobody\" is not on the council") && err.contains("jury judge add"),
        "{err}"
    );
}

fn note(text: &str, entry: &str, judge: &str) -> Value {
    json!({"op": "apply", "change": {"op": "save_note", "key": key(entry, judge), "text": text, "base": 0}})
}

fn sheet_owners(load: &Value) -> Vec<String> {
    let c = &load["ok"]["contest"];
    c["sheets"]
        .as_array()
        .unwrap()
        .iter()
        .chain(c["notes"].as_array().unwrap())
        .map(|s| s["key"]["judge"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn two_keys_of_two_members_on_one_account_see_only_their_own_sheets() {
    let c = Council::start(&contest_as("GK01"));
    let k2 = c.add("GK02", &public_key(5, "an"));
    let k3 = c.add("GK03", &public_key(6, "binh"));
    let (mut an, hello) = c.client_with_key(&k2);
    assert_eq!(hello["ok"]["judge"]["id"], "GK02", "{hello}");
    let (mut binh, hello) = c.client_with_key(&k3);
    assert_eq!(hello["ok"]["judge"]["id"], "GK03", "{hello}");

    let saved = an.request(note("an's draft", "SK04", "GK02"));
    assert_eq!(saved["type"], "reply", "{saved}");
    let saved = binh.request(note("binh's draft", "SK04", "GK03"));
    assert_eq!(saved["type"], "reply", "{saved}");
    // Each may write only their own sheet, whichever key they came with.
    let theft = an.request(note("not mine", "SK02", "GK03"));
    assert_eq!(theft["error"]["code"], "forbidden", "{theft}");

    for (client, mine) in [(&mut an, "GK02"), (&mut binh, "GK03")] {
        let owners = sheet_owners(&client.request(json!({"op": "load"})));
        assert!(owners.iter().any(|o| o == mine), "{mine}: {owners:?}");
        assert!(owners.iter().all(|o| o == mine), "{mine} sees {owners:?}");
    }
}

#[test]
fn removing_a_key_closes_its_open_session() {
    let c = Council::start(&contest_as("GK01"));
    let k2 = c.add("GK02", &public_key(8, "an"));
    let k3 = c.add("GK03", &public_key(9, "binh"));
    let (mut an, _) = c.client_with_key(&k2);
    let (mut binh, _) = c.client_with_key(&k3);
    assert_eq!(an.request(json!({"op": "ping"}))["ok"]["kind"], "pong");

    let out = c.jury(&["ssh-key", "remove", &k2]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("open sessions are closed"));
    // The open session gets no more answers: the server closed it.
    let _ = an.try_send(b"{\"id\": 50, \"op\": \"ping\"}\n");
    assert!(
        an.frame().is_none(),
        "the removed key's session is still open"
    );
    // The other member's session goes on.
    assert_eq!(binh.request(json!({"op": "ping"}))["ok"]["kind"], "pong");
}

#[test]
fn the_audit_names_the_keys_fingerprint() {
    let c = Council::start(&contest_as("GK01"));
    let text = public_key(10, "an@laptop");
    let print = fingerprint(&text);
    let id = c.add("GK02", &text);
    let (mut an, _) = c.client_with_key(&id);
    let saved = an.request(note("through the key", "SK04", "GK02"));
    assert_eq!(saved["type"], "reply", "{saved}");

    let mut chair = c.server.client();
    chair.hello();
    let audit = chair.request(json!({"op": "audit"}));
    let records = audit["ok"]["records"].as_array().unwrap();
    let added = records
        .iter()
        .find(|r| r["action"] == "ssh_key_add")
        .expect("the key's addition is audited");
    assert_eq!(added["subject"], "GK02");
    assert_eq!(added["judge"], "GK01");
    assert_eq!(added["after"]["fingerprint"], print.as_str());
    assert_eq!(added["after"]["type"], "ssh-ed25519");
    assert_eq!(added["after"]["comment"], "an@laptop");
    let noted = records
        .iter()
        .find(|r| r["action"] == "note" && r["judge"] == "GK02")
        .expect("the note is audited");
    let login = noted["login"].as_str().unwrap();
    assert!(
        login.contains(&print) && login.contains(&id),
        "the audit of a change through a key names it: {login}"
    );

    assert!(c.jury(&["ssh-key", "remove", &id]).status.success());
    let audit = chair.request(json!({"op": "audit"}));
    let removed = audit["ok"]["records"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["action"] == "ssh_key_remove")
        .cloned()
        .expect("the key's removal is audited");
    assert_eq!(removed["before"]["fingerprint"], print.as_str());
}

#[test]
fn the_service_account_on_no_members_behalf_administers_the_council() {
    // Our login is on no member: we are only the account the server runs as.
    let c = Council::start(&contest_as("NOBODY"));
    let mut owner = c.server.client();
    let hello = owner.hello();
    assert_eq!(hello["ok"]["judge"]["id"], format!("@{}", me()), "{hello}");
    assert_eq!(hello["ok"]["judge"]["role"], "chair");
    let id = c.add("GK02", &public_key(11, "an"));
    let list = stdout(&c.jury(&["ssh-key", "list"]));
    assert!(list.contains(&format!("@{}", me())), "{list}");
    // The owner has no sheet of its own to write.
    let r = owner.request(note("the owner's", "SK01", "GK02"));
    assert_eq!(r["error"]["code"], "forbidden", "{r}");
    // A member through a key is not the owner: no key administration.
    let (mut an, _) = c.client_with_key(&id);
    let r = an.request(json!({"op": "ssh_key_list"}));
    assert_eq!(r["error"]["code"], "forbidden", "{r}");
}

#[test]
fn removing_a_member_removes_their_keys() {
    let c = Council::start(&contest_as("GK01"));
    let added = c.jury(&["judge", "add", "--id", "GK04", "--name", "Trần Văn Bình"]);
    assert!(added.status.success(), "{}", stderr(&added));
    let id = c.add("GK04", &public_key(12, "binh"));
    let (mut binh, hello) = c.client_with_key(&id);
    assert_eq!(hello["ok"]["judge"]["id"], "GK04", "{hello}");
    let out = c.jury(&["judge", "remove", "GK04"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(c.file(), FOREIGN);
    assert!(!stdout(&c.jury(&["ssh-key", "list"])).contains(&id));
    let _ = binh.try_send(b"{\"id\": 50, \"op\": \"ping\"}\n");
    assert!(
        binh.frame().is_none(),
        "the member's key session is still open"
    );
}

/// Through a key the member gets jury and nothing else: no part of jury
/// starts another program (a shell, an editor, a pager).
#[test]
fn nothing_in_jury_starts_another_program() {
    fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                rust_files(&p, out);
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push(p);
            }
        }
    }
    let mut files = Vec::new();
    rust_files(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut files,
    );
    assert!(files.len() > 10);
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        for starts in [
            "process::Command",
            "Command::new(",
            "libc::exec",
            "libc::system",
            "libc::fork",
        ] {
            assert!(
                !text.contains(starts),
                "{} uses {starts}: a member through an SSH key must not reach another program",
                f.display()
            );
        }
    }
}

#[test]
fn a_key_sshd_could_not_be_told_about_is_not_kept() {
    let dir = tempfile::tempdir().unwrap();
    // The file's folder cannot be made: a plain file stands where it would be.
    std::fs::write(dir.path().join("not-a-folder"), "").unwrap();
    let file = dir.path().join("not-a-folder").join("authorized_keys");
    let s = Server::start_with(
        &contest_as("GK01"),
        &["--authorized-keys", file.to_str().unwrap()],
    );
    let pub_file = dir.path().join("an.pub");
    std::fs::write(&pub_file, public_key(13, "an")).unwrap();
    let run = |args: &[&str]| {
        jury()
            .arg("--socket")
            .arg(&s.socket)
            .args(args)
            .output()
            .unwrap()
    };
    let out = run(&[
        "ssh-key",
        "add",
        "--member",
        "GK02",
        pub_file.to_str().unwrap(),
    ]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("the key was not added"),
        "{}",
        stderr(&out)
    );
    let list = stdout(&run(&["ssh-key", "list"]));
    assert!(list.contains("no SSH keys"), "{list}");
}

#[test]
fn ssh_keys_are_kept_by_the_server_only() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::imported(&dir);
    let out = common::run(&db, &["ssh-key", "list"]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("works only through the server"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_member_removed_while_the_server_was_stopped_gets_no_line_at_restart() {
    let mut c = Council::start(&contest_as("GK01"));
    let added = c.jury(&["judge", "add", "--id", "GK04", "--name", "Lê Văn Cường"]);
    assert!(added.status.success(), "{}", stderr(&added));
    let id = c.add("GK04", &public_key(14, "cuong"));
    assert!(c.file().contains(&id));
    c.server.stop(10);
    let out = common::run(&c.server.db, &["judge", "remove", "GK04"]);
    assert!(out.status.success(), "{}", stderr(&out));
    c.server.restart();
    assert_eq!(c.file(), FOREIGN);
    let (_, hello) = c.client_with_key(&id);
    assert_eq!(hello["error"]["code"], "unknown_login", "{hello}");
}
