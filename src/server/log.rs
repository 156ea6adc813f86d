//! One line per event on standard error, with a UTC timestamp.

pub fn line(text: &str) {
    let now = chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ");
    eprintln!("{now} {text}");
}
