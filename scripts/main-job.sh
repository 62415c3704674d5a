#!/usr/bin/env bash
# The main job on an already built tree: benchmark the bundled sample models
# on the default MCU profile.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=build/release/bin/tinysim
mkdir -p build/reports
for m in sample_models/*.tflite ../shared/third_party_models/tflm_hello_world_int8.tflite; do
  [ -f "$m" ] || continue
  "$BIN" inspect "$m"
  "$BIN" infer "$m" --random 1
done
