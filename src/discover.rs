//! Discover: which files under the repository root are records, and of which kind.

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

pub fn discover(settings: &Settings) -> Discovered {
    let root = &settings.root;
    let mut skip_dirs: Vec<PathBuf> = settings
        .rule_dirs
        .iter()
        .chain(&settings.schema_dirs)
        .cloned()
        .collect();
    skip_dirs.sort();
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
    for entry in walker.flatten() {
        // Symlinks, FIFOs, sockets and devices are never opened.
        if !entry.file_type().is_some_and(|t| t.is_file()) {
            continue;
        }
        let path = entry.path();
        let is_yaml = path.extension().is_some_and(|e| e == "yaml" || e == "yml");
        if !is_yaml {
            continue;
        }
        let Some(rel) = relative(root, path) else {
            continue;
        };
        if rel == ".grclint.yaml"
            || rel == ".pre-commit-hooks.yaml"
            || rel == ".pre-commit-config.yaml"
        {
            continue;
        }
        let path_kind = kind_from_path(settings, &rel);
        candidates.push(Candidate {
            rel,
            abs: path.to_path_buf(),
            path_kind,
        });
    }
    candidates.sort_by(|a, b| a.rel.cmp(&b.rel));
    Discovered { candidates }
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
