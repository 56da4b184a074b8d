//! One ledger entry's positions, read from its own lines. A file read lean (no span
//! tables) is read again in full when one of its records needs positions; while a ledger
//! is being edited, that is the one entry that changed, and reading its few lines is
//! enough. What they give is used only if it reads back to exactly the entry's value.

use super::spans::SpanTable;
use super::{Limits, yaml};
use crate::source::FileId;
use serde_json::Value;

/// The span table of the ledger entry whose lines hold all of `start..end` (bytes of
/// `text`), if those lines read on their own as one entry equal to `value`. None for
/// anything else (a file of several documents, an entry the region does not fall in,
/// lines that read otherwise): the file is then read again in full, as before.
pub fn entry_spans(
    text: &str,
    (start, end): (u32, u32),
    value: &Value,
    file: FileId,
    limits: &Limits,
) -> Option<SpanTable> {
    let (from, to) = entry_lines(text, start as usize, end as usize)?;
    let parsed = yaml::parse(&text[from..to], from as u32, file, limits);
    if !parsed.diagnostics.is_empty() || parsed.refused || parsed.documents.len() != 1 {
        return None;
    }
    let doc = parsed.documents.into_iter().next()?;
    match &doc.value {
        Value::Array(items) if items.len() == 1 && items[0] == *value => {}
        _ => return None,
    }
    let item = doc.spans.iter().filter_map(|(p, s)| {
        let rest = p.strip_prefix("/0")?;
        (rest.is_empty() || rest.starts_with('/')).then_some((rest, *s))
    });
    Some(SpanTable::from_stripped(item))
}

/// The bytes of the entry of the file's top-level list whose lines hold `start..end`:
/// from the `- ` line at or before `start` to the next one after `end` (or the end).
fn entry_lines(text: &str, start: usize, end: usize) -> Option<(usize, usize)> {
    let mut indent = None;
    let mut entries = Vec::new();
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let body = line.trim_end_matches(['\n', '\r']);
        let trimmed = body.trim_start_matches(' ');
        let n = body.len() - trimmed.len();
        let item = trimmed == "-" || trimmed.starts_with("- ");
        match () {
            _ if trimmed.is_empty() || trimmed.starts_with('#') => {}
            // Another document, a directive or a tab: not a plain ledger.
            _ if body.starts_with("---") || body.starts_with("...") || body.starts_with('%') => {
                return None;
            }
            _ if trimmed.starts_with('\t') => return None,
            _ if indent.is_none() && item => {
                indent = Some(n);
                entries.push(at);
            }
            // Before the list, or less indented than its entries: not a plain ledger.
            _ if indent.is_none_or(|i| n < i) => return None,
            _ if item && Some(n) == indent => entries.push(at),
            _ => {}
        }
        at += line.len();
    }
    let from = *entries.iter().rev().find(|&&e| e <= start)?;
    let to = entries
        .iter()
        .find(|&&e| e > from)
        .copied()
        .unwrap_or(text.len());
    (end <= to).then_some((from, to))
}

#[cfg(test)]
mod tests {
    use super::*;

    const LEDGER: &str = "# 台帳\n- id: A-1\n  medium: paper\n  scope:\n    - 営業部\n\n- id: A-2\n  medium: systen\n";

    #[test]
    fn the_entry_is_read_from_its_own_lines_at_its_place() {
        let at = LEDGER.find("systen").unwrap() as u32;
        let value = serde_json::json!({"id": "A-2", "medium": "systen"});
        let limits = Limits::default();
        let t = entry_spans(LEDGER, (at, at + 6), &value, FileId(0), &limits).unwrap();
        let s = t.get("/medium").unwrap();
        assert_eq!(&LEDGER[s.value.0 as usize..s.value.1 as usize], "systen");
        // Another value than the entry's: not used.
        let other = serde_json::json!({"id": "A-2", "medium": "system"});
        assert!(entry_spans(LEDGER, (at, at + 6), &other, FileId(0), &limits).is_none());
    }

    #[test]
    fn entries_are_found_by_their_dash_lines_only() {
        let a1 = LEDGER.find("- id: A-1").unwrap();
        let a2 = LEDGER.find("- id: A-2").unwrap();
        let inside = LEDGER.find("営業部").unwrap();
        assert_eq!(entry_lines(LEDGER, inside, inside + 1), Some((a1, a2)));
        assert_eq!(
            entry_lines(LEDGER, a2 + 3, a2 + 4),
            Some((a2, LEDGER.len()))
        );
        // A region over two entries, a header comment, two documents: none.
        assert_eq!(entry_lines(LEDGER, inside, a2 + 3), None);
        assert_eq!(entry_lines(LEDGER, 2, 3), None);
        assert_eq!(entry_lines("- a: 1\n---\n- b: 2\n", 1, 2), None);
        assert_eq!(entry_lines("kind: asset\nid: A\n", 1, 2), None);
    }
}
