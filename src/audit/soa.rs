//! The Statement of Applicability: the 93 controls in order, each with its SoA entry (or a
//! gap), the rules that check it and their open findings.

use super::Finding;
use super::annex::CONTROLS;
use crate::evaluate::soa::codes_by_control;
use crate::pipeline::Workspace;
use serde::Serialize;
use serde_json::Value;

#[derive(Debug, Serialize)]
pub struct Row {
    pub control: &'static str,
    pub name: String,
    /// The entry gives its own name (else `name` is grclint's short label).
    #[serde(skip)]
    pub named: bool,
    /// False: no SoA entry names the control (a gap).
    pub entry: bool,
    pub applicable: Option<bool>,
    pub status: Option<String>,
    pub justification: Option<String>,
    pub owner: Option<String>,
    pub evidence: Vec<Evidence>,
    /// Where the entry is written.
    pub path: Option<String>,
    pub line: Option<u32>,
    /// The rules whose `references.iso27001` name the control.
    pub rules: Vec<String>,
    /// Their open findings, as `CODE path:line`.
    pub open_findings: Vec<String>,
    /// Implemented, while grclint has open findings under the control.
    pub conflict: bool,
}

#[derive(Debug, Serialize)]
pub struct Evidence {
    pub kind: Option<String>,
    pub id: Option<String>,
    pub path: Option<String>,
    pub note: Option<String>,
    /// Where the record named is written (for a record), or the path from the repository root.
    pub file: Option<String>,
    pub line: Option<u32>,
}

pub fn rows(ws: &Workspace, open: &[Finding]) -> Vec<Row> {
    let mut entries: Vec<_> = ws.records().iter().filter(|r| r.kind == "soa").collect();
    entries.sort_by_key(|r| (r.file, line(ws, r)));
    let by_control = codes_by_control(ws.rules());
    CONTROLS
        .iter()
        .map(|c| {
            let entry = entries
                .iter()
                .find(|r| r.value.get("control").and_then(Value::as_str) == Some(c.id));
            let v = entry.map(|r| &r.value);
            let text = |k: &str| {
                v.and_then(|v| v.get(k))
                    .and_then(Value::as_str)
                    .map(str::to_owned)
            };
            let rules: Vec<String> = by_control
                .get(c.id)
                .into_iter()
                .flatten()
                .map(|code| code.to_string())
                .collect();
            let open_findings: Vec<String> = open
                .iter()
                .filter(|f| rules.contains(&f.code))
                .map(|f| match (&f.path, f.line) {
                    (Some(p), Some(l)) => format!("{} {p}:{l}", f.code),
                    _ => f.code.clone(),
                })
                .collect();
            let status = text("status");
            Row {
                control: c.id,
                named: text("name").is_some(),
                name: text("name").unwrap_or_else(|| c.en.to_owned()),
                entry: entry.is_some(),
                applicable: v.and_then(|v| v.get("applicable")).and_then(Value::as_bool),
                conflict: status.as_deref() == Some("implemented") && !open_findings.is_empty(),
                status,
                justification: text("justification"),
                owner: text("owner"),
                evidence: entry.map(|r| evidence(ws, r)).unwrap_or_default(),
                path: entry.map(|r| ws.sources().get(r.file).path.clone()),
                line: entry.map(|r| line(ws, r)),
                rules,
                open_findings,
            }
        })
        .collect()
}

/// The record's first line in its file.
fn line(ws: &Workspace, r: &crate::load::Record) -> u32 {
    let start = r.spans().get("").map_or(0, |s| s.value.0);
    ws.sources().get(r.file).line(start)
}

fn evidence(ws: &Workspace, entry: &crate::load::Record) -> Vec<Evidence> {
    let Some(items) = entry.value.get("evidence").and_then(Value::as_array) else {
        return Vec::new();
    };
    let own = &ws.sources().get(entry.file).path;
    items
        .iter()
        .map(|e| {
            let text = |k: &str| e.get(k).and_then(Value::as_str).map(str::to_owned);
            let (kind, id, path) = (text("kind"), text("id"), text("path"));
            let target = match (&kind, &id) {
                (Some(k), Some(i)) => ws.record(k, i),
                _ => None,
            };
            let (file, line) = match (target, &path) {
                (Some(r), _) => (
                    Some(ws.sources().get(r.file).path.clone()),
                    Some(line(ws, r)),
                ),
                (None, Some(p)) => (Some(from_root(own, p)), None),
                _ => (None, None),
            };
            Evidence {
                kind,
                id,
                path,
                note: text("note"),
                file,
                line,
            }
        })
        .collect()
}

/// A path relative to a record's file, as a path from the repository root.
fn from_root(record_file: &str, rel: &str) -> String {
    let mut parts: Vec<&str> = record_file.split('/').collect();
    parts.pop();
    for seg in rel.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    parts.join("/")
}
