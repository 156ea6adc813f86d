//! Bad peers: random, broken and hostile frames against a running `jury
//! serve`. After each attack the server must still be alive, still serve a
//! well-behaved member (hello, load, a save that is acknowledged), and have
//! written nothing but that member's saves: the export, the audit trail and
//! `jury check` say so once it is stopped.

mod common;

#[path = "common/server.rs"]
mod server;

use std::io::{BufRead, BufReader, Write};
use std::os::unix::net::UnixStream;
use std::path::Path;
use std::time::{Duration, Instant};

use proptest::prelude::*;
use proptest::test_runner::{Config, TestRng, TestRunner};
use serde_json::{Map, Value, json};
use server::{Server, contest_as, key};

/// How long any one answer may take before the server counts as hung.
const PATIENCE: Duration = Duration::from_secs(5);

/// The member the tests connect as: a judge, not the chair.
const ME: &str = "GK02";

/// The well-behaved member's own note, the one write the tests make.
const PROBE_ENTRY: &str = "SK04";

/// A server over the small contest (blind), our login being judge GK02.
fn start() -> Server {
    Server::start(&contest_as(ME))
}

fn connect(s: &Server) -> UnixStream {
    let stream = UnixStream::connect(&s.socket).expect("the server accepts a connection");
    stream.set_read_timeout(Some(PATIENCE)).unwrap();
    stream.set_write_timeout(Some(PATIENCE)).unwrap();
    stream
}

/// Sends `bytes`, closes the sending side, and reads every frame until the
/// server closes. Each must be a JSON object the protocol knows. A write the
/// server cut short (it may close first) is not an error.
fn exchange(s: &Server, bytes: &[u8]) -> Vec<Value> {
    let mut stream = connect(s);
    let _ = stream.write_all(bytes);
    let _ = stream.shutdown(std::net::Shutdown::Write);
    read_until_closed(stream)
}

fn read_until_closed(stream: UnixStream) -> Vec<Value> {
    let start = Instant::now();
    let mut frames = Vec::new();
    let mut reader = BufReader::new(stream);
    loop {
        let mut line = String::new();
        match reader.read_line(&mut line) {
            Ok(0) => return frames,
            Ok(_) => {
                let f: Value = serde_json::from_str(&line).unwrap_or_else(|e| {
                    panic!("the server sent a line that is not JSON ({e}): {line:?}")
                });
                assert!(
                    matches!(f["type"].as_str(), Some("reply" | "error" | "push")),
                    "not a frame: {f}"
                );
                frames.push(f);
            }
            // Closed under us after a refusal: what was read is the answer.
            Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset => return frames,
            Err(e) => panic!(
                "no answer and no close within {:?} ({e}); frames so far: {frames:?}",
                start.elapsed()
            ),
        }
    }
}

fn line(v: &Value) -> String {
    format!("{v}\n")
}

fn hello_line() -> String {
    line(&json!({"id": 1, "op": "hello", "version": 1}))
}

/// A ping whose answer shows the connection still serves after what came before.
const LAST: u64 = 999_999;

fn last_ping() -> String {
    line(&json!({"id": LAST, "op": "ping"}))
}

fn answered_last(frames: &[Value]) -> bool {
    frames
        .last()
        .is_some_and(|f| f["id"] == LAST && f["ok"]["kind"] == "pong")
}

fn code(f: &Value) -> &str {
    f["error"]["code"].as_str().unwrap_or("")
}

/// A well-behaved member: hello, load, and a save of their own note that
/// must be acknowledged. Returns the text saved.
fn probe(s: &mut Server, n: usize) -> String {
    assert!(s.is_running(), "the server died:\n{}", s.log_text());
    let mut c = s.client();
    let hello = c.hello();
    assert_eq!(hello["ok"]["judge"]["id"], ME, "{hello}");
    let load = c.request(json!({"op": "load"}));
    assert_eq!(load["ok"]["kind"], "contest", "{load}");
    let got = c.request(json!({"op": "get", "key": key(PROBE_ENTRY, ME)}));
    let base = got["ok"]["note"]["version"].as_u64().unwrap_or(0);
    let text = format!("vẫn phục vụ {n}");
    let saved = c.request(json!({"op": "apply", "change": {
        "op": "save_note", "key": key(PROBE_ENTRY, ME), "text": text, "base": base}}));
    assert_eq!(saved["type"], "reply", "the save is acknowledged: {saved}");
    assert_eq!(saved["ok"]["record"]["text"], text.as_str());
    text
}

/// What `jury export` gives right after importing the contest.
fn baseline() -> Value {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("contest.json");
    std::fs::write(&file, contest_as(ME).to_string()).unwrap();
    let db = dir.path().join("db");
    let out = common::run(&db, &["import", file.to_str().unwrap()]);
    assert!(out.status.success(), "{}", common::stderr(&out));
    export(&db)
}

fn export(db: &Path) -> Value {
    serde_json::from_str(&common::export(db)).expect("export is JSON")
}

/// The export without the probe's own row.
fn without_probe(mut v: Value) -> Value {
    if let Some(scores) = v["scores"].as_array_mut() {
        scores.retain(|s| !(s["entry"] == PROBE_ENTRY && s["judge"] == ME));
    }
    v
}

/// Stops the server and checks that the database holds exactly the
/// baseline plus the probe's notes (`saved`, in order).
fn finish(mut s: Server, saved: &[String]) {
    s.stop(10);
    let after = export(&s.db);
    let probe_row = after["scores"]
        .as_array()
        .and_then(|a| {
            a.iter()
                .find(|r| r["entry"] == PROBE_ENTRY && r["judge"] == ME)
        })
        .cloned();
    assert_eq!(
        probe_row.map(|r| r["note"].clone()),
        saved.last().map(|t| json!(t)),
        "the last acknowledged save is stored"
    );
    assert_eq!(
        without_probe(after),
        without_probe(baseline()),
        "nothing but the probe's note changed"
    );
    let audit = common::run(&s.db, &["audit", "--format", "json"]);
    assert!(audit.status.success(), "{}", common::stderr(&audit));
    let records: Vec<Value> = serde_json::from_str(&common::stdout(&audit)).unwrap();
    assert_eq!(
        records.len(),
        1 + saved.len(),
        "the import and the probe's saves, nothing else: {records:#?}"
    );
    for r in &records[1..] {
        assert_eq!(
            (&r["action"], &r["entry"], &r["subject"]),
            (&json!("note"), &json!(PROBE_ENTRY), &json!(ME)),
            "{r}"
        );
    }
    let check = common::run(&s.db, &["check"]);
    assert!(
        check.status.success(),
        "{}{}",
        common::stdout(&check),
        common::stderr(&check)
    );
}

/// The same frames on every run: whether the frames reach past the parser
/// to the rules must not depend on the draw (a random draw once missed one).
fn runner(cases: u32) -> TestRunner {
    let config = Config {
        cases,
        failure_persistence: None,
        max_shrink_iters: 64,
        ..Config::default()
    };
    let rng = TestRng::deterministic_rng(config.rng_algorithm);
    TestRunner::new_with_rng(config, rng)
}

/// One member's connection kept open across many frames (a connection per
/// case would spend most of the time being accepted).
struct Session {
    writer: UnixStream,
    reader: BufReader<UnixStream>,
    next: u64,
}

impl Session {
    fn open(s: &Server) -> Session {
        let stream = connect(s);
        let mut session = Session {
            reader: BufReader::new(stream.try_clone().unwrap()),
            writer: stream,
            next: LAST,
        };
        let hello = session.send(hello_line().as_bytes());
        assert_eq!(hello[0]["ok"]["kind"], "hello", "{hello:?}");
        session
    }

    /// Sends `bytes` then a ping, and returns every frame up to the pong: the
    /// connection must still be serving.
    fn send(&mut self, bytes: &[u8]) -> Vec<Value> {
        self.next += 1;
        let ping = line(&json!({"id": self.next, "op": "ping"}));
        self.writer
            .write_all(&[bytes, ping.as_bytes()].concat())
            .expect("the server still reads");
        let mut frames = Vec::new();
        loop {
            let mut l = String::new();
            match self.reader.read_line(&mut l) {
                Ok(0) => panic!("the connection was closed; frames: {frames:?}"),
                Ok(_) => {}
                Err(e) => panic!("no pong within {PATIENCE:?} ({e}); frames: {frames:?}"),
            }
            let f: Value =
                serde_json::from_str(&l).unwrap_or_else(|e| panic!("not JSON ({e}): {l:?}"));
            if f["id"] == self.next && f["ok"]["kind"] == "pong" {
                return frames;
            }
            frames.push(f);
        }
    }
}

#[test]
fn random_bytes_get_errors_and_leave_the_connection_serving() {
    let mut s = start();
    let mut saved = vec![probe(&mut s, 0)];
    let bytes = prop::collection::vec(any::<u8>(), 0..600);
    let session = std::cell::RefCell::new(Session::open(&s));
    runner(256)
        .run(&bytes, |junk| {
            let frames = session.borrow_mut().send(&[&junk[..], b"\n"].concat());
            let lines = 1 + junk.iter().filter(|&&b| b == b'\n').count();
            prop_assert!(frames.len() <= lines, "{:?}", frames);
            for f in &frames {
                prop_assert_eq!(code(f), "bad_frame", "{:?}", frames);
            }
            Ok(())
        })
        .unwrap();
    drop(session);
    // Before hello, junk gets an error each line, then the first line that is
    // a request but not hello closes the connection.
    runner(16)
        .run(&bytes, |junk| {
            let frames = exchange(&s, &[&junk[..], b"\n"].concat());
            prop_assert!(frames.len() <= 1 + junk.iter().filter(|&&b| b == b'\n').count());
            Ok(())
        })
        .unwrap();
    saved.push(probe(&mut s, 1));
    finish(s, &saved);
}

/// Words a request is made of, so that random JSON reaches past the parser.
const OPS: &[&str] = &[
    "hello", "load", "apply", "council", "get", "merge", "audit", "ping", "fly", "",
];
const CHANGES: &[&str] = &[
    "save_sheet",
    "submit",
    "reopen",
    "save_note",
    "publish",
    "add_judge",
    "remove_judge",
    "recuse",
    "dismiss_conflict",
    "assign",
    "add_marker",
    "unlock_rubric",
    "set_rubric",
    "advance_round",
];
/// Never `ME`: every write a random request asks for is someone else's.
const JUDGES: &[&str] = &["GK01", "GK03", "GK99", "", "gk02", "GK02\u{0}", "GK0"];
const ENTRIES: &[&str] = &["SK01", "SK02", "SK03", "SK04", "SK99", "SK01\u{0}GK03", ""];
const ROUNDS: &[&str] = &["main", "final", "", "main\u{0}SK01"];
const FIELDS: &[&str] = &[
    "id",
    "op",
    "version",
    "change",
    "key",
    "points",
    "base",
    "text",
    "reason",
    "judge",
    "sheets",
    "notes",
    "published",
    "round",
    "entry",
    "per_entry",
    "criteria",
    "to",
];
const CRITERIA: &[&str] = &[
    "novelty",
    "creativity",
    "effectiveness",
    "feasibility",
    "luck",
];

fn word() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => prop::sample::select(FIELDS).prop_map(String::from),
        1 => "[a-zA-Z0-9_ăđ\u{0}-\u{1f}]{0,10}",
    ]
}

fn number() -> impl Strategy<Value = Value> {
    prop_oneof![
        6 => (0u64..5).prop_map(Value::from),
        3 => (0u32..70).prop_map(|h| json!(f64::from(h) / 2.0)),
        1 => any::<u64>().prop_map(Value::from),
        1 => any::<i64>().prop_map(Value::from),
        1 => (-1e9f64..1e9).prop_map(Value::from),
        1 => Just(json!(1e300)),
    ]
}

/// An id or a base: mostly what a client would send.
fn small() -> impl Strategy<Value = Value> {
    prop_oneof![
        8 => (0u64..4).prop_map(Value::from),
        1 => number(),
    ]
}

/// Mostly nothing: a few stray fields, not so many that no frame parses.
fn extras() -> impl Strategy<Value = std::collections::BTreeMap<String, Value>> {
    prop_oneof![
        3 => Just(std::collections::BTreeMap::new()),
        1 => prop::collection::btree_map(word(), any_json(), 1..3),
    ]
}

fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        number(),
        word().prop_map(Value::from),
    ];
    leaf.prop_recursive(4, 40, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
            prop::collection::btree_map(word(), inner, 0..5)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

fn sheet_key() -> impl Strategy<Value = Value> {
    (
        prop::sample::select(ROUNDS),
        prop::sample::select(ENTRIES),
        prop::sample::select(JUDGES),
    )
        .prop_map(|(r, e, j)| json!({"round": r, "entry": e, "judge": j}))
}

/// A request shaped like the real ones, with fields that may be wrong.
fn request_like() -> impl Strategy<Value = Value> {
    let points = prop::collection::btree_map(
        prop::sample::select(CRITERIA).prop_map(String::from),
        number(),
        0..5,
    )
    .prop_map(|m| Value::Object(m.into_iter().collect::<Map<_, _>>()));
    let change = (
        prop::sample::select(CHANGES),
        sheet_key(),
        points,
        small(),
        extras(),
        prop::sample::select(JUDGES),
    )
        .prop_map(|(op, key, points, base, extra, judge)| {
            let mut c = json!({"op": op, "key": key, "points": points, "base": base,
                "text": "x", "reason": "r", "judge": judge, "entry": "SK01", "round": "main",
                "published": true, "per_entry": 2});
            for (k, v) in extra {
                c[k] = v;
            }
            c
        });
    // The ops that change something come most often.
    let op = prop_oneof![
        4 => Just("apply"),
        3 => Just("council"),
        1 => Just("merge"),
        3 => prop::sample::select(OPS),
    ];
    // `get` may name my own sheets: reading them is allowed.
    let read_key = prop_oneof![
        sheet_key(),
        prop::sample::select(ENTRIES).prop_map(|e| key(e, ME)),
    ];
    (op, small(), change, read_key, extras()).prop_map(|(op, id, change, key, extra)| {
        let mut r = json!({"id": id, "op": op, "change": change, "key": key,
                "judge": "GK03", "sheets": [], "notes": [], "version": 1});
        for (k, v) in extra {
            r[k] = v;
        }
        r
    })
}

#[test]
fn random_json_and_request_shaped_frames_write_nothing() {
    let mut s = start();
    let mut saved = vec![probe(&mut s, 0)];
    let session = std::cell::RefCell::new(Session::open(&s));
    let codes = std::cell::RefCell::new(std::collections::BTreeMap::<String, usize>::new());
    let check = |frame: Value| {
        let frames = session.borrow_mut().send(line(&frame).as_bytes());
        for f in &frames {
            // Nothing this member asks for writes: every change names someone else's sheet.
            prop_assert!(f["ok"]["kind"] != "record", "{} wrote: {}", frame, f);
            let what = match f["type"].as_str() {
                Some("error") => code(f).to_string(),
                _ => f["ok"]["kind"].as_str().unwrap_or("?").to_string(),
            };
            *codes.borrow_mut().entry(what).or_default() += 1;
        }
        Ok(())
    };
    runner(64).run(&any_json(), check).unwrap();
    runner(384).run(&request_like(), check).unwrap();
    // The frames reached past the parser to the rules, not only to errors.
    let codes = codes.into_inner();
    for reached in ["bad_frame", "forbidden", "refused", "contest", "sheet"] {
        assert!(codes.contains_key(reached), "never {reached}: {codes:?}");
    }
    drop(session);
    saved.push(probe(&mut s, 1));
    finish(s, &saved);
}

#[test]
fn a_half_line_then_close_is_dropped_quietly() {
    let mut s = start();
    let mut saved = Vec::new();
    let apply = line(&json!({"id": 2, "op": "apply", "change": {
        "op": "save_note", "key": key(PROBE_ENTRY, ME), "text": "nửa chừng", "base": 0}}));
    for cut in [1, apply.len() / 2, apply.len() - 2, apply.len() - 1] {
        // Before hello: a half hello.
        let frames = exchange(
            &s,
            &hello_line().as_bytes()[..cut.min(hello_line().len() - 1)],
        );
        assert!(frames.is_empty(), "{frames:?}");
        // After hello: half a save, which must not be applied.
        let bytes = format!("{}{}", hello_line(), &apply[..cut]);
        let frames = exchange(&s, bytes.as_bytes());
        assert_eq!(frames.len(), 1, "only the hello is answered: {frames:?}");
    }
    saved.push(probe(&mut s, 0));
    finish(s, &saved);
}

#[test]
fn a_line_past_the_limit_without_a_newline_is_refused_and_closed() {
    let mut s = start();
    for said_hello in [false, true] {
        let mut stream = connect(&s);
        if said_hello {
            stream.write_all(hello_line().as_bytes()).unwrap();
        }
        let reader = stream.try_clone().unwrap();
        // The server may close while this is still writing.
        let writer = std::thread::spawn(move || {
            let chunk = vec![b'['; 64 * 1024];
            let mut sent = 0;
            while sent <= jury::protocol::MAX_REQUEST + chunk.len() {
                if stream.write_all(&chunk).is_err() {
                    break;
                }
                sent += chunk.len();
            }
            let _ = stream.shutdown(std::net::Shutdown::Write);
        });
        let frames = read_until_closed(reader);
        writer.join().unwrap();
        let last = frames.last().expect("an answer");
        assert_eq!(code(last), "too_large", "{frames:?}");
        assert_eq!(frames.len(), 1 + usize::from(said_hello), "{frames:?}");
    }
    let saved = vec![probe(&mut s, 0)];
    finish(s, &saved);
}

#[test]
fn a_wrong_version_is_refused_and_a_second_hello_is_an_error() {
    let mut s = start();
    for version in [
        json!(0),
        json!(2),
        json!(u32::MAX),
        json!(1u64 << 40),
        json!("1"),
        json!(-1),
        json!(1.5),
    ] {
        let bytes = line(&json!({"id": 1, "op": "hello", "version": version})) + &last_ping();
        let frames = exchange(&s, bytes.as_bytes());
        // A version that is not a number is no request at all; either way no one is let in.
        let codes: Vec<&str> = frames.iter().map(code).collect();
        assert!(
            codes == ["version"] || codes == ["bad_frame", "hello_first"],
            "{version}: {frames:?}"
        );
    }
    // Hello twice (the second one with another version too): an error, the connection stays.
    let bytes = hello_line()
        + &line(&json!({"id": 2, "op": "hello", "version": 1}))
        + &line(&json!({"id": 3, "op": "hello", "version": 7}))
        + &last_ping();
    let frames = exchange(&s, bytes.as_bytes());
    assert_eq!(frames.len(), 4, "{frames:?}");
    assert_eq!(
        (code(&frames[1]), code(&frames[2])),
        ("bad_frame", "bad_frame")
    );
    assert!(answered_last(&frames), "{frames:?}");
    let saved = vec![probe(&mut s, 0)];
    finish(s, &saved);
}

#[test]
fn under_blind_another_judges_sheet_is_neither_read_nor_written() {
    let mut s = start();
    let mut c = s.client();
    c.hello();
    // GK02's view holds only GK02's sheets and notes.
    let load = c.request(json!({"op": "load"}));
    let contest = &load["ok"]["contest"];
    for s in contest["sheets"]
        .as_array()
        .unwrap()
        .iter()
        .chain(contest["notes"].as_array().unwrap())
    {
        assert_eq!(s["key"]["judge"], ME, "{s}");
    }
    // Every change kind, on sheets that exist (with their real base) and that do not.
    let all_points =
        json!({"novelty": 10, "creativity": 10, "effectiveness": 10, "feasibility": 10});
    for (entry, judge) in [
        ("SK03", "GK03"),
        ("SK01", "GK01"),
        ("SK01", "GK03"),
        ("SK02", "GK99"),
    ] {
        let k = key(entry, judge);
        let got = c.request(json!({"op": "get", "key": k}));
        assert_eq!(code(&got), "forbidden", "{got}");
        for base in [0, 1, 2] {
            for change in [
                json!({"op": "save_sheet", "key": k, "points": all_points, "base": base}),
                json!({"op": "submit", "key": k, "base": base}),
                json!({"op": "reopen", "key": k, "base": base, "reason": "vì"}),
                json!({"op": "save_note", "key": k, "text": "của tôi", "base": base}),
            ] {
                let r = c.request(json!({"op": "apply", "change": change}));
                assert_eq!(r["type"], "error", "{change} → {r}");
                assert!(
                    matches!(code(&r), "forbidden" | "refused"),
                    "{change} → {r}"
                );
            }
        }
    }
    // Ids that smuggle the key separator, or another round, name no sheet of mine.
    for k in [
        json!({"round": "main", "entry": "SK04\u{0}GK03", "judge": ME}),
        json!({"round": "main\u{0}SK04", "entry": "SK04", "judge": ME}),
        json!({"round": "final", "entry": "SK04", "judge": ME}),
        json!({"round": "main", "entry": "SK04", "judge": "GK02\u{0}"}),
    ] {
        let r = c.request(json!({"op": "apply", "change": {
            "op": "save_note", "key": k, "text": "lén", "base": 0}}));
        assert_eq!(r["type"], "error", "{k} → {r}");
        let got = c.request(json!({"op": "get", "key": k}));
        assert!(got["ok"]["note"].is_null(), "{k} → {got}");
    }
    drop(c);
    let saved = vec![probe(&mut s, 0)];
    finish(s, &saved);
}

#[test]
fn a_judge_cannot_do_what_only_the_chair_may() {
    let mut s = start();
    let mut c = s.client();
    c.hello();
    let newcomer = json!({"id": "GK09", "name": "Kẻ lạ", "role": "chair", "user": "nobody"});
    let sheet = json!({"key": key("SK03", "GK03"), "marks": [1, null, null, null],
        "state": "submitted", "reopened": 0, "version": 9});
    for request in [
        json!({"op": "council", "change": {"op": "publish", "published": true}}),
        json!({"op": "council", "change": {"op": "add_judge", "judge": newcomer}}),
        json!({"op": "council", "change": {"op": "remove_judge", "judge": "GK03"}}),
        json!({"op": "council", "change": {"op": "remove_judge", "judge": "GK01"}}),
        json!({"op": "council", "change": {"op": "recuse", "judge": "GK03", "entry": "SK01", "reason": "x"}}),
        json!({"op": "council", "change": {"op": "assign", "round": "main", "per_entry": 1}}),
        json!({"op": "council", "change": {"op": "unlock_rubric", "reason": "x"}}),
        json!({"op": "merge", "judge": "GK03", "sheets": [sheet], "notes": []}),
        json!({"op": "merge", "judge": ME, "sheets": [], "notes": []}),
        json!({"op": "audit"}),
    ] {
        let r = c.request(request.clone());
        assert_eq!(code(&r), "forbidden", "{request} → {r}");
    }
    let ping = c.request(json!({"op": "ping"}));
    assert_eq!(ping["ok"]["kind"], "pong", "still served");
    drop(c);
    let saved = vec![probe(&mut s, 0)];
    finish(s, &saved);
}

#[test]
fn binary_and_invalid_utf8_are_bad_frames() {
    let mut s = start();
    let lines: [&[u8]; 8] = [
        b"\xff\xfe\xfd",
        b"\x00\x00\x00\x00",
        b"{\"id\": 1, \"op\": \"ping\", \"x\": \"\xc3\x28\"}",
        b"{\"id\": 1, \"op\": \"p\xffing\"}",
        b"{\"id\": 1, \"op\": \"ping\", \"x\": \"\\ud800\"}",
        b"\xef\xbb\xbf{\"id\": 1, \"op\": \"ping\"}",
        b"{\"id\": 1, \"op\": \"ping\"}\x00",
        b"\x1b[2J\x1b]0;owned\x07",
    ];
    for junk in lines {
        let bytes = [hello_line().as_bytes(), junk, b"\n", last_ping().as_bytes()].concat();
        let frames = exchange(&s, &bytes);
        assert_eq!(
            frames.len(),
            3,
            "{:?}: {frames:?}",
            String::from_utf8_lossy(junk)
        );
        assert_eq!(code(&frames[1]), "bad_frame", "{frames:?}");
        assert!(answered_last(&frames), "{frames:?}");
    }
    // A note in invalid UTF-8, with my own key: refused, not stored mangled.
    let note = [
        hello_line().as_bytes(),
        b"{\"id\": 2, \"op\": \"apply\", \"change\": {\"op\": \"save_note\", \"key\": ",
        key(PROBE_ENTRY, ME).to_string().as_bytes(),
        b", \"text\": \"\xe1\xba\", \"base\": 0}}\n",
        last_ping().as_bytes(),
    ]
    .concat();
    let frames = exchange(&s, &note);
    assert_eq!(code(&frames[1]), "bad_frame", "{frames:?}");
    let saved = vec![probe(&mut s, 0)];
    finish(s, &saved);
}

#[test]
fn very_deep_nesting_is_refused_without_a_crash() {
    let mut s = start();
    let deep = |open: &str, close: &str, n: usize| format!("{}{}", open.repeat(n), close.repeat(n));
    let frames = [
        deep("[", "]", 100_000),
        deep("{\"a\":", "}", 100_000),
        format!(
            "{{\"id\": 1, \"op\": \"ping\", \"x\": {}}}",
            deep("[", "]", 50_000)
        ),
        format!(
            "{{\"id\": 1, \"op\": \"apply\", \"change\": {{\"op\": \"save_note\", \"key\": {}, \"text\": {}, \"base\": 0}}}}",
            key(PROBE_ENTRY, ME),
            deep("[", "]", 50_000)
        ),
        format!(
            "{{\"id\": 1, \"op\": \"council\", \"change\": {}}}",
            deep("{\"op\":", "}", 50_000)
        ),
        // Just inside serde_json's limit: parsed, then refused.
        format!(
            "{{\"id\": 1, \"op\": \"ping\", \"x\": {}}}",
            deep("[", "]", 120)
        ),
    ];
    for frame in &frames {
        let bytes = format!("{}{frame}\n{}", hello_line(), last_ping());
        let got = exchange(&s, bytes.as_bytes());
        assert!(answered_last(&got), "{} bytes: {got:?}", frame.len());
        assert!(got[1]["ok"]["kind"] != "record", "{got:?}");
    }
    let saved = vec![probe(&mut s, 0)];
    finish(s, &saved);
}

#[test]
fn a_flood_of_connections_does_not_stop_a_member_from_saving() {
    // Every connection here is from our own login, the well-behaved member's
    // too: the cap per login (tests/limits.rs) is lifted so the flood gets in.
    let mut s = Server::start_with(&contest_as(ME), &["--max-per-login", "1000"]);
    let socket = s.socket.clone();
    // 200 at once: silent, half a line, hello then half a line, hello and ping,
    // and one that sends requests without reading the answers.
    let clients: Vec<_> = (0..200)
        .map(|i| {
            let socket = socket.clone();
            std::thread::spawn(move || {
                let mut stream = UnixStream::connect(&socket).expect("connect during the flood");
                stream.set_read_timeout(Some(PATIENCE)).unwrap();
                stream.set_write_timeout(Some(PATIENCE)).unwrap();
                let hello = hello_line();
                match i % 5 {
                    0 => Some(stream),
                    1 => {
                        let _ = stream.write_all(&hello.as_bytes()[..i % 17 + 1]);
                        None
                    }
                    2 => {
                        let _ = stream.write_all(format!("{hello}{{\"id\": 2, \"op\":").as_bytes());
                        None
                    }
                    3 => {
                        let _ = stream.write_all(format!("{hello}{}", last_ping()).as_bytes());
                        let _ = stream.shutdown(std::net::Shutdown::Write);
                        let frames = read_until_closed(stream);
                        assert!(answered_last(&frames), "{frames:?}");
                        None
                    }
                    _ => {
                        let _ = stream.write_all(hello.as_bytes());
                        let pings = line(&json!({"id": 5, "op": "load"})).repeat(50);
                        let _ = stream.write_all(pings.as_bytes());
                        Some(stream)
                    }
                }
            })
        })
        .collect();
    let held: Vec<UnixStream> = clients
        .into_iter()
        .filter_map(|t| t.join().expect("a flood client"))
        .collect();
    // With the silent and unread connections still open.
    let mut saved = vec![probe(&mut s, 0)];
    drop(held);
    saved.push(probe(&mut s, 1));
    finish(s, &saved);
}

#[test]
fn random_frames_from_the_chair_leave_a_consistent_database() {
    let s = Server::start(&contest_as("GK01"));
    let session = std::cell::RefCell::new(Session::open(&s));
    let codes = std::cell::RefCell::new(std::collections::BTreeMap::<String, usize>::new());
    let check = |frame: Value| {
        let frames = session.borrow_mut().send(line(&frame).as_bytes());
        for f in &frames {
            let what = match f["type"].as_str() {
                Some("error") => code(f).to_string(),
                Some("push") => "push".to_string(),
                _ => f["ok"]["kind"].as_str().unwrap_or("?").to_string(),
            };
            *codes.borrow_mut().entry(what).or_default() += 1;
        }
        Ok(())
    };
    runner(384).run(&request_like(), check).unwrap();
    drop(session);
    finish_as_chair(s);
}

/// The chair may write, so there is no baseline: the database must check
/// clean and a restarted server must load it and serve.
fn finish_as_chair(mut s: Server) {
    s.stop(10);
    let check = common::run(&s.db, &["check"]);
    assert!(
        check.status.success(),
        "{}{}",
        common::stdout(&check),
        common::stderr(&check)
    );
    s.restart();
    let hello = s.client().hello();
    assert_eq!(
        hello["ok"]["judge"]["id"],
        "GK01",
        "{hello}\n{}",
        s.log_text()
    );
}

#[test]
fn a_merge_for_someone_not_on_the_council_is_refused() {
    // Before: a note keyed by "GK\0Z" was written, and no server could load the database again.
    let s = Server::start(&contest_as("GK01"));
    let mut c = s.client();
    c.hello();
    for judge in ["GK\u{0}Z", "", "GK 7\n", "GK99"] {
        let k = json!({"round": "main", "entry": "SK01", "judge": judge});
        let sheet = json!({"key": k, "marks": [1, null, null, null], "state": "draft",
            "reopened": 0, "version": 0});
        let note = json!({"key": k, "text": "t", "version": 0});
        let r =
            c.request(json!({"op": "merge", "judge": judge, "sheets": [sheet], "notes": [note]}));
        assert_eq!(code(&r), "refused", "{judge:?}: {r}");
    }
    drop(c);
    finish_as_chair(s);
}

#[test]
fn ids_that_would_break_keys_are_refused_in_council_changes() {
    let s = Server::start(&contest_as("GK01"));
    let mut c = s.client();
    c.hello();
    let long = "G".repeat(300);
    for id in ["GK\u{0}Z", long.as_str()] {
        let r = c.request(json!({"op": "council", "change": {"op": "add_judge",
            "judge": {"id": id, "name": "X", "role": "judge"}}}));
        assert_eq!(code(&r), "refused", "{r}");
    }
    for id in ["f\u{0}x", "", "vòng 2"] {
        let r = c.request(
            json!({"op": "council", "change": {"op": "advance_round", "from": "main",
            "to": {"id": id, "name": {"vi": "a", "en": "a"}}, "entries": ["SK01"], "rule": "x"}}),
        );
        assert_eq!(code(&r), "refused", "{r}");
    }
    let load = c.request(json!({"op": "load"}));
    assert_eq!(
        load["ok"]["contest"]["rounds"].as_array().unwrap().len(),
        1,
        "{load}"
    );
    assert_eq!(
        load["ok"]["contest"]["judges"].as_array().unwrap().len(),
        3,
        "{load}"
    );
    drop(c);
    finish_as_chair(s);
}

#[test]
fn a_council_change_holds_for_the_very_next_request() {
    // Before: the server kept only the council and the published flag of a
    // chair's change, so a recusal was not enforced until a restart.
    let s = Server::start(&contest_as("GK01"));
    let mut c = s.client();
    c.hello();
    let r = c.request(
        json!({"op": "council", "change": {"op": "recuse", "judge": "GK01",
        "entry": "SK04", "reason": "người nhà"}}),
    );
    assert_eq!(r["ok"]["kind"], "council", "{r}");
    let r = c.request(json!({"op": "apply", "change": {"op": "save_note",
        "key": key("SK04", "GK01"), "text": "vẫn chấm", "base": 0}}));
    assert_eq!(r["error"]["detail"]["error"], "recused", "{r}");
    let r = c.request(
        json!({"op": "council", "change": {"op": "advance_round", "from": "main",
        "to": {"id": "chung_khao", "name": {"vi": "Chung khảo", "en": "Final"}},
        "entries": ["SK01", "SK02"], "rule": "top 2"}}),
    );
    assert_eq!(r["ok"]["kind"], "council", "{r}");
    let load = c.request(json!({"op": "load"}));
    let rounds = &load["ok"]["contest"]["rounds"];
    assert_eq!(rounds[1]["id"], "chung_khao", "{rounds}");
    // The closed round takes no more sheets; the new one does.
    let r = c.request(json!({"op": "apply", "change": {"op": "save_note",
        "key": key("SK01", "GK01"), "text": "muộn", "base": 0}}));
    assert_eq!(r["error"]["detail"]["error"], "round_closed", "{r}");
    let k = json!({"round": "chung_khao", "entry": "SK01", "judge": "GK01"});
    let r = c.request(
        json!({"op": "apply", "change": {"op": "save_note", "key": k,
        "text": "chung khảo", "base": 0}}),
    );
    assert_eq!(r["type"], "reply", "{r}");
    drop(c);
    finish_as_chair(s);
}
