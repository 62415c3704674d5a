#!/usr/bin/env bash
# Builds the seed corpora of the fuzz targets in OUT/<target>/ at run time:
# the in-repo sample models, data sets and profiles, the third-party models
# from ../shared/third_party_models (read there, never copied into the repo)
# and a few generated cases. Usage: make_corpus.sh OUT FIRMWARE_DIR
set -euo pipefail
out=$1
firmware_dir=$2
src=$(cd "$(dirname "$0")/../.." && pwd)
shared=${TINYSIM_SHARED_DIR:-$src/../shared}/third_party_models
sep=$'\n--tinysim-fuzz-part--\n'   # fuzz_support.h kSeparator
for t in tflite plan elf profile dataset csv input thumb; do mkdir -p "$out/fuzz_$t"; done

models=("$src"/sample_models/*/*.tflite)
[ -d "$shared" ] && models+=("$shared"/*.tflite)
for m in "${models[@]}"; do
  name=$(basename "$m" .tflite)
  cp "$m" "$out/fuzz_tflite/$name"
  # fuzz_plan: the model, then no plan flips (trailing count byte 0).
  { cat "$m"; printf '\0'; } >"$out/fuzz_plan/$name"
  # fuzz_plan: one flip in the first record of the plan.
  { cat "$m"; printf '\x40\x00\x00\x00\x01\x01'; } >"$out/fuzz_plan/${name}_flip"
done

for f in "$firmware_dir"/*.elf; do
  [ -f "$f" ] || continue
  cp "$f" "$out/fuzz_elf/$(basename "$f")"
  # Real Thumb-2 code, in 512-byte slices, for the random-code target.
  tmp=$(mktemp)
  arm-none-eabi-objcopy -O binary --only-section=.text "$f" "$tmp" 2>/dev/null || true
  size=$(stat -c %s "$tmp")
  for off in 0 4096 16384; do
    [ "$off" -lt "$size" ] && dd if="$tmp" of="$out/fuzz_thumb/$(basename "$f" .elf)_$off" bs=1 skip="$off" count=512 status=none
  done
  rm -f "$tmp"
done
# Generated Thumb cases: semihosting calls (BKPT 0xAB) with r0 = SYS_WRITE0,
# SYS_WRITE, SYS_EXIT; an ITM marker write; an undefined instruction; a loop.
printf '\x04\x20\x00\x21\xab\xbe\xfe\xe7' >"$out/fuzz_thumb/semihost_write0"   # movs r0,#4; movs r1,#0; bkpt 0xab; b .
printf '\x05\x20\x6f\xf0\x00\x41\xab\xbe\xfe\xe7' >"$out/fuzz_thumb/semihost_write"
printf '\x18\x20\xab\xbe' >"$out/fuzz_thumb/semihost_exit"
printf '\x01\x4b\x01\x22\x1a\x60\xfe\xe7\x04\x00\x00\xe0' >"$out/fuzz_thumb/itm_marker"
printf '\xff\xde' >"$out/fuzz_thumb/undefined"
printf '\xfe\xe7' >"$out/fuzz_thumb/loop"

cp "$src"/mcu_models/profiles/*.json "$src"/tests/emu/profiles/*.json "$out/fuzz_profile/"

# A data set with two float 2x2x1 samples and two labels (IDX, big-endian).
python3 - "$out/fuzz_dataset" "$sep" <<'PY'
import struct, sys, json
out, sep = sys.argv[1], sys.argv[2].encode()
meta = json.dumps({"name": "seed", "sample_shape": [2, 2, 1], "num_classes": 2, "class_names": ["a", "b"],
                   "splits": {"test": {"x": "test-x.idx", "y": "test-y.idx"}}}).encode()
x = bytes([0, 0, 0x0D, 4]) + struct.pack(">4I", 2, 2, 2, 1) + struct.pack(">8f", *[0.1 * i for i in range(8)])
y = bytes([0, 0, 0x08, 1]) + struct.pack(">I", 2) + bytes([0, 1])
open(f"{out}/float_2x2", "wb").write(meta + sep + x + sep + y)
x8 = bytes([0, 0, 0x08, 2]) + struct.pack(">2I", 3, 4) + bytes(range(12))
y8 = bytes([0, 0, 0x08, 1]) + struct.pack(">I", 3) + bytes([1, 0, 1])
meta8 = meta.replace(b"[2, 2, 1]", b"[4]")
open(f"{out}/uint8_4", "wb").write(meta8 + sep + x8 + sep + y8)
PY

cp "$src"/benchmarks/fidelity/fidelity.csv "$out/fuzz_csv/"
[ -d "$shared" ] && for c in "$shared"/*.csv; do cp "$c" "$out/fuzz_csv/"; done
printf 'a,"b ""quoted""",c\r\n1,2,3\n' >"$out/fuzz_csv/quoted"

# fuzz_input: type byte, element-count byte, csv flag, then the file.
printf '\x00\x03\x01''0.5,-1.25,3e2' >"$out/fuzz_input/float_csv"
printf '\x01\x03\x01''-128,0,127' >"$out/fuzz_input/int8_csv"
printf '\x03\x01\x00\x01\x80' >"$out/fuzz_input/int16_raw"
printf '\x04\x01\x01''2147483647' >"$out/fuzz_input/int32_csv"
echo "corpora in $out: $(find "$out" -type f | wc -l) files"
