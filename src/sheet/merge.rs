//! Into an existing ledger: its records updated by id from the sheet's rows, the rows
//! with new ids after them; and the whole laid out as the file to write.

use super::convert::{self, Layout, RowRecord};
use super::emit::{self, Item, Out};
use super::ledger::{Comments, Existing};
use super::mapping::Mapping;
use serde_json::Value;
use std::collections::HashMap;

/// One record of the ledger to write.
pub struct Entry {
    pub value: Value,
    pub comments: Comments,
    /// The sheet row it came from, if it did.
    pub row: Option<usize>,
}

/// The existing ledger's records, updated by id from the rows (the sheet's columns replace
/// those fields; fields it has no column for stay), then the rows with new ids.
pub fn merge(
    existing: Existing,
    rows: &[RowRecord],
    mapping: &Mapping,
    layout: &Layout,
) -> (Vec<Entry>, Vec<String>, Vec<String>, Vec<String>) {
    let fields: Vec<&str> = layout
        .columns
        .iter()
        .map(|(_, m)| mapping.columns[*m].field.as_str())
        .collect();
    let mut by_id: HashMap<&str, usize> = HashMap::new();
    for (i, r) in rows.iter().enumerate() {
        if let Some(id) = r.value.get("id").and_then(Value::as_str) {
            by_id.entry(id).or_insert(i);
        }
    }
    let mut used = vec![false; rows.len()];
    let mut entries = Vec::new();
    let mut kept = Vec::new();
    for (mut value, comments) in existing.records {
        let id = value.get("id").and_then(Value::as_str).map(str::to_owned);
        match id.as_deref().and_then(|id| by_id.get(id)).copied() {
            Some(i) if !used[i] => {
                used[i] = true;
                for f in &fields {
                    match convert::get_path(&rows[i].value, f) {
                        Some(v) => convert::set_path(&mut value, f, v.clone()),
                        None => convert::remove_path(&mut value, f),
                    }
                }
                entries.push(Entry {
                    value,
                    comments,
                    row: Some(i),
                });
            }
            _ => {
                kept.push(id.unwrap_or_else(|| "(no id)".to_owned()));
                entries.push(Entry {
                    value,
                    comments,
                    row: None,
                });
            }
        }
    }
    for (i, r) in rows.iter().enumerate() {
        if !used[i] {
            entries.push(Entry {
                value: r.value.clone(),
                comments: Comments::default(),
                row: Some(i),
            });
        }
    }
    (entries, existing.header, existing.footer, kept)
}

pub struct Doc<'a> {
    pub header: &'a [String],
    pub hand_header: &'a [String],
    pub footer: &'a [String],
    pub entries: &'a [Entry],
    pub rows: &'a [RowRecord],
}

impl Doc<'_> {
    pub fn render(&self, marks: &HashMap<usize, Vec<String>>) -> Out {
        let mut out = Out::default();
        for h in self.header.iter().chain(self.hand_header) {
            out.line(h, None);
        }
        let none = HashMap::new();
        for (i, e) in self.entries.iter().enumerate() {
            out.line("", None);
            let cells: HashMap<String, String> = match e.row {
                Some(r) => self.rows[r].cells.iter().cloned().collect(),
                None => HashMap::new(),
            };
            let item = Item {
                index: i,
                value: &e.value,
                comments: &e.comments,
                cells: if e.row.is_some() { &cells } else { &none },
                marks: marks.get(&i).map(Vec::as_slice).unwrap_or(&[]),
            };
            emit::record(&mut out, &item);
        }
        if !self.footer.is_empty() {
            out.line("", None);
        }
        for f in self.footer {
            out.line(f, None);
        }
        out
    }
}
