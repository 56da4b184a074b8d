//! Each output fed to the program that consumes it: the SARIF multitool (GitHub's rules),
//! xmllint with the Jenkins xUnit schema, yaml-language-server with the exported schemas.
//!
//! A client that is not installed skips its test, except in CI (`CI` set), where it fails:
//! `.ci/run` installs them all.

mod common;
use common::clients::*;
use common::*;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

#[test]
fn sarif_with_japanese_and_percent_paths_passes_github_rules_of_the_sarif_multitool() {
    let dir = hostile_paths_repo();
    let run = check(dir.path(), &["--format", "sarif"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let sarif = json_of(&run);
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert!(results.iter().any(|r| r["ruleId"] == "IRP001"));
    for r in results {
        let loc = &r["locations"][0]["physicalLocation"];
        let uri = loc["artifactLocation"]["uri"]
            .as_str()
            .expect("every result is located");
        let path = percent_decode(uri);
        assert!(dir.path().join(&path).is_file(), "{uri} → {path}");
        assert!(loc["region"]["startLine"].as_i64().unwrap() >= 1);
        let hash = r["partialFingerprints"]["primaryLocationLineHash"].as_str();
        assert!(hash.is_some_and(|h| h.contains(':')), "{r}");
    }
    let odd = results
        .iter()
        .find(|r| r["ruleId"] == "AST001" && r.to_string().contains("%25"))
        .expect("a finding in the odd file");
    assert_eq!(
        odd["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "assets/%E6%83%85%E5%A0%B1%20100%25/%E5%8F%B0%E5%B8%B3%2050%25zz.yaml"
    );
    let irp = results.iter().find(|r| r["ruleId"] == "IRP001").unwrap();
    assert_eq!(
        irp["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        ".grclint.yaml"
    );
    let rules = sarif["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap();
    let ast = rules.iter().find(|r| r["id"] == "AST001").unwrap();
    assert_eq!(
        ast["properties"]["tags"],
        serde_json::json!(["security", "asset", "iso27001/A.5.9"])
    );
    assert_eq!(ast["properties"]["security-severity"], "7.5");
    assert!(rules.iter().all(|r| r.get("helpUri").is_none()));

    // The official schema, then the multitool with its SARIF and GitHub rules.
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("fixtures/clients/sarif-schema-2.1.0.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&sarif)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let Some(multitool) = sarif_multitool() else {
        return;
    };
    let input = dir.path().join("grclint.sarif");
    std::fs::write(&input, &run.stdout).unwrap();
    let log = dir.path().join("validation.sarif");
    let out = Command::new(&multitool)
        .arg("validate")
        .arg(&input)
        .args([
            "--rule-kind",
            "Sarif;Gh",
            "--log",
            "ForceOverwrite",
            "--output",
        ])
        .arg(&log)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out));
    let report: Value = serde_json::from_str(&std::fs::read_to_string(&log).unwrap()).unwrap();
    let problems: Vec<String> = report["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| {
            r["level"] == "error" || r["ruleId"].as_str().is_some_and(|id| id.starts_with("GH"))
        })
        .map(|r| format!("{}: {}", r["ruleId"], r["message"]))
        .collect();
    assert!(problems.is_empty(), "{problems:#?}");
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            out.push(u8::from_str_radix(&s[i + 1..i + 3], 16).unwrap());
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap()
}

/// The multitool's own binary: the npm package's launcher passes its arguments through a
/// shell, which would split `Sarif;Gh`.
fn sarif_multitool() -> Option<PathBuf> {
    let found = npm_root().and_then(|r| {
        let p = r.join("@microsoft/sarif-multitool/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool");
        p.is_file().then_some(p)
    });
    if found.is_none() {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must install @microsoft/sarif-multitool (.ci/run)"
        );
        eprintln!("@microsoft/sarif-multitool is not installed: skipped");
    }
    found
}

/// A ledger whose first item lacks two required fields (two SCH001 at one place) and
/// quotes a value with a line break.
fn junit_repo() -> tempfile::TempDir {
    let dir = copy_tree(&root().join("fixtures/demo"));
    let ledger = dir.path().join("assets/ledger.yaml");
    edit(&ledger, "  retention: 10y\n", "");
    edit(
        &ledger,
        "  name: ECサイト「さくらマルシェ」(web shop + 会員DB)\n",
        "",
    );
    edit(&ledger, "  medium: system\n", "  medium: \"sys\\ntem\"\n");
    dir
}

#[test]
fn junit_validates_against_the_jenkins_xunit_schema_with_unique_names() {
    let dir = junit_repo();
    let run = check(dir.path(), &["--format", "junit"]);
    assert_eq!(run.code, 1);
    let xml = &run.stdout;
    let names: Vec<&str> = xml
        .lines()
        .filter_map(|l| l.trim().strip_prefix("<testcase name=\""))
        .map(|l| l.split('"').next().unwrap())
        .collect();
    let mut unique = names.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), names.len(), "{names:#?}");
    assert!(
        names.contains(&"assets/ledger.yaml:7:3 SCH001 #2"),
        "{names:#?}"
    );
    assert!(xml.contains("message=\"`medium` is `sys&#10;tem`"), "{xml}");
    let suites = xml.lines().find(|l| l.starts_with("<testsuites")).unwrap();
    assert!(!suites.contains("skipped"), "{suites}");
    assert!(!xml.contains(" file=\""));
    // A second reader agrees on the counts.
    let report = quick_junit::Report::deserialize_from_str(xml).expect("JUnit XML");
    assert_eq!(report.test_suites[0].failures, 3);
    assert_eq!(xml.matches("<failure ").count(), 3);

    // With --junit-file every test case names its file (GitLab's file column).
    let gitlab = check(dir.path(), &["--format", "junit", "--junit-file"]);
    let cases = gitlab
        .stdout
        .lines()
        .filter(|l| l.contains("<testcase "))
        .count();
    let with_file = gitlab.stdout.matches(" file=\"").count();
    assert_eq!(with_file, cases);
    assert!(gitlab.stdout.contains("file=\"assets/ledger.yaml\""));

    if !have("xmllint", "--version") {
        return;
    }
    let file = dir.path().join("grclint-junit.xml");
    std::fs::write(&file, xml).unwrap();
    let out = Command::new("xmllint")
        .args(["--noout", "--schema"])
        .arg(root().join("fixtures/clients/junit-10.xsd"))
        .arg(&file)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("validates"), "{}", text(&out));
}

/// yaml-language-server, driven over LSP by tests/clients/yaml-ls.js.
fn yaml_ls(schema: &Path, file: &Path, at: Option<(u32, u32)>) -> Value {
    let mut c = Command::new("node");
    c.arg(root().join("tests/clients/yaml-ls.js"))
        .arg(schema)
        .arg(file);
    if let Some((line, col)) = at {
        c.args([line.to_string(), col.to_string()]);
    }
    let out = c.output().unwrap();
    assert!(out.status.success(), "{}", text(&out));
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn yaml_language_server_with_the_ledger_schema_reports_what_grclint_reports() {
    if !have("yaml-language-server", "--version") {
        return;
    }
    let dir = copy_tree(&root().join("fixtures/demo"));
    let ledger = dir.path().join("assets/ledger.yaml");
    edit(&ledger, "  medium: system\n", "  medium: sytem\n");
    edit(
        &ledger,
        "  retention: 10y\n",
        "  retention: 10y\n  colour: red\n",
    );
    edit(&ledger, "  acquired: 2021-10-01\n", "");
    edit(
        &ledger,
        "  cia: {c: 3, i: 3, a: 3}\n",
        "  cia: {c: 3, i: high, a: 3}\n",
    );
    // A date that is no date: only grclint checks the calendar.
    edit(&ledger, "acquired: 2022-04-01", "acquired: 2023-02-29");
    let schemas = dir.path().join(".schemas");
    let out = grclint()
        .args(["schema", "--all", "--out"])
        .arg(&schemas)
        .output()
        .unwrap();
    assert!(out.status.success());

    let run = check(
        dir.path(),
        &["--format", "json", "--select", "SCH", "--columns", "utf16"],
    );
    let mut grclint_found: Vec<(u64, u64)> = Vec::new();
    let mut calendar = Vec::new();
    for f in json_of(&run)["findings"].as_array().unwrap() {
        assert_eq!(f["path"], "assets/ledger.yaml");
        let at = (
            f["line"].as_u64().unwrap() - 1,
            f["column"].as_u64().unwrap() - 1,
        );
        if f["message"]
            .as_str()
            .unwrap()
            .contains("not a real calendar date")
        {
            calendar.push(at);
        } else {
            grclint_found.push(at);
        }
    }
    assert_eq!(grclint_found.len(), 4, "{}", run.stdout);
    assert_eq!(calendar.len(), 1, "{}", run.stdout);

    let ls = yaml_ls(&schemas.join("asset.ledger.schema.json"), &ledger, None);
    let mut ls_found: Vec<(u64, u64)> = ls["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let s = &d["range"]["start"];
            (
                s["line"].as_u64().unwrap(),
                s["character"].as_u64().unwrap(),
            )
        })
        .collect();
    grclint_found.sort();
    ls_found.sort();
    assert_eq!(ls_found, grclint_found, "{ls}");

    // Completion inside an item of the ledger offers the record's field names.
    let text = std::fs::read_to_string(&ledger).unwrap();
    std::fs::write(&ledger, format!("{text}\n- id: A-099\n  na\n")).unwrap();
    let line = text.lines().count() as u32 + 2;
    let ls = yaml_ls(
        &schemas.join("asset.ledger.schema.json"),
        &ledger,
        Some((line, 4)),
    );
    let labels: Vec<&str> = ls["completion"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    for field in [
        "name",
        "medium",
        "owner",
        "last_inventory",
        "classification",
    ] {
        assert!(labels.contains(&field), "{field} not offered: {labels:?}");
    }
    // The one-record schema, pointed at a ledger: one error for the whole file.
    let ls = yaml_ls(&schemas.join("asset.schema.json"), &ledger, Some((line, 4)));
    assert!(ls["completion"].as_array().unwrap().is_empty(), "{ls}");
}
