//! Room left on the disk that holds the database. sled waits for ever when
//! a write fails for lack of space (its flush never returns), so the writer
//! stops taking changes while there is still room, instead of finding out.

use std::ffi::CString;
use std::os::unix::ffi::OsStrExt;
use std::path::Path;

/// Changes are refused while less than this is free (sled writes in
/// segments of a few hundred KiB and needs room to write its own snapshot).
pub const RESERVE: u64 = 16 * 1024 * 1024;

/// Bytes free to this process on the file system holding `path`.
pub fn free_bytes(path: &Path) -> std::io::Result<u64> {
    let c = CString::new(path.as_os_str().as_bytes())
        .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidInput, e))?;
    // SAFETY: statvfs fills `st`, which is zeroed and ours; `c` is NUL-terminated.
    let mut st: libc::statvfs = unsafe { std::mem::zeroed() };
    if unsafe { libc::statvfs(c.as_ptr(), &mut st) } != 0 {
        return Err(std::io::Error::last_os_error());
    }
    Ok((st.f_bavail as u64).saturating_mul(st.f_frsize as u64))
}

/// Why a batch needing about `needed` bytes cannot be written, if it cannot.
pub fn lacking(path: &Path, needed: u64) -> Option<String> {
    let free = free_bytes(path).ok()?;
    (free < RESERVE.saturating_add(needed)).then(|| {
        format!(
            "the disk holding the database is full ({} KiB free on {}, and the server keeps {} MiB in reserve); nothing of this change was saved. Tell the administrator to make room",
            free / 1024,
            path.display(),
            RESERVE / (1024 * 1024)
        )
    })
}
