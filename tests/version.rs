//! `grclint --version` and `grclint version --json`: the version and the commit the binary
//! was built from, as git names it.

mod common;
use common::*;
use serde_json::Value;

/// `git rev-parse HEAD` of this checkout, when it is a git checkout.
fn head() -> Option<String> {
    let out = std::process::Command::new("git")
        .arg("-C")
        .arg(root())
        .args(["rev-parse", "HEAD"])
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8(out.stdout).unwrap().trim().to_owned())
}

fn stdout(args: &[&str]) -> String {
    let out = grclint().args(args).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{args:?}");
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn version_names_the_release_and_the_commit() {
    let line = stdout(&["--version"]);
    let expected_commit = head().map_or("unknown".to_owned(), |h| h[..12].to_owned());
    let prefix = format!("grclint {} ({expected_commit} ", env!("CARGO_PKG_VERSION"));
    assert!(
        line.starts_with(&prefix),
        "{line:?} does not start {prefix:?}"
    );
    let date = line[prefix.len()..].trim_end().trim_end_matches(')');
    assert!(
        date == "unknown" || jiff::civil::Date::strptime("%Y-%m-%d", date).is_ok(),
        "{line:?}"
    );
    // -V and the subcommand say the same.
    assert_eq!(stdout(&["-V"]), line);
    assert_eq!(stdout(&["version"]), line);
}

#[test]
fn version_json_is_for_tools() {
    let v: Value = serde_json::from_str(&stdout(&["version", "--json"])).unwrap();
    let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        [
            "name",
            "version",
            "commit",
            "commit_short",
            "commit_date",
            "target"
        ]
    );
    assert_eq!(v["name"], "grclint");
    assert_eq!(v["version"], env!("CARGO_PKG_VERSION"));
    let commit = v["commit"].as_str().unwrap();
    match head() {
        Some(h) => assert_eq!(commit, h),
        None => assert_eq!(commit, "unknown"),
    }
    assert!(commit.starts_with(v["commit_short"].as_str().unwrap()));
    // The platform is a target triple: arch-vendor-os[-env].
    let target = v["target"].as_str().unwrap();
    assert!(target.split('-').count() >= 3, "{target}");
    assert!(target.starts_with(std::env::consts::ARCH), "{target}");
    // The text line and the JSON agree.
    let line = stdout(&["version"]);
    let expected = format!(
        "grclint {} ({} {})\n",
        v["version"].as_str().unwrap(),
        v["commit_short"].as_str().unwrap(),
        v["commit_date"].as_str().unwrap()
    );
    assert_eq!(line, expected);
}

#[test]
fn version_takes_no_paths() {
    let out = grclint()
        .args(["version", "fixtures/demo"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}
