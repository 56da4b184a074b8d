//! `path:line:col: severity: message [CODE]`, one line each: for editors' problem matchers.

use super::{Report, Reporter, location};
use std::io::{self, Write};

pub struct Compact;

impl Reporter for Compact {
    fn render(&self, report: &Report<'_>, out: &mut dyn Write) -> io::Result<()> {
        for d in report.diagnostics.iter().filter(|d| d.suppressed.is_none()) {
            let message = d.message.replace(['\n', '\r'], " ");
            match location(d, report.sources) {
                Some(l) => writeln!(
                    out,
                    "{}:{}:{}: {}: {} [{}]",
                    l.path, l.line, l.column, d.severity, message, d.code
                )?,
                None => writeln!(out, ".:1:1: {}: {} [{}]", d.severity, message, d.code)?,
            }
        }
        Ok(())
    }
}
