#!/usr/bin/env bash
# A sweep on a Spark standalone cluster on this machine with one worker of all cores: kept for its old command
# line; deploy/standalone/run-sweep.sh (N workers, spark-submit of the application jar) does the work.
#
#   deploy/standalone.sh sweeps/quickstart.yaml [--out DIR] [other `dasweep run` options]
#
# Env: WORKER_CORES (default: all), WORKER_MEMORY (default 8g), SPARK_PORT (7077), KEEP=1 leaves the cluster up.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
[[ $# -ge 1 ]] || { sed -n '2,7p' "$0" >&2; exit 2; }
export WORKER_CORES="${WORKER_CORES:-$(nproc)}" WORKER_MEMORY="${WORKER_MEMORY:-8g}" EXECUTOR_MEMORY="${EXECUTOR_MEMORY:-4g}"
exec "$here/deploy/standalone/run-sweep.sh" "$1" --workers 1 "${@:2}"
