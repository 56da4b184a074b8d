//! The config parser: `.grclint.yaml` as `config::load` reads it from a repository, then its
//! `rule_settings` checked against the built-in rules (`evaluate::settings::apply`).
#![no_main]

use grclint::evaluate::{rules, settings};
use grclint::source::Sources;
use grclint::validate::kinds::Kinds;
use libfuzzer_sys::fuzz_target;
use std::path::PathBuf;

struct Fixture {
    _dir: tempfile::TempDir,
    root: PathBuf,
    rules: Vec<rules::Rule>,
}

thread_local! {
    static FIXTURE: Fixture = {
        let dir = tempfile::tempdir().expect("a temp dir");
        let root = dir.path().canonicalize().expect("the temp dir exists");
        std::fs::create_dir_all(root.join("rules")).expect("a rules folder");
        std::fs::create_dir_all(root.join("schemas")).expect("a schemas folder");
        let mut sources = Sources::default();
        let packs = vec!["isms".to_owned()];
        let kinds = Kinds::load(&packs, &[], &root, &mut sources).unwrap_or_default();
        let rules = rules::load(&packs, &[], &root, &kinds, &mut sources).unwrap_or_default();
        Fixture { _dir: dir, root, rules }
    };
}

fuzz_target!(|data: &[u8]| {
    FIXTURE.with(|f| {
        let path = f.root.join(".grclint.yaml");
        std::fs::write(&path, data).expect("the config is written");
        let mut sources = Sources::default();
        if let Ok(s) = grclint::config::load(f.root.clone(), None, &mut sources) {
            let _ = settings::apply(&f.rules, &s);
        }
    });
});
