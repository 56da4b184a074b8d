#!/usr/bin/env bash
# Installs grclint from the action's own source, at the action's version, into GRCLINT_HOME
# (cached between runs by version), unless it is there already; puts it on the PATH.
set -euo pipefail
here="${GITHUB_ACTION_PATH:-$(dirname "$0")/..}"
home="${GRCLINT_HOME:?GRCLINT_HOME names the install folder}"
if [ ! -x "$home/bin/grclint" ]; then
  cargo install --locked --quiet --path "$here" --root "$home"
fi
"$home/bin/grclint" --version
if [ -n "${GITHUB_PATH:-}" ]; then
  echo "$home/bin" >> "$GITHUB_PATH"
fi
