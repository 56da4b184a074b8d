//! SOA007: a control the Statement of Applicability calls implemented while grclint has
//! open findings under it — findings of the rules whose `references.iso27001` name the
//! control. It reads the other checks' results, so it runs once they are known and marked
//! as suppressed or not (a silenced finding is not open).

use super::rule::Rule;
use super::world::World;
use crate::codes::{EngineCode, Severity};
use crate::diagnostic::Diagnostic;
use crate::i18n::t;
use crate::load::Record;
use crate::source::Sources;
use crate::tr;
use crate::validate::record_ref;
use serde_json::Value;
use std::collections::HashMap;

/// How many of the open findings a SOA007 names one by one; the rest are counted.
const NAMED: usize = 10;

/// `A5.1` and `A.5.1` are one control.
pub fn normalise(id: &str) -> String {
    match id.strip_prefix('A') {
        Some(rest) if !rest.starts_with('.') => format!("A.{rest}"),
        _ => id.to_owned(),
    }
}

/// The codes of the rules whose `references.iso27001` name each control, by control.
pub fn codes_by_control(rules: &[Rule]) -> HashMap<String, Vec<&str>> {
    let mut by: HashMap<String, Vec<&str>> = HashMap::new();
    for rule in rules {
        let refs = rule.references.get("iso27001").and_then(Value::as_array);
        for control in refs.into_iter().flatten().filter_map(Value::as_str) {
            let codes = by.entry(normalise(control)).or_default();
            if !codes.contains(&&*rule.code) {
                codes.push(&rule.code);
            }
        }
    }
    by
}

/// One SOA007 per `soa` entry marked implemented whose control has open findings in `diags`.
pub fn conflicts(
    diags: &[Diagnostic],
    world: &World,
    rules: &[Rule],
    sources: &Sources,
) -> Vec<Diagnostic> {
    let mut entries = world.records.iter().filter(|r| r.kind == "soa").peekable();
    if entries.peek().is_none() {
        return Vec::new();
    }
    let by_control = codes_by_control(rules);
    let mut open: HashMap<&str, Vec<&Diagnostic>> = HashMap::new();
    for d in diags.iter().filter(|d| d.suppressed.is_none()) {
        open.entry(d.code.as_str()).or_default().push(d);
    }
    let mut out = Vec::new();
    for r in entries {
        let (Some("implemented"), Some(control)) = (
            r.value.get("status").and_then(Value::as_str),
            r.value.get("control").and_then(Value::as_str),
        ) else {
            continue;
        };
        let control = normalise(control);
        let codes = by_control.get(&control).map_or(&[][..], Vec::as_slice);
        let mut found: Vec<&Diagnostic> = codes
            .iter()
            .flat_map(|c| open.get(c).into_iter().flatten().copied())
            .collect();
        if found.is_empty() {
            continue;
        }
        found.sort_by_key(|d| {
            let at = d.primary.map(|p| (&sources.get(p.file).path, p.start));
            (at, d.code.as_str())
        });
        out.push(conflict(r, &control, &found, sources));
    }
    out
}

/// The SOA007 of one entry, naming its open findings.
fn conflict(r: &Record, control: &str, open: &[&Diagnostic], sources: &Sources) -> Diagnostic {
    let n = open.len();
    let s = if n == 1 { "" } else { "s" };
    let list = open
        .iter()
        .take(NAMED)
        .map(|d| place(d, sources))
        .collect::<Vec<_>>()
        .join(", ");
    let more = match n.saturating_sub(NAMED) {
        0 => String::new(),
        k => tr!(" and {k} more", " ほか {k} 件"),
    };
    let mut d = Diagnostic::new(
        EngineCode::Soa007,
        Severity::Warning,
        tr!(
            "control {control} is marked implemented, but grclint has {n} open finding{s} under it: {list}{more}",
            "管理策 {control} は実施済み（implemented）とされているが、この管理策について未解決の指摘が {n} 件ある: {list}{more}",
        ),
    )
    .at_opt(r.span_of("/status"))
    .help(t(
        "Fix the findings listed, or set `status` to `partial` until they are fixed: an auditor who samples this control will find them.",
        "挙げた指摘を解消するか、解消するまで `status` を `partial` にしてください。この管理策を抜き取った審査員はこれらの指摘に気づきます。",
    ))
    .record(record_ref(r, "/status"));
    for f in open.iter().take(NAMED) {
        d = d.note(format!("{}: {}", place(f, sources), f.message));
    }
    d
}

/// `CODE path:line`, or the code alone for a finding without a place.
fn place(d: &Diagnostic, sources: &Sources) -> String {
    match d.primary {
        Some(p) => {
            let file = sources.get(p.file);
            format!("{} {}:{}", d.code, file.path, file.line(p.start))
        }
        None => d.code.to_string(),
    }
}
