//! Between grclint's byte offsets and repository paths and the protocol's positions and
//! URIs. Positions count in the negotiated encoding: UTF-8 bytes, UTF-16 code units (the
//! protocol's default) or UTF-32 (characters).

use crate::diagnostic::{Diagnostic, Severity};
use crate::source::{SourceFile, Sources};
use lsp_types as lsp;
use std::path::{Path, PathBuf};
use std::str::FromStr;

/// How the client counts columns.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf16,
    Utf32,
}

impl Encoding {
    /// The first of the client's `general.positionEncodings` that grclint speaks (it
    /// speaks all three), else UTF-16, which every client must support.
    pub fn negotiate(caps: &lsp::ClientCapabilities) -> Encoding {
        let offered = caps
            .general
            .as_ref()
            .and_then(|g| g.position_encodings.as_ref());
        offered
            .into_iter()
            .flatten()
            .find_map(|k| match k.as_str() {
                "utf-8" => Some(Encoding::Utf8),
                "utf-16" => Some(Encoding::Utf16),
                "utf-32" => Some(Encoding::Utf32),
                _ => None,
            })
            .unwrap_or(Encoding::Utf16)
    }

    pub fn kind(self) -> lsp::PositionEncodingKind {
        match self {
            Encoding::Utf8 => lsp::PositionEncodingKind::UTF8,
            Encoding::Utf16 => lsp::PositionEncodingKind::UTF16,
            Encoding::Utf32 => lsp::PositionEncodingKind::UTF32,
        }
    }

    fn units(self, c: char) -> u32 {
        match self {
            Encoding::Utf8 => c.len_utf8() as u32,
            Encoding::Utf16 => c.len_utf16() as u32,
            Encoding::Utf32 => 1,
        }
    }
}

/// The position of a byte offset: 0-based line, and the units before it on its line.
pub fn position(file: &SourceFile, byte: u32, enc: Encoding) -> lsp::Position {
    let text = &*file.text;
    let mut byte = (byte as usize).min(text.len());
    while !text.is_char_boundary(byte) {
        byte -= 1;
    }
    let line = file.line(byte as u32).saturating_sub(1);
    let start = file.line_start(line as usize).unwrap_or(0) as usize;
    let character = match enc {
        Encoding::Utf8 => (byte - start) as u32,
        _ => text[start..byte].chars().map(|c| enc.units(c)).sum(),
    };
    lsp::Position { line, character }
}

pub fn range(file: &SourceFile, start: u32, end: u32, enc: Encoding) -> lsp::Range {
    lsp::Range {
        start: position(file, start, enc),
        end: position(file, end, enc),
    }
}

/// The byte offset of a position; a column past the end of its line means the line's end,
/// a line past the end of the file means the file's end.
pub fn offset(file: &SourceFile, pos: lsp::Position, enc: Encoding) -> u32 {
    let text = &*file.text;
    let Some(start) = file.line_start(pos.line as usize) else {
        return text.len() as u32;
    };
    let end = file.line_end(start) as usize;
    let mut units = 0;
    for (i, c) in text[start as usize..end].char_indices() {
        if units >= pos.character {
            return start + i as u32;
        }
        units += enc.units(c);
    }
    end as u32
}

/// A `file:` URI's path, percent-decoded. None for other schemes.
pub fn uri_path(uri: &lsp::Uri) -> Option<PathBuf> {
    let s = uri.as_str();
    let rest = s.strip_prefix("file://")?;
    // `file://host/path`: only the local host (empty or `localhost`) is a path here.
    let path = match rest.find('/') {
        Some(0) => rest,
        Some(i) if &rest[..i] == "localhost" => &rest[i..],
        _ => return None,
    };
    let path = path.split(['?', '#']).next().unwrap_or_default();
    let mut bytes = Vec::with_capacity(path.len());
    let raw = path.as_bytes();
    let mut i = 0;
    while i < raw.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (raw[i], raw.get(i + 1).copied(), raw.get(i + 2).copied()) {
            (b'%', Some(h), Some(l)) if hex(h).is_some() && hex(l).is_some() => {
                bytes.push((hex(h).unwrap_or(0) * 16 + hex(l).unwrap_or(0)) as u8);
                i += 3;
            }
            (b, _, _) => {
                bytes.push(b);
                i += 1;
            }
        }
    }
    let path = String::from_utf8(bytes).ok()?;
    // `file:///C:/x` on Windows.
    let path = match path.as_bytes() {
        [b'/', d, b':', ..] if d.is_ascii_alphabetic() && cfg!(windows) => path[1..].to_owned(),
        _ => path,
    };
    Some(PathBuf::from(path))
}

/// The `file:` URI of an absolute path, percent-encoding all but unreserved characters.
pub fn path_uri(path: &Path) -> Option<lsp::Uri> {
    let s = path.to_str()?.replace('\\', "/");
    let mut out = String::from("file://");
    if !s.starts_with('/') {
        out.push('/');
    }
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    lsp::Uri::from_str(&out).ok()
}

/// A finding as the protocol carries it. The message is `check`'s, followed by its help
/// after a blank line; the labels are related information.
pub fn diagnostic(
    d: &Diagnostic,
    sources: &Sources,
    uri_of: &dyn Fn(&str) -> Option<lsp::Uri>,
    at: lsp::Range,
    enc: Encoding,
) -> lsp::Diagnostic {
    let severity = match d.severity {
        Severity::Error => lsp::DiagnosticSeverity::ERROR,
        Severity::Warning => lsp::DiagnosticSeverity::WARNING,
        Severity::Info => lsp::DiagnosticSeverity::INFORMATION,
    };
    let message = match &d.help {
        Some(help) => format!("{}\n\n{help}", d.message),
        None => d.message.clone(),
    };
    let related: Vec<lsp::DiagnosticRelatedInformation> = d
        .labels
        .iter()
        .filter_map(|l| {
            let f = sources.get(l.span.file);
            Some(lsp::DiagnosticRelatedInformation {
                location: lsp::Location {
                    uri: uri_of(&f.path)?,
                    range: range(f, l.span.start, l.span.end, enc),
                },
                message: l.text.clone(),
            })
        })
        .collect();
    lsp::Diagnostic {
        range: at,
        severity: Some(severity),
        code: Some(lsp::NumberOrString::String(d.code.to_string())),
        source: Some("grclint".to_owned()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        ..lsp::Diagnostic::default()
    }
}

/// A completion proposal as the protocol carries it: it replaces what was typed.
pub fn completion(
    file: &SourceFile,
    i: super::complete::Item,
    enc: Encoding,
) -> lsp::CompletionItem {
    use super::complete::What;
    let kind = match i.what {
        What::Field => lsp::CompletionItemKind::FIELD,
        What::Value => lsp::CompletionItemKind::ENUM_MEMBER,
        What::Reference => lsp::CompletionItemKind::REFERENCE,
        What::Date => lsp::CompletionItemKind::VALUE,
    };
    lsp::CompletionItem {
        label: i.label.clone(),
        label_details: i.detail.as_ref().map(|d| lsp::CompletionItemLabelDetails {
            detail: None,
            description: Some(d.clone()),
        }),
        kind: Some(kind),
        detail: i.detail,
        documentation: i.doc.map(|d| {
            lsp::Documentation::MarkupContent(lsp::MarkupContent {
                kind: lsp::MarkupKind::Markdown,
                value: d,
            })
        }),
        filter_text: Some(i.label),
        text_edit: Some(lsp::CompletionTextEdit::Edit(lsp::TextEdit {
            range: range(file, i.replace.0, i.replace.1, enc),
            new_text: i.insert,
        })),
        ..lsp::CompletionItem::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    #[test]
    fn a_character_outside_the_bmp_counts_as_the_encoding_says() {
        // `x` after 𠮷 (4 bytes, 2 UTF-16 units, 1 character) on the second line.
        let text = "k: 1\nname: 𠮷 x\n";
        let f = SourceFile::new("a.yaml".into(), None, Arc::from(text));
        let x = text.find('x').unwrap() as u32;
        let at = |enc| position(&f, x, enc);
        assert_eq!(at(Encoding::Utf8), lsp::Position::new(1, 11));
        assert_eq!(at(Encoding::Utf16), lsp::Position::new(1, 9));
        assert_eq!(at(Encoding::Utf32), lsp::Position::new(1, 8));
        for enc in [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32] {
            assert_eq!(offset(&f, at(enc), enc), x, "{enc:?} round trip");
        }
        // Past the line's end: the line's end; past the file's end: the file's end.
        assert_eq!(offset(&f, lsp::Position::new(0, 99), Encoding::Utf16), 4);
        assert_eq!(
            offset(&f, lsp::Position::new(9, 0), Encoding::Utf16),
            text.len() as u32
        );
    }

    #[test]
    fn file_uris_round_trip_with_spaces_and_kanji() {
        let p = Path::new("/tmp/台帳 2026/assets/ledger.yaml");
        let uri = path_uri(p).unwrap();
        assert!(uri.as_str().starts_with("file:///tmp/%E5%8F%B0"), "{uri:?}");
        assert!(uri.as_str().contains("%202026"));
        assert_eq!(uri_path(&uri).as_deref(), Some(p));
        let other = lsp::Uri::from_str("untitled:Untitled-1").unwrap();
        assert_eq!(uri_path(&other), None);
    }
}
