// Random Thumb-2 code on the emulated Cortex-M4 with a small instruction
// budget: undefined instructions, bad memory accesses, runaway loops and
// semihosting calls with random registers must end the run with an Error
// (or an exit code), never a host crash, hang or huge allocation.
//
// Input: the code, placed after a two-word vector table at the flash base.
#include <cstdint>
#include <vector>

#include "core/emu/emulator.h"
#include "core/emu/mcu_profile.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace tinysim;
  static const emu::McuProfile profile = emu::load_profile("nrf52840").take();
  if (size > 4096) return 0;
  emu::EmuOptions opt;
  opt.max_instructions = 20'000;
  auto emu = emu::Emulator::create(profile, opt);
  fuzz::check_result(emu);
  if (!emu) return 0;
  const uint32_t base = profile.flash.base;
  const uint32_t vectors[2] = {profile.ram.base + profile.ram.size, (base + 8) | 1u};
  if (!(*emu)->write_memory(base, vectors, sizeof vectors)) std::abort();
  if (size > 0 && !(*emu)->write_memory(base + 8, data, size)) std::abort();
  fuzz::check_result((*emu)->run());
  return 0;
}
