//! `rule_settings` from the config, checked against the loaded rules: unknown codes,
//! unknown params and params of the wrong type are configuration errors at their key.

use super::dates::parse_duration;
use super::engine::Active;
use super::registry::{ENGINE_CODES, engine_code};
use super::rules::Rule;
use crate::config::Settings;
use crate::diagnostic::{Diagnostic, Severity};
use crate::load::spans::push_segment;
use crate::validate::messages::closest;
use serde_json::Value;
use std::collections::HashMap;

/// What the settings do to a code: `None` is off, `Some(s)` the severity to report at.
pub type Overrides = HashMap<String, Option<Severity>>;

pub fn apply<'r>(
    rules: &'r [Rule],
    settings: &Settings,
) -> Result<(Vec<Active<'r>>, Overrides), Vec<Diagnostic>> {
    let mut errors = Vec::new();
    let mut overrides = Overrides::new();
    let mut params_for: HashMap<&str, serde_json::Map<String, Value>> = HashMap::new();
    if let Value::Object(map) = &settings.rule_settings {
        for (code, setting) in map {
            let mut ptr = "/rule_settings".to_owned();
            push_segment(&mut ptr, code);
            let rule = rules.iter().find(|r| &r.code == code);
            let engine = engine_code(code);
            let default_severity = match (rule, engine) {
                (Some(r), _) => r.severity,
                (None, Some(e)) => e.severity,
                (None, None) => {
                    let known: Vec<String> = rules
                        .iter()
                        .map(|r| r.code.clone())
                        .chain(ENGINE_CODES.iter().map(|c| c.code.to_owned()))
                        .collect();
                    let mut d =
                        Diagnostic::error("CFG001", format!("no rule has the code `{code}`"))
                            .at_opt(settings.key_span(&ptr));
                    if let Some(k) = closest(code, &known) {
                        d = d.help(format!("did you mean `{k}`?"));
                    }
                    errors.push(d);
                    continue;
                }
            };
            match setting {
                Value::String(s) if s == "off" => {
                    overrides.insert(code.clone(), None);
                }
                Value::Object(o) => {
                    let severity = o
                        .get("severity")
                        .and_then(Value::as_str)
                        .and_then(Severity::parse)
                        .unwrap_or(default_severity);
                    overrides.insert(code.clone(), Some(severity));
                    let Some(Value::Object(given)) = o.get("params") else {
                        continue;
                    };
                    let Some(rule) = rule else {
                        errors.push(
                            Diagnostic::error(
                                "CFG001",
                                format!("`{code}` is a check of the engine and has no params"),
                            )
                            .at_opt(settings.key_span(&format!("{ptr}/params"))),
                        );
                        continue;
                    };
                    let mut merged = rule.params.clone();
                    for (name, v) in given {
                        let vptr = format!("{ptr}/params/{name}");
                        let Some(default) = rule.params.get(name) else {
                            let known: Vec<String> = rule.params.keys().cloned().collect();
                            let help = match closest(name, &known) {
                                Some(k) => format!("did you mean `{k}`?"),
                                None if known.is_empty() => format!("{code} has no params."),
                                None => format!("{code}'s params are: {}.", known.join(", ")),
                            };
                            errors.push(
                                Diagnostic::error(
                                    "CFG001",
                                    format!("{code} has no param `{name}`"),
                                )
                                .at_opt(settings.key_span(&vptr))
                                .help(help),
                            );
                            continue;
                        };
                        if let Some(problem) = type_problem(default, v) {
                            errors.push(
                                Diagnostic::error(
                                    "CFG001",
                                    format!("{code}'s param `{name}` {problem}"),
                                )
                                .at_opt(settings.value_span(&vptr))
                                .help(format!("The default is {default}.")),
                            );
                            continue;
                        }
                        merged.insert(name.clone(), v.clone());
                    }
                    params_for.insert(rule.code.as_str(), merged);
                }
                _ => {}
            }
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let active = rules
        .iter()
        .filter_map(|r| {
            let severity = match overrides.get(&r.code) {
                Some(None) => return None,
                Some(Some(s)) => *s,
                None => r.severity,
            };
            let params = params_for.get(r.code.as_str()).unwrap_or(&r.params);
            Some(Active::new(r, severity, params))
        })
        .collect();
    Ok((active, overrides))
}

/// Why a param's value cannot replace its default, if it cannot.
fn type_problem(default: &Value, given: &Value) -> Option<String> {
    let same = std::mem::discriminant(default) == std::mem::discriminant(given)
        && (default.is_i64() == given.is_i64() || !default.is_number());
    if !same {
        let what = match default {
            Value::String(_) => "text",
            Value::Number(n) if n.is_i64() => "a whole number",
            Value::Number(_) => "a number",
            Value::Bool(_) => "true or false",
            Value::Array(_) => "a list",
            _ => "another type",
        };
        return Some(format!("must be {what}"));
    }
    if let (Value::String(d), Value::String(g)) = (default, given)
        && parse_duration(d).is_ok()
        && let Err(e) = parse_duration(g)
    {
        return Some(format!("must be a duration: {e}"));
    }
    None
}
