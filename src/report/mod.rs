//! Report: one trait, one implementation per format, chosen once from `--format`.

pub mod compact;
pub mod github;
pub mod gitlab;
pub mod human;
pub mod json;
pub mod junit;
pub mod line_hash;
pub mod markup;
pub mod options;
pub mod sarif;

use crate::diagnostic::{Diagnostic, Fatal, Severity};
use crate::source::Sources;
use std::collections::HashMap;
use std::io::{self, IsTerminal, Write};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    pub files: usize,
    pub records: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    pub suppressed: usize,
    /// Of the suppressed, those the baseline holds.
    pub baselined: usize,
    /// With paths given: how many of the files the report is about (all are loaded).
    pub reported: Option<usize>,
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

/// What a report says of a code besides its findings (SARIF lists the rules that fired).
#[derive(Clone, Debug)]
pub struct RuleInfo {
    pub name: String,
    pub summary: String,
    pub docs: String,
    pub severity: crate::diagnostic::Severity,
    /// SARIF's `properties.tags`: the kind it checks, its ISO/IEC 27001 controls.
    pub tags: Vec<String>,
}

/// Everything a reporter may read.
pub struct Report<'a> {
    pub diagnostics: &'a [Diagnostic],
    pub sources: &'a Sources,
    pub summary: Summary,
    pub rules: &'a std::collections::HashMap<String, RuleInfo>,
    /// The record files in the report's scope (JUnit has a test case for each).
    pub checked: &'a [String],
    pub options: options::Options,
}

/// FNV-1a, 64 bits, as 16 hex digits: stable across runs, platforms and versions.
pub fn hash(s: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in s.bytes() {
        h ^= b as u64;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")
}

/// A finding's identity that survives moved lines and does not depend on the language of
/// the run: its code, the record's kind and id and the node's pointer (or, for a finding
/// outside a record with an id, its path, its record's kind and pointer, and the text of
/// the line it points at).
pub fn fingerprint(d: &Diagnostic, sources: &Sources) -> String {
    let path = d
        .primary
        .map(|p| sources.get(p.file).path.as_str())
        .unwrap_or("");
    match &d.record {
        Some(r) if r.id.is_some() => hash(&format!(
            "{}\0{}\0{}\0{}",
            d.code,
            r.kind,
            r.id.as_deref().unwrap_or(""),
            r.pointer
        )),
        other => {
            let (kind, pointer) = other
                .as_ref()
                .map_or(("", ""), |r| (r.kind.as_str(), r.pointer.as_str()));
            let line = d
                .primary
                .map_or("", |p| line_text(sources.get(p.file), p.start));
            hash(&format!("{}\0{path}\0{kind}\0{pointer}\0{line}", d.code))
        }
    }
}

/// The text of the line that holds `byte`, trimmed.
fn line_text(f: &crate::source::SourceFile, byte: u32) -> &str {
    let line0 = f.line(byte).saturating_sub(1) as usize;
    let start = f.line_start(line0).unwrap_or(0) as usize;
    let end = f.line_start(line0 + 1).map_or(f.text.len(), |e| e as usize);
    f.text.get(start..end).unwrap_or("").trim()
}

pub trait Reporter {
    fn render(&self, report: &Report<'_>, out: &mut dyn Write) -> io::Result<()>;
}

/// The output formats of `check`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    #[default]
    Human,
    Compact,
    Json,
    Sarif,
    Junit,
    Github,
    Gitlab,
}

impl Format {
    /// The format's reporter; `human` carries the options only it has.
    pub fn reporter(self, human: human::Human) -> Box<dyn Reporter> {
        match self {
            Format::Human => Box::new(human),
            Format::Compact => Box::new(compact::Compact),
            Format::Json => Box::new(json::Json),
            Format::Sarif => Box::new(sarif::Sarif_),
            Format::Junit => Box::new(junit::Junit),
            Format::Github => Box::new(github::Github),
            Format::Gitlab => Box::new(gitlab::Gitlab),
        }
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

/// Prints why the run stopped, on standard error (exit 2).
pub fn print_fatal(f: &Fatal) {
    let no_rules = HashMap::new();
    let report = Report {
        diagnostics: &f.diagnostics,
        sources: &f.sources,
        summary: Summary::default(),
        rules: &no_rules,
        checked: &[],
        options: Default::default(),
    };
    let mut err = std::io::stderr().lock();
    // A mistake on the command line (a path that is not there, a date that is not one)
    // is said in one line: nothing was read yet.
    let usage = |d: &Diagnostic| d.code == crate::codes::Code::Usage && d.primary.is_none();
    if !f.diagnostics.is_empty() && f.diagnostics.iter().all(usage) {
        for d in &f.diagnostics {
            let error = crate::i18n::t("error", "エラー");
            let _ = writeln!(err, "grclint: {error}: {}", d.message);
        }
        return;
    }
    let _ = human::render_each(&report, std::io::stderr().is_terminal(), &mut err);
    let n = f.diagnostics.len();
    let plural = if n == 1 { "" } else { "s" };
    let _ = writeln!(
        err,
        "grclint: {}",
        crate::tr!(
            "stopped: {n} configuration problem{plural} (exit 2)",
            "中止: 設定の問題が {n} 件ある（終了コード 2）"
        )
    );
}
