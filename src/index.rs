//! Indexes built once after loading: id → record per kind, and who refers to whom.
//! Every cross-record question is a hash lookup; nothing is quadratic.

use crate::load::Record;
use crate::validate::kinds::{Kinds, RefField};
use foldhash::HashMap;
use rayon::prelude::*;
use std::sync::OnceLock;

#[derive(Default)]
pub struct Index {
    /// kind → id → the first record (in path order) with that id.
    ids: HashMap<String, HashMap<String, usize>>,
    /// kind → records of that kind, in path order.
    pub by_kind: HashMap<String, Vec<usize>>,
    /// kind → its reference fields.
    refs: HashMap<String, Vec<RefField>>,
    /// Per record: the records whose ref fields name it, in path order. Only the first
    /// record with an id is named (a second one is REF002). Found when first asked for:
    /// it reads every record's value, and a warm run whose rules' findings are all cached
    /// asks for it only when one of the rules that run does.
    referrers: OnceLock<Vec<Vec<usize>>>,
}

impl Index {
    /// The index of `records`' kinds and ids (their values are not read).
    pub fn build(records: &[Record], kinds: &Kinds) -> Index {
        let mut ix = Index::default();
        for (i, r) in records.iter().enumerate() {
            match ix.by_kind.get_mut(r.kind.as_str()) {
                Some(list) => list.push(i),
                None => {
                    ix.by_kind.insert(r.kind.clone(), vec![i]);
                }
            }
            if let Some(id) = &r.id {
                let ids = match ix.ids.get_mut(r.kind.as_str()) {
                    Some(ids) => ids,
                    None => ix.ids.entry(r.kind.clone()).or_default(),
                };
                ids.entry(id.clone()).or_insert(i);
            }
        }
        ix.refs = kinds
            .defs
            .iter()
            .map(|(name, def)| (name.clone(), def.refs.clone()))
            .collect();
        ix
    }

    /// Which records each record names, found in parallel; then inverted.
    fn find_referrers(&self, records: &[Record]) -> Vec<Vec<usize>> {
        let named: Vec<Vec<usize>> = records.par_iter().map(|r| self.names(r)).collect();
        let mut referrers = vec![Vec::new(); records.len()];
        for (i, targets) in named.into_iter().enumerate() {
            for t in targets {
                referrers[t].push(i);
            }
        }
        referrers
    }

    /// The records `r`'s reference fields name: to give `renew` before `r` is replaced.
    pub fn names(&self, r: &Record) -> Vec<usize> {
        let mut targets = Vec::new();
        let mut ids = Vec::new();
        let Some(refs) = self.refs.get(&r.kind) else {
            return targets;
        };
        for field in refs {
            ids.clear();
            field.ids(&r.value, &mut ids);
            for id in ids.iter() {
                for k in &field.kinds {
                    if let Some(t) = self.lookup(k, id)
                        && !targets.contains(&t)
                    {
                        targets.push(t);
                    }
                }
            }
        }
        targets
    }

    /// Records of a file (from `start` on) were replaced by ones with the same kinds and
    /// ids, in the same order (an edit within a file): only who refers to whom can have
    /// changed. `before`: for each record that may have changed, its place after `start`
    /// and what it named (`names` of the old record).
    pub fn renew(&mut self, records: &[Record], start: usize, before: Vec<(usize, Vec<usize>)>) {
        let Some(mut referrers) = self.referrers.take() else {
            return;
        };
        for (n, old) in before {
            let i = start + n;
            let new = self.names(&records[i]);
            if old == new {
                continue;
            }
            for t in old {
                if let Ok(p) = referrers[t].binary_search(&i) {
                    referrers[t].remove(p);
                }
            }
            for t in new {
                if let Err(p) = referrers[t].binary_search(&i) {
                    referrers[t].insert(p, i);
                }
            }
        }
        let _ = self.referrers.set(referrers);
    }

    pub fn lookup(&self, kind: &str, id: &str) -> Option<usize> {
        self.ids.get(kind)?.get(id).copied()
    }

    pub fn count(&self, kind: &str) -> usize {
        self.by_kind.get(kind).map_or(0, Vec::len)
    }

    /// The records that name the record of this kind and id; `records` are the ones the
    /// index was built from.
    pub fn referrers(&self, records: &[Record], kind: &str, id: &str) -> &[usize] {
        let Some(t) = self.lookup(kind, id) else {
            return &[];
        };
        let all = self.referrers.get_or_init(|| self.find_referrers(records));
        all.get(t).map_or(&[], Vec::as_slice)
    }
}
