//! discover → load → validate → evaluate → report: the only place the stages meet.

use crate::catalog;
use crate::cli::{CheckArgs, Cli, Command, SchemaArgs};
use crate::config::{self, Settings};
use crate::diagnostic::{Diagnostic, Severity};
use crate::discover;
use crate::evaluate::{self, rules, world::World};
use crate::index::Index;
use crate::load;
use crate::report::{self, Report, Summary};
use crate::source::{FileId, SourceFile, Sources};
use crate::validate::{self, kinds::Kinds};
use rayon::prelude::*;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

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
    }
}

/// A run that cannot go on: bad usage, config, rule file or schema. Exit 2.
pub struct Fatal {
    pub diagnostics: Vec<Diagnostic>,
    pub sources: Sources,
}

impl Fatal {
    fn usage(message: impl Into<String>) -> Fatal {
        Fatal {
            diagnostics: vec![Diagnostic::error("usage", message)],
            sources: Sources::default(),
        }
    }

    pub fn print(&self) {
        let summary = Summary::default();
        let report = Report {
            diagnostics: &self.diagnostics,
            sources: &self.sources,
            summary,
            color: std::io::stderr().is_terminal(),
            quiet: false,
            rules: &Default::default(),
            checked: &[],
        };
        let mut err = std::io::stderr().lock();
        let _ = report::reporter("human")
            .expect("human exists")
            .render_diagnostics_only(&report, &mut err);
        let n = self.diagnostics.len();
        let _ = writeln!(
            err,
            "grclint: stopped: {n} configuration problem{} (exit 2)",
            if n == 1 { "" } else { "s" }
        );
    }
}

/// Everything the stages produced.
pub struct Analysis {
    pub sources: Sources,
    pub settings: Settings,
    pub kinds: Kinds,
    pub rules: Vec<rules::Rule>,
    pub world: Arc<World>,
    pub diagnostics: Vec<Diagnostic>,
    pub record_files: usize,
    pub skipped: Vec<String>,
    pub today: jiff::civil::Date,
    /// Repository-relative paths to report on; empty means the whole repository.
    pub scope: Vec<String>,
}

pub fn resolve_today(arg: Option<&str>, settings: &Settings) -> Result<jiff::civil::Date, Fatal> {
    let env = std::env::var("GRCLINT_TODAY").ok();
    let (text, from) = match (arg, env.as_deref(), settings.today.as_deref()) {
        (Some(t), _, _) => (t.to_owned(), "--today"),
        (None, Some(t), _) if !t.is_empty() => (t.to_owned(), "GRCLINT_TODAY"),
        (None, _, Some(t)) => (t.to_owned(), "today in the config"),
        _ => {
            let now = jiff::ZonedDateTime::now();
            return Ok(now.date());
        }
    };
    text.parse::<jiff::civil::Date>().map_err(|_| {
        Fatal::usage(format!(
            "{from} is `{text}`, which is not a date (YYYY-MM-DD)"
        ))
    })
}

pub fn analyze(args: &CheckArgs) -> Result<Analysis, Fatal> {
    let paths: Vec<PathBuf> = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths.clone()
    };
    for p in &paths {
        if !p.exists() {
            return Err(Fatal::usage(format!("{} does not exist", p.display())));
        }
    }
    let root = discover::find_root(&paths[0]);
    let mut scope = Vec::new();
    for p in &paths {
        let abs = p.canonicalize().unwrap_or_else(|_| p.clone());
        match discover::relative(&root, &abs) {
            Some(rel) if rel.is_empty() => {
                scope.clear();
                break;
            }
            Some(rel) => scope.push(rel),
            None => {
                return Err(Fatal::usage(format!(
                    "{} is outside the repository at {}",
                    p.display(),
                    root.display()
                )));
            }
        }
    }

    let mut sources = Sources::default();
    let settings = match config::load(root.clone(), args.config.as_deref(), &mut sources) {
        Ok(s) => s,
        Err(diagnostics) => {
            return Err(Fatal {
                diagnostics,
                sources,
            });
        }
    };
    let today = match resolve_today(args.today.as_deref(), &settings) {
        Ok(t) => t,
        Err(mut f) => {
            f.sources = sources;
            return Err(f);
        }
    };
    let kinds = match Kinds::load(&settings.packs, &settings.schema_dirs, &root, &mut sources) {
        Ok(k) => k,
        Err(diagnostics) => {
            return Err(Fatal {
                diagnostics,
                sources,
            });
        }
    };
    // Every rule compiles, and the settings fit them, before anything is read.
    let rules = match rules::load(
        &settings.packs,
        &settings.rule_dirs,
        &root,
        &kinds,
        &mut sources,
    ) {
        Ok(r) => r,
        Err(diagnostics) => {
            return Err(Fatal {
                diagnostics,
                sources,
            });
        }
    };
    let (active, overrides) = match evaluate::settings::apply(&rules, &settings) {
        Ok(x) => x,
        Err(diagnostics) => {
            return Err(Fatal {
                diagnostics,
                sources,
            });
        }
    };

    // discover
    let found = discover::discover(&settings);

    // load, in parallel; file ids are given in path order before the work is split.
    let base = sources.len() as u32;
    let limits = &settings.limits;
    let claims = |k: &str| kinds.claims(k);
    let loaded: Vec<load::LoadedFile> = found
        .candidates
        .par_iter()
        .enumerate()
        .map(|(i, c)| {
            let file = FileId(base + i as u32);
            let (text, early) = match load::read_file(&c.rel, &c.abs, file, limits) {
                Ok(t) => (t, None),
                Err(refused) => {
                    let (t, d) = *refused;
                    (t, Some(d))
                }
            };
            let source = SourceFile::new(c.rel.clone(), Some(c.abs.clone()), text);
            match early {
                Some(d) => {
                    let skipped = c.path_kind.is_none();
                    load::LoadedFile {
                        source,
                        records: Vec::new(),
                        diagnostics: if skipped { vec![] } else { vec![d] },
                        skipped,
                    }
                }
                None => load::load_text(source, file, c.path_kind.as_deref(), &claims, limits),
            }
        })
        .collect();
    let mut records = Vec::new();
    let mut diagnostics = Vec::new();
    let mut skipped = Vec::new();
    let mut record_files = 0;
    for lf in loaded {
        if lf.skipped {
            skipped.push(lf.source.path.clone());
        } else {
            record_files += 1;
        }
        sources.add(lf.source);
        records.extend(lf.records);
        diagnostics.extend(lf.diagnostics);
    }

    // validate
    let index = Index::build(&records, &kinds);
    let schema_ok = validate::schemas(&records, &kinds, &sources, &mut diagnostics);
    validate::references(&records, &kinds, &index, &sources, &mut diagnostics);

    // evaluate
    let paths = sources.iter().map(|(_, f)| f.path.clone()).collect();
    let world = Arc::new(World::new(today, root, records, index, paths, schema_ok));
    diagnostics.extend(evaluate::engine::evaluate(&world, &active, &sources));
    drop(active);
    let known: std::collections::HashSet<String> = rules
        .iter()
        .map(|r| r.code.clone())
        .chain(
            evaluate::registry::ENGINE_CODES
                .iter()
                .map(|c| c.code.to_owned()),
        )
        .collect();
    evaluate::suppress::apply(&mut diagnostics, &world, &sources, &known);
    diagnostics.retain_mut(|d| match overrides.get(&d.code) {
        Some(None) => false,
        Some(Some(s)) => {
            d.severity = *s;
            true
        }
        None => true,
    });

    Ok(Analysis {
        sources,
        settings,
        kinds,
        rules,
        world,
        diagnostics,
        record_files,
        skipped,
        today,
        scope,
    })
}

/// What reports may say of each code: the engine's checks and the loaded rules.
pub fn rule_infos(rules: &[rules::Rule]) -> std::collections::HashMap<String, report::RuleInfo> {
    catalog::entries(rules)
        .into_iter()
        .map(|e| {
            let info = report::RuleInfo {
                name: e.name.to_owned(),
                summary: e.summary.to_owned(),
                docs: e.docs.to_owned(),
                severity: e.severity,
            };
            (e.code.to_owned(), info)
        })
        .collect()
}

impl Analysis {
    /// The record files that were checked, by path.
    pub fn checked_files(&self) -> Vec<String> {
        let mut files: Vec<String> = self
            .world
            .records
            .iter()
            .map(|r| self.sources.get(r.file).path.clone())
            .collect();
        files.dedup();
        files
    }
}

fn matches_code(code: &str, patterns: &[String]) -> bool {
    patterns
        .iter()
        .any(|p| !p.is_empty() && code.starts_with(p.trim()))
}

fn in_scope(d: &Diagnostic, a: &Analysis) -> bool {
    if a.scope.is_empty() {
        return true;
    }
    let Some(span) = d.primary else { return false };
    let path = &a.sources.get(span.file).path;
    a.scope
        .iter()
        .any(|s| path == s || path.starts_with(&format!("{s}/")))
}

pub fn check(args: &CheckArgs) -> i32 {
    let mut a = match analyze(args) {
        Ok(a) => a,
        Err(f) => {
            f.print();
            return 2;
        }
    };
    if args.verbose {
        for s in &a.skipped {
            eprintln!(
                "grclint: skipped {s}: neither its folder nor a `kind:` key makes it a record file"
            );
        }
    }
    let mut diags = std::mem::take(&mut a.diagnostics);
    diags.retain(|d| {
        (args.select.is_empty() || matches_code(&d.code, &args.select))
            && !matches_code(&d.code, &args.ignore)
            && in_scope(d, &a)
    });
    diags.sort_by(|x, y| x.sort_key().cmp(&y.sort_key()));
    diags.dedup();

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
    let checked: Vec<String> = a
        .checked_files()
        .into_iter()
        .filter(|p| {
            a.scope.is_empty()
                || a.scope
                    .iter()
                    .any(|s| p == s || p.starts_with(&format!("{s}/")))
        })
        .collect();
    let report = Report {
        diagnostics: &diags,
        sources: &a.sources,
        summary,
        color,
        quiet: args.quiet,
        rules: &rule_info,
        checked: &checked,
    };
    let reporter = report::reporter(&args.format).expect("clap checks the format");
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
    if failing { 1 } else { 0 }
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
        .map_err(|d| Fatal {
            diagnostics: d,
            sources: Sources::default(),
        })
        .and_then(|s| {
            Kinds::load(&s.packs, &s.schema_dirs, &root, &mut sources).map_err(|d| Fatal {
                diagnostics: d,
                sources: Sources::default(),
            })
        });
    let kinds = match loaded {
        Ok(k) => k,
        Err(f) => {
            f.print();
            return 2;
        }
    };
    let pretty = |v: &serde_json::Value| {
        serde_json::to_string_pretty(v).expect("a schema serialises") + "\n"
    };
    if args.all {
        for (name, def) in &kinds.defs {
            let text = pretty(&def.schema);
            match &args.out {
                Some(dir) => {
                    let path = Path::new(dir).join(format!("{name}.schema.json"));
                    if let Err(e) =
                        std::fs::create_dir_all(dir).and_then(|_| std::fs::write(&path, text))
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
