#!/usr/bin/env bash
# Quickstart, end to end on a fresh Debian machine:
#   1. installs what is missing (JDK, Maven, Fashion-MNIST) via scripts/setup.sh;
#   2. builds Frontier and trains the demo catalogue into models/demo (skipped when it exists);
#   3. evaluates the demo catalogue and the shared real models: original signature vs imported IR.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
bash scripts/setup.sh

demo="models/demo/catalogue.yaml"
if [ ! -f "$demo" ]; then
  echo "== training the demo catalogue (a few minutes on 2 cores) =="
  ./frontier train-catalogue --output-dir models/demo
fi

echo "== demo catalogue: original signature vs imported IR =="
./frontier evaluate --catalogue "$demo"
if [ -d ../shared/models ]; then
  echo "== shared real models =="
  ./frontier evaluate --catalogue configs/shared-models.yaml
fi
