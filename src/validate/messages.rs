//! A JSON Schema error, turned into a finding a security officer can act on, at its node.

use super::suggest;
use super::wording::{
    MAPPING, TEXT, branch_text, describe, parent_location, schema_node, schema_node_through_refs,
    type_name, wanted_type,
};
pub use crate::base::{closest, display_path};
use crate::base::{last_segment, push_segment};
use crate::diagnostic::{Diagnostic, EngineCode, Span};
use crate::load::spans::SpanTable;
use crate::source::FileId;
use crate::tr;
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
    /// For an unknown key (SCH002): the pointer of the known field it most likely is. If
    /// that field is missing and required, its SCH001 says the same thing again.
    pub renames: Option<String>,
}

/// One schema error and what a message about it needs: where, what, and under which words.
struct Problem<'e, 's> {
    err: &'e jsonschema::ValidationError<'e>,
    subject: &'s Subject<'s>,
    pointer: String,
    location: String,
    instance: &'e Value,
    field: String,
}

pub fn map_error(err: &jsonschema::ValidationError<'_>, subject: &Subject<'_>) -> Vec<Mapped> {
    let pointer = err.instance_path().as_str().to_owned();
    let p = Problem {
        err,
        subject,
        field: display_path(&pointer),
        location: err.schema_path().as_str().to_owned(),
        instance: err.instance(),
        pointer,
    };
    let instance = p.instance;
    let whose = p.whose();
    match err.kind() {
        ValidationErrorKind::Required { property } => p.required(property.as_str().unwrap_or("")),
        ValidationErrorKind::AdditionalProperties { unexpected } => p.unknown_fields(unexpected),
        ValidationErrorKind::Enum { options } => p.not_allowed(options),
        ValidationErrorKind::Type { kind } => p.wrong_type(kind),
        ValidationErrorKind::Format { format } => p.wrong_form(Some(format.as_str())),
        ValidationErrorKind::Pattern { .. } => p.wrong_form(None),
        ValidationErrorKind::Minimum { limit }
        | ValidationErrorKind::ExclusiveMinimum { limit } => p.sch003(
            tr!(
                "{whose} is {}; the smallest allowed is {limit}",
                "{whose}が {} になっている。許される最小値は {limit}",
                describe(instance)
            ),
            None,
        ),
        ValidationErrorKind::Maximum { limit }
        | ValidationErrorKind::ExclusiveMaximum { limit } => p.sch003(
            tr!(
                "{whose} is {}; the largest allowed is {limit}",
                "{whose}が {} になっている。許される最大値は {limit}",
                describe(instance)
            ),
            None,
        ),
        ValidationErrorKind::MinItems { limit } => p.sch003(
            tr!(
                "{whose} must list at least {limit} entr{}",
                "{whose}には少なくとも {limit} 件の項目が必要{}",
                if crate::i18n::lang() == crate::i18n::Lang::Ja {
                    ""
                } else if *limit == 1 {
                    "y"
                } else {
                    "ies"
                }
            ),
            None,
        ),
        ValidationErrorKind::MinLength { .. } => p.sch003(
            tr!("{whose} must not be empty", "{whose}を空にはできない"),
            None,
        ),
        ValidationErrorKind::UniqueItems => p.sch003(
            tr!(
                "{whose} lists the same entry more than once",
                "{whose}に同じ項目が二度以上ある"
            ),
            None,
        ),
        ValidationErrorKind::Constant { expected_value } => p.sch003(
            tr!(
                "{whose} must be {}",
                "{whose}は {} でなければならない",
                describe(expected_value)
            ),
            None,
        ),
        ValidationErrorKind::AnyOf { context } | ValidationErrorKind::OneOfNotValid { context } => {
            p.no_branch(context)
        }
        ValidationErrorKind::PropertyNames { error } => p.bad_key(error),
        _ => p.sch003(format!("{whose}: {err}"), None),
    }
}

impl Problem<'_, '_> {
    /// The value's node.
    fn node_span(&self, p: &str) -> Option<Span> {
        self.subject
            .spans
            .nearest(p)
            .map(|(_, s)| Span::new(self.subject.file, s.value.0, s.value.1))
    }

    /// The key of the node (or of its nearest present parent).
    fn key_span(&self, p: &str) -> Option<Span> {
        self.subject.spans.nearest(p).map(|(found, s)| {
            let (a, b) = if found.is_empty() {
                (s.value.0, s.value.0)
            } else {
                s.key.unwrap_or(s.value)
            };
            Span::new(self.subject.file, a, b)
        })
    }

    /// The key of exactly this node, if it was written.
    fn own_key_span(&self, p: &str) -> Option<Span> {
        self.subject.spans.get(p).map(|s| {
            let (a, b) = s.key.unwrap_or(s.value);
            Span::new(self.subject.file, a, b)
        })
    }

    /// "this asset", or "`owner.person`".
    fn whose(&self) -> String {
        if self.pointer.is_empty() {
            self.subject.noun.to_owned()
        } else {
            format!("`{}`", self.field)
        }
    }

    fn mapped(&self, class: EngineCode, pointer: String, d: Diagnostic) -> Mapped {
        Mapped {
            code: class,
            pointer,
            diagnostic: d,
            renames: None,
        }
    }

    /// A wrong value, at the value.
    fn sch003(&self, message: String, help: Option<String>) -> Vec<Mapped> {
        let mut d = self
            .subject
            .diagnostic(EngineCode::Sch003, message)
            .at_opt(self.node_span(&self.pointer));
        if let Some(h) = help {
            d = d.help(h);
        }
        vec![self.mapped(EngineCode::Sch003, self.pointer.clone(), d)]
    }

    fn required(&self, name: &str) -> Vec<Mapped> {
        let schema = self.subject.schema;
        let parent = schema_node(schema, parent_location(&self.location));
        let desc = parent
            .and_then(|p| p.get("properties"))
            .and_then(|p| p.get(name))
            .and_then(|p| {
                let p = match p
                    .get("$ref")
                    .and_then(Value::as_str)
                    .and_then(|r| r.strip_prefix('#'))
                {
                    Some(t) if p.get("description").is_none() => schema.pointer(t).unwrap_or(p),
                    _ => p,
                };
                super::wording::description(p)
            });
        let span = if self.pointer.is_empty() {
            self.subject.head.or_else(|| self.key_span(""))
        } else {
            self.key_span(&self.pointer)
        };
        let whose = self.whose();
        let d = self
            .subject
            .diagnostic(
                EngineCode::Sch001,
                tr!(
                    "{whose} has no `{name}`, which is required",
                    "{whose}に必須の `{name}` がない"
                ),
            )
            .at_opt(span)
            .help(match desc {
                Some(desc) => tr!(
                    "Add `{name}`: {desc}.",
                    "`{name}` を追加してください: {desc}。"
                ),
                None => tr!("Add `{name}`.", "`{name}` を追加してください。"),
            });
        let mut p = self.pointer.clone();
        push_segment(&mut p, name);
        vec![self.mapped(EngineCode::Sch001, p, d)]
    }

    fn unknown_fields(&self, unexpected: &[String]) -> Vec<Mapped> {
        let node = schema_node(self.subject.schema, parent_location(&self.location));
        let known: Vec<String> = node
            .and_then(|n| n.get("properties"))
            .and_then(Value::as_object)
            .map(|m| m.keys().cloned().collect())
            .unwrap_or_default();
        let what = match self.subject.unknown {
            Some(what) if self.pointer.is_empty() => what.to_owned(),
            _ if self.pointer.is_empty() => {
                tr!("a field of {}", "{}の項目", self.subject.noun)
            }
            _ => tr!("a field of `{}`", "`{}` の項目", self.field),
        };
        unexpected
            .iter()
            .map(|name| {
                let mut p = self.pointer.clone();
                push_segment(&mut p, name);
                let span = self
                    .own_key_span(&p)
                    .or_else(|| self.key_span(&self.pointer));
                let mut d = self
                    .subject
                    .diagnostic(
                        EngineCode::Sch002,
                        tr!("`{name}` is not {what}", "`{name}` は{what}ではない"),
                    )
                    .at_opt(span);
                let props = node
                    .and_then(|n| n.get("properties"))
                    .and_then(Value::as_object);
                let by_term = props.and_then(|p| suggest::field_by_term(name, p));
                let likely = by_term.or(closest(name, &known)
                    .as_deref()
                    .and_then(|s| known.iter().find(|k| k.as_str() == s).map(String::as_str)));
                let renames = likely.map(|f| {
                    let mut r = self.pointer.clone();
                    push_segment(&mut r, f);
                    r
                });
                d = match (closest(name, &known), by_term) {
                    (_, Some(f)) => d.help(tr!(
                        "`{name}` is what `{f}` holds: write `{f}:` instead of `{name}:`.",
                        "`{name}` は `{f}` に書く内容です。`{name}:` ではなく `{f}:` と書いてください。"
                    )),
                    (Some(s), None) => d.help(tr!(
                        "did you mean `{s}`?",
                        "`{s}` の誤りではありませんか？"
                    )),
                    (None, None) if !known.is_empty() => d.help(tr!(
                        "Known fields here: {}.",
                        "ここで使える項目: {}。",
                        known.join(", ")
                    )),
                    (None, None) => d,
                };
                Mapped {
                    renames,
                    ..self.mapped(EngineCode::Sch002, p, d)
                }
            })
            .collect()
    }

    fn not_allowed(&self, options: &Value) -> Vec<Mapped> {
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
        let node = schema_node(self.subject.schema, parent_location(&self.location));
        let term = self
            .instance
            .as_str()
            .and_then(|v| Some((v, suggest::value_by_term(v, node?)?)));
        let help = match (term, self.instance.as_str().and_then(|s| closest(s, &opts))) {
            (Some((v, t)), _) => tr!(
                "`{v}` is `{t}` in grclint's levels: write `{}: {t}`. Allowed: {}.",
                "`{v}` は grclint の区分では `{t}` です。`{}: {t}` と書いてください。使える値: {}。",
                last_segment(&self.pointer),
                opts.join(", ")
            ),
            (None, Some(s)) => tr!(
                "did you mean `{s}`? Allowed: {}.",
                "`{s}` の誤りではありませんか？ 使える値: {}。",
                opts.join(", ")
            ),
            (None, None) => tr!(
                "Use one of: {}.",
                "次のいずれかを使ってください: {}。",
                opts.join(", ")
            ),
        };
        self.sch003(
            tr!(
                "{} is {}, which is not an allowed value",
                "{}が {} になっており、使える値ではない",
                self.whose(),
                describe(self.instance)
            ),
            Some(help),
        )
    }

    fn wrong_type(&self, kind: &jsonschema::error::TypeKind) -> Vec<Mapped> {
        let want = match kind {
            jsonschema::error::TypeKind::Single(t) => wanted_type(&format!("{t}")).to_owned(),
            jsonschema::error::TypeKind::Multiple(ts) => ts
                .iter()
                .map(|t| wanted_type(&format!("{t}")))
                .collect::<Vec<_>>()
                .join(crate::i18n::t(" or ", "または")),
        };
        let help = if want == TEXT.now() && self.instance.is_number() {
            Some(
                crate::i18n::t(
                    "Write it in quotes (for example '007'): YAML reads unquoted digits as a number.",
                    "引用符で囲んでください（例: '007'）。YAML は引用符のない数字を数値として読みます。",
                )
                .to_owned(),
            )
        } else if want == MAPPING.now()
            && let Some(shape) = schema_node(self.subject.schema, parent_location(&self.location))
                .and_then(suggest::shape)
        {
            Some(tr!(
                "Write it as a set of fields: `{}: {shape}`.",
                "項目の組として書いてください: `{}: {shape}`。",
                last_segment(&self.pointer)
            ))
        } else if self.instance.is_null() {
            Some(tr!(
                "Fill in `{}`, or remove the line.",
                "`{}` を記入するか、その行を削除してください。",
                last_segment(&self.pointer)
            ))
        } else {
            None
        };
        self.sch003(
            tr!(
                "{} must be {want}, not {}",
                "{}は{}ではなく{want}でなければならない",
                self.whose(),
                type_name(self.instance)
            ),
            help,
        )
    }

    /// A value not in its form: a `format` it fails, or a `pattern` of a node whose
    /// `format` names what the value should be (`date`, `duration`).
    fn wrong_form(&self, failed_format: Option<&str>) -> Vec<Mapped> {
        let location = parent_location(&self.location);
        let node = schema_node(self.subject.schema, location);
        let format = failed_format.or_else(|| {
            schema_node_through_refs(self.subject.schema, location)?
                .get("format")?
                .as_str()
        });
        let (whose, v) = (self.whose(), describe(self.instance));
        let text = self.instance.as_str().unwrap_or_default();
        // Read as the spreadsheet import reads dates: `2024/12/5`, `２０２４-１２-０５`, 2024年….
        let date_help = match crate::sheet::dates::parse_date(text) {
            Some(d) => tr!(
                "Write the date as YYYY-MM-DD: `{}: {d}`.",
                "日付は YYYY-MM-DD の形で書いてください: `{}: {d}`。",
                last_segment(&self.pointer)
            ),
            None => crate::i18n::t(
                "Write the date as YYYY-MM-DD, for example 2025-04-01.",
                "日付は YYYY-MM-DD の形で書いてください（例: 2025-04-01）。",
            )
            .to_owned(),
        };
        let full_width = if suggest::has_full_width_digits(text) {
            crate::i18n::t(
                " (its digits are full-width: type them in half-width, 0-9)",
                "（数字が全角になっている。半角の 0-9 で入力する）",
            )
        } else {
            ""
        };
        match (format, failed_format.is_some()) {
            (Some("date"), true) => self.sch003(
                tr!(
                    "{whose} is {v}, which is not a real calendar date",
                    "{whose}が {v} になっており、実在する日付ではない"
                ),
                Some(date_help),
            ),
            (Some("date"), false) => self.sch003(
                tr!(
                    "{whose} is {v}, which is not a date{full_width}",
                    "{whose}が {v} になっており、日付ではない{full_width}"
                ),
                Some(date_help),
            ),
            (Some("duration"), _) => self.sch003(
                tr!(
                    "{whose} is {v}, which is not a duration",
                    "{whose}が {v} になっており、期間ではない"
                ),
                Some(
                    crate::i18n::t(
                        "Write a duration such as 90d, 12w, 18mo, 5y, 24h, or ISO 8601 P5Y, P18M, PT24H.",
                        "期間は 90d、12w、18mo、5y、24h、または ISO 8601 の P5Y、P18M、PT24H のように書いてください。",
                    )
                    .to_owned(),
                ),
            ),
            _ if failed_format.is_some() => {
                self.sch003(format!("{whose}: {}", self.err), None)
            }
            _ => {
                let what = node.and_then(super::wording::description);
                self.sch003(
                    tr!(
                        "{whose} is {v}, which is not in the expected form",
                        "{whose}が {v} になっており、求められる形ではない"
                    ),
                    what.map(|w| tr!("Expected: {w}.", "求められる形: {w}。")),
                )
            }
        }
    }

    fn no_branch(&self, context: &[Vec<jsonschema::ValidationError<'_>>]) -> Vec<Mapped> {
        let node = schema_node(self.subject.schema, &self.location);
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
        let whose = self.whose();
        if !needs.is_empty() && needs.len() == branches.len() {
            let span = if self.pointer.is_empty() {
                self.subject.head
            } else {
                self.key_span(&self.pointer)
            };
            let d = self
                .subject
                .diagnostic(
                    EngineCode::Sch001,
                    tr!(
                        "{whose} needs {}",
                        "{whose}には {} が必要",
                        needs.join(crate::i18n::t(" or ", " または "))
                    ),
                )
                .at_opt(span);
            return vec![self.mapped(EngineCode::Sch001, self.pointer.clone(), d)];
        }
        // The branch of the value's own type explains the problem best.
        for (i, errors) in context.iter().enumerate() {
            let type_ok = !errors.iter().any(|e| {
                matches!(
                    e.kind(),
                    ValidationErrorKind::Type { .. } | ValidationErrorKind::Constant { .. }
                ) && e.instance_path().as_str() == self.pointer
            });
            let branch_is_typed = branches
                .get(i)
                .is_some_and(|b| b.get("type").is_some() || b.get("$ref").is_some());
            if type_ok && branch_is_typed && !errors.is_empty() {
                return errors
                    .iter()
                    .flat_map(|e| map_error(e, self.subject))
                    .collect();
            }
        }
        let texts: Vec<String> = branches
            .iter()
            .map(|b| branch_text(self.subject.schema, b))
            .collect();
        let v = describe(self.instance);
        let msg = if texts.is_empty() {
            tr!(
                "{whose} is {v}, which is not allowed here",
                "{whose}が {v} になっており、ここでは使えない"
            )
        } else {
            tr!(
                "{whose} is {v}; it must be one of: {}",
                "{whose}が {v} になっている。次のいずれかでなければならない: {}",
                texts.join(crate::i18n::t("; or ", "、または "))
            )
        };
        self.sch003(msg, None)
    }

    fn bad_key(&self, error: &jsonschema::ValidationError<'_>) -> Vec<Mapped> {
        let name = error.instance().as_str().unwrap_or_default().to_owned();
        let mut p = self.pointer.clone();
        push_segment(&mut p, &name);
        let span = self.own_key_span(&p);
        let mut d = self
            .subject
            .diagnostic(
                EngineCode::Sch003,
                tr!(
                    "`{name}` is not allowed as a key of {}",
                    "`{name}` は{}のキーとして使えない",
                    self.whose()
                ),
            )
            .at_opt(span);
        // Keys that name rules (a config's `rule_settings`): the schema says so.
        // (The error's location is the `propertyNames` keyword it failed, e.g. its pattern.)
        let names = schema_node(self.subject.schema, parent_location(&self.location));
        if names
            .and_then(|n| n.get("x-suggest"))
            .and_then(Value::as_str)
            == Some("codes")
        {
            d = d.help(match closest(&name, &crate::builtin::known_codes()) {
                Some(code) => tr!("did you mean `{code}`?", "`{code}` の誤りではありませんか？"),
                None => crate::i18n::t(
                    "Write the rule's code, such as AST001 (`grclint rules` lists them).",
                    "AST001 のようなルールのコードを書いてください（`grclint rules` で一覧を表示できます）。",
                )
                .to_owned(),
            });
        }
        vec![self.mapped(EngineCode::Sch003, p, d)]
    }
}
