//! Living with findings, in one place: inline `# grclint: ignore[CODE] reason` comments,
//! `waiver` records and the baseline. A suppressed finding stays in the report, marked
//! with its `Suppression`, and does not fail the run.

pub mod baseline;
mod inline;
mod waivers;

use super::world::World;
use crate::diagnostic::{Diagnostic, Suppression};
use crate::source::{FileId, Sources};
use inline::{Comment, MARKER};
use std::collections::{HashMap, HashSet};

/// Marks the findings that comments and waivers silence, and adds the findings about the
/// suppressions themselves (IGN001, IGN002, WAI001, WAI002).
pub fn apply(
    diags: &mut Vec<Diagnostic>,
    world: &World,
    sources: &Sources,
    known: &HashSet<String>,
) {
    let mut extra = Vec::new();
    let mut comments = read_comments(diags, world, sources, &mut extra);
    for c in &comments {
        inline::check(c, known, &mut extra);
    }
    let mut waivers = waivers::collect(world, known, &mut extra);
    for d in diags.iter_mut().filter(|d| d.suppressed.is_none()) {
        d.suppressed = silence(d, &mut comments, &mut waivers, known, world, sources);
    }
    for c in comments.iter().filter(|c| !c.used && c.valid(known)) {
        extra.push(inline::unused(c));
    }
    for w in waivers.iter().filter(|w| !w.used && !w.expired) {
        extra.push(waivers::unused(w, world));
    }
    diags.extend(extra);
}

/// The comment, else the waiver, that silences a finding. A comment or waiver that names
/// the finding counts as used even when it cannot silence it (no reason, expired).
fn silence(
    d: &Diagnostic,
    comments: &mut [Comment],
    waivers: &mut [waivers::Waiver],
    known: &HashSet<String>,
    world: &World,
    sources: &Sources,
) -> Option<Suppression> {
    if let Some(p) = d.primary {
        let (line, _) = sources.get(p.file).line_col(p.start);
        if let Some(c) = comments
            .iter_mut()
            .find(|c| c.covers(p.file, &d.code, p.start, line))
        {
            c.used = true;
            if c.valid(known) {
                return Some(Suppression::Inline {
                    reason: c.reason.clone(),
                });
            }
        }
    }
    let path = d.primary.map(|p| sources.get(p.file).path.as_str());
    let id = d.record.as_ref().and_then(|r| r.id.as_deref());
    let w = waivers.iter_mut().find(|w| w.covers(&d.code, path, id))?;
    w.used = true;
    (!w.expired).then(|| w.suppression(world))
}

/// The suppression comments of every file that holds the marker (only those are read).
fn read_comments(
    diags: &[Diagnostic],
    world: &World,
    sources: &Sources,
    bad: &mut Vec<Diagnostic>,
) -> Vec<Comment> {
    let mut files: Vec<FileId> = world.records.iter().map(|r| r.file).collect();
    files.extend(diags.iter().filter_map(|d| d.primary.map(|p| p.file)));
    files.sort();
    files.dedup();
    files.retain(|f| sources.get(*f).text.contains(MARKER));
    // Record first lines in those files: a comment there covers the whole record.
    let mut heads: HashMap<FileId, Vec<(u32, u32, u32)>> = HashMap::new();
    for r in world
        .records
        .iter()
        .filter(|r| files.binary_search(&r.file).is_ok())
    {
        if let Some(s) = r.spans().get("") {
            let (line, _) = sources.get(r.file).line_col(s.value.0);
            heads
                .entry(r.file)
                .or_default()
                .push((line - 1, s.value.0, s.value.1));
        }
    }
    let mut comments = Vec::new();
    for f in files {
        let text = &sources.get(f).text;
        let file_heads = heads.get(&f).map(Vec::as_slice).unwrap_or(&[]);
        inline::comments(f, text, file_heads, &mut comments, bad);
    }
    comments
}
