//! The GitLab Code Quality report, with fingerprints that survive moved lines.

use super::options::place;
use super::{Report, Reporter, fingerprint};
use crate::diagnostic::Severity;
use serde_json::{Value, json};
use std::collections::HashMap;
use std::io::{self, Write};

pub struct Gitlab;

impl Reporter for Gitlab {
    fn render(&self, report: &Report<'_>, out: &mut dyn Write) -> io::Result<()> {
        let mut seen: HashMap<String, usize> = HashMap::new();
        let issues: Vec<Value> = report
            .diagnostics
            .iter()
            .filter(|d| d.suppressed.is_none())
            .map(|d| {
                let base = fingerprint(d, report.sources);
                // Unique within a report: a repeat of the same finding gets its ordinal.
                let n = seen.entry(base.clone()).or_insert(0);
                *n += 1;
                let fp = if *n == 1 {
                    base
                } else {
                    super::hash(&format!("{base}#{n}"))
                };
                // A finding about the whole repository: line 1 of the config file, else
                // of the first record file; with neither, the repository itself.
                let (path, line) = match place(report, d) {
                    Some((p, l, _)) => (p.to_owned(), l),
                    None => (".".to_owned(), 1),
                };
                json!({
                    "description": format!("{} [{}]", d.message, d.code),
                    "check_name": d.code,
                    "fingerprint": fp,
                    "severity": match d.severity {
                        Severity::Error => "major",
                        Severity::Warning => "minor",
                        Severity::Info => "info",
                    },
                    "location": {"path": path, "lines": {"begin": line}},
                })
            })
            .collect();
        serde_json::to_writer_pretty(&mut *out, &issues)?;
        writeln!(out)
    }
}
