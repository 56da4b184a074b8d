//! The repository rules: evaluated once, on no record, with every record in reach.

use super::budget;
use super::engine::{self, Active};
use super::functions::root_context;
use super::run::{Outcome, Vars, boxed, broken, render, run_bool};
use super::world::World;
use crate::diagnostic::{Diagnostic, RecordRef};
use crate::source::Sources;
use cel::common::types::CelInt;
use std::collections::HashMap;
use std::sync::Arc;

/// Every rule on every record it applies to, then the repository rules.
pub fn evaluate(world: &Arc<World>, rules: &[Active<'_>], sources: &Sources) -> Vec<Diagnostic> {
    let targets: Vec<usize> = (0..world.records.len()).collect();
    let mut out: Vec<Diagnostic> = engine::evaluate_records(world, rules, sources, &targets)
        .into_iter()
        .flatten()
        .map(|(_, d)| d)
        .collect();
    out.extend(evaluate_repository(world, rules));
    out
}

/// The repository rules among `rules`.
pub fn evaluate_repository(world: &Arc<World>, rules: &[Active<'_>]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let repo_rules: Vec<&Active> = rules.iter().filter(|a| a.rule.repository).collect();
    if repo_rules.is_empty() {
        return out;
    }
    let root = root_context(world.clone());
    let none = CelInt::from(-1);
    let empty = boxed(cel::Value::Map(cel::objects::Map {
        map: Arc::new(HashMap::new()),
    }));
    let kind = boxed(cel::Value::String(Arc::new("repository".to_owned())));
    let file = boxed(cel::Value::String(Arc::new(String::new())));
    let all = world.values();
    let pass = budget::Pass::new(world, repo_rules.iter().map(|a| a.rule));
    for (n, a) in repo_rules.into_iter().enumerate() {
        let vars = Vars {
            record: empty.as_ref(),
            item: None,
            params: a.params.as_ref(),
            kind: kind.as_ref(),
            file: file.as_ref(),
            missing: None,
            index: &none,
            records: &all,
        };
        out.extend(pass.check(n, a.rule, || check_repository(&root, a, &vars)));
    }
    out
}

/// One repository rule: its finding, or why it could not be evaluated.
fn check_repository(
    root: &cel::Context<'static, 'static>,
    a: &Active<'_>,
    vars: &Vars<'_>,
) -> Vec<Diagnostic> {
    let mut ctx = root.new_inner_scope();
    ctx.set_variable_resolver(vars);
    match a.rule.when.as_ref().map(|e| run_bool(e, &ctx)) {
        Some(Outcome::Fail) => return Vec::new(),
        Some(Outcome::Broken(why)) => return vec![broken(a.rule, None, None, &why)],
        _ => {}
    }
    match a.rule.assert.as_ref().map(|e| run_bool(e, &ctx)) {
        Some(Outcome::Fail) => {
            let lang = crate::i18n::lang();
            let msg = render(a.rule.message_in(lang), &ctx).unwrap_or_else(|e| e);
            let mut d = Diagnostic::new(a.rule.code.clone(), a.severity, msg);
            d.help = a
                .rule
                .help_in(lang)
                .map(|h| render(h, &ctx).unwrap_or_else(|e| e));
            d.record = Some(RecordRef {
                kind: "repository".to_owned(),
                id: None,
                pointer: String::new(),
            });
            vec![d]
        }
        Some(Outcome::Broken(why)) => vec![broken(a.rule, None, None, &why)],
        _ => Vec::new(),
    }
}
