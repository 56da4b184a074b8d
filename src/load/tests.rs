//! Span-table tests: every pointer must land on the text that wrote its node.

use super::Limits;
use super::yaml::{Document, parse};
use crate::source::FileId;
use serde_json::{Value, json};

fn docs(text: &str) -> Vec<Document> {
    let p = parse(text, 0, FileId(0), &Limits::default());
    assert!(p.diagnostics.is_empty(), "{:?}", p.diagnostics);
    p.documents
}

fn text_at<'t>(text: &'t str, doc: &Document, ptr: &str) -> &'t str {
    let (_, s) = doc
        .spans
        .iter()
        .find(|(p, _)| &**p == ptr)
        .unwrap_or_else(|| panic!("no span for {ptr}"));
    &text[s.value.0 as usize..s.value.1 as usize]
}

fn key_at<'t>(text: &'t str, doc: &Document, ptr: &str) -> &'t str {
    let (_, s) = doc.spans.iter().find(|(p, _)| &**p == ptr).unwrap();
    let k = s.key.unwrap();
    &text[k.0 as usize..k.1 as usize]
}

#[test]
fn non_ascii_text_before_a_value() {
    let text = "管理責任者: 山田\nowner: {部門: 総務部, person: P-999}\n";
    let d = &docs(text)[0];
    assert_eq!(text_at(text, d, "/管理責任者"), "山田");
    assert_eq!(text_at(text, d, "/owner/person"), "P-999");
    assert_eq!(key_at(text, d, "/owner/person"), "person");
}

#[test]
fn crlf_line_ends() {
    let text = "id: A-1\r\nname: x\r\nscope:\r\n  - a\r\n  - b\r\n";
    let d = &docs(text)[0];
    assert_eq!(text_at(text, d, "/name"), "x");
    assert_eq!(text_at(text, d, "/scope/1"), "b");
}

#[test]
fn tabs_inside_values() {
    let text = "id: \tA-1\nname: a\tb\n";
    let d = &docs(text)[0];
    assert_eq!(text_at(text, d, "/id"), "A-1");
    assert_eq!(text_at(text, d, "/name"), "a\tb");
}

#[test]
fn quoted_and_block_scalars() {
    let text = "a: 'x y'\nb: \"z\"\nc: |\n  line\nd: 7\n";
    let d = &docs(text)[0];
    assert!(text_at(text, d, "/a").contains("x y"));
    assert!(text_at(text, d, "/b").contains('z'));
    assert!(text_at(text, d, "/c").contains("line") || text_at(text, d, "/c").starts_with('|'));
    assert_eq!(text_at(text, d, "/d"), "7");
}

#[test]
fn multi_document_files_and_ledgers() {
    let text = "---\n- id: A\n  n: 1\n- id: B\n  n: 2\n---\nid: C\n";
    let ds = docs(text);
    assert_eq!(ds.len(), 2);
    assert_eq!(
        ds[0].value,
        json!([{"id": "A", "n": 1}, {"id": "B", "n": 2}])
    );
    assert_eq!(text_at(text, &ds[0], "/1/id"), "B");
    assert_eq!(text_at(text, &ds[1], "/id"), "C");
}

#[test]
fn flow_mappings_and_sequences() {
    let text = "cia: {c: 3, i: 2, a: 1}\nlist: [x, [y, z]]\n";
    let d = &docs(text)[0];
    assert_eq!(text_at(text, d, "/cia/i"), "2");
    assert_eq!(text_at(text, d, "/list/1/0"), "y");
    assert!(text_at(text, d, "/cia").starts_with('{'));
}

#[test]
fn aliases_point_at_their_use_and_remember_the_anchor() {
    let text = "base: &b {x: 1}\nuse: *b\n";
    let d = &docs(text)[0];
    assert_eq!(d.value, json!({"base": {"x": 1}, "use": {"x": 1}}));
    assert_eq!(text_at(text, d, "/use"), "*b");
    assert_eq!(text_at(text, d, "/use/x"), "*b");
    let (_, s) = d.spans.iter().find(|(p, _)| &**p == "/use/x").unwrap();
    let o = s.origin.unwrap();
    assert_eq!(&text[o.0 as usize..o.1 as usize], "1");
}

#[test]
fn merge_keys_fill_in_what_the_mapping_lacks() {
    let text = "defaults: &d {a: 1, b: 2}\nrec:\n  <<: *d\n  b: 3\n";
    let d = &docs(text)[0];
    assert_eq!(d.value["rec"], json!({"b": 3, "a": 1}));
    assert_eq!(text_at(text, d, "/rec/a"), "*d");
    assert_eq!(text_at(text, d, "/rec/b"), "3");
}

#[test]
fn duplicate_keys_are_reported_at_the_second() {
    let text = "a: 1\nb: 2\na: 3\n";
    let p = parse(text, 0, FileId(0), &Limits::default());
    assert_eq!(p.diagnostics.len(), 1);
    let d = &p.diagnostics[0];
    assert_eq!(d.code, "YAML002");
    let s = d.primary.unwrap();
    assert_eq!(&text[s.start as usize..s.end as usize], "a");
    assert_eq!(s.start, 10);
    assert_eq!(p.documents[0].value, json!({"a": 1, "b": 2}));
}

#[test]
fn depth_limit_holds_before_the_stack_grows() {
    let text = "[".repeat(100_000);
    let p = parse(&text, 0, FileId(0), &Limits::default());
    assert!(p.refused);
    assert!(
        p.diagnostics.iter().any(|d| d.code == "YAML003"),
        "{:?}",
        p.diagnostics
    );
}

#[test]
fn alias_expansion_is_limited() {
    let mut text = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
    let mut prev = 'a';
    for c in 'b'..='h' {
        text.push_str(&format!("{c}: &{c} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"));
        prev = c;
    }
    let p = parse(&text, 0, FileId(0), &Limits::default());
    assert!(p.refused);
    assert_eq!(p.diagnostics[0].code, "YAML003");
}

#[test]
fn bom_offsets_shift_by_three_bytes() {
    let text = "\u{feff}id: A-1\n";
    let p = parse(&text[3..], 3, FileId(0), &Limits::default());
    let (_, s) = p.documents[0]
        .spans
        .iter()
        .find(|(p, _)| &**p == "/id")
        .unwrap();
    assert_eq!(&text[s.value.0 as usize..s.value.1 as usize], "A-1");
}

#[test]
fn any_value_round_trips_through_its_leaf_spans() {
    use proptest::prelude::*;
    let leaf = prop_oneof![
        "[a-z][a-z0-9-]{0,8}".prop_map(|s| (s.clone(), Value::String(s))),
        "[ぁ-ん漢字]{1,4}".prop_map(|s| (s.clone(), Value::String(s))),
        (0i64..10_000).prop_map(|n| (n.to_string(), json!(n))),
        any::<bool>().prop_map(|b| (b.to_string(), json!(b))),
        "[a-z ]{1,6}".prop_map(|s| (format!("'{s}'"), Value::String(s))),
    ];
    let fields = proptest::collection::vec(("[a-z_]{1,6}|[管理者]{1,3}", leaf, 0usize..3), 1..8);
    let mut runner =
        proptest::test_runner::TestRunner::new(proptest::test_runner::Config::with_cases(200));
    runner
        .run(&(fields, any::<bool>()), |(fields, crlf)| {
            let nl = if crlf { "\r\n" } else { "\n" };
            let mut text = String::new();
            let mut expected = serde_json::Map::new();
            for (k, (src, v), style) in &fields {
                if expected.contains_key(k) {
                    continue;
                }
                match style {
                    0 => text.push_str(&format!("{k}: {src}{nl}")),
                    1 => text.push_str(&format!("{k}:{nl}  - {src}{nl}")),
                    _ => text.push_str(&format!("{k}: {{v: {src}}}{nl}")),
                }
                let v = match style {
                    0 => v.clone(),
                    1 => json!([v]),
                    _ => json!({"v": v}),
                };
                expected.insert(k.clone(), v);
            }
            let p = parse(&text, 0, FileId(0), &Limits::default());
            prop_assert!(p.diagnostics.is_empty());
            let doc = &p.documents[0];
            prop_assert_eq!(&doc.value, &Value::Object(expected));
            for (ptr, s) in &doc.spans {
                let node = doc.value.pointer(ptr).unwrap();
                if node.is_object() || node.is_array() {
                    continue;
                }
                let slice = &text[s.value.0 as usize..s.value.1 as usize];
                let again = parse(slice, 0, FileId(0), &Limits::default());
                prop_assert_eq!(
                    &again.documents[0].value,
                    node,
                    "pointer {} slice {:?}",
                    ptr,
                    slice
                );
            }
            Ok(())
        })
        .unwrap();
}

/// An asset ledger as the loader reads it.
fn load_assets(text: &str) -> super::LoadedFile {
    let source = crate::source::SourceFile::new("assets/x.yaml".into(), None, text.into());
    super::load_text(
        source,
        FileId(0),
        Some("asset"),
        &|_: &str| true,
        &Limits::default(),
    )
}

#[test]
fn findings_through_aliases_label_the_anchor() {
    use super::label_anchors;
    use crate::diagnostic::{Diagnostic, RecordRef, Span};
    let text = "- id: A-1\n  owner: &o {person: P-999}\n- <<: {id: A-2}\n  owner: *o\n";
    let lf = load_assets(text);
    let r = &lf.records[1];
    let at = r.span_of("/owner/person").unwrap();
    assert_eq!(&text[at.start as usize..at.end as usize], "*o");
    let blame = |ptr: &str, span: Span| {
        Diagnostic::error(crate::diagnostic::EngineCode::Ref001, "x")
            .at(span)
            .record(RecordRef {
                kind: "asset".into(),
                id: Some("A-2".into()),
                pointer: ptr.into(),
            })
    };
    let own = lf.records[0].span_of("/owner/person").unwrap();
    let mut ds = vec![
        blame("/owner/person", at),
        blame("/owner/person", own),
        blame("/id", r.span_of("/id").unwrap()),
    ];
    label_anchors(&mut ds, &lf.records);
    let l = &ds[0].labels[0];
    assert_eq!(&text[l.span.start as usize..l.span.end as usize], "P-999");
    // Written where it is reported: nothing to add.
    assert!(ds[1].labels.is_empty());
    assert!(ds[2].labels.is_empty());
    label_anchors(&mut ds, &lf.records);
    assert_eq!(ds[0].labels.len(), 1);
}

/// Found by the `load`, `config` and `rules` fuzz targets: a key that is a collection
/// panicked ("a value follows its key").
#[test]
fn collection_keys_are_refused_not_a_panic() {
    let cases: &[&str] = &[
        "? [complex, key]\n: value\nnext: 1\n",
        "{ severity: warning, [isms]/rule_settings/max_records\nkinds: x }\n",
        "[d: IRP007]\x0enaste: contact-",
        "? {a: [1, {b: 2}], c: *x}\n: v\n",
        "a: &k 1\n? [*k, &j {x: 1}]\n: v\nb: *j\n",
        "[{a: 1}: 2, [b]: 3]\n",
    ];
    for text in cases {
        let p = parse(text, 0, FileId(0), &Limits::default());
        assert!(!p.diagnostics.is_empty(), "{text:?}");
    }
    let text = "? [complex, key]\n: value\nnext: 1\n";
    let p = parse(text, 0, FileId(0), &Limits::default());
    assert_eq!(p.diagnostics.len(), 1);
    let d = &p.diagnostics[0];
    // Valid YAML that a record cannot hold: not a syntax error.
    assert_eq!(d.code, "SCH003");
    assert_eq!(d.message, "grclint records cannot use a list as a key");
    let s = d.primary.unwrap();
    assert_eq!(&text[s.start as usize..s.end as usize], "[complex, key]");
    assert_eq!(p.documents[0].value, json!({"next": 1}));
}

/// A table as sorted (pointer, span) pairs, to compare two reads.
type Pairs = Vec<(String, super::spans::NodeSpan)>;

/// The tables a full read of `text` makes, per record, in the order of the records.
fn full_tables(text: &str) -> Vec<Pairs> {
    let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let full = parse(&text[bom..], bom as u32, FileId(0), &Limits::default());
    let mut expected = Vec::new();
    for doc in &full.documents {
        match &doc.value {
            serde_json::Value::Array(items) => {
                for i in 0..items.len() {
                    let prefix = format!("/{i}");
                    let mut t: Pairs = doc
                        .spans
                        .iter()
                        .filter_map(|(p, s)| {
                            let rest = p.strip_prefix(prefix.as_str())?;
                            (rest.is_empty() || rest.starts_with('/'))
                                .then(|| (rest.to_owned(), *s))
                        })
                        .collect();
                    t.sort_by(|a, b| a.0.cmp(&b.0));
                    expected.push(t);
                }
            }
            serde_json::Value::Null => {}
            _ => {
                let mut t: Pairs = doc.spans.iter().map(|(p, s)| (p.to_string(), *s)).collect();
                t.sort_by(|a, b| a.0.cmp(&b.0));
                expected.push(t);
            }
        }
    }
    expected
}

fn lean_read(text: &str, path_kind: Option<&str>) -> super::LoadedFile {
    let source = crate::source::SourceFile::new("x.yaml".into(), None, text.into());
    super::load_text(
        source,
        FileId(0),
        path_kind,
        &|_: &str| true,
        &Limits::default(),
    )
}

fn pairs(r: &super::Record) -> Pairs {
    let mut got: Pairs = r.spans().iter().map(|(p, s)| (p.to_owned(), s)).collect();
    got.sort_by(|a, b| a.0.cmp(&b.0));
    got
}

/// Files without anchors or problems are read without span tables; read again on demand,
/// each record's table is the one a full read makes.
#[test]
fn span_tables_read_again_match_a_full_read() {
    use super::Spans;
    let cases: &[(&str, Option<&str>)] = &[
        (
            "- id: A-1\n  name: 顧客名簿\n  scope: [all, 営業]\n- id: A-2\n  owner: {person: P-1}\n",
            Some("asset"),
        ),
        ("\u{feff}kind: person\nid: P-1\r\nname: 佐藤\r\n", None),
        (
            "kind: risk\nid: R-1\n---\nkind: risk\nid: R-2\nassets:\n  - A-1\n  - A-2\n",
            Some("risk"),
        ),
        (
            "# only a comment\n---\n- id: A-3\n  note: \"x: y\"\n",
            Some("asset"),
        ),
        (
            "  - id: A-1\r\n    note: |\r\n      - not an entry\r\n  # between\r\n\r\n  - id: A-2\r\n",
            Some("asset"),
        ),
    ];
    for (text, path_kind) in cases {
        let lean = lean_read(text, *path_kind);
        assert!(lean.diagnostics.is_empty(), "{text:?}");
        assert!(!lean.records.is_empty(), "{text:?}");
        let expected = full_tables(text);
        assert_eq!(lean.records.len(), expected.len(), "{text:?}");
        // Not read again until a table is asked for; then a plain ledger's entries one by
        // one, any other file once in full.
        let read_again = |r: &super::Record| match &r.spans {
            Spans::Later { file, .. } => {
                file.tables.get().is_some() || file.entries.get().is_some_and(|e| e.is_some())
            }
            Spans::Ready(_) => panic!("{text:?} was read in full"),
        };
        assert!(!lean.records.iter().any(read_again));
        for (r, want) in lean.records.iter().zip(expected) {
            assert!(matches!(r.spans, Spans::Later { .. }), "{text:?}");
            assert_eq!(pairs(r), want, "{text:?}");
            assert!(!want.is_empty());
        }
        assert!(lean.records.iter().all(read_again));
    }
    // An anchor keeps the full read (its aliases need the tables at once).
    let lf = load_assets("- id: A-1\n  owner: &o {person: P-1}\n- id: A-2\n  owner: *o\n");
    assert!(
        lf.records
            .iter()
            .all(|r| matches!(r.spans, Spans::Ready(_)))
    );
}

/// One entry of a generated ledger: plain and quoted scalars, block scalars whose lines
/// look like entries, flow and block lists, comments, blank lines.
fn entry(pick: &[u8], n: usize, indent: &str, eol: &str) -> String {
    let inner = format!("{indent}  ");
    let mut e = format!("{indent}- id: A-{n}{eol}{inner}name: 台帳 {n}{eol}");
    for (i, p) in pick.iter().enumerate() {
        let line = match p % 9 {
            0 => format!("name: 顧客名簿 {i}"),
            1 => format!("note: |{eol}{inner}  - not an entry {i}{eol}{inner}  # nor a comment"),
            2 => format!("remarks: \"two{eol}{inner}  lines\""),
            3 => "scope: [営業部, 'all']".to_owned(),
            4 => format!("access:{eol}{inner}  - P-{i}{eol}{inner}  - {{person: P-{i}}}"),
            5 => format!("# a comment {i}"),
            6 => String::new(),
            7 => format!("owner: {{person: P-{i}, role: \"r: x\"}}"),
            _ => format!("medium: >-{eol}{inner}  folded{eol}{eol}{inner}  text"),
        };
        let key = format!("k{i}_");
        let line = match line.split_once(':') {
            Some((k, rest)) if !k.starts_with('#') && !line.is_empty() => {
                format!("{key}{k}:{rest}")
            }
            _ => line,
        };
        match line.is_empty() {
            true => e.push_str(eol),
            false => e.push_str(&format!("{inner}{line}{eol}")),
        }
    }
    e
}

proptest::proptest! {
    #![proptest_config(proptest::test_runner::Config { cases: 64, ..Default::default() })]

    /// Differential: each entry's positions read from its own lines are those a full read of
    /// the ledger gives.
    #[test]
    fn one_entry_read_alone_has_the_positions_of_a_full_read(
        entries in proptest::collection::vec(proptest::collection::vec(0u8..9, 0..6), 1..6),
        indent in proptest::sample::select(vec!["", "  "]),
        eol in proptest::sample::select(vec!["\n", "\r\n"]),
        ask in proptest::collection::vec(proptest::bool::ANY, 6),
    ) {
        let text: String = entries.iter().enumerate().map(|(n, p)| entry(p, n, indent, eol)).collect();
        let lean = lean_read(&text, Some("asset"));
        proptest::prop_assert!(lean.diagnostics.is_empty(), "{:?}: {:?}", text, lean.diagnostics);
        let expected = full_tables(&text);
        proptest::prop_assert_eq!(lean.records.len(), expected.len());
        // Some records are asked for, in any order; then all.
        for (i, r) in lean.records.iter().enumerate().rev() {
            if ask[i % ask.len()] {
                proptest::prop_assert_eq!(&pairs(r), &expected[i], "{:?}", text);
            }
        }
        for (r, want) in lean.records.iter().zip(&expected) {
            proptest::prop_assert_eq!(&pairs(r), want, "{:?}", text);
        }
        let by_entry = match &lean.records[0].spans {
            super::Spans::Later { file, .. } => file.entries.get().is_some_and(|e| e.is_some()),
            super::Spans::Ready(_) => false,
        };
        proptest::prop_assert_eq!(by_entry, indent.is_empty(), "{:?}", text);
    }
}
