// MCU profile JSON -> the profile parser and its checks, then (for a valid
// profile) an emulator made from it: every wrong field must be a one-line
// Error that names the field.
#include <cstdint>
#include <string>

#include "core/emu/emulator.h"
#include "core/emu/mcu_profile.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace tinysim;
  const std::string text(reinterpret_cast<const char*>(data), size);
  auto p = capture([&] { return emu::parse_profile_text(text, "fuzz.json"); });
  fuzz::check_result(p);
  if (!p) return 0;
  if (p->energy_uj(1000) < 0) std::abort();  // negative energy is a parser hole
  emu::EmuOptions opt;
  opt.max_instructions = 1000;
  fuzz::check_result(emu::Emulator::create(*p, opt));
  return 0;
}
