// Runs the cross-compiled test firmware (tests/emu/asm, tests/emu/c) on an
// MCU profile and reads back the `results` array the timing programs fill.
#pragma once

#include "build_paths.h"  // TINYSIM_*_DIR and tool paths of this build
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/emu/emulator.h"

namespace tinysim::test {

inline std::string firmware(const std::string& name) { return std::string(TINYSIM_EMU_FIRMWARE_DIR) + "/" + name + ".elf"; }
inline std::string test_profile(const std::string& name) {
  return std::string(TINYSIM_EMU_TEST_PROFILES) + "/" + name + ".json";
}

struct EmuRun {
  tinysim::Result<tinysim::emu::RunResult> result = tinysim::Error("not run");
  std::vector<uint32_t> results;  // the firmware's results[] array
  tinysim::emu::ElfInfo elf;
};

inline EmuRun run_firmware(const std::string& name, const std::string& profile_name, size_t nresults = 0,
                           tinysim::emu::EmuOptions opt = {}) {
  EmuRun out;
  auto profile = tinysim::emu::load_profile(profile_name);
  EXPECT_TRUE(profile.ok()) << (profile.ok() ? "" : profile.error().what());
  if (!profile.ok()) return out;
  auto emu = tinysim::emu::Emulator::create(*profile, opt);
  EXPECT_TRUE(emu.ok()) << (emu.ok() ? "" : emu.error().what());
  if (!emu.ok()) return out;
  auto elf = (*emu)->load_elf(firmware(name));
  EXPECT_TRUE(elf.ok()) << (elf.ok() ? "" : elf.error().what());
  if (!elf.ok()) return out;
  out.elf = *elf;
  out.result = (*emu)->run();
  if (out.result.ok() && nresults) {
    auto addr = elf->symbol_address("results");
    EXPECT_TRUE(addr.has_value());
    out.results.resize(nresults);
    if (addr) EXPECT_TRUE((*emu)->read_memory(*addr, out.results.data(), 4 * nresults));
  }
  return out;
}

}  // namespace tinysim::test
