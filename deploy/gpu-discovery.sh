#!/usr/bin/env bash
# Spark GPU discovery script (spark.executor.resource.gpu.discoveryScript / spark.worker.resource.gpu.discoveryScript):
# prints the GPUs this machine has as Spark's ResourceInformation JSON, e.g. {"name":"gpu","addresses":["0","1"]}.
# Spark's own example script is not on Maven Central, so this is ours. Needs nvidia-smi.
set -euo pipefail
ids=$(nvidia-smi --query-gpu=index --format=csv,noheader 2>/dev/null | tr -d ' ' | paste -sd, -)
addresses=$(echo "$ids" | sed -E 's/([0-9]+)/"\1"/g')
echo "{\"name\":\"gpu\",\"addresses\":[${addresses}]}"
