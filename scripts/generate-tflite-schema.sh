#!/usr/bin/env bash
# Regenerates the Java classes of TFLite's FlatBuffers schema (transforms/src/main/fbs/tflite_schema.fbs)
# into transforms/src/main/java/tflite. Needs Debian's flatbuffers-compiler 2.0.8 (apt-get install
# flatbuffers-compiler); the generated code is committed, so builds and CI need no flatc. The runtime
# library in transforms/pom.xml (com.google.flatbuffers:flatbuffers-java) must have the same version.
set -euo pipefail
cd "$(dirname "$0")/.."
want="2.0.8"
have=$(flatc --version | awk '{print $3}')
if [ "$have" != "$want" ]; then
  echo "generate-tflite-schema: flatc $have found, $want expected (flatbuffers-java in transforms/pom.xml is $want)" >&2
  exit 1
fi
rm -rf transforms/src/main/java/tflite
flatc --java -o transforms/src/main/java transforms/src/main/fbs/tflite_schema.fbs
echo "generated $(ls transforms/src/main/java/tflite | wc -l) classes in transforms/src/main/java/tflite"
