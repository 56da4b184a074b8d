//! YAML that is not ours: repositories of Kubernetes manifests, policy engines, a Helm chart,
//! an Ansible inventory, Docker Compose and a docs site check with no finding and exit 0,
//! and a repository that holds records beside such files reports exactly the records'
//! findings.

mod common;

use common::{check, copy_tree, root, write};

const FOREIGN: &[&str] = &[
    "compose",
    "docs-site",
    "gatekeeper",
    "helm",
    "kubernetes",
    "kubespray",
    "kyverno",
    "tekton",
];

/// A fixture repository copied out of this checkout (so that its root is its own folder).
fn fixture(name: &str) -> tempfile::TempDir {
    copy_tree(&root().join("fixtures/foreign").join(name))
}

#[test]
fn foreign_repositories_check_clean() {
    for name in FOREIGN {
        let dir = fixture(name);
        let run = check(dir.path(), &["--format", "compact", "--verbose"]);
        assert_eq!(run.code, 0, "{name}: {}{}", run.stdout, run.stderr);
        assert_eq!(run.stdout, "", "{name}: no finding");
        let stderr = run
            .stderr
            .replace(&dir.path().display().to_string(), "<repo>");
        insta::assert_snapshot!(format!("foreign_{name}"), stderr);
    }
}

#[test]
fn records_beside_foreign_files_are_still_checked() {
    let dir = fixture("mixed");
    let run = check(dir.path(), &["--format", "compact", "--verbose"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    insta::assert_snapshot!("foreign_mixed", run.stdout);
    let stderr = run
        .stderr
        .replace(&dir.path().display().to_string(), "<repo>");
    insta::assert_snapshot!("foreign_mixed_skipped", stderr);
}

#[test]
fn a_repository_without_records_says_how_to_start() {
    let dir = fixture("kubernetes");
    let run = check(dir.path(), &[]);
    assert_eq!(run.code, 0);
    assert!(
        run.stderr.contains("no governance records were found")
            && run.stderr.contains("grclint init"),
        "{}",
        run.stderr
    );
    // No IRP001 "no incident plan" for a repository that is not a grclint repository yet.
    assert!(!run.stdout.contains("IRP001"), "{}", run.stdout);
}

#[test]
fn a_file_in_a_record_folder_that_may_be_records_is_reported_once() {
    let dir = fixture("mixed");
    // An id among keys that are not an asset's: perhaps meant as records, perhaps not.
    write(
        &dir.path().join("assets/exports/hosts.yaml"),
        "- id: web-1\n  ip: 10.0.0.5\n  os: debian\n  rack: R2\n- id: web-2\n  ip: 10.0.0.6\n  os: debian\n  rack: R2\n",
    );
    let run = check(dir.path(), &["--format", "compact", "--select", "KND"]);
    insta::assert_snapshot!("foreign_ambiguous", run.stdout);
    let help = check(dir.path(), &["--select", "KND002"]);
    assert!(help.stdout.contains("`exclude`"), "{}", help.stdout);
    // Excluded, it is not read at all.
    let run = check(
        dir.path(),
        &[
            "--format",
            "compact",
            "--select",
            "KND",
            "--exclude",
            "assets/exports/",
        ],
    );
    assert!(!run.stdout.contains("KND002"), "{}", run.stdout);
}

#[test]
fn exclude_on_the_command_line_reads_as_a_gitignore() {
    let dir = fixture("mixed");
    // `/misc/**` from the root, `nav.yaml` at any depth: neither is read.
    let run = check(
        dir.path(),
        &[
            "--format",
            "compact",
            "--verbose",
            "--exclude",
            "/misc/**",
            "--exclude",
            "nav.yaml",
            "--exclude",
            "archive/",
        ],
    );
    assert_eq!(
        run.stdout,
        "assets/ledger.yaml:2:3: error: this asset has no `location`, which is required [SCH001]\n",
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("nav.yaml"), "{}", run.stderr);
    // The pattern that matched nothing is named, once.
    let warned: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.contains("matches no file"))
        .collect();
    assert_eq!(warned.len(), 1, "{}", run.stderr);
    assert!(
        warned[0].contains("`archive/` (--exclude)"),
        "{}",
        warned[0]
    );
}

#[test]
fn a_bad_exclude_pattern_is_a_usage_error() {
    let dir = fixture("mixed");
    let run = check(dir.path(), &["--exclude", "assets/[x"]);
    assert_eq!(run.code, 2, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stderr.contains("--exclude `assets/[x`"),
        "{}",
        run.stderr
    );
}
