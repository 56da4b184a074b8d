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
    // BCP001 would name "system 7"; the records that name it as '007' do name it.
    let found = findings_after(&[
        ("assets/ledger.yaml", "- id: A-002", "- id: 007"),
        (
            "continuity/sales-system.yaml",
            "system: A-002",
            "system: '007'",
        ),
        (
            "people/people.yaml",
            "access: [A-001, A-002]",
            "access: [A-001, '007']",
        ),
    ]);
    let found = advice(&found);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, "SCH003", "{found:?}");
}

#[test]
fn an_unreadable_ledger_does_not_make_references_dangle() {
    let dir = starter();
    let ledger = dir.path().join("assets/ledger.yaml");
    let text = std::fs::read_to_string(&ledger).unwrap();
    // An unclosed bracket: unlike a tab, nothing says for certain where it should close.
    std::fs::write(
        &ledger,
        text.replacen("scope: [営業部]", "scope: [営業部", 1),
    )
    .unwrap();
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

/// (file, text, replacement)
type Edit<'a> = (&'a str, &'a str, &'a str);

/// The starter with edits, checked: the json findings that are not suppressed.
fn findings_after(edits: &[Edit]) -> Vec<serde_json::Value> {
    let dir = starter();
    for (file, from, to) in edits {
        edit(&dir.path().join(file), from, to);
    }
    let run = check(dir.path(), &["--format", "json"]);
    let all: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    all["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["suppressed"] == false)
        .cloned()
        .collect()
}

/// (code, help and notes) of each finding: what the person reads.
fn advice(found: &[serde_json::Value]) -> Vec<(String, String)> {
    found
        .iter()
        .map(|f| {
            let notes = f["notes"].as_array().map_or(String::new(), |n| {
                n.iter()
                    .map(|x| format!(" | {}", x.as_str().unwrap()))
                    .collect()
            });
            (
                f["code"].as_str().unwrap().to_owned(),
                format!("{}{notes}", f["help"].as_str().unwrap_or("")),
            )
        })
        .collect()
}

#[test]
fn suggestions_are_built_from_what_was_written() {
    let ledger = "assets/ledger.yaml";
    let cases: Vec<(Vec<Edit>, &str, &str)> = vec![
        (
            vec![(ledger, "person: P-001", "person: 情報 太郎")],
            "REF001",
            "情報 太郎 is P-001: a reference is written with the id, `person: P-001`.",
        ),
        (
            vec![(ledger, "\n  location: ", "\n  保管場所: ")],
            "SCH002",
            "`保管場所` is what `location` holds: write `location:` instead of `保管場所:`.",
        ),
        (
            vec![(ledger, "\n  location: ", "\n  locaton: ")],
            "SCH002",
            "did you mean `location`?",
        ),
        (
            vec![(
                ledger,
                "classification: confidential",
                "classification: 社外秘",
            )],
            "SCH003",
            "`社外秘` is `internal` in grclint's levels: write `classification: internal`. Allowed: public, internal, confidential, secret.",
        ),
        (
            vec![(ledger, "acquired: 2025-", "acquired: 2025/")],
            "SCH003",
            "Write the date as YYYY-MM-DD: `acquired: 2025-",
        ),
        (
            vec![(
                ledger,
                "owner: {department: 営業部, person: P-001, contact: 内線 100}",
                "owner: P-001",
            )],
            "SCH003",
            "Write it as a set of fields: `owner: {department: …, person: …, contact: …}`.",
        ),
        (
            vec![(
                "continuity/sales-system.yaml",
                "manual_procedure: docs/",
                "manual_procedure: continuity/docs/",
            )],
            "BCP007",
            "exists from the repository's top folder, but paths are read from the record's folder: write `docs/manual-procedure.md`.",
        ),
    ];
    for (edits, code, says) in cases {
        let found = advice(&findings_after(&edits));
        assert_eq!(found.len(), 1, "one finding for {edits:?}: {found:?}");
        assert_eq!(found[0].0, code, "{edits:?}: {found:?}");
        assert!(found[0].1.contains(says), "{edits:?}: {found:?}");
    }
}

#[test]
fn a_date_example_is_the_value_written_right() {
    let found = advice(&findings_after(&[(
        "assets/ledger.yaml",
        "acquired: 2025-",
        "acquired: ２０２５-",
    )]));
    assert_eq!(found.len(), 1, "{found:?}");
    let dir = starter();
    let written = std::fs::read_to_string(dir.path().join("assets/ledger.yaml")).unwrap();
    let date = written
        .lines()
        .find_map(|l| l.trim().strip_prefix("acquired: "))
        .unwrap();
    assert!(
        found[0].1.contains(&format!("`acquired: {date}`")),
        "{found:?}"
    );
}

#[test]
fn each_mistake_reads_as_one_finding() {
    let ledger = "assets/ledger.yaml";
    let mistakes: &[(&str, &str, &str, &str)] = &[
        (
            "a Japanese level",
            ledger,
            "classification: confidential",
            "classification: 社外秘",
        ),
        (
            "full-width digits",
            ledger,
            "acquired: 2025-",
            "acquired: ２０２５-",
        ),
        (
            "an owner by name",
            ledger,
            "person: P-001",
            "person: 情報 太郎",
        ),
        ("a Japanese key", ledger, "\n  location: ", "\n  保管場所: "),
    ];
    let mut shown = String::new();
    for (what, file, from, to) in mistakes {
        let dir = starter();
        edit(&dir.path().join(file), from, to);
        let run = check(dir.path(), &[]);
        shown.push_str(&format!(
            "## {what}: `{}` → `{}`\n{}\n",
            from.trim(),
            to.trim(),
            run.stdout
        ));
    }
    insta::assert_snapshot!(shown);
}

#[test]
fn a_check_of_one_file_says_what_it_reported_on_and_what_it_loaded() {
    let dir = starter();
    let run = check(&dir.path().join("assets/ledger.yaml"), &["--quiet"]);
    assert_eq!(run.code, 0);
    assert_eq!(
        run.stdout,
        "no problems found in 1 file; 15 files (109 records) loaded for references\n"
    );
}

#[test]
fn a_misspelt_code_in_the_config_gets_a_suggestion() {
    let dir = starter();
    let config = dir.path().join(".grclint.yaml");
    let mut text = std::fs::read_to_string(&config).unwrap();
    text.push_str("rule_settings:\n  AST01: off\n");
    std::fs::write(&config, text).unwrap();
    let run = check(dir.path(), &[]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("did you mean `AST001`?"),
        "{}",
        run.stderr
    );
}

#[test]
fn suppression_comments_take_codes_in_any_case_and_say_what_a_missing_reason_means() {
    let dir = starter();
    let ledger = dir.path().join("assets/ledger.yaml");
    edit(
        &ledger,
        "classification: confidential",
        "classification: internal",
    );
    let before = check(dir.path(), &["--format", "compact"]);
    assert!(before.stdout.contains("[AST007]"), "{}", before.stdout);
    edit(
        &ledger,
        "classification: internal",
        "classification: internal # grclint: ignore[ast007, Ast008] 社内限定で扱う",
    );
    let quiet = check(dir.path(), &["--format", "compact"]);
    assert_eq!(quiet.code, 0, "{}", quiet.stdout);
    edit(
        &ledger,
        "ignore[ast007, Ast008] 社内限定で扱う",
        "ignore[AST007, AST008]",
    );
    let unexplained = check(dir.path(), &["--format", "compact"]);
    assert!(
        unexplained.stdout.contains("[AST007]"),
        "{}",
        unexplained.stdout
    );
    assert!(
        unexplained
            .stdout
            .contains("gives no reason, so the finding it names is still reported [IGN001]"),
        "{}",
        unexplained.stdout
    );
}

#[test]
fn show_suppressed_lists_each_suppressed_finding_with_its_reason() {
    let dir = starter();
    let run = check(dir.path(), &["--show-suppressed"]);
    assert_eq!(run.code, 0);
    let listed = run.stdout.split("suppressed:\n").nth(1).expect(&run.stdout);
    let mut lines = listed.lines();
    let first = lines.next().unwrap();
    assert!(
        first.contains("[NET004]") || first.contains(" NET004 "),
        "{first}"
    );
    assert!(
        lines
            .next()
            .unwrap()
            .trim_start()
            .starts_with("by waiver W-001: ")
    );
}

#[test]
fn explain_takes_a_rule_name_and_says_how_to_silence_it() {
    let by_name = grclint()
        .args(["explain", "inventory-overdue"])
        .output()
        .unwrap();
    assert!(by_name.status.success());
    let text = String::from_utf8(by_name.stdout).unwrap();
    assert!(text.starts_with("AST001 inventory-overdue"), "{text}");
    assert!(text.contains("# grclint: ignore[AST001] "), "{text}");
    assert!(text.contains("`rule: AST001`"), "{text}");
    assert!(text.contains("`rule_settings: {AST001: off}`"), "{text}");
}

#[test]
fn stage_timings_have_their_own_flag() {
    let dir = starter();
    let verbose = check(dir.path(), &["--verbose"]);
    assert!(!verbose.stderr.contains(" ms"), "{}", verbose.stderr);
    let timed = check(dir.path(), &["--timings"]);
    assert!(timed.stderr.contains("grclint: load: "), "{}", timed.stderr);
    assert!(
        timed.stderr.contains("grclint: evaluate: "),
        "{}",
        timed.stderr
    );
}

#[test]
fn init_config_only_writes_just_the_config() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("assets")).unwrap();
    let run = grclint()
        .args(["init", "--config-only"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(run.status.success());
    let mut names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, [".grclint.yaml", "assets"]);
    assert!(
        std::fs::read_dir(dir.path().join("assets"))
            .unwrap()
            .next()
            .is_none()
    );
    let again = grclint()
        .args(["init", "--config-only"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(again.status.code(), Some(2), "it never overwrites");
}
