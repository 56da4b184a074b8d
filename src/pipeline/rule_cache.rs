//! The second part of `check`'s cache: per file, the findings of the rules that read only
//! the record they check and no file of the repository, so that a warm run evaluates on an
//! unchanged file only the rules that read other records (or files).
//!
//! An entry's key hashes the file's own key (its text, path, folder kind, this build, the
//! schemas, the limits) with all that such a rule's result depends on besides its record:
//! every configuration file (the config, schema and rule files, by path and text), the
//! date, the language, and which rules those are. A run in which one of them is over its
//! budget takes nothing from the cache and keeps nothing: its RUL002 is no one file's.

use super::Cached;
use super::cache::{Cache, hash};
use super::update::{PerRecord, cacheable};
use super::workspace::Workspace;
use crate::diagnostic::{Code, Diagnostic, EngineCode, Label, RecordRef, Severity, Span};
use crate::source::FileId;
use rayon::prelude::*;
use std::sync::Arc;

/// One finding as an entry keeps it: its places are all in one file (the entry's).
#[derive(serde::Serialize, serde::Deserialize)]
pub(super) struct Finding {
    /// An engine code (else a rule's).
    engine: bool,
    code: String,
    severity: Severity,
    message: String,
    at: Option<(u32, u32)>,
    labels: Vec<(u32, u32, String)>,
    help: Option<String>,
    notes: Vec<String>,
    /// Kind, id and pointer.
    record: Option<(String, Option<String>, String)>,
}

/// An entry of findings: the key it was written for, and what it keeps.
#[derive(serde::Serialize, serde::Deserialize)]
struct Keyed<K, T> {
    key: K,
    body: T,
}

/// Per record of the file, its findings.
type Entry = Vec<Vec<Finding>>;

/// The cache of record-only findings, for one run.
pub(super) struct RuleCache<'c> {
    cache: &'c Cache,
    salt: String,
}

impl<'c> RuleCache<'c> {
    /// `config` are the configuration files (path and text); `codes` the rules whose
    /// findings are kept.
    pub fn new<'a>(
        cache: &'c Cache,
        config: impl Iterator<Item = (&'a str, &'a str)>,
        today: jiff::civil::Date,
        codes: &[&str],
    ) -> RuleCache<'c> {
        let mut salt = format!(
            "{}\nrules\n{today}\n{:?}\n{}",
            cache.salt(),
            crate::i18n::lang(),
            codes.join(" ")
        );
        for (path, text) in config {
            salt.push_str(&format!("\n{} {path}\n{text}", text.len()));
        }
        RuleCache {
            cache,
            salt: hash(&[salt.as_bytes()]),
        }
    }

    /// The key of the entry of the file whose own entry has `file_key`.
    pub fn key(&self, file_key: &str) -> String {
        self.keyed(&[file_key.as_bytes()])
    }

    /// A key of this run's rules and these parts.
    pub fn keyed(&self, parts: &[&[u8]]) -> String {
        let mut all = vec![self.salt.as_bytes()];
        all.extend(parts);
        hash(&all)
    }

    /// The findings kept for this key, if a sound entry holds them for `records` records.
    pub fn get(&self, key: &str, file: FileId, records: usize) -> Option<PerRecord> {
        let local: Entry = self.read(key)?;
        if local.len() != records {
            return None;
        }
        let each = |f: Vec<Finding>| f.into_iter().map(|f| f.into_diagnostic(file)).collect();
        Some(local.into_iter().map(each).collect())
    }

    /// Keeps a file's findings, unless one is not all in that file or is already silenced.
    pub fn put(&self, key: &str, file: FileId, local: &[Vec<Diagnostic>]) {
        let kept: Option<Vec<Vec<Finding>>> = local
            .iter()
            .map(|ds| ds.iter().map(|d| Finding::of(d, file)).collect())
            .collect();
        if let Some(local) = kept {
            self.write(key, &local);
        }
    }

    /// The body of the entry of this key, if it parses and names that key.
    pub fn read<T: serde::de::DeserializeOwned>(&self, key: &str) -> Option<T> {
        let e: Keyed<String, T> = serde_json::from_slice(&self.cache.read(key)?).ok()?;
        (e.key == key).then_some(e.body)
    }

    /// Writes the entry of this key with this body.
    pub fn write<T: serde::Serialize>(&self, key: &str, body: &T) {
        if let Ok(bytes) = serde_json::to_vec(&Keyed { key, body }) {
            self.cache.write(key, &bytes);
        }
    }
}

impl Finding {
    pub(super) fn of(d: &Diagnostic, file: FileId) -> Option<Finding> {
        let here = |s: &Span| (s.file == file).then_some((s.start, s.end));
        let at = match &d.primary {
            Some(s) => Some(here(s)?),
            None => None,
        };
        let labels = d
            .labels
            .iter()
            .map(|l| here(&l.span).map(|(a, b)| (a, b, l.text.clone())))
            .collect::<Option<Vec<_>>>()?;
        let (engine, code) = match &d.code {
            Code::Engine(e) => (true, e.as_str().to_owned()),
            Code::Rule(r) => (false, r.to_string()),
            Code::Usage => return None,
        };
        if d.suppressed.is_some() {
            return None;
        }
        Some(Finding {
            engine,
            code,
            severity: d.severity,
            message: d.message.clone(),
            at,
            labels,
            help: d.help.clone(),
            notes: d.notes.clone(),
            record: d
                .record
                .as_ref()
                .map(|r| (r.kind.clone(), r.id.clone(), r.pointer.clone())),
        })
    }

    pub(super) fn into_diagnostic(self, file: FileId) -> Diagnostic {
        let code = match EngineCode::parse(&self.code) {
            Some(e) if self.engine => Code::Engine(e),
            _ => Code::Rule(Arc::from(self.code)),
        };
        let span = |(a, b): (u32, u32)| Span::new(file, a, b);
        Diagnostic {
            code,
            severity: self.severity,
            message: self.message,
            primary: self.at.map(span),
            labels: self
                .labels
                .into_iter()
                .map(|(a, b, text)| Label {
                    span: span((a, b)),
                    text,
                })
                .collect(),
            help: self.help,
            notes: self.notes,
            record: self
                .record
                .map(|(kind, id, pointer)| RecordRef { kind, id, pointer }),
            suppressed: None,
        }
    }
}

impl Workspace {
    /// Every rule on every record, the record-only findings of a file taken from the cache
    /// when it has them and kept in it when it did not; so too the findings of a rule that
    /// reads other records (see `cross_cache`). Returns how many files' findings it took,
    /// and how many such rules'.
    pub(super) fn evaluate_cached(
        &mut self,
        cache: Option<&Cache>,
        cached: &[Cached],
    ) -> (usize, usize) {
        let rc = cache.and_then(|c| self.rule_cache(c));
        let Some(rc) = rc else {
            let crosses = super::update::cross_rules(&self.conf).len();
            let none = vec![vec![None; self.files.len()]; crosses];
            self.evaluate_all(vec![None; self.files.len()], none, false);
            return (0, 0);
        };
        let cross_keys = self.cross_keys(&rc, cached);
        let cross_kept = self.cross_get(&rc, &cross_keys, cached);
        let fresh_cross: Vec<bool> = cross_kept
            .iter()
            .map(|k| k.iter().any(Option::is_none))
            .collect();
        // A rule counts as taken when some file's findings of it were.
        let cross_taken = cross_kept
            .iter()
            .zip(&cross_keys)
            .filter(|(k, key)| key.is_some() && k.iter().any(Option::is_some))
            .count();
        let keys: Vec<Option<String>> = cached.iter().map(|c| c.key().map(|k| rc.key(k))).collect();
        let kept: Vec<Option<PerRecord>> = keys
            .par_iter()
            .zip(&self.files)
            .map(|(k, f)| rc.get(k.as_deref()?, f.id, f.records))
            .collect();
        let taken = kept.iter().filter(|k| k.is_some()).count();
        let fresh = self.evaluate_all(kept, cross_kept, true);
        self.cross_put(&rc, &cross_keys, &fresh_cross, cached);
        let files = &self.files;
        fresh
            .par_iter()
            .zip(&keys)
            .zip(files)
            .for_each(|((found, key), f)| {
                if let (Some(found), Some(key)) = (found, key) {
                    rc.put(key, f.id, found);
                }
            });
        (taken, cross_taken)
    }

    /// The cache of record-only findings for this run; None when one of the rules it would
    /// keep is over its budget.
    fn rule_cache<'c>(&self, cache: &'c Cache) -> Option<RuleCache<'c>> {
        let active = self.conf.active();
        let kept: Vec<_> = active
            .iter()
            .map(|a| a.rule)
            .filter(|r| cacheable(r))
            .collect();
        let pass = crate::evaluate::budget::Pass::new(&self.world, kept.iter().copied());
        if pass.any_over() {
            return None;
        }
        let codes: Vec<&str> = kept.iter().map(|r| &*r.code).collect();
        let config = self
            .sources
            .iter()
            .take_while(|(id, _)| id.0 < self.config_sources)
            .map(|(_, f)| (f.path.as_str(), &*f.text));
        Some(RuleCache::new(cache, config, self.conf.today, &codes))
    }
}
