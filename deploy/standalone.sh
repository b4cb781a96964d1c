#!/usr/bin/env bash
# A real Spark standalone cluster on this machine, from the Maven jars (no Spark download): starts a master and
# one worker on 127.0.0.1, runs a sweep on it with conf/spark-cluster.properties.template, stops both.
#
#   deploy/standalone.sh sweeps/quickstart.yaml [--out DIR] [other `dasweep run` options]
#
# Env: WORKER_CORES (default: all), WORKER_MEMORY (default 8g), SPARK_PORT (7077), KEEP=1 leaves the cluster up.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
[[ $# -ge 1 ]] || { sed -n '2,8p' "$0" >&2; exit 2; }
# shellcheck source=deploy/dasweep-lib.sh
source "$here/deploy/dasweep-lib.sh"
jar=$(dasweep_jar "$here")             # builds when missing or stale, as ./dasweep does
flags=$(dasweep_jvm_flags "$here")     # conf/jvm.options, for the master and worker JVMs
mapfile -t flags <<<"$flags"
# SPARK_HOME = a folder whose jars/ holds the runtime classpath (the executor JVMs the worker launches use it)
export SPARK_HOME="$here/driver/target/spark-home"
rm -rf "$SPARK_HOME" && mkdir -p "$SPARK_HOME/jars" "$SPARK_HOME/work" "$SPARK_HOME/logs"
ln -s "$here"/driver/target/lib/*.jar "$jar" "$SPARK_HOME/jars/"
export SPARK_SCALA_VERSION=2.13 SPARK_LOCAL_IP=127.0.0.1 SPARK_MASTER_HOST=127.0.0.1
port="${SPARK_PORT:-7077}"
java -Xmx1g "${flags[@]}" -cp "$SPARK_HOME/jars/*" org.apache.spark.deploy.master.Master \
  --host 127.0.0.1 --port "$port" --webui-port 8080 >"$SPARK_HOME/logs/master.log" 2>&1 &
master=$!
java -Xmx1g "${flags[@]}" -cp "$SPARK_HOME/jars/*" org.apache.spark.deploy.worker.Worker \
  --cores "${WORKER_CORES:-$(nproc)}" --memory "${WORKER_MEMORY:-8g}" --work-dir "$SPARK_HOME/work" \
  --webui-port 8081 "spark://127.0.0.1:$port" >"$SPARK_HOME/logs/worker.log" 2>&1 &
worker=$!
cleanup() { [[ "${KEEP:-0}" == 1 ]] || kill "$worker" "$master" 2>/dev/null || true; }
trap cleanup EXIT
for _ in $(seq 60); do grep -q "Successfully registered with master" "$SPARK_HOME/logs/worker.log" && break; sleep 1; done
grep -q "Successfully registered with master" "$SPARK_HOME/logs/worker.log" \
  || { echo "standalone.sh: the worker did not register; see $SPARK_HOME/logs" >&2; exit 1; }
sweep="$1"; shift
cores="${WORKER_CORES:-$(nproc)}"
# ./dasweep gives the executors the same flags (spark.executor.defaultJavaOptions)
"$here/dasweep" run "$sweep" --master "spark://127.0.0.1:$port" \
  --spark-conf "$here/conf/spark-cluster.properties.template" \
  --conf spark.executor.cores="$cores" --conf spark.task.cpus=1 --conf spark.executor.memory=4g \
  --conf spark.ui.enabled=false "$@"
