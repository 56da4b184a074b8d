//! One mistake, one finding: a value that fails its schema is reported by the schema alone
//! (no rule runs on it, no rule breaks on it in another file), and a file that cannot be
//! read does not turn every reference to its records into a dangling one.

mod common;

use common::{TODAY, check, edit, grclint};
use std::path::Path;

/// The starter repository `grclint init` writes, dated for the tests' day.
fn starter() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temp dir");
    grclint()
        .arg("init")
        .arg(dir.path())
        .env("GRCLINT_TODAY", TODAY)
        .assert()
        .success();
    assert_eq!(check(dir.path(), &[]).code, 0, "the starter checks clean");
    dir
}

/// The starter with one edit in the asset ledger, checked: exit code and compact output.
fn with_mistake(from: &str, to: &str) -> (i32, String) {
    let dir = starter();
    edit(&dir.path().join("assets/ledger.yaml"), from, to);
    let run = check(dir.path(), &["--format", "compact"]);
    (run.code, run.stdout)
}

fn codes(out: &str) -> Vec<&str> {
    out.lines()
        .filter_map(|l| l.rsplit_once(" [").map(|(_, c)| c.trim_end_matches(']')))
        .collect()
}

#[test]
fn a_value_outside_the_list_is_one_schema_finding() {
    // AST007/AST008 compare the classification, SVC002 (in services/) looks it up.
    let (code, out) = with_mistake("classification: confidential", "classification: 社外秘");
    assert_eq!(code, 1);
    assert_eq!(codes(&out), ["SCH003"], "{out}");
}

#[test]
fn a_date_in_full_width_digits_is_one_schema_finding() {
    // AST005 ("is after today") must not compare the text as a date.
    let (code, out) = with_mistake("acquired: 20", "acquired: ２０");
    assert_eq!(code, 1);
    assert_eq!(codes(&out), ["SCH003"], "{out}");
}

#[test]
fn an_id_read_as_a_number_gets_no_rule_findings() {
    // BCP001 would name "system 7"; the references to A-002 that now dangle are real.
    let (code, out) = with_mistake("- id: A-002", "- id: 007");
    assert_eq!(code, 1);
    assert!(!out.contains("BCP001"), "{out}");
    assert_eq!(codes(&out)[0], "SCH003", "{out}");
    assert!(out.contains("`id` must be text"), "{out}");
}

#[test]
fn an_unreadable_ledger_does_not_make_references_dangle() {
    let dir = starter();
    let ledger = dir.path().join("assets/ledger.yaml");
    let text = std::fs::read_to_string(&ledger).unwrap();
    std::fs::write(&ledger, text.replacen("\n  medium:", "\n\tmedium:", 1)).unwrap();
    let run = check(dir.path(), &["--format", "compact"]);
    assert_eq!(run.code, 1);
    assert_eq!(codes(&run.stdout), ["YAML001"], "{}", run.stdout);
    let json = check(dir.path(), &["--format", "json"]).stdout;
    assert!(
        json.contains("references to asset records in other files are not checked"),
        "the parse error says what was left unchecked: {json}"
    );
}

#[test]
fn a_rule_that_requires_two_fields_reports_both_in_one_finding() {
    let dir = starter();
    let service = first_service(dir.path());
    let text = std::fs::read_to_string(&service).unwrap();
    let kept: String = text
        .lines()
        .filter(|l| !l.starts_with("approved_by:") && !l.starts_with("approved_on:"))
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(&service, kept).unwrap();
    let run = check(dir.path(), &["--format", "json"]);
    let found: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let svc001: Vec<&serde_json::Value> = found["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == "SVC001")
        .collect();
    assert_eq!(svc001.len(), 1, "{}", run.stdout);
    let notes = svc001[0]["notes"].to_string();
    assert!(
        notes.contains("approved_by") && notes.contains("approved_on"),
        "{notes}"
    );
}

fn first_service(root: &Path) -> std::path::PathBuf {
    let mut files: Vec<_> = std::fs::read_dir(root.join("services"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files.remove(0)
}
