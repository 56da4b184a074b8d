//! The index of a workspace's records and the findings that depend on it: REF001 (a
//! reference that names no record) per file, REF002 (an id used twice) over all. An edit
//! that keeps a file's kinds and ids re-checks only that file's references.

use super::Cached;
use super::cache::{Cache, hash};
use super::workspace::{Workspace, only_holder};
use crate::diagnostic::Diagnostic;
use crate::index::Index;
use crate::load::Record;
use crate::validate::{self, Resolved};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};

impl Workspace {
    /// The index of the records, and the findings that depend on it (REF001, REF002).
    pub(super) fn index(&mut self) {
        let _ = self.index_cached(None, &[]);
    }

    /// As `index`, skipping the files whose references the cache says all resolve, with
    /// these kinds and ids of the records (see `clean_keys`). `cached` is per file. Returns
    /// how many files were skipped.
    pub(super) fn index_cached(&mut self, cache: Option<&Cache>, cached: &[Cached]) -> usize {
        let index = Index::build(&self.world.records, &self.conf.kinds);
        self.unread = self.unread_kinds();
        let keys = match cache {
            Some(cache) => clean_keys(cache, cached, &self.world.records, &self.unread),
            None => vec![None; self.files.len()],
        };
        let clean: Vec<bool> = keys
            .par_iter()
            .map(|k| k.as_ref().zip(cache).is_some_and(|(k, c)| is_clean(c, k)))
            .collect();
        let mut targets = Vec::new();
        let mut start = 0;
        for (f, clean) in self.files.iter().zip(&clean) {
            if !clean {
                targets.extend(start..start + f.records);
            }
            start += f.records;
        }
        let found = validate::unresolved(
            &self.world.records,
            &targets,
            &self.conf.kinds,
            &index,
            &self.unread,
        );
        let mut found = found.into_iter();
        for ((f, clean), key) in self.files.iter_mut().zip(&clean).zip(&keys) {
            if *clean {
                (f.refs, f.unchecked) = Default::default();
                continue;
            }
            let mine: Vec<_> = found.by_ref().take(f.records).collect();
            if let (Some(cache), Some(key)) = (cache, key)
                && mine.iter().all(|r| r.all_resolve)
            {
                cache.write(key, &marker(key));
            }
            (f.refs, f.unchecked) = gather(mine);
        }
        self.world_mut().index = index;
        self.recount();
        clean.iter().filter(|c| **c).count()
    }

    /// The index and references after file `at`'s records were replaced. `before` is what
    /// the old records named, when the new ones have the same kinds and ids in the same
    /// order: then only that file's references are checked again. Otherwise, or when
    /// another file holds a dangling reference (its hint may name these records), or a
    /// file became readable or unreadable, everything is indexed again.
    pub(super) fn index_file(&mut self, at: usize, before: Option<Vec<(usize, Vec<usize>)>>) {
        let unread = self.unread_kinds();
        let others_dangle = self
            .files
            .iter()
            .enumerate()
            .any(|(i, f)| i != at && !f.refs.is_empty());
        let Some(before) = before.filter(|_| unread == self.unread && !others_dangle) else {
            return self.index();
        };
        let range = self.range(at);
        let kinds = &self.conf.kinds;
        let world = only_holder(&mut self.world);
        world.index.renew(&world.records, range.start, before);
        let targets: Vec<usize> = range.collect();
        let found = validate::unresolved(&world.records, &targets, kinds, &world.index, &unread);
        let f = &mut self.files[at];
        (f.refs, f.unchecked) = gather(found);
        self.recount();
    }

    /// REF002 over every record (cheap: one lookup per id).
    fn recount(&mut self) {
        let mut duplicates = Vec::new();
        validate::duplicates(&self.world.records, &self.world.index, &mut duplicates);
        self.duplicates = duplicates;
    }

    /// References not checked because a file of the kind they name could not be read:
    /// how many, by that kind, over every file.
    pub(super) fn unchecked(&self) -> BTreeMap<String, usize> {
        let mut unchecked = BTreeMap::new();
        for (k, n) in self.files.iter().flat_map(|f| &f.unchecked) {
            *unchecked.entry(k.clone()).or_insert(0) += n;
        }
        unchecked
    }

    /// The kinds a file of which could not be read.
    fn unread_kinds(&self) -> BTreeSet<String> {
        self.files
            .iter()
            .filter(|f| f.unreadable())
            .filter_map(|f| f.path_kind.clone())
            .collect()
    }
}

/// One file's REF001 findings and its unchecked references by kind, from the records'.
fn gather(found: Vec<Resolved>) -> (Vec<Diagnostic>, BTreeMap<String, usize>) {
    let mut refs = Vec::new();
    let mut unchecked = BTreeMap::new();
    for found in found {
        refs.extend(found.dangling);
        for k in found.unchecked {
            *unchecked.entry(k.to_owned()).or_insert(0) += 1;
        }
    }
    (refs, unchecked)
}

/// Per file, the key of the cache's note that all its references resolve: the file's own
/// key (its text and the kinds' schemas, which say which fields are references) and the
/// kind and id of every record (what a reference may name), and the kinds no file of which
/// could be read. Only what the ids of the records decide is noted: a file with a
/// reference that names no record is checked on every run (its hints read other records).
fn clean_keys(
    cache: &Cache,
    cached: &[Cached],
    records: &[Record],
    unread: &BTreeSet<String>,
) -> Vec<Option<String>> {
    let mut names = Vec::with_capacity(records.len() * 16);
    for r in records {
        names.extend_from_slice(r.kind.as_bytes());
        names.push(0);
        names.extend_from_slice(r.id.as_deref().unwrap_or("\u{1}").as_bytes());
        names.push(0);
    }
    for k in unread {
        names.extend_from_slice(k.as_bytes());
        names.push(1);
    }
    let names = hash(&[&names]);
    cached
        .iter()
        .map(|c| {
            let key = c.key()?;
            Some(hash(&[
                cache.salt().as_bytes(),
                b"references",
                key.as_bytes(),
                names.as_bytes(),
            ]))
        })
        .collect()
}

/// What the note that a file's references all resolve holds: its key.
fn marker(key: &str) -> Vec<u8> {
    format!("grclint references resolve\n{key}\n").into_bytes()
}

fn is_clean(cache: &Cache, key: &str) -> bool {
    cache.read(key).is_some_and(|b| b == marker(key))
}
