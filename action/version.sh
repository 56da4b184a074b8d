#!/usr/bin/env bash
# Prints `version=<the action's grclint version>`, read from the action's own Cargo.toml.
set -euo pipefail
here="${GITHUB_ACTION_PATH:-$(dirname "$0")/..}"
version=$(sed -n 's/^version = "\(.*\)"$/\1/p' "$here/Cargo.toml" | head -n 1)
[ -n "$version" ] || { echo "grclint: no version in $here/Cargo.toml" >&2; exit 2; }
echo "version=$version"
