//! grclint in CI, pre-commit and editors: the machine-readable formats, git modes,
//! suppressions, waivers, the baseline and `init`.

mod common;
use common::*;
use std::path::Path;
use std::process::Command;

/// The demo company with three findings: an overdue inventory, a WEP network, a dangling owner.
fn repo_with_findings() -> tempfile::TempDir {
    demo_with_findings()
}

/// The findings of `repo_with_findings`: REF001, AST001 and NET001, and the two SOA007 of the
/// controls the SoA calls implemented that AST001 (A.5.9) and NET001 (A.8.20) fall under.
const FINDINGS: usize = 5;

fn git_repo(from: &Path) -> tempfile::TempDir {
    let dir = copy_tree(from);
    commit_all(dir.path());
    dir
}

#[test]
fn sarif_validates_against_the_official_schema() {
    let dir = repo_with_findings();
    let run = check(dir.path(), &["--format", "sarif"]);
    assert_eq!(run.code, 1);
    let sarif: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let schema_path = root().join("fixtures/clients/sarif-schema-2.1.0.json");
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(&schema_path).expect("the SARIF schema is in fixtures/clients"),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).expect("the SARIF schema compiles");
    let errors: Vec<String> = validator
        .iter_errors(&sarif)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let run0 = &sarif["runs"][0];
    assert_eq!(run0["columnKind"], "unicodeCodePoints");
    let rules: Vec<&str> = run0["tool"]["driver"]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert!(
        rules.contains(&"AST001") && rules.contains(&"NET001") && rules.contains(&"REF001"),
        "{rules:?}"
    );
    let ast = run0["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["ruleId"] == "AST001")
        .unwrap();
    let region = &ast["locations"][0]["physicalLocation"]["region"];
    assert_eq!(
        ast["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "assets/ledger.yaml"
    );
    assert_eq!(
        (region["startLine"].as_i64(), region["startColumn"].as_i64()),
        (Some(18), Some(19))
    );
    assert!(ast["partialFingerprints"]["grclint/v1"].is_string());
}

#[test]
fn junit_parses_with_one_case_per_file_and_a_failure_per_finding() {
    let dir = repo_with_findings();
    let run = check(dir.path(), &["--format", "junit"]);
    let report = quick_junit::Report::deserialize_from_str(&run.stdout).expect("valid JUnit XML");
    let suite = &report.test_suites[0];
    let failures = suite
        .test_cases
        .iter()
        .filter(|c| !matches!(c.status, quick_junit::TestCaseStatus::Success { .. }))
        .count();
    assert_eq!(failures, FINDINGS);
    let passed: Vec<&str> = suite
        .test_cases
        .iter()
        .filter(|c| matches!(c.status, quick_junit::TestCaseStatus::Success { .. }))
        .map(|c| c.name.as_str())
        .collect();
    assert!(passed.contains(&"people/staff.yaml"), "{passed:?}");
}

#[test]
fn github_lines_follow_the_workflow_command_syntax() {
    let dir = repo_with_findings();
    let run = check(dir.path(), &["--format", "github"]);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), FINDINGS);
    for l in &lines {
        let (cmd, rest) = l.strip_prefix("::").unwrap().split_once(' ').unwrap();
        assert!(["error", "warning", "notice"].contains(&cmd), "{l}");
        let (props, message) = rest.split_once("::").unwrap();
        let keys: Vec<&str> = props
            .split(',')
            .map(|p| p.split_once('=').unwrap().0)
            .collect();
        assert_eq!(
            keys,
            ["file", "line", "col", "endLine", "endColumn", "title"],
            "{l}"
        );
        assert!(!message.contains('\n') && !message.is_empty());
    }
    assert_eq!(
        grclint::report::github::escape_property("a:b,c%\n"),
        "a%3Ab%2Cc%25%0A"
    );
    assert_eq!(
        grclint::report::github::escape_data("50%\r\nok"),
        "50%25%0D%0Aok"
    );
}

fn gitlab(dir: &Path) -> Vec<serde_json::Value> {
    serde_json::from_str(&check(dir, &["--format", "gitlab"]).stdout).unwrap()
}

#[test]
fn gitlab_fingerprints_are_unique_and_survive_moved_lines() {
    let dir = repo_with_findings();
    let before = gitlab(dir.path());
    let mut fps: Vec<&str> = before
        .iter()
        .map(|i| i["fingerprint"].as_str().unwrap())
        .collect();
    fps.sort();
    fps.dedup();
    assert_eq!(fps.len(), before.len());
    let ledger = dir.path().join("assets/ledger.yaml");
    let text = std::fs::read_to_string(&ledger).unwrap();
    std::fs::write(
        &ledger,
        format!("# a new first line\n# and another\n{text}"),
    )
    .unwrap();
    let after = gitlab(dir.path());
    let key = |v: &Vec<serde_json::Value>| {
        let mut k: Vec<(String, String)> = v
            .iter()
            .map(|i| (i["check_name"].to_string(), i["fingerprint"].to_string()))
            .collect();
        k.sort();
        k
    };
    assert_eq!(key(&before), key(&after));
    let line = |v: &Vec<serde_json::Value>| {
        v.iter().find(|i| i["check_name"] == "AST001").unwrap()["location"]["lines"]["begin"]
            .as_i64()
    };
    assert_eq!(line(&after), line(&before).map(|l| l + 2));
}

#[test]
fn staged_checks_the_index_not_the_working_tree() {
    let dir = git_repo(&root().join("fixtures/demo"));
    let wifi = dir.path().join("networks/meeting-room-wifi.yaml");
    // An unstaged violation is not seen.
    edit(&wifi, "security: wpa3", "security: wep");
    assert_eq!(check(dir.path(), &["--staged"]).code, 0);
    assert_eq!(check(dir.path(), &[]).code, 1);
    // Staged, it is; and an unstaged fix does not hide it.
    git(dir.path(), &["add", "networks/meeting-room-wifi.yaml"]);
    edit(&wifi, "security: wep", "security: wpa3");
    let run = check(dir.path(), &["--staged", "--format", "compact"]);
    assert_eq!(run.code, 1);
    // NET001, and SOA007: the SoA calls A.8.20 (network security) implemented.
    assert_eq!(run.stdout.lines().count(), 2, "{}", run.stdout);
    assert!(run.stdout.contains("[NET001]"), "{}", run.stdout);
    assert!(
        run.stdout.contains("A.8.20 is marked implemented"),
        "{}",
        run.stdout
    );
    // Outside a git repository, --staged is a usage error.
    let plain = copy_tree(&root().join("fixtures/demo"));
    let run = check(plain.path(), &["--staged"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("not inside a git repository"),
        "{}",
        run.stderr
    );
}

/// pre-commit passes only the changed files; a change that breaks records elsewhere must
/// not pass: deleting a person that others name makes their references dangle.
#[test]
fn a_change_that_breaks_other_files_is_reported_for_named_files_and_staged() {
    let dir = git_repo(&root().join("fixtures/demo"));
    let staff = dir.path().join("people/staff.yaml");
    let text = std::fs::read_to_string(&staff).unwrap();
    let start = text.find("- id: P-005").unwrap();
    let end = text[start + 1..]
        .find("\n- id:")
        .map_or(text.len(), |e| start + 2 + e);
    std::fs::write(&staff, format!("{}{}", &text[..start], &text[end..])).unwrap();
    let dangling = |out: &str| {
        out.lines()
            .filter(|l| l.ends_with("[REF001]") && l.contains("P-005") && !l.starts_with("people/"))
            .count()
    };
    // As pre-commit runs it: the named file only, the working tree.
    let named = |extra: &[&str]| {
        let out = grclint()
            .current_dir(dir.path())
            .args([
                "check",
                "people/staff.yaml",
                "--today",
                TODAY,
                "--format",
                "compact",
            ])
            .args(extra)
            .output()
            .unwrap();
        let stdout = String::from_utf8(out.stdout).unwrap();
        (out.status.code().unwrap_or(-1), stdout)
    };
    let (code, out) = named(&[]);
    assert_eq!(code, 1, "{out}");
    assert!(dangling(&out) > 0, "{out}");
    // Only what the change introduced: the demo's other files have no findings to hide,
    // so every finding outside the named file is about P-005.
    assert!(
        out.lines()
            .filter(|l| !l.starts_with("people/"))
            .all(|l| l.contains("P-005")),
        "{out}"
    );
    // Unstaged, --staged sees the committed ledger: clean. Staged, the references dangle.
    assert_eq!(named(&["--staged"]).0, 0);
    git(dir.path(), &["add", "people/staff.yaml"]);
    let (code, out) = named(&["--staged"]);
    assert_eq!(code, 1, "{out}");
    assert!(dangling(&out) > 0, "{out}");
    let run = check(dir.path(), &["--staged", "--format", "compact"]);
    assert_eq!(run.code, 1);
    assert!(dangling(&run.stdout) > 0, "{}", run.stdout);
}

#[test]
fn changed_since_reports_the_changed_files_and_what_the_change_introduced() {
    let dir = repo_with_findings();
    commit_all(dir.path());
    let contract = dir.path().join("contracts/hikari-printing.yaml");
    let text = std::fs::read_to_string(&contract).unwrap();
    let first_clause = text
        .lines()
        .find(|l| l.trim_start().starts_with("- confidentiality"))
        .unwrap()
        .to_owned();
    std::fs::write(
        &contract,
        text.replacen(&format!("{first_clause}\n"), "", 1),
    )
    .unwrap();
    git(
        dir.path(),
        &["commit", "-qam", "drop the confidentiality clause"],
    );
    let run = check(
        dir.path(),
        &["--changed-since", "HEAD~1", "--format", "compact"],
    );
    assert_eq!(run.code, 1);
    let paths: Vec<&str> = run
        .stdout
        .lines()
        .map(|l| l.split(':').next().unwrap())
        .collect();
    assert!(
        paths.contains(&"contracts/hikari-printing.yaml"),
        "{}",
        run.stdout
    );
    // Elsewhere, only what the change introduced: the supplier lost its confidentiality
    // contract, and the SoA calls implemented the controls the new findings fall under
    // (A.5.20 supplier agreements, A.6.6 confidentiality agreements); the older findings
    // (the ledger's, and the SoA's on A.5.9 and A.8.20) are not reported.
    let elsewhere: Vec<&str> = run
        .stdout
        .lines()
        .filter(|l| !l.starts_with("contracts/hikari-printing.yaml:"))
        .collect();
    assert_eq!(elsewhere.len(), 3, "{}", run.stdout);
    for (line, control) in elsewhere.iter().zip(["A.5.20", "A.6.6"]) {
        assert!(
            line.starts_with("soa/soa.yaml:")
                && line.contains(&format!("{control} is marked implemented"))
                && line.ends_with("[SOA007]"),
            "{}",
            run.stdout
        );
    }
    assert!(
        elsewhere[2].starts_with("suppliers/hikari-printing.yaml:")
            && elsewhere[2].ends_with("[SUP001]"),
        "{}",
        run.stdout
    );
    // Without the flag the earlier findings are reported too.
    assert!(
        check(dir.path(), &["--format", "compact"])
            .stdout
            .contains("assets/ledger.yaml")
    );
}

#[test]
fn baseline_then_check_reports_only_what_is_new() {
    let dir = repo_with_findings();
    let out = grclint()
        .arg("baseline")
        .arg(dir.path())
        .args(["--today", TODAY])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let file = dir.path().join(".grclint-baseline.json");
    let first = std::fs::read_to_string(&file).unwrap();
    let baseline = file.to_str().unwrap();
    let run = check(dir.path(), &["--baseline", baseline]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(
        run.stdout.contains(&format!("{FINDINGS} in the baseline")),
        "{}",
        run.stdout
    );
    // Stable: the same findings write the same file (written anew, not left as it was).
    std::fs::remove_file(&file).unwrap();
    grclint()
        .arg("baseline")
        .arg(dir.path())
        .args(["--today", TODAY])
        .assert()
        .success();
    assert_eq!(std::fs::read_to_string(&file).unwrap(), first);
    // Lines moved: still baselined. One new violation: exactly it is reported.
    let ledger = dir.path().join("assets/ledger.yaml");
    let text = std::fs::read_to_string(&ledger).unwrap();
    std::fs::write(&ledger, format!("# moved\n{text}")).unwrap();
    edit(
        &dir.path().join("networks/office-lan.yaml"),
        "default_credentials_changed: true",
        "default_credentials_changed: false",
    );
    let run = check(dir.path(), &["--baseline", baseline, "--format", "compact"]);
    assert_eq!(run.code, 1);
    assert_eq!(run.stdout.lines().count(), 1, "{}", run.stdout);
    assert!(run.stdout.contains("[NET002]"));
}

#[test]
fn inline_suppressions_need_a_known_code_and_a_reason() {
    let dir = repo_with_findings();
    let ledger = dir.path().join("assets/ledger.yaml");
    edit(
        &ledger,
        "last_inventory: 2024-04-15",
        "last_inventory: 2024-04-15  # grclint: ignore[AST001] 11月の棚卸で確認予定",
    );
    edit(
        &dir.path().join("networks/meeting-room-wifi.yaml"),
        "security: wep",
        "security: wep  # grclint: ignore[NET001]",
    );
    edit(
        &dir.path().join("networks/office-lan.yaml"),
        "default_credentials_changed: true",
        "default_credentials_changed: true  # grclint: ignore[NET002] 念のため",
    );
    edit(
        &dir.path().join("networks/vpn.yaml"),
        "default_credentials_changed: true",
        "default_credentials_changed: true  # grclint: ignore[NETX01] typo",
    );
    let run = check(dir.path(), &["--format", "compact"]);
    insta::assert_snapshot!("suppressions_compact", run.stdout);
    let json: serde_json::Value =
        serde_json::from_str(&check(dir.path(), &["--format", "json"]).stdout).unwrap();
    let suppressed: Vec<&serde_json::Value> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["suppressed"] == true)
        .collect();
    assert_eq!(suppressed.len(), 1);
    assert_eq!(suppressed[0]["code"], "AST001");
    assert_eq!(
        suppressed[0]["suppression_reason"],
        "inline: 11月の棚卸で確認予定"
    );
    let sarif: serde_json::Value =
        serde_json::from_str(&check(dir.path(), &["--format", "sarif"]).stdout).unwrap();
    let s = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["ruleId"] == "AST001")
        .unwrap();
    assert_eq!(s["suppressions"][0]["kind"], "inSource");
}

#[test]
fn waivers_silence_until_they_expire() {
    let dir = repo_with_findings();
    write(
        &dir.path().join("waivers/waivers.yaml"),
        "- id: W-001\n  rule: NET001\n  target: NET-002\n  reason: 会議室APの入替 (12月) まで\n  approved_by: P-001\n  approved_on: 2026-10-01\n  expires: 2026-11-20\n\
         - id: W-002\n  rule: AST001\n  target: A-001\n  reason: 旧承認\n  approved_by: P-001\n  approved_on: 2025-01-01\n  expires: 2026-10-31\n\
         - id: W-003\n  rule: SVC004\n  target: \"services/*.yaml\"\n  reason: 約款確認済み\n  approved_by: P-001\n  approved_on: 2026-10-01\n  expires: 2027-03-31\n\
         - id: W-004\n  rule: NET002\n  target: NET-001\n  reason: 承認者なし\n  approved_by: P-404\n  approved_on: 2026-10-01\n  expires: 2027-03-31\n",
    );
    let run = check(dir.path(), &["--format", "compact"]);
    insta::assert_snapshot!("waivers_compact", run.stdout);
}

#[test]
fn init_writes_a_repository_that_checks_clean_and_refuses_to_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    git(dir.path(), &["init", "-q"]);
    let out = grclint()
        .arg("init")
        .arg(dir.path())
        .env("GRCLINT_TODAY", TODAY)
        .output()
        .unwrap();
    assert!(out.status.success());
    for kind in [
        "assets",
        "people",
        "suppliers",
        "contracts",
        "policies",
        "risks",
        "incident-plans",
        "continuity",
        "services",
        "networks",
        "waivers",
        "areas",
        "soa",
    ] {
        assert!(dir.path().join(kind).is_dir(), "{kind}");
    }
    let run = check(dir.path(), &["--fail-on", "info"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(
        run.stdout
            .starts_with("no problems found in 15 files (109 records); 1 suppressed"),
        "{}",
        run.stdout
    );
    let again = grclint().arg("init").arg(dir.path()).output().unwrap();
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("people/people.yaml"));
}

#[test]
fn the_vs_code_problem_matcher_parses_compact_output() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let line = readme
        .lines()
        .find(|l| l.contains("\"regexp\""))
        .expect("the README shows a problemMatcher");
    let json_regex = line
        .split_once(": ")
        .unwrap()
        .1
        .trim()
        .trim_end_matches(',');
    let pattern: String = serde_json::from_str(json_regex).unwrap();
    let re = regex::Regex::new(&pattern).unwrap();
    let dir = repo_with_findings();
    let run = check(dir.path(), &["--format", "compact"]);
    let mut n = 0;
    for l in run.stdout.lines() {
        let c = re.captures(l).unwrap_or_else(|| panic!("{l}"));
        assert!(c[1].ends_with(".yaml"));
        let _: u32 = c[2].parse().unwrap();
        let _: u32 = c[3].parse().unwrap();
        assert!(["error", "warning", "info"].contains(&&c[4]));
        assert!(c[6].len() == 6, "{l}");
        n += 1;
    }
    assert_eq!(n, FINDINGS);
    let c = re
        .captures("assets/台帳.yaml:3:8: error: 管理責任者 `P-9` は存在しません [REF001]")
        .unwrap();
    assert_eq!((&c[1], &c[3], &c[6]), ("assets/台帳.yaml", "8", "REF001"));
}

/// The hook, run by the real pre-commit framework, fails a commit that adds a violation.
#[test]
fn pre_commit_try_repo_fails_a_bad_commit() {
    if Command::new("pre-commit")
        .arg("--version")
        .output()
        .is_err()
    {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must install pre-commit"
        );
        eprintln!("pre-commit is not installed: skipped");
        return;
    }
    let dir = git_repo(&root().join("fixtures/demo"));
    edit(
        &dir.path().join("networks/meeting-room-wifi.yaml"),
        "security: wpa3",
        "security: wep",
    );
    git(dir.path(), &["add", "-A"]);
    let bin_dir = Path::new(env!("CARGO_BIN_EXE_grclint"))
        .parent()
        .unwrap()
        .to_path_buf();
    let path = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let out = Command::new("pre-commit")
        .args(["try-repo"])
        .arg(root())
        .arg("grclint-system")
        .current_dir(dir.path())
        .env("PATH", path)
        .env("PRE_COMMIT_HOME", dir.path().join(".pre-commit-cache"))
        .output()
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!out.status.success(), "{text}");
    assert!(
        text.contains("networks/meeting-room-wifi.yaml:7:11: error:") && text.contains("[NET001]"),
        "{text}"
    );
}
