//! What a parse keeps besides values: the span of every node (`Spans`), or nothing
//! (`Lean`, for the many files that are read once and hold no finding).

use super::super::spans::NodeSpan;
use crate::base::push_segment;

/// The span tables a parse builds as it walks the nodes: the JSON pointer of the node
/// being read, and one entry per finished node.
pub(super) trait Mode: Default {
    /// A lean parse keeps no tables: it gives up (returns None) on anything whose reading
    /// or report needs them — anchors, aliases, merge keys, any problem.
    const LEAN: bool;
    /// Into a list item (`/3`).
    fn enter_index(&mut self, idx: usize);
    /// Into a mapping's value (`/owner`).
    fn enter_key(&mut self, key: &str);
    /// Out of the item or value entered last.
    fn leave(&mut self);
    /// The node at the current pointer is finished.
    fn finished(&mut self, key: Option<(u32, u32)>, value: (u32, u32), origin: Option<(u32, u32)>);
    fn pointer(&self) -> &str;
    fn entries(&self) -> &[(Box<str>, NodeSpan)];
    fn entries_mut(&mut self) -> &mut Vec<(Box<str>, NodeSpan)>;
    /// The tables of the document just finished.
    fn take(&mut self) -> Vec<(Box<str>, NodeSpan)>;
    /// Bytes of pointer text in the entries kept so far in this file.
    fn pointer_bytes(&self) -> usize {
        0
    }
    /// Entries were added through `entries_mut`, holding `bytes` of pointer text.
    fn count_pointer_bytes(&mut self, _bytes: usize) {}
}

/// Values and the span of every node.
#[derive(Default)]
pub(super) struct Spans {
    pointer: String,
    seg_lens: Vec<usize>,
    entries: Vec<(Box<str>, NodeSpan)>,
    /// Bytes of pointer text kept in this file (every entry owns its whole pointer).
    pointer_bytes: usize,
}

impl Mode for Spans {
    const LEAN: bool = false;

    fn enter_index(&mut self, idx: usize) {
        self.seg_lens.push(self.pointer.len());
        self.pointer.push('/');
        self.pointer.push_str(&idx.to_string());
    }

    fn enter_key(&mut self, key: &str) {
        self.seg_lens.push(self.pointer.len());
        push_segment(&mut self.pointer, key);
    }

    fn leave(&mut self) {
        if let Some(len) = self.seg_lens.pop() {
            self.pointer.truncate(len);
        }
    }

    fn finished(&mut self, key: Option<(u32, u32)>, value: (u32, u32), origin: Option<(u32, u32)>) {
        self.pointer_bytes = self.pointer_bytes.saturating_add(self.pointer.len());
        let ptr = self.pointer.clone().into_boxed_str();
        self.entries.push((ptr, NodeSpan { key, value, origin }));
    }

    fn pointer(&self) -> &str {
        &self.pointer
    }

    fn entries(&self) -> &[(Box<str>, NodeSpan)] {
        &self.entries
    }

    fn entries_mut(&mut self) -> &mut Vec<(Box<str>, NodeSpan)> {
        &mut self.entries
    }

    fn take(&mut self) -> Vec<(Box<str>, NodeSpan)> {
        std::mem::take(&mut self.entries)
    }

    fn pointer_bytes(&self) -> usize {
        self.pointer_bytes
    }

    fn count_pointer_bytes(&mut self, bytes: usize) {
        self.pointer_bytes = self.pointer_bytes.saturating_add(bytes);
    }
}

/// Values only: no pointer is built, no entry kept (`entries` stays empty); only the
/// lengths the pointers would have are counted, so that a lean read refuses no less than
/// a full one.
#[derive(Default)]
pub(super) struct Lean {
    none: Vec<(Box<str>, NodeSpan)>,
    len: usize,
    seg_lens: Vec<usize>,
    pointer_bytes: usize,
}

impl Mode for Lean {
    const LEAN: bool = true;

    fn enter_index(&mut self, idx: usize) {
        self.seg_lens.push(self.len);
        self.len += 1 + idx.checked_ilog10().unwrap_or(0) as usize + 1;
    }

    fn enter_key(&mut self, key: &str) {
        self.seg_lens.push(self.len);
        // As `push_segment` writes it: `~` and `/` take two bytes.
        let escapes = key.bytes().filter(|b| matches!(b, b'~' | b'/')).count();
        self.len += 1 + key.len() + escapes;
    }

    fn leave(&mut self) {
        if let Some(len) = self.seg_lens.pop() {
            self.len = len;
        }
    }

    fn finished(&mut self, _: Option<(u32, u32)>, _: (u32, u32), _: Option<(u32, u32)>) {
        self.pointer_bytes = self.pointer_bytes.saturating_add(self.len);
    }

    fn pointer(&self) -> &str {
        ""
    }

    fn entries(&self) -> &[(Box<str>, NodeSpan)] {
        &self.none
    }

    fn entries_mut(&mut self) -> &mut Vec<(Box<str>, NodeSpan)> {
        &mut self.none
    }

    fn take(&mut self) -> Vec<(Box<str>, NodeSpan)> {
        Vec::new()
    }

    fn pointer_bytes(&self) -> usize {
        self.pointer_bytes
    }
}
