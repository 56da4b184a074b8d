//! Values: the next item of a list, the value of the key just read.

use super::{Builder, Frame, Node};
use crate::diagnostic::{Diagnostic, Span};
use crate::load::yaml::mode::Mode;
use crate::load::yaml::{Step, limit};
use serde_json::Value;

impl<M: Mode> Builder<'_, M> {
    /// The next item of the list being read.
    pub(super) fn push_item(&mut self, n: Node) -> Step {
        let top = self.frames.len() == 1;
        let Some(Frame::Seq {
            items, bytes: b, ..
        }) = self.frames.last_mut()
        else {
            return Ok(());
        };
        // A ledger entry past the limit is refused where it is written.
        if top && self.records.saturating_add(items.len()) >= self.limits.max_records {
            return Err(limit(
                self.codes.refused,
                self.file,
                n.span.0,
                crate::tr!(
                    "this file has more than {} records (limit `max_records`)",
                    "このファイルにはレコードが {} 件を超えてある（上限 `max_records`）",
                    self.limits.max_records
                ),
            ));
        }
        *b = b.saturating_add(n.bytes);
        items.push(n.value);
        self.mode.finished(None, n.span, n.origin);
        self.mode.leave();
        Ok(())
    }

    /// The value of the key just taken in the mapping being read.
    pub(super) fn set_value(&mut self, n: Node) -> Step {
        let file = self.file;
        let Some(Frame::Map {
            map,
            key,
            merges,
            bytes: b,
            ..
        }) = self.frames.last_mut()
        else {
            return Ok(());
        };
        // Every key is taken before its value; should one not be, the node is refused
        // rather than the run stopped.
        let Some(k) = key.take() else {
            return Err(Box::new(
                Diagnostic::error(
                    self.codes.syntax,
                    crate::i18n::t(
                        "this value has no key grclint could read",
                        "この値には grclint が読み取れるキーがない",
                    ),
                )
                .at(Span::new(file, n.span.0, n.span.1)),
            ));
        };
        *b = b.saturating_add(n.bytes);
        if k.merge {
            merges.push(self.mode.entries().len());
            self.mode.finished(Some(k.span), n.span, n.origin);
            if !matches!(n.value, Value::Object(_) | Value::Array(_)) {
                self.diagnostics.push(
                    Diagnostic::error(
                        self.codes.syntax,
                        crate::i18n::t("`<<` must be followed by a set of fields (or a list of them) to copy in", "`<<` の後には、取り込む項目の組（またはそのリスト）が必要"),
                    )
                    .at(Span::new(file, n.span.0, n.span.1)),
                );
            }
            // The merged value is kept aside under `<<` and applied at the mapping's end.
            map.insert("<<".to_owned(), n.value);
        } else if !k.skip {
            map.insert(k.name, n.value);
            self.mode.finished(Some(k.span), n.span, n.origin);
        }
        self.mode.leave();
        Ok(())
    }
}
