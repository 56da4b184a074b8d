//! Load: bytes → YAML documents → records, each with its value and span table (made on
//! demand for files read without them, see `Spans`).
//! Every problem becomes a diagnostic at its place; a bad file never stops the run.

pub mod cached;
pub mod claim;
mod entry;
pub mod lazy;
mod read;
pub use entry::edit_entry;
pub mod scalar;
pub mod spans;
pub mod yaml;

use crate::base::whole_number;
use crate::diagnostic::{Diagnostic, EngineCode, Span};
use crate::source::{FileId, SourceFile};
use claim::{Known, own_kind};
pub use read::{Refused, decode, decode_limited, read_file, too_big};
use serde_json::Value;
use spans::SpanTable;
use std::sync::{Arc, LazyLock, OnceLock};

/// `limits:` of the config; a limit it leaves out keeps its default.
#[derive(Clone, Debug, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Limits {
    #[serde(deserialize_with = "whole_number")]
    pub max_file_size: u64,
    #[serde(deserialize_with = "whole_number")]
    pub max_depth: usize,
    #[serde(deserialize_with = "whole_number")]
    pub max_alias_expansion: usize,
    #[serde(deserialize_with = "whole_number")]
    pub max_documents: usize,
    #[serde(deserialize_with = "whole_number")]
    pub max_records: usize,
    /// Findings reported per file; the rest are counted in one closing finding (LIM001).
    #[serde(deserialize_with = "whole_number")]
    pub max_findings_per_file: usize,
    /// Records one rule may visit in a run (at least ten per record of the repository);
    /// a rule that would visit more is stopped with RUL002.
    #[serde(deserialize_with = "whole_number")]
    pub max_rule_visits: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_size: 16 * 1024 * 1024,
            max_depth: 256,
            max_alias_expansion: 100_000,
            max_documents: 1_000,
            max_records: 200_000,
            max_findings_per_file: 1_000,
            max_rule_visits: 10_000_000,
        }
    }
}

/// A field of a mapping. A record's mappings are small: comparing keys (most differ in
/// length) is cheaper than hashing the name.
pub fn field<'v>(map: &'v serde_json::Map<String, Value>, key: &str) -> Option<&'v Value> {
    if map.len() <= 32 {
        map.iter().find(|(k, _)| k.as_str() == key).map(|(_, v)| v)
    } else {
        map.get(key)
    }
}

/// One governance record: a mapping of a ledger or a document of its own.
#[derive(Debug)]
pub struct Record {
    pub file: FileId,
    pub kind: String,
    pub id: Option<String>,
    pub value: lazy::LazyValue,
    pub spans: Spans,
}

/// Where a record's nodes were written. Most records hold no finding, so most files are
/// read without span tables and read again, once, when one of their records needs them.
#[derive(Debug)]
pub enum Spans {
    Ready(SpanTable),
    Later { file: Arc<Reread>, ordinal: usize },
}

/// What it takes to read a file again for its span tables.
#[derive(Debug)]
pub struct Reread {
    text: Arc<str>,
    file: FileId,
    path_kind: Option<String>,
    limits: Limits,
    /// Per document, whether it was read for records (see `claim`).
    keep: Vec<bool>,
    /// The whole file's tables, when it was read again in full.
    tables: OnceLock<Vec<SpanTable>>,
    /// For a plain ledger, each entry's table read from its own lines (see `entry`).
    entries: OnceLock<Option<entry::Entries>>,
    /// How many records the first read found.
    count: usize,
}

impl Reread {
    fn new(text: Arc<str>, file: FileId, path_kind: Option<&str>, limits: &Limits) -> Self {
        Reread {
            text,
            file,
            path_kind: path_kind.map(str::to_owned),
            limits: limits.clone(),
            keep: vec![true],
            tables: OnceLock::new(),
            entries: OnceLock::new(),
            count: 0,
        }
    }

    /// Record `ordinal`'s table: from its own lines when the file is a plain ledger and
    /// they read back to `record`, else from the whole file read again (once).
    fn table(&self, ordinal: usize, record: &Record) -> &SpanTable {
        if let Some(t) = self.tables.get() {
            return t.get(ordinal).unwrap_or(&NO_SPANS);
        }
        if let Some(t) = entry::table(self, ordinal, record) {
            return t;
        }
        let tables = self.tables();
        debug_assert!(
            ordinal < tables.len(),
            "the second read found fewer records"
        );
        tables.get(ordinal).unwrap_or(&NO_SPANS)
    }

    fn tables(&self) -> &[SpanTable] {
        self.tables.get_or_init(|| {
            let bom = if self.text.starts_with('\u{feff}') {
                3
            } else {
                0
            };
            let parsed = yaml::parse(&self.text[bom..], bom as u32, self.file, &self.limits);
            let mut records = Vec::new();
            let mut diagnostics = Vec::new();
            let place = Place {
                file: self.file,
                path_kind: self.path_kind.as_deref(),
                line_end: &|b| b,
            };
            let documents = kept(parsed.documents, &self.keep);
            assemble(&place, documents, &mut records, &mut diagnostics);
            debug_assert!(
                diagnostics.is_empty(),
                "a file read lean reads again without problems"
            );
            records
                .into_iter()
                .map(|r| match r.spans {
                    Spans::Ready(t) => t,
                    Spans::Later { .. } => SpanTable::default(),
                })
                .collect()
        })
    }
}

static NO_SPANS: LazyLock<SpanTable> = LazyLock::new(SpanTable::default);

impl Record {
    /// The record's span table, reading its file again the first time one is needed.
    pub fn spans(&self) -> &SpanTable {
        match &self.spans {
            Spans::Ready(t) => t,
            Spans::Later { file, ordinal } => file.table(*ordinal, self),
        }
    }

    /// The span table if it was kept from the first read: only such files (read in full
    /// for their anchors, aliases, merge keys or problems) can hold an anchor.
    pub fn kept_spans(&self) -> Option<&SpanTable> {
        match &self.spans {
            Spans::Ready(t) => Some(t),
            Spans::Later { .. } => None,
        }
    }

    /// The span of the node at `pointer` (its value), or of the nearest present parent.
    pub fn span_of(&self, pointer: &str) -> Option<Span> {
        self.spans()
            .nearest(pointer)
            .map(|(_, s)| Span::new(self.file, s.value.0, s.value.1))
    }

    /// What to underline when the whole record is blamed: its first line.
    pub fn head_span(&self, file: &SourceFile) -> Option<Span> {
        let s = self.spans().get("")?;
        let start = s.value.0;
        let end = file.line_end(start).min(s.value.1).max(start);
        Some(Span::new(self.file, start, end))
    }
}

/// What loading one file gives.
pub struct LoadedFile {
    pub source: SourceFile,
    pub records: Vec<Record>,
    pub diagnostics: Vec<Diagnostic>,
    /// Not a record file, and why (see `claim`).
    pub skipped: Option<String>,
}

/// The documents the claim keeps, in order.
fn kept(documents: Vec<yaml::Document>, keep: &[bool]) -> Vec<yaml::Document> {
    documents
        .into_iter()
        .zip(keep)
        .filter_map(|(d, k)| k.then_some(d))
        .collect()
}

/// Parses one file's text into records. `path_kind` is the kind its path gives; `known`
/// says which kinds and fields are grclint's, to tell its documents from other YAML.
pub fn load_text(
    source: SourceFile,
    file: FileId,
    path_kind: Option<&str>,
    known: &dyn Known,
    limits: &Limits,
) -> LoadedFile {
    let text = source.text.clone();
    let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let mut out = LoadedFile {
        source,
        records: Vec::new(),
        diagnostics: Vec::new(),
        skipped: None,
    };
    let judge = |docs: &[yaml::Document]| {
        let values: Vec<&Value> = docs.iter().map(|d| &d.value).collect();
        claim::file(&values, &text, path_kind, known)
    };
    // Without span tables when the file allows it; they are made again if ever needed.
    let lean = yaml::parse_lean(&text[bom..], bom as u32, file, limits);
    let (parsed, claim, lean) = match lean {
        Some(p) => {
            let c = judge(&p.documents);
            if c.claimed() && lean_ok(&p.documents, &c.keep, path_kind) {
                (p, c, true)
            } else if !c.claimed() && c.unsure.is_none() {
                // Other YAML is skipped on the first read.
                (p, c, false)
            } else {
                let p = yaml::parse(&text[bom..], bom as u32, file, limits);
                let c = judge(&p.documents);
                (p, c, false)
            }
        }
        None => {
            let p = yaml::parse(&text[bom..], bom as u32, file, limits);
            let c = judge(&p.documents);
            (p, c, false)
        }
    };
    let mut keep = claim.keep;
    if let Some(why) = claim.skip {
        if !broken(&parsed, &text, path_kind, known) {
            if let Some(at) = claim.unsure {
                out.diagnostics.push(not_a_record(
                    &out.source,
                    file,
                    &parsed.documents[at],
                    path_kind,
                    &why,
                ));
            }
            // A YAML error in a file we cannot tell is ours is not reported: it may be anyone's.
            out.skipped = Some(why);
            return out;
        }
        keep = vec![true; parsed.documents.len()];
    }
    out.diagnostics = parsed.diagnostics;
    if parsed.refused {
        return out;
    }
    let source = &out.source;
    let place = Place {
        file,
        path_kind,
        line_end: &|b| source.line_end(b),
    };
    let documents = kept(parsed.documents, &keep);
    assemble(&place, documents, &mut out.records, &mut out.diagnostics);
    if lean {
        let reread = Arc::new(Reread {
            keep,
            count: out.records.len(),
            ..Reread::new(text, file, path_kind, limits)
        });
        for (ordinal, r) in out.records.iter_mut().enumerate() {
            r.spans = Spans::Later {
                file: reread.clone(),
                ordinal,
            };
        }
    }
    out
}

/// Whether a file no document of which is a record is still reported, as a broken record
/// file: in a record folder, it does not parse and nothing in it says it is not ours, or a
/// limit refused it (whatever it holds).
fn broken(parsed: &yaml::Parsed, text: &str, path_kind: Option<&str>, known: &dyn Known) -> bool {
    let foreign = claim::has_template_markers(text)
        || parsed.documents.iter().any(|d| {
            matches!(
                claim::document(&d.value, path_kind, known),
                claim::Verdict::Foreign(_)
            )
        });
    let limited = parsed
        .diagnostics
        .iter()
        .any(|d| d.code == EngineCode::Yaml003);
    path_kind.is_some() && (limited || (!parsed.diagnostics.is_empty() && !foreign))
}

/// KND002, once for a file in a record folder that does not look like records.
fn not_a_record(
    source: &SourceFile,
    file: FileId,
    doc: &yaml::Document,
    path_kind: Option<&str>,
    why: &str,
) -> Diagnostic {
    let start = doc
        .spans
        .iter()
        .find(|(p, _)| p.is_empty())
        .map_or(0, |(_, s)| s.value.0);
    let kind = path_kind.unwrap_or_default().replace('_', " ");
    let folder = source.path.rsplit_once('/').map_or("", |(dir, _)| dir);
    let code = EngineCode::Knd002;
    Diagnostic::new(
        code,
        code.info().severity,
        crate::tr!(
"this file is in {folder}/, a folder of {kind} records, but it does not look like {kind} records: {why}; it was not checked",
"このファイルは {kind} のレコードを置くフォルダ {folder}/ にあるが、{kind} のレコードに見えない（{why}）ため、点検しなかった"),
    )
    .at(Span::new(file, start, source.line_end(start)))
    .help(crate::tr!(
"If it holds {kind} records, give each an `id` and the fields of its kind (`grclint schema {}`). If it is not a record file, add it to `exclude` in .grclint.yaml, or pass `--exclude {}`.",
"{kind} のレコードを収めたファイルであれば、各レコードに `id` とその種別の項目を書いてください（`grclint schema {}`）。レコードのファイルでなければ、.grclint.yaml の `exclude` に加えるか、`--exclude {}` を指定してください。",
        path_kind.unwrap_or_default(),
        source.path
    ))
}

/// Whether a file read without span tables turns into records with nothing to report:
/// every document it keeps a record with a kind, or a ledger of them.
fn lean_ok(documents: &[yaml::Document], keep: &[bool], path_kind: Option<&str>) -> bool {
    let is_record = |v: &Value| v.is_object() && (path_kind.is_some() || own_kind(v).is_some());
    documents.iter().zip(keep).all(|(d, k)| {
        !k || match &d.value {
            Value::Null => true,
            Value::Array(items) => items.iter().all(is_record),
            v => is_record(v),
        }
    })
}

/// The file a document comes from, as assembling its records needs it.
struct Place<'a> {
    file: FileId,
    path_kind: Option<&'a str>,
    line_end: &'a dyn Fn(u32) -> u32,
}

/// The records of a file's documents, in order, with what is wrong with their shape.
fn assemble(
    place: &Place<'_>,
    documents: Vec<yaml::Document>,
    records: &mut Vec<Record>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let file = place.file;
    let path_kind = place.path_kind;
    for doc in documents {
        let mut entries = doc.spans;
        match doc.value {
            Value::Null => {}
            Value::Object(_) => {
                let kind = own_kind(&doc.value).or(path_kind).map(str::to_owned);
                push_record(
                    place,
                    records,
                    diagnostics,
                    kind,
                    doc.value,
                    SpanTable::from_entries(std::mem::take(&mut entries)),
                );
            }
            Value::Array(items) => {
                // Each item's entries are tagged with its index; no copy of the pointers yet.
                let mut per_item: Vec<Vec<(usize, usize)>> = vec![Vec::new(); items.len()];
                for (n, (p, _)) in entries.iter().enumerate() {
                    let Some(rest) = p.strip_prefix('/') else {
                        continue;
                    };
                    let end = rest.find('/').unwrap_or(rest.len());
                    if let Ok(i) = rest[..end].parse::<usize>()
                        && let Some(v) = per_item.get_mut(i)
                    {
                        v.push((n, 1 + end));
                    }
                }
                let per_item: Vec<SpanTable> = per_item
                    .into_iter()
                    .map(|idx| {
                        SpanTable::from_stripped(
                            idx.into_iter()
                                .map(|(n, strip)| (&entries[n].0[strip..], entries[n].1)),
                        )
                    })
                    .collect();
                entries.clear();
                for (item, table) in items.into_iter().zip(per_item) {
                    if !item.is_object() {
                        if let Some(s) = table.get("") {
                            diagnostics.push(
                                Diagnostic::error(
                                    EngineCode::Sch003,
                                    crate::i18n::t("a ledger entry must be a set of fields (one record)", "台帳の各項目は項目の組（一件のレコード）でなければならない"),
                                )
                                .at(Span::new(file, s.value.0, s.value.1))
                                .help(crate::i18n::t("Write each entry of the list as `- field: value` lines.", "リストの各項目を `- 項目名: 値` の行で書いてください。")),
                            );
                        }
                        continue;
                    }
                    let kind = own_kind(&item).or(path_kind).map(str::to_owned);
                    push_record(place, records, diagnostics, kind, item, table);
                }
            }
            _ => {
                if let Some((_, s)) = entries.iter().find(|(p, _)| p.is_empty()) {
                    diagnostics.push(
                        Diagnostic::error(EngineCode::Sch003, crate::i18n::t("this document is neither a record (a set of `field: value` lines) nor a ledger (a list of records)", "この文書はレコード（`項目名: 値` の行の組）でも台帳（レコードのリスト）でもない"))
                            .at(Span::new(file, s.value.0, s.value.1)),
                    );
                }
            }
        }
    }
}

fn push_record(
    place: &Place<'_>,
    records: &mut Vec<Record>,
    diagnostics: &mut Vec<Diagnostic>,
    kind: Option<String>,
    value: Value,
    entries: SpanTable,
) {
    let file = place.file;
    let Some(kind) = kind else {
        let head = entries.get("").map(|s| s.value.0).unwrap_or(0);
        let end = (place.line_end)(head);
        diagnostics.push(
            Diagnostic::error(EngineCode::Knd001, crate::i18n::t("this record has no `kind:` and its folder gives none", "このレコードには `kind:` がなく、フォルダからも種別が決まらない"))
                .at(Span::new(file, head, end))
                .help(crate::i18n::t("Add `kind: <kind>` to the record, or move it into the folder for its kind (see RECORDS.md).", "レコードに `kind: <種別>` を加えるか、その種別のフォルダに移してください（RECORDS.md を参照）。")),
        );
        return;
    };
    let id = match value.get("id") {
        Some(Value::String(s)) => Some(s.clone()),
        _ => None,
    };
    records.push(Record {
        file,
        kind,
        id,
        value: value.into(),
        spans: Spans::Ready(entries),
    });
}

/// A finding on a node reached through an alias (or merged with `<<`) stays at the alias's
/// use; this labels where the node was written, at its anchor. Run it once every stage has
/// reported (each finding names its record and pointer).
pub fn label_anchors(diagnostics: &mut [Diagnostic], records: &[Record]) {
    // Each file's records by where they start: a finding is in the last one starting before it.
    let mut by_file: std::collections::HashMap<FileId, Vec<(u32, usize)>> = Default::default();
    for (i, r) in records.iter().enumerate() {
        // Only files read with their span tables can hold anchors.
        if let Some(s) = r.kept_spans().and_then(|t| t.get("")) {
            by_file.entry(r.file).or_default().push((s.value.0, i));
        }
    }
    for list in by_file.values_mut() {
        list.sort_unstable();
    }
    for d in diagnostics {
        let (Some(p), Some(rr)) = (d.primary, &d.record) else {
            continue;
        };
        let Some(list) = by_file.get(&p.file) else {
            continue;
        };
        let at = list.partition_point(|&(start, _)| start <= p.start);
        let Some(&(_, i)) = at.checked_sub(1).and_then(|k| list.get(k)) else {
            continue;
        };
        let Some((_, s)) = records[i].kept_spans().and_then(|t| t.nearest(&rr.pointer)) else {
            continue;
        };
        if let Some(o) = s.origin
            && s.value == (p.start, p.end)
            && o != s.value
            && !d.labels.iter().any(|l| (l.span.start, l.span.end) == o)
        {
            d.labels.push(crate::diagnostic::Label {
                span: Span::new(p.file, o.0, o.1),
                text: crate::i18n::t(
                    "written here, at the anchor",
                    "アンカーのあるここに書かれている",
                )
                .to_owned(),
            });
        }
    }
}

#[cfg(test)]
mod tests;
