//! The cache of `check`: per file, the records it read as (kind, id, value) and whether
//! each passed its schema, so that a warm run hashes a file instead of parsing it, and
//! checks against its schema only the records that failed.
//!
//! An entry is found by its key: a hash of the file's text and path and of all that
//! reading and validating it depends on (this build of grclint, the kinds' schemas, the
//! kind its folder gives, the config's limits). It lives in `$XDG_CACHE_HOME/grclint/` (else
//! `~/.cache/grclint/`), one folder per repository, never in the repository. An entry
//! that does not parse, or names another key or build, is ignored and written again.
//! Only files read lean are kept (see `load::cached`); the rest are read on every run.
//! The findings of the rules are kept too: per file for the rules that read only their own
//! record (see `rule_cache`), per rule for those that read other records (`cross_cache`).

use super::Cached;
use super::codec::{self, Reader, Writer};
use crate::diagnostic::Diagnostic;
use crate::load::Record;
use crate::load::cached::Kept;
use crate::load::lazy::LazyValue;
use crate::validate::kinds::Kinds;
use std::collections::HashSet;
use std::hash::BuildHasher;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// An open cache folder and what this run used of it.
pub struct Cache {
    dir: PathBuf,
    /// What every key of this run shares, hashed: the build, the schemas, the limits.
    salt: String,
    used: Mutex<HashSet<String>>,
}

/// What every entry starts with (a foreign file does not).
const MAGIC: &[u8] = b"grclint cache 1\n";

/// What a hit gives: which documents held records, the records, and which passed.
pub struct Hit {
    pub keep: Vec<bool>,
    pub records: Vec<Kept>,
    pub valid: Vec<bool>,
}

/// 128 bits of a stable hash (two fixed seeds), in hex.
pub(super) fn hash(parts: &[&[u8]]) -> String {
    let one = |seed: u64| foldhash::quality::FixedState::with_seed(seed).hash_one(parts);
    format!(
        "{:016x}{:016x}",
        one(0x6772_636c_696e_7401),
        one(0x6361_6368_6502)
    )
}

/// This build of grclint: its version and commit, and the executable's size and time
/// (a build from a changed tree has the commit of the last one).
fn build_id() -> String {
    let exe = std::env::current_exe().and_then(std::fs::metadata);
    let (len, time) = exe.map_or((0, None), |m| (m.len(), m.modified().ok()));
    format!(
        "{} {} {len} {time:?}",
        env!("CARGO_PKG_VERSION"),
        env!("GRCLINT_COMMIT")
    )
}

/// The folder of the user's caches: `$XDG_CACHE_HOME`, else `~/.cache` (Windows:
/// `%LOCALAPPDATA%`).
fn user_cache() -> Option<PathBuf> {
    let var = |v: &str| {
        std::env::var_os(v)
            .filter(|s| !s.is_empty())
            .map(PathBuf::from)
    };
    var("XDG_CACHE_HOME")
        .or_else(|| var("LOCALAPPDATA"))
        .or_else(|| var("HOME").map(|h| h.join(".cache")))
}

impl Cache {
    /// The cache of the repository at `root`; None when there is no user cache folder.
    pub fn open(root: &Path, kinds: &Kinds, settings: &crate::config::Settings) -> Option<Cache> {
        let root_id = hash(&[root.to_string_lossy().as_bytes()]);
        let dir = user_cache()?.join("grclint").join(&root_id[..16]);
        let mut salt = build_id();
        for (name, def) in &kinds.defs {
            salt.push_str(&format!("\n{name} {} {}", def.origin, def.schema));
        }
        salt.push_str(&format!("\n{:?}", settings.limits));
        Some(Cache {
            dir,
            salt: hash(&[salt.as_bytes()]),
            used: Mutex::new(HashSet::new()),
        })
    }

    /// The key of a file's entry.
    pub fn key(&self, rel: &str, path_kind: Option<&str>, text: &str) -> String {
        let kind = path_kind.unwrap_or("\0");
        hash(&[
            self.salt.as_bytes(),
            rel.as_bytes(),
            kind.as_bytes(),
            text.as_bytes(),
        ])
    }

    fn path(&self, key: &str) -> PathBuf {
        self.dir.join(key)
    }

    /// The entry of this key, if there is a sound one.
    pub fn get(&self, key: &str) -> Option<Hit> {
        let bytes: std::sync::Arc<[u8]> = self.read(key)?.into();
        let mut r = Reader::new(&bytes);
        r.tag(MAGIC)?;
        if r.str()? != key || r.str()? != self.salt {
            return None;
        }
        let keep = r.bools()?;
        let valid = r.bools()?;
        let mut records = Vec::with_capacity(valid.len());
        for _ in 0..valid.len() {
            let kind = r.str()?.to_owned();
            let id = match r.bools()?[..] {
                [true] => Some(r.str()?.to_owned()),
                [false] => None,
                _ => return None,
            };
            // Checked now, built when first read.
            let start = bytes.len() - r.left();
            r.skip_value()?;
            let at = start..bytes.len() - r.left();
            let value = LazyValue::encoded(bytes.clone(), at, codec::decode);
            records.push(Kept { kind, id, value });
        }
        (r.at_end() && !records.is_empty()).then_some(Hit {
            keep,
            records,
            valid,
        })
    }

    /// Keeps a file's records (its entry reads back as written: see `codec`).
    pub fn put(&self, key: &str, keep: &[bool], records: &[Record], valid: &[bool]) {
        let mut w = Writer::default();
        w.bytes.extend_from_slice(MAGIC);
        w.str(key);
        w.str(&self.salt);
        w.bools(keep);
        w.bools(valid);
        for r in records {
            w.str(&r.kind);
            w.bools(&[r.id.is_some()]);
            if let Some(id) = &r.id {
                w.str(id);
            }
            w.value(&r.value);
        }
        self.write(key, &w.bytes);
    }

    /// What every key of this run shares, hashed.
    pub(super) fn salt(&self) -> &str {
        &self.salt
    }

    /// The bytes of the entry of this key (which this run then keeps).
    pub(super) fn read(&self, key: &str) -> Option<Vec<u8>> {
        self.used.lock().ok()?.insert(key.to_owned());
        std::fs::read(self.path(key)).ok()
    }

    /// Writes the entry of this key: to a temporary file renamed into place, so that a run
    /// that stops halfway leaves no half entry.
    pub(super) fn write(&self, key: &str, bytes: &[u8]) {
        if std::fs::create_dir_all(&self.dir).is_err() {
            return;
        }
        let tmp = self.dir.join(format!("{key}.{}.tmp", std::process::id()));
        if std::fs::write(&tmp, bytes).is_ok() && std::fs::rename(&tmp, self.path(key)).is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
        if let Ok(mut used) = self.used.lock() {
            used.insert(key.to_owned());
        }
    }

    /// Removes the entries this run did not use (the files' old versions).
    pub fn prune(&self) {
        let Ok(used) = self.used.lock() else { return };
        let Ok(dir) = std::fs::read_dir(&self.dir) else {
            return;
        };
        for e in dir.flatten() {
            let name = e.file_name();
            let name = name.to_string_lossy();
            if !used.contains(&*name) {
                let _ = std::fs::remove_file(e.path());
            }
        }
    }
}

/// Per record, whether the cache says it passed its schema; `counts` are the files'
/// numbers of records.
pub(super) fn known_valid(cached: &[Cached], counts: impl Iterator<Item = usize>) -> Vec<bool> {
    let mut passed = Vec::new();
    for (c, n) in cached.iter().zip(counts) {
        match c {
            Cached::Hit(_, valid) if valid.len() == n => passed.extend(valid),
            _ => passed.extend(std::iter::repeat_n(false, n)),
        }
    }
    passed
}

/// One file as `keep_in` sees it: its number of records, load findings, and why it was
/// skipped.
pub(super) type FileSummary<'f> = (usize, &'f [Diagnostic], Option<&'f str>);

/// Keeps the files read from their text that the cache can hold, with whether each of
/// their records passed its schema. `records` are all of them, in file order.
pub(super) fn keep_in<'f>(
    cache: &Cache,
    cached: &[Cached],
    files: impl Iterator<Item = FileSummary<'f>>,
    records: &[Record],
    schema_ok: &[bool],
) {
    use rayon::prelude::*;
    let mut at = 0;
    let mut jobs = Vec::new();
    for (c, (n, loaded, skipped)) in cached.iter().zip(files) {
        let range = at..at + n;
        at = range.end;
        if let Cached::Miss(key) = c {
            jobs.push((key, loaded, skipped, range));
        }
    }
    jobs.into_par_iter()
        .for_each(|(key, loaded, skipped, range)| {
            let mine = &records[range.clone()];
            if let Some(keep) = crate::load::cached::keepable(loaded, skipped, mine) {
                cache.put(key, keep, mine, &schema_ok[range]);
            }
        });
}
