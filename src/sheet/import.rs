//! `grclint import KIND FILE`: the sheet's rows, merged by id into the ledger file, checked
//! as `check` checks it, and written with a header saying where it came from.

use super::convert::{self, Layout, RowRecord};
use super::findings;
use super::ledger::{self, Existing, OURS};
use super::mapping::Mapping;
use super::merge::{Doc, merge};
use super::read::{self, Grid, SheetLimits, cell_ref};
use super::{ImportArgs, load_repository, lookup_of, mapping_for, title};
use crate::pipeline::Workspace;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

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

/// Where the import goes: the repository, the mapping, the ledger file (and its path in
/// the repository).
struct Target {
    repo: Workspace,
    mapping: Mapping,
    output: PathBuf,
    rel: String,
}

fn target(args: &ImportArgs) -> Result<Target, i32> {
    // The repository: the output's, or the current folder's.
    let start = match &args.output {
        Some(out) => existing_ancestor(out),
        None => PathBuf::from("."),
    };
    let repo = load_repository(&start, args.config.as_deref(), args.today.as_deref())?;
    if repo.kinds().get(&args.kind).is_none() {
        let known: Vec<&str> = repo.kinds().names().collect();
        return Err(fail(format_args!(
            "{}",
            crate::tr!(
                "`{}` is not a kind grclint knows; known kinds: {}",
                "`{}` は grclint の知らない種別。既知の種別: {}",
                args.kind,
                known.join(", ")
            )
        )));
    }
    let mapping = mapping_for(&args.kind, args.mapping.as_deref()).map_err(fail)?;
    let output = args
        .output
        .clone()
        .unwrap_or_else(|| repo.root().join(folder(&args.kind)).join("ledger.yaml"));
    let rel = crate::discover::relative(repo.root(), &absolute(&output))
        .unwrap_or_else(|| output.display().to_string());
    Ok(Target {
        repo,
        mapping,
        output,
        rel,
    })
}

/// The sheet, where its header is, and the records of its rows.
fn sheet(args: &ImportArgs, t: &Target) -> Result<(Grid, Layout, Vec<RowRecord>), i32> {
    let limits = SheetLimits {
        max_bytes: t.repo.settings().limits.max_file_size,
        max_rows: t.repo.settings().limits.max_records,
    };
    let not_imported = |e: String| {
        fail(format_args!(
            "{}",
            crate::tr!(
                "{} was not imported: {e}",
                "{} を取り込まなかった: {e}",
                args.file.display()
            )
        ))
    };
    let sheet = args.sheet.as_deref().or(t.mapping.sheet.as_deref());
    let grid =
        read::read(&args.file, sheet, args.encoding.as_deref(), &limits).map_err(not_imported)?;
    let layout = convert::find_layout(&grid, &t.mapping).map_err(not_imported)?;
    let rows = convert::rows(&grid, &t.mapping, &layout, &lookup_of(&t.repo));
    Ok((grid, layout, rows))
}

pub fn run(args: &ImportArgs) -> i32 {
    let t = match target(args) {
        Ok(t) => t,
        Err(code) => return code,
    };
    let (grid, layout, rows) = match sheet(args, &t) {
        Ok(x) => x,
        Err(code) => return code,
    };
    let existing = match read_existing(&t.output, &t.repo) {
        Ok(e) => e,
        Err(e) => {
            return fail(format_args!(
                "{}",
                crate::tr!(
                    "cannot import into {}: {e}",
                    "{} に取り込めない: {e}",
                    t.output.display()
                )
            ));
        }
    };
    let name = args
        .file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let header = header_lines(&args.kind, &name, &grid, &layout, &t.mapping);
    let (entries, hand_header, footer, kept) = merge(existing, &rows, &t.mapping, &layout);
    let doc = Doc {
        header: &header,
        hand_header: &hand_header,
        footer: &footer,
        entries: &entries,
        rows: &rows,
    };

    // Checked once to mark the rows with problems, then again as it will be written.
    let first = doc.render(&HashMap::new());
    let checked = findings::check(&first.text, &t.rel, &args.kind, &t.repo);
    let marks = findings::marks(&checked, &first, &doc, &grid, &layout, &t.mapping);
    let out = doc.render(&marks);
    let checked = findings::check(&out.text, &t.rel, &args.kind, &t.repo);
    let (report, errors) = findings::report(&checked, &out, &doc, &grid, &layout, &t.mapping);
    print!("{report}");
    tell(args, &t, &layout, &kept);
    let rel = &t.rel;
    if args.strict && errors > 0 {
        let s = plural(errors);
        eprintln!(
            "grclint: {}",
            crate::tr!(
                "{rel} was not written (--strict): {errors} error{s} to fix in the sheet",
                "{rel} は書き込まなかった（--strict）。シートで直すべきエラーが {errors} 件ある"
            )
        );
        return 1;
    }
    if let Err(e) = write(&t.output, &out.text) {
        let to = t.output.display();
        return fail(format_args!(
            "{}",
            crate::tr!("cannot write {to}: {e}", "{to} に書き込めない: {e}")
        ));
    }
    let from_sheet = entries.iter().filter(|e| e.row.is_some()).count();
    let (n, sheet) = (entries.len(), &grid.sheet);
    let (rs, es) = (plural(n), plural(errors));
    eprintln!(
        "grclint: {}",
        crate::tr!(
            "wrote {rel}: {n} record{rs} ({from_sheet} from {name}, sheet {sheet}), {errors} error{es}",
            "{rel} を書き込んだ: レコード {n} 件（うち {from_sheet} 件は {name} のシート {sheet} から）、エラー {errors} 件"
        )
    );
    if errors > 0 { 1 } else { 0 }
}

/// The first ten of a list, and how many more.
fn list(ids: &[String]) -> String {
    match ids.len() {
        0..=10 => ids.join(", "),
        n => {
            let (first, more) = (ids[..10].join(", "), n - 10);
            crate::tr!("{first}, … and {more} more", "{first}、… ほか {more} 件")
        }
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// What the user should know besides the findings: columns left out, records kept, and
/// whether `check` will find the ledger.
fn tell(args: &ImportArgs, t: &Target, layout: &Layout, kept: &[String]) {
    let rel = &t.rel;
    for (col, h) in &layout.ignored {
        let (name, header) = (read::column_name(*col), h.replace('\n', " "));
        eprintln!(
            "grclint: {}",
            crate::tr!(
                "column {name} ({header}) is not in the mapping; it was not imported",
                "列 {name}（{header}）は対応表にないため、取り込まなかった"
            )
        );
    }
    if !kept.is_empty() {
        let n = kept.len();
        let ids = list(kept);
        let message = if crate::i18n::lang() == crate::i18n::Lang::Ja {
            format!("{rel} にあってシートにないレコード {n} 件を残した: {ids}")
        } else {
            format!(
                "kept {n} record{} of {rel} that {} not in the sheet: {ids}",
                plural(n),
                if n == 1 { "is" } else { "are" },
            )
        };
        eprintln!("grclint: {message}");
    }
    if crate::discover::kind_from_path(t.repo.settings().as_ref(), rel).as_deref()
        != Some(&args.kind)
    {
        let (kind, dir) = (&args.kind, folder(&args.kind));
        eprintln!(
            "grclint: {}",
            crate::tr!(
                "note: `grclint check` will not read {rel} as {kind} records: put it under {dir}/, or list it under `kinds: {{{kind}: [\"{rel}\"]}}` in .grclint.yaml",
                "注: `grclint check` は {rel} を {kind} のレコードとして読まない。{dir}/ の下に置くか、.grclint.yaml の `kinds: {{{kind}: [\"{rel}\"]}}` に挙げること"
            )
        );
    }
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

fn read_existing(output: &Path, repo: &Workspace) -> Result<Existing, String> {
    match std::fs::symlink_metadata(output) {
        Err(_) => Ok(Existing::default()),
        Ok(m) if !m.is_file() => {
            Err(crate::i18n::t("it is not a regular file", "通常のファイルではない").to_owned())
        }
        Ok(_) => {
            let text = crate::source::read_regular(output, repo.settings().limits.max_file_size)?;
            ledger::read(&text, &repo.settings().limits)
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
        crate::i18n::t("the built-in mapping", "組み込みの対応表").to_owned()
    } else {
        crate::tr!("the mapping {}", "対応表 {}", mapping.origin)
    };
    let (title, sheet, format) = (title(kind), &grid.sheet, &grid.format);
    let (row, cell) = (
        layout.header_row + 1,
        cell_ref(&grid.sheet, layout.header_row + 1, 0),
    );
    vec![
        crate::tr!(
            "{OURS} {title} ({kind} records) from {name}, sheet {sheet} ({format}), header in row {row}, with {mapping_name}.",
            "{OURS} {name} のシート {sheet}（{format}、見出しは {row} 行目）から{mapping_name}で取り込んだ {title}（{kind} のレコード）。"
        ),
        crate::tr!(
            "{OURS} importing it again updates these records by id and keeps the comments you add here,",
            "{OURS} もう一度取り込むと、これらのレコードを id で更新し、ここに書き加えたコメントと"
        ),
        crate::tr!(
            "{OURS} and the records that are not in the sheet. `# {cell}` after a value names the cell it came from.",
            "{OURS} シートにないレコードは残します。値の後の `# {cell}` は、その値を取ったセルです。"
        ),
    ]
}

/// Beside the target, then renamed over it (never through a link): a reader never sees
/// half a ledger.
fn write(target: &Path, text: &str) -> std::io::Result<()> {
    if let Some(dir) = target.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    crate::output::write_atomically(target, text.as_bytes())
}
