//! One pass over saphyr's event stream: values, span tables (or values alone, for a file
//! that needs none), duplicate keys, aliases, merge keys and limits. No recursion, so no
//! input can overflow the stack.

mod builder;
mod merge;
mod mistakes;
mod mode;
mod positions;
mod recover;
#[cfg(test)]
mod tests;

use super::spans::NodeSpan;
use crate::diagnostic::{Diagnostic, EngineCode, Span};
use crate::load::Limits;
use crate::source::FileId;
use builder::Builder;
use mode::{Lean, Mode, Spans};
use positions::Positions;
use recover::Shift;
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
    let mut first = attempt::<M>(text, &Shift::default(), base, file, limits, codes)?;
    match first.stop.take() {
        None => Some(Parsed {
            documents: first.documents,
            diagnostics: first.diagnostics,
            refused: first.refused,
        }),
        Some(stop) => Some(recover::after_stop(
            text, base, file, limits, codes, first, stop,
        )),
    }
}

/// One read of the text: where the parser stopped, if it did.
struct Attempt {
    documents: Vec<Document>,
    diagnostics: Vec<Diagnostic>,
    refused: bool,
    stop: Option<Stop>,
}

/// Where and why the parser stopped, in the text it read.
struct Stop {
    info: String,
    at: usize,
}

/// Reads `text` (the written text, or one with fixes whose offsets `shift` maps back).
/// None when a lean read gives up.
fn attempt<M: Mode>(
    text: &str,
    shift: &Shift,
    base: u32,
    file: FileId,
    limits: &Limits,
    codes: Codes,
) -> Option<Attempt> {
    let mut pos = Positions::new(text, 0);
    let mut parser = Parser::new_from_str(text);
    let mut documents = Vec::new();
    let mut b = Builder::<M>::new(file, limits, codes);
    b.max_pointer_bytes = text
        .len()
        .saturating_mul(builder::POINTER_FACTOR)
        .max(usize::try_from(limits.max_file_size).map_or(usize::MAX, |m| m.saturating_mul(4)));
    let written = |b: u32| base + shift.written(b as usize) as u32;
    let stopped = |documents, b: Builder<M>, stop| Attempt {
        documents,
        diagnostics: b.diagnostics,
        refused: true,
        stop,
    };
    while let Some(next) = parser.next_event() {
        let (event, span) = match next {
            Ok(ev) => ev,
            Err(_) if M::LEAN => return None,
            Err(e) => {
                let at = pos.byte(e.marker());
                if e.info().contains("recursion limit") {
                    let d = *limit(
                        codes.refused,
                        file,
                        written(at),
                        crate::i18n::t(
                            "nesting too deep to read (limit `max_depth`)",
                            "入れ子が深すぎて読み取れない（上限 `max_depth`）",
                        )
                        .to_owned(),
                    );
                    let mut out = stopped(documents, b, None);
                    out.diagnostics.push(d);
                    return Some(out);
                }
                let stop = Stop {
                    info: e.info().to_owned(),
                    at: at as usize,
                };
                return Some(stopped(documents, b, Some(stop)));
            }
        };
        if M::LEAN && needs_tables(&event) {
            return None;
        }
        let start = written(pos.byte(&span.start));
        let end = written(pos.byte(&span.end));
        if let Err(d) = b.event(event, start, end, &mut documents) {
            if M::LEAN {
                return None;
            }
            b.diagnostics.push(*d);
            return Some(stopped(documents, b, None));
        }
    }
    if M::LEAN && !b.diagnostics.is_empty() {
        return None;
    }
    Some(Attempt {
        documents,
        diagnostics: b.diagnostics,
        refused: false,
        stop: None,
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

pub(super) fn limit(code: EngineCode, file: FileId, at: u32, message: String) -> Box<Diagnostic> {
    Box::new(
        Diagnostic::error(code, message)
            .at(Span::new(file, at, at))
            .help(crate::i18n::t(
                "Split the file, or raise the limit under `limits:` in .grclint.yaml if this input is legitimate.",
                "ファイルを分割してください。正当な入力であれば、.grclint.yaml の `limits:` で上限を引き上げます。",
            )),
    )
}

pub(super) type Step = Result<(), Box<Diagnostic>>;
