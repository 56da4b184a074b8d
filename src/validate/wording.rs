//! The words of schema messages: where a keyword location leads in the schema, and how
//! values, types and `anyOf` branches read to a security officer.

use crate::base::unescape_segment;
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
        Value::Null => "empty".to_owned(),
        Value::Array(_) => "a list".to_owned(),
        Value::Object(_) => "a mapping".to_owned(),
        other => format!("`{other}`"),
    }
}

pub(super) fn type_name(v: &Value) -> &'static str {
    match v {
        Value::String(_) => "text",
        Value::Null => "empty",
        Value::Bool(_) => "true/false",
        Value::Number(n) if n.is_i64() || n.is_u64() => "a whole number",
        Value::Number(_) => "a number",
        Value::Array(_) => "a list",
        Value::Object(_) => "a mapping",
    }
}

pub(super) fn wanted_type(t: &str) -> &'static str {
    match t {
        "string" => "text",
        "integer" => "a whole number",
        "number" => "a number",
        "boolean" => "true or false",
        "array" => "a list",
        "object" => "a mapping of fields",
        "null" => "empty",
        _ => "another type",
    }
}

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
    if let Some(d) = b.get("description").and_then(Value::as_str) {
        return d.trim_end_matches('.').to_owned();
    }
    match b.get("type").and_then(Value::as_str) {
        Some(t) => wanted_type(t).to_owned(),
        None => "another form".to_owned(),
    }
}
