//! SARIF 2.1.0 for GitHub code scanning and other SARIF viewers.
//!
//! What GitHub needs beyond the schema: every result has a location (a finding about the
//! whole repository is shown at line 1 of the config file, else of the first record file);
//! URIs are percent-encoded; rules carry `tags` and a `security-severity`, so findings show
//! as security alerts; `primaryLocationLineHash` is the value GitHub's upload action would
//! compute. No rule has a `helpUri`: the rule's documentation is in `help`, and
//! `grclint explain CODE` prints it.

use super::options::{Columns, place};
use super::{Report, Reporter, fingerprint, line_hash, options::locate};
use crate::diagnostic::{Diagnostic, Severity};
use serde_json::{Value, json};
use serde_sarif::sarif::{
    ArtifactLocation, Location, Message, MultiformatMessageString, PhysicalLocation, PropertyBag,
    Region, ReportingConfiguration, ReportingDescriptor, Result as SarifResult, Run, Sarif,
    Suppression, Tool, ToolComponent,
};
use std::collections::{BTreeMap, HashMap};
use std::io::{self, Write};

pub struct Sarif_;

fn result_level(s: Severity) -> serde_sarif::sarif::ResultLevel {
    use serde_sarif::sarif::ResultLevel;
    match s {
        Severity::Error => ResultLevel::Error,
        Severity::Warning => ResultLevel::Warning,
        Severity::Info => ResultLevel::Note,
    }
}

/// GitHub's bands: 7.0–8.9 high, 4.0–6.9 medium, 0.1–3.9 low.
fn security_severity(s: Severity) -> &'static str {
    match s {
        Severity::Error => "7.5",
        Severity::Warning => "5.0",
        Severity::Info => "2.0",
    }
}

/// A rule's tags: `security`, the kind it checks (`asset`, `repository`, `engine`) and each
/// ISO/IEC 27001 control it cites (`iso27001/A.5.9`).
pub fn rule_tags(kind: &str, references: &Value) -> Vec<String> {
    let mut tags = vec!["security".to_owned()];
    for k in kind.trim_matches(|c| c == '(' || c == ')').split(", ") {
        if !k.is_empty() {
            tags.push(k.to_owned());
        }
    }
    let controls = match references.get("iso27001") {
        Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).collect(),
        Some(Value::String(s)) => vec![s.as_str()],
        _ => Vec::new(),
    };
    tags.extend(controls.iter().map(|c| format!("iso27001/{c}")));
    tags
}

/// A repository path as a relative URI reference: each segment percent-encoded as UTF-8,
/// every byte but the unreserved ones (so `%`, `#`, `?`, `:` and spaces are safe too).
pub fn path_uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

fn text(s: impl Into<String>) -> MultiformatMessageString {
    MultiformatMessageString::builder().text(s.into()).build()
}

fn descriptor(report: &Report<'_>, code: &str, severity: Severity) -> ReportingDescriptor {
    let info = report.rules.get(code);
    let summary = info.map_or_else(|| code.to_owned(), |i| i.summary.clone());
    let docs = info.map(|i| i.docs.clone()).unwrap_or_default();
    let help_md = if docs.is_empty() {
        summary.clone()
    } else {
        docs.clone()
    };
    let mut props = BTreeMap::new();
    let tags = info.map(|i| i.tags.clone()).unwrap_or_default();
    props.insert(
        "security-severity".to_owned(),
        json!(security_severity(severity)),
    );
    let mut rd = ReportingDescriptor::builder()
        .id(code)
        .short_description(text(summary.clone()))
        .full_description(text(summary.clone()))
        .help(
            MultiformatMessageString::builder()
                .text(format!("{summary}\n\n{docs}").trim().to_owned())
                .markdown(help_md)
                .build(),
        )
        .default_configuration(
            ReportingConfiguration::builder()
                .level(json!(result_level(
                    info.map_or(Severity::Error, |i| i.severity)
                )))
                .build(),
        )
        .properties(
            PropertyBag::builder()
                .tags(tags)
                .additional_properties(props)
                .build(),
        )
        .build();
    if let Some(i) = info {
        rd.name = Some(i.name.clone());
    }
    rd
}

/// The upload action's line hashes of each file a result points at, made once per file.
struct LineHashes<'a> {
    report: &'a Report<'a>,
    by_path: HashMap<String, Vec<String>>,
}

impl LineHashes<'_> {
    fn get(&mut self, d: &Diagnostic, path: &str, line: u32) -> Option<String> {
        if !self.by_path.contains_key(path) {
            let sources = self.report.sources;
            let file = match d.primary {
                Some(span) => sources.get(span.file),
                None => sources.iter().find(|(_, f)| f.path == path)?.1,
            };
            self.by_path
                .insert(path.to_owned(), line_hash::line_hashes(&file.text));
        }
        self.by_path[path].get(line as usize - 1).cloned()
    }
}

fn result(
    report: &Report<'_>,
    d: &Diagnostic,
    index: usize,
    hashes: &mut LineHashes,
) -> SarifResult {
    let mut fingerprints =
        BTreeMap::from([("grclint/v1".to_owned(), fingerprint(d, report.sources))]);
    let mut r = SarifResult::builder()
        .message(Message::builder().text(d.message.clone()).build())
        .rule_id(d.code.clone())
        .rule_index(index as i64)
        .level(result_level(d.severity))
        .build();
    // SARIF counts characters or UTF-16 units, never bytes.
    let located = match report.options.columns {
        Columns::Bytes => super::location(d, report.sources),
        _ => locate(report, d),
    };
    let region = match located {
        Some(l) => Region::builder()
            .start_line(l.line as i64)
            .start_column(l.column as i64)
            .end_line(l.end_line as i64)
            .end_column(l.end_column as i64)
            .build(),
        None => Region::builder().start_line(1).build(),
    };
    if let Some((path, line, _)) = place(report, d) {
        if let Some(h) = hashes.get(d, path, line) {
            fingerprints.insert("primaryLocationLineHash".to_owned(), h);
        }
        let phys = PhysicalLocation::builder()
            .artifact_location(
                ArtifactLocation::builder()
                    .uri(path_uri(path))
                    .uri_base_id("%SRCROOT%")
                    .build(),
            )
            .region(region)
            .build();
        r.locations = Some(vec![Location::builder().physical_location(phys).build()]);
    }
    r.partial_fingerprints = Some(fingerprints);
    if let Some(why) = &d.suppressed {
        r.suppressions = Some(vec![suppression(why)]);
    }
    r
}

fn suppression(why: &crate::diagnostic::Suppression) -> Suppression {
    let kind = if why.in_source() {
        "inSource"
    } else {
        "external"
    };
    Suppression::builder()
        .kind(json!(kind))
        .justification(why.to_string())
        .build()
}

impl Reporter for Sarif_ {
    fn render(&self, report: &Report<'_>, out: &mut dyn Write) -> io::Result<()> {
        // Every rule that fired, in code order, with the highest severity it was reported
        // at in this run (the config may change a rule's); results point at them by index.
        let mut fired: BTreeMap<&str, Severity> = BTreeMap::new();
        for d in report.diagnostics {
            let s = fired.entry(d.code.as_str()).or_insert(d.severity);
            *s = (*s).max(d.severity);
        }
        let codes: Vec<&str> = fired.keys().copied().collect();
        let rules: Vec<ReportingDescriptor> = fired
            .iter()
            .map(|(code, s)| descriptor(report, code, *s))
            .collect();
        let mut hashes = LineHashes {
            report,
            by_path: HashMap::new(),
        };
        let results: Vec<SarifResult> = report
            .diagnostics
            .iter()
            .map(|d| {
                let index = codes.binary_search(&d.code.as_str()).unwrap_or(0);
                result(report, d, index, &mut hashes)
            })
            .collect();
        let mut driver = ToolComponent::builder()
            .name("grclint")
            .version(env!("CARGO_PKG_VERSION"))
            .semantic_version(env!("CARGO_PKG_VERSION"))
            .rules(rules)
            .build();
        // Only a real page: the package's homepage or repository, when Cargo.toml names one.
        let home = [env!("CARGO_PKG_HOMEPAGE"), env!("CARGO_PKG_REPOSITORY")];
        driver.information_uri = home.into_iter().find(|u| !u.is_empty()).map(str::to_owned);
        let column_kind = match report.options.columns {
            Columns::Utf16 => "utf16CodeUnits",
            Columns::Chars | Columns::Bytes => "unicodeCodePoints",
        };
        let run = Run::builder()
            .tool(Tool::builder().driver(driver).build())
            .results(results)
            .column_kind(json!(column_kind))
            .build();
        let sarif = Sarif::builder()
            .schema("https://json.schemastore.org/sarif-2.1.0.json")
            .version(json!("2.1.0"))
            .runs(vec![run])
            .build();
        serde_json::to_writer_pretty(&mut *out, &sarif)?;
        writeln!(out)
    }
}
