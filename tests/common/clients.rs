//! Helpers for the tests that feed grclint's output to real clients.

use super::*;
use serde_json::Value;
use std::path::PathBuf;
use std::process::{Command, Output};

/// Whether `program` runs; in CI a missing client is a failure, not a skip.
pub fn have(program: &str, version_arg: &str) -> bool {
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

pub fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// The folder npm installs global packages in.
pub fn npm_root() -> Option<PathBuf> {
    let o = Command::new("npm").args(["root", "-g"]).output().ok()?;
    Some(PathBuf::from(String::from_utf8(o.stdout).ok()?.trim()))
}

/// The demo with findings in a folder and file named in Japanese with `%` and spaces, and
/// no incident plan (IRP001, a finding about the whole repository).
pub fn hostile_paths_repo() -> tempfile::TempDir {
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

pub fn json_of(run: &Run) -> Value {
    serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {}", run.stdout))
}
