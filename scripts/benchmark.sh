#!/usr/bin/env bash
# Quick start command 1: set up, build, then benchmark the bundled sample
# models on the default MCU profile (table on stdout, CSV in build/).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
exec scripts/main-job.sh "$@"
