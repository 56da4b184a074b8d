#!/usr/bin/env bash
# Runs the Windows build of grclint under wine on a repository given by its Windows path
# (with `\`): prints `check --format json`, a line `--- human`, the human report with
# NO_COLOR set, a line `--- file`, and the compact report of one file named by a relative
# `\` path from inside the repository. Fails if a run exits other than 0 or 1 (a crash, a
# usage error), or if a reader that stops early (`| head -1`) makes grclint complain.
# Usage: windows.sh GRCLINT.EXE REPO TODAY
set -uo pipefail
exe=$(realpath "$1")
repo=$2
today=$3
here=$(cd "$(dirname "$0")" && pwd)
export WINEDEBUG=-all
# No Mono or Gecko installer on the first run: a console program needs neither.
export WINEDLLOVERRIDES="mscoree,mshtml="
# What wine lacks and Windows has (see bcryptprimitives.c), on wine's PATH.
shim=$(mktemp -d)
trap 'rm -rf "$shim"' EXIT
x86_64-w64-mingw32-gcc -shared -O2 -o "$shim/bcryptprimitives.dll" \
  "$here/bcryptprimitives.c" -ladvapi32 || exit 2
WINEPATH=$(winepath -w "$shim" 2>/dev/null)
export WINEPATH
repo_win=$(winepath -w "$repo" 2>/dev/null)
case "$repo_win" in
  *\\*) ;;
  *) echo "winepath gave no Windows path for $repo: $repo_win" >&2; exit 2 ;;
esac
ok() { [ "$1" -le 1 ] || { echo "$2 exited $1" >&2; exit 1; }; }
wine "$exe" check "$repo_win" --today "$today" --format json
ok $? "the json run"
echo "--- human"
NO_COLOR=1 wine "$exe" check "$repo_win" --today "$today" --color auto
ok $? "the human run"
echo "--- file"
(cd "$repo" && wine "$exe" check 'assets\ledger.yaml' --today "$today" --format compact)
ok $? "the run on one file"
complaint=$( (wine "$exe" check "$repo_win" --today "$today" | head -1 >/dev/null) 2>&1)
if [ -n "$complaint" ]; then
  echo "a reader that stopped early made grclint complain: $complaint" >&2
  exit 1
fi
