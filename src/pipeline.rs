//! discover → load → validate → evaluate → report: the only place the stages meet.

use crate::cli::CheckArgs;
use crate::config::{self, Settings};
use crate::diagnostic::Diagnostic;
use crate::discover::{self, git};
use crate::evaluate::{self, rules, world::World};
use crate::index::Index;
use crate::load;
use crate::report::{self, Report, Summary};
use crate::source::{FileId, SourceFile, Sources};
use crate::validate::{self, kinds::Kinds};
use rayon::prelude::*;
use std::collections::HashMap;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::sync::Arc;

/// A run that cannot go on: bad usage, config, rule file or schema. Exit 2.
pub struct Fatal {
    pub diagnostics: Vec<Diagnostic>,
    pub sources: Sources,
}

impl Fatal {
    pub fn usage(message: impl Into<String>) -> Fatal {
        Fatal {
            diagnostics: vec![Diagnostic::error("usage", message)],
            sources: Sources::default(),
        }
    }

    pub fn print(&self) {
        let no_rules = HashMap::new();
        let report = Report {
            diagnostics: &self.diagnostics,
            sources: &self.sources,
            summary: Summary::default(),
            color: std::io::stderr().is_terminal(),
            quiet: false,
            rules: &no_rules,
            checked: &[],
            statistics: false,
            options: Default::default(),
        };
        let mut err = std::io::stderr().lock();
        let _ = report::human::render_each(&report, &mut err);
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
    /// Repository-relative paths to report on; None means the whole repository.
    pub scope: Option<Vec<String>>,
    /// How long each stage took (shown with --verbose).
    pub laps: Vec<(&'static str, std::time::Duration)>,
}

/// Stage timings.
struct Laps {
    last: std::time::Instant,
    laps: Vec<(&'static str, std::time::Duration)>,
}

impl Laps {
    fn start() -> Self {
        Laps {
            last: std::time::Instant::now(),
            laps: Vec::new(),
        }
    }

    fn lap(&mut self, stage: &'static str) {
        let now = std::time::Instant::now();
        self.laps.push((stage, now - self.last));
        self.last = now;
    }
}

impl Analysis {
    /// The record files that were checked, by path.
    pub fn checked_files(&self) -> Vec<String> {
        let mut ids: Vec<FileId> = self.world.records.iter().map(|r| r.file).collect();
        ids.dedup();
        ids.into_iter()
            .map(|f| &self.sources.get(f).path)
            .filter(|p| self.path_in_scope(p))
            .cloned()
            .collect()
    }

    pub fn path_in_scope(&self, path: &str) -> bool {
        match &self.scope {
            None => true,
            Some(scope) => scope.iter().any(|s| discover::is_under(path, s)),
        }
    }

    pub fn in_scope(&self, d: &Diagnostic) -> bool {
        match d.primary {
            Some(span) => self.path_in_scope(&self.sources.get(span.file).path),
            None => self.scope.is_none(),
        }
    }
}

pub fn resolve_today(arg: Option<&str>, settings: &Settings) -> Result<jiff::civil::Date, Fatal> {
    let env = std::env::var("GRCLINT_TODAY").ok();
    let (text, from) = match (arg, env.as_deref(), settings.today.as_deref()) {
        (Some(t), _, _) => (t.to_owned(), "--today"),
        (None, Some(t), _) if !t.is_empty() => (t.to_owned(), "GRCLINT_TODAY"),
        (None, _, Some(t)) => (t.to_owned(), "today in the config"),
        _ => return Ok(jiff::ZonedDateTime::now().date()),
    };
    text.parse::<jiff::civil::Date>().map_err(|_| {
        Fatal::usage(format!(
            "{from} is `{text}`, which is not a date (YYYY-MM-DD)"
        ))
    })
}

/// The repository root and what to report on: the given paths (all of it when one of them
/// is the root), narrowed to the files changed since a revision.
fn root_and_scope(args: &CheckArgs) -> Result<(PathBuf, Option<Vec<String>>), Fatal> {
    let paths: Vec<PathBuf> = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths.clone()
    };
    if let Some(missing) = paths.iter().find(|p| !p.exists()) {
        return Err(Fatal::usage(format!(
            "{} does not exist",
            missing.display()
        )));
    }
    let root = discover::find_root(&paths[0]);
    let mut scope = Some(Vec::new());
    for p in &paths {
        let abs = p.canonicalize().unwrap_or_else(|_| p.clone());
        match discover::relative(&root, &abs) {
            Some(rel) if rel.is_empty() => scope = None,
            Some(rel) => {
                if let Some(s) = scope.as_mut() {
                    s.push(rel);
                }
            }
            None => {
                return Err(Fatal::usage(format!(
                    "{} is outside the repository at {}",
                    p.display(),
                    root.display()
                )));
            }
        }
    }
    if let Some(rev) = &args.changed_since {
        let changed = git::changed_since(&root, rev).map_err(Fatal::usage)?;
        scope = Some(match scope {
            None => changed,
            Some(given) => changed
                .into_iter()
                .filter(|c| given.iter().any(|s| discover::is_under(c, s)))
                .collect(),
        });
    }
    Ok((root, scope))
}

/// The load stage: every candidate read (from disk, or from git's index with `--staged`)
/// and parsed, in parallel. File ids are `base`, `base + 1`, … in path order.
pub fn load_files(
    found: &discover::Discovered,
    base: u32,
    kinds: &Kinds,
    limits: &load::Limits,
    staged: Option<&HashMap<String, Vec<u8>>>,
) -> Vec<load::LoadedFile> {
    let claims = |k: &str| kinds.claims(k);
    found
        .candidates
        .par_iter()
        .enumerate()
        .map(|(i, c)| {
            let file = FileId(base + i as u32);
            let read = match staged.and_then(|s| s.get(&c.rel)) {
                Some(bytes) => load::decode_limited(bytes.clone(), file, limits),
                None => load::read_file(&c.rel, &c.abs, file, limits),
            };
            let (text, refused) = match read {
                Ok(t) => (t, None),
                Err(r) => {
                    let (t, d) = *r;
                    (t, Some(d))
                }
            };
            let source = SourceFile::new(c.rel.clone(), Some(c.abs.clone()), text);
            match refused {
                // A refused file whose path gives no kind may not be ours: it is skipped.
                Some(d) => {
                    let skipped = c.path_kind.is_none();
                    let diagnostics = if skipped { Vec::new() } else { vec![d] };
                    load::LoadedFile {
                        source,
                        records: Vec::new(),
                        diagnostics,
                        skipped,
                    }
                }
                None => load::load_text(source, file, c.path_kind.as_deref(), &claims, limits),
            }
        })
        .collect()
}

pub fn analyze(args: &CheckArgs) -> Result<Analysis, Fatal> {
    let (root, scope) = root_and_scope(args)?;
    let mut sources = Sources::default();
    let fatal = |diagnostics: Vec<Diagnostic>, sources: Sources| Fatal {
        diagnostics,
        sources,
    };

    // configuration: nothing is read until the config, the schemas, every rule and the
    // settings that tune them are known to be good.
    let settings = match config::load(root.clone(), args.config.as_deref(), &mut sources) {
        Ok(s) => s,
        Err(d) => return Err(fatal(d, sources)),
    };
    let today = match resolve_today(args.today.as_deref(), &settings) {
        Ok(t) => t,
        Err(f) => return Err(fatal(f.diagnostics, sources)),
    };
    let kinds = match Kinds::load(&settings.packs, &settings.schema_dirs, &root, &mut sources) {
        Ok(k) => k,
        Err(d) => return Err(fatal(d, sources)),
    };
    let rules = match rules::load(
        &settings.packs,
        &settings.rule_dirs,
        &root,
        &kinds,
        &mut sources,
    ) {
        Ok(r) => r,
        Err(d) => return Err(fatal(d, sources)),
    };
    let (active, overrides) = match evaluate::settings::apply(&rules, &settings) {
        Ok(x) => x,
        Err(d) => return Err(fatal(d, sources)),
    };

    let mut laps = Laps::start();
    // discover: the working tree, or what is staged in git's index.
    let staged = if args.staged {
        match git::staged(&root) {
            Ok(files) => Some(files),
            Err(e) => {
                return Err(fatal(
                    vec![Diagnostic::error("usage", format!("--staged: {e}"))],
                    sources,
                ));
            }
        }
    } else {
        None
    };
    let found = match &staged {
        Some(files) => discover::from_paths(&settings, files.keys()),
        None => discover::discover(&settings),
    };

    laps.lap("configure + discover");
    let loaded = load_files(
        &found,
        sources.len() as u32,
        &kinds,
        &settings.limits,
        staged.as_ref(),
    );
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

    laps.lap("load");
    // validate
    let schema_ok = validate::schemas(&records, &kinds, &sources, &mut diagnostics);
    laps.lap("validate: schemas");
    let index = Index::build(&records, &kinds);
    validate::references(&records, &kinds, &index, &mut diagnostics);
    laps.lap("validate: references");
    // evaluate
    let paths = sources.iter().map(|(_, f)| f.path.clone()).collect();
    let world = Arc::new(World::new(today, root, records, index, paths, schema_ok));
    diagnostics.extend(evaluate::engine::evaluate(&world, &active, &sources));
    drop(active);
    let known = evaluate::registry::known_codes(&rules);
    load::label_anchors(&mut diagnostics, &world.records);
    laps.lap("evaluate");
    evaluate::suppress::apply(&mut diagnostics, &world, &sources, &known);
    laps.lap("suppress");
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
        scope,
        laps: laps.laps,
    })
}
