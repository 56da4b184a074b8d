//! One diagnostic type for everything grclint reports; reporters only read it.

pub use crate::codes::{Code, EngineCode, Severity};
use crate::source::FileId;
use std::fmt;

/// A byte range in one source file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    pub file: FileId,
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub fn new(file: FileId, start: u32, end: u32) -> Self {
        Span {
            file,
            start,
            end: end.max(start),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Label {
    pub span: Span,
    pub text: String,
}

/// The record a diagnostic is about: its kind, its id (when it has one) and the JSON
/// pointer of the blamed node inside it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RecordRef {
    pub kind: String,
    pub id: Option<String>,
    pub pointer: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub code: Code,
    pub severity: Severity,
    pub message: String,
    pub primary: Option<Span>,
    pub labels: Vec<Label>,
    pub help: Option<String>,
    pub notes: Vec<String>,
    pub record: Option<RecordRef>,
    /// Why this finding is silenced, when it is.
    pub suppressed: Option<Suppression>,
}

/// What silenced a finding. It stays in the report, marked, and does not fail the run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Suppression {
    /// A `# grclint: ignore[CODE] reason` comment.
    Inline { reason: String },
    /// A waiver record, by id.
    Waiver { id: String, reason: String },
    /// The finding is in the baseline file.
    Baseline,
}

impl Suppression {
    /// In the source (an inline comment) or outside it (a waiver or the baseline): SARIF's
    /// `inSource` and `external`.
    pub fn in_source(&self) -> bool {
        matches!(self, Suppression::Inline { .. })
    }
}

/// As reports quote it: `inline: …`, `waiver W-001: …`, `baseline`.
impl fmt::Display for Suppression {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Suppression::Inline { reason } => {
                write!(f, "{}: {reason}", crate::i18n::t("inline", "抑止コメント"))
            }
            Suppression::Waiver { id, reason } => {
                write!(f, "{} {id}: {reason}", crate::i18n::t("waiver", "例外承認"))
            }
            Suppression::Baseline => f.write_str(crate::i18n::t("baseline", "ベースライン")),
        }
    }
}

impl Diagnostic {
    pub fn new(code: impl Into<Code>, severity: Severity, message: impl Into<String>) -> Self {
        Diagnostic {
            code: code.into(),
            severity,
            message: message.into(),
            primary: None,
            labels: Vec::new(),
            help: None,
            notes: Vec::new(),
            record: None,
            suppressed: None,
        }
    }

    pub fn error(code: impl Into<Code>, message: impl Into<String>) -> Self {
        Self::new(code, Severity::Error, message)
    }

    pub fn at(mut self, span: Span) -> Self {
        self.primary = Some(span);
        self
    }

    pub fn at_opt(mut self, span: Option<Span>) -> Self {
        self.primary = span;
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn label(mut self, span: Span, text: impl Into<String>) -> Self {
        self.labels.push(Label {
            span,
            text: text.into(),
        });
        self
    }

    pub fn note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }

    pub fn record(mut self, record: RecordRef) -> Self {
        self.record = Some(record);
        self
    }

    /// The order every report uses: path, line, column, code (file ids are assigned in
    /// path order, so byte offsets within a file stand for line and column).
    pub fn sort_key(&self) -> (Option<FileId>, u32, u32, &str, &str) {
        match self.primary {
            Some(s) => (
                Some(s.file),
                s.start,
                s.end,
                self.code.as_str(),
                &self.message,
            ),
            None => (None, 0, 0, self.code.as_str(), &self.message),
        }
    }
}

/// A value as a message quotes it: whole up to `max` characters, else its start and its
/// length (a pasted document or a runaway line would otherwise fill the terminal).
pub fn shorten(s: &str, max: usize) -> std::borrow::Cow<'_, str> {
    match s.char_indices().nth(max) {
        None => s.into(),
        Some((cut, _)) => {
            let n = s.chars().count();
            format!("{}… ({n} characters)", &s[..cut]).into()
        }
    }
}

/// A run that cannot go on: bad usage, config, rule file or schema. Exit 2.
pub struct Fatal {
    pub diagnostics: Vec<Diagnostic>,
    pub sources: crate::source::Sources,
}

impl Fatal {
    pub fn usage(message: impl Into<String>) -> Fatal {
        Fatal {
            diagnostics: vec![Diagnostic::error(Code::Usage, message)],
            sources: crate::source::Sources::default(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::shorten;

    #[test]
    fn long_values_are_quoted_by_their_start() {
        assert_eq!(shorten("顧客名簿", 120), "顧客名簿");
        let long = "情".repeat(1_000_000);
        let short = shorten(&long, 120);
        assert!(short.starts_with(&"情".repeat(120)));
        assert!(short.ends_with("… (1000000 characters)"));
        assert_eq!(
            short.chars().count(),
            120 + "… (1000000 characters)".chars().count()
        );
        assert_eq!(shorten(&"a".repeat(120), 120), "a".repeat(120));
    }
}
