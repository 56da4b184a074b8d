//! Reading a file's bytes as text, under the limits, before anything is parsed.

use super::Limits;
use crate::diagnostic::{Diagnostic, EngineCode, Span};
use crate::source::FileId;
use std::path::Path;
use std::sync::Arc;

/// A file refused before parsing: what text could be shown, and why.
pub type Refused = Box<(Arc<str>, Diagnostic)>;

/// Reads a file, refusing what a limit forbids before anything is parsed.
pub fn read_file(
    rel: &str,
    abs: &Path,
    file: FileId,
    limits: &Limits,
) -> Result<Arc<str>, Refused> {
    let empty: Arc<str> = Arc::from("");
    let refuse = |msg: String, help: &str| -> Refused {
        let d = Diagnostic::error(EngineCode::Yaml003, msg)
            .at(Span::new(file, 0, 0))
            .help(help.to_owned());
        Box::new((empty.clone(), d))
    };
    let cannot = |e: std::io::Error| {
        refuse(
            crate::tr!("cannot read {rel}: {e}", "{rel} を読み取れない: {e}"),
            crate::i18n::t(
                "Check the file's permissions.",
                "ファイルのアクセス権を確かめてください。",
            ),
        )
    };
    // Not through a symlink, and only a regular file: the file may have been replaced since
    // it was found (a FIFO would block the read, a symlink could lead out of the repository).
    match std::fs::symlink_metadata(abs) {
        Ok(m) if m.is_file() => {}
        // A folder the walk could not read (discover passes it on to be reported).
        Ok(m) if m.is_dir() => {
            let e = std::fs::read_dir(abs).err().unwrap_or_else(|| {
                std::io::Error::other(crate::i18n::t(
                    "the folder could not be listed",
                    "フォルダの中身を一覧できなかった",
                ))
            });
            return Err(refuse(
                crate::tr!(
                    "cannot read the folder {rel}: {e}",
                    "フォルダ {rel} を読み取れない: {e}"
                ),
                crate::i18n::t(
                    "Check the folder's permissions: the records in it were not checked.",
                    "フォルダのアクセス権を確かめてください。その中のレコードは点検されていません。",
                ),
            ));
        }
        Ok(_) => {
            return Err(replaced(rel, file));
        }
        Err(e) => return Err(cannot(e)),
    }
    let f = std::fs::File::open(abs).map_err(cannot)?;
    let meta = f.metadata().map_err(cannot)?;
    if !meta.is_file() {
        return Err(replaced(rel, file));
    }
    if meta.len() > limits.max_file_size {
        return Err(too_big(meta.len(), file, limits));
    }
    // Never more than the limit, even if the file grows while it is read.
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    std::io::Read::read_to_end(
        &mut std::io::Read::take(f, limits.max_file_size.saturating_add(1)),
        &mut bytes,
    )
    .map_err(cannot)?;
    if bytes.len() as u64 > limits.max_file_size {
        return Err(too_big(bytes.len() as u64, file, limits));
    }
    decode(bytes, file)
}

/// The refusal of a file that stopped being a regular file while it was read.
fn replaced(rel: &str, file: FileId) -> Refused {
    let d = Diagnostic::error(
        EngineCode::Yaml003,
        crate::tr!(
            "{rel} is no longer a regular file; it was not read",
            "{rel} は通常のファイルでなくなったため、読み込まなかった"
        ),
    )
    .at(Span::new(file, 0, 0))
    .help(crate::i18n::t(
        "Run grclint again once the file has stopped changing.",
        "ファイルの変更が終わってから、grclint をもう一度実行してください。",
    ));
    Box::new((Arc::from(""), d))
}

/// Bytes read from elsewhere (git's index), under the same limits as a file.
pub fn decode_limited(bytes: Vec<u8>, file: FileId, limits: &Limits) -> Result<Arc<str>, Refused> {
    if bytes.len() as u64 > limits.max_file_size {
        return Err(too_big(bytes.len() as u64, file, limits));
    }
    decode(bytes, file)
}

/// The refusal of a file of `len` bytes, over `max_file_size`, before it is read.
pub fn too_big(len: u64, file: FileId, limits: &Limits) -> Refused {
    let d = Diagnostic::error(
        EngineCode::Yaml003,
        crate::tr!(
            "this file is {len} bytes, more than the limit of {} (`max_file_size`)",
            "このファイルは {len} バイトあり、上限の {} バイト（`max_file_size`）を超えている",
            limits.max_file_size
        ),
    )
    .at(Span::new(file, 0, 0))
    .help(crate::i18n::t(
        "Split the file, or raise `limits.max_file_size` in .grclint.yaml.",
        "ファイルを分割するか、.grclint.yaml の `limits.max_file_size` を引き上げてください。",
    ));
    Box::new((Arc::from(""), d))
}

/// UTF-8 (with or without a BOM) is accepted; UTF-16 and invalid UTF-8 are refused.
/// A BOM is dropped, so that columns count from the first character an editor shows.
pub fn decode(bytes: Vec<u8>, file: FileId) -> Result<Arc<str>, Refused> {
    // With a BOM, or without one as YAML tells it: the first character is ASCII, so one of
    // the first two bytes is NUL (and, for a second character, the byte at the same place).
    let ascii = |b: u8| (1..0x80).contains(&b);
    let utf16 = bytes.starts_with(&[0xFF, 0xFE])
        || bytes.starts_with(&[0xFE, 0xFF])
        || matches!(bytes.as_slice(), [0, b, rest @ ..] if ascii(*b) && rest.first().is_none_or(|&c| c == 0))
        || matches!(bytes.as_slice(), [b, 0, rest @ ..] if ascii(*b) && rest.get(1).is_none_or(|&c| c == 0));
    if utf16 {
        let d = Diagnostic::error(
            EngineCode::Yaml003,
            crate::i18n::t(
                "this file is encoded in UTF-16; grclint reads UTF-8 only",
                "このファイルは UTF-16 で保存されている。grclint が読めるのは UTF-8 だけ",
            ),
        )
        .at(Span::new(file, 0, 0))
        .help(crate::i18n::t(
            "Save the file as UTF-8.",
            "ファイルを UTF-8 で保存し直してください。",
        ));
        return Err(Box::new((Arc::from(""), d)));
    }
    match String::from_utf8(bytes) {
        Ok(s) => Ok(Arc::from(s.strip_prefix('\u{feff}').unwrap_or(&s))),
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let lossy: Arc<str> = Arc::from(String::from_utf8_lossy(e.as_bytes()).into_owned());
            let d = Diagnostic::error(
                EngineCode::Yaml003,
                crate::tr!(
                    "this file is not valid UTF-8 (byte offset {at})",
                    "このファイルは正しい UTF-8 ではない（{at} バイト目）"
                ),
            )
            .at(Span::new(file, at as u32, at as u32))
            .help(crate::i18n::t(
                "Save the file as UTF-8.",
                "ファイルを UTF-8 で保存し直してください。",
            ));
            Err(Box::new((lossy, d)))
        }
    }
}
