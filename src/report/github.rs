//! GitHub Actions workflow commands: one annotation per finding.
//!
//! GitHub shows at most 10 error, 10 warning and 10 notice annotations of a step; the rest
//! are only in the step's log. When some are hidden, a last `::notice::` says how many.

use super::options::locate;
use super::{Report, Reporter};
use crate::diagnostic::Severity;
use std::io::{self, Write};

pub struct Github;

/// How many annotations of one kind GitHub shows per step.
pub const SHOWN_PER_KIND: usize = 10;

/// The escaping the workflow-command syntax requires of a message.
/// Control characters are written out (`\u{1b}`): the log is shown in a terminal too.
pub fn escape_data(s: &str) -> String {
    crate::source::visible(s)
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// ...and of a property value.
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

fn plural(n: usize, one: &str) -> String {
    format!("{n} {one}{}", if n == 1 { "" } else { "s" })
}

impl Reporter for Github {
    fn render(&self, report: &Report<'_>, out: &mut dyn Write) -> io::Result<()> {
        let mut counts = [0usize; 3];
        for d in report.diagnostics.iter().filter(|d| d.suppressed.is_none()) {
            let (cmd, i) = match d.severity {
                Severity::Error => ("error", 0),
                Severity::Warning => ("warning", 1),
                Severity::Info => ("notice", 2),
            };
            counts[i] += 1;
            let mut props = Vec::new();
            if let Some(l) = locate(report, d) {
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
        let hidden: Vec<String> = counts
            .iter()
            .zip(["error", "warning", "info"])
            .filter(|(n, _)| **n > SHOWN_PER_KIND)
            .map(|(n, kind)| format!("{} of {}", n - SHOWN_PER_KIND, plural(*n, kind)))
            .collect();
        if !hidden.is_empty() && crate::i18n::lang() == crate::i18n::Lang::Ja {
            let total: usize = counts.iter().sum();
            let [e, w, i] = counts.map(|n| n.saturating_sub(SHOWN_PER_KIND));
            let text = format!(
                "GitHub が 1 ステップで表示する注釈は種類ごとに {SHOWN_PER_KIND} 件までのため、\
                 エラー {e} 件、警告 {w} 件、情報 {i} 件を表示していない。{total} 件の指摘はすべて\
                 このステップのログにある。全体の報告は、コードスキャンの結果（SARIF の報告を\
                 アップロードした場合）か `grclint check` で確認できる。"
            );
            writeln!(out, "::notice title=grclint::{}", escape_data(&text))?;
        } else if !hidden.is_empty() {
            let total: usize = counts.iter().sum();
            let text = format!(
                "GitHub shows {SHOWN_PER_KIND} annotations of each kind per step: {} are not \
                 shown. All {} are listed in this step's log; the code scanning results (when \
                 the SARIF report is uploaded) or `grclint check` show the full report.",
                hidden.join(", "),
                plural(total, "finding")
            );
            writeln!(out, "::notice title=grclint::{}", escape_data(&text))?;
        }
        Ok(())
    }
}
