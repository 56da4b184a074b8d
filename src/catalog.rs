//! `grclint rules` and `grclint explain`: the registry of codes, for people and scripts.

use crate::config::{RuleSetting, Settings};
pub use crate::evaluate::registry::Entry;
use crate::evaluate::registry::Registry;
use crate::evaluate::rules::Rule;
use serde_json::{Value, json};
use std::fmt::Write;

/// Every code as the catalog lists it, sorted by code.
pub fn entries(rules: &[Rule]) -> Vec<Entry<'_>> {
    Registry::new(rules).entries()
}

/// References in one line: `IPA: …; ISO 27001: A.5.9, A.5.10`.
pub fn references_line(v: &Value) -> String {
    let Value::Object(m) = v else {
        return String::new();
    };
    m.iter()
        .map(|(k, v)| {
            let label = match k.as_str() {
                "ipa" => "IPA",
                "iso27001" => "ISO/IEC 27001",
                "appi" => "APPI",
                "guideline" => "IPA guideline",
                other => other,
            };
            let text = match v {
                Value::Array(a) => a
                    .iter()
                    .map(|x| x.as_str().unwrap_or_default().to_owned())
                    .collect::<Vec<_>>()
                    .join(", "),
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            format!("{label}: {text}")
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// How `grclint rules` lists the registry.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum CatalogFormat {
    #[default]
    Table,
    Md,
    Json,
}

pub fn render(rules: &[Rule], format: CatalogFormat) -> String {
    let entries = entries(rules);
    match format {
        CatalogFormat::Json => {
            let list: Vec<Value> = entries
                .iter()
                .map(|e| {
                    json!({
                        "code": e.code, "name": e.name, "kind": e.kind, "severity": e.severity,
                        "summary": e.summary, "references": e.references,
                        "params": e.params.cloned().map(Value::Object).unwrap_or(Value::Null),
                        "source": e.origin,
                    })
                })
                .collect();
            serde_json::to_string_pretty(&list).expect("serialises") + "\n"
        }
        CatalogFormat::Md => {
            let mut s = String::from(
                "| code | name | kind | severity | summary | references |\n|---|---|---|---|---|---|\n",
            );
            for e in &entries {
                let cell = |t: &str| t.replace('|', "\\|");
                let _ = writeln!(
                    s,
                    "| {} | {} | {} | {} | {} | {} |",
                    e.code,
                    e.name,
                    e.kind,
                    e.severity,
                    cell(e.summary),
                    cell(&references_line(&e.references))
                );
            }
            s
        }
        CatalogFormat::Table => {
            let w_name = entries
                .iter()
                .map(|e| e.name.chars().count())
                .max()
                .unwrap_or(4)
                .max(4);
            let w_kind = entries
                .iter()
                .map(|e| e.kind.chars().count())
                .max()
                .unwrap_or(4)
                .max(4);
            let mut s = format!(
                "{:<8} {:<w_name$} {:<w_kind$} {:<8} summary\n",
                "code", "name", "kind", "severity"
            );
            for e in &entries {
                let _ = writeln!(
                    s,
                    "{:<8} {:<w_name$} {:<w_kind$} {:<8} {}",
                    e.code,
                    e.name,
                    e.kind,
                    e.severity.as_str(),
                    e.summary
                );
            }
            s
        }
    }
}

/// A rule's page: summary, docs rendered for a terminal, params, references, source.
pub fn explain(rules: &[Rule], settings: &Settings, code: &str) -> Option<String> {
    let e = Registry::new(rules).find(code)?;
    let mut s = String::new();
    let title = format!("{} {} ({}, {})", e.code, e.name, e.severity, e.kind);
    let _ = writeln!(s, "{title}\n{}\n", "═".repeat(title.chars().count()));
    let _ = writeln!(s, "{}\n", e.summary);
    s.push_str(&markdown_for_terminal(e.docs));
    if let Some(params) = e.params.filter(|p| !p.is_empty()) {
        let overrides = match settings.rule_setting(e.code) {
            Some(RuleSetting::Tune { params, .. }) => params.as_ref(),
            _ => None,
        };
        let _ = writeln!(s, "\nParams\n──────");
        for (k, v) in params {
            let shown = v
                .as_str()
                .map(str::to_owned)
                .unwrap_or_else(|| v.to_string());
            match overrides.and_then(|o| o.get(k)) {
                Some(o) => {
                    let o = o
                        .as_str()
                        .map(str::to_owned)
                        .unwrap_or_else(|| o.to_string());
                    let _ = writeln!(s, "  {k} = {o}   (your config; default {shown})");
                }
                None => {
                    let _ = writeln!(s, "  {k} = {shown}   (default)");
                }
            }
        }
    }
    match settings.rule_setting(e.code) {
        Some(RuleSetting::Off(_)) => {
            let _ = writeln!(s, "\nYour config turns this rule off.");
        }
        Some(RuleSetting::Tune {
            severity: Some(sev),
            ..
        }) => {
            let _ = writeln!(s, "\nYour config reports it as {sev}.");
        }
        _ => {}
    }
    let refs = references_line(&e.references);
    if !refs.is_empty() {
        let _ = writeln!(s, "\nReferences\n──────────");
        for part in refs.split("; ") {
            let _ = writeln!(s, "  {part}");
        }
    }
    if e.kind != "(engine)" || ["SCH", "REF", "KND"].iter().any(|p| e.code.starts_with(p)) {
        s.push_str(&how_to_silence(e.code));
    }
    let _ = writeln!(s, "\nSource: {}", e.origin);
    Some(s)
}

/// The three ways to silence a finding, from the narrowest.
fn how_to_silence(code: &str) -> String {
    format!(
        "\nHow to silence it\n─────────────────\n\
         Fix the record if you can. If the finding does not apply:\n\
         \x20 one record: a comment on the line of the finding or on the record's first line,\n\
         \x20   # grclint: ignore[{code}] why it does not apply here\n\
         \x20 for a while, with an approver: a waiver record under waivers/ with `rule: {code}`,\n\
         \x20   `target` (the record's id or a file glob), `reason`, `approved_by`, `approved_on`\n\
         \x20   and `expires`; grclint reminds you before it expires\n\
         \x20 everywhere: in .grclint.yaml, `rule_settings: {{{code}: off}}`\n"
    )
}

/// Headings underlined, code blocks indented, the rest as written.
fn markdown_for_terminal(md: &str) -> String {
    let mut out = String::new();
    let mut in_code = false;
    for line in md.lines() {
        if line.trim_start().starts_with("```") {
            in_code = !in_code;
            continue;
        }
        if in_code {
            let _ = writeln!(out, "    │ {line}");
        } else if let Some(h) = line
            .strip_prefix("## ")
            .or_else(|| line.strip_prefix("# "))
            .or_else(|| line.strip_prefix("### "))
        {
            let _ = writeln!(out, "{h}\n{}", "─".repeat(h.chars().count()));
        } else {
            let _ = writeln!(out, "{line}");
        }
    }
    out
}
