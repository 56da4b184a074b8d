//! `grclint export KIND --format xlsx|csv`: the ledger for an auditor, in the mapping's
//! columns, written so that importing it gives the same records back: names for ids, the
//! sheet's words for values, real dates; and the findings of each record in a last column.

use super::convert::{FINDINGS_HEADER, get_path};
use super::lookup::Lookup;
use super::mapping::{ColType, Column, Mapping};
use super::{ExportArgs, load_repository, lookup_of, mapping_for, title};
use crate::diagnostic::Diagnostic;
use jiff::civil::Date;
use rust_xlsxwriter::{ExcelDateTime, Format, FormatBorder, Workbook, XlsxError};
use serde_json::Value;
use std::collections::HashMap;
use std::path::PathBuf;

/// One cell of the export.
enum Out {
    Empty,
    Text(String),
    Number(f64),
    Date(Date),
}

pub fn run(args: &ExportArgs) -> i32 {
    let repo = match load_repository(&args.path, args.config.as_deref(), args.today.as_deref()) {
        Ok(a) => a,
        Err(code) => return code,
    };
    if repo.kinds().get(&args.kind).is_none() {
        let known: Vec<&str> = repo.kinds().names().collect();
        eprintln!(
            "{}",
            crate::tr!(
                "grclint: `{}` is not a kind grclint knows; known kinds: {}",
                "grclint: `{}` は grclint の知らない種別。既知の種別: {}",
                args.kind,
                known.join(", ")
            )
        );
        return 2;
    }
    let mapping = match mapping_for(&args.kind, args.mapping.as_deref()) {
        Ok(m) => m,
        Err(e) => {
            eprintln!("grclint: {e}");
            return 2;
        }
    };
    let lookup = lookup_of(&repo);
    let mut findings: HashMap<&str, Vec<&Diagnostic>> = HashMap::new();
    for d in repo.findings().iter().filter(|d| d.suppressed.is_none()) {
        if let Some(r) = &d.record
            && r.kind == args.kind
            && let Some(id) = &r.id
        {
            findings.entry(id.as_str()).or_default().push(d);
        }
    }
    let mut rows: Vec<Vec<Out>> = Vec::new();
    let mut with_findings = 0;
    for r in repo.records().iter().filter(|r| r.kind == args.kind) {
        let mut row: Vec<Out> = mapping
            .columns
            .iter()
            .map(|c| cell(c, get_path(&r.value, &c.field), &lookup))
            .collect();
        let mut found =
            r.id.as_deref()
                .and_then(|id| findings.get(id))
                .cloned()
                .unwrap_or_default();
        found.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        found.dedup_by(|a, b| a.code == b.code && a.message == b.message);
        if !found.is_empty() {
            with_findings += 1;
        }
        let text: Vec<String> = found
            .iter()
            .map(|d| format!("{} {}: {}", d.code, d.severity, d.message))
            .collect();
        row.push(if text.is_empty() {
            Out::Empty
        } else {
            Out::Text(text.join("\n"))
        });
        rows.push(row);
    }
    let output = args
        .output
        .clone()
        .unwrap_or_else(|| PathBuf::from(format!("{}-ledger.{}", args.kind, args.format)));
    let written = match args.format.as_str() {
        "csv" => std::fs::write(&output, csv(&mapping, &rows)).map_err(|e| e.to_string()),
        _ => xlsx(&mapping, &rows, &title(&args.kind), &output).map_err(|e| e.to_string()),
    };
    if let Err(e) = written {
        eprintln!(
            "{}",
            crate::tr!(
                "grclint: cannot write {}: {e}",
                "grclint: {} に書き込めない: {e}",
                output.display()
            )
        );
        return 2;
    }
    let (to, n) = (output.display(), rows.len());
    let s = if n == 1 { "" } else { "s" };
    eprintln!(
        "grclint: {}",
        crate::tr!(
            "wrote {to}: {n} record{s}, {with_findings} with findings",
            "{to} を書き込んだ: レコード {n} 件（うち指摘のあるもの {with_findings} 件）"
        )
    );
    0
}

/// The sheet's word for a value: the first `values:` entry that gives it back.
fn word(column: &Column, v: &Value) -> Option<String> {
    column
        .values
        .iter()
        .find(|(_, x)| x == v)
        .map(|(k, _)| k.clone())
}

fn text_of(column: &Column, v: &Value, lookup: &Lookup) -> String {
    if let Some(w) = word(column, v) {
        return w;
    }
    match v {
        Value::String(s) => match &column.ref_kind {
            Some(kind) => lookup.name_of(kind, s).unwrap_or(s).to_owned(),
            None => s.clone(),
        },
        Value::Bool(b) if column.ty == ColType::Boolean => if *b { "○" } else { "×" }.to_owned(),
        other => super::emit::flow(other),
    }
}

fn cell(column: &Column, v: Option<&Value>, lookup: &Lookup) -> Out {
    let Some(v) = v else { return Out::Empty };
    match (column.ty, v) {
        (ColType::List, Value::Array(items)) => Out::Text(
            items
                .iter()
                .map(|i| text_of(column, i, lookup))
                .collect::<Vec<_>>()
                .join("\n"),
        ),
        (ColType::Date, Value::String(s)) if s.len() == 10 => match s.parse::<Date>() {
            Ok(d) => Out::Date(d),
            Err(_) => Out::Text(s.clone()),
        },
        (ColType::Integer, Value::Number(n)) => Out::Number(n.as_f64().unwrap_or_default()),
        _ => Out::Text(text_of(column, v, lookup)),
    }
}

fn headers(mapping: &Mapping) -> Vec<&str> {
    let mut h: Vec<&str> = mapping
        .columns
        .iter()
        .map(|c| c.headers[0].as_str())
        .collect();
    h.push(FINDINGS_HEADER);
    h
}

/// UTF-8 with a BOM, so that Excel shows the Japanese text; CRLF, as Excel writes it.
fn csv(mapping: &Mapping, rows: &[Vec<Out>]) -> String {
    let quote = |s: &str| {
        if s.contains([',', '"', '\n', '\r']) || s.trim() != s {
            format!("\"{}\"", s.replace('"', "\"\""))
        } else {
            s.to_owned()
        }
    };
    let mut out = String::from("\u{feff}");
    let line: Vec<String> = headers(mapping).iter().map(|h| quote(h)).collect();
    out.push_str(&line.join(","));
    out.push_str("\r\n");
    for row in rows {
        let line: Vec<String> = row
            .iter()
            .map(|c| match c {
                Out::Empty => String::new(),
                Out::Text(s) => quote(s),
                Out::Number(n) => format!("{n}"),
                Out::Date(d) => d.to_string(),
            })
            .collect();
        out.push_str(&line.join(","));
        out.push_str("\r\n");
    }
    out
}

/// A header row in bold with filters, frozen below it, dates as dates.
fn xlsx(
    mapping: &Mapping,
    rows: &[Vec<Out>],
    sheet: &str,
    path: &std::path::Path,
) -> Result<(), XlsxError> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name(sheet)?;
    let head = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_background_color("#DDEBF7")
        .set_border(FormatBorder::Thin);
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let wrap = Format::new().set_text_wrap();
    let names = headers(mapping);
    for (c, h) in names.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *h, &head)?;
        let width = if c + 1 == names.len() { 60.0 } else { 16.0 };
        ws.set_column_width(c as u16, width)?;
    }
    for (r, row) in rows.iter().enumerate() {
        let r = r as u32 + 1;
        for (c, v) in row.iter().enumerate() {
            let c = c as u16;
            match v {
                Out::Empty => {}
                Out::Text(s) if s.contains('\n') => {
                    ws.write_string_with_format(r, c, s, &wrap)?;
                }
                Out::Text(s) => {
                    ws.write_string(r, c, s)?;
                }
                Out::Number(n) => {
                    ws.write_number(r, c, *n)?;
                }
                Out::Date(d) => {
                    let x =
                        ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)?;
                    ws.write_date_with_format(r, c, &x, &date)?;
                }
            }
        }
    }
    ws.autofilter(0, 0, rows.len() as u32, names.len() as u16 - 1)?;
    ws.set_freeze_panes(1, 0)?;
    wb.save(path)
}
