//! Dates and durations as records write them, calendar-correct (jiff).

use jiff::ToSpan;
use jiff::civil::Date;

/// The date `permanent` stands for.
pub const FOREVER: Date = jiff::civil::date(9999, 12, 31);

pub fn parse_date(s: &str) -> Result<Date, String> {
    if s.len() != 10 {
        return Err(crate::tr!(
            "`{s}` is not a date (YYYY-MM-DD)",
            "`{s}` は日付（YYYY-MM-DD）ではない"
        ));
    }
    s.parse::<Date>().map_err(|_| {
        crate::tr!(
            "`{s}` is not a date (YYYY-MM-DD)",
            "`{s}` は日付（YYYY-MM-DD）ではない"
        )
    })
}

/// A duration: `90d`, `12w`, `18mo`, `5y`, `24h`, ISO 8601 `P5Y`, `P18M`, `PT24H`, `P1Y2M3D`,
/// or `permanent` (None).
pub fn parse_duration(s: &str) -> Result<Option<jiff::Span>, String> {
    let bad = || {
        crate::tr!(
            "`{s}` is not a duration (like 90d, 12w, 18mo, 5y, 24h or P5Y)",
            "`{s}` は期間（90d、12w、18mo、5y、24h、P5Y など）ではない"
        )
    };
    if s == "permanent" {
        return Ok(None);
    }
    if let Some(iso) = s.strip_prefix('P') {
        return parse_iso(iso).map(Some).ok_or_else(bad);
    }
    let split = s.find(|c: char| !c.is_ascii_digit()).ok_or_else(bad)?;
    let (n, unit) = s.split_at(split);
    let n: i64 = n.parse().map_err(|_| bad())?;
    if n > 100_000 {
        return Err(bad());
    }
    // Beyond what the calendar holds (jiff's spans stop at about 20,000 years) is no duration.
    let zero = jiff::Span::new();
    let span = match unit {
        "h" => zero.try_hours(n),
        "d" => zero.try_days(n),
        "w" => zero.try_weeks(n),
        "mo" => zero.try_months(n),
        "y" => zero.try_years(n),
        _ => return Err(bad()),
    };
    span.map(Some).map_err(|_| bad())
}

fn parse_iso(s: &str) -> Option<jiff::Span> {
    let (date, time) = match s.split_once('T') {
        Some((d, t)) => (d, Some(t)),
        None => (s, None),
    };
    let mut span = jiff::Span::new();
    let mut any = false;
    span = iso_part(date, span, &mut any, |span, unit, n| match unit {
        'Y' => span.try_years(n).ok(),
        'M' => span.try_months(n).ok(),
        'W' => span.try_weeks(n).ok(),
        'D' => span.try_days(n).ok(),
        _ => None,
    })?;
    if let Some(t) = time {
        span = iso_part(t, span, &mut any, |span, unit, n| match unit {
            'H' => span.try_hours(n).ok(),
            'M' => span.try_minutes(n).ok(),
            'S' => span.try_seconds(n).ok(),
            _ => None,
        })?;
    }
    any.then_some(span)
}

/// `5Y2M` and the like: each number followed by its unit letter.
fn iso_part(
    text: &str,
    mut span: jiff::Span,
    any: &mut bool,
    unit: impl Fn(jiff::Span, char, i64) -> Option<jiff::Span>,
) -> Option<jiff::Span> {
    let mut num = String::new();
    for c in text.chars() {
        if c.is_ascii_digit() {
            num.push(c);
            continue;
        }
        let n: i64 = num.parse().ok().filter(|n| *n <= 100_000)?;
        num.clear();
        *any = true;
        span = unit(span, c, n)?;
    }
    num.is_empty().then_some(span)
}

/// `date + duration`, calendar-aware; hours count as whole days started.
pub fn add(date: Date, duration: Option<jiff::Span>) -> Result<Date, String> {
    let Some(span) = duration else {
        return Ok(FOREVER);
    };
    let hours = span.get_hours() as i64
        + (span.get_minutes() + 59) / 60
        + (span.get_seconds() + 3599) / 3600;
    let calendar = span.hours(0).minutes(0).seconds(0);
    let days_from_hours = (hours + 23) / 24;
    date.checked_add(calendar)
        .and_then(|d| d.checked_add(days_from_hours.days()))
        .map(|d| d.min(FOREVER))
        .or(Ok(FOREVER))
}

/// Whole days from `from` to `to` (negative when `to` is earlier).
pub fn days_between(from: Date, to: Date) -> i64 {
    (to - from).get_days() as i64
}

/// A duration in days, counted as calendar days from `today` (`5y` from 2026-11-01 is 1826).
pub fn days(today: Date, duration: Option<jiff::Span>) -> Result<i64, String> {
    Ok(days_between(today, add(today, duration)?))
}

/// A duration in hours, counted from `today` like `days`.
pub fn hours(today: Date, duration: Option<jiff::Span>) -> Result<i64, String> {
    let Some(span) = duration else {
        return Ok(days_between(today, FOREVER) * 24);
    };
    let h = span.get_hours() as i64 + span.get_minutes() / 60 + span.get_seconds() / 3600;
    let calendar = span.hours(0).minutes(0).seconds(0);
    // Past the calendar's end counts as forever, as in `add`.
    let end = today.checked_add(calendar).unwrap_or(FOREVER).min(FOREVER);
    Ok(days_between(today, end) * 24 + h)
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn d(s: &str) -> Option<jiff::Span> {
        parse_duration(s).unwrap()
    }

    #[test]
    fn leap_days_and_month_ends() {
        assert_eq!(add(date(2024, 2, 29), d("5y")).unwrap(), date(2029, 2, 28));
        assert_eq!(add(date(2024, 2, 29), d("4y")).unwrap(), date(2028, 2, 29));
        assert_eq!(add(date(2025, 1, 31), d("1mo")).unwrap(), date(2025, 2, 28));
        assert_eq!(add(date(2024, 1, 31), d("P1M")).unwrap(), date(2024, 2, 29));
        assert_eq!(add(date(2025, 12, 31), d("1d")).unwrap(), date(2026, 1, 1));
        assert_eq!(add(date(2025, 12, 31), d("24h")).unwrap(), date(2026, 1, 1));
        assert_eq!(
            add(date(2025, 12, 31), d("PT25H")).unwrap(),
            date(2026, 1, 2)
        );
    }

    #[test]
    fn days_count_calendar_days_from_today() {
        let today = date(2026, 11, 1);
        assert_eq!(days(today, d("5y")).unwrap(), 1826);
        assert_eq!(days(today, d("365d")).unwrap(), 365);
        assert_eq!(days(today, d("12w")).unwrap(), 84);
        assert_eq!(days(today, d("P18M")).unwrap(), 547);
        assert_eq!(hours(today, d("24h")).unwrap(), 24);
        assert_eq!(hours(today, d("2d")).unwrap(), 48);
        assert_eq!(hours(today, d("PT6H")).unwrap(), 6);
    }

    #[test]
    fn permanent_is_forever() {
        assert!(parse_duration("permanent").unwrap().is_none());
        assert_eq!(add(date(2020, 1, 1), None).unwrap(), FOREVER);
        assert!(days(date(2026, 11, 1), None).unwrap() > 2_000_000);
    }

    #[test]
    fn malformed_input_is_an_error_not_a_panic() {
        for s in [
            "",
            "P",
            "PT",
            "5",
            "d",
            "5x",
            "P5Q",
            "99999999999y",
            "-5d",
            "5 d",
        ] {
            assert!(parse_duration(s).is_err(), "{s}");
        }
        for s in ["2025-02-29", "2025-13-01", "20250101", "2025-1-1", ""] {
            assert!(parse_date(s).is_err(), "{s}");
        }
        assert_eq!(days_between(date(2024, 3, 1), date(2026, 11, 25)), 999);
    }
}
