//! Hostile input: every input class of the hardening issue, each in a scratch repository
//! beside a known-bad record in another file, so that each test also shows the rest of the
//! repository is still checked. Big inputs are generated here, not committed.
//!
//! Each run must exit 0 or 1 (2 only where a configuration is bad), within seconds, never
//! panic, and give its finding at the right line and column or skip the input as the README
//! documents. Where `strace` works, the tests also check which files grclint opened.

mod common;
use common::*;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// A record that always gives NET002 at networks/bad.yaml:4:30.
const BAD_NETWORK: &str = "id: NET-900\nname: x\ntype: wired\ndefault_credentials_changed: false\n";

/// A scratch repository: a config and the known-bad network record.
fn repo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temp dir");
    write(&dir.path().join(".grclint.yaml"), "today: 2026-11-01\n");
    write(&dir.path().join("networks/bad.yaml"), BAD_NETWORK);
    dir
}

fn write_bytes(path: &Path, bytes: &[u8]) {
    if let Some(p) = path.parent() {
        std::fs::create_dir_all(p).unwrap();
    }
    std::fs::write(path, bytes).unwrap();
}

#[derive(Debug)]
struct Finding {
    path: String,
    line: u64,
    column: u64,
    code: String,
    message: String,
    suppressed: bool,
}

struct Outcome {
    code: i32,
    findings: Vec<Finding>,
    #[cfg_attr(not(unix), allow(dead_code))]
    stderr: String,
}

impl Outcome {
    /// The findings in one file.
    fn in_file(&self, path: &str) -> Vec<&Finding> {
        self.findings.iter().filter(|f| f.path == path).collect()
    }

    /// Asserts a finding of `code` at `path:line:column` and returns it.
    fn at(&self, path: &str, line: u64, column: u64, code: &str) -> &Finding {
        self.findings
            .iter()
            .find(|f| f.path == path && f.line == line && f.column == column && f.code == code)
            .unwrap_or_else(|| {
                panic!(
                    "no {code} at {path}:{line}:{column}; found:\n{:#?}",
                    self.in_file(path)
                )
            })
    }

    /// Asserts that nothing was reported in `path`.
    fn silent_on(&self, path: &str) {
        assert!(
            self.in_file(path).is_empty(),
            "{path} gave {:#?}",
            self.in_file(path)
        );
    }

    /// The known-bad record of the other file is still reported: the run went on.
    fn rest_checked(&self) {
        self.at("networks/bad.yaml", 4, 30, "NET002");
    }
}

/// `grclint check DIR --format json` with the date pinned; the repository-level findings of a
/// scratch repository (no incident plan, no policy) are left out.
fn run(dir: &Path, args: &[&str]) -> Outcome {
    let start = Instant::now();
    let out = grclint()
        .arg("check")
        .arg(dir)
        .args(["--today", TODAY, "--color", "never", "--format", "json"])
        .args(["--ignore", "IRP001,POL004"])
        .args(args)
        .timeout(Duration::from_secs(120))
        .output()
        .expect("grclint runs");
    let took = start.elapsed();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let code = out.status.code().unwrap_or(-1);
    assert!(
        code == 0 || code == 1,
        "exit {code} after {took:?} (killed by the timeout or a signal if -1)\n{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(took < Duration::from_secs(60), "took {took:?}");
    Outcome {
        code,
        findings: parse(&out.stdout),
        stderr,
    }
}

/// `grclint check DIR --today … ARGS…`, which must stop with exit 2 within its bound: what
/// it said on standard error.
fn stopped<S: AsRef<std::ffi::OsStr>>(dir: &Path, args: impl IntoIterator<Item = S>) -> String {
    let out = grclint()
        .arg("check")
        .arg(dir)
        .args(["--today", TODAY])
        .args(args)
        .timeout(Duration::from_secs(20))
        .output()
        .expect("grclint runs");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    stderr
}

fn parse(stdout: &[u8]) -> Vec<Finding> {
    let json: serde_json::Value = serde_json::from_slice(stdout).expect("JSON output");
    json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| Finding {
            path: f["path"].as_str().unwrap_or("").to_owned(),
            line: f["line"].as_u64().unwrap_or(0),
            column: f["column"].as_u64().unwrap_or(0),
            code: f["code"].as_str().unwrap().to_owned(),
            message: f["message"].as_str().unwrap().to_owned(),
            suppressed: f["suppressed"] == true,
        })
        .collect()
}

// ---------------------------------------------------------------------------------------
// strace, where it works: which files a run opened, and how.

fn strace_works() -> bool {
    std::process::Command::new("strace")
        .args(["-f", "-qq", "-o", "/dev/null", "true"])
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Runs grclint under strace; returns its exit code and the trace of file, process and
/// network calls. None when strace is not available (the caller skips its checks).
fn traced(dir: &Path, args: &[&str]) -> Option<(i32, String)> {
    if !strace_works() {
        eprintln!("strace is not available: the system-call checks are skipped");
        return None;
    }
    let log = tempfile::NamedTempFile::new().unwrap();
    // `check` keeps its cache outside the repository: what it does there is left out.
    let cache = tempfile::tempdir().unwrap();
    let out = std::process::Command::new("strace")
        .args(["-f", "-qq", "-s", "4096", "-o"])
        .arg(log.path())
        .args([
            "-e",
            "trace=open,openat,creat,connect,socket,execve,rename,renameat,renameat2,unlink,unlinkat,mkdir,mkdirat",
        ])
        .arg(env!("CARGO_BIN_EXE_grclint"))
        .args(args)
        .arg(dir)
        .args(["--today", TODAY])
        .env_remove("GRCLINT_TODAY")
        .env("NO_COLOR", "1")
        .env("XDG_CACHE_HOME", cache.path())
        .output()
        .unwrap();
    let trace = std::fs::read_to_string(log.path()).unwrap();
    let cache = cache.path().to_string_lossy().into_owned();
    // A call another thread interrupted ends on a line of its own, without the path.
    let trace: String = trace
        .lines()
        .filter(|l| !l.contains(&cache) && !l.contains(" resumed>"))
        .map(|l| format!("{l}\n"))
        .collect();
    Some((out.status.code().unwrap_or(-1), trace))
}

/// The lines of a trace that open a file for writing.
fn opened_for_writing(trace: &str) -> Vec<&str> {
    trace
        .lines()
        .filter(|l| {
            (l.contains("open") || l.contains("creat("))
                && (l.contains("O_WRONLY") || l.contains("O_RDWR") || l.contains("O_CREAT"))
        })
        .collect()
}

// ---------------------------------------------------------------------------------------
// Limits

#[test]
fn a_file_over_the_size_limit_is_refused_unread() {
    let dir = repo();
    // A sparse 17 MiB file: refused from its size alone.
    let big = dir.path().join("assets/big.yaml");
    write_bytes(&big, b"");
    std::fs::File::options()
        .write(true)
        .open(&big)
        .unwrap()
        .set_len(17 * 1024 * 1024)
        .unwrap();
    // The limit comes from the config too.
    write(
        &dir.path().join(".grclint.yaml"),
        "today: 2026-11-01\nlimits: {max_file_size: 16777216}\n",
    );
    let out = run(dir.path(), &[]);
    let f = out.at("assets/big.yaml", 1, 1, "YAML003");
    assert!(f.message.contains("`max_file_size`"), "{}", f.message);
    assert_eq!(out.in_file("assets/big.yaml").len(), 1);
    out.rest_checked();
    assert_eq!(out.code, 1);

    write(
        &dir.path().join(".grclint.yaml"),
        "today: 2026-11-01\nlimits: {max_file_size: 40}\n",
    );
    write(
        &dir.path().join("assets/small.yaml"),
        "id: A-1\nname: just over forty bytes long\n",
    );
    let out = run(dir.path(), &[]);
    out.at("assets/small.yaml", 1, 1, "YAML003");
    // NET002's file is 67 bytes: refused as well, at its first line.
    out.at("networks/bad.yaml", 1, 1, "YAML003");
}

#[test]
fn nesting_is_refused_before_the_stack_can_overflow() {
    let dir = repo();
    write(&dir.path().join("assets/flow.yaml"), &"[".repeat(100_000));
    write(
        &dir.path().join("assets/flow-map.yaml"),
        &"{a: ".repeat(100_000),
    );
    write(&dir.path().join("assets/block.yaml"), &"- ".repeat(100_000));
    let mut indented = String::new();
    for i in 0..300 {
        indented.push_str(&" ".repeat(i));
        indented.push_str("k:\n");
    }
    write(&dir.path().join("assets/indented.yaml"), &indented);
    let out = run(dir.path(), &[]);
    // Flow collections nest at most 255 deep in the parser itself, whatever the limit.
    out.at("assets/flow.yaml", 1, 256, "YAML003");
    out.at("assets/flow-map.yaml", 1, 1021, "YAML003");
    // Block collections meet `max_depth` (256): the 257th level.
    out.at("assets/block.yaml", 1, 513, "YAML003");
    let f = out.at("assets/indented.yaml", 257, 257, "YAML003");
    assert!(f.message.contains("`max_depth`"), "{}", f.message);
    out.rest_checked();

    write(
        &dir.path().join(".grclint.yaml"),
        "today: 2026-11-01\nlimits: {max_depth: 3}\n",
    );
    write(
        &dir.path().join("assets/shallow.yaml"),
        "a: [[1]]\nb: [[[1]]]\n",
    );
    let out = run(dir.path(), &[]);
    out.at("assets/shallow.yaml", 2, 6, "YAML003");
    out.rest_checked();
}

#[test]
fn aliases_cannot_blow_up_memory() {
    let dir = repo();
    // A billion laughs: each level ten aliases of the one before.
    let mut laughs = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
    let mut prev = 'a';
    for c in 'b'..='i' {
        let aliases = vec![format!("*{prev}"); 10].join(", ");
        laughs.push_str(&format!("{c}: &{c} [{aliases}]\n"));
        prev = c;
    }
    write(&dir.path().join("assets/laughs.yaml"), &laughs);
    // One big scalar, repeated: few nodes, much text.
    let big = format!(
        "a: &s \"{}\"\nb: [{}]\n",
        "x".repeat(1_000_000),
        vec!["*s"; 100].join(", ")
    );
    write(&dir.path().join("assets/big-text.yaml"), &big);
    // Two hundred nested anchors over a long list: nothing is copied two hundred times.
    let mut nested = format!("[{}]", vec!["x"; 100_000].join(","));
    for i in 0..200 {
        nested = format!("&n{i} [{nested}]");
    }
    write(
        &dir.path().join("assets/nested-anchors.yaml"),
        &format!("a: {nested}\nb: *n199\n"),
    );
    // The alias budget holds for the whole file, not for each document.
    let mut docs = String::new();
    for _ in 0..300 {
        docs.push_str("---\na: &a [x, x, x, x, x, x, x, x, x, x]\n");
        docs.push_str("b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n");
        docs.push_str("c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n");
        docs.push_str("d: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n");
    }
    write(&dir.path().join("assets/many-documents.yaml"), &docs);
    let out = run(dir.path(), &[]);

    // a: 11 nodes; b: 10 × 11; c: 10 × 111; d: 10 × 1111; e: 10 × 11111 passes 100000 at
    // its eighth alias.
    let f = out.at("assets/laughs.yaml", 5, 36, "YAML003");
    assert!(f.message.contains("`max_alias_expansion`"), "{}", f.message);
    // 100 × 1 MB of text passes 16 MiB at the seventeenth alias.
    let f = out.at("assets/big-text.yaml", 2, 69, "YAML003");
    assert!(f.message.contains("bytes of text"), "{}", f.message);
    let f = out.at("assets/nested-anchors.yaml", 2, 4, "YAML003");
    assert!(f.message.contains("too large to copy"), "{}", f.message);
    // Each document expands 12330 nodes: the ninth passes 100000 at the first alias of its `d`.
    let f = out.at("assets/many-documents.yaml", 9 * 5, 5, "YAML003");
    assert!(f.message.contains("`max_alias_expansion`"), "{}", f.message);
    out.rest_checked();
}

#[test]
fn documents_and_records_per_file_are_limited_where_they_pass_the_limit() {
    let dir = repo();
    write(
        &dir.path().join("assets/documents.yaml"),
        &"---\n- {id: A-1}\n".repeat(1001),
    );
    // 200,001 ledger entries: the default `max_records` is 200,000.
    write(
        &dir.path().join("assets/records.yaml"),
        &"- {}\n".repeat(200_001),
    );
    let out = run(dir.path(), &[]);
    let f = out.at("assets/documents.yaml", 2001, 1, "YAML003");
    assert!(f.message.contains("`max_documents`"), "{}", f.message);
    let f = out.at("assets/records.yaml", 200_001, 3, "YAML003");
    assert!(f.message.contains("`max_records`"), "{}", f.message);
    // A refused file is not checked further.
    assert_eq!(out.in_file("assets/records.yaml").len(), 1);
    out.rest_checked();

    write(
        &dir.path().join(".grclint.yaml"),
        "today: 2026-11-01\nlimits: {max_documents: 2, max_records: 3}\n",
    );
    write(
        &dir.path().join("assets/ledger.yaml"),
        "- id: A-1\n- id: A-2\n- {id: A-3}\n-   id: A-4\n- id: A-5\n",
    );
    write(
        &dir.path().join("assets/three.yaml"),
        "---\n{}\n---\n{}\n---\n{}\n",
    );
    let out = run(dir.path(), &[]);
    out.at("assets/ledger.yaml", 4, 5, "YAML003");
    out.at("assets/three.yaml", 5, 1, "YAML003");
    out.rest_checked();
}

// ---------------------------------------------------------------------------------------
// Encodings and bytes

#[test]
fn invalid_utf8_is_refused_naming_the_byte_offset() {
    let dir = repo();
    write_bytes(
        &dir.path().join("assets/latin1.yaml"),
        b"id: A-1\nname: Caf\xe9 du march\xe9\n",
    );
    let out = run(dir.path(), &[]);
    let f = out.at("assets/latin1.yaml", 2, 10, "YAML003");
    assert!(f.message.contains("byte offset 17"), "{}", f.message);
    assert_eq!(out.in_file("assets/latin1.yaml").len(), 1);
    out.rest_checked();
}

#[test]
fn a_utf8_bom_is_accepted_and_columns_start_after_it() {
    let dir = repo();
    write_bytes(
        &dir.path().join("assets/bom.yaml"),
        "\u{feff}id: A-1\nname: 顧客リスト\nmedium: floppy\n".as_bytes(),
    );
    let out = run(dir.path(), &[]);
    out.at("assets/bom.yaml", 3, 9, "SCH003");
    // The record's head, blamed for a missing field, is the first column an editor shows.
    out.at("assets/bom.yaml", 1, 1, "SCH001");
    assert!(
        !out.in_file("assets/bom.yaml")
            .iter()
            .any(|f| f.code.starts_with("YAML"))
    );
    out.rest_checked();
}

#[test]
fn utf16_is_refused_and_says_so() {
    let dir = repo();
    let text = "id: A-1\nname: 顧客リスト\n";
    let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
    write_bytes(
        &dir.path().join("assets/le-bom.yaml"),
        &[&[0xFF, 0xFE], &le[..]].concat(),
    );
    write_bytes(
        &dir.path().join("assets/be-bom.yaml"),
        &[&[0xFE, 0xFF], &be[..]].concat(),
    );
    write_bytes(&dir.path().join("assets/le.yaml"), &le);
    write_bytes(&dir.path().join("assets/be.yaml"), &be);
    let out = run(dir.path(), &[]);
    for name in ["le-bom", "be-bom", "le", "be"] {
        let path = format!("assets/{name}.yaml");
        let f = out.at(&path, 1, 1, "YAML003");
        assert!(f.message.contains("UTF-16"), "{}", f.message);
        assert_eq!(out.in_file(&path).len(), 1);
    }
    out.rest_checked();
}

#[test]
fn nul_bytes_are_a_syntax_error_at_the_byte() {
    let dir = repo();
    write_bytes(
        &dir.path().join("assets/nul.yaml"),
        b"id: A-1\nname: a\x00b\n",
    );
    write_bytes(&dir.path().join("assets/nul-first.yaml"), b"\x00id: A-1\n");
    let out = run(dir.path(), &[]);
    out.at("assets/nul.yaml", 2, 8, "YAML001");
    out.at("assets/nul-first.yaml", 1, 1, "YAML001");
    out.rest_checked();
}

#[test]
fn crlf_and_lone_cr_end_lines() {
    let dir = repo();
    write(
        &dir.path().join("assets/crlf.yaml"),
        "id: A-1\r\nname: x\r\nmedium: floppy\r\n",
    );
    write(
        &dir.path().join("assets/cr.yaml"),
        "id: A-2\rname: x\rmedium: floppy\r",
    );
    let out = run(dir.path(), &[]);
    out.at("assets/crlf.yaml", 3, 9, "SCH003");
    out.at("assets/cr.yaml", 3, 9, "SCH003");
    out.rest_checked();
}

#[test]
fn tabs_in_indentation_are_blamed_on_the_tab() {
    let dir = repo();
    write(
        &dir.path().join("assets/tabs.yaml"),
        "id: A-1\nowner:\n\tperson: P-001\n",
    );
    // A tab inside a value is fine.
    write(
        &dir.path().join("assets/tab-value.yaml"),
        "id: A-2\nname: a\tb\nmedium: floppy\n",
    );
    let out = run(dir.path(), &[]);
    let f = out.at("assets/tabs.yaml", 3, 1, "YAML001");
    assert!(f.message.contains("tab"), "{}", f.message);
    // The fix is certain, so the record is read as meant: its other findings are its own.
    let tabs = out.in_file("assets/tabs.yaml");
    assert_eq!(tabs.iter().filter(|f| f.code == "YAML001").count(), 1);
    assert!(tabs.iter().any(|f| f.code == "SCH001"), "{tabs:#?}");
    out.at("assets/tab-value.yaml", 3, 9, "SCH003");
    out.rest_checked();
}

#[test]
fn a_final_line_without_newline() {
    let dir = repo();
    write(
        &dir.path().join("assets/no-eol.yaml"),
        "id: A-1\nmedium: floppy",
    );
    let out = run(dir.path(), &[]);
    out.at("assets/no-eol.yaml", 2, 9, "SCH003");
    out.rest_checked();
}

#[test]
fn one_megabyte_lines() {
    let dir = repo();
    let long = "x".repeat(1_000_000);
    write(
        &dir.path().join("assets/long.yaml"),
        &format!("id: A-1\nname: {long}\nmedium: floppy\n"),
    );
    let wide = "管".repeat(1_000_000);
    write(
        &dir.path().join("assets/wide.yaml"),
        &format!("id: A-2\nname: {wide}\nmedium: floppy\n"),
    );
    write(
        &dir.path().join("assets/long-value.yaml"),
        &format!("id: A-3\nmedium: {long}\n"),
    );
    let out = run(dir.path(), &[]);
    out.at("assets/long.yaml", 3, 9, "SCH003");
    out.at("assets/wide.yaml", 3, 9, "SCH003");
    out.at("assets/long-value.yaml", 2, 9, "SCH003");
    out.rest_checked();
}

#[test]
fn empty_and_comment_only_files_hold_no_records() {
    let dir = repo();
    write(&dir.path().join("assets/empty.yaml"), "");
    write(&dir.path().join("assets/blank.yaml"), "\n\n   \n");
    write(
        &dir.path().join("assets/comments.yaml"),
        "# 情報資産管理台帳\n# (none yet)\n",
    );
    write(&dir.path().join("assets/markers.yaml"), "---\n...\n---\n");
    let out = run(dir.path(), &[]);
    for f in ["empty", "blank", "comments", "markers"] {
        out.silent_on(&format!("assets/{f}.yaml"));
    }
    out.rest_checked();
}

// ---------------------------------------------------------------------------------------
// The file system

#[cfg(unix)]
#[test]
fn symlink_loops_are_not_followed() {
    let dir = repo();
    let assets = dir.path().join("assets");
    std::fs::create_dir_all(assets.join("loop")).unwrap();
    std::os::unix::fs::symlink("b.yaml", assets.join("a.yaml")).unwrap();
    std::os::unix::fs::symlink("a.yaml", assets.join("b.yaml")).unwrap();
    std::os::unix::fs::symlink("..", assets.join("loop/up")).unwrap();
    std::os::unix::fs::symlink(&assets, assets.join("loop/again")).unwrap();
    write(&assets.join("real.yaml"), "id: A-1\nmedium: floppy\n");
    let out = run(dir.path(), &[]);
    out.at("assets/real.yaml", 2, 9, "SCH003");
    assert!(
        out.findings
            .iter()
            .all(|f| f.path == "assets/real.yaml" || f.path == "networks/bad.yaml"),
        "{:#?}",
        out.findings
    );
    out.rest_checked();
}

#[cfg(unix)]
#[test]
fn symlinks_out_of_the_repository_are_not_followed() {
    let top = tempfile::tempdir().unwrap();
    let outside = top.path().join("outside");
    write(
        &outside.join("secret.yaml"),
        "id: SECRET-RECORD\nmedium: floppy\n",
    );
    let root = top.path().join("repo");
    write(&root.join(".grclint.yaml"), "today: 2026-11-01\n");
    write(&root.join("networks/bad.yaml"), BAD_NETWORK);
    std::fs::create_dir_all(root.join("assets")).unwrap();
    std::os::unix::fs::symlink(outside.join("secret.yaml"), root.join("assets/file.yaml")).unwrap();
    std::os::unix::fs::symlink(&outside, root.join("assets/folder")).unwrap();
    let out = run(&root, &["--verbose"]);
    assert!(
        out.findings.iter().all(|f| f.path == "networks/bad.yaml"),
        "{:#?}",
        out.findings
    );
    // Not even listed as skipped: a symlink is never a candidate.
    assert!(!out.stderr.contains("assets/"), "{}", out.stderr);
    out.rest_checked();
    if let Some((code, trace)) = traced(&root, &["check"]) {
        assert_eq!(code, 1);
        assert!(!trace.contains("secret.yaml"), "{trace}");
    }
}

#[cfg(unix)]
#[test]
fn fifos_sockets_and_devices_are_skipped_unopened() {
    let dir = repo();
    let assets = dir.path().join("assets");
    std::fs::create_dir_all(&assets).unwrap();
    let fifo = std::process::Command::new("mkfifo")
        .arg(assets.join("fifo.yaml"))
        .status()
        .unwrap();
    assert!(fifo.success());
    let _socket = std::os::unix::net::UnixListener::bind(assets.join("socket.yaml")).unwrap();
    // Only root may make a device file: tried, and skipped where it fails.
    let device = std::process::Command::new("mknod")
        .arg(assets.join("device.yaml"))
        .args(["c", "1", "3"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !device {
        eprintln!("mknod is not permitted here: no device file is tried");
    }
    write(&assets.join("real.yaml"), "id: A-1\nmedium: floppy\n");
    // Opening the FIFO would block until the timeout: the run must end at once.
    let out = run(dir.path(), &[]);
    out.at("assets/real.yaml", 2, 9, "SCH003");
    for f in ["fifo", "socket", "device"] {
        out.silent_on(&format!("assets/{f}.yaml"));
    }
    out.rest_checked();
    if let Some((code, trace)) = traced(dir.path(), &["check"]) {
        assert_eq!(code, 1);
        for f in ["fifo.yaml", "socket.yaml", "device.yaml"] {
            assert!(!trace.contains(f), "{f} was touched:\n{trace}");
        }
    }
}

#[cfg(unix)]
#[test]
fn unreadable_files_and_folders_are_findings() {
    use std::os::unix::fs::PermissionsExt;
    let dir = repo();
    let file = dir.path().join("assets/locked.yaml");
    write(&file, "id: A-1\n");
    let folder = dir.path().join("assets/locked");
    write(&folder.join("ledger.yaml"), "id: A-2\n");
    let mode = |p: &Path, m: u32| std::fs::set_permissions(p, std::fs::Permissions::from_mode(m));
    mode(&file, 0o000).unwrap();
    mode(&folder, 0o000).unwrap();
    let check_findings = |out: &Outcome| {
        let f = out.at("assets/locked.yaml", 1, 1, "YAML003");
        assert!(f.message.contains("cannot read"), "{}", f.message);
        let f = out.at("assets/locked", 1, 1, "YAML003");
        assert!(
            f.message.contains("cannot read the folder"),
            "{}",
            f.message
        );
        out.rest_checked();
    };
    let out = run(dir.path(), &[]);
    out.rest_checked();
    if std::fs::read(&file).is_err() {
        check_findings(&out);
    } else {
        // Root reads whatever the mode says: run grclint as `nobody` where setpriv can.
        mode(dir.path(), 0o755).unwrap();
        let nobody = std::process::Command::new("setpriv")
            .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .arg(env!("CARGO_BIN_EXE_grclint"))
            .arg("check")
            .arg(dir.path())
            .args([
                "--today",
                TODAY,
                "--format",
                "json",
                "--ignore",
                "IRP001,POL004",
            ])
            .output();
        match nobody {
            Ok(o) if o.status.code() == Some(1) => check_findings(&Outcome {
                code: 1,
                findings: parse(&o.stdout),
                stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
            }),
            // Skipped only when setpriv itself cannot run (missing, or not permitted here).
            Err(e) => eprintln!("running as root and setpriv cannot start ({e}): not checked"),
            Ok(o)
                if matches!(o.status.code(), Some(126 | 127))
                    || String::from_utf8_lossy(&o.stderr).starts_with("setpriv:") =>
            {
                eprintln!("running as root and setpriv is refused here: not checked")
            }
            Ok(o) => panic!(
                "grclint as nobody exited {:?}: {}",
                o.status.code(),
                String::from_utf8_lossy(&o.stderr)
            ),
        }
    }
    mode(&folder, 0o755).unwrap();
    mode(&file, 0o644).unwrap();
}

#[cfg(unix)]
/// A file found by discovery may be gone, or replaced, by the time it is read.
#[test]
fn a_file_deleted_or_replaced_during_the_run() {
    use grclint::load::{Limits, read_file};
    use grclint::source::FileId;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("gone.yaml");
    let refused = |p: &Path| {
        let (_, d) = *read_file("assets/x.yaml", p, FileId(0), &Limits::default()).unwrap_err();
        assert_eq!(d.code, "YAML003");
        assert_eq!(d.primary.map(|s| s.start), Some(0));
        d.message
    };
    // Deleted.
    assert!(refused(&path).contains("cannot read"));
    // Replaced by a symlink out of the repository: not followed.
    write(&dir.path().join("secret.yaml"), "id: SECRET\n");
    std::os::unix::fs::symlink(dir.path().join("secret.yaml"), &path).unwrap();
    assert!(refused(&path).contains("no longer a regular file"));
    std::fs::remove_file(&path).unwrap();
    // Replaced by a FIFO: never opened, so the read cannot block.
    let fifo = std::process::Command::new("mkfifo")
        .arg(&path)
        .status()
        .unwrap();
    assert!(fifo.success());
    let (tx, rx) = std::sync::mpsc::channel();
    let p = path.clone();
    std::thread::spawn(move || tx.send(refused(&p)).unwrap());
    let message = rx
        .recv_timeout(Duration::from_secs(20))
        .expect("reading a FIFO must not block");
    assert!(message.contains("no longer a regular file"), "{message}");

    // And for real: files come and go while grclint runs, again and again.
    let repo = repo();
    let assets = repo.path().join("assets");
    std::fs::create_dir_all(&assets).unwrap();
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let churn = {
        let stop = stop.clone();
        let assets = assets.clone();
        std::thread::spawn(move || {
            let mut i = 0u64;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                let p = assets.join(format!("churn-{}.yaml", i % 50));
                let _ = std::fs::remove_file(&p);
                if i.is_multiple_of(3) {
                    let _ = std::os::unix::fs::symlink("/etc/hostname", &p);
                } else {
                    let _ = std::fs::write(&p, format!("id: A-{i}\nmedium: floppy\n"));
                }
                i += 1;
            }
        })
    };
    for _ in 0..8 {
        let out = run(repo.path(), &[]);
        out.rest_checked();
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    churn.join().unwrap();
}

#[test]
fn paths_with_spaces_and_non_ascii_names() {
    let dir = repo();
    write(
        &dir.path().join("assets/情報 資産/台帳 2026 (本社).yaml"),
        "id: A-1\nmedium: floppy\n",
    );
    write(
        &dir.path().join("assets/ünïcödé name.yml"),
        "id: A-2\nmedium: floppy\n",
    );
    let out = run(dir.path(), &[]);
    out.at("assets/情報 資産/台帳 2026 (本社).yaml", 2, 9, "SCH003");
    out.at("assets/ünïcödé name.yml", 2, 9, "SCH003");
    out.rest_checked();
}

// ---------------------------------------------------------------------------------------
// Paths inside records

#[cfg(unix)]
const POLICY: &str = "id: {id}
title: 方針 {id}
type: procedure
owner: P-001
approved_by: P-001
approved_on: 2026-04-01
version: \"1.0\"
next_review: 2027-03-31
document: {document}
";

#[cfg(unix)]
const PLAN: &str = "id: {id}
system: A-002
owner: P-001
max_downtime: 48h
backup:
  frequency: 1d
  last_success: 2026-10-31
  offsite: true
restore:
  estimated: 8h
  last_test: 2026-09-27
manual_procedure: {document}
vendor_support:
  response_time: 4h
placement:
  secured_against_falling: true
  ups: true
  restricted_room: true
";

#[cfg(unix)]
#[test]
fn paths_in_records_stay_inside_the_repository_and_are_never_read() {
    let top = tempfile::tempdir().unwrap();
    let outside = top.path().join("outside");
    write(&outside.join("secret.md"), "top secret\n");
    let root = top.path().join("repo");
    write(&root.join(".grclint.yaml"), "today: 2026-11-01\n");
    write(&root.join("networks/bad.yaml"), BAD_NETWORK);
    write(&root.join("handbook/inside.md"), "# inside\n");
    std::fs::create_dir_all(root.join("policies")).unwrap();
    std::os::unix::fs::symlink(&outside, root.join("policies/linked")).unwrap();
    let secret = outside.join("secret.md");
    let cases = [
        ("POL-001", "../../outside/secret.md".to_owned()),
        ("POL-002", secret.display().to_string()),
        ("POL-003", "linked/secret.md".to_owned()),
        ("POL-004", "'C:\\Windows\\win.ini'".to_owned()),
        ("POL-005", "../handbook/inside.md".to_owned()),
        ("POL-006", "docs/missing.md".to_owned()),
    ];
    for (id, document) in &cases {
        write(
            &root.join(format!("policies/{id}.yaml")),
            &POLICY.replace("{id}", id).replace("{document}", document),
        );
    }
    write(
        &root.join("continuity/plan.yaml"),
        &PLAN
            .replace("{id}", "BCP-001")
            .replace("{document}", "../../outside/secret.md"),
    );
    let out = run(&root, &[]);
    for id in ["POL-001", "POL-002", "POL-003", "POL-004"] {
        let f = out.at(&format!("policies/{id}.yaml"), 9, 11, "POL003");
        assert!(
            f.message.contains("points outside the repository"),
            "{id}: {}",
            f.message
        );
    }
    assert!(
        !out.in_file("policies/POL-005.yaml")
            .iter()
            .any(|f| f.code == "POL003")
    );
    let f = out.at("policies/POL-006.yaml", 9, 11, "POL003");
    assert!(
        f.message.contains("does not exist in the repository"),
        "{}",
        f.message
    );
    let f = out.at("continuity/plan.yaml", 12, 19, "BCP007");
    assert!(
        f.message.contains("points outside the repository"),
        "{}",
        f.message
    );
    out.rest_checked();
    if let Some((_, trace)) = traced(&root, &["check"]) {
        let opened: Vec<&str> = trace
            .lines()
            .filter(|l| l.contains("open") && (l.contains("secret.md") || l.contains(".md\"")))
            .collect();
        assert!(opened.is_empty(), "{opened:#?}");
    }
}

// ---------------------------------------------------------------------------------------
// No network, no writes

#[test]
fn schema_refs_are_never_fetched() {
    let dir = repo();
    write(
        &dir.path().join(".grclint.yaml"),
        "today: 2026-11-01\nschemas: [schemas/]\n",
    );
    write(
        &dir.path().join("schemas/widget.schema.json"),
        r#"{"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object",
  "properties": {"a": {"$ref": "https://example.invalid/evil.json"},
                 "b": {"$ref": "file:///etc/passwd"}}}"#,
    );
    write(&dir.path().join("widgets/w.yaml"), "kind: widget\na: 1\n");
    let run = check(dir.path(), &[]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("CFG003"), "{}", run.stderr);
    assert!(run.stderr.contains("never downloads"), "{}", run.stderr);
    if let Some((code, trace)) = traced(dir.path(), &["check"]) {
        assert_eq!(code, 2);
        for call in ["connect(", "socket(", "/etc/passwd"] {
            assert!(!trace.contains(call), "{call}:\n{trace}");
        }
    }
}

/// Every file under `dir` with its bytes.
fn tree(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let e = e.unwrap();
            let t = e.file_type().unwrap();
            if t.is_dir() {
                stack.push(e.path());
            } else if t.is_file() {
                out.push((e.path(), std::fs::read(e.path()).unwrap()));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn check_writes_nothing() {
    let dir = copy_tree(&root().join("fixtures/demo"));
    write(&dir.path().join("networks/bad.yaml"), BAD_NETWORK);
    let before = tree(dir.path());
    for format in [
        "human", "json", "sarif", "junit", "github", "gitlab", "compact",
    ] {
        let run = check(dir.path(), &["--format", format]);
        assert_eq!(run.code, 1, "{}", run.stderr);
    }
    assert!(tree(dir.path()) == before, "check changed the repository");
    if let Some((code, trace)) = traced(dir.path(), &["check"]) {
        assert_eq!(code, 1);
        assert!(
            opened_for_writing(&trace).is_empty(),
            "{:#?}",
            opened_for_writing(&trace)
        );
        for call in ["connect(", "socket(", "rename", "unlink", "mkdir"] {
            assert!(!trace.contains(call), "{call}:\n{trace}");
        }
        // No program but grclint itself: not git, not a shell.
        assert_eq!(trace.matches("execve(").count(), 1, "{trace}");
    }
}

#[test]
fn baseline_writes_only_its_own_file_atomically() {
    let dir = copy_tree(&root().join("fixtures/demo"));
    write(&dir.path().join("networks/bad.yaml"), BAD_NETWORK);
    let before = tree(dir.path());
    let out = grclint()
        .arg("baseline")
        .arg(dir.path())
        .args(["--today", TODAY])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let after = tree(dir.path());
    let baseline = dir.path().join(".grclint-baseline.json");
    let added: Vec<_> = after.iter().filter(|f| !before.contains(f)).collect();
    assert_eq!(added.len(), 1, "{added:#?}");
    assert_eq!(added[0].0, baseline);
    assert_eq!(after.len(), before.len() + 1);
    if let Some((code, trace)) = traced(dir.path(), &["baseline"]) {
        assert_eq!(code, 0);
        let writes = opened_for_writing(&trace);
        assert_eq!(writes.len(), 1, "{writes:#?}");
        assert!(
            writes[0].contains(".grclint-baseline.json."),
            "{}",
            writes[0]
        );
        assert!(writes[0].contains("O_EXCL"), "{}", writes[0]);
        let renames: Vec<&str> = trace.lines().filter(|l| l.contains("rename")).collect();
        assert_eq!(renames.len(), 1, "{renames:#?}");
        assert!(
            renames[0].contains(&format!("\"{}\"", baseline.display())),
            "{}",
            renames[0]
        );
    }
}

#[test]
fn git_gets_argument_lists_never_a_shell() {
    let git_works = std::process::Command::new("git")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !git_works {
        eprintln!("git is not available: skipped");
        return;
    }
    let dir = repo();
    commit_all(dir.path());
    let pwned = dir.path().join("pwned");
    let output = dir.path().join("out.txt");
    let hostile = [
        "$(touch pwned)".to_owned(),
        "HEAD; touch pwned".to_owned(),
        "`touch pwned`".to_owned(),
        format!("--output={}", output.display()),
    ];
    for rev in &hostile {
        let out = grclint()
            .arg("check")
            .arg(dir.path())
            .args(["--today", TODAY])
            .arg(format!("--changed-since={rev}"))
            .current_dir(dir.path())
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{rev}");
        assert!(!pwned.exists(), "{rev} ran a shell");
        assert!(!output.exists(), "{rev} was taken for an option");
    }
    // The hook's own mode reads the index through git, with no shell either.
    let run = check(dir.path(), &["--staged", "--format", "compact"]);
    assert!(
        run.stdout.contains("networks/bad.yaml:4:30"),
        "{}",
        run.stdout
    );
}

// ---------------------------------------------------------------------------------------
// Alias semantics

#[test]
fn a_finding_in_an_aliased_node_points_at_the_alias() {
    let dir = repo();
    write(
        &dir.path().join("assets/ledger.yaml"),
        "- &base
  id: A-1
  name: 顧客台帳
  medium: paper
  location: 総務部キャビネット
  scope: [総務部]
  owner: &owner {department: 総務部, person: P-999, contact: 内線 100}
  acquired: 2025-04-01
  retention: 5y
  last_inventory: 2026-04-01
  classification: internal
- <<: *base
  id: A-2
  owner: *owner
- <<: [*base]
  id: A-3
  medium: floppy
",
    );
    let out = run(dir.path(), &["--select", "REF,SCH,YAML"]);
    // Written in the anchor: reported there.
    out.at("assets/ledger.yaml", 7, 43, "REF001");
    // Reached through an alias: reported at the alias's use.
    out.at("assets/ledger.yaml", 14, 10, "REF001");
    // Merged through `<<` (A-3): at the alias in the merge's value; a key of the record's
    // own (A-2's owner, A-3's medium) overrides the merged one.
    out.at("assets/ledger.yaml", 15, 8, "REF001");
    out.at("assets/ledger.yaml", 17, 11, "SCH003");
    assert_eq!(
        out.in_file("assets/ledger.yaml").len(),
        4,
        "{:#?}",
        out.findings
    );
}

/// Found by all three fuzz targets at once: a mapping key that is itself a list or a mapping
/// (`? [a, b]`) panicked in the loader ("a value follows its key"), in a record file, the
/// config and a rule file alike.
#[test]
fn collection_keys_are_a_finding_not_a_panic() {
    let dir = repo();
    write(
        &dir.path().join("assets/complex-key.yaml"),
        "id: A-1\n? [complex, key]\n: value\nmedium: floppy\n",
    );
    write(
        &dir.path().join("assets/flow-key.yaml"),
        "[{id: A-2}: 1, [b]: 2]\n",
    );
    let out = run(dir.path(), &[]);
    // Valid YAML that a record cannot hold (issue 13): not a syntax error.
    let f = out.at("assets/complex-key.yaml", 2, 3, "SCH003");
    assert_eq!(f.message, "grclint records cannot use a list as a key");
    let f = out.at("assets/flow-key.yaml", 1, 2, "SCH003");
    assert_eq!(
        f.message,
        "grclint records cannot use a set of fields as a key"
    );
    out.rest_checked();

    // The fuzzers' own inputs, as the config and as a rule file: configuration errors.
    let config = "packs:ay: 1013-04-01\n\nrule_settings:\n  AST001: { severity: warning, [isms]/rule_settings/max_records\nkinds:\n  asset: [\"ledgers/assets-*.yaml\"]\n";
    write(&dir.path().join(".grclint.yaml"), config);
    let run = check(dir.path(), &[]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("CFG001"), "{}", run.stderr);
    write(
        &dir.path().join(".grclint.yaml"),
        "today: 2026-11-01\nrules: [rules/]\n",
    );
    write(
        &dir.path().join("rules/x.yaml"),
        "[d: IRP007]\x0enaste: contact-",
    );
    write(&dir.path().join("rules/y.yaml"), "id: XYZ001\n? [a]\n: b\n");
    let run = check(dir.path(), &[]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    assert!(run.stderr.contains("rules/x.yaml:1:"), "{}", run.stderr);
    assert!(run.stderr.contains("rules/y.yaml:2:3"), "{}", run.stderr);
}

#[test]
fn a_finding_in_an_aliased_node_labels_the_anchor() {
    let dir = repo();
    write(
        &dir.path().join("assets/ledger.yaml"),
        "- id: A-1\n  owner: &owner {department: 総務部, person: P-999, contact: 内線 100}\n- id: A-2\n  owner: *owner\n",
    );
    let run = check(dir.path(), &["--select", "REF001"]);
    let second = &run.stdout[run
        .stdout
        .find("assets/ledger.yaml:4:10")
        .expect("at the alias")..];
    assert!(
        second.contains("written here, at the anchor"),
        "{}",
        run.stdout
    );
}

// ---------------------------------------------------------------------------------------
// Found while hardening, outside src/load, src/discover and src/evaluate/functions.rs, and
// fixed where they were found: config, rule and schema files.

#[test]
fn a_rule_with_a_long_operator_chain_is_a_config_error_not_a_crash() {
    let dir = repo();
    write(
        &dir.path().join(".grclint.yaml"),
        "today: 2026-11-01\nrules: [rules/]\n",
    );
    let chain = vec!["1"; 10_000].join(" + ");
    write(
        &dir.path().join("rules/XYZ001-deep.yaml"),
        &format!(
            "id: XYZ001\nname: deep\nkind: asset\nseverity: error\nsummary: s\nassert: \"{chain} > 0\"\nmessage: m\ndocs: d\n"
        ),
    );
    write(&dir.path().join("assets/a.yaml"), "id: A-1\n");
    let run = check(dir.path(), &[]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("CFG002"), "{}", run.stderr);
}

#[cfg(unix)]
#[test]
fn a_config_symlinked_out_of_the_repository_is_not_read() {
    let top = tempfile::tempdir().unwrap();
    write(&top.path().join("secret.txt"), "password: SECRET-hunter2\n");
    let root = top.path().join("repo");
    write(&root.join("networks/bad.yaml"), BAD_NETWORK);
    std::os::unix::fs::symlink(top.path().join("secret.txt"), root.join(".grclint.yaml")).unwrap();
    let run = check(&root, &[]);
    assert!(!run.stdout.contains("SECRET"), "{}", run.stdout);
    assert!(!run.stderr.contains("SECRET"), "{}", run.stderr);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("CFG001") && run.stderr.contains("symbolic link"),
        "{}",
        run.stderr
    );
}

#[test]
fn rule_folders_outside_the_repository_are_refused() {
    let top = tempfile::tempdir().unwrap();
    write(
        &top.path().join("elsewhere/x.yaml"),
        "api_key: SECRET-123\n",
    );
    let root = top.path().join("repo");
    write(&root.join("networks/bad.yaml"), BAD_NETWORK);
    write(
        &root.join(".grclint.yaml"),
        "today: 2026-11-01\nrules: [\"../elsewhere\"]\n",
    );
    let run = check(&root, &[]);
    assert_eq!(run.code, 2);
    assert!(!run.stderr.contains("SECRET"), "{}", run.stderr);
    assert!(
        run.stderr.contains("outside the repository"),
        "{}",
        run.stderr
    );
}

#[cfg(unix)]
#[test]
fn schema_folders_hold_regular_files_only() {
    let top = tempfile::tempdir().unwrap();
    write(&top.path().join("secret.txt"), "password: SECRET-hunter2\n");
    let root = top.path().join("repo");
    write(&root.join("networks/bad.yaml"), BAD_NETWORK);
    write(
        &root.join(".grclint.yaml"),
        "today: 2026-11-01\nschemas: [schemas/]\n",
    );
    std::fs::create_dir_all(root.join("schemas")).unwrap();
    std::os::unix::fs::symlink(
        top.path().join("secret.txt"),
        root.join("schemas/leak.schema.json"),
    )
    .unwrap();
    let fifo = std::process::Command::new("mkfifo")
        .arg(root.join("schemas/fifo.schema.json"))
        .status()
        .unwrap();
    assert!(fifo.success());
    let out = grclint()
        .arg("check")
        .arg(&root)
        .args(["--today", TODAY, "--color", "never"])
        .timeout(Duration::from_secs(30))
        .output()
        .unwrap();
    let text =
        String::from_utf8_lossy(&out.stderr).into_owned() + &String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.code().is_some(),
        "killed by the timeout: the FIFO was opened"
    );
    assert!(!text.contains("SECRET"), "{text}");
    assert_eq!(out.status.code(), Some(2), "{text}");
    assert!(
        text.contains("schemas/leak.schema.json: it is a symbolic link")
            || text.contains("schemas/leak.schema.json: it is a\n"),
        "{text}"
    );
    assert!(
        text.contains("schemas/fifo.schema.json: it is not a regular file"),
        "{text}"
    );
}

// ---------------------------------------------------------------------------------------
// Never panic: the whole pipeline, in process, on generated input.

mod generated {
    use super::*;
    use proptest::prelude::*;

    const PIECES: &[&str] = &[
        "-",
        " ",
        "  ",
        "\n",
        "\r\n",
        "\r",
        "\t",
        ":",
        ": ",
        "{",
        "}",
        "[",
        "]",
        ",",
        "? ",
        "&a ",
        "*a",
        "&b ",
        "*b",
        "<<: ",
        "!!str ",
        "!!map ",
        "!custom ",
        "'",
        "\"",
        "\\",
        "|",
        ">-",
        "#",
        "# grclint: ignore[AST001] x",
        "---\n",
        "...\n",
        "%YAML 1.2\n",
        "id: ",
        "A-1",
        "kind: ",
        "asset",
        "network",
        "管理責任者",
        "P-001",
        "2026-02-30",
        "007",
        "1e999",
        "~",
        "null",
        "true",
        "\u{feff}",
        "\0",
        "é",
        "\u{2028}",
        "document: ",
        "../../etc/passwd",
        "owner: ",
        "person: ",
        "medium: ",
        "last_inventory: ",
        "2024-04-15",
    ];

    fn yamlish() -> impl Strategy<Value = Vec<u8>> {
        prop_oneof![
            // Pieces of YAML in any order.
            prop::collection::vec(prop::sample::select(PIECES), 0..120)
                .prop_map(|p| p.concat().into_bytes()),
            // Nesting: flow and block, mappings and lists, up to past the depth limit.
            (prop::collection::vec(0u8..4, 0..320), any::<bool>()).prop_map(|(n, close)| {
                let mut s = String::new();
                let mut closers = Vec::new();
                for (depth, k) in n.iter().enumerate() {
                    match k {
                        0 => {
                            s.push('[');
                            closers.push("]");
                        }
                        1 => {
                            s.push_str("{k: ");
                            closers.push("}");
                        }
                        2 => s.push_str(&format!("\n{}- ", " ".repeat(depth))),
                        _ => s.push_str(&format!("\n{}k{depth}: ", " ".repeat(depth))),
                    }
                }
                s.push('x');
                if close {
                    while let Some(c) = closers.pop() {
                        s.push_str(c);
                    }
                }
                s.into_bytes()
            }),
            // Records with random field values.
            prop::collection::vec(
                (
                    "[a-z_]{1,8}|id|owner|medium|kind",
                    "[ -~]{0,12}|[ぁ-ん]{1,3}"
                ),
                0..12
            )
            .prop_map(|fields| {
                let mut s = String::from("- ");
                for (k, v) in fields {
                    s.push_str(&format!("{k}: {v}\n  "));
                }
                s.into_bytes()
            }),
            // Any bytes at all.
            prop::collection::vec(any::<u8>(), 0..200),
        ]
    }

    fn analyze_once(bytes: &[u8]) {
        let dir = repo();
        write_bytes(&dir.path().join("assets/x.yaml"), bytes);
        let request = grclint::pipeline::Request {
            today: Some(TODAY.to_owned()),
            ..Default::default()
        };
        let Ok(a) = grclint::pipeline::Workspace::open(dir.path().to_path_buf(), &request) else {
            panic!("a record file cannot stop the run");
        };
        // Every span lies inside its file, on character boundaries, and renders.
        for d in a.findings() {
            if let Some(s) = d.primary {
                let text = &a.sources().get(s.file).text;
                assert!(s.start <= s.end && s.end as usize <= text.len(), "{d:?}");
                assert!(text.is_char_boundary(s.start as usize), "{d:?}");
                assert!(text.is_char_boundary(s.end as usize), "{d:?}");
            }
        }
        let rules = std::collections::HashMap::new();
        let report = grclint::report::Report {
            diagnostics: a.findings(),
            sources: a.sources(),
            summary: grclint::report::Summary::default(),
            rules: &rules,
            checked: &[],
            options: Default::default(),
        };
        let human = grclint::report::human::Human {
            statistics: true,
            ..Default::default()
        };
        use grclint::report::Format;
        for format in [Format::Human, Format::Json, Format::Sarif, Format::Compact] {
            let mut out = Vec::new();
            format.reporter(human).render(&report, &mut out).unwrap();
        }
        assert!(
            a.findings()
                .iter()
                .any(|d| d.code == "NET002" && d.primary.is_some()),
            "the other file is still checked"
        );
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

        #[test]
        fn the_pipeline_never_panics(bytes in yamlish()) {
            analyze_once(&bytes);
        }
    }
}

// ---- Hardening II ------------------------------------------------------------------------

/// A committed baseline that is a link to a device or a FIFO would hang CI or eat memory:
/// it is read like every other input, as a bounded regular file.
#[cfg(unix)]
#[test]
fn the_baseline_is_read_only_as_a_regular_file() {
    let dir = repo();
    let link = dir.path().join("baseline.json");
    std::os::unix::fs::symlink("/dev/zero", &link).unwrap();
    let fifo = dir.path().join("fifo.json");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    for bad in [&link, &fifo] {
        let stderr = stopped(dir.path(), [Path::new("--baseline"), bad]);
        assert!(
            stderr.contains("symbolic link") || stderr.contains("not a regular file"),
            "{stderr}"
        );
    }
}

/// `--output` writes the whole report or nothing, never through a link, and says where.
#[cfg(unix)]
#[test]
fn output_is_written_whole_and_never_through_a_link() {
    let dir = repo();
    let outside = tempfile::tempdir().unwrap();
    let victim = outside.path().join("victim.txt");
    write(&victim, "keep me\n");
    let link = dir.path().join("report.json");
    std::os::unix::fs::symlink(&victim, &link).unwrap();
    let stray = dir.path().join(".report.json.1.tmp");
    write(&stray, "someone else's\n");
    let run = |target: &Path| {
        grclint()
            .arg("check")
            .arg(dir.path())
            .args(["--today", TODAY, "--format", "json", "--output"])
            .arg(target)
            .output()
            .unwrap()
    };
    let out = run(&link);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("symbolic link"));
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "keep me\n");
    // A missing folder is named.
    let missing = dir.path().join("no/such/folder/report.json");
    let out = run(&missing);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("no/such/folder/report.json"), "{stderr}");
    // A real file: written whole, and no temporary file is left or taken.
    let real = dir.path().join("real.json");
    let out = run(&real);
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&real).unwrap()).unwrap();
    assert!(v["findings"].as_array().is_some_and(|f| !f.is_empty()));
    assert_eq!(std::fs::read_to_string(&stray).unwrap(), "someone else's\n");
    let temps = std::fs::read_dir(dir.path())
        .unwrap()
        .filter(|e| {
            let n = e.as_ref().unwrap().file_name();
            let n = n.to_string_lossy();
            n.ends_with(".tmp") && n != ".report.json.1.tmp"
        })
        .count();
    assert_eq!(temps, 0);
}

/// `init` never writes through a dangling `.grclint.yaml` link or a linked folder.
#[cfg(unix)]
#[test]
fn init_never_writes_through_links() {
    let outside = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(
        outside.path().join("config"),
        dir.path().join(".grclint.yaml"),
    )
    .unwrap();
    let out = grclint().arg("init").arg(dir.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(!outside.path().join("config").exists());

    let dir = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(outside.path(), dir.path().join("assets")).unwrap();
    let out = grclint().arg("init").arg(dir.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("symbolic link"));
    assert_eq!(std::fs::read_dir(outside.path()).unwrap().count(), 0);
    assert!(
        !dir.path().join(".grclint.yaml").exists(),
        "nothing written"
    );
}

/// `--staged` reads only the YAML that discovery wants, and not one byte of a blob over the
/// size limit; names that differ only in bytes that are not UTF-8 stay two files.
#[cfg(unix)]
#[test]
fn staged_reads_only_wanted_blobs_and_keeps_every_name() {
    use std::os::unix::ffi::OsStrExt;
    let dir = repo();
    write(
        &dir.path().join(".grclint.yaml"),
        "today: 2026-11-01\nlimits: {max_file_size: 4096}\n",
    );
    // Over the limit: refused by its size alone; a big file that is not YAML is not read.
    write(
        &dir.path().join("networks/big.yaml"),
        &format!("# {}\n", "x".repeat(8000)),
    );
    write_bytes(&dir.path().join("manual.pdf"), &vec![b'%'; 4 << 20]);
    for b in [0x80u8, 0x81] {
        let bytes = [b'n', b, b'.', b'y', b'a', b'm', b'l'];
        let name = std::ffi::OsStr::from_bytes(&bytes);
        write(&dir.path().join("networks").join(name), BAD_NETWORK);
    }
    commit_all(dir.path());
    let out = run(dir.path(), &["--staged"]);
    out.rest_checked();
    let big = out.in_file("networks/big.yaml");
    assert_eq!(big.len(), 1, "{big:#?}");
    assert_eq!(big[0].code, "YAML003");
    assert!(big[0].message.contains("8003 bytes"), "{}", big[0].message);
    for name in ["networks/n\\x80.yaml", "networks/n\\x81.yaml"] {
        assert!(
            out.in_file(name).iter().any(|f| f.code == "NET002"),
            "{name}: {:#?}",
            out.findings
        );
    }
}

/// A blob missing from git's object store (a broken or partial clone) is named.
#[test]
fn a_missing_blob_is_named() {
    let dir = repo();
    commit_all(dir.path());
    let sha = std::process::Command::new("git")
        .args(["rev-parse", ":networks/bad.yaml"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    let sha = String::from_utf8(sha.stdout).unwrap().trim().to_owned();
    let object = dir
        .path()
        .join(".git/objects")
        .join(&sha[..2])
        .join(&sha[2..]);
    std::fs::remove_file(object).unwrap();
    let stderr = stopped(dir.path(), ["--staged"]);
    assert!(
        stderr.contains("networks/bad.yaml") && stderr.contains(&sha),
        "{stderr}"
    );
}

/// Three inputs that were quadratic: a suppression comment on every line of a ledger, a
/// one-line flow ledger, one record with thousands of unknown keys. At the sizes of the
/// report (5 MB, 100,000 records, 100,000 keys) a release build took 9.6 s, 19.2 s and
/// 15.3 s, now 0.5 s, 1.6 s and 0.6 s (BENCHMARKS.md); here, at 2 MB and 50,000, the
/// findings are checked and the run stays within its bound.
#[test]
fn findings_cost_what_they_report_on_large_inputs() {
    let dir = repo();
    write(
        &dir.path().join(".grclint.yaml"),
        "today: 2026-11-01\nlimits: {max_file_size: 67108864, max_findings_per_file: 1000000}\n",
    );
    // Every line carries a comment; each record names the comment's code on its first line.
    let mut ledger = String::new();
    while ledger.len() < 2 << 20 {
        let n = ledger.len();
        ledger.push_str(&format!(
            "- id: NET-{n} # grclint: ignore[NET002] 旧型端末\n  name: x # grclint: ignore[SCH001] 後で\n  type: wired # grclint: ignore[SCH002] 確認中\n  default_credentials_changed: false # grclint: ignore[NET002] 理由\n"
        ));
    }
    write(&dir.path().join("networks/commented.yaml"), &ledger);
    let flow: Vec<String> = (0..50_000)
        .map(|i| {
            format!("{{id: NET-{i}, name: x, type: wired, default_credentials_changed: false}}")
        })
        .collect();
    write(
        &dir.path().join("networks/flow.yaml"),
        &format!("[{}]\n", flow.join(", ")),
    );
    let keys: Vec<String> = (0..50_000).map(|i| format!("k{i}: v")).collect();
    write(
        &dir.path().join("networks/wide.yaml"),
        &format!("id: NET-W\nname: x\ntype: wired\n{}\n", keys.join("\n")),
    );
    let out = run(dir.path(), &[]);
    out.rest_checked();
    let flow_findings = out.in_file("networks/flow.yaml");
    assert_eq!(
        flow_findings.iter().filter(|f| f.code == "NET002").count(),
        50_000
    );
    let wide = out.in_file("networks/wide.yaml");
    assert!(wide.iter().filter(|f| f.code == "SCH002").count() >= 50_000);
    // Each suppression silenced its own record's finding, and the rest are reported once.
    let commented = out.in_file("networks/commented.yaml");
    let other: Vec<_> = commented
        .iter()
        .filter(|f| !f.suppressed && f.code != "IGN002")
        .collect();
    assert!(commented.iter().any(|f| f.suppressed && f.code == "NET002"));
    assert!(other.is_empty(), "{other:#?}");
}
/// Durations longer than the calendar holds were read by the schema as durations and then
/// overflowed the date arithmetic (a panic, exit 101, on every run).
#[test]
fn durations_beyond_the_calendar_never_crash() {
    for retention in ["20000y", "P20000Y", "95000000d", "19999y", "P19998Y11M"] {
        let dir = copy_tree(&root().join("fixtures/demo"));
        let ledger = dir.path().join("assets/ledger.yaml");
        edit(
            &ledger,
            "retention: 10y",
            &format!("retention: {retention}"),
        );
        let plan = dir.path().join("continuity/webshop.yaml");
        edit(
            &plan,
            "max_downtime: 24h",
            &format!("max_downtime: {retention}"),
        );
        let out = run(dir.path(), &[]);
        assert!(
            out.findings.iter().all(|f| f.code != "RUL001"),
            "{retention}: {:#?}",
            out.findings
        );
    }
    // As a rule's param: a configuration error at the value, exit 2, no panic.
    let dir = repo();
    write(
        &dir.path().join(".grclint.yaml"),
        "today: 2026-11-01\nrule_settings:\n  AST001: {params: {max_age: 20000y}}\n",
    );
    let stderr = stopped(dir.path(), [] as [&str; 0]);
    assert!(
        stderr.contains("CFG001") && stderr.contains("20000y"),
        "{stderr}"
    );
}

/// 199,999 empty records in a 1 MB file gave two million findings, and the json and sarif
/// reports were built whole in memory: each file reports at most `max_findings_per_file`
/// (default 1,000) and one LIM001 that counts the rest.
#[test]
fn findings_per_file_are_capped_with_a_closing_count() {
    let dir = repo();
    write(
        &dir.path().join("networks/empty.yaml"),
        &"- {}\n".repeat(199_999),
    );
    let out = run(dir.path(), &[]);
    out.rest_checked();
    let empty = out.in_file("networks/empty.yaml");
    assert_eq!(empty.len(), 1_001, "1,000 findings and the count");
    let last = empty.last().unwrap();
    assert_eq!(last.code, "LIM001");
    assert!(
        last.message.starts_with("798996 more findings"),
        "{}",
        last.message
    );
    let sarif = grclint()
        .arg("check")
        .arg(dir.path())
        .args(["--today", TODAY, "--format", "sarif"])
        .output()
        .unwrap();
    assert_eq!(sarif.status.code(), Some(1));
    assert!(
        sarif.stdout.len() < 20 << 20,
        "{} bytes",
        sarif.stdout.len()
    );
}

/// Escape sequences in a record value (an OSC that retitles the terminal, a cursor move)
/// never reach the terminal raw: human, compact and github output write them out.
#[test]
fn terminal_escapes_in_values_are_shown_not_obeyed() {
    let dir = repo();
    write(
        &dir.path().join("networks/esc.yaml"),
        "id: NET-E\nname: \"\\e]0;pwned\\a\\e[2J\"\ntype: wired\ndefault_credentials_changed: false\n",
    );
    for format in ["human", "compact", "github"] {
        let out = grclint()
            .arg("check")
            .arg(dir.path())
            .args(["--today", TODAY, "--color", "never", "--format", format])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1));
        let stdout = String::from_utf8(out.stdout).unwrap();
        assert!(
            !stdout.contains(['\u{1b}', '\u{7}']),
            "{format}: {stdout:?}"
        );
        assert!(
            stdout.contains("NET-E") || stdout.contains("esc.yaml"),
            "{format}"
        );
    }
}

/// Waivers that were applied silently although they cannot stand: an approver who has left
/// (WAI003, still silences), an approval dated after today or after the expiry (WAI004,
/// silences nothing), a target that is no valid glob (WAI005, silences nothing).
#[test]
fn waivers_that_cannot_stand_are_reported() {
    let cases = [
        (
            "P-009",
            "2026-10-01",
            "2027-04-30",
            "NET-900",
            "WAI003",
            true,
        ),
        (
            "P-001",
            "2026-12-01",
            "2027-04-30",
            "NET-900",
            "WAI004",
            false,
        ),
        (
            "P-001",
            "2026-10-01",
            "2026-09-30",
            "NET-900",
            "WAI004",
            false,
        ),
        (
            "P-001",
            "2026-10-01",
            "2027-04-30",
            "networks/[*.yaml",
            "WAI005",
            false,
        ),
    ];
    for (approver, on, expires, target, code, silenced) in cases {
        let dir = repo();
        write(
            &dir.path().join("people/staff.yaml"),
            "- id: P-001\n  name: 桜井 一郎\n  department: 経営\n  email: a@example.invalid\n  employment: executive\n  joined: 2012-04-01\n  pledge: {signed: 2015-04-01, post_employment: true}\n  training: {last: 2026-06-12}\n  access: []\n  access_reviewed: 2026-04-15\n- id: P-009\n  name: 渡辺 拓也\n  department: 営業部\n  email: b@example.invalid\n  employment: employee\n  joined: 2019-04-01\n  left: 2026-10-15\n  pledge: {signed: 2019-04-01, post_employment: true}\n  training: {last: 2026-06-12}\n  access: []\n  assets_returned: 2026-10-15\n",
        );
        write(
            &dir.path().join("waivers/w.yaml"),
            &format!(
                "id: W-001\nrule: NET002\ntarget: \"{target}\"\nreason: 端末入替まで\napproved_by: {approver}\napproved_on: {on}\nexpires: {expires}\n"
            ),
        );
        let out = run(dir.path(), &[]);
        let waiver = out.in_file("waivers/w.yaml");
        assert!(
            waiver.iter().any(|f| f.code == code),
            "{code}: {:#?}",
            out.findings
        );
        let net = out
            .findings
            .iter()
            .find(|f| f.path == "networks/bad.yaml" && f.code == "NET002")
            .expect("the waived finding");
        assert_eq!(net.suppressed, silenced, "{code}");
    }
}

/// An explicit `--config` that is a FIFO or `/dev/zero` is refused, not read.
#[cfg(unix)]
#[test]
fn an_explicit_config_must_be_a_regular_file() {
    let dir = repo();
    let fifo = dir.path().join("config-fifo.yaml");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    for bad in [fifo.as_path(), Path::new("/dev/zero")] {
        let stderr = stopped(dir.path(), [Path::new("--config"), bad]);
        assert!(
            stderr.contains("regular file") && stderr.contains("CFG001"),
            "{stderr}"
        );
    }
}

/// `--changed-since` in a shallow clone: git's merge-base fails without a word; grclint says why.
#[test]
fn changed_since_without_a_common_ancestor_says_why() {
    let dir = repo();
    commit_all(dir.path());
    git(dir.path(), &["checkout", "-q", "--orphan", "other"]);
    git(dir.path(), &["commit", "-q", "-m", "unrelated"]);
    let stderr = stopped(dir.path(), ["--changed-since", "main"]);
    assert!(stderr.contains("no common ancestor"), "{stderr}");
}

// ---- Hardening II: loader

/// A verbatim core tag (`!<tag:yaml.org,2002:str> 123`) was ignored and the value read as a
/// number; both spellings of the core tags resolve as YAML 1.2 says.
#[test]
fn verbatim_core_tags_resolve_as_their_shorthand() {
    let dir = repo();
    write(
        &dir.path().join("networks/verbatim.yaml"),
        "id: NET-901\nname: !<tag:yaml.org,2002:str> 123\ntype: wired\ndefault_credentials_changed: !<tag:yaml.org,2002:bool> true\n",
    );
    write(
        &dir.path().join("networks/shorthand.yaml"),
        "id: NET-902\nname: !!str 456\ntype: wired\ndefault_credentials_changed: !!bool true\n",
    );
    write(
        &dir.path().join("networks/non-specific.yaml"),
        "id: NET-903\nname: ! 789\ntype: wired\ndefault_credentials_changed: true\n",
    );
    let out = run(dir.path(), &[]);
    out.rest_checked();
    out.silent_on("networks/verbatim.yaml");
    out.silent_on("networks/shorthand.yaml");
    out.silent_on("networks/non-specific.yaml");
}

/// An anchor on a key (`&k id: …`, then `*k`) was dropped, so a valid file got a false
/// YAML001 "names no anchor" (yaml-test-suite E76Z, HMQ5). A list or a mapping as a key is
/// valid YAML that a record cannot hold: it is reported at the key as what it is.
#[test]
fn anchors_on_keys_and_complex_keys() {
    let dir = repo();
    write(
        &dir.path().join("networks/key-anchor.yaml"),
        "&k id: NET-904\nname: *k\n!!str &t type: wired\n*t : wired\ndefault_credentials_changed: true\n",
    );
    write(
        &dir.path().join("networks/list-key.yaml"),
        "id: NET-905\nname: x\ntype: wired\ndefault_credentials_changed: true\n? [a, b]\n: x\n? {c: 1}\n: y\n",
    );
    let out = run(dir.path(), &[]);
    out.rest_checked();
    // `*t` repeats the key `type`: the second is a duplicate, and the alias was found.
    let anchored = out.in_file("networks/key-anchor.yaml");
    assert!(
        anchored.iter().all(|f| f.code != "YAML001"),
        "{anchored:#?}"
    );
    out.at("networks/key-anchor.yaml", 4, 1, "YAML002");
    assert_eq!(anchored.len(), 1, "{anchored:#?}");
    let list = out.at("networks/list-key.yaml", 5, 3, "SCH003");
    assert_eq!(list.message, "grclint records cannot use a list as a key");
    let map = out.at("networks/list-key.yaml", 7, 3, "SCH003");
    assert_eq!(
        map.message,
        "grclint records cannot use a set of fields as a key"
    );
    assert_eq!(out.in_file("networks/list-key.yaml").len(), 2);
}

/// A tracked record listed in an ignore file was never checked, not even when named on
/// the command line: git never ignores a tracked file, and neither does grclint. An
/// untracked file an ignore file lists stays unread, and `.ignore` is not read at all.
#[test]
fn ignore_files_never_hide_tracked_records() {
    let dir = repo();
    let d = dir.path();
    write(&d.join("networks/.gitignore"), "bad.yaml\nlocal.yaml\n");
    write(&d.join(".ignore"), "networks/other.yaml\n");
    write(
        &d.join("networks/other.yaml"),
        &BAD_NETWORK.replace("NET-900", "NET-901"),
    );
    write(
        &d.join(".grclint.yaml"),
        "today: 2026-11-01\nexclude: [drafts]\n",
    );
    write(&d.join("drafts/networks/draft.yaml"), BAD_NETWORK);
    git(d, &["init", "-q", "-b", "main"]);
    git(d, &["add", "-A"]);
    git(
        d,
        &[
            "add",
            "-f",
            "networks/bad.yaml",
            "drafts/networks/draft.yaml",
        ],
    );
    git(d, &["commit", "-q", "-m", "records"]);
    // Ignored and never tracked: not read.
    write(
        &d.join("networks/local.yaml"),
        &BAD_NETWORK.replace("NET-900", "NET-902"),
    );
    let out = run(d, &[]);
    out.rest_checked();
    out.at("networks/other.yaml", 4, 30, "NET002");
    out.silent_on("networks/local.yaml");
    out.silent_on("drafts/networks/draft.yaml");
    // Named on the command line, as pre-commit does.
    let named = grclint()
        .args(["check", "networks/bad.yaml", "--today", TODAY])
        .args(["--format", "compact", "--ignore", "IRP001,POL004"])
        .current_dir(d)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&named.stdout);
    assert_eq!(named.status.code(), Some(1), "{text}");
    assert!(text.contains("networks/bad.yaml:4:30:"), "{text}");
}

/// A 100 KB key above a 100,000-item flow list (a 400 KB file) made every span entry own
/// the whole pointer: 10 GB. The pointers a file's span tables hold are bounded by its
/// size, in the lean read as in the full one, and the file is refused at the node.
#[test]
fn a_long_key_above_many_values_is_refused_in_bounded_memory() {
    let dir = repo();
    let items = vec!["1"; 100_000].join(", ");
    write(
        &dir.path().join("networks/long-key.yaml"),
        &format!("? {}\n: [{items}]\n", "k".repeat(100_000)),
    );
    let out = run(dir.path(), &[]);
    out.rest_checked();
    let f = out.at("networks/long-key.yaml", 2, 2020, "YAML003");
    assert!(
        f.message.contains("too long for the values under it"),
        "{}",
        f.message
    );
    assert_eq!(out.in_file("networks/long-key.yaml").len(), 1);
}

// ---------------------------------------------------------------------------------------
// What a rule may cost: a budget of record visits per rule (limits.max_rule_visits).

/// `n` wired networks in one ledger, each with `tags` tags; none gives a finding.
fn networks(dir: &Path, n: usize, tags: usize) {
    let tag_list: Vec<String> = (0..tags).map(|t| format!("t{t}")).collect();
    let tags = tag_list.join(", ");
    let ledger: String = (0..n)
        .map(|i| {
            format!("- {{id: NET-{i}, name: n{i}, type: wired, default_credentials_changed: true, tags: [{tags}]}}\n")
        })
        .collect();
    write(&dir.join("networks/many.yaml"), &ledger);
}

fn rule(dir: &Path, code: &str, kind: &str, assert: &str) {
    write(
        &dir.join(format!("rules/{code}.yaml")),
        &format!(
            "id: {code}\nname: costly-{}\nkind: {kind}\nseverity: warning\nsummary: costly\nassert: \"{assert}\"\nmessage: costly\n",
            code.to_lowercase()
        ),
    );
}

#[test]
fn a_rule_that_loops_over_all_records_inside_a_loop_is_not_run() {
    let dir = repo();
    write(
        &dir.path().join(".grclint.yaml"),
        "today: 2026-11-01\nrules: [rules/]\n",
    );
    networks(dir.path(), 10_000, 0);
    rule(
        dir.path(),
        "XQD001",
        "repository",
        "records('network').all(a, records('network').exists(b, b.id == a.id))",
    );
    rule(
        dir.path(),
        "XQD002",
        "network",
        "size(records('network').map(a, records('network'))) >= 0",
    );
    let out = run(dir.path(), &[]);
    out.rest_checked();
    let over: Vec<&Finding> = out.findings.iter().filter(|f| f.code == "RUL002").collect();
    assert_eq!(over.len(), 2, "{over:#?}");
    for (f, code) in over.iter().zip(["XQD001", "XQD002"]) {
        assert_eq!(f.path, format!("rules/{code}.yaml"));
        assert_eq!((f.line, f.column), (6, 9), "at the assert: {f:?}");
        assert!(
            f.message.contains(&format!("rule {code} was not run")),
            "{f:?}"
        );
        assert!(f.message.contains("10001 records"), "{f:?}");
    }
    assert!(
        out.findings.iter().all(|f| f.code != "RUL001"),
        "{:#?}",
        out.findings
    );
}

#[test]
fn a_rule_that_runs_over_its_budget_is_stopped_once() {
    let dir = repo();
    // 100 networks of 100 tags: the estimate takes a record's list as short (10 items),
    // the run finds 100 × 100 × 100 visits.
    write(
        &dir.path().join(".grclint.yaml"),
        "today: 2026-11-01\nrules: [rules/]\nlimits: {max_rule_visits: 200000}\n",
    );
    networks(dir.path(), 100, 100);
    rule(
        dir.path(),
        "XQD003",
        "repository",
        "records('network').all(a, a.tags.all(t, size(records('network')) > 0))",
    );
    let out = run(dir.path(), &[]);
    out.rest_checked();
    let over: Vec<&Finding> = out.findings.iter().filter(|f| f.code == "RUL002").collect();
    assert_eq!(over.len(), 1, "{over:#?}");
    assert!(
        over[0].message.contains("rule XQD003 was stopped"),
        "{:?}",
        over[0]
    );
    assert!(over[0].message.contains("200000 times"), "{:?}", over[0]);
    assert!(
        out.findings.iter().all(|f| f.code != "RUL001"),
        "{:#?}",
        out.findings
    );
}

/// Every text a terminal-facing report prints — path, message, help, note, label, record,
/// the reason of a suppression, a rule's summary in the statistics — is shown with its
/// control characters written out (found by the `reporters` fuzz target: the statistics and
/// the suppressed list printed them raw).
#[test]
fn no_reporter_text_reaches_the_terminal_raw() {
    use grclint::codes::{Code, Severity};
    use grclint::diagnostic::{Diagnostic, RecordRef, Span, Suppression};
    use grclint::report::human::Human;
    use grclint::report::{Format, Report, RuleInfo, Summary};
    use grclint::source::{FileId, SourceFile, Sources};
    use std::sync::Arc;

    let bad = "x\u{1b}]0;pwned\u{7}\u{0}y";
    let mut sources = Sources::default();
    let text: Arc<str> = Arc::from(format!("id: A-001\nname: {bad}\n"));
    let file = sources.add(SourceFile::new(format!("assets/{bad}.yaml"), None, text));
    assert_eq!(file, FileId(0));
    let code: Code = Code::Rule(Arc::from("USR001"));
    let record = RecordRef {
        kind: format!("asset{bad}"),
        id: Some(format!("A-{bad}")),
        pointer: format!("/name{bad}"),
    };
    let shown = Diagnostic::new(code.clone(), Severity::Error, format!("message {bad}"))
        .at(Span::new(file, 10, 14))
        .help(format!("help {bad}"))
        .note(format!("note {bad}"))
        .label(Span::new(file, 0, 2), format!("label {bad}"))
        .record(record.clone());
    let mut waived = shown.clone();
    waived.suppressed = Some(Suppression::Waiver {
        id: format!("W-{bad}"),
        reason: format!("reason {bad}"),
    });
    let diagnostics = vec![shown, waived];
    let mut summary = Summary::default();
    summary.count(&diagnostics);
    let rules = std::collections::HashMap::from([(
        "USR001".to_owned(),
        RuleInfo {
            name: format!("name{bad}"),
            summary: format!("summary {bad}"),
            docs: String::new(),
            severity: Severity::Error,
            tags: vec![],
        },
    )]);
    let checked = vec![sources.get(file).path.clone()];
    let report = Report {
        diagnostics: &diagnostics,
        sources: &sources,
        summary,
        rules: &rules,
        checked: &checked,
        options: Default::default(),
    };
    let human = Human {
        color: false,
        quiet: false,
        statistics: true,
        show_suppressed: true,
    };
    for format in [Format::Human, Format::Compact, Format::Github] {
        let mut out = Vec::new();
        format.reporter(human).render(&report, &mut out).unwrap();
        let out = String::from_utf8(out).unwrap();
        let raw: Vec<&str> = out
            .lines()
            .filter(|l| l.chars().any(grclint::source::is_control))
            .collect();
        assert!(
            raw.is_empty(),
            "{format:?} prints raw control characters: {raw:?}"
        );
        assert!(out.contains("\\u{1b}"), "{format:?}: {out}");
    }
}
