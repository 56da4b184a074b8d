//! Kinds: a name and a compiled JSON Schema. Built-in schemas are embedded; user schemas
//! from the config's `schemas:` folders add kinds or replace built-in ones.

use crate::diagnostic::{Diagnostic, EngineCode, Span};
use crate::source::{FileId, SourceFile, Sources};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

/// The built-in `isms` pack's kinds: every kind schema of `schemas/`.
pub use crate::builtin::BUILTIN_KINDS as BUILTIN;
pub const CONFIG_SCHEMA: &str = include_str!("../../schemas/config.schema.json");
pub const RULE_SCHEMA: &str = include_str!("../../schemas/rule.schema.json");

/// A field that holds references: where it is (`owner/person`, `access/*`) and to what.
#[derive(Clone, Debug)]
pub struct RefField {
    /// Path segments; `*` stands for every element of a list.
    pub path: Vec<String>,
    pub kinds: Vec<String>,
    /// Values starting with this are not references (`insurance:` in `transfer_to`).
    pub ignore_prefix: Option<String>,
}

pub struct KindDef {
    pub name: String,
    pub schema: Value,
    pub validator: jsonschema::Validator,
    pub refs: Vec<RefField>,
    /// Where the schema came from, for `grclint schema` and messages.
    pub origin: String,
}

#[derive(Default)]
pub struct Kinds {
    pub defs: BTreeMap<String, KindDef>,
}

/// A schema compiled as grclint checks records: 2020-12, formats checked, and the format
/// `duration` (90d, 12w, 18mo, 5y, 24h, P5Y: what the rules' date functions compute with).
pub fn compile(schema: &Value) -> Result<jsonschema::Validator, String> {
    jsonschema::options()
        .with_draft(jsonschema::Draft::Draft202012)
        .should_validate_formats(true)
        .with_format("duration", |s: &str| {
            matches!(crate::evaluate::dates::parse_duration(s), Ok(Some(_)))
        })
        .build(schema)
        .map_err(|e| e.to_string())
}

impl Kinds {
    pub fn get(&self, kind: &str) -> Option<&KindDef> {
        self.defs.get(kind)
    }

    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.defs.keys().map(String::as_str)
    }

    /// Whether a `kind:` value is meant for grclint: a known kind, or a near miss of one.
    pub fn claims(&self, kind: &str) -> bool {
        self.defs.contains_key(kind) || self.near(kind).is_some()
    }

    /// The kind this one is a near miss of (at most two edits, the closest first).
    fn near(&self, kind: &str) -> Option<&str> {
        self.defs
            .keys()
            .map(|k| {
                (
                    strsim::damerau_levenshtein(&k.to_lowercase(), &kind.to_lowercase()),
                    k,
                )
            })
            .filter(|(d, _)| *d <= 2)
            .min()
            .map(|(_, k)| k.as_str())
    }

    pub fn insert(&mut self, name: &str, schema: Value, origin: String) -> Result<(), String> {
        let validator = compile(&schema)?;
        let mut refs = Vec::new();
        collect_refs(&schema, &schema, &mut Vec::new(), &mut refs, 0);
        self.defs.insert(
            name.to_owned(),
            KindDef {
                name: name.to_owned(),
                schema,
                validator,
                refs,
                origin,
            },
        );
        Ok(())
    }

    /// The built-in kinds (when the `isms` pack is on), then the user's schema folders.
    pub fn load(
        packs: &[String],
        schema_dirs: &[std::path::PathBuf],
        root: &Path,
        sources: &mut Sources,
    ) -> Result<Kinds, Vec<Diagnostic>> {
        let mut kinds = Kinds::default();
        if packs.iter().any(|p| p == "isms") {
            for (name, text) in BUILTIN {
                let schema: Value =
                    serde_json::from_str(text).expect("built-in schemas are valid JSON");
                kinds
                    .insert(
                        name,
                        schema,
                        format!("<built-in>/schemas/{name}.schema.json"),
                    )
                    .expect("built-in schemas compile");
            }
        }
        let mut errors = Vec::new();
        for dir in schema_dirs {
            let mut files: Vec<_> = match std::fs::read_dir(dir) {
                Ok(rd) => rd.flatten().map(|e| e.path()).collect(),
                Err(e) => {
                    errors.push(Diagnostic::error(
                        EngineCode::Cfg003,
                        crate::tr!(
                            "cannot read the schema folder {}: {e}",
                            "スキーマのフォルダ {} を読み取れない: {e}",
                            dir.display()
                        ),
                    ));
                    continue;
                }
            };
            files.sort();
            for path in files {
                if let Err(d) = kinds.load_file(&path, root, sources) {
                    errors.push(*d);
                }
            }
        }
        if errors.is_empty() {
            Ok(kinds)
        } else {
            Err(errors)
        }
    }

    /// One `<kind>.schema.json` of a schema folder (other files are left alone).
    fn load_file(
        &mut self,
        path: &Path,
        root: &Path,
        sources: &mut Sources,
    ) -> Result<(), Box<Diagnostic>> {
        let Some(name) = path
            .file_name()
            .and_then(|n| n.to_str())
            .and_then(|n| n.strip_suffix(".schema.json"))
        else {
            return Ok(());
        };
        let rel = crate::base::relative(root, path).unwrap_or_else(|| path.display().to_string());
        // A regular file only: a FIFO would block, a symlink could lead anywhere.
        let text = crate::source::read_regular(path, 4 * 1024 * 1024).map_err(|e| {
            Diagnostic::error(
                EngineCode::Cfg003,
                crate::tr!(
                    "cannot read the schema {rel}: {e}",
                    "スキーマ {rel} を読み取れない: {e}"
                ),
            )
        })?;
        let file = sources.add(SourceFile::new(
            rel.clone(),
            Some(path.to_path_buf()),
            Arc::from(text.as_str()),
        ));
        let schema: Value = serde_json::from_str(&text).map_err(|e| {
            let at = byte_at(sources, file, e.line(), e.column());
            Diagnostic::error(
                EngineCode::Cfg003,
                crate::tr!(
                    "the schema for kind `{name}` is not valid JSON: {e}",
                    "種別 `{name}` のスキーマは正しい JSON ではない: {e}"
                ),
            )
            .at(Span::new(file, at, at))
        })?;
        self.insert(name, schema, rel).map_err(|e| {
            let end = sources.get(file).line_end(0);
            Box::new(
                Diagnostic::error(
                    EngineCode::Cfg003,
                    crate::tr!(
"the schema for kind `{name}` cannot be used: {e}",
"種別 `{name}` のスキーマは使えない: {e}"),
                )
                .at(Span::new(file, 0, end))
                .help(crate::i18n::t("A schema may refer only to itself (`#/$defs/…`); grclint never downloads schemas.", "スキーマが参照できるのはそのスキーマ自身（`#/$defs/…`）だけです。grclint はスキーマをダウンロードしません。")),
            )
        })
    }
}

impl crate::load::claim::Known for Kinds {
    fn is_kind(&self, kind: &str) -> bool {
        self.defs.contains_key(kind)
    }

    fn near_miss(&self, kind: &str) -> Option<String> {
        self.near(kind).map(str::to_owned)
    }

    fn has_field(&self, kind: &str, key: &str) -> bool {
        self.get(kind).is_some_and(|d| {
            d.schema
                .get("properties")
                .and_then(|p| p.get(key))
                .is_some()
        })
    }
}

fn byte_at(sources: &Sources, file: FileId, line: usize, col: usize) -> u32 {
    let f = sources.get(file);
    let start = f.line_start(line.saturating_sub(1)).unwrap_or(0);
    (start as usize + col.saturating_sub(1)).min(f.text.len()) as u32
}

/// Finds every `x-ref` field in a schema, following local `$ref`s and combinators.
fn collect_refs(
    root: &Value,
    node: &Value,
    path: &mut Vec<String>,
    out: &mut Vec<RefField>,
    depth: usize,
) {
    if depth > 32 {
        return;
    }
    let Value::Object(m) = node else { return };
    if let Some(x) = m.get("x-ref") {
        let kinds: Vec<String> = match x {
            Value::String(s) => vec![s.clone()],
            Value::Array(a) => a
                .iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect(),
            _ => Vec::new(),
        };
        let ignore_prefix = m
            .get("x-ref-ignore-pattern")
            .and_then(Value::as_str)
            .map(|p| p.trim_start_matches('^').to_owned());
        if !kinds.is_empty() {
            out.push(RefField {
                path: path.clone(),
                kinds,
                ignore_prefix,
            });
        }
    }
    if let Some(r) = m
        .get("$ref")
        .and_then(Value::as_str)
        .and_then(|r| r.strip_prefix('#'))
        && let Some(t) = root.pointer(r)
    {
        collect_refs(root, t, path, out, depth + 1);
    }
    if let Some(Value::Object(props)) = m.get("properties") {
        for (k, v) in props {
            path.push(k.clone());
            collect_refs(root, v, path, out, depth + 1);
            path.pop();
        }
    }
    if let Some(items) = m.get("items") {
        path.push("*".to_owned());
        collect_refs(root, items, path, out, depth + 1);
        path.pop();
    }
    for key in ["anyOf", "oneOf", "allOf"] {
        if let Some(Value::Array(bs)) = m.get(key) {
            for b in bs {
                collect_refs(root, b, path, out, depth + 1);
            }
        }
    }
}

impl RefField {
    /// Every (pointer, id) this field holds in a record.
    pub fn values<'v>(&self, value: &'v Value, out: &mut Vec<(String, &'v str)>) {
        self.walk(value, &self.path, &mut Some(String::new()), &mut |p, s| {
            out.push((p.cloned().unwrap_or_default(), s))
        });
    }

    /// Every id this field holds in a record (no pointers: nothing is allocated).
    pub fn ids<'v>(&self, value: &'v Value, out: &mut Vec<&'v str>) {
        self.walk(value, &self.path, &mut None, &mut |_, s| out.push(s));
    }

    fn walk<'v>(
        &self,
        v: &'v Value,
        path: &[String],
        ptr: &mut Option<String>,
        out: &mut dyn FnMut(Option<&String>, &'v str),
    ) {
        let Some((seg, rest)) = path.split_first() else {
            if let Value::String(s) = v
                && !self
                    .ignore_prefix
                    .as_deref()
                    .is_some_and(|p| !p.is_empty() && s.starts_with(p))
            {
                out(ptr.as_ref(), s);
            }
            return;
        };
        let len = ptr.as_ref().map_or(0, String::len);
        if seg == "*" {
            if let Value::Array(items) = v {
                for (i, item) in items.iter().enumerate() {
                    if let Some(p) = ptr.as_mut() {
                        p.push('/');
                        p.push_str(&i.to_string());
                    }
                    self.walk(item, rest, ptr, out);
                    if let Some(p) = ptr.as_mut() {
                        p.truncate(len);
                    }
                }
            }
        } else if let Some(child) = v.as_object().and_then(|m| crate::load::field(m, seg)) {
            if let Some(p) = ptr.as_mut() {
                crate::load::spans::push_segment(p, seg);
            }
            self.walk(child, rest, ptr, out);
            if let Some(p) = ptr.as_mut() {
                p.truncate(len);
            }
        }
    }
}
