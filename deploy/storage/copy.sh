#!/usr/bin/env bash
# Copies a dasweep output's table (trials/) and network store (networks/) between a local folder and a Hadoop URI
# (hdfs://, s3a://) with Hadoop's own FsShell from the build's jars, the store's settings taken from a Spark properties
# file (its spark.hadoop.* keys, e.g. the file deploy/storage/store.sh writes; never on a command line).
#
#   deploy/storage/copy.sh PROPS up LOCAL URI      LOCAL/{trials,networks} (those present) to URI/
#   deploy/storage/copy.sh PROPS down URI LOCAL    URI/{trials,networks} to LOCAL/, each replacing LOCAL's whole
#                                                  (copied beside it first, then moved into place)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
[[ $# -eq 4 ]] || { sed -n '2,9p' "$0" >&2; exit 2; }
props="$1" dir="$2" from="$3" to="$4"
# shellcheck source=deploy/dasweep-lib.sh
source "$here/deploy/dasweep-lib.sh"
SPARK_HOME=$(dasweep_spark_home "$here")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
( umask 077
  { echo '<?xml version="1.0"?><configuration>'
    sed -n 's/^[[:space:]]*spark\.hadoop\.\([^=[:space:]]*\)[[:space:]]*=[[:space:]]*\(.*\)$/\1\t\2/p' "$props" \
      | while IFS=$'\t' read -r k v; do
          printf '  <property><name>%s</name><value>%s</value></property>\n' "$k" "$v"
        done
    echo '</configuration>'; } >"$tmp/store-site.xml" )
fs() { java -Xmx512m -cp "$SPARK_HOME/jars/*" org.apache.hadoop.fs.FsShell -conf "$tmp/store-site.xml" "$@"; }
case "$dir" in
  up)
    fs -mkdir -p "$to"
    for part in trials networks; do
      [[ -d "$from/$part" ]] && fs -copyFromLocal "$from/$part" "$to/"
    done
    exit 0 ;;
  down)
    mkdir -p "$to"
    stage="$to/.copy-$$"
    rm -rf "$stage" && mkdir -p "$stage"
    for part in trials networks; do
      if fs -test -d "$from/$part"; then
        fs -copyToLocal "$from/$part" "$stage/"
        find "$stage/$part" -name '.*.crc' -delete
        rm -rf "${to:?}/$part" && mv "$stage/$part" "$to/$part"
      fi
    done
    rmdir "$stage"
    exit 0 ;;
  *) sed -n '2,9p' "$0" >&2; exit 2 ;;
esac
