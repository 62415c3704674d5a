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

// ---- semihosting pointers and lengths (issue 14) ----
// tests/emu/semihost/semihost_call.S makes one semihosting call with r0 and
// r1 taken from sh_op / sh_arg, which the test writes before run().
namespace {

struct SemihostRun {
  tinysim::Result<tinysim::emu::RunResult> result = tinysim::Error("not run");
  std::string error() const { return result.ok() ? std::string() : std::string(result.error().what()); }
};

struct Symbols {
  uint32_t block = 0, text = 0, call = 0;
};

template <class Setup>
SemihostRun run_semihost(uint32_t op, Setup setup) {
  SemihostRun out;
  auto profile = tinysim::emu::load_profile("nrf52840");
  EXPECT_TRUE(profile.ok());
  if (!profile.ok()) return out;
  auto emu = tinysim::emu::Emulator::create(*profile);
  EXPECT_TRUE(emu.ok());
  if (!emu.ok()) return out;
  auto elf = (*emu)->load_elf(firmware("semihost_call"));
  EXPECT_TRUE(elf.ok()) << (elf.ok() ? "" : elf.error().what());
  if (!elf.ok()) return out;
  Symbols s{*elf->symbol_address("sh_block"), *elf->symbol_address("sh_text"), *elf->symbol_address("sh_call")};
  uint32_t arg = setup(**emu, s);
  EXPECT_TRUE((*emu)->write_memory(*elf->symbol_address("sh_op"), &op, 4));
  EXPECT_TRUE((*emu)->write_memory(*elf->symbol_address("sh_arg"), &arg, 4));
  out.result = (*emu)->run();
  return out;
}

void put_words(tinysim::emu::Emulator& emu, uint32_t addr, std::vector<uint32_t> words) {
  EXPECT_TRUE(emu.write_memory(addr, words.data(), 4 * words.size()));
}

// A bad call ends the run with one line naming the firmware, the call, the
// bad pointer and a fix.
void expect_semihost_fault(const SemihostRun& run, const std::string& call, const std::string& detail) {
  std::string e = run.error();
  ASSERT_FALSE(e.empty()) << "the run succeeded";
  EXPECT_EQ(e.find(firmware("semihost_call") + ": semihosting " + call), 0u) << e;
  EXPECT_NE(e.find(detail), std::string::npos) << e;
  EXPECT_NE(e.find("(pass a pointer and length inside the firmware's flash or RAM)"), std::string::npos) << e;
  EXPECT_EQ(e.find('\n'), std::string::npos) << e;
}

constexpr uint32_t kWrite0 = 0x04, kWrite = 0x05, kRead = 0x06, kOpen = 0x01, kExitExtended = 0x20;

}  // namespace

TEST(EmuSemihosting, GoodWriteStillPrints) {
  auto run = run_semihost(kWrite, [](tinysim::emu::Emulator& emu, const Symbols& s) {
    EXPECT_TRUE(emu.write_memory(s.text, "hi", 2));
    put_words(emu, s.block, {1, s.text, 2});
    return s.block;
  });
  ASSERT_TRUE(run.result.ok()) << run.error();
  EXPECT_EQ(run.result->console, "hi");
  EXPECT_EQ(run.result->exit_code, 0);
}

TEST(EmuSemihosting, WriteLengthPastMemoryIsAFault) {
  for (uint32_t len : {0x7fffffffu, 0xffffffffu, 0x00040001u}) {  // 2 GiB, 4 GiB, one byte more than nRF52840's RAM
    auto run = run_semihost(kWrite, [&](tinysim::emu::Emulator& emu, const Symbols& s) {
      put_words(emu, s.block, {1, 0x20000000, len});
      return s.block;
    });
    expect_semihost_fault(run, "SYS_WRITE", "buffer 0x20000000 + " + std::to_string(len) + " bytes is outside mapped memory");
  }
}

TEST(EmuSemihosting, WriteBufferOutsideMemoryIsAFault) {
  auto run = run_semihost(kWrite, [](tinysim::emu::Emulator& emu, const Symbols& s) {
    put_words(emu, s.block, {2, 0x60000000, 4});
    return s.block;
  });
  expect_semihost_fault(run, "SYS_WRITE", "buffer 0x60000000 + 4 bytes");
}

TEST(EmuSemihosting, ParameterBlockOutsideMemoryIsAFault) {
  auto run = run_semihost(kWrite, [](tinysim::emu::Emulator&, const Symbols&) { return 0x60000000u; });
  expect_semihost_fault(run, "SYS_WRITE", "parameter block 0x60000000");
}

TEST(EmuSemihosting, Write0BadPointerOrMissingNulIsAFault) {
  auto bad = run_semihost(kWrite0, [](tinysim::emu::Emulator&, const Symbols&) { return 0x60000000u; });
  expect_semihost_fault(bad, "SYS_WRITE0", "string pointer 0x60000000 is outside mapped memory");
  // The last 4 bytes of RAM, none of them NUL.
  auto unterminated = run_semihost(kWrite0, [](tinysim::emu::Emulator& emu, const Symbols&) {
    EXPECT_TRUE(emu.write_memory(0x2003fffc, "abcd", 4));
    return 0x2003fffcu;
  });
  expect_semihost_fault(unterminated, "SYS_WRITE0", "has no NUL before the end of its memory region");
}

TEST(EmuSemihosting, ReadIntoFlashOrPastRamIsAFault) {
  auto flash = run_semihost(kRead, [](tinysim::emu::Emulator& emu, const Symbols& s) {
    put_words(emu, s.block, {4, 0x00000100, 4});  // the :semihosting-features handle, into flash
    return s.block;
  });
  expect_semihost_fault(flash, "SYS_READ", "buffer 0x00000100 + 4 bytes is not writable RAM");
  auto huge = run_semihost(kRead, [](tinysim::emu::Emulator& emu, const Symbols& s) {
    put_words(emu, s.block, {1, 0x20000000, 0xffffffff});
    return s.block;
  });
  expect_semihost_fault(huge, "SYS_READ", "buffer 0x20000000 + 4294967295 bytes is not writable RAM");
}

TEST(EmuSemihosting, OpenWithBadNameIsAFault) {
  auto run = run_semihost(kOpen, [](tinysim::emu::Emulator& emu, const Symbols& s) {
    put_words(emu, s.block, {0x60000000, 0, 3});
    return s.block;
  });
  expect_semihost_fault(run, "SYS_OPEN", "file name 0x60000000 + 4 bytes");
  auto len = run_semihost(kOpen, [](tinysim::emu::Emulator& emu, const Symbols& s) {
    put_words(emu, s.block, {s.text, 0, 0xffffffff});
    return s.block;
  });
  expect_semihost_fault(len, "SYS_OPEN", "+ 4294967296 bytes is outside mapped memory");
}

TEST(EmuSemihosting, ExitExtendedWithBadBlockIsAFault) {
  auto run = run_semihost(kExitExtended, [](tinysim::emu::Emulator&, const Symbols&) { return 0xfffffffcu; });
  expect_semihost_fault(run, "SYS_EXIT_EXTENDED", "parameter block 0xfffffffc");
}
