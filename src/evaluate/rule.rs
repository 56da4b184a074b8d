//! A compiled rule, as the engine evaluates it.

use crate::diagnostic::{Severity, Span};
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
    /// Where the rule file is (`<built-in>/rules/isms/…` or repository-relative).
    pub origin: String,
    pub file: FileId,
    /// The kinds of other records it reads.
    pub reads: Reads,
    /// The fields of its own record it reads.
    pub fields: Fields,
    /// Where in its file a finding about the rule itself points: its `assert`.
    pub span: Option<Span>,
}

impl Rule {
    /// Every compiled expression of the rule: `when`, `assert`, and the `{{ }}` of its
    /// `message` and `help`.
    pub fn expressions(&self) -> impl Iterator<Item = &Expr> {
        let holes = std::iter::once(&self.message)
            .chain(self.help.iter())
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
