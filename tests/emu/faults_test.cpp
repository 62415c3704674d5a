// Faults and bad input end a run with a one-line error naming the address,
// the pc and the layer; never a crash.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "tests/emu/emu_test_support.h"

using tinysim::test::firmware;
using tinysim::test::run_firmware;

namespace {
std::string hex(uint32_t v) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "0x%08x", v);
  return buf;
}
std::string error_of(const tinysim::test::EmuRun& run) {
  EXPECT_FALSE(run.result.ok());
  return run.result.ok() ? std::string() : std::string(run.result.error().what());
}
}  // namespace

TEST(EmuFaults, UnmappedReadNamesAddressPcAndLayer) {
  auto run = run_firmware("fault_unmapped", "nrf52840");
  std::string e = error_of(run);
  uint32_t pc = *run.elf.symbol_address("fault_here");
  EXPECT_NE(e.find("unmapped"), std::string::npos) << e;
  EXPECT_NE(e.find("0x60000004"), std::string::npos) << e;
  EXPECT_NE(e.find("pc=" + hex(pc)), std::string::npos) << e;
  EXPECT_NE(e.find("in layer 2"), std::string::npos) << e;
}

TEST(EmuFaults, UndefinedInstruction) {
  auto run = run_firmware("fault_undefined", "nrf52840");
  std::string e = error_of(run);
  EXPECT_NE(e.find("undefined"), std::string::npos) << e;
  EXPECT_NE(e.find("pc=" + hex(*run.elf.symbol_address("fault_here"))), std::string::npos) << e;
}

TEST(EmuFaults, InfiniteLoopHitsInstructionBudget) {
  tinysim::emu::EmuOptions opt;
  opt.max_instructions = 10000;
  auto run = run_firmware("fault_loop", "nrf52840", 0, opt);
  std::string e = error_of(run);
  EXPECT_NE(e.find("instruction budget of 10000 exhausted at pc=" + hex(*run.elf.symbol_address("fault_here"))),
            std::string::npos)
      << e;
  EXPECT_NE(e.find("--max-instructions"), std::string::npos) << e;
}

TEST(EmuFaults, CycleBudget) {
  tinysim::emu::EmuOptions opt;
  opt.max_cycles = 5000;
  auto run = run_firmware("fault_loop", "nrf52840", 0, opt);
  EXPECT_NE(error_of(run).find("cycle budget of 5000 exhausted"), std::string::npos);
}

TEST(EmuFaults, WriteToFlash) {
  auto run = run_firmware("fault_flash_write", "nrf52840");
  std::string e = error_of(run);
  EXPECT_NE(e.find("read-only flash"), std::string::npos) << e;
  EXPECT_NE(e.find("0x00000100"), std::string::npos) << e;
}

TEST(EmuFaults, FloatingPointOnMcuWithoutFpu) {
  auto run = run_firmware("fp", "sam4s16c");
  std::string e = error_of(run);
  EXPECT_NE(e.find("no FPU"), std::string::npos) << e;
  EXPECT_NE(e.find("-mfloat-abi=soft"), std::string::npos) << e;
}

TEST(EmuFaults, BadElfFiles) {
  auto profile = tinysim::emu::load_profile("nrf52840");
  ASSERT_TRUE(profile.ok());
  auto emu = tinysim::emu::Emulator::create(*profile);
  ASSERT_TRUE(emu.ok());
  auto dir = std::filesystem::temp_directory_path();
  std::string text = (dir / "tinysim_not_an_elf.elf").string();
  std::ofstream(text) << "hello";
  auto r1 = (*emu)->load_elf(text);
  ASSERT_FALSE(r1.ok());
  EXPECT_NE(std::string(r1.error().what()).find("not an ELF"), std::string::npos);
  auto r2 = (*emu)->load_elf((dir / "tinysim_missing.elf").string());
  ASSERT_FALSE(r2.ok());
  EXPECT_NE(std::string(r2.error().what()).find("cannot open"), std::string::npos);
  // A truncated copy of a real ELF.
  std::ifstream in(firmware("alu"), std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), {});
  std::string cut = (dir / "tinysim_truncated.elf").string();
  std::ofstream(cut, std::ios::binary).write(bytes.data(), 60);
  auto r3 = (*emu)->load_elf(cut);
  ASSERT_FALSE(r3.ok());
  EXPECT_NE(std::string(r3.error().what()).find("truncated"), std::string::npos) << r3.error().what();
  // Running with nothing loaded is an error too, not a crash.
  auto r4 = (*emu)->run();
  ASSERT_FALSE(r4.ok());
  EXPECT_NE(std::string(r4.error().what()).find("no firmware"), std::string::npos) << r4.error().what();
}

TEST(EmuFaults, ElfOutsideTheMemoryMap) {
  // The test firmware links RAM at 0x20000000 + 128 KiB; a profile whose RAM
  // is elsewhere cannot hold its .bss.
  auto dir = std::filesystem::temp_directory_path();
  std::string path = (dir / "tinysim_tiny_ram.json").string();
  std::ofstream(path) << R"({"name":"tiny","core":"cortex-m4","fpu":true,"clock_hz":1000000,
    "flash":{"base":"0x0","size":65536,"wait_states":0},"ram":{"base":"0x30000000","size":4096}})";
  auto profile = tinysim::emu::load_profile(path);
  ASSERT_TRUE(profile.ok()) << profile.error().what();
  auto emu = tinysim::emu::Emulator::create(*profile);
  ASSERT_TRUE(emu.ok());
  auto r = (*emu)->load_elf(firmware("alu"));
  ASSERT_FALSE(r.ok());
  EXPECT_NE(std::string(r.error().what()).find("outside flash"), std::string::npos) << r.error().what();
}
