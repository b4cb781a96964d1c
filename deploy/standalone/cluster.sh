#!/usr/bin/env bash
# A Spark standalone cluster on this machine from the build's own jars (nothing downloaded): one master and N
# workers on 127.0.0.1, each its own JVM, stopped by PID.
#
#   deploy/standalone/cluster.sh start DIR [--workers N] [--port P] [--worker-cores C] [--worker-memory M]
#                                          [--properties-file FILE] [--netns NETDIR]   prints the master URL
#   deploy/standalone/cluster.sh stop DIR                                stops what `start DIR` started
#
# DIR holds pids (one PID a line), logs/ (master.log, worker-<i>.log) and work/ (the executors' folders, their
# stdout/stderr). Defaults: 1 worker, port 7077, 1 core and 2g per worker. `stop` also ends executor JVMs left running
# under DIR/work. --netns NETDIR (made by deploy/standalone/netns.sh up NETDIR N): the master and each worker run in
# their own network namespace at their own address (NET_master, NET_w<i>), with a private /tmp, and worker i sees only
# its own work folder (DIR/work/<i> bound over DIR/work); nothing listens on 127.0.0.1.
#
# The cluster is locked down: `start` generates a fresh shared secret into DIR/secret.properties (readable by this user
# only: spark.authenticate, spark.authenticate.secret, spark.network.crypto.enabled); the daemons read it (with the
# properties of --properties-file, in DIR/daemon.properties), clients pass it to spark-submit:
#   deploy/spark-submit --properties-file DIR/secret.properties --master URL ...
# The web UIs are off (spark.ui.enabled=false on the master, workers and, by the cluster template, applications).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
usage() { sed -n '2,12p' "$0" >&2; exit 2; }
[[ $# -ge 2 ]] || usage
cmd="$1" dir="$2"; shift 2
# shellcheck source=deploy/dasweep-lib.sh
source "$here/deploy/dasweep-lib.sh"

# PIDs of executor JVMs whose working folder is under DIR/work (the worker starts them there)
executors() {
  local p cwd work
  work=$(cd "$dir/work" 2>/dev/null && pwd -P) || return 0
  for p in $(pgrep -f CoarseGrainedExecutorBackend || true); do
    cwd=$(readlink "/proc/$p/cwd" 2>/dev/null || true)
    [[ "$cwd" == "$work"/* ]] && echo "$p"
  done
  return 0
}

stop() {
  local pids p
  pids="$(cat "$dir/pids" 2>/dev/null || true) $(executors)"
  for p in $pids; do kill "$p" 2>/dev/null || true; done
  for _ in $(seq 20); do
    local alive=0
    for p in $pids; do kill -0 "$p" 2>/dev/null && alive=1; done
    [[ $alive == 0 ]] && break
    sleep 0.5
  done
  for p in $pids $(executors); do kill -9 "$p" 2>/dev/null || true; done
  rm -f "$dir/pids"
}

case "$cmd" in
  stop) stop; exit 0 ;;
  start) ;;
  *) usage ;;
esac

workers=1 port=7077 cores=1 memory=2g props=() netns=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --workers) workers="$2"; shift 2 ;;
    --port) port="$2"; shift 2 ;;
    --worker-cores) cores="$2"; shift 2 ;;
    --worker-memory) memory="$2"; shift 2 ;;
    --properties-file) props=(--properties-file "$(cd "$(dirname "$2")" && pwd)/$(basename "$2")"); shift 2 ;;
    --netns) netns="$(cd "$2" && pwd)"; shift 2 ;;
    *) echo "cluster.sh: unknown option $1" >&2; usage ;;
  esac
done
[[ "$workers" =~ ^[1-9][0-9]?$ ]] || { echo "cluster.sh: --workers must be 1..99 (found '$workers')" >&2; exit 2; }
[[ -f "$dir/pids" ]] && { echo "cluster.sh: $dir/pids exists: a cluster is running there (stop it first)" >&2; exit 2; }

dasweep_jar "$here" >/dev/null
SPARK_HOME=$(dasweep_spark_home "$here")
master_host=127.0.0.1
if [[ -n "$netns" ]]; then
  [[ -f "$netns/netns.env" ]] || { echo "cluster.sh: $netns/netns.env is missing (netns.sh up first)" >&2; exit 2; }
  # shellcheck disable=SC1091
  source "$netns/netns.env"
  master_host="$NET_master"
fi
host_of() { if [[ -n "$netns" ]]; then eval "echo \$NET_$1"; else echo 127.0.0.1; fi; }
export SPARK_HOME SPARK_SCALA_VERSION=2.13 SPARK_LOCAL_IP="$master_host" SPARK_MASTER_HOST="$master_host"
flags=$(dasweep_jvm_flags "$here")
mapfile -t flags <<<"$flags"
mkdir -p "$dir/logs" "$dir/work"
dir=$(cd "$dir" && pwd)
# the cluster's secret: never in the repository, never on a command line; the worker hands it to its executors
(
  umask 077
  { echo "spark.authenticate=true"
    echo "spark.authenticate.secret=$(od -An -tx1 -N32 /dev/urandom | tr -d ' \n')"
    echo "spark.network.crypto.enabled=true"
  } >"$dir/secret.properties"
  { [[ ${#props[@]} -gt 0 ]] && cat "${props[1]}"; echo; cat "$dir/secret.properties"
    echo "spark.ui.enabled=false"
  } >"$dir/daemon.properties"
)
props=(--properties-file "$dir/daemon.properties")
started=()
fail() { echo "cluster.sh: $1; see $dir/logs" >&2; printf '%s\n' "${started[@]}" >"$dir/pids"; stop; exit 1; }

wrap=()
[[ -n "$netns" ]] && wrap=("$here/deploy/standalone/netns.sh" exec "$netns" master --)
SPARK_LOCAL_IP="$master_host" "${wrap[@]}" java -Xmx512m "${flags[@]}" -Dspark.master.rest.enabled=false \
  -cp "$SPARK_HOME/jars/*" org.apache.spark.deploy.master.Master \
  --host "$master_host" --port "$port" --webui-port 0 "${props[@]}" >"$dir/logs/master.log" 2>&1 &
started+=($!)
printf '%s\n' "${started[@]}" >"$dir/pids"
url="spark://$master_host:$port"
for i in $(seq "$workers"); do
  mkdir -p "$dir/work/$i"
  whost=$(host_of "w$i") wdir="$dir/work/$i"
  wrap=()
  if [[ -n "$netns" ]]; then
    wrap=("$here/deploy/standalone/netns.sh" exec "$netns" "w$i" --bind "$dir/work/$i:$dir/work" --)
    wdir="$dir/work"
  fi
  SPARK_LOCAL_IP="$whost" "${wrap[@]}" java -Xmx512m "${flags[@]}" -cp "$SPARK_HOME/jars/*" org.apache.spark.deploy.worker.Worker \
    --host "$whost" --cores "$cores" --memory "$memory" --work-dir "$wdir" --webui-port 0 "${props[@]}" \
    "$url" >"$dir/logs/worker-$i.log" 2>&1 &
  started+=($!)
  printf '%s\n' "${started[@]}" >"$dir/pids"
done
for i in $(seq "$workers"); do
  for _ in $(seq 180); do
    grep -q "Successfully registered with master" "$dir/logs/worker-$i.log" && break
    kill -0 "${started[$i]}" 2>/dev/null || fail "worker $i exited"
    sleep 0.5
  done
  grep -q "Successfully registered with master" "$dir/logs/worker-$i.log" || fail "worker $i did not register"
done
echo "$url"
