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
}

/// Values and the span of every node.
#[derive(Default)]
pub(super) struct Spans {
    pointer: String,
    seg_lens: Vec<usize>,
    entries: Vec<(Box<str>, NodeSpan)>,
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
}

/// Values only: no pointer is built, no entry kept (`entries` stays empty).
#[derive(Default)]
pub(super) struct Lean {
    none: Vec<(Box<str>, NodeSpan)>,
}

impl Mode for Lean {
    const LEAN: bool = true;

    fn enter_index(&mut self, _: usize) {}

    fn enter_key(&mut self, _: &str) {}

    fn leave(&mut self) {}

    fn finished(&mut self, _: Option<(u32, u32)>, _: (u32, u32), _: Option<(u32, u32)>) {}

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
}
