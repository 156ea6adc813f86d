//! One client connection: identify the peer, then answer its requests in order.

use std::io::{BufReader, Write};
use std::os::unix::net::UnixStream;
use std::sync::Arc;
use std::sync::mpsc::{self, Sender, SyncSender};
use std::time::Duration;

use super::log;
use super::shared::{Client, OUTBOX, Shared};
use super::writer::{Done, Job, Work};
use crate::domain::visibility::{may_see, view_for};
use crate::domain::{ChangeError, Judge};
use crate::protocol::{self, ErrorBody, ErrorCode, LineError, Op, Reply, Request, ServerFrame};
use crate::store::StoreError;

/// A client that does not read for this long is cut off.
const WRITE_TIMEOUT: Duration = Duration::from_secs(10);

/// Queued frames are joined into one write up to about this size.
const BURST_BYTES: usize = 64 * 1024;

pub fn handle(stream: UnixStream, shared: Arc<Shared>, jobs: Sender<Job>) {
    let id = shared.next_client_id();
    let uid = match super::peer::peer_uid(&stream) {
        Ok(uid) => uid,
        Err(e) => {
            log::line(&format!(
                "client {id}: cannot read its credentials ({e}); closed"
            ));
            return;
        }
    };
    let login = crate::identity::login_of(uid).unwrap_or_else(|| format!("uid {uid}"));
    let Ok(write_half) = stream.try_clone() else {
        return;
    };
    let _ = write_half.set_write_timeout(Some(WRITE_TIMEOUT));
    let (outbox, lines) = mpsc::sync_channel::<Arc<str>>(OUTBOX);
    let writer = std::thread::spawn(move || {
        let mut out = write_half;
        let mut burst = String::new();
        while let Ok(line) = lines.recv() {
            // Frames already queued (a burst of pushes) go out in one write.
            burst.clear();
            burst.push_str(&line);
            while burst.len() < BURST_BYTES {
                match lines.try_recv() {
                    Ok(more) => burst.push_str(&more),
                    Err(_) => break,
                }
            }
            if out.write_all(burst.as_bytes()).is_err() {
                let _ = out.shutdown(std::net::Shutdown::Both);
                break;
            }
        }
    });
    let mut session = Session {
        id,
        login,
        judge: None,
        shared: Arc::clone(&shared),
        jobs,
        outbox: outbox.clone(),
    };
    session.serve(&stream);
    shared.deregister(id);
    drop(session);
    drop(outbox);
    // The writer sends what is queued (a last error, say) before the socket closes.
    let _ = writer.join();
    let _ = stream.shutdown(std::net::Shutdown::Both);
}

struct Session {
    id: u64,
    login: String,
    /// Set by a successful hello.
    judge: Option<String>,
    shared: Arc<Shared>,
    jobs: Sender<Job>,
    outbox: SyncSender<Arc<str>>,
}

impl Session {
    fn serve(&mut self, stream: &UnixStream) {
        let Ok(read_half) = stream.try_clone() else {
            return;
        };
        let mut reader = BufReader::new(read_half);
        loop {
            let line = match protocol::read_line(&mut reader, protocol::MAX_REQUEST) {
                Ok(Some(line)) => line,
                Ok(None) => break,
                Err(LineError::TooLarge) => {
                    self.refuse(
                        None,
                        ErrorCode::TooLarge,
                        format!("a request may be at most {} bytes", protocol::MAX_REQUEST),
                    );
                    break;
                }
                Err(LineError::Truncated | LineError::Io(_)) => break,
            };
            let request = match protocol::decode_request(&line) {
                Ok(r) => r,
                Err(e) => {
                    self.refuse(None, ErrorCode::BadFrame, e.to_string());
                    continue;
                }
            };
            if !self.answer(stream, request) {
                break;
            }
        }
        if let Some(judge) = &self.judge {
            log::line(&format!(
                "client {} ({} as {judge}) left",
                self.id, self.login
            ));
        }
    }

    /// Answers one request; `false` closes the connection.
    fn answer(&mut self, stream: &UnixStream, request: Request) -> bool {
        let id = request.id;
        let Some(judge_id) = self.judge.clone() else {
            return match request.op {
                Op::Hello { version } => self.hello(stream, id, version),
                _ => {
                    self.refuse(Some(id), ErrorCode::HelloFirst, "say hello first".into());
                    false
                }
            };
        };
        // Look the member up again: the chair may have changed the council.
        let Some(actor) = self.shared.read().judge(&judge_id).cloned() else {
            self.refuse(
                Some(id),
                ErrorCode::Forbidden,
                format!("{judge_id} is no longer on the council"),
            );
            return false;
        };
        match request.op {
            Op::Hello { .. } => self.refuse(
                Some(id),
                ErrorCode::BadFrame,
                "hello was already said".into(),
            ),
            Op::Ping => self.reply(id, Reply::Pong),
            Op::Audit => {
                if !actor.is_chair() {
                    self.refuse(
                        Some(id),
                        ErrorCode::Forbidden,
                        "only the chair can read the audit trail".into(),
                    );
                    return true;
                }
                let store = &self.shared.store;
                let verified = match store.verify_audit() {
                    Ok(v) => v.map_err(|b| b.to_string()),
                    Err(e) => Err(e.to_string()),
                };
                let contest = self.shared.read();
                // Nothing about an entry the chair is recused from, but their own part in it.
                let records = store
                    .audit_records()
                    .unwrap_or_default()
                    .into_iter()
                    .map(|(_, r)| r)
                    .filter(|r| match &r.entry {
                        Some(e) => {
                            !contest.is_recused(&actor.id, e)
                                || r.subject.as_deref() == Some(actor.id.as_str())
                        }
                        None => true,
                    })
                    .collect();
                drop(contest);
                self.reply(id, Reply::Audit { records, verified });
            }
            Op::Load => {
                let view = view_for(&self.shared.read(), &actor);
                self.reply(
                    id,
                    Reply::Contest {
                        contest: Box::new((&view).into()),
                    },
                );
            }
            Op::Get { key } => {
                let contest = self.shared.read();
                if !may_see(&contest, &actor, &key) {
                    drop(contest);
                    self.refuse(
                        Some(id),
                        ErrorCode::Forbidden,
                        format!(
                            "{} may not see {}'s sheet for {}",
                            actor.id, key.judge, key.entry
                        ),
                    );
                } else {
                    let reply = Reply::Sheet {
                        sheet: contest.sheet(&key).cloned(),
                        note: contest.note(&key).cloned(),
                    };
                    drop(contest);
                    self.reply(id, reply);
                }
            }
            Op::Apply { change } => self.submit(id, actor, Work::Sheet(change)),
            // The rules decide who may make which change: the chair any, a
            // member only their own recusal (refused as `forbidden` otherwise).
            Op::Council { change } => self.submit(id, actor, Work::Council(change)),
            Op::Merge {
                judge,
                sheets,
                notes,
            } => {
                if !actor.is_chair() {
                    self.refuse(
                        Some(id),
                        ErrorCode::Forbidden,
                        "only the chair can merge a member's packet".into(),
                    );
                } else {
                    self.submit(
                        id,
                        actor,
                        Work::Merge {
                            judge,
                            sheets,
                            notes,
                        },
                    );
                }
            }
        }
        true
    }

    fn hello(&mut self, stream: &UnixStream, id: u64, version: u32) -> bool {
        if version != protocol::VERSION {
            self.refuse(
                Some(id),
                ErrorCode::Version,
                format!("this server speaks protocol version {}, not {version}; use the same jury on both sides", protocol::VERSION),
            );
            return false;
        }
        let judge = {
            let c = self.shared.read();
            c.judges
                .iter()
                .find(|j| j.user.as_deref() == Some(self.login.as_str()))
                .cloned()
        };
        let Some(judge) = judge else {
            self.refuse(
                Some(id),
                ErrorCode::UnknownLogin,
                format!(
                    "the login \"{}\" is not on the council. The chair can add it: jury judge add --id ID --name \"FULL NAME\" --user {}",
                    self.login, self.login
                ),
            );
            return false;
        };
        log::line(&format!(
            "client {} connected: {} as {} ({})",
            self.id, self.login, judge.id, judge.name
        ));
        self.judge = Some(judge.id.clone());
        if let Ok(s) = stream.try_clone() {
            self.shared.register(Client {
                id: self.id,
                judge: judge.id.clone(),
                outbox: self.outbox.clone(),
                stream: s,
            });
        }
        self.reply(
            id,
            Reply::Hello {
                version: protocol::VERSION,
                login: self.login.clone(),
                judge,
            },
        );
        true
    }

    /// Hands a change to the writer and answers once it is flushed.
    fn submit(&mut self, id: u64, actor: Judge, work: Work) {
        let (tx, rx) = mpsc::channel();
        let job = Job {
            client: self.id,
            actor,
            login: self.login.clone(),
            work,
            reply: tx,
        };
        if self.jobs.send(job).is_err() {
            self.refuse(
                Some(id),
                ErrorCode::Unavailable,
                "the server is stopping; try again when it is back".into(),
            );
            return;
        }
        match rx.recv() {
            Ok(Ok(Done::Record(record))) => self.reply(id, Reply::Record { record }),
            Ok(Ok(Done::Merged(report))) => self.reply(id, Reply::Merged { report }),
            Ok(Ok(Done::Council(c))) => self.reply(
                id,
                Reply::Council {
                    published: c.published,
                    judges: c.judges,
                },
            ),
            Ok(Err(StoreError::Refused(e))) => self.refuse_change(id, e),
            Ok(Err(e)) => self.refuse(Some(id), ErrorCode::Unavailable, e.to_string()),
            Err(_) => self.refuse(
                Some(id),
                ErrorCode::Unavailable,
                "the server is stopping; try again when it is back".into(),
            ),
        }
    }

    fn refuse_change(&mut self, id: u64, e: ChangeError) {
        let (code, current) = match &e {
            ChangeError::Stale { current } => (ErrorCode::Stale, current.clone()),
            ChangeError::NotYours { .. } | ChangeError::ChairOnly => (ErrorCode::Forbidden, None),
            _ => (ErrorCode::Refused, None),
        };
        self.send_error(Some(id), code, e.to_string(), current, Some(e));
    }

    fn refuse(&mut self, id: Option<u64>, code: ErrorCode, message: String) {
        self.send_error(id, code, message, None, None);
    }

    fn send_error(
        &mut self,
        id: Option<u64>,
        code: ErrorCode,
        message: String,
        current: Option<crate::domain::change::Record>,
        detail: Option<ChangeError>,
    ) {
        if code != ErrorCode::Stale {
            let who = self.judge.as_deref().unwrap_or("?");
            log::line(&format!(
                "refused client {} ({} as {who}): {code:?}: {message}",
                self.id, self.login
            ));
        }
        self.send(&ServerFrame::Error {
            id,
            error: ErrorBody {
                code,
                message,
                current,
                detail,
            },
        });
    }

    fn reply(&mut self, id: u64, ok: Reply) {
        self.send(&ServerFrame::Reply { id, ok });
    }

    fn send(&mut self, frame: &ServerFrame) {
        // The reader waits on a reply, so a full outbox means a stuck client: drop the frame;
        // the connection will be cut when its writer times out.
        let _ = self.outbox.try_send(protocol::encode(frame).into());
    }
}
