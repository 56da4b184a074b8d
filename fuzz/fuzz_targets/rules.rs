//! The rule-file parser: YAML → the rule schema → CEL compiled and its names checked
//! (`evaluate::rules::parse_rule_text`, what `rules::load` does for each file).
#![no_main]

use grclint::evaluate::rules;
use grclint::source::{FileId, Sources};
use grclint::validate::kinds::Kinds;
use libfuzzer_sys::fuzz_target;

thread_local! {
    static KINDS: Kinds = {
        let mut sources = Sources::default();
        Kinds::load(&["isms".to_owned()], &[], std::path::Path::new("."), &mut sources)
            .unwrap_or_default()
    };
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    KINDS.with(|kinds| {
        let _ = rules::parse_rule_text(FileId(0), "rules/x.yaml", text, kinds);
    });
});
