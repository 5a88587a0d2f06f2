#!/usr/bin/env bash
# Quickstart, end to end on a fresh Debian machine:
#   1. installs what is missing (JDK, Maven, Fashion-MNIST) via scripts/setup.sh;
#   2. builds Frontier and trains the demo catalogue into models/demo (skipped when it exists);
#   3. runs the sweep over it into out/quickstart and prints each model's Pareto front;
#   4. prints where each model's chosen candidate was exported (a SavedModel under out/quickstart/artifacts)
#      and where the HTML report with every model's plots is (out/quickstart/report.html).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
bash scripts/setup.sh

demo="models/demo/catalogue.yaml"
if [ ! -f "$demo" ]; then
  echo "== training the demo catalogue into models/demo (a few minutes on 2 cores) =="
  ./frontier train-catalogue --output-dir models/demo
fi

echo "== sweeping the demo catalogue into out/quickstart =="
./frontier sweep --catalogue "$demo" --sweep configs/quickstart-sweep.yaml --output out/quickstart

echo "== each model's chosen candidate, exported as a SavedModel (out/quickstart/artifacts/manifest.json) =="
sed -n '/"chosen"/,/}/p' out/quickstart/artifacts/manifest.json

echo "== the report: every model's candidates plotted, its front and chosen candidate; open it in a browser =="
echo "$root/out/quickstart/report.html"
