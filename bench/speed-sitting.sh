#!/usr/bin/env bash
# Issue 21's measurements in one sitting (docs/performance.md), each with the load average beside it:
#  1. the seed trial beside the PyTorch reference (bench/seed-trial-vs-reference.sh ROUNDS);
#  2. `dasweep bench` solo, this build and BEFORE (a worktree of the commit before, built), alternately, per config;
#  3. the seed bench with one core held by a busy loop: this build at 2 and 1 threads, BEFORE at 2 threads;
#  4. bench/quickstart-overhead.sh;  5. the cost model: the dry run beside the measured CPU time of
#     bench/paper-k4-imported.yaml, and the fit of the step constants to the solo benches (bench/fit-cost-model.py);
#  6. the paper sweep's dry run and its arithmetic floor at the seed bench's measured matmul peak;
#  7. base training on one thread (bench/base-training.sh), this build and BEFORE.
#   bench/speed-sitting.sh OUTDIR BEFORE_WORKTREE [ROUNDS]
set -uo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
out="$1"; before="$2"; rounds="${3:-1}"
w=/work/shared/models/amir_cnn_model.safetensors
mkdir -p "$out"
load() { cut -d' ' -f1-3 /proc/loadavg; }
bench() { "$1/dasweep" bench --weights "$w" --repeat 1 "${@:2}" 2>/dev/null; }
"$here/dasweep" --help >/dev/null; "$before/dasweep" --help >/dev/null
echo "start $(date -u +%H:%M:%S), load $(load)" | tee "$out/log.txt"
"$here/bench/seed-trial-vs-reference.sh" "$rounds" >"$out/seed-vs-reference.txt" 2>&1
echo "reference done $(date -u +%H:%M:%S), load $(load)" | tee -a "$out/log.txt"
for c in seed paper-conv1 paper-conv3 paper-conv2 paper-fc1; do
  bench "$here" --config "$c" --threads 2 >>"$out/after-solo.jsonl"
  if [[ $c == seed || $c == paper-conv1 || $c == paper-conv3 ]]; then
    bench "$before" --config "$c" --threads 2 >>"$out/before-solo.jsonl"
  fi
  echo "$c done $(date -u +%H:%M:%S), load $(load)" | tee -a "$out/log.txt"
done
sh -c 'while :; do :; done' & busy=$!
sleep 2
bench "$here" --config seed --threads 2 >>"$out/after-busy.jsonl"
bench "$here" --config seed --threads 1 >>"$out/after-busy.jsonl"
bench "$before" --config seed --threads 2 >>"$out/before-busy.jsonl"
kill "$busy"
echo "busy done $(date -u +%H:%M:%S), load $(load)" | tee -a "$out/log.txt"
"$here/bench/quickstart-overhead.sh" >"$out/quickstart-overhead.txt" 2>&1
echo "quickstart done $(date -u +%H:%M:%S), load $(load)" | tee -a "$out/log.txt"
"$here/dasweep" run "$here/bench/paper-k4-imported.yaml" --dry-run >"$out/k4-dry-run.txt"
k4="$(mktemp -d)/k4"
/usr/bin/time -v "$here/dasweep" run "$here/bench/paper-k4-imported.yaml" --out "$k4" >"$out/k4-run.txt" 2>"$out/k4-time.txt"
echo "k4 grid done $(date -u +%H:%M:%S), load $(load)" | tee -a "$out/log.txt"
"$here/dasweep" run "$here/sweeps/ellipse-paper.yaml" --dry-run >"$out/paper-dry-run.txt"
python3 "$here/bench/fit-cost-model.py" "$out/after-solo.jsonl" >"$out/fit.txt" 2>&1
peak=$(python3 -c "import json,sys; print(json.loads(open(sys.argv[1]).readline())['matmul_peak_gflops'])" "$out/after-solo.jsonl")
"$here/bench/arithmetic-floor.sh" "$here/sweeps/ellipse-paper.yaml" "$peak" >"$out/paper-floor.txt" 2>&1
for h in "$here" "$before"; do
  echo "$h" >>"$out/base-training.txt"; "$here/bench/base-training.sh" "$h" >>"$out/base-training.txt" 2>&1
done
echo "end $(date -u +%H:%M:%S), load $(load)" | tee -a "$out/log.txt"
