//! Embeds every built-in rule file (`rules/<pack>/*.yaml`) in the binary.

use std::fmt::Write;
use std::path::Path;

fn main() {
    println!("cargo:rerun-if-changed=rules");
    let mut files = Vec::new();
    if let Ok(packs) = std::fs::read_dir("rules") {
        for pack in packs.flatten() {
            if !pack.path().is_dir() {
                continue;
            }
            println!("cargo:rerun-if-changed={}", pack.path().display());
            for f in std::fs::read_dir(pack.path())
                .into_iter()
                .flatten()
                .flatten()
            {
                let p = f.path();
                if p.extension().is_some_and(|e| e == "yaml" || e == "yml") {
                    files.push(p);
                }
            }
        }
    }
    files.sort();
    let manifest = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let mut out = String::from(
        "/// (path, text) of every built-in rule file.\npub const BUILTIN_RULES: &[(&str, &str)] = &[\n",
    );
    for p in &files {
        let rel = p.to_string_lossy().replace('\\', "/");
        let abs = Path::new(&manifest).join(p);
        writeln!(
            out,
            "    ({rel:?}, include_str!({:?})),",
            abs.to_string_lossy()
        )
        .unwrap();
    }
    out.push_str("];\n");
    let dest =
        Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("builtin_rules.rs");
    std::fs::write(dest, out).expect("OUT_DIR is writable");
}
