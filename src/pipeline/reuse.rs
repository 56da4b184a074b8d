//! What an edit leaves as it was. An editor sends a file's whole text on every keystroke;
//! most of its records are written exactly as before. A record whose value is unchanged
//! gets the same findings from the rules that read only it, moved with the text around
//! them: those are kept instead of evaluated again.

use super::workspace::{Workspace, only_holder};
use crate::diagnostic::{Diagnostic, Span};
use crate::load::{self, Record};
use crate::source::FileId;
use crate::validate;
use rayon::prelude::*;
use std::sync::Arc;

/// Where two texts of one file differ: bytes `start..old_end` of the old text became
/// `start..new_end` of the new one; what lies outside is the same.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct TextEdit {
    pub start: u32,
    pub old_end: u32,
    pub new_end: u32,
}

impl TextEdit {
    /// The one region that differs between `old` and `new` (their common start and end
    /// left out); None when they are the same.
    pub fn between(old: &str, new: &str) -> Option<TextEdit> {
        let (a, b) = (old.as_bytes(), new.as_bytes());
        let start = a.iter().zip(b).take_while(|(x, y)| x == y).count();
        if start == a.len() && start == b.len() {
            return None;
        }
        let room = a.len().min(b.len()) - start;
        let tail = a
            .iter()
            .rev()
            .zip(b.iter().rev())
            .take(room)
            .take_while(|(x, y)| x == y)
            .count();
        Some(TextEdit {
            start: start as u32,
            old_end: (a.len() - tail) as u32,
            new_end: (b.len() - tail) as u32,
        })
    }

    /// A span of the old text in the new one: the same before the edit, moved after it;
    /// None for one that touches the edit (what it covers may have changed).
    fn moved(&self, s: Span, file: FileId) -> Option<Span> {
        if s.file != file || s.end < self.start {
            return Some(s);
        }
        if s.start < self.old_end {
            return None;
        }
        let shift = |b: u32| b - self.old_end + self.new_end;
        Some(Span::new(file, shift(s.start), shift(s.end)))
    }

    /// A finding of the old text in the new one, every span moved; None if any touches
    /// the edit.
    fn moved_finding(&self, d: &Diagnostic, file: FileId) -> Option<Diagnostic> {
        let mut d = d.clone();
        if let Some(p) = d.primary {
            d.primary = Some(self.moved(p, file)?);
        }
        for l in &mut d.labels {
            l.span = self.moved(l.span, file)?;
        }
        Some(d)
    }
}

/// What a record written as before keeps from its old text: its schema findings and
/// those of the rules that read only it, moved.
pub(super) struct Kept {
    pub schema: Vec<Diagnostic>,
    pub local: Vec<Diagnostic>,
}

/// Per new record, what it keeps from the old one: when it stands where the old one
/// stood with the same kind, id and value (or, given `only`, is not that one record),
/// and none of its findings touches the edit. Nothing, for every record, without an
/// edit or when the records do not pair up.
pub(super) fn kept(
    old: &[Record],
    new: &[Record],
    (schema, local): (&[Vec<Diagnostic>], &[Vec<Diagnostic>]),
    edit: Option<TextEdit>,
    file: FileId,
    only: Option<usize>,
) -> Vec<Option<Kept>> {
    let pairs = old.len() == new.len() && schema.len() == old.len() && local.len() == old.len();
    let Some(edit) = edit.filter(|_| pairs) else {
        return new.iter().map(|_| None).collect();
    };
    let moved = |found: &[Diagnostic]| -> Option<Vec<Diagnostic>> {
        found.iter().map(|d| edit.moved_finding(d, file)).collect()
    };
    old.iter()
        .zip(new)
        .zip(schema.iter().zip(local))
        .enumerate()
        .map(|(i, ((o, n), (schema, local)))| {
            let same = match only {
                Some(k) => i != k,
                None => o.kind == n.kind && o.id == n.id && o.value == n.value,
            };
            if !same {
                return None;
            }
            Some(Kept {
                schema: moved(schema)?,
                local: moved(local)?,
            })
        })
        .collect()
}

/// Per record, whether it passed its schema and its findings: those it `kept` (a record
/// passes when it has none), the others checked. `kept` has one entry per record.
pub(super) fn schema_of(
    records: &[Record],
    kept: Vec<Option<Vec<Diagnostic>>>,
    kinds: &crate::validate::kinds::Kinds,
    sources: &crate::source::Sources,
) -> Vec<(bool, Vec<Diagnostic>)> {
    let fresh: Vec<usize> = (0..records.len()).filter(|&i| kept[i].is_none()).collect();
    let checked: Vec<(bool, Vec<Diagnostic>)> = fresh
        .par_iter()
        .map(|&i| validate::schema_result(&records[i], kinds, sources))
        .collect();
    let mut checked = checked.into_iter();
    kept.into_iter()
        .map(|k| match k {
            Some(d) => (d.is_empty(), d),
            None => checked.next().unwrap_or_default(),
        })
        .collect()
}

impl Workspace {
    /// File `at`'s records for its new `text` when the edit falls within one entry of a
    /// ledger that read cleanly: that entry read on its own, the others kept (see
    /// `load::edit_entry`). In a debug build, checked against reading the whole file.
    pub(super) fn edit_one_entry(
        &mut self,
        at: usize,
        text: &Arc<str>,
        e: TextEdit,
    ) -> Option<(usize, Vec<Record>)> {
        let range = self.range(at);
        let f = &self.files[at];
        let path_kind = f.path_kind.as_deref()?;
        if !f.loaded.is_empty() || f.skipped.is_some() {
            return None;
        }
        let old_text = &self.sources.get(f.id).text;
        let old = &mut only_holder(&mut self.world).records[range];
        let limits = &self.conf.settings.limits;
        let region = (e.start, e.old_end, e.new_end);
        let (k, records) = load::edit_entry(old, old_text, text, region, path_kind, limits)?;
        #[cfg(debug_assertions)]
        {
            let source = crate::source::SourceFile::new(String::new(), None, text.clone());
            let full = load::load_text(source, f.id, Some(path_kind), &self.conf.kinds, limits);
            assert!(full.diagnostics.is_empty() && full.skipped.is_none());
            let key = |r: &Record| (r.kind.clone(), r.id.clone(), r.value.clone());
            let (mine, theirs): (Vec<_>, Vec<_>) = (
                records.iter().map(key).collect(),
                full.records.iter().map(key).collect(),
            );
            assert_eq!(
                mine, theirs,
                "one entry read on its own agrees with the whole file"
            );
        }
        Some((k, records))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_edit_is_the_one_region_that_differs() {
        let e = TextEdit::between("medium: system\n", "medium: systen\n").unwrap();
        assert_eq!((e.start, e.old_end, e.new_end), (13, 14, 14));
        let e = TextEdit::between("a: 1\nb: 2\n", "a: 1\n# x\nb: 2\n").unwrap();
        assert_eq!((e.start, e.old_end, e.new_end), (5, 5, 9));
        // A repeated letter: the common end does not overlap the common start.
        let e = TextEdit::between("aa", "aaa").unwrap();
        assert_eq!((e.start, e.old_end, e.new_end), (2, 2, 3));
        assert_eq!(TextEdit::between("same", "same"), None);
    }

    #[test]
    fn spans_before_stay_after_move_and_touching_ones_are_dropped() {
        let f = FileId(7);
        let e = TextEdit {
            start: 10,
            old_end: 12,
            new_end: 15,
        };
        assert_eq!(e.moved(Span::new(f, 2, 9), f), Some(Span::new(f, 2, 9)));
        assert_eq!(e.moved(Span::new(f, 12, 20), f), Some(Span::new(f, 15, 23)));
        assert_eq!(e.moved(Span::new(f, 5, 10), f), None);
        assert_eq!(e.moved(Span::new(f, 11, 30), f), None);
        let other = FileId(8);
        assert_eq!(
            e.moved(Span::new(other, 11, 30), f),
            Some(Span::new(other, 11, 30))
        );
    }
}
