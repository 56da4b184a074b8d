//! The reporters: findings made from the input (paths, messages, help, notes, labels and
//! record ids cut from it, spans anywhere in it, any severity, code and suppression) rendered
//! in every format with every column unit. No reporter may panic; the JSON formats must be
//! JSON; the human (without colour), compact and GitHub outputs must carry no character a
//! terminal acts on.
#![no_main]

use grclint::codes::{Code, EngineCode, Severity};
use grclint::diagnostic::{Diagnostic, RecordRef, Span, Suppression};
use grclint::report::human::Human;
use grclint::report::options::{Columns, Options};
use grclint::report::{Format, Report, RuleInfo, Summary};
use grclint::source::{FileId, SourceFile, Sources, is_control};
use libfuzzer_sys::fuzz_target;
use std::collections::HashMap;
use std::sync::Arc;

/// Reads the input as a stream of small numbers and slices of text.
struct Cursor<'a> {
    text: &'a str,
    at: usize,
}

impl<'a> Cursor<'a> {
    fn byte(&mut self) -> u8 {
        let b = self.text.as_bytes().get(self.at).copied().unwrap_or(0);
        self.at += 1;
        b
    }

    /// A piece of the text up to the next `|` (or its end).
    fn piece(&mut self) -> &'a str {
        let mut start = self.at.min(self.text.len());
        // `byte` steps by bytes: start at the next character.
        while !self.text.is_char_boundary(start) {
            start += 1;
        }
        let rest = &self.text[start..];
        let len = rest.find('|').unwrap_or(rest.len());
        self.at = start + len + 1;
        &rest[..len]
    }

    /// A span of `text` on character boundaries.
    fn span(&mut self, file: FileId, text: &str) -> Span {
        let mut a = (self.byte() as usize * 7) % (text.len() + 1);
        let mut b = a + (self.byte() as usize % 40);
        b = b.min(text.len());
        while !text.is_char_boundary(a) {
            a -= 1;
        }
        while !text.is_char_boundary(b) {
            b -= 1;
        }
        Span::new(file, a as u32, b as u32)
    }
}

/// A code as the rule schema allows one (three or four capitals and three digits), or an
/// engine code.
fn code(n: u8, rule: &str) -> Code {
    let all = EngineCode::ALL;
    let valid = |s: &str| {
        let letters = s.bytes().take_while(u8::is_ascii_uppercase).count();
        (3..=4).contains(&letters)
            && s.len() == letters + 3
            && s.bytes().skip(letters).all(|b| b.is_ascii_digit())
    };
    match n % 4 {
        0 => Code::Rule(Arc::from(if valid(rule) { rule } else { "AST001" })),
        1 => Code::Usage,
        _ => Code::Engine(all[n as usize % all.len()]),
    }
}

fn severity(n: u8) -> Severity {
    [Severity::Error, Severity::Warning, Severity::Info][n as usize % 3]
}

fn suppression(n: u8, text: &str) -> Option<Suppression> {
    match n % 5 {
        0 => Some(Suppression::Inline {
            reason: text.to_owned(),
        }),
        1 => Some(Suppression::Waiver {
            id: text.to_owned(),
            reason: text.to_owned(),
        }),
        2 => Some(Suppression::Baseline),
        _ => None,
    }
}

fn diagnostics(c: &mut Cursor<'_>, texts: &[Arc<str>]) -> Vec<Diagnostic> {
    let n = c.byte() % 12;
    (0..n)
        .map(|_| {
            let sel = c.byte();
            let file = FileId((sel as usize % texts.len()) as u32);
            let text = &texts[file.0 as usize];
            let mut d = Diagnostic::new(code(c.byte(), c.piece()), severity(sel), c.piece());
            if sel & 8 == 0 {
                d = d.at(c.span(file, text));
            }
            if sel & 16 == 0 {
                d = d.help(c.piece());
            }
            if sel & 32 == 0 {
                d = d.note(c.piece());
                let label = c.span(file, text);
                d = d.label(label, c.piece());
            }
            if sel & 64 == 0 {
                let kind = c.piece();
                let id = c.piece();
                d = d.record(RecordRef {
                    kind: kind.to_owned(),
                    id: (!id.is_empty()).then(|| id.to_owned()),
                    pointer: c.piece().to_owned(),
                });
            }
            d.suppressed = suppression(c.byte(), c.piece());
            d
        })
        .collect()
}

/// Terminal-facing formats show control characters escaped; ESC never reaches the terminal.
fn assert_no_controls(format: Format, out: &[u8]) {
    let out = String::from_utf8_lossy(out);
    if let Some(c) = out.chars().find(|&c| is_control(c)) {
        panic!("{format:?} output carries control character {:?}", c);
    }
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut c = Cursor { text: &text, at: 0 };
    let mode = c.byte();
    let mut sources = Sources::default();
    let mut texts: Vec<Arc<str>> = Vec::new();
    for _ in 0..1 + mode as usize % 3 {
        let path = c.piece().to_owned();
        let body: Arc<str> = Arc::from(c.piece());
        texts.push(body.clone());
        sources.add(SourceFile::new(path, None, body));
    }
    let diagnostics = diagnostics(&mut c, &texts);
    let mut summary = Summary::default();
    summary.count(&diagnostics);
    let mut rules = HashMap::new();
    for d in &diagnostics {
        rules.entry(d.code.to_string()).or_insert_with(|| RuleInfo {
            name: d.message.clone(),
            summary: d.help.clone().unwrap_or_default(),
            docs: d.notes.join("\n"),
            severity: d.severity,
            tags: vec![d.message.clone()],
        });
    }
    let checked: Vec<String> = sources.iter().map(|(_, f)| f.path.clone()).collect();
    let columns = [Columns::Chars, Columns::Utf16, Columns::Bytes][mode as usize / 3 % 3];
    let options = Options {
        columns,
        repository_file: checked.first().cloned().filter(|_| mode & 64 == 0),
        junit_file: mode & 128 == 0,
        ..Default::default()
    };
    let report = Report {
        diagnostics: &diagnostics,
        sources: &sources,
        summary,
        rules: &rules,
        checked: &checked,
        options,
    };
    let human = Human {
        color: false,
        quiet: false,
        statistics: true,
        show_suppressed: true,
    };
    for format in [
        Format::Human,
        Format::Compact,
        Format::Json,
        Format::Sarif,
        Format::Junit,
        Format::Github,
        Format::Gitlab,
    ] {
        let mut out = Vec::new();
        format
            .reporter(human.clone())
            .render(&report, &mut out)
            .expect("writing to memory cannot fail");
        match format {
            Format::Json | Format::Sarif | Format::Gitlab => {
                if let Err(e) = serde_json::from_slice::<serde_json::Value>(&out) {
                    panic!("{format:?} output is not JSON: {e}");
                }
            }
            Format::Human | Format::Compact | Format::Github => assert_no_controls(format, &out),
            Format::Junit => {}
        }
    }
});
