#!/usr/bin/env bash
# Quick start command 2: set up, build, run the whole test suite with ctest,
# then the sanitizer build (ASan + UBSan) of the tests labelled "sanitize".
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
ctest --preset release -j"$(nproc)"
echo "==> sanitizer preset (ASan + UBSan)"
cmake --preset asan >/dev/null
cmake --build --preset asan -j"$(nproc)" --target tinysim tinysim_sanitize_tests
ctest --preset asan -j"$(nproc)"
