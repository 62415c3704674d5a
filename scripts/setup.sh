#!/usr/bin/env bash
# Installs the Debian packages TinySim needs (only the missing ones), then
# configures and builds the release preset. Idempotent: a second run with
# nothing changed installs nothing and rebuilds nothing.
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGES=(
  cmake ninja-build make g++ pkg-config git
  qt6-base-dev qt6-charts-dev libqt6opengl6-dev libgl-dev xvfb xauth
  libeigen3-dev libbenchmark-dev libgtest-dev libgmock-dev
  libunicorn-dev libcapstone-dev qemu-system-arm
  gcc-arm-none-eabi libnewlib-arm-none-eabi
  libflatbuffers-dev flatbuffers-compiler zlib1g-dev libssl-dev
  libcli11-dev nlohmann-json3-dev libfmt-dev libstb-dev
  dataset-fashion-mnist espeak-ng sox valgrind
  slurm-wlm munge
  clang-14 libclang-rt-14-dev
)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "==> installing: ${missing[*]}"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

echo "==> building (preset release)"
cmake --preset release >/dev/null
cmake --build --preset release -j"$(nproc)"
