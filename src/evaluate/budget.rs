//! What a rule may cost. CEL always ends, but a rule that goes through every record of a
//! kind for every record (`records('w').all(a, records('w').exists(b, …))`) ends after
//! n² steps: minutes on ten thousand records. Each rule gets a budget of record visits
//! (records handed to it by `records()` and the other functions that return records):
//! a rule whose estimate exceeds it is not run, and one that exceeds it while running is
//! stopped; either way with one finding (RUL002), and the run goes on.

use super::rule::{Part, Rule};
use super::world::World;
use crate::diagnostic::{Diagnostic, EngineCode};
use cel::common::ast::{EntryExpr, Expr as Node, IdedExpr, LiteralValue};
use std::cell::Cell;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

/// Per rule, for one evaluation pass: the visits spent and whether it was stopped.
pub struct Budget {
    pub limit: u64,
    spent: AtomicU64,
    stopped: AtomicBool,
}

impl Budget {
    pub fn new(limit: u64) -> Budget {
        Budget {
            limit,
            spent: AtomicU64::new(0),
            stopped: AtomicBool::new(false),
        }
    }

    /// Runs one evaluation of the rule against what is left of its budget. Returns its
    /// result and whether the budget ran out during it.
    pub fn run<T>(&self, f: impl FnOnce() -> T) -> (T, bool) {
        let left = self
            .limit
            .saturating_sub(self.spent.load(Ordering::Relaxed));
        LEFT.with(|l| l.set(left));
        SPENT.with(|s| s.set(0));
        let out = f();
        let spent = SPENT.with(|s| s.replace(0));
        let over = spent > left;
        if spent > 0 {
            self.spent.fetch_add(spent, Ordering::Relaxed);
        }
        LEFT.with(|l| l.set(u64::MAX));
        (out, over)
    }

    /// Marks the rule stopped; true the first time (the one that reports it).
    pub fn stop(&self) -> bool {
        !self.stopped.swap(true, Ordering::Relaxed)
    }
}

thread_local! {
    /// Visits the evaluation running on this thread may still make.
    static LEFT: Cell<u64> = const { Cell::new(u64::MAX) };
    /// Visits it made.
    static SPENT: Cell<u64> = const { Cell::new(0) };
}

/// Charges `n` record visits to the evaluation running on this thread; false when that
/// goes over its budget (the function then fails, which ends the evaluation).
pub fn spend(n: usize) -> bool {
    let total = SPENT.with(|s| {
        let t = s.get().saturating_add(n as u64);
        s.set(t);
        t
    });
    total <= LEFT.with(Cell::get)
}

/// What a rule's budget is: the config's, or ten visits per record of the repository if
/// that is more (a rule may go through a few kinds a few times for each record).
pub fn limit(configured: u64, records: usize) -> u64 {
    configured.max(10 * records as u64)
}

/// The record visits one evaluation of the rule may make, from its expressions: a list of
/// records of a kind counts as that many; a comprehension costs its list's length times
/// its body. Lists of a record's own fields are taken as short.
pub fn estimate(rule: &Rule, count: &dyn Fn(Option<&str>) -> u64) -> u64 {
    let holes = std::iter::once(&rule.message)
        .chain(rule.help.iter())
        .flat_map(|t| {
            t.parts.iter().filter_map(|p| match p {
                Part::Expr(e) => Some(e),
                Part::Text(_) => None,
            })
        });
    rule.when
        .iter()
        .chain(rule.assert.iter())
        .chain(holes)
        .map(|e| cost(&e.tree, count))
        .fold(0u64, u64::saturating_add)
}

/// A list of a record's fields, or a function's list that is not a kind's records.
const SHORT: u64 = 10;

/// (visits to evaluate `e`, length of the list it gives if it is one)
fn cost(e: &IdedExpr, count: &dyn Fn(Option<&str>) -> u64) -> u64 {
    eval(e, count).0
}

fn eval(e: &IdedExpr, count: &dyn Fn(Option<&str>) -> u64) -> (u64, u64) {
    let sum = |xs: &mut dyn Iterator<Item = &IdedExpr>| {
        xs.map(|x| cost(x, count)).fold(0u64, u64::saturating_add)
    };
    match &e.expr {
        Node::Call(call) => {
            let args = sum(&mut call.target.iter().map(|t| &**t).chain(call.args.iter()));
            if call.func_name == "records" {
                let kind = call.args.first().and_then(|a| match &a.expr {
                    Node::Literal(LiteralValue::String(s)) => Some(s.inner()),
                    _ => None,
                });
                let n = count(kind);
                (args.saturating_add(n), n)
            } else {
                (args, SHORT)
            }
        }
        Node::Comprehension(c) => {
            let (range_cost, len) = eval(&c.iter_range, count);
            let body = cost(&c.loop_cond, count)
                .saturating_add(cost(&c.loop_step, count))
                .max(1);
            let total = range_cost
                .saturating_add(cost(&c.accu_init, count))
                .saturating_add(len.saturating_mul(body))
                .saturating_add(cost(&c.result, count));
            // `map` and `filter` give a list as long as their range at most.
            (total, len)
        }
        Node::Select(sel) => (cost(&sel.operand, count), SHORT),
        Node::List(l) => (sum(&mut l.elements.iter()), l.elements.len() as u64),
        Node::Map(m) => {
            let mut total = 0u64;
            for entry in &m.entries {
                match &entry.expr {
                    EntryExpr::MapEntry(me) => {
                        total = total
                            .saturating_add(cost(&me.key, count))
                            .saturating_add(cost(&me.value, count));
                    }
                    EntryExpr::StructField(f) => {
                        total = total.saturating_add(cost(&f.value, count))
                    }
                }
            }
            (total, m.entries.len() as u64)
        }
        Node::Struct(s) => {
            let mut total = 0u64;
            for entry in &s.entries {
                if let EntryExpr::StructField(f) = &entry.expr {
                    total = total.saturating_add(cost(&f.value, count));
                }
            }
            (total, SHORT)
        }
        Node::Ident(_) | Node::Literal(_) | Node::Unspecified => (0, SHORT),
    }
}

/// The budgets of one evaluation pass over a world.
pub struct Pass {
    budgets: Vec<Budget>,
    /// Per rule: its estimate for the pass, if that is over the budget (it is not run).
    over: Vec<Option<u64>>,
    records: usize,
}

/// Whether to run a rule on a record.
pub enum Gate {
    Run,
    /// Not run: over its budget (already reported).
    Skip,
    /// Not run, and this is the first record it is not run on: its RUL002.
    Report(Box<Diagnostic>),
}

impl Pass {
    pub fn new<'r>(world: &World, rules: impl Iterator<Item = &'r Rule> + Clone) -> Pass {
        let records = world.records.len();
        let limit = limit(world.max_rule_visits, records);
        let count = |k: Option<&str>| k.map_or(records, |k| world.index.count(k)) as u64;
        let over = rules
            .clone()
            .map(|r| {
                let targets: u64 = if r.repository {
                    1
                } else {
                    r.kinds.iter().map(|k| count(Some(k))).sum()
                };
                let e = estimate(r, &count).saturating_mul(targets);
                (e > limit).then_some(e)
            })
            .collect();
        Pass {
            budgets: rules.map(|_| Budget::new(limit)).collect(),
            over,
            records,
        }
    }

    pub fn gate(&self, n: usize, rule: &Rule) -> Gate {
        let b = &self.budgets[n];
        match self.over[n] {
            Some(e) if b.stop() => {
                Gate::Report(Box::new(finding(rule, b.limit, self.records, Some(e))))
            }
            Some(_) => Gate::Skip,
            None if b.stopped.load(Ordering::Relaxed) => Gate::Skip,
            None => Gate::Run,
        }
    }

    /// Runs rule `n`'s evaluation of one record within its budget: its findings, and its
    /// RUL002 (instead of the failures the budget caused) the first time it runs out.
    pub fn run(
        &self,
        n: usize,
        rule: &Rule,
        f: impl FnOnce() -> Vec<Diagnostic>,
    ) -> Vec<Diagnostic> {
        let b = &self.budgets[n];
        let (mut found, over) = b.run(f);
        if over {
            found.retain(|d| d.code != EngineCode::Rul001);
            if b.stop() {
                found.push(finding(rule, b.limit, self.records, None));
            }
        }
        found
    }
}

/// RUL002: the rule was not run (with its estimate) or was stopped part way.
pub fn finding(rule: &Rule, limit: u64, records: usize, estimate: Option<u64>) -> Diagnostic {
    let what = match estimate {
        Some(e) => format!(
            "rule {} was not run: on this repository ({records} records) it would visit records about {e} times, more than its budget of {limit}",
            rule.code
        ),
        None => format!(
            "rule {} was stopped: on this repository ({records} records) it visited records more than {limit} times, its budget; the records after that were not checked",
            rule.code
        ),
    };
    Diagnostic::error(EngineCode::Rul002, what)
        .at_opt(rule.span)
        .help(format!(
            "Rewrite the rule in {} so that it does not go through every record of a kind for each record it checks (a loop inside a loop): look records up with record_of(kind, id), has_record(kind, id), referenced_by(kind) or count(kind). To allow more, raise `limits.max_rule_visits` in .grclint.yaml.",
            rule.origin
        ))
}
