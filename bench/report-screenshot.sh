#!/usr/bin/env bash
# The report of a quickstart table as a browser shows it: writes docs/report-example/ (`dasweep report` of TABLE)
# and docs/report-quickstart.png (headless Chromium's screenshot of its top: the overview, the first panels).
#
#   ./dasweep run sweeps/quickstart.yaml --out /tmp/qs-report     # once (a few minutes on 2 cores)
#   bench/report-screenshot.sh [TABLE]                            # default /tmp/qs-report/trials
#
# Env: CHROMIUM (default: chromium on the PATH; Debian: apt-get install chromium), WIDTH × HEIGHT of the window
# (default 1800 × 2400: three charts side by side).
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
table="${1:-/tmp/qs-report/trials}"
chromium="${CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}"
[[ -n "$chromium" && -x "$chromium" ]] || { echo "report-screenshot: no chromium (apt-get install chromium)" >&2; exit 2; }
[[ -d "$table" ]] || { echo "report-screenshot: no table at $table" >&2; exit 2; }
example="$here/docs/report-example"
rm -rf "$example.new"
"$here/dasweep" report --table "$table" --out "$example.new" >/dev/null
rm -rf "$example" && mv "$example.new" "$example"
profile="$(mktemp -d)"
trap 'rm -rf "$profile"' EXIT
"$chromium" --headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update \
  --disable-sync --no-first-run --user-data-dir="$profile" --hide-scrollbars \
  --window-size="${WIDTH:-1800},${HEIGHT:-2400}" --screenshot="$here/docs/report-quickstart.png" \
  "file://$example/report.html" 2>/dev/null
echo "report: docs/report-example/report.html; screenshot: docs/report-quickstart.png"
