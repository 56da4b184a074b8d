//! `grclint fix`: fixtures in, fixed text out; a second run changes nothing; the fixed
//! repository checks without the fixed findings.

mod common;
use common::*;
use std::path::Path;

fn fix(dir: &Path, args: &[&str]) -> Run {
    let out = grclint()
        .arg("fix")
        .arg(dir)
        .args(["--today", TODAY])
        .args(args)
        .output()
        .expect("grclint runs");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8(out.stdout).expect("utf-8 stdout"),
        stderr: String::from_utf8(out.stderr).expect("utf-8 stderr"),
    }
}

/// The codes `check --format json` reports (unsuppressed), sorted.
fn codes(dir: &Path) -> Vec<String> {
    let run = check(dir, &["--format", "json"]);
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).expect("json");
    let mut out: Vec<String> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["suppressed"] == false)
        .map(|f| f["code"].as_str().unwrap().to_owned())
        .collect();
    out.sort();
    out
}

/// The demo with a typo'd key, a near-miss kind and an id YAML reads as a number.
fn three_mistakes() -> tempfile::TempDir {
    let dir = copy_tree(&root().join("fixtures/demo"));
    let ledger = dir.path().join("assets/ledger.yaml");
    edit(
        &ledger,
        "  last_inventory: 2026-04-15\n  classification: confidential",
        "  last_inventroy: 2026-04-15   # 年次棚卸\n  classification: confidential",
    );
    write(
        &dir.path().join("vendors/printing.yaml"),
        "# 印刷の委託先 (2026年度から)\nkind: suplier\nid: S-900\nname: 株式会社さくら印刷\ncontact: {name: 木村 一郎, email: info@sakura-print.example}\nservices: [チラシ印刷]\nlast_review: 2026-04-01\n",
    );
    write(
        &dir.path().join("people/agents.yaml"),
        "# 派遣スタッフ\n- id: 007\n  name: 佐藤 次郎\n  department: 総務部\n  email: jiro.sato@sakura-foods.example\n  employment: employee\n  joined: 2026-04-01\n  pledge: {signed: 2026-04-01, post_employment: true}\n  training: {last: 2026-06-12, course: 2026年度 情報セキュリティ研修}\n  access_reviewed: 2026-04-15\n",
    );
    dir
}

#[test]
fn the_three_mistakes_of_the_demo_are_fixed_and_their_findings_gone() {
    let dir = three_mistakes();
    let before = codes(dir.path());
    for code in ["SCH002", "KND001", "SCH003"] {
        assert!(before.contains(&code.to_owned()), "{code} in {before:?}");
    }
    let ledger = std::fs::read_to_string(dir.path().join("assets/ledger.yaml")).unwrap();

    // --diff prints the three fixes and writes nothing.
    let run = fix(dir.path(), &["--diff"]);
    assert_eq!(run.code, 1, "there is something to fix: {}", run.stderr);
    insta::assert_snapshot!("three_mistakes_diff", run.stdout);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("assets/ledger.yaml")).unwrap(),
        ledger
    );
    assert_eq!(codes(dir.path()), before);

    // fix writes them; the three findings are gone.
    let run = fix(dir.path(), &[]);
    insta::assert_snapshot!("three_mistakes_fixed", run.stdout);
    let after = codes(dir.path());
    for code in ["SCH002", "KND001", "SCH003"] {
        assert!(!after.contains(&code.to_owned()), "{code} in {after:?}");
    }
    insta::assert_snapshot!(
        "three_mistakes_vendor",
        std::fs::read_to_string(dir.path().join("vendors/printing.yaml")).unwrap()
    );
    // Idempotent: a second run finds nothing to change.
    let again = fix(dir.path(), &["--diff"]);
    assert_eq!(
        (again.code, again.stdout.as_str()),
        (0, ""),
        "{}",
        again.stderr
    );
}

#[test]
fn dates_written_another_way_are_rewritten_and_nothing_else_moves() {
    let dir = copy_tree(&root().join("fixtures/demo"));
    let ledger = dir.path().join("assets/ledger.yaml");
    edit(
        &ledger,
        "  last_inventory: 2026-04-15\n",
        "  last_inventory: 2026/4/15  # 棚卸\n",
    );
    edit(
        &ledger,
        "  acquired: 2021-10-01\n",
        "  acquired: ２０２１－１０－０１\n",
    );
    let old = std::fs::read_to_string(&ledger).unwrap();
    let run = fix(dir.path(), &[]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let new = std::fs::read_to_string(&ledger).unwrap();
    let want = old
        .replace("2026/4/15  # 棚卸", "2026-04-15  # 棚卸")
        .replace("２０２１－１０－０１", "2021-10-01");
    assert_eq!(new, want);
    assert_eq!(codes(dir.path()), Vec::<String>::new());
}

#[test]
fn a_missing_field_is_added_only_with_unsafe_fixes() {
    let dir = copy_tree(&root().join("fixtures/demo"));
    let path = dir.path().join("suppliers/minato-it.yaml");
    edit(
        &path,
        "services:\n  - 販売・在庫管理システムとサーバの保守 (server & system maintenance)\n  - ヘルプデスク・PC キッティング\n  - freee会計の導入・運用支援 (cloud accounting support)\n  - 機器廃棄時のデータ消去\n",
        "",
    );
    let before = codes(dir.path());
    assert!(before.contains(&"SCH001".to_owned()), "{before:?}");
    let run = fix(dir.path(), &[]);
    assert_eq!(run.code, 1);
    assert!(run.stdout.contains("--unsafe-fixes"), "{}", run.stdout);
    assert_eq!(codes(dir.path()), before, "nothing unsafe was applied");
    let run = fix(dir.path(), &["--unsafe-fixes", "--diff"]);
    insta::assert_snapshot!("missing_field_diff", run.stdout);
}
