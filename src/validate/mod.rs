//! Validate: each record against its kind's JSON Schema, then references and ids.

pub mod export;
pub mod kinds;
pub mod messages;
mod references;
pub mod suggest;
mod wording;

use crate::diagnostic::{Diagnostic, EngineCode, RecordRef};
use crate::load::Record;
use crate::source::Sources;
use kinds::Kinds;
use messages::{Subject, map_error};
use rayon::prelude::*;
pub use references::{Resolved, duplicates, references, unresolved};
use std::collections::HashSet;
pub use wording::description;

/// "this asset", "this incident plan" (この情報資産)
pub fn noun(kind: &str) -> String {
    let name = crate::i18n::kind_name(kind);
    crate::tr!("this {name}", "この{name}")
}

/// Checks every record against its schema: per record, whether it passed and its findings.
pub fn schema_results(
    records: &[Record],
    kinds: &Kinds,
    sources: &Sources,
) -> Vec<(bool, Vec<Diagnostic>)> {
    records
        .par_iter()
        .map(|r| schema_result(r, kinds, sources))
        .collect()
}

/// One record against its kind's schema: whether it passed, and its findings.
pub fn schema_result(r: &Record, kinds: &Kinds, sources: &Sources) -> (bool, Vec<Diagnostic>) {
    let file = sources.get(r.file);
    let Some(def) = kinds.get(&r.kind) else {
        let span = r
            .span_of("/kind")
            .filter(|_| r.value.get("kind").is_some())
            .or_else(|| r.head_span(file));
        let mut d = Diagnostic::error(
            EngineCode::Knd001,
            crate::tr!(
                "`{}` is not a kind grclint knows",
                "`{}` は grclint が知らない種別",
                r.kind
            ),
        )
        .at_opt(span);
        let known: Vec<String> = kinds.names().map(str::to_owned).collect();
        let path = &file.path;
        d = match messages::closest(&r.kind, &known) {
            Some(k) => d.help(crate::tr!(
                "did you mean `{k}`? If {path} is not a governance record, add it to `exclude` in .grclint.yaml (or pass `--exclude {path}`).",
                "`{k}` の誤りではありませんか？ {path} が管理記録でなければ、.grclint.yaml の `exclude` に加えてください（または `--exclude {path}` を指定します）。"
            )),
            None => d.help(crate::tr!(
                "Use one of: {}; or add `{}.schema.json` to a folder listed under `schemas:` in .grclint.yaml. If {path} is not a governance record, add it to `exclude` in .grclint.yaml (or pass `--exclude {path}`).",
                "次のいずれかを使ってください: {}。または .grclint.yaml の `schemas:` に挙げたフォルダーに `{}.schema.json` を追加します。{path} が管理記録でなければ、.grclint.yaml の `exclude` に加えてください（または `--exclude {path}` を指定します）。",
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
    let subject = Subject {
        file: r.file,
        spans: r.spans(),
        noun: &noun,
        head: r.head_span(file),
        schema: &def.schema,
        code: None,
        unknown: None,
    };
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

/// What a finding says of its record. An SoA entry has no `id`: its control stands for one,
/// so that its findings keep their fingerprints (baseline, `--changed-since`) and a waiver can
/// name it (`target: A.8.8`).
pub fn record_ref(r: &Record, pointer: &str) -> RecordRef {
    let control = || {
        (r.kind == "soa")
            .then(|| r.value.get("control")?.as_str().map(str::to_owned))
            .flatten()
    };
    RecordRef {
        kind: r.kind.clone(),
        id: r.id.clone().or_else(control),
        pointer: pointer.to_owned(),
    }
}
