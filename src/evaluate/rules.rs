//! Rule files: found (built in, or in the config's folders), each one checked and compiled
//! (`compile`), codes unique. Any problem is a configuration error (exit 2) at the rule
//! file's line; nothing is evaluated until every rule compiled.

pub use super::compile::parse_rule_text;
pub use super::rule::{Expr, Part, Rule, Template};
use crate::builtin::BUILTIN_RULES;
use crate::diagnostic::{Diagnostic, EngineCode, Span};
use crate::load::spans::SpanTable;
use crate::load::{Limits, yaml};
use crate::source::{FileId, SourceFile, Sources};
use crate::validate::kinds::Kinds;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Loads the built-in rules of the enabled packs, then the user's rule folders.
pub fn load(
    packs: &[String],
    rule_dirs: &[PathBuf],
    root: &Path,
    kinds: &Kinds,
    sources: &mut Sources,
) -> Result<Vec<Rule>, Vec<Diagnostic>> {
    let mut rules: Vec<Rule> = Vec::new();
    let mut errors = Vec::new();
    for (path, abs, text) in rule_files(packs, rule_dirs, root, &mut errors) {
        let file = sources.add(SourceFile::new(path.clone(), abs, text.clone()));
        match super::compile::parse_rule(file, &path, &text, kinds) {
            Ok(rule) => match clash(&rules, &rule, sources) {
                Some(d) => errors.push(d),
                None => rules.push(rule),
            },
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

/// (path as shown, path on disk, text) of every rule file to load, built-in ones first.
fn rule_files(
    packs: &[String],
    rule_dirs: &[PathBuf],
    root: &Path,
    errors: &mut Vec<Diagnostic>,
) -> Vec<(String, Option<PathBuf>, Arc<str>)> {
    let mut files = Vec::new();
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
                    crate::tr!(
                        "cannot read the rule file {rel}: {e}",
                        "ルールファイル {rel} を読み取れない: {e}"
                    ),
                )),
            }
        }
    }
    files
}

/// Why a rule's code cannot be used: another rule has it, or a check of the engine.
fn clash(rules: &[Rule], rule: &Rule, sources: &Sources) -> Option<Diagnostic> {
    let at = || rule_span(sources, rule.file, "/id");
    if let Some(first) = rules.iter().find(|r| r.code == rule.code) {
        let mut d = Diagnostic::error(
            EngineCode::Cfg002,
            crate::tr!(
                "the code `{}` is used by two rule files",
                "コード `{}` を二つのルールファイルが使っている",
                rule.code
            ),
        )
        .at_opt(at())
        .help(crate::i18n::t(
            "Give each rule its own code.",
            "ルールごとに別のコードを付けてください。",
        ));
        if let Some(s) = rule_span(sources, first.file, "/id") {
            d = d.label(s, crate::i18n::t("first used here", "最初にここで使用"));
        }
        return Some(d);
    }
    EngineCode::parse(&rule.code).map(|_| {
        Diagnostic::error(
            EngineCode::Cfg002,
            crate::tr!(
                "the code `{}` belongs to a check of the engine",
                "コード `{}` はエンジンの点検のもの",
                rule.code
            ),
        )
        .at_opt(at())
    })
}

fn collect_yaml(dir: &Path, out: &mut Vec<PathBuf>, depth: usize) {
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
