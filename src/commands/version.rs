//! `grclint --version` and `grclint version [--json]`: the version and the git commit the
//! binary was built from (build.rs finds the commit; "unknown" outside a git checkout).

use serde_json::json;

/// The full hash of the commit the binary was built from, or "unknown".
pub const COMMIT: &str = env!("GRCLINT_COMMIT");
/// The commit's date, YYYY-MM-DD, or "unknown".
pub const COMMIT_DATE: &str = env!("GRCLINT_COMMIT_DATE");
/// The platform the binary was built for (a Rust target triple).
pub const TARGET: &str = env!("GRCLINT_TARGET");

/// The first twelve characters of the commit (all of "unknown").
pub const COMMIT_SHORT: &str = env!("GRCLINT_COMMIT_SHORT");

/// What `grclint --version` prints after the name: `0.1.0 (1a2b3c4d5e6f 2026-11-01)`.
pub const LONG: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    " (",
    env!("GRCLINT_COMMIT_SHORT"),
    " ",
    env!("GRCLINT_COMMIT_DATE"),
    ")"
);

/// The same facts as one JSON object, for tools (editor extensions, install scripts).
pub fn to_json() -> serde_json::Value {
    json!({
        "name": "grclint",
        "version": env!("CARGO_PKG_VERSION"),
        "commit": COMMIT,
        "commit_short": COMMIT_SHORT,
        "commit_date": COMMIT_DATE,
        "target": TARGET,
    })
}

pub fn version(json: bool) -> i32 {
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(&to_json()).expect("plain JSON")
        );
    } else {
        println!("grclint {LONG}");
    }
    0
}
