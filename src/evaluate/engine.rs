//! Runs the compiled rules over the records, in parallel, and turns each failure into a
//! finding at the right node.

use super::budget;
use super::deps::Reads;
use super::functions::root_context;
use super::json_val::to_val;
use super::rules::Rule;
use super::run::{Outcome, Vars, broken, render, run_bool};
use super::world::World;
use crate::diagnostic::{Diagnostic, Severity, Span};
use crate::load::Record;
use crate::load::spans::pointer_to_dotted;
use crate::source::Sources;
use crate::validate::record_ref;
use cel::common::types::{CelInt, CelString};
use cel::common::value::Val;
use rayon::prelude::*;
use serde_json::Value as Json;
use std::collections::HashMap;
use std::sync::Arc;

/// A rule as the settings leave it: its severity and parameters.
pub struct Active<'r> {
    pub rule: &'r Rule,
    pub severity: Severity,
    pub params: Box<dyn Val>,
}

impl<'r> Active<'r> {
    pub fn new(rule: &'r Rule, severity: Severity, params: &serde_json::Map<String, Json>) -> Self {
        let v = to_cel(&Json::Object(params.clone()));
        Active {
            rule,
            severity,
            params: v.try_into().expect("JSON values convert to CEL"),
        }
    }
}

/// A rule's parameters as CEL values (made once per rule).
fn to_cel(v: &Json) -> cel::Value {
    match v {
        Json::Null => cel::Value::Null,
        Json::Bool(b) => cel::Value::Bool(*b),
        Json::Number(n) => match n.as_i64() {
            Some(i) => cel::Value::Int(i),
            None => n
                .as_u64()
                .map(cel::Value::UInt)
                .unwrap_or_else(|| cel::Value::Float(n.as_f64().unwrap_or(0.0))),
        },
        Json::String(s) => cel::Value::String(Arc::new(s.clone())),
        Json::Array(a) => cel::Value::List(Arc::new(a.iter().map(to_cel).collect())),
        Json::Object(m) => cel::Value::Map(cel::objects::Map {
            map: Arc::new(
                m.iter()
                    .map(|(k, x)| (cel::objects::Key::String(Arc::new(k.clone())), to_cel(x)))
                    .collect(),
            ),
        }),
    }
}

fn is_empty(v: Option<&Json>) -> bool {
    match v {
        None | Some(Json::Null) => true,
        Some(Json::String(s)) => s.trim().is_empty(),
        Some(Json::Array(a)) => a.is_empty(),
        Some(Json::Object(o)) => o.is_empty(),
        _ => false,
    }
}

/// The node to underline for a pointer: a scalar's value; a mapping's or list's key;
/// for a missing node, the key of its nearest present parent (the record's first line
/// when that parent is the record).
pub fn blame(r: &Record, sources: &Sources, pointer: &str) -> Option<Span> {
    let (found, ns) = r.spans().nearest(pointer)?;
    let file = sources.get(r.file);
    if found.is_empty() {
        return r.head_span(file);
    }
    let node = r.value.pointer(found);
    let collection = node.is_some_and(|n| n.is_object() || n.is_array());
    if found != pointer || collection {
        if let Some((a, b)) = ns.key {
            return Some(Span::new(r.file, a, b));
        }
        let start = ns.value.0;
        return Some(Span::new(
            r.file,
            start,
            file.line_end(start).min(ns.value.1).max(start),
        ));
    }
    Some(Span::new(r.file, ns.value.0, ns.value.1))
}

/// The record rules on the `targets` (record indices, in order): per target, its findings,
/// each with the index in `rules` of the rule that made it.
pub fn evaluate_records(
    world: &Arc<World>,
    rules: &[Active<'_>],
    sources: &Sources,
    targets: &[usize],
) -> Vec<Vec<(usize, Diagnostic)>> {
    evaluate_some(world, rules, sources, targets, |_, _| false)
}

/// The same, but not the rules `skip` says (given a record's index and a rule's) on that
/// record. One pass, so that each rule has one budget over all the records.
pub fn evaluate_some(
    world: &Arc<World>,
    rules: &[Active<'_>],
    sources: &Sources,
    targets: &[usize],
    skip: impl Fn(usize, usize) -> bool + Sync,
) -> Vec<Vec<(usize, Diagnostic)>> {
    let mut by_kind: HashMap<&str, Vec<(usize, &Active)>> = HashMap::new();
    for (n, a) in rules.iter().enumerate() {
        for k in &a.rule.kinds {
            by_kind.entry(k.as_str()).or_default().push((n, a));
        }
    }
    let all = world.values();
    let bad_kinds = world.bad_kinds();
    // Per rule: whether it reads records of a kind with a value that failed its schema.
    let reads_bad: Vec<bool> = rules
        .iter()
        .map(|a| match &a.rule.reads {
            Reads::Own => false,
            Reads::Kinds(k) => k.iter().any(|k| bad_kinds.contains(k.as_str())),
            Reads::Any => !bad_kinds.is_empty(),
        })
        .collect();
    let pass = budget::Pass::new(world, rules.iter().map(|a| a.rule));
    targets
        .par_iter()
        // A context per piece of work: pieces of at least 512 records keep them few.
        .with_min_len(512)
        .map_init(
            || root_context(world.clone()),
            |root, &i| {
                let r = &world.records[i];
                let mut tagged = Vec::new();
                // A rule whose kinds are absent costs nothing.
                let Some(active) = by_kind.get(r.kind.as_str()) else {
                    return tagged;
                };
                if active.iter().all(|(n, _)| skip(i, *n)) {
                    return tagged;
                }
                // Converted once per record, borrowing its strings; dropped after its rules.
                let record = to_val(&r.value);
                let index = CelInt::from(i as i64);
                let kind: Box<dyn Val> = Box::new(CelString::from(r.kind.as_str()));
                let file: Box<dyn Val> =
                    Box::new(CelString::from(sources.get(r.file).path.as_str()));
                for &(n, a) in active.iter().filter(|(n, _)| !skip(i, *n)) {
                    let vars = Vars {
                        record: record.as_ref(),
                        item: None,
                        params: a.params.as_ref(),
                        kind: kind.as_ref(),
                        file: file.as_ref(),
                        missing: None,
                        index: &index,
                        records: &all,
                    };
                    let found = pass.check(n, a.rule, || {
                        check_record(world, sources, root, a, i, vars, reads_bad[n])
                    });
                    tagged.extend(found.into_iter().map(|d| (n, d)));
                }
                tagged
            },
        )
        .collect()
}

fn check_record<'a>(
    world: &'a World,
    sources: &Sources,
    root: &cel::Context<'static, 'static>,
    a: &Active<'_>,
    i: usize,
    mut vars: Vars<'a>,
    others_bad: bool,
) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    let out = &mut found;
    let r = &world.records[i];
    let rule = a.rule;
    let bad = &world.bad[i];
    // A rule that breaks on a broken record, or on another record's value that failed its
    // schema, says nothing: the schema finding already says what to fix.
    let quiet = !world.schema_ok[i] || others_bad;
    if rule.each.is_none() && rule.fields.touches(bad, None, None) {
        return found;
    }
    // Items to check: the record itself, or each element of the `each` list. The item's
    // pointer is written out only for a finding.
    let items: &[Json] = match &rule.each {
        None => std::slice::from_ref(&r.value),
        Some(each) => match r.value.pointer(each) {
            Some(Json::Array(items)) => items,
            _ => &[],
        },
    };
    for (k, node) in items.iter().enumerate() {
        let base = || match &rule.each {
            None => String::new(),
            Some(each) => format!("{each}/{k}"),
        };
        if rule.each.is_some() {
            if rule.fields.touches(bad, rule.each.as_deref(), Some(k)) {
                continue;
            }
            vars.item = Some(to_val(node));
        }
        vars.missing = None;
        let broke = |why: String, out: &mut Vec<Diagnostic>| {
            if !quiet {
                out.push(broken(rule, Some(r), blame(r, sources, &base()), &why));
            }
        };
        {
            let mut ctx = root.new_inner_scope();
            ctx.set_variable_resolver(&vars);
            if let Some(when) = &rule.when {
                match run_bool(when, &ctx) {
                    Outcome::Pass => {}
                    Outcome::Fail => continue,
                    Outcome::Broken(why) => {
                        broke(why, out);
                        continue;
                    }
                }
            }
        }
        let missing: Vec<&(String, String)> = rule
            .require
            .iter()
            .filter(|(_, p)| is_empty(node.pointer(p)))
            .collect();
        // (where, the required paths that are missing): one finding for all of them, at
        // the first.
        let mut findings: Vec<(String, &[&(String, String)])> = Vec::new();
        if let Some(first) = missing.first() {
            findings.push((format!("{}{}", base(), first.1), &missing));
        }
        if missing.is_empty()
            && let Some(assert) = &rule.assert
        {
            let mut ctx = root.new_inner_scope();
            ctx.set_variable_resolver(&vars);
            match run_bool(assert, &ctx) {
                Outcome::Pass => {}
                Outcome::Fail => {
                    let at = format!("{}{}", base(), rule.at.as_deref().unwrap_or(""));
                    findings.push((at, &[]));
                }
                Outcome::Broken(why) => broke(why, out),
            }
        }
        for (ptr, missing) in findings {
            let (mut d, why) = finding(root, a, r, sources, &mut vars, &ptr, missing);
            let file = &sources.get(r.file).path;
            d.notes.extend(path_note(rule, r, &world.root, file, &ptr));
            if let Some(why) = why {
                broke(why, out);
            }
            out.push(d);
        }
    }
    found
}

/// The finding of a rule that failed at `ptr` (with `require`, for the paths that are
/// missing: the message is rendered for the first), and why its message could not be
/// rendered, if it could not.
fn finding<'a>(
    root: &cel::Context<'static, 'static>,
    a: &Active<'_>,
    r: &Record,
    sources: &Sources,
    vars: &mut Vars<'a>,
    ptr: &str,
    missing: &[&(String, String)],
) -> (Diagnostic, Option<String>) {
    let rule = a.rule;
    let missing_name = missing.first().map_or("", |(path, _)| path.as_str());
    vars.missing = Some(Box::new(CelString::from(missing_name.to_owned())));
    let mut ctx = root.new_inner_scope();
    ctx.set_variable_resolver(&*vars);
    let lang = crate::i18n::lang();
    let summary = || rule.summary_in(lang).to_owned();
    let (message, why) = match render(rule.message_in(lang), &ctx) {
        Ok(m) => (m, None),
        Err(why) => (summary(), Some(why)),
    };
    let help = rule
        .help_in(lang)
        .map(|h| render(h, &ctx).unwrap_or_else(|_| summary()));
    let mut d =
        Diagnostic::new(rule.code.clone(), a.severity, message).at_opt(blame(r, sources, ptr));
    d.help = help;
    d.record = Some(record_ref(r, ptr));
    let names: Vec<String> = missing.iter().map(|(_, p)| pointer_to_dotted(p)).collect();
    if names.len() > 1 || names.first().is_some_and(|p| !d.message.contains(p)) {
        let list: Vec<String> = names.iter().map(|p| format!("`{p}`")).collect();
        d.notes
            .push(crate::tr!("missing: {}", "不足: {}", list.join(", ")));
    }
    (d, why)
}

/// For a rule that checks a document exists, failing on a path written from the
/// repository's top folder instead of the record's: the path to write.
fn path_note(
    rule: &Rule,
    r: &Record,
    root: &std::path::Path,
    file: &str,
    ptr: &str,
) -> Option<String> {
    if !rule.assert.as_ref()?.source.contains("file_exists") {
        return None;
    }
    let written = r.value.pointer(ptr)?.as_str()?;
    let fixed = super::functions::path_from_record(root, file, written)?;
    Some(crate::tr!(
        "`{written}` exists from the repository's top folder, but paths are read from the record's folder: write `{fixed}`.",
        "`{written}` はリポジトリの最上位フォルダから見れば存在するが、パスはレコードのあるフォルダから読む。`{fixed}` と書くこと。"
    ))
}
