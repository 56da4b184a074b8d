//! What a run asks of its reporters besides the findings: how columns are counted, where a
//! finding about the whole repository is shown, and JUnit's `file` attribute.

use super::{Location, Report, location};
use crate::diagnostic::Diagnostic;
use crate::source::{FileId, SourceFile};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

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
    /// Made as UTF-16 columns are asked for.
    pub marks: Marks,
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

/// The 1-based column of `byte` in `file`, counted the way `columns` says. Linear on long
/// lines: characters are counted from the source's own marks, and UTF-16's extra units
/// (one per character outside the Basic Multilingual Plane) from [`Marks`].
pub fn column(
    file: &SourceFile,
    id: FileId,
    line: u32,
    byte: u32,
    columns: Columns,
    marks: &Marks,
) -> u32 {
    let start = file.line_start(line as usize - 1).unwrap_or(0) as usize;
    let mut end = (byte as usize).min(file.text.len()).max(start);
    while !file.text.is_char_boundary(end) {
        end -= 1;
    }
    match columns {
        Columns::Bytes => (end - start) as u32 + 1,
        Columns::Chars => file.line_col(end as u32).1,
        Columns::Utf16 => {
            let extra = marks.supplementary_before(id, file, end)
                - marks.supplementary_before(id, file, start);
            file.line_col(end as u32).1 + extra as u32
        }
    }
}

const BLOCK: usize = 512;

/// Per file, the characters outside the Basic Multilingual Plane (four UTF-8 bytes, two
/// UTF-16 units) before each block of 512 bytes, made when the file's first UTF-16 column
/// is asked for.
#[derive(Debug, Default)]
pub struct Marks(Mutex<HashMap<FileId, Arc<Vec<u32>>>>);

impl Clone for Marks {
    fn clone(&self) -> Self {
        Marks::default()
    }
}

impl Marks {
    fn supplementary_before(&self, id: FileId, file: &SourceFile, b: usize) -> usize {
        let four = |x: &&u8| **x >= 0xF0;
        let bytes = file.text.as_bytes();
        let marks = {
            let mut map = self.0.lock().unwrap_or_else(|e| e.into_inner());
            map.entry(id)
                .or_insert_with(|| {
                    let mut n = 0u32;
                    let mut marks = vec![0u32];
                    for block in bytes.chunks(BLOCK) {
                        n += block.iter().filter(four).count() as u32;
                        marks.push(n);
                    }
                    Arc::new(marks)
                })
                .clone()
        };
        let block = b / BLOCK;
        marks[block] as usize + bytes[block * BLOCK..b].iter().filter(four).count()
    }
}

/// A finding's location with its columns counted as the run asks.
pub fn locate<'a>(report: &Report<'a>, d: &Diagnostic) -> Option<Location<'a>> {
    let mut l = location(d, report.sources)?;
    let columns = report.options.columns;
    if columns != Columns::Chars {
        let span = d.primary?;
        let file = report.sources.get(span.file);
        let marks = &report.options.marks;
        l.column = column(file, span.file, l.line, l.byte_start, columns, marks);
        l.end_column = column(file, span.file, l.end_line, l.byte_end, columns, marks);
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    #[test]
    fn columns_count_characters_utf16_units_or_bytes() {
        // `x` after 管理責任者 (5 characters, 15 bytes) and an emoji (1 character, 2 units).
        let f = SourceFile::new("a.yaml".into(), None, Arc::from("k: 1\n管理責任者😀: x\n"));
        let x = "k: 1\n管理責任者😀: ".len() as u32;
        let m = Marks::default();
        let col = |byte, line, columns| column(&f, FileId(0), line, byte, columns, &m);
        assert_eq!(col(x, 2, Columns::Chars), 9);
        assert_eq!(col(x, 2, Columns::Utf16), 10);
        assert_eq!(col(x, 2, Columns::Bytes), 15 + 4 + 2 + 1);
        assert_eq!(col(0, 1, Columns::Utf16), 1);
    }

    #[test]
    fn utf16_columns_on_a_long_line_count_from_marks() {
        // One line of 3000 emoji and kanji: columns past several 512-byte blocks.
        let line: String = "😀管".repeat(1500);
        let f = SourceFile::new(
            "a.yaml".into(),
            None,
            Arc::from(format!("k: {line}").as_str()),
        );
        let m = Marks::default();
        for n in [0usize, 1, 127, 128, 129, 1000, 2999] {
            let before = format!("k: {}", line.chars().take(n).collect::<String>());
            let byte = before.len() as u32;
            let want = before.encode_utf16().count() as u32 + 1;
            assert_eq!(
                column(&f, FileId(0), 1, byte, Columns::Utf16, &m),
                want,
                "{n}"
            );
        }
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
