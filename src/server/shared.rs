//! What every connection of the server shares: the contest in memory, the
//! connected members, and how changes reach those who may see them.

use std::os::unix::net::UnixStream;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{SyncSender, TrySendError};
use std::sync::{Arc, Mutex, RwLock};

use crate::domain::Contest;
use crate::protocol::{Event, ServerFrame, encode};

/// How many frames may wait for a slow client before it is dropped.
pub const OUTBOX: usize = 1024;

pub struct Client {
    pub id: u64,
    pub judge: String,
    pub outbox: SyncSender<Arc<str>>,
    pub stream: UnixStream,
}

pub struct Shared {
    /// For reads beside the writer (sled is safe to share between threads).
    pub store: Arc<crate::store::Store>,
    pub contest: RwLock<Contest>,
    clients: Mutex<Vec<Client>>,
    next_id: AtomicU64,
}

impl Shared {
    pub fn new(store: Arc<crate::store::Store>, contest: Contest) -> Shared {
        Shared {
            store,
            contest: RwLock::new(contest),
            clients: Mutex::new(Vec::new()),
            next_id: AtomicU64::new(1),
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

    /// Sends `event` to every client but `except` whose judge `reaches`. The
    /// frame is encoded once, however many terminals receive it. A client
    /// whose outbox is full is too slow: it is cut off rather than allowed to
    /// hold up the others.
    pub fn push(
        &self,
        except: Option<u64>,
        event: Event,
        reaches: impl Fn(&Contest, &str) -> bool,
    ) {
        let contest = self.read();
        let mut clients = self.lock_clients();
        let mut line: Option<Arc<str>> = None;
        clients.retain(|c| {
            if Some(c.id) == except || !reaches(&contest, &c.judge) {
                return true;
            }
            let line = line.get_or_insert_with(|| {
                encode(&ServerFrame::Push {
                    event: event.clone(),
                })
                .into()
            });
            match c.outbox.try_send(Arc::clone(line)) {
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
