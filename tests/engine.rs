//! The rule engine on a user-defined kind with its own schema and rules (not the isms pack):
//! every construct, settings, the `rules` and `explain` commands, and configuration errors.

mod common;
use common::*;
use std::path::Path;

fn widgets() -> std::path::PathBuf {
    root().join("fixtures/engine/widgets")
}

#[test]
fn every_construct_reports_at_its_node() {
    let human = check(&widgets(), &[]);
    assert_eq!(human.code, 1);
    insta::assert_snapshot!("widgets_human", human.stdout);
    let json = check(&widgets(), &["--format", "json"]);
    insta::assert_snapshot!("widgets_json", json.stdout);
    let compact = check(&widgets(), &["--format", "compact"]);
    insta::assert_snapshot!("widgets_compact", compact.stdout);
}

#[test]
fn select_and_ignore_take_prefixes() {
    let run = check(
        &widgets(),
        &[
            "--format",
            "compact",
            "--select",
            "MAC00",
            "--ignore",
            "MAC003,MAC004",
        ],
    );
    let codes: Vec<&str> = run
        .stdout
        .lines()
        .map(|l| &l[l.rfind('[').unwrap() + 1..l.len() - 1])
        .collect();
    assert!(!codes.is_empty());
    assert!(
        codes
            .iter()
            .all(|c| c.starts_with("MAC00") && *c != "MAC003" && *c != "MAC004"),
        "{codes:?}"
    );
}

#[test]
fn rules_lists_user_rules_and_engine_codes() {
    let out = grclint()
        .args(["rules", "--format", "json", "--path"])
        .arg(widgets())
        .output()
        .unwrap();
    assert!(out.status.success());
    let list: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    let codes: Vec<&str> = list.iter().map(|r| r["code"].as_str().unwrap()).collect();
    for c in [
        "MAC001", "MAC002", "MAC003", "MAC006", "REF001", "SCH002", "YAML001",
    ] {
        assert!(codes.contains(&c), "{c} missing from {codes:?}");
    }
    let table = grclint()
        .args(["rules", "--path"])
        .arg(widgets())
        .output()
        .unwrap();
    insta::assert_snapshot!(
        "widgets_rules_table",
        String::from_utf8(table.stdout).unwrap()
    );
}

#[test]
fn explain_shows_docs_params_and_the_config_override() {
    let out = grclint()
        .args(["explain", "MAC002", "--path"])
        .arg(widgets())
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("max_age = 180d   (your config; default 365d)"),
        "{text}"
    );
    assert!(
        text.contains("Source: rules/MAC002-service-overdue.yaml"),
        "{text}"
    );
    let docs = grclint()
        .args(["explain", "MAC001", "--path"])
        .arg(widgets())
        .output()
        .unwrap();
    insta::assert_snapshot!(
        "widgets_explain_mac001",
        String::from_utf8(docs.stdout).unwrap()
    );
    let unknown = grclint()
        .args(["explain", "MAC099", "--path"])
        .arg(widgets())
        .output()
        .unwrap();
    assert_eq!(unknown.status.code(), Some(2));
}

/// The configuration codes are engine checks with docs: `explain` prints them and `rules`
/// lists them, like every other code.
#[test]
fn explain_and_rules_know_the_configuration_codes() {
    let list = grclint()
        .args(["rules", "--format", "json", "--path"])
        .arg(widgets())
        .output()
        .unwrap();
    let list: Vec<serde_json::Value> = serde_json::from_slice(&list.stdout).unwrap();
    for code in ["CFG001", "CFG002", "CFG003"] {
        let entry = list.iter().find(|r| r["code"] == code);
        let entry = entry.unwrap_or_else(|| panic!("{code} is not listed"));
        assert_eq!(entry["kind"], "(engine)");
        assert_eq!(entry["severity"], "error");
        let out = grclint()
            .args(["explain", code, "--path"])
            .arg(widgets())
            .output()
            .unwrap();
        assert!(out.status.success(), "{code}");
        let text = String::from_utf8(out.stdout).unwrap();
        for section in ["What it does", "Why it matters", "How to fix"] {
            assert!(text.contains(section), "{code} lacks {section}:\n{text}");
        }
        if code == "CFG001" {
            insta::assert_snapshot!("explain_cfg001", text);
        }
    }
}

/// A copy of the widgets repository with one more file written into it.
fn variant(file: &str, text: &str) -> tempfile::TempDir {
    let dir = copy_tree(&widgets());
    write(&dir.path().join(file), text);
    dir
}

fn config_error(dir: &Path) -> String {
    let run = check(dir, &[]);
    assert_eq!(
        run.code, 2,
        "stdout: {}\nstderr: {}",
        run.stdout, run.stderr
    );
    run.stderr
}

const RULE_HEAD: &str =
    "id: MAC090\nname: probe\nkind: machine\nseverity: error\nsummary: probe\nmessage: probe\n";

#[test]
fn a_cel_syntax_error_names_the_rule_file_and_line() {
    let dir = variant(
        "rules/MAC090-probe.yaml",
        &format!("{RULE_HEAD}assert: record.name ==\n"),
    );
    insta::assert_snapshot!("cel_syntax_error", config_error(dir.path()));
}

#[test]
fn a_name_outside_the_environment_is_a_config_error() {
    let dir = variant(
        "rules/MAC090-probe.yaml",
        &format!("{RULE_HEAD}assert: size(recrod.name) > 0\n"),
    );
    insta::assert_snapshot!("unknown_name", config_error(dir.path()));
    let dir = variant(
        "rules/MAC090-probe.yaml",
        &format!("{RULE_HEAD}assert: days_snice(record.serviced) > 0\n"),
    );
    insta::assert_snapshot!("unknown_function", config_error(dir.path()));
    let dir = variant(
        "rules/MAC090-probe.yaml",
        &format!("{RULE_HEAD}assert: size(record.name) > params.min\n"),
    );
    insta::assert_snapshot!("unknown_param", config_error(dir.path()));
    let dir = variant(
        "rules/MAC090-probe.yaml",
        &format!("{RULE_HEAD}assert: item.name != ''\n"),
    );
    assert!(config_error(dir.path()).contains("names `item`"));
}

#[test]
fn a_bad_rule_file_is_a_config_error() {
    let dir = variant(
        "rules/MAC090-probe.yaml",
        &format!("{RULE_HEAD}asert: true\n"),
    );
    insta::assert_snapshot!("unknown_rule_key", config_error(dir.path()));
    let dir = variant("rules/MAC090-probe.yaml", RULE_HEAD);
    assert!(config_error(dir.path()).contains("require"));
    let dir = variant(
        "rules/MAC090-probe.yaml",
        &RULE_HEAD
            .replace("MAC090", "MAC001")
            .replace("probe\nkind", "dup\nkind")
            .replace("message: probe\n", "message: probe\nassert: 'true'\n"),
    );
    insta::assert_snapshot!("duplicate_code", config_error(dir.path()));
    let dir = variant(
        "rules/MAC090-probe.yaml",
        &format!("{RULE_HEAD}assert: 'true'\n").replace("kind: machine", "kind: machnie"),
    );
    assert!(config_error(dir.path()).contains("has no schema"));
}

#[test]
fn rule_settings_are_checked_against_the_rules() {
    let cases = [
        ("MAC099: off", "no rule has the code `MAC099`"),
        (
            "MAC002: { params: { max_days: 10d } }",
            "has no param `max_days`",
        ),
        ("MAC002: { params: { max_age: 30 } }", "must be text"),
        (
            "MAC002: { params: { max_age: soon } }",
            "must be a duration",
        ),
        ("MAC002: { severity: fatal }", "not an allowed value"),
    ];
    for (setting, expected) in cases {
        let dir = copy_tree(&widgets());
        let cfg = dir.path().join(".grclint.yaml");
        edit(
            &cfg,
            "  MAC008: off",
            &format!("  MAC008: off\n  {setting}"),
        );
        let text = std::fs::read_to_string(&cfg).unwrap().replace(
            "  MAC002: { params: { max_age: 180d } }   # overridden in config\n",
            "",
        );
        std::fs::write(&cfg, text).unwrap();
        let err = config_error(dir.path());
        assert!(err.contains(expected), "{setting}: {err}");
        assert!(err.contains(".grclint.yaml:"), "{setting}: {err}");
    }
}

#[test]
fn a_rule_that_breaks_on_a_valid_record_is_rul001_and_silent_on_an_invalid_one() {
    let dir = variant(
        "rules/MAC090-probe.yaml",
        &format!("{RULE_HEAD}assert: record.serviced != ''\n"),
    );
    write(
        &dir.path().join("machines/broken.yaml"),
        "- id: M-9\n  name: 壊れた記録\n",
    );
    let run = check(
        dir.path(),
        &["--format", "compact", "--select", "RUL,SCH,MAC090"],
    );
    insta::assert_snapshot!("rul001", run.stdout);
}
