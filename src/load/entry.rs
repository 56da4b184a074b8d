//! One ledger entry read from its own lines. While a ledger is being edited, each
//! keystroke changes one entry: reading that entry's few lines, and keeping the other
//! records as they were, gives what reading the whole file would (a debug build checks
//! it on every such edit), at the cost of the entry.

use super::{Limits, Place, Record, Reread, Spans, assemble, yaml};
use crate::load::spans::SpanTable;
use crate::source::FileId;
use std::sync::{Arc, OnceLock};

/// Which entry the byte `at` is in.
fn entry_of(starts: &[usize], at: usize) -> Option<usize> {
    starts.iter().rposition(|&e| e <= at)
}

/// Where each entry of the file's top-level list starts (its `- ` line, or its `-` line);
/// None unless the file is one such list and nothing else: no other document, directive
/// or tab, no line less indented than the entries, nothing before the first.
fn entry_starts(text: &str) -> Option<Vec<usize>> {
    let mut indent = None;
    let mut entries = Vec::new();
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let body = line.trim_end_matches(['\n', '\r']);
        let trimmed = body.trim_start_matches(' ');
        let n = body.len() - trimmed.len();
        let item = trimmed == "-" || trimmed.starts_with("- ");
        match () {
            _ if trimmed.is_empty() || trimmed.starts_with('#') => {}
            _ if body.starts_with("---") || body.starts_with("...") || body.starts_with('%') => {
                return None;
            }
            _ if trimmed.starts_with('\t') => return None,
            _ if indent.is_none() && item => {
                indent = Some(n);
                entries.push(at);
            }
            _ if indent.is_none_or(|i| n < i) => return None,
            _ if item && Some(n) == indent => entries.push(at),
            _ => {}
        }
        at += line.len();
    }
    Some(entries)
}

/// Whether the list's entries start at the margin. An indented list's entry ends, in a
/// full read, at the next entry's dash, past its own lines: only a list at the margin
/// reads the same entry by entry.
fn at_margin(text: &str, starts: &[usize]) -> bool {
    starts.first().is_some_and(|&s| text[s..].starts_with('-'))
}

/// A ledger's records after an edit inside one of its entries, without reading the rest
/// of the file: that entry read from its own lines; every other record as it was (its
/// lines did not change: its value is moved out of `old`), its positions read from the
/// new text when asked for. Returns which entry was read, and the records. None
/// unless both texts are plain ledgers with one record per entry, the file was read lean
/// before (no anchors, aliases or problems), the edit (bytes `start..old_end` of `old`,
/// `start..new_end` of `text`) falls within one entry, and that entry reads, cleanly, as
/// one record.
pub fn edit_entry(
    old: &mut [Record],
    old_text: &str,
    text: &Arc<str>,
    (start, old_end, new_end): (u32, u32, u32),
    path_kind: &str,
    limits: &Limits,
) -> Option<(usize, Vec<Record>)> {
    let lean = old.iter().any(|r| matches!(r.spans, Spans::Later { .. }));
    if !lean || text.starts_with('\u{feff}') || old_text.starts_with('\u{feff}') {
        return None;
    }
    let (before, after) = (entry_starts(old_text)?, entry_starts(text)?);
    if before.len() != old.len() || after.len() != old.len() || !at_margin(text, &after) {
        return None;
    }
    let k = entry_of(&after, start as usize)?;
    let end_of = |starts: &[usize], len: usize| starts.get(k + 1).copied().unwrap_or(len);
    let (from, to) = (after[k], end_of(&after, text.len()));
    let fits_before = before[k] == from && old_end as usize <= end_of(&before, old_text.len());
    if !fits_before || new_end as usize > to {
        return None;
    }
    let slice = &text[from..to];
    let file = old.first()?.file;
    // The lean read refuses what ties entries together (anchors, aliases, merge keys)
    // and any problem: then the whole file is read.
    yaml::parse_lean(slice, from as u32, file, limits)?;
    let read = read_one(slice, from, file, Some(path_kind), limits)?;
    let reread = Arc::new(Reread {
        count: old.len(),
        ..Reread::new(text.clone(), file, Some(path_kind), limits)
    });
    // The old text's tables, when they were made: each other entry's moves with the text.
    let earlier = old.iter().find_map(|r| match &r.spans {
        Spans::Later { file: f, .. } if *f.text == *old_text => f.tables.get(),
        _ => None,
    });
    let earlier = earlier.filter(|t| t.len() == old.len());
    if let (Some(tables), Spans::Ready(mine)) = (earlier, &read.spans) {
        let delta = new_end as i64 - old_end as i64;
        let moved = tables.iter().enumerate().map(|(i, t)| match i.cmp(&k) {
            std::cmp::Ordering::Less => t.clone(),
            std::cmp::Ordering::Equal => mine.clone(),
            std::cmp::Ordering::Greater => t.shifted(delta),
        });
        let _ = reread.tables.set(moved.collect());
    }
    let mut entry = Some(read);
    let records = old
        .iter_mut()
        .enumerate()
        .map(|(ordinal, r)| match ordinal == k {
            true => entry.take(),
            false => Some(Record {
                file,
                kind: r.kind.clone(),
                id: r.id.clone(),
                value: std::mem::take(&mut r.value),
                spans: Spans::Later {
                    file: reread.clone(),
                    ordinal,
                },
            }),
        });
    Some((k, records.collect::<Option<Vec<_>>>()?))
}

/// The one record that the lines `slice` (starting at byte `from` of the file) read as,
/// with its span table; None if they read as anything else or with a problem.
fn read_one(
    slice: &str,
    from: usize,
    file: FileId,
    path_kind: Option<&str>,
    limits: &Limits,
) -> Option<Record> {
    let parsed = yaml::parse(slice, from as u32, file, limits);
    if !parsed.diagnostics.is_empty() || parsed.refused || parsed.documents.len() != 1 {
        return None;
    }
    let mut read = Vec::new();
    let mut problems = Vec::new();
    let place = Place {
        file,
        path_kind,
        line_end: &|b| b,
    };
    assemble(&place, parsed.documents, &mut read, &mut problems);
    if read.len() != 1 || !problems.is_empty() {
        return None;
    }
    read.pop()
}

/// A plain ledger's entries, for reading one record's positions from its own lines: a
/// file read lean has most records without findings, and the few that need their
/// positions should not make the whole file be parsed again.
pub(super) struct Entries {
    starts: Vec<usize>,
    tables: Box<[OnceLock<Option<Box<SpanTable>>>]>,
}

impl std::fmt::Debug for Entries {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Entries({})", self.starts.len())
    }
}

/// Record `ordinal`'s span table read from its entry's lines alone; None when the file
/// is not a plain ledger of one record per entry, or the lines do not read back as the
/// record (same kind, id and value): then the caller reads the whole file.
pub(super) fn table<'r>(
    reread: &'r Reread,
    ordinal: usize,
    record: &Record,
) -> Option<&'r SpanTable> {
    let entries = reread.entries.get_or_init(|| {
        let text = &*reread.text;
        if reread.keep != [true] || text.starts_with('\u{feff}') {
            return None;
        }
        let starts = entry_starts(text).filter(|s| s.len() == reread.count)?;
        at_margin(text, &starts).then_some(())?;
        let tables = (0..starts.len()).map(|_| OnceLock::new()).collect();
        Some(Entries { starts, tables })
    });
    let entries = entries.as_ref()?;
    let slot = entries.tables.get(ordinal)?;
    let table = slot.get_or_init(|| {
        let from = entries.starts[ordinal];
        let to = entries
            .starts
            .get(ordinal + 1)
            .copied()
            .unwrap_or(reread.text.len());
        let read = read_one(
            &reread.text[from..to],
            from,
            reread.file,
            reread.path_kind.as_deref(),
            &reread.limits,
        )?;
        let same = read.kind == record.kind && read.id == record.id && read.value == record.value;
        match read.spans {
            Spans::Ready(t) if same => Some(Box::new(t)),
            _ => None,
        }
    });
    table.as_deref()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::FileId;

    const LEDGER: &str = "# 台帳\n- id: A-1\n  medium: paper\n  scope:\n    - 営業部\n\n- id: A-2\n  medium: systen\n";

    #[test]
    fn entries_are_found_by_their_dash_lines_only() {
        let a1 = LEDGER.find("- id: A-1").unwrap();
        let a2 = LEDGER.find("- id: A-2").unwrap();
        assert_eq!(entry_starts(LEDGER), Some(vec![a1, a2]));
        let inside = LEDGER.find("営業部").unwrap();
        assert_eq!(entry_of(&[a1, a2], inside), Some(0));
        assert_eq!(entry_of(&[a1, a2], 2), None, "the header comment");
        // Two documents, a single record, a tab: not a plain ledger.
        assert_eq!(entry_starts("- a: 1\n---\n- b: 2\n"), None);
        assert_eq!(entry_starts("kind: asset\nid: A\n"), None);
        assert_eq!(entry_starts("- a: 1\n\t- b: 2\n"), None);
    }

    fn lean(text: &str) -> Vec<Record> {
        let source = crate::source::SourceFile::new("assets/x.yaml".into(), None, text.into());
        let known = |_: &str| true;
        super::super::load_text(source, FileId(0), Some("asset"), &known, &Limits::default())
            .records
    }

    #[test]
    fn an_edit_inside_one_entry_reads_that_entry_alone() {
        let mut old = lean(LEDGER);
        assert_eq!(old.len(), 2);
        let second = old[1].value.clone();
        let new: Arc<str> = LEDGER.replace("medium: paper", "medium: papers").into();
        let at = LEDGER.find("paper").unwrap() as u32 + 5;
        let limits = Limits::default();
        let region = (at, at, at + 1);
        let (k, got) = edit_entry(&mut old, LEDGER, &new, region, "asset", &limits).unwrap();
        assert_eq!(k, 0);
        assert_eq!(got[0].value["medium"], "papers");
        assert_eq!(*got[1].value, second);
        let s = got[0].span_of("/medium").unwrap();
        assert_eq!(&new[s.start as usize..s.end as usize], "papers");
        // The other entry's positions are read from the new text.
        let s = got[1].span_of("/medium").unwrap();
        assert_eq!(&new[s.start as usize..s.end as usize], "systen");
        // An edit over two entries, or one that adds an anchor: the whole file is read.
        let two = LEDGER
            .replace("paper", "papers")
            .replace("systen", "system");
        let (from, to) = (
            two.find("s\n").unwrap() as u32,
            two.rfind('m').unwrap() as u32 + 1,
        );
        let two: Arc<str> = two.into();
        let mut old = lean(LEDGER);
        assert!(edit_entry(&mut old, LEDGER, &two, (from, to - 1, to), "asset", &limits).is_none());
        let anchor: Arc<str> = LEDGER.replace("medium: paper", "medium: &m paper").into();
        let at = LEDGER.find("paper").unwrap() as u32;
        assert!(
            edit_entry(
                &mut old,
                LEDGER,
                &anchor,
                (at, at, at + 3),
                "asset",
                &limits
            )
            .is_none()
        );
        assert_eq!(
            *old[1].value, second,
            "nothing is moved out when the entry is not read"
        );
    }
}
