#!/usr/bin/env bash
# Scale benchmark: trains a catalogue of distinct Fashion-MNIST MLPs (varied widths, one seed each) into
# models/bench once, then sweeps the first 10 and all of them with configs/benchmark-sweep.yaml
# (20 configurations per model) on the DirectRunner and on embedded Flink, and prints per run: wall time,
# candidates per minute, peak RSS of the JVM, the largest heap left after a garbage collection (what the
# job really holds; RSS also counts heap the JVM grew into and TensorFlow's native memory) and the share of
# time inside TF Session.run.
# Usage: scripts/benchmark-catalogue.sh [models, default 50]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
models="${1:-50}"
catalogue="models/bench/catalogue.yaml"
command -v /usr/bin/time >/dev/null || { echo "needs GNU time: apt-get install time" >&2; exit 1; }

if [ ! -f "$catalogue" ] || [ "$(grep -c '^  - id:' "$catalogue")" -ne "$models" ]; then
  echo "== training $models benchmark models into models/bench =="
  rm -rf models/bench
  ./frontier train-catalogue --output-dir models/bench --benchmark-models "$models"
fi
ids=($(sed -n 's/^  - id: //p' "$catalogue"))

run() {  # run RUNNER COUNT [beam args...]
  local runner="$1" count="$2"; shift 2
  local out; out="$(mktemp -d)"
  local select=()
  for id in "${ids[@]:0:$count}"; do select+=(--model "$id"); done
  JAVA_OPTS="${JAVA_OPTS:--Xmx8g} -Xlog:gc:file=$out/gc.log" \
  /usr/bin/time -f "%M" -o "$out/rss.txt" ./frontier sweep --catalogue "$catalogue" \
    --sweep configs/benchmark-sweep.yaml --output "$out/sweep" "${select[@]}" --runner="$runner" "$@" \
    > "$out/stdout.txt" 2> "$out/stderr.txt" || { tail -n 30 "$out/stderr.txt" >&2; return 1; }
  local rss_kib; rss_kib=$(tail -n 1 "$out/rss.txt")
  local live_mib  # the largest "after" of the GC log's "before->after(committed)" heap figures
  live_mib=$(grep -o '[0-9]*M->[0-9]*M' "$out/gc.log" | sed 's/.*->//; s/M//' | sort -n | tail -n 1)
  printf '%-12s %3d models: %s | peak RSS %.0f MiB | heap after GC <= %s MiB | %s\n' "$runner" "$count" \
    "$(grep -E '^[0-9]+ candidates measured' "$out/stdout.txt" | sed 's/; results in.*//')" \
    "$(echo "$rss_kib" | awk '{print $1/1024}')" "${live_mib:-?}" \
    "$(grep -E 'Session.run' "$out/stdout.txt" | sed 's/time inside TF //')"
  rm -rf "$out"
}

echo "== scale benchmark on $(nproc) cores =="
for runner in DirectRunner FlinkRunner; do
  run "$runner" 10
  run "$runner" "$models"
done
