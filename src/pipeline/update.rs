//! Bringing a workspace up to date: the evaluation of rules in pieces, and one file's new
//! contents. A change re-reads and re-validates only that file; it re-runs the rules on
//! that file's records, and on every record only the rules that read records of a kind
//! the change touched (plus the index, the references and the repository rules).

use super::configure::Configured;
use super::reuse::{self, TextEdit};
use super::workspace::{CrossFindings, FileState, Workspace, only_holder};
use super::{load_one, rel_key};
use crate::diagnostic::Diagnostic;
use crate::discover;
use crate::evaluate::deps::Reads;
use crate::evaluate::engine::{self, Active};
use crate::evaluate::rules::Rule;
use crate::load::{self, Record};
use crate::source::{FileId, SourceFile};
use crate::validate;
use std::collections::BTreeSet;
use std::ops::Range;

/// Where a rule's findings are kept: with the file of the record (a rule that reads only
/// its own record), or with the rule (one that reads other records: `cross[k]`).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Slot {
    Local,
    Cross(usize),
}

/// The record rules as the settings leave them, those `keep` wants, each with its slot.
fn plan<'r>(
    conf: &'r Configured,
    keep: impl Fn(Slot, &Reads, &Rule) -> bool,
) -> (Vec<Active<'r>>, Vec<Slot>) {
    let mut rules = Vec::new();
    let mut slots = Vec::new();
    let mut cross = 0;
    for a in conf.active() {
        if a.rule.repository {
            continue;
        }
        let i = conf
            .rules
            .iter()
            .position(|r| std::ptr::eq(r, a.rule))
            .unwrap_or_default();
        let reads = &conf.reads[i];
        let slot = if *reads == Reads::Own {
            Slot::Local
        } else {
            cross += 1;
            Slot::Cross(cross - 1)
        };
        if keep(slot, reads, a.rule) {
            rules.push(a);
            slots.push(slot);
        }
    }
    (rules, slots)
}

/// The rules that read other records, in the order of their slots (`Slot::Cross(k)`).
pub(super) fn cross_rules(conf: &Configured) -> Vec<Active<'_>> {
    plan(conf, |s, _, _| s != Slot::Local).0
}

/// What the cache kept of a rule that reads other records: per file (in the workspace's
/// order), its findings on the file's records, or None where the rule must run on them.
pub(super) type CrossKept = Vec<Option<Vec<Diagnostic>>>;

/// Per record of a file, its findings.
pub(super) type PerRecord = Vec<Vec<Diagnostic>>;

/// A record rule whose findings the cache may keep with the file: it reads only its own
/// record, and no file of the repository.
pub(super) fn cacheable(rule: &Rule) -> bool {
    !rule.repository && rule.reads == Reads::Own && !rule.reads_files
}

fn repository_rules(conf: &Configured) -> Vec<Active<'_>> {
    conf.active()
        .into_iter()
        .filter(|a| a.rule.repository)
        .collect()
}

impl Workspace {
    /// Every rule on every record, but on the records of a file the cache `kept` the
    /// findings of (per file: per record, or None), only the rules it does not keep, and
    /// not the rules that read other records whose findings it kept (per slot). With
    /// `keep`, returns per file evaluated the findings of the rules it may keep.
    pub(super) fn evaluate_all(
        &mut self,
        kept: Vec<Option<PerRecord>>,
        cross_kept: Vec<CrossKept>,
        keep: bool,
    ) -> Vec<Option<PerRecord>> {
        let (rules, slots) = plan(&self.conf, |_, _, _| true);
        let stays: Vec<bool> = rules.iter().map(|a| cacheable(a.rule)).collect();
        let mut known = vec![false; self.world.records.len()];
        let mut file_of = vec![0; self.world.records.len()];
        let mut at = 0;
        for (n, (f, k)) in self.files.iter().zip(&kept).enumerate() {
            known[at..at + f.records].fill(k.is_some());
            file_of[at..at + f.records].fill(n);
            at += f.records;
        }
        let all: Vec<usize> = (0..self.world.records.len()).collect();
        let skip = |i: usize, n: usize| match slots[n] {
            Slot::Cross(k) => cross_kept[k][file_of[i]].is_some(),
            Slot::Local => known[i] && stays[n],
        };
        let found = engine::evaluate_some(&self.world, &rules, &self.sources, &all, skip);
        drop(rules);
        let files = &self.files;
        self.cross = cross_kept
            .into_iter()
            .map(|per_file| CrossFindings {
                found: per_file
                    .into_iter()
                    .zip(files)
                    .flat_map(|(k, f)| k.unwrap_or_default().into_iter().map(|d| (f.id, d)))
                    .collect(),
            })
            .collect();
        let mut found = found.into_iter();
        let mut out = Vec::with_capacity(kept.len());
        for (f, k) in self.files.iter_mut().zip(kept) {
            let file = f.id;
            f.local.clear();
            let mut stored = Vec::new();
            let mut kept = k.map(Vec::into_iter);
            for tagged in found.by_ref().take(f.records) {
                let mut mine = kept.as_mut().and_then(Iterator::next).unwrap_or_default();
                if keep && kept.is_none() {
                    let here = tagged.iter().filter(|(n, _)| stays[*n]);
                    stored.push(here.map(|(_, d)| d.clone()).collect());
                }
                for (n, d) in tagged {
                    match slots[n] {
                        Slot::Local => mine.push(d),
                        Slot::Cross(k) => self.cross[k].found.push((file, d)),
                    }
                }
                f.local.push(mine);
            }
            out.push((keep && kept.is_none()).then_some(stored));
        }
        self.repository = self.evaluate_repository();
        out
    }

    /// The repository's own rules (IRP001, POL004, …): only once it holds record files.
    /// A repository that holds none is not yet a grclint repository.
    fn evaluate_repository(&self) -> Vec<Diagnostic> {
        if self.record_files() == 0 {
            return Vec::new();
        }
        crate::evaluate::repository::evaluate_repository(&self.world, &repository_rules(&self.conf))
    }

    /// Every rule on every record, as `open` runs them, without keeping what they find
    /// (for benchmarks and for tools that want the rules' own findings).
    pub fn evaluate_rules(&self) -> Vec<Diagnostic> {
        crate::evaluate::repository::evaluate(&self.world, &self.conf.active(), &self.sources)
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
        let id = f.id;
        let candidate = discover::Candidate {
            rel,
            abs: f.abs.clone(),
            path_kind: f.path_kind.clone(),
        };
        let read = load::decode_limited(text.into(), id, &self.conf.settings.limits);
        let old = &self.sources.get(id).text;
        let edit = read.as_ref().ok().and_then(|t| TextEdit::between(old, t));
        if let (Ok(text), Some(e)) = (&read, edit)
            && let Some((k, records)) = self.edit_one_entry(at, text, e)
        {
            let source = SourceFile::new(candidate.rel, Some(candidate.abs), text.clone());
            self.sources.replace(id, source);
            self.replace_records(at, records, edit, Some(k));
            self.assemble();
            return true;
        }
        let limits = &self.conf.settings.limits;
        let lf = load_one(&candidate, id, read, &self.conf.kinds, limits);
        self.sources.replace(id, lf.source);
        let f = &mut self.files[at];
        f.skipped = lf.skipped;
        f.loaded = lf.diagnostics;
        self.replace_records(at, lf.records, edit, None);
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
        self.replace_records(at, Vec::new(), None, None);
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
                skipped: None,
                records: 0,
                loaded: Vec::new(),
                schema: Vec::new(),
                local: Vec::new(),
                refs: Vec::new(),
                unchecked: Default::default(),
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

    /// The records of file `at` replaced by `new`: validated, indexed and evaluated. With
    /// the `edit` that made its new text, records written as before keep their findings.
    /// `only`: the one record that changed, the others' values moved out of the old ones.
    fn replace_records(
        &mut self,
        at: usize,
        new: Vec<Record>,
        edit: Option<TextEdit>,
        only: Option<usize>,
    ) {
        let range = self.range(at);
        let id = self.files[at].id;
        let kinds = &self.conf.kinds;
        let world = only_holder(&mut self.world);
        let old = &world.records[range.clone()];
        let mut changed: BTreeSet<String> = new.iter().map(|r| r.kind.clone()).collect();
        changed.extend(old.iter().map(|r| r.kind.clone()));
        fn key(r: &Record) -> (&str, Option<&str>) {
            (r.kind.as_str(), r.id.as_deref())
        }
        let same_keys = old.iter().map(key).eq(new.iter().map(key));
        // What the records that may have changed named (given `only`, the others' values
        // were moved into `new` and are the same).
        let before = same_keys.then(|| match only {
            Some(k) => vec![(k, world.index.names(&old[k]))],
            None => old
                .iter()
                .map(|r| world.index.names(r))
                .enumerate()
                .collect(),
        });
        let f = &mut self.files[at];
        let found = (std::mem::take(&mut f.schema), std::mem::take(&mut f.local));
        let kept = reuse::kept(old, &new, (&found.0, &found.1), edit, id, only);
        drop(found);
        let (schema_kept, local_kept): (Vec<_>, Vec<_>) = kept
            .into_iter()
            .map(|k| k.map(|k| (k.schema, k.local)).unzip())
            .unzip();
        let results = reuse::schema_of(&new, schema_kept, kinds, &self.sources);
        let count = new.len();
        drop(world.records.splice(range.clone(), new));
        let oks: Vec<bool> = results.iter().map(|(ok, _)| *ok).collect();
        world.schema_ok.splice(range.clone(), oks);
        let bad: Vec<Box<[String]>> = results
            .iter()
            .map(|(_, d)| validate::bad_values(d))
            .collect();
        world.bad.splice(range.clone(), bad);
        let f = &mut self.files[at];
        f.records = count;
        f.schema = results.into_iter().map(|(_, d)| d).collect();
        self.index_file(at, before);
        self.evaluate_change(at, id, &changed, local_kept);
    }

    /// Where file `at`'s records sit in the world.
    pub(super) fn range(&self, at: usize) -> Range<usize> {
        let start: usize = self.files[..at].iter().map(|f| f.records).sum();
        start..start + self.files[at].records
    }

    /// The rules re-run after file `at` (id `id`) changed records of the `changed` kinds:
    /// on its records, every rule (the record-only ones not on a record that `kept` its
    /// findings: one entry per record of the file); on every record of the kinds they
    /// check, the rules that read those kinds.
    fn evaluate_change(
        &mut self,
        at: usize,
        id: FileId,
        changed: &BTreeSet<String>,
        kept: Vec<Option<Vec<Diagnostic>>>,
    ) {
        let whole = |slot: Slot, reads: &Reads| slot != Slot::Local && reads.touched_by(changed);
        let mine: Vec<usize> = self.range(at).collect();
        let fresh: Vec<usize> = mine
            .iter()
            .zip(&kept)
            .filter(|(_, k)| k.is_none())
            .map(|(i, _)| *i)
            .collect();
        let (own, _) = plan(&self.conf, |s, _, _| s == Slot::Local);
        let (near, near_slots) = plan(&self.conf, |s, r, _| s != Slot::Local && !whole(s, r));
        let (far, far_slots) = plan(&self.conf, |s, r, _| whole(s, r));
        let found_own = engine::evaluate_records(&self.world, &own, &self.sources, &fresh);
        let found_near = engine::evaluate_records(&self.world, &near, &self.sources, &mine);
        // The records of the kinds the far rules check: at most every record.
        let checked: BTreeSet<&str> = far
            .iter()
            .flat_map(|a| a.rule.kinds.iter())
            .map(String::as_str)
            .collect();
        let by_kind = &self.world.index.by_kind;
        let mut all: Vec<usize> = checked
            .iter()
            .filter_map(|k| by_kind.get(*k))
            .flatten()
            .copied()
            .collect();
        all.sort_unstable();
        let found_far = engine::evaluate_records(&self.world, &far, &self.sources, &all);
        let repository = self.evaluate_repository();
        drop((own, near, far));
        let renewed: BTreeSet<usize> = far_slots
            .iter()
            .filter_map(|s| match s {
                Slot::Cross(k) => Some(*k),
                Slot::Local => None,
            })
            .collect();
        for (k, c) in self.cross.iter_mut().enumerate() {
            if renewed.contains(&k) {
                c.found.clear();
            } else {
                c.found.retain(|(f, _)| *f != id);
            }
        }
        // The record-only rules' findings: those kept, and those of the records evaluated.
        let start = mine.first().copied().unwrap_or_default();
        let mut local: Vec<Vec<Diagnostic>> =
            kept.into_iter().map(Option::unwrap_or_default).collect();
        for (&i, found) in fresh.iter().zip(found_own) {
            local[i - start].extend(found.into_iter().map(|(_, d)| d));
        }
        for (tagged, slots, targets) in [
            (found_near, &near_slots, &mine),
            (found_far, &far_slots, &all),
        ] {
            for (&i, found) in targets.iter().zip(tagged) {
                let file = self.world.records[i].file;
                for (n, d) in found {
                    if let Slot::Cross(k) = slots[n] {
                        self.cross[k].found.push((file, d));
                    }
                }
            }
        }
        self.files[at].local = local;
        self.repository = repository;
    }
}
