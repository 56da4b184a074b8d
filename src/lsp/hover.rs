//! Hover: on a field, its schema description; on a reference, the record it names; on a
//! finding, the rule's summary and docs.

use super::locate::{self, At};
use crate::evaluate::registry::Registry;
use crate::pipeline::Workspace;
use serde_json::Value;

/// The hover text (Markdown) at a byte of a repository-relative file.
pub fn hover(ws: &Workspace, path: &str, byte: u32) -> Option<String> {
    let mut parts = Vec::new();
    if let Some(at) = locate::at(ws, path, byte) {
        if at.on_key {
            parts.extend(field(ws, &at));
        } else {
            parts.extend(reference(ws, &at).or_else(|| field(ws, &at)));
        }
    }
    parts.extend(findings(ws, path, byte));
    (!parts.is_empty()).then(|| parts.join("\n\n---\n\n"))
}

/// `**classification**: text (one of …)` and the description.
fn field(ws: &Workspace, at: &At) -> Option<String> {
    let node = ws.schema_node(&at.record.kind, &at.pointer)?;
    let name = at.pointer.rsplit('/').next().unwrap_or_default();
    let mut s = format!("**{}**", name.replace("~1", "/").replace("~0", "~"));
    if let Some(desc) = crate::validate::description(node) {
        s.push_str(&format!(": {desc}"));
    }
    if let Some(values) = node.get("enum").and_then(Value::as_array) {
        let list: Vec<String> = values
            .iter()
            .map(|v| {
                format!(
                    "`{}`",
                    v.as_str().map_or_else(|| v.to_string(), str::to_owned)
                )
            })
            .collect();
        let list = list.join(", ");
        s.push_str(&crate::tr!(
            "\n\nOne of: {list}",
            "\n\n次のいずれか: {list}"
        ));
    }
    if node.get("format").and_then(Value::as_str) == Some("date") {
        s.push_str(crate::i18n::t(
            "\n\nA date, YYYY-MM-DD.",
            "\n\n日付（YYYY-MM-DD）。",
        ));
    }
    Some(s)
}

/// The record a reference names: its name, kind and file.
fn reference(ws: &Workspace, at: &At) -> Option<String> {
    let field = locate::ref_field(ws, &at.record.kind, &at.pointer, false)?;
    let id = locate::text(at.record, &at.pointer)?;
    let Some(target) = locate::target(ws, field, id) else {
        return Some(if crate::i18n::lang() == crate::i18n::Lang::Ja {
            let kinds: Vec<String> = field
                .kinds
                .iter()
                .map(|k| crate::i18n::kind_name(k))
                .collect();
            format!("`{id}`: この id の{}のレコードはない", kinds.join("・"))
        } else {
            format!(
                "`{id}`: no {} record has this id",
                field.kinds.join(" or ").replace('_', " ")
            )
        });
    };
    let file = ws.sources().get(target.file);
    let line = target.spans().get("").map_or(1, |s| file.line(s.value.0));
    Some(format!(
        "**{id}** {}\n\n{} record in `{}` (line {line})",
        locate::name(target).unwrap_or_default(),
        target.kind.replace('_', " "),
        file.path
    ))
}

/// The findings under the cursor: their rule's summary and docs.
fn findings(ws: &Workspace, path: &str, byte: u32) -> Vec<String> {
    let known = Registry::new(ws.rules());
    let mut out: Vec<String> = Vec::new();
    for d in ws.findings_for(path) {
        let Some(p) = d.primary.filter(|p| p.start <= byte && byte <= p.end) else {
            continue;
        };
        if d.suppressed.is_some() || p.end < p.start {
            continue;
        }
        let Some(e) = known.find(&d.code) else {
            continue;
        };
        let s = format!(
            "**{} {}** ({}): {}\n\n{}\n\nMore: `grclint explain {}`",
            e.code, e.name, e.severity, e.summary, e.docs, e.code
        );
        if !out.contains(&s) {
            out.push(s);
        }
    }
    out
}
