//! The third part of `check`'s cache: the findings of a rule that reads other records, kept
//! per file. A record's result depends on the record itself and on the records of the kinds
//! the rule reads, so an entry's key hashes, besides the run's rules (see `rule_cache`), the
//! rule, its budget, and the path and key of every file that holds a record of a kind it
//! reads; inside it, each file that holds records the rule checks keeps its findings under
//! its own key. A change to a file of a kind the rule reads runs it again on every record;
//! a change to a file it only checks runs it on that file's records. A rule that reads files
//! of the repository, or kinds it computes, or that is over its budget (or was stopped by
//! it), is run every time.

use super::Cached;
use super::rule_cache::{Finding, RuleCache};
use super::update::{CrossKept, cross_rules};
use super::workspace::Workspace;
use crate::diagnostic::{Diagnostic, EngineCode};
use crate::evaluate::budget;
use crate::evaluate::deps::Reads;
use crate::evaluate::rules::Rule;
use crate::source::FileId;
use rayon::prelude::*;
use std::collections::{BTreeSet, HashMap};

/// Per file that holds records the rule checks: its path, its key and its findings.
type Entry = Vec<(String, String, Vec<Finding>)>;

/// Per file of the workspace: the kinds of its records, its path and the key of its entry.
type FileKinds<'a> = Vec<(BTreeSet<&'a str>, &'a str, Option<&'a str>)>;

impl Workspace {
    fn file_kinds<'a>(&'a self, cached: &'a [Cached]) -> FileKinds<'a> {
        let mut at = 0;
        self.files
            .iter()
            .zip(cached)
            .map(|(f, c)| {
                let records = &self.world.records[at..at + f.records];
                at += f.records;
                let kinds = records.iter().map(|r| r.kind.as_str()).collect();
                (kinds, self.sources.get(f.id).path.as_str(), c.key())
            })
            .collect()
    }

    /// Per rule that reads other records (in slot order): the key of its entry, when its
    /// findings may be kept.
    pub(super) fn cross_keys(&self, rc: &RuleCache, cached: &[Cached]) -> Vec<Option<String>> {
        let rules = cross_rules(&self.conf);
        let pass = budget::Pass::new(&self.world, rules.iter().map(|a| a.rule));
        let limit = budget::limit(self.world.max_rule_visits, self.world.records.len());
        let files = self.file_kinds(cached);
        rules
            .iter()
            .enumerate()
            .map(|(n, a)| {
                let rule = a.rule;
                let Reads::Kinds(read) = &rule.reads else {
                    return None;
                };
                if rule.reads_files || pass.over(n) {
                    return None;
                }
                let read: BTreeSet<&str> = read.iter().map(String::as_str).collect();
                let mut parts = vec![rule.code.as_bytes().to_vec(), limit.to_string().into()];
                for (kinds, path, key) in &files {
                    if !kinds.is_disjoint(&read) {
                        parts.push(format!("{path}\n{}", (*key)?).into_bytes());
                    }
                }
                let parts: Vec<&[u8]> = parts.iter().map(Vec::as_slice).collect();
                Some(rc.keyed(&parts))
            })
            .collect()
    }

    /// Per rule, per file: the findings kept for it, where a sound entry holds them and the
    /// file is as it was; an empty list for a file that holds no record the rule checks.
    pub(super) fn cross_get(
        &self,
        rc: &RuleCache,
        keys: &[Option<String>],
        cached: &[Cached],
    ) -> Vec<CrossKept> {
        let rules = cross_rules(&self.conf);
        let files = self.file_kinds(cached);
        keys.par_iter()
            .zip(&rules)
            .map(|(key, a)| {
                let none = || vec![None; files.len()];
                let Some(entry) = key.as_deref().and_then(|k| rc.read::<Entry>(k)) else {
                    return none();
                };
                let mut kept: HashMap<String, (String, Vec<Finding>)> = entry
                    .into_iter()
                    .map(|(path, key, found)| (path, (key, found)))
                    .collect();
                files
                    .iter()
                    .zip(&self.files)
                    .map(|((kinds, path, key), f)| {
                        if !checks(a.rule, kinds) {
                            return Some(Vec::new());
                        }
                        let (was, found) = kept.remove(*path)?;
                        (Some(was.as_str()) == *key)
                            .then(|| found.into_iter().map(|d| d.into_diagnostic(f.id)).collect())
                    })
                    .collect()
            })
            .collect()
    }

    /// Keeps the findings of the rules that ran on some file (`fresh`) and have a key: per
    /// file that holds records the rule checks and whose findings can all be kept.
    pub(super) fn cross_put(
        &self,
        rc: &RuleCache,
        keys: &[Option<String>],
        fresh: &[bool],
        cached: &[Cached],
    ) {
        let rules = cross_rules(&self.conf);
        let files = self.file_kinds(cached);
        keys.par_iter()
            .zip(fresh)
            .zip(&self.cross)
            .zip(&rules)
            .for_each(|(((key, fresh), c), a)| {
                let Some(key) = key.as_ref().filter(|_| *fresh) else {
                    return;
                };
                if c.found.iter().any(|(_, d)| d.code == EngineCode::Rul002) {
                    return;
                }
                let mut by_file: HashMap<FileId, Vec<&Diagnostic>> = HashMap::new();
                for (id, d) in &c.found {
                    by_file.entry(*id).or_default().push(d);
                }
                let entry: Entry = files
                    .iter()
                    .zip(&self.files)
                    .filter(|((kinds, _, _), _)| checks(a.rule, kinds))
                    .filter_map(|((_, path, file_key), f)| {
                        let found = by_file.remove(&f.id).unwrap_or_default();
                        let found = found.iter().map(|d| Finding::of(d, f.id));
                        let key = (*file_key)?.to_owned();
                        Some((path.to_string(), key, found.collect::<Option<_>>()?))
                    })
                    .collect();
                if by_file.is_empty() {
                    rc.write(key, &entry);
                }
            });
    }
}

/// Whether the rule checks records of one of these kinds.
fn checks(rule: &Rule, kinds: &BTreeSet<&str>) -> bool {
    rule.kinds.iter().any(|k| kinds.contains(k.as_str()))
}
