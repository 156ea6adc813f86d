//! A server's refusal (`protocol::Why`: a code and its parameters) in the
//! member's language. A code this jury does not know is shown with its
//! parameters and a general sentence, so a newer server still makes sense.

use super::T;
use crate::domain::Lang;
use crate::protocol::{Why, why};

/// `w` in `lang`.
pub fn refusal(w: &Why, lang: Lang) -> String {
    let p = |i: usize| w.params.get(i).map_or("", String::as_str);
    let t = match w.code.as_str() {
        why::TOO_LARGE => T::SrvTooLarge,
        why::HELLO_TIMEOUT => T::SrvHelloTimeout,
        why::IDLE => T::SrvIdle,
        why::BAD_FRAME => T::SrvBadFrame,
        why::HELLO_FIRST => T::SrvHelloFirst,
        why::HELLO_TWICE => T::SrvHelloTwice,
        why::KEY_REMOVED => T::SrvKeyRemoved,
        why::NO_LONGER_MEMBER => T::SrvNoLongerMember,
        why::AUDIT_CHAIR_ONLY => T::SrvAuditChairOnly,
        why::MAY_NOT_SEE => T::SrvMayNotSee,
        why::CHAIR_ONLY => {
            let act = match p(0) {
                why::ACT_KEY_ADD => T::SrvActKeyAdd,
                why::ACT_KEY_REMOVE => T::SrvActKeyRemove,
                why::ACT_KEY_LIST => T::SrvActKeyList,
                why::ACT_MERGE => T::SrvActMerge,
                why::ACT_PACKET => T::SrvActPacket,
                _ => return other(w, lang),
            };
            return T::SrvChairOnly.with(lang, &[&act.get(lang)]);
        }
        why::VERSION => T::SrvVersion,
        why::KEY_NOT_SERVICE => T::SrvKeyNotService,
        why::NO_SUCH_KEY => T::SrvNoSuchKey,
        why::NOT_ON_COUNCIL => T::SrvNotOnCouncil,
        why::STOPPING => T::SrvStopping,
        why::SAVE_TIMEOUT => T::SrvSaveTimeout,
        why::UNAVAILABLE => T::SrvUnavailable,
        why::LOGIN_FULL => T::SrvLoginFull,
        why::SERVER_FULL => T::SrvServerFull,
        why::BUSY => T::SrvBusy,
        _ => return other(w, lang),
    };
    let wanted = t.get(lang).matches("{}").count();
    if w.params.len() < wanted {
        return other(w, lang);
    }
    let args: Vec<&dyn std::fmt::Display> = w
        .params
        .iter()
        .take(wanted)
        .map(|s| s as &dyn std::fmt::Display)
        .collect();
    t.with(lang, &args)
}

/// A code this jury does not know: its name, its parameters, and what to do.
fn other(w: &Why, lang: Lang) -> String {
    T::SrvOther.with(lang, &[&w.code, &w.params.join(", ")])
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every code with parameters as the server sends them.
    fn sent() -> Vec<Why> {
        vec![
            Why::new(why::TOO_LARGE, &[&65536]),
            Why::new(why::HELLO_TIMEOUT, &[&5]),
            Why::new(why::IDLE, &[&900]),
            Why::new(why::BAD_FRAME, &[&"expected value at line 1 column 1"]),
            Why::new(why::HELLO_FIRST, &[]),
            Why::new(why::HELLO_TWICE, &[]),
            Why::new(why::KEY_REMOVED, &[&"key-3"]),
            Why::new(why::NO_LONGER_MEMBER, &[&"GK04"]),
            Why::new(why::AUDIT_CHAIR_ONLY, &[]),
            Why::new(why::MAY_NOT_SEE, &[&"GK02", &"GK03", &"SK01"]),
            Why::new(why::CHAIR_ONLY, &[&why::ACT_KEY_ADD]),
            Why::new(why::CHAIR_ONLY, &[&why::ACT_KEY_REMOVE]),
            Why::new(why::CHAIR_ONLY, &[&why::ACT_KEY_LIST]),
            Why::new(why::CHAIR_ONLY, &[&why::ACT_MERGE]),
            Why::new(why::CHAIR_ONLY, &[&why::ACT_PACKET]),
            Why::new(why::VERSION, &[&3, &2]),
            Why::new(why::KEY_NOT_SERVICE, &[&"an"]),
            Why::new(why::NO_SUCH_KEY, &[&"key-9"]),
            Why::new(why::NOT_ON_COUNCIL, &[&"khach", &"khach"]),
            Why::new(why::STOPPING, &[]),
            Why::new(why::SAVE_TIMEOUT, &[&10]),
            Why::new(why::UNAVAILABLE, &[&"disk full"]),
            Why::new(why::LOGIN_FULL, &[&16, &16]),
            Why::new(why::SERVER_FULL, &[&512]),
            Why::new(why::BUSY, &[]),
        ]
    }

    #[test]
    fn every_code_the_server_sends_is_worded_in_both_languages() {
        for w in sent() {
            for lang in [Lang::Vi, Lang::En] {
                let text = refusal(&w, lang);
                assert_ne!(text, other(&w, lang), "{w:?} has no wording");
                for p in &w.params {
                    if w.code != why::CHAIR_ONLY {
                        assert!(text.contains(p.as_str()), "{w:?} {lang:?}: {text}");
                    }
                }
            }
        }
        assert_eq!(
            refusal(&Why::new(why::AUDIT_CHAIR_ONLY, &[]), Lang::Vi),
            "chỉ chủ tịch hội đồng (và thư ký hội đồng sau khi công bố kết quả) xem được nhật ký thay đổi"
        );
    }

    #[test]
    fn an_unknown_code_shows_its_parameters_with_a_general_sentence() {
        let w = Why::new("quorum_lost", &[&"GK05", &3]);
        let text = refusal(&w, Lang::Vi);
        assert!(
            text.contains("quorum_lost") && text.contains("GK05, 3"),
            "{text}"
        );
        assert!(text.contains("cập nhật jury"), "{text}");
        // Too few parameters for a known code: shown as they came.
        let short = refusal(&Why::new(why::MAY_NOT_SEE, &[&"GK02"]), Lang::En);
        assert!(
            short.contains("may_not_see") && short.contains("GK02"),
            "{short}"
        );
    }

    #[test]
    fn a_newer_servers_rule_still_reads_as_a_refusal() {
        let line = r#"{"code":"refused","message":"quorum lost","detail":{"error":"quorum_lost","present":3},"why":{"code":"change.quorum_lost","params":["3"]}}"#;
        let body: crate::protocol::ErrorBody = match serde_json::from_str(line) {
            Ok(b) => b,
            Err(e) => panic!("an unknown rule makes the frame unreadable: {e}"),
        };
        assert_eq!(body.detail, None);
        let why = body.why.unwrap_or_else(|| Why::new("", &[]));
        let text = refusal(&why, Lang::Vi);
        assert!(text.contains("change.quorum_lost: 3"), "{text}");
    }
}
