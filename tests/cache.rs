//! The cache of `check`: a run that takes records from it prints, byte for byte, what a
//! run that reads every file prints, whatever was edited, renamed, reconfigured or
//! damaged in between.

mod common;

use common::{copy_tree, grclint, root};
use proptest::prelude::*;
use std::path::Path;

/// `check --format json` on `dir` with the cache in `cache` (or without it): exit code
/// and output. `today` may end in ` ja`: the run is then in Japanese.
fn run(dir: &Path, cache: &Path, today: &str, use_cache: bool) -> (i32, String) {
    let mut c = grclint();
    let (today, lang) = today.split_once(' ').unwrap_or((today, "en"));
    c.env("XDG_CACHE_HOME", cache)
        .arg("check")
        .arg(dir)
        .args(["--today", today, "--format", "json", "--lang", lang]);
    if !use_cache {
        c.arg("--no-cache");
    }
    let out = c.output().expect("grclint runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).expect("utf-8"),
    )
}

/// Every entry file of the cache folder.
fn entries(cache: &Path) -> Vec<std::path::PathBuf> {
    let mut found = Vec::new();
    let Ok(repos) = std::fs::read_dir(cache.join("grclint")) else {
        return found;
    };
    for repo in repos.flatten() {
        for e in std::fs::read_dir(repo.path())
            .into_iter()
            .flatten()
            .flatten()
        {
            found.push(e.path());
        }
    }
    found.sort();
    found
}

/// One change between two runs.
#[derive(Clone, Debug)]
enum Change {
    /// A value of the asset ledger, to this year.
    Value(u16),
    /// The ledger's last record removed.
    DeleteRecord,
    /// A network's file moved to another name (and back).
    Rename,
    /// A supplier's file moved out of the records (and back): references to it dangle.
    Supplier,
    /// A supplier's contract moved out (and back): a rule that reads contracts (SUP001)
    /// finds the supplier unbound, while no supplier record changed.
    Contract,
    /// The config's `limits:`, `exclude:`, a rule's settings or the user's own rules
    /// changed.
    Config(u8),
    /// A document a policy names removed (or put back): a rule reads it, no record changes.
    Document,
    /// The language of the runs.
    Lang,
    /// The date of the run.
    Today(u8),
    /// A cache entry cut short, overwritten with junk, or with another entry.
    Damage(u8),
    /// A number with a fraction written into a record.
    Fraction,
}

fn change() -> impl Strategy<Value = Change> {
    prop_oneof![
        (2019u16..2027).prop_map(Change::Value),
        Just(Change::DeleteRecord),
        Just(Change::Rename),
        Just(Change::Supplier),
        Just(Change::Contract),
        (0u8..5).prop_map(Change::Config),
        Just(Change::Document),
        Just(Change::Lang),
        (0u8..4).prop_map(Change::Today),
        (0u8..3).prop_map(Change::Damage),
        Just(Change::Fraction),
    ]
}

/// Moves the file at `a` to `b`, or back when it is at `b`.
fn toggle(dir: &Path, a: &str, b: &str) {
    let (a, b) = (dir.join(a), dir.join(b));
    let (from, to) = if a.exists() { (a, b) } else { (b, a) };
    std::fs::rename(from, to).unwrap();
}

/// Applies a change; returns the date the next runs use.
fn apply(dir: &Path, cache: &Path, change: &Change, today: &str) -> String {
    let ledger = dir.join("assets/ledger.yaml");
    let text = std::fs::read_to_string(&ledger).unwrap();
    match change {
        Change::Value(year) => {
            let at = text.find("last_inventory: 20").expect("an inventory date") + 16;
            let edited = format!("{}{year}{}", &text[..at], &text[at + 4..]);
            std::fs::write(&ledger, edited).unwrap();
        }
        Change::DeleteRecord => {
            if let Some(at) = text.rfind("\n- ") {
                std::fs::write(&ledger, &text[..at + 1]).unwrap();
            }
        }
        Change::Rename => toggle(dir, "networks/vpn.yaml", "networks/vpn-2.yaml"),
        Change::Supplier => toggle(
            dir,
            "suppliers/hikari-printing.yaml",
            "suppliers/hikari-printing.yaml.off",
        ),
        Change::Contract => toggle(
            dir,
            "contracts/hikari-printing.yaml",
            "contracts/hikari-printing.yaml.off",
        ),
        Change::Config(n) => {
            let config = dir.join(".grclint.yaml");
            let base = std::fs::read_to_string(root().join("fixtures/demo/.grclint.yaml")).unwrap();
            let extra = match n {
                0 => "",
                1 => "limits:\n  max_findings_per_file: 3\n",
                2 => "rule_settings:\n  AST001: { severity: warning, params: { max_age: 30d } }\n",
                3 => "rules: [own-rules/]\n",
                _ => "exclude: [services/]\n",
            };
            std::fs::write(config, format!("{base}{extra}")).unwrap();
            // The user's own rule, whose text changes with each such change.
            let own = dir.join("own-rules");
            std::fs::create_dir_all(&own).unwrap();
            let max = 2020 + *n as u32;
            let rule = format!(
                "id: OWN001\nname: inventory-recent\nkind: asset\nseverity: warning\nsummary: The inventory is recent\nassert: \"record.last_inventory >= '{max}-01-01'\"\nat: last_inventory\nmessage: the last inventory is before {max}\n"
            );
            std::fs::write(own.join("own.yaml"), rule).unwrap();
        }
        Change::Document => {
            let doc = dir.join("policies/docs/basic-policy.md");
            match doc.exists() {
                true => std::fs::remove_file(doc).unwrap(),
                false => std::fs::write(doc, "# Basic policy\n").unwrap(),
            }
        }
        Change::Lang => {
            return match today.strip_suffix(" ja") {
                Some(date) => date.to_owned(),
                None => format!("{today} ja"),
            };
        }
        Change::Today(n) => {
            let date = ["2026-11-01", "2027-06-30", "2025-01-15", "2031-03-03"][*n as usize];
            let lang = if today.ends_with(" ja") { " ja" } else { "" };
            return format!("{date}{lang}");
        }
        Change::Damage(n) => {
            let all = entries(cache);
            if let Some(victim) = all.get(*n as usize % all.len().max(1)) {
                let bytes = std::fs::read(victim).unwrap_or_default();
                let damaged = match n {
                    0 => bytes[..bytes.len() / 2].to_vec(),
                    1 => b"grclint cache 1\n\x05junk{\"key\": 7, \"records\": [".to_vec(),
                    _ => all
                        .iter()
                        .find(|p| *p != victim)
                        .map(|p| std::fs::read(p).unwrap_or_default())
                        .unwrap_or_default(),
                };
                std::fs::write(victim, damaged).unwrap();
            }
        }
        Change::Fraction => {
            let edited = text.replacen("  retention: 5y\n", "  retention: 5y\n  weight: 0.1\n", 1);
            std::fs::write(&ledger, edited).unwrap();
        }
    }
    today.to_owned()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 6, ..ProptestConfig::default() })]

    #[test]
    fn a_cached_run_prints_what_an_uncached_one_prints(changes in prop::collection::vec(change(), 1..5)) {
        let dir = copy_tree(&root().join("fixtures/demo"));
        let cache = tempfile::tempdir().unwrap();
        let mut today = common::TODAY.to_owned();
        // A first run fills the cache.
        let first = run(dir.path(), cache.path(), &today, true);
        prop_assert_eq!(&first, &run(dir.path(), cache.path(), &today, false));
        prop_assert!(!entries(cache.path()).is_empty(), "the cache was written");
        for change in &changes {
            today = apply(dir.path(), cache.path(), change, &today);
            let cold = run(dir.path(), cache.path(), &today, false);
            // Right after the change (some entries stale or damaged), then warm.
            let after = run(dir.path(), cache.path(), &today, true);
            prop_assert_eq!(&after, &cold, "after {:?}", change);
            let warm = run(dir.path(), cache.path(), &today, true);
            prop_assert_eq!(&warm, &cold, "warm, after {:?}", change);
        }
    }
}

/// Each change that changes the findings through a different part of the cache (a rule
/// that reads a document, one that reads other records, a rule's settings, the user's own
/// rule, the language, the date, a record) is seen by the run right after it: the random
/// sequences above may miss one.
#[test]
fn every_kind_of_change_is_seen_by_the_next_cached_run() {
    let dir = copy_tree(&root().join("fixtures/demo"));
    let cache = tempfile::tempdir().unwrap();
    let mut today = common::TODAY.to_owned();
    let mut before = run(dir.path(), cache.path(), &today, true);
    let changes = [
        Change::Document,
        Change::Contract,
        Change::Supplier,
        Change::Config(2),
        Change::Config(3),
        Change::Lang,
        Change::Today(1),
        Change::Value(2019),
    ];
    for change in &changes {
        today = apply(dir.path(), cache.path(), change, &today);
        let cold = run(dir.path(), cache.path(), &today, false);
        assert_ne!(cold, before, "{change:?} changes the findings");
        assert_eq!(
            run(dir.path(), cache.path(), &today, true),
            cold,
            "after {change:?}"
        );
        before = cold;
    }
}

/// A damaged entry is not trusted: it is read past, and written again sound.
#[test]
fn a_damaged_entry_is_written_again() {
    let dir = copy_tree(&root().join("fixtures/demo"));
    let cache = tempfile::tempdir().unwrap();
    let today = common::TODAY;
    let cold = run(dir.path(), cache.path(), today, true);
    let all = entries(cache.path());
    assert!(all.len() >= 20, "the demo's files are kept: {}", all.len());
    for e in &all {
        std::fs::write(e, "not json").unwrap();
    }
    assert_eq!(run(dir.path(), cache.path(), today, true), cold);
    assert_eq!(
        entries(cache.path()),
        all,
        "the same entries, nothing left over"
    );
    for e in &all {
        let bytes = std::fs::read(e).unwrap();
        assert!(bytes != b"not json", "{} was written again", e.display());
    }
    // A warm run takes them from the cache (the tests above would pass if it never did).
    let taken = |use_cache: bool| {
        let mut c = grclint();
        c.env("XDG_CACHE_HOME", cache.path())
            .arg("check")
            .arg(dir.path());
        c.args(["--today", today, "--timings", "--quiet"]);
        if !use_cache {
            c.arg("--no-cache");
        }
        let err = String::from_utf8(c.output().unwrap().stderr).unwrap();
        let counts: Vec<usize> = err
            .lines()
            .filter(|l| l.contains("taken from the cache"))
            .filter_map(|l| l.split_whitespace().nth(1)?.parse().ok())
            .collect();
        counts
    };
    // Per file, an entry of its records, one of its record-only rules' findings and one
    // saying that its references resolve; per rule that reads other records, one of its
    // findings.
    let counts = taken(true);
    assert_eq!(counts.len(), 4, "{counts:?}");
    assert_eq!(
        counts.iter().sum::<usize>(),
        all.len(),
        "every entry is taken from the cache: {counts:?}"
    );
    assert!(counts[0] == counts[1] && counts[2] > 0, "{counts:?}");
    assert!(counts[3] > 0 && counts[3] <= counts[0], "{counts:?}");
    assert_eq!(taken(false), [0, 0, 0, 0]);
    // `--no-cache` neither reads nor writes it.
    let other = tempfile::tempdir().unwrap();
    assert_eq!(run(dir.path(), other.path(), today, false), cold);
    assert!(entries(other.path()).is_empty());
}

/// A rule that checks assets and reads people (AST010) keeps its findings per file: when
/// one ledger changes, it runs again on that ledger's records and the other ledger's
/// findings come from the cache, the same as a run without it.
#[test]
fn a_changed_ledger_keeps_the_other_ledgers_findings() {
    let dir = copy_tree(&root().join("fixtures/demo"));
    let cache = tempfile::tempdir().unwrap();
    let today = common::TODAY;
    let ledger = std::fs::read_to_string(dir.path().join("assets/ledger.yaml")).unwrap();
    let start = ledger.find("- id: A-014").unwrap();
    let end = ledger[start..].find("\n\n").unwrap() + start + 1;
    // A second ledger: a copy of A-014 whose owner is a person who has left.
    let copy = ledger[start..end]
        .replace("A-014", "A-900")
        .replace("person: P-004", "person: P-009");
    std::fs::write(dir.path().join("assets/archive.yaml"), copy).unwrap();
    let first = run(dir.path(), cache.path(), today, true);
    assert!(first.1.contains("AST010"), "the copy's owner has left");
    for year in [2019, 2026] {
        let at = ledger.find("last_inventory: 20").unwrap() + 16;
        let edited = format!("{}{year}{}", &ledger[..at], &ledger[at + 4..]);
        std::fs::write(dir.path().join("assets/ledger.yaml"), edited).unwrap();
        let cold = run(dir.path(), cache.path(), today, false);
        assert!(cold.1.contains("A-900"), "{year}");
        assert_eq!(run(dir.path(), cache.path(), today, true), cold, "{year}");
    }
}
