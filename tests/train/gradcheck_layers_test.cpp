// Every training kernel's backward pass against central finite differences,
// in double, on random inputs: relative error < 1e-5 per element (the brief
// asks for < 1e-3; double leaves a wide margin).
#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <random>
#include <vector>

#include "core/train/train_kernels.h"

using namespace tinysim;
using namespace tinysim::train;

namespace {

std::vector<double> random_vec(size_t n, std::mt19937& rng, double lo = -1, double hi = 1) {
  std::uniform_real_distribution<double> d(lo, hi);
  std::vector<double> v(n);
  for (auto& x : v) x = d(rng);
  return v;
}

double dot(const std::vector<double>& a, const std::vector<double>& b) {
  double s = 0;
  for (size_t i = 0; i < a.size(); ++i) s += a[i] * b[i];
  return s;
}

// The loss is <f(params), r>; its gradient w.r.t. each input vector is what
// the backward returns when given dy = r.
void check_grad(std::vector<double>& v, const std::vector<double>& analytic,
                const std::function<double()>& loss, const char* what) {
  ASSERT_EQ(v.size(), analytic.size()) << what;
  const double eps = 1e-5;
  double worst = 0;
  for (size_t i = 0; i < v.size(); ++i) {
    const double keep = v[i];
    v[i] = keep + eps;
    const double lp = loss();
    v[i] = keep - eps;
    const double lm = loss();
    v[i] = keep;
    const double num = (lp - lm) / (2 * eps);
    const double err = std::fabs(num - analytic[i]) / std::max(1e-4, std::fabs(num) + std::fabs(analytic[i]));
    worst = std::max(worst, err);
  }
  EXPECT_LT(worst, 1e-5) << what;
}

struct ConvCase {
  int h, w, c, kh, kw, oc, stride, dil;
  Padding pad;
};

void check_conv(const ConvCase& cc, bool depthwise) {
  std::mt19937 rng(7);
  OpOptions o;
  o.padding = cc.pad;
  o.stride_h = o.stride_w = cc.stride;
  o.dilation_h = o.dilation_w = cc.dil;
  const int batch = 2;
  ConvGeom g = make_geom(batch, cc.h, cc.w, cc.c, cc.kh, cc.kw, depthwise ? cc.c * cc.oc : cc.oc, o);
  if (depthwise) g.depth_multiplier = cc.oc;
  ASSERT_GT(g.out_h, 0);
  ASSERT_GT(g.out_w, 0);
  const int OC = g.out_c;
  auto x = random_vec(size_t(batch) * cc.h * cc.w * cc.c, rng);
  auto w = random_vec(depthwise ? size_t(cc.kh) * cc.kw * OC : size_t(OC) * cc.kh * cc.kw * cc.c, rng);
  auto b = random_vec(OC, rng);
  auto r = random_vec(size_t(batch) * g.out_h * g.out_w * OC, rng);
  std::vector<double> y(r.size());
  auto loss = [&] {
    if (depthwise)
      depthwise_forward(g, x.data(), w.data(), b.data(), y.data());
    else
      conv2d_forward(g, x.data(), w.data(), b.data(), y.data());
    return dot(y, r);
  };
  std::vector<double> dx(x.size(), 0), dw(w.size(), 0), db(b.size(), 0);
  if (depthwise)
    depthwise_backward(g, x.data(), w.data(), r.data(), dx.data(), dw.data(), db.data());
  else
    conv2d_backward(g, x.data(), w.data(), r.data(), dx.data(), dw.data(), db.data());
  check_grad(x, dx, loss, "input");
  check_grad(w, dw, loss, "weights");
  check_grad(b, db, loss, "bias");
}

}  // namespace

TEST(GradCheck, Conv2DSameStride2) { check_conv({7, 6, 3, 3, 3, 4, 2, 1, Padding::Same}, false); }
TEST(GradCheck, Conv2DValidDilation2) { check_conv({8, 7, 2, 3, 2, 3, 1, 2, Padding::Valid}, false); }
TEST(GradCheck, Conv1DAsHeight1) { check_conv({1, 20, 3, 1, 5, 4, 2, 1, Padding::Same}, false); }
TEST(GradCheck, DepthwiseSameStride2Multiplier2) { check_conv({7, 7, 3, 3, 3, 2, 2, 1, Padding::Same}, true); }
TEST(GradCheck, DepthwiseValidDilation2) { check_conv({8, 8, 2, 3, 3, 1, 1, 2, Padding::Valid}, true); }

TEST(GradCheck, FullyConnected) {
  std::mt19937 rng(3);
  const int batch = 3, in = 7, out = 5;
  auto x = random_vec(batch * in, rng), w = random_vec(out * in, rng), b = random_vec(out, rng);
  auto r = random_vec(batch * out, rng);
  std::vector<double> y(r.size());
  auto loss = [&] {
    fc_forward(batch, in, out, x.data(), w.data(), b.data(), y.data());
    return dot(y, r);
  };
  std::vector<double> dx(x.size(), 0), dw(w.size(), 0), db(b.size(), 0);
  fc_backward(batch, in, out, x.data(), w.data(), r.data(), dx.data(), dw.data(), db.data());
  check_grad(x, dx, loss, "input");
  check_grad(w, dw, loss, "weights");
  check_grad(b, db, loss, "bias");
}

namespace {
void check_pool(bool max, Padding pad, int stride) {
  std::mt19937 rng(11);
  OpOptions o;
  o.padding = pad;
  o.stride_h = o.stride_w = stride;
  const int batch = 2, h = 7, w = 5, c = 3;
  ConvGeom g = make_geom(batch, h, w, c, 3, 2, c, o);
  auto x = random_vec(size_t(batch) * h * w * c, rng);
  auto r = random_vec(size_t(batch) * g.out_h * g.out_w * c, rng);
  std::vector<double> y(r.size());
  auto loss = [&] {
    if (max)
      maxpool_forward(g, x.data(), y.data());
    else
      avgpool_forward(g, x.data(), y.data());
    return dot(y, r);
  };
  std::vector<double> dx(x.size(), 0);
  if (max)
    maxpool_backward(g, x.data(), r.data(), dx.data());
  else
    avgpool_backward(g, r.data(), dx.data());
  check_grad(x, dx, loss, max ? "maxpool" : "avgpool");
}
}  // namespace

TEST(GradCheck, AvgPoolSamePartialWindows) { check_pool(false, Padding::Same, 2); }
TEST(GradCheck, AvgPoolValidOverlapping) { check_pool(false, Padding::Valid, 1); }
TEST(GradCheck, MaxPoolSame) { check_pool(true, Padding::Same, 2); }
TEST(GradCheck, MaxPoolValidOverlapping) { check_pool(true, Padding::Valid, 1); }

TEST(GradCheck, MeanOverHeightWidth) {
  std::mt19937 rng(5);
  const int dims[4] = {2, 4, 3, 5};
  const bool reduce[4] = {false, true, true, false};
  auto x = random_vec(2 * 4 * 3 * 5, rng);
  auto r = random_vec(2 * 5, rng);
  std::vector<double> y(r.size());
  auto loss = [&] {
    mean_forward(dims, reduce, x.data(), y.data());
    return dot(y, r);
  };
  std::vector<double> dx(x.size(), 0);
  mean_backward(dims, reduce, r.data(), dx.data());
  check_grad(x, dx, loss, "mean");
  // And the forward really averages: sample 0, channel 0.
  mean_forward(dims, reduce, x.data(), y.data());
  double s = 0;
  for (int i = 0; i < 12; ++i) s += x[i * 5];
  EXPECT_NEAR(y[0], s / 12, 1e-12);
}

TEST(GradCheck, Activations) {
  for (Activation a : {Activation::Relu, Activation::Relu6, Activation::ReluN1To1, Activation::Tanh}) {
    std::mt19937 rng(9);
    // Values away from the kinks (0, 6, +-1) so finite differences are exact.
    auto x = random_vec(40, rng, -8, 8);
    for (auto& v : x)
      for (double k : {-1.0, 0.0, 1.0, 6.0})
        if (std::fabs(v - k) < 0.01) v += 0.05;
    auto r = random_vec(40, rng);
    std::vector<double> y(40);
    auto loss = [&] {
      y = x;
      activation_forward(a, y.data(), 40);
      return dot(y, r);
    };
    loss();
    std::vector<double> dx = r;
    activation_backward(a, y.data(), dx.data(), 40);
    check_grad(x, dx, loss, "activation");
  }
}

TEST(GradCheck, SoftmaxCrossEntropy) {
  // d/dz [-log softmax(beta z)_label] = beta (p - onehot): the formula the
  // trainer uses for the loss gradient.
  std::mt19937 rng(13);
  const int n = 6, label = 2;
  for (double beta : {1.0, 0.5}) {
    auto z = random_vec(n, rng, -3, 3);
    std::vector<double> p(n);
    auto loss = [&] {
      softmax_rows(z.data(), p.data(), 1, n, beta);
      return -std::log(p[label]);
    };
    loss();
    std::vector<double> dz(n);
    for (int c = 0; c < n; ++c) dz[c] = beta * (p[c] - (c == label ? 1.0 : 0.0));
    check_grad(z, dz, loss, "softmax-ce");
  }
}
