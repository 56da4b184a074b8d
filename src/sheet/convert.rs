//! Sheet rows → record values: find the header row, then turn each row's cells into fields.
//! A value that cannot be converted is kept as the sheet wrote it, so that the schema check
//! reports it with the same words `grclint check` uses.

use super::dates;
use super::lookup::Lookup;
use super::mapping::{ColType, Column, Mapping, normalize_header};
use super::read::{Cell, Grid, cell_ref};
use serde_json::{Map, Value};

/// Where the header is and which sheet column fills which mapping column.
pub struct Layout {
    /// 0-based row of the header; records start below it.
    pub header_row: u32,
    /// (sheet column, mapping column), in sheet order.
    pub columns: Vec<(u32, usize)>,
    /// Sheet columns whose header the mapping does not know: (column, header).
    pub ignored: Vec<(u32, String)>,
}

/// One record made from one row.
pub struct RowRecord {
    /// 0-based sheet row.
    pub row: u32,
    pub value: Value,
    /// JSON pointer of each field → the cell it came from.
    pub cells: Vec<(String, String)>,
    /// What a reader should know about a cell (a formula error, an ambiguous name).
    pub notes: Vec<(String, String)>,
}

/// The column header grclint writes in the findings column of an export; never imported.
pub const FINDINGS_HEADER: &str = "grclint の指摘 (findings)";

/// A header cell's text: the cell's own, or (in a two-row header) the one above it.
fn header_text(grid: &Grid, row: u32, col: u32) -> Option<String> {
    let own = grid.get(row, col).map(cell_text).filter(|t| !t.is_empty());
    own.or_else(|| {
        row.checked_sub(1)
            .and_then(|up| grid.get(up, col))
            .map(cell_text)
    })
}

/// The header is the row among the first 50 that names the most of the mapping's columns
/// (a title row or two above it is usual); at least two must match.
pub fn find_layout(grid: &Grid, mapping: &Mapping) -> Result<Layout, String> {
    let mut best: Option<(usize, Layout)> = None;
    for (&row, cells) in grid.rows.range(..50) {
        let mut cols: Vec<u32> = cells.keys().copied().collect();
        if let Some(up) = row.checked_sub(1).and_then(|u| grid.rows.get(&u)) {
            cols.extend(up.keys());
            cols.sort_unstable();
            cols.dedup();
        }
        let mut layout = Layout {
            header_row: row,
            columns: Vec::new(),
            ignored: Vec::new(),
        };
        for col in cols {
            let Some(text) = header_text(grid, row, col) else {
                continue;
            };
            match mapping.column_for(&text) {
                Some(m) if !layout.columns.iter().any(|(_, x)| *x == m) => {
                    layout.columns.push((col, m))
                }
                _ if normalize_header(&text) == normalize_header(FINDINGS_HEADER) => {}
                _ => layout.ignored.push((col, text)),
            }
        }
        let score = layout.columns.len();
        if score >= 2 && best.as_ref().is_none_or(|(s, _)| score > *s) {
            best = Some((score, layout));
        }
    }
    best.map(|(_, l)| l).ok_or_else(|| {
        let names: Vec<&str> = mapping
            .columns
            .iter()
            .take(6)
            .map(|c| c.headers[0].as_str())
            .collect();
        let names = names.join(", ");
        crate::tr!(
            "no header row found: none of its first 50 rows names two of the columns the mapping knows ({names}, …); name the sheet with --sheet, or write a mapping file",
            "見出しの行が見つからない。最初の 50 行のどれにも、対応表が知っている列（{names}、…）の名前が二つ以上ない。--sheet でシートを指定するか、対応表のファイルを書くこと"
        )
    })
}

pub fn cell_text(c: &Cell) -> String {
    match c {
        Cell::Text(s) => s.trim().to_owned(),
        Cell::Number(n) => number_text(*n),
        Cell::Date(d) => d.to_string(),
        Cell::Bool(b) => b.to_string(),
        Cell::Error(e) => e.clone(),
    }
}

fn number_text(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

/// The records of the rows below the header; empty rows and repeated headers are skipped.
pub fn rows(grid: &Grid, mapping: &Mapping, layout: &Layout, lookup: &Lookup) -> Vec<RowRecord> {
    let mut out = Vec::new();
    for (&row, cells) in grid.rows.range(layout.header_row + 1..) {
        let mut rec = RowRecord {
            row,
            value: Value::Object(Map::new()),
            cells: Vec::new(),
            notes: Vec::new(),
        };
        let mut repeats_header = 0;
        for &(col, m) in &layout.columns {
            let Some(cell) = cells.get(&col) else {
                continue;
            };
            let column = &mapping.columns[m];
            let at = cell_ref(&grid.sheet, row, col);
            if let Cell::Error(e) = cell {
                rec.notes.push((
                    at,
                    crate::tr!(
                        "the cell shows the formula error {e}; `{}` was left out",
                        "セルに数式のエラー {e} が表示されているため、`{}` は取り込まなかった",
                        column.field
                    ),
                ));
                continue;
            }
            if column
                .headers
                .iter()
                .any(|h| normalize_header(h) == normalize_header(&cell_text(cell)) && !h.is_empty())
            {
                repeats_header += 1;
            }
            let Some(value) = convert(cell, column, lookup, &at, &mut rec.notes) else {
                continue;
            };
            let pointer = crate::load::spans::dotted_to_pointer(&column.field);
            set_path(&mut rec.value, &column.field, value);
            rec.cells.push((pointer, at));
        }
        let empty = rec.cells.is_empty() && rec.notes.is_empty();
        if empty || repeats_header >= 2 {
            continue;
        }
        out.push(rec);
    }
    out
}

/// One cell's value for one column, or None for an empty cell.
fn convert(
    cell: &Cell,
    column: &Column,
    lookup: &Lookup,
    at: &str,
    notes: &mut Vec<(String, String)>,
) -> Option<Value> {
    let text = cell_text(cell);
    if text.is_empty() {
        return None;
    }
    if column.ty == ColType::List {
        let items: Vec<Value> = split_list(&text)
            .into_iter()
            .map(|t| match mapped(column, t) {
                Some(v) => v,
                None => reference(column, t, lookup, at, notes),
            })
            .collect();
        return (!items.is_empty()).then_some(Value::Array(items));
    }
    if let Some(v) = mapped(column, &text) {
        return Some(v);
    }
    let as_text = || Value::String(text.clone());
    Some(match column.ty {
        ColType::Text | ColType::List => reference(column, &text, lookup, at, notes),
        ColType::Date => match cell {
            Cell::Date(d) => Value::String(d.to_string()),
            Cell::Number(n) => dates::from_serial(*n)
                .map(|d| Value::String(d.to_string()))
                .unwrap_or_else(as_text),
            _ => dates::parse_date(&text)
                .map(|d| Value::String(d.to_string()))
                .unwrap_or_else(as_text),
        },
        ColType::Integer => integer(cell, &text).unwrap_or_else(as_text),
        ColType::Boolean => match cell {
            Cell::Bool(b) => Value::Bool(*b),
            _ => boolean(&text).map(Value::Bool).unwrap_or_else(as_text),
        },
        ColType::Duration => dates::parse_duration(&text)
            .map(Value::String)
            .unwrap_or_else(as_text),
    })
}

/// The value a column's `values:` gives this text, compared as headers are.
fn mapped(column: &Column, text: &str) -> Option<Value> {
    let t = normalize_header(text);
    column
        .values
        .iter()
        .find(|(k, _)| normalize_header(k) == t)
        .map(|(_, v)| v.clone())
}

/// A reference column's text as an id: an id as it is, a name looked up.
fn reference(
    column: &Column,
    text: &str,
    lookup: &Lookup,
    at: &str,
    notes: &mut Vec<(String, String)>,
) -> Value {
    let Some(kind) = &column.ref_kind else {
        return Value::String(text.to_owned());
    };
    match lookup.resolve(kind, text) {
        Ok(id) => Value::String(id),
        Err(candidates) => {
            if candidates.len() > 1 {
                notes.push((
                    at.to_owned(),
                    crate::tr!(
                        "{} records are named `{text}` ({}); write the id instead",
                        "`{text}` という名前のレコードが {} 件ある（{}）。代わりに id を書くこと",
                        kind.replace('_', " "),
                        candidates.join(", ")
                    ),
                ));
            }
            Value::String(text.to_owned())
        }
    }
}

/// A list cell: one item per line when it has line breaks, else split at `、` `,` `;`.
pub fn split_list(text: &str) -> Vec<&str> {
    let parts: Vec<&str> = if text.contains('\n') {
        text.split('\n').collect()
    } else {
        text.split(['、', ',', '，', ';', '；']).collect()
    };
    parts
        .into_iter()
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect()
}

fn integer(cell: &Cell, text: &str) -> Option<Value> {
    if let Cell::Number(n) = cell {
        return (n.fract() == 0.0 && n.abs() < 9e15).then(|| Value::from(*n as i64));
    }
    let t: String = dates::halfwidth(text)
        .chars()
        .filter(|c| *c != ',')
        .collect();
    let t = t.trim_end_matches(['件', '名', '人']).trim();
    t.parse::<i64>().ok().map(Value::from)
}

pub fn boolean(text: &str) -> Option<bool> {
    match dates::halfwidth(text).trim().to_lowercase().as_str() {
        "○" | "〇" | "◯" | "✓" | "✔" | "有" | "あり" | "済" | "はい" | "yes" | "y" | "true"
        | "1" => Some(true),
        "×" | "✕" | "✗" | "無" | "なし" | "未" | "いいえ" | "no" | "n" | "false" | "0" => {
            Some(false)
        }
        _ => None,
    }
}

/// Sets `owner.person` in a record, making `owner` if it is not there.
pub fn set_path(target: &mut Value, dotted: &str, value: Value) {
    let mut cur = target;
    let segs: Vec<&str> = dotted.split('.').collect();
    for (i, seg) in segs.iter().enumerate() {
        if !cur.is_object() {
            *cur = Value::Object(Map::new());
        }
        let map = cur.as_object_mut().expect("made an object");
        if i == segs.len() - 1 {
            map.insert((*seg).to_owned(), value);
            return;
        }
        cur = map
            .entry((*seg).to_owned())
            .or_insert_with(|| Value::Object(Map::new()));
    }
}

/// Removes `owner.person`, and `owner` with it when nothing is left in it.
pub fn remove_path(target: &mut Value, dotted: &str) {
    fn go(v: &mut Value, segs: &[&str]) {
        let Some(map) = v.as_object_mut() else {
            return;
        };
        if segs.len() == 1 {
            map.shift_remove(segs[0]);
            return;
        }
        if let Some(child) = map.get_mut(segs[0]) {
            go(child, &segs[1..]);
            if child.as_object().is_some_and(Map::is_empty) {
                map.shift_remove(segs[0]);
            }
        }
    }
    let segs: Vec<&str> = dotted.split('.').collect();
    go(target, &segs);
}

pub fn get_path<'v>(v: &'v Value, dotted: &str) -> Option<&'v Value> {
    dotted.split('.').try_fold(v, |cur, seg| cur.get(seg))
}
