//! Which fields of its own record (and, with `each`, of the item) a rule reads. A rule is
//! not run where one of them failed its schema: `classification: 社外秘` is one finding
//! (the schema's), not also every rule that compares classifications.

use super::deps::children;
pub use super::rule::Fields;
use super::rule::Rule;
use cel::common::ast::{Expr as Node, IdedExpr};

impl Fields {
    pub fn of(rule: &Rule) -> Fields {
        let mut f = Fields::default();
        for e in rule.expressions() {
            f.walk(&e.tree);
        }
        let relative = if rule.each.is_some() {
            &mut f.item
        } else {
            &mut f.record
        };
        for p in rule.require.iter().map(|(_, p)| p).chain(rule.at.as_ref()) {
            relative.extend(top(p).map(str::to_owned));
        }
        f
    }

    /// Whether a rule with these reads looks at a value that failed its schema: one of
    /// `bad` (JSON pointers in the record), when it checks item `item` of its `each` list.
    pub fn touches(&self, bad: &[String], each: Option<&str>, item: Option<usize>) -> bool {
        bad.iter().any(|p| {
            // The record itself, or its id: every rule reads the id (it names the record).
            if self.all || p.is_empty() || p == "/id" {
                return true;
            }
            // Within the item it checks: the item's fields it reads. Another item of the
            // list matters only if the rule reads the list itself.
            if let (Some(each), Some(k)) = (each, item)
                && let Some(rest) = p.strip_prefix(each)
                && let Some(rest) = rest.strip_prefix(&format!("/{k}"))
                && (rest.is_empty() || rest.starts_with('/'))
            {
                return rest.is_empty() || top(rest).is_some_and(|t| self.item.contains(t));
            }
            top(p).is_some_and(|t| self.record.contains(t))
        })
    }

    fn walk(&mut self, e: &IdedExpr) {
        match &e.expr {
            Node::Select(sel) => match &sel.operand.expr {
                Node::Ident(name) if name == "record" => {
                    self.record.insert(sel.field.clone());
                }
                Node::Ident(name) if name == "item" => {
                    self.item.insert(sel.field.clone());
                }
                _ => self.walk(&sel.operand),
            },
            Node::Ident(name) if name == "record" || name == "item" => self.all = true,
            _ => children(e).into_iter().for_each(|c| self.walk(c)),
        }
    }
}

/// The first segment of a JSON pointer (`/cia/c` → `cia`), unescaped.
fn top(pointer: &str) -> Option<&str> {
    let rest = pointer.strip_prefix('/')?;
    Some(rest.split('/').next().unwrap_or(rest))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(record: &[&str], item: &[&str]) -> Fields {
        Fields {
            all: false,
            record: record.iter().map(|s| s.to_string()).collect(),
            item: item.iter().map(|s| s.to_string()).collect(),
        }
    }

    #[test]
    fn a_rule_is_touched_only_by_the_fields_it_reads() {
        let f = fields(&["classification", "cia"], &[]);
        let bad = |p: &str| vec![p.to_owned()];
        assert!(f.touches(&bad("/classification"), None, None));
        assert!(f.touches(&bad("/cia/c"), None, None));
        assert!(!f.touches(&bad("/acquired"), None, None));
        assert!(
            f.touches(&bad("/id"), None, None),
            "the id names the record"
        );
        assert!(f.touches(&bad(""), None, None), "the record as a whole");
    }

    #[test]
    fn an_each_rule_is_touched_by_its_own_item_only() {
        let f = fields(&[], &["phone"]);
        let bad = vec!["/contacts/1/phone".to_owned()];
        assert!(f.touches(&bad, Some("/contacts"), Some(1)));
        assert!(!f.touches(&bad, Some("/contacts"), Some(0)), "another item");
        assert!(
            !f.touches(&bad, Some("/contacts"), Some(11)),
            "not a prefix match"
        );
        let other = vec!["/contacts/0/email".to_owned()];
        assert!(!f.touches(&other, Some("/contacts"), Some(0)));
        let whole_list = fields(&["contacts"], &["phone"]);
        assert!(
            whole_list.touches(&bad, Some("/contacts"), Some(0)),
            "reads the list"
        );
    }
}
