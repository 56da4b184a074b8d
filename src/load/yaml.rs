//! One pass over saphyr's event stream: values, span tables (or values alone, for a file
//! that needs none), duplicate keys, aliases, merge keys and limits. No recursion, so no
//! input can overflow the stack.

use super::scalar;
use super::spans::{NodeSpan, push_segment};
use crate::diagnostic::{Diagnostic, EngineCode, Span};
use crate::load::Limits;
use crate::source::FileId;
use saphyr_parser::{Event, Marker, Parser, ScalarStyle};
use serde_json::{Map, Value};
use std::collections::HashMap;

/// One YAML document: its root value and the spans of every node in it.
#[derive(Debug)]
pub struct Document {
    pub value: Value,
    pub spans: Vec<(Box<str>, NodeSpan)>,
}

pub struct Parsed {
    pub documents: Vec<Document>,
    pub diagnostics: Vec<Diagnostic>,
    /// A limit stopped the parse: the documents are incomplete and must not be checked.
    pub refused: bool,
}

/// Converts saphyr's character positions to byte offsets.
struct Positions<'t> {
    text: &'t str,
    base: u32,
    ascii: bool,
    char_idx: usize,
    byte_idx: usize,
}

impl<'t> Positions<'t> {
    fn byte(&mut self, m: &Marker) -> u32 {
        let target = m.index();
        if self.ascii {
            return self.base + target.min(self.text.len()) as u32;
        }
        // Walk from the last position, backwards when needed: never a rescan from the start.
        let mut back = self.text[..self.byte_idx].chars().rev();
        while self.char_idx > target {
            match back.next() {
                Some(c) => {
                    self.char_idx -= 1;
                    self.byte_idx -= c.len_utf8();
                }
                None => break,
            }
        }
        let mut it = self.text[self.byte_idx..].chars();
        while self.char_idx < target {
            match it.next() {
                Some(c) => {
                    self.char_idx += 1;
                    self.byte_idx += c.len_utf8();
                }
                None => break,
            }
        }
        self.base + self.byte_idx as u32
    }
}

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

struct Builder<'a> {
    file: FileId,
    limits: &'a Limits,
    frames: Vec<Frame>,
    pointer: String,
    seg_lens: Vec<usize>,
    entries: Vec<(Box<str>, NodeSpan)>,
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
    diagnostics: Vec<Diagnostic>,
    root: Option<Value>,
    /// No span tables: no pointers kept, no entries pushed.
    lean: bool,
    codes: Codes,
}

/// The codes a parse reports its problems under: a record file's YAML001–003, or one code
/// for every problem of a file grclint reads for itself (the config, a rule file).
#[derive(Clone, Copy, Debug)]
pub struct Codes {
    pub syntax: EngineCode,
    pub duplicate: EngineCode,
    pub refused: EngineCode,
}

impl Codes {
    pub const RECORDS: Codes = Codes {
        syntax: EngineCode::Yaml001,
        duplicate: EngineCode::Yaml002,
        refused: EngineCode::Yaml003,
    };

    /// Every problem under one code.
    pub const fn all(code: EngineCode) -> Codes {
        Codes {
            syntax: code,
            duplicate: code,
            refused: code,
        }
    }
}

/// Values and span tables of every node.
pub fn parse(text: &str, base: u32, file: FileId, limits: &Limits) -> Parsed {
    parse_as(text, base, file, limits, Codes::RECORDS)
}

/// Values and span tables, with problems reported under the given codes.
pub fn parse_as(text: &str, base: u32, file: FileId, limits: &Limits, codes: Codes) -> Parsed {
    run(text, base, file, limits, false, codes).expect("a parse with span tables always finishes")
}

/// Values only, without span tables: most files are read once and never looked at again,
/// as they hold no finding. None when the file needs the full parse to be read right:
/// anchors, aliases, merge keys, or any problem (whose report needs the spans).
pub fn parse_lean(text: &str, base: u32, file: FileId, limits: &Limits) -> Option<Parsed> {
    run(text, base, file, limits, true, Codes::RECORDS)
}

fn run(
    text: &str,
    base: u32,
    file: FileId,
    limits: &Limits,
    lean: bool,
    codes: Codes,
) -> Option<Parsed> {
    let mut pos = Positions {
        text,
        base,
        ascii: text.is_ascii(),
        char_idx: 0,
        byte_idx: 0,
    };
    let mut parser = Parser::new_from_str(text);
    let mut documents = Vec::new();
    let mut b = Builder::new(file, limits);
    b.lean = lean;
    b.codes = codes;
    loop {
        let (event, span) = match parser.next_event() {
            None => break,
            Some(Ok(ev)) => ev,
            Some(Err(_)) if lean => return None,
            Some(Err(e)) => {
                let mut at = pos.byte(e.marker());
                if e.info().starts_with("tabs disallowed") {
                    at = first_tab_before(text, base, at);
                }
                if e.info().contains("recursion limit") {
                    b.diagnostics.push(*limit(
                        b.codes.refused,
                        file,
                        at,
                        "nesting too deep to read (limit `max_depth`)".to_owned(),
                    ));
                    return Some(Parsed {
                        documents,
                        diagnostics: b.diagnostics,
                        refused: true,
                    });
                }
                b.diagnostics.push(
                    Diagnostic::error(b.codes.syntax, format!("YAML syntax error: {}", e.info()))
                        .at(Span::new(file, at, at))
                        .help("Fix the YAML syntax here; nothing in this file is checked until it parses."),
                );
                return Some(Parsed {
                    documents,
                    diagnostics: b.diagnostics,
                    refused: true,
                });
            }
        };
        if lean {
            let anchored = match &event {
                Event::Alias(_) => true,
                Event::Scalar(t, style, a, tag) => {
                    *a > 0 || (*style == ScalarStyle::Plain && t == "<<" && tag.is_none())
                }
                Event::SequenceStart(a, _) | Event::MappingStart(a, _) => *a > 0,
                _ => false,
            };
            if anchored {
                return None;
            }
        }
        let start = pos.byte(&span.start);
        let end = pos.byte(&span.end);
        let result = match event {
            Event::StreamStart | Event::StreamEnd | Event::Nothing => Ok(()),
            Event::DocumentStart(_) => {
                if documents.len() >= limits.max_documents {
                    Err(limit(
                        b.codes.refused,
                        file,
                        start,
                        format!(
                            "this file has more than {} YAML documents (limit `max_documents`)",
                            limits.max_documents
                        ),
                    ))
                } else {
                    Ok(())
                }
            }
            Event::DocumentEnd => {
                let value = b.root.take().unwrap_or(Value::Null);
                if let Value::Array(items) = &value {
                    b.records += items.len();
                }
                if b.records > limits.max_records {
                    Err(limit(
                        b.codes.refused,
                        file,
                        start,
                        format!(
                            "this file has more than {} records (limit `max_records`)",
                            limits.max_records
                        ),
                    ))
                } else {
                    documents.push(Document {
                        value,
                        spans: std::mem::take(&mut b.entries),
                    });
                    // Anchors end with their document; what aliases produced stays counted.
                    b.anchors.clear();
                    b.anchor_nodes = 0;
                    b.anchor_bytes = 0;
                    Ok(())
                }
            }
            Event::Scalar(text, style, anchor, tag) => {
                b.begin_node();
                let value = scalar::resolve(&text, style, tag.as_deref());
                let is_merge_key = style == ScalarStyle::Plain && text == "<<" && tag.is_none();
                b.finish_node(value, (start, end), anchor, None, is_merge_key, text.len())
            }
            Event::SequenceStart(anchor, _) => {
                b.begin_node();
                b.open(
                    Frame::Seq {
                        items: Vec::new(),
                        start,
                        anchor,
                        first_entry: 0,
                        bytes: 0,
                    },
                    start,
                )
            }
            Event::MappingStart(anchor, _) => {
                b.begin_node();
                b.open(
                    Frame::Map {
                        map: Map::new(),
                        start,
                        anchor,
                        first_entry: 0,
                        key: None,
                        merges: Vec::new(),
                        bytes: 0,
                        key_spans: None,
                    },
                    start,
                )
            }
            Event::SequenceEnd | Event::MappingEnd => b.close(end),
            Event::Alias(id) => {
                b.begin_node();
                b.alias(id, (start, end))
            }
        };
        if let Err(d) = result {
            if lean {
                return None;
            }
            b.diagnostics.push(*d);
            return Some(Parsed {
                documents,
                diagnostics: b.diagnostics,
                refused: true,
            });
        }
    }
    if lean && !b.diagnostics.is_empty() {
        return None;
    }
    Some(Parsed {
        documents,
        diagnostics: b.diagnostics,
        refused: false,
    })
}

/// saphyr reports a tab in indentation after the blanks it skipped: blame the first tab
/// of those blanks instead.
fn first_tab_before(text: &str, base: u32, at: u32) -> u32 {
    let bytes = text.as_bytes();
    let mut i = (at.saturating_sub(base) as usize).min(bytes.len());
    let mut tab = None;
    while i > 0 && matches!(bytes[i - 1], b' ' | b'\t') {
        i -= 1;
        if bytes[i] == b'\t' {
            tab = Some(i);
        }
    }
    tab.map_or(at, |t| base + t as u32)
}

fn limit(code: EngineCode, file: FileId, at: u32, message: String) -> Box<Diagnostic> {
    Box::new(
        Diagnostic::error(code, message)
            .at(Span::new(file, at, at))
            .help("Split the file, or raise the limit under `limits:` in .grclint.yaml if this input is legitimate."),
    )
}

type Step = Result<(), Box<Diagnostic>>;

impl<'a> Builder<'a> {
    fn new(file: FileId, limits: &'a Limits) -> Self {
        Builder {
            file,
            limits,
            frames: Vec::new(),
            pointer: String::new(),
            seg_lens: Vec::new(),
            entries: Vec::new(),
            anchors: HashMap::new(),
            alias_nodes: 0,
            alias_bytes: 0,
            anchor_nodes: 0,
            anchor_bytes: 0,
            key_depth: 0,
            records: 0,
            diagnostics: Vec::new(),
            root: None,
            lean: false,
            codes: Codes::RECORDS,
        }
    }

    fn expecting_key(&self) -> bool {
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
        if self.lean {
            return;
        }
        if let Some(Frame::Seq { items, .. }) = self.frames.last() {
            let idx = items.len();
            self.seg_lens.push(self.pointer.len());
            self.pointer.push('/');
            self.pointer.push_str(&idx.to_string());
        }
    }

    fn open(&mut self, mut frame: Frame, at: u32) -> Step {
        if self.frames.len() >= self.limits.max_depth {
            return Err(limit(
                self.codes.refused,
                self.file,
                at,
                format!(
                    "nesting deeper than {} levels (limit `max_depth`)",
                    self.limits.max_depth
                ),
            ));
        }
        let n = self.entries.len();
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

    fn finish_collection(
        &mut self,
        v: Value,
        span: (u32, u32),
        anchor: usize,
        first: usize,
        bytes: usize,
    ) -> Step {
        if anchor > 0 && self.key_depth == 0 {
            let nodes = self.entries.len() - first + 1;
            let kept = if self.keep_anchor(nodes, bytes) {
                let base = self.pointer.len();
                let entries = self.entries[first..]
                    .iter()
                    .map(|(p, s)| (Box::from(&p[base..]), *s))
                    .collect();
                Anchor {
                    value: v.clone(),
                    span,
                    entries,
                    bytes,
                    too_big: false,
                }
            } else {
                Anchor {
                    value: Value::Null,
                    span,
                    entries: Vec::new(),
                    bytes,
                    too_big: true,
                }
            };
            self.anchors.insert(anchor, kept);
        }
        self.finish_node(v, span, 0, None, false, bytes)
    }

    /// Whether a copy of an anchored node may be kept for the aliases that may follow: the
    /// copies kept in one document are held to the alias limits, so that nested anchors
    /// cannot copy the same nodes over and over.
    fn keep_anchor(&mut self, nodes: usize, bytes: usize) -> bool {
        let max_bytes = usize::try_from(self.limits.max_file_size).unwrap_or(usize::MAX);
        let nodes = self.anchor_nodes.saturating_add(nodes);
        let bytes = self.anchor_bytes.saturating_add(bytes);
        if nodes > self.limits.max_alias_expansion || bytes > max_bytes {
            return false;
        }
        self.anchor_nodes = nodes;
        self.anchor_bytes = bytes;
        true
    }

    fn alias(&mut self, id: usize, span: (u32, u32)) -> Step {
        let Some(anchor) = self.anchors.get(&id) else {
            let d = Diagnostic::error(
                self.codes.syntax,
                "this alias names no anchor defined before it",
            )
            .at(Span::new(self.file, span.0, span.1));
            return Err(Box::new(d));
        };
        if anchor.too_big {
            return Err(limit(
                self.codes.refused,
                self.file,
                span.0,
                format!(
                    "this alias repeats a node too large to copy: the anchored nodes of one document may hold at most {} nodes and {} bytes (limits `max_alias_expansion` and `max_file_size`)",
                    self.limits.max_alias_expansion, self.limits.max_file_size
                ),
            ));
        }
        self.alias_nodes = self.alias_nodes.saturating_add(anchor.entries.len() + 1);
        if self.alias_nodes > self.limits.max_alias_expansion {
            return Err(limit(
                self.codes.refused,
                self.file,
                span.0,
                format!(
                    "aliases here expand to more than {} nodes (limit `max_alias_expansion`)",
                    self.limits.max_alias_expansion
                ),
            ));
        }
        self.alias_bytes = self.alias_bytes.saturating_add(anchor.bytes);
        if self.alias_bytes as u64 > self.limits.max_file_size {
            return Err(limit(
                self.codes.refused,
                self.file,
                span.0,
                format!(
                    "aliases here expand to more than {} bytes of text (limit `max_file_size`)",
                    self.limits.max_file_size
                ),
            ));
        }
        let value = anchor.value.clone();
        let origin = anchor.span;
        let bytes = anchor.bytes;
        if self.key_depth == 0 && !self.expecting_key() {
            let copies: Vec<_> = anchor
                .entries
                .iter()
                .map(|(p, s)| {
                    let mut ptr = self.pointer.clone();
                    ptr.push_str(p);
                    let ns = NodeSpan {
                        key: None,
                        value: span,
                        origin: Some(s.origin.unwrap_or(s.value)),
                    };
                    (ptr.into_boxed_str(), ns)
                })
                .collect();
            self.entries.extend(copies);
        }
        self.finish_node(value, span, 0, Some(origin), false, bytes)
    }

    fn finish_node(
        &mut self,
        value: Value,
        span: (u32, u32),
        anchor: usize,
        origin: Option<(u32, u32)>,
        is_merge_key: bool,
        bytes: usize,
    ) -> Step {
        if anchor > 0 && self.key_depth == 0 && !self.expecting_key() {
            let too_big = !self.keep_anchor(1, bytes);
            self.anchors.insert(
                anchor,
                Anchor {
                    value: if too_big { Value::Null } else { value.clone() },
                    span,
                    entries: Vec::new(),
                    bytes,
                    too_big,
                },
            );
        }
        if self.key_depth > 0 {
            self.key_depth -= 1;
            if self.key_depth > 0 {
                return Ok(());
            }
            return self.take_key(value, span, is_merge_key);
        }
        let file = self.file;
        let top = self.frames.len() == 1;
        match self.frames.last_mut() {
            None => {
                if !self.lean {
                    self.entries.push((
                        Box::from(""),
                        NodeSpan {
                            key: None,
                            value: span,
                            origin,
                        },
                    ));
                }
                self.root = Some(value);
            }
            Some(Frame::Seq {
                items, bytes: b, ..
            }) => {
                // A ledger entry past the limit is refused where it is written.
                if top && self.records.saturating_add(items.len()) >= self.limits.max_records {
                    return Err(limit(
                        self.codes.refused,
                        file,
                        span.0,
                        format!(
                            "this file has more than {} records (limit `max_records`)",
                            self.limits.max_records
                        ),
                    ));
                }
                *b = b.saturating_add(bytes);
                items.push(value);
                if !self.lean {
                    let ptr = self.pointer.clone().into_boxed_str();
                    self.entries.push((
                        ptr,
                        NodeSpan {
                            key: None,
                            value: span,
                            origin,
                        },
                    ));
                    self.pop_segment();
                }
            }
            Some(Frame::Map {
                map,
                key,
                merges,
                bytes: b,
                ..
            }) => {
                // Every key is taken before its value; should one not be, the node is
                // refused rather than the run stopped.
                let Some(k) = key.take() else {
                    return Err(Box::new(
                        Diagnostic::error(
                            self.codes.syntax,
                            "this value has no key grclint could read",
                        )
                        .at(Span::new(file, span.0, span.1)),
                    ));
                };
                *b = b.saturating_add(bytes);
                if k.merge {
                    merges.push(self.entries.len());
                    self.entries.push((
                        self.pointer.clone().into_boxed_str(),
                        NodeSpan {
                            key: Some(k.span),
                            value: span,
                            origin,
                        },
                    ));
                    if !matches!(value, Value::Object(_) | Value::Array(_)) {
                        self.diagnostics.push(
                            Diagnostic::error(self.codes.syntax, "a merge key `<<` must be followed by a mapping or a list of mappings")
                                .at(Span::new(file, span.0, span.1)),
                        );
                    }
                    // The merged value is kept aside under `<<` and applied at the mapping's end.
                    map.insert("<<".to_owned(), value);
                } else if !k.skip {
                    map.insert(k.name, value);
                    if !self.lean {
                        let ptr = self.pointer.clone().into_boxed_str();
                        self.entries.push((
                            ptr,
                            NodeSpan {
                                key: Some(k.span),
                                value: span,
                                origin,
                            },
                        ));
                    }
                }
                if !self.lean {
                    self.pop_segment();
                }
            }
        }
        Ok(())
    }

    fn take_key(&mut self, value: Value, span: (u32, u32), is_merge_key: bool) -> Step {
        let file = self.file;
        let unusable = matches!(value, Value::Array(_) | Value::Object(_));
        let name = match value {
            Value::String(s) => s,
            Value::Null => "null".to_owned(),
            Value::Bool(b) => b.to_string(),
            Value::Number(n) => n.to_string(),
            Value::Array(_) | Value::Object(_) => {
                self.diagnostics.push(
                    Diagnostic::error(
                        self.codes.syntax,
                        "a mapping key must be a plain value, not a list or a mapping",
                    )
                    .at(Span::new(file, span.0, span.1)),
                );
                String::new()
            }
        };
        let mut skip = unusable;
        let Some(Frame::Map {
            map,
            key_spans,
            first_entry,
            ..
        }) = self.frames.last_mut()
        else {
            return Ok(());
        };
        if !unusable && !is_merge_key && map.contains_key(&name) {
            skip = true;
            if key_spans.is_none() {
                // The first duplicate in this mapping: index the keys written so far.
                let prefix = format!("{}/", self.pointer);
                let mut spans = HashMap::new();
                for (p, s) in &self.entries[*first_entry..] {
                    if let (Some(seg), Some(k)) = (p.strip_prefix(prefix.as_str()), s.key)
                        && !seg.contains('/')
                    {
                        spans
                            .entry(crate::base::unescape_segment(seg).into_owned())
                            .or_insert(k);
                    }
                }
                *key_spans = Some(spans);
            }
            let first = key_spans.as_ref().and_then(|k| k.get(&name)).copied();
            let mut d = Diagnostic::error(
                self.codes.duplicate,
                format!("the key `{name}` appears twice in this mapping"),
            )
            .at(Span::new(file, span.0, span.1))
            .help("Remove one of the two; only the first is used.");
            if let Some(f) = first {
                d = d.label(Span::new(file, f.0, f.1), "first defined here");
            }
            self.diagnostics.push(d);
        }
        if !self.lean {
            self.seg_lens.push(self.pointer.len());
            push_segment(&mut self.pointer, if is_merge_key { "<<" } else { &name });
        }
        if let Some(Frame::Map {
            key,
            key_spans,
            bytes,
            ..
        }) = self.frames.last_mut()
        {
            *bytes = bytes.saturating_add(name.len());
            if !skip
                && !is_merge_key
                && let Some(spans) = key_spans.as_mut()
            {
                spans.insert(name.clone(), span);
            }
            *key = Some(PendingKey {
                name,
                span,
                skip,
                merge: is_merge_key,
            });
        }
        Ok(())
    }

    fn pop_segment(&mut self) {
        if let Some(len) = self.seg_lens.pop() {
            self.pointer.truncate(len);
        }
    }

    /// YAML merge keys: keys of the merged mappings that the mapping does not set itself,
    /// earlier sources first. Their spans point at the `<<` value (the alias's use).
    fn apply_merges(&mut self, map: &mut Map<String, Value>, merges: &[usize], first: usize) {
        let Some(merged) = map.remove("<<") else {
            return;
        };
        let base = self.pointer.clone();
        let merge_ptr = format!("{base}/<<");
        let sources: Vec<(Value, Option<usize>)> = match merged {
            Value::Array(items) => items
                .into_iter()
                .enumerate()
                .map(|(i, v)| (v, Some(i)))
                .collect(),
            v => vec![(v, None)],
        };
        let merge_span = merges.last().map(|&i| self.entries[i].1);
        let is_list = sources.first().is_some_and(|(_, i)| i.is_some());
        let under_merge = |p: &str| {
            p.strip_prefix(merge_ptr.as_str())
                .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
        };
        // Entries under `<<` are moved up to the keys they supply, or dropped.
        let under: Vec<(Box<str>, NodeSpan)> = self.entries[first..]
            .iter()
            .filter(|(p, _)| under_merge(p))
            .cloned()
            .collect();
        let keep: Vec<(Box<str>, NodeSpan)> = self
            .entries
            .drain(first..)
            .filter(|(p, _)| !under_merge(p))
            .collect();
        self.entries.extend(keep);
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
        self.entries.extend(moved);
    }
}
