#!/usr/bin/env bash
# deploy/nightly.sh OUT [SWEEP.yaml [RUN_DATE]]: the nightly chain: run the sweep (default sweeps/nightly.yaml) again
# under RUN_DATE (yyyy-MM-dd; default today, UTC) into OUT, then `dasweep compare` that date with the run date before
# it. A UTF-8 locale, so that the log keeps '×' and 'Δ'. Exit: the run's code when it failed (1 failed trials, 2 bad
# input); else compare's: 0 no drift, 1 drift; a first night (compare's 3: one run date so far) counts as 0, with a
# line that says so. NightlyChainIT runs it twice, on two dates.
set -uo pipefail
export LC_ALL=C.UTF-8 LANG=C.UTF-8
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${1:?usage: deploy/nightly.sh OUT [SWEEP.yaml [RUN_DATE]]}"
sweep="${2:-$here/sweeps/nightly.yaml}"
day="${3:-$(date -u +%F)}"
[[ -r "$sweep" ]] || { echo "nightly.sh: $sweep: no such sweep file" >&2; exit 2; }
name=$(sed -n 's/^name:[[:space:]]*\([A-Za-z0-9._-]*\).*/\1/p' "$sweep" | head -n 1)
"$here/dasweep" run "$sweep" --out "$out" --recompute --run-date "$day"
run=$?
if (( run != 0 )); then
  exit "$run"
fi
"$here/dasweep" compare --table "$out/trials" --sweep "$name" --to "$day"
compare=$?
if (( compare == 3 )); then
  echo "nightly.sh: compare exit 3: the first run date of sweep $name, nothing to compare yet (not an error)"
  exit 0
fi
exit "$compare"
