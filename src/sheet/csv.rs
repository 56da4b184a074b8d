//! CSV as Excel saves it: UTF-8 (with or without a BOM), Shift_JIS / CP932 (Japanese
//! Excel's "CSV (コンマ区切り)"), or UTF-16 with a BOM ("Unicode テキスト", tab-separated).

use encoding_rs::{Encoding, SHIFT_JIS, UTF_8, UTF_16BE, UTF_16LE};
use std::path::Path;

/// The rows of a CSV file, and the encoding it was read in.
pub fn read(
    path: &Path,
    encoding: Option<&str>,
    max_rows: usize,
) -> Result<(Vec<Vec<String>>, &'static Encoding), String> {
    let bytes =
        std::fs::read(path).map_err(|e| crate::tr!("cannot read it: {e}", "読み取れない: {e}"))?;
    let (text, used) = decode(&bytes, encoding)?;
    let tab = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("tsv"))
        || used == UTF_16LE
        || used == UTF_16BE
        || first_line_prefers_tabs(&text);
    let rows = parse(&text, if tab { '\t' } else { ',' });
    if rows.len() > max_rows + 100 {
        return Err(crate::tr!(
            "it has more than {max_rows} rows (`limits.max_records` in .grclint.yaml)",
            "行が {max_rows} を超えている（.grclint.yaml の `limits.max_records`）"
        ));
    }
    Ok((rows, used))
}

/// The text of the file: the encoding given, or the one its BOM names, or UTF-8 if it is
/// valid UTF-8, or Shift_JIS (CP932) if it decodes without an error.
pub fn decode(bytes: &[u8], label: Option<&str>) -> Result<(String, &'static Encoding), String> {
    if let Some(label) = label {
        // CP932 is Microsoft's name for what WHATWG calls Shift_JIS (Windows-31J).
        let name = label.trim();
        let name = if name.eq_ignore_ascii_case("cp932") {
            "windows-31j"
        } else {
            name
        };
        let enc = Encoding::for_label(name.as_bytes()).ok_or_else(|| {
            crate::tr!(
"`--encoding {label}` is not an encoding grclint knows (try utf-8 or shift_jis)",
"`--encoding {label}` は grclint の知らない文字コード（utf-8 か shift_jis を試すこと）"
            )
        })?;
        let (text, _, bad) = enc.decode(bytes);
        if bad {
            return Err(crate::tr!(
                "it is not valid {}: some bytes do not decode; check `--encoding`",
                "正しい {} ではない。読み取れないバイトがある。`--encoding` を確かめること",
                enc.name()
            ));
        }
        return Ok((text.into_owned(), enc));
    }
    if let Some((enc, bom)) = Encoding::for_bom(bytes) {
        let (text, bad) = enc.decode_without_bom_handling(&bytes[bom..]);
        if bad {
            return Err(crate::tr!(
                "it starts as {} but does not decode",
                "{} で始まっているが、その文字コードで読み取れない",
                enc.name()
            ));
        }
        return Ok((text.into_owned(), enc));
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Ok((s.to_owned(), UTF_8));
    }
    // encoding_rs's Shift_JIS is the WHATWG one: Windows-31J, that is CP932.
    let (text, bad) = SHIFT_JIS.decode_without_bom_handling(bytes);
    if !bad {
        return Ok((text.into_owned(), SHIFT_JIS));
    }
    Err(crate::i18n::t(
        "it is neither UTF-8 nor Shift_JIS (CP932); save it as CSV UTF-8, or name its encoding with `--encoding`",
        "UTF-8 でも Shift_JIS（CP932）でもない。「CSV UTF-8」で保存し直すか、`--encoding` で文字コードを指定すること",
    )
    .to_owned())
}

fn first_line_prefers_tabs(text: &str) -> bool {
    let line = text.lines().next().unwrap_or("");
    line.contains('\t') && !line.contains(',')
}

/// RFC 4180 fields: quotes around a field allow the separator, line breaks and `""`.
pub fn parse(text: &str, sep: char) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    let mut any = false;
    while let Some(c) = chars.next() {
        any = true;
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => quoted = false,
                _ => field.push(c),
            }
            continue;
        }
        match c {
            '"' if field.is_empty() => quoted = true,
            c if c == sep => row.push(std::mem::take(&mut field)),
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' | '\r' => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
                any = false;
            }
            _ => field.push(c),
        }
    }
    if any {
        row.push(field);
        rows.push(row);
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_fields_hold_separators_and_line_breaks() {
        let rows = parse("a,\"b,c\",\"d\"\"e\"\r\n\"x\ny\",z\n", ',');
        assert_eq!(
            rows,
            vec![vec!["a", "b,c", "d\"e"], vec!["x\ny", "z"]]
                .into_iter()
                .map(|r| r.into_iter().map(String::from).collect::<Vec<_>>())
                .collect::<Vec<_>>()
        );
    }

    #[test]
    fn encodings_are_told_apart() {
        let (sjis, _, _) = SHIFT_JIS.encode("管理№,情報資産名");
        let (t, e) = decode(&sjis, None).unwrap();
        assert_eq!((t.as_str(), e), ("管理№,情報資産名", SHIFT_JIS));
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend_from_slice("管理№".as_bytes());
        assert_eq!(decode(&bom, None).unwrap().0, "管理№");
        assert_eq!(decode("管理№".as_bytes(), None).unwrap().1, UTF_8);
        assert!(decode(&sjis, Some("utf-8")).is_err());
        assert_eq!(decode(&sjis, Some("cp932")).unwrap().0, "管理№,情報資産名");
        assert!(decode(b"x", Some("klingon")).is_err());
        // Excel's "Unicode text": UTF-16 LE with a BOM.
        let mut utf16 = vec![0xFF, 0xFE];
        utf16.extend("管理№\t名".encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(
            decode(&utf16, None).unwrap(),
            ("管理№\t名".to_owned(), UTF_16LE)
        );
    }
}
