#!/usr/bin/env bash
# Benchmark of the main job: the shared-models sweep (configs/shared-sweep.yaml over the four shared models) on the
# DirectRunner (or the runner given). Prints wall time, candidates per minute and the share of time spent inside TF Session.run.
# Usage: scripts/benchmark-sweep.sh [extra sweep/Beam arguments, e.g. --targetParallelism=2]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
start=$(date +%s.%N)
./frontier sweep --catalogue configs/shared-models.yaml --sweep configs/shared-sweep.yaml \
  --output "$out" "$@" > "$out/stdout.txt" 2> "$out/stderr.txt" || { tail -n 40 "$out/stderr.txt" >&2; exit 1; }
end=$(date +%s.%N)
echo "== benchmark: shared-models sweep, $(nproc) cores =="
grep -E "^[0-9]+ candidates measured|Session.run" "$out/stdout.txt"
awk -v s="$start" -v e="$end" 'BEGIN { printf "process wall time incl. JVM start: %.1f s\n", e - s }'
