#!/usr/bin/env bash
# A real storage server on this machine for sweeps whose output is not a local folder, from the build's own jars
# (servers/*/target/lib, resolved by Maven; nothing downloaded here), each daemon its own JVM, stopped by PID.
#
#   deploy/storage/store.sh start hdfs DIR [--host ADDR] [--port P] [--datanodes N]
#   deploy/storage/store.sh start s3   DIR [--host ADDR] [--port P]
#   deploy/storage/store.sh stop DIR                 stops what `start DIR` started (all of it, by PID)
#   deploy/storage/store.sh kill DIR NAME            kill -9 of one daemon (namenode, datanode-1.., s3proxy)
#   deploy/storage/store.sh restart DIR NAME         starts that daemon again, as before (same port, same data)
#
# hdfs: a NameNode on ADDR:P (default 127.0.0.1, a free port) and N DataNodes (default 2; replication 2), Hadoop's
#       own daemons at the project's Hadoop version (hadoop-client-minicluster); waits until every DataNode is live
#       and the NameNode has left safe mode.
# s3:   S3Proxy (filesystem backend under DIR/data) on http://ADDR:P, path-style, with credentials generated for this
#       server (never the defaults), one bucket `dasweep`; it honours If-None-Match: * on PUT (the output lock).
# `start` prints the output URI to use (hdfs://ADDR:P/dasweep or s3a://dasweep/out) and writes DIR/spark.properties
# (mode 600): the spark.hadoop.* settings a run needs to reach the store (endpoint, credentials, committer), to be
# appended to the run's --spark-conf file. DIR holds pids (NAME PID a line), logs/, the data and the configuration.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
usage() { sed -n '2,19p' "$0" >&2; exit 2; }
[[ $# -ge 2 ]] || usage
cmd="$1"; shift
kind=""
if [[ "$cmd" == start ]]; then kind="$1"; shift; fi
[[ $# -ge 1 ]] || usage
dir="$1"; shift
JAVA="${JAVA:-java}"

pid_of() { awk -v n="$1" '$1 == n { print $2 }' "$dir/pids" 2>/dev/null; }

stop() {
  local pids p
  pids=$(awk '{ print $2 }' "$dir/pids" 2>/dev/null || true)
  for p in $pids; do kill "$p" 2>/dev/null || true; done
  for _ in $(seq 40); do
    local alive=0
    for p in $pids; do kill -0 "$p" 2>/dev/null && alive=1; done
    [[ $alive == 0 ]] && break
    sleep 0.25
  done
  for p in $pids; do kill -9 "$p" 2>/dev/null || true; done
  rm -f "$dir/pids"
}

free_port() { python3 -c 'import socket,sys; s=socket.socket(); s.bind((sys.argv[1],0)); print(s.getsockname()[1])' "$1"; }

lib() {
  local l="$here/servers/$1/target/lib"
  [[ -d "$l" ]] || { echo "store.sh: $l is missing (run: mvn -B -q -DskipTests package)" >&2; exit 2; }
  echo "$l"
}

# launch NAME COMMAND...: runs a daemon in the background, logs to logs/NAME.log, records its PID
launch() {
  local name="$1"; shift
  "$@" >>"$dir/logs/$name.log" 2>&1 &
  echo "$name $!" >>"$dir/pids"
  echo "$name" >"$dir/cmd.$name.name"
  printf '%q ' "$@" >"$dir/cmd.$name"
}

hdfs_java() {   # the daemons' JVM (small heaps) into the array hj
  hj=("$JAVA" "-Xmx${HDFS_HEAP:-256m}" -XX:+UseSerialGC "-Dhadoop.log.dir=$dir/logs" -Djava.net.preferIPv4Stack=true
      "-Dhadoop.home.dir=$dir" -Dorg.slf4j.simpleLogger.showDateTime=true -cp "$(lib hdfs)/*")
}

site() {        # site NAME KEY=VALUE...: a Hadoop *-site.xml
  local f="$dir/conf/$1"; shift
  { echo '<?xml version="1.0"?><configuration>'
    for kv in "$@"; do echo "  <property><name>${kv%%=*}</name><value>${kv#*=}</value></property>"; done
    echo '</configuration>'; } >"$f"
}

fail() { echo "store.sh: $1; see $dir/logs" >&2; stop; exit 1; }

await() {       # await WHAT SECONDS COMMAND...: until COMMAND succeeds, or fail
  local what="$1" secs="$2"; shift 2
  for _ in $(seq $((secs * 2))); do
    "$@" >/dev/null 2>&1 && return 0
    sleep 0.5
  done
  fail "$what"
}

start_hdfs() {
  local n="$1" nn="$host:$port"
  mkdir -p "$dir/conf" "$dir/name"
  site core-site.xml "fs.defaultFS=hdfs://$nn" "hadoop.security.authentication=simple"
  site hdfs-site.xml "dfs.namenode.name.dir=file://$dir/name" "dfs.replication=2" "dfs.namenode.rpc-address=$nn" \
    "dfs.namenode.http-address=$host:0" "dfs.namenode.safemode.extension=0" "dfs.namenode.safemode.min.datanodes=$n" \
    "dfs.permissions.enabled=false" "dfs.heartbeat.interval=1" "dfs.namenode.heartbeat.recheck-interval=4000" \
    "dfs.datanode.address=$host:0" "dfs.datanode.http.address=$host:0" "dfs.datanode.ipc.address=$host:0" \
    "dfs.datanode.hostname=$host" "dfs.namenode.datanode.registration.ip-hostname-check=false"
  local hj; hdfs_java
  "${hj[@]}" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn org.apache.hadoop.hdfs.server.namenode.NameNode -conf "$dir/conf/core-site.xml" \
    -conf "$dir/conf/hdfs-site.xml" -format -force -nonInteractive >"$dir/logs/format.log" 2>&1 \
    || fail "the NameNode could not be formatted"
  launch namenode "${hj[@]}" org.apache.hadoop.hdfs.server.namenode.NameNode \
    -conf "$dir/conf/core-site.xml" -conf "$dir/conf/hdfs-site.xml"
  for i in $(seq "$n"); do
    mkdir -p "$dir/data-$i"
    launch "datanode-$i" "${hj[@]}" org.apache.hadoop.hdfs.server.datanode.DataNode \
      -conf "$dir/conf/core-site.xml" -conf "$dir/conf/hdfs-site.xml" -D "dfs.datanode.data.dir=file://$dir/data-$i"
  done
  await "the DataNodes did not all register" 180 live_datanodes "$n"
  await "the NameNode did not leave safe mode" 60 "${hj[@]}" org.apache.hadoop.hdfs.tools.DFSAdmin -fs "hdfs://$nn" \
    -safemode wait
  echo "hdfs://$nn" >"$dir/uri"
  ( umask 077
    { echo "# the store of $dir (deploy/storage/store.sh): append to the run's --spark-conf file"
      echo "spark.hadoop.dfs.replication=2"
      # with two DataNodes a pipeline that loses one goes on with the other rather than failing the write
      echo "spark.hadoop.dfs.client.block.write.replace-datanode-on-failure.best-effort=true"
    } >"$dir/spark.properties" )
  echo "hdfs://$nn/dasweep"
}

live_datanodes() {   # the NameNode reports at least N live DataNodes
  local want="$1" got
  got=$(grep -c 'registerDatanode: from' "$dir/logs/namenode.log" || true)
  [[ "$got" -ge "$want" ]]
}

start_s3() {
  local id="dasweep-$(od -An -tx1 -N6 /dev/urandom | tr -d ' \n')" secret
  secret=$(od -An -tx1 -N24 /dev/urandom | tr -d ' \n')
  mkdir -p "$dir/data/dasweep"
  ( umask 077
    { echo "s3proxy.endpoint=http://$host:$port"
      echo "s3proxy.authorization=aws-v2-or-v4"
      echo "s3proxy.identity=$id"
      echo "s3proxy.credential=$secret"
      echo "jclouds.provider=filesystem-nio2"
      echo "jclouds.filesystem.basedir=$dir/data"
    } >"$dir/s3proxy.properties"
    { echo "# the store of $dir (deploy/storage/store.sh): append to the run's --spark-conf file"
      echo "spark.hadoop.fs.s3a.endpoint=http://$host:$port"
      echo "spark.hadoop.fs.s3a.endpoint.region=us-east-1"
      echo "spark.hadoop.fs.s3a.path.style.access=true"
      echo "spark.hadoop.fs.s3a.connection.ssl.enabled=false"
      echo "spark.hadoop.fs.s3a.aws.credentials.provider=org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider"
      echo "spark.hadoop.fs.s3a.access.key=$id"
      echo "spark.hadoop.fs.s3a.secret.key=$secret"
      # fail fast while the server is down (the run fails in one line; --resume completes it)
      echo "spark.hadoop.fs.s3a.attempts.maximum=2"
      echo "spark.hadoop.fs.s3a.retry.limit=3"
      echo "spark.hadoop.fs.s3a.retry.interval=500ms"
      echo "spark.hadoop.fs.s3a.connection.establish.timeout=5s"
    } >"$dir/spark.properties" )
  # S3Proxy logs through logback: INFO, its shaded Jetty at WARN
  { echo '<configuration><appender name="E" class="ch.qos.logback.core.ConsoleAppender"><encoder>'
    echo '<pattern>%d{HH:mm:ss.SSS} %-5level %logger{36} - %msg%n</pattern></encoder></appender>'
    echo '<logger name="org.gaul.shaded" level="WARN"/><root level="INFO"><appender-ref ref="E"/></root></configuration>'
  } >"$dir/logback.xml"
  launch s3proxy "$JAVA" "-Xmx${S3_HEAP:-256m}" -XX:+UseSerialGC "-Dlogback.configurationFile=$dir/logback.xml" \
    -cp "$(lib s3)/*" org.gaul.s3proxy.Main \
    --properties "$dir/s3proxy.properties"
  await "S3Proxy did not start" 60 bash -c "exec 3<>/dev/tcp/$host/$port"
  echo "s3a://dasweep" >"$dir/uri"
  echo "s3a://dasweep/out"
}

case "$cmd" in
  stop) stop; exit 0 ;;
  kill)
    p=$(pid_of "${1:?NAME}"); [[ -n "$p" ]] || { echo "store.sh: no daemon $1 in $dir/pids" >&2; exit 2; }
    kill -9 "$p"; exit 0 ;;
  restart)
    name="${1:?NAME}"; [[ -f "$dir/cmd.$name" ]] || { echo "store.sh: no daemon $name in $dir" >&2; exit 2; }
    p=$(pid_of "$name"); [[ -n "$p" ]] && kill -0 "$p" 2>/dev/null && { echo "store.sh: $name is running" >&2; exit 2; }
    eval "$(cat "$dir/cmd.$name")" >>"$dir/logs/$name.log" 2>&1 &
    awk -v n="$name" '$1 != n' "$dir/pids" >"$dir/pids.tmp"; echo "$name $!" >>"$dir/pids.tmp"; mv "$dir/pids.tmp" "$dir/pids"
    exit 0 ;;
  start) ;;
  *) usage ;;
esac

host=127.0.0.1 port="" datanodes=2
while [[ $# -gt 0 ]]; do
  case "$1" in
    --host) host="$2"; shift 2 ;;
    --port) port="$2"; shift 2 ;;
    --datanodes) datanodes="$2"; shift 2 ;;
    *) echo "store.sh: unknown option $1" >&2; usage ;;
  esac
done
[[ "$datanodes" =~ ^[1-9]$ ]] || { echo "store.sh: --datanodes must be 1..9 (found '$datanodes')" >&2; exit 2; }
[[ -f "$dir/pids" ]] && { echo "store.sh: $dir/pids exists: a store is running there (stop it first)" >&2; exit 2; }
mkdir -p "$dir/logs"
dir=$(cd "$dir" && pwd)
[[ -n "$port" ]] || port=$(free_port "$host")
trap 'stop; exit 130' INT
trap 'stop; exit 143' TERM
case "$kind" in
  hdfs) start_hdfs "$datanodes" ;;
  s3) start_s3 ;;
  *) echo "store.sh: the store is hdfs or s3 (found '$kind')" >&2; exit 2 ;;
esac
