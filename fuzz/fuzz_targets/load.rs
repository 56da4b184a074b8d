//! The YAML loader: bytes → text (`load::decode`) → events, values and spans
//! (`load::yaml::parse`, through `load::load_text`). The first byte picks the limits and the
//! kind the path gives, so that every limit is reached. Every span must lie inside the text,
//! on character boundaries.
#![no_main]

use grclint::load::{self, Limits};
use grclint::source::{FileId, SourceFile};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (mode, bytes) = match data.split_first() {
        Some((m, rest)) => (*m, rest),
        None => (0, data),
    };
    let limits = if mode & 1 == 1 {
        Limits {
            max_file_size: 4096,
            max_depth: 6,
            max_alias_expansion: 40,
            max_documents: 3,
            max_records: 4,
            max_findings_per_file: 5,
            max_rule_visits: 1_000,
        }
    } else {
        Limits::default()
    };
    let path_kind = if mode & 2 == 2 { Some("asset") } else { None };
    let file = FileId(0);
    let text = match load::decode_limited(bytes.to_vec(), file, &limits) {
        Ok(t) => t,
        Err(refused) => {
            let (text, d) = *refused;
            check_span(&text, d.primary);
            return;
        }
    };
    let source = SourceFile::new("assets/x.yaml".to_owned(), None, text.clone());
    let loaded = load::load_text(source, file, path_kind, &|k: &str| k == "asset", &limits);
    for d in &loaded.diagnostics {
        check_span(&text, d.primary);
        let _ = loaded.source.line_col(d.primary.map_or(0, |s| s.start));
    }
    for r in &loaded.records {
        for (_, s) in r.spans().iter() {
            for (a, b) in [Some(s.value), s.key, s.origin].into_iter().flatten() {
                check_span(&text, Some(grclint::diagnostic::Span::new(file, a, b)));
            }
        }
        let _ = r.head_span(&loaded.source);
    }
});

fn check_span(text: &str, span: Option<grclint::diagnostic::Span>) {
    if let Some(s) = span {
        assert!(
            s.start <= s.end && s.end as usize <= text.len(),
            "{s:?} in {} bytes",
            text.len()
        );
        assert!(text.is_char_boundary(s.start as usize) && text.is_char_boundary(s.end as usize));
    }
}
