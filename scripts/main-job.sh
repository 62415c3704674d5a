#!/usr/bin/env bash
# The main job on an already built tree: benchmark the bundled sample models
# (every variant) on the default MCU profile. The table goes to stdout; the
# reports to build/reports/ (bench.csv, bench.json with confusion matrices,
# bench_layers.csv with per-layer cycles).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${TINYSIM_BIN:-build/release/bin/tinysim}
mkdir -p build/reports
exec "$BIN" bench --samples --mcu nrf52840 --csv build/reports/bench.csv \
  --json build/reports/bench.json --layers-csv build/reports/bench_layers.csv "$@"
