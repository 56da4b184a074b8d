//! `exclude`: the paths never read, from the config and from `--exclude`, written as in a
//! `.gitignore`: `archive/**`, `dir/` (the folder and all in it), `/dir/**` (from the root
//! only), `**/x` or `x` (a name at any depth). Each pattern remembers whether it matched,
//! so that one that matches nothing (a typo) can be reported.

use globset::{Glob, GlobSet, GlobSetBuilder};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// Where a pattern was written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    Config,
    Flag,
}

#[derive(Clone, Debug)]
pub struct Pattern {
    pub text: String,
    pub origin: Origin,
    globs: Vec<Glob>,
}

/// The exclude patterns, compiled into one set.
#[derive(Clone, Debug, Default)]
pub struct Excludes {
    patterns: Vec<Pattern>,
    set: GlobSet,
    /// Per glob of `set`, the pattern it came from.
    owner: Vec<usize>,
    /// Per pattern, whether it has matched a path.
    hits: Arc<[AtomicBool]>,
}

/// The globs a gitignore-style pattern stands for.
fn globs(pattern: &str) -> Result<Vec<Glob>, String> {
    let p = pattern.trim();
    let p = p.strip_prefix("./").unwrap_or(p);
    let p = p.trim_end_matches('/');
    let (anchored, p) = match p.strip_prefix('/') {
        Some(rest) => (true, rest),
        None => (false, p),
    };
    if p.is_empty() {
        return Err(crate::i18n::t(
            "an empty pattern would exclude the whole repository",
            "空のパターンはリポジトリ全体を除外してしまう",
        )
        .to_owned());
    }
    // As in a .gitignore: a name without `/` matches at any depth.
    let base = if !anchored && !p.contains('/') && !p.starts_with("**") {
        format!("**/{p}")
    } else {
        p.to_owned()
    };
    let mut out = Vec::new();
    for g in [base.clone(), format!("{base}/**")] {
        out.push(Glob::new(&g).map_err(|e| e.kind().to_string())?);
    }
    Ok(out)
}

impl Excludes {
    /// Adds a pattern; one that cannot be read is refused with the reason.
    pub fn add(&mut self, text: &str, origin: Origin) -> Result<(), String> {
        let globs = globs(text)?;
        self.patterns.push(Pattern {
            text: text.to_owned(),
            origin,
            globs,
        });
        self.rebuild();
        Ok(())
    }

    fn rebuild(&mut self) {
        let mut b = GlobSetBuilder::new();
        self.owner.clear();
        for (i, p) in self.patterns.iter().enumerate() {
            for g in &p.globs {
                b.add(g.clone());
                self.owner.push(i);
            }
        }
        self.set = b.build().unwrap_or_else(|_| GlobSet::empty());
        self.hits = self
            .patterns
            .iter()
            .map(|_| AtomicBool::new(false))
            .collect();
    }

    /// Whether a repository-relative path (a file or a folder) is excluded.
    pub fn is_match(&self, rel: &str) -> bool {
        if self.set.is_empty() {
            return false;
        }
        let found = self.set.matches(rel);
        for &g in &found {
            if let Some(hit) = self.owner.get(g).and_then(|&p| self.hits.get(p)) {
                hit.store(true, Ordering::Relaxed);
            }
        }
        !found.is_empty()
    }

    /// The patterns that have matched nothing so far.
    pub fn unmatched(&self) -> impl Iterator<Item = &Pattern> {
        self.patterns
            .iter()
            .zip(self.hits.iter())
            .filter(|(_, hit)| !hit.load(Ordering::Relaxed))
            .map(|(p, _)| p)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn excludes(patterns: &[&str]) -> Excludes {
        let mut e = Excludes::default();
        for p in patterns {
            e.add(p, Origin::Flag).unwrap();
        }
        e
    }

    #[test]
    fn patterns_read_as_in_a_gitignore() {
        let e = excludes(&["docs/", "/deploy/**", "**/templates", "archive/**"]);
        for path in [
            "docs",
            "docs/assets/nav.yaml",
            "deploy/services/web.yaml",
            "charts/web/templates",
            "charts/web/templates/svc.yaml",
            "archive/2020/assets.yaml",
        ] {
            assert!(e.is_match(path), "{path}");
        }
        for path in [
            "site/docs2/x.yaml",
            "sub/deploy/x.yaml",
            "assets/ledger.yaml",
        ] {
            assert!(!e.is_match(path), "{path}");
        }
        // `docs/` matches at any depth (no `/` inside), `/deploy/**` only at the root.
        assert!(e.is_match("site/docs/x.yaml"));
    }

    #[test]
    fn a_pattern_that_matches_nothing_is_known() {
        let e = excludes(&["assets/", "asets/"]);
        assert!(e.is_match("assets/ledger.yaml"));
        let unmatched: Vec<&str> = e.unmatched().map(|p| p.text.as_str()).collect();
        assert_eq!(unmatched, ["asets/"]);
    }

    #[test]
    fn bad_patterns_are_refused() {
        let mut e = Excludes::default();
        assert!(e.add("/", Origin::Flag).is_err());
        assert!(e.add("a/[b", Origin::Flag).is_err());
    }
}
