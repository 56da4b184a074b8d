//! The import's findings: the ledger about to be written is loaded and checked against its
//! schema and the repository's records exactly as `grclint check` loads and checks it, and
//! each finding is placed back at the sheet cell its value came from.

use crate::diagnostic::{Diagnostic, Severity};
use crate::index::Index;
use crate::load::{self, Record, Spans};
use crate::pipeline::Analysis;
use crate::source::{FileId, SourceFile, Sources};
use crate::validate;
use serde_json::json;

/// The ledger's text checked: its source (for line numbers) and what is wrong with it.
pub struct Checked {
    pub source: SourceFile,
    pub diagnostics: Vec<Diagnostic>,
}

/// Schema and reference findings on `text`, the ledger that will be at `rel` (records of
/// the repository in that file are replaced by it).
pub fn check(text: &str, rel: &str, kind: &str, repo: &Analysis) -> Checked {
    let file = FileId(0);
    let source = SourceFile::new(rel.to_owned(), None, text.into());
    let claims = |k: &str| repo.kinds.claims(k);
    let loaded = load::load_text(source, file, Some(kind), &claims, &repo.settings.limits);
    let mut diagnostics = loaded.diagnostics;
    let mut sources = Sources::default();
    sources.add(loaded.source);
    validate::schemas(&loaded.records, &repo.kinds, &sources, &mut diagnostics);

    // The rest of the repository, by id only: what references may name, what ids are taken.
    let mut all: Vec<Record> = repo
        .world
        .records
        .iter()
        .filter(|r| r.id.is_some() && repo.sources.get(r.file).path != rel)
        .map(|r| Record {
            file,
            kind: r.kind.clone(),
            id: r.id.clone(),
            value: json!({ "id": r.id }),
            spans: Spans::Ready(Default::default()),
        })
        .collect();
    let elsewhere: Vec<(String, String, String)> = repo
        .world
        .records
        .iter()
        .filter(|r| repo.sources.get(r.file).path != rel)
        .filter_map(|r| {
            let id = r.id.clone()?;
            Some((r.kind.clone(), id, repo.sources.get(r.file).path.clone()))
        })
        .collect();
    all.extend(loaded.records);
    let index = Index::build(&all, &repo.kinds);
    let mut refs = Vec::new();
    validate::references(&all, &repo.kinds, &index, &mut refs);
    for mut d in refs.into_iter().filter(|d| d.primary.is_some()) {
        if d.code == "REF002" && d.labels.is_empty() {
            let rec = d.record.as_ref();
            if let Some((_, _, path)) = elsewhere
                .iter()
                .find(|(k, id, _)| rec.is_some_and(|r| &r.kind == k && r.id.as_ref() == Some(id)))
            {
                d = d.note(format!("the other one is in {path}"));
            }
        }
        diagnostics.push(d);
    }
    diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    diagnostics.dedup();
    let source = sources_into_first(sources);
    Checked {
        source,
        diagnostics,
    }
}

fn sources_into_first(sources: Sources) -> SourceFile {
    let (_, f) = sources.iter().next().expect("the ledger was added");
    SourceFile::new(f.path.clone(), None, f.text.clone())
}

/// One line of the import's report.
pub fn render(place: &str, d: &Diagnostic, out: &mut String) {
    let sev = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "info",
    };
    let id = d
        .record
        .as_ref()
        .and_then(|r| r.id.as_deref())
        .map(|id| format!(" ({id})"))
        .unwrap_or_default();
    out.push_str(&format!("{place}{id}: {sev}[{}]: {}\n", d.code, d.message));
    if let Some(h) = &d.help {
        out.push_str(&format!("  help: {h}\n"));
    }
    for n in &d.notes {
        out.push_str(&format!("  note: {n}\n"));
    }
}
