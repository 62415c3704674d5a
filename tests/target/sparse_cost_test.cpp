// The plan writer's default storage choice (core/ops/sparse_cost.h): per
// layer, sparse only where the cost model predicts the sparse kernel faster.
// Checked on the emulator at sparsities the model was not fitted on
// (benchmarks/sparse_cost fits at 30/50/60/70/80/90 %): a pruned model is never
// slower than with all-dense storage, nor than the choice of the old fixed
// 50 % threshold by more than the model's error, and outputs stay exact.
#include <gtest/gtest.h>

#include <cstdio>

#include "build_paths.h"
#include "core/emu/mcu_profile.h"
#include "core/ops/interpreter.h"
#include "core/ops/sparse_cost.h"
#include "core/model/tflite_reader.h"
#include "core/target/model_inputs.h"
#include "core/target/target_run.h"
#include "tests/support/prune_int8.h"
#include "tests/support/shared_files.h"

namespace tinysim::target {
namespace {

struct Runs {
  TargetRun chosen, dense, threshold;
};

Runs run_three(const Model& m, const char* profile_name) {
  const emu::McuProfile prof = emu::load_profile(profile_name).take();
  const auto inputs = model_inputs(m, {}, 5);
  TargetOptions dense, threshold;
  dense.sparse_threshold = 0;
  threshold.sparse_threshold = 0.5;
  Runs r{run_on_target(m, prof, inputs, {}).take(), run_on_target(m, prof, inputs, dense).take(),
         run_on_target(m, prof, inputs, threshold).take()};
  EXPECT_EQ(r.chosen.outputs, run_host(m, inputs).take());
  EXPECT_EQ(r.chosen.outputs, r.dense.outputs);
  return r;
}

class SparseCostChoice : public ::testing::TestWithParam<const char*> {};

TEST_P(SparseCostChoice, NeverSlowerThanDenseAtUnfittedSparsities) {
  const Model base = load_tflite(std::string(TINYSIM_SAMPLE_DIR) + "/" + GetParam()).take();
  for (const char* profile : {"nrf52840", "stm32l4r5"})
    for (double f : {0.0, 0.45, 0.65, 0.85, 0.95}) {
      SCOPED_TRACE(std::string(profile) + " pruned " + std::to_string(f));
      const Runs r = run_three(test::pruned_int8(base, f), profile);
      EXPECT_LE(r.chosen.cycles, r.dense.cycles);
      // The old rule (sparse from 50 % zeros) is not beaten everywhere: the
      // worst measured here is HAR at 65 % on stm32l4r5, 3.7 % behind it.
      EXPECT_LE(double(r.chosen.cycles), 1.05 * double(r.threshold.cycles));
      // Speed first: a layer with tiny rows (K = 9) can run faster sparse
      // although its bitmap words make it a few bytes larger.
      if (f == 0.0) {
        EXPECT_EQ(r.chosen.layout.stored_weight_bytes, r.dense.layout.stored_weight_bytes);
      }
      if (f >= 0.85) {
        EXPECT_LT(r.chosen.layout.stored_weight_bytes, r.dense.layout.stored_weight_bytes);
      }
      std::printf("%s %s %.0f %%: chosen %llu (%llu B), dense %llu (%llu B), 50 %% rule %llu (%llu B)\n", GetParam(),
                  profile, 100 * f, (unsigned long long)r.chosen.cycles,
                  (unsigned long long)r.chosen.layout.stored_weight_bytes, (unsigned long long)r.dense.cycles,
                  (unsigned long long)r.dense.layout.stored_weight_bytes, (unsigned long long)r.threshold.cycles,
                  (unsigned long long)r.threshold.layout.stored_weight_bytes);
    }
}

INSTANTIATE_TEST_SUITE_P(SampleModels, SparseCostChoice,
                         ::testing::Values("kws/kws_int8.tflite", "fashion_mnist/fashion_mnist_int8.tflite",
                                           "har/har_int8.tflite", "vibration/vibration_int8.tflite"));

// The shipped pruned variants (trained with magnitude pruning, not the
// stand-in) against their dense int8 parents: never slower.
TEST(SparseCost, TrainedPrunedVariantsNotSlowerThanTheirParents) {
  const emu::McuProfile prof = emu::load_profile("stm32l4r5").take();
  for (const char* name : {"kws/kws", "fashion_mnist/fashion_mnist", "har/har", "vibration/vibration"}) {
    SCOPED_TRACE(name);
    const std::string dir = std::string(TINYSIM_SAMPLE_DIR) + "/" + name;
    const Model parent = load_tflite(dir + "_int8.tflite").take();
    const Model pruned = load_tflite(dir + "_pruned_int8.tflite").take();
    const TargetRun p = run_on_target(parent, prof, model_inputs(parent, {}, 3)).take();
    const TargetRun q = run_on_target(pruned, prof, model_inputs(pruned, {}, 3)).take();
    // The dense kernels' time depends a little on the values (requantization
    // saturation): kws_pruned_int8 stored densely is 0.02 % over its parent.
    EXPECT_LE(double(q.cycles), 1.001 * double(p.cycles));
    EXPECT_LE(q.layout.stored_weight_bytes, p.layout.stored_weight_bytes);
    std::printf("%s: int8 %llu cycles, pruned_int8 %llu cycles (%llu -> %llu weight bytes)\n", name,
                (unsigned long long)p.cycles, (unsigned long long)q.cycles,
                (unsigned long long)p.layout.stored_weight_bytes, (unsigned long long)q.layout.stored_weight_bytes);
  }
}

// Fit before speed: where the faster (dense) plan overflows flash, the plan
// writer stores sparsely wherever that is smaller.
TEST(SparseCost, FallsBackToSmallestStorageWhenTheFasterPlanDoesNotFit) {
  const auto path = test::third_party("mlperf_tiny_ad01_int8.tflite");
  if (!std::filesystem::exists(path)) GTEST_SKIP() << "needs " << path;
  const Model m = test::pruned_int8(load_tflite(path.string()).take(), 0.5);  // dense is faster at 50 %
  emu::McuProfile prof = emu::load_profile("stm32l4r5").take();
  TargetOptions smallest;
  smallest.sparse_threshold = ops::kSparseSmallest;
  const TargetLayout fast = plan_layout(m, prof).take();
  const TargetLayout small = plan_layout(m, prof, smallest).take();
  EXPECT_EQ(fast.stored_weight_bytes, fast.dense_weight_bytes);
  ASSERT_LT(small.flash_bytes, fast.flash_bytes);
  prof.flash.size = uint32_t((small.flash_bytes + fast.flash_bytes) / 2);
  const TargetLayout fitted = plan_layout(m, prof).take();
  EXPECT_EQ(fitted.flash_bytes, small.flash_bytes);
  EXPECT_TRUE(fit_problem(fitted).empty()) << fit_problem(fitted);
}

TEST(SparseCost, CliTakesAutoSmallestOrAFraction) {
  EXPECT_EQ(parse_sparse_threshold("auto"), ops::kSparseByCost);
  EXPECT_EQ(parse_sparse_threshold("smallest"), ops::kSparseSmallest);
  EXPECT_EQ(parse_sparse_threshold("0.75"), 0.75);
  EXPECT_EQ(parse_sparse_threshold("0"), 0.0);
  for (const char* bad : {"", "1.5", "-0.1", "fast", "0.5x"}) EXPECT_THROW(parse_sparse_threshold(bad), Error) << bad;
}

}  // namespace
}  // namespace tinysim::target
