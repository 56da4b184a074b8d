//! The commands: each runs the pipeline (or part of it) and maps the outcome to an exit code.

use crate::catalog;
use crate::cli::{BaselineArgs, CheckArgs, Cli, Command, SchemaArgs};
use crate::config::{self, Settings};
use crate::diagnostic::{Diagnostic, Severity};
use crate::discover;
use crate::evaluate::rules;
use crate::pipeline::{Analysis, Fatal, analyze};
use crate::report::{self, Report, Summary, fingerprint};
use crate::source::Sources;
use crate::validate::kinds::Kinds;
use serde_json::{Value, json};
use std::collections::HashMap;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

pub fn main(cli: Cli) -> i32 {
    match cli.command {
        None => check(&cli.check),
        Some(Command::Check(args)) => check(&args),
        Some(Command::Schema(args)) => schema(&args),
        Some(Command::Rules(args)) => with_catalog(&args.path, |rules, _| {
            print!("{}", catalog::render(rules, &args.format));
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
                        "grclint: no rule has the code `{}`; `grclint rules` lists them",
                        args.code
                    );
                    2
                }
            }
        }),
        Some(Command::Init(args)) => crate::init::run(&args.dir),
        Some(Command::Baseline(args)) => baseline(&args),
    }
}

fn matches_code(code: &str, patterns: &[String]) -> bool {
    patterns
        .iter()
        .any(|p| !p.trim().is_empty() && code.starts_with(p.trim()))
}

/// What reports may say of each code: the engine's checks and the loaded rules.
pub fn rule_infos(rules: &[rules::Rule]) -> HashMap<String, report::RuleInfo> {
    catalog::entries(rules)
        .into_iter()
        .map(|e| {
            let info = report::RuleInfo {
                name: e.name.to_owned(),
                summary: e.summary.to_owned(),
                docs: e.docs.to_owned(),
                severity: e.severity,
                tags: report::sarif::rule_tags(&e.kind, &e.references),
            };
            (e.code.to_owned(), info)
        })
        .collect()
}

/// The findings a run reports: selected, in scope, sorted, without repeats.
fn findings(a: &mut Analysis, args: &CheckArgs) -> Vec<Diagnostic> {
    let mut diags = std::mem::take(&mut a.diagnostics);
    diags.retain(|d| {
        (args.select.is_empty() || matches_code(&d.code, &args.select))
            && !matches_code(&d.code, &args.ignore)
            && a.in_scope(d)
    });
    diags.sort_by(|x, y| x.sort_key().cmp(&y.sort_key()));
    diags.dedup();
    diags
}

fn run_analysis(args: &CheckArgs) -> Result<Analysis, i32> {
    let a = analyze(args).map_err(|f| {
        f.print();
        2
    })?;
    if args.verbose {
        for (stage, took) in &a.laps {
            eprintln!("grclint: {stage}: {:.1} ms", took.as_secs_f64() * 1000.0);
        }
        for s in &a.skipped {
            eprintln!(
                "grclint: skipped {s}: neither its folder nor a `kind:` key makes it a record file"
            );
        }
    }
    Ok(a)
}

pub fn check(args: &CheckArgs) -> i32 {
    let mut a = match run_analysis(args) {
        Ok(a) => a,
        Err(code) => return code,
    };
    let mut diags = findings(&mut a, args);
    let mut baselined = 0;
    if let Some(path) = &args.baseline {
        match read_baseline(path) {
            Ok(mut known) => {
                for d in diags.iter_mut().filter(|d| d.suppressed.is_none()) {
                    if let Some(n) = known
                        .get_mut(&fingerprint(d, &a.sources))
                        .filter(|n| **n > 0)
                    {
                        *n -= 1;
                        d.suppressed = Some("baseline".to_owned());
                        baselined += 1;
                    }
                }
            }
            Err(e) => {
                Fatal::usage(format!("--baseline {}: {e}", path.display())).print();
                return 2;
            }
        }
    }

    let fail_on = args
        .fail_on
        .clone()
        .or_else(|| a.settings.fail_on.clone())
        .unwrap_or_else(|| "error".to_owned());
    let threshold = Severity::parse(&fail_on);
    let failing = diags
        .iter()
        .any(|d| d.suppressed.is_none() && threshold.is_some_and(|t| d.severity >= t));

    let mut summary = Summary {
        files: a.record_files,
        records: a.world.records.len(),
        ..Summary::default()
    };
    summary.count(&diags);
    summary.baselined = baselined;
    let color = match args.color.as_str() {
        "always" => true,
        "never" => false,
        _ => {
            args.output.is_none()
                && std::io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none()
        }
    };
    let rule_info = rule_infos(&a.rules);
    let checked = a.checked_files();
    let report = Report {
        diagnostics: &diags,
        sources: &a.sources,
        summary,
        color,
        quiet: args.quiet,
        rules: &rule_info,
        checked: &checked,
        statistics: args.statistics,
        options: report::options::Options {
            columns: args.columns,
            repository_file: report::options::repository_file(
                a.settings.config_file.map(|f| a.sources.get(f)),
                &checked,
            ),
            junit_file: args.junit_file,
        },
    };
    let reporter = report::reporter(&args.format).expect("clap checks the format");
    // The report goes only where the user asked: standard output, or --output.
    let written = match &args.output {
        Some(path) => std::fs::File::create(path).and_then(|f| {
            let mut w = std::io::BufWriter::new(f);
            reporter.render(&report, &mut w)?;
            w.flush()
        }),
        None => {
            let mut out = std::io::stdout().lock();
            reporter.render(&report, &mut out).and_then(|_| out.flush())
        }
    };
    if let Err(e) = written
        && e.kind() != std::io::ErrorKind::BrokenPipe
    {
        eprintln!("grclint: cannot write the report: {e}");
        return 2;
    }
    // The process ends here: freeing a large repository's records one by one is wasted work.
    std::mem::forget(diags);
    std::mem::forget(a);
    if failing { 1 } else { 0 }
}

/// fingerprint → how many findings with it the baseline holds.
fn read_baseline(path: &Path) -> Result<HashMap<String, usize>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
    let v: Value =
        serde_json::from_str(&text).map_err(|e| format!("not a grclint baseline: {e}"))?;
    let list = v
        .get("findings")
        .and_then(Value::as_array)
        .ok_or("not a grclint baseline: no `findings`")?;
    let mut known = HashMap::new();
    for f in list {
        if let Some(fp) = f.get("fingerprint").and_then(Value::as_str) {
            *known.entry(fp.to_owned()).or_insert(0) += 1;
        }
    }
    Ok(known)
}

/// Records today's unsuppressed findings by fingerprint, written atomically.
pub fn baseline(args: &BaselineArgs) -> i32 {
    let check_args = CheckArgs {
        paths: args.paths.clone(),
        config: args.config.clone(),
        today: args.today.clone(),
        ..CheckArgs::default()
    };
    let mut a = match run_analysis(&check_args) {
        Ok(a) => a,
        Err(code) => return code,
    };
    let diags = findings(&mut a, &check_args);
    let mut entries: Vec<Value> = diags
        .iter()
        .filter(|d| d.suppressed.is_none())
        .map(|d| {
            let path = d.primary.map(|p| a.sources.get(p.file).path.clone());
            json!({
                "fingerprint": fingerprint(d, &a.sources),
                "code": d.code,
                "path": path,
                "record_id": d.record.as_ref().and_then(|r| r.id.clone()),
                "message": d.message,
            })
        })
        .collect();
    let key = |v: &Value| {
        (
            v["path"].as_str().unwrap_or("").to_owned(),
            v["code"].as_str().unwrap_or("").to_owned(),
            v["fingerprint"].as_str().unwrap_or("").to_owned(),
        )
    };
    entries.sort_by_key(key);
    let doc = json!({"version": 1, "findings": entries});
    let target = args
        .output
        .clone()
        .unwrap_or_else(|| a.world.root.join(".grclint-baseline.json"));
    let text = serde_json::to_string_pretty(&doc).expect("serialises") + "\n";
    match write_atomically(&target, text.as_bytes()) {
        Ok(()) => {
            eprintln!(
                "grclint: recorded {} finding{} in {}",
                entries.len(),
                if entries.len() == 1 { "" } else { "s" },
                target.display()
            );
            0
        }
        Err(e) => {
            eprintln!("grclint: cannot write {}: {e}", target.display());
            2
        }
    }
}

/// A temporary file beside the target, then a rename: readers never see half a file.
fn write_atomically(target: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = target
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, target)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// Loads the config, kinds and rules of a repository, for `rules` and `explain`.
fn with_catalog(path: &Path, f: impl FnOnce(&[rules::Rule], &Settings) -> i32) -> i32 {
    let root = discover::find_root(path);
    let mut sources = Sources::default();
    let loaded = config::load(root.clone(), None, &mut sources).and_then(|settings| {
        let kinds = Kinds::load(&settings.packs, &settings.schema_dirs, &root, &mut sources)?;
        let rules = rules::load(
            &settings.packs,
            &settings.rule_dirs,
            &root,
            &kinds,
            &mut sources,
        )?;
        Ok((settings, rules))
    });
    match loaded {
        Ok((settings, rules)) => f(&rules, &settings),
        Err(diagnostics) => {
            Fatal {
                diagnostics,
                sources,
            }
            .print();
            2
        }
    }
}

pub fn schema(args: &SchemaArgs) -> i32 {
    let root = discover::find_root(&args.path);
    let mut sources = Sources::default();
    let loaded = config::load(root.clone(), None, &mut sources)
        .and_then(|s| Kinds::load(&s.packs, &s.schema_dirs, &root, &mut sources));
    let kinds = match loaded {
        Ok(k) => k,
        Err(diagnostics) => {
            Fatal {
                diagnostics,
                sources,
            }
            .print();
            return 2;
        }
    };
    let pretty = |v: &Value| serde_json::to_string_pretty(v).expect("a schema serialises") + "\n";
    if args.all {
        for (name, def) in &kinds.defs {
            let text = pretty(&def.schema);
            match &args.out {
                Some(dir) => {
                    let path: PathBuf = dir.join(format!("{name}.schema.json"));
                    if let Err(e) = std::fs::create_dir_all(dir)
                        .and_then(|_| std::fs::write(&path, text))
                        .and_then(|_| crate::validate::export::write_ledger(dir, name, &def.schema))
                    {
                        eprintln!("grclint: cannot write {}: {e}", path.display());
                        return 2;
                    }
                }
                None => print!("{text}"),
            }
        }
        return 0;
    }
    let kind = args.kind.as_deref().unwrap_or_default();
    match kinds.get(kind) {
        Some(def) => {
            print!("{}", pretty(&def.schema));
            0
        }
        None => {
            let known: Vec<&str> = kinds.names().collect();
            eprintln!(
                "grclint: `{kind}` is not a kind grclint knows; known kinds: {}",
                known.join(", ")
            );
            2
        }
    }
}
