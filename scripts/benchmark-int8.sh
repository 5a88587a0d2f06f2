#!/usr/bin/env bash
# Benchmark of full-integer int8 against float on the CNNs: the demo catalogue's CNNs (models/demo, trained by the
# quickstart) and the shared mnist-conv-tf1-dotnet, timed in quiet (--targetParallelism=1, 10 warm-ups, 60-120
# rounds). Prints per model the top-1 of both and the int8/float latency ratios at batch 1 and 32 with their 95 %
# intervals, the int8 artifact's agreement with its simulated graph, then where each graph's time goes (frontier profile
# of the exported float and int8 artifacts: op types, then the ten slowest nodes).
# Usage: scripts/benchmark-int8.sh [extra Beam arguments]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
[ -f models/demo/catalogue.yaml ] || { echo "benchmark-int8: run scripts/quickstart.sh first (it trains models/demo)" >&2; exit 1; }
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
run() {  # catalogue, models...
  local catalogue="$1"; shift
  local args=()
  for m in "$@"; do args+=(--model "$m"); done
  ./frontier sweep --catalogue "$catalogue" --sweep configs/int8-speed-sweep.yaml --output "$out/$(basename "$(dirname "$catalogue")")" \
    "${args[@]}" --targetParallelism=1 "${EXTRA[@]}" > "$out/stdout.txt" 2> "$out/stderr.txt" \
    || { tail -n 40 "$out/stderr.txt" >&2; exit 1; }
}
EXTRA=("$@")
run models/demo/catalogue.yaml fmnist-cnn-bn-16 fmnist-cnn-bn-32 fmnist-dwsep-cnn-bn-32
run configs/shared-models.yaml mnist-conv-tf1-dotnet
echo "== benchmark: full-integer int8 vs float, quiet, $(nproc) cores =="
for dir in "$out"/demo "$out"/configs; do
  java -cp pipelines/target/frontier.jar dev.frontier.pipelines.tools.Int8Speed "$dir"
done
for dir in "$out"/demo "$out"/configs; do
  for model in "$dir"/artifacts/*/; do
    id="$(basename "$model")"
    # the float candidate's artifact (the imported graph, BatchNorm folded: what the ratios above compare against)
    float="$(grep -l '"quantization" *: *"float"' "$model"/*/manifest.json | head -1 | xargs dirname)"
    int8="$(grep -l '"quantization" *: *"int8"' "$model"/*/manifest.json | head -1 | xargs dirname)"
    echo; echo "== where the time goes: $id, batch 32, float candidate then int8 =="
    ./frontier profile "$float" "$int8" --batch 32 --runs 30 --nodes 10 2>/dev/null
  done
done
