//! What is built into the binary, as `build.rs` found it: every rule file of `rules/<pack>/`
//! and every kind schema of `schemas/`, with the conventional folders of each kind.

include!(concat!(env!("OUT_DIR"), "/builtin.rs"));

/// The codes a config may name: the built-in rules' (from their file names,
/// `isms/AST001-inventory-overdue.yaml`) and the engine's. Rules of the repository's own
/// folders are not among them: this serves suggestions before those are loaded.
pub fn known_codes() -> Vec<String> {
    let rules = BUILTIN_RULES.iter().filter_map(|(path, _)| {
        let name = path.rsplit('/').next()?;
        Some(name.split_once('-')?.0.to_owned())
    });
    let engine = crate::codes::EngineCode::ALL.iter().map(|c| c.to_string());
    rules.chain(engine).collect()
}
