//! Validate: each record against its kind's JSON Schema, then references and ids.

pub mod export;
pub mod kinds;
pub mod messages;
pub mod suggest;
mod wording;

use crate::diagnostic::{Diagnostic, EngineCode, RecordRef};
use crate::index::Index;
use crate::load::Record;
use crate::source::Sources;
use kinds::Kinds;
use messages::{Subject, map_error};
use rayon::prelude::*;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

/// "this asset", "this incident plan"
pub fn noun(kind: &str) -> String {
    format!("this {}", kind.replace('_', " "))
}

/// Checks every record against its schema: per record, whether it passed and its findings.
pub fn schema_results(
    records: &[Record],
    kinds: &Kinds,
    sources: &Sources,
) -> Vec<(bool, Vec<Diagnostic>)> {
    records
        .par_iter()
        .map(|r| {
            let file = sources.get(r.file);
            let Some(def) = kinds.get(&r.kind) else {
                let span = r.span_of("/kind").filter(|_| r.value.get("kind").is_some()).or_else(|| r.head_span(file));
                let mut d = Diagnostic::error(EngineCode::Knd001, format!("`{}` is not a kind grclint knows", r.kind)).at_opt(span);
                let known: Vec<String> = kinds.names().map(str::to_owned).collect();
                d = match messages::closest(&r.kind, &known) {
                    Some(k) => d.help(format!("did you mean `{k}`?")),
                    None => d.help(format!(
                        "Use one of: {}; or add `{}.schema.json` to a folder listed under `schemas:` in .grclint.yaml.",
                        known.join(", "),
                        r.kind
                    )),
                };
                return (false, vec![d.record(record_ref(r, ""))]);
            };
            let mut diags = Vec::new();
            // Most records are valid: the fast check first, the detailed errors only if not.
            if def.validator.is_valid(&r.value) {
                return (true, Vec::new());
            }
            let noun = noun(&r.kind);
            let subject = Subject { file: r.file, spans: r.spans(), noun: &noun, head: r.head_span(file), schema: &def.schema, code: None, unknown: None };
            let mut blamed_values = HashSet::new();
            let mut found = Vec::new();
            for err in def.validator.iter_errors(&r.value) {
                for m in map_error(&err, &subject) {
                    // One wrong-value finding per node is enough: the first says what to fix.
                    if m.code == EngineCode::Sch003 && !blamed_values.insert(m.pointer.clone()) {
                        continue;
                    }
                    found.push(m);
                }
            }
            // A key written wrong (`locaton:`, `保管場所:`) is one finding: the missing
            // required field it stands for is the same mistake.
            let renamed: HashSet<String> = found.iter().filter_map(|m| m.renames.clone()).collect();
            for m in found {
                if m.code == EngineCode::Sch001 && renamed.contains(&m.pointer) {
                    continue;
                }
                diags.push(m.diagnostic.record(record_ref(r, &m.pointer)));
            }
            (diags.is_empty(), diags)
        })
        .collect()
}

/// What a dangling reference may have meant, worked out once (only when one dangles):
/// the ids YAML read as numbers, and each record's id by its name.
struct Hints<'r> {
    /// (kind, number) of each `id: 007`.
    numbered: HashSet<(&'r str, i64)>,
    /// (kind, name without spaces) → the id, or None when two records share the name.
    named: HashMap<(&'r str, String), Option<&'r str>>,
}

impl<'r> Hints<'r> {
    fn new(records: &'r [Record]) -> Self {
        let mut h = Hints {
            numbered: HashSet::new(),
            named: HashMap::new(),
        };
        for r in records {
            if let Some(n) = r.value.get("id").and_then(Value::as_i64) {
                h.numbered.insert((r.kind.as_str(), n));
            }
            let (Some(name), Some(id)) =
                (r.value.get("name").and_then(Value::as_str), r.id.as_deref())
            else {
                continue;
            };
            let mut add = |n: &str| {
                let key = (r.kind.as_str(), suggest::squeeze(n));
                let slot = h.named.entry(key).or_insert(Some(id));
                if *slot != Some(id) {
                    *slot = None;
                }
            };
            add(name);
            if let Some(bare) = suggest::without_reading(name) {
                add(bare);
            }
        }
        h
    }

    /// Whether `text` is the number of an `id: 007` of these kinds: its SCH003 covers it.
    fn numbered(&self, kinds: &[&String], text: &str) -> bool {
        text.trim().parse::<i64>().is_ok_and(|n| {
            kinds
                .iter()
                .any(|k| self.numbered.contains(&(k.as_str(), n)))
        })
    }

    /// The id of the one record of these kinds named `text`.
    fn named(&self, kinds: &[&String], text: &str) -> Option<&'r str> {
        let key = suggest::squeeze(text);
        let mut ids = kinds
            .iter()
            .filter_map(|k| *self.named.get(&(k.as_str(), key.clone()))?);
        let id = ids.next()?;
        ids.next().is_none().then_some(id)
    }
}

/// The JSON pointers of the values a record's schema findings reject (SCH003): what rules
/// must not read.
pub fn bad_values(diags: &[Diagnostic]) -> Box<[String]> {
    diags
        .iter()
        .filter(|d| d.code == EngineCode::Sch003)
        .filter_map(|d| d.record.as_ref().map(|r| r.pointer.clone()))
        .collect()
}

/// Checks every record against its schema. Returns, per record, whether it passed.
pub fn schemas(
    records: &[Record],
    kinds: &Kinds,
    sources: &Sources,
    out: &mut Vec<Diagnostic>,
) -> Vec<bool> {
    let results = schema_results(records, kinds, sources);
    let mut ok = Vec::with_capacity(records.len());
    for (passed, diags) in results {
        ok.push(passed);
        out.extend(diags);
    }
    ok
}

pub fn record_ref(r: &Record, pointer: &str) -> RecordRef {
    RecordRef {
        kind: r.kind.clone(),
        id: r.id.clone(),
        pointer: pointer.to_owned(),
    }
}

/// REF001 (a ref names no record) and REF002 (two records of a kind share an id).
/// References to the `unread` kinds (a file of theirs could not be read) are not reported
/// as dangling: the record may be in that file. Returns how many were left unchecked, by
/// kind.
pub fn references(
    records: &[Record],
    kinds: &Kinds,
    index: &Index,
    unread: &BTreeSet<String>,
    out: &mut Vec<Diagnostic>,
) -> BTreeMap<String, usize> {
    for (i, r) in records.iter().enumerate() {
        let Some(id) = &r.id else { continue };
        let first = index.lookup(&r.kind, id);
        if let Some(first) = first.filter(|&f| f != i) {
            let other = &records[first];
            let span = r.span_of("/id");
            let mut d = Diagnostic::error(EngineCode::Ref002, format!("another {} already has the id `{id}`", r.kind.replace('_', " ")))
                .at_opt(span)
                .help("Give each record its own id; references cannot tell two records with one id apart.")
                .record(record_ref(r, "/id"));
            if let Some(s) = other.span_of("/id") {
                d = d.label(s, "first used here");
            }
            out.push(d);
        }
    }
    let hints = std::sync::OnceLock::new();
    let found: Vec<(Vec<Diagnostic>, Vec<&str>)> = records
        .par_iter()
        .map(|r| {
            let mut diags = Vec::new();
            let mut unchecked = Vec::new();
            let Some(def) = kinds.get(&r.kind) else {
                return (diags, unchecked);
            };
            let mut vals = Vec::new();
            let mut ids = Vec::new();
            for field in &def.refs {
                let known: Vec<&String> = field
                    .kinds
                    .iter()
                    .filter(|k| kinds.get(k).is_some())
                    .collect();
                if known.is_empty() {
                    continue;
                }
                // Pointers are made only for a record with a reference that does not resolve.
                ids.clear();
                field.ids(&r.value, &mut ids);
                let resolves =
                    |target: &str| known.iter().any(|k| index.lookup(k, target).is_some());
                if ids.iter().all(|t| resolves(t)) {
                    continue;
                }
                vals.clear();
                field.values(&r.value, &mut vals);
                for (ptr, target) in &vals {
                    if resolves(target) {
                        continue;
                    }
                    // `id: 007` is read as the number 7: its SCH003 covers the `'007'`
                    // that names it.
                    let hints = hints.get_or_init(|| Hints::new(records));
                    if hints.numbered(&known, target) {
                        continue;
                    }
                    if let Some(k) = known.iter().find(|k| unread.contains(k.as_str())) {
                        unchecked.push(k.as_str());
                        continue;
                    }
                    let what = known
                        .iter()
                        .map(|k| k.replace('_', " "))
                        .collect::<Vec<_>>()
                        .join(" or ");
                    let field_name = messages::display_path(ptr);
                    let help = match hints.named(&known, target) {
                        Some(id) => {
                            let key = crate::base::last_segment(ptr);
                            let write = if key.parse::<usize>().is_ok() {
                                format!("`{id}`")
                            } else {
                                format!("`{key}: {id}`")
                            };
                            format!(
                                "{target} is {id}: a reference is written with the id, {write}."
                            )
                        }
                        None => format!(
                            "Use the id of an existing {what} record, or add the missing record."
                        ),
                    };
                    let d = Diagnostic::error(
                        EngineCode::Ref001,
                        format!("`{field_name}` names {what} `{target}`, which does not exist"),
                    )
                    .at_opt(r.span_of(ptr))
                    .help(help)
                    .record(record_ref(r, ptr));
                    diags.push(d);
                }
            }
            (diags, unchecked)
        })
        .collect();
    let mut skipped = BTreeMap::new();
    for (diags, unchecked) in found {
        out.extend(diags);
        for k in unchecked {
            *skipped.entry(k.to_owned()).or_insert(0) += 1;
        }
    }
    skipped
}
