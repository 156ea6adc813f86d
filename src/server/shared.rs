//! What every connection of the server shares: the contest in memory, the
//! connected members, and how changes reach those who may see them.

use std::collections::HashMap;
use std::os::unix::net::UnixStream;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{SyncSender, TrySendError};
use std::sync::{Arc, Mutex, RwLock};

use crate::domain::Contest;
use crate::protocol::{Event, ServerFrame, encode};

/// How many messages (a reply, or a batch's pushes) may wait for a slow
/// client before it is dropped.
pub const OUTBOX: usize = 256;

pub struct Client {
    pub id: u64,
    pub judge: String,
    /// The SSH key the session came in with, if any.
    pub key: Option<String>,
    pub outbox: SyncSender<Arc<str>>,
    pub stream: UnixStream,
}

/// Frames gathered for each client (by id) while a batch of changes is
/// written, sent as one message each when it is done: a burst of changes
/// wakes each terminal once, not once per change.
#[derive(Default)]
pub struct Pushes(HashMap<u64, String>);

pub struct Shared {
    /// For reads beside the writer (sled is safe to share between threads).
    pub store: Arc<crate::store::Store>,
    pub contest: RwLock<Contest>,
    clients: Mutex<Vec<Client>>,
    next_id: AtomicU64,
    /// The service account's `authorized_keys`, when the server manages one.
    pub gateway: Option<super::authorized::Gateway>,
}

impl Shared {
    pub fn new(
        store: Arc<crate::store::Store>,
        contest: Contest,
        gateway: Option<super::authorized::Gateway>,
    ) -> Shared {
        Shared {
            store,
            contest: RwLock::new(contest),
            clients: Mutex::new(Vec::new()),
            next_id: AtomicU64::new(1),
            gateway,
        }
    }

    pub fn next_client_id(&self) -> u64 {
        self.next_id.fetch_add(1, Ordering::Relaxed)
    }

    pub fn register(&self, client: Client) {
        self.lock_clients().push(client);
    }

    pub fn deregister(&self, id: u64) {
        self.lock_clients().retain(|c| c.id != id);
    }

    /// The contest for reading; a poisoned lock still holds consistent data
    /// (writers only insert whole records), so it is used as is.
    pub fn read(&self) -> std::sync::RwLockReadGuard<'_, Contest> {
        self.contest.read().unwrap_or_else(|e| e.into_inner())
    }

    pub fn write(&self) -> std::sync::RwLockWriteGuard<'_, Contest> {
        self.contest.write().unwrap_or_else(|e| e.into_inner())
    }

    fn lock_clients(&self) -> std::sync::MutexGuard<'_, Vec<Client>> {
        self.clients.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Sends `event` at once to every client but `except` whose judge `reaches`.
    pub fn push(
        &self,
        except: Option<u64>,
        event: Event,
        reaches: impl Fn(&Contest, &str) -> bool,
    ) {
        let mut pushes = Pushes::default();
        self.gather(&mut pushes, except, event, reaches);
        self.deliver(pushes);
    }

    /// Adds `event` to what every client but `except` whose judge `reaches`
    /// will be sent. The frame is encoded once, however many terminals get it.
    pub fn gather(
        &self,
        pushes: &mut Pushes,
        except: Option<u64>,
        event: Event,
        reaches: impl Fn(&Contest, &str) -> bool,
    ) {
        let contest = self.read();
        let clients = self.lock_clients();
        let mut line: Option<String> = None;
        for c in clients.iter() {
            if Some(c.id) == except || !reaches(&contest, &c.judge) {
                continue;
            }
            let line = line.get_or_insert_with(|| {
                encode(&ServerFrame::Push {
                    event: event.clone(),
                })
            });
            pushes.0.entry(c.id).or_default().push_str(line);
        }
    }

    /// Hands each client what was gathered for it, as one message. A client
    /// whose outbox is full is too slow: it is cut off rather than allowed to
    /// hold up the others.
    pub fn deliver(&self, mut pushes: Pushes) {
        if pushes.0.is_empty() {
            return;
        }
        let mut clients = self.lock_clients();
        clients.retain(|c| {
            let Some(frames) = pushes.0.remove(&c.id) else {
                return true;
            };
            match c.outbox.try_send(frames.into()) {
                Ok(()) => true,
                Err(TrySendError::Full(_)) => {
                    super::log::line(&format!(
                        "dropped client {} ({}): too slow to read its updates",
                        c.id, c.judge
                    ));
                    let _ = c.stream.shutdown(std::net::Shutdown::Both);
                    false
                }
                Err(TrySendError::Disconnected(_)) => false,
            }
        });
    }

    /// Closes every session that came in with SSH key `id`; returns how many.
    pub fn close_key(&self, id: &str) -> usize {
        let mut clients = self.lock_clients();
        let before = clients.len();
        clients.retain(|c| {
            if c.key.as_deref() != Some(id) {
                return true;
            }
            let _ = c.stream.shutdown(std::net::Shutdown::Both);
            false
        });
        before - clients.len()
    }

    /// Closes every connection (on shutdown).
    pub fn close_all(&self) {
        for c in self.lock_clients().drain(..) {
            let _ = c.stream.shutdown(std::net::Shutdown::Both);
        }
    }

    pub fn client_count(&self) -> usize {
        self.lock_clients().len()
    }
}
