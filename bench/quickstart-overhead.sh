#!/usr/bin/env bash
# Benchmark: the quickstart sweep's wall time against its work (issue 9: Spark, start-up and I/O overhead).
# Runs `./dasweep run sweeps/quickstart.yaml` into a fresh folder and prints, from the run's own rows and network
# store: wall time; the work (the base networks' training seconds + every trial's training and evaluation seconds);
# the trials' task seconds (their `wall_seconds`: work + pack setup + network read); and the ratios
# wall ÷ (work ÷ task slots) and wall ÷ work.
#
#   bench/quickstart-overhead.sh [SWEEP]        (default sweeps/quickstart.yaml)
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
sweep="${1:-$here/sweeps/quickstart.yaml}"
out="$(mktemp -d)/out"
"$here/dasweep" --help >/dev/null       # builds outside the timed run
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
start=$(date +%s.%N)
"$here/dasweep" run "$sweep" --out "$out" >/dev/null 2>"$out.log"; echo "log: $out.log"
end=$(date +%s.%N)
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
"$here/dasweep" export --table "$out/trials" --format jsonl --out "$out.jsonl" >/dev/null
python3 - "$out" "$start" "$end" "$(nproc)" <<'PY'
import json, sys, glob
out, start, end, cores = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4])
wall = end - start
rows = [json.loads(l) for l in open(out + ".jsonl")]
trials = sum(r["train_seconds"] + r["eval_seconds"] for r in rows if r["status"] == "OK")
task = sum(r["wall_seconds"] for r in rows)
nets = sum(json.load(open(f))["trainSeconds"] for f in glob.glob(out + "/networks/*.json"))
work = trials + nets
print(f"rows {len(rows)}, wall {wall:.1f} s; work {work:.1f} s = networks {nets:.1f} + trials' training and "
      f"evaluation {trials:.1f}; trials' task seconds {task:.1f}; {cores} task slots")
print(f"wall / (work / slots) = {wall / (work / cores):.2f}x; wall / work = {wall / work:.2f}x")
PY
