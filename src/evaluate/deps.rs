//! What a rule reads beyond its own record: the kinds whose records its cross-record
//! functions look at. A workspace re-runs a rule on every record only when records of one
//! of those kinds changed; otherwise only on the records that changed.

pub use super::rule::Reads;
use super::rule::{Expr, Part, Rule, Template};
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
        let exprs = rule.when.iter().chain(rule.assert.iter());
        let templates = std::iter::once(&rule.message).chain(rule.help.iter());
        for e in exprs.chain(templates.flat_map(template_exprs)) {
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

fn template_exprs(t: &Template) -> impl Iterator<Item = &Expr> {
    t.parts.iter().filter_map(|p| match p {
        Part::Expr(e) => Some(e),
        Part::Text(_) => None,
    })
}

fn walk(e: &IdedExpr, reads: &mut Reads) {
    match &e.expr {
        Node::Call(call) => {
            if BY_KIND.contains(&call.func_name.as_str()) {
                let kind = call.args.first().and_then(|a| match &a.expr {
                    Node::Literal(LiteralValue::String(s)) => Some(s.inner()),
                    _ => None,
                });
                reads.add(kind);
            }
            if let Some(t) = &call.target {
                walk(t, reads);
            }
            call.args.iter().for_each(|a| walk(a, reads));
        }
        Node::Select(sel) => walk(&sel.operand, reads),
        Node::Comprehension(c) => {
            for x in [
                &c.iter_range,
                &c.accu_init,
                &c.loop_cond,
                &c.loop_step,
                &c.result,
            ] {
                walk(x, reads);
            }
        }
        Node::List(l) => l.elements.iter().for_each(|x| walk(x, reads)),
        Node::Map(m) => m.entries.iter().for_each(|entry| match &entry.expr {
            EntryExpr::MapEntry(me) => {
                walk(&me.key, reads);
                walk(&me.value, reads);
            }
            EntryExpr::StructField(f) => walk(&f.value, reads),
        }),
        Node::Struct(s) => s.entries.iter().for_each(|entry| {
            if let EntryExpr::StructField(f) = &entry.expr {
                walk(&f.value, reads);
            }
        }),
        Node::Ident(_) | Node::Literal(_) | Node::Unspecified => {}
    }
}
