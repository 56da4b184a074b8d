//! Suggestions built from what the person wrote: the field a Japanese key names, the
//! value a Japanese term means, the shape a mapping should have, the id of a record
//! written by its name. (A date written another way is read by `sheet::dates`.)

use serde_json::{Map, Value};

/// The field whose description carries `key` (`保管場所` → `location`, whose description
/// says "(保管場所)"). Only for keys that are not plain ASCII (typos of a field name are
/// `closest`'s job) and only when one field matches.
pub fn field_by_term<'a>(key: &str, properties: &'a Map<String, Value>) -> Option<&'a str> {
    let key = key.trim();
    if key.is_ascii() || key.chars().count() < 2 {
        return None;
    }
    let description = |p: &'a Value| p.get("description").and_then(Value::as_str);
    let only = |hits: Vec<&'a str>| (hits.len() == 1).then(|| hits[0]);
    // A term of a description first (`保管場所` is one of `保管・格納場所`), then any part.
    let exact: Vec<&str> = properties
        .iter()
        .filter(|(_, p)| description(p).is_some_and(|d| terms(d).iter().any(|t| t == key)))
        .map(|(k, _)| k.as_str())
        .collect();
    if !exact.is_empty() {
        return only(exact);
    }
    only(
        properties
            .iter()
            .filter(|(_, p)| description(p).is_some_and(|d| d.contains(key)))
            .map(|(k, _)| k.as_str())
            .collect(),
    )
}

/// The Japanese terms a description gives in brackets, with the shorthand `A・B場所`
/// written out: `保管・格納場所` → `保管・格納場所`, `保管`, `格納場所`, `保管場所`.
fn terms(description: &str) -> Vec<String> {
    let mut out = Vec::new();
    for part in description.split(['(', '（']).skip(1) {
        let Some(part) = part.split([')', '）']).next() else {
            continue;
        };
        let segments: Vec<&str> = part.split('・').map(str::trim).collect();
        out.push(part.trim().to_owned());
        let last = segments.last().copied().unwrap_or_default();
        for a in &segments {
            out.push((*a).to_owned());
            let n = a.chars().count();
            if *a != last && last.chars().count() > n {
                out.push(format!("{a}{}", last.chars().skip(n).collect::<String>()));
            }
        }
    }
    out
}

/// The allowed value a term stands for, from the node's `x-terms` (`社外秘` →
/// `confidential`).
pub fn value_by_term<'a>(value: &str, node: &'a Value) -> Option<&'a str> {
    node.get("x-terms")?.get(value.trim())?.as_str()
}

/// Whether the text holds full-width digits (`２０２４`): they look right and are not.
pub fn has_full_width_digits(s: &str) -> bool {
    s.chars().any(|c| ('\u{FF10}'..='\u{FF19}').contains(&c))
}

/// What a mapping of this schema node looks like, for a message: `{department: …, person:
/// …, contact: …}` (required fields first, at most five).
pub fn shape(node: &Value) -> Option<String> {
    let props = node.get("properties")?.as_object()?;
    let required: Vec<&str> = node
        .get("required")
        .and_then(Value::as_array)
        .map(|r| r.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let mut names: Vec<&str> = required.clone();
    names.extend(
        props
            .keys()
            .map(String::as_str)
            .filter(|k| !required.contains(k)),
    );
    if names.is_empty() {
        return None;
    }
    let more = names.len() > 5;
    names.truncate(5);
    let fields: Vec<String> = names.iter().map(|n| format!("{n}: …")).collect();
    Some(format!(
        "{{{}{}}}",
        fields.join(", "),
        if more { ", …" } else { "" }
    ))
}

/// Text compared without spaces of any width: `情報 太郎`, `情報　太郎` and `情報太郎` are
/// one name.
/// Text compared without spaces of any width: `情報 太郎`, `情報　太郎` and `情報太郎` are
/// one name.
pub fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// A name without the reading in brackets after it: `情報 太郎 (Taro Joho)` → `情報 太郎`.
pub fn without_reading(name: &str) -> Option<&str> {
    let (bare, _) = name.split_once(['(', '（'])?;
    (!bare.trim().is_empty()).then_some(bare)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_japanese_key_finds_the_field_that_names_it() {
        let props = json!({
            "location": {"description": "Where it is kept (保管場所)"},
            "owner": {"description": "Who is responsible (管理責任者)"},
        });
        let props = props.as_object().unwrap();
        assert_eq!(field_by_term("保管場所", props), Some("location"));
        let ledger = json!({
            "location": {"description": "Where it is kept (保管・格納場所)"},
            "area": {"description": "The area it is kept in (保管・格納場所の区画)"},
            "acquired": {"description": "Date it was obtained (登録・入手日)"},
        });
        let ledger = ledger.as_object().unwrap();
        assert_eq!(field_by_term("保管場所", ledger), Some("location"));
        assert_eq!(field_by_term("格納場所", ledger), Some("location"));
        assert_eq!(field_by_term("入手日", ledger), Some("acquired"));
        assert_eq!(field_by_term("登録日", ledger), Some("acquired"));
        assert_eq!(
            field_by_term("locaton", props),
            None,
            "ASCII typos: closest()"
        );
        assert_eq!(
            field_by_term("場", props),
            None,
            "too short to mean anything"
        );
    }

    #[test]
    fn shapes_list_required_fields_first() {
        let node = json!({
            "properties": {"contact": {}, "department": {}, "person": {}},
            "required": ["person"],
        });
        assert_eq!(
            shape(&node).as_deref(),
            Some("{person: …, contact: …, department: …}")
        );
    }

    #[test]
    fn names_match_whatever_the_spaces() {
        assert_eq!(squeeze("情報 太郎"), squeeze("情報　太郎"));
        assert_eq!(squeeze(" 情報 太郎 "), "情報太郎");
        assert_eq!(without_reading("情報 太郎 (Taro Joho)"), Some("情報 太郎 "));
        assert_eq!(without_reading("(Taro)"), None);
    }
}
