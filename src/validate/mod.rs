//! Validate: each record against its kind's JSON Schema, then references and ids.

pub mod export;
pub mod kinds;
pub mod messages;
mod wording;

use crate::diagnostic::{Diagnostic, EngineCode, RecordRef};
use crate::index::Index;
use crate::load::Record;
use crate::source::Sources;
use kinds::Kinds;
use messages::{Subject, map_error};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet, HashSet};

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
            for err in def.validator.iter_errors(&r.value) {
                for m in map_error(&err, &subject) {
                    // One wrong-value finding per node is enough: the first says what to fix.
                    if m.code == EngineCode::Sch003 && !blamed_values.insert(m.pointer.clone()) {
                        continue;
                    }
                    diags.push(m.diagnostic.record(record_ref(r, &m.pointer)));
                }
            }
            (diags.is_empty(), diags)
        })
        .collect()
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
                    let d = Diagnostic::error(
                        EngineCode::Ref001,
                        format!("`{field_name}` names {what} `{target}`, which does not exist"),
                    )
                    .at_opt(r.span_of(ptr))
                    .help(format!(
                        "Use the id of an existing {what} record, or add the missing record."
                    ))
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
