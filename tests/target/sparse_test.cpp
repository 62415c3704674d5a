// Pruned models: weights stored sparsely in the plan need less flash, run
// bit-exact with the dense host kernels, and at high sparsity take fewer
// cycles than the dense DSP kernels.
#include <gtest/gtest.h>

#include <cstdio>

#include "core/emu/mcu_profile.h"
#include "core/ops/interpreter.h"
#include "core/model/tflite_reader.h"
#include "core/target/model_inputs.h"
#include "core/target/target_run.h"
#include "tests/support/prune_int8.h"
#include "tests/support/shared_files.h"

namespace tinysim::target {
namespace {

void check_model(const char* file, double fraction, bool expect_faster) {
  const auto path = test::third_party(file);
  if (!std::filesystem::exists(path)) GTEST_SKIP() << "needs " << path;
  const Model m = test::pruned_int8(load_tflite(path.string()).take(), fraction);
  const emu::McuProfile prof = emu::load_profile("stm32l4r5").take();
  const auto inputs = model_inputs(m, {}, 21);
  const auto host = run_host(m, inputs).take();

  TargetOptions dense_opt;
  dense_opt.sparse_threshold = 0;
  auto dense = run_on_target(m, prof, inputs, dense_opt);
  ASSERT_TRUE(dense.ok()) << dense.error().what();
  TargetOptions sparse_opt;
  sparse_opt.sparse_threshold = 0.5;  // sparse storage wherever half is zero (the default picks by cost)
  auto sparse = run_on_target(m, prof, inputs, sparse_opt);
  ASSERT_TRUE(sparse.ok()) << sparse.error().what();

  EXPECT_EQ(host, dense->outputs);
  EXPECT_EQ(host, sparse->outputs);
  EXPECT_EQ(dense->layout.stored_weight_bytes, dense->layout.dense_weight_bytes);
  EXPECT_EQ(sparse->layout.dense_weight_bytes, dense->layout.dense_weight_bytes);
  // conv/FC weights: bitmap (1/8 byte per weight) + the non-zero values +
  // headers; depthwise weights stay dense
  double dw_bytes = 0, eligible = 0;
  for (const Operator& op : m.ops) {
    if (op.type != OpType::DepthwiseConv2D && op.type != OpType::Conv2D && op.type != OpType::FullyConnected) continue;
    const double bytes = double(m.tensors[size_t(op.inputs[1])].data.size());
    if (op.type == OpType::DepthwiseConv2D) dw_bytes += bytes;
    if (op.type == OpType::Conv2D || op.type == OpType::FullyConnected) eligible += bytes;
  }
  EXPECT_LT(double(sparse->layout.stored_weight_bytes), (1.0 - fraction + 0.125 + 0.02) * eligible + dw_bytes);
  EXPECT_LT(sparse->layout.flash_bytes, dense->layout.flash_bytes);
  EXPECT_NEAR(sparse->sparsity,
              1.0 - double(sparse->layout.stored_weight_bytes) / double(sparse->layout.dense_weight_bytes), 1e-12);
  if (expect_faster) {
    EXPECT_LT(sparse->cycles, dense->cycles);
  }
  std::printf("%s pruned %.0f %%: dense %llu cycles, %llu weight bytes; sparse %llu cycles, %llu weight bytes\n",
              file, 100 * fraction, (unsigned long long)dense->cycles,
              (unsigned long long)dense->layout.stored_weight_bytes, (unsigned long long)sparse->cycles,
              (unsigned long long)sparse->layout.stored_weight_bytes);
}

TEST(Sparse, Kws50PercentIsSmallerAndBitExact) { check_model("mlperf_tiny_kws_ref_int8.tflite", 0.5, false); }
TEST(Sparse, Kws90PercentIsSmallerFasterAndBitExact) { check_model("mlperf_tiny_kws_ref_int8.tflite", 0.9, true); }
TEST(Sparse, Ad90PercentIsSmallerFasterAndBitExact) { check_model("mlperf_tiny_ad01_int8.tflite", 0.9, true); }
TEST(Sparse, Vww75PercentIsSmallerAndBitExact) { check_model("mlperf_tiny_vww_96_int8.tflite", 0.75, false); }

}  // namespace
}  // namespace tinysim::target
