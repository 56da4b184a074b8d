//! Report: one trait, one implementation per format, chosen once from `--format`.

pub mod compact;
pub mod human;
pub mod json;

use crate::diagnostic::{Diagnostic, Severity};
use crate::source::Sources;
use std::io::{self, Write};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    pub files: usize,
    pub records: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    pub suppressed: usize,
}

impl Summary {
    pub fn count(&mut self, diagnostics: &[Diagnostic]) {
        for d in diagnostics {
            if d.suppressed.is_some() {
                self.suppressed += 1;
                continue;
            }
            match d.severity {
                Severity::Error => self.errors += 1,
                Severity::Warning => self.warnings += 1,
                Severity::Info => self.infos += 1,
            }
        }
    }
}

/// Everything a reporter may read.
pub struct Report<'a> {
    pub diagnostics: &'a [Diagnostic],
    pub sources: &'a Sources,
    pub summary: Summary,
    pub color: bool,
    pub quiet: bool,
}

pub trait Reporter {
    fn render(&self, report: &Report<'_>, out: &mut dyn Write) -> io::Result<()>;
}

pub fn reporter(format: &str) -> Option<Box<dyn Reporter>> {
    match format {
        "human" => Some(Box::new(human::Human)),
        "compact" => Some(Box::new(compact::Compact)),
        "json" => Some(Box::new(json::Json)),
        _ => None,
    }
}

/// Path, 1-based line and column (in characters) of a diagnostic's start and end.
pub struct Location<'a> {
    pub path: &'a str,
    pub line: u32,
    pub column: u32,
    pub end_line: u32,
    pub end_column: u32,
    pub byte_start: u32,
    pub byte_end: u32,
}

pub fn location<'a>(d: &Diagnostic, sources: &'a Sources) -> Option<Location<'a>> {
    let span = d.primary?;
    let file = sources.get(span.file);
    let (line, column) = file.line_col(span.start);
    let (end_line, end_column) = file.line_col(span.end);
    Some(Location {
        path: &file.path,
        line,
        column,
        end_line,
        end_column,
        byte_start: span.start,
        byte_end: span.end,
    })
}

impl dyn Reporter {
    /// The diagnostics without a summary line (for configuration errors on stderr).
    pub fn render_diagnostics_only(
        &self,
        report: &Report<'_>,
        out: &mut dyn Write,
    ) -> io::Result<()> {
        human::render_each(report, out)
    }
}
