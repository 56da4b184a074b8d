//! Living with findings, in one place: inline `# grclint: ignore[CODE] reason` comments,
//! `waiver` records and the baseline. A suppressed finding stays in the report, marked
//! with its `Suppression`, and does not fail the run.

pub mod baseline;
mod inline;
mod waivers;

use super::world::World;
use crate::diagnostic::{Diagnostic, Suppression};
use crate::evaluate::registry::Registry;
use crate::source::{FileId, Sources};
use inline::{Comment, MARKER};
use std::collections::HashMap;

/// Marks the findings that comments and waivers silence, and adds the findings about the
/// suppressions themselves (IGN001, IGN002, WAI001, WAI002). `late` then makes the findings
/// about the others' results (SOA007) from them as marked; those are silenced in turn, so a
/// comment or waiver used only by them is not unused.
pub fn apply(
    diags: &mut Vec<Diagnostic>,
    world: &World,
    sources: &Sources,
    known: &Registry<'_>,
    late: impl FnOnce(&[Diagnostic]) -> Vec<Diagnostic>,
) {
    let mut extra = Vec::new();
    let mut comments = read_comments(diags, world, sources, &mut extra);
    for c in &comments {
        inline::check(c, known, &mut extra);
    }
    let mut waivers = waivers::collect(world, known, &mut extra);
    let index = CommentIndex::new(&comments);
    let mut mark = |ds: &mut [Diagnostic]| {
        for d in ds.iter_mut().filter(|d| d.suppressed.is_none()) {
            d.suppressed = silence(
                d,
                &index,
                &mut comments,
                &mut waivers,
                known,
                world,
                sources,
            );
        }
    };
    mark(diags);
    let mut late = late(diags);
    mark(&mut late);
    diags.extend(late);
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
    index: &CommentIndex,
    comments: &mut [Comment],
    waivers: &mut [waivers::Waiver],
    known: &Registry<'_>,
    world: &World,
    sources: &Sources,
) -> Option<Suppression> {
    if let Some(p) = d.primary {
        let line = sources.get(p.file).line(p.start);
        let first = index
            .near(p.file, line - 1, p.start)
            .filter(|&i| comments[i].covers(p.file, &d.code, p.start, line))
            .min();
        if let Some(c) = first.map(|i| &mut comments[i]) {
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

/// Where the comments are, so that a finding finds its own without a scan: by line, and
/// for the comments on a record's first line, by the record's byte range.
struct CommentIndex {
    by_line: HashMap<(FileId, u32), Vec<usize>>,
    /// Per file, (start, end, comment) of the records the comments head, by start.
    records: HashMap<FileId, Vec<(u32, u32, usize)>>,
}

impl CommentIndex {
    fn new(comments: &[Comment]) -> Self {
        let mut ix = CommentIndex {
            by_line: HashMap::new(),
            records: HashMap::new(),
        };
        for (i, c) in comments.iter().enumerate() {
            ix.by_line.entry((c.span.file, c.line)).or_default().push(i);
            if let Some((s, e)) = c.record {
                ix.records.entry(c.span.file).or_default().push((s, e, i));
            }
        }
        for list in ix.records.values_mut() {
            list.sort_unstable();
        }
        ix
    }

    /// The comments that may cover a finding at `start` on (0-based) `line`.
    fn near(&self, file: FileId, line: u32, start: u32) -> impl Iterator<Item = usize> + '_ {
        let same_line = self
            .by_line
            .get(&(file, line))
            .into_iter()
            .flatten()
            .copied();
        let record = self.records.get(&file).and_then(|list| {
            let at = list
                .partition_point(|(s, _, _)| *s <= start)
                .checked_sub(1)?;
            let (s, e, i) = list[at];
            (start >= s && start < e).then_some(i)
        });
        same_line.chain(record)
    }
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
            let line = sources.get(r.file).line(s.value.0);
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
