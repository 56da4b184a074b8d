//! `grclint report`: the auditor's report of a checked repository. Exit 0 whatever it
//! finds; 2 when it cannot be made.

use super::print_fatal;
use crate::audit::{self, Options};
use crate::cli::{ReportArgs, ReportFormat};
use crate::output::write_atomically;
use crate::pipeline::{self, Request, Workspace};
use std::io::Write;

pub fn report(args: &ReportArgs) -> i32 {
    let root = match pipeline::root_and_scope(std::slice::from_ref(&args.path), None) {
        Ok((root, _)) => root,
        Err(f) => {
            print_fatal(&f);
            return 2;
        }
    };
    let request = Request {
        config: args.config.clone(),
        today: args.today.clone(),
        ..Request::default()
    };
    let ws = match Workspace::open(root, &request) {
        Ok(ws) => ws,
        Err(f) => {
            print_fatal(&f);
            return 2;
        }
    };
    // The run's language: --lang, else the config's `lang:` (read as the workspace opened),
    // else the locale.
    let lang = crate::i18n::lang();
    let options = Options {
        lang,
        due_within: i64::from(args.due_within),
        output: args.output.clone(),
    };
    let built = audit::build(&ws, &options);
    let text = match args.format {
        ReportFormat::Html => audit::html(&built, lang),
        ReportFormat::Json => audit::json(&built),
    };
    let written = match &args.output {
        Some(path) => write_atomically(path, text.as_bytes()),
        None => {
            let mut out = std::io::stdout().lock();
            out.write_all(text.as_bytes()).and_then(|_| out.flush())
        }
    };
    match written {
        Ok(()) => 0,
        Err(e) if crate::output::reader_gone(&e) => 0,
        Err(e) => {
            let to = args.output.as_ref().map(|p| p.display().to_string());
            let message = match to {
                Some(to) => crate::tr!(
                    "cannot write the report to {to}: {e}",
                    "報告書を {to} に書き込めない: {e}"
                ),
                None => crate::tr!("cannot write the report: {e}", "報告書を書き込めない: {e}"),
            };
            eprintln!("grclint: {message}");
            2
        }
    }
}
