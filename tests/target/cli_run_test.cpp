// `tinysim run` end to end: JSON keys and exit codes.
#include "build_paths.h"  // TINYSIM_*_DIR and tool paths of this build
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sys/wait.h>

#include "tests/support/shared_files.h"

namespace {

std::pair<int, std::string> run(const std::string& args) {
  const std::string cmd = std::string(TINYSIM_CLI) + " " + args + " 2>&1";
  FILE* p = popen(cmd.c_str(), "r");
  std::string out;
  std::array<char, 4096> buf;
  size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) out.append(buf.data(), n);
  const int status = pclose(p);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

TEST(CliRun, JsonHasTheDocumentedKeys) {
  TINYSIM_REQUIRE_SHARED(path, "mlperf_tiny_kws_ref_int8.tflite");
  auto [rc, out] = run("run " + path.string() + " --mcu stm32l4r5 --random 3 --json");
  ASSERT_EQ(rc, 0) << out;
  const auto j = nlohmann::json::parse(out);
  for (const char* key : {"outputs", "cycles", "instructions", "latency_ms", "ram_peak_bytes", "arena_bytes",
                          "stack_bytes", "flash_bytes", "energy_uj", "layers", "fits", "overflow_bytes",
                          "code_bytes", "weights_bytes", "firmware_flags"})
    EXPECT_TRUE(j.contains(key)) << key;
  EXPECT_EQ(j["outputs"][0].size(), 12u);
  EXPECT_EQ(j["layers"].size(), 13u);
  EXPECT_TRUE(j["fits"].get<bool>());
  EXPECT_GT(j["cycles"].get<uint64_t>(), 1'000'000u);
  EXPECT_NE(j["firmware_flags"].get<std::string>().find("-mcpu=cortex-m4"), std::string::npos);
}

TEST(CliRun, HostBackendGivesTheSameOutputs) {
  TINYSIM_REQUIRE_SHARED(path, "tflm_micro_speech_int8.tflite");
  auto [rc1, a] = run("run " + path.string() + " --mcu nrf52840 --random 5 --json");
  auto [rc2, b] = run("run " + path.string() + " --mcu nrf52840 --random 5 --json --backend host");
  ASSERT_EQ(rc1, 0) << a;
  ASSERT_EQ(rc2, 0) << b;
  EXPECT_EQ(nlohmann::json::parse(a)["outputs"], nlohmann::json::parse(b)["outputs"]);
}

TEST(CliRun, DoesNotFitExitsOneWithTheReason) {
  // VWW int8 needs ~68 KiB of arena; a user profile with 48 KiB of RAM cannot hold it
  TINYSIM_REQUIRE_SHARED(path, "mlperf_tiny_vww_96_int8.tflite");
  const auto profile = std::filesystem::temp_directory_path() / "tinysim_cli_small.json";
  std::ofstream(profile) << R"({"name": "small48", "board": "test", "core": "cortex-m4", "fpu": true,
    "clock_hz": 64000000, "flash": {"base": "0x00000000", "size": 1048576, "wait_states": 2},
    "ram": {"base": "0x20000000", "size": 49152}, "power": {"voltage_v": 3.0, "run_current_ma": 6.0},
    "sources": ["test profile"]})";
  auto [rc, out] = run("run " + path.string() + " --mcu " + profile.string() + " --random 1");
  EXPECT_EQ(rc, 1) << out;
  EXPECT_NE(out.find("arena needs"), std::string::npos) << out;
  EXPECT_NE(out.find("small48 has 48.0 KiB RAM"), std::string::npos) << out;

  auto [rc2, out2] = run("run " + path.string() + " --mcu " + profile.string() + " --random 1 --allow-overflow --json");
  EXPECT_EQ(rc2, 1) << out2;
  const auto j = nlohmann::json::parse(out2);
  EXPECT_FALSE(j["fits"].get<bool>());
  EXPECT_EQ(j["overflow_bytes"].get<int64_t>(), j["ram_peak_bytes"].get<int64_t>() - 49152);
  EXPECT_GT(j["cycles"].get<uint64_t>(), 0u);
}

TEST(CliRun, BadInputIsExitTwo) {
  TINYSIM_REQUIRE_SHARED(path, "mlperf_tiny_kws_ref_int8.tflite");
  auto [rc, out] = run("run " + path.string() + " --mcu stm32l4r5 --input /nonexistent.bin");
  EXPECT_EQ(rc, 2) << out;
  EXPECT_NE(out.find("/nonexistent.bin"), std::string::npos) << out;
  auto [rc2, out2] = run("run " + path.string() + " --mcu no_such_board --random 1");
  EXPECT_EQ(rc2, 2) << out2;
}

}  // namespace
