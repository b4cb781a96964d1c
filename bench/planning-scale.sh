#!/usr/bin/env bash
# Benchmark: planning at scale (issue 21). Sizes beside seconds, for grids up to the 200,000-trial cap:
#  1. in one JVM (dasweep.driver.run.PlanningBench, from the test classes): the dry run after the JVM starts (load,
#     Grid.expand, count and cost), the trial queue's planning when every network is already in the store
#     (ReadyTrials: ids, plan, packs; then the run's closing Plan), and the same with the networks ready one by one;
#  2. `./dasweep run FILE --dry-run` as a user runs it (JVM start included), on the largest grids.
# The load average is printed beside (planning is single-threaded Java; a loaded machine stretches it).
#
#   bench/planning-scale.sh [NETWORKS:CELLS[:controls] ...]
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
sizes=("$@")
[[ ${#sizes[@]} -gt 0 ]] || sizes=(1000:10 10000:10 30000:2 100000:2 50000:1:controls 2000:100 2:100000)
"$here/dasweep" --help >/dev/null        # builds if needed
cp="$here/driver/target/test-classes:$(ls "$here"/driver/target/dasweep-driver-*.jar):$here/driver/target/lib/*"
mapfile -t flags < <("$here/deploy/dasweep-lib.sh" flags | tr ' ' '\n')
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
java -Xmx8g "${flags[@]}" -Dlog4j.configurationFile="$here/conf/log4j2.properties" -cp "$cp" \
  dasweep.driver.run.PlanningBench "${sizes[@]}"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
# the dry run from the command line, JVM start included, on the largest grids
tmp="$(mktemp -d)"
java -cp "$cp" -Dlog4j.configurationFile="$here/conf/log4j2.properties" "${flags[@]}" \
  dasweep.driver.run.PlanningBench --write "$tmp" 100000:2 2:100000 >/dev/null
for f in "$tmp"/*.yaml; do
  start=$(date +%s.%N)
  "$here/dasweep" run "$f" --dry-run --max-trials 1000000 | sed -n 's/^trials: /  trials: /p;s/^base networks: /  base networks: /p'
  end=$(date +%s.%N)
  printf '%s: ./dasweep run --dry-run %.1f s wall (load %s)\n' "$(basename "$f")" "$(echo "$end - $start" | bc)" \
    "$(cut -d' ' -f1 /proc/loadavg)"
done
