//! Go to definition (a reference → the `id:` of the record it names) and find references
//! (a record's id → every reference to it).

use super::locate;
use crate::diagnostic::Span;
use crate::load::Record;
use crate::pipeline::Workspace;

/// Where the record a reference at `byte` names is defined: its `id:` value.
pub fn definition(ws: &Workspace, path: &str, byte: u32) -> Option<Span> {
    let at = locate::at(ws, path, byte)?;
    let field = locate::ref_field(ws, &at.record.kind, &at.pointer, false)?;
    let id = locate::text(at.record, &at.pointer)?;
    let target = locate::target(ws, field, id)?;
    id_span(target)
}

fn id_span(r: &Record) -> Option<Span> {
    r.span_of("/id")
        .filter(|_| r.value.get("id").is_some())
        .or_else(|| r.span_of(""))
}

/// The references to the record whose id (or a reference to which) is at `byte`; with
/// `declaration`, its own `id:` first.
pub fn references(ws: &Workspace, path: &str, byte: u32, declaration: bool) -> Vec<Span> {
    let Some(at) = locate::at(ws, path, byte) else {
        return Vec::new();
    };
    // On a reference: the references to the record it names.
    let target = match locate::ref_field(ws, &at.record.kind, &at.pointer, false) {
        Some(field) => {
            locate::text(at.record, &at.pointer).and_then(|id| locate::target(ws, field, id))
        }
        None if at.pointer == "/id" || at.pointer.is_empty() => Some(at.record),
        None => None,
    };
    let Some(target) = target else {
        return Vec::new();
    };
    let Some(id) = target.id.as_deref() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    if declaration {
        out.extend(id_span(target));
    }
    for r in ws.referrers(&target.kind, id) {
        let Some(def) = ws.kinds().get(&r.kind) else {
            continue;
        };
        for field in def.refs.iter().filter(|f| f.kinds.contains(&target.kind)) {
            let mut found = Vec::new();
            field.values(&r.value, &mut found);
            for (pointer, _) in found.iter().filter(|(_, v)| *v == id) {
                out.extend(r.span_of(pointer));
            }
        }
    }
    out.sort_by_key(|s| (s.file.0, s.start));
    out.dedup();
    out
}
