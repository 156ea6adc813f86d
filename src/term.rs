//! The terminal guard: raw mode, the alternate screen and bracketed paste on
//! start; everything restored on exit and on panic; signals and a vanished
//! terminal turned into a clean shutdown.

use std::io::{self, Stdout, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

use crossterm::event::{self, DisableBracketedPaste, EnableBracketedPaste, Event, KeyEventKind};
use crossterm::terminal::{
    self, BeginSynchronizedUpdate, EndSynchronizedUpdate, EnterAlternateScreen,
    LeaveAlternateScreen,
};
use crossterm::{cursor, execute};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;

use crate::term_colors::Screen;

/// What the terminal delivered while we waited.
pub enum Input {
    Event(Event),
    /// Nothing arrived within the wait.
    Idle,
    /// The doorbell rang: the storage has something to show.
    Rung,
    /// SIGHUP, SIGTERM, SIGQUIT or SIGINT arrived.
    Signal,
    /// The terminal is gone (hang-up, EOF, I/O error).
    Gone,
}

pub struct Term {
    pub terminal: Terminal<CrosstermBackend<Screen<Stdout>>>,
    signal: Arc<AtomicUsize>,
    gone: Arc<AtomicBool>,
    restored: bool,
}

impl Term {
    /// `sixteen`: write colours as the 16 classic codes (see `term_colors`).
    pub fn start(sixteen: bool) -> io::Result<Term> {
        let signal = Arc::new(AtomicUsize::new(0));
        for sig in [
            signal_hook::consts::SIGHUP,
            signal_hook::consts::SIGTERM,
            signal_hook::consts::SIGQUIT,
            signal_hook::consts::SIGINT,
        ] {
            signal_hook::flag::register_usize(sig, Arc::clone(&signal), sig as usize)?;
        }
        // SAFETY: isatty only inspects the descriptor.
        if unsafe { libc::isatty(libc::STDIN_FILENO) } != 1 {
            return Err(io::Error::new(
                io::ErrorKind::Unsupported,
                "jury's screens need a terminal on standard input",
            ));
        }
        // crossterm would answer NO_COLOR by writing bare SGR resets that also
        // clear bold and reverse; the theme handles NO_COLOR instead.
        crossterm::style::force_color_output(true);
        terminal::enable_raw_mode().map_err(|e| {
            io::Error::new(
                e.kind(),
                format!("jury needs an interactive terminal ({e})"),
            )
        })?;
        install_panic_hook();
        let mut stdout = io::stdout();
        execute!(
            stdout,
            EnterAlternateScreen,
            EnableBracketedPaste,
            cursor::Hide
        )?;
        let terminal = Terminal::new(CrosstermBackend::new(Screen::new(stdout, sixteen)))?;
        let gone = Arc::new(AtomicBool::new(false));
        watch_for_hang_up(Arc::clone(&gone));
        Ok(Term {
            terminal,
            signal,
            gone,
            restored: false,
        })
    }

    /// Waits up to `wait` for input, in the order it arrived, or until
    /// `bell` (see `Storage::doorbell`) turns readable.
    pub fn next(&mut self, wait: Duration, bell: Option<std::os::fd::RawFd>) -> Input {
        if self.signal.load(Ordering::Relaxed) != 0 {
            return Input::Signal;
        }
        if self.gone.load(Ordering::Relaxed) {
            return Input::Gone;
        }
        // crossterm reads keys from stdin when it is the terminal; only then
        // can we wait on stdin and the bell together.
        // SAFETY: isatty on a descriptor number only asks.
        let wait = match bell {
            Some(bell) if unsafe { libc::isatty(0) } == 1 => {
                // Keys crossterm has already read come first.
                let keys_waiting = matches!(event::poll(Duration::ZERO), Ok(true));
                if !keys_waiting && rang(bell, wait) {
                    return Input::Rung;
                }
                // A key, a resize or a signal came, or the time is up: crossterm says which.
                Duration::ZERO
            }
            _ => wait,
        };
        match event::poll(wait) {
            Ok(true) => match event::read() {
                Ok(Event::Key(k)) if k.kind != KeyEventKind::Press => Input::Idle,
                Ok(e) => Input::Event(e),
                Err(_) => Input::Gone,
            },
            Ok(false) if self.gone.load(Ordering::Relaxed) => Input::Gone,
            Ok(false) if self.signal.load(Ordering::Relaxed) != 0 => Input::Signal,
            Ok(false) => Input::Idle,
            Err(_) => Input::Gone,
        }
    }

    /// Whether more input is waiting, so that a burst (a paste, an input
    /// method's Backspace-and-replace) is applied before the next frame.
    pub fn pending(&self) -> bool {
        matches!(event::poll(Duration::ZERO), Ok(true))
    }

    /// Draws one frame inside a synchronized update, so a slow link never shows half a frame.
    pub fn draw(&mut self, view: impl FnOnce(&mut ratatui::Frame)) -> io::Result<()> {
        execute!(self.terminal.backend_mut(), BeginSynchronizedUpdate)?;
        let drawn = self.terminal.draw(view).map(|_| ());
        execute!(self.terminal.backend_mut(), EndSynchronizedUpdate)?;
        drawn
    }

    pub fn size(&self) -> (u16, u16) {
        self.terminal
            .size()
            .map(|s| (s.width, s.height))
            .unwrap_or((80, 24))
    }

    pub fn restore(&mut self) {
        if !self.restored {
            self.restored = true;
            restore_terminal();
        }
    }
}

impl Drop for Term {
    fn drop(&mut self) {
        self.restore();
    }
}

fn restore_terminal() {
    let _ = terminal::disable_raw_mode();
    let mut out = io::stdout();
    let _ = execute!(
        out,
        DisableBracketedPaste,
        LeaveAlternateScreen,
        cursor::Show
    );
    let _ = out.flush();
}

fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore_terminal();
        previous(info);
    }));
}

/// How often the watchdog looks at the terminal.
const WATCH_EVERY: Duration = Duration::from_millis(200);

/// Waits up to `wait` for stdin or `bell`; true when the bell rang. A
/// signal (resize, hang-up) ends the wait early, as crossterm's would.
fn rang(bell: std::os::fd::RawFd, wait: Duration) -> bool {
    let mut fds = [
        libc::pollfd {
            fd: 0,
            events: libc::POLLIN,
            revents: 0,
        },
        libc::pollfd {
            fd: bell,
            events: libc::POLLIN,
            revents: 0,
        },
    ];
    let ms = i32::try_from(wait.as_millis()).unwrap_or(i32::MAX);
    // SAFETY: two valid pollfds that outlive the call.
    let n = unsafe { libc::poll(fds.as_mut_ptr(), 2, ms) };
    n > 0 && fds[1].revents & libc::POLLIN != 0
}

/// Watches standard input for a hang-up. crossterm 0.29 reads a dead
/// terminal in a loop that never returns (EOF and EIO are retried, only
/// `WouldBlock` ends it), so the watchdog also puts an empty non-blocking pipe
/// in place of standard input: crossterm's read then says `WouldBlock`, its
/// poll times out, and the event loop sees `gone` and saves.
fn watch_for_hang_up(gone: Arc<AtomicBool>) {
    std::thread::spawn(move || {
        loop {
            std::thread::sleep(WATCH_EVERY);
            if terminal_gone(libc::STDIN_FILENO) {
                gone.store(true, Ordering::Relaxed);
                silence_stdin();
                return;
            }
        }
    });
}

/// A hung-up or closed terminal.
fn terminal_gone(fd: libc::c_int) -> bool {
    let mut pfd = libc::pollfd {
        fd,
        events: libc::POLLIN,
        revents: 0,
    };
    // SAFETY: one valid pollfd, zero timeout.
    let n = unsafe { libc::poll(&mut pfd, 1, 0) };
    n > 0 && pfd.revents & (libc::POLLHUP | libc::POLLERR | libc::POLLNVAL) != 0
}

/// Replaces standard input with the read end of a pipe nobody writes to,
/// and standard output and error with /dev/null: writing to a hung-up
/// terminal fails, and Rust's printing panics on failure.
fn silence_stdin() {
    let mut fds = [0 as libc::c_int; 2];
    // SAFETY: fds has room for the two descriptors pipe2 returns; the dup2
    // calls replace the standard descriptors, which is what we mean to do; the
    // pipe's write end stays open on purpose so reads say "would block"
    // rather than "end of file".
    unsafe {
        let null = libc::open(c"/dev/null".as_ptr(), libc::O_WRONLY | libc::O_CLOEXEC);
        if null >= 0 {
            libc::dup2(null, libc::STDOUT_FILENO);
            libc::dup2(null, libc::STDERR_FILENO);
            libc::close(null);
        }
        if libc::pipe2(fds.as_mut_ptr(), libc::O_NONBLOCK | libc::O_CLOEXEC) == 0 {
            libc::dup2(fds[0], libc::STDIN_FILENO);
        }
    }
}
