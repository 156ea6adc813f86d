//! Numbers, dates and times as people read them. Vietnamese writes a decimal
//! comma (92,00), dates day first (20/09/2024) and, in documents, in words
//! ("ngày 20 tháng 9 năm 2024"); times are shown in the contest's zone.
//! CSV and JSON never come through here: they stay machine-readable.

use jiff::Timestamp;
use jiff::tz::TimeZone;

use super::Contest;
use super::points::Points;
use super::text::Lang;

/// The zone of a contest that names none.
pub const DEFAULT_TIMEZONE: &str = "Asia/Ho_Chi_Minh";

/// `x` with two decimals: `92,00` in Vietnamese, `92.00` in English.
pub fn two(x: f64, lang: Lang) -> String {
    comma(format!("{x:.2}"), lang)
}

/// `x` with one decimal (a spread): `6,5` in Vietnamese.
pub fn one(x: f64, lang: Lang) -> String {
    comma(format!("{x:.1}"), lang)
}

/// Points as entered (`7`, `7,5`).
pub fn points(p: Points, lang: Lang) -> String {
    comma(p.to_string(), lang)
}

fn comma(text: String, lang: Lang) -> String {
    match lang {
        Lang::Vi => text.replace('.', ","),
        Lang::En => text,
    }
}

/// A sum of money in đồng with thousands grouped: `5.000.000` in
/// Vietnamese, `5,000,000` in English.
pub fn money(amount: u64, lang: Lang) -> String {
    let sep = match lang {
        Lang::Vi => '.',
        Lang::En => ',',
    };
    let digits = amount.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(c);
    }
    out
}

/// Year, month and day of an ISO date `2024-09-20`, if it is one.
fn ymd(iso: &str) -> Option<(u32, u32, u32)> {
    if !super::entry::is_iso_date(iso) {
        return None;
    }
    Some((
        iso[0..4].parse().ok()?,
        iso[5..7].parse().ok()?,
        iso[8..10].parse().ok()?,
    ))
}

/// An ISO date as people read it: `20/09/2024` in Vietnamese, unchanged in
/// English (and unchanged when it is not a date).
pub fn date(iso: &str, lang: Lang) -> String {
    match (lang, ymd(iso)) {
        (Lang::Vi, Some((y, m, d))) => format!("{d:02}/{m:02}/{y}"),
        _ => iso.to_string(),
    }
}

/// "ngày 20 tháng 9 năm 2024", as Nghị định 30 dates a document: a day
/// below 10 and the months 1 and 2 take a leading zero.
pub fn date_in_words(iso: &str) -> Option<String> {
    let (y, m, d) = ymd(iso)?;
    let month = if m <= 2 {
        format!("{m:02}")
    } else {
        m.to_string()
    };
    Some(format!("ngày {d:02} tháng {month} năm {y}"))
}

/// The contest's time zone; an unknown name (refused on import) falls back
/// to the default rather than to UTC.
pub fn zone(contest: &Contest) -> TimeZone {
    let name = contest.meta.timezone.as_deref().unwrap_or(DEFAULT_TIMEZONE);
    TimeZone::get(name)
        .or_else(|_| TimeZone::get(DEFAULT_TIMEZONE))
        .unwrap_or(TimeZone::UTC)
}

/// Whether `name` is a time zone jury knows (its own copy of the tz data).
pub fn is_zone(name: &str) -> bool {
    TimeZone::get(name).is_ok()
}

/// A stored UTC moment (`2024-09-20T01:00:00Z`) in `zone`:
/// `20/09/2024 08:00` in Vietnamese, `2024-09-20 08:00` in English. Text
/// that is not a moment is shown as it is.
pub fn moment(at: &str, zone: &TimeZone, lang: Lang) -> String {
    let Ok(ts) = at.parse::<Timestamp>() else {
        return at.to_string();
    };
    let local = ts.to_zoned_datetime(zone.clone());
    let pattern = match lang {
        Lang::Vi => "%d/%m/%Y %H:%M",
        Lang::En => "%Y-%m-%d %H:%M",
    };
    local.strftime(pattern).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vietnamese_writes_a_decimal_comma() {
        assert_eq!(two(92.0, Lang::Vi), "92,00");
        assert_eq!(two(87.456, Lang::En), "87.46");
        assert_eq!(points(Points::from_f64(7.5).unwrap(), Lang::Vi), "7,5");
        assert_eq!(money(5_000_000, Lang::Vi), "5.000.000");
        assert_eq!(money(500_000, Lang::En), "500,000");
        assert_eq!(money(999, Lang::Vi), "999");
    }

    #[test]
    fn dates_read_day_first_and_in_words_as_the_decree_writes_them() {
        assert_eq!(date("2024-09-20", Lang::Vi), "20/09/2024");
        assert_eq!(date("2024-09-20", Lang::En), "2024-09-20");
        assert_eq!(
            date_in_words("2024-09-20").as_deref(),
            Some("ngày 20 tháng 9 năm 2024")
        );
        assert_eq!(
            date_in_words("2025-02-05").as_deref(),
            Some("ngày 05 tháng 02 năm 2025")
        );
        assert_eq!(date_in_words("20/09/2024"), None);
    }

    #[test]
    fn a_moment_is_shown_in_the_contests_zone_not_utc() {
        let c = Contest::default();
        let z = zone(&c);
        assert_eq!(
            moment("2024-09-20T01:30:00Z", &z, Lang::Vi),
            "20/09/2024 08:30"
        );
        let mut paris = Contest::default();
        paris.meta.timezone = Some("Europe/Paris".into());
        assert_eq!(
            moment("2024-09-20T01:30:00Z", &zone(&paris), Lang::En),
            "2024-09-20 03:30"
        );
        assert!(!is_zone("Asia/Phu_Khang"));
    }
}
