//! Indexes built once after loading: id → record per kind, and who refers to whom.
//! Every cross-record question is a hash lookup; nothing is quadratic.

use crate::load::Record;
use crate::validate::kinds::Kinds;
use std::collections::HashMap;

#[derive(Default)]
pub struct Index {
    /// kind → id → the first record (in path order) with that id.
    pub ids: HashMap<String, HashMap<String, usize>>,
    /// kind → records of that kind, in path order.
    pub by_kind: HashMap<String, Vec<usize>>,
    /// (target kind, target id) → records whose ref fields name it.
    pub referrers: HashMap<(String, String), Vec<usize>>,
}

impl Index {
    pub fn build(records: &[Record], kinds: &Kinds) -> Index {
        let mut ix = Index::default();
        for (i, r) in records.iter().enumerate() {
            ix.by_kind.entry(r.kind.clone()).or_default().push(i);
            if let Some(id) = &r.id {
                ix.ids
                    .entry(r.kind.clone())
                    .or_default()
                    .entry(id.clone())
                    .or_insert(i);
            }
        }
        let mut vals = Vec::new();
        for (i, r) in records.iter().enumerate() {
            let Some(def) = kinds.get(&r.kind) else {
                continue;
            };
            for field in &def.refs {
                vals.clear();
                field.values(&r.value, &mut vals);
                for (_, id) in &vals {
                    for k in &field.kinds {
                        if ix.ids.get(k).is_some_and(|m| m.contains_key(*id)) {
                            let list = ix
                                .referrers
                                .entry((k.clone(), (*id).to_owned()))
                                .or_default();
                            if list.last() != Some(&i) {
                                list.push(i);
                            }
                        }
                    }
                }
            }
        }
        ix
    }

    pub fn lookup(&self, kind: &str, id: &str) -> Option<usize> {
        self.ids.get(kind)?.get(id).copied()
    }

    pub fn count(&self, kind: &str) -> usize {
        self.by_kind.get(kind).map_or(0, Vec::len)
    }
}
