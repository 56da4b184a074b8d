//! Finds what is built into the binary: every rule file (`rules/<pack>/*.yaml`) and every
//! kind schema (`schemas/<kind>.schema.json` with a top-level `"x-folders"` list, the
//! conventional folders of the kind), and writes `builtin.rs` into OUT_DIR. Also lists the
//! rule fixtures (`fixtures/rules/<CODE>/`) for `tests/rules.rs`: one test per rule. And
//! the git commit the binary is built from, for `grclint --version` (see [`commit`]).
//!
//! The generated file names the files by paths relative to `CARGO_MANIFEST_DIR`, resolved
//! by the compiler through `env!`: it stays right for every checkout that shares one
//! `CARGO_TARGET_DIR` (an absolute path written here would name the checkout that ran the
//! script first).

use std::fmt::Write;
use std::path::{Path, PathBuf};

/// The engine's own documents: schemas of files grclint reads for itself, not kinds.
const ENGINE_SCHEMAS: &[&str] = &["config", "rule"];

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets it"));
    println!("cargo:rerun-if-changed=rules");
    println!("cargo:rerun-if-changed=schemas");
    let mut out = String::new();
    rules(&manifest, &mut out);
    kinds(&manifest, &mut out);
    let out_dir = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    std::fs::write(out_dir.join("builtin.rs"), out).expect("OUT_DIR is writable");
    println!("cargo:rerun-if-changed=fixtures/rules");
    std::fs::write(out_dir.join("rule_fixtures.rs"), fixtures(&manifest))
        .expect("OUT_DIR is writable");
    commit(&manifest);
}

/// Sets `GRCLINT_COMMIT` (the full hash), `GRCLINT_COMMIT_SHORT` (its first twelve
/// characters) and `GRCLINT_COMMIT_DATE` (YYYY-MM-DD) for the crate, from `git` at build time: `GRCLINT_BUILD_COMMIT` in the environment wins (a build
/// from a source archive), and outside a git checkout, or without git, both are "unknown".
/// The script reruns when HEAD moves: HEAD itself, the branch it names and packed-refs.
fn commit(manifest: &Path) {
    println!("cargo:rerun-if-env-changed=GRCLINT_BUILD_COMMIT");
    println!(
        "cargo:rustc-env=GRCLINT_TARGET={}",
        std::env::var("TARGET").unwrap_or_default()
    );
    let git = |args: &[&str]| -> Option<String> {
        let out = std::process::Command::new("git")
            .arg("-C")
            .arg(manifest)
            .args(args)
            .output()
            .ok()?;
        let text = String::from_utf8(out.stdout).ok()?.trim().to_owned();
        (out.status.success() && !text.is_empty()).then_some(text)
    };
    // Only the checkout of this crate: a crate unpacked inside some other repository
    // (cargo's registry cache in a git home folder) must not take that repository's commit.
    let top = git(&["rev-parse", "--show-toplevel"]).map(PathBuf::from);
    let ours = top.is_some_and(|t| t.canonicalize().ok() == manifest.canonicalize().ok());
    let branch = ours
        .then(|| git(&["rev-parse", "--symbolic-full-name", "HEAD"]))
        .flatten()
        .filter(|b| b.starts_with("refs/"));
    let watched = ["HEAD", "packed-refs"]
        .map(String::from)
        .into_iter()
        .chain(branch);
    for rel in watched.filter(|_| ours) {
        // A path that does not exist would make cargo rerun the script on every build.
        let path = git(&["rev-parse", "--git-path", &rel]).map(|p| manifest.join(p));
        if let Some(p) = path.filter(|p| p.exists()) {
            println!("cargo:rerun-if-changed={}", p.display());
        }
    }
    let (hash, date) = match std::env::var("GRCLINT_BUILD_COMMIT") {
        Ok(h) if !h.trim().is_empty() => (h.trim().to_owned(), "unknown".to_owned()),
        _ if ours => (
            git(&["rev-parse", "HEAD"]).unwrap_or_else(|| "unknown".into()),
            git(&["log", "-1", "--format=%cs", "HEAD"]).unwrap_or_else(|| "unknown".into()),
        ),
        _ => ("unknown".into(), "unknown".into()),
    };
    println!("cargo:rustc-env=GRCLINT_COMMIT={hash}");
    let short: String = hash.chars().take(12).collect();
    println!("cargo:rustc-env=GRCLINT_COMMIT_SHORT={short}");
    println!("cargo:rustc-env=GRCLINT_COMMIT_DATE={date}");
}

/// `rule_fixture!(CODE);` for every folder of `fixtures/rules/` (none in a packaged crate).
fn fixtures(manifest: &Path) -> String {
    let mut codes: Vec<String> = std::fs::read_dir(manifest.join("fixtures/rules"))
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|c| c.chars().all(|ch| ch.is_ascii_alphanumeric()))
        .collect();
    codes.sort();
    codes
        .iter()
        .map(|c| format!("rule_fixture!({c});\n"))
        .collect()
}

/// `include_str!` of a file of this checkout, by its path relative to the manifest.
fn include(rel: &str) -> String {
    format!(
        "include_str!(concat!(env!(\"CARGO_MANIFEST_DIR\"), {:?}))",
        format!("/{rel}")
    )
}

fn files_in(dir: &Path, ends: &[&str]) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            let name = p.file_name().map(|n| n.to_string_lossy().into_owned());
            name.is_some_and(|n| ends.iter().any(|e| n.ends_with(e)))
        })
        .collect();
    files.sort();
    files
}

fn rules(manifest: &Path, out: &mut String) {
    let mut packs: Vec<PathBuf> = std::fs::read_dir(manifest.join("rules"))
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    packs.sort();
    out.push_str("/// (path, text) of every built-in rule file.\n");
    out.push_str("pub const BUILTIN_RULES: &[(&str, &str)] = &[\n");
    for pack in packs {
        println!("cargo:rerun-if-changed={}", pack.display());
        let name = pack
            .file_name()
            .expect("a folder has a name")
            .to_string_lossy();
        for p in files_in(&pack, &[".yaml", ".yml"]) {
            let file = p.file_name().expect("a file has a name").to_string_lossy();
            let rel = format!("rules/{name}/{file}");
            writeln!(out, "    ({rel:?}, {}),", include(&rel)).unwrap();
        }
    }
    out.push_str("];\n\n");
}

fn kinds(manifest: &Path, out: &mut String) {
    let mut kinds = String::new();
    let mut folders: Vec<(String, String)> = Vec::new();
    for p in files_in(&manifest.join("schemas"), &[".schema.json"]) {
        let file = p.file_name().expect("a file has a name").to_string_lossy();
        let kind = file.trim_end_matches(".schema.json").to_owned();
        if ENGINE_SCHEMAS.contains(&kind.as_str()) {
            continue;
        }
        let text = std::fs::read_to_string(&p).expect("the schema is readable");
        let schema: serde_json::Value = serde_json::from_str(&text)
            .unwrap_or_else(|e| panic!("schemas/{file} is not valid JSON: {e}"));
        let Some(list) = schema.get("x-folders").and_then(|f| f.as_array()) else {
            panic!(
                "schemas/{file}: a kind's schema needs a top-level \"x-folders\" list (its \
                 conventional folders; it may be empty)"
            );
        };
        for f in list {
            let f = f
                .as_str()
                .unwrap_or_else(|| panic!("schemas/{file}: \"x-folders\" lists folder names"));
            if let Some((_, other)) = folders.iter().find(|(g, _)| g == f) {
                panic!("schemas/{file}: the folder `{f}` is already the folder of `{other}`");
            }
            folders.push((f.to_owned(), kind.clone()));
        }
        writeln!(
            kinds,
            "    ({kind:?}, {}),",
            include(&format!("schemas/{file}"))
        )
        .unwrap();
    }
    folders.sort();
    out.push_str("/// (kind, schema text) of every built-in kind.\n");
    out.push_str("pub const BUILTIN_KINDS: &[(&str, &str)] = &[\n");
    out.push_str(&kinds);
    out.push_str("];\n\n");
    out.push_str("/// The conventional folders (`x-folders` of the schemas): (folder, kind).\n");
    out.push_str("pub const FOLDERS: &[(&str, &str)] = &[\n");
    for (f, k) in &folders {
        writeln!(out, "    ({f:?}, {k:?}),").unwrap();
    }
    out.push_str("];\n");
}
