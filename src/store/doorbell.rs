//! A wake-up for the app's event loop: the thread that reads the server
//! rings it as each frame arrives, so a change pushed from another terminal
//! is drawn at once rather than at the loop's next look.

use std::io::{Read, Write};
use std::os::fd::{AsRawFd, RawFd};
use std::os::unix::net::UnixStream;
use std::sync::Arc;

/// The end the event loop waits on.
pub struct Doorbell {
    bell: UnixStream,
    ringer: Ringer,
}

/// The end the reader thread rings; cheap to clone into a new thread.
#[derive(Clone)]
pub struct Ringer(Arc<UnixStream>);

impl Doorbell {
    pub fn new() -> std::io::Result<Doorbell> {
        let (bell, ringer) = UnixStream::pair()?;
        // Neither end may ever block: a full bell is already ringing.
        bell.set_nonblocking(true)?;
        ringer.set_nonblocking(true)?;
        Ok(Doorbell {
            bell,
            ringer: Ringer(Arc::new(ringer)),
        })
    }

    pub fn ringer(&self) -> Ringer {
        self.ringer.clone()
    }

    /// Readable while a ring has not been answered.
    pub fn fd(&self) -> RawFd {
        self.bell.as_raw_fd()
    }

    /// Answers every ring so far; rings after this wake the loop again.
    pub fn quiet(&self) {
        let mut buf = [0u8; 64];
        while matches!((&self.bell).read(&mut buf), Ok(n) if n > 0) {}
    }
}

impl Ringer {
    pub fn ring(&self) {
        // WouldBlock means rings are already waiting: one is as good as many.
        let _ = (&*self.0).write(&[1]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn readable(fd: RawFd) -> bool {
        let mut p = libc::pollfd {
            fd,
            events: libc::POLLIN,
            revents: 0,
        };
        // SAFETY: one valid pollfd, zero timeout.
        unsafe { libc::poll(&mut p, 1, 0) == 1 }
    }

    #[test]
    fn a_ring_wakes_until_it_is_answered() {
        let bell = Doorbell::new().expect("a socket pair");
        assert!(!readable(bell.fd()));
        let ringer = bell.ringer();
        for _ in 0..100_000 {
            ringer.ring(); // far more than the buffer holds: never blocks
        }
        assert!(readable(bell.fd()));
        bell.quiet();
        assert!(!readable(bell.fd()));
        ringer.ring();
        assert!(readable(bell.fd()));
    }
}
