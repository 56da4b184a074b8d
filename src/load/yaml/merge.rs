//! YAML merge keys (`<<: *defaults`): the merged keys and their spans.

use super::builder::Builder;
use super::mode::Mode;
use crate::base::push_segment;
use crate::load::spans::NodeSpan;
use serde_json::{Map, Value};
use std::collections::HashMap;

impl<M: Mode> Builder<'_, M> {
    /// YAML merge keys: keys of the merged mappings that the mapping does not set itself,
    /// earlier sources first. Their spans point at the `<<` value (the alias's use).
    pub(super) fn apply_merges(
        &mut self,
        map: &mut Map<String, Value>,
        merges: &[usize],
        first: usize,
    ) {
        let Some(merged) = map.remove("<<") else {
            return;
        };
        let base = self.mode.pointer().to_owned();
        let merge_ptr = format!("{base}/<<");
        let sources: Vec<(Value, Option<usize>)> = match merged {
            Value::Array(items) => items
                .into_iter()
                .enumerate()
                .map(|(i, v)| (v, Some(i)))
                .collect(),
            v => vec![(v, None)],
        };
        let merge_span = merges.last().map(|&i| self.mode.entries()[i].1);
        let is_list = sources.first().is_some_and(|(_, i)| i.is_some());
        let under_merge = |p: &str| {
            p.strip_prefix(merge_ptr.as_str())
                .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
        };
        // Entries under `<<` are moved up to the keys they supply, or dropped.
        let under: Vec<(Box<str>, NodeSpan)> = self.mode.entries()[first..]
            .iter()
            .filter(|(p, _)| under_merge(p))
            .cloned()
            .collect();
        let keep: Vec<(Box<str>, NodeSpan)> = self
            .mode
            .entries_mut()
            .drain(first..)
            .filter(|(p, _)| !under_merge(p))
            .collect();
        self.mode.entries_mut().extend(keep);
        // Which keys each source supplies: its pointer under `<<` → the key's pointer.
        let mut supplied: HashMap<String, String> = HashMap::new();
        for (src, idx) in sources {
            let Value::Object(src) = src else { continue };
            for (k, v) in src {
                if map.contains_key(&k) {
                    continue;
                }
                let mut from = String::new();
                if let Some(i) = idx {
                    from.push('/');
                    from.push_str(&i.to_string());
                }
                push_segment(&mut from, &k);
                let mut to = base.clone();
                push_segment(&mut to, &k);
                supplied.insert(from, to);
                map.insert(k, v);
            }
        }
        // One pass over the entries: each finds its key by its first segments.
        let mut moved: Vec<(Box<str>, NodeSpan)> = Vec::new();
        for (p, s) in &under {
            let rest = &p[merge_ptr.len()..];
            let mut cut = 0;
            for _ in 0..if is_list { 2 } else { 1 } {
                match rest[cut..].strip_prefix('/') {
                    Some(r) => cut += 1 + r.find('/').unwrap_or(r.len()),
                    None => break,
                }
            }
            if let Some(to) = supplied.get(&rest[..cut]) {
                let mut ns = *s;
                if let Some(ms) = merge_span {
                    ns.key = ms.key;
                }
                moved.push((format!("{to}{}", &rest[cut..]).into_boxed_str(), ns));
            }
        }
        self.mode.entries_mut().extend(moved);
    }
}
