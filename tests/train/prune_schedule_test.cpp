// Magnitude pruning: the Zhu & Gupta polynomial schedule, masks that reach the
// target exactly and only grow, fine-tuning that keeps the zeros, and
// prune-then-quantize keeping exact zeros in int8.
#include <gtest/gtest.h>

#include <cmath>

#include "core/model/tflite_reader.h"
#include "core/model/tflite_writer.h"
#include "core/train/model_builder.h"
#include "core/train/model_eval.h"
#include "core/train/prune.h"
#include "core/optimize/quantize.h"
#include "tests/train/train_test_data.h"

using namespace tinysim;
using namespace tinysim::train;

TEST(PruneSchedule, PolynomialDecay) {
  EXPECT_FLOAT_EQ(polynomial_sparsity(0, 0.0f, 0.8f, 10, 110), 0.0f);
  EXPECT_FLOAT_EQ(polynomial_sparsity(10, 0.0f, 0.8f, 10, 110), 0.0f);
  EXPECT_FLOAT_EQ(polynomial_sparsity(110, 0.0f, 0.8f, 10, 110), 0.8f);
  EXPECT_FLOAT_EQ(polynomial_sparsity(500, 0.0f, 0.8f, 10, 110), 0.8f);
  // Halfway: s_f + (s_i - s_f) * 0.5^3 = 0.8 - 0.8/8 = 0.7
  EXPECT_NEAR(polynomial_sparsity(60, 0.0f, 0.8f, 10, 110), 0.7f, 1e-6);
  EXPECT_NEAR(polynomial_sparsity(35, 0.2f, 0.8f, 10, 110), 0.8 - 0.6 * std::pow(0.75, 3), 1e-6);
  float prev = 0;
  for (int s = 0; s <= 120; s += 5) {
    const float v = polynomial_sparsity(s, 0.0f, 0.75f, 10, 110);
    EXPECT_GE(v, prev);
    prev = v;
  }
}

TEST(PruneMasks, ExactFractionSmallestFirstAndGrowOnly) {
  TrainNet net(build_model({8, 8, 1}, test_data::small_cnn(), true, 3, "t"));
  std::vector<std::vector<uint8_t>> masks;
  update_masks(net, masks, 0.5f, false);
  for (size_t k = 0; k < net.params().size(); ++k) {
    if (!prunable(net, int(k), false)) {
      EXPECT_TRUE(masks[k].empty());
      continue;
    }
    const int64_t n = net.param_size(int(k));
    int64_t zeros = 0;
    float max_pruned = 0, min_kept = 1e9f;
    for (int64_t i = 0; i < n; ++i) {
      const float a = std::fabs(net.param_data(int(k))[i]);
      if (!masks[k][i]) {
        ++zeros;
        max_pruned = std::max(max_pruned, a);
      } else {
        min_kept = std::min(min_kept, a);
      }
    }
    EXPECT_EQ(zeros, n / 2);
    EXPECT_LE(max_pruned, min_kept);
  }
  auto before = masks;
  update_masks(net, masks, 0.8f, false);
  for (size_t k = 0; k < masks.size(); ++k)
    for (size_t i = 0; i < masks[k].size(); ++i)
      if (!before[k][i]) EXPECT_FALSE(masks[k][i]);
}

TEST(PruneFinetune, ReachesTargetKeepsAccuracyAndInt8KeepsZeros) {
  TrainNet net(build_model({8, 8, 1}, test_data::small_cnn(), true, 3, "t"));
  const Dataset train = test_data::bars(800, 1), test = test_data::bars(400, 77);
  FitOptions f;
  f.epochs = 3;
  f.batch_size = 16;
  f.lr = 1e-2f;
  Trainer(net, f).fit(train);
  const double dense = accuracy(net, test);
  PruneOptions po;
  po.target_sparsity = 0.75f;
  po.frequency = 5;
  po.fit = f;
  po.fit.epochs = 3;
  po.fit.lr = 3e-3f;
  prune_and_finetune(net, train, po);
  const SparsityStats fs = weight_sparsity(net.model());
  // conv (36) + dense (3*64=192) weights are pruned at 75%.
  EXPECT_EQ(fs.zeros, 27 + 144);
  EXPECT_EQ(fs.weights, 36 + 192);
  const double pruned = accuracy(net, test);
  EXPECT_GT(pruned, dense - 0.05) << "dense " << dense;

  QuantizeOptions qo;
  Model q = quantize_model(net.model(), train, qo).take();
  const SparsityStats qs = weight_sparsity(q);
  EXPECT_EQ(qs.zeros, fs.zeros) << "symmetric int8 keeps the pruned zeros and adds none here";
  EXPECT_EQ(qs.pruned_tensors, 2);
  EXPECT_GT(host_accuracy(q, test), pruned - 0.05);
}
