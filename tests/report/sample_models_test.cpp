// The bench over the committed sample models: the accuracy it measures for
// each variant equals the test accuracy the training pipeline recorded in
// sample_models/<use_case>/<use_case>_report.json (computed by a different
// code path at training time). HAR and vibration only: their data sets are
// generated in seconds (KWS synthesis takes minutes on a fresh machine).
#include "build_paths.h"  // TINYSIM_*_DIR and tool paths of this build
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "core/report/bench.h"

namespace tinysim::report {
namespace {

namespace fs = std::filesystem;

class SampleModels : public ::testing::TestWithParam<std::string> {};

TEST_P(SampleModels, AccuracyEqualsTrainingReport) {
  const std::string uc = GetParam();
  const fs::path dir = fs::path(TINYSIM_SOURCE_DIR) / "sample_models" / uc;
  const fs::path report = dir / (uc + "_report.json");
  if (!fs::exists(report)) GTEST_SKIP() << "no " << report << " (sample models not trained yet)";
  std::ifstream in(report);
  const auto j = nlohmann::json::parse(in);

  BenchRequest req;
  req.samples = true;
  req.samples_dir = dir.string();
  req.profiles = {"nrf52840"};
  req.latency_samples = 1;
  req.jobs = 2;
  RecordCollector rc;
  std::atomic<bool> cancel{false};
  auto outcome = run_bench(req, rc, cancel);
  ASSERT_TRUE(outcome.ok()) << outcome.error().what();
  size_t checked = 0;
  for (const auto& v : j["variants"]) {
    const std::string variant = v["variant"].get<std::string>();
    const auto it = std::find_if(outcome->records.begin(), outcome->records.end(),
                                 [&](const ResultRecord& r) { return r.variant == variant; });
    if (!fs::exists(dir / v["file"].get<std::string>())) continue;
    ASSERT_NE(it, outcome->records.end()) << variant;
    ASSERT_TRUE(it->accuracy.has_value());
    EXPECT_EQ(it->model, uc);
    EXPECT_EQ(it->test_samples, j["test_samples"].get<uint64_t>()) << variant;
    // Within one sample: the float variant was scored by the trainer's own
    // float engine at training time, the int8 ones by the same kernels.
    EXPECT_NEAR(*it->accuracy, v["test_accuracy"].get<double>(), 1.01 / double(it->test_samples)) << variant;
    ++checked;
  }
  EXPECT_GE(checked, 2u);
}

INSTANTIATE_TEST_SUITE_P(Report, SampleModels, ::testing::Values("har", "vibration"));

}  // namespace
}  // namespace tinysim::report
