// `tinysim run-elf` on the newlib C test program, and the same program on
// QEMU (mps2-an386) as an independent check of console and exit code.
#include "build_paths.h"  // TINYSIM_*_DIR and tool paths of this build
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <sys/wait.h>

#include "core/emu/qemu_runner.h"
#include "tests/emu/emu_test_support.h"

namespace {

struct Cmd {
  int rc;
  std::string out;
};
Cmd sh(const std::string& cmd) {
  Cmd c{-1, {}};
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return c;
  std::array<char, 4096> buf;
  size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) c.out.append(buf.data(), n);
  int st = pclose(p);
  c.rc = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  return c;
}

const char* kExpected = "hello from cortex-m4\nharmonic(100)*1000 = 5187\ndivsum = 2211643\n";

}  // namespace

TEST(RunElf, NewlibSemihostingProgram) {
  auto run = tinysim::test::run_firmware("hello", "stm32l4r5");
  ASSERT_TRUE(run.result.ok()) << run.result.error().what();
  const auto& r = *run.result;
  EXPECT_EQ(r.console, kExpected);
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_EQ(r.layers.size(), 2u);
  EXPECT_TRUE(r.inference_ended);
  EXPECT_GT(r.cycles, r.instructions);        // CPI > 1 on a 5-wait-state part
  EXPECT_GT(r.flash_stall_cycles, 0u);
  EXPECT_GT(r.stack_high_water_bytes, 0u);
  EXPECT_LT(r.stack_high_water_bytes, 8192u);
  EXPECT_EQ(r.layers[0].cycles + r.layers[1].cycles, r.inference_cycles);
}

TEST(RunElf, CliJson) {
  Cmd c = sh(std::string(TINYSIM_CLI) + " run-elf " + tinysim::test::firmware("hello") + " --mcu nrf52840 --json");
  EXPECT_EQ(c.rc, 1) << c.out;  // the firmware exits with 3
  auto j = nlohmann::json::parse(c.out, nullptr, false);
  ASSERT_FALSE(j.is_discarded()) << c.out;
  for (const char* k : {"cycles", "instructions", "latency_ms", "flash_stall_cycles", "exit_code", "stack_bytes", "console", "layers"})
    EXPECT_TRUE(j.contains(k)) << k;
  EXPECT_EQ(j["exit_code"], 3);
  EXPECT_EQ(j["console"], kExpected);
  EXPECT_EQ(j["flash_stall_cycles"], 0);  // nRF52840: no wait states
  EXPECT_NEAR(j["latency_ms"].get<double>(), j["cycles"].get<double>() / 64e3, 1e-9);
  EXPECT_EQ(j["layers"].size(), 2u);
}

TEST(RunElf, CliTextEchoesConsole) {
  Cmd c = sh(std::string(TINYSIM_CLI) + " run-elf " + tinysim::test::firmware("alu") + " --mcu stm32f407");
  EXPECT_EQ(c.rc, 0) << c.out;
  EXPECT_NE(c.out.find("cycles"), std::string::npos) << c.out;
  EXPECT_NE(c.out.find("exit code          0"), std::string::npos) << c.out;
}

TEST(RunElf, CliErrorsExitWith2) {
  Cmd budget = sh(std::string(TINYSIM_CLI) + " run-elf " + tinysim::test::firmware("fault_loop") +
                  " --max-instructions 5000 2>&1");
  EXPECT_EQ(budget.rc, 2);
  EXPECT_NE(budget.out.find("instruction budget of 5000 exhausted"), std::string::npos) << budget.out;
  Cmd bad = sh(std::string(TINYSIM_CLI) + " run-elf /nonexistent.elf 2>&1");
  EXPECT_EQ(bad.rc, 2);
  EXPECT_NE(bad.out.find("cannot open"), std::string::npos) << bad.out;
  Cmd mcu = sh(std::string(TINYSIM_CLI) + " run-elf " + tinysim::test::firmware("alu") + " --mcu nope 2>&1");
  EXPECT_EQ(mcu.rc, 2);
  EXPECT_NE(mcu.out.find("no such MCU profile"), std::string::npos) << mcu.out;
}

// Issue 14: a guest length of 0x7fffffff used to size a 2.1 GB host string.
TEST(RunElf, CliHugeSemihostingWriteIsOneLineError) {
  Cmd c = sh(std::string(TINYSIM_CLI) + " run-elf " + tinysim::test::firmware("semihost_huge_write") + " 2>&1 >/dev/null");
  EXPECT_EQ(c.rc, 2) << c.out;
  EXPECT_NE(c.out.find("semihosting SYS_WRITE"), std::string::npos) << c.out;
  EXPECT_NE(c.out.find("buffer 0x20000000 + 2147483647 bytes is outside mapped memory"), std::string::npos) << c.out;
  EXPECT_EQ(std::count(c.out.begin(), c.out.end(), '\n'), 1) << c.out;
}

TEST(Qemu, SameConsoleAndExitCodeAsTheEmulator) {
  if (std::string why = tinysim::emu::qemu_missing_reason(); !why.empty()) GTEST_SKIP() << why;
  auto q = tinysim::emu::run_on_qemu(tinysim::test::firmware("hello"));
  ASSERT_TRUE(q.ok()) << q.error().what();
  EXPECT_EQ(q->console, kExpected) << q->errors;
  EXPECT_EQ(q->exit_code, 3);
}

TEST(Qemu, TimeoutIsAnError) {
  if (std::string why = tinysim::emu::qemu_missing_reason(); !why.empty()) GTEST_SKIP() << why;
  tinysim::emu::QemuOptions o;
  o.timeout_s = 1;
  auto q = tinysim::emu::run_on_qemu(tinysim::test::firmware("fault_loop"), o);
  ASSERT_FALSE(q.ok());
  EXPECT_NE(std::string(q.error().what()).find("did not finish"), std::string::npos) << q.error().what();
}

// Issue 14: a directory gave "basic_filebuf::underflow error reading the file".
TEST(RunElf, DirectoryIsAOneLineError) {
  const std::string dir = std::filesystem::temp_directory_path().string();
  Cmd r = sh(std::string(TINYSIM_CLI) + " run-elf " + dir + " 2>&1");
  EXPECT_EQ(r.rc, 2);
  EXPECT_NE(r.out.find(dir + ": is a directory, not a firmware ELF"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("basic_filebuf"), std::string::npos) << r.out;
  EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 1) << r.out;
}
