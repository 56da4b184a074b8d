//! The commands: thin clients of the pipeline's `Workspace`. Each builds a `Request` from
//! its arguments, runs what it needs and maps the outcome to an exit code.

mod check;
pub mod fix;
mod report;
mod schema;
pub mod version;

use crate::catalog;
use crate::cli::{Cli, Command};
use crate::config::Settings;
use crate::discover;
use crate::evaluate::rules;
use crate::pipeline::{self, Request};
pub use crate::report::print_fatal;
use std::collections::HashMap;

use std::path::Path;

pub use check::{baseline, check};
pub use schema::schema;

pub fn main(cli: Cli) -> i32 {
    crate::i18n::init(cli.lang);
    match cli.command {
        None => check(&cli.check),
        Some(Command::Check(args)) => check(&args),
        Some(Command::Schema(args)) => schema(&args),
        Some(Command::Rules(args)) => with_catalog(&args.path, |rules, _| {
            print!("{}", catalog::render(rules, args.format));
            0
        }),
        Some(Command::Explain(args)) => with_catalog(&args.path, |rules, settings| {
            match catalog::explain(rules, settings, &args.code) {
                Some(text) => {
                    print!("{text}");
                    0
                }
                None => {
                    eprintln!(
                        "grclint: {}",
                        crate::tr!(
                            "no rule has the code `{}`; `grclint rules` lists them",
                            "コード `{}` のルールはない。`grclint rules` で一覧を表示できる",
                            args.code
                        )
                    );
                    2
                }
            }
        }),
        Some(Command::Init(args)) => crate::init::run(&args.dir, args.config_only),
        Some(Command::Baseline(args)) => baseline(&args),
        Some(Command::Import(args)) => crate::sheet::import(&args),
        Some(Command::Export(args)) => crate::sheet::export(&args),
        Some(Command::Report(args)) => report::report(&args),
        Some(Command::Lsp(args)) => crate::lsp::run(&args),
        Some(Command::Fix(args)) => fix::run(&args),
        Some(Command::Version(args)) => version::version(args.json),
    }
}

/// What reports may say of each code: the engine's checks and the loaded rules.
pub fn rule_infos(rules: &[rules::Rule]) -> HashMap<String, crate::report::RuleInfo> {
    crate::evaluate::registry::Registry::new(rules).rule_infos()
}

/// Loads the config, kinds and rules of a repository, for `rules` and `explain`.
fn with_catalog(path: &Path, f: impl FnOnce(&[rules::Rule], &Settings) -> i32) -> i32 {
    let root = discover::find_root(path);
    match pipeline::catalog(&root, &Request::default()) {
        Ok((settings, _, rules)) => f(&rules, &settings),
        Err(fatal) => {
            print_fatal(&fatal);
            2
        }
    }
}
