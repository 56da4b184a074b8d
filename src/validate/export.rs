//! Schemas for editors: a record file holds one record or a list of them (a ledger), so
//! the schema an editor is pointed at must accept both. `<kind>.schema.json` stays the
//! schema of one record (for validators that check a record at a time);
//! `<kind>.ledger.schema.json` accepts a record or a list of records.

use serde_json::{Map, Value, json};
use std::path::Path;

/// The name the record's own schema takes among the ledger schema's `$defs`.
const RECORD: &str = "grclint-record";

/// A schema that accepts one record of the kind or a list of them. The record's `$defs`
/// move to the top, where its `#/$defs/…` references still find them.
pub fn ledger_schema(kind: &str, record: &Value) -> Value {
    let mut body = record.as_object().cloned().unwrap_or_default();
    let dialect = body.remove("$schema");
    let mut defs = match body.remove("$defs") {
        Some(Value::Object(d)) => d,
        _ => Map::new(),
    };
    let title = body
        .get("title")
        .and_then(Value::as_str)
        .unwrap_or(kind)
        .to_owned();
    defs.insert(RECORD.to_owned(), Value::Object(body));
    let one = json!({ "$ref": format!("#/$defs/{RECORD}") });
    // if/then/else, not anyOf: an editor then reports a list item's own problems instead
    // of "matches neither a record nor a list".
    json!({
        "$schema": dialect.unwrap_or_else(|| json!("https://json-schema.org/draft/2020-12/schema")),
        "title": format!("{title} (one record, or a list of records)"),
        "description": format!(
            "A {} record file: one record, or a ledger (a list of records).",
            kind.replace('_', " ")
        ),
        "type": ["object", "array"],
        "if": { "type": "array" },
        "then": { "items": one.clone() },
        "else": one,
        "$defs": defs,
    })
}

/// Writes `<kind>.ledger.schema.json` into `dir` beside `<kind>.schema.json`.
pub fn write_ledger(dir: &Path, kind: &str, record: &Value) -> std::io::Result<()> {
    let path = dir.join(format!("{kind}.ledger.schema.json"));
    let text = serde_json::to_string_pretty(&ledger_schema(kind, record))? + "\n";
    std::fs::write(&path, text)
        .map_err(|e| std::io::Error::new(e.kind(), format!("{}: {e}", path.display())))
}

#[cfg(test)]
mod tests {
    use super::ledger_schema;
    use serde_json::json;

    #[test]
    fn accepts_a_record_or_a_list_of_records_and_nothing_else() {
        let record = json!({
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "title": "grclint widget",
            "type": "object",
            "required": ["id"],
            "properties": {"id": {"$ref": "#/$defs/text"}},
            "additionalProperties": false,
            "$defs": {"text": {"type": "string", "minLength": 1}},
        });
        let schema = ledger_schema("widget", &record);
        let v = jsonschema::validator_for(&schema).expect("compiles");
        assert!(v.is_valid(&json!({"id": "W-1"})));
        assert!(v.is_valid(&json!([{"id": "W-1"}, {"id": "W-2"}])));
        assert!(v.is_valid(&json!([])));
        assert!(!v.is_valid(&json!([{"id": "W-1"}, {"id": ""}])));
        assert!(!v.is_valid(&json!([{"id": "W-1", "extra": 1}])));
        assert!(!v.is_valid(&json!({"name": "no id"})));
        assert!(!v.is_valid(&json!("a string")));
    }
}
