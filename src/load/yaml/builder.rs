//! The value and span builder behind the event loop: frames of open collections, keys,
//! anchors and aliases, and every limit on what aliases and documents may produce.

use super::mode::Mode;
use super::{Codes, Document, Step, limit};
use crate::diagnostic::{Diagnostic, Span};
use crate::load::Limits;
use crate::load::scalar;
use crate::load::spans::NodeSpan;
use crate::source::FileId;
use saphyr_parser::{Event, ScalarStyle};
use serde_json::{Map, Value};
use std::collections::HashMap;

mod anchors;
mod keys;
mod values;

/// The span tables of a file may hold this many times its size in pointer text, or four
/// times `max_file_size` if that is more: far more than any record file needs.
pub(super) const POINTER_FACTOR: usize = 16;

enum Frame {
    Seq {
        items: Vec<Value>,
        start: u32,
        anchor: usize,
        first_entry: usize,
        /// Bytes of text (scalars and keys) in the finished items.
        bytes: usize,
    },
    Map {
        map: Map<String, Value>,
        start: u32,
        anchor: usize,
        first_entry: usize,
        key: Option<PendingKey>,
        merges: Vec<usize>,
        bytes: usize,
        /// Where each key was first written, for the label of a duplicate.
        /// Made on the first duplicate key only: most mappings never need it.
        key_spans: Option<HashMap<String, (u32, u32)>>,
    },
}

/// A node just read, on its way to its parent.
pub(super) struct Node {
    pub(super) value: Value,
    pub(super) span: (u32, u32),
    /// The anchor it defines (0: none).
    pub(super) anchor: usize,
    /// For a node reached through an alias, the anchor's node.
    pub(super) origin: Option<(u32, u32)>,
    /// A plain `<<` (a merge key, when it is a key).
    pub(super) merge_key: bool,
    /// Bytes of text in it.
    pub(super) bytes: usize,
}

struct PendingKey {
    name: String,
    span: (u32, u32),
    /// The value is dropped (duplicate or unusable key) or queued as a merge (`<<`).
    skip: bool,
    merge: bool,
}

struct Anchor {
    value: Value,
    span: (u32, u32),
    /// The anchor node's descendants, pointers relative to the anchor node.
    entries: Vec<(Box<str>, NodeSpan)>,
    /// Bytes of text in the node: what each alias to it copies.
    bytes: usize,
    /// No copy was kept (the copies kept for aliases would exceed the limits): an alias to
    /// it is refused.
    too_big: bool,
}

pub(super) struct Builder<'a, M: Mode> {
    file: FileId,
    limits: &'a Limits,
    frames: Vec<Frame>,
    /// The pointer of the node being read and the spans of the nodes read (or nothing).
    pub(super) mode: M,
    anchors: HashMap<usize, Anchor>,
    /// Nodes and bytes of text produced by aliases, per file.
    alias_nodes: usize,
    alias_bytes: usize,
    /// Nodes and bytes copied into the anchors of the current document.
    anchor_nodes: usize,
    anchor_bytes: usize,
    key_depth: usize,
    /// Ledger entries in the documents read so far.
    records: usize,
    pub(super) diagnostics: Vec<Diagnostic>,
    pub(super) root: Option<Value>,
    pub(super) codes: Codes,
    /// The most pointer text the span tables may hold: every node's entry names its whole
    /// path, so a long key above many nodes would otherwise cost key length × nodes.
    pub(super) max_pointer_bytes: usize,
}

impl<'a, M: Mode> Builder<'a, M> {
    /// One event of the stream, at the byte range `start..end`; a finished document goes
    /// to `documents`.
    pub(super) fn event(
        &mut self,
        event: Event<'_>,
        start: u32,
        end: u32,
        documents: &mut Vec<Document>,
    ) -> Step {
        if self.mode.pointer_bytes() > self.max_pointer_bytes {
            return Err(self.pointers_too_long(start));
        }
        match event {
            Event::StreamStart | Event::StreamEnd | Event::Nothing => Ok(()),
            Event::DocumentStart(_) if documents.len() >= self.limits.max_documents => Err(limit(
                self.codes.refused,
                self.file,
                start,
                crate::tr!(
                    "this file has more than {} YAML documents (limit `max_documents`)",
                    "このファイルには YAML の文書が {} を超えてある（上限 `max_documents`）",
                    self.limits.max_documents
                ),
            )),
            Event::DocumentStart(_) => Ok(()),
            Event::DocumentEnd => {
                documents.push(self.end_document(start)?);
                Ok(())
            }
            Event::Scalar(text, style, anchor, tag) => {
                self.begin_node();
                let value = scalar::resolve(&text, style, tag.as_deref());
                let is_merge_key = style == ScalarStyle::Plain && text == "<<" && tag.is_none();
                self.finish_node(Node {
                    value,
                    span: (start, end),
                    anchor,
                    origin: None,
                    merge_key: is_merge_key,
                    bytes: text.len(),
                })
            }
            Event::SequenceStart(anchor, _) => {
                self.begin_node();
                let frame = Frame::Seq {
                    items: Vec::new(),
                    start,
                    anchor,
                    first_entry: 0,
                    bytes: 0,
                };
                self.open(frame, start)
            }
            Event::MappingStart(anchor, _) => {
                self.begin_node();
                let frame = Frame::Map {
                    map: Map::new(),
                    start,
                    anchor,
                    first_entry: 0,
                    key: None,
                    merges: Vec::new(),
                    bytes: 0,
                    key_spans: None,
                };
                self.open(frame, start)
            }
            Event::SequenceEnd | Event::MappingEnd => self.close(end),
            Event::Alias(id) => {
                self.begin_node();
                self.alias(id, (start, end))
            }
        }
    }

    /// The span tables would hold more pointer text than the file's bound.
    fn pointers_too_long(&self, at: u32) -> Box<Diagnostic> {
        Box::new(
            Diagnostic::error(
                self.codes.refused,
                crate::tr!(
"a key above this point is too long for the values under it: grclint keeps the path of every value, and this file's paths would exceed {} bytes ({POINTER_FACTOR} times the file's size, or 4 times `max_file_size`)",
"この位置より上にあるキーが、その下の値に対して長すぎる。grclint はすべての値のパスを保持するため、このファイルのパスは {} バイト（ファイルの大きさの {POINTER_FACTOR} 倍、または `max_file_size` の 4 倍）を超えてしまう",
                    self.max_pointer_bytes
                ),
            )
            .at(Span::new(self.file, at, at))
            .help(crate::i18n::t("Shorten the long key above this point; a record's keys are field names.", "この位置より上にある長いキーを短くしてください。レコードのキーは項目名です。")),
        )
    }

    /// The document that just ended, with its span tables.
    fn end_document(&mut self, at: u32) -> Result<Document, Box<Diagnostic>> {
        let value = self.root.take().unwrap_or(Value::Null);
        if let Value::Array(items) = &value {
            self.records += items.len();
        }
        if self.records > self.limits.max_records {
            return Err(limit(
                self.codes.refused,
                self.file,
                at,
                crate::tr!(
                    "this file has more than {} records (limit `max_records`)",
                    "このファイルにはレコードが {} 件を超えてある（上限 `max_records`）",
                    self.limits.max_records
                ),
            ));
        }
        // Anchors end with their document; what aliases produced stays counted.
        self.anchors.clear();
        self.anchor_nodes = 0;
        self.anchor_bytes = 0;
        Ok(Document {
            value,
            spans: self.mode.take(),
        })
    }

    pub(super) fn new(file: FileId, limits: &'a Limits, codes: Codes) -> Self {
        Builder {
            file,
            limits,
            frames: Vec::new(),
            mode: M::default(),
            anchors: HashMap::new(),
            alias_nodes: 0,
            alias_bytes: 0,
            anchor_nodes: 0,
            anchor_bytes: 0,
            key_depth: 0,
            records: 0,
            diagnostics: Vec::new(),
            root: None,
            codes,
            max_pointer_bytes: usize::MAX,
        }
    }

    pub(super) fn expecting_key(&self) -> bool {
        matches!(self.frames.last(), Some(Frame::Map { key: None, .. }))
    }

    /// Called at the start of every node: a sequence item gets its index segment.
    fn begin_node(&mut self) {
        // A key, and every node inside a key that is a collection (`? [a, b]`), is counted
        // until it ends: only the key's own end hands it to its mapping.
        if self.key_depth > 0 || self.expecting_key() {
            self.key_depth += 1;
            return;
        }
        if let Some(Frame::Seq { items, .. }) = self.frames.last() {
            self.mode.enter_index(items.len());
        }
    }

    fn open(&mut self, mut frame: Frame, at: u32) -> Step {
        if self.frames.len() >= self.limits.max_depth {
            return Err(limit(
                self.codes.refused,
                self.file,
                at,
                crate::tr!(
                    "nesting deeper than {} levels (limit `max_depth`)",
                    "入れ子が {} 段より深い（上限 `max_depth`）",
                    self.limits.max_depth
                ),
            ));
        }
        let n = self.mode.entries().len();
        match &mut frame {
            Frame::Seq { first_entry, .. } | Frame::Map { first_entry, .. } => *first_entry = n,
        }
        self.frames.push(frame);
        Ok(())
    }

    fn close(&mut self, end: u32) -> Step {
        let Some(frame) = self.frames.pop() else {
            return Ok(());
        };
        match frame {
            Frame::Seq {
                items,
                start,
                anchor,
                first_entry,
                bytes,
            } => self.finish_collection(
                Value::Array(items),
                (start, end),
                anchor,
                first_entry,
                bytes,
            ),
            Frame::Map {
                mut map,
                start,
                anchor,
                first_entry,
                merges,
                bytes,
                ..
            } => {
                if !merges.is_empty() {
                    self.apply_merges(&mut map, &merges, first_entry);
                }
                // Built by inserting, a mapping keeps up to twice the room it needs: the
                // repository is held in memory for the whole run, so it is copied to size.
                let map = if map.len() > 4 {
                    let mut exact = Map::with_capacity(map.len());
                    exact.extend(map);
                    exact
                } else {
                    map
                };
                self.finish_collection(Value::Object(map), (start, end), anchor, first_entry, bytes)
            }
        }
    }

    /// A node is read: it becomes its parent's item or value, a key, or the root.
    fn finish_node(&mut self, n: Node) -> Step {
        // A key may carry an anchor too (`&a key: v`), for an alias later on.
        if n.anchor > 0 {
            self.anchor_scalar(&n);
        }
        if self.key_depth > 0 {
            self.key_depth -= 1;
            if self.key_depth > 0 {
                return Ok(());
            }
            return self.take_key(n.value, n.span, n.merge_key);
        }
        match self.frames.last() {
            None => {
                self.mode.finished(None, n.span, n.origin);
                self.root = Some(n.value);
                Ok(())
            }
            Some(Frame::Seq { .. }) => self.push_item(n),
            Some(Frame::Map { .. }) => self.set_value(n),
        }
    }
}
