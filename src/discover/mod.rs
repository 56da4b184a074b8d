//! Discover: which files under the repository root are records, and of which kind.

pub mod git;

use crate::config::Settings;
use ignore::WalkBuilder;
use std::path::{Path, PathBuf};

/// The conventional folders of RECORDS.md, at any depth.
const FOLDERS: &[(&str, &str)] = &[
    ("assets", "asset"),
    ("inventory", "asset"),
    ("people", "person"),
    ("personnel", "person"),
    ("suppliers", "supplier"),
    ("contractors", "supplier"),
    ("contracts", "contract"),
    ("policies", "policy"),
    ("waivers", "waiver"),
    ("risks", "risk"),
    ("incident-plans", "incident_plan"),
    ("continuity", "continuity_plan"),
    ("services", "service"),
    ("networks", "network"),
    ("areas", "area"),
];

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

/// Repository-relative path with `/`.
pub fn relative(root: &Path, abs: &Path) -> Option<String> {
    let rel = abs.strip_prefix(root).ok()?;
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    Some(parts.join("/"))
}

pub struct Discovered {
    pub candidates: Vec<Candidate>,
}

/// Files that are never records, whatever their folder.
fn is_tool_file(rel: &str) -> bool {
    matches!(
        rel,
        ".grclint.yaml" | ".pre-commit-hooks.yaml" | ".pre-commit-config.yaml"
    )
}

pub fn is_yaml(rel: &str) -> bool {
    rel.ends_with(".yaml") || rel.ends_with(".yml")
}

/// Walks the working tree, honouring .gitignore and the config's `exclude`.
pub fn discover(settings: &Settings) -> Discovered {
    let root = &settings.root;
    let skip_dirs = skip_dirs(settings);
    let exclude = settings.exclude.clone();
    let root_for_filter = root.clone();
    let walker = WalkBuilder::new(root)
        .hidden(true)
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
                Some(rel) if !rel.is_empty() => !exclude.is_match(&rel),
                _ => true,
            }
        })
        .build();
    let mut candidates = Vec::new();
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
                    let path_kind = kind_from_path(settings, &format!("{rel}/"));
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
        if !is_yaml(&rel) || is_tool_file(&rel) {
            continue;
        }
        let path_kind = kind_from_path(settings, &rel);
        candidates.push(Candidate {
            rel,
            abs: entry.path().to_path_buf(),
            path_kind,
        });
    }
    candidates.sort_by(|a, b| a.rel.cmp(&b.rel));
    Discovered { candidates }
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
pub fn from_paths<'p>(settings: &Settings, paths: impl Iterator<Item = &'p String>) -> Discovered {
    let skip: Vec<String> = skip_dirs(settings)
        .iter()
        .filter_map(|d| relative(&settings.root, d))
        .collect();
    let mut candidates: Vec<Candidate> = paths
        .filter(|rel| is_yaml(rel) && !is_tool_file(rel))
        .filter(|rel| !rel.split('/').any(|part| part.starts_with('.')))
        .filter(|rel| !settings.exclude.is_match(rel.as_str()))
        .filter(|rel| {
            !skip
                .iter()
                .any(|d| !d.is_empty() && rel.len() > d.len() && is_under(rel, d))
        })
        .map(|rel| Candidate {
            rel: rel.clone(),
            abs: settings.root.join(rel),
            path_kind: kind_from_path(settings, rel),
        })
        .collect();
    candidates.sort_by(|a, b| a.rel.cmp(&b.rel));
    Discovered { candidates }
}

/// Rule and schema folders hold YAML that is not records.
fn skip_dirs(settings: &Settings) -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = settings
        .rule_dirs
        .iter()
        .chain(&settings.schema_dirs)
        .map(|d| d.canonicalize().unwrap_or_else(|_| d.clone()))
        .collect();
    dirs.sort();
    dirs
}

/// The kind a path gives: the first matching config glob, else the nearest conventional folder.
pub fn kind_from_path(settings: &Settings, rel: &str) -> Option<String> {
    for (kind, globs) in &settings.kind_globs {
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

/// Whether a repository path is `dir` itself or lies inside it (paths with `/`).
pub fn is_under(path: &str, dir: &str) -> bool {
    path.strip_prefix(dir)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
}
