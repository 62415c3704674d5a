// .tflite bytes -> plan writer -> the Cortex-M4 runtime reading the plan on
// the emulator, with a few bytes of the plan blob flipped: what the firmware
// finds wrong in a plan must end the run with an Error (a fault message or
// a non-zero exit), never a host crash or hang.
//
// Input: model bytes, then k records of (u32 offset, u8 xor) and a final byte k.
#include <cstdint>
#include <cstring>
#include <vector>

#include "core/emu/mcu_profile.h"
#include "core/model/model_stats.h"
#include "core/model/tflite_reader.h"
#include "core/target/model_inputs.h"
#include "core/target/target_run.h"
#include "tests/fuzz/fuzz_support.h"

namespace {

// Small models and a small budget keep one execution well under a second
// with the sanitizers on: a flipped plan that loops runs into the budget.
constexpr int64_t kMaxMacs = 20'000;

struct Flip {
  uint32_t offset;
  uint8_t mask;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace tinysim;
  static const emu::McuProfile profile = emu::load_profile("nrf52840").take();
  std::vector<Flip> flips;
  if (size > 0) {
    const size_t k = std::min<size_t>(data[size - 1], 8);
    if (size >= 1 + 5 * k) {
      size -= 1;
      for (size_t i = 0; i < k; ++i) {
        size -= 5;
        Flip f;
        std::memcpy(&f.offset, data + size, 4);
        f.mask = data[size + 4];
        flips.push_back(f);
      }
    }
  }
  auto model = parse_tflite(data, size, "fuzz.tflite");
  fuzz::check_result(model);
  if (!model) return 0;
  target::TargetOptions opt;
  opt.max_instructions = 1'000'000;
  auto layout = target::plan_layout(*model, profile, opt);
  fuzz::check_result(layout);
  if (!layout || model_stats(*model).total_macs > kMaxMacs) return 0;
  opt.patch_plan = [&](std::vector<uint8_t>& plan) {
    for (const Flip& f : flips)
      if (!plan.empty()) plan[f.offset % plan.size()] ^= f.mask;
  };
  auto inputs = capture([&] { return target::model_inputs(*model, {}, 1); });
  fuzz::check_result(inputs);
  if (!inputs) return 0;
  fuzz::check_result(target::run_on_target(*model, profile, *inputs, opt));
  return 0;
}
