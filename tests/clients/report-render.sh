#!/usr/bin/env bash
# Renders a report with Debian's headless Chromium: REPORT.html → OUT.png and OUT.pdf.
# Usage: report-render.sh REPORT.html OUT   (writes OUT.png and OUT.pdf)
# Exits non-zero if Chromium fails or writes nothing. No network: the page references none.
set -euo pipefail
report=$(realpath "$1")
out=$2
browser=$(command -v chromium || command -v chromium-browser)
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
common=(--headless --no-sandbox --disable-gpu --no-first-run --disable-extensions
  --disable-background-networking --disable-component-update --disable-sync
  --hide-scrollbars --user-data-dir="$profile" --font-render-hinting=none)
"$browser" "${common[@]}" --window-size=1200,2200 --screenshot="$out.png" "file://$report" 2>"$out.png.log"
"$browser" "${common[@]}" --no-pdf-header-footer --print-to-pdf="$out.pdf" "file://$report" 2>"$out.pdf.log"
[ -s "$out.png" ] && [ -s "$out.pdf" ]
head -c 4 "$out.pdf" | grep -q '%PDF'
