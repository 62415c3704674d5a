// The trainer's layer table (core/train/train_layer.h): every entry is an op
// the registry knows with a float host kernel, and its forward pass computes
// what that host kernel computes on the op's own one-op example.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <iostream>
#include <optional>
#include <set>

#include "core/ops/interpreter.h"
#include "core/ops/op_registry.h"
#include "core/train/train_layer.h"
#include "core/train/train_net.h"

namespace tinysim::train {
namespace {

TEST(TrainLayers, EveryLayerIsARegisteredOpWithAFloatHostKernel) {
  std::set<OpType> seen;
  for (const TrainLayer& l : all_train_layers()) {
    SCOPED_TRACE(op_name(l.type));
    EXPECT_TRUE(seen.insert(l.type).second) << "two layers for one op";
    EXPECT_EQ(find_train_layer(l.type), &l);
    EXPECT_NE(l.forward, nullptr);
    EXPECT_NE(l.backward, nullptr);
    EXPECT_NE(l.output_activation, nullptr);
    const ops::OpDef* d = ops::find_op(l.type);
    ASSERT_NE(d, nullptr) << "not in the op registry";
    bool float_host = false;
    for (const ops::KernelCombo& c : d->combos)
      float_host |= c.kernel == KernelType::Float32 && (c.backends & ops::kHost);
    EXPECT_TRUE(float_host) << "no float32 host kernel to train against";
  }
  EXPECT_GE(seen.size(), 13u);  // conv, depthwise, dense, 3 pools, add, reshape, 4 activations, softmax
  EXPECT_EQ(find_train_layer(OpType::Concatenation), nullptr);
}

TEST(TrainLayers, ForwardMatchesTheHostKernelOnEachOpsExample) {
  int compared = 0;
  for (const TrainLayer& l : all_train_layers()) {
    SCOPED_TRACE(op_name(l.type));
    const ops::OpDef* d = ops::find_op(l.type);
    ASSERT_NE(d, nullptr);
    ASSERT_NE(d->example, nullptr);
    const Model m = d->example(KernelType::Float32);
    // Examples the trainer cannot take as a network (ADD's two graph inputs,
    // a batch of 2) are covered by the gradient-checked nets instead.
    std::optional<TrainNet> made;
    try {
      made.emplace(m);
    } catch (const Error& e) {
      std::cout << "[ skipped  ] " << op_name(l.type) << ": " << e.what() << "\n";
      continue;
    }
    const TrainNet& net = *made;
    std::vector<float> x(size_t(net.input_size()));
    for (size_t i = 0; i < x.size(); ++i) x[i] = std::sin(0.7f * float(i) + 0.3f) * 3.0f;
    Workspace ws;
    forward(net, ws, x.data(), 1);
    std::vector<uint8_t> in(x.size() * 4);
    std::memcpy(in.data(), x.data(), in.size());
    auto host = run_host(m, {in});
    ASSERT_TRUE(host.ok()) << host.error().what();
    const auto& out = ws.act[net.output()];
    ASSERT_EQ((*host)[0].size(), out.size() * 4);
    std::vector<float> h(out.size());
    std::memcpy(h.data(), (*host)[0].data(), (*host)[0].size());
    for (size_t i = 0; i < h.size(); ++i) EXPECT_NEAR(out[i], h[i], 1e-5f * std::max(1.0f, std::fabs(h[i]))) << i;
    ++compared;
  }
  EXPECT_GE(compared, 9);  // FC, SOFTMAX, RESHAPE, ADD: TrainForwardParity on the MLPerf models
}

}  // namespace
}  // namespace tinysim::train
