//! The import's findings: the ledger about to be written is loaded and checked against its
//! schema and the repository's records exactly as `grclint check` loads and checks it, and
//! each finding is placed back at the sheet cell its value came from.

use super::convert::Layout;
use super::emit::Out;
use super::mapping::Mapping;
use super::merge::Doc;
use super::read::{self, Grid, cell_ref};
use crate::diagnostic::{Diagnostic, Severity};
use crate::index::Index;
use crate::load::{self, Record, Spans};
use crate::pipeline::Workspace;
use crate::source::{FileId, SourceFile, Sources};
use crate::validate;
use serde_json::json;
use std::collections::HashMap;

/// The ledger's text checked: its source (for line numbers) and what is wrong with it.
pub struct Checked {
    pub source: SourceFile,
    pub diagnostics: Vec<Diagnostic>,
}

/// Schema and reference findings on `text`, the ledger that will be at `rel` (records of
/// the repository in that file are replaced by it).
pub fn check(text: &str, rel: &str, kind: &str, repo: &Workspace) -> Checked {
    let file = FileId(0);
    let source = SourceFile::new(rel.to_owned(), None, text.into());
    let claims = |k: &str| repo.kinds().claims(k);
    let loaded = load::load_text(source, file, Some(kind), &claims, &repo.settings().limits);
    let mut diagnostics = loaded.diagnostics;
    let mut sources = Sources::default();
    sources.add(loaded.source);
    validate::schemas(&loaded.records, repo.kinds(), &sources, &mut diagnostics);

    // The rest of the repository, by id only: what references may name, what ids are taken.
    let mut all: Vec<Record> = repo
        .records()
        .iter()
        .filter(|r| r.id.is_some() && repo.sources().get(r.file).path != rel)
        .map(|r| Record {
            file,
            kind: r.kind.clone(),
            id: r.id.clone(),
            value: json!({ "id": r.id }).into(),
            spans: Spans::Ready(Default::default()),
        })
        .collect();
    let elsewhere: Vec<(String, String, String)> = repo
        .records()
        .iter()
        .filter(|r| repo.sources().get(r.file).path != rel)
        .filter_map(|r| {
            let id = r.id.clone()?;
            Some((r.kind.clone(), id, repo.sources().get(r.file).path.clone()))
        })
        .collect();
    all.extend(loaded.records);
    let index = Index::build(&all, repo.kinds());
    let mut refs = Vec::new();
    validate::references(&all, repo.kinds(), &index, &Default::default(), &mut refs);
    for mut d in refs.into_iter().filter(|d| d.primary.is_some()) {
        if d.code == "REF002" && d.labels.is_empty() {
            let rec = d.record.as_ref();
            if let Some((_, _, path)) = elsewhere
                .iter()
                .find(|(k, id, _)| rec.is_some_and(|r| &r.kind == k && r.id.as_ref() == Some(id)))
            {
                d = d.note(crate::tr!(
                    "the other one is in {path}",
                    "もう一方は {path} にある"
                ));
            }
        }
        diagnostics.push(d);
    }
    diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    diagnostics.dedup();
    Checked {
        source: SourceFile::new(rel.to_owned(), None, text.into()),
        diagnostics,
    }
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

/// Where a finding is: the cell of the field it names, the row of the record, or (for a
/// record not from the sheet) the ledger's line and column.
fn place(
    d: &crate::diagnostic::Diagnostic,
    checked: &Checked,
    out: &Out,
    doc: &Doc<'_>,
    grid: &Grid,
    layout: &Layout,
    mapping: &Mapping,
) -> (Option<usize>, String) {
    let Some(span) = d.primary else {
        return (None, checked.source.path.clone());
    };
    let (line, col) = checked.source.line_col(span.start);
    let at_line = format!("{}:{line}:{col}", checked.source.path);
    let Some(Some((entry, _))) = out.owners.get(line as usize - 1) else {
        return (None, at_line);
    };
    let Some(r) = doc.entries[*entry].row else {
        return (Some(*entry), at_line);
    };
    let row = &doc.rows[r];
    let pointer = d.record.as_ref().map(|r| r.pointer.as_str()).unwrap_or("");
    let within = |p: &str, of: &str| p == of || p.starts_with(&format!("{of}/"));
    let cell = row
        .cells
        .iter()
        .find(|(p, _)| p == pointer)
        .or_else(|| {
            row.cells
                .iter()
                .find(|(p, _)| !pointer.is_empty() && within(p, pointer))
        })
        .or_else(|| {
            row.cells
                .iter()
                .find(|(p, _)| !p.is_empty() && within(pointer, p))
        })
        .map(|(_, c)| c.clone());
    let cell = cell.or_else(|| {
        // A missing field whose column is in the sheet: the empty cell where it belongs.
        layout.columns.iter().find_map(|(col, m)| {
            let p = crate::load::spans::dotted_to_pointer(&mapping.columns[*m].field);
            (!pointer.is_empty() && within(&p, pointer))
                .then(|| cell_ref(&grid.sheet, row.row, *col))
        })
    });
    let cell = cell.unwrap_or_else(|| {
        let first = layout.columns.iter().map(|c| c.0).min().unwrap_or(0);
        let last = layout.columns.iter().map(|c| c.0).max().unwrap_or(0);
        format!(
            "{}:{}{}",
            cell_ref(&grid.sheet, row.row, first),
            read::column_name(last),
            row.row + 1
        )
    });
    (Some(*entry), cell)
}

pub fn marks(
    checked: &Checked,
    out: &Out,
    doc: &Doc<'_>,
    grid: &Grid,
    layout: &Layout,
    mapping: &Mapping,
) -> HashMap<usize, Vec<String>> {
    let mut found: HashMap<usize, Vec<String>> = HashMap::new();
    for d in checked
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
    {
        if let (Some(e), at) = place(d, checked, out, doc, grid, layout, mapping)
            && doc.entries[e].row.is_some()
        {
            found
                .entry(e)
                .or_default()
                .push(format!("{} at {at}", d.code));
        }
    }
    found
        .into_iter()
        .map(|(e, list)| {
            let row = doc.entries[e].row.map(|r| doc.rows[r].row + 1).unwrap_or(0);
            let text = crate::tr!(
                "row {row} of sheet {} has problems ({}); fix the sheet and import again",
                "シート {} の {row} 行目に問題がある（{}）。シートを直して、もう一度取り込むこと",
                grid.sheet,
                list.join(", ")
            );
            (e, vec![text])
        })
        .collect()
}

/// The report: every finding at its place, then the notes on cells; and the error count.
pub fn report(
    checked: &Checked,
    out: &Out,
    doc: &Doc<'_>,
    grid: &Grid,
    layout: &Layout,
    mapping: &Mapping,
) -> (String, usize) {
    let mut text = String::new();
    let mut errors = 0;
    for d in &checked.diagnostics {
        if d.severity == Severity::Error {
            errors += 1;
        }
        let (_, at) = place(d, checked, out, doc, grid, layout, mapping);
        render(&at, d, &mut text);
    }
    for row in doc.rows {
        for (at, note) in &row.notes {
            text.push_str(&format!("{at}: note: {note}\n"));
        }
    }
    (text, errors)
}
