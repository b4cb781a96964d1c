#!/usr/bin/env bash
# A sweep on a real Spark standalone cluster on this machine: starts a master and N workers on 127.0.0.1 (separate
# JVMs, the build's own jars, nothing downloaded), submits the sweep with spark-submit (the application jar), and
# stops the cluster by PID when the sweep ends, fails or is interrupted. The cluster and the run authenticate with a
# secret generated for this cluster (CLUSTER_DIR/secret.properties) and encrypt their traffic.
#
#   deploy/standalone/run-sweep.sh SWEEP.yaml --workers N [--out DIR] [other `dasweep run` options]
#
# Env: SPARK_PORT (7077), WORKER_CORES (1), WORKER_MEMORY (2g), EXECUTOR_MEMORY (1g), THREADS (engine threads per
# trial = spark.task.cpus, 1), SPARK_CONF (conf/spark-cluster.properties.template), DAEMON_CONF (Spark properties of the
# master and workers, e.g. spark.authenticate), CLUSTER_DIR (driver/target/standalone: logs/, work/, pids),
# KEEP=1 leaves the cluster up (stop it with deploy/standalone/cluster.sh stop CLUSTER_DIR).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
usage() { sed -n '2,12p' "$0" >&2; exit 2; }
[[ $# -ge 1 && "$1" != -* ]] || usage
sweep="$1"; shift
workers=""
args=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --workers) [[ $# -ge 2 ]] || usage; workers="$2"; shift 2 ;;
    *) args+=("$1"); shift ;;
  esac
done
[[ -n "$workers" ]] || { echo "run-sweep.sh: --workers N is required" >&2; exit 2; }
cores="${WORKER_CORES:-1}"
dir="${CLUSTER_DIR:-$here/driver/target/standalone}"
mkdir -p "$dir"
daemon=()
[[ -n "${DAEMON_CONF:-}" ]] && daemon=(--properties-file "$DAEMON_CONF")
stop() { [[ "${KEEP:-0}" == 1 ]] || "$here/deploy/standalone/cluster.sh" stop "$dir"; }
trap stop EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
url=$("$here/deploy/standalone/cluster.sh" start "$dir" --workers "$workers" --port "${SPARK_PORT:-7077}" \
  --worker-cores "$cores" --worker-memory "${WORKER_MEMORY:-2g}" "${daemon[@]}")
echo "run-sweep.sh: cluster $url with $workers worker(s) of $cores core(s); logs in $dir/logs" >&2
app=$(source "$here/deploy/dasweep-lib.sh" && dasweep_app_jar "$here")
# the run's own options (after the jar) win over the properties file; the file's spark.master yields to --master
set +e
"$here/deploy/spark-submit" --master "$url" --properties-file "$dir/secret.properties" --class dasweep.driver.Main "$app" \
  run "$sweep" --spark-conf "${SPARK_CONF:-$here/conf/spark-cluster.properties.template}" \
  --conf spark.executor.cores="$cores" --conf spark.task.cpus="${THREADS:-1}" --conf spark.dasweep.threadsPerTask="${THREADS:-1}" \
  --conf spark.executor.memory="${EXECUTOR_MEMORY:-1g}" --conf spark.ui.enabled=false "${args[@]}"
code=$?
set -e
exit "$code"
