//! The storage behind `jury serve`: requests go over the socket, answers and
//! pushed changes come back. If the server goes away, writes fail (the app
//! keeps the draft) and the connection is retried every second.

use std::io::{BufReader, Write};
use std::os::unix::net::UnixStream;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use super::doorbell::{Doorbell, Ringer};
use super::storage::ApplyError;
use super::storage::{Storage, Update};
use crate::domain::change::Record;
use crate::domain::{Change, ChangeError, Contest, CouncilChange, Judge, Lang};
use crate::i18n::T;
use crate::protocol::{self, ErrorCode, Event, Op, Reply, Request, ServerFrame};
use crate::server::place;

/// How long to wait for an answer before calling the server unreachable.
const ANSWER_WITHIN: Duration = Duration::from_secs(15);
const RETRY_EVERY: Duration = Duration::from_secs(1);
/// An open app says it is still there this often, well within the server's
/// idle timeout, so a member reading for a while is not cut off.
const KEEPALIVE: Duration = Duration::from_secs(60);

struct Conn {
    stream: UnixStream,
    frames: Receiver<Result<ServerFrame, String>>,
}

pub struct Remote {
    path: PathBuf,
    /// The user the server must run as, when the member named it.
    pinned: Option<u32>,
    /// The SSH key this session speaks for (`jury connect --key`).
    key: Option<String>,
    lang: Lang,
    conn: Option<Conn>,
    pub judge: Judge,
    pub login: String,
    next_id: u64,
    pending: Vec<Update>,
    last_try: Instant,
    last_sent: Instant,
    /// Rung by the reader thread; `None` if the system gave no socket pair
    /// (the app then looks for pushes on its own timer).
    doorbell: Option<Doorbell>,
}

impl Remote {
    /// Checks the socket (see `server::place`), connects, says hello and
    /// loads the contest as this member may see it.
    pub fn connect(
        path: &Path,
        pinned: Option<u32>,
        lang: Lang,
    ) -> Result<(Remote, Contest), String> {
        Remote::connect_as(path, pinned, lang, None)
    }

    /// As `connect`, speaking for the member SSH key `key` was given to
    /// (the server takes this only from its own service account).
    pub fn connect_as(
        path: &Path,
        pinned: Option<u32>,
        lang: Lang,
        key: Option<&str>,
    ) -> Result<(Remote, Contest), String> {
        let doorbell = Doorbell::new().ok();
        let ringer = doorbell.as_ref().map(Doorbell::ringer);
        let (conn, judge, login) = open(path, pinned, lang, key, ringer)?;
        let mut remote = Remote {
            path: path.to_path_buf(),
            pinned,
            key: key.map(str::to_string),
            lang,
            conn: Some(conn),
            judge,
            login,
            next_id: 2,
            pending: Vec::new(),
            last_try: Instant::now(),
            last_sent: Instant::now(),
            doorbell,
        };
        let contest = remote.load()?;
        Ok((remote, contest))
    }

    /// The socket this client talks to.
    pub fn socket(&self) -> &Path {
        &self.path
    }

    fn request(&mut self, op: Op) -> Result<Reply, ApplyError> {
        let path = self.path.display().to_string();
        let lang = self.lang;
        let unreachable = || ApplyError::Failed(T::RemoteNotAnswering.with(lang, &[&path]));
        if self.conn.is_none() {
            self.reconnect();
        }
        let id = self.next_id;
        self.next_id += 1;
        let Some(conn) = self.conn.as_mut() else {
            return Err(unreachable());
        };
        let line = protocol::encode(&Request { id, op });
        self.last_sent = Instant::now();
        if conn.stream.write_all(line.as_bytes()).is_err() {
            self.lost();
            return Err(unreachable());
        }
        let deadline = Instant::now() + ANSWER_WITHIN;
        loop {
            let Some(conn) = self.conn.as_ref() else {
                return Err(unreachable());
            };
            let left = deadline.saturating_duration_since(Instant::now());
            match conn.frames.recv_timeout(left) {
                Ok(Ok(ServerFrame::Reply { id: got, ok })) if got == id => return Ok(ok),
                Ok(Ok(ServerFrame::Error {
                    id: Some(got),
                    error,
                })) if got == id => {
                    return Err(match (error.code, error.detail.clone()) {
                        (ErrorCode::Stale, _) => ApplyError::Refused(ChangeError::Stale {
                            current: error.current.map(Box::new),
                        }),
                        (_, Some(detail)) => ApplyError::Refused(detail),
                        _ => ApplyError::Failed(said(error, lang)),
                    });
                }
                Ok(Ok(ServerFrame::Push { event })) => self.pending_event(event),
                Ok(Ok(_)) => {}
                Ok(Err(_))
                | Err(RecvTimeoutError::Disconnected)
                | Err(RecvTimeoutError::Timeout) => {
                    self.lost();
                    return Err(unreachable());
                }
            }
        }
    }

    fn pending_event(&mut self, event: Event) {
        self.pending.push(match event {
            Event::Record { record } => Update::Record(record),
            Event::Reload => Update::ReloadWanted,
            Event::Council { published, judges } => Update::Council { published, judges },
        });
    }

    fn lost(&mut self) {
        if let Some(c) = self.conn.take() {
            let _ = c.stream.shutdown(std::net::Shutdown::Both);
            self.pending.push(Update::Disconnected);
        }
        self.last_try = Instant::now();
    }

    fn reconnect(&mut self) {
        if self.last_try.elapsed() < RETRY_EVERY {
            return;
        }
        self.last_try = Instant::now();
        let ringer = self.doorbell.as_ref().map(Doorbell::ringer);
        if let Ok((conn, judge, _)) = open(
            &self.path,
            self.pinned,
            self.lang,
            self.key.as_deref(),
            ringer,
        ) {
            self.conn = Some(conn);
            self.judge = judge;
            self.pending.push(Update::Reconnected);
            self.pending.push(Update::ReloadWanted);
        }
    }

    pub fn load(&mut self) -> Result<Contest, String> {
        match self.request(Op::Load) {
            Ok(Reply::Contest { contest }) => Ok((*contest).into()),
            Ok(_) => Err(T::RemoteOtherAnswer.get(self.lang).into()),
            Err(ApplyError::Failed(e)) => Err(e),
            Err(ApplyError::Refused(e)) => Err(crate::i18n::refusal(&e, self.lang)),
        }
    }
}

/// Connects to a server that passed the checks and says hello; the server
/// says who we are. Nothing is sent before the checks.
fn open(
    path: &Path,
    pinned: Option<u32>,
    lang: Lang,
    key: Option<&str>,
    ringer: Option<Ringer>,
) -> Result<(Conn, Judge, String), String> {
    let stream = place::connect(path, pinned).map_err(|d| d.describe(lang))?;
    let read_half = stream.try_clone().map_err(|e| e.to_string())?;
    let (tx, frames) = mpsc::channel();
    std::thread::spawn(move || {
        let mut reader = BufReader::new(read_half);
        loop {
            let frame = match protocol::read_line(&mut reader, protocol::MAX_REPLY) {
                Ok(Some(line)) => serde_json::from_slice::<ServerFrame>(&line)
                    .map_err(|e| T::RemoteUnreadable.with(lang, &[&e])),
                Ok(None) => Err(T::RemoteClosed.get(lang).to_string()),
                Err(e) => Err(T::RemoteUnreadable.with(lang, &[&line_error(e, lang)])),
            };
            let end = frame.is_err();
            if tx.send(frame).is_err() {
                break;
            }
            if let Some(r) = &ringer {
                r.ring();
            }
            if end {
                break;
            }
        }
    });
    let mut conn = Conn { stream, frames };
    let version = protocol::VERSION;
    let op = match key {
        Some(key) => Op::HelloKey {
            version,
            key: key.to_string(),
        },
        None => Op::Hello { version },
    };
    let hello = protocol::encode(&Request { id: 1, op });
    conn.stream
        .write_all(hello.as_bytes())
        .map_err(|e| T::RemoteCannotTalk.with(lang, &[&path.display(), &e]))?;
    match conn.frames.recv_timeout(ANSWER_WITHIN) {
        Ok(Ok(ServerFrame::Reply {
            ok: Reply::Hello { judge, login, .. },
            ..
        })) => Ok((conn, judge, login)),
        Ok(Ok(ServerFrame::Error { error, .. })) => Err(said(error, lang)),
        Ok(Ok(_)) => Err(T::RemoteOtherAnswer.get(lang).into()),
        Ok(Err(e)) => Err(e),
        Err(_) => Err(T::RemoteNoHello.with(lang, &[&path.display()])),
    }
}

/// A server's refusal in the member's language; an older server's, which
/// has no code, in its own words.
fn said(error: protocol::ErrorBody, lang: Lang) -> String {
    match error.why {
        Some(why) => crate::i18n::server_refusal(&why, lang),
        None => error.message,
    }
}

/// A reply line that could not be read, in the member's words.
fn line_error(e: protocol::LineError, lang: Lang) -> String {
    match e {
        protocol::LineError::TooLarge => T::RemoteTooLarge.get(lang).into(),
        protocol::LineError::Truncated => T::RemoteCutShort.get(lang).into(),
        protocol::LineError::Io(e) => {
            use std::io::ErrorKind as K;
            match e.kind() {
                K::ConnectionReset
                | K::ConnectionAborted
                | K::BrokenPipe
                | K::UnexpectedEof
                | K::TimedOut
                | K::WouldBlock => T::RemoteConnectionLost.get(lang).into(),
                kind => crate::i18n::os_error(Some(kind), &e.to_string(), lang),
            }
        }
    }
}

/// A reply of the wrong kind: a server of another version, or a bug.
fn other_answer(lang: Lang) -> ApplyError {
    ApplyError::Failed(T::RemoteOtherAnswer.get(lang).into())
}

impl Remote {
    /// Sends a member's returned sheets for the server to merge (chair only).
    pub fn merge(
        &mut self,
        token: &str,
        judge: &str,
        sheets: Vec<crate::domain::Sheet>,
        notes: Vec<crate::domain::Note>,
    ) -> Result<crate::store::MergeReport, ApplyError> {
        match self.request(Op::Merge {
            token: token.to_string(),
            judge: judge.to_string(),
            sheets,
            notes,
        })? {
            Reply::Merged { report } => Ok(report),
            _ => Err(other_answer(self.lang)),
        }
    }
}

impl Remote {
    /// Asks the server to issue a packet for `judge` (chair only); returns its secret.
    pub fn issue_packet(&mut self, judge: &str, made: &str) -> Result<String, ApplyError> {
        match self.request(Op::Packet {
            judge: judge.to_string(),
            made: made.to_string(),
        })? {
            Reply::Packet { token, .. } => Ok(token),
            _ => Err(other_answer(self.lang)),
        }
    }
}

impl Remote {
    /// Gives a member the public key in `text` (the chair or the server's owner).
    pub fn add_ssh_key(
        &mut self,
        member: &str,
        text: &str,
    ) -> Result<crate::store::MemberKey, ApplyError> {
        match self.request(Op::SshKeyAdd {
            member: member.to_string(),
            public_key: text.to_string(),
        })? {
            Reply::SshKey { key } => Ok(key),
            _ => Err(other_answer(self.lang)),
        }
    }

    pub fn remove_ssh_key(&mut self, id: &str) -> Result<crate::store::MemberKey, ApplyError> {
        match self.request(Op::SshKeyRemove {
            key: id.to_string(),
        })? {
            Reply::SshKey { key } => Ok(key),
            _ => Err(other_answer(self.lang)),
        }
    }

    pub fn ssh_keys(&mut self) -> Result<Vec<crate::store::MemberKey>, ApplyError> {
        match self.request(Op::SshKeyList)? {
            Reply::SshKeys { keys } => Ok(keys),
            _ => Err(other_answer(self.lang)),
        }
    }
}

impl Remote {
    /// The audit trail as the server keeps it, and its verdict on the chain.
    #[allow(clippy::type_complexity)]
    pub fn audit(
        &mut self,
    ) -> Result<(Vec<crate::domain::audit::AuditRecord>, Result<u64, String>), ApplyError> {
        match self.request(Op::Audit)? {
            Reply::Audit { records, verified } => Ok((records, verified)),
            _ => Err(other_answer(self.lang)),
        }
    }
}

impl Storage for Remote {
    fn load(&mut self) -> Result<Contest, String> {
        Remote::load(self)
    }

    fn apply(&mut self, _actor: &str, change: &Change) -> Result<Record, ApplyError> {
        // The server knows who we are; the actor is not sent.
        match self.request(Op::Apply {
            change: change.clone(),
        })? {
            Reply::Record { record } => Ok(record),
            _ => Err(other_answer(self.lang)),
        }
    }

    fn council(
        &mut self,
        _actor: &str,
        change: &CouncilChange,
    ) -> Result<(bool, Vec<Judge>), ApplyError> {
        match self.request(Op::Council {
            change: change.clone(),
        })? {
            Reply::Council { published, judges } => Ok((published, judges)),
            _ => Err(other_answer(self.lang)),
        }
    }

    fn audit(&mut self) -> Result<super::storage::AuditView, ApplyError> {
        Remote::audit(self)
    }

    fn attachment(
        &mut self,
        entry: &str,
        index: usize,
    ) -> Result<String, crate::domain::document::AttachmentError> {
        let failed = |why: String| crate::domain::document::AttachmentError::Unreadable {
            path: format!("{entry} #{}", index + 1),
            why,
        };
        match self.request(Op::Attachment {
            entry: entry.to_string(),
            index,
        }) {
            Ok(Reply::Attachment { text }) => text,
            Ok(_) => Err(failed(
                crate::i18n::T::RemoteOtherAnswer.get(self.lang).into(),
            )),
            Err(ApplyError::Failed(why)) => Err(failed(why)),
            Err(ApplyError::Refused(e)) => Err(failed(crate::i18n::refusal(&e, self.lang))),
        }
    }

    fn updates(&mut self) -> Vec<Update> {
        if self.conn.is_none() {
            self.reconnect();
        }
        let mut lost = false;
        if self.last_sent.elapsed() >= KEEPALIVE
            && let Some(conn) = self.conn.as_mut()
        {
            // The pong is not waited for; it is passed over like any reply nobody awaits.
            let ping = protocol::encode(&Request {
                id: self.next_id,
                op: Op::Ping,
            });
            self.next_id += 1;
            self.last_sent = Instant::now();
            lost |= conn.stream.write_all(ping.as_bytes()).is_err();
        }
        if let Some(bell) = &self.doorbell {
            // Before taking the frames, so one that comes after rings again.
            bell.quiet();
        }
        if let Some(conn) = &self.conn {
            let frames: Vec<_> = conn.frames.try_iter().collect();
            for frame in frames {
                match frame {
                    Ok(ServerFrame::Push { event }) => self.pending_event(event),
                    Ok(_) => {}
                    Err(_) => lost = true,
                }
            }
        }
        if lost {
            self.lost();
        }
        let mut out = std::mem::take(&mut self.pending);
        // A reload is answered here, so the app gets the contest itself.
        if out.iter().any(|u| matches!(u, Update::ReloadWanted)) {
            out.retain(|u| !matches!(u, Update::ReloadWanted));
            if let Ok(contest) = Remote::load(self) {
                out.push(Update::Reload(Box::new(contest)));
            }
        }
        out
    }

    fn flush(&mut self) -> Result<(), String> {
        Ok(())
    }

    fn doorbell(&self) -> Option<std::os::fd::RawFd> {
        self.doorbell.as_ref().map(Doorbell::fd)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Role, SheetKey};
    use unicode_width::UnicodeWidthStr;

    /// A dropped connection is said in the member's words, never as the
    /// system's "Broken pipe (os error 32)".
    #[test]
    fn a_lost_connection_is_worded_in_the_members_language() {
        let lost = || protocol::LineError::Io(std::io::ErrorKind::BrokenPipe.into());
        let vi = line_error(lost(), Lang::Vi);
        assert!(vi.contains("mất kết nối với máy chủ"), "{vi}");
        assert!(!vi.contains("os error") && !vi.contains("Broken"), "{vi}");
        let en = line_error(lost(), Lang::En);
        assert!(en.contains("connection to the server was lost"), "{en}");
    }

    /// A personal server's socket: a long path, as members meet it.
    const SOCKET: &str = "/run/user/1000/jury/jury.sock";

    fn offline(lang: Lang) -> Remote {
        Remote {
            path: PathBuf::from(SOCKET),
            pinned: None,
            key: None,
            lang,
            conn: None,
            judge: Judge {
                id: "GK03".into(),
                name: "Lê Văn C".into(),
                role: Role::default(),
                user: None,
                unit: None,
                position: None,
                secretary: false,
            },
            login: "gk03".into(),
            next_id: 2,
            pending: Vec::new(),
            // Just tried: no reconnecting in this test.
            last_try: Instant::now(),
            last_sent: Instant::now(),
            doorbell: None,
        }
    }

    #[test]
    fn a_server_not_answering_is_said_in_the_members_language_within_80_columns() {
        let note = Change::SaveNote {
            key: SheetKey::new("main", "SK01", "GK03"),
            text: "Tốt".into(),
            base: 0,
            remarks: Default::default(),
            annotations: Vec::new(),
        };
        for (lang, words) in [(Lang::Vi, "không trả lời"), (Lang::En, "not answering")] {
            let Err(ApplyError::Failed(text)) = offline(lang).apply("GK03", &note) else {
                panic!("a write to a server that is gone fails");
            };
            assert!(text.contains(words) && text.contains(SOCKET), "{text}");
            assert!(text.width() <= 80, "{} columns: {text}", text.width());
        }
    }

    #[test]
    fn every_connection_message_fits_80_columns_in_both_languages() {
        let remote = [
            T::RemoteNotAnswering,
            T::RemoteOtherAnswer,
            T::RemoteClosed,
            T::RemoteUnreadable,
            T::RemoteTooLarge,
            T::RemoteCutShort,
            T::RemoteCannotTalk,
            T::RemoteNoHello,
        ];
        for t in remote {
            for lang in [Lang::Vi, Lang::En] {
                // Arguments as long as they come: the socket, a short OS error.
                let text = t.with(lang, &[&SOCKET, &"Broken pipe (os error 32)"]);
                assert!(text.width() <= 80, "{t:?} {lang:?}: {text}");
            }
        }
    }
}
