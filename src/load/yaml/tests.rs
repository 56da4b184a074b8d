//! Hand-editing slips: each read as one finding at its character, in plain words, and —
//! when the fix is certain — the records still read as meant.

use super::{Parsed, mistakes, parse};
use crate::diagnostic::Diagnostic;
use crate::load::Limits;
use crate::source::FileId;
use serde_json::{Value, json};

const LEDGER: &str = "\
- id: A-001
  name: 顧客台帳
  medium: electronic
  owner: {department: 営業部, person: P-001}
  scope: [営業部]
  operations:
    patching: {interval: 30d}

- id: A-002
  name: 販売管理
  medium: system
";

fn read(text: &str) -> Parsed {
    parse(text, 0, FileId(0), &Limits::default())
}

/// (line, column) of a byte, both from 1, the column in characters.
fn place(text: &str, at: u32) -> (usize, usize) {
    let before = &text[..at as usize];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    (line, col)
}

/// The ledger with one edit: its one finding, where it is, and the values read.
fn slip(from: &str, to: &str) -> (Diagnostic, (usize, usize), Option<Value>, String) {
    assert!(LEDGER.contains(from), "{from:?}");
    let text = LEDGER.replacen(from, to, 1);
    let p = read(&text);
    assert_eq!(p.diagnostics.len(), 1, "{to:?}: {:#?}", p.diagnostics);
    let d = p.diagnostics[0].clone();
    let at = place(&text, d.primary.expect("a place").start);
    let value = (!p.refused).then(|| p.documents[0].value.clone());
    (d, at, value, text)
}

fn said(d: &Diagnostic) -> String {
    let mut s = format!("{} | {}", d.message, d.help.as_deref().unwrap_or(""));
    for n in &d.notes {
        s.push_str(" | ");
        s.push_str(n);
    }
    for l in &d.labels {
        s.push_str(" | ");
        s.push_str(&l.text);
    }
    s
}

#[test]
fn a_tab_in_the_indentation_is_found_at_the_tab_and_read_as_spaces() {
    let (d, at, value, _) = slip("\n  medium:", "\n\tmedium:");
    assert_eq!(at, (3, 1));
    assert!(
        said(&d).contains("tab") && said(&d).contains("Replace the tab with 2 spaces"),
        "{}",
        said(&d)
    );
    assert_eq!(value.unwrap()[0]["medium"], json!("electronic"));
}

#[test]
fn a_tab_under_a_field_that_opens_a_value_lines_up_under_it() {
    let (d, at, value, _) = slip("\n    patching:", "\n\tpatching:");
    assert_eq!(at, (7, 1));
    assert!(said(&d).contains("with 4 spaces"), "{}", said(&d));
    assert_eq!(
        value.unwrap()[0]["operations"]["patching"]["interval"],
        json!("30d")
    );
}

#[test]
fn a_full_width_colon_is_found_at_the_colon() {
    let (d, at, value, _) = slip("medium: electronic", "medium：electronic");
    assert_eq!(at, (3, 9));
    assert!(
        said(&d).contains("`：`") && said(&d).contains("`medium: electronic`"),
        "{}",
        said(&d)
    );
    assert_eq!(value.unwrap()[0]["medium"], json!("electronic"));
    let (_, at, value, _) = slip("medium: electronic", "medium： electronic");
    assert_eq!(at, (3, 9));
    assert_eq!(value.unwrap()[0]["medium"], json!("electronic"));
}

#[test]
fn a_full_width_space_in_the_indentation_is_found_where_it_is() {
    let (d, at, value, _) = slip("\n  medium:", "\n　medium:");
    assert_eq!(at, (3, 1));
    assert!(said(&d).contains("full-width space"), "{}", said(&d));
    assert_eq!(value.unwrap()[0]["medium"], json!("electronic"));
}

#[test]
fn a_full_width_space_before_a_field_of_a_single_record() {
    let text = "id: AR-001\n　name: 本社サーバ室\n";
    let p = read(text);
    assert_eq!(p.diagnostics.len(), 1, "{:#?}", p.diagnostics);
    assert_eq!(place(text, p.diagnostics[0].primary.unwrap().start), (2, 1));
    assert_eq!(p.documents[0].value["name"], json!("本社サーバ室"));
}

#[test]
fn a_missing_space_after_a_colon_is_found_at_the_colon() {
    let (d, at, value, _) = slip("medium: electronic", "medium:electronic");
    assert_eq!(at, (3, 9));
    assert!(
        said(&d).contains("Type a space after the colon: `medium: electronic`"),
        "{}",
        said(&d)
    );
    assert_eq!(value.unwrap()[0]["medium"], json!("electronic"));
}

#[test]
fn an_unclosed_bracket_is_found_at_the_bracket() {
    let (d, at, value, _) = slip("scope: [営業部]", "scope: [営業部");
    assert_eq!(at, (5, 10));
    assert!(
        said(&d).contains("Type `]`") && said(&d).contains("`scope: [営業部]`"),
        "{}",
        said(&d)
    );
    assert!(value.is_none(), "nothing is guessed");
    let (_, at, _, _) = slip(
        "owner: {department: 営業部, person: P-001}",
        "owner: {department: 営業部, person: P-001",
    );
    assert_eq!(at, (4, 10));
}

#[test]
fn an_unclosed_quote_is_found_at_the_quote() {
    let (d, at, _, _) = slip("name: 顧客台帳", "name: \"顧客台帳");
    assert_eq!(at, (2, 9));
    assert!(said(&d).contains("quote"), "{}", said(&d));
}

#[test]
fn a_colon_and_space_inside_a_value_is_quoted() {
    let (d, at, value, _) = slip("name: 販売管理", "name: 販売: 管理");
    assert_eq!(at, (10, 11));
    assert!(said(&d).contains("`name: '販売: 管理'`"), "{}", said(&d));
    assert_eq!(value.unwrap()[1]["name"], json!("販売: 管理"));
}

#[test]
fn an_entry_without_its_dash_is_one_finding_and_both_entries_are_read() {
    let (d, at, value, _) = slip("- id: A-002", "  id: A-002");
    assert_eq!(at, (9, 3));
    assert!(
        said(&d).contains("new entry without `- `") && said(&d).contains("before `id:`"),
        "{}",
        said(&d)
    );
    let value = value.unwrap();
    assert_eq!(value.as_array().unwrap().len(), 2);
    assert_eq!(value[0]["medium"], json!("electronic"));
    assert_eq!(value[1]["medium"], json!("system"));
}

#[test]
fn an_entry_without_its_dash_at_the_margin_is_one_finding() {
    let (d, at, value, _) = slip("- id: A-002", "id: A-002");
    assert_eq!(at, (9, 1));
    assert!(said(&d).contains("new entry without `- `"), "{}", said(&d));
    assert_eq!(value.unwrap()[1]["id"], json!("A-002"));
}

#[test]
fn spans_of_a_file_read_as_meant_point_into_the_file_as_written() {
    let (_, _, _, text) = slip("\n  medium:", "\n\tmedium:");
    let p = read(&text);
    let (_, s) = p.documents[0]
        .spans
        .iter()
        .find(|(ptr, _)| &**ptr == "/1/name")
        .unwrap();
    assert_eq!(&text[s.value.0 as usize..s.value.1 as usize], "販売管理");
}

/// Bad inputs of every kind the parser stops on, and the loader's own findings.
const BROKEN: &[&str] = &[
    "a: [1, 2\n",
    "a: {b: 1\nc: 2\n",
    "a: 'x\n",
    "a: \"x\n",
    "a: \"\\q\"\n",
    "a: *x\n",
    "a: @x\n",
    "- a\nb: 1\n",
    "a:\n  - b\n c: 1\n",
    "a: |\n    x\n  y\n",
    "%YAML 1.2\n%YAML 1.2\n---\na: 1\n",
    "a: 1\n--- x\n...\nb: [\n",
    "a: !<x\n",
    "a:\n\tb: 1\n",
    "a: b: c\n",
    "[a]: 1\n{b: 1}: 2\n",
    "a: 1\na: 2\n",
    "<<: 1\n",
    "? [a]\n: 1\n",
    "a: \u{1}\n",
    "a: x\u{feff}y\n",
    "key: 1\n  bad: 2\n",
    "a:\n\t- b\n",
    "- a\n -b\n",
    "a: [b, c]]\n",
    "a: }\n",
    "a: 'x'y\n",
    "a: \"x\"y\n",
    "- - - [\n",
    "{a: 1, b\n",
    "a: `x`\n",
    "a\nb: c\n",
    "a: - b\n",
    "a:\n  b\n  c: d\n",
];

const JARGON: &[&str] = &[
    "scalar",
    "simple key",
    "block",
    "mapping",
    "sequence",
    "flow",
    "node",
    "token",
    "indicator",
    "syntax error",
    "while scanning",
    "while parsing",
    "expected",
];

fn assert_plain(text: &str) {
    for word in JARGON {
        assert!(!text.to_lowercase().contains(word), "{word:?} in {text:?}");
    }
}

#[test]
fn no_message_the_loader_gives_uses_yaml_jargon() {
    let mut seen = 0;
    for input in BROKEN {
        let p = read(input);
        for d in &p.diagnostics {
            assert_plain(&said(d));
            seen += 1;
        }
    }
    for (_, message, help) in mistakes::words::PLAIN {
        assert_plain(message.en);
        assert_plain(help.en);
        assert!(!message.ja.is_empty() && !help.ja.is_empty());
    }
    assert_plain(&said_plain(&mistakes::words::plain("", "", 0)));
    // A few of the inputs are valid YAML after all: the rest each gave a finding.
    assert!(seen >= BROKEN.len() - 4, "{seen} findings");
}

fn said_plain(m: &mistakes::Mistake) -> String {
    format!("{} | {}", m.message, m.help)
}
