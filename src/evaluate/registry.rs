//! One registry of codes: the engine's own checks and every loaded rule. The catalog
//! (`rules`, `explain`), `rule_settings`, suppressions and the reporters all ask it.

use super::rules::Rule;
use crate::codes::{Code, EngineCode, Severity};
use crate::report::RuleInfo;
use serde_json::{Map, Value};
use std::collections::HashMap;

/// One code as the catalog shows it.
pub struct Entry<'a> {
    pub code: &'a str,
    pub name: &'a str,
    pub kind: String,
    pub severity: Severity,
    pub summary: &'a str,
    pub references: Value,
    pub docs: &'a str,
    pub params: Option<&'a Map<String, Value>>,
    pub origin: String,
}

/// What a code names: a check of the engine or a loaded rule.
#[derive(Clone, Copy)]
pub enum Known<'r> {
    Engine(EngineCode),
    Rule(&'r Rule),
}

impl<'r> Known<'r> {
    pub fn code(self) -> Code {
        match self {
            Known::Engine(e) => Code::Engine(e),
            Known::Rule(r) => Code::Rule(r.code.clone()),
        }
    }

    pub fn severity(self) -> Severity {
        match self {
            Known::Engine(e) => e.info().severity,
            Known::Rule(r) => r.severity,
        }
    }

    /// The entry in the language of the run.
    pub fn entry(self) -> Entry<'r> {
        let lang = crate::i18n::lang();
        match self {
            Known::Engine(c) => {
                let info = c.info();
                Entry {
                    code: c.as_str(),
                    name: info.name,
                    kind: "(engine)".to_owned(),
                    severity: info.severity,
                    summary: c.summary(lang),
                    references: Value::Null,
                    docs: c.docs(lang),
                    params: None,
                    origin: crate::i18n::t("(built into the engine)", "（エンジンに組み込み）")
                        .to_owned(),
                }
            }
            Known::Rule(r) => Entry {
                code: &r.code,
                name: &r.name,
                kind: if r.repository {
                    "repository".to_owned()
                } else {
                    r.kinds.join(", ")
                },
                severity: r.severity,
                summary: r.summary_in(lang),
                references: r.references.clone(),
                docs: r.docs_in(lang).unwrap_or(""),
                params: Some(&r.params),
                origin: r.origin.clone(),
            },
        }
    }
}

/// The engine's codes and the loaded rules (sorted by code, as `rules::load` leaves them).
#[derive(Clone, Copy)]
pub struct Registry<'r> {
    rules: &'r [Rule],
}

impl<'r> Registry<'r> {
    pub fn new(rules: &'r [Rule]) -> Registry<'r> {
        debug_assert!(rules.windows(2).all(|w| w[0].code < w[1].code));
        Registry { rules }
    }

    pub fn rule(&self, code: &str) -> Option<&'r Rule> {
        self.rules
            .binary_search_by(|r| (*r.code).cmp(code))
            .ok()
            .map(|i| &self.rules[i])
    }

    pub fn get(&self, code: &str) -> Option<Known<'r>> {
        match EngineCode::parse(code) {
            Some(e) => Some(Known::Engine(e)),
            None => self.rule(code).map(Known::Rule),
        }
    }

    /// Whether a suppression or a setting may name this code.
    pub fn contains(&self, code: &str) -> bool {
        self.get(code).is_some()
    }

    /// Every code, the rules' first (for "did you mean").
    pub fn codes(&self) -> Vec<String> {
        self.rules
            .iter()
            .map(|r| r.code.to_string())
            .chain(EngineCode::ALL.iter().map(|c| c.as_str().to_owned()))
            .collect()
    }

    /// Every code as the catalog lists it, sorted by code.
    pub fn entries(&self) -> Vec<Entry<'r>> {
        let mut out: Vec<Entry> = EngineCode::ALL
            .iter()
            .map(|&c| Known::Engine(c).entry())
            .chain(self.rules.iter().map(|r| Known::Rule(r).entry()))
            .collect();
        out.sort_by(|a, b| a.code.cmp(b.code));
        out
    }

    /// A code's entry, whatever its letter case (`grclint explain ast001`).
    pub fn find(&self, code: &str) -> Option<Entry<'r>> {
        self.get(&code.to_ascii_uppercase())
            .or_else(|| self.get(code))
            .map(Known::entry)
            // Or by its name: `inventory-overdue`.
            .or_else(|| self.entries().into_iter().find(|e| e.name == code.trim()))
    }

    /// What reports may say of each code.
    pub fn rule_infos(&self) -> HashMap<String, RuleInfo> {
        self.entries()
            .into_iter()
            .map(|e| {
                let info = RuleInfo {
                    name: e.name.to_owned(),
                    summary: e.summary.to_owned(),
                    docs: e.docs.to_owned(),
                    severity: e.severity,
                    tags: crate::report::sarif::rule_tags(&e.kind, &e.references),
                };
                (e.code.to_owned(), info)
            })
            .collect()
    }
}

/// Every code a suppression may name: the registry over these rules.
pub fn known_codes(rules: &[Rule]) -> Registry<'_> {
    Registry::new(rules)
}
