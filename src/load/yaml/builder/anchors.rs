//! Anchors and aliases: the copies kept of anchored nodes, and the limits on what aliases
//! may expand to.

use super::{Anchor, Builder, Node};
use crate::diagnostic::{Diagnostic, Span};
use crate::load::spans::NodeSpan;
use crate::load::yaml::mode::Mode;
use crate::load::yaml::{Step, limit};
use serde_json::Value;

impl<M: Mode> Builder<'_, M> {
    pub(super) fn finish_collection(
        &mut self,
        v: Value,
        span: (u32, u32),
        anchor: usize,
        first: usize,
        bytes: usize,
    ) -> Step {
        // A collection used as a key may be anchored too: nothing inside a key has a span
        // entry, so its copy has none either.
        if anchor > 0 {
            let nodes = self.mode.entries().len() - first + 1;
            let kept = if self.keep_anchor(nodes, bytes) {
                let base = self.mode.pointer().len();
                let entries = self.mode.entries()[first..]
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
        self.finish_node(Node {
            value: v,
            span,
            anchor: 0,
            origin: None,
            merge_key: false,
            bytes,
        })
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

    pub(super) fn alias(&mut self, id: usize, span: (u32, u32)) -> Step {
        let Some(anchor) = self.anchors.get(&id) else {
            let d = Diagnostic::error(
                self.codes.syntax,
                crate::i18n::t(
                    "this alias names no anchor defined before it",
                    "この別名（`*`）が指すアンカー（`&`）は、これより前で定義されていない",
                ),
            )
            .at(Span::new(self.file, span.0, span.1));
            return Err(Box::new(d));
        };
        if anchor.too_big {
            return Err(limit(
                self.codes.refused,
                self.file,
                span.0,
                crate::tr!(
                    "this alias repeats a node too large to copy: the anchored nodes of one document may hold at most {} nodes and {} bytes (limits `max_alias_expansion` and `max_file_size`)",
                    "この別名（`*`）が繰り返す内容は大きすぎて複製できない。一つの文書でアンカーを付けた内容は、{} 個のノードと {} バイトまで（上限 `max_alias_expansion` と `max_file_size`）",
                    self.limits.max_alias_expansion,
                    self.limits.max_file_size
                ),
            ));
        }
        self.alias_nodes = self.alias_nodes.saturating_add(anchor.entries.len() + 1);
        if self.alias_nodes > self.limits.max_alias_expansion {
            return Err(limit(
                self.codes.refused,
                self.file,
                span.0,
                crate::tr!(
                    "aliases here expand to more than {} nodes (limit `max_alias_expansion`)",
                    "ここでの別名（`*`）の展開が {} 個のノードを超える（上限 `max_alias_expansion`）",
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
                crate::tr!(
                    "aliases here expand to more than {} bytes of text (limit `max_file_size`)",
                    "ここでの別名（`*`）の展開が {} バイトの文字を超える（上限 `max_file_size`）",
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
                    let mut ptr = self.mode.pointer().to_owned();
                    ptr.push_str(p);
                    let ns = NodeSpan {
                        key: None,
                        value: span,
                        origin: Some(s.origin.unwrap_or(s.value)),
                    };
                    (ptr.into_boxed_str(), ns)
                })
                .collect();
            let bytes = copies.iter().map(|(p, _)| p.len()).sum();
            self.mode.entries_mut().extend(copies);
            self.mode.count_pointer_bytes(bytes);
        }
        self.finish_node(Node {
            value,
            span,
            anchor: 0,
            origin: Some(origin),
            merge_key: false,
            bytes,
        })
    }

    /// A scalar that defines an anchor: kept for the aliases that may follow.
    pub(super) fn anchor_scalar(&mut self, n: &Node) {
        let too_big = !self.keep_anchor(1, n.bytes);
        self.anchors.insert(
            n.anchor,
            Anchor {
                value: if too_big {
                    Value::Null
                } else {
                    n.value.clone()
                },
                span: n.span,
                entries: Vec::new(),
                bytes: n.bytes,
                too_big,
            },
        );
    }
}
