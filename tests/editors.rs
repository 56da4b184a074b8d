//! Real editors on `grclint lsp`: Neovim's built-in client, headless, opens a record file
//! of a fixture repository; the test reads the diagnostics it received, then those after a
//! change in the buffer that fixes the file.
//!
//! A missing Neovim skips the test, except in CI (`CI` set), where it fails: `.ci/run`
//! installs it.

mod common;
use common::clients::*;
use common::*;
use serde_json::Value;
use std::process::Command;

#[test]
fn neovim_shows_the_findings_of_a_record_file_and_clears_them_when_it_is_fixed() {
    if !have("nvim", "--version") {
        return;
    }
    let dir = copy_tree(&root().join("fixtures/demo"));
    let ledger = dir.path().join("assets/ledger.yaml");
    // 𠮷 before a finding's node on its line: Neovim counts UTF-16 units, as the server
    // does.
    edit(
        &ledger,
        "  owner:\n    department: EC事業部\n    person: P-005\n",
        "  owner: {department: 𠮷野 EC事業部, person: P-404,\n",
    );
    edit(
        &ledger,
        "    contact: 内線 301 / sho.ito@sakura-foods.example\n",
        "    contact: 内線 301}\n",
    );
    let out = dir.path().join("nvim.json");
    let root_dir = dir.path().canonicalize().unwrap();
    let run = Command::new("nvim")
        .args(["--headless", "--clean", "-c"])
        .arg(format!(
            "luafile {}",
            root().join("tests/clients/nvim-lsp.lua").display()
        ))
        .env("GRCLINT", env!("CARGO_BIN_EXE_grclint"))
        .env("GRCLINT_ROOT", &root_dir)
        .env("GRCLINT_FILE", "assets/ledger.yaml")
        .env("GRCLINT_TODAY_ARG", TODAY)
        .env("GRCLINT_TYPO", "P-404")
        .env("GRCLINT_FIXED", "P-005")
        .env("GRCLINT_OUT", &out)
        .env_remove("GRCLINT_TODAY")
        .output()
        .expect("nvim runs");
    let got = std::fs::read_to_string(&out)
        .unwrap_or_else(|e| panic!("nvim wrote no result ({e}): {}", text(&run)));
    let got: Value = serde_json::from_str(&got).unwrap();
    assert!(got.get("error").is_none(), "{got}");
    let steps = got["steps"].as_array().unwrap();

    // On open: what `check` reports for the file. On the wire the columns count UTF-16
    // units; Neovim shows them as byte columns of its buffer.
    assert_eq!(steps[0]["ok"], true, "diagnostics arrived: {got}");
    let reported = |columns: &str| {
        let run = check(dir.path(), &["--format", "json", "--columns", columns]);
        let doc: Value = serde_json::from_str(&run.stdout).unwrap();
        let mut v: Vec<(u64, u64, String)> = doc["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["path"] == "assets/ledger.yaml" && f["suppressed"] == false)
            .map(|f| {
                let n = |k: &str| f[k].as_u64().unwrap() - 1;
                (
                    n("line"),
                    n("column"),
                    f["code"].as_str().unwrap().to_owned(),
                )
            })
            .collect();
        v.sort();
        v
    };
    let utf16 = reported("utf16");
    let line = std::fs::read_to_string(&ledger).unwrap();
    let line = line.lines().find(|l| l.contains("P-404")).unwrap();
    let units = line[..line.find("P-404").unwrap()].encode_utf16().count() as u64;
    assert!(
        utf16.iter().any(|w| w.1 == units && w.2 == "REF001"),
        "P-404 is a finding, after 𠮷: {utf16:?}"
    );
    let list = |step: &Value, key: &str, line: &str, col: &str| {
        let mut v: Vec<(u64, u64, String)> = step[key]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| {
                let at = if line.is_empty() {
                    d
                } else {
                    &d["range"]["start"]
                };
                (
                    at[if line.is_empty() { "lnum" } else { line }]
                        .as_u64()
                        .unwrap(),
                    at[col].as_u64().unwrap(),
                    d["code"].as_str().unwrap_or_default().to_owned(),
                )
            })
            .collect();
        v.sort();
        v
    };
    assert_eq!(
        list(&steps[0], "published", "line", "character"),
        utf16,
        "{got}"
    );
    assert_eq!(
        list(&steps[0], "shown", "", "col"),
        reported("bytes"),
        "{got}"
    );

    // After the change in the buffer: nothing.
    assert_eq!(steps[1]["ok"], true, "an empty list arrived: {got}");
    assert_eq!(steps[1]["shown"], Value::Array(Vec::new()), "{got}");
}
