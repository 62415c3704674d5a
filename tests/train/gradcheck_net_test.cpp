// Whole-network gradients (graph wiring: fan-out into ADD, fused
// activations, pools, MEAN, RESHAPE, softmax-CE) against finite differences.
// The network runs in float32, so the tolerance is looser than the per-layer
// double checks: with eps = 1e-3 on a loss of ~1, float rounding alone puts
// ~1e-4 of noise on each numerical derivative; we compare each parameter
// tensor's gradient as a vector, ||num - ana|| / (||num|| + ||ana||) < 1e-2.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "core/train/model_builder.h"
#include "core/train/train_kernels.h"
#include "core/train/train_net.h"
#include "core/train/trainer.h"

using namespace tinysim;
using namespace tinysim::train;

namespace {

double ce_loss(const TrainNet& net, Workspace& ws, const std::vector<float>& x, const std::vector<int>& y,
               int batch, std::vector<float>* dlogits) {
  forward(net, ws, x.data(), batch, nullptr, nullptr, /*training=*/true);
  const int C = net.num_classes();
  const float* z = ws.act[net.logits()].data();
  std::vector<double> p(C);
  double loss = 0;
  if (dlogits) dlogits->assign(size_t(batch) * C, 0.0f);
  for (int i = 0; i < batch; ++i) {
    double mx = z[i * C], s = 0;
    for (int c = 0; c < C; ++c) mx = std::max(mx, double(z[i * C + c]));
    for (int c = 0; c < C; ++c) s += p[c] = std::exp(double(z[i * C + c]) - mx);
    for (int c = 0; c < C; ++c) p[c] /= s;
    loss -= std::log(p[y[i]]);
    if (dlogits)
      for (int c = 0; c < C; ++c) (*dlogits)[i * C + c] = float((p[c] - (c == y[i])) / batch);
  }
  return loss / batch;
}

void check_net(Model model, int batch, const std::vector<int>& bn_ops = {}) {
  TrainNet net(std::move(model));
  for (int op : bn_ops) net.add_batch_norm(op);
  Rng rng(42);
  // Non-zero biases: with zero biases a unit whose inputs are all zero sits
  // exactly on the ReLU kink, where finite differences see slope 1/2.
  for (size_t k = 0; k < net.params().size(); ++k)
    if (!net.is_weight(int(k)))
      for (int64_t i = 0; i < net.param_size(int(k)); ++i)
        net.param_data(int(k))[i] = float(rng.uniform() * 0.2 - 0.1) + (net.model().tensors[net.params()[k]].name.find("bn_gamma") != std::string::npos ? 1.0f : 0.0f);
  std::vector<float> x(size_t(batch) * net.input_size());
  for (auto& v : x) v = float(rng.uniform() * 2 - 1);
  std::vector<int> y(batch);
  for (auto& v : y) v = int(rng.below(net.num_classes()));
  Workspace ws;
  std::vector<float> dlog;
  ce_loss(net, ws, x, y, batch, &dlog);
  backward(net, ws, dlog.data());
  const auto grads = ws.param_grad;
  ASSERT_EQ(grads.size(), net.params().size());
  const float eps = 1e-3f;
  for (size_t k = 0; k < net.params().size(); ++k) {
    // A layer's own bias has exactly zero gradient under batch norm (the
    // batch mean absorbs it): nothing to compare.
    const bool bn_bias = !net.is_weight(int(k)) && net.batch_norm_of(net.param_op(int(k))) >= 0 &&
                         net.model().tensors[net.params()[k]].name.find("/bn_") == std::string::npos;
    if (bn_bias) continue;
    float* w = net.param_data(int(k));
    double diff = 0, na = 0, nn = 0;
    for (int64_t i = 0; i < net.param_size(int(k)); ++i) {
      const float keep = w[i];
      w[i] = keep + eps;
      const double lp = ce_loss(net, ws, x, y, batch, nullptr);
      w[i] = keep - eps;
      const double lm = ce_loss(net, ws, x, y, batch, nullptr);
      w[i] = keep;
      const double num = (lp - lm) / (2 * eps);
      diff += (num - grads[k][i]) * (num - grads[k][i]);
      na += double(grads[k][i]) * grads[k][i];
      nn += num * num;
    }
    const double rel = std::sqrt(diff) / (std::sqrt(na) + std::sqrt(nn) + 1e-12);
    EXPECT_LT(rel, 1e-2) << net.model().tensors[net.params()[k]].name << " |analytic| " << std::sqrt(na)
                         << " |numeric| " << std::sqrt(nn);
    EXPECT_GT(na, 0.0) << "no gradient reached " << net.model().tensors[net.params()[k]].name;
  }
}

LayerSpec L(std::string type, int filters = 0, int kh = 1, int kw = 1, int stride = 1,
            Activation a = Activation::None) {
  LayerSpec s;
  s.type = std::move(type);
  s.filters = filters;
  s.kernel_h = kh;
  s.kernel_w = kw;
  s.stride_h = s.stride_w = stride;
  s.activation = a;
  return s;
}

}  // namespace

TEST(GradCheckNet, ConvDepthwiseResidualPoolDense) {
  LayerSpec skip = L("add_skip");
  skip.from = 0;
  skip.activation = Activation::Relu;
  LayerSpec dw = L("depthwise", 0, 3, 3, 1, Activation::Relu6);
  std::vector<LayerSpec> layers{L("conv2d", 4, 3, 3, 1, Activation::Relu), dw, skip,
                                L("maxpool", 0, 2, 2, 2), L("conv2d", 3, 2, 2, 1), L("relu"),
                                L("avgpool", 0, 2, 2, 1), L("dense", 3)};
  check_net(build_model({6, 6, 2}, layers, true, 1, "test"), 3);
}

TEST(GradCheckNet, Conv1DGlobalPoolDense) {
  LayerSpec c1 = L("conv1d", 4, 1, 5, 2, Activation::Relu);
  LayerSpec dw = L("depthwise", 0, 1, 3, 1, Activation::Relu);
  dw.dilation_w = 2;
  std::vector<LayerSpec> layers{c1, dw, L("global_avgpool"), L("dense", 5, 1, 1, 1, Activation::Relu),
                                L("dense", 4)};
  check_net(build_model({1, 16, 3}, layers, true, 2, "test"), 4);
}

TEST(GradCheckNet, BatchNormInTrainingMode) {
  std::vector<LayerSpec> layers{L("conv2d", 4, 3, 3, 1, Activation::Relu), L("batchnorm"),
                                L("depthwise", 0, 3, 3, 2, Activation::Relu6), L("batchnorm"),
                                L("dense", 6, 1, 1, 1, Activation::Relu), L("batchnorm"), L("dense", 3)};
  std::vector<int> bn_ops;
  Model m = build_model({6, 6, 2}, layers, true, 4, "test", &bn_ops);
  ASSERT_EQ(bn_ops, (std::vector<int>{0, 1, 3}));
  check_net(std::move(m), 5, bn_ops);
}

TEST(BatchNorm, FoldedModelMatchesInferenceMode) {
  std::vector<LayerSpec> layers{L("conv2d", 4, 3, 3, 1, Activation::Relu), L("batchnorm"),
                                L("depthwise", 0, 3, 3, 1, Activation::Relu), L("batchnorm"),
                                L("dense", 3)};
  std::vector<int> bn_ops;
  TrainNet net(build_model({6, 6, 2}, layers, true, 4, "test", &bn_ops));
  for (int op : bn_ops) net.add_batch_norm(op);
  Rng rng(3);
  Dataset d;
  d.sample_shape = {6, 6, 2};
  d.num_classes = 3;
  for (int i = 0; i < 64; ++i) {
    for (int k = 0; k < 72; ++k) d.x.push_back(float(rng.uniform() * 4 - 1));
    d.y.push_back(int(rng.below(3)));
  }
  FitOptions f;
  f.epochs = 3;
  f.batch_size = 8;
  f.lr = 1e-2f;
  Trainer(net, f).fit(d);  // moves gamma/beta and the running statistics
  EXPECT_NE(net.batch_norms()[0].mean[0], 0.0f);
  const Model folded = net.folded_model();
  EXPECT_EQ(folded.tensors.size() + 4, net.model().tensors.size());
  TrainNet plain(folded);
  const auto a = predict_logits(net, d), b = predict_logits(plain, d);
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i) EXPECT_NEAR(a[i], b[i], 1e-4f * (1 + std::fabs(a[i])));
}
