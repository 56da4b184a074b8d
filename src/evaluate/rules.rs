//! Rule files: YAML with spans → checked against `rule.schema.json` → CEL compiled and
//! its names checked against the environment. Any problem is a configuration error
//! (exit 2) at the rule file's line; nothing is evaluated until every rule compiled.

use super::names;
use crate::diagnostic::{Diagnostic, EngineCode, Severity, Span};
use crate::load::spans::{SpanTable, dotted_to_pointer};
use crate::load::{Limits, yaml};
use crate::source::{FileId, SourceFile, Sources};
use crate::validate::kinds::{Kinds, RULE_SCHEMA, compile};
use crate::validate::messages::{Subject, map_error};
use serde_json::{Map, Value};
use std::path::Path;
use std::sync::Arc;

use crate::builtin::BUILTIN_RULES;

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
}

/// Loads the built-in rules of the enabled packs, then the user's rule folders.
pub fn load(
    packs: &[String],
    rule_dirs: &[std::path::PathBuf],
    root: &Path,
    kinds: &Kinds,
    sources: &mut Sources,
) -> Result<Vec<Rule>, Vec<Diagnostic>> {
    let schema: Value = serde_json::from_str(RULE_SCHEMA).expect("the rule schema is valid JSON");
    let validator = compile(&schema).expect("the rule schema compiles");
    let mut rules: Vec<Rule> = Vec::new();
    let mut errors = Vec::new();
    let mut files: Vec<(String, Option<std::path::PathBuf>, Arc<str>)> = Vec::new();
    for (path, text) in BUILTIN_RULES {
        let pack = path.split('/').nth(1).unwrap_or_default();
        if packs.iter().any(|p| p == pack) {
            files.push((format!("<built-in>/{path}"), None, Arc::from(*text)));
        }
    }
    for dir in rule_dirs {
        let mut found = Vec::new();
        collect_yaml(dir, &mut found, 0);
        found.sort();
        for p in found {
            let rel = crate::base::relative(root, &p).unwrap_or_else(|| p.display().to_string());
            match crate::source::read_regular(&p, 1024 * 1024) {
                Ok(t) => files.push((rel, Some(p), Arc::from(t.as_str()))),
                Err(e) => errors.push(Diagnostic::error(
                    EngineCode::Cfg002,
                    format!("cannot read the rule file {rel}: {e}"),
                )),
            }
        }
    }
    for (path, abs, text) in files {
        let file = sources.add(SourceFile::new(path.clone(), abs, text.clone()));
        match parse_rule(file, &path, &text, &schema, &validator, kinds) {
            Ok(rule) => {
                if let Some(first) = rules.iter().find(|r| r.code == rule.code) {
                    let span = rule_span(sources, file, "/id");
                    let mut d = Diagnostic::error(
                        EngineCode::Cfg002,
                        format!("the code `{}` is used by two rule files", rule.code),
                    )
                    .at_opt(span)
                    .help("Give each rule its own code.");
                    if let Some(s) = rule_span(sources, first.file, "/id") {
                        d = d.label(s, "first used here");
                    }
                    errors.push(d);
                } else if EngineCode::parse(&rule.code).is_some() {
                    errors.push(
                        Diagnostic::error(
                            EngineCode::Cfg002,
                            format!("the code `{}` belongs to a check of the engine", rule.code),
                        )
                        .at_opt(rule_span(sources, file, "/id")),
                    );
                } else {
                    rules.push(rule);
                }
            }
            Err(mut ds) => errors.append(&mut ds),
        }
    }
    rules.sort_by(|a, b| a.code.cmp(&b.code));
    if errors.is_empty() {
        Ok(rules)
    } else {
        Err(errors)
    }
}

/// Checks one rule file's text as `load` does (its schema, CEL, names), on its own: for
/// fuzzing and tests.
pub fn parse_rule_text(
    file: FileId,
    path: &str,
    text: &str,
    kinds: &Kinds,
) -> Result<Rule, Vec<Diagnostic>> {
    static RULE: std::sync::OnceLock<(Value, jsonschema::Validator)> = std::sync::OnceLock::new();
    let (schema, validator) = RULE.get_or_init(|| {
        let schema: Value =
            serde_json::from_str(RULE_SCHEMA).expect("the rule schema is valid JSON");
        let validator = compile(&schema).expect("the rule schema compiles");
        (schema, validator)
    });
    parse_rule(file, path, text, schema, validator, kinds)
}

fn collect_yaml(dir: &Path, out: &mut Vec<std::path::PathBuf>, depth: usize) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    for e in rd.flatten() {
        let Ok(t) = e.file_type() else { continue };
        let p = e.path();
        if t.is_dir() && depth < 8 {
            collect_yaml(&p, out, depth + 1);
        } else if t.is_file() && p.extension().is_some_and(|x| x == "yaml" || x == "yml") {
            out.push(p);
        }
    }
}

/// The span of a node of a rule file, re-read from its text (rule files are small).
fn rule_span(sources: &Sources, file: FileId, pointer: &str) -> Option<Span> {
    let f = sources.get(file);
    let parsed = yaml::parse(&f.text, 0, file, &Limits::default());
    let doc = parsed.documents.into_iter().next()?;
    let spans = SpanTable::from_entries(doc.spans);
    spans
        .nearest(pointer)
        .map(|(_, s)| Span::new(file, s.value.0, s.value.1))
}

fn parse_rule(
    file: FileId,
    path: &str,
    text: &str,
    schema: &Value,
    validator: &jsonschema::Validator,
    kinds: &Kinds,
) -> Result<Rule, Vec<Diagnostic>> {
    let codes = yaml::Codes::all(EngineCode::Cfg002);
    let parsed = yaml::parse_as(text, 0, file, &Limits::default(), codes);
    let mut errors: Vec<Diagnostic> = parsed.diagnostics;
    if parsed.refused || !errors.is_empty() {
        return Err(errors);
    }
    if parsed.documents.len() != 1 {
        return Err(vec![
            Diagnostic::error(
                EngineCode::Cfg002,
                format!("{path} must hold exactly one rule (one YAML document)"),
            )
            .at(Span::new(file, 0, 0)),
        ]);
    }
    let doc = parsed.documents.into_iter().next().expect("one document");
    let spans = SpanTable::from_entries(doc.spans);
    let value = doc.value;
    let head = Some(Span::new(file, 0, 0));
    let subject = Subject {
        file,
        spans: &spans,
        noun: "this rule",
        head,
        schema,
        code: Some(EngineCode::Cfg002),
        unknown: None,
    };
    for err in validator.iter_errors(&value) {
        errors.extend(map_error(&err, &subject).into_iter().map(|m| m.diagnostic));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let s = |k: &str| value.get(k).and_then(Value::as_str).map(str::to_owned);
    let span_of = |ptr: &str| {
        spans
            .nearest(ptr)
            .map(|(_, s)| Span::new(file, s.value.0, s.value.1))
    };
    let code = s("id").unwrap_or_default();
    let (kinds_list, repository) = match value.get("kind") {
        Some(Value::String(k)) if k == "repository" => (Vec::new(), true),
        Some(Value::String(k)) => (vec![k.clone()], false),
        Some(Value::Array(a)) => (
            a.iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect(),
            false,
        ),
        _ => (Vec::new(), false),
    };
    for (i, k) in kinds_list.iter().enumerate() {
        if kinds.get(k).is_none() {
            let ptr = if value["kind"].is_array() {
                format!("/kind/{i}")
            } else {
                "/kind".to_owned()
            };
            errors.push(
                Diagnostic::error(EngineCode::Cfg002, format!("rule {code} applies to kind `{k}`, which has no schema"))
                    .at_opt(span_of(&ptr))
                    .help("Use a kind grclint knows, `repository`, or add the kind's schema under `schemas:`."),
            );
        }
    }
    let params = value
        .get("params")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    let each = s("each");
    let mut vars: Vec<&str> = vec!["record", "params", "kind", "file"];
    if each.is_some() {
        vars.push("item");
    }
    let env = names::Env {
        vars: &vars,
        params: &params,
    };
    let compile_expr = |key: &str, src: &str, env: &names::Env| -> Result<Expr, Box<Diagnostic>> {
        match names::compile(src, env) {
            Ok(program) => {
                let mut tree = program.expression().clone();
                super::rewrite::rewrite(&mut tree);
                Ok(Expr {
                    source: src.to_owned(),
                    tree,
                })
            }
            Err(problem) => {
                let at = span_of(&format!("/{key}"))
                    .map(|sp| names::point_into(sp, text, problem.offset));
                let mut d = Diagnostic::error(
                    EngineCode::Cfg002,
                    format!("rule {code}: `{key}` {}", problem.message),
                )
                .at_opt(at);
                if let Some(h) = problem.help {
                    d = d.help(h);
                }
                Err(Box::new(d))
            }
        }
    };
    let keep = |r: Result<Expr, Box<Diagnostic>>, errors: &mut Vec<Diagnostic>| match r {
        Ok(e) => Some(e),
        Err(d) => {
            errors.push(*d);
            None
        }
    };
    let when = s("when").and_then(|src| keep(compile_expr("when", &src, &env), &mut errors));
    let assert = s("assert").and_then(|src| keep(compile_expr("assert", &src, &env), &mut errors));
    let mut tvars = vars.clone();
    tvars.push("missing");
    let tenv = names::Env {
        vars: &tvars,
        params: &params,
    };
    let template = |key: &str, errors: &mut Vec<Diagnostic>| -> Option<Template> {
        let src = s(key)?;
        let mut parts = Vec::new();
        let mut rest = src.as_str();
        while let Some(open) = rest.find("{{") {
            if open > 0 {
                parts.push(Part::Text(rest[..open].to_owned()));
            }
            let after = &rest[open + 2..];
            let Some(close) = after.find("}}") else {
                errors.push(
                    Diagnostic::error(
                        EngineCode::Cfg002,
                        format!("rule {code}: `{key}` opens `{{{{` without closing `}}}}`"),
                    )
                    .at_opt(span_of(&format!("/{key}"))),
                );
                return None;
            };
            let expr = after[..close].trim();
            if let Some(e) = keep(compile_expr(key, expr, &tenv), errors) {
                parts.push(Part::Expr(e));
            }
            rest = &after[close + 2..];
        }
        if !rest.is_empty() {
            parts.push(Part::Text(rest.to_owned()));
        }
        Some(Template { parts })
    };
    let message = template("message", &mut errors).unwrap_or(Template { parts: Vec::new() });
    let help = template("help", &mut errors);
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(Rule {
        code: Arc::from(code),
        name: s("name").unwrap_or_default(),
        kinds: kinds_list,
        repository,
        severity: s("severity")
            .and_then(|x| Severity::parse(&x))
            .unwrap_or(Severity::Error),
        summary: s("summary").unwrap_or_default(),
        params,
        when,
        each: each.map(|e| dotted_to_pointer(&e)),
        require: value
            .get("require")
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(|v| v.as_str().map(|p| (p.to_owned(), dotted_to_pointer(p))))
                    .collect()
            })
            .unwrap_or_default(),
        assert,
        at: s("at").map(|a| dotted_to_pointer(&a)),
        message,
        help,
        references: value.get("references").cloned().unwrap_or(Value::Null),
        docs: s("docs"),
        origin: path.to_owned(),
        file,
    })
}
