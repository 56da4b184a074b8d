#![allow(dead_code)]
//! Shared helpers: run the real binary on fixture trees, with the date pinned.

pub mod clients;

use assert_cmd::Command;
use std::path::{Path, PathBuf};

pub const TODAY: &str = "2026-11-01";

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn grclint() -> Command {
    let mut c = Command::cargo_bin("grclint").expect("the binary builds");
    c.env_remove("GRCLINT_TODAY").env("NO_COLOR", "1");
    // The cache of `check` is the tests' own, shared by them (so that most runs are warm
    // ones and must print what cold ones do), never the user's.
    let cache = Path::new(env!("CARGO_TARGET_TMPDIR")).join("cache");
    c.env("XDG_CACHE_HOME", cache);
    // The language must not follow the machine's locale: a test that wants one sets it.
    for k in ["LANG", "LC_ALL", "LC_MESSAGES", "LANGUAGE"] {
        c.env_remove(k);
    }
    c
}

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// `grclint check DIR --today … --color never ARGS…`
pub fn check(dir: &Path, args: &[&str]) -> Run {
    let out = grclint()
        .arg("check")
        .arg(dir)
        .args(["--today", TODAY, "--color", "never"])
        .args(args)
        .output()
        .expect("grclint runs");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8(out.stdout).expect("utf-8 stdout"),
        stderr: String::from_utf8(out.stderr).expect("utf-8 stderr"),
    }
}

/// The demo with three findings: an overdue inventory (AST001), a WEP network (NET001) and
/// an owner who is not in the personnel ledger (REF001).
pub fn demo_with_findings() -> tempfile::TempDir {
    let dir = copy_tree(&root().join("fixtures/demo"));
    let ledger = dir.path().join("assets/ledger.yaml");
    edit(
        &ledger,
        "last_inventory: 2026-04-15",
        "last_inventory: 2024-04-15",
    );
    edit(
        &dir.path().join("networks/meeting-room-wifi.yaml"),
        "security: wpa3",
        "security: wep",
    );
    edit(&ledger, "person: P-005", "person: P-099");
    dir
}

/// Copies a fixture tree into a fresh temporary folder.
pub fn copy_tree(from: &Path) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temp dir");
    copy_dir(from, dir.path());
    dir
}

pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let dest = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &dest);
        } else {
            std::fs::copy(e.path(), &dest).unwrap();
        }
    }
}

pub fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(
        text.contains(from),
        "{} does not contain {from:?}",
        path.display()
    );
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

pub fn write(path: &Path, text: &str) {
    if let Some(p) = path.parent() {
        std::fs::create_dir_all(p).unwrap();
    }
    std::fs::write(path, text).unwrap();
}

/// Makes `dir` a git repository with everything in it committed.
pub fn commit_all(dir: &Path) {
    git(dir, &["init", "-q", "-b", "main"]);
    git(dir, &["add", "-A"]);
    git(dir, &["commit", "-q", "-m", "records"]);
}

/// Runs git in `dir` as a throwaway committer; fails the test if git fails.
pub fn git(dir: &Path, args: &[&str]) {
    let st = std::process::Command::new("git")
        .args([
            "-c",
            "user.name=grclint test",
            "-c",
            "user.email=test@example.invalid",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .current_dir(dir)
        .output()
        .expect("git runs");
    assert!(
        st.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&st.stderr)
    );
}

/// English prose left in a Japanese text: three or more lowercase English words in a row,
/// outside code spans, quotes and paths (which are written as the file has them).
pub fn english_prose(text: &str) -> Option<String> {
    let mut plain = String::new();
    let mut quoted = None;
    for c in text.chars() {
        match (quoted, c) {
            (None, '`' | '"' | '「') => quoted = Some(if c == '「' { '」' } else { c }),
            (Some(q), c) if c == q => quoted = None,
            (Some(_), _) => {}
            (None, c) => plain.push(c),
        }
    }
    let mut run: Vec<&str> = Vec::new();
    for w in plain.split(' ') {
        if w.len() >= 2 && w.chars().all(|c| c.is_ascii_lowercase()) {
            run.push(w);
            if run.len() >= 3 {
                return Some(run.join(" "));
            }
        } else {
            run.clear();
        }
    }
    None
}
