//! A text attachment read through `jury serve`: only a file the contest
//! lists, found by its entry and number, never by a path from the client.

mod common;

#[path = "common/server.rs"]
mod server;

use serde_json::json;
use server::{Server, contest_as};

#[test]
fn the_server_serves_only_listed_attachments_of_visible_entries() {
    let mut contest = contest_as("GK02");
    contest["entries"][0]["attachments"] = json!([
        {"name": "Báo cáo.txt", "path": "tai-lieu/bao-cao.txt", "kind": "text"},
        {"name": "Biên bản.md", "path": "tai-lieu/khong-co.md", "kind": "text"}
    ]);
    let s = Server::start(&contest);
    // The contest file's folder, recorded at import, holds the attachments.
    let folder = s.db.parent().unwrap().join("tai-lieu");
    std::fs::create_dir(&folder).unwrap();
    std::fs::write(folder.join("bao-cao.txt"), "Thời gian chờ còn 12 phút.").unwrap();
    std::fs::write(s.db.parent().unwrap().join("bi-mat.txt"), "bí mật").unwrap();
    let mut c = s.client();
    c.hello();
    let read = c.request(json!({"op": "attachment", "entry": "SK01", "index": 0}));
    assert_eq!(
        read["ok"]["text"]["Ok"], "Thời gian chờ còn 12 phút.",
        "{read}"
    );
    let missing = c.request(json!({"op": "attachment", "entry": "SK01", "index": 1}));
    let why = &missing["ok"]["text"]["Err"]["Missing"]["path"];
    assert!(
        why.as_str()
            .is_some_and(|p| p.ends_with("tai-lieu/khong-co.md")),
        "{missing}"
    );
    // A number past the list, another entry, or a path of the client's own:
    // none of them reads a file.
    for op in [
        json!({"op": "attachment", "entry": "SK01", "index": 2}),
        json!({"op": "attachment", "entry": "SK02", "index": 0}),
        json!({"op": "attachment", "entry": "SK01", "index": 7, "path": "bi-mat.txt"}),
    ] {
        let answer = c.request(op);
        assert!(
            answer["ok"]["text"]["Err"]["NotListed"].is_object(),
            "{answer}"
        );
        assert!(!answer.to_string().contains("bí mật"));
    }
}
