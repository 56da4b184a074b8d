//! A compiled rule, as the engine evaluates it.

use super::deps::Reads;
use super::fields::Fields;
use crate::diagnostic::Severity;
use crate::source::FileId;
use serde_json::{Map, Value};
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
}
