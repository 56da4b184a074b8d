//! SOA007: a control the Statement of Applicability calls implemented while grclint has
//! open findings under it — findings of the rules whose `references.iso27001` name the
//! control. It reads the other checks' results, so it runs once they are known and marked
//! as suppressed or not (a silenced finding is not open).

use super::rule::Rule;
use super::world::World;
use crate::codes::{EngineCode, Severity};
use crate::diagnostic::Diagnostic;
use crate::i18n::t;
use crate::source::Sources;
use crate::tr;
use crate::validate::record_ref;
use serde_json::Value;

/// How many of the open findings a SOA007 names one by one; the rest are counted.
const NAMED: usize = 10;

/// `A5.1` and `A.5.1` are one control.
pub fn normalise(id: &str) -> String {
    match id.strip_prefix('A') {
        Some(rest) if !rest.starts_with('.') => format!("A.{rest}"),
        _ => id.to_owned(),
    }
}

/// Whether a rule's `references` name the control under `iso27001`.
pub fn names(references: &Value, control: &str) -> bool {
    references
        .get("iso27001")
        .and_then(Value::as_array)
        .is_some_and(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .any(|s| normalise(s) == control)
        })
}

/// One SOA007 per `soa` entry marked implemented whose control has open findings in `diags`.
pub fn conflicts(
    diags: &[Diagnostic],
    world: &World,
    rules: &[Rule],
    sources: &Sources,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for r in world.records.iter().filter(|r| r.kind == "soa") {
        let (Some("implemented"), Some(control)) = (
            r.value.get("status").and_then(Value::as_str),
            r.value.get("control").and_then(Value::as_str),
        ) else {
            continue;
        };
        let control = normalise(control);
        let codes: Vec<&str> = rules
            .iter()
            .filter(|rule| names(&rule.references, &control))
            .map(|rule| &*rule.code)
            .collect();
        let mut open: Vec<&Diagnostic> = diags
            .iter()
            .filter(|d| d.suppressed.is_none() && codes.contains(&d.code.as_str()))
            .collect();
        open.sort_by_key(|d| {
            let at = d.primary.map(|p| (&sources.get(p.file).path, p.start));
            (at, d.code.as_str())
        });
        if open.is_empty() {
            continue;
        }
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
        out.push(d);
    }
    out
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
