#!/usr/bin/env bash
# Shell helpers shared by ./dasweep, deploy/spark-submit and deploy/standalone/ (source this file), and a printer
# for spark-submit users:
#
#   deploy/dasweep-lib.sh flags      # the JVM flags of conf/jvm.options on one line, space-separated
#
# dasweep_jvm_flags HOME        prints the flags of HOME/conf/jvm.options, one per line
# dasweep_stale HOME JAR        prints why the build is missing or stale, nothing when JAR is current
# dasweep_jar HOME              builds when dasweep_stale says so (never with DASWEEP_NO_BUILD=1 and a jar
#                               present), then prints the driver jar's path
# dasweep_app_jar HOME          the same, then prints the application jar's path (driver/target/dasweep-app.jar)
# dasweep_spark_home HOME       makes driver/target/spark-home/jars (links to what a Spark cluster provides: the
#                               build's Spark, Scala and Hadoop jars, nothing of dasweep) and prints the folder

# dasweep_native_env            exports the environment libtorch's OpenMP reads when it loads (the values'
#                               home: executor/.../torch/NativeEnv.java), keeping a value already set
dasweep_native_env() {
  export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}"
}

dasweep_jvm_flags() {
  local file="$1/conf/jvm.options"
  [[ -r "$file" ]] || { echo "dasweep: missing $file" >&2; return 1; }
  awk '{ sub(/#.*/, ""); for (i = 1; i <= NF; i++) print $i }' "$file"
}

dasweep_stale() {
  local home="$1" jar="$2" newer built head
  if [[ -z "$jar" || ! -f "$jar" || ! -d "$home/driver/target/lib" ]]; then
    echo "no build yet"; return 0
  fi
  # sources, poms or the JVM flags changed since the jar was made (an edit, a git pull, a checkout)
  newer=$(find "$home/pom.xml" "$home"/*/pom.xml "$home"/*/src "$home/conf/jvm.options" \
    -newer "$jar" -print -quit 2>/dev/null || true)
  if [[ -n "$newer" ]]; then
    echo "${newer#"$home"/} is newer than the jar"; return 0
  fi
  # the jar stamps the commit it was built from into code_version: rebuild when HEAD moved without
  # touching a source file (a commit of work already built), so rows never carry another commit's id
  built=$(sed -n 's/^commit=\([0-9a-f]\{7,40\}\)$/\1/p' "$home/driver/target/classes/dasweep-build.properties" \
    2>/dev/null || true)
  if [[ -n "$built" ]] && head=$(git -C "$home" rev-parse HEAD 2>/dev/null) && [[ "$head" != "$built"* ]]; then
    echo "HEAD is ${head:0:12}, the jar was built at $built"; return 0
  fi
}

dasweep_jar() {
  local home="$1" jar why
  jar=$(ls "$home"/driver/target/dasweep-driver-*.jar 2>/dev/null | head -n 1 || true)
  why=$(dasweep_stale "$home" "$jar")
  if [[ -n "$why" && "${DASWEEP_NO_BUILD:-0}" == 1 && -n "$jar" && -f "$jar" ]]; then
    why=""                       # the caller (a test after `mvn package`) uses the build as it is
  fi
  if [[ -n "$why" ]]; then
    echo "dasweep: building ($why) ..." >&2
    # Debian's Maven 3.8 prints bare ANSI resets ("[0m") even with -B: strip escape sequences from the build's output
    (set -o pipefail; cd "$home" && mvn -q -B -DskipTests ${DASWEEP_MAVEN_ARGS:-} package 2>&1 \
      | sed -u -e $'s/\x1b\\[[0-9;]*[A-Za-z]//g' -e '/^$/d') >&2 || return 1
    jar=$(ls "$home"/driver/target/dasweep-driver-*.jar | head -n 1)
    touch "$jar"   # the jar plugin keeps an unchanged jar's old time; mark it built now
  fi
  echo "$jar"
}

dasweep_app_jar() {
  local home="$1"
  dasweep_jar "$home" >/dev/null || return 1
  [[ -f "$home/driver/target/dasweep-app.jar" ]] || { echo "dasweep: no driver/target/dasweep-app.jar" >&2; return 1; }
  echo "$home/driver/target/dasweep-app.jar"
}

# a Spark "distribution" made of the Maven artifacts: jars/ links the runtime classpath less the application's own
# artifacts (driver/target/spark-classpath.txt, written by `mvn package`); SPARK_SCALA_VERSION=2.13 goes with it
dasweep_spark_home() {
  local home="$1" dir="$1/driver/target/spark-home" cp
  cp="$home/driver/target/spark-classpath.txt"
  [[ -r "$cp" ]] || { echo "dasweep: missing $cp (run mvn package)" >&2; return 1; }
  if [[ ! -d "$dir/jars" || "$cp" -nt "$dir/jars" ]]; then
    rm -rf "$dir/jars" && mkdir -p "$dir/jars"
    tr ':' '\n' <"$cp" | while IFS= read -r j; do [[ -n "$j" ]] && ln -s "$j" "$dir/jars/"; done
  fi
  echo "$dir"
}

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  set -euo pipefail
  case "${1:-}" in
    flags) dasweep_jvm_flags "$(cd "$(dirname "$0")/.." && pwd)" | paste -sd ' ' ;;
    *) sed -n '2,10p' "$0" >&2; exit 2 ;;
  esac
fi
