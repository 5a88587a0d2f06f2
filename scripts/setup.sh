#!/usr/bin/env bash
# Installs what Frontier needs on a fresh Debian machine: a JDK 17+, Maven, the Fashion-MNIST data
# (Debian package dataset-fashion-mnist), Chromium (the test that opens the HTML report in a headless
# browser) and LiteRT under Node.js (scripts/litert). Safe to run again: it installs only what is missing.
set -euo pipefail
need=()
command -v java >/dev/null || need+=(openjdk-17-jdk-headless)
command -v mvn >/dev/null || need+=(maven)
[ -f /usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz ] || need+=(dataset-fashion-mnist)
[ -x /usr/bin/time ] || need+=(time)
command -v chromium >/dev/null || need+=(chromium)
if [ ${#need[@]} -gt 0 ]; then
  echo "setup: installing ${need[*]}" >&2
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi
# LiteRT (the TFLite runtime, as WebAssembly) under Node.js, for the .tflite checks (scripts/litert).
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "setup: installing nodejs npm" >&2
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null
fi
litert="$(dirname "$0")/litert"
if [ ! -d "$litert/node_modules/@litertjs/core/wasm" ]; then
  echo "setup: npm ci in scripts/litert" >&2
  (cd "$litert" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
fi
