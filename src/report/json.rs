//! One JSON object for scripts. Its shape changes only by adding keys.

use super::options::locate;
use super::{Report, Reporter};
use serde_json::{Value, json};
use std::io::{self, Write};

pub struct Json;

impl Reporter for Json {
    fn render(&self, report: &Report<'_>, out: &mut dyn Write) -> io::Result<()> {
        let findings: Vec<Value> = report
            .diagnostics
            .iter()
            .map(|d| {
                let l = locate(report, d);
                let rec = d.record.as_ref();
                let mut f = json!({
                    "path": l.as_ref().map(|l| l.path),
                    "line": l.as_ref().map(|l| l.line),
                    "column": l.as_ref().map(|l| l.column),
                    "end_line": l.as_ref().map(|l| l.end_line),
                    "end_column": l.as_ref().map(|l| l.end_column),
                    "byte_start": l.as_ref().map(|l| l.byte_start),
                    "byte_end": l.as_ref().map(|l| l.byte_end),
                    "code": d.code,
                    "severity": d.severity,
                    "message": d.message,
                    "help": d.help,
                    "kind": rec.map(|r| r.kind.as_str()),
                    "record_id": rec.and_then(|r| r.id.as_deref()),
                    "suppressed": d.suppressed.is_some(),
                });
                if let Some(reason) = &d.suppressed {
                    f["suppression_reason"] = json!(reason.to_string());
                }
                if let Some(r) = rec {
                    f["pointer"] = json!(r.pointer);
                }
                if !d.notes.is_empty() {
                    f["notes"] = json!(d.notes);
                }
                f
            })
            .collect();
        let s = report.summary;
        let doc = json!({
            "version": 1,
            "findings": findings,
            "summary": {
                "files": s.files, "records": s.records, "errors": s.errors,
                "warnings": s.warnings, "infos": s.infos, "suppressed": s.suppressed,
            },
        });
        serde_json::to_writer_pretty(&mut *out, &doc)?;
        writeln!(out)
    }
}
