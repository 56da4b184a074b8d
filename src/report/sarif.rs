//! SARIF 2.1.0 for GitHub code scanning and other SARIF viewers.

use super::{Report, Reporter, fingerprint, location};
use crate::diagnostic::Severity;
use serde_json::json;
use serde_sarif::sarif::{
    ArtifactLocation, Location, Message, MultiformatMessageString, PhysicalLocation, Region,
    ReportingConfiguration, ReportingDescriptor, Result as SarifResult, Run, Sarif, Suppression,
    Tool, ToolComponent,
};
use std::collections::BTreeMap;
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

impl Reporter for Sarif_ {
    fn render(&self, report: &Report<'_>, out: &mut dyn Write) -> io::Result<()> {
        // Every rule that fired, in code order; results point at them by index.
        let mut fired: Vec<&str> = report.diagnostics.iter().map(|d| d.code.as_str()).collect();
        fired.sort();
        fired.dedup();
        let rules: Vec<ReportingDescriptor> = fired
            .iter()
            .map(|code| {
                let info = report.rules.get(*code);
                let summary = info
                    .map(|i| i.summary.clone())
                    .unwrap_or_else(|| (*code).to_owned());
                let docs = info.map(|i| i.docs.clone()).unwrap_or_default();
                let help_md = if docs.is_empty() {
                    summary.clone()
                } else {
                    docs.clone()
                };
                let mut rd = ReportingDescriptor::builder()
                    .id(*code)
                    .short_description(
                        MultiformatMessageString::builder()
                            .text(summary.clone())
                            .build(),
                    )
                    .full_description(
                        MultiformatMessageString::builder()
                            .text(summary.clone())
                            .build(),
                    )
                    .help(
                        MultiformatMessageString::builder()
                            .text(format!("{summary}\n\n{docs}").trim().to_owned())
                            .markdown(help_md)
                            .build(),
                    )
                    .default_configuration(
                        ReportingConfiguration::builder()
                            .level(json!(result_level(
                                info.map(|i| i.severity).unwrap_or(Severity::Error)
                            )))
                            .build(),
                    )
                    .build();
                if let Some(i) = info {
                    rd.name = Some(i.name.clone());
                }
                rd
            })
            .collect();
        let results: Vec<SarifResult> = report
            .diagnostics
            .iter()
            .map(|d| {
                let mut r = SarifResult::builder()
                    .message(Message::builder().text(d.message.clone()).build())
                    .rule_id(d.code.clone())
                    .rule_index(fired.binary_search(&d.code.as_str()).unwrap_or(0) as i64)
                    .level(result_level(d.severity))
                    .partial_fingerprints(BTreeMap::from([(
                        "grclint/v1".to_owned(),
                        fingerprint(d, report.sources),
                    )]))
                    .build();
                if let Some(l) = location(d, report.sources) {
                    let region = Region::builder()
                        .start_line(l.line as i64)
                        .start_column(l.column as i64)
                        .end_line(l.end_line as i64)
                        .end_column(l.end_column as i64)
                        .build();
                    let phys = PhysicalLocation::builder()
                        .artifact_location(
                            ArtifactLocation::builder()
                                .uri(l.path.to_owned())
                                .uri_base_id("%SRCROOT%")
                                .build(),
                        )
                        .region(region)
                        .build();
                    r.locations = Some(vec![Location::builder().physical_location(phys).build()]);
                }
                if let Some(reason) = &d.suppressed {
                    let kind = if reason.in_source() {
                        "inSource"
                    } else {
                        "external"
                    };
                    r.suppressions = Some(vec![
                        Suppression::builder()
                            .kind(json!(kind))
                            .justification(reason.to_string())
                            .build(),
                    ]);
                }
                r
            })
            .collect();
        let driver = ToolComponent::builder()
            .name("grclint")
            .version(env!("CARGO_PKG_VERSION"))
            .semantic_version(env!("CARGO_PKG_VERSION"))
            .rules(rules)
            .build();
        let run = Run::builder()
            .tool(Tool::builder().driver(driver).build())
            .results(results)
            .column_kind(json!("unicodeCodePoints"))
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
