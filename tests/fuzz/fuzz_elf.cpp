// Firmware ELF bytes -> the ELF reader, then the emulator's loader and a run
// with a small instruction budget. Segments outside the profile's memory,
// truncated tables, odd entry points must all be one-line Errors.
#include <cstdint>
#include <string_view>

#include "core/emu/elf_image.h"
#include "core/emu/emulator.h"
#include "core/emu/mcu_profile.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace tinysim;
  static const emu::McuProfile profile = emu::load_profile("nrf52840").take();
  const std::string path = fuzz::write_scratch("fuzz.elf", std::string_view(reinterpret_cast<const char*>(data), size));
  auto info = capture([&] { return emu::read_elf(path); });
  fuzz::check_result(info);
  if (!info) return 0;
  emu::EmuOptions opt;
  opt.max_instructions = 20'000;
  auto emu = emu::Emulator::create(profile, opt);
  fuzz::check_result(emu);
  if (!emu) return 0;
  auto loaded = (*emu)->load_elf(path);
  fuzz::check_result(loaded);
  if (loaded) fuzz::check_result((*emu)->run());
  return 0;
}
