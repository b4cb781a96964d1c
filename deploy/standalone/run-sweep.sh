#!/usr/bin/env bash
# A sweep on a real Spark standalone cluster on this machine: starts a master and N workers on 127.0.0.1 (separate
# JVMs, the build's own jars, nothing downloaded), submits the sweep with spark-submit (the application jar), and
# stops the cluster by PID when the sweep ends, fails or is interrupted. The cluster and the run authenticate with a
# secret generated for this cluster (CLUSTER_DIR/secret.properties) and encrypt their traffic.
#
#   deploy/standalone/run-sweep.sh SWEEP.yaml --workers N [--out DIR] [--store hdfs|s3] [other `dasweep run` options]
#
# --store hdfs|s3: starts a real store (deploy/storage/store.sh: HDFS with two DataNodes, or S3Proxy) beside the
# cluster, copies DIR's table and network store (if any) onto it, runs the sweep with its output there
# (hdfs://…/dasweep/run or s3a://dasweep/out/run; the log names it), copies the finished table (trials/) and network
# store (networks/) back into DIR, and stops the store by PID with the cluster, also on failure or Ctrl-C.
# --isolated (with --store): hosts that share nothing. The driver, the master and each worker run in their own network
# namespace with their own address on a bridge made for the run (deploy/standalone/netns.sh: a private /24, no route
# out, no NAT) and their own private /tmp and work folder (mount namespaces); the store listens on the bridge's own
# address. Everything (processes, namespaces, bridge) is removed at the end, also on failure or Ctrl-C. Where
# namespaces cannot be made it says so in one line and exits 3.
#
# Env: SPARK_PORT (7077), WORKER_CORES (1), WORKER_MEMORY (2g), EXECUTOR_MEMORY (1g), THREADS (engine threads per
# trial = spark.task.cpus, 1), SPARK_CONF (conf/spark-cluster.properties.template), DAEMON_CONF (Spark properties of the
# master and workers, e.g. spark.authenticate), CLUSTER_DIR (driver/target/standalone: logs/, work/, pids),
# KEEP=1 leaves the cluster up (stop it with deploy/standalone/cluster.sh stop CLUSTER_DIR).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
usage() { sed -n '2,24p' "$0" >&2; exit 2; }
[[ $# -ge 1 && "$1" != -* ]] || usage
sweep="$1"; shift
workers="" store="" out="out" isolated=0
args=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --workers) [[ $# -ge 2 ]] || usage; workers="$2"; shift 2 ;;
    --store) [[ $# -ge 2 ]] || usage; store="$2"; shift 2 ;;
    --out) [[ $# -ge 2 ]] || usage; out="$2"; shift 2 ;;
    --isolated) isolated=1; shift ;;
    *) args+=("$1"); shift ;;
  esac
done
[[ -n "$workers" ]] || { echo "run-sweep.sh: --workers N is required" >&2; exit 2; }
[[ -z "$store" || "$store" == hdfs || "$store" == s3 ]] \
  || { echo "run-sweep.sh: --store must be hdfs or s3 (found '$store')" >&2; exit 2; }
[[ -z "$store" || "$out" != *://* ]] \
  || { echo "run-sweep.sh: with --store, --out is a local folder the results are copied into (found '$out')" >&2; exit 2; }
[[ $isolated == 0 || -n "$store" ]] \
  || { echo "run-sweep.sh: --isolated needs --store hdfs|s3 (hosts that share nothing share no output folder)" >&2; exit 2; }
if [[ $isolated == 1 ]] && ! why=$("$here/deploy/standalone/netns.sh" check); then
  echo "run-sweep.sh: $why" >&2; exit 3
fi
cores="${WORKER_CORES:-1}"
dir="${CLUSTER_DIR:-$here/driver/target/standalone}"
mkdir -p "$dir"
daemon=()
[[ -n "${DAEMON_CONF:-}" ]] && daemon=(--properties-file "$DAEMON_CONF")
stop() {
  [[ "${KEEP:-0}" == 1 ]] && return 0
  "$here/deploy/standalone/cluster.sh" stop "$dir"
  [[ -z "$store" ]] || "$here/deploy/storage/store.sh" stop "$dir/store"
  [[ $isolated == 0 ]] || "$here/deploy/standalone/netns.sh" down "$dir/net"
}
trap stop EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
netns=() store_host=() driver=() driver_ip="${SPARK_LOCAL_IP:-127.0.0.1}"
if [[ $isolated == 1 ]]; then
  "$here/deploy/standalone/netns.sh" up "$dir/net" "$workers"
  # shellcheck disable=SC1091
  source "$dir/net/netns.env"
  netns=(--netns "$dir/net") store_host=(--host "$NET_HOST") driver_ip="$NET_driver"
  driver=("$here/deploy/standalone/netns.sh" exec "$dir/net" driver --)
  echo "run-sweep.sh: isolated hosts on bridge $NET_BRIDGE: store $NET_HOST, master $NET_master, driver $NET_driver" >&2
fi
url=$("$here/deploy/standalone/cluster.sh" start "$dir" --workers "$workers" --port "${SPARK_PORT:-7077}" \
  --worker-cores "$cores" --worker-memory "${WORKER_MEMORY:-2g}" "${daemon[@]}" "${netns[@]}")
echo "run-sweep.sh: cluster $url with $workers worker(s) of $cores core(s); logs in $dir/logs" >&2
app=$(source "$here/deploy/dasweep-lib.sh" && dasweep_app_jar "$here")
conf="${SPARK_CONF:-$here/conf/spark-cluster.properties.template}"
target="$out"
if [[ -n "$store" ]]; then
  [[ -f "$dir/store/pids" ]] && "$here/deploy/storage/store.sh" stop "$dir/store"
  rm -rf "$dir/store"
  base=$("$here/deploy/storage/store.sh" start "$store" "$dir/store" "${store_host[@]}" | tail -n 1)
  target="$base/run"
  # the run's properties: the cluster's, then the store's (endpoint, credentials); readable by this user only
  ( umask 077; cat "$conf" - "$dir/store/spark.properties" <<<"" >"$dir/run.properties" )
  conf="$dir/run.properties"
  echo "run-sweep.sh: $store store up; the output is $target (copied into $out when the sweep ends)" >&2
  "$here/deploy/storage/copy.sh" "$conf" up "$out" "$target"
fi
# the run's own options (after the jar) win over the properties file; the file's spark.master yields to --master
set +e
SPARK_LOCAL_IP="$driver_ip" "${driver[@]}" "$here/deploy/spark-submit" --master "$url" --properties-file "$dir/secret.properties" \
  --conf spark.driver.host="$driver_ip" --class dasweep.driver.Main "$app" \
  run "$sweep" --out "$target" --spark-conf "$conf" \
  --conf spark.executor.cores="$cores" --conf spark.task.cpus="${THREADS:-1}" --conf spark.dasweep.threadsPerTask="${THREADS:-1}" \
  --conf spark.executor.memory="${EXECUTOR_MEMORY:-1g}" --conf spark.ui.enabled=false "${args[@]}"
code=$?
set -e
if [[ -n "$store" ]]; then
  "$here/deploy/storage/copy.sh" "$conf" down "$target" "$out" || { echo "run-sweep.sh: cannot copy $target into $out" >&2; exit 1; }
  echo "run-sweep.sh: copied $target/trials and $target/networks into $out" >&2
fi
exit "$code"
