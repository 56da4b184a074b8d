//! `path:line:col: severity: message [CODE]`, one line each: for editors' problem matchers.
//! A finding about the whole repository is shown at line 1 of the config file (else of the
//! first record file): a path an editor can open.

use super::options::place;
use super::{Report, Reporter};
use crate::source::visible;
use std::io::{self, Write};

pub struct Compact;

impl Reporter for Compact {
    fn render(&self, report: &Report<'_>, out: &mut dyn Write) -> io::Result<()> {
        for d in report.diagnostics.iter().filter(|d| d.suppressed.is_none()) {
            let message = d.message.replace(['\n', '\r'], " ");
            let message = visible(&message);
            match place(report, d) {
                Some((path, line, column)) => writeln!(
                    out,
                    "{}:{line}:{column}: {}: {message} [{}]",
                    visible(path),
                    d.severity,
                    d.code
                )?,
                // No file at all (no config, no record file): nothing to point at.
                None => writeln!(out, "{}: {message} [{}]", d.severity, d.code)?,
            }
        }
        Ok(())
    }
}
