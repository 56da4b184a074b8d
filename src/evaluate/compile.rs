//! One rule file → a `Rule`: the file is one checked document (YAML with spans →
//! `rule.schema.json` → `RuleFile`), then its CEL expressions are compiled and their
//! names checked against the environment, each problem at its line and column.

use super::deps::Reads;
use super::fields::Fields;
use super::names;
use super::rule::{Expr, Part, Rule, Template, Texts};
use crate::base::dotted_to_pointer;
use crate::diagnostic::{Diagnostic, EngineCode, Severity, Span};
use crate::document::{self, Documents, Spec};
use crate::i18n::Lang;
use crate::load::spans::SpanTable;
use crate::source::FileId;
use crate::validate::kinds::{Kinds, RULE_SCHEMA, compile};
use serde::Deserialize;
use serde_json::{Map, Value};
use std::sync::{Arc, LazyLock};

/// A rule file as its schema (`schemas/rule.schema.json`) describes it.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleFile {
    id: String,
    name: String,
    kind: KindList,
    severity: Severity,
    summary: String,
    #[serde(default)]
    params: Map<String, Value>,
    when: Option<String>,
    each: Option<String>,
    #[serde(default)]
    require: Vec<String>,
    assert: Option<String>,
    at: Option<String>,
    message: String,
    help: Option<String>,
    #[serde(default)]
    references: Value,
    docs: Option<String>,
    #[serde(default)]
    i18n: std::collections::BTreeMap<String, TextsFile>,
}

/// One language's texts under `i18n:`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TextsFile {
    summary: Option<String>,
    message: Option<String>,
    help: Option<String>,
    docs: Option<String>,
}

/// `kind:` — one kind (or `repository`), or a list of kinds.
#[derive(Deserialize)]
#[serde(untagged)]
enum KindList {
    One(String),
    Many(Vec<String>),
}

static SCHEMA: LazyLock<(Value, jsonschema::Validator)> = LazyLock::new(|| {
    let schema: Value = serde_json::from_str(RULE_SCHEMA).expect("the rule schema is valid JSON");
    let validator = compile(&schema).expect("the rule schema compiles");
    (schema, validator)
});

/// Checks one rule file's text as `load` does (its schema, CEL, names), on its own: for
/// fuzzing and tests.
pub fn parse_rule_text(
    file: FileId,
    path: &str,
    text: &str,
    kinds: &Kinds,
) -> Result<Rule, Vec<Diagnostic>> {
    parse_rule(file, path, text, kinds)
}

pub(super) fn parse_rule(
    file: FileId,
    path: &str,
    text: &str,
    kinds: &Kinds,
) -> Result<Rule, Vec<Diagnostic>> {
    let spec = Spec {
        code: EngineCode::Cfg002,
        schema: &SCHEMA.0,
        validator: &SCHEMA.1,
        noun: crate::i18n::t("this rule", "このルール"),
        unknown: None,
        documents: Documents::One(crate::tr!(
            "{path} must hold exactly one rule (one YAML document)",
            "{path} にはルールをちょうど一つ（YAML の文書一つ）だけ書く"
        )),
    };
    let checked = document::check::<RuleFile>(file, text, &spec)?;
    let r = checked.value;
    let mut c = Compiler {
        file,
        text,
        spans: &checked.spans,
        code: &r.id,
        errors: Vec::new(),
    };
    let (kind_list, repository) = match &r.kind {
        KindList::One(k) if k == "repository" => (Vec::new(), true),
        KindList::One(k) => (vec![k.clone()], false),
        KindList::Many(list) => (list.clone(), false),
    };
    c.known_kinds(&kind_list, matches!(r.kind, KindList::Many(_)), kinds);
    let mut vars: Vec<&str> = vec!["record", "params", "kind", "file"];
    if r.each.is_some() {
        vars.push("item");
    }
    let env = names::Env {
        vars: &vars,
        params: &r.params,
    };
    let when = r.when.as_deref().and_then(|src| c.expr("when", src, &env));
    let assert = r
        .assert
        .as_deref()
        .and_then(|src| c.expr("assert", src, &env));
    let mut tvars = vars.clone();
    tvars.push("missing");
    let tenv = names::Env {
        vars: &tvars,
        params: &r.params,
    };
    let message = c.template("message", &r.message, &tenv);
    let help = r.help.as_deref().and_then(|h| c.template("help", h, &tenv));
    let i18n = c.localized(&r.i18n, &tenv);
    if !c.errors.is_empty() {
        return Err(c.errors);
    }
    let compiled = Compiled {
        span: ["/assert", "/when", "/id"]
            .iter()
            .find_map(|p| c.span_of(p)),
        kinds: kind_list,
        repository,
        when,
        assert,
        message: message.unwrap_or(Template {
            parts: Vec::new(),
            tight: false,
        }),
        help,
        i18n,
    };
    Ok(compiled.rule(r, path, file))
}

/// What compiling a rule file gives beyond what it says.
struct Compiled {
    span: Option<Span>,
    kinds: Vec<String>,
    repository: bool,
    when: Option<Expr>,
    assert: Option<Expr>,
    message: Template,
    help: Option<Template>,
    i18n: Vec<(Lang, Texts)>,
}

impl Compiled {
    fn rule(self, mut r: RuleFile, path: &str, file: FileId) -> Rule {
        let mut i18n = self.i18n;
        for (lang, texts) in &mut i18n {
            if let Some(t) = r.i18n.get_mut(lang.as_str()) {
                texts.summary = t.summary.take();
                texts.docs = t.docs.take();
            }
        }
        let mut rule = Rule {
            code: Arc::from(r.id.as_str()),
            name: r.name,
            kinds: self.kinds,
            repository: self.repository,
            severity: r.severity,
            summary: r.summary,
            when: self.when,
            each: r.each.map(|e| dotted_to_pointer(&e)),
            require: r
                .require
                .into_iter()
                .map(|p| {
                    let ptr = dotted_to_pointer(&p);
                    (p, ptr)
                })
                .collect(),
            assert: self.assert,
            at: r.at.map(|a| dotted_to_pointer(&a)),
            message: self.message,
            help: self.help,
            params: r.params,
            references: r.references,
            docs: r.docs,
            i18n,
            origin: path.to_owned(),
            file,
            reads: Reads::Own,
            reads_files: false,
            fields: Fields::default(),
            span: self.span,
        };
        rule.reads = Reads::of(&rule);
        rule.reads_files = super::deps::reads_files(&rule);
        rule.fields = Fields::of(&rule);
        rule
    }
}

/// The rule being compiled: where its text is, and the problems found so far.
struct Compiler<'a> {
    file: FileId,
    text: &'a str,
    spans: &'a SpanTable,
    code: &'a str,
    errors: Vec<Diagnostic>,
}

impl Compiler<'_> {
    fn span_of(&self, pointer: &str) -> Option<Span> {
        document::value_span(self.spans, self.file, pointer)
    }

    /// Each kind the rule applies to must have a schema.
    fn known_kinds(&mut self, list: &[String], is_list: bool, kinds: &Kinds) {
        for (i, k) in list.iter().enumerate() {
            if kinds.get(k).is_some() {
                continue;
            }
            let ptr = if is_list {
                format!("/kind/{i}")
            } else {
                "/kind".to_owned()
            };
            let code = self.code;
            let d = Diagnostic::error(
                EngineCode::Cfg002,
                crate::tr!(
                    "rule {code} applies to kind `{k}`, which has no schema",
                    "ルール {code} の対象の種別 `{k}` にはスキーマがない"
                ),
            )
            .at_opt(self.span_of(&ptr))
            .help(
                crate::i18n::t(
                    "Use a kind grclint knows, `repository`, or add the kind's schema under `schemas:`.",
                    "grclint が知っている種別か `repository` を使うか、`schemas:` にその種別のスキーマを追加してください。",
                ),
            );
            self.errors.push(d);
        }
    }

    /// One CEL expression of the value at `key`; a problem is kept, at its column.
    fn expr(&mut self, key: &str, src: &str, env: &names::Env) -> Option<Expr> {
        match names::compile(src, env) {
            Ok(program) => {
                let mut tree = program.expression().clone();
                super::rewrite::rewrite(&mut tree);
                Some(Expr {
                    source: src.to_owned(),
                    tree,
                })
            }
            Err(problem) => {
                let at = self
                    .span_of(&format!("/{key}"))
                    .map(|sp| names::point_into(sp, self.text, problem.offset));
                let mut d = Diagnostic::error(
                    EngineCode::Cfg002,
                    crate::tr!(
                        "rule {}: `{key}` {}",
                        "ルール {}: `{key}` {}",
                        self.code,
                        problem.message
                    ),
                )
                .at_opt(at);
                if let Some(h) = problem.help {
                    d = d.help(h);
                }
                self.errors.push(d);
                None
            }
        }
    }

    /// The `message` and `help` of each language under `i18n:`, compiled (the schema allows
    /// only the languages grclint speaks).
    fn localized(
        &mut self,
        i18n: &std::collections::BTreeMap<String, TextsFile>,
        env: &names::Env,
    ) -> Vec<(Lang, Texts)> {
        let mut out = Vec::new();
        for (name, t) in i18n {
            let Some(lang) = Lang::parse(name) else {
                continue;
            };
            let mut texts = Texts::default();
            if let Some(m) = &t.message {
                texts.message = self.template(&format!("i18n/{name}/message"), m, env);
            }
            if let Some(h) = &t.help {
                texts.help = self.template(&format!("i18n/{name}/help"), h, env);
            }
            if lang == Lang::Ja {
                for t in texts.message.iter_mut().chain(texts.help.iter_mut()) {
                    t.tight = true;
                    for p in &mut t.parts {
                        if let Part::Text(s) = p {
                            *s = crate::i18n::unfold_wide(s);
                        }
                    }
                }
            }
            out.push((lang, texts));
        }
        out
    }

    /// `message`/`help` text with `{{ expr }}` holes.
    fn template(&mut self, key: &str, src: &str, env: &names::Env) -> Option<Template> {
        let mut parts = Vec::new();
        let mut rest = src;
        while let Some(open) = rest.find("{{") {
            if open > 0 {
                parts.push(Part::Text(rest[..open].to_owned()));
            }
            let after = &rest[open + 2..];
            let Some(close) = after.find("}}") else {
                let d = Diagnostic::error(
                    EngineCode::Cfg002,
                    crate::tr!(
                        "rule {}: `{key}` opens `{{{{` without closing `}}}}`",
                        "ルール {}: `{key}` に `{{{{` を閉じる `}}}}` がない",
                        self.code
                    ),
                )
                .at_opt(self.span_of(&format!("/{key}")));
                self.errors.push(d);
                return None;
            };
            if let Some(e) = self.expr(key, after[..close].trim(), env) {
                parts.push(Part::Expr(e));
            }
            rest = &after[close + 2..];
        }
        if !rest.is_empty() {
            parts.push(Part::Text(rest.to_owned()));
        }
        Some(Template {
            parts,
            tight: false,
        })
    }
}
