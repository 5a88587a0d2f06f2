#!/usr/bin/env bash
# Benchmark of racing evaluation against exhaustive evaluation: runs the shared-models sweep
# (configs/shared-sweep.yaml) and the demo-catalogue sweep (configs/quickstart-sweep.yaml over models/demo, trained
# by scripts/quickstart.sh) both ways, one after the other in this run, and prints per catalogue
#   - whether both put the same candidates on the front, at the knee and chosen, with the same accuracies and rows
#     (tools/CompareStrategies; the script exits 1 when they differ),
#   - the evaluated rows (forward passes of the evaluated graphs: the sum of evaluation_rows exhaustively, the count
#     the racing run prints) of each and their ratio,
#   - each run's pipeline time and candidates per minute, and their ratio.
# Usage: scripts/benchmark-racing.sh [shared] [demo] [-- extra sweep/Beam arguments]   (default: both catalogues)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
catalogues=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do catalogues+=("$1"); shift; done
[ "${1:-}" = "--" ] && shift
[ ${#catalogues[@]} -gt 0 ] || catalogues=(shared demo)
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
with_strategy() {  # sweep file, strategy -> a copy of the sweep file evaluated with that strategy
  local copy="$out/$(basename "$1" .yaml)-$2.yaml"
  if grep -q '^evaluation:' "$1"; then
    sed "s/^evaluation:/evaluation:\n  strategy: $2/" "$1" > "$copy"
  else
    { cat "$1"; printf 'evaluation:\n  strategy: %s\n' "$2"; } > "$copy"
  fi
  echo "$copy"
}
EXTRA=("$@")
status=0
for name in "${catalogues[@]}"; do
  case "$name" in
    shared) catalogue=configs/shared-models.yaml; file=configs/shared-sweep.yaml ;;
    demo) catalogue=models/demo/catalogue.yaml; file=configs/quickstart-sweep.yaml
      [ -f "$catalogue" ] || { echo "benchmark-racing: run scripts/quickstart.sh first (it trains models/demo)" >&2; exit 1; } ;;
    *) echo "benchmark-racing: unknown catalogue '$name' (shared | demo)" >&2; exit 2 ;;
  esac
  for strategy in exhaustive racing; do
    dir="$out/$name-$strategy"
    ./frontier sweep --catalogue "$catalogue" --sweep "$(with_strategy "$file" "$strategy")" --output "$dir" \
      "${EXTRA[@]}" > "$dir.stdout" 2> "$dir.stderr" || { tail -n 40 "$dir.stderr" >&2; exit 1; }
  done
  echo "== $name: $catalogue with $file, exhaustive vs racing, $(nproc) cores =="
  for strategy in exhaustive racing; do
    printf '%-10s ' "$strategy"; grep -E "^[0-9]+ candidates measured" "$out/$name-$strategy.stdout" | sed 's/; results in.*//'
  done
  grep -E "^racing:" "$out/$name-racing.stdout" || true
  rate() { grep -oE '\(([0-9.]+) candidates/min\)' "$out/$name-$1.stdout" | grep -oE '[0-9.]+' | head -1; }
  awk -v e="$(rate exhaustive)" -v r="$(rate racing)" \
    'BEGIN { if (e > 0) printf "candidates per minute: racing %.2fx exhaustive\n", r / e }'
  racing_rows="$(grep -oE '^racing: [0-9,]+' "$out/$name-racing.stdout" | grep -oE '[0-9,]+$' || true)"
  java -cp pipelines/target/frontier.jar dev.frontier.pipelines.tools.CompareStrategies \
    "$out/$name-exhaustive" "$out/$name-racing" $racing_rows 2>/dev/null || status=1
  echo
done
exit $status
