//! Per-stage benchmarks on a generated corpus: a regression in one stage shows by its name.
//!
//! ```sh
//! cargo bench --bench stages                              # 10k assets (default)
//! GRCLINT_BENCH_ASSETS=100000 cargo bench --bench stages  # the size of the targets
//! cargo bench --bench stages -- evaluate                  # one stage
//! ```
//!
//! Benchmarks, each on the clean corpus unless said otherwise:
//! - `setup`: read the config, compile the kinds' schemas and the isms pack's rules
//!   (`config::load`, `Kinds::load`, `rules::load`)
//! - `discover`: walk the repository (`discover::discover`)
//! - `load`: read and parse every candidate file into records, in parallel as the pipeline does
//!   (`pipeline::load_files`, the function `grclint check` calls)
//! - `load/parser-only`: the floor under `load`: saphyr's events for every file, in parallel,
//!   nothing built from them
//! - `validate/schemas`, `validate/references`: JSON Schema per record; the index and REF001/REF002
//! - `evaluate`: every rule of the isms pack over the loaded world, then suppressions
//!   (`evaluate::engine::evaluate` + `evaluate::suppress::apply`)
//! - `report/{human,json,sarif}`: render the findings of a corpus with 2% defects to a sink
//! - `pipeline`: `Workspace::open`, all of the above but the report, end to end
//! - `pipeline/defects-2%`: the same on a corpus with 2% of its records defective (one defect
//!   each): what a user fixing findings waits for
//! - `pipeline/100-per-file`: the clean corpus laid out as ledgers of 100 assets, not 1,000
//! - `set_file/<kind>`: one character of one file changed in an open workspace
//!   (`Workspace::set_file`: that file re-read and re-validated, the index, the references,
//!   the rules that can change), for an asset ledger and for the personnel ledger, which
//!   every asset's owner names
//!
//! The corpus is written by `gen_corpus.rs` (the `gen-corpus` example) into a temporary folder.
//! Nothing here asserts a time: CI only compiles this file.

use criterion::{Criterion, criterion_group, criterion_main};
use grclint::evaluate::rules;
use grclint::index::Index;
use grclint::pipeline::{self, Request, Workspace};
use grclint::report::{Format, Report, Summary, human::Human};
use grclint::source::Sources;
use grclint::validate::kinds::Kinds;
use grclint::{commands, config, discover, validate};
use rayon::prelude::*;
use std::hint::black_box;
use std::path::PathBuf;
use std::time::Duration;

#[allow(dead_code)] // its `main` and argument parsing serve the example only
#[path = "gen_corpus.rs"]
mod gen_corpus;

/// A generated repository that lives as long as the benchmarks use it.
struct Corpus {
    _dir: tempfile::TempDir,
    root: PathBuf,
    request: Request,
}

fn assets() -> usize {
    std::env::var("GRCLINT_BENCH_ASSETS")
        .ok()
        .and_then(|v| v.replace('_', "").parse().ok())
        .unwrap_or(10_000)
}

fn corpus(violations: f64) -> Corpus {
    corpus_of(violations, 1000)
}

/// A corpus with this share of defective records, `per_file` assets to a ledger.
fn corpus_of(violations: f64, per_file: usize) -> Corpus {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let root = dir.path().join("corpus");
    let mut opts = gen_corpus::Options::new(root.clone(), assets());
    opts.violations = violations;
    opts.per_file = per_file;
    let summary = gen_corpus::generate(&opts).expect("the corpus is written");
    eprintln!(
        "stages: corpus of {} records in {} files ({:.1} MiB), {} defects",
        summary.total_records(),
        summary.files,
        summary.bytes as f64 / (1024.0 * 1024.0),
        summary.total_injected()
    );
    let request = Request {
        today: Some(gen_corpus::DEFAULT_TODAY.to_owned()),
        ..Request::default()
    };
    Corpus {
        _dir: dir,
        root,
        request,
    }
}

fn analysis(c: &Corpus) -> Workspace {
    match Workspace::open(c.root.clone(), &c.request) {
        Ok(a) => a,
        Err(_) => panic!("the corpus at {} has a bad config", c.root.display()),
    }
}

fn stages(c: &mut Criterion) {
    let clean = corpus(0.0);
    let a = analysis(&clean);
    assert!(
        a.findings().is_empty(),
        "the clean corpus has {} findings",
        a.findings().len()
    );
    let label = format!("{}k", assets() / 1000);
    let mut g = c.benchmark_group(format!("stages-{label}"));
    g.sample_size(10);
    g.warm_up_time(Duration::from_secs(1));
    g.measurement_time(Duration::from_secs(5));

    g.bench_function("setup", |b| {
        b.iter_with_large_drop(|| {
            let mut sources = Sources::default();
            let settings = config::load(a.root().to_path_buf(), None, &mut sources)
                .expect("the corpus config is good");
            let kinds = Kinds::load(
                &settings.packs,
                &settings.schema_dirs,
                &settings.root,
                &mut sources,
            )
            .expect("the built-in schemas compile");
            let rules = rules::load(
                &settings.packs,
                &settings.rule_dirs,
                &settings.root,
                &kinds,
                &mut sources,
            )
            .expect("the built-in rules compile");
            (settings, kinds, rules, sources)
        })
    });

    g.bench_function("discover", |b| {
        b.iter(|| discover::discover(black_box(a.settings())))
    });

    let found = discover::discover(a.settings());
    g.bench_function("load", |b| {
        b.iter_with_large_drop(|| {
            pipeline::load_files(
                black_box(&found),
                a.sources().len() as u32,
                a.kinds(),
                &a.settings().limits,
                None,
                None,
            )
        })
    });

    // The floor under `load`: the YAML parser's events alone, nothing built from them.
    let texts: Vec<String> = found
        .candidates
        .iter()
        .filter_map(|c| std::fs::read_to_string(&c.abs).ok())
        .collect();
    g.bench_function("load/parser-only", |b| {
        b.iter(|| {
            texts
                .par_iter()
                .map(|t| saphyr_parser::Parser::new_from_str(black_box(t)).count())
                .sum::<usize>()
        })
    });

    let records = a.records();
    g.bench_function("validate/schemas", |b| {
        b.iter_with_large_drop(|| {
            let mut out = Vec::new();
            let ok = validate::schemas(records, a.kinds(), a.sources(), &mut out);
            (ok, out)
        })
    });
    g.bench_function("validate/references", |b| {
        b.iter_with_large_drop(|| {
            let index = Index::build(records, a.kinds());
            let mut out = Vec::new();
            validate::references(records, a.kinds(), &index, &Default::default(), &mut out);
            (index, out)
        })
    });

    // The world is read, never changed, by evaluation: the workspace's own serves every sample.
    g.bench_function("evaluate", |b| b.iter(|| black_box(&a).evaluate_rules()));

    g.bench_function("pipeline", |b| {
        b.iter_with_large_drop(|| analysis(black_box(&clean)))
    });
    g.finish();
    drop(a);
    set_file(c, &clean);

    // The same repository laid out as ledgers of 100 assets (1,000 files at 100k).
    let small_files = corpus_of(0.0, 100);
    pipeline_on(c, &label, "pipeline/100-per-file", &small_files);
    drop(small_files);

    // A corpus with 2% defects: the pipeline while a user fixes them (findings must not
    // double the run), and the reports, which then have something to render.
    let flawed = corpus(0.02);
    pipeline_on(c, &label, "pipeline/defects-2%", &flawed);
    let a = analysis(&flawed);
    let diags = a.findings();
    let rules = commands::rule_infos(a.rules());
    let checked: Vec<String> = a.record_paths().map(str::to_owned).collect();
    let mut summary = Summary {
        files: a.record_files(),
        records: a.records().len(),
        ..Summary::default()
    };
    summary.count(diags);
    let report = Report {
        diagnostics: diags,
        sources: a.sources(),
        summary,
        rules: &rules,
        checked: &checked,
        options: Default::default(),
    };
    let mut g = c.benchmark_group(format!("stages-{label}"));
    g.sample_size(10);
    g.warm_up_time(Duration::from_secs(1));
    g.measurement_time(Duration::from_secs(3));
    for (name, format) in [
        ("human", Format::Human),
        ("json", Format::Json),
        ("sarif", Format::Sarif),
    ] {
        let reporter = format.reporter(Human::default());
        g.bench_function(format!("report/{name}"), |b| {
            b.iter(|| {
                reporter
                    .render(black_box(&report), &mut std::io::sink())
                    .expect("a sink takes everything")
            })
        });
    }
    g.finish();
}

/// `Workspace::open` on another corpus, as `name`.
fn pipeline_on(c: &mut Criterion, label: &str, name: &str, corpus: &Corpus) {
    let mut g = c.benchmark_group(format!("stages-{label}"));
    g.sample_size(10);
    g.measurement_time(Duration::from_secs(5));
    g.bench_function(name, |b| {
        b.iter_with_large_drop(|| analysis(black_box(corpus)))
    });
    g.finish();
}

/// One character of one file changed in an open workspace, back and forth: an asset ledger
/// (its own rules re-run, and those that read assets) and the personnel ledger (every
/// rule that looks people up re-runs on every record).
fn set_file(c: &mut Criterion, corpus: &Corpus) {
    let mut ws = analysis(corpus);
    let label = format!("{}k", assets() / 1000);
    let mut g = c.benchmark_group(format!("stages-{label}"));
    g.sample_size(10);
    g.warm_up_time(Duration::from_secs(1));
    g.measurement_time(Duration::from_secs(5));
    for kind in ["asset", "person"] {
        let Some(path) = ws
            .records()
            .iter()
            .find(|r| r.kind == kind)
            .map(|r| ws.sources().get(r.file).path.clone())
        else {
            continue;
        };
        let text = std::fs::read_to_string(corpus.root.join(&path)).expect("the corpus file");
        // A comment's character changes: the records stay valid, every stage still runs.
        let edited = [format!("{text}\n# a\n"), format!("{text}\n# b\n")];
        let mut turn = 0;
        g.bench_function(format!("set_file/{kind}"), |b| {
            b.iter(|| {
                turn ^= 1;
                ws.set_file(&path, edited[turn].clone())
            })
        });
        assert!(ws.findings().is_empty(), "an edit that breaks nothing");
    }
    g.finish();
}

criterion_group!(benches, stages);
criterion_main!(benches);
