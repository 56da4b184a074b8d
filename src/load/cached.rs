//! A file's records as the cache keeps them: kind, id and value, no positions. Only a file
//! read lean (a claimed record file with no anchor, alias, merge key or problem) is kept:
//! its positions are read again from its text when a finding needs them, as on a cold run.

use super::{Limits, LoadedFile, Record, Reread, Spans};
use crate::diagnostic::Diagnostic;
use crate::source::{FileId, SourceFile};
use std::sync::Arc;

/// One record without its positions.
#[derive(PartialEq, Debug)]
pub struct Kept {
    pub kind: String,
    pub id: Option<String>,
    pub value: super::lazy::LazyValue,
}

/// Which documents of a file read lean held records, for the cache to keep with its
/// records. None for any other file (it is read again on every run).
pub fn keepable<'r>(
    diagnostics: &[Diagnostic],
    skipped: Option<&str>,
    records: &'r [Record],
) -> Option<&'r [bool]> {
    if skipped.is_some() || !diagnostics.is_empty() {
        return None;
    }
    let keep = match &records.first()?.spans {
        Spans::Later { file, .. } => &file.keep[..],
        Spans::Ready(_) => return None,
    };
    let all_lean = records
        .iter()
        .all(|r| matches!(r.spans, Spans::Later { .. }));
    all_lean.then_some(keep)
}

/// The file as loading its text would give it, from the records the cache kept.
pub fn from_cache(
    source: SourceFile,
    file: FileId,
    path_kind: Option<&str>,
    limits: &Limits,
    keep: Vec<bool>,
    kept: Vec<Kept>,
) -> LoadedFile {
    let reread = Arc::new(Reread {
        keep,
        count: kept.len(),
        ..Reread::new(source.text.clone(), file, path_kind, limits)
    });
    let records = kept
        .into_iter()
        .enumerate()
        .map(|(ordinal, k)| Record {
            file,
            kind: k.kind,
            id: k.id,
            value: k.value,
            spans: Spans::Later {
                file: reread.clone(),
                ordinal,
            },
        })
        .collect();
    LoadedFile {
        source,
        records,
        diagnostics: Vec::new(),
        skipped: None,
    }
}
