#!/usr/bin/env bash
# The arithmetic floor of a sweep (bench/arithmetic-floor.jsh): its counted FLOPs at a FLOP rate, in core-hours.
#   bench/arithmetic-floor.sh SWEEP GFLOPS_ON_2_CORES      (e.g. sweeps/ellipse-paper.yaml 115, a measured matmul peak)
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
"$here/dasweep" --help >/dev/null
cp="$here/driver/target/dasweep-app.jar:$(printf '%s:' "$here"/driver/target/lib/*.jar)"
jshell -R-Dsweep="$1" -R-Drate="$2" --class-path "$cp" "$here/bench/arithmetic-floor.jsh" 2>&1 | grep -v '^|'
