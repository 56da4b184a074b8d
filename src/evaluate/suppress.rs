//! Living with findings: inline `# grclint: ignore[CODE] reason` comments and `waiver`
//! records. A suppressed finding stays in the report, marked, and does not fail the run.

use super::registry::Registry;
use super::world::World;
use crate::diagnostic::{Diagnostic, EngineCode, Severity, Span};
use crate::source::{FileId, Sources};
use crate::validate::record_ref;
use globset::Glob;
use serde_json::Value;
use std::collections::HashMap;

const MARKER: &str = "# grclint:";

/// One `# grclint: ignore[...]` comment.
struct Comment {
    span: Span,
    line: u32,
    codes: Vec<String>,
    reason: String,
    /// Byte range of the record whose first line holds the comment: the whole record.
    record: Option<(u32, u32)>,
    used: bool,
}

/// Finds suppression comments in a file. A comment starts at `#` preceded by a blank or
/// the line's start; the marker inside a quoted value would need both, which is rare.
fn comments(
    file: FileId,
    text: &str,
    heads: &[(u32, u32, u32)],
    out: &mut Vec<Comment>,
    bad: &mut Vec<Diagnostic>,
) {
    let mut offset = 0usize;
    for (line_no, line) in text.split_inclusive('\n').enumerate() {
        let mut from = 0;
        while let Some(i) = line[from..].find(MARKER) {
            let at = from + i;
            from = at + MARKER.len();
            if at > 0 && !line[..at].ends_with([' ', '\t']) {
                continue;
            }
            let body = line[at + MARKER.len()..].trim_end_matches(['\n', '\r']);
            let start = (offset + at) as u32;
            let span = Span::new(file, start, start + (MARKER.len() + body.len()) as u32);
            let body = body.trim_start();
            let parsed = body
                .strip_prefix("ignore[")
                .and_then(|rest| rest.split_once(']'))
                .map(|(codes, reason)| {
                    (
                        codes
                            .split(',')
                            .map(|c| c.trim().to_owned())
                            .filter(|c| !c.is_empty())
                            .collect::<Vec<_>>(),
                        reason.trim().to_owned(),
                    )
                });
            match parsed {
                Some((codes, reason)) if !codes.is_empty() => {
                    let line = line_no as u32;
                    let record = heads.iter().find(|(l, _, _)| *l == line).map(|(_, s, e)| (*s, *e));
                    out.push(Comment { span, line, codes, reason, record, used: false });
                }
                _ => bad.push(
                    Diagnostic::new(EngineCode::Ign001, Severity::Warning, "this suppression comment cannot be read")
                        .at(span)
                        .help("Write it as `# grclint: ignore[CODE, CODE] why the finding does not apply`."),
                ),
            }
            break;
        }
        offset += line.len();
    }
}

struct Waiver {
    record: usize,
    rule: String,
    target: String,
    glob: Option<globset::GlobMatcher>,
    expired: bool,
    used: bool,
}

pub fn apply(diags: &mut Vec<Diagnostic>, world: &World, sources: &Sources, known: &Registry<'_>) {
    let mut extra = Vec::new();
    // Only files that hold the marker are read for comments.
    let mut files: Vec<FileId> = world.records.iter().map(|r| r.file).collect();
    files.extend(diags.iter().filter_map(|d| d.primary.map(|p| p.file)));
    files.sort();
    files.dedup();
    files.retain(|f| sources.get(*f).text.contains(MARKER));
    // Record first lines in those files: a comment there covers the whole record.
    let mut heads: HashMap<FileId, Vec<(u32, u32, u32)>> = HashMap::new();
    for r in world
        .records
        .iter()
        .filter(|r| files.binary_search(&r.file).is_ok())
    {
        if let Some(s) = r.spans().get("") {
            let (line, _) = sources.get(r.file).line_col(s.value.0);
            heads
                .entry(r.file)
                .or_default()
                .push((line - 1, s.value.0, s.value.1));
        }
    }
    let mut inline = Vec::new();
    for f in files {
        let text = &sources.get(f).text;
        comments(
            f,
            text,
            heads.get(&f).map(Vec::as_slice).unwrap_or(&[]),
            &mut inline,
            &mut extra,
        );
    }
    for c in &inline {
        let unknown: Vec<&String> = c
            .codes
            .iter()
            .filter(|code| !known.contains(code))
            .collect();
        if !unknown.is_empty() {
            let list = unknown
                .iter()
                .map(|u| format!("`{u}`"))
                .collect::<Vec<_>>()
                .join(", ");
            extra.push(
                Diagnostic::new(
                    EngineCode::Ign001,
                    Severity::Warning,
                    format!("this suppression names {list}, which no rule has"),
                )
                .at(c.span)
                .help("Use the code the finding shows (`grclint rules` lists them)."),
            );
        }
        if c.reason.is_empty() {
            extra.push(
                Diagnostic::new(EngineCode::Ign001, Severity::Warning, "this suppression gives no reason")
                    .at(c.span)
                    .help("Say after the `]` why the finding does not apply, so that a reviewer can judge it."),
            );
        }
    }
    let inline_ok =
        |c: &Comment| !c.reason.is_empty() && c.codes.iter().all(|code| known.contains(code));

    let mut waivers: Vec<Waiver> = Vec::new();
    for (i, r) in world.records.iter().enumerate() {
        if r.kind != "waiver" || !world.schema_ok[i] {
            continue;
        }
        let get = |k: &str| {
            r.value
                .get(k)
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned()
        };
        let (rule, target, expires) = (get("rule"), get("target"), get("expires"));
        // Dates in ISO form order as text; a missing one sorts first, so it has expired.
        let expired = expires.as_str() < world.today_str.as_str();
        let record = || record_ref(r, "/expires");
        if expired {
            extra.push(
                Diagnostic::error(EngineCode::Wai001, format!("this waiver of {rule} for `{target}` expired on {expires}; it silences nothing"))
                    .at_opt(r.span_of("/expires"))
                    .help("Fix the finding, or have the exception approved again with a new `expires`.")
                    .record(record()),
            );
        } else if let Ok(d) = super::dates::parse_date(&expires) {
            let left = super::dates::days_between(world.today, d);
            if left <= 30 {
                extra.push(
                    Diagnostic::new(EngineCode::Wai002, Severity::Info, format!("this waiver of {rule} for `{target}` expires in {left} days ({expires})"))
                        .at_opt(r.span_of("/expires"))
                        .help("Plan the fix, or the renewal of the approval, before it expires.")
                        .record(record()),
                );
            }
        }
        if !known.contains(&rule) {
            extra.push(
                Diagnostic::new(
                    EngineCode::Ign001,
                    Severity::Warning,
                    format!("this waiver names `{rule}`, which no rule has"),
                )
                .at_opt(r.span_of("/rule"))
                .record(record_ref(r, "/rule")),
            );
        }
        let glob = (target.contains(['/', '*', '?']))
            .then(|| Glob::new(&target).ok().map(|g| g.compile_matcher()))
            .flatten();
        waivers.push(Waiver {
            record: i,
            rule,
            target,
            glob,
            expired,
            used: false,
        });
    }

    for d in diags.iter_mut() {
        if d.suppressed.is_some() {
            continue;
        }
        if let Some(p) = d.primary {
            let (line, _) = sources.get(p.file).line_col(p.start);
            let hit = inline.iter_mut().find(|c| {
                c.span.file == p.file
                    && c.codes.iter().any(|code| *code == d.code)
                    && match c.record {
                        Some((s, e)) => p.start >= s && p.start < e || c.line == line - 1,
                        None => c.line == line - 1,
                    }
            });
            if let Some(c) = hit {
                c.used = true;
                if inline_ok(c) {
                    d.suppressed = Some(format!("inline: {}", c.reason));
                    continue;
                }
            }
        }
        let path = d.primary.map(|p| sources.get(p.file).path.as_str());
        let id = d.record.as_ref().and_then(|r| r.id.as_deref());
        if let Some(w) = waivers.iter_mut().find(|w| {
            w.rule == d.code
                && match &w.glob {
                    Some(g) => path.is_some_and(|p| g.is_match(p)),
                    None => id == Some(w.target.as_str()),
                }
        }) {
            w.used = true;
            if !w.expired {
                let wr = &world.records[w.record];
                let reason = wr
                    .value
                    .get("reason")
                    .and_then(Value::as_str)
                    .unwrap_or_default();
                d.suppressed = Some(format!(
                    "waiver {}: {reason}",
                    wr.id.as_deref().unwrap_or("?")
                ));
            }
        }
    }
    for c in inline.iter().filter(|c| !c.used && inline_ok(c)) {
        extra.push(
            Diagnostic::new(
                EngineCode::Ign002,
                Severity::Warning,
                format!(
                    "this suppression of {} silenced nothing",
                    c.codes.join(", ")
                ),
            )
            .at(c.span)
            .help("Remove it: the finding it was written for is gone."),
        );
    }
    for w in waivers.iter().filter(|w| !w.used && !w.expired) {
        let r = &world.records[w.record];
        extra.push(
            Diagnostic::new(EngineCode::Ign002, Severity::Warning, format!("this waiver of {} for `{}` silenced nothing", w.rule, w.target))
                .at_opt(r.span_of("/target"))
                .help("Remove the waiver: the finding it was approved for is gone (or the target is misspelt).")
                .record(record_ref(r, "/target")),
        );
    }
    diags.extend(extra);
}
