//! Command-line types, and the parse that gives their help and errors in the run's
//! language (`ja`: the Japanese texts of every command and flag).

mod ja;

pub use ja::parse;

use crate::diagnostic::Severity;
use crate::report::Format;
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Parser, Debug)]
#[command(
    name = "grclint",
    version = crate::commands::version::LONG,
    about = "Checks governance records (ISMS) kept as YAML against schemas and rules",
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub check: CheckArgs,
    /// Language of messages, help and docs (default: the config's `lang`, else the locale)
    #[arg(long, global = true, value_enum, value_name = "LANG")]
    pub lang: Option<crate::i18n::Lang>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Check the repository (the default command)
    Check(CheckArgs),
    /// Print the JSON Schema of a kind, self-contained
    Schema(SchemaArgs),
    /// List every rule: code, name, kind, severity, summary
    Rules(RulesArgs),
    /// Show a rule's docs, params, references and source
    Explain(ExplainArgs),
    /// Write a starter .grclint.yaml and one example record of every kind
    Init(InitArgs),
    /// Record today's findings so that later runs report only new ones
    Baseline(BaselineArgs),
    /// Turn a spreadsheet's rows into a ledger file (xlsx, xls, ods, csv)
    Import(crate::sheet::ImportArgs),
    /// Write a kind's records as a spreadsheet for an auditor (xlsx, csv)
    Export(crate::sheet::ExportArgs),
    /// Write the auditor's report: SoA, risk heat map, radar per area, what falls due (HTML or JSON)
    Report(ReportArgs),
    /// Run the language server on standard input and output, for editors
    Lsp(crate::lsp::LspArgs),
    /// Repair what grclint can: misspelt keys and kinds, ids read as numbers, dates written another way
    Fix(crate::fix::FixArgs),
    /// Print the version and the git commit grclint was built from
    Version(VersionArgs),
}

#[derive(Args, Debug)]
pub struct VersionArgs {
    /// As JSON: version, commit, commit date and platform, for tools
    #[arg(long)]
    pub json: bool,
}

#[derive(Args, Debug)]
pub struct InitArgs {
    /// Where to write (default: the current folder)
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// Write only .grclint.yaml, into a repository that has records already
    #[arg(long)]
    pub config_only: bool,
}

#[derive(Args, Debug)]
pub struct BaselineArgs {
    /// Files or folders (as for check)
    pub paths: Vec<PathBuf>,
    /// Where to write the baseline (default: .grclint-baseline.json at the repository root)
    #[arg(long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Config file (default: .grclint.yaml at the repository root)
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// The date to check against, YYYY-MM-DD
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub today: Option<String>,
    /// Never read these paths, as in a .gitignore (repeatable; added to the config's exclude)
    #[arg(long, value_name = "GLOB")]
    pub exclude: Vec<String>,
}

#[derive(Args, Debug)]
pub struct ReportArgs {
    /// The repository (default: the current folder)
    #[arg(default_value = ".")]
    pub path: PathBuf,
    /// Write the report to FILE instead of standard output
    #[arg(long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// The date to report on, YYYY-MM-DD (as for check)
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub today: Option<String>,
    /// html (one self-contained page) or json (the same data, for tools)
    #[arg(long, value_enum, default_value_t)]
    pub format: ReportFormat,
    /// How many days ahead "what falls due" looks
    #[arg(long, value_name = "DAYS", default_value_t = 90)]
    pub due_within: u32,
    /// Config file (default: .grclint.yaml at the repository root)
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
}

/// The report's formats.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    #[default]
    Html,
    Json,
}

#[derive(Args, Debug)]
pub struct RulesArgs {
    #[arg(long, value_enum, default_value_t)]
    pub format: crate::catalog::CatalogFormat,
    /// Repository whose config and rule folders to use
    #[arg(long, default_value = ".")]
    pub path: PathBuf,
}

#[derive(Args, Debug)]
pub struct ExplainArgs {
    /// The rule's code, e.g. AST001
    pub code: String,
    /// Repository whose config and rule folders to use
    #[arg(long, default_value = ".")]
    pub path: PathBuf,
}

#[derive(Args, Debug, Clone, Default)]
pub struct CheckArgs {
    /// Files or folders to report on (the whole repository is loaded for references)
    pub paths: Vec<PathBuf>,
    /// Config file (default: .grclint.yaml at the repository root)
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Output format
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
    /// Write the report to FILE instead of standard output
    #[arg(long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Lowest severity that makes the exit code 1 (default: error, or the config's fail_on)
    #[arg(long, value_enum)]
    pub fail_on: Option<FailOn>,
    /// Only these codes or code prefixes (comma-separated: AST001,PER)
    #[arg(long, value_delimiter = ',', value_name = "CODES")]
    pub select: Vec<String>,
    /// Leave out these codes or code prefixes (comma-separated)
    #[arg(long, value_delimiter = ',', value_name = "CODES")]
    pub ignore: Vec<String>,
    /// The date to check against, YYYY-MM-DD (default: GRCLINT_TODAY, the config's today, or the system date)
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub today: Option<String>,
    /// Colour in human output (auto: when standard output is a terminal and NO_COLOR is not set)
    #[arg(long, value_enum, default_value_t)]
    pub color: Color,
    /// Print only the summary line (human format)
    #[arg(long, short)]
    pub quiet: bool,
    /// Never read these paths, as in a .gitignore: `dir/`, `/dir/**`, `**/x` (repeatable;
    /// added to the config's exclude)
    #[arg(long, value_name = "GLOB")]
    pub exclude: Vec<String>,
    /// Also list files that were skipped (hidden folders, other tools' files, YAML that is
    /// not records), and why
    #[arg(long, short)]
    pub verbose: bool,
    /// Print how long each stage took, on standard error
    #[arg(long)]
    pub timings: bool,
    /// Check what is staged in git's index, not the working tree
    #[arg(long)]
    pub staged: bool,
    /// Read every file again instead of taking unchanged ones' records from the cache
    /// ($XDG_CACHE_HOME/grclint, else ~/.cache/grclint)
    #[arg(long)]
    pub no_cache: bool,
    /// Report only on files changed since the merge base with REV
    #[arg(long, value_name = "REV")]
    pub changed_since: Option<String>,
    /// Report only findings that are not in this baseline file
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Print per-code counts after the report (human format)
    #[arg(long)]
    pub statistics: bool,
    /// Also list suppressed findings, each with its reason (human format)
    #[arg(long)]
    pub show_suppressed: bool,
    /// How columns are counted: characters, UTF-16 code units (most editors) or bytes
    #[arg(long, value_enum, default_value_t)]
    pub columns: crate::report::options::Columns,
    /// JUnit: give each test case a `file` attribute (GitLab); junit-10.xsd does not allow it
    #[arg(long)]
    pub junit_file: bool,
}

#[derive(Args, Debug)]
pub struct SchemaArgs {
    /// The kind whose schema to print
    #[arg(required_unless_present = "all")]
    pub kind: Option<String>,
    /// Every kind's schema
    #[arg(long, conflicts_with = "kind")]
    pub all: bool,
    /// With --all: write <kind>.schema.json files into DIR
    #[arg(long, value_name = "DIR", requires = "all")]
    pub out: Option<PathBuf>,
    /// Repository whose config and schema folders to use
    #[arg(long, default_value = ".")]
    pub path: PathBuf,
}

/// The lowest severity that makes the exit code 1.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Error,
    Warning,
    Info,
    Never,
}

impl FailOn {
    /// `error`, `warning`, `info` or `never`, as the config writes it.
    pub fn parse(s: &str) -> Option<FailOn> {
        FailOn::from_str(s, false).ok()
    }

    /// The severity at and above which findings fail the run; none for `never`.
    pub fn threshold(self) -> Option<Severity> {
        match self {
            FailOn::Error => Some(Severity::Error),
            FailOn::Warning => Some(Severity::Warning),
            FailOn::Info => Some(Severity::Info),
            FailOn::Never => None,
        }
    }
}

/// Colour in human output.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum Color {
    // When standard output is a terminal and NO_COLOR is not set.
    #[default]
    Auto,
    Always,
    Never,
}
