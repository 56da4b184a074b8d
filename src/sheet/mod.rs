//! Spreadsheets in and out: `grclint import KIND FILE` turns a workbook's rows into a
//! ledger YAML file, `grclint export KIND` writes a ledger for an auditor as xlsx or csv.

mod convert;
mod csv;
pub mod dates;
mod emit;
mod export;
mod findings;
mod import;
mod ledger;
mod lookup;
pub mod mapping;
mod merge;
mod read;

use crate::pipeline::Workspace;
use crate::pipeline::{Request, root_and_scope};
use clap::Args;
use std::path::{Path, PathBuf};

#[derive(Args, Debug, Clone)]
pub struct ImportArgs {
    /// The kind of the records: asset, person, supplier (or any kind, with --mapping)
    pub kind: String,
    /// The workbook (.xlsx, .xlsm, .xls, .xlsb, .ods) or .csv file
    pub file: PathBuf,
    /// The sheet to read (default: the mapping's, else the first)
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,
    /// A mapping file: which column fills which field (default: the built-in one)
    #[arg(long, value_name = "MAPPING.yaml")]
    pub mapping: Option<PathBuf>,
    /// The ledger to write or update (default: assets/ledger.yaml, people/ledger.yaml, …)
    #[arg(long, value_name = "PATH")]
    pub output: Option<PathBuf>,
    /// The CSV file's encoding (default: detected: UTF-8, UTF-8 with BOM, Shift_JIS)
    #[arg(long, value_name = "NAME")]
    pub encoding: Option<String>,
    /// Write nothing if any row fails its schema or names a record that does not exist
    #[arg(long)]
    pub strict: bool,
    /// Config file (default: .grclint.yaml at the repository root)
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// The date to check against, YYYY-MM-DD
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub today: Option<String>,
}

#[derive(Args, Debug, Clone)]
pub struct ExportArgs {
    /// The kind of the records: asset, person, supplier (or any kind, with --mapping)
    pub kind: String,
    /// The file format
    #[arg(long, default_value = "xlsx", value_parser = ["xlsx", "csv"])]
    pub format: String,
    /// Where to write (default: <kind>-ledger.xlsx or .csv in the current folder)
    #[arg(long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// A mapping file: which field goes in which column (default: the built-in one)
    #[arg(long, value_name = "MAPPING.yaml")]
    pub mapping: Option<PathBuf>,
    /// The repository to export from
    #[arg(long, default_value = ".")]
    pub path: PathBuf,
    /// Config file (default: .grclint.yaml at the repository root)
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// The date to check against, YYYY-MM-DD
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub today: Option<String>,
}

pub fn import(args: &ImportArgs) -> i32 {
    import::run(args)
}

pub fn export(args: &ExportArgs) -> i32 {
    export::run(args)
}

/// The repository as `grclint check` sees it: the one place import and export load it.
fn load_repository(
    path: &Path,
    config: Option<&Path>,
    today: Option<&str>,
) -> Result<Workspace, i32> {
    let request = Request {
        config: config.map(Path::to_path_buf),
        today: today.map(str::to_owned),
        ..Request::default()
    };
    root_and_scope(&[path.to_path_buf()], None)
        .and_then(|(root, _)| Workspace::open(root, &request))
        .map_err(|f| {
            crate::report::print_fatal(&f);
            2
        })
}

/// The mapping a command uses: the file given, or the kind's built-in one.
fn mapping_for(kind: &str, file: Option<&Path>) -> Result<mapping::Mapping, String> {
    match file {
        Some(p) => mapping::Mapping::from_file(p, kind),
        None => mapping::Mapping::builtin(kind).ok_or_else(|| {
            crate::tr!(
                "grclint has built-in mappings for asset, person and supplier only; write a mapping file for `{kind}` and pass it with --mapping",
                "grclint に組み込みの対応表があるのは asset、person、supplier だけ。`{kind}` の対応表のファイルを書き、--mapping で指定すること"
            )
        }),
    }
}

/// Names → ids of every record in the repository that has an id.
fn lookup_of(repo: &Workspace) -> lookup::Lookup {
    let mut l = lookup::Lookup::default();
    for r in repo.records() {
        if let Some(id) = &r.id {
            let name = r
                .value
                .get("name")
                .or_else(|| r.value.get("title"))
                .and_then(|v| v.as_str());
            l.add(&r.kind, id, name);
        }
    }
    l
}

/// The ledger's title in its header comment and the export's sheet name.
fn title(kind: &str) -> String {
    match kind {
        "asset" => "情報資産管理台帳".to_owned(),
        "person" => "従事者台帳".to_owned(),
        "supplier" => "委託先一覧".to_owned(),
        other => format!("{} ledger", other.replace('_', " ")),
    }
}
