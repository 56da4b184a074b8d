//! Installing a released binary: the GitHub Action's install step downloads the runner's
//! archive and SHA256SUMS of the action's version, installs it only when the checksum
//! matches, and says why when it cannot. The "release" here is a folder laid out as a GitHub
//! release (`<base>/v<version>/<archive>`), read through `file://`: no network.

mod common;
use common::clients::{have, text};
use common::*;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const VERSION: &str = env!("CARGO_PKG_VERSION");

/// A release of `binary` for the musl target, as the release workflow packs it.
fn fake_release_of(dir: &Path, binary: &Path) -> PathBuf {
    let name = format!("grclint-v{VERSION}-x86_64-unknown-linux-musl");
    let tag = dir.join("releases").join(format!("v{VERSION}"));
    std::fs::create_dir_all(tag.join(&name)).unwrap();
    std::fs::copy(binary, tag.join(&name).join("grclint")).unwrap();
    let archive = format!("{name}.tar.gz");
    run_ok(
        Command::new("tar")
            .args(["-czf", &archive, &name])
            .current_dir(&tag),
    );
    std::fs::remove_dir_all(tag.join(&name)).unwrap();
    let sums = Command::new("sha256sum")
        .arg(&archive)
        .current_dir(&tag)
        .output()
        .unwrap();
    assert!(sums.status.success());
    std::fs::write(tag.join("SHA256SUMS"), sums.stdout).unwrap();
    dir.join("releases")
}

/// A release of this build's grclint.
fn fake_release(dir: &Path) -> PathBuf {
    fake_release_of(dir, Path::new(env!("CARGO_BIN_EXE_grclint")))
}

/// A release of a stand-in that only says its version: for the tests that never run it.
fn small_release(dir: &Path) -> PathBuf {
    let stand_in = dir.join("stand-in");
    std::fs::write(&stand_in, format!("#!/bin/sh\necho grclint {VERSION}\n")).unwrap();
    fake_release_of(dir, &stand_in)
}

fn run_ok(cmd: &mut Command) {
    let out = cmd.output().unwrap();
    assert!(out.status.success(), "{}", text(&out));
}

fn install(action_path: &Path, home: &Path, env: &[(&str, String)]) -> Output {
    Command::new("bash")
        .arg(root().join("action/install.sh"))
        .env("GITHUB_ACTION_PATH", action_path)
        .env("GRCLINT_HOME", home)
        .env("GRCLINT_VERSION", VERSION)
        .env("RUNNER_OS", "Linux")
        .env("RUNNER_ARCH", "X64")
        .env_remove("GITHUB_PATH")
        .env_remove("GRCLINT_REPOSITORY")
        .env_remove("GRCLINT_INSTALL_FROM")
        .envs(env.iter().map(|(k, v)| (*k, v.as_str())))
        .output()
        .unwrap()
}

#[test]
fn the_action_installs_the_released_binary_when_its_checksum_matches() {
    let work = tempfile::tempdir().unwrap();
    let releases = format!("file://{}", fake_release(work.path()).display());
    // Used as `uses: owner/grclint@v…`: the repository is read from the action's path.
    let action_path = work.path().join("_actions/owner/grclint/v1");
    std::fs::create_dir_all(&action_path).unwrap();
    let home = work.path().join("cache");
    let out = install(
        &action_path,
        &home,
        &[("GRCLINT_RELEASES", releases.clone())],
    );
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        String::from_utf8_lossy(&out.stdout).starts_with(&format!("grclint {VERSION}")),
        "{}",
        text(&out)
    );
    let installed = Command::new(home.join("bin/grclint"))
        .args(["check", "--today", TODAY, "--quiet"])
        .arg(root().join("fixtures/demo"))
        .output()
        .unwrap();
    assert_eq!(installed.status.code(), Some(0), "{}", text(&installed));

    // A second run finds it in the cache and downloads nothing (the release is gone).
    std::fs::remove_dir_all(work.path().join("releases")).unwrap();
    let again = install(&action_path, &home, &[("GRCLINT_RELEASES", releases)]);
    assert!(again.status.success(), "{}", text(&again));
}

#[test]
fn a_download_whose_checksum_differs_is_not_installed() {
    let work = tempfile::tempdir().unwrap();
    let releases = small_release(work.path());
    let archive = releases.join(format!("v{VERSION}")).join(format!(
        "grclint-v{VERSION}-x86_64-unknown-linux-musl.tar.gz"
    ));
    let mut bytes = std::fs::read(&archive).unwrap();
    bytes.push(0);
    std::fs::write(&archive, bytes).unwrap();
    let home = work.path().join("cache");
    let out = install(
        work.path(),
        &home,
        &[
            ("GRCLINT_RELEASES", format!("file://{}", releases.display())),
            ("GRCLINT_REPOSITORY", "owner/grclint".to_owned()),
        ],
    );
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    let said = text(&out);
    assert!(
        said.contains("::error title=grclint::the checksum of grclint-v")
            && said.contains("not installed"),
        "{said}"
    );
    assert!(!home.join("bin/grclint").exists());
}

#[test]
fn a_version_without_a_release_says_how_to_build_from_source() {
    let work = tempfile::tempdir().unwrap();
    let releases = format!("file://{}", small_release(work.path()).display());
    let home = work.path().join("cache");
    let out = install(
        work.path(),
        &home,
        &[
            ("GRCLINT_RELEASES", releases),
            ("GRCLINT_REPOSITORY", "owner/grclint".to_owned()),
            ("GRCLINT_VERSION", "9.9.9".to_owned()),
        ],
    );
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(
        text(&out).contains("is v9.9.9 released? (or use install-from: source)"),
        "{}",
        text(&out)
    );
    // An unknown install-from is refused by name.
    let out = install(
        work.path(),
        &home,
        &[("GRCLINT_INSTALL_FROM", "somewhere".to_owned())],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out).contains("not 'somewhere'"), "{}", text(&out));
}

#[test]
fn the_release_names_the_archives_the_install_step_downloads() {
    // The release workflow packs `grclint-<tag>-<target>.tar.gz` (`.zip` on Windows) for
    // every target the install step may pick.
    let workflow = std::fs::read_to_string(root().join(".github/workflows/release.yml")).unwrap();
    assert!(workflow.contains(r#"name="grclint-${GITHUB_REF_NAME}-${TARGET}""#));
    let script = std::fs::read_to_string(root().join("action/install.sh")).unwrap();
    for target in [
        "x86_64-unknown-linux-musl",
        "aarch64-unknown-linux-gnu",
        "x86_64-apple-darwin",
        "aarch64-apple-darwin",
        "x86_64-pc-windows-msvc",
    ] {
        assert!(script.contains(target), "install.sh never picks {target}");
        assert!(
            workflow.contains(&format!("target: {target},")),
            "the release builds no {target}"
        );
    }
}

/// The GitLab component with `releases` set, in gitlab-ci-local (shell executor): the job
/// downloads the release, checks its checksum and runs it — no grclint on the PATH.
#[test]
fn the_gitlab_component_installs_the_released_binary() {
    if !have("gitlab-ci-local", "--version") {
        return;
    }
    let work = tempfile::tempdir().unwrap();
    let releases = fake_release(work.path());
    let dir = copy_tree(&root().join("fixtures/demo"));
    write(
        &dir.path().join("templates/grclint.yml"),
        &std::fs::read_to_string(root().join("templates/grclint.yml")).unwrap(),
    );
    let ci = format!(
        "include:\n  - local: templates/grclint.yml\n    inputs:\n      releases: file://{}\n      version: \"{VERSION}\"\n      today: \"{TODAY}\"\n",
        releases.display()
    );
    write(&dir.path().join(".gitlab-ci.yml"), &ci);
    commit_all(dir.path());
    let job = || {
        Command::new("gitlab-ci-local")
            .args(["--force-shell-executor", "--no-color", "grclint"])
            .current_dir(dir.path())
            .env("HOME", dir.path().join(".home"))
            .env_remove("GRCLINT_TODAY")
            .output()
            .unwrap()
    };
    let out = job();
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains(&format!("grclint {VERSION}")),
        "{}",
        text(&out)
    );
    let quality = dir
        .path()
        .join(".gitlab-ci-local/artifacts/grclint/gl-code-quality.json");
    assert_eq!(std::fs::read_to_string(quality).unwrap().trim(), "[]");

    // A tampered archive: the job stops before running it.
    let archive = releases.join(format!("v{VERSION}")).join(format!(
        "grclint-v{VERSION}-x86_64-unknown-linux-musl.tar.gz"
    ));
    let mut bytes = std::fs::read(&archive).unwrap();
    bytes.push(0);
    std::fs::write(&archive, bytes).unwrap();
    let out = job();
    assert!(!out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains("does not match SHA256SUMS"),
        "{}",
        text(&out)
    );
}

#[test]
fn the_gitlab_component_defaults_to_this_version() {
    let template = std::fs::read_to_string(root().join("templates/grclint.yml")).unwrap();
    let version = template
        .split_once("\n    version:\n")
        .and_then(|(_, rest)| {
            rest.lines()
                .find(|l| l.trim_start().starts_with("default:"))
        })
        .expect("the component has a version input");
    assert_eq!(version.trim(), format!("default: \"{VERSION}\""));
}
