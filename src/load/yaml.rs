//! One pass over saphyr's event stream: values, span tables, duplicate keys, aliases,
//! merge keys and limits. No recursion, so no input can overflow the stack.

use super::scalar;
use super::spans::{NodeSpan, push_segment};
use crate::diagnostic::{Diagnostic, Span};
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
        if target < self.char_idx {
            self.char_idx = 0;
            self.byte_idx = 0;
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
    },
    Map {
        map: Map<String, Value>,
        start: u32,
        anchor: usize,
        first_entry: usize,
        key: Option<PendingKey>,
        merges: Vec<usize>,
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
}

struct Builder<'a> {
    file: FileId,
    limits: &'a Limits,
    frames: Vec<Frame>,
    pointer: String,
    seg_lens: Vec<usize>,
    entries: Vec<(Box<str>, NodeSpan)>,
    anchors: HashMap<usize, Anchor>,
    alias_nodes: usize,
    key_depth: usize,
    diagnostics: Vec<Diagnostic>,
    root: Option<Value>,
}

pub fn parse(text: &str, base: u32, file: FileId, limits: &Limits) -> Parsed {
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
    let mut records = 0usize;
    loop {
        let (event, span) = match parser.next_event() {
            None => break,
            Some(Ok(ev)) => ev,
            Some(Err(e)) => {
                let at = pos.byte(e.marker());
                if e.info().contains("recursion limit") {
                    b.diagnostics.push(*limit(
                        file,
                        at,
                        "nesting too deep to read (limit `max_depth`)".to_owned(),
                    ));
                    return Parsed {
                        documents,
                        diagnostics: b.diagnostics,
                        refused: true,
                    };
                }
                b.diagnostics.push(
                    Diagnostic::error("YAML001", format!("YAML syntax error: {}", e.info()))
                        .at(Span::new(file, at, at))
                        .help("Fix the YAML syntax here; nothing in this file is checked until it parses."),
                );
                return Parsed {
                    documents,
                    diagnostics: b.diagnostics,
                    refused: true,
                };
            }
        };
        let start = pos.byte(&span.start);
        let end = pos.byte(&span.end);
        let result = match event {
            Event::StreamStart | Event::StreamEnd | Event::Nothing => Ok(()),
            Event::DocumentStart(_) => {
                if documents.len() >= limits.max_documents {
                    Err(limit(
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
                    records += items.len();
                }
                if records > limits.max_records {
                    Err(limit(
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
                    b.anchors.clear();
                    b.alias_nodes = 0;
                    Ok(())
                }
            }
            Event::Scalar(text, style, anchor, tag) => {
                b.begin_node();
                let value = scalar::resolve(&text, style, tag.as_deref());
                let is_merge_key = style == ScalarStyle::Plain && text == "<<" && tag.is_none();
                b.finish_node(value, (start, end), anchor, None, is_merge_key)
            }
            Event::SequenceStart(anchor, _) => {
                b.begin_node();
                b.open(
                    Frame::Seq {
                        items: Vec::new(),
                        start,
                        anchor,
                        first_entry: 0,
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
            b.diagnostics.push(*d);
            return Parsed {
                documents,
                diagnostics: b.diagnostics,
                refused: true,
            };
        }
    }
    Parsed {
        documents,
        diagnostics: b.diagnostics,
        refused: false,
    }
}

fn limit(file: FileId, at: u32, message: String) -> Box<Diagnostic> {
    Box::new(
        Diagnostic::error("YAML003", message)
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
            key_depth: 0,
            diagnostics: Vec::new(),
            root: None,
        }
    }

    fn expecting_key(&self) -> bool {
        matches!(self.frames.last(), Some(Frame::Map { key: None, .. }))
    }

    /// Called at the start of every node: a sequence item gets its index segment.
    fn begin_node(&mut self) {
        if self.expecting_key() {
            self.key_depth += 1;
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
            } => self.finish_collection(Value::Array(items), (start, end), anchor, first_entry),
            Frame::Map {
                mut map,
                start,
                anchor,
                first_entry,
                merges,
                ..
            } => {
                if !merges.is_empty() {
                    self.apply_merges(&mut map, &merges, first_entry);
                }
                self.finish_collection(Value::Object(map), (start, end), anchor, first_entry)
            }
        }
    }

    fn finish_collection(
        &mut self,
        v: Value,
        span: (u32, u32),
        anchor: usize,
        first: usize,
    ) -> Step {
        if anchor > 0 && self.key_depth == 0 {
            let base = self.pointer.len();
            let entries = self.entries[first..]
                .iter()
                .map(|(p, s)| (Box::from(&p[base..]), *s))
                .collect();
            self.anchors.insert(
                anchor,
                Anchor {
                    value: v.clone(),
                    span,
                    entries,
                },
            );
        }
        self.finish_node(v, span, 0, None, false)
    }

    fn alias(&mut self, id: usize, span: (u32, u32)) -> Step {
        let Some(anchor) = self.anchors.get(&id) else {
            let d = Diagnostic::error("YAML001", "this alias names no anchor defined before it")
                .at(Span::new(self.file, span.0, span.1));
            return Err(Box::new(d));
        };
        self.alias_nodes += anchor.entries.len() + 1;
        if self.alias_nodes > self.limits.max_alias_expansion {
            return Err(limit(
                self.file,
                span.0,
                format!(
                    "aliases here expand to more than {} nodes (limit `max_alias_expansion`)",
                    self.limits.max_alias_expansion
                ),
            ));
        }
        let value = anchor.value.clone();
        let origin = anchor.span;
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
        self.finish_node(value, span, 0, Some(origin), false)
    }

    fn finish_node(
        &mut self,
        value: Value,
        span: (u32, u32),
        anchor: usize,
        origin: Option<(u32, u32)>,
        is_merge_key: bool,
    ) -> Step {
        if anchor > 0 && self.key_depth == 0 && !self.expecting_key() {
            self.anchors.insert(
                anchor,
                Anchor {
                    value: value.clone(),
                    span,
                    entries: Vec::new(),
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
        match self.frames.last_mut() {
            None => {
                self.entries.push((
                    Box::from(""),
                    NodeSpan {
                        key: None,
                        value: span,
                        origin,
                    },
                ));
                self.root = Some(value);
            }
            Some(Frame::Seq { items, .. }) => {
                items.push(value);
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
            Some(Frame::Map {
                map, key, merges, ..
            }) => {
                let k = key.take().expect("a value follows its key");
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
                            Diagnostic::error("YAML001", "a merge key `<<` must be followed by a mapping or a list of mappings")
                                .at(Span::new(file, span.0, span.1)),
                        );
                    }
                    // The merged value is kept aside under `<<` and applied at the mapping's end.
                    map.insert("<<".to_owned(), value);
                } else if !k.skip {
                    map.insert(k.name, value);
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
                self.pop_segment();
            }
        }
        Ok(())
    }

    fn take_key(&mut self, value: Value, span: (u32, u32), is_merge_key: bool) -> Step {
        let file = self.file;
        let name = match &value {
            Value::String(s) => s.clone(),
            Value::Null => "null".to_owned(),
            Value::Bool(b) => b.to_string(),
            Value::Number(n) => n.to_string(),
            Value::Array(_) | Value::Object(_) => {
                self.diagnostics.push(
                    Diagnostic::error(
                        "YAML001",
                        "a mapping key must be a plain value, not a list or a mapping",
                    )
                    .at(Span::new(file, span.0, span.1)),
                );
                String::new()
            }
        };
        let unusable = matches!(value, Value::Array(_) | Value::Object(_));
        let mut skip = unusable;
        let Some(Frame::Map {
            map, first_entry, ..
        }) = self.frames.last()
        else {
            return Ok(());
        };
        if !unusable && !is_merge_key && map.contains_key(&name) {
            skip = true;
            let mut ptr = self.pointer.clone();
            push_segment(&mut ptr, &name);
            let first = self.entries[*first_entry..]
                .iter()
                .find(|(p, _)| **p == *ptr)
                .and_then(|(_, s)| s.key);
            let mut d = Diagnostic::error(
                "YAML002",
                format!("the key `{name}` appears twice in this mapping"),
            )
            .at(Span::new(file, span.0, span.1))
            .help("Remove one of the two; only the first is used.");
            if let Some(f) = first {
                d = d.label(Span::new(file, f.0, f.1), "first defined here");
            }
            self.diagnostics.push(d);
        }
        self.seg_lens.push(self.pointer.len());
        push_segment(&mut self.pointer, if is_merge_key { "<<" } else { &name });
        if let Some(Frame::Map { key, .. }) = self.frames.last_mut() {
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
        // Entries under `<<` are moved up to the keys they supply, or dropped.
        let mut moved: Vec<(Box<str>, NodeSpan)> = Vec::new();
        let under: Vec<(Box<str>, NodeSpan)> = self.entries[first..]
            .iter()
            .filter(|(p, _)| p.starts_with(&merge_ptr))
            .cloned()
            .collect();
        let keep: Vec<(Box<str>, NodeSpan)> = self
            .entries
            .drain(first..)
            .filter(|(p, _)| !p.starts_with(&merge_ptr))
            .collect();
        self.entries.extend(keep);
        for (src, idx) in sources {
            let Value::Object(src) = src else { continue };
            for (k, v) in src {
                if map.contains_key(&k) {
                    continue;
                }
                let mut from = merge_ptr.clone();
                if let Some(i) = idx {
                    from.push('/');
                    from.push_str(&i.to_string());
                }
                push_segment(&mut from, &k);
                let mut to = base.clone();
                push_segment(&mut to, &k);
                for (p, s) in &under {
                    if let Some(rest) = p.strip_prefix(from.as_str())
                        && (rest.is_empty() || rest.starts_with('/'))
                    {
                        let mut ns = *s;
                        if let Some(ms) = merge_span {
                            ns.key = ms.key;
                        }
                        moved.push((format!("{to}{rest}").into_boxed_str(), ns));
                    }
                }
                map.insert(k, v);
            }
        }
        self.entries.extend(moved);
    }
}
