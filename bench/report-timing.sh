#!/usr/bin/env bash
# `dasweep report` on one table, wall time: DuckDB (the default for a local table) against Spark (the same build
# with DuckDB left off the class path, as in the cluster's application jar: TableSource then opens Spark, local[*]),
# alternating, N times each, in one sitting. Prints each run and the load average before and after.
#
#   bench/report-timing.sh [TABLE] [N]          (default /tmp/qs-report/trials, 3)
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
table="${1:-/tmp/qs-report/trials}"
n="${2:-3}"
# shellcheck source=deploy/dasweep-lib.sh
source "$here/deploy/dasweep-lib.sh"
jar=$(dasweep_jar "$here")                   # builds outside the timed runs
mapfile -t flags < <(dasweep_jvm_flags "$here")
lib="$here/driver/target/lib"
duck_cp="$jar:$lib/*"
spark_cp="$jar:$(find "$lib" -name '*.jar' ! -name 'duckdb_jdbc-*' | sort | paste -sd:)"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}"
report() {   # engine classpath
  local start end
  start=$(date +%s.%N)
  java ${DASWEEP_JAVA_OPTS:--Xmx8g} "${flags[@]}" -Ddasweep.home="$here" \
    -Dlog4j.configurationFile="$here/conf/log4j2.properties" -cp "$2" dasweep.driver.Main \
    report --table "$table" --out "$out/$1" >/dev/null 2>"$out/$1.log" || { cat "$out/$1.log" >&2; return 1; }
  end=$(date +%s.%N)
  printf '%-6s %6.1f s\n' "$1" "$(echo "$end - $start" | bc)"
}
echo "table: $table ($(find "$table" -name '*.parquet' | wc -l) Parquet files); $(nproc) cores"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
for _ in $(seq "$n"); do
  report spark "$spark_cp"
  report duckdb "$duck_cp"
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
cmp -s "$out/spark/report.html" "$out/duckdb/report.html" && echo "report.html: the same bytes from both engines" \
  || echo "report.html: differs between the engines (diff $out/spark/report.html $out/duckdb/report.html)"
