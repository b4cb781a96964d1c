#!/usr/bin/env bash
# deploy/nightly.sh OUT [SWEEP.yaml]: the nightly chain: run the sweep (default sweeps/nightly.yaml) again under
# today's run_date (UTC) into OUT, then `dasweep compare` today with the run date before it. A UTF-8 locale, so that
# the log keeps '×' and 'Δ'. Exit: the run's code when it failed (1 failed trials, 2 bad input); else compare's:
# 0 no drift, 1 drift; a first night (compare's 3: one run date so far) counts as 0.
set -uo pipefail
export LC_ALL=C.UTF-8 LANG=C.UTF-8
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${1:?usage: deploy/nightly.sh OUT [SWEEP.yaml]}"
sweep="${2:-$here/sweeps/nightly.yaml}"
name=$(sed -n 's/^name:[[:space:]]*\([A-Za-z0-9._-]*\).*/\1/p' "$sweep" | head -n 1)
"$here/dasweep" run "$sweep" --out "$out" --recompute --run-date "$(date -u +%F)" --no-progress
run=$?
if (( run != 0 )); then
  exit "$run"
fi
"$here/dasweep" compare --table "$out/trials" --sweep "$name"
compare=$?
(( compare == 3 )) && exit 0
exit "$compare"
