//! `rule_settings` from the config, checked against the registry of codes: unknown codes,
//! unknown params and params of the wrong type are configuration errors at their key.

use super::dates::parse_duration;
use super::engine::Active;
use super::registry::{Known, Registry};
use super::rules::Rule;
use crate::base::closest;
use crate::codes::{Code, EngineCode};
use crate::config::{RuleSetting, Settings};
use crate::diagnostic::{Diagnostic, Severity};
use crate::load::spans::push_segment;
use serde_json::{Map, Value};
use std::collections::HashMap;

/// What the settings do to a code: `None` is off, `Some(s)` the severity to report at.
pub type Overrides = HashMap<Code, Option<Severity>>;

/// What one `rule_settings` entry leaves behind.
#[derive(Default)]
struct Tuned<'r> {
    overrides: Overrides,
    params_for: HashMap<&'r str, Map<String, Value>>,
    errors: Vec<Diagnostic>,
}

fn cfg(message: String) -> Diagnostic {
    Diagnostic::error(EngineCode::Cfg001, message)
}

pub fn apply<'r>(
    rules: &'r [Rule],
    settings: &Settings,
) -> Result<(Vec<Active<'r>>, Overrides), Vec<Diagnostic>> {
    let registry = Registry::new(rules);
    let mut tuned = Tuned::default();
    for (code, setting) in settings.rule_settings.iter() {
        let mut ptr = "/rule_settings".to_owned();
        push_segment(&mut ptr, code);
        match registry.get(code) {
            Some(known) => tuned.entry(known, setting, &ptr, settings),
            None => {
                let mut d = cfg(crate::tr!(
                    "no rule has the code `{code}`",
                    "コード `{code}` のルールはない"
                ))
                .at_opt(settings.key_span(&ptr));
                if let Some(k) = closest(code, &registry.codes()) {
                    d = d.help(crate::tr!(
                        "did you mean `{k}`?",
                        "`{k}` の誤りではありませんか？"
                    ));
                }
                tuned.errors.push(d);
            }
        }
    }
    if !tuned.errors.is_empty() {
        return Err(tuned.errors);
    }
    let active = rules
        .iter()
        .filter_map(|r| {
            let severity = match tuned.overrides.get(&*r.code) {
                Some(None) => return None,
                Some(Some(s)) => *s,
                None => r.severity,
            };
            let params = tuned.params_for.get(&*r.code).unwrap_or(&r.params);
            Some(Active::new(r, severity, params))
        })
        .collect();
    Ok((active, tuned.overrides))
}

impl<'r> Tuned<'r> {
    /// One code's setting: `off`, or `{severity, params}`.
    fn entry(&mut self, known: Known<'r>, setting: &RuleSetting, ptr: &str, s: &Settings) {
        let (severity, params) = match setting {
            RuleSetting::Off(_) => {
                self.overrides.insert(known.code(), None);
                return;
            }
            RuleSetting::Tune { severity, params } => (severity, params),
        };
        let severity = severity.unwrap_or(known.severity());
        self.overrides.insert(known.code(), Some(severity));
        let Some(given) = params else {
            return;
        };
        match known {
            Known::Rule(rule) => self.params(rule, given, ptr, s),
            Known::Engine(e) => self.errors.push(
                cfg(crate::tr!(
                    "`{e}` is a check of the engine and has no params",
                    "`{e}` はエンジンの点検で、パラメーターはない"
                ))
                .at_opt(s.key_span(&format!("{ptr}/params"))),
            ),
        }
    }

    /// A rule's params: each one known to the rule and of its default's type.
    fn params(&mut self, rule: &'r Rule, given: &Map<String, Value>, ptr: &str, s: &Settings) {
        let code = &rule.code;
        let mut merged = rule.params.clone();
        for (name, v) in given {
            let vptr = format!("{ptr}/params/{name}");
            let Some(default) = rule.params.get(name) else {
                let known: Vec<String> = rule.params.keys().cloned().collect();
                let help = match closest(name, &known) {
                    Some(k) => crate::tr!("did you mean `{k}`?", "`{k}` の誤りではありませんか？"),
                    None if known.is_empty() => {
                        crate::tr!(
                            "{code} has no params.",
                            "{code} にはパラメーターがありません。"
                        )
                    }
                    None => crate::tr!(
                        "{code}'s params are: {}.",
                        "{code} のパラメーター: {}。",
                        known.join(", ")
                    ),
                };
                self.errors.push(
                    cfg(crate::tr!(
                        "{code} has no param `{name}`",
                        "{code} にパラメーター `{name}` はない"
                    ))
                    .at_opt(s.key_span(&vptr))
                    .help(help),
                );
                continue;
            };
            if let Some(problem) = type_problem(default, v) {
                self.errors.push(
                    cfg(crate::tr!(
                        "{code}'s param `{name}` {problem}",
                        "{code} のパラメーター `{name}` は{problem}"
                    ))
                    .at_opt(s.value_span(&vptr))
                    .help(crate::tr!(
                        "The default is {default}.",
                        "既定値は {default} です。"
                    )),
                );
                continue;
            }
            merged.insert(name.clone(), v.clone());
        }
        self.params_for.insert(&rule.code, merged);
    }
}

/// Why a param's value cannot replace its default, if it cannot.
fn type_problem(default: &Value, given: &Value) -> Option<String> {
    let same = std::mem::discriminant(default) == std::mem::discriminant(given)
        && (default.is_i64() == given.is_i64() || !default.is_number());
    if !same {
        use crate::i18n::t;
        let what = match default {
            Value::String(_) => t("text", "文字列"),
            Value::Number(n) if n.is_i64() => t("a whole number", "整数"),
            Value::Number(_) => t("a number", "数値"),
            Value::Bool(_) => t("true or false", "true か false"),
            Value::Array(_) => t("a list", "リスト"),
            _ => t("another type", "別の型"),
        };
        return Some(crate::tr!("must be {what}", "{what}でなければならない"));
    }
    if let (Value::String(d), Value::String(g)) = (default, given)
        && parse_duration(d).is_ok()
        && let Err(e) = parse_duration(g)
    {
        return Some(crate::tr!(
            "must be a duration: {e}",
            "期間でなければならない: {e}"
        ));
    }
    None
}
