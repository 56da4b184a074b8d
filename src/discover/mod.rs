//! Discover: which files under the repository root are records, and of which kind.

pub mod exclude;
pub mod git;

pub use crate::base::{is_under, relative};
use crate::builtin::FOLDERS;
use globset::GlobSet;
use ignore::WalkBuilder;
use std::path::{Path, PathBuf};

/// What discovery needs to know: where the repository is, what to leave out, and which
/// globs give a kind. The config's `Settings` holds one.
#[derive(Clone, Debug)]
pub struct Selection {
    pub root: PathBuf,
    /// `kinds:` of the config: the first glob that matches gives the kind.
    pub kind_globs: Vec<(String, GlobSet)>,
    /// `exclude:` of the config and `--exclude`: never read.
    pub exclude: exclude::Excludes,
    /// Rule and schema folders: they hold YAML that is not records.
    pub skip_dirs: Vec<PathBuf>,
}

impl Selection {
    pub fn new(root: PathBuf) -> Selection {
        Selection {
            root,
            kind_globs: Vec::new(),
            exclude: exclude::Excludes::default(),
            skip_dirs: Vec::new(),
        }
    }
}

impl AsRef<Selection> for Selection {
    fn as_ref(&self) -> &Selection {
        self
    }
}

/// A YAML file to load, with the kind its path gives (if any).
#[derive(Clone, Debug)]
pub struct Candidate {
    pub rel: String,
    pub abs: PathBuf,
    pub path_kind: Option<String>,
}

/// The repository root: the nearest folder holding `.grclint.yaml`, searched upward from
/// `path` but not past the git top level; else the git top level; else `path` itself.
pub fn find_root(path: &Path) -> PathBuf {
    let start = if path.is_dir() {
        path.to_path_buf()
    } else {
        path.parent().map(Path::to_path_buf).unwrap_or_default()
    };
    let start = if start.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        start
    };
    let start = start.canonicalize().unwrap_or(start);
    let mut git_top = None;
    for dir in start.ancestors() {
        if dir.join(".grclint.yaml").is_file() {
            return dir.to_path_buf();
        }
        if dir.join(".git").exists() {
            git_top = Some(dir.to_path_buf());
            break;
        }
    }
    git_top.unwrap_or(start)
}

pub struct Discovered {
    pub candidates: Vec<Candidate>,
    /// YAML files and folders passed over before reading, by path, with the reason
    /// (hidden folders, files named for other tools), for `--verbose`.
    pub passed_over: Vec<(String, String)>,
}

/// Files that are never records, whatever their folder: named for another tool.
fn tool_file(rel: &str) -> Option<String> {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    crate::load::claim::tool_file(name).map(|tool| {
        crate::tr!(
            "`{name}` is a file of {tool}, never a record file",
            "`{name}` は {tool} のファイルであり、レコードのファイルではない"
        )
    })
}

const HIDDEN: crate::i18n::Text = crate::i18n::Text::new(
    "hidden folders and files (their names start with `.`) are never read",
    "隠しフォルダと隠しファイル（名前が `.` で始まるもの）は読まない",
);

pub fn is_yaml(rel: &str) -> bool {
    rel.ends_with(".yaml") || rel.ends_with(".yml")
}

/// Walks the working tree, honouring .gitignore and the config's `exclude`; git never
/// ignores a file it tracks, and neither does this: tracked files are added back.
pub fn discover(selection: &impl AsRef<Selection>) -> Discovered {
    let mut found = walk(selection.as_ref());
    add_tracked(selection.as_ref(), &mut found.candidates);
    found
}

/// The files git tracks that the walk left out because an ignore file lists them: still
/// under the config's `exclude`, the rule and schema folders and hidden folders, and
/// opened only when they are regular files.
fn add_tracked(sel: &Selection, candidates: &mut Vec<Candidate>) {
    let Some(tracked) = git::tracked(&sel.root) else {
        return;
    };
    let known: std::collections::HashSet<String> =
        candidates.iter().map(|c| c.rel.clone()).collect();
    let missing: Vec<String> = tracked
        .into_iter()
        .filter(|rel| !known.contains(rel))
        .filter(|rel| {
            std::fs::symlink_metadata(sel.root.join(rel)).is_ok_and(|m| m.file_type().is_file())
        })
        .filter(|rel| !excluded_folder(sel, rel))
        .collect();
    if missing.is_empty() {
        return;
    }
    let more = from_paths(sel, missing.iter());
    candidates.extend(more.candidates);
    candidates.sort_by(|a, b| a.rel.cmp(&b.rel));
}

/// Whether a folder above `rel` is under the config's `exclude` (the walk never enters it).
fn excluded_folder(sel: &Selection, rel: &str) -> bool {
    rel.match_indices('/')
        .any(|(i, _)| sel.exclude.is_match(&rel[..i]))
}

fn walk(sel: &Selection) -> Discovered {
    let root = &sel.root;
    let skip_dirs = skip_dirs(sel);
    let exclude = sel.exclude.clone();
    let root_for_filter = root.clone();
    let hidden = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let hidden_seen = hidden.clone();
    let walker = WalkBuilder::new(root)
        .hidden(false)
        .ignore(false)
        .git_ignore(true)
        .git_exclude(true)
        .git_global(true)
        .require_git(false)
        .parents(true)
        .follow_links(false)
        .filter_entry(move |e| {
            if skip_dirs.iter().any(|d| e.path() == d) {
                return false;
            }
            match relative(&root_for_filter, e.path()) {
                Some(rel) if !rel.is_empty() => {
                    // Matched first, even where hidden: a pattern for a hidden folder is not
                    // a pattern that matches nothing.
                    let excluded = exclude.is_match(&rel);
                    let dir = e.file_type().is_some_and(|t| t.is_dir());
                    if e.file_name().as_encoded_bytes().starts_with(b".") {
                        let listed = if dir {
                            e.file_name() != ".git"
                        } else {
                            is_yaml(&rel) && e.file_name() != ".grclint.yaml"
                        };
                        if listed {
                            let shown = if dir { format!("{rel}/") } else { rel };
                            if let Ok(mut h) = hidden_seen.lock() {
                                h.push(shown);
                            }
                        }
                        return false;
                    }
                    !excluded
                }
                _ => true,
            }
        })
        .build();
    let mut candidates = Vec::new();
    let mut passed_over = Vec::new();
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(err) => {
                // A folder that cannot be read is a candidate of its own: reading it fails
                // with a finding (where its path gives a kind), so its records do not vanish.
                if let Some(path) = error_path(&err)
                    && std::fs::symlink_metadata(path).is_ok_and(|m| m.is_dir())
                    && let Some(rel) = relative(root, path).filter(|r| !r.is_empty())
                {
                    let path_kind = kind_from_path(sel, &format!("{rel}/"));
                    candidates.push(Candidate {
                        rel,
                        abs: path.to_path_buf(),
                        path_kind,
                    });
                }
                continue;
            }
        };
        // Symlinks, FIFOs, sockets and devices are never opened.
        if !entry.file_type().is_some_and(|t| t.is_file()) {
            continue;
        }
        let Some(rel) = relative(root, entry.path()) else {
            continue;
        };
        if !is_yaml(&rel) {
            continue;
        }
        if let Some(why) = tool_file(&rel) {
            passed_over.push((rel, why));
            continue;
        }
        let path_kind = kind_from_path(sel, &rel);
        candidates.push(Candidate {
            rel,
            abs: entry.path().to_path_buf(),
            path_kind,
        });
    }
    candidates.sort_by(|a, b| a.rel.cmp(&b.rel));
    let hidden = std::mem::take(&mut *hidden.lock().unwrap_or_else(|e| e.into_inner()));
    passed_over.extend(hidden.into_iter().map(|h| (h, HIDDEN.now().to_owned())));
    passed_over.sort();
    Discovered {
        candidates,
        passed_over,
    }
}

/// The path an I/O error of the walk is about.
fn error_path(err: &ignore::Error) -> Option<&Path> {
    match err {
        ignore::Error::WithPath { path, err } => err.io_error().map(|_| path.as_path()),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            error_path(err)
        }
        _ => None,
    }
}

/// The same choice over a list of repository-relative paths (git's index for `--staged`).
pub fn from_paths<'p>(
    selection: &impl AsRef<Selection>,
    paths: impl Iterator<Item = &'p String>,
) -> Discovered {
    let sel = selection.as_ref();
    let skip: Vec<String> = skip_dirs(sel)
        .iter()
        .filter_map(|d| relative(&sel.root, d))
        .collect();
    let mut passed_over = Vec::new();
    let mut candidates: Vec<Candidate> = paths
        .filter(|rel| is_yaml(rel))
        .filter(|rel| match tool_file(rel) {
            Some(why) => {
                passed_over.push(((*rel).clone(), why));
                false
            }
            None => true,
        })
        .filter(|rel| !rel.split('/').any(|part| part.starts_with('.')))
        .filter(|rel| !sel.exclude.is_match(rel.as_str()))
        .filter(|rel| {
            !skip
                .iter()
                .any(|d| !d.is_empty() && rel.len() > d.len() && is_under(rel, d))
        })
        .map(|rel| Candidate {
            rel: rel.clone(),
            abs: sel.root.join(rel),
            path_kind: kind_from_path(sel, rel),
        })
        .collect();
    candidates.sort_by(|a, b| a.rel.cmp(&b.rel));
    passed_over.sort();
    Discovered {
        candidates,
        passed_over,
    }
}

/// Rule and schema folders hold YAML that is not records.
fn skip_dirs(sel: &Selection) -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = sel
        .skip_dirs
        .iter()
        .map(|d| d.canonicalize().unwrap_or_else(|_| d.clone()))
        .collect();
    dirs.sort();
    dirs
}

/// The kind a path gives: the first matching config glob, else the nearest conventional folder.
pub fn kind_from_path(sel: &Selection, rel: &str) -> Option<String> {
    for (kind, globs) in &sel.kind_globs {
        if globs.is_match(rel) {
            return Some(kind.clone());
        }
    }
    let mut dirs: Vec<&str> = rel.split('/').collect();
    dirs.pop();
    dirs.iter().rev().find_map(|d| {
        FOLDERS
            .iter()
            .find(|(f, _)| f == d)
            .map(|(_, k)| (*k).to_owned())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_folders_come_from_the_kind_schemas() {
        let sel = Selection::new(PathBuf::from("/repo"));
        assert_eq!(
            kind_from_path(&sel, "ledgers/inventory/pcs.yaml").as_deref(),
            Some("asset")
        );
        assert_eq!(
            kind_from_path(&sel, "incident-plans/ir.yaml").as_deref(),
            Some("incident_plan")
        );
        assert_eq!(kind_from_path(&sel, "inventory.yaml"), None);
        for (kind, text) in crate::builtin::BUILTIN_KINDS {
            let schema: serde_json::Value = serde_json::from_str(text).unwrap();
            for f in schema["x-folders"].as_array().unwrap() {
                let path = format!("{}/x.yaml", f.as_str().unwrap());
                assert_eq!(
                    kind_from_path(&sel, &path).as_deref(),
                    Some(*kind),
                    "{path}"
                );
            }
        }
    }
}
