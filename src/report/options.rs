//! What a run asks of its reporters besides the findings: how columns are counted, where a
//! finding about the whole repository is shown, and JUnit's `file` attribute.

use super::{Location, Report, location};
use crate::diagnostic::Diagnostic;
use crate::source::{SourceFile, Sources};

/// How a column is counted. Editors count UTF-16 code units (VS Code, the LSP default);
/// `chars` counts Unicode characters, `bytes` UTF-8 bytes. Lines are the same in all three.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Columns {
    #[default]
    Chars,
    Utf16,
    Bytes,
}

#[derive(Clone, Debug, Default)]
pub struct Options {
    pub columns: Columns,
    /// The file a finding about the whole repository (IRP001, POL004) is shown on, at line 1:
    /// see [`repository_file`].
    pub repository_file: Option<String>,
    /// Give every JUnit test case a `file` attribute (GitLab's file column). The Jenkins
    /// xUnit schema (junit-10.xsd) does not allow it, so it is asked for, not the default.
    pub junit_file: bool,
}

/// Where repository-level findings go: the config file when the repository has one (it is
/// what a user edits to tune such checks), else the first record file, by path. Both exist:
/// they were read. A repository with neither has no file to point at: such a finding then
/// has no location.
pub fn repository_file(config: Option<&SourceFile>, checked: &[String]) -> Option<String> {
    config
        .map(|f| f.path.as_str())
        .filter(|p| !p.starts_with('/') && !p.starts_with("..") && !p.contains(':'))
        .or_else(|| checked.first().map(String::as_str))
        .map(str::to_owned)
}

/// The 1-based column of `byte` in `file`, counted the way `columns` says.
pub fn column(file: &SourceFile, line: u32, byte: u32, columns: Columns) -> u32 {
    let start = file.line_start(line as usize - 1).unwrap_or(0) as usize;
    let mut end = (byte as usize).min(file.text.len()).max(start);
    while !file.text.is_char_boundary(end) {
        end -= 1;
    }
    let before = &file.text[start..end];
    let n = match columns {
        Columns::Chars => before.chars().count(),
        Columns::Utf16 => before.encode_utf16().count(),
        Columns::Bytes => before.len(),
    };
    n as u32 + 1
}

/// A finding's location with its columns counted as the run asks.
pub fn locate<'a>(report: &Report<'a>, d: &Diagnostic) -> Option<Location<'a>> {
    let mut l = location(d, report.sources)?;
    let columns = report.options.columns;
    if columns != Columns::Chars {
        let file = file_of(d, report.sources)?;
        l.column = column(file, l.line, l.byte_start, columns);
        l.end_column = column(file, l.end_line, l.byte_end, columns);
    }
    Some(l)
}

/// Path and line to show a finding at: its own place, else (a finding about the whole
/// repository) line 1 of [`Options::repository_file`]. None when there is no such file.
pub fn place<'r>(report: &'r Report<'_>, d: &Diagnostic) -> Option<(&'r str, u32, u32)> {
    match locate(report, d) {
        Some(l) => Some((l.path, l.line, l.column)),
        None => report.options.repository_file.as_deref().map(|p| (p, 1, 1)),
    }
}

fn file_of<'a>(d: &Diagnostic, sources: &'a Sources) -> Option<&'a SourceFile> {
    d.primary.map(|s| sources.get(s.file))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    #[test]
    fn columns_count_characters_utf16_units_or_bytes() {
        // `x` after 管理責任者 (5 characters, 15 bytes) and an emoji (1 character, 2 units).
        let f = SourceFile::new("a.yaml".into(), None, Arc::from("k: 1\n管理責任者😀: x\n"));
        let x = "k: 1\n管理責任者😀: ".len() as u32;
        assert_eq!(column(&f, 2, x, Columns::Chars), 9);
        assert_eq!(column(&f, 2, x, Columns::Utf16), 10);
        assert_eq!(column(&f, 2, x, Columns::Bytes), 15 + 4 + 2 + 1);
        assert_eq!(column(&f, 1, 0, Columns::Utf16), 1);
    }

    #[test]
    fn repository_findings_go_to_the_config_else_the_first_record_file() {
        let cfg = SourceFile::new(".grclint.yaml".into(), None, Arc::from(""));
        let files = vec!["assets/ledger.yaml".to_owned()];
        assert_eq!(
            repository_file(Some(&cfg), &files).as_deref(),
            Some(".grclint.yaml")
        );
        let outside = SourceFile::new("/etc/grclint.yaml".into(), None, Arc::from(""));
        assert_eq!(
            repository_file(Some(&outside), &files).as_deref(),
            Some("assets/ledger.yaml")
        );
        assert_eq!(repository_file(None, &[]), None);
    }
}
