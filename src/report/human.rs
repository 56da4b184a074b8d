//! Compiler-style output for people, rendered by miette behind our own Diagnostic type.

use super::{Report, Reporter};
use crate::diagnostic::{Diagnostic, Severity};
use crate::source::{SourceFile, Sources, visible};
use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, MietteSpanContents,
    SourceCode, SourceSpan, SpanContents,
};
use std::fmt;
use std::io::{self, Write};

/// The human report, with the options only it has.
#[derive(Clone, Copy, Debug, Default)]
pub struct Human {
    pub color: bool,
    /// Only the summary line.
    pub quiet: bool,
    /// Per-code counts after the findings.
    pub statistics: bool,
    /// Also list the suppressed findings, each with why it is suppressed.
    pub show_suppressed: bool,
}

impl Reporter for Human {
    fn render(&self, report: &Report<'_>, out: &mut dyn Write) -> io::Result<()> {
        if !self.quiet {
            render_each(report, self.color, out)?;
            if self.show_suppressed {
                render_suppressed(report, out)?;
            }
        }
        if self.statistics {
            let mut counts: std::collections::BTreeMap<(&str, Severity), usize> =
                Default::default();
            for d in report.diagnostics.iter().filter(|d| d.suppressed.is_none()) {
                *counts.entry((d.code.as_str(), d.severity)).or_default() += 1;
            }
            for ((code, severity), n) in counts {
                let summary = report
                    .rules
                    .get(code)
                    .map(|r| r.summary.as_str())
                    .unwrap_or("");
                let (code, summary) = (visible(code), visible(summary));
                writeln!(out, "{n:>6}  {code:<8} {:<8} {summary}", severity.as_str())?;
            }
        }
        writeln!(out, "{}", summary_line(report))
    }
}

pub fn render_each(report: &Report<'_>, color: bool, out: &mut dyn Write) -> io::Result<()> {
    let theme = if color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_links(false)
        .with_width(100)
        // A code, a field name or an id is never split across lines.
        .with_break_words(false)
        .with_word_separator(textwrap::WordSeparator::Custom(break_points))
        .with_word_splitter(textwrap::WordSplitter::NoHyphenation)
        .with_context_lines(1);
    for d in report.diagnostics.iter().filter(|d| d.suppressed.is_none()) {
        let mut s = String::new();
        let view = View::new(d, report.sources);
        handler
            .render_report(&mut s, &view)
            .map_err(io::Error::other)?;
        out.write_all(s.as_bytes())?;
        writeln!(out)?;
    }
    Ok(())
}

/// Where a line may break: after a run of spaces, and between two wide (Japanese)
/// characters unless the second may not start a line (、。）」 small kana) or the first may
/// not end one (（「). Letters, digits and punctuation between spaces stay together, so
/// `confidential-scope`, `owner.person` and `A-011` are never split.
fn break_points(line: &str) -> Box<dyn Iterator<Item = textwrap::core::Word<'_>> + '_> {
    let mut words = Vec::new();
    let mut start = 0;
    let mut prev: Option<char> = None;
    for (i, c) in line.char_indices() {
        if let Some(p) = prev {
            let after_space = p == ' ' && c != ' ';
            let between_wide = crate::i18n::char_width(p) == 2
                && crate::i18n::char_width(c) == 2
                && !"、。，．）」』】〕・：；！？ーぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ々"
                    .contains(c)
                && !"（「『【〔".contains(p);
            if after_space || between_wide {
                words.push(textwrap::core::Word::from(&line[start..i]));
                start = i;
            }
        }
        prev = Some(c);
    }
    if start < line.len() {
        words.push(textwrap::core::Word::from(&line[start..]));
    }
    Box::new(words.into_iter())
}

/// One line per suppressed finding, with the comment, waiver or baseline that silences it.
fn render_suppressed(report: &Report<'_>, out: &mut dyn Write) -> io::Result<()> {
    let mut first = true;
    for d in report.diagnostics {
        let Some(why) = &d.suppressed else { continue };
        if std::mem::take(&mut first) {
            writeln!(out, "{}", crate::i18n::t("suppressed:", "抑止した指摘:"))?;
        }
        let at = match super::location(d, report.sources) {
            Some(l) => format!("{}:{}:{}: ", visible(l.path), l.line, l.column),
            None => String::new(),
        };
        writeln!(out, "  {at}{} {}", d.code, visible(&d.message))?;
        let by = crate::i18n::t("by", "抑止元:");
        writeln!(out, "      {by} {}", visible(&why.to_string()))?;
    }
    if !first {
        writeln!(out)?;
    }
    Ok(())
}

pub fn summary_line(report: &Report<'_>) -> String {
    if crate::i18n::lang() == crate::i18n::Lang::Ja {
        return summary_line_ja(report);
    }
    let s = report.summary;
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let loaded = format!(
        "{} ({})",
        plural(s.files, "file", "files"),
        plural(s.records, "record", "records")
    );
    let scope = match s.reported {
        Some(n) if n != s.files => format!(
            "in {}; {loaded} loaded for references",
            plural(n, "file", "files")
        ),
        _ => format!("in {loaded}"),
    };
    let mut line = if s.errors + s.warnings + s.infos == 0 {
        format!("no problems found {scope}")
    } else {
        format!(
            "found {}, {} and {} {scope}",
            plural(s.errors, "error", "errors"),
            plural(s.warnings, "warning", "warnings"),
            plural(s.infos, "info", "infos"),
        )
    };
    let by_comment_or_waiver = s.suppressed - s.baselined;
    if by_comment_or_waiver > 0 {
        line.push_str(&format!("; {by_comment_or_waiver} suppressed"));
    }
    if s.baselined > 0 {
        line.push_str(&format!("; {} in the baseline", s.baselined));
    }
    line
}

/// `エラー 2 件、警告 0 件、情報 0 件（22 ファイル、64 レコード）`
fn summary_line_ja(report: &Report<'_>) -> String {
    let s = report.summary;
    let loaded = format!("{} ファイル、{} レコード", s.files, s.records);
    let (scope, of) = match s.reported {
        Some(n) if n != s.files => (
            format!("{n} ファイルで"),
            format!("（参照のため {loaded} を読み込み）"),
        ),
        _ => (String::new(), format!("（{loaded}）")),
    };
    let mut line = if s.errors + s.warnings + s.infos == 0 {
        format!("{scope}問題は見つからなかった{of}")
    } else {
        format!(
            "{scope}エラー {} 件、警告 {} 件、情報 {} 件{of}",
            s.errors, s.warnings, s.infos
        )
    };
    let by_comment_or_waiver = s.suppressed - s.baselined;
    if by_comment_or_waiver > 0 {
        line.push_str(&format!("、抑止 {by_comment_or_waiver} 件"));
    }
    if s.baselined > 0 {
        line.push_str(&format!("、ベースライン内 {} 件", s.baselined));
    }
    line
}

/// A diagnostic as miette sees it.
struct View<'a> {
    d: &'a Diagnostic,
    source: Option<Src<'a>>,
    labels: Vec<LabeledSpan>,
    help: Option<String>,
}

impl<'a> View<'a> {
    fn new(d: &'a Diagnostic, sources: &'a Sources) -> Self {
        let mut labels = Vec::new();
        let mut notes = d.notes.clone();
        let source = d.primary.map(|p| {
            let file = sources.get(p.file);
            labels.push(LabeledSpan::new_primary_with_span(
                None,
                span(p.start, p.end),
            ));
            Src(file)
        });
        for l in &d.labels {
            match d.primary {
                Some(p) if p.file == l.span.file => labels.push(LabeledSpan::new_with_span(
                    Some(visible(&l.text).into_owned()),
                    span(l.span.start, l.span.end),
                )),
                _ => {
                    let f = sources.get(l.span.file);
                    let (line, col) = f.line_col(l.span.start);
                    notes.push(format!("{}: {}:{line}:{col}", l.text, f.path));
                }
            }
        }
        let mut help = d.help.as_deref().map(|h| visible(h).into_owned());
        if !notes.is_empty() {
            let joined = notes
                .iter()
                .map(|n| format!("{}: {}", crate::i18n::t("note", "注"), visible(n)))
                .collect::<Vec<_>>()
                .join("\n");
            help = Some(match help {
                Some(h) => format!("{h}\n{joined}"),
                None => joined,
            });
        }
        View {
            d,
            source,
            labels,
            help,
        }
    }
}

fn span(start: u32, end: u32) -> SourceSpan {
    SourceSpan::new((start as usize).into(), (end - start) as usize)
}

impl fmt::Debug for View<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&visible(&self.d.message))
    }
}

impl fmt::Display for View<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let severity = match (crate::i18n::lang(), self.d.severity) {
            (crate::i18n::Lang::En, s) => s.as_str(),
            (crate::i18n::Lang::Ja, Severity::Error) => "エラー",
            (crate::i18n::Lang::Ja, Severity::Warning) => "警告",
            (crate::i18n::Lang::Ja, Severity::Info) => "情報",
        };
        write!(
            f,
            "{severity}[{}]: {}",
            self.d.code,
            visible(&self.d.message)
        )
    }
}

impl std::error::Error for View<'_> {}

impl miette::Diagnostic for View<'_> {
    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.d.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.source.as_ref().map(|s| s as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        if self.labels.is_empty() {
            None
        } else {
            Some(Box::new(self.labels.iter().cloned()))
        }
    }
}

/// A source file read through our line table: no rescanning of the file per diagnostic,
/// and columns counted in characters.
struct Src<'a>(&'a SourceFile);

impl SourceCode for Src<'_> {
    fn read_span<'b>(
        &'b self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'b> + 'b>, MietteError> {
        let f = self.0;
        let len = f.text.len();
        let start = span.offset().min(len);
        let end = (span.offset() + span.len()).min(len);
        let (l0, col) = f.line_col(start as u32);
        let (l1, _) = f.line_col(end.saturating_sub(1).max(start) as u32);
        let first = (l0 as usize - 1).saturating_sub(before);
        let last = ((l1 as usize - 1) + after).min(f.line_count() - 1);
        let s = f.line_start(first).unwrap_or(0) as usize;
        let e = f.line_start(last + 1).map(|e| e as usize).unwrap_or(len);
        let column = if before == 0 { col as usize - 1 } else { 0 };
        Ok(Box::new(MietteSpanContents::new_named(
            visible(&f.path).into_owned(),
            &f.shown().as_bytes()[s..e],
            SourceSpan::new(s.into(), e - s),
            first,
            column,
            last - first + 1,
        )))
    }
}
