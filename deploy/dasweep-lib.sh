#!/usr/bin/env bash
# Shell helpers shared by ./dasweep and deploy/standalone.sh (source this file), and a printer for
# spark-submit users:
#
#   deploy/dasweep-lib.sh flags      # the JVM flags of conf/jvm.options on one line, space-separated
#
# dasweep_jvm_flags HOME        prints the flags of HOME/conf/jvm.options, one per line
# dasweep_stale HOME JAR        prints why the build is missing or stale, nothing when JAR is current
# dasweep_jar HOME              builds when dasweep_stale says so, then prints the driver jar's path

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
  if [[ -n "$why" ]]; then
    echo "dasweep: building ($why) ..." >&2
    (cd "$home" && mvn -q -B -DskipTests ${DASWEEP_MAVEN_ARGS:-} package) >&2 || return 1
    jar=$(ls "$home"/driver/target/dasweep-driver-*.jar | head -n 1)
    touch "$jar"   # the jar plugin keeps an unchanged jar's old time; mark it built now
  fi
  echo "$jar"
}

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  set -euo pipefail
  case "${1:-}" in
    flags) dasweep_jvm_flags "$(cd "$(dirname "$0")/.." && pwd)" | paste -sd ' ' ;;
    *) sed -n '2,10p' "$0" >&2; exit 2 ;;
  esac
fi
