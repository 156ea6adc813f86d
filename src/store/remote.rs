//! The storage behind `jury serve`: requests go over the socket, answers and
//! pushed changes come back. If the server goes away, writes fail (the app
//! keeps the draft) and the connection is retried every second.

use std::io::{BufReader, Write};
use std::os::unix::net::UnixStream;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use super::storage::ApplyError;
use super::storage::{Storage, Update};
use crate::domain::change::Record;
use crate::domain::{Change, ChangeError, Contest, CouncilChange, Judge, Lang};
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
    lang: Lang,
    conn: Option<Conn>,
    pub judge: Judge,
    pub login: String,
    next_id: u64,
    pending: Vec<Update>,
    last_try: Instant,
    last_sent: Instant,
}

impl Remote {
    /// Checks the socket (see `server::place`), connects, says hello and
    /// loads the contest as this member may see it.
    pub fn connect(
        path: &Path,
        pinned: Option<u32>,
        lang: Lang,
    ) -> Result<(Remote, Contest), String> {
        let (conn, judge, login) = open(path, pinned, lang)?;
        let mut remote = Remote {
            path: path.to_path_buf(),
            pinned,
            lang,
            conn: Some(conn),
            judge,
            login,
            next_id: 2,
            pending: Vec::new(),
            last_try: Instant::now(),
            last_sent: Instant::now(),
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
        let unreachable = || {
            ApplyError::Failed(format!(
                "the server at {path} is not answering; your work is kept on screen"
            ))
        };
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
                    return Err(match (error.code, error.detail) {
                        (ErrorCode::Stale, _) => ApplyError::Refused(ChangeError::Stale {
                            current: error.current,
                        }),
                        (_, Some(detail)) => ApplyError::Refused(detail),
                        _ => ApplyError::Failed(error.message),
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
        if let Ok((conn, judge, _)) = open(&self.path, self.pinned, self.lang) {
            self.conn = Some(conn);
            self.judge = judge;
            self.pending.push(Update::Reconnected);
            self.pending.push(Update::ReloadWanted);
        }
    }

    pub fn load(&mut self) -> Result<Contest, String> {
        match self.request(Op::Load) {
            Ok(Reply::Contest { contest }) => Ok((*contest).into()),
            Ok(_) => Err("the server answered load with something else".into()),
            Err(ApplyError::Failed(e)) => Err(e),
            Err(ApplyError::Refused(e)) => Err(e.to_string()),
        }
    }
}

/// Connects to a server that passed the checks and says hello; the server
/// says who we are. Nothing is sent before the checks.
fn open(path: &Path, pinned: Option<u32>, lang: Lang) -> Result<(Conn, Judge, String), String> {
    let stream = place::connect(path, pinned).map_err(|d| d.describe(lang))?;
    let read_half = stream.try_clone().map_err(|e| e.to_string())?;
    let (tx, frames) = mpsc::channel();
    std::thread::spawn(move || {
        let mut reader = BufReader::new(read_half);
        loop {
            let frame = match protocol::read_line(&mut reader, protocol::MAX_REPLY) {
                Ok(Some(line)) => {
                    serde_json::from_slice::<ServerFrame>(&line).map_err(|e| e.to_string())
                }
                Ok(None) => Err("the server closed the connection".to_string()),
                Err(e) => Err(format!("{e:?}")),
            };
            let end = frame.is_err();
            if tx.send(frame).is_err() || end {
                break;
            }
        }
    });
    let mut conn = Conn { stream, frames };
    let hello = protocol::encode(&Request {
        id: 1,
        op: Op::Hello {
            version: protocol::VERSION,
        },
    });
    conn.stream
        .write_all(hello.as_bytes())
        .map_err(|e| format!("cannot talk to jury serve: {e}"))?;
    match conn.frames.recv_timeout(ANSWER_WITHIN) {
        Ok(Ok(ServerFrame::Reply {
            ok: Reply::Hello { judge, login, .. },
            ..
        })) => Ok((conn, judge, login)),
        Ok(Ok(ServerFrame::Error { error, .. })) => Err(error.message),
        Ok(Ok(other)) => Err(format!("unexpected answer to hello: {other:?}")),
        Ok(Err(e)) => Err(e),
        Err(_) => Err(format!("jury serve at {} did not answer", path.display())),
    }
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
            _ => Err(ApplyError::Failed(
                "the server answered with something else".into(),
            )),
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
            _ => Err(ApplyError::Failed(
                "the server answered with something else".into(),
            )),
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
            _ => Err(ApplyError::Failed(
                "the server answered with something else".into(),
            )),
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
            _ => Err(ApplyError::Failed(
                "the server answered with something else".into(),
            )),
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
            _ => Err(ApplyError::Failed(
                "the server answered with something else".into(),
            )),
        }
    }

    fn audit(&mut self) -> Result<super::storage::AuditView, ApplyError> {
        Remote::audit(self)
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
}
