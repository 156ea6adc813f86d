//! Who is at the keyboard: the OS login, which the contest maps to a member.

use std::ffi::CStr;

/// The login name of `uid`, from the password database.
pub fn login_of(uid: u32) -> Option<String> {
    let mut buf = vec![0u8; 4096];
    let mut pwd: libc::passwd = unsafe { std::mem::zeroed() };
    let mut result: *mut libc::passwd = std::ptr::null_mut();
    // SAFETY: buf outlives the call and its length is passed; result is checked before use.
    let rc = unsafe {
        libc::getpwuid_r(
            uid,
            &mut pwd,
            buf.as_mut_ptr().cast(),
            buf.len(),
            &mut result,
        )
    };
    if rc != 0 || result.is_null() || pwd.pw_name.is_null() {
        return None;
    }
    // SAFETY: pw_name points into buf and is NUL-terminated on success.
    let name = unsafe { CStr::from_ptr(pwd.pw_name) };
    name.to_str().ok().map(str::to_string)
}

/// The user id of login `name`, from the password database.
pub fn uid_of(name: &str) -> Option<u32> {
    let cname = std::ffi::CString::new(name).ok()?;
    let mut buf = vec![0u8; 4096];
    let mut pwd: libc::passwd = unsafe { std::mem::zeroed() };
    let mut result: *mut libc::passwd = std::ptr::null_mut();
    // SAFETY: buf outlives the call and its length is passed; result is checked before use.
    let rc = unsafe {
        libc::getpwnam_r(
            cname.as_ptr(),
            &mut pwd,
            buf.as_mut_ptr().cast(),
            buf.len(),
            &mut result,
        )
    };
    if rc != 0 || result.is_null() {
        return None;
    }
    Some(pwd.pw_uid)
}

/// A user id as a person reads it: the login, else the number.
pub fn name_of(uid: u32) -> String {
    login_of(uid).unwrap_or_else(|| format!("uid {uid}"))
}

/// The login of this process's real user.
pub fn current_login() -> Option<String> {
    // SAFETY: getuid cannot fail.
    login_of(unsafe { libc::getuid() })
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_current_user_has_a_login() {
        let login =
            super::current_login().expect("the test runs as a user in the password database");
        assert!(!login.is_empty());
    }
}
