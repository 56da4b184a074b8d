#!/usr/bin/env bash
# Installs grclint at the action's version into GRCLINT_HOME (cached between runs by
# version), unless it is there already, and puts it on the PATH.
#
# From a release (the default when the action is used from its repository, `uses:
# owner/grclint@v0.2.0`): the runner's binary and SHA256SUMS are downloaded from the release
# of that version, the archive's checksum is verified, and only then is it unpacked. A
# checksum that does not match stops the job. From source (`install-from: source`, or the
# action used from a checkout, `uses: ./`, which names no repository): cargo install.
set -euo pipefail
here="${GITHUB_ACTION_PATH:-$(dirname "$0")/..}"
home="${GRCLINT_HOME:?GRCLINT_HOME names the install folder}"
version="${GRCLINT_VERSION:-}"
repository="${GRCLINT_REPOSITORY:-}"
# An action from a repository is checked out under …/_actions/<owner>/<repo>/<ref>.
if [ -z "$repository" ] && [[ "$here" =~ /_actions/([^/]+)/([^/]+)/[^/]+/?$ ]]; then
  repository="${BASH_REMATCH[1]}/${BASH_REMATCH[2]}"
fi
from="${GRCLINT_INSTALL_FROM:-}"
releases="${GRCLINT_RELEASES:-}"

fail() {
  echo "::error title=grclint::$1"
  echo "grclint: $1" >&2
  exit 2
}

# The release target that runs on this runner. Linux gets the static (musl) binary: it runs
# on any distribution and in containers without glibc.
target() {
  local os="${RUNNER_OS:-$(uname -s)}" arch="${RUNNER_ARCH:-$(uname -m)}"
  case "$os/$arch" in
    Linux/X64 | Linux/x86_64) echo x86_64-unknown-linux-musl ;;
    Linux/ARM64 | Linux/aarch64 | Linux/arm64) echo aarch64-unknown-linux-gnu ;;
    macOS/X64 | Darwin/x86_64) echo x86_64-apple-darwin ;;
    macOS/ARM64 | Darwin/arm64) echo aarch64-apple-darwin ;;
    Windows/X64 | MINGW*/x86_64 | MSYS*/x86_64) echo x86_64-pc-windows-msvc ;;
    *) fail "no release binary for $os on $arch: use install-from: source" ;;
  esac
}

sha256() {
  if command -v sha256sum >/dev/null 2>&1; then sha256sum "$1"; else shasum -a 256 "$1"; fi
}

from_release() {
  [ -n "$version" ] || fail "the action's version is not known (GRCLINT_VERSION is empty)"
  local t tag name archive expected actual
  t=$(target)
  tag="v$version"
  name="grclint-$tag-$t"
  case "$t" in *windows*) archive="$name.zip" ;; *) archive="$name.tar.gz" ;; esac
  releases="${releases:-${GITHUB_SERVER_URL:-https://github.com}/$repository/releases/download}"
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  local base="$releases/$tag"
  curl -fsSL --retry 3 -o "$work/SHA256SUMS" "$base/SHA256SUMS" ||
    fail "could not download $base/SHA256SUMS: is $tag released? (or use install-from: source)"
  curl -fsSL --retry 3 -o "$work/$archive" "$base/$archive" ||
    fail "could not download $base/$archive"
  expected=$(awk -v f="$archive" '$2 == f || $2 == "*" f { print $1 }' "$work/SHA256SUMS")
  [ -n "$expected" ] || fail "SHA256SUMS of $tag does not list $archive"
  actual=$(sha256 "$work/$archive" | awk '{ print $1 }')
  [ "$expected" = "$actual" ] ||
    fail "the checksum of $archive is $actual, but SHA256SUMS of $tag says $expected: not installed"
  case "$archive" in
    *.zip) (cd "$work" && unzip -q "$archive") ;;
    *) tar -xzf "$work/$archive" -C "$work" ;;
  esac
  mkdir -p "$home/bin"
  local exe=grclint
  case "$t" in *windows*) exe=grclint.exe ;; esac
  cp "$work/$name/$exe" "$home/bin/$exe"
  chmod +x "$home/bin/$exe"
}

if [ ! -x "$home/bin/grclint" ] && [ ! -x "$home/bin/grclint.exe" ]; then
  if [ -z "$from" ]; then
    if [ -n "$repository" ]; then from=release; else from=source; fi
  fi
  case "$from" in
    release) from_release ;;
    source) cargo install --locked --quiet --path "$here" --root "$home" ;;
    *) fail "install-from is release or source, not '$from'" ;;
  esac
fi
if [ -x "$home/bin/grclint" ]; then "$home/bin/grclint" --version; else "$home/bin/grclint.exe" --version; fi
if [ -n "${GITHUB_PATH:-}" ]; then
  echo "$home/bin" >> "$GITHUB_PATH"
fi
