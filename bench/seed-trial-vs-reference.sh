#!/usr/bin/env bash
# Benchmark: seconds per epoch of the seed notebook's single-source trial, dasweep (DJL) beside the
# PyTorch reference (../shared/reference/das_reference.py, in its fastest setting per its README:
# torch threads 2 + OpenBLAS 2 with OMP_WAIT_POLICY=PASSIVE, and Debian's default), run alternately
# in one sitting on the same cores. Prints every run's JSON and then the medians and the ratio.
#
#   bench/seed-trial-vs-reference.sh [ROUNDS]        (default 3; needs /usr/bin/python3 with torch)
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
rounds="${1:-3}"
ref="$here/../shared/reference/das_reference.py"
weights="$here/../shared/models/amir_cnn_model.pth"
out="$(mktemp -d)"
[[ -r "$ref" ]] || { echo "no reference at $ref" >&2; exit 1; }
/usr/bin/python3 -c "import torch, ctypes; ctypes.CDLL('libopenblas.so.0')" 2>/dev/null || { echo "needs Debian torch with OpenBLAS: apt-get install python3-torch python3-numpy libopenblas0-pthread" >&2; exit 1; }
"$here/dasweep" --help >/dev/null     # builds if needed, outside the timed runs
uptime >&2
for i in $(seq "$rounds"); do
  echo "round $i/$rounds" >&2
  (cd "$(dirname "$ref")" && OMP_WAIT_POLICY=PASSIVE /usr/bin/python3 das_reference.py --mode single --threads 2 \
      --weights "$weights") | tee -a "$out/reference-passive.jsonl"
  (cd "$(dirname "$ref")" && /usr/bin/python3 das_reference.py --mode single --weights "$weights") \
      | tee -a "$out/reference-default.jsonl"
  "$here/dasweep" bench --config seed --repeat 1 --weights "$weights" --threads 2 2>/dev/null | tee -a "$out/dasweep.jsonl"
done
uptime >&2
/usr/bin/python3 - "$out" <<'PY'
import json, statistics, sys, os
out = sys.argv[1]
def flat(x):
    return [s for e in x for s in (flat(e) if isinstance(e, list) else [e])]
def load(name, key):
    rows = [json.loads(l) for l in open(os.path.join(out, name)) if l.strip()]
    per_epoch = flat([r[key] for r in rows])
    rss = max(r['peak_rss_mib'] for r in rows)
    print(f"{name}: median s/epoch {statistics.median(per_epoch):.2f} over {len(per_epoch)} epochs, peak RSS {rss:.0f} MiB")
    return statistics.median(per_epoch), [r['iia'] for r in rows]
ref_p, iia_p = load('reference-passive.jsonl', 'seconds_per_epoch')
ref_d, iia_d = load('reference-default.jsonl', 'seconds_per_epoch')
das, iia_j = load('dasweep.jsonl', 'epoch_seconds')
best = min(ref_p, ref_d)
print(f"median s/epoch: reference (2+2 threads, passive) {ref_p:.2f}, reference (Debian default) {ref_d:.2f}, "
      f"dasweep {das:.2f}; reference's best / dasweep = {best / das:.2f}x")
print(f"IIA: reference {iia_p} / {iia_d}, dasweep {iia_j}")
PY
