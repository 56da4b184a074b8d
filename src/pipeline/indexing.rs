//! The index of a workspace's records and the findings that depend on it: REF001 (a
//! reference that names no record) per file, REF002 (an id used twice) over all. An edit
//! that keeps a file's kinds and ids re-checks only that file's references.

use super::workspace::{Workspace, only_holder};
use crate::diagnostic::Diagnostic;
use crate::index::Index;
use crate::validate;
use std::collections::{BTreeMap, BTreeSet};

impl Workspace {
    /// The index of the records, and the findings that depend on it (REF001, REF002).
    pub(super) fn index(&mut self) {
        let index = Index::build(&self.world.records, &self.conf.kinds);
        self.unread = self.unread_kinds();
        let all = 0..self.world.records.len();
        let found = validate::unresolved(
            &self.world.records,
            all,
            &self.conf.kinds,
            &index,
            &self.unread,
        );
        let mut found = found.into_iter();
        for f in &mut self.files {
            let mine: Vec<_> = found.by_ref().take(f.records).collect();
            (f.refs, f.unchecked) = gather(mine);
        }
        self.world_mut().index = index;
        self.recount();
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
        world
            .index
            .renew(&world.records, range.start, before, kinds);
        let found = validate::unresolved(&world.records, range, kinds, &world.index, &unread);
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
fn gather(found: Vec<(Vec<Diagnostic>, Vec<&str>)>) -> (Vec<Diagnostic>, BTreeMap<String, usize>) {
    let mut refs = Vec::new();
    let mut unchecked = BTreeMap::new();
    for (diags, kinds) in found {
        refs.extend(diags);
        for k in kinds {
            *unchecked.entry(k.to_owned()).or_insert(0) += 1;
        }
    }
    (refs, unchecked)
}
