//! YAML 1.2 core schema: what a plain scalar means.

use saphyr_parser::{ScalarStyle, Tag};
use serde_json::{Number, Value};

const CORE: &str = "tag:yaml.org,2002:";

pub fn resolve(text: &str, style: ScalarStyle, tag: Option<&Tag>) -> Value {
    if let Some(tag) = tag {
        if let Some(name) = core_tag(tag) {
            return match name {
                "str" => Value::String(text.to_owned()),
                "null" => Value::Null,
                "bool" => parse_bool(text).map(Value::Bool).unwrap_or_else(|| s(text)),
                "int" => parse_int(text).unwrap_or_else(|| s(text)),
                "float" => parse_float(text).unwrap_or_else(|| s(text)),
                _ => plain(text),
            };
        }
        // The non-specific tag `!` makes a scalar a string (YAML 1.2, 6.9.1).
        if tag.handle.is_empty() && tag.suffix == "!" {
            return Value::String(text.to_owned());
        }
    }
    if style != ScalarStyle::Plain {
        return Value::String(text.to_owned());
    }
    plain(text)
}

/// The core schema's name of a tag, in either spelling: `!!str` (handle and suffix) or
/// the verbatim `!<tag:yaml.org,2002:str>` (the whole URI as the suffix).
fn core_tag(tag: &Tag) -> Option<&str> {
    if tag.is_yaml_core_schema() {
        return Some(tag.suffix.as_str());
    }
    if tag.handle.is_empty() {
        return tag.suffix.strip_prefix(CORE);
    }
    None
}

fn s(text: &str) -> Value {
    Value::String(text.to_owned())
}

fn plain(text: &str) -> Value {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Value::Null,
        _ => {}
    }
    if let Some(b) = parse_bool(text) {
        return Value::Bool(b);
    }
    let first = text.as_bytes()[0];
    if (first.is_ascii_digit() || matches!(first, b'-' | b'+' | b'.'))
        && let Some(v) = parse_int(text).or_else(|| parse_float(text))
    {
        return v;
    }
    s(text)
}

fn parse_bool(text: &str) -> Option<bool> {
    match text {
        "true" | "True" | "TRUE" => Some(true),
        "false" | "False" | "FALSE" => Some(false),
        _ => None,
    }
}

fn parse_int(text: &str) -> Option<Value> {
    let (digits, radix) = if let Some(d) = text.strip_prefix("0o") {
        (d, 8)
    } else if let Some(d) = text.strip_prefix("0x") {
        (d, 16)
    } else {
        let d = text.strip_prefix(['-', '+']).unwrap_or(text);
        if d.is_empty() || !d.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        return match text.parse::<i64>() {
            Ok(i) => Some(Value::Number(i.into())),
            Err(_) => text
                .parse::<f64>()
                .ok()
                .and_then(Number::from_f64)
                .map(Value::Number),
        };
    };
    if digits.is_empty() {
        return None;
    }
    i64::from_str_radix(digits, radix)
        .ok()
        .map(|i| Value::Number(i.into()))
}

fn parse_float(text: &str) -> Option<Value> {
    let body = text.strip_prefix(['-', '+']).unwrap_or(text);
    if matches!(body, ".inf" | ".Inf" | ".INF" | ".nan" | ".NaN" | ".NAN") {
        // JSON has no infinities: keep the text so a schema can name it.
        return Some(s(text));
    }
    let b = body.as_bytes();
    let mut i = 0;
    let mut digits = 0;
    while i < b.len() && b[i].is_ascii_digit() {
        i += 1;
        digits += 1;
    }
    if i < b.len() && b[i] == b'.' {
        i += 1;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
            digits += 1;
        }
    }
    if digits == 0 {
        return None;
    }
    if i < b.len() && matches!(b[i], b'e' | b'E') {
        i += 1;
        if i < b.len() && matches!(b[i], b'+' | b'-') {
            i += 1;
        }
        let exp_start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i == exp_start {
            return None;
        }
    }
    if i != b.len() {
        return None;
    }
    text.parse::<f64>()
        .ok()
        .and_then(Number::from_f64)
        .map(Value::Number)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn p(t: &str) -> Value {
        resolve(t, ScalarStyle::Plain, None)
    }

    #[test]
    fn core_schema() {
        assert_eq!(p("007"), json!(7));
        assert_eq!(p("2025-01-01"), json!("2025-01-01"));
        assert_eq!(p("true"), json!(true));
        assert_eq!(p("yes"), json!("yes"));
        assert_eq!(p("~"), Value::Null);
        assert_eq!(p("1.5"), json!(1.5));
        assert_eq!(p("0x1F"), json!(31));
        assert_eq!(p("90d"), json!("90d"));
        assert_eq!(p("1e3"), json!(1000.0));
        assert_eq!(p("-"), json!("-"));
        assert_eq!(
            resolve("007", ScalarStyle::SingleQuoted, None),
            json!("007")
        );
    }

    fn tagged(t: &str, handle: &str, suffix: &str) -> Value {
        let tag = Tag {
            handle: handle.to_owned(),
            suffix: suffix.to_owned(),
        };
        resolve(t, ScalarStyle::Plain, Some(&tag))
    }

    #[test]
    fn core_tags_in_both_spellings() {
        for (handle, pre) in [(CORE, ""), ("", CORE)] {
            let t = |text: &str, name: &str| tagged(text, handle, &format!("{pre}{name}"));
            assert_eq!(t("123", "str"), json!("123"));
            assert_eq!(t("true", "str"), json!("true"));
            assert_eq!(t("7", "int"), json!(7));
            assert_eq!(t("7", "float"), json!(7.0));
            assert_eq!(t("true", "bool"), json!(true));
            assert_eq!(t("", "null"), Value::Null);
        }
        assert_eq!(tagged("123", "", "!"), json!("123"));
        assert_eq!(tagged("123", "!", "local"), json!(123));
    }
}
