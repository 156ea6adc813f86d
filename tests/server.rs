//! `jury serve` at the protocol level: identity from the socket, who sees
//! what, no lost updates, bad peers, and a kill in the middle of writing.

mod common;

#[path = "common/server.rs"]
mod server;

use std::collections::BTreeMap;
use std::os::unix::fs::PermissionsExt;
use std::time::Duration;

use serde_json::{Value, json};
use server::{Client, Server, contest_as, key, me};

fn note(text: &str, entry: &str, judge: &str, base: u64) -> Value {
    json!({"op": "apply", "change": {"op": "save_note", "key": key(entry, judge), "text": text, "base": base}})
}

#[test]
fn the_current_login_connects_as_its_member() {
    let s = Server::start(&contest_as("GK02"));
    let mut c = s.client();
    let hello = c.hello();
    assert_eq!(hello["type"], "reply", "{hello}");
    assert_eq!(hello["ok"]["judge"]["id"], "GK02");
    assert_eq!(hello["ok"]["login"], me());
}

#[test]
fn the_servers_own_login_on_no_member_is_the_servers_owner() {
    // Another login not on the council is refused (tests/ssh_keys.rs runs
    // one as nobody); the account running the server administers it.
    let mut contest = contest_as("GK02");
    contest["judges"][1].as_object_mut().unwrap().remove("user");
    let s = Server::start(&contest);
    let mut c = s.client();
    let hello = c.hello();
    assert_eq!(hello["ok"]["judge"]["id"], format!("@{}", me()), "{hello}");
    assert_eq!(hello["ok"]["judge"]["role"], "chair", "{hello}");
}

#[test]
fn under_blind_a_judge_receives_only_their_own_sheets() {
    let s = Server::start(&contest_as("GK02"));
    let mut c = s.client();
    c.hello();
    let load = c.request(json!({"op": "load"}));
    let contest = &load["ok"]["contest"];
    let judges_seen: Vec<&str> = contest["sheets"]
        .as_array()
        .unwrap()
        .iter()
        .chain(contest["notes"].as_array().unwrap())
        .map(|s| s["key"]["judge"].as_str().unwrap())
        .collect();
    assert!(!judges_seen.is_empty());
    assert!(judges_seen.iter().all(|j| *j == "GK02"), "{judges_seen:?}");
    // GK03's note on SK03 exists, but is not GK02's to read or write.
    let get = c.request(json!({"op": "get", "key": key("SK03", "GK03")}));
    assert_eq!(get["error"]["code"], "forbidden", "{get}");
    let write = c.request(note("mine now", "SK03", "GK03", 1));
    assert_eq!(write["error"]["code"], "forbidden", "{write}");
    // The chair sees every submitted sheet and its note; a note on a sheet
    // not submitted stays its author's, even from the chair.
    let chair = Server::start(&contest_as("GK01"));
    let mut c = chair.client();
    c.hello();
    let get = c.request(json!({"op": "get", "key": key("SK01", "GK02")}));
    assert_eq!(
        get["ok"]["note"]["text"], "Giải pháp thiết thực, đề nghị nhân rộng.",
        "{get}"
    );
    let get = c.request(json!({"op": "get", "key": key("SK03", "GK03")}));
    assert_eq!(get["error"]["code"], "forbidden", "{get}");
}

#[test]
fn a_write_on_an_old_version_is_refused_with_the_current_value() {
    let s = Server::start(&contest_as("GK02"));
    let mut c = s.client();
    c.hello();
    let first = c.request(note("một", "SK04", "GK02", 0));
    assert_eq!(first["ok"]["record"]["version"], 1, "{first}");
    let stale = c.request(note("hai", "SK04", "GK02", 0));
    assert_eq!(stale["error"]["code"], "stale", "{stale}");
    assert_eq!(stale["error"]["current"]["text"], "một");
    assert_eq!(stale["error"]["current"]["version"], 1);
}

#[test]
fn only_the_chair_changes_the_council_or_publishes() {
    let s = Server::start(&contest_as("GK02"));
    let mut c = s.client();
    c.hello();
    let r = c.request(json!({"op": "council", "change": {"op": "publish", "published": true}}));
    assert_eq!(r["error"]["code"], "forbidden", "{r}");
    let chair = Server::start(&contest_as("GK01"));
    let mut c = chair.client();
    c.hello();
    let r = c.request(json!({"op": "council", "change": {"op": "publish", "published": true}}));
    assert_eq!(r["ok"]["published"], true, "{r}");
}

#[test]
fn a_second_terminal_of_the_member_sees_the_change_pushed() {
    let s = Server::start(&contest_as("GK02"));
    let (mut a, mut b) = (s.client(), s.client());
    a.hello();
    b.hello();
    a.request(note("từ máy A", "SK02", "GK02", 0));
    let push = b.push(5).expect("a push reaches the other terminal");
    assert_eq!(push["event"]["kind"], "record", "{push}");
    assert_eq!(push["event"]["record"]["text"], "từ máy A");
}

#[test]
fn concurrent_clients_lose_nothing_and_end_in_the_same_state() {
    let s = Server::start(&contest_as("GK02"));
    let socket = s.socket.clone();
    let threads: Vec<_> = (0..8)
        .map(|t| {
            let socket = socket.clone();
            std::thread::spawn(move || {
                let mut c = Client::connect(&socket);
                c.hello();
                for i in 0..15 {
                    // Read, append a line, write on that version; retry when someone was faster.
                    loop {
                        let got = c.request(json!({"op": "get", "key": key("SK04", "GK02")}));
                        let (text, base) = match &got["ok"]["note"] {
                            Value::Null => (String::new(), 0),
                            n => (
                                n["text"].as_str().unwrap().to_string(),
                                n["version"].as_u64().unwrap(),
                            ),
                        };
                        let line = format!("{text}c{t}-{i}\n");
                        let r = c.request(note(&line, "SK04", "GK02", base));
                        if r["type"] == "reply" {
                            break;
                        }
                        assert_eq!(r["error"]["code"], "stale", "{r}");
                    }
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    let mut finals = Vec::new();
    for _ in 0..3 {
        let mut c = s.client();
        c.hello();
        let got = c.request(json!({"op": "get", "key": key("SK04", "GK02")}));
        finals.push(got["ok"]["note"].clone());
    }
    let text = finals[0]["text"].as_str().unwrap();
    for t in 0..8 {
        for i in 0..15 {
            assert!(text.contains(&format!("c{t}-{i}\n")), "c{t}-{i} was lost");
        }
    }
    assert_eq!(finals[0]["version"], 120);
    assert!(
        finals.iter().all(|f| *f == finals[0]),
        "every client sees the same state"
    );
}

#[test]
fn bad_frames_get_an_error_and_the_server_keeps_serving() {
    let s = Server::start(&contest_as("GK02"));
    let mut c = s.client();
    c.send_raw(b"{\"id\": 1, \"op\": \"load\"}\n");
    let f = c.frame().unwrap();
    assert_eq!(f["error"]["code"], "hello_first", "{f}");
    assert!(c.frame().is_none(), "out of order: closed");

    let mut c = s.client();
    c.hello();
    c.send_raw(b"this is not json\n");
    assert_eq!(c.frame().unwrap()["error"]["code"], "bad_frame");
    c.send_raw(b"{\"id\": 5, \"op\": \"fly\"}\n");
    assert_eq!(c.frame().unwrap()["error"]["code"], "bad_frame");
    assert_eq!(
        c.request(json!({"op": "ping"}))["ok"]["kind"],
        "pong",
        "the connection still works"
    );

    let mut big = s.client();
    big.hello();
    let huge = format!(
        "{{\"id\": 9, \"op\": \"apply\", \"pad\": \"{}\"}}\n",
        "x".repeat(jury::protocol::MAX_REQUEST + 1)
    );
    big.send_raw(huge.as_bytes());
    assert_eq!(big.frame().unwrap()["error"]["code"], "too_large");
    assert!(big.frame().is_none(), "oversized: closed");

    let mut wrong = s.client();
    let f = wrong.request(json!({"op": "hello", "version": 99}));
    assert_eq!(f["error"]["code"], "version", "{f}");

    let mut after = s.client();
    assert_eq!(after.hello()["type"], "reply", "others are still served");
    let r = after.request(note("vẫn chạy", "SK02", "GK02", 0));
    assert_eq!(r["type"], "reply", "{r}");
}

#[test]
fn a_server_killed_while_clients_write_loses_no_acknowledged_change() {
    let mut s = Server::start(&contest_as("GK02"));
    for round in 0..4 {
        let socket = s.socket.clone();
        let writers: Vec<_> = ["SK01", "SK02", "SK04"]
            .into_iter()
            .map(|entry| {
                let socket = socket.clone();
                std::thread::spawn(move || {
                    let mut acked: BTreeMap<u64, String> = BTreeMap::new();
                    let mut c = Client::connect(&socket);
                    c.hello();
                    let got = c.request(json!({"op": "get", "key": key(entry, "GK02")}));
                    let mut base = got["ok"]["note"]["version"].as_u64().unwrap_or(0);
                    for i in 0.. {
                        let text = format!("{entry} lần {i}");
                        let mut request = note(&text, entry, "GK02", base);
                        request["id"] = json!(i + 10);
                        if !c.try_send(format!("{request}\n").as_bytes()) {
                            break;
                        }
                        match c.frame() {
                            Some(f) if f["type"] == "reply" => {
                                base = f["ok"]["record"]["version"].as_u64().unwrap();
                                acked.insert(base, text);
                            }
                            _ => break,
                        }
                    }
                    (entry, acked)
                })
            })
            .collect();
        std::thread::sleep(Duration::from_millis(150 + 70 * round));
        s.child.kill().unwrap(); // SIGKILL
        s.child.wait().unwrap();
        let results: Vec<_> = writers.into_iter().map(|w| w.join().unwrap()).collect();
        let check = common::run(&s.db, &["check"]);
        assert!(
            check.status.success(),
            "round {round}: {}{}",
            common::stdout(&check),
            common::stderr(&check)
        );
        s.restart();
        let mut c = s.client();
        c.hello();
        for (entry, acked) in results {
            let Some((&version, text)) = acked.iter().next_back() else {
                continue;
            };
            let got = c.request(json!({"op": "get", "key": key(entry, "GK02")}));
            let stored = &got["ok"]["note"];
            let stored_version = stored["version"].as_u64().unwrap();
            assert!(
                stored_version >= version,
                "round {round}: {entry} v{version} acknowledged, v{stored_version} stored"
            );
            if stored_version == version {
                assert_eq!(stored["text"], text.as_str());
            }
        }
    }
}

#[test]
fn the_socket_is_private_and_a_stale_one_is_replaced_but_a_live_one_is_not() {
    let s = Server::start(&contest_as("GK02"));
    let mode = std::fs::metadata(&s.socket).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    let second = server::serve_command(&s.db, &s.socket).output().unwrap();
    assert!(!second.status.success());
    assert!(
        common::stderr(&second).contains("already listening"),
        "{}",
        common::stderr(&second)
    );
    drop(s);
    // A socket file left by a killed server is replaced.
    let mut s = Server::start(&contest_as("GK02"));
    s.child.kill().unwrap();
    s.child.wait().unwrap();
    assert!(s.socket.exists());
    s.restart();
    assert_eq!(s.client().hello()["type"], "reply");
}

#[test]
fn with_a_group_the_socket_is_shared_with_it() {
    // SAFETY: getgid cannot fail.
    let gid = unsafe { libc::getgid() };
    let group = std::fs::read_to_string("/etc/group")
        .unwrap()
        .lines()
        .find_map(|l| {
            let f: Vec<&str> = l.split(':').collect();
            (f.get(2) == Some(&gid.to_string().as_str())).then(|| f[0].to_string())
        })
        .expect("our primary group has a name");
    let dir = tempfile::tempdir().unwrap();
    let db = common::imported(&dir);
    let socket = dir.path().join("shared").join("jury.sock");
    let mut child = server::spawn(&db, &socket, &["--group", &group]);
    let mode = std::fs::metadata(&socket).unwrap().permissions().mode() & 0o777;
    let dir_mode = std::fs::metadata(socket.parent().unwrap())
        .unwrap()
        .permissions()
        .mode()
        & 0o777;
    child.kill().unwrap();
    child.wait().unwrap();
    assert_eq!((mode, dir_mode), (0o660, 0o750));
}

#[test]
fn sigterm_stops_cleanly_and_removes_the_socket() {
    let mut s = Server::start(&contest_as("GK02"));
    let mut c = s.client();
    c.hello();
    assert_eq!(
        c.request(note("trước khi dừng", "SK02", "GK02", 0))["type"],
        "reply"
    );
    // SAFETY: signalling our own child.
    unsafe { libc::kill(s.child.id() as i32, libc::SIGTERM) };
    let status = s.child.wait().unwrap();
    assert!(status.success(), "{status:?}");
    assert!(!s.socket.exists(), "the socket is removed");
    let exported = common::export(&s.db);
    assert!(exported.contains("trước khi dừng"));
}

#[test]
fn a_terminal_that_stops_reading_holds_up_no_one_and_is_cut_off() {
    let s = Server::start(&contest_as("GK02"));
    // A second terminal of the member: every change is pushed to it, and it never reads.
    let mut stuck = s.client();
    stuck.hello();
    let mut writer = s.client();
    writer.hello();
    let long = "Nhận xét rất dài về hiệu quả của sáng kiến. ".repeat(40);
    let mut base = 0;
    for i in 0..600 {
        let r = writer.request(note(&format!("{i} {long}"), "SK02", "GK02", base));
        assert_eq!(r["type"], "reply", "change {i} was answered: {r}");
        base = r["ok"]["record"]["version"].as_u64().unwrap();
    }
    assert!(
        s.log_text().contains("too slow to read its updates"),
        "the stuck terminal is cut off:\n{}",
        s.log_text()
    );
    let mut fresh = s.client();
    assert_eq!(fresh.hello()["type"], "reply", "others are still served");
}

#[test]
fn a_member_recuses_themselves_through_the_server_and_it_is_audited() {
    let mut s = Server::start(&contest_as("GK02"));
    let mut c = s.client();
    c.hello();
    let r = c.request(
        json!({"op": "council", "change": {"op": "recuse", "judge": "GK02",
        "entry": "SK03", "reason": "đơn vị của vợ tôi"}}),
    );
    assert_eq!(r["ok"]["kind"], "council", "{r}");
    // Another member's recusal is still the chair's to make.
    let r = c.request(
        json!({"op": "council", "change": {"op": "recuse", "judge": "GK03",
        "entry": "SK03", "reason": "x"}}),
    );
    assert_eq!(r["error"]["code"], "forbidden", "{r}");
    let r = c.request(note("vẫn chấm", "SK03", "GK02", 0));
    assert_eq!(r["error"]["detail"]["error"], "recused", "{r}");
    drop(c);
    s.stop(10);
    let out = common::run(&s.db, &["audit", "--format", "json"]);
    let audit = common::stdout(&out);
    assert!(out.status.success(), "{}", common::stderr(&out));
    let records: serde_json::Value = serde_json::from_str(&audit).unwrap();
    let recusals: Vec<_> = records
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r.to_string().contains("đơn vị của vợ tôi"))
        .collect();
    assert_eq!(recusals.len(), 1, "{audit}");
    assert_eq!(recusals[0]["judge"], "GK02", "{audit}");
    assert_eq!(recusals[0]["login"], server::me().as_str(), "{audit}");
}

#[test]
fn the_secretary_records_the_meeting_and_reads_the_trail_only_once_published() {
    let mut v = contest_as("none");
    v["judges"]
        .as_array_mut()
        .unwrap()
        .push(json!({"id": "TK01", "name": "Phạm Thu Trang", "role": "secretary", "user": me()}));
    let s = Server::start(&v);
    let mut c = s.client();
    c.hello();
    let meeting = json!({"op": "council", "change": {"op": "set_meeting", "meeting": {"present": ["GK01", "GK02"]}}});
    let r = c.request(meeting);
    assert!(
        r.get("error").is_none(),
        "the secretary records the meeting: {r}"
    );
    let r = c.request(json!({"op": "audit"}));
    assert_eq!(
        r["error"]["code"], "forbidden",
        "not before publication: {r}"
    );
    let sheet = json!({"op": "apply", "change": {"op": "save_sheet", "key": key("SK01", "TK01"), "points": {"novelty": 10}, "base": 0}});
    let r = c.request(sheet);
    assert_eq!(
        r["error"]["code"], "forbidden",
        "a secretary does not score: {r}"
    );
    let r = c.request(json!({"op": "council", "change": {"op": "publish", "published": true}}));
    assert_eq!(r["error"]["code"], "forbidden", "nor publishes: {r}");
}
