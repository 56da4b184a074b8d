//! The seminar's five real incidents, each a small company's records: grclint reports what
//! would have caught it, and nothing unrelated.

mod common;
use common::*;
use std::collections::BTreeSet;

/// (case, codes it must report, codes the story also implies and the README explains)
const CASES: &[(&str, &[&str], &[&str])] = &[
    (
        "1-webshop-breach",
        &["IRP001", "SUP001", "CON007", "RSK007"],
        &["SUP005"],
    ),
    (
        "2-unapproved-saas",
        &["SVC001", "SVC002", "SVC003", "SVC004"],
        &[],
    ),
    (
        "3-earthquake-server",
        &["BCP002", "BCP003", "BCP005", "BCP006", "BCP007", "BCP008"],
        &["BCP004"],
    ),
    ("4-meeting-room-wifi", &["NET001", "NET002"], &["NET003"]),
    (
        "5-printing-contractor",
        &["SUP002", "CON001", "CON002", "CON004", "AST011"],
        &["CON005", "CON006"],
    ),
];

#[test]
fn each_incident_is_caught() {
    let mut problems = Vec::new();
    for (case, expected, extras) in CASES {
        let dir = root().join("fixtures/cases").join(case);
        let run = check(&dir, &["--format", "compact", "--fail-on", "info"]);
        let found: BTreeSet<&str> = run
            .stdout
            .lines()
            .map(|l| &l[l.rfind('[').unwrap() + 1..l.len() - 1])
            .collect();
        for code in *expected {
            if !found.contains(code) {
                problems.push(format!("{case}: {code} not reported"));
            }
        }
        for code in &found {
            if !expected.contains(code) && !extras.contains(code) {
                problems.push(format!("{case}: unrelated {code}"));
            }
        }
        assert!(dir.join("README.md").is_file(), "{case} tells its story");
        insta::assert_snapshot!(format!("case_{case}"), run.stdout);
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
