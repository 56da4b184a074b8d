//! The words of schema messages: where a keyword location leads in the schema, and how
//! values, types and `anyOf` branches read to a security officer.

use crate::base::unescape_segment;
use crate::i18n::{Text, t};
use serde_json::Value;

/// The schema node a keyword location points into (`/properties/owner/required` → owner's node).
pub(super) fn schema_node<'s>(schema: &'s Value, location: &str) -> Option<&'s Value> {
    walk_schema(schema, location, false)
}

/// As `schema_node`, also through the `$ref` segments of a location (`…/1/$ref/pattern`).
pub(super) fn schema_node_through_refs<'s>(schema: &'s Value, location: &str) -> Option<&'s Value> {
    walk_schema(schema, location, true)
}

fn walk_schema<'s>(schema: &'s Value, location: &str, through_refs: bool) -> Option<&'s Value> {
    let resolve = |node: &'s Value| {
        let r = node.get("$ref")?.as_str()?.strip_prefix('#')?;
        schema.pointer(r)
    };
    let mut node = schema;
    for seg in location.split('/').skip(1) {
        let seg = unescape_segment(seg);
        if through_refs && seg == "$ref" {
            // Already followed when the node was only a reference (see below).
            node = resolve(node).unwrap_or(node);
            continue;
        }
        node = match node {
            Value::Object(m) => m.get(seg.as_ref())?,
            Value::Array(a) => a.get(seg.parse::<usize>().ok()?)?,
            _ => return None,
        };
        if node.as_object().is_some_and(|m| m.len() <= 2)
            && let Some(t) = resolve(node)
        {
            node = t;
        }
    }
    Some(node)
}

pub(super) fn parent_location(location: &str) -> &str {
    location.rsplit_once('/').map(|(p, _)| p).unwrap_or("")
}

pub(super) fn describe(v: &Value) -> String {
    match v {
        Value::String(s) => format!("`{}`", crate::diagnostic::shorten(s, 120)),
        Value::Null => t("empty", "空").to_owned(),
        Value::Array(_) => t("a list", "リスト").to_owned(),
        Value::Object(_) => t("a mapping", "マッピング").to_owned(),
        other => format!("`{other}`"),
    }
}

pub(super) fn type_name(v: &Value) -> &'static str {
    match v {
        Value::String(_) => t("text", "文字列"),
        Value::Null => t("empty", "空"),
        Value::Bool(_) => t("true/false", "true/false"),
        Value::Number(n) if n.is_i64() || n.is_u64() => t("a whole number", "整数"),
        Value::Number(_) => t("a number", "数値"),
        Value::Array(_) => t("a list", "リスト"),
        Value::Object(_) => t("a mapping", "マッピング"),
    }
}

/// The type a schema asks for, as a message names it. Callers compare against
/// `TEXT` and `MAPPING` rather than the words, which follow the language.
pub(super) fn wanted_type(ty: &str) -> &'static str {
    match ty {
        "string" => TEXT.now(),
        "integer" => t("a whole number", "整数"),
        "number" => t("a number", "数値"),
        "boolean" => t("true or false", "true か false"),
        "array" => t("a list", "リスト"),
        "object" => MAPPING.now(),
        "null" => t("empty", "空"),
        _ => t("another type", "別の型"),
    }
}

pub(super) const TEXT: Text = Text::new("text", "文字列");
pub(super) const MAPPING: Text = Text::new("a mapping of fields", "項目のマッピング");

/// How a schema branch (of `anyOf`) reads in a message.
pub(super) fn branch_text(schema: &Value, b: &Value) -> String {
    if let Some(c) = b.get("const") {
        return describe(c);
    }
    let b = match b
        .get("$ref")
        .and_then(Value::as_str)
        .and_then(|r| r.strip_prefix('#'))
    {
        Some(t) => schema.pointer(t).unwrap_or(b),
        None => b,
    };
    if let Some(d) = description(b) {
        return d.trim_end_matches(['.', '。']).to_owned();
    }
    match b.get("type").and_then(Value::as_str) {
        Some(t) => wanted_type(t).to_owned(),
        None => t("another form", "別の形").to_owned(),
    }
}

/// A schema node's description in the language of the run: its `x-description-ja` in
/// Japanese where the schema has one, else its `description` (a user's own schema may
/// have only that).
pub fn description(node: &Value) -> Option<&str> {
    let ja = (crate::i18n::lang() == crate::i18n::Lang::Ja)
        .then(|| node.get("x-description-ja").and_then(Value::as_str))
        .flatten();
    ja.or_else(|| node.get("description").and_then(Value::as_str))
}
