//! Mappings: which sheet column fills which record field, and how its text becomes a value.
//! The built-in ones (`mappings/*.yaml`) are written in the same format a user's file is.

use crate::load::{Limits, yaml};
use crate::source::FileId;
use serde::Deserialize;
use serde_json::Value;
use std::path::Path;

const ASSET: &str = include_str!("mappings/asset.yaml");
const PERSON: &str = include_str!("mappings/person.yaml");
const SUPPLIER: &str = include_str!("mappings/supplier.yaml");

/// How a cell's text becomes a field's value (after `values` had its say).
#[derive(Clone, Copy, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum ColType {
    #[default]
    Text,
    List,
    Date,
    Integer,
    Boolean,
    Duration,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawColumn {
    field: String,
    header: OneOrMany,
    #[serde(default, rename = "type")]
    ty: ColType,
    #[serde(default, rename = "ref")]
    ref_kind: Option<String>,
    #[serde(default)]
    values: serde_json::Map<String, Value>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMapping {
    kind: Option<String>,
    sheet: Option<String>,
    columns: Vec<RawColumn>,
}

#[derive(Clone, Debug)]
pub struct Column {
    /// Dotted field path: `owner.person`.
    pub field: String,
    /// The header names this column goes by; the first is the one export writes.
    pub headers: Vec<String>,
    pub ty: ColType,
    /// The values are ids of records of this kind, looked up by id or by name.
    pub ref_kind: Option<String>,
    /// Sheet text → value, tried before the type's own conversion.
    pub values: Vec<(String, Value)>,
}

#[derive(Clone, Debug)]
pub struct Mapping {
    pub kind: String,
    pub sheet: Option<String>,
    pub columns: Vec<Column>,
    /// Where it came from, for the header comment: `built-in` or the file's path.
    pub origin: String,
}

impl Mapping {
    /// The built-in mapping of a kind, if there is one.
    pub fn builtin(kind: &str) -> Option<Mapping> {
        let text = match kind {
            "asset" => ASSET,
            "person" => PERSON,
            "supplier" => SUPPLIER,
            _ => return None,
        };
        Some(parse(text, kind, "built-in").expect("the built-in mappings are valid"))
    }

    /// A mapping file; every problem is a sentence naming the file.
    pub fn from_file(path: &Path, kind: &str) -> Result<Mapping, String> {
        let name = path.display().to_string();
        let text = crate::source::read_regular(path, 1024 * 1024).map_err(|e| {
            crate::tr!(
                "cannot read the mapping file {name}: {e}",
                "対応表のファイル {name} を読み取れない: {e}"
            )
        })?;
        parse(&text, kind, &name).map_err(|e| {
            crate::tr!(
                "the mapping file {name}: {e}",
                "対応表のファイル {name}: {e}"
            )
        })
    }

    /// The column of a header text, if any.
    pub fn column_for(&self, header: &str) -> Option<usize> {
        let h = normalize_header(header);
        if h.is_empty() {
            return None;
        }
        self.columns
            .iter()
            .position(|c| c.headers.iter().any(|x| normalize_header(x) == h))
    }
}

fn parse(text: &str, kind: &str, origin: &str) -> Result<Mapping, String> {
    let parsed = yaml::parse(text, 0, FileId(0), &Limits::default());
    if let Some(d) = parsed.diagnostics.first() {
        return Err(crate::tr!(
            "it is not valid YAML: {}",
            "正しい YAML ではない: {}",
            d.message
        ));
    }
    let value = parsed
        .documents
        .into_iter()
        .next()
        .map(|d| d.value)
        .unwrap_or(Value::Null);
    let raw: RawMapping = serde_json::from_value(value).map_err(|e| e.to_string())?;
    if let Some(k) = &raw.kind
        && k != kind
    {
        return Err(crate::tr!(
            "it maps `{k}` records, not `{kind}`; import it as `grclint import {k} …`",
            "`{kind}` ではなく `{k}` のレコードの対応表である。`grclint import {k} …` として取り込むこと"
        ));
    }
    let mut columns: Vec<Column> = Vec::new();
    for (i, c) in raw.columns.into_iter().enumerate() {
        let headers = match c.header {
            OneOrMany::One(h) => vec![h],
            OneOrMany::Many(hs) => hs,
        };
        let n = i + 1;
        let bad_field = c.field.is_empty()
            || c.field
                .split('.')
                .any(|s| s.is_empty() || s.chars().all(|c| c.is_ascii_digit()));
        if bad_field {
            return Err(crate::tr!(
                "column {n}: `{}` is not a field path (write names joined by dots: owner.person)",
                "列 {n}: `{}` は項目のパスではない（名前をドットでつなぐ: owner.person）",
                c.field
            ));
        }
        if headers.iter().all(|h| normalize_header(h).is_empty()) {
            return Err(crate::tr!(
                "column {n} (`{}`) has no header",
                "列 {n}（`{}`）に見出しがない",
                c.field
            ));
        }
        if columns.iter().any(|o| o.field == c.field) {
            return Err(crate::tr!(
                "two columns fill `{}`",
                "二つの列が `{}` を埋めている",
                c.field
            ));
        }
        if c.ref_kind.is_some() && !matches!(c.ty, ColType::Text | ColType::List) {
            return Err(crate::tr!(
                "column {n} (`{}`): `ref` needs type text or list",
                "列 {n}（`{}`）: `ref` には型 text または list が必要",
                c.field
            ));
        }
        columns.push(Column {
            field: c.field,
            headers,
            ty: c.ty,
            ref_kind: c.ref_kind,
            values: c.values.into_iter().collect(),
        });
    }
    if columns.is_empty() {
        return Err(crate::i18n::t("it maps no columns", "列を一つも対応付けていない").to_owned());
    }
    Ok(Mapping {
        kind: kind.to_owned(),
        sheet: raw.sheet,
        columns,
        origin: origin.to_owned(),
    })
}

/// A header or a value as compared: half-width, without spaces and line breaks, lower case,
/// `№` as `no`, and without the marks that flag required columns (`*`, `※`).
pub fn normalize_header(s: &str) -> String {
    super::dates::halfwidth(s)
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '*' | '※' | '.'))
        .flat_map(char::to_lowercase)
        .collect::<String>()
        .replace('№', "no")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtins_parse_and_find_the_ipa_headers() {
        let m = Mapping::builtin("asset").unwrap();
        for h in [
            "管理№",
            "情報資産名",
            "対象(媒体)",
            "保管・格納場所",
            "利用範囲",
            "管理責任部門名",
            "管理責任者名",
            "連絡先",
            "登録(入手)日",
            "廃棄日",
            "保存期間",
            "最終棚卸日",
            "重要度(機密度)",
            "機密性",
            "完全性",
            "可用性",
            "情報資産名称",
            "利用者範囲",
            "保存期限",
            "登録\n（入手）日",
            "管理No.",
        ] {
            assert!(m.column_for(h).is_some(), "{h}");
        }
        assert!(m.column_for("好きな色").is_none());
        Mapping::builtin("person").unwrap();
        Mapping::builtin("supplier").unwrap();
    }

    #[test]
    fn a_bad_mapping_says_what_is_wrong() {
        let e = parse("columns: [{field: id, header: x, feild: y}]", "asset", "m").unwrap_err();
        assert!(e.contains("unknown field `feild`"), "{e}");
        let e = parse(
            "kind: person\ncolumns: [{field: id, header: x}]",
            "asset",
            "m",
        )
        .unwrap_err();
        assert!(e.contains("maps `person` records"), "{e}");
        let e = parse(
            "columns: [{field: a, header: x}, {field: a, header: y}]",
            "asset",
            "m",
        )
        .unwrap_err();
        assert!(e.contains("two columns fill `a`"), "{e}");
        let e = parse("columns: [{field: a..b, header: x}]", "asset", "m").unwrap_err();
        assert!(e.contains("not a field path"), "{e}");
    }
}
