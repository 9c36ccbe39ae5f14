//! Calendar arithmetic for the history and log tables' timestamps, without a date crate.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// The current UTC time as `YYYY-MM-DD HH:MM:SS.mmm`.
pub(crate) fn now_utc() -> String {
    format_utc(SystemTime::now())
}

/// `time` in UTC as `YYYY-MM-DD HH:MM:SS.mmm`, the form the history and log tables store.
pub fn format_utc(time: SystemTime) -> String {
    let since = time.duration_since(UNIX_EPOCH).unwrap_or(Duration::ZERO);
    let secs = since.as_secs() as i64;
    let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    // Civil from days (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    // Written digit by digit: `format!` with widths took a third of a microsecond, twice per revision.
    let mut out = String::with_capacity(23);
    for (value, width, then) in [
        (year, 4, "-"),
        (month, 2, "-"),
        (day, 2, " "),
        (rem / 3600, 2, ":"),
        (rem % 3600 / 60, 2, ":"),
        (rem % 60, 2, "."),
        (i64::from(since.subsec_millis()), 3, ""),
    ] {
        push_padded(&mut out, value, width);
        out.push_str(then);
    }
    out
}

/// `value` in decimal, zero-padded to `width` digits (more when it has more).
fn push_padded(out: &mut String, value: i64, width: usize) {
    let mut buffer = itoa::Buffer::new();
    let digits = buffer.format(value);
    for _ in digits.len()..width {
        out.push('0');
    }
    out.push_str(digits);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utc_format() {
        assert_eq!(format_utc(UNIX_EPOCH), "1970-01-01 00:00:00.000");
        let t = UNIX_EPOCH + Duration::from_millis(1_795_000_000_123);
        assert_eq!(format_utc(t), "2026-11-18 11:06:40.123");
    }
}
