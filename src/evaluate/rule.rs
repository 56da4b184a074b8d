//! A compiled rule, as the engine evaluates it.

use crate::diagnostic::{Severity, Span};
use crate::i18n::Lang;
use crate::source::FileId;
use serde_json::{Map, Value};
use std::collections::BTreeSet;
use std::sync::Arc;

/// A CEL expression, compiled, with the text it came from.
pub struct Expr {
    pub source: String,
    /// The compiled expression as the engine evaluates it (see `rewrite`).
    pub tree: cel::IdedExpr,
}

/// `message`/`help` text with `{{ expr }}` holes.
pub enum Part {
    Text(String),
    Expr(Expr),
}

pub struct Template {
    pub parts: Vec<Part>,
    /// Japanese: a particle right after a value joins it without the space a folded line
    /// left (`サーバ室は`, not `サーバ室 は`).
    pub tight: bool,
}

pub struct Rule {
    /// Shared with every finding of the rule.
    pub code: Arc<str>,
    pub name: String,
    /// Kinds it applies to; empty for a repository-level rule.
    pub kinds: Vec<String>,
    pub repository: bool,
    pub severity: Severity,
    pub summary: String,
    pub params: Map<String, Value>,
    pub when: Option<Expr>,
    /// JSON pointer of the list to check element by element.
    pub each: Option<String>,
    /// Dotted paths (relative to the item with `each`), with each one's JSON pointer.
    pub require: Vec<(String, String)>,
    pub assert: Option<Expr>,
    /// JSON pointer (relative) of the node to blame.
    pub at: Option<String>,
    pub message: Template,
    pub help: Option<Template>,
    pub references: Value,
    pub docs: Option<String>,
    /// Its texts in other languages (`i18n:`); a text not given falls back to the above.
    pub i18n: Vec<(Lang, Texts)>,
    /// Where the rule file is (`<built-in>/rules/isms/…` or repository-relative).
    pub origin: String,
    pub file: FileId,
    /// The kinds of other records it reads.
    pub reads: Reads,
    /// It looks at the repository's files (`file_exists`, `path_escapes`): its result may
    /// change without any record changing.
    pub reads_files: bool,
    /// The fields of its own record it reads.
    pub fields: Fields,
    /// Where in its file a finding about the rule itself points: its `assert`.
    pub span: Option<Span>,
}

/// A rule's `summary`, `message`, `help` and `docs` in one language (`i18n.<lang>`).
#[derive(Default)]
pub struct Texts {
    pub summary: Option<String>,
    pub message: Option<Template>,
    pub help: Option<Template>,
    pub docs: Option<String>,
}

impl Rule {
    fn texts(&self, lang: Lang) -> Option<&Texts> {
        self.i18n.iter().find(|(l, _)| *l == lang).map(|(_, t)| t)
    }

    /// The summary in `lang`, else the one the rule has.
    pub fn summary_in(&self, lang: Lang) -> &str {
        self.texts(lang)
            .and_then(|t| t.summary.as_deref())
            .unwrap_or(&self.summary)
    }

    pub fn message_in(&self, lang: Lang) -> &Template {
        self.texts(lang)
            .and_then(|t| t.message.as_ref())
            .unwrap_or(&self.message)
    }

    pub fn help_in(&self, lang: Lang) -> Option<&Template> {
        self.texts(lang)
            .and_then(|t| t.help.as_ref())
            .or(self.help.as_ref())
    }

    pub fn docs_in(&self, lang: Lang) -> Option<&str> {
        self.texts(lang)
            .and_then(|t| t.docs.as_deref())
            .or(self.docs.as_deref())
    }

    /// Every compiled expression of the rule: `when`, `assert`, and the `{{ }}` of its
    /// `message` and `help` in every language.
    pub fn expressions(&self) -> impl Iterator<Item = &Expr> {
        let localized = self
            .i18n
            .iter()
            .flat_map(|(_, t)| t.message.iter().chain(t.help.iter()));
        let holes = std::iter::once(&self.message)
            .chain(self.help.iter())
            .chain(localized)
            .flat_map(|t| {
                t.parts.iter().filter_map(|p| match p {
                    Part::Expr(e) => Some(e),
                    Part::Text(_) => None,
                })
            });
        self.when.iter().chain(self.assert.iter()).chain(holes)
    }
}

/// The records a rule's result depends on, besides the record it checks.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Reads {
    /// Only its own record (and the date, its params, the files it names).
    #[default]
    Own,
    /// Also the records of these kinds.
    Kinds(BTreeSet<String>),
    /// Records of kinds it computes: any change may matter.
    Any,
}

/// Which fields of its own record (and, with `each`, of the item) a rule reads (see
/// `fields`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Fields {
    /// It reads the record (or the item) as a whole, or in a way not worked out here.
    pub all: bool,
    /// Top-level fields of `record` it reads.
    pub record: BTreeSet<String>,
    /// Top-level fields of `item` (an element of the `each` list) it reads.
    pub item: BTreeSet<String>,
}
