//! What one local user can make the server spend: connections per login and
//! in all, and the open-file limit raised once at start.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// Connections one login may hold unless `--max-per-login` says otherwise:
/// a member with a few terminals and scripts, never the whole server.
pub const PER_LOGIN: usize = 16;

/// Connections in all unless `--max-connections` says otherwise.
pub const IN_ALL: usize = 512;

/// Counts open connections by the peer's user id.
pub struct Gate {
    per_login: usize,
    in_all: usize,
    open: Mutex<HashMap<u32, usize>>,
}

/// Why a connection was turned away at the door.
pub enum Full {
    Login { held: usize, max: usize },
    Server { max: usize },
}

impl Full {
    /// The refusal as its code, for the client to word.
    pub fn why(&self) -> crate::protocol::Why {
        use crate::protocol::{Why, why};
        match self {
            Full::Login { held, max } => Why::new(why::LOGIN_FULL, &[held, max]),
            Full::Server { max } => Why::new(why::SERVER_FULL, &[max]),
        }
    }
}

impl std::fmt::Display for Full {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Full::Login { held, max } => write!(
                f,
                "your login already holds {held} connections, the most one login may (--max-per-login {max}); close some jury windows and try again"
            ),
            Full::Server { max } => write!(
                f,
                "the server already holds {max} connections, the most it takes (--max-connections); try again later or tell the administrator"
            ),
        }
    }
}

/// A place at the gate; given back when dropped.
pub struct Ticket {
    gate: Arc<Gate>,
    uid: u32,
}

impl Gate {
    pub fn new(per_login: usize, in_all: usize) -> Arc<Gate> {
        Arc::new(Gate {
            per_login,
            in_all,
            open: Mutex::new(HashMap::new()),
        })
    }

    pub fn admit(self: &Arc<Gate>, uid: u32) -> Result<Ticket, Full> {
        let mut open = self.open.lock().unwrap_or_else(|e| e.into_inner());
        let total: usize = open.values().sum();
        if total >= self.in_all {
            return Err(Full::Server { max: self.in_all });
        }
        let held = open.entry(uid).or_insert(0);
        if *held >= self.per_login {
            return Err(Full::Login {
                held: *held,
                max: self.per_login,
            });
        }
        *held += 1;
        Ok(Ticket {
            gate: Arc::clone(self),
            uid,
        })
    }
}

impl Drop for Ticket {
    fn drop(&mut self) {
        let mut open = self.gate.open.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(held) = open.get_mut(&self.uid) {
            *held = held.saturating_sub(1);
            if *held == 0 {
                open.remove(&self.uid);
            }
        }
    }
}

/// Raises the soft limit on open files to the hard limit, so the caps above
/// are reached before the system's; returns the limit in force.
pub fn raise_open_files() -> Option<u64> {
    let mut lim = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: lim is valid for getrlimit to fill.
    if unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut lim) } != 0 {
        return None;
    }
    if lim.rlim_cur < lim.rlim_max {
        let raised = libc::rlimit {
            rlim_cur: lim.rlim_max,
            rlim_max: lim.rlim_max,
        };
        // SAFETY: raised is a valid rlimit.
        if unsafe { libc::setrlimit(libc::RLIMIT_NOFILE, &raised) } == 0 {
            return Some(raised.rlim_cur);
        }
    }
    Some(lim.rlim_cur)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_login_gets_its_share_and_the_server_its_cap() {
        let gate = Gate::new(2, 3);
        let a1 = gate.admit(1).ok();
        let a2 = gate.admit(1).ok();
        assert!(a1.is_some() && a2.is_some());
        assert!(matches!(
            gate.admit(1),
            Err(Full::Login { held: 2, max: 2 })
        ));
        let b1 = gate.admit(2).ok();
        assert!(b1.is_some());
        assert!(matches!(gate.admit(3), Err(Full::Server { max: 3 })));
        drop(a1);
        assert!(
            gate.admit(1).is_ok(),
            "a closed connection gives its place back"
        );
    }
}
