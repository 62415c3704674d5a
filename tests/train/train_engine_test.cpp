// The trainer learns, is reproducible (same seed -> bit-identical weights,
// whatever the thread count), respects frozen parameters and pruning masks.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <vector>

#include "core/train/model_builder.h"
#include "core/train/trainer.h"
#include "tests/train/train_test_data.h"

using namespace tinysim;
using namespace tinysim::train;

namespace {

using test_data::bars;
using test_data::small_cnn;

std::vector<float> all_weights(const TrainNet& net) {
  std::vector<float> w;
  for (size_t k = 0; k < net.params().size(); ++k) {
    const float* p = net.param_data(int(k));
    w.insert(w.end(), p, p + net.param_size(int(k)));
  }
  return w;
}

std::vector<float> train_once(int threads, uint64_t seed, OptimizerKind opt) {
  TrainNet net(build_model({8, 8, 1}, small_cnn(), true, seed, "t"));
  FitOptions o;
  o.epochs = 2;
  o.batch_size = 16;
  o.seed = seed;
  o.threads = threads;
  o.optimizer = opt;
  o.lr = opt == OptimizerKind::Adam ? 1e-2f : 5e-2f;
  Trainer t(net, o);
  t.fit(bars(200, 5));
  return all_weights(net);
}

}  // namespace

TEST(TrainEngine, LearnsASimpleTask) {
  TrainNet net(build_model({8, 8, 1}, small_cnn(), true, 3, "t"));
  const Dataset test = bars(300, 99);
  const double before = accuracy(net, test);
  FitOptions o;
  o.epochs = 3;
  o.batch_size = 16;
  o.lr = 1e-2f;
  Trainer t(net, o);
  const double loss = t.fit(bars(600, 1));
  const double after = accuracy(net, test);
  EXPECT_LT(loss, 0.3);
  EXPECT_GT(after, 0.95) << "before training: " << before;
}

TEST(TrainEngine, SameSeedSameWeightsOnAnyThreadCount) {
  const auto a = train_once(2, 7, OptimizerKind::Adam);
  const auto b = train_once(2, 7, OptimizerKind::Adam);
  const auto c = train_once(1, 7, OptimizerKind::Adam);
  ASSERT_EQ(a.size(), b.size());
  EXPECT_EQ(0, std::memcmp(a.data(), b.data(), a.size() * sizeof(float)));
  EXPECT_EQ(0, std::memcmp(a.data(), c.data(), a.size() * sizeof(float)));
  const auto d = train_once(2, 8, OptimizerKind::Adam);
  EXPECT_NE(0, std::memcmp(a.data(), d.data(), a.size() * sizeof(float))) << "the seed must matter";
  const auto s1 = train_once(2, 7, OptimizerKind::Sgd);
  const auto s2 = train_once(1, 7, OptimizerKind::Sgd);
  EXPECT_EQ(0, std::memcmp(s1.data(), s2.data(), s1.size() * sizeof(float)));
}

TEST(TrainEngine, FrozenParametersAndMasksHold) {
  TrainNet net(build_model({8, 8, 1}, small_cnn(), true, 3, "t"));
  net.set_frozen(0, true);  // conv weights
  const std::vector<float> conv_before(net.param_data(0), net.param_data(0) + net.param_size(0));
  FitOptions o;
  o.epochs = 1;
  o.batch_size = 16;
  o.lr = 1e-2f;
  Trainer t(net, o);
  // Mask out every other dense weight (slot 2).
  t.masks.resize(net.params().size());
  t.masks[2].resize(size_t(net.param_size(2)));
  for (size_t i = 0; i < t.masks[2].size(); ++i) t.masks[2][i] = i % 2;
  t.fit(bars(100, 2));
  EXPECT_EQ(0, std::memcmp(conv_before.data(), net.param_data(0), conv_before.size() * sizeof(float)));
  int nonzero_masked = 0, zero_kept = 0;
  for (size_t i = 0; i < t.masks[2].size(); ++i) {
    if (!t.masks[2][i] && net.param_data(2)[i] != 0.0f) ++nonzero_masked;
    if (t.masks[2][i] && net.param_data(2)[i] == 0.0f) ++zero_kept;
  }
  EXPECT_EQ(nonzero_masked, 0);
  EXPECT_LT(zero_kept, 3);
}

TEST(TrainEngine, RejectsMismatchedData) {
  TrainNet net(build_model({8, 8, 1}, small_cnn(), true, 3, "t"));
  Dataset d = bars(10, 1);
  d.sample_shape = {4, 4, 1};
  d.x.resize(160);
  Trainer t(net, FitOptions{});
  EXPECT_THROW(t.fit(d), Error);
}

TEST(TrainEngine, BatchesSmallerThanTheShardCount) {
  // One sample: one shard sits out every step; nothing stale may leak in.
  auto layers = small_cnn();
  LayerSpec bn;
  bn.type = "batchnorm";
  layers.insert(layers.begin() + 1, bn);
  std::vector<int> bn_ops;
  TrainNet net(build_model({8, 8, 1}, layers, true, 3, "t", &bn_ops));
  for (int op : bn_ops) net.add_batch_norm(op);
  FitOptions o;
  o.epochs = 3;
  o.batch_size = 4;
  Trainer t(net, o);
  const double loss = t.fit(bars(1, 4));
  EXPECT_TRUE(std::isfinite(loss));
  for (float v : net.batch_norms()[0].var) EXPECT_TRUE(std::isfinite(v));
}
