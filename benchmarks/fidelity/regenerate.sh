#!/usr/bin/env bash
# Re-records benchmarks/fidelity/fidelity.csv and fidelity.md: TinySim's
# predicted latency of the MLPerf Tiny int8 models on stm32l4r5 next to the
# published figures (../shared/ANCHORS.md). The same code path is the test
# Fidelity.TableMatchesRecordedCycles, which fails when cycles change.
# Usage: benchmarks/fidelity/regenerate.sh [BUILD_DIR]   (default build/release)
set -euo pipefail
cd "$(dirname "$0")/../.."
BUILD=${1:-build/release}
cmake --build "$BUILD" --target test_report
TINYSIM_UPDATE_FIDELITY=1 "$BUILD/tests/report/test_report" --gtest_filter='Fidelity.TableMatchesRecordedCycles'
cat benchmarks/fidelity/fidelity.md
