//! One checked document: every YAML file grclint reads for itself (the config, a rule file)
//! goes through `check`: loaded with spans → checked against its JSON Schema → read into a
//! typed struct. Every problem is a diagnostic at its key, under the document's code.

use crate::diagnostic::{Diagnostic, EngineCode, Span};
use crate::load::spans::SpanTable;
use crate::load::{Limits, yaml};
use crate::source::FileId;
use crate::validate::messages::{Subject, map_error};
use serde::Deserialize;
use serde::de::{DeserializeOwned, Deserializer, MapAccess, Visitor};
use serde_json::Value;
use std::marker::PhantomData;

/// What kind of document a file is, and how to speak of it.
pub struct Spec<'a> {
    /// The code of every problem (CFG001 for the config, CFG002 for a rule file).
    pub code: EngineCode,
    pub schema: &'a Value,
    pub validator: &'a jsonschema::Validator,
    /// "the config", "this rule"
    pub noun: &'a str,
    /// What a key the schema does not know at the top is not (see `Subject::unknown`).
    pub unknown: Option<&'a str>,
    pub documents: Documents,
}

/// How many YAML documents the file may hold.
pub enum Documents {
    /// The first is read; an empty file is an empty mapping.
    First,
    /// Exactly one; otherwise this message, at the file's start.
    One(String),
}

/// A document that passed its schema, as a typed value, with its spans.
pub struct Checked<T> {
    pub value: T,
    pub file: FileId,
    pub spans: SpanTable,
}

impl<T> Checked<T> {
    /// The span of the value at a pointer (or of its nearest present parent).
    pub fn value_span(&self, pointer: &str) -> Option<Span> {
        value_span(&self.spans, self.file, pointer)
    }
}

pub fn value_span(spans: &SpanTable, file: FileId, pointer: &str) -> Option<Span> {
    spans
        .nearest(pointer)
        .map(|(_, s)| Span::new(file, s.value.0, s.value.1))
}

pub fn check<T: DeserializeOwned>(
    file: FileId,
    text: &str,
    spec: &Spec<'_>,
) -> Result<Checked<T>, Vec<Diagnostic>> {
    let codes = yaml::Codes::all(spec.code);
    let parsed = yaml::parse_as(text, 0, file, &Limits::default(), codes);
    let mut errors = parsed.diagnostics;
    if parsed.refused {
        return Err(errors);
    }
    let head = Span::new(file, 0, 0);
    let (value, spans) = match (&spec.documents, parsed.documents.len()) {
        (Documents::One(_), 1) | (Documents::First, 1..) => {
            let doc = parsed.documents.into_iter().next().expect("a document");
            (doc.value, SpanTable::from_entries(doc.spans))
        }
        (Documents::First, _) => (Value::Null, SpanTable::default()),
        (Documents::One(message), _) => {
            errors.push(Diagnostic::error(spec.code, message.clone()).at(head));
            return Err(errors);
        }
    };
    let value = match (&spec.documents, value) {
        (Documents::First, Value::Null) => Value::Object(Default::default()),
        (_, v) => v,
    };
    let subject = Subject {
        file,
        spans: &spans,
        noun: spec.noun,
        head: Some(head),
        schema: spec.schema,
        code: Some(spec.code),
        unknown: spec.unknown,
    };
    for err in spec.validator.iter_errors(&value) {
        errors.extend(map_error(&err, &subject).into_iter().map(|m| m.diagnostic));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    // The schema admits only what the struct reads: a failure here is a bug, still reported.
    match serde_json::from_value(value) {
        Ok(value) => Ok(Checked { value, file, spans }),
        Err(e) => Err(vec![
            Diagnostic::error(
                spec.code,
                crate::tr!("{} cannot be read: {e}", "{}を読み取れない: {e}", spec.noun),
            )
            .at(head),
        ]),
    }
}

/// A mapping read in the order it was written (`kinds:` globs are tried in that order).
#[derive(Clone, Debug)]
pub struct Pairs<V>(pub Vec<(String, V)>);

impl<V> Default for Pairs<V> {
    fn default() -> Self {
        Pairs(Vec::new())
    }
}

impl<V> Pairs<V> {
    pub fn get(&self, key: &str) -> Option<&V> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    pub fn iter(&self) -> impl Iterator<Item = (&String, &V)> {
        self.0.iter().map(|(k, v)| (k, v))
    }
}

impl<'de, V: Deserialize<'de>> Deserialize<'de> for Pairs<V> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Ordered<V>(PhantomData<V>);
        impl<'de, V: Deserialize<'de>> Visitor<'de> for Ordered<V> {
            type Value = Pairs<V>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a mapping")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Pairs<V>, A::Error> {
                let mut out = Vec::new();
                while let Some(entry) = map.next_entry()? {
                    out.push(entry);
                }
                Ok(Pairs(out))
            }
        }
        d.deserialize_map(Ordered(PhantomData))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Doc {
        globs: Pairs<Vec<String>>,
        #[serde(default)]
        limits: crate::load::Limits,
    }

    fn spec<'a>(
        schema: &'a Value,
        validator: &'a jsonschema::Validator,
        docs: Documents,
    ) -> Spec<'a> {
        Spec {
            code: EngineCode::Cfg001,
            schema,
            validator,
            noun: "the test file",
            unknown: Some("a key the test knows"),
            documents: docs,
        }
    }

    #[test]
    fn a_document_is_parsed_checked_and_typed_in_one_pass() {
        let schema = serde_json::json!({
            "type": "object",
            "properties": {"globs": {"type": "object"}, "limits": {"type": "object"}},
            "required": ["globs"],
            "additionalProperties": false
        });
        let validator = crate::validate::kinds::compile(&schema).unwrap();
        let text = "globs:\n  b: [x]\n  a: [y]\nlimits: {max_depth: 1e2}\n";
        let ok: Checked<Doc> = check(
            FileId(0),
            text,
            &spec(&schema, &validator, Documents::First),
        )
        .unwrap();
        let keys: Vec<&String> = ok.value.globs.iter().map(|(k, _)| k).collect();
        assert_eq!(keys, ["b", "a"], "written order is kept");
        assert_eq!(ok.value.limits.max_depth, 100);
        assert_eq!(
            ok.value_span("/globs/a"),
            Some(Span::new(FileId(0), 21, 24))
        );

        let bad = check::<Doc>(
            FileId(0),
            "globs: {}\nglobz: 1\n",
            &spec(&schema, &validator, Documents::First),
        )
        .err()
        .unwrap();
        assert_eq!(bad.len(), 1);
        assert_eq!(bad[0].code, "CFG001");
        assert_eq!(bad[0].message, "`globz` is not a key the test knows");
        assert_eq!(bad[0].primary, Some(Span::new(FileId(0), 10, 15)));

        let two = check::<Doc>(
            FileId(0),
            "globs: {}\n---\nglobs: {}\n",
            &spec(&schema, &validator, Documents::One("one, please".into())),
        )
        .err()
        .unwrap();
        assert_eq!(two[0].message, "one, please");
    }
}
