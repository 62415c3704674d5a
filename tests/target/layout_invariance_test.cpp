// Cycle counts must not depend on where the linker places each function:
// the same runtime linked in reverse source order (built by
// mcu_models/runtime/CMakeLists.txt) gives the same outputs and the same
// cycles per layer, on MCUs with different flash lines and caches. With the
// linker script's SUBALIGN(16) every function sits at the same offsets within
// flash lines wherever it is placed, and the cycle clock charges a block that
// Unicorn ended at a page boundary (no branch there) as if it went on
// (cycle_clock.h: the neighbour rules carried across the fall-through), so
// what used to be left - one cycle where the page split fell between two
// dependent instructions - is gone: measured exact on all nine runs below
// (2026-12-01). What could still differ in principle is the prefetch of the
// line after a function (its neighbour's first line) on a profile with
// prefetch on (stm32f407): at most one flash wait per kernel call, not seen
// on these models. Without SUBALIGN, reversing the order moved KWS layers by
// up to 8 and the pruned vibration model's by 12 cycles on stm32l4r5
// (measured 2026-12-01), and adding one kernel moved the fidelity figures by
// hundreds.
#include "build_paths.h"  // TINYSIM_*_DIR and tool paths of this build
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <string>

#include "tests/support/shared_files.h"

namespace {

namespace fs = std::filesystem;

nlohmann::json run_json(const std::string& env, const std::string& args) {
  const std::string cmd = env + " '" + TINYSIM_CLI + "' run " + args + " --json 2>&1";
  FILE* p = popen(cmd.c_str(), "r");
  std::string out;
  std::array<char, 4096> buf;
  size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) out.append(buf.data(), n);
  const int status = pclose(p);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << cmd << "\n" << out;
  return nlohmann::json::parse(out, nullptr, false);
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

TEST(LayoutInvariance, ReverseLinkOrderKeepsEveryCycleCount) {
  const fs::path normal = fs::path(TINYSIM_FIRMWARE_DIR) / "tinysim_m4_hard.elf";
  const fs::path reversed = fs::path(TINYSIM_FIRMWARE_REVERSED_DIR) / "tinysim_m4_hard.elf";
  if (!fs::exists(normal) || !fs::exists(reversed)) GTEST_SKIP() << "firmware not built (no arm-none-eabi-gcc)";
  // The two images really are laid out differently.
  ASSERT_NE(slurp(normal), slurp(reversed));

  const fs::path samples = tinysim::test::source_dir() / "sample_models";
  for (const char* model : {"kws/kws_int8.tflite", "vibration/vibration_pruned_int8.tflite",
                            "fashion_mnist/fashion_mnist_float.tflite"}) {
    // MCUs with different flash (mcu_models/profiles/*.json): 5 wait states
    // with 8-byte lines and no prefetch, 5 with 16-byte lines and prefetch, 0.
    for (const char* mcu : {"stm32l4r5", "stm32f407", "nrf52840"}) {
      SCOPED_TRACE(std::string(model) + " on " + mcu);
      const std::string args = "'" + (samples / model).string() + "' --mcu " + mcu + " --random 2";
      const auto a = run_json("", args);
      const auto b = run_json("TINYSIM_FIRMWARE_DIR='" + reversed.parent_path().string() + "'", args);
      ASSERT_FALSE(a.is_discarded());
      ASSERT_FALSE(b.is_discarded());
      EXPECT_GT(a["cycles"].get<uint64_t>(), 0u);
      EXPECT_EQ(a["outputs"], b["outputs"]);
      ASSERT_EQ(a["layers"].size(), b["layers"].size());
      int64_t total = 0;
      for (size_t i = 0; i < a["layers"].size(); ++i) {
        const int64_t d = a["layers"][i]["cycles"].get<int64_t>() - b["layers"][i]["cycles"].get<int64_t>();
        EXPECT_EQ(d, 0) << "layer " << i;
        total += d;
      }
      EXPECT_EQ(a["cycles"].get<int64_t>() - b["cycles"].get<int64_t>(), total);
    }
  }
}

}  // namespace
