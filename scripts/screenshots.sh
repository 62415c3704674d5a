#!/usr/bin/env bash
# Regenerates resources/screenshots/*.png from the running GUI (offscreen, or
# under xvfb-run when XVFB=1). Usage: scripts/screenshots.sh [BUILD_DIR]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${1:-$root/build/release}"
cmake --build "$build" -j2 --target tinysim_gui_screenshots tinysim
tool="$build/tests/gui/tinysim_gui_screenshots"
out="$root/resources/screenshots"
if [[ "${XVFB:-0}" == 1 ]]; then
  xvfb-run -a -s "-screen 0 1400x900x24" "$tool" "$out"
else
  QT_QPA_PLATFORM=offscreen "$tool" "$out"
fi
