//! The fix of each kind of finding grclint knows how to repair.

use super::{Edit, Fix};
use crate::base::closest;
use crate::diagnostic::{Diagnostic, EngineCode};
use crate::load::Record;
use crate::pipeline::Workspace;
use crate::source::SourceFile;
use serde_json::Value;

pub fn fix(ws: &Workspace, d: &Diagnostic) -> Option<Fix> {
    let at = d.primary?;
    let file = ws.sources().get(at.file);
    let record = ws.record_at(&file.path, at.start)?;
    let pointer = d.record.as_ref().map_or("", |r| r.pointer.as_str());
    if d.code == EngineCode::Sch002 {
        rename_key(ws, record, pointer)
    } else if d.code == EngineCode::Knd001 {
        known_kind(ws, record)
    } else if d.code == EngineCode::Sch003 {
        quote_number(ws, file, record, pointer).or_else(|| iso_date(ws, file, record, pointer))
    } else if d.code == EngineCode::Sch001 {
        insert_field(ws, file, record, pointer)
    } else {
        None
    }
}

fn parent(pointer: &str) -> (&str, &str) {
    match pointer.rfind('/') {
        Some(i) => (&pointer[..i], &pointer[i + 1..]),
        None => ("", pointer),
    }
}

fn unescape(seg: &str) -> String {
    seg.replace("~1", "/").replace("~0", "~")
}

/// The schema's fields of the mapping at `pointer`.
fn fields<'w>(
    ws: &'w Workspace,
    kind: &str,
    pointer: &str,
) -> Option<&'w serde_json::Map<String, Value>> {
    ws.schema_node(kind, pointer)?
        .get("properties")?
        .as_object()
}

/// SCH002: an unknown key with one close known field, when that field is not written too.
fn rename_key(ws: &Workspace, record: &Record, pointer: &str) -> Option<Fix> {
    let (up, seg) = parent(pointer);
    let name = unescape(seg);
    let props = fields(ws, &record.kind, up)?;
    let known: Vec<String> = props.keys().cloned().collect();
    let target = match crate::validate::suggest::field_by_term(&name, props) {
        Some(f) => f.to_owned(),
        None => {
            let best = closest(&name, &known)?;
            let dist = |k: &str| strsim::damerau_levenshtein(&name, k);
            let ties = known.iter().filter(|k| dist(k) == dist(&best)).count();
            if ties != 1 {
                return None;
            }
            best
        }
    };
    let here = record.value.pointer(up)?.as_object()?;
    if here.contains_key(&target) {
        return None;
    }
    let key = record.spans().get(pointer)?.key?;
    Some(Fix {
        code: EngineCode::Sch002.as_str().to_owned(),
        title: format!("rename `{name}` to `{target}`"),
        safe: true,
        edits: vec![Edit {
            start: key.0,
            end: key.1,
            text: target,
        }],
    })
}

/// KND001: a `kind:` that is a near miss of a known kind.
fn known_kind(ws: &Workspace, record: &Record) -> Option<Fix> {
    record.value.get("kind")?.as_str()?;
    let known: Vec<String> = ws.kinds().names().map(str::to_owned).collect();
    let target = closest(&record.kind, &known)?;
    let span = record.spans().get("/kind")?.value;
    Some(Fix {
        code: EngineCode::Knd001.as_str().to_owned(),
        title: crate::tr!(
            "change the kind `{}` to `{target}`",
            "種別 `{}` を `{target}` に直す",
            record.kind
        ),
        safe: true,
        edits: vec![Edit {
            start: span.0,
            end: span.1,
            text: target,
        }],
    })
}

/// The schema wants text where YAML read a number (`id: 007` is the number 7): quote what
/// was written.
fn quote_number(ws: &Workspace, file: &SourceFile, record: &Record, pointer: &str) -> Option<Fix> {
    if !record.value.pointer(pointer)?.is_number() {
        return None;
    }
    let node = ws.schema_node(&record.kind, pointer)?;
    if node.get("type").and_then(Value::as_str) != Some("string") {
        return None;
    }
    let span = record.spans().get(pointer)?.value;
    let raw = file.text.get(span.0 as usize..span.1 as usize)?;
    let plain = !raw.is_empty()
        && raw
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '+' | '_'));
    if !plain {
        return None;
    }
    let (_, seg) = parent(pointer);
    Some(Fix {
        code: EngineCode::Sch003.as_str().to_owned(),
        title: crate::tr!(
            "quote `{raw}` so that `{}` is read as text",
            "`{raw}` を引用符で囲み、`{}` が文字列として読まれるようにする",
            unescape(seg)
        ),
        safe: true,
        edits: vec![Edit {
            start: span.0,
            end: span.1,
            text: format!("'{raw}'"),
        }],
    })
}

/// A date field written another way (`2025/4/1`, `２０２５-０４-０１`, `令和7年4月1日`).
fn iso_date(ws: &Workspace, file: &SourceFile, record: &Record, pointer: &str) -> Option<Fix> {
    let written = record.value.pointer(pointer)?.as_str()?;
    let node = ws.schema_node(&record.kind, pointer)?;
    if node.get("format").and_then(Value::as_str) != Some("date") {
        return None;
    }
    let date = crate::sheet::dates::parse_date(written)?.to_string();
    if date == written {
        return None;
    }
    let span = record.spans().get(pointer)?.value;
    file.text.get(span.0 as usize..span.1 as usize)?;
    Some(Fix {
        code: EngineCode::Sch003.as_str().to_owned(),
        title: crate::tr!(
            "write the date `{written}` as `{date}`",
            "日付 `{written}` を `{date}` と書く"
        ),
        safe: true,
        edits: vec![Edit {
            start: span.0,
            end: span.1,
            text: date,
        }],
    })
}

/// SCH001: the missing key inserted after the mapping's last field, with no value and a
/// comment saying what it holds. Unsafe: a person must fill it in.
fn insert_field(ws: &Workspace, file: &SourceFile, record: &Record, pointer: &str) -> Option<Fix> {
    let (up, seg) = parent(pointer);
    let name = unescape(seg);
    let spans = record.spans();
    let whole = spans.get(up)?.value;
    let text = &*file.text;
    if text.get(whole.0 as usize..)?.starts_with(['{', '[']) {
        return None;
    }
    // The mapping's own keys: one segment below it.
    let mut first_key: Option<u32> = None;
    let mut last_end = 0u32;
    for (p, s) in spans.iter() {
        let Some(rest) = p.strip_prefix(up).and_then(|r| r.strip_prefix('/')) else {
            continue;
        };
        let Some(k) = s.key else { continue };
        if rest.contains('/') {
            last_end = last_end.max(s.value.1);
            continue;
        }
        first_key = Some(first_key.map_or(k.0, |f| f.min(k.0)));
        last_end = last_end.max(s.value.1);
    }
    let first = first_key?;
    let line_start = file.line_start(file.line(first).saturating_sub(1) as usize)?;
    let column = text
        .get(line_start as usize..first as usize)?
        .chars()
        .count();
    let mut end = last_end.max(first);
    while end > first && matches!(text.as_bytes()[end as usize - 1], b'\n' | b'\r' | b' ') {
        end -= 1;
    }
    let at = file.line_end(end);
    let what = ws
        .schema_node(&record.kind, pointer)
        .and_then(|n| crate::validate::description(n))
        .map(|d| format!("  # {}", d.lines().next().unwrap_or_default()))
        .unwrap_or_default();
    let newline = if text[at as usize..].starts_with("\r\n") {
        "\r\n"
    } else {
        "\n"
    };
    Some(Fix {
        code: EngineCode::Sch001.as_str().to_owned(),
        title: crate::tr!(
            "add `{name}` with no value, to be filled in",
            "`{name}` を値なしで追加する（後で記入）"
        ),
        safe: false,
        edits: vec![Edit {
            start: at,
            end: at,
            text: format!("{newline}{}{name}:{what}", " ".repeat(column)),
        }],
    })
}
