// Regenerates the fidelity table's numbers (MLPerf Tiny int8 models on
// stm32l4r5) and compares them with the recorded table
// benchmarks/fidelity/fidelity.csv: the cycle model is deterministic, so any
// change in cycles is a regression (or an improvement to re-record with
// benchmarks/fidelity/regenerate.sh).
#include "build_paths.h"  // TINYSIM_*_DIR and tool paths of this build
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "core/common/atomic_file.h"
#include "core/report/csv.h"
#include "core/report/fidelity.h"
#include "tests/support/shared_files.h"

namespace tinysim::report {
namespace {

namespace fs = std::filesystem;

TEST(Fidelity, PublishedFiguresAreTheAnchors) {
  // Spot checks against ../shared/ANCHORS.md.
  EXPECT_EQ(published_latencies("KWS").front().latency_ms, 181.9);
  EXPECT_EQ(published_latencies("VWW").back().latency_ms, 88.9);
  EXPECT_EQ(published_latencies("AD")[3].latency_ms, 4.05);
  EXPECT_EQ(published_macs("IC"), 12501632);
  EXPECT_TRUE(published_latencies("XYZ").empty());
}

TEST(Fidelity, TableMatchesRecordedCycles) {
  for (const char* f : {"mlperf_tiny_ic_pretrainedResnet_float.tflite", "mlperf_tiny_kws_ref_int8.tflite",
                        "mlperf_tiny_vww_96_int8.tflite", "mlperf_tiny_ad01_int8.tflite"}) {
    TINYSIM_REQUIRE_SHARED(p, f);
  }
  const fs::path work = fs::temp_directory_path() / ("tinysim_fidelity_" + std::to_string(::getpid()));
  auto rows = run_fidelity(test::third_party("").string(), work.string(), "stm32l4r5", 3, 2);
  fs::remove_all(work);
  ASSERT_TRUE(rows.ok()) << rows.error().what();
  ASSERT_EQ(rows->size(), 4u);
  for (const FidelityRow& r : *rows) {
    // TinySim's MAC count equals the published one for every model.
    EXPECT_EQ(r.macs, r.published_macs) << r.benchmark;
    EXPECT_GT(r.cycles, 0u);
    EXPECT_NEAR(r.latency_ms, 1e3 * double(r.cycles) / 120e6, 1e-9) << r.benchmark;
    EXPECT_NEAR(r.cycles_per_mac, double(r.cycles) / double(r.macs), 1e-12);
  }

  const fs::path recorded = fs::path(TINYSIM_SOURCE_DIR) / "benchmarks/fidelity/fidelity.csv";
  if (std::getenv("TINYSIM_UPDATE_FIDELITY")) {
    write_file_atomically(recorded.string(), fidelity_csv(*rows));
    write_file_atomically((recorded.parent_path() / "fidelity.md").string(), fidelity_markdown(*rows));
    GTEST_SKIP() << "re-recorded " << recorded;
  }
  std::ifstream in(recorded);
  ASSERT_TRUE(in) << recorded << " missing: run benchmarks/fidelity/regenerate.sh";
  std::stringstream text;
  text << in.rdbuf();
  const auto table = parse_csv(text.str(), recorded.string());
  const auto now = parse_csv(fidelity_csv(*rows));
  ASSERT_EQ(table.size(), now.size());
  ASSERT_EQ(table[0], now[0]) << "columns changed";
  for (size_t i = 1; i < table.size(); ++i) {
    // benchmark, file, MACs, published MACs, cycles median/min/max: exact.
    for (size_t c = 0; c < 7; ++c)
      EXPECT_EQ(table[i][c], now[i][c]) << table[i][0] << " column " << table[0][c]
                                        << " (re-record with benchmarks/fidelity/regenerate.sh if intended)";
  }
}

}  // namespace
}  // namespace tinysim::report
