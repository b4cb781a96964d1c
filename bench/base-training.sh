#!/usr/bin/env bash
# Base training speed on one thread (bench/base-training.jsh), for a checkout HOME (default this one): run it for two
# builds alternately to compare them.
#   bench/base-training.sh [HOME]
set -euo pipefail
home="${1:-$(cd "$(dirname "$0")/.." && pwd)}"
"$home/dasweep" --help >/dev/null
export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}"
cp="$home/driver/target/dasweep-app.jar:$(printf '%s:' "$home"/driver/target/lib/*.jar)"
jshell -R-Xmx4g --class-path "$cp" "$(cd "$(dirname "$0")" && pwd)/base-training.jsh" 2>&1 | grep '^base network'
