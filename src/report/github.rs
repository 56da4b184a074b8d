//! GitHub Actions workflow commands: one annotation per finding.

use super::{Report, Reporter, location};
use crate::diagnostic::Severity;
use std::io::{self, Write};

pub struct Github;

/// The escaping the workflow-command syntax requires of a message.
pub fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// ...and of a property value.
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

impl Reporter for Github {
    fn render(&self, report: &Report<'_>, out: &mut dyn Write) -> io::Result<()> {
        for d in report.diagnostics.iter().filter(|d| d.suppressed.is_none()) {
            let cmd = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "notice",
            };
            let mut props = Vec::new();
            if let Some(l) = location(d, report.sources) {
                props.push(format!("file={}", escape_property(l.path)));
                props.push(format!("line={}", l.line));
                props.push(format!("col={}", l.column));
                props.push(format!("endLine={}", l.end_line));
                props.push(format!("endColumn={}", l.end_column));
            }
            props.push(format!("title={}", escape_property(&d.code)));
            let mut msg = d.message.clone();
            if let Some(h) = &d.help {
                msg.push('\n');
                msg.push_str(h);
            }
            writeln!(out, "::{cmd} {}::{}", props.join(","), escape_data(&msg))?;
        }
        Ok(())
    }
}
