//! Completion: field names from the kind's schema (inside ledger items too), allowed
//! values, the ids of the records a reference field may name, and today's date for a date
//! field.
//!
//! The line being typed rarely parses (`na` is not yet a key), so the file is read again
//! with a marker in the cursor's place (`__grclint_cursor__:` for a key, the marker as the
//! value otherwise): the marker's node says which mapping or field the cursor is in.

use super::locate;
use crate::discover;
use crate::load::{self, Record};
use crate::pipeline::Workspace;
use crate::source::{FileId, SourceFile};
use serde_json::Value;

const MARK: &str = "__grclint_cursor__";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum What {
    Field,
    Value,
    Reference,
    Date,
}

/// One proposal: `insert` replaces the bytes `replace` of the file.
#[derive(Debug)]
pub struct Item {
    pub label: String,
    pub detail: Option<String>,
    pub doc: Option<String>,
    pub insert: String,
    pub replace: (u32, u32),
    pub what: What,
}

/// The proposals at a byte of a repository-relative file.
pub fn complete(ws: &Workspace, path: &str, byte: u32) -> Vec<Item> {
    let Some(file) = locate::file(ws, path) else {
        return Vec::new();
    };
    let text = &*file.text;
    let line = file.line(byte).saturating_sub(1) as usize;
    let Some(start) = file.line_start(line) else {
        return Vec::new();
    };
    let Some(before) = text.get(start as usize..byte as usize) else {
        return Vec::new();
    };
    let end = file.line_end(start) as usize;
    let trimmed = before.trim_start();
    let indent = &before[..before.len() - trimmed.len()];
    let (dash, rest) = match trimmed.strip_prefix("- ") {
        Some(r) => ("- ", r),
        None => ("", trimmed),
    };
    if rest.contains(['#', '{', '[', '"', '\'']) {
        return Vec::new();
    }
    let read = |line: String| -> Option<(Record, String)> {
        let patched = format!("{}{line}{}", &text[..start as usize], &text[end..]);
        marked(ws, path, patched)
    };
    if let Some(colon) = rest.find(':') {
        // A value: `person: P-0`.
        let (key, typed) = (&rest[..colon], rest[colon + 1..].trim_start());
        let from = byte - typed.len() as u32;
        return match read(format!("{indent}{dash}{key}: {MARK}")) {
            Some((r, p)) => values(ws, &r, &p, (from, byte)),
            None => Vec::new(),
        };
    }
    if rest.contains(' ') {
        return Vec::new();
    }
    let from = byte - rest.len() as u32;
    // `- A-0` may be an item of a list of references …
    if !dash.is_empty()
        && let Some((r, p)) = read(format!("{indent}- {MARK}"))
    {
        let found = values(ws, &r, &p, (from, byte));
        if !found.is_empty() {
            return found;
        }
    }
    // … or the first key of a new ledger item, or a key of a mapping.
    match read(format!("{indent}{dash}{MARK}:")) {
        Some((r, p)) => keys(ws, &r, &p, dash.is_empty(), (from, byte)),
        None => Vec::new(),
    }
}

/// The record holding the marker, and the marker's pointer.
fn marked(ws: &Workspace, path: &str, text: String) -> Option<(Record, String)> {
    let wanted = [path.to_owned()];
    let kind = discover::from_paths(ws.settings(), wanted.iter())
        .candidates
        .into_iter()
        .next()
        .and_then(|c| c.path_kind);
    let source = SourceFile::new(path.to_owned(), None, text.into());
    let claims = |k: &str| ws.kinds().claims(k);
    let loaded = load::load_text(
        source,
        FileId(u32::MAX),
        kind.as_deref(),
        &claims,
        &ws.settings().limits,
    );
    loaded.records.into_iter().find_map(|r| {
        let p = r
            .spans()
            .iter()
            .map(|(p, _)| p)
            .find(|p| p.ends_with(MARK) || holds_mark(&r, p))
            .map(str::to_owned)?;
        Some((r, p))
    })
}

fn holds_mark(r: &Record, p: &str) -> bool {
    r.value.pointer(p).and_then(Value::as_str) == Some(MARK)
}

/// The fields of the mapping holding the marker key, those already written left out (in
/// a new ledger item, none is).
fn keys(
    ws: &Workspace,
    r: &Record,
    pointer: &str,
    existing: bool,
    replace: (u32, u32),
) -> Vec<Item> {
    let parent = pointer[..pointer.len() - MARK.len()].trim_end_matches('/');
    let Some(props) = ws
        .schema_node(&r.kind, parent)
        .and_then(|n| n.get("properties"))
        .and_then(Value::as_object)
    else {
        return Vec::new();
    };
    let written = r.value.pointer(parent).and_then(Value::as_object);
    props
        .iter()
        .filter(|(k, _)| !(existing && written.is_some_and(|w| w.contains_key(*k))))
        .map(|(k, node)| Item {
            label: k.clone(),
            detail: Some(type_of(ws, &r.kind, &format!("{parent}/{k}"), node)),
            doc: crate::validate::description(node).map(str::to_owned),
            insert: format!("{k}: "),
            replace,
            what: What::Field,
        })
        .collect()
}

/// What a field holds, in a few words.
fn type_of(ws: &Workspace, kind: &str, pointer: &str, node: &Value) -> String {
    let node = ws.schema_node(kind, pointer).unwrap_or(node);
    if locate::ref_field(ws, kind, pointer, true).is_some() {
        return "reference".to_owned();
    }
    if node.get("format").and_then(Value::as_str) == Some("date") {
        return "date".to_owned();
    }
    if node.get("enum").is_some() {
        return "one of a list".to_owned();
    }
    match node.get("type").and_then(Value::as_str) {
        Some("object") => "mapping".to_owned(),
        Some("array") => "list".to_owned(),
        Some("integer" | "number") => "number".to_owned(),
        Some("boolean") => "true or false".to_owned(),
        _ => "text".to_owned(),
    }
}

/// The values for the field holding the marker.
fn values(ws: &Workspace, r: &Record, pointer: &str, replace: (u32, u32)) -> Vec<Item> {
    let item = |label: String, detail: Option<String>, doc: Option<String>, what| Item {
        insert: label.clone(),
        label,
        detail,
        doc,
        replace,
        what,
    };
    if let Some(field) = locate::ref_field(ws, &r.kind, pointer, false) {
        return ws
            .records()
            .iter()
            .filter(|t| field.kinds.contains(&t.kind))
            .filter_map(|t| {
                let id = t.id.clone()?;
                let path = &ws.sources().get(t.file).path;
                let name = locate::name(t).map(str::to_owned);
                Some(item(
                    id,
                    name,
                    Some(format!("{} in `{path}`", t.kind)),
                    What::Reference,
                ))
            })
            .collect();
    }
    let Some(node) = ws.schema_node(&r.kind, pointer) else {
        return Vec::new();
    };
    if node.get("format").and_then(Value::as_str) == Some("date") {
        let today = ws.today().to_string();
        return vec![item(today, Some("today".to_owned()), None, What::Date)];
    }
    let terms = node.get("x-terms").and_then(Value::as_object);
    let mut out: Vec<Item> = node
        .get("enum")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .map(|v| {
            // The Japanese term that stands for it, if the schema gives one.
            let term = terms.and_then(|t| {
                t.iter()
                    .find(|(_, to)| to.as_str() == Some(v))
                    .map(|(k, _)| k.clone())
            });
            item(v.to_owned(), term, None, What::Value)
        })
        .collect();
    if node.get("type").and_then(Value::as_str) == Some("boolean") {
        out.extend(["true", "false"].map(|b| item(b.to_owned(), None, None, What::Value)));
    }
    out
}
