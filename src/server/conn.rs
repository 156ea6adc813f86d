//! One client connection: identify the peer, then answer its requests in order.

use std::io::{BufReader, Read, Write};
use std::os::unix::net::UnixStream;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError, Sender, SyncSender};
use std::time::{Duration, Instant};

use super::limits::Ticket;
use super::log;
use super::shared::{Client, OUTBOX, Shared};
use super::writer::{Done, Job, Work};
use crate::domain::visibility::{may_see, view_for};
use crate::domain::{ChangeError, Judge};
use crate::protocol::{
    self, ErrorBody, ErrorCode, LineError, Op, Reply, Request, ServerFrame, Why, why,
};
use crate::store::StoreError;

/// A client that does not read for this long is cut off.
const WRITE_TIMEOUT: Duration = Duration::from_secs(10);

/// Queued frames are joined into one write up to about this size.
const BURST_BYTES: usize = 64 * 1024;

/// A change not written and flushed within this is reported not saved: the
/// database may be stuck on a failing disk.
const SAVE_WITHIN: Duration = Duration::from_secs(10);

/// How long a new connection has to say hello.
pub const HELLO_WITHIN: Duration = Duration::from_secs(5);

/// The longest request before hello: a hello is a few dozen bytes.
const MAX_BEFORE_HELLO: usize = 4 * 1024;

/// Replies queued for a client that does not read them: past this, the
/// server reads nothing more from it until it catches up, and cuts it off
/// if it does not within `WRITE_TIMEOUT`.
const REPLY_BACKLOG: usize = 1024 * 1024;

pub struct Limits {
    /// A connection with no complete request for this long is closed.
    pub idle: Duration,
}

pub fn handle(
    stream: UnixStream,
    uid: u32,
    ticket: Ticket,
    shared: Arc<Shared>,
    jobs: Sender<Job>,
    limits: &Limits,
) {
    let id = shared.next_client_id();
    let login = crate::identity::login_of(uid).unwrap_or_else(|| format!("uid {uid}"));
    let Ok(write_half) = stream.try_clone() else {
        return;
    };
    let _ = write_half.set_write_timeout(Some(WRITE_TIMEOUT));
    let (outbox, lines) = mpsc::sync_channel::<Arc<str>>(OUTBOX);
    let unsent = Arc::new(AtomicUsize::new(0));
    let writer = {
        let unsent = Arc::clone(&unsent);
        std::thread::Builder::new()
            .name(format!("client {id} out"))
            .spawn(move || write_out(write_half, lines, &unsent))
    };
    let writer = match writer {
        Ok(w) => w,
        Err(e) => {
            log::line(&format!(
                "client {id} ({login}): turned away, no thread for it ({e})"
            ));
            turn_away(&stream, Why::new(why::BUSY, &[]));
            return;
        }
    };
    let mut session = Session {
        id,
        login,
        peer_uid: uid,
        key: None,
        owner: false,
        judge: None,
        shared: Arc::clone(&shared),
        jobs,
        outbox: outbox.clone(),
        unsent,
        log: log::Budget::per_second(5),
    };
    session.serve(&stream, limits);
    shared.deregister(id);
    drop(session);
    drop(outbox);
    // The writer sends what is queued (a last error, say) before the socket closes.
    let _ = writer.join();
    let _ = stream.shutdown(std::net::Shutdown::Both);
    drop(ticket);
}

/// Sends what is queued for the client, frames already waiting in one write.
fn write_out(mut out: UnixStream, lines: mpsc::Receiver<Arc<str>>, unsent: &AtomicUsize) {
    let mut burst = String::new();
    while let Ok(line) = lines.recv() {
        burst.clear();
        burst.push_str(&line);
        while burst.len() < BURST_BYTES {
            match lines.try_recv() {
                Ok(more) => burst.push_str(&more),
                Err(_) => break,
            }
        }
        let failed = out.write_all(burst.as_bytes()).is_err();
        // Pushes are not counted in, so this may go below what was added.
        let _ = unsent.fetch_update(Ordering::Relaxed, Ordering::Relaxed, |n| {
            Some(n.saturating_sub(burst.len()))
        });
        if failed {
            let _ = out.shutdown(std::net::Shutdown::Both);
            break;
        }
    }
}

/// Tells a connection that is not taken why, without waiting on it.
pub fn turn_away(stream: &UnixStream, said: Why) {
    let frame = ServerFrame::Error {
        id: None,
        error: ErrorBody {
            code: ErrorCode::Unavailable,
            message: crate::i18n::server_refusal(&said, crate::domain::Lang::En),
            current: None,
            detail: None,
            why: Some(said),
        },
    };
    let _ = stream.set_nonblocking(true);
    let mut s = stream;
    let _ = s.write_all(protocol::encode(&frame).as_bytes());
    let _ = stream.shutdown(std::net::Shutdown::Both);
}

/// The server's owner (the service account on no member's behalf) acts
/// with the chair's rights over the council. Its id cannot be a member's
/// (ids have no `@`), so it never owns a sheet.
fn owner_judge(login: &str) -> Judge {
    Judge {
        id: format!("@{login}"),
        name: format!("{login} (the server's owner)"),
        role: crate::domain::panel::Role::Chair,
        user: Some(login.to_string()),
        unit: None,
        position: None,
        secretary: false,
    }
}

/// Reads from the socket until a deadline the session sets for each request.
struct Paced {
    stream: UnixStream,
    deadline: Instant,
}

impl Read for Paced {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let left = self.deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(std::io::Error::from(std::io::ErrorKind::TimedOut));
        }
        self.stream.set_read_timeout(Some(left))?;
        self.stream.read(buf)
    }
}

struct Session {
    id: u64,
    login: String,
    /// The peer's uid, from the kernel.
    peer_uid: u32,
    /// The SSH key (id, fingerprint) a `jury connect --key` session came in with.
    key: Option<(String, String)>,
    /// The service account itself, on no member's behalf: the server's owner.
    owner: bool,
    /// Set by a successful hello.
    judge: Option<String>,
    shared: Arc<Shared>,
    jobs: Sender<Job>,
    outbox: SyncSender<Arc<str>>,
    /// Bytes of replies queued and not yet written.
    unsent: Arc<AtomicUsize>,
    log: log::Budget,
}

impl Session {
    fn serve(&mut self, stream: &UnixStream, limits: &Limits) {
        let Ok(read_half) = stream.try_clone() else {
            return;
        };
        let mut reader = BufReader::new(Paced {
            stream: read_half,
            deadline: Instant::now() + HELLO_WITHIN,
        });
        loop {
            if !self.caught_up() {
                log::line(&format!(
                    "client {} ({}): cut off, it does not read its replies",
                    self.id, self.login
                ));
                break;
            }
            let (within, max) = match &self.judge {
                None => (HELLO_WITHIN, MAX_BEFORE_HELLO),
                Some(_) => (limits.idle, protocol::MAX_REQUEST),
            };
            reader.get_mut().deadline = Instant::now() + within;
            let line = match protocol::read_line(&mut reader, max) {
                Ok(Some(line)) => line,
                Ok(None) => break,
                Err(LineError::TooLarge) => {
                    self.refuse(None, ErrorCode::TooLarge, Why::new(why::TOO_LARGE, &[&max]));
                    break;
                }
                Err(LineError::Io(e))
                    if matches!(
                        e.kind(),
                        std::io::ErrorKind::TimedOut | std::io::ErrorKind::WouldBlock
                    ) =>
                {
                    let said = match self.judge {
                        None => Why::new(why::HELLO_TIMEOUT, &[&HELLO_WITHIN.as_secs()]),
                        Some(_) => Why::new(why::IDLE, &[&within.as_secs()]),
                    };
                    self.refuse(None, ErrorCode::Unavailable, said);
                    break;
                }
                Err(LineError::Truncated | LineError::Io(_)) => break,
            };
            let request = match protocol::decode_request(&line) {
                Ok(r) => r,
                Err(e) => {
                    self.refuse(None, ErrorCode::BadFrame, Why::new(why::BAD_FRAME, &[&e]));
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
                Op::HelloKey { version, key } => self.hello_key(stream, id, version, &key),
                _ => {
                    self.refuse(
                        Some(id),
                        ErrorCode::HelloFirst,
                        Why::new(why::HELLO_FIRST, &[]),
                    );
                    false
                }
            };
        };
        if let Some((key, _)) = &self.key
            && !matches!(self.shared.store.ssh_key(key), Ok(Some(k)) if k.member == judge_id)
        {
            let key = key.clone();
            self.refuse(
                Some(id),
                ErrorCode::Forbidden,
                Why::new(why::KEY_REMOVED, &[&key]),
            );
            return false;
        }
        // Look the member up again: the chair may have changed the council.
        let found = if self.owner {
            Some(owner_judge(&self.login))
        } else {
            self.shared.read().judge(&judge_id).cloned()
        };
        let Some(actor) = found else {
            self.refuse(
                Some(id),
                ErrorCode::Forbidden,
                Why::new(why::NO_LONGER_MEMBER, &[&judge_id]),
            );
            return false;
        };
        match request.op {
            Op::SshKeyAdd { member, public_key } => {
                if self.chair_only(id, &actor, why::ACT_KEY_ADD) {
                    match crate::domain::ssh_key::PublicKey::parse(&public_key) {
                        Ok(key) => self.submit(id, actor, Work::SshKeyAdd { member, key }),
                        Err(e) => {
                            let e = ChangeError::BadKey {
                                problem: e.to_string(),
                            };
                            self.refuse_change(id, e);
                        }
                    }
                }
            }
            Op::SshKeyRemove { key } => {
                if self.chair_only(id, &actor, why::ACT_KEY_REMOVE) {
                    self.submit(id, actor, Work::SshKeyRemove { id: key });
                }
            }
            Op::SshKeyList => {
                if self.chair_only(id, &actor, why::ACT_KEY_LIST) {
                    match self.shared.store.ssh_keys() {
                        Ok(keys) => self.reply(id, Reply::SshKeys { keys }),
                        Err(e) => self.unavailable(id, &e),
                    }
                }
            }
            Op::Hello { .. } | Op::HelloKey { .. } => self.refuse(
                Some(id),
                ErrorCode::BadFrame,
                Why::new(why::HELLO_TWICE, &[]),
            ),
            Op::Ping => self.reply(id, Reply::Pong),
            Op::Attachment { entry, index } => {
                let text = self.attachment(&actor, &entry, index);
                self.reply(id, Reply::Attachment { text });
            }
            Op::Audit => {
                if !crate::domain::visibility::sees_as_chair(&self.shared.read(), &actor) {
                    self.refuse(
                        Some(id),
                        ErrorCode::Forbidden,
                        Why::new(why::AUDIT_CHAIR_ONLY, &[]),
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
                        Why::new(why::MAY_NOT_SEE, &[&actor.id, &key.judge, &key.entry]),
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
                token,
                judge,
                sheets,
                notes,
            } => {
                if self.chair_only(id, &actor, why::ACT_MERGE) {
                    let work = Work::Merge {
                        token,
                        judge,
                        sheets,
                        notes,
                    };
                    self.submit(id, actor, work);
                }
            }
            Op::Packet { judge, made } => {
                if self.chair_only(id, &actor, why::ACT_PACKET) {
                    self.submit(id, actor, Work::Packet { judge, made });
                }
            }
        }
        true
    }

    /// `true` for the chair (the server's owner included); refuses anyone else.
    /// Reads an attachment the contest lists for an entry `actor` may see,
    /// by its number only; the server's own file rules (no link, a size cap,
    /// UTF-8) apply.
    fn attachment(
        &self,
        actor: &crate::domain::Judge,
        entry: &str,
        index: usize,
    ) -> Result<String, crate::domain::document::AttachmentError> {
        let not_listed = || crate::domain::document::AttachmentError::NotListed {
            entry: entry.to_string(),
            index,
        };
        let listed = {
            let contest = self.shared.read();
            let view = crate::domain::visibility::view_for(&contest, actor);
            view.entry(entry)
                .and_then(|e| e.attachments.get(index))
                .cloned()
                .ok_or_else(not_listed)?
        };
        let base = self.shared.store.source_dir().ok().flatten();
        crate::store::attachment::read_text(base.as_deref(), &listed, crate::store::ATTACHMENT_CAP)
    }

    fn chair_only(&mut self, id: u64, actor: &Judge, act: &str) -> bool {
        if actor.is_chair() {
            return true;
        }
        self.refuse(
            Some(id),
            ErrorCode::Forbidden,
            Why::new(why::CHAIR_ONLY, &[&act]),
        );
        false
    }

    fn same_version(&mut self, id: u64, version: u32) -> bool {
        if version != protocol::VERSION {
            self.refuse(
                Some(id),
                ErrorCode::Version,
                Why::new(why::VERSION, &[&protocol::VERSION, &version]),
            );
            return false;
        }
        true
    }

    /// A member through their SSH key: only the service account (the peer
    /// runs as this server's own user) may name a key, and only a key that
    /// is on the council now.
    fn hello_key(&mut self, stream: &UnixStream, id: u64, version: u32, key: &str) -> bool {
        if !self.same_version(id, version) {
            return false;
        }
        if self.peer_uid != super::place::my_uid() {
            self.refuse(
                Some(id),
                ErrorCode::Forbidden,
                Why::new(why::KEY_NOT_SERVICE, &[&self.login]),
            );
            return false;
        }
        let found = self.shared.store.ssh_key(key).ok().flatten();
        let judge = found
            .as_ref()
            .and_then(|k| self.shared.read().judge(&k.member).cloned());
        let (Some(k), Some(judge)) = (found, judge) else {
            self.refuse(
                Some(id),
                ErrorCode::UnknownLogin,
                Why::new(why::NO_SUCH_KEY, &[&key]),
            );
            return false;
        };
        self.key = Some((k.id.clone(), k.fingerprint.clone()));
        log::line(&format!(
            "client {} connected: {} with key {} ({}) as {} ({})",
            self.id, self.login, k.id, k.fingerprint, judge.id, judge.name
        ));
        self.welcome(stream, id, judge);
        true
    }

    fn hello(&mut self, stream: &UnixStream, id: u64, version: u32) -> bool {
        if !self.same_version(id, version) {
            return false;
        }
        let judge = {
            let c = self.shared.read();
            c.judges
                .iter()
                .find(|j| j.user.as_deref() == Some(self.login.as_str()))
                .cloned()
        };
        // The service account on no member's behalf: the server's owner.
        let judge = judge.or_else(|| {
            self.owner = self.peer_uid == super::place::my_uid();
            self.owner.then(|| owner_judge(&self.login))
        });
        let Some(judge) = judge else {
            self.refuse(
                Some(id),
                ErrorCode::UnknownLogin,
                Why::new(why::NOT_ON_COUNCIL, &[&self.login, &self.login]),
            );
            return false;
        };
        log::line(&format!(
            "client {} connected: {} as {} ({})",
            self.id, self.login, judge.id, judge.name
        ));
        self.welcome(stream, id, judge);
        true
    }

    /// Takes the session as `judge`'s and says so.
    fn welcome(&mut self, stream: &UnixStream, id: u64, judge: Judge) {
        self.judge = Some(judge.id.clone());
        if let Ok(s) = stream.try_clone() {
            self.shared.register(Client {
                id: self.id,
                judge: judge.id.clone(),
                key: self.key.as_ref().map(|(k, _)| k.clone()),
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
    }

    /// The login the audit trail records: with the SSH key's id and
    /// fingerprint when the member came in through one.
    fn audit_login(&self) -> String {
        match &self.key {
            Some((id, fingerprint)) => format!("{} ssh-key {id} {fingerprint}", self.login),
            None => self.login.clone(),
        }
    }

    /// Hands a change to the writer and answers once it is flushed.
    fn submit(&mut self, id: u64, actor: Judge, work: Work) {
        let (tx, rx) = mpsc::channel();
        let job = Job {
            client: self.id,
            actor,
            login: self.audit_login(),
            work,
            reply: tx,
        };
        if self.jobs.send(job).is_err() {
            self.refuse(
                Some(id),
                ErrorCode::Unavailable,
                Why::new(why::STOPPING, &[]),
            );
            return;
        }
        match rx.recv_timeout(SAVE_WITHIN) {
            Ok(Ok(Done::Record(record))) => self.reply(id, Reply::Record { record }),
            Ok(Ok(Done::Merged(report))) => self.reply(id, Reply::Merged { report }),
            Ok(Ok(Done::Packet(issued))) => self.reply(
                id,
                Reply::Packet {
                    token: issued.token,
                    grant: issued.grant,
                },
            ),
            Ok(Ok(Done::SshKey(key))) => self.reply(id, Reply::SshKey { key }),
            Ok(Ok(Done::Council(c))) => self.reply(
                id,
                Reply::Council {
                    published: c.published,
                    judges: c.judges,
                },
            ),
            Ok(Err(StoreError::Refused(e))) => self.refuse_change(id, e),
            Ok(Err(e)) => self.unavailable(id, &e),
            Err(RecvTimeoutError::Timeout) => self.refuse(
                Some(id),
                ErrorCode::Unavailable,
                Why::new(why::SAVE_TIMEOUT, &[&SAVE_WITHIN.as_secs()]),
            ),
            Err(RecvTimeoutError::Disconnected) => self.refuse(
                Some(id),
                ErrorCode::Unavailable,
                Why::new(why::STOPPING, &[]),
            ),
        }
    }

    fn refuse_change(&mut self, id: u64, e: ChangeError) {
        let (code, current) = match &e {
            ChangeError::Stale { current } => (ErrorCode::Stale, current.as_deref().cloned()),
            ChangeError::NotYours { .. }
            | ChangeError::ChairOnly
            | ChangeError::ChairOrSecretaryOnly
            | ChangeError::ScreeningChairOrSecretary
            | ChangeError::DoesNotScore => (ErrorCode::Forbidden, None),
            _ => (ErrorCode::Refused, None),
        };
        let said = Why::of_change(&e);
        self.send_error(Some(id), code, e.to_string(), current, Some(e), said);
    }

    /// A refusal worded by its code: English in the frame's message and the
    /// log, the member's language on the client.
    fn refuse(&mut self, id: Option<u64>, code: ErrorCode, said: Why) {
        let message = crate::i18n::server_refusal(&said, crate::domain::Lang::En);
        self.send_error(id, code, message, None, None, said);
    }

    /// The store could not do it: its English words go as the parameter.
    fn unavailable(&mut self, id: u64, e: &impl std::fmt::Display) {
        self.refuse(
            Some(id),
            ErrorCode::Unavailable,
            Why::new(why::UNAVAILABLE, &[e]),
        );
    }

    fn send_error(
        &mut self,
        id: Option<u64>,
        code: ErrorCode,
        message: String,
        current: Option<crate::domain::change::Record>,
        detail: Option<ChangeError>,
        said: Why,
    ) {
        if code != ErrorCode::Stale {
            let who = self.judge.as_deref().unwrap_or("?");
            self.log.line(
                &format!("client {}", self.id),
                &format!(
                    "refused client {} ({} as {who}): {code:?}: {message}",
                    self.id, self.login
                ),
            );
        }
        self.send(&ServerFrame::Error {
            id,
            error: ErrorBody {
                code,
                message,
                current,
                detail,
                why: Some(said),
            },
        });
    }

    fn reply(&mut self, id: u64, ok: Reply) {
        self.send(&ServerFrame::Reply { id, ok });
    }

    fn send(&mut self, frame: &ServerFrame) {
        // A full outbox holds this connection's reading until its writer
        // catches up, or gives up after `WRITE_TIMEOUT` and ends the session:
        // no reply is dropped, and a client that does not read stops being read.
        let line: Arc<str> = protocol::encode(frame).into();
        let len = line.len();
        self.unsent.fetch_add(len, Ordering::Relaxed);
        if self.outbox.send(line).is_err() {
            self.unsent.fetch_sub(len, Ordering::Relaxed);
        }
    }

    /// Waits while more than `REPLY_BACKLOG` of replies is unread; `false`
    /// when the client does not catch up within `WRITE_TIMEOUT`.
    fn caught_up(&self) -> bool {
        let start = Instant::now();
        while self.unsent.load(Ordering::Relaxed) > REPLY_BACKLOG {
            if start.elapsed() > WRITE_TIMEOUT {
                return false;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        true
    }
}
