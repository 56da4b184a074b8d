//! Dates and durations as spreadsheets write them → the ISO forms records use.
//!
//! Dates: Excel serial numbers (1900 system), `2025-04-01`, `2025/4/1`, `2025.4.1`,
//! `2025年4月1日`, era dates `R7.4.1`, `R7/4/1`, `令和7年4月1日`, `令和元年5月1日`
//! (明治, 大正, 昭和, 平成, 令和 and their letters M, T, S, H, R), with an optional time
//! of day after them, which is dropped. Durations: `5年`, `6ヶ月`, `2週間`, `90日`, `永年`.

use jiff::civil::Date;

/// Japanese eras: name, letter, first day.
const ERAS: [(&str, char, (i16, i8, i8)); 5] = [
    ("令和", 'R', (2019, 5, 1)),
    ("平成", 'H', (1989, 1, 8)),
    ("昭和", 'S', (1926, 12, 25)),
    ("大正", 'T', (1912, 7, 30)),
    ("明治", 'M', (1868, 1, 25)),
];

/// Full-width digits, letters and punctuation as their ASCII forms (Japanese input often
/// types `２０２５／４／１`); the ideographic space as a space.
pub fn halfwidth(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' => ' ',
            _ => c,
        })
        .collect()
}

/// An Excel serial day number (1900 date system, as Excel counts it) as a date.
pub fn from_serial(serial: f64) -> Option<Date> {
    // Excel's day 60 is the 29 February 1900 that never was; from day 61 on, day 0 is
    // 1899-12-30. Dates before March 1900 do not occur in a ledger.
    if !(61.0..2_958_466.0).contains(&serial) {
        return None;
    }
    let days = serial.floor() as i64;
    jiff::civil::date(1899, 12, 30)
        .checked_add(jiff::Span::new().days(days))
        .ok()
}

/// A date written in any of the forms above, or None.
pub fn parse_date(text: &str) -> Option<Date> {
    let s = halfwidth(text.trim());
    let s = strip_time(&s);
    if s.is_empty() {
        return None;
    }
    if let Some(d) = era_date(s) {
        return Some(d);
    }
    let (y, m, d) = three_numbers(s)?;
    if !(1000..=9999).contains(&y) {
        return None;
    }
    Date::new(y as i16, m as i8, d as i8).ok()
}

/// `2025/4/1 0:00:00` → `2025/4/1`: CSV files saved by Excel carry the time of day.
fn strip_time(s: &str) -> &str {
    // ISO 8601 as OpenDocument writes dates: 2025-04-01T00:00:00.
    if let Some((date, time)) = s.split_once('T')
        && date.len() == 10
        && time.starts_with(|c: char| c.is_ascii_digit())
    {
        return date;
    }
    match s.split_once(' ') {
        Some((date, time))
            if !time.is_empty()
                && time
                    .trim()
                    .chars()
                    .all(|c| c.is_ascii_digit() || c == ':' || c == '.') =>
        {
            date.trim_end()
        }
        _ => s,
    }
}

/// Year, month and day in this order, separated by `-`, `/`, `.` or 年 月 (日 at the end).
fn three_numbers(s: &str) -> Option<(i64, i64, i64)> {
    let s = s.strip_suffix('日').unwrap_or(s);
    let parts: Vec<&str> = s.split(['-', '/', '.', '年', '月']).collect();
    let [y, m, d] = parts.as_slice() else {
        return None;
    };
    let num = |p: &str| -> Option<i64> {
        let p = p.trim();
        if p.is_empty() || p.len() > 4 || !p.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        p.parse().ok()
    };
    // 元年 is the first year of an era.
    let year = if *y == "元" { Some(1) } else { num(y) };
    let (m, d) = (num(m)?, num(d)?);
    ((1..=12).contains(&m) && (1..=31).contains(&d)).then_some((year?, m, d))
}

fn era_date(s: &str) -> Option<Date> {
    for (name, letter, (fy, fm, fd)) in ERAS {
        let rest = s.strip_prefix(name).or_else(|| {
            s.strip_prefix(letter)
                .or_else(|| s.strip_prefix(letter.to_ascii_lowercase()))
        });
        let Some(rest) = rest else { continue };
        let (n, m, d) = three_numbers(rest.trim_start())?;
        if !(1..=99).contains(&n) {
            return None;
        }
        let date = Date::new(fy + n as i16 - 1, m as i8, d as i8).ok()?;
        // 令和1年4月1日 was still 平成: a date before its era's first day does not exist.
        let first = Date::new(fy, fm, fd).ok()?;
        return (date >= first).then_some(date);
    }
    None
}

/// A retention period as a sheet writes it, in grclint's form: `5年` → `5y`,
/// `6ヶ月` → `6mo`, `2週間` → `2w`, `90日` → `90d`, `永年`/`永久`/`無期限` → `permanent`.
pub fn parse_duration(text: &str) -> Option<String> {
    let s = halfwidth(text.trim());
    if matches!(
        s.as_str(),
        "永年" | "永久" | "無期限" | "永年保存" | "永久保存"
    ) {
        return Some("permanent".to_owned());
    }
    let s = s.strip_suffix("保存").unwrap_or(&s).trim_end();
    let split = s.find(|c: char| !c.is_ascii_digit())?;
    let (n, unit) = s.split_at(split);
    if n.is_empty() || n.len() > 5 {
        return None;
    }
    let unit = unit.trim();
    let unit = unit.strip_suffix('間').unwrap_or(unit);
    let short = match unit {
        "年" => "y",
        "ヶ月" | "ヵ月" | "カ月" | "か月" | "ケ月" | "箇月" => "mo",
        "週" => "w",
        "日" => "d",
        "時" => "h",
        _ => return None,
    };
    Some(format!("{n}{short}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Option<String> {
        parse_date(s).map(|d| d.to_string())
    }

    #[test]
    fn western_dates() {
        assert_eq!(d("2025/4/1").as_deref(), Some("2025-04-01"));
        assert_eq!(d("2025-04-01").as_deref(), Some("2025-04-01"));
        assert_eq!(d("２０２５／４／１").as_deref(), Some("2025-04-01"));
        assert_eq!(d("2025年4月1日").as_deref(), Some("2025-04-01"));
        assert_eq!(d("2025.12.31").as_deref(), Some("2025-12-31"));
        assert_eq!(d("2025/4/1 0:00:00").as_deref(), Some("2025-04-01"));
        assert_eq!(d("2025-04-01T00:00:00").as_deref(), Some("2025-04-01"));
        assert_eq!(d("2025/2/29"), None);
        assert_eq!(d("4/1/2025"), None);
        assert_eq!(d("2025/257/1"), None);
        assert_eq!(d("来年"), None);
    }

    #[test]
    fn era_dates() {
        assert_eq!(d("R7.4.1").as_deref(), Some("2025-04-01"));
        assert_eq!(d("R7/4/1").as_deref(), Some("2025-04-01"));
        assert_eq!(d("令和7年4月1日").as_deref(), Some("2025-04-01"));
        assert_eq!(d("令和元年5月1日").as_deref(), Some("2019-05-01"));
        assert_eq!(d("平成31年4月30日").as_deref(), Some("2019-04-30"));
        assert_eq!(d("H30.3.31").as_deref(), Some("2018-03-31"));
        assert_eq!(d("昭和64年1月7日").as_deref(), Some("1989-01-07"));
        // Before the era began.
        assert_eq!(d("令和1年4月1日"), None);
        assert_eq!(d("R0.4.1"), None);
    }

    #[test]
    fn serials() {
        assert_eq!(
            from_serial(45748.0).map(|d| d.to_string()).as_deref(),
            Some("2025-04-01")
        );
        assert_eq!(
            from_serial(45748.75).map(|d| d.to_string()).as_deref(),
            Some("2025-04-01")
        );
        assert_eq!(from_serial(-3.0), None);
        assert_eq!(from_serial(1e12), None);
    }

    #[test]
    fn durations() {
        assert_eq!(parse_duration("5年").as_deref(), Some("5y"));
        assert_eq!(parse_duration("10年間").as_deref(), Some("10y"));
        assert_eq!(parse_duration("６ヶ月").as_deref(), Some("6mo"));
        assert_eq!(parse_duration("3か月").as_deref(), Some("3mo"));
        assert_eq!(parse_duration("2週間").as_deref(), Some("2w"));
        assert_eq!(parse_duration("90日").as_deref(), Some("90d"));
        assert_eq!(parse_duration("永年").as_deref(), Some("permanent"));
        assert_eq!(parse_duration("7年保存").as_deref(), Some("7y"));
        assert_eq!(parse_duration("5y"), None);
        assert_eq!(parse_duration("しばらく"), None);
    }
}
