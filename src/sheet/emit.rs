//! Writing a ledger: records in block style, one blank line apart, with the comments that
//! belong to each field and, after each value that came from the sheet, the cell it came
//! from (`# 台帳!F12`). The same values and comments always give the same bytes.

use super::ledger::Comments;
use serde_json::{Map, Value};
use std::collections::HashMap;

/// The text being written and, per line, which record (and which node) it belongs to.
#[derive(Default)]
pub struct Out {
    pub text: String,
    pub owners: Vec<Option<(usize, String)>>,
}

impl Out {
    pub fn line(&mut self, s: &str, owner: Option<(usize, &str)>) {
        self.text.push_str(s);
        self.text.push('\n');
        self.owners.push(owner.map(|(e, p)| (e, p.to_owned())));
    }
}

/// One record to write.
pub struct Item<'a> {
    pub index: usize,
    pub value: &'a Value,
    pub comments: &'a Comments,
    /// pointer → cell reference, for the records that came from the sheet.
    pub cells: &'a HashMap<String, String>,
    /// Comment lines of our own above the record (without `# `).
    pub marks: &'a [String],
}

pub fn record(out: &mut Out, item: &Item<'_>) {
    let owner = Some((item.index, ""));
    for m in item.marks {
        out.line(&format!("# grclint import: {m}"), owner);
    }
    for c in item.comments.before.get("").into_iter().flatten() {
        out.line(c, owner);
    }
    // Comments on fields the sheet took away are kept above the record.
    for (p, cs) in &item.comments.before {
        if !p.is_empty() && item.value.pointer(p).is_none() {
            for c in cs {
                out.line(c, owner);
            }
        }
    }
    for (p, c) in &item.comments.trailing {
        if item.value.pointer(p).is_none() {
            out.line(c, owner);
        }
    }
    match item.value {
        Value::Object(map) if !map.is_empty() => mapping(out, item, map, "", 2, "- "),
        other => out.line(&format!("- {}", flow(other)), owner),
    }
}

/// A block mapping; its first key goes on the line that starts with `first`.
fn mapping(
    out: &mut Out,
    item: &Item<'_>,
    map: &Map<String, Value>,
    at: &str,
    indent: usize,
    first: &str,
) {
    let pad = " ".repeat(indent);
    for (i, (k, v)) in map.iter().enumerate() {
        let mut ptr = at.to_owned();
        crate::load::spans::push_segment(&mut ptr, k);
        let lead = if i == 0 {
            first.to_owned()
        } else {
            pad.clone()
        };
        let comment_pad = " ".repeat(lead.len() - lead.trim_start().len());
        for c in item.comments.before.get(&ptr).into_iter().flatten() {
            out.line(&format!("{comment_pad}{c}"), Some((item.index, &ptr)));
        }
        let key = scalar(&Value::String(k.clone()), false);
        let tail = trailing(item, &ptr);
        let owner = Some((item.index, ptr.as_str()));
        match v {
            Value::Object(m) if !m.is_empty() => {
                out.line(&format!("{lead}{key}:{tail}"), owner);
                mapping(out, item, m, &ptr, indent + 2, &" ".repeat(indent + 2));
            }
            Value::Array(a) if a.iter().any(|x| x.is_object() || x.is_array()) => {
                out.line(&format!("{lead}{key}:{tail}"), owner);
                sequence(out, item, a, &ptr, indent + 2);
            }
            _ => out.line(&format!("{lead}{key}: {}{tail}", flow(v)), owner),
        }
    }
}

fn sequence(out: &mut Out, item: &Item<'_>, list: &[Value], at: &str, indent: usize) {
    let pad = " ".repeat(indent);
    for (i, v) in list.iter().enumerate() {
        let ptr = format!("{at}/{i}");
        for c in item.comments.before.get(&ptr).into_iter().flatten() {
            out.line(&format!("{pad}{c}"), Some((item.index, &ptr)));
        }
        match v {
            Value::Object(m) if !m.is_empty() => {
                mapping(out, item, m, &ptr, indent + 2, &format!("{pad}- "))
            }
            _ => {
                let tail = trailing(item, &ptr);
                out.line(
                    &format!("{pad}- {}{tail}", flow(v)),
                    Some((item.index, &ptr)),
                );
            }
        }
    }
}

/// `  # hand-written  # 台帳!F12`: the kept comment first, the cell last.
fn trailing(item: &Item<'_>, ptr: &str) -> String {
    let mut s = String::new();
    if let Some(c) = item.comments.trailing.get(ptr) {
        s.push_str("  ");
        s.push_str(c);
    }
    if let Some(cell) = item.cells.get(ptr) {
        s.push_str("  # ");
        s.push_str(cell);
    }
    s
}

/// A value on one line: a scalar, or a flow collection of them.
pub fn flow(v: &Value) -> String {
    match v {
        Value::Array(a) => {
            let items: Vec<String> = a.iter().map(flow_item).collect();
            format!("[{}]", items.join(", "))
        }
        Value::Object(m) => {
            let items: Vec<String> = m
                .iter()
                .map(|(k, v)| {
                    format!(
                        "{}: {}",
                        scalar(&Value::String(k.clone()), true),
                        flow_item(v)
                    )
                })
                .collect();
            format!("{{{}}}", items.join(", "))
        }
        _ => scalar(v, false),
    }
}

fn flow_item(v: &Value) -> String {
    match v {
        Value::Array(_) | Value::Object(_) => flow(v),
        _ => scalar(v, true),
    }
}

pub fn scalar(v: &Value, in_flow: bool) -> String {
    match v {
        Value::Null => "null".to_owned(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) if plain_ok(s, in_flow) => s.clone(),
        Value::String(s) => serde_json::to_string(s).expect("a string serialises"),
        other => serde_json::to_string(other).expect("a value serialises"),
    }
}

/// Whether a string can be written plain and read back as the same string (YAML 1.2 core
/// schema, and not misread by YAML 1.1 tools either: `yes`, `on` are quoted).
fn plain_ok(s: &str, in_flow: bool) -> bool {
    let Some(first) = s.chars().next() else {
        return false;
    };
    if s.trim() != s || s.chars().any(|c| c.is_control() || c == '\u{feff}') {
        return false;
    }
    if "-?:,[]{}#&*!|>'\"%@`".contains(first) {
        return false;
    }
    if s.contains(": ") || s.contains(" #") || s.ends_with(':') {
        return false;
    }
    // In a flow list or map, the YAML reader takes a ` -` just before the `,`, `]` or `}`
    // that ends the value for the start of a new one.
    let dash_ends = s.ends_with(" -") || s.ends_with("\t-");
    if in_flow && (dash_ends || s.contains([',', '[', ']', '{', '}'])) {
        return false;
    }
    let lower = s.to_ascii_lowercase();
    if matches!(
        lower.as_str(),
        "null" | "~" | "true" | "false" | "yes" | "no" | "y" | "n" | "on" | "off"
    ) {
        return false;
    }
    let numeric_start = first.is_ascii_digit() || matches!(first, '+' | '.');
    !(numeric_start
        && (s.parse::<f64>().is_ok()
            || lower.starts_with("0x")
            || lower.starts_with("0o")
            || lower.starts_with(".inf")
            || lower.starts_with(".nan")
            || lower.starts_with("+.inf")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{Limits, yaml};
    use crate::source::FileId;
    use serde_json::json;

    #[test]
    fn strings_read_back_as_written() {
        let tricky = [
            "",
            " x",
            "007",
            "1.5",
            "1e3",
            "true",
            "yes",
            "null",
            "~",
            "- x",
            "a: b",
            "a #b",
            "[x]",
            "x,y",
            "#1",
            "P-001",
            "2025-04-01",
            "内線 301 / sho.ito@example",
            "a\nb",
            "'q'",
            "\"q\"",
            "0x1F",
            ".5",
            "@x",
            "x:",
            "10y",
            "令和7年",
            "+1",
        ];
        let list: Vec<Value> = tricky.iter().map(|s| json!(s)).collect();
        let rec = json!({"id": "A-1", "names": list, "one": tricky});
        let mut map = serde_json::Map::new();
        for (i, s) in tricky.iter().enumerate() {
            map.insert(format!("k{i}"), json!(s));
        }
        for value in [rec, Value::Object(map)] {
            let comments = Comments::default();
            let cells = HashMap::new();
            let mut out = Out::default();
            let item = Item {
                index: 0,
                value: &value,
                comments: &comments,
                cells: &cells,
                marks: &[],
            };
            record(&mut out, &item);
            let parsed = yaml::parse(&out.text, 0, FileId(0), &Limits::default());
            assert!(parsed.diagnostics.is_empty(), "{}", out.text);
            let back = &parsed.documents[0].value[0];
            assert_eq!(back, &value, "{}", out.text);
        }
    }

    proptest::proptest! {
        #[test]
        fn any_string_reads_back(a in "[-a-zA-Z0-9#:?!&*%@`'\",\\[\\]{}|>~. \t\n管理]{0,12}", b in "\\PC{0,8}") {
            let value = json!({"id": a, "list": [a, b], "b": b});
            let (comments, cells) = (Comments::default(), HashMap::new());
            let mut out = Out::default();
            record(&mut out, &Item { index: 0, value: &value, comments: &comments, cells: &cells, marks: &[] });
            let parsed = yaml::parse(&out.text, 0, FileId(0), &Limits::default());
            proptest::prop_assert!(parsed.diagnostics.is_empty(), "{}", out.text);
            proptest::prop_assert_eq!(&parsed.documents[0].value[0], &value, "{}", out.text);
        }
    }
}
