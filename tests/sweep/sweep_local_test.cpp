// `tinysim sweep` on local worker processes and `tinysim merge`, end to end
// on the tiny pair plus a calibration point and a sparsity the sweep derives:
// the merged CSV equals the one-process `tinysim bench` of the same files,
// byte for byte; a shard cut short (what a killed task leaves) or lost is
// measured again on its own, keeping finished rows; merge reports missing
// and duplicate shards.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "core/model/tflite_reader.h"
#include "core/report/csv_report.h"
#include "core/sweep/sweep_grid.h"
#include "tests/sweep/sweep_fixture.h"

namespace tinysim::test {
namespace {

class SweepLocalTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    fx_ = new SweepFixture(make_sweep_fixture("sweep_local", {"nrf52840", "stm32l4r5"}));
    dir_ = fx_->tiny.dir / "run";
  }
  static void TearDownTestSuite() {
    if (!std::getenv("TINYSIM_KEEP_TEST_FILES")) fs::remove_all(fx_->tiny.dir);
    delete fx_;
  }
  static std::string sweep(const std::string& extra, int expect_rc = 0) {
    const CommandResult r = run_cli("sweep " + fx_->spec.string() + " --dir " + dir_.string() + " " + extra);
    EXPECT_EQ(r.rc, expect_rc) << r.output;
    return r.output;
  }
  static CommandResult merge(const std::string& args) { return run_cli("merge " + dir_.string() + " " + args); }
  static SweepFixture* fx_;
  static fs::path dir_;
};
SweepFixture* SweepLocalTest::fx_ = nullptr;
fs::path SweepLocalTest::dir_;

TEST_F(SweepLocalTest, MergedShardsEqualOneProcessBenchAndResumeRunsOnlyWhatIsMissing) {
  // 1 use case x 4 variants (float, int8, calibrated int8, pruned int8) x 2 profiles.
  const std::string first = sweep("--workers 2");
  EXPECT_NE(first.find("4 items x 2 profiles = 8 rows in 2 shards; 2 to run"), std::string::npos) << first;
  const fs::path merged = fx_->tiny.dir / "merged.csv", grid = fx_->tiny.dir / "grid.csv";
  CommandResult m = merge("-o " + merged.string() + " --grid " + grid.string());
  ASSERT_EQ(m.rc, 0) << m.output;

  const std::vector<std::string> models = grid_models(grid);
  ASSERT_EQ(models.size(), 4u);
  const std::string reference = reference_bench(*fx_, models, "nrf52840,stm32l4r5", fx_->tiny.dir / "bench.csv");
  const std::string merged_text = slurp(merged);
  ASSERT_EQ(report::parse_csv(merged_text).size(), 9u);  // header + 8 rows
  EXPECT_EQ(merged_text, reference);
  const auto rows = report::parse_csv(merged_text);
  // The derived variants are real: every quantized row has agreement vs
  // float, and the pruned model's weights are mostly zeros (whether the plan
  // stores them sparsely is the cost model's choice, tests/target).
  for (size_t i = 1; i < rows.size(); ++i) EXPECT_FALSE(rows[i][4].empty()) << "agreement missing in row " << i;
  size_t pruned_models = 0;
  for (const std::string& path : models) {
    if (path.find("pruned") == std::string::npos) continue;
    ++pruned_models;
    const Model pm = load_tflite(path).take();
    int64_t zeros = 0, weights = 0;
    for (const Operator& op : pm.ops) {
      if (op.type != OpType::Conv2D && op.type != OpType::FullyConnected) continue;
      for (uint8_t b : pm.tensors[size_t(op.inputs[1])].data) zeros += b == 0;
      weights += int64_t(pm.tensors[size_t(op.inputs[1])].data.size());
    }
    EXPECT_GT(double(zeros), 0.3 * double(weights)) << path;
  }
  EXPECT_EQ(pruned_models, 1u);

  // What a killed task leaves: shard 1 with its first row only; shard 0 lost.
  const fs::path s0 = dir_ / "shards" / "shard-0000.csv", s1 = dir_ / "shards" / "shard-0001.csv";
  const std::string full1 = slurp(s1);
  const auto r1 = report::parse_csv(full1);
  write_text(s1, report::csv_line(r1[0]) + report::csv_line(r1[1]));
  fs::remove(s0);
  m = merge("-o " + (fx_->tiny.dir / "partial.csv").string());
  EXPECT_EQ(m.rc, 1) << m.output;
  EXPECT_NE(m.output.find("shard 0 (tiny on nrf52840): no CSV"), std::string::npos) << m.output;
  EXPECT_NE(m.output.find("shard 1 (tiny on stm32l4r5): 1 of 4 rows"), std::string::npos) << m.output;
  EXPECT_FALSE(fs::exists(fx_->tiny.dir / "partial.csv"));

  const std::string pruned = *std::find_if(models.begin(), models.end(),
                                           [](const std::string& m) { return m.find("/models/sparsity0-") != std::string::npos; });
  const auto models_time = fs::last_write_time(pruned);
  const std::string again = sweep("--workers 2");
  EXPECT_NE(again.find("2 to run"), std::string::npos) << again;
  EXPECT_NE(slurp(dir_ / "logs" / "shard-0001.log").find("3 rows measured now, 1 kept from an earlier run"),
            std::string::npos);
  EXPECT_EQ(fs::last_write_time(pruned), models_time);  // derived models are made once
  EXPECT_EQ(slurp(s1), full1);
  m = merge("-o " + merged.string());
  ASSERT_EQ(m.rc, 0) << m.output;
  EXPECT_EQ(slurp(merged), reference);

  // Nothing left to do.
  EXPECT_NE(sweep("").find("every shard is complete"), std::string::npos);
  const CommandResult st = run_cli("sweep --status --dir " + dir_.string());
  EXPECT_EQ(st.rc, 0) << st.output;
  EXPECT_NE(st.output.find("2 of 2 shards complete, 8 of 8 rows"), std::string::npos) << st.output;
}

TEST_F(SweepLocalTest, MergeReportsDuplicateShardsAndRefusesDisagreeingCopies) {
  sweep("--workers 2");
  const fs::path copies = fx_->tiny.dir / "copies";
  fs::create_directories(copies);
  const fs::path s0 = dir_ / "shards" / "shard-0000.csv", s1 = dir_ / "shards" / "shard-0001.csv";
  fs::copy_file(s0, copies / "shard-0000.csv", fs::copy_options::overwrite_existing);
  const fs::path out = fx_->tiny.dir / "dup.csv";
  CommandResult m = run_cli("merge " + dir_.string() + " " + s0.string() + " " + s1.string() + " " +
                            (copies / "shard-0000.csv").string() + " -o " + out.string());
  EXPECT_EQ(m.rc, 0) << m.output;
  EXPECT_NE(m.output.find("duplicate: shard 0 is in"), std::string::npos) << m.output;

  // A copy with one measured figure changed cannot be merged with the original.
  auto rows = report::parse_csv(slurp(s0));
  rows[1][8] = std::to_string(std::stoull(rows[1][8]) + 1);  // cycles
  std::string text;
  for (const auto& r : rows) text += report::csv_line(r);
  write_text(copies / "shard-0000.csv", text);
  m = run_cli("merge " + dir_.string() + " " + s0.string() + " " + s1.string() + " " +
              (copies / "shard-0000.csv").string() + " -o " + out.string());
  EXPECT_EQ(m.rc, 2) << m.output;
  EXPECT_NE(m.output.find("also in"), std::string::npos) << m.output;

  // A CSV from another grid point is not taken for this shard.
  m = run_cli("merge " + dir_.string() + " " + (copies / "shard-0007.csv").string() + " -o " + out.string());
  EXPECT_EQ(m.rc, 2) << m.output;
  EXPECT_NE(m.output.find("does not exist in this sweep"), std::string::npos) << m.output;
}

TEST_F(SweepLocalTest, ASpecThatChangedIsNotMixedIntoAnOldSweepFolder) {
  sweep("--dry-run");  // writes the manifest
  const fs::path other = fx_->tiny.dir / "other.json";
  std::string text = slurp(fx_->spec);
  text.replace(text.find("\"latency_samples\": 2"), 20, "\"latency_samples\": 3");
  write_text(other, text);
  const CommandResult r = run_cli("sweep " + other.string() + " --dir " + dir_.string());
  EXPECT_EQ(r.rc, 2) << r.output;
  EXPECT_NE(r.output.find("holds a sweep of another grid"), std::string::npos) << r.output;
}

TEST_F(SweepLocalTest, DryRunListsShardsAndTheSbatchCommand) {
  const fs::path d = fx_->tiny.dir / "dry";
  const CommandResult r = run_cli("sweep " + fx_->spec.string() + " --dir " + d.string() + " --slurm --dry-run --array-limit 1");
  EXPECT_EQ(r.rc, 0) << r.output;
  // Bench order: float, int8 (the derived file's path sorts first), pruned_int8.
  EXPECT_NE(r.output.find("shard 0: tiny on nrf52840: float int8[calibration=percentile99.9,samples=16] int8 "
                          "pruned_int8[sparsity=0.5]"),
            std::string::npos)
      << r.output;
  EXPECT_NE(r.output.find("--array=0-1%1"), std::string::npos) << r.output;
  EXPECT_FALSE(fs::exists(d / "models"));  // nothing derived or run
}

}  // namespace
}  // namespace tinysim::test
