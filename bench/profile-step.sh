#!/usr/bin/env bash
# Profile: where an epoch goes. Samples `./dasweep bench --config CONFIG --repeat 1 --threads T` with Linux perf
# (on-CPU samples of every thread, user and kernel; the JIT's symbols from a perf map written at exit) and sorts the
# samples into matrix products, element-wise and reduction kernels, gathers and copies, allocation (malloc, page
# faults, zeroing), OpenMP waiting, autograd's engine, JNI crossings (DJL's native glue), Java (JIT code, the JVM)
# and the rest. Prints the load average beside, the bench's own JSON line and the table; keeps perf's report.
#
#   bench/profile-step.sh [CONFIG] [THREADS] [OUTDIR]     (default seed 2 /tmp/profile-CONFIG)
# Needs perf (Debian: apt-get install linux-perf) and kernel.perf_event_paranoid <= 2.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
config="${1:-seed}"; threads="${2:-2}"; out="${3:-/tmp/profile-$config}"
mkdir -p "$out"
"$here/dasweep" --help >/dev/null
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
DASWEEP_JAVA_OPTS="-Xmx8g -XX:+UnlockDiagnosticVMOptions -XX:+DumpPerfMapAtExit -XX:+PreserveFramePointer" \
  perf record -F 499 -g -o "$out/perf.data" -- \
  "$here/dasweep" bench --config "$config" --repeat 1 --threads "$threads" 2>"$out/stderr.txt" | tee "$out/bench.json"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
perf report -i "$out/perf.data" --no-children --sort dso,sym --stdio 2>/dev/null >"$out/report.txt"
python3 "$here/bench/profile-categories.py" "$out/report.txt"
