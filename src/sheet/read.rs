//! Reading a sheet: `.xlsx`/`.xlsm`/`.xls`/`.xlsb`/`.ods` through calamine, `.csv`/`.tsv`
//! through `csv`, into a sparse grid of cells. Limits are checked before anything is
//! unpacked or allocated by the sheet's own size.

use super::csv;
use calamine::{DataRef, Reader};
use jiff::civil::Date;
use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;

/// A cell's value as the sheet shows it (a formula's cached result, not the formula).
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Text(String),
    Number(f64),
    Date(Date),
    Bool(bool),
    /// A formula error such as `#REF!`.
    Error(String),
}

/// One sheet, sparse: a row or column far away costs nothing.
pub struct Grid {
    pub sheet: String,
    /// 0-based row → its cells by 0-based column.
    pub rows: BTreeMap<u32, BTreeMap<u32, Cell>>,
    /// What was read, for the ledger's header comment: `xlsx`, `csv, Shift_JIS`.
    pub format: String,
}

impl Grid {
    pub fn get(&self, row: u32, col: u32) -> Option<&Cell> {
        self.rows.get(&row)?.get(&col)
    }
}

/// What the repository's config allows (`limits:` in .grclint.yaml).
pub struct SheetLimits {
    /// The workbook file, and every part of it once unpacked (4× in all).
    pub max_bytes: u64,
    /// Rows below the header.
    pub max_rows: usize,
}

/// Reads the named sheet (or the mapping's, or the first) of a workbook or CSV file.
pub fn read(
    path: &Path,
    sheet: Option<&str>,
    encoding: Option<&str>,
    limits: &SheetLimits,
) -> Result<Grid, String> {
    let meta = std::fs::metadata(path)
        .map_err(|e| crate::tr!("cannot read it: {e}", "読み取れない: {e}"))?;
    if !meta.is_file() {
        return Err(
            crate::i18n::t("it is not a regular file", "通常のファイルではない").to_owned(),
        );
    }
    if meta.len() > limits.max_bytes {
        return Err(crate::tr!(
            "it is {} bytes, more than the limit of {} (`limits.max_file_size` in .grclint.yaml)",
            "{} バイトあり、上限の {} バイト（.grclint.yaml の `limits.max_file_size`）を超えている",
            meta.len(),
            limits.max_bytes
        ));
    }
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    match ext.as_str() {
        "csv" | "tsv" | "txt" => read_csv(path, &stem, encoding, limits),
        "xlsx" | "xlsm" => {
            check_unpacked_size(path, limits)?;
            read_xlsx(path, sheet, limits)
        }
        "ods" => {
            check_unpacked_size(path, limits)?;
            read_other(path, sheet, limits, "ods")
        }
        "xls" | "xlsb" => read_other(path, sheet, limits, &ext),
        _ => Err(crate::tr!(
            "grclint reads .xlsx, .xlsm, .xls, .xlsb, .ods and .csv files, not `.{ext}`",
            "grclint が読めるのは .xlsx、.xlsm、.xls、.xlsb、.ods、.csv のファイルで、`.{ext}` は読めない"
        )),
    }
}

/// A CSV file is one sheet named after the file, as Excel names it.
fn read_csv(
    path: &Path,
    sheet: &str,
    encoding: Option<&str>,
    limits: &SheetLimits,
) -> Result<Grid, String> {
    let (rows, used) = csv::read(path, encoding, limits.max_rows)?;
    let mut grid = Grid {
        sheet: sheet.to_owned(),
        rows: BTreeMap::new(),
        format: format!("csv, {}", used.name()),
    };
    for (r, fields) in rows.into_iter().enumerate() {
        let cells: BTreeMap<u32, Cell> = fields
            .into_iter()
            .enumerate()
            .filter(|(_, f)| !f.trim().is_empty())
            .map(|(c, f)| (c as u32, Cell::Text(f)))
            .collect();
        if !cells.is_empty() {
            grid.rows.insert(r as u32, cells);
        }
    }
    Ok(grid)
}

/// A zip bomb is refused before calamine opens it: every part is unpacked into nothing,
/// counting, and none may pass the limit (nor all of them four times it).
fn check_unpacked_size(path: &Path, limits: &SheetLimits) -> Result<(), String> {
    let file = std::fs::File::open(path)
        .map_err(|e| crate::tr!("cannot read it: {e}", "読み取れない: {e}"))?;
    let mut zip = zip::ZipArchive::new(std::io::BufReader::new(file)).map_err(|e| {
        crate::tr!(
            "it is not a workbook (not a zip archive: {e})",
            "ブックではない（zip 形式でない: {e}）"
        )
    })?;
    if zip.len() > 10_000 {
        return Err(crate::tr!(
            "it holds {} parts; a workbook has a few dozen",
            "部品が {} 個ある。ブックの部品は数十個ほど",
            zip.len()
        ));
    }
    let too_big = |name: &str| {
        let max = limits.max_bytes;
        crate::tr!(
            "its part {name} unpacks to more than {max} bytes (`limits.max_file_size` in .grclint.yaml): a sheet that large, or a zip bomb",
            "部品 {name} を展開すると {max} バイトを超える（.grclint.yaml の `limits.max_file_size`）。それほど大きなシートか、zip 爆弾である"
        )
    };
    let mut total = 0u64;
    for i in 0..zip.len() {
        let mut part = zip
            .by_index(i)
            .map_err(|e| crate::tr!("it is a damaged workbook: {e}", "壊れたブックである: {e}"))?;
        let name = part.name().map(|n| n.into_owned()).unwrap_or_default();
        if part.size() > limits.max_bytes {
            return Err(too_big(&name));
        }
        // The declared size may lie: count what actually comes out.
        let n = std::io::copy(
            &mut (&mut part).take(limits.max_bytes + 1),
            &mut std::io::sink(),
        )
        .map_err(|e| {
            crate::tr!(
                "it is a damaged workbook ({name}: {e})",
                "壊れたブックである（{name}: {e}）"
            )
        })?;
        if n > limits.max_bytes {
            return Err(too_big(&name));
        }
        total += n;
        if total > limits.max_bytes.saturating_mul(4) {
            return Err(crate::tr!(
                "it unpacks to more than {} bytes in all (4 × `limits.max_file_size`)",
                "展開すると合計 {} バイトを超える（`limits.max_file_size` の 4 倍）",
                limits.max_bytes.saturating_mul(4)
            ));
        }
    }
    Ok(())
}

fn pick_sheet(names: &[String], wanted: Option<&str>) -> Result<String, String> {
    match wanted {
        Some(w) => names
            .iter()
            .find(|n| n.as_str() == w)
            .cloned()
            .ok_or_else(|| {
                crate::tr!(
                    "it has no sheet named `{w}`; its sheets are: {}",
                    "`{w}` という名前のシートがない。シートは次のとおり: {}",
                    names.join(", ")
                )
            }),
        None => names
            .first()
            .cloned()
            .ok_or_else(|| crate::i18n::t("it has no sheets", "シートがない").to_owned()),
    }
}

fn too_many_rows(limits: &SheetLimits) -> String {
    crate::tr!(
        "its sheet has more than {} rows (`limits.max_records` in .grclint.yaml)",
        "シートの行が {} を超えている（.grclint.yaml の `limits.max_records`）",
        limits.max_rows
    )
}

fn cell_of(d: DataRef<'_>) -> Option<Cell> {
    Some(match d {
        DataRef::Empty => return None,
        DataRef::Int(i) => Cell::Number(i as f64),
        DataRef::Float(f) => Cell::Number(f),
        DataRef::Bool(b) => Cell::Bool(b),
        DataRef::String(s) => Cell::Text(s),
        DataRef::SharedString(s) => Cell::Text(s.to_owned()),
        DataRef::DateTime(dt) if dt.is_datetime() => {
            let (y, m, d, ..) = dt.to_ymd_hms_milli();
            match Date::new(y as i16, m as i8, d as i8) {
                Ok(date) => Cell::Date(date),
                Err(_) => Cell::Number(dt.as_f64()),
            }
        }
        DataRef::DateTime(dt) => Cell::Number(dt.as_f64()),
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => Cell::Text(s),
        DataRef::Error(e) => Cell::Error(e.to_string()),
    })
}

/// xlsx cells are streamed: a sheet whose used range claims a million rows allocates none.
fn read_xlsx(path: &Path, sheet: Option<&str>, limits: &SheetLimits) -> Result<Grid, String> {
    let mut wb: calamine::Xlsx<_> = calamine::open_workbook(path).map_err(|e| {
        crate::tr!(
            "it cannot be read as xlsx: {e}",
            "xlsx として読み取れない: {e}"
        )
    })?;
    let name = pick_sheet(&wb.sheet_names(), sheet)?;
    let merged = wb.merge_cells_by_sheet_name(&name).map_err(|e| {
        crate::tr!(
            "its sheet {name} cannot be read: {e}",
            "シート {name} を読み取れない: {e}"
        )
    })?;
    let mut grid = Grid {
        sheet: name.clone(),
        rows: BTreeMap::new(),
        format: "xlsx".to_owned(),
    };
    let mut reader = wb.worksheet_cells_reader(&name).map_err(|e| {
        crate::tr!(
            "its sheet {name} cannot be read: {e}",
            "シート {name} を読み取れない: {e}"
        )
    })?;
    // Header and title rows come on top of the records.
    let max_row = limits.max_rows as u64 + 100;
    while let Some(c) = reader.next_cell().map_err(|e| {
        crate::tr!(
            "its sheet {name} cannot be read: {e}",
            "シート {name} を読み取れない: {e}"
        )
    })? {
        let (r, col) = c.get_position();
        if r as u64 >= max_row {
            return Err(too_many_rows(limits));
        }
        if let Some(v) = cell_of(c.get_value().clone()) {
            grid.rows.entry(r).or_default().insert(col, v);
        }
    }
    drop(reader);
    fill_merged(&mut grid, &merged);
    Ok(grid)
}

/// xls, xlsb and ods: calamine reads them whole (the file size bounds them).
fn read_other(
    path: &Path,
    sheet: Option<&str>,
    limits: &SheetLimits,
    format: &str,
) -> Result<Grid, String> {
    let mut wb = calamine::open_workbook_auto(path).map_err(|e| {
        crate::tr!(
            "it cannot be read as {format}: {e}",
            "{format} として読み取れない: {e}"
        )
    })?;
    let name = pick_sheet(&wb.sheet_names(), sheet)?;
    let range = wb.worksheet_range(&name).map_err(|e| {
        crate::tr!(
            "its sheet {name} cannot be read: {e}",
            "シート {name} を読み取れない: {e}"
        )
    })?;
    if range.height() > limits.max_rows + 100 {
        return Err(too_many_rows(limits));
    }
    let mut grid = Grid {
        sheet: name,
        rows: BTreeMap::new(),
        format: format.to_owned(),
    };
    let (r0, c0) = range.start().unwrap_or((0, 0));
    for (r, c, v) in range.used_cells() {
        let data = match v {
            calamine::Data::Int(i) => DataRef::Int(*i),
            calamine::Data::Float(f) => DataRef::Float(*f),
            calamine::Data::String(s) => DataRef::SharedString(s),
            calamine::Data::Bool(b) => DataRef::Bool(*b),
            calamine::Data::DateTime(d) => DataRef::DateTime(*d),
            calamine::Data::DateTimeIso(s) => DataRef::DateTimeIso(s.clone()),
            calamine::Data::DurationIso(s) => DataRef::DurationIso(s.clone()),
            calamine::Data::Error(e) => DataRef::Error(e.clone()),
            calamine::Data::Empty => DataRef::Empty,
        };
        if let Some(cell) = cell_of(data) {
            grid.rows
                .entry(r0 + r as u32)
                .or_default()
                .insert(c0 + c as u32, cell);
        }
    }
    Ok(grid)
}

/// A merged cell's value stands in every cell it covers (a department merged over three
/// rows is the department of each), within the cells the sheet uses.
fn fill_merged(grid: &mut Grid, merged: &[calamine::Dimensions]) {
    let last_row = grid.rows.keys().next_back().copied().unwrap_or(0);
    let last_col = grid
        .rows
        .values()
        .filter_map(|r| r.keys().next_back().copied())
        .max()
        .unwrap_or(0);
    let mut budget: u64 = 1_000_000;
    for m in merged {
        let Some(value) = grid.get(m.start.0, m.start.1).cloned() else {
            continue;
        };
        for r in m.start.0..=m.end.0.min(last_row) {
            for c in m.start.1..=m.end.1.min(last_col) {
                if budget == 0 {
                    return;
                }
                budget -= 1;
                grid.rows
                    .entry(r)
                    .or_default()
                    .entry(c)
                    .or_insert_with(|| value.clone());
            }
        }
    }
}

/// `A`, `B`, …, `Z`, `AA`: a 0-based column as Excel names it.
pub fn column_name(mut col: u32) -> String {
    let mut name = Vec::new();
    loop {
        name.push(b'A' + (col % 26) as u8);
        if col < 26 {
            break;
        }
        col = col / 26 - 1;
    }
    name.reverse();
    String::from_utf8(name).expect("ASCII")
}

/// `台帳!F12`; a sheet name with spaces or punctuation is quoted as Excel quotes it.
pub fn cell_ref(sheet: &str, row: u32, col: u32) -> String {
    format!("{}!{}{}", sheet_ref(sheet), column_name(col), row + 1)
}

pub fn sheet_ref(sheet: &str) -> String {
    let plain = !sheet.is_empty()
        && sheet
            .chars()
            .all(|c| !c.is_whitespace() && !"!'\"#,;:()[]{}<>-+&=".contains(c));
    if plain {
        sheet.to_owned()
    } else {
        format!("'{}'", sheet.replace('\'', "''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_and_cells_are_named_as_excel_names_them() {
        assert_eq!(column_name(0), "A");
        assert_eq!(column_name(25), "Z");
        assert_eq!(column_name(26), "AA");
        assert_eq!(column_name(16383), "XFD");
        assert_eq!(cell_ref("台帳", 11, 5), "台帳!F12");
        assert_eq!(cell_ref("My sheet", 0, 0), "'My sheet'!A1");
    }
}
