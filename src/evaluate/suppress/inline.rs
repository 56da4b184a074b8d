//! `# grclint: ignore[CODE, CODE] reason` comments.

use crate::diagnostic::{Diagnostic, EngineCode, Severity, Span};
use crate::evaluate::registry::Registry;
use crate::i18n::t;
use crate::source::FileId;
use crate::tr;

pub const MARKER: &str = "# grclint:";

/// One `# grclint: ignore[...]` comment.
pub struct Comment {
    pub span: Span,
    /// 0-based line of the comment.
    pub line: u32,
    pub codes: Vec<String>,
    pub reason: String,
    /// Byte range of the record whose first line holds the comment: the whole record.
    pub record: Option<(u32, u32)>,
    pub used: bool,
}

impl Comment {
    /// It silences findings: it has a reason and names only known codes.
    pub fn valid(&self, known: &Registry<'_>) -> bool {
        !self.reason.is_empty() && self.codes.iter().all(|code| known.contains(code))
    }

    /// It covers a finding of `code` starting at `start` on (0-based) line `line`.
    pub fn covers(&self, file: FileId, code: &str, start: u32, line: u32) -> bool {
        self.span.file == file
            && self.codes.iter().any(|c| c == code)
            && match self.record {
                Some((s, e)) => start >= s && start < e || self.line + 1 == line,
                None => self.line + 1 == line,
            }
    }
}

/// Finds suppression comments in a file. A comment starts at `#` preceded by a blank or
/// the line's start; the marker inside a quoted value would need both, which is rare.
/// `heads` are the (0-based line, start, end) of the records that begin in the file.
pub fn comments(
    file: FileId,
    text: &str,
    heads: &[(u32, u32, u32)],
    out: &mut Vec<Comment>,
    bad: &mut Vec<Diagnostic>,
) {
    let mut offset = 0usize;
    for (line_no, line) in text.split_inclusive('\n').enumerate() {
        let mut from = 0;
        while let Some(i) = line[from..].find(MARKER) {
            let at = from + i;
            from = at + MARKER.len();
            if at > 0 && !line[..at].ends_with([' ', '\t']) {
                continue;
            }
            let body = line[at + MARKER.len()..].trim_end_matches(['\n', '\r']);
            let start = (offset + at) as u32;
            let span = Span::new(file, start, start + (MARKER.len() + body.len()) as u32);
            match parse(body.trim_start()) {
                Some((codes, reason)) if !codes.is_empty() => {
                    let line = line_no as u32;
                    // `heads` are in line order: the file's records in order.
                    let record = heads
                        .binary_search_by_key(&line, |(l, _, _)| *l)
                        .ok()
                        .map(|i| (heads[i].1, heads[i].2));
                    out.push(Comment {
                        span,
                        line,
                        codes,
                        reason,
                        record,
                        used: false,
                    });
                }
                _ => bad.push(
                    Diagnostic::new(EngineCode::Ign001, Severity::Warning, t("this suppression comment cannot be read", "この抑止コメントは読み取れない"))
                        .at(span)
                        .help(t("Write it as `# grclint: ignore[CODE, CODE] why the finding does not apply`.", "`# grclint: ignore[コード, コード] 指摘が当てはまらない理由` の形で書いてください。")),
                ),
            }
            break;
        }
        offset += line.len();
    }
}

/// `ignore[A, B] reason` → the codes and the reason.
fn parse(body: &str) -> Option<(Vec<String>, String)> {
    let (codes, reason) = body.strip_prefix("ignore[")?.split_once(']')?;
    let codes = codes
        .split(',')
        // Codes are upper case; `ignore[ast001]` means AST001.
        .map(|c| c.trim().to_ascii_uppercase())
        .filter(|c| !c.is_empty())
        .collect();
    Some((codes, reason.trim().to_owned()))
}

/// IGN001 for a comment that names an unknown code or gives no reason.
pub fn check(c: &Comment, known: &Registry<'_>, out: &mut Vec<Diagnostic>) {
    let unknown: Vec<&String> = c
        .codes
        .iter()
        .filter(|code| !known.contains(code))
        .collect();
    if !unknown.is_empty() {
        let list = unknown
            .iter()
            .map(|u| format!("`{u}`"))
            .collect::<Vec<_>>()
            .join(", ");
        out.push(
            Diagnostic::new(
                EngineCode::Ign001,
                Severity::Warning,
                tr!("this suppression names {list}, which no rule has", "この抑止コメントが挙げる {list} は、どのルールのコードでもない"),
            )
            .at(c.span)
            .help(t("Use the code the finding shows (`grclint rules` lists them); until then the comment silences nothing.", "指摘に表示されるコードを使ってください（`grclint rules` で一覧を表示できます）。それまで、このコメントは何も抑止しません。")),
        );
    }
    if c.reason.is_empty() {
        out.push(
            Diagnostic::new(EngineCode::Ign001, Severity::Warning, t("this suppression gives no reason, so the finding it names is still reported", "この抑止コメントには理由がないので、挙げた指摘はそのまま報告する"))
                .at(c.span)
                .help(t("Say after the `]` why the finding does not apply, so that a reviewer can judge it; then it is silenced.", "レビューする人が判断できるよう、`]` の後に指摘が当てはまらない理由を書いてください。そうすれば抑止されます。")),
        );
    }
}

/// IGN002 for a valid comment that silenced nothing.
pub fn unused(c: &Comment) -> Diagnostic {
    Diagnostic::new(
        EngineCode::Ign002,
        Severity::Warning,
        tr!(
            "this suppression of {} silenced nothing",
            "{} の抑止コメントは何も抑止しなかった",
            c.codes.join(", ")
        ),
    )
    .at(c.span)
    .help(t(
        "Remove it: the finding it was written for is gone.",
        "削除してください。このコメントの対象だった指摘はもうありません。",
    ))
}
