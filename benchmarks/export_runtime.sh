#!/usr/bin/env bash
# Exported runtime vs TinySim's prediction: for each model, `tinysim
# export-runtime` on PROFILE, the user-style firmware of tests/export/
# user_firmware built around it (its own linker script as is, and with
# TinySim's code placement added: SUBALIGN(16) and the hot kernels first),
# run with `tinysim run-elf`; compared with `tinysim run` on the same input
# (seeded random bytes, written as the firmware's input_data.c and as the
# --input file). Prints one markdown row per model and placement.
# Usage: benchmarks/export_runtime.sh [BUILD_DIR] [MODEL.tflite...]   (default build/release, kws + fashion_mnist int8)
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${1:-build/release}
shift || true
MODELS=("$@")
[ ${#MODELS[@]} -gt 0 ] || MODELS=(sample_models/kws/kws_int8.tflite sample_models/fashion_mnist/fashion_mnist_int8.tflite)
PROFILE=stm32l4r5
CLI=$PWD/$BUILD/bin/tinysim
USER_FW=$PWD/tests/export/user_firmware
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

# TinySim's placement in the user's script: the two lines the exported README recommends.
sed -e 's|^  \.text :$|  .text : ALIGN(16) SUBALIGN(16)|' -e 's|^    \*(\.text) \*(\.text\*)$|    *(.text.ts_hot*) *(.text) *(.text*)|' \
  "$USER_FW/STM32L4R5ZI_FLASH.ld" > "$WORK/placed.ld"
grep -q SUBALIGN "$WORK/placed.ld" && grep -q ts_hot "$WORK/placed.ld"

echo "| model | linker script | tinysim run cycles | user firmware inference cycles (run-elf) | difference | outputs equal |"
echo "| --- | --- | --- | --- | --- | --- |"
for model in "${MODELS[@]}"; do
  name=$(basename "$model" .tflite)
  dir=$WORK/$name
  mkdir -p "$dir"
  bytes=$("$CLI" inspect "$model" --json | python3 -c '
import json, math, sys
i = json.load(sys.stdin)["inputs"][0]
print(math.prod(i["shape"]) * {"int8": 1, "uint8": 1, "int16": 2, "float32": 4}[i["type"]])')
  python3 -c "
import random, sys
random.seed(11); b = bytes(random.randrange(256) for _ in range($bytes))
open('$dir/in.bin', 'wb').write(b)
open('$dir/input_data.c', 'w').write('#include <stdint.h>\nconst uint8_t input_data[] = {' + ','.join(map(str, b)) + '};\nconst uint32_t input_data_bytes = sizeof input_data;\n')"
  "$CLI" run "$model" --mcu $PROFILE --input "$dir/in.bin" --json > "$dir/run.json"
  "$CLI" export-runtime "$model" --mcu $PROFILE -o "$dir/export" > /dev/null
  for placement in plain placed; do
    ld=$USER_FW/STM32L4R5ZI_FLASH.ld
    [ $placement = placed ] && ld=$WORK/placed.ld
    make -s -j2 -C "$USER_FW" EXPORT="$dir/export" INPUT="$dir/input_data.c" BUILD="$dir/build_$placement" LDSCRIPT="$ld" > /dev/null
    "$CLI" run-elf "$dir/build_$placement/firmware.elf" --mcu $PROFILE --json > "$dir/elf_$placement.json"
    python3 - "$dir/run.json" "$dir/elf_$placement.json" "$name" "$placement" <<'PY'
import json, struct, sys
run, elf = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
printed = {}
for line in elf["console"].splitlines():
    w = line.split()
    if w and w[0] == "output": printed[int(w[1])] = w[2]
def raw(values):  # int8 values, or float32 as little-endian bytes
    return "".join(struct.pack("<f", v).hex() if isinstance(v, float) else "%02x" % (v & 0xFF) for v in values)
equal = all(printed.get(i) == raw(o) for i, o in enumerate(run["outputs"]))
p, m = run["cycles"], elf["inference_cycles"]
script = "user's own" if sys.argv[4] == "plain" else "user's + SUBALIGN(16), ts_hot first"
print(f"| {sys.argv[3]} | {script} | {p:,} | {m:,} | {100.0 * (m - p) / p:+.4f} % | {'yes' if equal else 'NO'} |")
PY
  done
done
