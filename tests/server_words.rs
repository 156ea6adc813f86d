//! A server's refusals travel as a code and its parameters; the client words
//! them in its member's language.

mod common;

use common::english::english_in;
#[path = "common/server.rs"]
mod server;

use common::{jury, stderr};
use serde_json::json;
use server::{Server, contest_as};

fn as_member(server: &Server, lang: &str, args: &[&str]) -> String {
    let out = jury()
        .arg("--socket")
        .arg(&server.socket)
        .args(["--lang", lang])
        .args(args)
        .output()
        .expect("jury runs");
    assert!(!out.status.success(), "{args:?} is refused");
    stderr(&out)
}

#[test]
fn a_member_refused_by_the_server_reads_why_in_vietnamese() {
    // We are GK03, a scoring member, not the chair.
    let mut server = Server::start(&contest_as("GK03"));
    let audit = as_member(&server, "vi", &["audit"]);
    assert!(
        audit.contains("chỉ chủ tịch hội đồng (và thư ký hội đồng sau khi công bố kết quả) xem được nhật ký thay đổi"),
        "{audit}"
    );
    assert_eq!(english_in(&audit, &[]), Vec::<&str>::new(), "{audit}");
    let keys = as_member(&server, "vi", &["ssh-key", "list"]);
    assert!(
        keys.contains(
            "chỉ chủ tịch hội đồng hoặc chủ máy chủ mới được xem khóa SSH của các thành viên"
        ),
        "{keys}"
    );
    let en = as_member(&server, "en", &["audit"]);
    assert!(
        en.contains(
            "only the chair, and the secretary once results are published, can read the audit trail"
        ),
        "{en}"
    );
    server.stop(10);
}

#[test]
fn the_refusal_frame_carries_its_code_and_parameters() {
    let mut server = Server::start(&contest_as("GK03"));
    let mut c = server.client();
    c.hello();
    let refused = c.request(json!({"op": "audit"}));
    assert_eq!(
        refused["error"]["why"]["code"], "audit_chair_only",
        "{refused}"
    );
    let sheet = c.request(json!({"op": "get", "key": server::key("SK01", "GK02")}));
    assert_eq!(sheet["error"]["why"]["code"], "may_not_see", "{sheet}");
    assert_eq!(
        sheet["error"]["why"]["params"],
        json!(["GK03", "GK02", "SK01"]),
        "{sheet}"
    );
    // The English message stays for older clients.
    assert!(
        sheet["error"]["message"]
            .as_str()
            .unwrap_or_default()
            .contains("may not see")
    );
    let change = c.request(json!({"op": "apply", "change": {"op": "save_note",
        "key": server::key("SK01", "GK02"), "text": "x", "base": 0}}));
    assert_eq!(
        change["error"]["why"]["code"], "change.not_yours",
        "{change}"
    );
    assert_eq!(
        change["error"]["why"]["params"],
        json!(["GK02"]),
        "{change}"
    );
    server.stop(10);
}
