//! What git knows: the staged content (`--staged`) and the files changed since a
//! revision (`--changed-since`). git runs with argument lists, never through a shell.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};

fn git(root: &Path, args: &[&str]) -> Result<Vec<u8>, String> {
    let out = Command::new("git")
        .args(args)
        .current_dir(root)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if !out.status.success() {
        let err = String::from_utf8_lossy(&out.stderr);
        let why = match err.trim() {
            // `merge-base` says nothing when there is none, as in a shallow clone.
            "" if args.first() == Some(&"merge-base") => crate::i18n::t("no common ancestor was found; in a shallow clone (CI's default), fetch the history first: `git fetch --unshallow` or a fetch depth of 0", "共通の祖先が見つからない。浅いクローン（CI の既定）では、先に履歴を取得してください: `git fetch --unshallow`、または fetch depth を 0 にします").to_owned(),
            "" => format!("{} and said nothing", out.status),
            e => e.to_owned(),
        };
        return Err(format!("`git {}` failed: {why}", args.join(" ")));
    }
    Ok(out.stdout)
}

/// The git top level above `root`, and `root`'s path inside it (`""` or `sub/dir/`).
pub fn top_level(root: &Path) -> Result<(std::path::PathBuf, String), String> {
    let out = git(root, &["rev-parse", "--show-toplevel"]).map_err(|_| {
        crate::tr!(
            "{} is not inside a git repository",
            "{} は git リポジトリの中にない",
            root.display()
        )
    })?;
    let top = std::path::PathBuf::from(String::from_utf8_lossy(&out).trim());
    let top = top.canonicalize().unwrap_or(top);
    let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let prefix = super::relative(&top, &root).unwrap_or_default();
    let prefix = if prefix.is_empty() {
        prefix
    } else {
        format!("{prefix}/")
    };
    Ok((top, prefix))
}

/// The files git tracks under `root`, relative to it; None outside a git repository.
pub fn tracked(root: &Path) -> Option<Vec<String>> {
    // Outside a git repository git is not run at all.
    if !root.ancestors().any(|d| d.join(".git").exists()) {
        return None;
    }
    // stdin is a pipe closed at once, not /dev/null: a check opens nothing for writing.
    let out = Command::new("git")
        .args(["ls-files", "-z", "--cached", "--", "."])
        .current_dir(root)
        .stdin(Stdio::piped())
        .stderr(Stdio::piped())
        .output()
        .ok()?;
    out.status.success().then(|| split_z(&out.stdout).collect())
}

fn split_z(bytes: &[u8]) -> impl Iterator<Item = String> + '_ {
    bytes
        .split(|b| *b == 0)
        .filter(|s| !s.is_empty())
        .map(path_text)
}

/// A file name as text, without losing a byte: what is not UTF-8 is written `\xNN`, so two
/// names that differ only there stay two names.
pub fn path_text(bytes: &[u8]) -> String {
    let mut s = String::with_capacity(bytes.len());
    for chunk in bytes.utf8_chunks() {
        s.push_str(chunk.valid());
        for b in chunk.invalid() {
            s.push_str(&format!("\\x{b:02X}"));
        }
    }
    s
}

/// A file's content as git holds it, or only its size when it is over the limit (its
/// bytes are then never read).
pub enum Blob {
    Bytes(Vec<u8>),
    TooBig(u64),
}

/// What to read of a listing: the files `wanted` accepts (by path), up to `max` bytes each.
pub struct Want<'a> {
    pub path: &'a dyn Fn(&str) -> bool,
    pub max: u64,
}

/// The staged content of every regular file under `root`: repository-relative path → bytes.
pub fn staged(root: &Path, want: &Want) -> Result<HashMap<String, Blob>, String> {
    let (top, prefix) = top_level(root)?;
    let listing = git(&top, &["ls-files", "-s", "-z"])?;
    // "<mode> <sha> <stage>\t<path>"
    let wanted = regular_files(&listing, &prefix, |meta| {
        let mut parts = meta.split(' ');
        (parts.next().unwrap_or(""), parts.next().unwrap_or(""))
    });
    read_blobs(&top, wanted, want)
}

/// The content of every regular file under `root` at a revision (a commit): path → bytes.
/// A repository without commits yet has no files at `HEAD`.
pub fn at_revision(root: &Path, rev: &str, want: &Want) -> Result<HashMap<String, Blob>, String> {
    let (top, prefix) = top_level(root)?;
    if rev.starts_with('-') {
        return Err(format!("`{rev}` is not a revision"));
    }
    if rev == "HEAD" && git(&top, &["rev-parse", "--verify", "-q", "HEAD"]).is_err() {
        return Ok(HashMap::new());
    }
    let listing = git(&top, &["ls-tree", "-r", "-z", "--full-tree", rev])?;
    // "<mode> blob <sha>\t<path>"
    let wanted = regular_files(&listing, &prefix, |meta| {
        let mut parts = meta.split(' ');
        let mode = parts.next().unwrap_or("");
        (mode, parts.nth(1).unwrap_or(""))
    });
    read_blobs(&top, wanted, want)
}

/// The commit where the current branch left `rev`.
pub fn merge_base(root: &Path, rev: &str) -> Result<String, String> {
    let (top, _) = top_level(root)?;
    if rev.starts_with('-') {
        return Err(format!("`{rev}` is not a revision"));
    }
    let base = git(&top, &["merge-base", rev, "HEAD"])?;
    Ok(String::from_utf8_lossy(&base).trim().to_owned())
}

/// (path under `prefix`, blob sha) of the regular files of a NUL-separated listing whose
/// entries are `<meta>\t<path>`; `mode_sha` finds the mode and the sha in `<meta>`.
fn regular_files(
    listing: &[u8],
    prefix: &str,
    mode_sha: impl Fn(&str) -> (&str, &str),
) -> Vec<(String, String)> {
    let mut wanted = Vec::new();
    for entry in split_z(listing) {
        let Some((meta, path)) = entry.split_once('\t') else {
            continue;
        };
        let (mode, sha) = mode_sha(meta);
        if !(mode == "100644" || mode == "100755") {
            continue; // symlinks and submodules are not read
        }
        if let Some(rel) = path.strip_prefix(prefix) {
            wanted.push((rel.to_owned(), sha.to_owned()));
        }
    }
    wanted
}

/// The blobs' contents: sizes first (`git cat-file --batch-check`), then the contents of
/// the wanted files within the limit (`git cat-file --batch`).
fn read_blobs(
    top: &Path,
    mut wanted: Vec<(String, String)>,
    want: &Want,
) -> Result<HashMap<String, Blob>, String> {
    wanted.retain(|(rel, _)| (want.path)(rel));
    let mut files = HashMap::new();
    let headers = cat_file(top, "--batch-check", &wanted, |_, _| Ok(None))?;
    let mut small = Vec::new();
    for ((rel, sha), (_, size)) in wanted.into_iter().zip(headers) {
        if size > want.max {
            files.insert(rel, Blob::TooBig(size));
        } else {
            small.push((rel, sha));
        }
    }
    let contents = cat_file(top, "--batch", &small, |reader, size| {
        let mut content = vec![0u8; size as usize];
        reader.read_exact(&mut content).map_err(|e| e.to_string())?;
        let mut nl = [0u8; 1];
        reader.read_exact(&mut nl).map_err(|e| e.to_string())?;
        Ok(Some(content))
    })?;
    for ((rel, _), (content, _)) in small.into_iter().zip(contents) {
        files.insert(rel, Blob::Bytes(content.unwrap_or_default()));
    }
    Ok(files)
}

/// Per blob: what a `cat_file` body read of it, and its size.
type Blobs = Vec<(Option<Vec<u8>>, u64)>;

/// Runs `git cat-file MODE` on the blobs, reading each header (`<sha> blob <size>`) and then
/// what `body` takes of the rest: per blob, what `body` gave and the size.
fn cat_file(
    top: &Path,
    mode: &str,
    blobs: &[(String, String)],
    body: impl Fn(&mut BufReader<std::process::ChildStdout>, u64) -> Result<Option<Vec<u8>>, String>,
) -> Result<Blobs, String> {
    let mut child = Command::new("git")
        .args(["cat-file", mode])
        .current_dir(top)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot run git: {e}"))?;
    let mut stdin = child.stdin.take().expect("piped");
    let shas: Vec<String> = blobs.iter().map(|(_, s)| s.clone()).collect();
    let writer = std::thread::spawn(move || {
        for s in shas {
            if writeln!(stdin, "{s}").is_err() {
                break;
            }
        }
    });
    let mut reader = BufReader::new(child.stdout.take().expect("piped"));
    let mut out = Vec::with_capacity(blobs.len());
    for (rel, sha) in blobs {
        let mut header = String::new();
        reader.read_line(&mut header).map_err(|e| e.to_string())?;
        // "<sha> blob <size>\n", or "<sha> missing\n"
        let size: u64 = match header.split(' ').nth(2).and_then(|s| s.trim().parse().ok()) {
            Some(n) => n,
            None => {
                let _ = child.kill();
                return Err(crate::tr!(
                    "git has no content for {rel} (object {sha}: {}); is the repository complete?",
                    "git に {rel} の内容がない（オブジェクト {sha}: {}）。リポジトリは完全ですか",
                    header.trim()
                ));
            }
        };
        out.push((body(&mut reader, size)?, size));
    }
    let _ = writer.join();
    let _ = child.wait();
    Ok(out)
}

/// Files added or modified between the merge base of `rev` and the working tree (renames
/// followed; untracked files count as added), relative to `root`.
pub fn changed_since(root: &Path, rev: &str) -> Result<Vec<String>, String> {
    let (top, prefix) = top_level(root)?;
    let base = merge_base(root, rev)?;
    let diff = git(
        &top,
        &[
            "diff",
            "--name-only",
            "-z",
            "--diff-filter=AMR",
            "-M",
            &base,
            "--",
        ],
    )?;
    let untracked = git(&top, &["ls-files", "--others", "--exclude-standard", "-z"])?;
    let mut paths: Vec<String> = split_z(&diff)
        .chain(split_z(&untracked))
        .filter_map(|p| p.strip_prefix(&prefix).map(str::to_owned))
        .collect();
    paths.sort();
    paths.dedup();
    Ok(paths)
}
