//! discover → load → validate → evaluate → report: the only place the stages meet.
//!
//! A [`Workspace`] runs the first four stages on a repository and keeps the result in
//! memory; `set_file` and `remove_file` bring it up to date one file at a time. The
//! commands (and later an editor) are its clients.

pub mod cache;
mod codec;
mod configure;
mod cross_cache;
mod indexing;
mod reuse;
mod rule_cache;
mod update;
mod workspace;

pub use configure::{Configured, catalog, configure, resolve_today};
pub use workspace::{FromCache, Workspace};

use crate::discover::{self, git};
use crate::load;
use crate::source::{FileId, SourceFile};
use crate::validate::kinds::Kinds;
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// What to open: the knobs a client sets, with no command-line types in them.
#[derive(Clone, Debug, Default)]
pub struct Request {
    /// The config file (default: `.grclint.yaml` at the root).
    pub config: Option<PathBuf>,
    /// The date the checks use, `YYYY-MM-DD` (default: `GRCLINT_TODAY`, the config, the
    /// system date).
    pub today: Option<String>,
    /// Where the files' contents come from.
    pub input: Input,
    /// `--exclude` patterns, added to the config's `exclude`.
    pub exclude: Vec<String>,
    /// Use the cache of files' records (`check`; `--no-cache` turns it off).
    pub cache: bool,
}

/// The version of the repository to check.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Input {
    /// The files as they are on disk.
    #[default]
    WorkingTree,
    /// What is staged in git's index.
    Staged,
    /// The files of a commit (`HEAD`, a merge base).
    Revision(String),
}

pub use crate::diagnostic::Fatal;

/// The repository root for some paths, and which of its files to report on: the given
/// paths (all of it — `None` — when one of them is the root), narrowed to the files
/// changed since a revision.
pub fn root_and_scope(
    paths: &[PathBuf],
    changed_since: Option<&str>,
) -> Result<(PathBuf, Option<Vec<String>>), Fatal> {
    let dot = [PathBuf::from(".")];
    let paths = if paths.is_empty() { &dot[..] } else { paths };
    if let Some(missing) = paths.iter().find(|p| !p.exists()) {
        return Err(Fatal::usage(crate::tr!(
            "{}: no such file or folder",
            "{}: そのファイルまたはフォルダーはない",
            missing.display()
        )));
    }
    let root = discover::find_root(&paths[0]);
    let mut scope = Some(Vec::new());
    for p in paths {
        let abs = p.canonicalize().unwrap_or_else(|_| p.clone());
        match discover::relative(&root, &abs) {
            Some(rel) if rel.is_empty() => scope = None,
            Some(rel) => {
                if let Some(s) = scope.as_mut() {
                    s.push(rel);
                }
            }
            None => {
                return Err(Fatal::usage(crate::tr!(
                    "{} is outside the repository at {}",
                    "{} は {} のリポジトリの外にある",
                    p.display(),
                    root.display()
                )));
            }
        }
    }
    if let Some(rev) = changed_since {
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

/// What the cache said of a file.
pub enum Cached {
    /// Not asked (no cache, or the file could not be read).
    Not,
    /// Its records came from the cache, from the entry of this key; per record, whether it
    /// passed its schema.
    Hit(String, Vec<bool>),
    /// Read from its text; its entry would have this key.
    Miss(String),
}

impl Cached {
    /// The key of the file's entry, when the cache was asked about it.
    pub fn key(&self) -> Option<&str> {
        match self {
            Cached::Hit(key, _) | Cached::Miss(key) => Some(key),
            Cached::Not => None,
        }
    }
}

/// The load stage: every candidate read (from disk, or from git's index with `--staged`)
/// and parsed, in parallel, or its records taken from the cache when it has them. File ids
/// are `base`, `base + 1`, … in path order.
pub fn load_files(
    found: &discover::Discovered,
    base: u32,
    kinds: &Kinds,
    limits: &load::Limits,
    staged: Option<&HashMap<String, git::Blob>>,
    cache: Option<&cache::Cache>,
) -> Vec<(load::LoadedFile, Cached)> {
    found
        .candidates
        .par_iter()
        .enumerate()
        .map(|(i, c)| {
            let file = FileId(base + i as u32);
            let read = match staged.and_then(|s| s.get(&c.rel)) {
                Some(git::Blob::Bytes(bytes)) => load::decode_limited(bytes.clone(), file, limits),
                Some(git::Blob::TooBig(len)) => Err(load::too_big(*len, file, limits)),
                None => load::read_file(&c.rel, &c.abs, file, limits),
            };
            let (Ok(text), Some(cache)) = (&read, cache) else {
                return (load_one(c, file, read, kinds, limits), Cached::Not);
            };
            let key = cache.key(&c.rel, c.path_kind.as_deref(), text);
            match cache.get(&key) {
                Some(hit) => {
                    let source = SourceFile::new(c.rel.clone(), Some(c.abs.clone()), text.clone());
                    let path_kind = c.path_kind.as_deref();
                    let lf = load::cached::from_cache(
                        source,
                        file,
                        path_kind,
                        limits,
                        hit.keep,
                        hit.records,
                    );
                    (lf, Cached::Hit(key, hit.valid))
                }
                None => (load_one(c, file, read, kinds, limits), Cached::Miss(key)),
            }
        })
        .collect()
}

/// One candidate's text (or the reason it was refused), parsed into records.
fn load_one(
    c: &discover::Candidate,
    file: FileId,
    read: Result<std::sync::Arc<str>, load::Refused>,
    kinds: &Kinds,
    limits: &load::Limits,
) -> load::LoadedFile {
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
            let skipped = c.path_kind.is_none().then(|| {
                "neither its folder nor a `kind:` key makes it a record file, and it could not be read".to_owned()
            });
            let diagnostics = if skipped.is_some() {
                Vec::new()
            } else {
                vec![d]
            };
            load::LoadedFile {
                source,
                records: Vec::new(),
                diagnostics,
                skipped,
            }
        }
        None => load::load_text(source, file, c.path_kind.as_deref(), kinds, limits),
    }
}

/// A repository-relative path with `/`, as the workspace keys files.
fn rel_key(root: &Path, path: &str) -> String {
    let p = Path::new(path);
    if p.is_absolute() {
        discover::relative(root, p).unwrap_or_else(|| path.to_owned())
    } else {
        path.trim_start_matches("./").replace('\\', "/")
    }
}
