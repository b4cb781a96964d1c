#!/usr/bin/env bash
# Benchmark: seconds per epoch in the paper setting ({color}, flat, low_rank k 4 (fc1: k 1), batch 512,
# 3 epochs, 10,000/1,000 pairs, notebook network) per layer, an older build (BEFORE, a checkout with its
# own ./dasweep) beside this one, run alternately in one sitting on the same cores. Prints every run's
# JSON line and then the median s/epoch per layer and side (over all epochs of all rounds).
#
#   git worktree add /tmp/perf-before <commit>; bench/site-cache-before-after.sh /tmp/perf-before [ROUNDS] [LAYERS]
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
before="$(cd "$1" && pwd)"
rounds="${2:-2}"
layers="${3:-conv1 conv2 conv3 fc1}"
weights="${DASWEEP_BENCH_WEIGHTS:-$here/../shared/models/amir_cnn_model.safetensors}"
out="$(mktemp -d)"
"$here/dasweep" --help >/dev/null; "$before/dasweep" --help >/dev/null     # builds outside the timed runs
uptime >&2
for i in $(seq "$rounds"); do
  for layer in $layers; do
    k=4; [[ "$layer" == fc1 ]] && k=1
    args=(trial --weights "$weights" --variables color --layer "$layer" --view flat --intervention low_rank
          --k "$k" --batch 512 --threads 2)
    echo "round $i/$rounds $layer, load $(cut -d' ' -f1-3 /proc/loadavg)" >&2
    "$before/dasweep" "${args[@]}" 2>/dev/null | tee -a "$out/before-$layer.jsonl"
    "$here/dasweep" "${args[@]}" 2>/dev/null | tee -a "$out/after-$layer.jsonl"
  done
done
uptime >&2
python3 - "$out" $layers <<'PY'
import json, statistics, sys, os
out, layers = sys.argv[1], sys.argv[2:]
print("| layer | before s/epoch | after s/epoch | speed-up | IIA before | IIA after |")
print("| --- | --- | --- | --- | --- | --- |")
for layer in layers:
    row = {}
    for side in ("before", "after"):
        rows = [json.loads(l) for l in open(os.path.join(out, f"{side}-{layer}.jsonl")) if l.strip()]
        row[side] = (statistics.median([s for r in rows for s in r["epoch_seconds"]]), [r["iia"] for r in rows])
    b, a = row["before"][0], row["after"][0]
    print(f"| {layer} | {b:.2f} | {a:.2f} | {b / a:.1f}x | {row['before'][1]} | {row['after'][1]} |")
PY
