//! A repository loaded, validated and evaluated, kept in memory: its findings, and the
//! look-ups an editor or a report needs.

use super::cache::{Cache, keep_in, known_valid};
use super::configure::Configured;
use super::{Cached, Fatal, Input, Request, configure, load_files, rel_key};
use crate::diagnostic::Diagnostic;
use crate::discover::{self, git};
use crate::evaluate::registry::Registry;
use crate::evaluate::rules::Rule;
use crate::evaluate::suppress;
use crate::evaluate::world::World;
use crate::index::Index;
use crate::load::{self, Record};
use crate::source::{FileId, Sources};
use crate::validate::{self, kinds::Kinds};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// One YAML file discovery offered: what it holds and what the stages found in it.
pub(super) struct FileState {
    pub id: FileId,
    pub abs: PathBuf,
    pub path_kind: Option<String>,
    /// Not a record file, and why.
    pub skipped: Option<String>,
    /// How many records it holds (they sit together in the world, in path order).
    pub records: usize,
    /// Load findings (YAML), schema findings, and findings of rules that read only the
    /// record they check.
    pub loaded: Vec<Diagnostic>,
    /// Per record of the file.
    pub schema: Vec<Vec<Diagnostic>>,
    /// Per record of the file.
    pub local: Vec<Vec<Diagnostic>>,
    /// REF001 of its records, and their references left unchecked, by the kind named.
    pub refs: Vec<Diagnostic>,
    pub unchecked: BTreeMap<String, usize>,
}

/// The findings of a rule that reads other records too, with the file of the record each
/// is about.
pub(super) struct CrossFindings {
    pub found: Vec<(FileId, Diagnostic)>,
}

/// How much of a run came from the cache.
#[derive(Clone, Copy, Debug, Default)]
pub struct FromCache {
    /// Files whose records it took.
    pub records: usize,
    /// Files whose findings of the rules that read only their own record it took.
    pub findings: usize,
    /// Rules that read other records, whose findings it took.
    pub rules: usize,
    /// Files whose references it said all resolve (they were not checked again).
    pub references: usize,
}

pub struct Workspace {
    pub(super) conf: Configured,
    pub(super) sources: Sources,
    /// The record-file candidates, in path order.
    pub(super) files: Vec<FileState>,
    pub(super) world: Arc<World>,
    /// REF002: ids used twice, over every record.
    pub(super) duplicates: Vec<Diagnostic>,
    /// The kinds a file of which could not be read: references to them are not checked.
    pub(super) unread: BTreeSet<String>,
    pub(super) cross: Vec<CrossFindings>,
    pub(super) repository: Vec<Diagnostic>,
    /// Everything above, suppressions applied, the config's severities applied, sorted.
    pub(super) findings: Vec<Diagnostic>,
    /// Per file id: its place in path order (files added later get ids at the end).
    pub(super) rank: Vec<u32>,
    /// Configuration files (config, schemas, rules) hold the ids below this.
    pub(super) config_sources: u32,
    /// How long each stage of `open` took.
    pub laps: Vec<(&'static str, Duration)>,
    /// Paths discovery passed over without reading them, with the reason.
    pub(super) passed_over: Vec<(String, String)>,
    /// What `open` took from the cache.
    pub from_cache: FromCache,
}

impl Workspace {
    /// Configures, discovers, loads, validates and evaluates the repository at `root`.
    pub fn open(root: PathBuf, request: &Request) -> Result<Workspace, Fatal> {
        let mut conf = configure(root, request)?;
        let mut sources = std::mem::take(&mut conf.sources);
        let mut laps = Laps::start();
        let staged = match read_input(&conf, &request.input) {
            Ok(files) => files,
            Err(e) => {
                return Err(Fatal {
                    diagnostics: vec![Diagnostic::error(crate::diagnostic::Code::Usage, e)],
                    sources,
                });
            }
        };
        let found = match &staged {
            Some(files) => discover::from_paths(&conf.settings, files.keys()),
            None => discover::discover(&conf.settings),
        };
        laps.lap("configure + discover");

        let base = sources.len() as u32;
        let cache = request
            .cache
            .then(|| Cache::open(&conf.root, &conf.kinds, &conf.settings))
            .flatten();
        let (records, mut files, cached) =
            load_stage(&conf, &found, staged.as_ref(), cache.as_ref(), &mut sources);
        laps.lap("load");

        let passed = known_valid(&cached, files.iter().map(|f| f.records));
        let (schema_ok, bad) = schema_pass(&records, &passed, &mut files, &conf.kinds, &sources);
        laps.lap("validate: schemas");
        if let Some(cache) = &cache {
            let summaries = files
                .iter()
                .map(|f| (f.records, &f.loaded[..], f.skipped.as_deref()));
            keep_in(cache, &cached, summaries, &records, &schema_ok);
            laps.lap("cache: write");
        }
        let paths = sources.iter().map(|(_, f)| f.path.clone()).collect();
        let world = World::new(
            conf.today,
            conf.root.clone(),
            records,
            Index::default(),
            paths,
            schema_ok,
            bad,
        );
        let mut world = world;
        world.max_rule_visits = conf.settings.limits.max_rule_visits;
        let mut ws = Workspace {
            conf,
            rank: (0..sources.len() as u32).collect(),
            config_sources: base,
            sources,
            files,
            world: Arc::new(world),
            duplicates: Vec::new(),
            unread: BTreeSet::new(),
            cross: Vec::new(),
            repository: Vec::new(),
            findings: Vec::new(),
            laps: Vec::new(),
            passed_over: found.passed_over,
            from_cache: FromCache {
                records: cached
                    .iter()
                    .filter(|c| matches!(c, Cached::Hit(..)))
                    .count(),
                ..FromCache::default()
            },
        };
        ws.from_cache.references = ws.index_cached(cache.as_ref(), &cached);
        laps.lap("validate: references");
        (ws.from_cache.findings, ws.from_cache.rules) = ws.evaluate_cached(cache.as_ref(), &cached);
        if let Some(cache) = cache
            .as_ref()
            .filter(|_| request.input == Input::WorkingTree)
        {
            cache.prune();
        }
        laps.lap("evaluate");
        ws.assemble();
        laps.lap("suppress");
        ws.laps = laps.laps;
        Ok(ws)
    }

    /// Every finding, suppressed ones included (marked), sorted by path, line, column and
    /// code, without repeats.
    pub fn findings(&self) -> &[Diagnostic] {
        &self.findings
    }

    /// The findings whose place is in this repository-relative file.
    pub fn findings_for<'a>(&'a self, path: &'a str) -> impl Iterator<Item = &'a Diagnostic> {
        let path = rel_key(&self.conf.root, path);
        self.findings.iter().filter(move |d| {
            d.primary
                .is_some_and(|p| self.sources.get(p.file).path == path)
        })
    }

    pub fn root(&self) -> &Path {
        &self.conf.root
    }

    pub fn settings(&self) -> &crate::config::Settings {
        &self.conf.settings
    }

    pub fn today(&self) -> jiff::civil::Date {
        self.conf.today
    }

    pub fn sources(&self) -> &Sources {
        &self.sources
    }

    pub fn kinds(&self) -> &Kinds {
        &self.conf.kinds
    }

    /// The rule registry: the loaded rules (the engine's own codes are in
    /// `evaluate::registry`).
    pub fn rules(&self) -> &[Rule] {
        &self.conf.rules
    }

    pub fn records(&self) -> &[Record] {
        &self.world.records
    }

    /// How many files hold records (or tried to: a broken record file counts).
    pub fn record_files(&self) -> usize {
        self.files.iter().filter(|f| f.skipped.is_none()).count()
    }

    /// YAML files that are not record files, by path, with the reason.
    pub fn skipped(&self) -> Vec<(&str, &str)> {
        self.files
            .iter()
            .filter_map(|f| {
                let why = f.skipped.as_deref()?;
                Some((self.sources.get(f.id).path.as_str(), why))
            })
            .collect()
    }

    /// Hidden folders and files of other tools that were never read, with the reason.
    pub fn passed_over(&self) -> &[(String, String)] {
        &self.passed_over
    }

    /// The record files, by path, in path order.
    pub fn record_paths(&self) -> impl Iterator<Item = &str> {
        self.files
            .iter()
            .filter(|f| f.records > 0)
            .map(|f| self.sources.get(f.id).path.as_str())
    }

    /// The record of a kind with an id (the first, when two share it).
    pub fn record(&self, kind: &str, id: &str) -> Option<&Record> {
        let i = self.world.index.lookup(kind, id)?;
        Some(&self.world.records[i])
    }

    /// The records whose reference fields name the record of this kind and id.
    pub fn referrers(&self, kind: &str, id: &str) -> Vec<&Record> {
        let ix = &self.world.index;
        ix.referrers(&self.world.records, kind, id)
            .iter()
            .map(|&i| &self.world.records[i])
            .collect()
    }

    /// The record written at a byte offset of a file, if any.
    pub fn record_at(&self, path: &str, byte: u32) -> Option<&Record> {
        let path = rel_key(&self.conf.root, path);
        let at = self
            .files
            .iter()
            .position(|f| self.sources.get(f.id).path == path)?;
        let start: usize = self.files[..at].iter().map(|f| f.records).sum();
        self.world.records[start..start + self.files[at].records]
            .iter()
            .find(|r| {
                r.spans()
                    .get("")
                    .is_some_and(|s| s.value.0 <= byte && byte < s.value.1.max(s.value.0 + 1))
            })
    }

    /// The schema node that describes the field at a JSON pointer of a record of `kind`.
    pub fn schema_node(&self, kind: &str, pointer: &str) -> Option<&Value> {
        let root = &self.conf.kinds.get(kind)?.schema;
        let mut node = resolve(root, root);
        for seg in pointer.split('/').skip(1) {
            let seg = seg.replace("~1", "/").replace("~0", "~");
            node = resolve(root, child(root, node, &seg)?);
        }
        Some(node)
    }

    /// Sorts and marks the findings: anchors labelled, suppressions applied, severities
    /// as the config sets them.
    pub(super) fn assemble(&mut self) {
        let mut all: Vec<Diagnostic> = Vec::new();
        let unchecked = self.unchecked();
        for f in &self.files {
            all.extend(f.loaded.iter().cloned());
            let unchecked = f.path_kind.as_ref().and_then(|k| unchecked.get(k));
            if let (true, Some(n), Some(k)) = (f.unreadable(), unchecked, &f.path_kind)
                && let Some(d) = all.iter_mut().rev().find(|d| unreadable_code(d))
            {
                d.notes.push(if crate::i18n::lang() == crate::i18n::Lang::Ja {
                    format!(
                        "このファイルを読み取れるまで、他のファイルにある{}のレコードへの参照 {n} 件は点検されません。",
                        crate::i18n::kind_name(k)
                    )
                } else {
                    format!(
                        "Until it can be read, {n} reference{} to {} records in other files {} not checked.",
                        if *n == 1 { "" } else { "s" },
                        k.replace('_', " "),
                        if *n == 1 { "is" } else { "are" },
                    )
                });
            }
        }
        all.extend(
            self.files
                .iter()
                .flat_map(|f| f.schema.iter().flatten().cloned()),
        );
        all.extend(self.duplicates.iter().cloned());
        all.extend(self.files.iter().flat_map(|f| f.refs.iter().cloned()));
        all.extend(
            self.files
                .iter()
                .flat_map(|f| f.local.iter().flatten().cloned()),
        );
        for c in &self.cross {
            all.extend(c.found.iter().map(|(_, d)| d.clone()));
        }
        all.extend(self.repository.iter().cloned());
        load::label_anchors(&mut all, &self.world.records);
        let known = Registry::new(&self.conf.rules);
        let (world, sources, rules) = (&self.world, &self.sources, &self.conf.rules);
        suppress::apply(&mut all, world, sources, &known, |marked| {
            crate::evaluate::soa::conflicts(marked, world, rules, sources)
        });
        let overrides = &self.conf.overrides;
        all.retain_mut(|d| match overrides.get(&d.code) {
            Some(None) => false,
            Some(Some(s)) => {
                d.severity = *s;
                true
            }
            None => true,
        });
        let rank = &self.rank;
        all.sort_by(|x, y| {
            let key = |d: &Diagnostic| match d.primary {
                Some(s) => (Some(rank[s.file.0 as usize]), s.start, s.end),
                None => (None, 0, 0),
            };
            (key(x), &x.code, &x.message).cmp(&(key(y), &y.code, &y.message))
        });
        all.dedup();
        self.findings = cap(
            all,
            self.conf.settings.limits.max_findings_per_file,
            &self.sources,
        );
    }

    /// The world, to change between evaluations: nothing else holds it then.
    pub(super) fn world_mut(&mut self) -> &mut World {
        only_holder(&mut self.world)
    }
}

/// The world, to change between evaluations: nothing else holds it then. A function of
/// the field, so that the rest of the workspace can be borrowed beside it.
pub(super) fn only_holder(world: &mut Arc<World>) -> &mut World {
    Arc::get_mut(world).expect("no evaluation holds the world between runs")
}

/// Each record against its kind's schema: the findings go to the file's state; per
/// record, whether it passed and the values it failed at.
/// The load stage: the records of every file, in path order, each file's state, and what
/// the cache said of it.
fn load_stage(
    conf: &Configured,
    found: &discover::Discovered,
    staged: Option<&std::collections::HashMap<String, git::Blob>>,
    cache: Option<&Cache>,
    sources: &mut Sources,
) -> (Vec<Record>, Vec<FileState>, Vec<Cached>) {
    let base = sources.len() as u32;
    let loaded = load_files(
        found,
        base,
        &conf.kinds,
        &conf.settings.limits,
        staged,
        cache,
    );
    let mut records = Vec::new();
    let mut files = Vec::with_capacity(loaded.len());
    let mut cached = Vec::with_capacity(loaded.len());
    for ((lf, hit), c) in loaded.into_iter().zip(&found.candidates) {
        cached.push(hit);
        files.push(FileState {
            id: sources.add(lf.source),
            abs: c.abs.clone(),
            path_kind: c.path_kind.clone(),
            skipped: lf.skipped,
            records: lf.records.len(),
            loaded: lf.diagnostics,
            schema: Vec::new(),
            local: Vec::new(),
            refs: Vec::new(),
            unchecked: BTreeMap::new(),
        });
        records.extend(lf.records);
    }
    (records, files, cached)
}

/// The files of the staged index or of a revision, when those are what is checked (only
/// the YAML files, and only those within the size limit are read); None for the working tree.
fn read_input(
    conf: &Configured,
    input: &Input,
) -> Result<Option<std::collections::HashMap<String, git::Blob>>, String> {
    let want = git::Want {
        path: &discover::is_yaml,
        max: conf.settings.limits.max_file_size,
    };
    match input {
        Input::WorkingTree => Ok(None),
        Input::Staged => git::staged(&conf.root, &want)
            .map(Some)
            .map_err(|e| format!("--staged: {e}")),
        Input::Revision(rev) => git::at_revision(&conf.root, rev, &want)
            .map(Some)
            .map_err(|e| format!("reading {rev}: {e}")),
    }
}

fn schema_pass(
    records: &[Record],
    passed: &[bool],
    files: &mut [FileState],
    kinds: &Kinds,
    sources: &Sources,
) -> (Vec<bool>, Vec<Box<[String]>>) {
    use rayon::prelude::*;
    // A record the cache says passed is not checked again; every other one is.
    let results: Vec<_> = records
        .par_iter()
        .zip(passed.par_iter())
        .map(|(r, &ok)| match ok {
            true => (true, Vec::new()),
            false => validate::schema_result(r, kinds, sources),
        })
        .collect();
    let mut results = results.into_iter();
    let mut schema_ok = Vec::with_capacity(records.len());
    let mut bad = Vec::with_capacity(records.len());
    for f in files.iter_mut() {
        for (ok, diags) in results.by_ref().take(f.records) {
            schema_ok.push(ok);
            bad.push(validate::bad_values(&diags));
            f.schema.push(diags);
        }
    }
    (schema_ok, bad)
}

/// A load finding that means the file could not be read: its records are unknown.
fn unreadable_code(d: &Diagnostic) -> bool {
    use crate::diagnostic::EngineCode;
    d.code == EngineCode::Yaml001 || d.code == EngineCode::Yaml003
}

impl FileState {
    /// It should hold records of its folder's kind, but none could be read from it.
    pub(super) fn unreadable(&self) -> bool {
        self.path_kind.is_some() && self.records == 0 && self.loaded.iter().any(unreadable_code)
    }
}

/// At most `max` findings per file (suppressed ones count too: they are carried in json and
/// sarif), in report order; after a file's last one, a LIM001 that counts the rest.
fn cap(all: Vec<Diagnostic>, max: usize, sources: &Sources) -> Vec<Diagnostic> {
    use crate::diagnostic::{EngineCode, Severity, Span};
    let mut out = Vec::with_capacity(all.len().min(1 << 20));
    let mut file = None;
    let (mut kept, mut dropped, mut last_end) = (0usize, 0usize, 0u32);
    let close = |out: &mut Vec<Diagnostic>, file: Option<FileId>, dropped: usize, at: u32| {
        if let (Some(f), true) = (file, dropped > 0) {
            let path = &sources.get(f).path;
            out.push(
                Diagnostic::new(
                    EngineCode::Lim001,
                    Severity::Warning,
                    crate::tr!(
                        "{dropped} more findings in {path} are not reported (the limit is {max} per file)",
                        "{path} のさらに {dropped} 件の指摘は報告していない（上限は 1 ファイルあたり {max} 件）"
                    ),
                )
                .at(Span::new(f, at, at))
                .help(crate::i18n::t(
                    "Fix the findings above first: the rest usually go with them. To see them all, raise `limits.max_findings_per_file` in .grclint.yaml.",
                    "まず上の指摘を直してください。多くの場合、残りもそれで解消します。すべてを見るには、.grclint.yaml の `limits.max_findings_per_file` を上げます。",
                )),
            );
        }
    };
    for d in all {
        let f = d.primary.map(|p| p.file);
        if f != file {
            close(&mut out, file, dropped, last_end);
            (file, kept, dropped) = (f, 0, 0);
        }
        if f.is_some() && kept >= max {
            dropped += 1;
            continue;
        }
        kept += 1;
        last_end = d.primary.map_or(0, |p| p.end);
        out.push(d);
    }
    close(&mut out, file, dropped, last_end);
    out
}

/// A schema node with a local `$ref` followed.
fn resolve<'a>(root: &'a Value, node: &'a Value) -> &'a Value {
    let mut node = node;
    for _ in 0..32 {
        match node.get("$ref").and_then(Value::as_str) {
            Some(r) if r.starts_with('#') => match root.pointer(&r[1..]) {
                Some(target) => node = target,
                None => break,
            },
            _ => break,
        }
    }
    node
}

/// The schema of a field or list item of a node, looking through `allOf`/`anyOf`/`oneOf`.
fn child<'a>(root: &'a Value, node: &'a Value, seg: &str) -> Option<&'a Value> {
    if let Some(p) = node.get("properties").and_then(|p| p.get(seg)) {
        return Some(p);
    }
    if seg.parse::<usize>().is_ok()
        && let Some(items) = node.get("items")
    {
        return Some(items);
    }
    ["allOf", "anyOf", "oneOf"]
        .iter()
        .filter_map(|k| node.get(*k).and_then(Value::as_array))
        .flatten()
        .find_map(|alt| child(root, resolve(root, alt), seg))
}

/// Stage timings.
struct Laps {
    last: Instant,
    laps: Vec<(&'static str, Duration)>,
}

impl Laps {
    fn start() -> Self {
        Laps {
            last: Instant::now(),
            laps: Vec::new(),
        }
    }

    fn lap(&mut self, stage: &'static str) {
        let now = Instant::now();
        self.laps.push((stage, now - self.last));
        self.last = now;
    }
}
