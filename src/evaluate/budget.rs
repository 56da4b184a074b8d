//! What a rule may cost. CEL always ends, but a rule that goes through every record of a
//! kind for every record (`records('w').all(a, records('w').exists(b, …))`) ends after
//! n² steps: minutes on ten thousand records. Each rule gets a budget of record visits
//! (records handed to it by `records()` and the other functions that return records):
//! a rule whose estimate exceeds it is not run, and one that exceeds it while running is
//! stopped; either way with one finding (RUL002), and the run goes on.

use super::deps::children;
use super::rule::Rule;
use super::world::World;
use crate::diagnostic::{Diagnostic, EngineCode};
use cel::common::ast::{Expr as Node, IdedExpr, LiteralValue};
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
    rule.expressions()
        .map(|e| cost(&e.tree, count))
        .fold(0u64, u64::saturating_add)
}

/// A list of a record's fields, or a function's list that is not a kind's records.
const SHORT: u64 = 10;

fn cost(e: &IdedExpr, count: &dyn Fn(Option<&str>) -> u64) -> u64 {
    eval(e, count).0
}

/// (visits to evaluate `e`, length of the list it gives if it is one)
fn eval(e: &IdedExpr, count: &dyn Fn(Option<&str>) -> u64) -> (u64, u64) {
    let inside = || {
        children(e)
            .into_iter()
            .map(|c| cost(c, count))
            .fold(0u64, u64::saturating_add)
    };
    match &e.expr {
        Node::Call(call) if call.func_name == "records" => {
            let kind = call.args.first().and_then(|a| match &a.expr {
                Node::Literal(LiteralValue::String(s)) => Some(s.inner()),
                _ => None,
            });
            let n = count(kind);
            (inside().saturating_add(n), n)
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
        Node::List(l) => (inside(), l.elements.len() as u64),
        _ => (inside(), SHORT),
    }
}

/// The budgets of one evaluation pass over a world.
pub struct Pass {
    budgets: Vec<Budget>,
    /// Per rule: its estimate for the pass, if that is over the budget (it is not run).
    over: Vec<Option<u64>>,
    records: usize,
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

    /// Whether one of the rules is over its budget on this world (it will not be run).
    pub fn any_over(&self) -> bool {
        self.over.iter().any(Option::is_some)
    }

    /// Whether rule `n` is.
    pub fn over(&self, n: usize) -> bool {
        self.over[n].is_some()
    }

    /// Rule `n`'s evaluation of one record (or of the repository), within its budget:
    /// its findings; nothing once the rule is over its budget; its RUL002 (instead of the
    /// failures the budget caused) the first time that happens.
    pub fn check(
        &self,
        n: usize,
        rule: &Rule,
        f: impl FnOnce() -> Vec<Diagnostic>,
    ) -> Vec<Diagnostic> {
        let b = &self.budgets[n];
        if let Some(e) = self.over[n] {
            return match b.stop() {
                true => vec![finding(rule, b.limit, self.records, Some(e))],
                false => Vec::new(),
            };
        }
        if b.stopped.load(Ordering::Relaxed) {
            return Vec::new();
        }
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
    let code = &rule.code;
    let what = match estimate {
        Some(e) => crate::tr!(
            "rule {code} was not run: on this repository ({records} records) it would visit records about {e} times, more than its budget of {limit}",
            "ルール {code} を実行しなかった: このリポジトリ（{records} レコード）ではレコードを約 {e} 回参照し、上限の {limit} を超える"
        ),
        None => crate::tr!(
            "rule {code} was stopped: on this repository ({records} records) it visited records more than {limit} times, its budget; the records after that were not checked",
            "ルール {code} を途中で止めた: このリポジトリ（{records} レコード）でレコードの参照が上限の {limit} 回を超えた。それ以降のレコードは点検していない"
        ),
    };
    Diagnostic::error(EngineCode::Rul002, what)
        .at_opt(rule.span)
        .help(crate::tr!(
            "Rewrite the rule in {} so that it does not go through every record of a kind for each record it checks (a loop inside a loop): look records up with record_of(kind, id), has_record(kind, id), referenced_by(kind) or count(kind). To allow more, raise `limits.max_rule_visits` in .grclint.yaml.",
            "{} のルールを、点検するレコードごとにある種別の全レコードをたどらない（ループの中のループにしない）ように書き直してください。record_of(kind, id)、has_record(kind, id)、referenced_by(kind)、count(kind) でレコードを引きます。上限を上げるには、.grclint.yaml の `limits.max_rule_visits` を変更します。",
            rule.origin
        ))
}
