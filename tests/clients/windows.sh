#!/usr/bin/env bash
# Runs the Windows build of grclint under wine on a repository given by its Windows path
# (with `\`): prints `check --format json`, a line `--- human`, then the human report with
# NO_COLOR set. Fails if either run exits other than 0 or 1 (a crash, a usage error).
# Usage: windows.sh GRCLINT.EXE REPO TODAY
set -uo pipefail
exe=$1
repo=$2
today=$3
export WINEDEBUG=-all
# No Mono or Gecko installer on the first run: a console program needs neither.
export WINEDLLOVERRIDES="mscoree,mshtml="
repo_win=$(winepath -w "$repo" 2>/dev/null)
case "$repo_win" in
  *\\*) ;;
  *) echo "winepath gave no Windows path for $repo: $repo_win" >&2; exit 2 ;;
esac
wine "$exe" check "$repo_win" --today "$today" --format json
code=$?
[ "$code" -le 1 ] || { echo "json run exited $code" >&2; exit 1; }
echo "--- human"
NO_COLOR=1 wine "$exe" check "$repo_win" --today "$today" --color auto
code=$?
[ "$code" -le 1 ] || { echo "human run exited $code" >&2; exit 1; }
