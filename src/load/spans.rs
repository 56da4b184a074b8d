//! The span table of one record: JSON pointer → byte ranges of the key and the value.

/// Where a node was written. `value` is where the node is used (for a node reached
/// through an alias, the alias); `origin` is the anchor's node in that case.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NodeSpan {
    pub key: Option<(u32, u32)>,
    pub value: (u32, u32),
    pub origin: Option<(u32, u32)>,
}

/// One node of the table, in 24 bytes: its pointer as a range of the table's text, the
/// key's and the value's byte ranges (`NONE` when there is no key).
#[derive(Clone, Copy, Debug)]
struct Entry {
    pointer: (u32, u32),
    key: (u32, u32),
    value: (u32, u32),
}

const NONE: u32 = u32::MAX;

/// The spans of one record, stored compactly: a record's findings are few, so lookups scan
/// its couple of dozen entries; a large record (a flow ledger, 100,000 keys) gets an index
/// on its first lookup, so that its findings cost what they report.
#[derive(Clone, Debug, Default)]
pub struct SpanTable {
    text: Box<str>,
    entries: Box<[Entry]>,
    /// The anchor's node for entries reached through an alias (rare): (entry, span).
    origins: Box<[(u32, (u32, u32))]>,
    /// hash of a pointer → its first entry, for tables over `SCAN` entries (no pointer is
    /// copied; a hash that two pointers share sends the second to a scan).
    index: std::sync::OnceLock<foldhash::HashMap<u64, u32>>,
}

/// Up to this many entries, a lookup scans.
const SCAN: usize = 64;

impl SpanTable {
    pub fn from_entries(entries: Vec<(Box<str>, NodeSpan)>) -> Self {
        Self::from_stripped(entries.iter().map(|(p, s)| (p.as_ref(), *s)))
    }

    /// A table from (pointer, span) pairs; the pointers are copied into one string.
    pub fn from_stripped<'p>(entries: impl Iterator<Item = (&'p str, NodeSpan)>) -> Self {
        let mut text = String::new();
        let mut out = Vec::new();
        let mut origins = Vec::new();
        for (p, s) in entries {
            let start = text.len() as u32;
            text.push_str(p);
            if let Some(o) = s.origin {
                origins.push((out.len() as u32, o));
            }
            out.push(Entry {
                pointer: (start, text.len() as u32),
                key: s.key.unwrap_or((NONE, NONE)),
                value: s.value,
            });
        }
        // `origins` are in entry order, as `node` finds them by binary search.
        SpanTable {
            text: text.into_boxed_str(),
            entries: out.into_boxed_slice(),
            origins: origins.into_boxed_slice(),
            index: std::sync::OnceLock::new(),
        }
    }

    /// The same table for a text in which everything before the record grew or shrank by
    /// `delta` bytes: every position moves by it.
    pub fn shifted(&self, delta: i64) -> SpanTable {
        let at = |(a, b): (u32, u32)| match a {
            NONE => (NONE, NONE),
            _ => ((a as i64 + delta) as u32, (b as i64 + delta) as u32),
        };
        let entries = self.entries.iter().map(|e| Entry {
            pointer: e.pointer,
            key: at(e.key),
            value: at(e.value),
        });
        SpanTable {
            text: self.text.clone(),
            entries: entries.collect(),
            origins: self.origins.iter().map(|&(i, o)| (i, at(o))).collect(),
            index: std::sync::OnceLock::new(),
        }
    }

    fn pointer(&self, e: &Entry) -> &str {
        &self.text[e.pointer.0 as usize..e.pointer.1 as usize]
    }

    fn node(&self, idx: usize) -> NodeSpan {
        let e = &self.entries[idx];
        NodeSpan {
            key: (e.key.0 != NONE).then_some(e.key),
            value: e.value,
            origin: self
                .origins
                .binary_search_by_key(&(idx as u32), |(i, _)| *i)
                .ok()
                .map(|at| self.origins[at].1),
        }
    }

    pub fn get(&self, pointer: &str) -> Option<NodeSpan> {
        let scan = || self.entries.iter().position(|e| self.pointer(e) == pointer);
        if self.entries.len() <= SCAN {
            return scan().map(|i| self.node(i));
        }
        let hash =
            |p: &str| std::hash::BuildHasher::hash_one(&foldhash::fast::FixedState::default(), p);
        let index = self.index.get_or_init(|| {
            let mut ix = foldhash::HashMap::default();
            for (i, e) in self.entries.iter().enumerate().rev() {
                // The first entry of a pointer wins, as the scan finds it.
                ix.insert(hash(self.pointer(e)), i as u32);
            }
            ix
        });
        let i = *index.get(&hash(pointer))? as usize;
        if self.pointer(&self.entries[i]) == pointer {
            Some(self.node(i))
        } else {
            scan().map(|i| self.node(i))
        }
    }

    /// The span of the node at `pointer`, or of its nearest present ancestor.
    /// Returns the pointer that was found with it.
    pub fn nearest<'p>(&self, mut pointer: &'p str) -> Option<(&'p str, NodeSpan)> {
        loop {
            if let Some(s) = self.get(pointer) {
                return Some((pointer, s));
            }
            if pointer.is_empty() {
                return None;
            }
            pointer = match pointer.rfind('/') {
                Some(i) => &pointer[..i],
                None => "",
            };
        }
    }

    pub fn iter(&self) -> impl Iterator<Item = (&str, NodeSpan)> {
        (0..self.entries.len()).map(|i| (self.pointer(&self.entries[i]), self.node(i)))
    }
}

pub use crate::base::{dotted_to_pointer, last_segment, pointer_to_dotted, push_segment};
