//! What a repository edited on Windows brings, on any platform: files with CRLF line ends
//! (Notepad, Excel's CSV, git's `core.autocrlf`) check exactly as their LF twins, and `fix`
//! keeps their line ends. The Windows build itself runs under wine in
//! `tests/clients/windows.sh` (see `the_windows_build_checks_the_demo_under_wine`).

mod common;
use common::clients::{have, text};
use common::*;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Every `.yaml` file under `dir` rewritten with CRLF line ends.
fn to_crlf(dir: &Path) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            to_crlf(&p);
        } else if p.extension().is_some_and(|x| x == "yaml") {
            let t = std::fs::read_to_string(&p).unwrap();
            assert!(!t.contains('\r'), "{} is LF to start with", p.display());
            std::fs::write(&p, t.replace('\n', "\r\n")).unwrap();
        }
    }
}

/// The demo with findings of each stage: a dangling reference, an overdue inventory, a WEP
/// network, an unknown field, and a file YAML cannot read.
fn every_stage() -> tempfile::TempDir {
    let dir = demo_with_findings();
    edit(
        &dir.path().join("assets/ledger.yaml"),
        "  retention:",
        "  retension:",
    );
    write(
        &dir.path().join("assets/broken.yaml"),
        "- id: A-900\n  name: [壊れた台帳\n",
    );
    dir
}

/// A report's findings without their byte offsets (a CRLF file has one byte more per line):
/// place by line and column, code, severity, message, help, notes.
fn without_offsets(report: &Value) -> Vec<Value> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let mut f = f.clone();
            let o = f.as_object_mut().unwrap();
            o.remove("byte_start");
            o.remove("byte_end");
            f
        })
        .collect()
}

/// The findings of `check --format json`, without their byte offsets.
fn findings(dir: &Path, extra: &[&str]) -> Vec<Value> {
    let run = check(dir, &[&["--format", "json"], extra].concat());
    without_offsets(&serde_json::from_str(&run.stdout).expect("json"))
}

#[test]
fn a_crlf_repository_checks_as_its_lf_twin() {
    let lf = every_stage();
    let crlf = every_stage();
    to_crlf(crlf.path());
    for lang in ["en", "ja"] {
        let want = findings(lf.path(), &["--lang", lang]);
        assert!(want.len() > 3, "the demo has findings: {want:?}");
        assert_eq!(findings(crlf.path(), &["--lang", lang]), want, "{lang}");
    }
    // The human report quotes the lines without their `\r`.
    let run = check(crlf.path(), &[]);
    assert_eq!(run.code, 1);
    assert!(!run.stdout.contains('\r'), "{:?}", run.stdout);
    assert_eq!(
        run.stdout.lines().last(),
        check(lf.path(), &[]).stdout.lines().last()
    );
}

#[test]
fn fix_keeps_the_crlf_line_ends() {
    let dir = copy_tree(&root().join("fixtures/demo"));
    let ledger = dir.path().join("assets/ledger.yaml");
    edit(
        &ledger,
        "  last_inventory: 2026-04-15\n",
        "  last_inventroy: 2026/4/15\n",
    );
    to_crlf(dir.path());
    let before: Vec<String> = findings(dir.path(), &[])
        .iter()
        .map(|f| f["code"].as_str().unwrap().to_owned())
        .collect();
    assert!(before.contains(&"SCH002".to_owned()), "{before:?}");
    let out = grclint()
        .arg("fix")
        .arg(dir.path())
        .args(["--today", TODAY])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "nothing is left to fix: {}",
        text(&out)
    );
    let fixed = std::fs::read_to_string(&ledger).unwrap();
    assert!(
        fixed.contains("  last_inventory: 2026-04-15\r\n"),
        "{}",
        text(&out)
    );
    assert_eq!(
        fixed.matches('\n').count(),
        fixed.matches("\r\n").count(),
        "every line still ends in CRLF"
    );
    let after = findings(dir.path(), &[]);
    assert!(!after.iter().any(|f| f["code"] == "SCH002"), "{after:?}");
}

/// The Windows build (cross-compiled for x86_64-pc-windows-gnu) under wine: the demo with
/// CRLF files, given with `\` in its path, checks with the same findings as the native
/// build, with `/` in the paths reported and no colour codes; a file named by a relative `\`
/// path is checked alone; a reader that stops early is not an error. Skipped where wine or
/// the build is absent, except in CI, which builds it (`.ci/run`).
#[test]
fn the_windows_build_checks_the_demo_under_wine() {
    let exe = root().join("target/x86_64-pc-windows-gnu/debug/grclint.exe");
    let exe = std::env::var_os("GRCLINT_WINDOWS_EXE").map_or(exe, PathBuf::from);
    if !have("wine", "--version") || !exe.exists() {
        assert!(
            std::env::var_os("GRCLINT_WINDOWS_EXE").is_none(),
            "GRCLINT_WINDOWS_EXE is set but wine or {} is missing",
            exe.display()
        );
        return;
    }
    let dir = every_stage();
    to_crlf(dir.path());
    let out = Command::new("bash")
        .arg(root().join("tests/clients/windows.sh"))
        .arg(&exe)
        .arg(dir.path())
        .arg(TODAY)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out));
    let stdout = String::from_utf8(out.stdout).unwrap();
    let (json, rest) = stdout
        .split_once("\n--- human\n")
        .expect("the script prints the json, then the human report");
    let (human, one_file) = rest
        .split_once("\n--- file\n")
        .expect("then the report on one file");
    let v: Value = serde_json::from_str(json).expect("json from the Windows build");
    assert_eq!(without_offsets(&v), findings(dir.path(), &[]));
    assert!(!human.contains('\u{1b}'), "no colour codes: {human}");
    assert!(human.contains("assets/ledger.yaml"), "{human}");
    assert!(!human.contains("assets\\ledger.yaml"), "{human}");
    // `assets\ledger.yaml` from inside the repository: that file's findings, with `/`.
    assert!(!one_file.is_empty());
    for l in one_file.lines() {
        assert!(l.starts_with("assets/ledger.yaml:"), "{one_file}");
    }
}
