//! The `check` pipeline end to end: fixtures in, rendered output out.

mod common;
use common::*;

#[test]
fn the_demo_is_clean() {
    let run = check(&root().join("fixtures/demo"), &[]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    insta::assert_snapshot!(run.stdout);
}

/// The demo with one of each kind of mistake.
fn broken_demo() -> tempfile::TempDir {
    let dir = copy_tree(&root().join("fixtures/demo"));
    let ledger = dir.path().join("assets/ledger.yaml");
    edit(
        &ledger,
        "  last_inventory: 2026-04-15\n  classification: confidential\n  cia: {c: 3, i: 3, a: 3}\n  personal_data: personal",
        "  last_inventroy: 2026-04-15\n  classification: confidential\n  cia: {c: 3, i: 3, a: 3}\n  personal_data: personal",
    );
    edit(&ledger, "  medium: system\n", "  medium: cloud\n");
    let text = std::fs::read_to_string(&ledger).unwrap();
    std::fs::write(
        &ledger,
        format!(
            "{text}
- id: A-900
  name: 顧客リスト (印刷用)
  medium: paper
  location: 総務部キャビネット
  scope: [総務部]
  owner: {{department: 総務部, person: P-999, contact: 内線 100}}
  acquired: 2025-02-29
  retention: 5y
  last_inventory: 2026-04-01

- id: A-001
  name: 重複した管理番号
  medium: paper
  location: 総務部キャビネット
  scope: [総務部]
  owner: {{department: 総務部, person: P-002, contact: 内線 100}}
  acquired: 2025-04-01
  retention: 5y
  last_inventory: 2026-04-01
  classification: internal
"
        ),
    )
    .unwrap();
    write(
        &dir.path().join("networks/broken.yaml"),
        "id: NET-900\nname: [会議室 Wi-Fi\n",
    );
    write(
        &dir.path().join("networks/dupkey.yaml"),
        "id: NET-901\nname: 倉庫LAN\nname: warehouse LAN\ntype: wired\ndefault_credentials_changed: true\n",
    );
    dir
}

#[test]
fn a_broken_demo_gives_each_finding_at_its_place() {
    let dir = broken_demo();
    let human = check(dir.path(), &[]);
    assert_eq!(human.code, 1);
    insta::assert_snapshot!("broken_human", human.stdout);
    let json = check(dir.path(), &["--format", "json"]);
    assert_eq!(json.code, 1);
    insta::assert_snapshot!("broken_json", json.stdout);
    let compact = check(dir.path(), &["--format", "compact"]);
    insta::assert_snapshot!("broken_compact", compact.stdout);
}

#[test]
fn select_ignore_and_paths_narrow_the_report() {
    let dir = broken_demo();
    let only_refs = check(dir.path(), &["--format", "compact", "--select", "REF"]);
    assert!(
        only_refs.stdout.lines().all(|l| l.contains("[REF00")),
        "{}",
        only_refs.stdout
    );
    assert!(!only_refs.stdout.is_empty());
    let no_sch = check(dir.path(), &["--format", "compact", "--ignore", "SCH,REF"]);
    assert!(
        no_sch.stdout.lines().all(|l| l.contains("[YAML00")),
        "{}",
        no_sch.stdout
    );
    let one_file = grclint()
        .args(["check", "--today", TODAY, "--format", "compact"])
        .arg(dir.path().join("networks/dupkey.yaml"))
        .output()
        .unwrap();
    let out = String::from_utf8(one_file.stdout).unwrap();
    assert_eq!(out.lines().count(), 1, "{out}");
    assert!(
        out.starts_with("networks/dupkey.yaml:3:1: error: the key `name` appears twice"),
        "{out}"
    );
}

#[test]
fn fail_on_sets_the_threshold() {
    let dir = broken_demo();
    assert_eq!(check(dir.path(), &["--fail-on", "never"]).code, 0);
    assert_eq!(check(dir.path(), &["--fail-on", "warning"]).code, 1);
}

#[test]
fn an_unknown_config_key_exits_2_and_names_it() {
    let dir = tempfile::tempdir().unwrap();
    write(
        &dir.path().join(".grclint.yaml"),
        "packs: [isms]\ntoday: 2026-11-01\nexlude: [\"archive/**\"]\n",
    );
    let run = check(dir.path(), &[]);
    assert_eq!(run.code, 2);
    insta::assert_snapshot!(run.stderr);
}

#[test]
fn a_missing_path_exits_2() {
    let run = check(&root().join("fixtures/no-such-folder"), &[]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .trim_end()
            .ends_with("no-such-folder: no such file or folder"),
        "{}",
        run.stderr
    );
    assert_eq!(run.stderr.lines().count(), 1, "one line: {}", run.stderr);
}

#[test]
fn a_bad_today_exits_2() {
    let run = check(&root().join("fixtures/demo"), &["--today", "2026-02-30"]);
    assert_eq!(run.code, 2);
}

#[test]
fn schema_prints_the_kind_schema_self_contained() {
    let out = grclint().args(["schema", "asset"]).output().unwrap();
    assert!(out.status.success());
    let printed: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let file: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("schemas/asset.schema.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(printed, file);
    let text = String::from_utf8(out.stdout).unwrap();
    for r in text.match_indices("\"$ref\"") {
        let rest = &text[r.0..];
        assert!(rest.contains("\"#/$defs/"), "every $ref is internal");
    }
    let missing = grclint().args(["schema", "assett"]).output().unwrap();
    assert_eq!(missing.status.code(), Some(2));
}

#[test]
fn files_outside_the_conventional_folders_are_skipped_unless_they_claim_a_kind() {
    let dir = tempfile::tempdir().unwrap();
    write(&dir.path().join(".grclint.yaml"), "today: 2026-11-01\n");
    write(
        &dir.path().join("ci/workflow.yaml"),
        "on: [push]\njobs: {a: [broken\n",
    );
    write(
        &dir.path().join("k8s/deploy.yaml"),
        "kind: Deployment\nmetadata: {name: x}\n",
    );
    write(
        &dir.path().join("misc/net.yaml"),
        "kind: netwrok\nid: N-1\n",
    );
    let run = check(
        dir.path(),
        &[
            "--format",
            "compact",
            "--verbose",
            "--ignore",
            "IRP001,POL004",
        ],
    );
    assert_eq!(
        run.stdout,
        "misc/net.yaml:1:7: error: `netwrok` is not a kind grclint knows [KND001]\n"
    );
    assert!(
        run.stderr.contains("skipped ci/workflow.yaml"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("skipped k8s/deploy.yaml"),
        "{}",
        run.stderr
    );
}
