//! Keys: the name a mapping's next value goes under, a key written twice, and the slips
//! that make one — an entry without its `- ` (its keys would repeat the entry above), a
//! full-width space before a field name.

use super::{Builder, Frame, PendingKey};
use crate::diagnostic::{Diagnostic, Span};
use crate::load::yaml::Step;
use crate::load::yaml::mode::Mode;
use serde_json::{Map, Value};
use std::collections::HashMap;

impl<M: Mode> Builder<'_, M> {
    pub(super) fn take_key(&mut self, value: Value, span: (u32, u32), is_merge_key: bool) -> Step {
        let unusable = matches!(value, Value::Array(_) | Value::Object(_));
        let name = match &value {
            Value::String(s) => self.key_text(s, span),
            Value::Null => "null".to_owned(),
            Value::Bool(b) => b.to_string(),
            Value::Number(n) => n.to_string(),
            Value::Array(_) | Value::Object(_) => {
                let what = if value.is_array() {
                    crate::i18n::t("a list", "リスト")
                } else {
                    crate::i18n::t("a set of fields", "項目の組")
                };
                self.diagnostics.push(
                    Diagnostic::error(
                        self.codes.shape,
                        crate::tr!(
"grclint records cannot use {what} as a key",
"grclint のレコードでは{what}をキーにできない"),
                    )
                    .at(Span::new(self.file, span.0, span.1))
                    .help(crate::i18n::t("A field name is plain text: write the name, then `: ` and the list or the fields as its value.", "項目名はただの文字列です。名前を書き、`: ` に続けてリストや項目を値として書いてください。")),
                );
                String::new()
            }
        };
        let mut skip = unusable;
        let Some(Frame::Map { map, .. }) = self.frames.last() else {
            return Ok(());
        };
        if !unusable && !is_merge_key && map.contains_key(&name) {
            if self.is_new_entry(&name) {
                self.start_new_entry(&name, span)?;
            } else {
                skip = true;
                self.duplicate_key(&name, span);
            }
        }
        self.mode.enter_key(if is_merge_key { "<<" } else { &name });
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

    /// A field name as meant: full-width spaces before it were indentation.
    fn key_text(&mut self, s: &str, span: (u32, u32)) -> String {
        let name = s.trim_start_matches('\u{3000}');
        if name.len() == s.len() || name.is_empty() {
            return s.to_owned();
        }
        self.diagnostics.push(
            Diagnostic::error(
                self.codes.syntax,
                crate::tr!(
"a full-width space (`　`) comes before `{name}`",
"`{name}` の前に全角空白（`　`）がある"),
            )
            .at(Span::new(self.file, span.0, span.0 + '\u{3000}'.len_utf8() as u32))
            .help(crate::tr!(
"Replace each full-width space before `{name}` with two half-width spaces: only half-width spaces indent a line.",
"`{name}` の前の全角空白を、一つにつき半角空白二つに置き換えてください。字下げに使えるのは半角空白だけです。"
            ))
            .note(crate::tr!(
"grclint read the field as `{name}`, so the record is still checked.",
"grclint はこの項目を `{name}` として読んだので、レコードは点検されています。")),
        );
        name.to_owned()
    }

    /// A list item's mapping meets its first key again: the next entry without its `- `.
    fn is_new_entry(&self, name: &str) -> bool {
        let n = self.frames.len();
        n >= 2
            && matches!(self.frames[n - 2], Frame::Seq { .. })
            && matches!(&self.frames[n - 1], Frame::Map { map, .. } if map.keys().next().is_some_and(|k| k == name))
    }

    /// Ends the entry being read and starts the next one at this key, with one finding
    /// instead of one per key written twice.
    fn start_new_entry(&mut self, name: &str, span: (u32, u32)) -> Step {
        self.diagnostics.push(
            Diagnostic::error(
                self.codes.syntax,
                crate::i18n::t(
                    "this looks like a new entry without `- `",
                    "`- ` のない新しい項目のように見える",
                ),
            )
            .at(Span::new(self.file, span.0, span.1))
            .help(crate::tr!(
                "Type `- ` before `{name}:` to start a new entry, as the entries above do.",
                "上の項目と同じように、`{name}:` の前に `- ` を入力して新しい項目を始めてください。"
            ))
            .note(crate::i18n::t(
                "grclint read it as a new entry, so both entries are still checked.",
                "grclint はこれを新しい項目として読んだので、両方の項目が点検されています。",
            )),
        );
        let end = self
            .mode
            .entries()
            .last()
            .map_or(span.0, |(_, s)| s.value.1);
        self.close(end)?;
        if let Some(Frame::Seq { items, .. }) = self.frames.last() {
            self.mode.enter_index(items.len());
        }
        let frame = Frame::Map {
            map: Map::new(),
            start: span.0,
            anchor: 0,
            first_entry: 0,
            key: None,
            merges: Vec::new(),
            bytes: 0,
            key_spans: None,
        };
        self.open(frame, span.0)
    }

    /// A key the mapping already has: YAML002, pointing at the first.
    fn duplicate_key(&mut self, name: &str, span: (u32, u32)) {
        let file = self.file;
        let Some(Frame::Map {
            key_spans,
            first_entry,
            ..
        }) = self.frames.last_mut()
        else {
            return;
        };
        if key_spans.is_none() {
            // The first duplicate in this mapping: index the keys written so far.
            let prefix = format!("{}/", self.mode.pointer());
            let mut spans = HashMap::new();
            for (p, s) in &self.mode.entries()[*first_entry..] {
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
        let first = key_spans.as_ref().and_then(|k| k.get(name)).copied();
        let mut d = Diagnostic::error(
            self.codes.duplicate,
            crate::tr!(
                "the key `{name}` appears twice here",
                "キー `{name}` がここで二度使われている"
            ),
        )
        .at(Span::new(file, span.0, span.1))
        .help(crate::i18n::t(
            "Remove one of the two; only the first is used.",
            "どちらか一方を削除してください。使われるのは一つ目だけです。",
        ));
        if let Some(f) = first {
            d = d.label(Span::new(file, f.0, f.1), "first written here");
        }
        self.diagnostics.push(d);
    }
}
