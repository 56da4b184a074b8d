//! Bringing a workspace up to date: the evaluation of rules in pieces, and one file's new
//! contents. A change re-reads and re-validates only that file; it re-runs the rules on
//! that file's records, and on every record only the rules that read records of a kind
//! the change touched (plus the index, the references and the repository rules).

use super::workspace::{CrossFindings, FileState, Workspace};
use super::{load_one, rel_key};
use crate::diagnostic::Diagnostic;
use crate::discover;
use crate::evaluate::deps::Reads;
use crate::evaluate::engine::{self, Active};
use crate::load::{self, Record};
use crate::source::{FileId, SourceFile};
use crate::validate;
use std::collections::BTreeSet;
use std::ops::Range;

/// The rules as the settings leave them, split: those that read only their own record,
/// those that read others (with what they read), and the repository rules.
struct Split<'r> {
    local: Vec<Active<'r>>,
    cross: Vec<(Active<'r>, &'r Reads)>,
    repository: Vec<Active<'r>>,
}

fn split<'r>(
    ws_rules: &'r [crate::evaluate::rules::Rule],
    reads: &'r [Reads],
    active: Vec<Active<'r>>,
) -> Split<'r> {
    let mut s = Split {
        local: Vec::new(),
        cross: Vec::new(),
        repository: Vec::new(),
    };
    for a in active {
        let i = ws_rules
            .iter()
            .position(|r| std::ptr::eq(r, a.rule))
            .unwrap_or_default();
        if a.rule.repository {
            s.repository.push(a);
        } else if reads[i] == Reads::Own {
            s.local.push(a);
        } else {
            s.cross.push((a, &reads[i]));
        }
    }
    s
}

impl Workspace {
    /// Every rule on every record.
    pub(super) fn evaluate_all(&mut self) {
        let active = self.conf.active();
        let rules = split(&self.conf.rules, &self.conf.reads, active);
        let all: Vec<usize> = (0..self.world.records.len()).collect();
        let mut per_record =
            engine::evaluate_records(&self.world, &rules.local, &self.sources, &all).into_iter();
        for f in &mut self.files {
            f.local = per_record.by_ref().take(f.records).flatten().collect();
        }
        self.cross = rules
            .cross
            .iter()
            .map(|(a, _)| CrossFindings {
                found: self.run_on(a, &all),
            })
            .collect();
        self.repository = engine::evaluate_repository(&self.world, &rules.repository);
    }

    /// Every rule on every record, as `open` runs them, without keeping what they find
    /// (for benchmarks and for tools that want the rules' own findings).
    pub fn evaluate_rules(&self) -> Vec<crate::diagnostic::Diagnostic> {
        engine::evaluate(&self.world, &self.conf.active(), &self.sources)
    }

    /// One rule on some records: its findings, each with the file of its record.
    fn run_on(&self, a: &Active<'_>, targets: &[usize]) -> Vec<(FileId, Diagnostic)> {
        let found =
            engine::evaluate_records(&self.world, std::slice::from_ref(a), &self.sources, targets);
        targets
            .iter()
            .zip(found)
            .flat_map(|(&i, diags)| {
                let file = self.world.records[i].file;
                diags.into_iter().map(move |d| (file, d))
            })
            .collect()
    }

    /// Replaces one file's contents, as an editor's unsaved buffer does, and brings the
    /// findings up to date. A path that is not a record file (excluded, not YAML) is
    /// ignored: returns false.
    pub fn set_file(&mut self, path: &str, text: impl Into<Vec<u8>>) -> bool {
        let rel = rel_key(&self.conf.root, path);
        let at = match self.position(&rel) {
            Ok(at) => at,
            Err(at) => match self.add_file(at, &rel) {
                Some(()) => at,
                None => return false,
            },
        };
        let f = &self.files[at];
        let candidate = discover::Candidate {
            rel,
            abs: f.abs.clone(),
            path_kind: f.path_kind.clone(),
        };
        let limits = &self.conf.settings.limits;
        let read = load::decode_limited(text.into(), f.id, limits);
        let lf = load_one(&candidate, f.id, read, &self.conf.kinds, limits);
        self.sources.replace(f.id, lf.source);
        let f = &mut self.files[at];
        f.skipped = lf.skipped;
        f.loaded = lf.diagnostics;
        self.replace_records(at, lf.records);
        self.assemble();
        true
    }

    /// Forgets a file, as if it had been deleted, and brings the findings up to date.
    pub fn remove_file(&mut self, path: &str) -> bool {
        let rel = rel_key(&self.conf.root, path);
        let Ok(at) = self.position(&rel) else {
            return false;
        };
        let id = self.files[at].id;
        self.replace_records(at, Vec::new());
        self.files.remove(at);
        for c in &mut self.cross {
            c.found.retain(|(f, _)| *f != id);
        }
        self.sources
            .replace(id, SourceFile::new(rel, None, "".into()));
        self.rerank();
        self.assemble();
        true
    }

    fn position(&self, rel: &str) -> Result<usize, usize> {
        self.files
            .binary_search_by(|f| self.sources.get(f.id).path.as_str().cmp(rel))
    }

    /// A file discovery would offer, new to the workspace, at its place in path order.
    fn add_file(&mut self, at: usize, rel: &str) -> Option<()> {
        let wanted = [rel.to_owned()];
        let c = discover::from_paths(&self.conf.settings, wanted.iter())
            .candidates
            .into_iter()
            .next()?;
        let abs = self.conf.root.join(&c.rel);
        let id = self
            .sources
            .add(SourceFile::new(c.rel, Some(abs.clone()), "".into()));
        self.world_mut().paths.push(rel.to_owned());
        self.files.insert(
            at,
            FileState {
                id,
                abs,
                path_kind: c.path_kind,
                skipped: false,
                records: 0,
                loaded: Vec::new(),
                schema: Vec::new(),
                local: Vec::new(),
            },
        );
        self.rerank();
        Some(())
    }

    /// Each file id's place in path order: configuration files first, then record files.
    fn rerank(&mut self) {
        let base = self.config_sources;
        self.rank = (0..self.sources.len() as u32).collect();
        for (i, f) in self.files.iter().enumerate() {
            self.rank[f.id.0 as usize] = base + i as u32;
        }
    }

    /// The records of file `at` replaced by `new`: validated, indexed and evaluated.
    fn replace_records(&mut self, at: usize, new: Vec<Record>) {
        let range = self.range(at);
        let id = self.files[at].id;
        let results = validate::schema_results(&new, &self.conf.kinds, &self.sources);
        let mut changed: BTreeSet<String> = new.iter().map(|r| r.kind.clone()).collect();
        let count = new.len();
        let world = self.world_mut();
        changed.extend(world.records[range.clone()].iter().map(|r| r.kind.clone()));
        drop(world.records.splice(range.clone(), new));
        let oks: Vec<bool> = results.iter().map(|(ok, _)| *ok).collect();
        world.schema_ok.splice(range.clone(), oks);
        let f = &mut self.files[at];
        f.records = count;
        f.schema = results.into_iter().flat_map(|(_, d)| d).collect();
        self.index();
        self.evaluate_change(at, id, &changed);
    }

    /// Where file `at`'s records sit in the world.
    fn range(&self, at: usize) -> Range<usize> {
        let start: usize = self.files[..at].iter().map(|f| f.records).sum();
        start..start + self.files[at].records
    }

    /// The rules re-run after file `at` (id `id`) changed records of the `changed` kinds.
    fn evaluate_change(&mut self, at: usize, id: FileId, changed: &BTreeSet<String>) {
        let active = self.conf.active();
        let rules = split(&self.conf.rules, &self.conf.reads, active);
        let mine: Vec<usize> = self.range(at).collect();
        let all: Vec<usize> = (0..self.world.records.len()).collect();
        let local = engine::evaluate_records(&self.world, &rules.local, &self.sources, &mine);
        let mut updated = Vec::with_capacity(rules.cross.len());
        for (a, reads) in &rules.cross {
            let whole = reads.touched_by(changed);
            let found = self.run_on(a, if whole { &all } else { &mine });
            updated.push((whole, found));
        }
        let repository = engine::evaluate_repository(&self.world, &rules.repository);
        drop(rules);
        self.files[at].local = local.into_iter().flatten().collect();
        for (c, (whole, found)) in self.cross.iter_mut().zip(updated) {
            if whole {
                c.found = found;
            } else {
                c.found.retain(|(f, _)| *f != id);
                c.found.extend(found);
            }
        }
        self.repository = repository;
    }
}
