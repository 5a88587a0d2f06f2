#!/usr/bin/env bash
# The answer must not move with machine noise: runs a sweep three times, twice on an idle machine and once while
# a busy loop keeps one core loaded (started and stopped here), then prints how many rows agree on on_front, knee
# and chosen in all three runs, and every row that does not.
#   shared (default): configs/shared-sweep.yaml over configs/shared-models.yaml (224 candidates)
#   demo:             configs/quickstart-sweep.yaml over models/demo (90 candidates, the CNNs; run the quickstart first)
# Usage: scripts/stability-check.sh [shared|demo] [extra sweep/Beam arguments]; outputs stay in out/stability[-demo]/.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
which="shared"
if [ "${1:-}" = shared ] || [ "${1:-}" = demo ]; then which="$1"; shift; fi
if [ "$which" = demo ]; then
  [ -f models/demo/catalogue.yaml ] || { echo "stability-check: run scripts/quickstart.sh first (it trains models/demo)" >&2; exit 1; }
  catalogue=models/demo/catalogue.yaml; sweep=configs/quickstart-sweep.yaml; out="out/stability-demo"
else
  catalogue=configs/shared-models.yaml; sweep=configs/shared-sweep.yaml; out="out/stability"
fi
rm -rf "$out"
mkdir -p "$out"
busy_pid=""
trap '[ -n "$busy_pid" ] && kill "$busy_pid" 2>/dev/null || true' EXIT
for run in idle-1 idle-2 one-core-busy; do
  if [ "$run" = one-core-busy ]; then
    ( while :; do :; done ) &
    busy_pid=$!
  fi
  start=$(date +%s)
  ./frontier sweep --catalogue "$catalogue" --sweep "$sweep" \
    --output "$out/$run" "$@" > "$out/$run.stdout" 2> "$out/$run.stderr" \
    || { echo "sweep $run failed:"; tail -n 30 "$out/$run.stderr"; exit 1; }
  echo "== $run: $(grep -E '^[0-9]+ candidates measured' "$out/$run.stdout" | cut -d';' -f1) ($(( $(date +%s) - start )) s)"
  if [ -n "$busy_pid" ]; then
    kill "$busy_pid"
    wait "$busy_pid" 2>/dev/null || true
    busy_pid=""
  fi
done
echo "== agreement of the answer across the three runs =="
java -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp pipelines/target/frontier.jar \
  dev.frontier.pipelines.tools.CompareAnswers \
  "$out/idle-1" "$out/idle-2" "$out/one-core-busy"
