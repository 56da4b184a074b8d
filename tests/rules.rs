//! The built-in isms pack: one registry of codes, and every rule's pass/fail fixtures.

mod common;
use common::*;
use std::collections::BTreeSet;
use std::path::Path;

/// The catalog of RULES.md ("The built-in isms pack"): code, kind, default severity.
const CATALOG: &[(&str, &str, &str)] = &[
    ("AST001", "asset", "error"),
    ("AST002", "asset", "warning"),
    ("AST003", "asset", "error"),
    ("AST004", "asset", "error"),
    ("AST005", "asset", "error"),
    ("AST006", "asset", "warning"),
    ("AST007", "asset", "warning"),
    ("AST008", "asset", "warning"),
    ("AST009", "asset", "error"),
    ("AST010", "asset", "error"),
    ("AST011", "asset", "error"),
    ("PER001", "person", "error"),
    ("PER002", "person", "warning"),
    ("PER003", "person", "warning"),
    ("PER004", "person", "error"),
    ("PER005", "person", "error"),
    ("PER006", "person", "error"),
    ("PER007", "person", "warning"),
    ("SUP001", "supplier", "error"),
    ("SUP002", "supplier", "error"),
    ("SUP003", "supplier", "error"),
    ("SUP004", "supplier", "warning"),
    ("SUP005", "supplier", "warning"),
    ("CON001", "contract", "error"),
    ("CON002", "contract", "error"),
    ("CON003", "contract", "warning"),
    ("CON004", "contract", "error"),
    ("CON005", "contract", "warning"),
    ("CON006", "contract", "warning"),
    ("CON007", "contract", "error"),
    ("CON008", "contract", "info"),
    ("CON009", "contract", "error"),
    ("POL001", "policy", "error"),
    ("POL002", "policy", "error"),
    ("POL003", "policy", "error"),
    ("POL004", "repository", "warning"),
    ("POL005", "policy", "error"),
    ("RSK001", "risk", "error"),
    ("RSK002", "risk", "error"),
    ("RSK003", "risk", "error"),
    ("RSK004", "risk", "error"),
    ("RSK005", "risk", "error"),
    ("RSK006", "risk", "warning"),
    ("RSK007", "asset", "warning"),
    ("RSK008", "risk", "warning"),
    ("IRP001", "repository", "error"),
    ("IRP002", "incident_plan", "error"),
    ("IRP003", "incident_plan", "error"),
    ("IRP004", "incident_plan", "warning"),
    ("IRP005", "incident_plan", "warning"),
    ("IRP006", "incident_plan", "warning"),
    ("BCP001", "asset", "warning"),
    ("BCP002", "continuity_plan", "error"),
    ("BCP003", "continuity_plan", "error"),
    ("BCP004", "continuity_plan", "warning"),
    ("BCP005", "continuity_plan", "warning"),
    ("BCP006", "continuity_plan", "warning"),
    ("BCP007", "continuity_plan", "warning"),
    ("BCP008", "continuity_plan", "warning"),
    ("SVC001", "service", "error"),
    ("SVC002", "service", "error"),
    ("SVC003", "service", "error"),
    ("SVC004", "service", "warning"),
    ("SVC005", "service", "warning"),
    ("SVC006", "service", "error"),
    ("NET001", "network", "error"),
    ("NET002", "network", "error"),
    ("NET003", "network", "warning"),
    ("NET004", "network", "warning"),
    ("NET005", "network", "warning"),
    ("ARE001", "area", "error"),
    ("ARE002", "area", "warning"),
    ("ARE003", "area", "warning"),
    ("ARE004", "area", "warning"),
    ("ARE005", "area", "warning"),
    ("OPS001", "asset", "error"),
    ("OPS002", "asset", "error"),
    ("OPS003", "asset", "error"),
    ("OPS004", "asset", "warning"),
    ("OPS005", "asset", "warning"),
    ("OPS006", "asset", "error"),
    ("OPS007", "asset", "warning"),
    ("POL006", "repository", "warning"),
    ("CON010", "contract", "error"),
    ("CON011", "contract", "warning"),
    ("CON012", "contract", "warning"),
    ("SOA001", "repository", "error"),
    ("SOA002", "repository", "error"),
    ("SOA003", "soa", "error"),
    ("SOA004", "soa", "error"),
    ("SOA005", "soa", "error"),
    ("SOA006", "soa", "error"),
];

const SECTIONS: &[&str] = &[
    "## What it does",
    "## Why it matters",
    "## Example",
    "## How to fix",
];

fn rule_files() -> Vec<std::path::PathBuf> {
    let mut files: Vec<_> = std::fs::read_dir(root().join("rules/isms"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    files.sort();
    files
}

/// Every catalog code has exactly one rule file with the catalog's kind and severity,
/// docs with every section, references, and pass and fail fixtures.
#[test]
fn the_registry_is_complete() {
    let out = grclint()
        .args(["rules", "--format", "json", "--path"])
        .arg(root().join("fixtures/demo"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let listed: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    let mut problems = Vec::new();
    let mut seen = BTreeSet::new();
    for path in rule_files() {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let code = &name[..6];
        if !seen.insert(code.to_owned()) {
            problems.push(format!("{code}: more than one rule file"));
        }
        let text = std::fs::read_to_string(&path).unwrap();
        if !text.starts_with(&format!("id: {code}\n")) {
            problems.push(format!("{name}: the file name and the id differ"));
        }
        for s in SECTIONS {
            if !text.contains(s) {
                problems.push(format!("{code}: docs lack `{s}`"));
            }
        }
        if !text.contains("\nreferences:") {
            problems.push(format!("{code}: no references"));
        }
        for v in ["pass", "fail"] {
            if !root()
                .join(format!("fixtures/rules/{code}/{v}/.grclint.yaml"))
                .is_file()
            {
                problems.push(format!("{code}: no {v} fixture"));
            }
        }
    }
    for (code, kind, severity) in CATALOG {
        match listed.iter().find(|r| r["code"] == *code) {
            None => problems.push(format!("{code}: no rule")),
            Some(r) => {
                if r["kind"] != *kind {
                    problems.push(format!("{code}: kind {} (catalog: {kind})", r["kind"]));
                }
                if r["severity"] != *severity {
                    problems.push(format!(
                        "{code}: severity {} (catalog: {severity})",
                        r["severity"]
                    ));
                }
                if r["references"].as_object().is_none_or(|m| m.is_empty()) {
                    problems.push(format!("{code}: empty references"));
                }
            }
        }
    }
    for code in &seen {
        if !CATALOG.iter().any(|(c, _, _)| c == code) {
            problems.push(format!("{code}: not in the catalog"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// `grclint check DIR --today … --color never --output FILE ARGS…`, run in this process
/// through the command line's own parser: (exit code, the report).
fn check_in_process(dir: &Path, args: &[&str]) -> (i32, String) {
    use clap::Parser;
    let out = tempfile::NamedTempFile::new().unwrap();
    let mut argv: Vec<std::ffi::OsString> = vec!["grclint".into(), "check".into(), dir.into()];
    // In this process the language would follow the machine's locale: pin it.
    for a in [
        "--lang", "en", "--today", TODAY, "--color", "never", "--output",
    ] {
        argv.push(a.into());
    }
    argv.push(out.path().into());
    argv.extend(args.iter().map(Into::into));
    let cli = grclint::cli::Cli::try_parse_from(argv).expect("the arguments parse");
    let code = grclint::commands::main(cli);
    (code, std::fs::read_to_string(out.path()).unwrap())
}

fn select(code: &str) -> String {
    format!("{code},SCH,REF,YAML,KND,RUL")
}

/// `fail` reports that code (and only it) at the right node.
fn fail_fixture(code: &str) {
    let dir = root().join("fixtures/rules").join(code).join("fail");
    let (_, human) = check_in_process(&dir, &["--select", &select(code)]);
    let (_, json) = check_in_process(&dir, &["--select", &select(code), "--format", "json"]);
    let parsed: serde_json::Value = serde_json::from_str(&json).unwrap_or_default();
    let found: Vec<&str> = parsed["findings"]
        .as_array()
        .map(|a| a.iter().filter_map(|f| f["code"].as_str()).collect())
        .unwrap_or_default();
    insta::assert_snapshot!(format!("{code}_fail"), human);
    insta::assert_snapshot!(format!("{code}_fail_json"), json);
    assert!(
        !found.is_empty() && found.iter().all(|c| c == &code),
        "{code}/fail reports {found:?}\n{human}"
    );
}

/// `pass` reports nothing.
fn pass_fixture(code: &str) {
    let dir = root().join("fixtures/rules").join(code).join("pass");
    let (exit, human) = check_in_process(&dir, &["--select", &select(code)]);
    insta::assert_snapshot!(format!("{code}_pass"), human);
    assert!(
        exit == 0 && human.starts_with("no problems found"),
        "{code}/pass reports:\n{human}"
    );
}

/// One module per folder of `fixtures/rules/` (listed by build.rs): `cargo test AST001`
/// runs that rule's `fail` and `pass` fixtures.
macro_rules! rule_fixture {
    ($code:ident) => {
        #[allow(non_snake_case)]
        mod $code {
            #[test]
            fn fail() {
                super::fail_fixture(stringify!($code));
            }

            #[test]
            fn pass() {
                super::pass_fixture(stringify!($code));
            }
        }
    };
}

include!(concat!(env!("OUT_DIR"), "/rule_fixtures.rs"));

/// Every fixture folder is a rule of the pack: build.rs lists no test for a folder of
/// another name, so one would go unseen.
#[test]
fn every_fixture_folder_has_a_rule() {
    let codes: BTreeSet<String> = rule_files()
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy()[..6].to_owned())
        .collect();
    for e in std::fs::read_dir(root().join("fixtures/rules")).unwrap() {
        let name = e.unwrap().file_name().to_string_lossy().into_owned();
        assert!(
            codes.contains(&name),
            "fixtures/rules/{name} is not a rule's code"
        );
    }
}

/// The demo company's records are clean under the whole pack, every severity.
#[test]
fn the_demo_reports_nothing_under_the_whole_pack() {
    let run = check(
        &root().join("fixtures/demo"),
        &["--format", "compact", "--fail-on", "info"],
    );
    assert_eq!(run.stdout, "", "{}", run.stderr);
    assert_eq!(run.code, 0);
}

/// The README's rules table is what `grclint rules --format md` prints.
#[test]
fn the_readme_rules_table_is_up_to_date() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let start = readme
        .find("<!-- rules:begin -->\n")
        .expect("the README has the rules table")
        + "<!-- rules:begin -->\n".len();
    let end = readme.find("<!-- rules:end -->").unwrap();
    let out = grclint()
        .args(["rules", "--format", "md"])
        .output()
        .unwrap();
    assert_eq!(
        &readme[start..end],
        String::from_utf8(out.stdout).unwrap(),
        "run `grclint rules --format md` and paste it into the README"
    );
}

/// The rules added with the `area` kind, `operations`, `covers`, `development` contracts,
/// `web_filtering` and the `soa` kind stay silent on repositories that do not use those fields: every fixture
/// written for the first 69 rules, and the seminar's cases 2 to 5.
#[test]
fn rules_on_new_fields_report_nothing_where_the_fields_are_not_used() {
    const NEW: &str = "NET005,ARE,OPS,POL006,CON010,CON011,CON012,SOA";
    let mut dirs = Vec::new();
    for e in std::fs::read_dir(root().join("fixtures/rules")).unwrap() {
        let code = e.unwrap().file_name().to_string_lossy().into_owned();
        let new = NEW.split(',').any(|p| code.starts_with(p));
        if !new && CATALOG.iter().any(|(c, _, _)| *c == code) {
            dirs.push(root().join("fixtures/rules").join(&code).join("pass"));
            dirs.push(root().join("fixtures/rules").join(&code).join("fail"));
        }
    }
    assert_eq!(dirs.len(), 2 * 69);
    for case in [
        "2-unapproved-saas",
        "3-earthquake-server",
        "4-meeting-room-wifi",
        "5-printing-contractor",
    ] {
        dirs.push(root().join("fixtures/cases").join(case));
    }
    dirs.sort();
    let mut problems = Vec::new();
    for dir in &dirs {
        let run = check(
            dir,
            &["--select", NEW, "--format", "compact", "--fail-on", "info"],
        );
        if run.code != 0 || !run.stdout.is_empty() {
            problems.push(format!("{}:\n{}{}", dir.display(), run.stdout, run.stderr));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
