//! A JSON Schema error, turned into a finding a security officer can act on, at its node.

pub use crate::base::{closest, display_path};
use crate::base::{last_segment, push_segment, unescape_segment};
use crate::diagnostic::{Diagnostic, EngineCode, Span};
use crate::load::spans::SpanTable;
use crate::source::FileId;
use jsonschema::error::ValidationErrorKind;
use serde_json::Value;

/// What a schema error is about: the node's table, the file, and how to name the thing.
pub struct Subject<'a> {
    pub file: FileId,
    pub spans: &'a SpanTable,
    /// "this asset", "the config"
    pub noun: &'a str,
    /// The span to blame for the whole record (its first line).
    pub head: Option<Span>,
    /// The schema the value was checked against.
    pub schema: &'a Value,
    /// The code every problem is reported under (a config's CFG001), when not SCH001–003.
    pub code: Option<EngineCode>,
    /// What a key the schema does not know at the top is not: "a setting grclint knows";
    /// by default "a field of" the noun.
    pub unknown: Option<&'a str>,
}

impl Subject<'_> {
    fn diagnostic(&self, class: EngineCode, message: String) -> Diagnostic {
        Diagnostic::error(self.code.unwrap_or(class), message)
    }
}

pub struct Mapped {
    /// What kind of schema problem it is (SCH001–003), whatever code it is reported under.
    pub code: EngineCode,
    pub pointer: String,
    pub diagnostic: Diagnostic,
}

/// The schema node a keyword location points into (`/properties/owner/required` → owner's node).
fn schema_node<'s>(schema: &'s Value, location: &str) -> Option<&'s Value> {
    let mut node = schema;
    for seg in location.split('/').skip(1) {
        let seg = unescape_segment(seg);
        node = match node {
            Value::Object(m) => m.get(seg.as_ref())?,
            Value::Array(a) => a.get(seg.parse::<usize>().ok()?)?,
            _ => return None,
        };
        if let Some(r) = node.get("$ref").and_then(Value::as_str)
            && let Some(target) = r.strip_prefix("#")
            && let Some(t) = schema.pointer(target)
            && node.as_object().is_some_and(|m| m.len() <= 2)
        {
            node = t;
        }
    }
    Some(node)
}

fn parent_location(location: &str) -> &str {
    location.rsplit_once('/').map(|(p, _)| p).unwrap_or("")
}

fn describe(v: &Value) -> String {
    match v {
        Value::String(s) => format!("`{}`", crate::diagnostic::shorten(s, 120)),
        Value::Null => "empty".to_owned(),
        Value::Array(_) => "a list".to_owned(),
        Value::Object(_) => "a mapping".to_owned(),
        other => format!("`{other}`"),
    }
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::String(_) => "text",
        Value::Null => "empty",
        Value::Bool(_) => "true/false",
        Value::Number(n) if n.is_i64() || n.is_u64() => "a whole number",
        Value::Number(_) => "a number",
        Value::Array(_) => "a list",
        Value::Object(_) => "a mapping",
    }
}

fn wanted_type(t: &str) -> &'static str {
    match t {
        "string" => "text",
        "integer" => "a whole number",
        "number" => "a number",
        "boolean" => "true or false",
        "array" => "a list",
        "object" => "a mapping of fields",
        "null" => "empty",
        _ => "another type",
    }
}

/// How a schema branch (of `anyOf`) reads in a message.
fn branch_text(schema: &Value, b: &Value) -> String {
    if let Some(c) = b.get("const") {
        return describe(c);
    }
    let b = match b
        .get("$ref")
        .and_then(Value::as_str)
        .and_then(|r| r.strip_prefix('#'))
    {
        Some(t) => schema.pointer(t).unwrap_or(b),
        None => b,
    };
    if let Some(d) = b.get("description").and_then(Value::as_str) {
        return d.trim_end_matches('.').to_owned();
    }
    match b.get("type").and_then(Value::as_str) {
        Some(t) => wanted_type(t).to_owned(),
        None => "another form".to_owned(),
    }
}

pub fn map_error(err: &jsonschema::ValidationError<'_>, subject: &Subject<'_>) -> Vec<Mapped> {
    let pointer = err.instance_path().as_str().to_owned();
    let location = err.schema_path().as_str().to_owned();
    let instance = err.instance();
    let field = display_path(&pointer);
    let node_span = |p: &str| {
        subject
            .spans
            .nearest(p)
            .map(|(_, s)| Span::new(subject.file, s.value.0, s.value.1))
    };
    let key_span = |p: &str| {
        subject.spans.nearest(p).map(|(found, s)| {
            let (a, b) = if found.is_empty() {
                (s.value.0, s.value.0)
            } else {
                s.key.unwrap_or(s.value)
            };
            Span::new(subject.file, a, b)
        })
    };
    let whose = if pointer.is_empty() {
        subject.noun.to_owned()
    } else {
        format!("`{field}`")
    };
    let sch003 = |message: String, help: Option<String>| {
        let mut d = subject
            .diagnostic(EngineCode::Sch003, message)
            .at_opt(node_span(&pointer));
        if let Some(h) = help {
            d = d.help(h);
        }
        vec![Mapped {
            code: EngineCode::Sch003,
            pointer: pointer.clone(),
            diagnostic: d,
        }]
    };
    match err.kind() {
        ValidationErrorKind::Required { property } => {
            let name = property.as_str().unwrap_or_default().to_owned();
            let parent = schema_node(subject.schema, parent_location(&location));
            let desc = parent
                .and_then(|p| p.get("properties"))
                .and_then(|p| p.get(&name))
                .and_then(|p| {
                    let p = match p
                        .get("$ref")
                        .and_then(Value::as_str)
                        .and_then(|r| r.strip_prefix('#'))
                    {
                        Some(t) if p.get("description").is_none() => {
                            subject.schema.pointer(t).unwrap_or(p)
                        }
                        _ => p,
                    };
                    p.get("description").and_then(Value::as_str)
                });
            let span = if pointer.is_empty() {
                subject.head.or_else(|| key_span(""))
            } else {
                key_span(&pointer)
            };
            let mut d = subject
                .diagnostic(
                    EngineCode::Sch001,
                    format!("{whose} has no `{name}`, which is required"),
                )
                .at_opt(span);
            d = d.help(match desc {
                Some(desc) => format!("Add `{name}`: {desc}."),
                None => format!("Add `{name}`."),
            });
            let mut p = pointer.clone();
            push_segment(&mut p, &name);
            vec![Mapped {
                code: EngineCode::Sch001,
                pointer: p,
                diagnostic: d,
            }]
        }
        ValidationErrorKind::AdditionalProperties { unexpected } => {
            let node = schema_node(subject.schema, parent_location(&location));
            let known: Vec<String> = node
                .and_then(|n| n.get("properties"))
                .and_then(Value::as_object)
                .map(|m| m.keys().cloned().collect())
                .unwrap_or_default();
            unexpected
                .iter()
                .map(|name| {
                    let mut p = pointer.clone();
                    push_segment(&mut p, name);
                    let span = subject
                        .spans
                        .get(&p)
                        .map(|s| {
                            let (a, b) = s.key.unwrap_or(s.value);
                            Span::new(subject.file, a, b)
                        })
                        .or_else(|| key_span(&pointer));
                    let what = match subject.unknown {
                        Some(what) if pointer.is_empty() => what.to_owned(),
                        _ if pointer.is_empty() => format!("a field of {}", subject.noun),
                        _ => format!("a field of `{field}`"),
                    };
                    let mut d = subject
                        .diagnostic(EngineCode::Sch002, format!("`{name}` is not {what}"))
                        .at_opt(span);
                    d = match closest(name, &known) {
                        Some(s) => d.help(format!("did you mean `{s}`?")),
                        None if !known.is_empty() => {
                            d.help(format!("Known fields here: {}.", known.join(", ")))
                        }
                        None => d,
                    };
                    Mapped {
                        code: EngineCode::Sch002,
                        pointer: p,
                        diagnostic: d,
                    }
                })
                .collect()
        }
        ValidationErrorKind::Enum { options } => {
            let opts: Vec<String> = options
                .as_array()
                .map(|a| {
                    a.iter()
                        .map(|o| {
                            o.as_str()
                                .map(str::to_owned)
                                .unwrap_or_else(|| o.to_string())
                        })
                        .collect()
                })
                .unwrap_or_default();
            let help = match instance.as_str().and_then(|s| closest(s, &opts)) {
                Some(s) => format!("did you mean `{s}`? Allowed: {}.", opts.join(", ")),
                None => format!("Use one of: {}.", opts.join(", ")),
            };
            sch003(
                format!(
                    "{whose} is {}, which is not an allowed value",
                    describe(instance)
                ),
                Some(help),
            )
        }
        ValidationErrorKind::Type { kind } => {
            let want = match kind {
                jsonschema::error::TypeKind::Single(t) => wanted_type(&format!("{t}")).to_owned(),
                jsonschema::error::TypeKind::Multiple(ts) => ts
                    .iter()
                    .map(|t| wanted_type(&format!("{t}")))
                    .collect::<Vec<_>>()
                    .join(" or "),
            };
            let help = if want == "text" && instance.is_number() {
                Some("Write it in quotes (for example '007'): YAML reads unquoted digits as a number.".to_owned())
            } else if instance.is_null() {
                Some(format!(
                    "Fill in `{}`, or remove the line.",
                    last_segment(&pointer)
                ))
            } else {
                None
            };
            sch003(
                format!("{whose} must be {want}, not {}", type_name(instance)),
                help,
            )
        }
        ValidationErrorKind::Format { format } if format == "date" => sch003(
            format!(
                "{whose} is {}, which is not a real calendar date",
                describe(instance)
            ),
            Some("Write the date as YYYY-MM-DD, for example 2025-04-01.".to_owned()),
        ),
        ValidationErrorKind::Pattern { pattern } => {
            let node = schema_node(subject.schema, parent_location(&location));
            let what = node
                .and_then(|n| n.get("description"))
                .and_then(Value::as_str);
            if pattern.starts_with("^[0-9]{4}-") {
                sch003(
                    format!("{whose} is {}, which is not a date", describe(instance)),
                    Some("Write the date as YYYY-MM-DD, for example 2025-04-01.".to_owned()),
                )
            } else if pattern.contains("mo|y") {
                sch003(
                    format!("{whose} is {}, which is not a duration", describe(instance)),
                    Some("Write a duration such as 90d, 12w, 18mo, 5y, 24h, or ISO 8601 P5Y, P18M, PT24H.".to_owned()),
                )
            } else {
                sch003(
                    format!(
                        "{whose} is {}, which is not in the expected form",
                        describe(instance)
                    ),
                    what.map(|w| format!("Expected: {w}.")),
                )
            }
        }
        ValidationErrorKind::Minimum { limit }
        | ValidationErrorKind::ExclusiveMinimum { limit } => sch003(
            format!(
                "{whose} is {}; the smallest allowed is {limit}",
                describe(instance)
            ),
            None,
        ),
        ValidationErrorKind::Maximum { limit }
        | ValidationErrorKind::ExclusiveMaximum { limit } => sch003(
            format!(
                "{whose} is {}; the largest allowed is {limit}",
                describe(instance)
            ),
            None,
        ),
        ValidationErrorKind::MinItems { limit } => sch003(
            format!(
                "{whose} must list at least {limit} entr{}",
                if *limit == 1 { "y" } else { "ies" }
            ),
            None,
        ),
        ValidationErrorKind::MinLength { .. } => sch003(format!("{whose} must not be empty"), None),
        ValidationErrorKind::UniqueItems => {
            sch003(format!("{whose} lists the same entry more than once"), None)
        }
        ValidationErrorKind::Constant { expected_value } => sch003(
            format!("{whose} must be {}", describe(expected_value)),
            None,
        ),
        ValidationErrorKind::AnyOf { context } | ValidationErrorKind::OneOfNotValid { context } => {
            let node = schema_node(subject.schema, &location);
            let branches: Vec<&Value> = node
                .and_then(Value::as_array)
                .map(|a| a.iter().collect())
                .unwrap_or_default();
            // Branches that only require fields: "needs `require` or `assert`".
            let needs: Vec<String> = branches
                .iter()
                .filter_map(|b| {
                    let m = b.as_object()?;
                    (m.len() == 1).then(|| {
                        m.get("required")?
                            .as_array()?
                            .first()?
                            .as_str()
                            .map(|f| format!("`{f}`"))
                    })?
                })
                .collect();
            if !needs.is_empty() && needs.len() == branches.len() {
                let span = if pointer.is_empty() {
                    subject.head
                } else {
                    key_span(&pointer)
                };
                let d = subject
                    .diagnostic(
                        EngineCode::Sch001,
                        format!("{whose} needs {}", needs.join(" or ")),
                    )
                    .at_opt(span);
                return vec![Mapped {
                    code: EngineCode::Sch001,
                    pointer: pointer.clone(),
                    diagnostic: d,
                }];
            }
            // The branch of the value's own type explains the problem best.
            for (i, errors) in context.iter().enumerate() {
                let type_ok = !errors.iter().any(|e| {
                    matches!(
                        e.kind(),
                        ValidationErrorKind::Type { .. } | ValidationErrorKind::Constant { .. }
                    ) && e.instance_path().as_str() == pointer
                });
                let branch_is_typed = branches
                    .get(i)
                    .is_some_and(|b| b.get("type").is_some() || b.get("$ref").is_some());
                if type_ok && branch_is_typed && !errors.is_empty() {
                    return errors.iter().flat_map(|e| map_error(e, subject)).collect();
                }
            }
            let texts: Vec<String> = branches
                .iter()
                .map(|b| branch_text(subject.schema, b))
                .collect();
            let msg = if texts.is_empty() {
                format!(
                    "{whose} is {}, which is not allowed here",
                    describe(instance)
                )
            } else {
                format!(
                    "{whose} is {}; it must be one of: {}",
                    describe(instance),
                    texts.join("; or ")
                )
            };
            sch003(msg, None)
        }
        ValidationErrorKind::PropertyNames { error } => {
            let name = error.instance().as_str().unwrap_or_default().to_owned();
            let mut p = pointer.clone();
            push_segment(&mut p, &name);
            let span = subject.spans.get(&p).map(|s| {
                let (a, b) = s.key.unwrap_or(s.value);
                Span::new(subject.file, a, b)
            });
            let d = subject
                .diagnostic(
                    EngineCode::Sch003,
                    format!("`{name}` is not allowed as a key of {whose}"),
                )
                .at_opt(span);
            vec![Mapped {
                code: EngineCode::Sch003,
                pointer: p,
                diagnostic: d,
            }]
        }
        _ => sch003(format!("{whose}: {err}"), None),
    }
}
