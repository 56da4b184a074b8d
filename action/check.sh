#!/usr/bin/env bash
# The action's check: the SARIF report (which never fails the run), then the annotations
# with the real fail-on. The exit code is written to GITHUB_OUTPUT as `exit-code`, and this
# step itself succeeds unless grclint could not run (exit 2), so that the upload still
# happens when there are findings; the action's last step fails the job by the code.
set -uo pipefail
read -ra paths <<< "${GRCLINT_PATHS:-.}"
args=(check "${paths[@]}")
if [ -n "${GRCLINT_CONFIG:-}" ]; then
  args+=(--config "$GRCLINT_CONFIG")
fi
sarif="${GRCLINT_SARIF:-grclint.sarif}"
fail_on="${GRCLINT_FAIL_ON:-error}"
out="${GITHUB_OUTPUT:-/dev/null}"

grclint "${args[@]}" --format sarif --output "$sarif" --fail-on never
code=$?
if [ "$code" -eq 0 ]; then
  if [ "${GRCLINT_ANNOTATIONS:-true}" = "true" ]; then
    format=github
  else
    format=compact
  fi
  grclint "${args[@]}" --format "$format" --fail-on "$fail_on"
  code=$?
fi
echo "exit-code=$code" >> "$out"
if [ "$code" -eq 2 ]; then
  exit 2
fi
exit 0
