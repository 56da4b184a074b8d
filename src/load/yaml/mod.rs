//! One pass over saphyr's event stream: values, span tables (or values alone, for a file
//! that needs none), duplicate keys, aliases, merge keys and limits. No recursion, so no
//! input can overflow the stack.

mod builder;
mod merge;
mod mode;
mod positions;

use super::spans::NodeSpan;
use crate::diagnostic::{Diagnostic, EngineCode, Span};
use crate::load::Limits;
use crate::source::FileId;
use builder::Builder;
use mode::{Lean, Mode, Spans};
use positions::Positions;
use saphyr_parser::{Event, Parser, ScalarStyle};
use serde_json::Value;

/// One YAML document: its root value and the spans of every node in it.
#[derive(Debug)]
pub struct Document {
    pub value: Value,
    pub spans: Vec<(Box<str>, NodeSpan)>,
}

pub struct Parsed {
    pub documents: Vec<Document>,
    pub diagnostics: Vec<Diagnostic>,
    /// A limit stopped the parse: the documents are incomplete and must not be checked.
    pub refused: bool,
}

/// The codes a parse reports its problems under: a record file's YAML001–003, or one code
/// for every problem of a file grclint reads for itself (the config, a rule file).
#[derive(Clone, Copy, Debug)]
pub struct Codes {
    pub syntax: EngineCode,
    pub duplicate: EngineCode,
    pub refused: EngineCode,
    /// Valid YAML that a record cannot hold: a list or a mapping as a key.
    pub shape: EngineCode,
}

impl Codes {
    pub const RECORDS: Codes = Codes {
        syntax: EngineCode::Yaml001,
        duplicate: EngineCode::Yaml002,
        refused: EngineCode::Yaml003,
        shape: EngineCode::Sch003,
    };

    /// Every problem under one code.
    pub const fn all(code: EngineCode) -> Codes {
        Codes {
            syntax: code,
            duplicate: code,
            refused: code,
            shape: code,
        }
    }
}

/// Values and span tables of every node.
pub fn parse(text: &str, base: u32, file: FileId, limits: &Limits) -> Parsed {
    parse_as(text, base, file, limits, Codes::RECORDS)
}

/// Values and span tables, with problems reported under the given codes.
pub fn parse_as(text: &str, base: u32, file: FileId, limits: &Limits, codes: Codes) -> Parsed {
    run::<Spans>(text, base, file, limits, codes).expect("a parse with span tables always finishes")
}

/// Values only, without span tables: most files are read once and never looked at again,
/// as they hold no finding. None when the file needs the full parse to be read right:
/// anchors, aliases, merge keys, or any problem (whose report needs the spans).
pub fn parse_lean(text: &str, base: u32, file: FileId, limits: &Limits) -> Option<Parsed> {
    run::<Lean>(text, base, file, limits, Codes::RECORDS)
}

fn run<M: Mode>(
    text: &str,
    base: u32,
    file: FileId,
    limits: &Limits,
    codes: Codes,
) -> Option<Parsed> {
    let mut pos = Positions::new(text, base);
    let mut parser = Parser::new_from_str(text);
    let mut documents = Vec::new();
    let mut b = Builder::<M>::new(file, limits, codes);
    b.max_pointer_bytes = text
        .len()
        .saturating_mul(builder::POINTER_FACTOR)
        .max(usize::try_from(limits.max_file_size).map_or(usize::MAX, |m| m.saturating_mul(4)));
    while let Some(next) = parser.next_event() {
        let (event, span) = match next {
            Ok(ev) => ev,
            Err(_) if M::LEAN => return None,
            Err(e) => {
                let at = pos.byte(e.marker());
                b.diagnostics
                    .push(syntax_error(&e, text, base, file, at, codes));
                return Some(Parsed {
                    documents,
                    diagnostics: b.diagnostics,
                    refused: true,
                });
            }
        };
        if M::LEAN && needs_tables(&event) {
            return None;
        }
        let start = pos.byte(&span.start);
        let end = pos.byte(&span.end);
        if let Err(d) = b.event(event, start, end, &mut documents) {
            if M::LEAN {
                return None;
            }
            b.diagnostics.push(*d);
            return Some(Parsed {
                documents,
                diagnostics: b.diagnostics,
                refused: true,
            });
        }
    }
    if M::LEAN && !b.diagnostics.is_empty() {
        return None;
    }
    Some(Parsed {
        documents,
        diagnostics: b.diagnostics,
        refused: false,
    })
}

/// An anchor, an alias or a merge key: read right only with span tables.
fn needs_tables(event: &Event) -> bool {
    match event {
        Event::Alias(_) => true,
        Event::Scalar(t, style, a, tag) => {
            *a > 0 || (*style == ScalarStyle::Plain && t == "<<" && tag.is_none())
        }
        Event::SequenceStart(a, _) | Event::MappingStart(a, _) => *a > 0,
        _ => false,
    }
}

/// Where and why the parser stopped.
fn syntax_error(
    e: &saphyr_parser::ScanError,
    text: &str,
    base: u32,
    file: FileId,
    at: u32,
    codes: Codes,
) -> Diagnostic {
    if e.info().contains("recursion limit") {
        return *limit(
            codes.refused,
            file,
            at,
            "nesting too deep to read (limit `max_depth`)".to_owned(),
        );
    }
    let at = if e.info().starts_with("tabs disallowed") {
        first_tab_before(text, base, at)
    } else {
        at
    };
    Diagnostic::error(codes.syntax, format!("YAML syntax error: {}", e.info()))
        .at(Span::new(file, at, at))
        .help("Fix the YAML syntax here; nothing in this file is checked until it parses.")
}

/// saphyr reports a tab in indentation after the blanks it skipped: blame the first tab
/// of those blanks instead.
fn first_tab_before(text: &str, base: u32, at: u32) -> u32 {
    let bytes = text.as_bytes();
    let mut i = (at.saturating_sub(base) as usize).min(bytes.len());
    let mut tab = None;
    while i > 0 && matches!(bytes[i - 1], b' ' | b'\t') {
        i -= 1;
        if bytes[i] == b'\t' {
            tab = Some(i);
        }
    }
    tab.map_or(at, |t| base + t as u32)
}

pub(super) fn limit(code: EngineCode, file: FileId, at: u32, message: String) -> Box<Diagnostic> {
    Box::new(
        Diagnostic::error(code, message)
            .at(Span::new(file, at, at))
            .help("Split the file, or raise the limit under `limits:` in .grclint.yaml if this input is legitimate."),
    )
}

pub(super) type Step = Result<(), Box<Diagnostic>>;
