//! The third part of `check`'s cache: the findings of a rule that reads other records, kept
//! whole. Its result depends on the records of the kinds it checks and reads, so its key
//! hashes, besides the run's rules (see `rule_cache`), the rule, its budget, and the path
//! and key of every file that holds a record of one of those kinds: a change to any of them
//! runs it again; a change elsewhere does not. A rule that reads files of the repository, or
//! kinds it computes, or that is over its budget (or was stopped by it), is run every time.

use super::Cached;
use super::rule_cache::{Finding, RuleCache};
use super::update::{Found, cross_rules};
use super::workspace::Workspace;
use crate::diagnostic::EngineCode;
use crate::evaluate::budget;
use crate::evaluate::deps::Reads;
use crate::source::FileId;
use rayon::prelude::*;
use std::collections::{BTreeSet, HashMap};

/// Each finding with the path of its file.
type Entry = Vec<(String, Finding)>;

impl Workspace {
    /// Per rule that reads other records (in slot order): the key of its entry, when its
    /// findings may be kept.
    pub(super) fn cross_keys(&self, rc: &RuleCache, cached: &[Cached]) -> Vec<Option<String>> {
        let rules = cross_rules(&self.conf);
        let pass = budget::Pass::new(&self.world, rules.iter().map(|a| a.rule));
        let limit = budget::limit(self.world.max_rule_visits, self.world.records.len());
        // Per file: the kinds of its records, its path and the key of its entry.
        let mut at = 0;
        let files: Vec<(BTreeSet<&str>, &str, Option<&str>)> = self
            .files
            .iter()
            .zip(cached)
            .map(|(f, c)| {
                let records = &self.world.records[at..at + f.records];
                at += f.records;
                let kinds = records.iter().map(|r| r.kind.as_str()).collect();
                (kinds, self.sources.get(f.id).path.as_str(), c.key())
            })
            .collect();
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
                let wanted: BTreeSet<&str> =
                    read.iter().chain(&rule.kinds).map(String::as_str).collect();
                let mut parts = vec![rule.code.as_bytes().to_vec(), limit.to_string().into()];
                for (kinds, path, key) in &files {
                    if !kinds.is_disjoint(&wanted) {
                        parts.push(format!("{path}\n{}", (*key)?).into_bytes());
                    }
                }
                let parts: Vec<&[u8]> = parts.iter().map(Vec::as_slice).collect();
                Some(rc.keyed(&parts))
            })
            .collect()
    }

    /// The findings kept for each key, if a sound entry holds them.
    pub(super) fn cross_get(&self, rc: &RuleCache, keys: &[Option<String>]) -> Vec<Option<Found>> {
        let ids: HashMap<&str, FileId> = self
            .files
            .iter()
            .map(|f| (self.sources.get(f.id).path.as_str(), f.id))
            .collect();
        keys.par_iter()
            .map(|key| {
                let key = key.as_deref()?;
                let found: Entry = rc.read(key)?;
                found
                    .into_iter()
                    .map(|(path, f)| {
                        let id = *ids.get(path.as_str())?;
                        Some((id, f.into_diagnostic(id)))
                    })
                    .collect()
            })
            .collect()
    }

    /// Keeps the findings of the rules that were run (`fresh`) and have a key.
    pub(super) fn cross_put(&self, rc: &RuleCache, keys: &[Option<String>], fresh: &[bool]) {
        keys.par_iter()
            .zip(fresh)
            .zip(&self.cross)
            .for_each(|((key, fresh), c)| {
                let Some(key) = key.as_ref().filter(|_| *fresh) else {
                    return;
                };
                let stopped = c.found.iter().any(|(_, d)| d.code == EngineCode::Rul002);
                let found: Option<Entry> = c
                    .found
                    .iter()
                    .map(|(id, d)| Some((self.sources.get(*id).path.clone(), Finding::of(d, *id)?)))
                    .collect();
                if let (Some(found), false) = (found, stopped) {
                    rc.write(key, &found);
                }
            });
    }
}
