//! A file the parser stopped on: the mistake in plain words, and — when its fix is certain
//! (a tab or a full-width space in the indentation, a full-width colon, a missing space or
//! `- `) — the file read again as it was meant, so that its records are still checked.
//! Each fix is one more parse, at most `MAX_FIXES` of them: the work stays bounded.

use super::mistakes::{self, Edit, Mistake};
use super::{Attempt, Codes, Parsed, Stop, attempt};
use crate::diagnostic::{Diagnostic, Span};
use crate::load::Limits;
use crate::source::FileId;

/// Re-reads after this many fixes give up: the file has more wrong than a slip.
const MAX_FIXES: usize = 8;

/// Offsets in a text with edits applied, mapped back to the text as written.
#[derive(Default)]
pub(super) struct Shift {
    /// (offset in the edited text, the edit in the written text), in order.
    edits: Vec<(usize, Edit)>,
}

impl Shift {
    fn new(edits: &[Edit]) -> Shift {
        let mut out = Vec::with_capacity(edits.len());
        let mut delta: isize = 0;
        for e in edits {
            let at = (e.at as isize + delta) as usize;
            out.push((at, e.clone()));
            delta += e.with.len() as isize - e.len as isize;
        }
        Shift { edits: out }
    }

    /// The written offset of an offset in the edited text. Inside a replacement, the start
    /// of what it replaced.
    pub(super) fn written(&self, b: usize) -> usize {
        let i = self.edits.partition_point(|(at, _)| *at <= b);
        if i == 0 {
            return b;
        }
        let (at, e) = &self.edits[i - 1];
        let end = at + e.with.len();
        if b < end {
            e.at
        } else {
            e.at + e.len + (b - end)
        }
    }
}

/// The written text with the edits (sorted, never overlapping) applied.
fn apply(text: &str, edits: &[Edit]) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut from = 0;
    for e in edits {
        out.push_str(&text[from..e.at]);
        out.push_str(&e.with);
        from = e.at + e.len;
    }
    out.push_str(&text[from..]);
    out
}

/// The parse stopped at `stop`: say why, and read the file as meant while the fix is
/// certain.
pub(super) fn after_stop(
    text: &str,
    base: u32,
    file: FileId,
    limits: &Limits,
    codes: Codes,
    first: Attempt,
    stop: Stop,
) -> Parsed {
    let mut edits: Vec<Edit> = Vec::new();
    let mut fixed: Vec<Diagnostic> = Vec::new();
    let mut current = first;
    let mut stop = stop;
    let mut read = text.to_owned();
    for _ in 0..=MAX_FIXES {
        let shift = Shift::new(&edits);
        let mistake = mistakes::find(&read, &stop.info, stop.at);
        let written: Vec<Edit> = mistake
            .fix
            .iter()
            .map(|e| Edit {
                at: shift.written(e.at),
                len: shift
                    .written(e.at + e.len)
                    .saturating_sub(shift.written(e.at)),
                with: e.with.clone(),
            })
            .collect();
        let certain = !written.is_empty()
            && fixed.len() < MAX_FIXES
            && written
                .iter()
                .all(|w| !edits.iter().any(|e| overlaps(e, w)));
        let d = diagnostic(&mistake, &shift, base, file, codes, certain);
        if !certain {
            let mut diagnostics = fixed;
            diagnostics.extend(current.diagnostics);
            diagnostics.push(d);
            return Parsed {
                documents: current.documents,
                diagnostics,
                refused: true,
            };
        }
        fixed.push(d);
        edits.extend(written);
        edits.sort_by_key(|e| (e.at, e.len));
        read = apply(text, &edits);
        let shift = Shift::new(&edits);
        let mut next = attempt::<super::mode::Spans>(&read, &shift, base, file, limits, codes)
            .expect("a parse with span tables always finishes");
        match next.stop.take() {
            None => {
                let mut diagnostics = fixed;
                diagnostics.extend(next.diagnostics);
                return Parsed {
                    documents: next.documents,
                    diagnostics,
                    refused: next.refused,
                };
            }
            Some(s) => {
                stop = s;
                current = next;
            }
        }
    }
    unreachable!("the loop returns once the fixes run out")
}

fn overlaps(a: &Edit, b: &Edit) -> bool {
    a.at < b.at + b.len.max(1) && b.at < a.at + a.len.max(1)
}

/// The finding for a mistake found in the text as read (`shift` maps it back).
fn diagnostic(
    m: &Mistake,
    shift: &Shift,
    base: u32,
    file: FileId,
    codes: Codes,
    fixed: bool,
) -> Diagnostic {
    let start = base + shift.written(m.at) as u32;
    let end = base + shift.written(m.at + m.len) as u32;
    let mut d = Diagnostic::error(codes.syntax, m.message.clone())
        .at(Span::new(file, start, end.max(start)))
        .help(m.help.clone());
    d.notes.extend(m.notes.iter().cloned());
    d.notes.push(if fixed {
        crate::i18n::t(
            "grclint read the file as if this were fixed, so the rest of it is still checked.",
            "grclint はここが直っているものとしてファイルを読んだので、残りの部分は点検されています。",
        )
        .to_owned()
    } else {
        crate::i18n::t(
            "Nothing in this file is checked until this is fixed.",
            "ここを直すまで、このファイルの内容は何も点検されません。",
        )
        .to_owned()
    });
    d
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_map_back_through_edits() {
        let text = "a:\n\tb: 1\nc：2\n";
        let edits = vec![
            Edit {
                at: 3,
                len: 1,
                with: "  ".into(),
            },
            Edit {
                at: 10,
                len: 3,
                with: ": ".into(),
            },
        ];
        let read = apply(text, &edits);
        assert_eq!(read, "a:\n  b: 1\nc: 2\n");
        let s = Shift::new(&edits);
        assert_eq!(s.written(0), 0);
        assert_eq!(s.written(4), 3, "inside the spaces: the tab");
        assert_eq!(s.written(5), 4, "`b` after them");
        assert_eq!(&text[s.written(read.find('2').unwrap())..], "2\n");
    }
}
