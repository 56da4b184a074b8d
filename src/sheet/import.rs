//! `grclint import KIND FILE`: the sheet's rows, merged by id into the ledger file, checked
//! as `check` checks it, and written with a header saying where it came from.

use super::convert::{self, Layout, RowRecord};
use super::emit::{self, Item, Out};
use super::findings::{self, Checked};
use super::ledger::{self, Comments, Existing, OURS};
use super::mapping::Mapping;
use super::read::{self, Grid, SheetLimits, cell_ref};
use super::{ImportArgs, load_repository, lookup_of, mapping_for, title};
use crate::diagnostic::Severity;
use crate::pipeline::Analysis;
use serde_json::Value;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// One record of the ledger to write.
struct Entry {
    value: Value,
    comments: Comments,
    /// The sheet row it came from, if it did.
    row: Option<usize>,
}

/// The conventional folder of a kind, where the default ledger goes.
fn folder(kind: &str) -> String {
    match kind {
        "person" => "people".to_owned(),
        "policy" => "policies".to_owned(),
        "continuity_plan" => "continuity".to_owned(),
        "incident_plan" => "incident-plans".to_owned(),
        k => format!("{k}s"),
    }
}

fn fail(msg: impl std::fmt::Display) -> i32 {
    eprintln!("grclint: {msg}");
    2
}

pub fn run(args: &ImportArgs) -> i32 {
    // The repository: the output's, or the current folder's.
    let start = match &args.output {
        Some(out) => existing_ancestor(out),
        None => PathBuf::from("."),
    };
    let repo = match load_repository(&start, args.config.as_deref(), args.today.as_deref()) {
        Ok(a) => a,
        Err(code) => return code,
    };
    if repo.kinds.get(&args.kind).is_none() {
        let known: Vec<&str> = repo.kinds.names().collect();
        return fail(format_args!(
            "`{}` is not a kind grclint knows; known kinds: {}",
            args.kind,
            known.join(", ")
        ));
    }
    let mapping = match mapping_for(&args.kind, args.mapping.as_deref()) {
        Ok(m) => m,
        Err(e) => return fail(e),
    };
    let output = args
        .output
        .clone()
        .unwrap_or_else(|| repo.world.root.join(folder(&args.kind)).join("ledger.yaml"));
    let rel = crate::discover::relative(&repo.world.root, &absolute(&output))
        .unwrap_or_else(|| output.display().to_string());
    let name = args
        .file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let limits = SheetLimits {
        max_bytes: repo.settings.limits.max_file_size,
        max_rows: repo.settings.limits.max_records,
    };
    let sheet = args.sheet.as_deref().or(mapping.sheet.as_deref());
    let grid = match read::read(&args.file, sheet, args.encoding.as_deref(), &limits) {
        Ok(g) => g,
        Err(e) => {
            return fail(format_args!(
                "{} was not imported: {e}",
                args.file.display()
            ));
        }
    };
    let layout = match convert::find_layout(&grid, &mapping) {
        Ok(l) => l,
        Err(e) => {
            return fail(format_args!(
                "{} was not imported: {e}",
                args.file.display()
            ));
        }
    };
    let rows = convert::rows(&grid, &mapping, &layout, &lookup_of(&repo));
    let existing = match read_existing(&output, &repo) {
        Ok(e) => e,
        Err(e) => return fail(format_args!("cannot import into {}: {e}", output.display())),
    };
    let header = header_lines(&args.kind, &name, &grid, &layout, &mapping);
    let (entries, hand_header, footer, kept) = merge(existing, &rows, &mapping, &layout);
    let doc = Doc {
        header: &header,
        hand_header: &hand_header,
        footer: &footer,
        entries: &entries,
        rows: &rows,
    };

    // Checked once to mark the rows with problems, then again as it will be written.
    let first = doc.render(&HashMap::new());
    let checked = findings::check(&first.text, &rel, &args.kind, &repo);
    let marks = marks(&checked, &first, &doc, &grid, &layout, &mapping);
    let out = doc.render(&marks);
    let checked = findings::check(&out.text, &rel, &args.kind, &repo);
    let (report, errors) = report(&checked, &out, &doc, &grid, &layout, &mapping);
    print!("{report}");
    for (col, h) in &layout.ignored {
        eprintln!(
            "grclint: column {} ({}) is not in the mapping; it was not imported",
            read::column_name(*col),
            h.replace('\n', " ")
        );
    }
    if !kept.is_empty() {
        eprintln!(
            "grclint: kept {} record{} of {rel} that {} not in the sheet: {}",
            kept.len(),
            if kept.len() == 1 { "" } else { "s" },
            if kept.len() == 1 { "is" } else { "are" },
            kept.join(", ")
        );
    }
    if args.strict && errors > 0 {
        eprintln!(
            "grclint: {rel} was not written (--strict): {errors} error{} to fix in the sheet",
            if errors == 1 { "" } else { "s" }
        );
        return 1;
    }
    if let Err(e) = write(&output, &out.text) {
        return fail(format_args!("cannot write {}: {e}", output.display()));
    }
    let from_sheet = entries.iter().filter(|e| e.row.is_some()).count();
    eprintln!(
        "grclint: wrote {rel}: {} record{} ({from_sheet} from {name}, sheet {}), {errors} error{}",
        entries.len(),
        if entries.len() == 1 { "" } else { "s" },
        grid.sheet,
        if errors == 1 { "" } else { "s" }
    );
    if errors > 0 { 1 } else { 0 }
}

fn absolute(p: &Path) -> PathBuf {
    let abs = if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(p)
    };
    // The folder exists even when the file does not yet: canonicalise that.
    match (
        abs.parent().and_then(|d| d.canonicalize().ok()),
        abs.file_name(),
    ) {
        (Some(dir), Some(name)) => dir.join(name),
        _ => abs,
    }
}

fn existing_ancestor(out: &Path) -> PathBuf {
    let mut dir = out.parent().map(Path::to_path_buf).unwrap_or_default();
    while !dir.as_os_str().is_empty() && !dir.is_dir() {
        dir = dir.parent().map(Path::to_path_buf).unwrap_or_default();
    }
    if dir.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        dir
    }
}

fn read_existing(output: &Path, repo: &Analysis) -> Result<Existing, String> {
    match std::fs::symlink_metadata(output) {
        Err(_) => Ok(Existing::default()),
        Ok(m) if !m.is_file() => Err("it is not a regular file".to_owned()),
        Ok(_) => {
            let text = crate::source::read_regular(output, repo.settings.limits.max_file_size)?;
            ledger::read(&text, &repo.settings.limits)
        }
    }
}

fn header_lines(
    kind: &str,
    name: &str,
    grid: &Grid,
    layout: &Layout,
    mapping: &Mapping,
) -> Vec<String> {
    let mapping_name = if mapping.origin == "built-in" {
        "the built-in mapping".to_owned()
    } else {
        format!("the mapping {}", mapping.origin)
    };
    vec![
        format!(
            "{OURS} {} ({kind} records) from {name}, sheet {} ({}), header in row {}, with {mapping_name}.",
            title(kind),
            grid.sheet,
            grid.format,
            layout.header_row + 1
        ),
        format!(
            "{OURS} importing it again updates these records by id and keeps the comments you add here,"
        ),
        format!(
            "{OURS} and the records that are not in the sheet. `# {}` after a value names the cell it came from.",
            cell_ref(&grid.sheet, layout.header_row + 1, 0)
        ),
    ]
}

/// The existing ledger's records, updated by id from the rows (the sheet's columns replace
/// those fields; fields it has no column for stay), then the rows with new ids.
fn merge(
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

struct Doc<'a> {
    header: &'a [String],
    hand_header: &'a [String],
    footer: &'a [String],
    entries: &'a [Entry],
    rows: &'a [RowRecord],
}

impl Doc<'_> {
    fn render(&self, marks: &HashMap<usize, Vec<String>>) -> Out {
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

/// Where a finding is: the cell of the field it names, the row of the record, or (for a
/// record not from the sheet) the ledger's line and column.
fn place(
    d: &crate::diagnostic::Diagnostic,
    checked: &Checked,
    out: &Out,
    doc: &Doc<'_>,
    grid: &Grid,
    layout: &Layout,
    mapping: &Mapping,
) -> (Option<usize>, String) {
    let Some(span) = d.primary else {
        return (None, checked.source.path.clone());
    };
    let (line, col) = checked.source.line_col(span.start);
    let at_line = format!("{}:{line}:{col}", checked.source.path);
    let Some(Some((entry, _))) = out.owners.get(line as usize - 1) else {
        return (None, at_line);
    };
    let Some(r) = doc.entries[*entry].row else {
        return (Some(*entry), at_line);
    };
    let row = &doc.rows[r];
    let pointer = d.record.as_ref().map(|r| r.pointer.as_str()).unwrap_or("");
    let within = |p: &str, of: &str| p == of || p.starts_with(&format!("{of}/"));
    let cell = row
        .cells
        .iter()
        .find(|(p, _)| p == pointer)
        .or_else(|| {
            row.cells
                .iter()
                .find(|(p, _)| !pointer.is_empty() && within(p, pointer))
        })
        .or_else(|| {
            row.cells
                .iter()
                .find(|(p, _)| !p.is_empty() && within(pointer, p))
        })
        .map(|(_, c)| c.clone());
    let cell = cell.or_else(|| {
        // A missing field whose column is in the sheet: the empty cell where it belongs.
        layout.columns.iter().find_map(|(col, m)| {
            let p = crate::load::spans::dotted_to_pointer(&mapping.columns[*m].field);
            (!pointer.is_empty() && within(&p, pointer))
                .then(|| cell_ref(&grid.sheet, row.row, *col))
        })
    });
    let cell = cell.unwrap_or_else(|| {
        let first = layout.columns.iter().map(|c| c.0).min().unwrap_or(0);
        let last = layout.columns.iter().map(|c| c.0).max().unwrap_or(0);
        format!(
            "{}:{}{}",
            cell_ref(&grid.sheet, row.row, first),
            read::column_name(last),
            row.row + 1
        )
    });
    (Some(*entry), cell)
}

fn marks(
    checked: &Checked,
    out: &Out,
    doc: &Doc<'_>,
    grid: &Grid,
    layout: &Layout,
    mapping: &Mapping,
) -> HashMap<usize, Vec<String>> {
    let mut found: HashMap<usize, Vec<String>> = HashMap::new();
    for d in checked
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
    {
        if let (Some(e), at) = place(d, checked, out, doc, grid, layout, mapping)
            && doc.entries[e].row.is_some()
        {
            found
                .entry(e)
                .or_default()
                .push(format!("{} at {at}", d.code));
        }
    }
    found
        .into_iter()
        .map(|(e, list)| {
            let row = doc.entries[e].row.map(|r| doc.rows[r].row + 1).unwrap_or(0);
            let text = format!(
                "row {row} of sheet {} has problems ({}); fix the sheet and import again",
                grid.sheet,
                list.join(", ")
            );
            (e, vec![text])
        })
        .collect()
}

/// The report: every finding at its place, then the notes on cells; and the error count.
fn report(
    checked: &Checked,
    out: &Out,
    doc: &Doc<'_>,
    grid: &Grid,
    layout: &Layout,
    mapping: &Mapping,
) -> (String, usize) {
    let mut text = String::new();
    let mut errors = 0;
    for d in &checked.diagnostics {
        if d.severity == Severity::Error {
            errors += 1;
        }
        let (_, at) = place(d, checked, out, doc, grid, layout, mapping);
        findings::render(&at, d, &mut text);
    }
    for row in doc.rows {
        for (at, note) in &row.notes {
            text.push_str(&format!("{at}: note: {note}\n"));
        }
    }
    (text, errors)
}

/// Beside the target, then renamed over it: a reader never sees half a ledger.
fn write(target: &Path, text: &str) -> std::io::Result<()> {
    if let Some(dir) = target.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    let dir = target
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = std::fs::write(&tmp, text).and_then(|_| std::fs::rename(&tmp, target));
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}
