//! Reading the ledger an import goes into: its records, and the comments people wrote in
//! it, each tied to the record and field it sits on or above. grclint's own comments (the
//! `# grclint import:` lines and the `# 台帳!F12` after a value) are left behind: the next
//! import writes them anew.

use crate::load::{Limits, yaml};
use crate::source::{FileId, SourceFile};
use serde_json::Value;
use std::collections::BTreeMap;

pub const OURS: &str = "# grclint import:";

/// A record's comments by JSON pointer inside it (`""` is the record itself).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Comments {
    /// Whole-line comments above the node.
    pub before: BTreeMap<String, Vec<String>>,
    /// The comment after the node's value, on its line.
    pub trailing: BTreeMap<String, String>,
}

#[derive(Default)]
pub struct Existing {
    /// Comments at the top of the file that are not grclint's.
    pub header: Vec<String>,
    pub records: Vec<(Value, Comments)>,
    /// Comments after the last record.
    pub footer: Vec<String>,
}

/// `# 台帳!F12` or `# 'My sheet'!F12` at the end of a comment: a cell reference of ours.
fn strip_cell_ref(comment: &str) -> Option<&str> {
    let at = comment.rfind("# ")?;
    let tail = &comment[at + 2..];
    let (sheet, cell) = tail.rsplit_once('!')?;
    let letters = cell.trim_end_matches(|c: char| c.is_ascii_digit());
    let ok_cell = !letters.is_empty()
        && letters.len() < cell.len()
        && letters.len() <= 3
        && letters.chars().all(|c| c.is_ascii_uppercase());
    let ok_sheet = !sheet.is_empty()
        && (sheet.starts_with('\'') && sheet.ends_with('\'') && sheet.len() >= 2
            || !sheet.contains(char::is_whitespace));
    (ok_cell && ok_sheet).then(|| comment[..at].trim_end())
}

/// The records and comments of an existing ledger, or why it cannot be imported into.
pub fn read(text: &str, limits: &Limits) -> Result<Existing, String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let parsed = yaml::parse(text, 0, FileId(0), limits);
    let source = SourceFile::new(String::new(), None, text.into());
    if let Some(d) = parsed.diagnostics.first() {
        let line = d.primary.map(|s| source.line_col(s.start).0).unwrap_or(1);
        return Err(crate::tr!(
            "it is not valid YAML (line {line}: {})",
            "正しい YAML ではない（{line} 行目: {}）",
            d.message
        ));
    }
    let mut docs = parsed.documents.into_iter().filter(|d| !d.value.is_null());
    let Some(doc) = docs.next() else {
        return Ok(Existing {
            header: hand_comments(text),
            ..Existing::default()
        });
    };
    let not_ledger = || {
        crate::i18n::t(
            "it is not a ledger (one list of records); import into a new file with --output",
            "台帳（レコードのリスト一つ）ではない。--output で新しいファイルに取り込むこと",
        )
        .to_owned()
    };
    if docs.next().is_some() {
        return Err(not_ledger());
    }
    let Value::Array(items) = doc.value else {
        return Err(not_ledger());
    };
    if !items.iter().all(Value::is_object) {
        return Err(not_ledger());
    }
    let lines = Lines::new(text, &source, &doc.spans, &items);
    let (header, comments, footer) = lines.comments(text, &source, items.len());
    Ok(Existing {
        header,
        records: items.into_iter().zip(comments).collect(),
        footer,
    })
}

fn hand_comments(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| l.starts_with('#') && !l.starts_with(OURS))
        .map(str::to_owned)
        .collect()
}

/// What each line of the file holds, from the parser's spans.
struct Lines {
    /// 0-based line → (record, pointer inside it) of the node that starts there.
    starts: BTreeMap<usize, (usize, String)>,
    /// 0-based line → byte offset after its last value, and that value's node.
    ends: BTreeMap<usize, (u32, usize, String)>,
    /// Line of each record's first key.
    record_lines: BTreeMap<usize, usize>,
    /// Lines inside a scalar written over several lines (a `#` there is text).
    inside: Vec<(usize, usize)>,
}

fn split_pointer(p: &str) -> Option<(usize, String)> {
    let rest = p.strip_prefix('/')?;
    let (i, inner) = match rest.find('/') {
        Some(n) => (&rest[..n], rest[n..].to_owned()),
        None => (rest, String::new()),
    };
    Some((i.parse().ok()?, inner))
}

impl Lines {
    fn new(
        text: &str,
        source: &SourceFile,
        spans: &[(Box<str>, crate::load::spans::NodeSpan)],
        items: &[Value],
    ) -> Lines {
        let line = |b: u32| source.line_col(b).0 as usize - 1;
        let mut lines = Lines {
            starts: BTreeMap::new(),
            ends: BTreeMap::new(),
            record_lines: BTreeMap::new(),
            inside: Vec::new(),
        };
        let mut firsts: BTreeMap<usize, u32> = BTreeMap::new();
        let end_at = |lines: &mut Lines, end: u32, rec: usize, inner: &str| {
            let l = line(end.max(1) - 1);
            if lines.ends.get(&l).is_none_or(|e| end > e.0) {
                lines.ends.insert(l, (end, rec, inner.to_owned()));
            }
        };
        for (p, s) in spans {
            let Some((rec, inner)) = split_pointer(p) else {
                continue;
            };
            let (v0, v1) = s.value;
            if inner.is_empty() {
                lines.record_lines.insert(line(v0), rec);
                continue;
            }
            let start = s.key.map(|k| k.0).unwrap_or(v0);
            let l = line(start);
            if firsts.get(&l).is_none_or(|&b| start < b) {
                firsts.insert(l, start);
                lines.starts.insert(l, (rec, inner.clone()));
            }
            let scalar = items
                .get(rec)
                .and_then(|v| v.pointer(&inner))
                .is_some_and(|v| !v.is_object() && !v.is_array());
            let flow = matches!(text.as_bytes().get(v0 as usize), Some(b'[' | b'{'));
            let last = line(v1.max(v0 + 1) - 1);
            if scalar && last > line(v0) {
                lines.inside.push((line(v0) + 1, last));
            }
            if scalar || flow {
                end_at(&mut lines, v1, rec, &inner);
            } else if let Some(k) = s.key {
                // `owner:` — a comment may follow the colon.
                end_at(&mut lines, k.1 + 1, rec, &inner);
            }
        }
        lines
    }

    fn comments(
        &self,
        text: &str,
        source: &SourceFile,
        records: usize,
    ) -> (Vec<String>, Vec<Comments>, Vec<String>) {
        let mut header = Vec::new();
        let mut out = vec![Comments::default(); records];
        let mut pending: Vec<String> = Vec::new();
        let mut blank_after_pending = 0usize;
        let mut current: Option<usize> = None;
        // Lines as the parser counts them (a lone CR ends one too).
        for l in 0..source.line_count() {
            let line_start = source.line_start(l).unwrap_or(0) as usize;
            let raw = &text[line_start..source.line_end(line_start as u32) as usize];
            if self.inside.iter().any(|&(a, b)| (a..=b).contains(&l)) {
                continue;
            }
            let trimmed = raw.trim();
            if trimmed.is_empty() {
                blank_after_pending = pending.len();
                continue;
            }
            if trimmed.starts_with('#') {
                if !trimmed.starts_with(OURS) {
                    pending.push(trimmed.to_owned());
                }
                continue;
            }
            if let Some(&rec) = self.record_lines.get(&l) {
                if current.is_none() {
                    // Above the first record: what a blank line sets apart is the file's.
                    header.extend(pending.drain(..blank_after_pending.min(pending.len())));
                }
                current = Some(rec);
                if let Some(c) = out.get_mut(rec) {
                    c.before
                        .entry(String::new())
                        .or_default()
                        .append(&mut pending);
                }
            }
            let owner = self
                .starts
                .get(&l)
                .cloned()
                .filter(|(r, _)| Some(*r) == current);
            if !pending.is_empty() {
                let (rec, ptr) = owner
                    .clone()
                    .unwrap_or((current.unwrap_or(0), String::new()));
                if let Some(c) = out.get_mut(rec) {
                    c.before.entry(ptr).or_default().append(&mut pending);
                }
            }
            blank_after_pending = 0;
            if let Some((end, rec, ptr)) = self.ends.get(&l) {
                let from = (*end as usize).max(line_start).min(line_start + raw.len());
                let rest = raw.get(from - line_start..).unwrap_or("").trim();
                if let Some(c) = rest.strip_prefix('#').map(|_| rest) {
                    let kept = strip_cell_ref(c).unwrap_or(c);
                    if kept.starts_with('#')
                        && kept.len() > 1
                        && let Some(c) = out.get_mut(*rec)
                    {
                        c.trailing.insert(ptr.clone(), kept.to_owned());
                    }
                }
            }
        }
        (header, out, pending)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cell_references_are_told_from_comments() {
        assert_eq!(strip_cell_ref("# 台帳!F12"), Some(""));
        assert_eq!(strip_cell_ref("# 確認済  # 台帳!F12"), Some("# 確認済"));
        assert_eq!(strip_cell_ref("# 'My sheet'!AB3"), Some(""));
        assert_eq!(strip_cell_ref("# 確認済"), None);
        assert_eq!(strip_cell_ref("# see A!"), None);
        assert_eq!(strip_cell_ref("# x!12"), None);
    }

    #[test]
    fn comments_are_tied_to_their_fields() {
        let text = "# 台帳の説明\n\n# システム\n- id: A-1  # 台帳!A5\n  # 場所のメモ\n  location: 本社  # 確認済\n  notes: |\n    # not a comment\n    text\n  owner:\n    person: P-1  # 台帳!G5\n# 末尾\n";
        let e = read(text, &Limits::default()).unwrap();
        assert_eq!(e.header, vec!["# 台帳の説明"]);
        assert_eq!(e.footer, vec!["# 末尾"]);
        let (v, c) = &e.records[0];
        assert_eq!(v["notes"], "# not a comment\ntext\n");
        assert_eq!(c.before[""], vec!["# システム"]);
        assert_eq!(c.before["/location"], vec!["# 場所のメモ"]);
        assert_eq!(c.trailing["/location"], "# 確認済");
        assert!(!c.trailing.contains_key("/id"));
        assert!(!c.trailing.contains_key("/owner/person"));
    }

    #[test]
    fn what_is_not_a_ledger_is_refused() {
        assert!(read("id: A-1\n", &Limits::default()).is_err());
        assert!(read("- a\n", &Limits::default()).is_err());
        assert!(read("- id: [\n", &Limits::default()).is_err());
        assert!(
            read("# only a comment\n", &Limits::default())
                .unwrap()
                .records
                .is_empty()
        );
    }

    #[test]
    fn crlf_ledgers_keep_their_comments() {
        let text = "- id: A-1  # 台帳!A5\r\n  # 上\r\n  location: 本社  # 確認済\r\n";
        let e = read(text, &Limits::default()).unwrap();
        assert_eq!(e.records[0].1.trailing["/location"], "# 確認済");
        assert_eq!(e.records[0].1.before["/location"], vec!["# 上"]);
    }

    proptest::proptest! {
        #[test]
        fn any_text_is_read_or_refused_without_a_panic(s in "[-a-z#: \\[\\]{},\\|>\"'\r\n\t管理]{0,80}") {
            if let Ok(e) = read(&s, &Limits::default()) {
                proptest::prop_assert!(e.records.iter().all(|(v, _)| v.is_object()));
            }
        }
    }
}
