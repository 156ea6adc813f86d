fn main() -> std::process::ExitCode {
    // Whatever jury creates (database files, sockets' folders, anything a
    // library writes) is its owner's alone, whatever the login's umask.
    // SAFETY: umask only sets this process's file-creation mask; it cannot fail.
    unsafe { libc::umask(0o077) };
    jury::cli::main()
}
