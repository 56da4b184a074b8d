//! What a rule reads beyond its own record: the kinds whose records its cross-record
//! functions look at. A workspace re-runs a rule on every record only when records of one
//! of those kinds changed; otherwise only on the records that changed.

pub use super::rule::Reads;
use super::rule::Rule;
use cel::common::ast::{EntryExpr, Expr as Node, IdedExpr, LiteralValue};
use std::collections::BTreeSet;

/// The functions whose first argument names the kind of the records they read.
const BY_KIND: &[&str] = &[
    "record_of",
    "has_record",
    "count",
    "records",
    "referenced_by",
    "referenced_count",
];

impl Reads {
    pub fn of(rule: &Rule) -> Reads {
        let mut reads = Reads::Own;
        for e in rule.expressions() {
            walk(&e.tree, &mut reads);
        }
        reads
    }

    /// Whether a change to records of these kinds may change the rule's result elsewhere.
    pub fn touched_by(&self, changed: &BTreeSet<String>) -> bool {
        match self {
            Reads::Own => false,
            Reads::Kinds(k) => !k.is_disjoint(changed),
            Reads::Any => true,
        }
    }

    fn add(&mut self, kind: Option<&str>) {
        match (kind, &mut *self) {
            (_, Reads::Any) => {}
            (None, _) => *self = Reads::Any,
            (Some(k), Reads::Kinds(set)) => {
                set.insert(k.to_owned());
            }
            (Some(k), Reads::Own) => *self = Reads::Kinds(BTreeSet::from([k.to_owned()])),
        }
    }
}

/// The functions that look at the repository's files rather than at records.
const ON_FILES: &[&str] = &["file_exists", "path_escapes"];

/// Whether one of the rule's expressions calls a function that looks at files.
pub fn reads_files(rule: &Rule) -> bool {
    fn calls(e: &IdedExpr) -> bool {
        matches!(&e.expr, Node::Call(c) if ON_FILES.contains(&c.func_name.as_str()))
            || children(e).into_iter().any(calls)
    }
    rule.expressions().any(|e| calls(&e.tree))
}

fn walk(e: &IdedExpr, reads: &mut Reads) {
    if let Node::Call(call) = &e.expr
        && BY_KIND.contains(&call.func_name.as_str())
    {
        let kind = call.args.first().and_then(|a| match &a.expr {
            Node::Literal(LiteralValue::String(s)) => Some(s.inner()),
            _ => None,
        });
        reads.add(kind);
    }
    children(e).into_iter().for_each(|c| walk(c, reads));
}

/// The expressions directly inside `e`, for walks over a compiled expression.
pub fn children(e: &IdedExpr) -> Vec<&IdedExpr> {
    match &e.expr {
        Node::Call(call) => call.target.iter().map(|t| &**t).chain(&call.args).collect(),
        Node::Select(sel) => vec![&*sel.operand],
        Node::Comprehension(c) => vec![
            &c.iter_range,
            &c.accu_init,
            &c.loop_cond,
            &c.loop_step,
            &c.result,
        ],
        Node::List(l) => l.elements.iter().collect(),
        Node::Map(m) => m
            .entries
            .iter()
            .flat_map(|entry| match &entry.expr {
                EntryExpr::MapEntry(me) => vec![&me.key, &me.value],
                EntryExpr::StructField(f) => vec![&f.value],
            })
            .collect(),
        Node::Struct(s) => s
            .entries
            .iter()
            .filter_map(|entry| match &entry.expr {
                EntryExpr::StructField(f) => Some(&f.value),
                EntryExpr::MapEntry(_) => None,
            })
            .collect(),
        Node::Ident(_) | Node::Literal(_) | Node::Unspecified => Vec::new(),
    }
}
