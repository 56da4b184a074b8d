//! The source store: every file grclint reads, its text and its line table.
//! Diagnostics carry byte ranges; line and column are computed here, never searched for.

use std::path::PathBuf;
use std::sync::Arc;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FileId(pub u32);

#[derive(Debug)]
pub struct SourceFile {
    /// Repository-relative path with `/`, or a label such as `<built-in>/rules/…`.
    pub path: String,
    pub abs: Option<PathBuf>,
    pub text: Arc<str>,
    /// Where each line starts, made when first asked: most files hold no finding.
    line_starts: std::sync::OnceLock<Vec<u32>>,
    /// Characters before each block of `BLOCK` bytes, made when first asked: a column is
    /// counted from the nearest mark, not from the line's start (a one-line file of
    /// megabytes would make every finding's column cost the whole line).
    char_marks: std::sync::OnceLock<Vec<u32>>,
    /// The text as a terminal may show it, made when first asked (see `shown`).
    shown: std::sync::OnceLock<Option<Box<str>>>,
}

const BLOCK: usize = 512;

impl SourceFile {
    pub fn new(path: String, abs: Option<PathBuf>, text: Arc<str>) -> Self {
        SourceFile {
            path,
            abs,
            text,
            line_starts: std::sync::OnceLock::new(),
            char_marks: std::sync::OnceLock::new(),
            shown: std::sync::OnceLock::new(),
        }
    }

    /// The text with every control character a terminal would obey (C0 but tab and line
    /// breaks, DEL, C1) replaced by `?`s of the same byte length: offsets stay valid, and a
    /// record value cannot retitle the terminal or move its cursor.
    pub fn shown(&self) -> &str {
        self.shown
            .get_or_init(|| {
                let text: &str = &self.text;
                if !text.chars().any(is_control) {
                    return None;
                }
                let clean: String = text
                    .chars()
                    .map(|c| {
                        if is_control(c) {
                            "?".repeat(c.len_utf8())
                        } else {
                            c.to_string()
                        }
                    })
                    .collect();
                Some(clean.into_boxed_str())
            })
            .as_deref()
            .unwrap_or(&self.text)
    }

    /// Characters in the text before byte `b` (a char boundary).
    fn chars_before(&self, b: usize) -> usize {
        let marks = self.char_marks.get_or_init(|| {
            let mut marks = vec![0u32];
            let mut n = 0u32;
            let bytes = self.text.as_bytes();
            for block in bytes.chunks(BLOCK) {
                // A character starts at every byte that is not a continuation byte.
                n += block.iter().filter(|&&x| (x as i8) >= -0x40).count() as u32;
                marks.push(n);
            }
            marks
        });
        let block = b / BLOCK;
        let from = block * BLOCK;
        let rest = &self.text.as_bytes()[from..b];
        marks[block] as usize + rest.iter().filter(|&&x| (x as i8) >= -0x40).count()
    }

    /// 1-based line and 1-based column in Unicode characters of a byte offset.
    pub fn line_col(&self, byte: u32) -> (u32, u32) {
        let byte = byte.min(self.text.len() as u32);
        let line = match self.starts().binary_search(&byte) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let start = self.starts()[line] as usize;
        let mut end = byte as usize;
        while !self.text.is_char_boundary(end) {
            end -= 1;
        }
        let col = if end - start <= BLOCK {
            self.text[start..end].chars().count()
        } else {
            self.chars_before(end) - self.chars_before(start)
        };
        (line as u32 + 1, col as u32 + 1)
    }

    /// The 1-based line of a byte offset (no column: that costs more).
    pub fn line(&self, byte: u32) -> u32 {
        let byte = byte.min(self.text.len() as u32);
        match self.starts().binary_search(&byte) {
            Ok(i) => i as u32 + 1,
            Err(i) => i as u32,
        }
    }

    /// Byte offset where the (0-based) line starts.
    pub fn line_start(&self, line0: usize) -> Option<u32> {
        self.starts().get(line0).copied()
    }

    /// Byte offset of the end of the line holding `byte` (before its line break).
    pub fn line_end(&self, byte: u32) -> u32 {
        let line = match self.starts().binary_search(&byte) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let mut end = self
            .starts()
            .get(line + 1)
            .map(|&s| s as usize)
            .unwrap_or(self.text.len());
        let bytes = self.text.as_bytes();
        while end > self.starts()[line] as usize && matches!(bytes[end - 1], b'\n' | b'\r') {
            end -= 1;
        }
        end as u32
    }

    pub fn line_count(&self) -> usize {
        self.starts().len()
    }
}

/// A character a terminal would act on rather than show.
pub fn is_control(c: char) -> bool {
    c.is_control() && !matches!(c, '\t' | '\n' | '\r')
}

/// A message or path as a terminal may show it: control characters written as `\u{1b}`.
pub fn visible(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.chars().any(is_control) {
        return s.into();
    }
    s.chars()
        .map(|c| {
            if is_control(c) {
                format!("\\u{{{:x}}}", c as u32)
            } else {
                c.to_string()
            }
        })
        .collect::<String>()
        .into()
}

/// Line starts as YAML sees them: `\n`, `\r\n` and a lone `\r` each end a line.
impl SourceFile {
    fn starts(&self) -> &[u32] {
        self.line_starts.get_or_init(|| line_starts(&self.text))
    }
}

fn line_starts(text: &str) -> Vec<u32> {
    let mut starts = vec![0u32];
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\n' => starts.push(i as u32 + 1),
            b'\r' => {
                if bytes.get(i + 1) == Some(&b'\n') {
                    i += 1;
                }
                starts.push(i as u32 + 1);
            }
            _ => {}
        }
        i += 1;
    }
    starts
}

#[derive(Debug, Default)]
pub struct Sources {
    files: Vec<SourceFile>,
}

impl Sources {
    pub fn add(&mut self, file: SourceFile) -> FileId {
        self.files.push(file);
        FileId(self.files.len() as u32 - 1)
    }

    /// Puts new contents under an existing id (an editor's buffer, a removed file).
    pub fn replace(&mut self, id: FileId, file: SourceFile) {
        self.files[id.0 as usize] = file;
    }

    pub fn get(&self, id: FileId) -> &SourceFile {
        &self.files[id.0 as usize]
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = (FileId, &SourceFile)> {
        self.files
            .iter()
            .enumerate()
            .map(|(i, f)| (FileId(i as u32), f))
    }
}

/// Reads a configuration file (config, rule, schema): a regular file only — never through a
/// symlink, never a FIFO or device — and at most `max` bytes.
pub fn read_regular(path: &std::path::Path, max: u64) -> Result<String, String> {
    use std::io::Read;
    let meta = std::fs::symlink_metadata(path).map_err(|e| e.to_string())?;
    if meta.file_type().is_symlink() {
        return Err(crate::i18n::t(
            "it is a symbolic link; grclint reads only regular files here",
            "シンボリックリンクである。grclint がここで読むのは通常のファイルだけ",
        )
        .to_owned());
    }
    if !meta.is_file() {
        return Err(
            crate::i18n::t("it is not a regular file", "通常のファイルではない").to_owned(),
        );
    }
    let f = std::fs::File::open(path).map_err(|e| e.to_string())?;
    let mut bytes = Vec::new();
    f.take(max.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| e.to_string())?;
    if bytes.len() as u64 > max {
        return Err(crate::tr!(
            "it is larger than {max} bytes",
            "{max} バイトより大きい"
        ));
    }
    String::from_utf8(bytes).map_err(|e| {
        crate::tr!(
            "it is not UTF-8 (byte offset {})",
            "UTF-8 ではない（{} バイト目）",
            e.utf8_error().valid_up_to()
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_characters() {
        let f = SourceFile::new("a".into(), None, "管理責任者: x\n".into());
        let byte = "管理責任者: ".len() as u32;
        assert_eq!(f.line_col(byte), (1, 8));
    }

    #[test]
    fn columns_on_long_lines_count_characters_from_marks() {
        let line = format!("{}x: {}y", "管".repeat(5000), "a".repeat(9000));
        let f = SourceFile::new("a".into(), None, line.clone().into());
        for (i, _) in line.char_indices().step_by(997) {
            let want = line[..i].chars().count() as u32 + 1;
            assert_eq!(f.line_col(i as u32), (1, want), "byte {i}");
        }
        let end = line.len() as u32;
        assert_eq!(f.line_col(end).1, line.chars().count() as u32 + 1);
    }

    #[test]
    fn crlf_and_lone_cr_end_lines() {
        let f = SourceFile::new("a".into(), None, "a: 1\r\nb: 2\rc: 3".into());
        assert_eq!(f.line_col(6), (2, 1));
        assert_eq!(f.line_col(11), (3, 1));
        assert_eq!(f.line_end(0), 4);
    }
}
