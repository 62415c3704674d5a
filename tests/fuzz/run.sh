#!/usr/bin/env bash
# Builds the fuzz preset, makes the seed corpora and runs each fuzz target
# for SECONDS (default 30). Stops at the first finding (the crashing input is
# in build/fuzz/artifacts/<target>/; copy it to tests/fuzz/regressions/<target>/
# once fixed). Prints each target's executions. See tests/fuzz/README.md.
#   tests/fuzz/run.sh [SECONDS] [TARGET...]
set -euo pipefail
cd "$(dirname "$0")/../.."
secs=${1:-30}
shift || true
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(fuzz_tflite fuzz_plan fuzz_elf fuzz_profile fuzz_dataset fuzz_csv fuzz_input fuzz_thumb)
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz -j"${FUZZ_BUILD_JOBS:-$(nproc)}" --target "${targets[@]}"
root=build/fuzz
rm -rf "$root/seeds"
tests/fuzz/make_corpus.sh "$root/seeds" "$root/bin/firmware"
for t in "${targets[@]}"; do
  mkdir -p "$root/corpus/$t" "$root/artifacts/$t"
  log="$root/artifacts/$t/last_run.log"
  # -rss_limit_mb / -malloc_limit_mb: an input that makes TinySim allocate
  # more than 2 GiB is a finding (bounded memory), as is a 10 s execution.
  if ! "$root/tests/fuzz/$t" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -malloc_limit_mb=2048 \
      -max_len=1200000 -print_final_stats=1 -artifact_prefix="$root/artifacts/$t/" \
      "$root/corpus/$t" "$root/seeds/$t" >"$log" 2>&1; then
    tail -40 "$log"
    echo "==> $t: FINDING (input in $root/artifacts/$t/, log $log)"
    exit 1
  fi
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo '?')
  echo "==> $t: $execs executions in ${secs}s, no finding"
done
