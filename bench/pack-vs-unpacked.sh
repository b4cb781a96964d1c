#!/usr/bin/env bash
# Benchmark: packed trials against the same trials unpacked, per layer, in the paper setting (flat, low_rank,
# batch 512, 3 epochs, 10,000/1,000 pairs, the notebook's network, data seed and seed 42): the seven variable sets
# × the layer's k (conv: 4, 8, 16, 32, 64 → 35 trials; fc1: k 1 → 7 trials). `dasweep bench --pack N` runs them
# as one pack (DasEngine.runPack) and one after another (DasEngine.runTrial), alternately, REPEAT times each in one
# JVM after a warm-up trial. Prints every JSON line, then the medians and the ratio per layer.
#
#   bench/pack-vs-unpacked.sh [REPEAT] [LAYERS] [THREADS]      e.g. bench/pack-vs-unpacked.sh 1 "fc1 conv3" 2
#   DASWEEP_BENCH_ARGS="--pairs 2000" bench/pack-vs-unpacked.sh 1 conv3   # a fifth of the pairs and pools (eval: a tenth)
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
repeat="${1:-1}"
layers="${2:-fc1 conv3}"
threads="${3:-2}"
weights="${DASWEEP_BENCH_WEIGHTS:-$here/../shared/models/amir_cnn_model.safetensors}"
out="$(mktemp -d)"
"$here/dasweep" --help >/dev/null       # builds outside the timed runs
uptime >&2
for layer in $layers; do
  n=35; [[ "$layer" == fc1 ]] && n=7
  echo "$layer: $n trials, load $(cut -d' ' -f1-3 /proc/loadavg)" >&2
  "$here/dasweep" bench --config "paper-$layer" --pack "$n" --repeat "$repeat" --threads "$threads" \
      --weights "$weights" ${DASWEEP_BENCH_ARGS:-} 2>/dev/null | tee "$out/$layer.json"
done
uptime >&2
python3 - "$out" $layers <<'PY'
import json, sys, os
out, layers = sys.argv[1], sys.argv[2:]
print("| layer | trials | pairs | packed s (median) | unpacked s (median) | unpacked ÷ packed | max IIA gap | load before → after |")
print("| --- | --- | --- | --- | --- | --- | --- | --- |")
for layer in layers:
    j = json.loads(open(os.path.join(out, f"{layer}.json")).read())
    print(f"| {layer} | {j['pack_size']} | {j['n_train']:,}/{j['n_eval']:,} | {j['packed_median_seconds']} {j['packed_seconds']} | "
          f"{j['unpacked_median_seconds']} {j['unpacked_seconds']} | {j['ratio_unpacked_to_packed']}x | "
          f"{j['max_iia_gap']} | {j['load_average_before']} → {j['load_average_after']} |")
PY
