// TFLite int8 conventions of the PTQ, checked on a small hand-built float
// graph that has every rule in it: per-channel conv/depthwise weights,
// per-tensor (or per-channel) FC weights, int32 biases at input*weight scale,
// fused ReLU/ReLU6 ranges, pooling/reshape/concat sharing params, fixed
// softmax/logistic/tanh output params, int8 graph input/output.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <random>

#include "core/ops/interpreter.h"
#include "core/ops/op_registry.h"
#include "core/optimize/calibration.h"
#include "core/optimize/quantize.h"
#include "core/model/tflite_reader.h"
#include "tests/support/shared_files.h"

namespace tinysim {
namespace {

int add_tensor(Model& m, const std::string& name, std::vector<int32_t> shape, std::vector<float> data = {}) {
  Tensor t;
  t.name = name;
  t.shape = std::move(shape);
  if (!data.empty()) {
    t.data.resize(data.size() * 4);
    std::memcpy(t.data.data(), data.data(), t.data.size());
  }
  m.tensors.push_back(std::move(t));
  return static_cast<int>(m.tensors.size()) - 1;
}

std::vector<float> randoms(size_t n, uint32_t seed, float scale) {
  std::mt19937 g(seed);
  std::vector<float> v(n);
  for (float& x : v) x = scale * (static_cast<float>(g() % 20001) / 10000.0f - 1.0f);
  return v;
}

Operator make_op(OpType t, std::vector<int> in, std::vector<int> out) {
  Operator op;
  op.type = t;
  op.inputs = std::move(in);
  op.outputs = std::move(out);
  return op;
}

// in[1,4,4,2] -conv3x3(relu)-> a[1,4,4,3] -dw3x3(relu6)-> b; c = a + b;
// d = concat(c, a); e = avgpool2x2(d) [1,2,2,6]; f = reshape(e) [1,24];
// g = fc(f) [1,3]; outputs softmax(g), logistic(g), tanh(g).
Model test_graph() {
  Model m;
  m.source = "test_graph";
  const int in = add_tensor(m, "in", {1, 4, 4, 2});
  const int cw = add_tensor(m, "conv_w", {3, 3, 3, 2}, randoms(54, 1, 0.5f));
  // Channel 2 gets much larger weights: per-channel scales must differ.
  for (int k = 36; k < 54; ++k) reinterpret_cast<float*>(m.tensors[static_cast<size_t>(cw)].data.data())[k] *= 8.0f;
  const int cb = add_tensor(m, "conv_b", {3}, {0.1f, -0.2f, 0.3f});
  const int a = add_tensor(m, "a", {1, 4, 4, 3});
  const int dw = add_tensor(m, "dw_w", {1, 3, 3, 3}, randoms(27, 2, 0.4f));
  const int db = add_tensor(m, "dw_b", {3}, {0.05f, 0.0f, -0.05f});
  const int b = add_tensor(m, "b", {1, 4, 4, 3});
  const int c = add_tensor(m, "c", {1, 4, 4, 3});
  const int d = add_tensor(m, "d", {1, 4, 4, 6});
  const int e = add_tensor(m, "e", {1, 2, 2, 6});
  const int f = add_tensor(m, "f", {1, 24});
  const int fw = add_tensor(m, "fc_w", {3, 24}, randoms(72, 3, 0.3f));
  const int fb = add_tensor(m, "fc_b", {3}, {0.2f, -0.1f, 0.0f});
  const int g = add_tensor(m, "g", {1, 3});
  const int sm = add_tensor(m, "softmax", {1, 3});
  const int lg = add_tensor(m, "logistic", {1, 3});
  const int th = add_tensor(m, "tanh", {1, 3});
  Tensor shape;
  shape.name = "shape";
  shape.type = DType::Int32;
  shape.shape = {2};
  const int32_t sv[2] = {1, 24};
  shape.data.resize(8);
  std::memcpy(shape.data.data(), sv, 8);
  m.tensors.push_back(shape);
  const int shp = static_cast<int>(m.tensors.size()) - 1;

  Operator conv = make_op(OpType::Conv2D, {in, cw, cb}, {a});
  conv.options.padding = Padding::Same;
  conv.options.activation = Activation::Relu;
  Operator dwo = make_op(OpType::DepthwiseConv2D, {a, dw, db}, {b});
  dwo.options.padding = Padding::Same;
  dwo.options.activation = Activation::Relu6;
  Operator cat = make_op(OpType::Concatenation, {c, a}, {d});
  cat.options.axis = 3;
  Operator pool = make_op(OpType::AveragePool2D, {d}, {e});
  pool.options.filter_w = pool.options.filter_h = 2;
  pool.options.stride_w = pool.options.stride_h = 2;
  Operator rs = make_op(OpType::Reshape, {e, shp}, {f});
  rs.options.new_shape = {1, 24};
  m.ops = {conv, dwo, make_op(OpType::Add, {a, b}, {c}), cat, pool, rs,
           make_op(OpType::FullyConnected, {f, fw, fb}, {g}), make_op(OpType::Softmax, {g}, {sm}),
           make_op(OpType::Logistic, {g}, {lg}), make_op(OpType::Tanh, {g}, {th})};
  m.inputs = {in};
  m.outputs = {sm, lg, th};
  return m;
}

const Tensor& by_name(const Model& m, const std::string& name) {
  for (const auto& t : m.tensors)
    if (t.name == name) return t;
  throw Error("no tensor " + name);
}

TEST(QuantizeRules, ActivationParamsFollowTflite) {
  auto p = choose_activation_params(0.0f, 6.0f);
  EXPECT_FLOAT_EQ(p.first, 6.0f / 255);
  EXPECT_EQ(p.second, -128);
  p = choose_activation_params(2.0f, 5.0f);  // widened to include 0
  EXPECT_FLOAT_EQ(p.first, 5.0f / 255);
  EXPECT_EQ(p.second, -128);
  p = choose_activation_params(-5.0f, -1.0f);
  EXPECT_EQ(p.second, 127);
  p = choose_activation_params(-1.0f, 3.0f);  // zp = -128 + 1/(4/255) = -64.25 -> -64
  EXPECT_FLOAT_EQ(p.first, 4.0f / 255);
  EXPECT_EQ(p.second, -64);
}

TEST(QuantizeRules, HandBuiltGraph) {
  const Model fm = test_graph();
  const Dataset calib = make_random_dataset({4, 4, 2}, 7, 64, -1.0f, 1.0f);
  QuantizeOptions o;
  o.num_samples = 64;
  size_t last = 0;
  o.progress = [&](size_t done, size_t total) { last = done; EXPECT_EQ(total, 64u); };
  const TensorRanges ranges = calibrate_ranges(fm, calib, o).take();
  EXPECT_EQ(last, 64u);
  const Model q = quantize_with_ranges(fm, ranges, o).take();

  // Graph I/O is int8.
  for (int t : q.inputs) EXPECT_EQ(q.tensors[static_cast<size_t>(t)].type, DType::Int8);
  for (int t : q.outputs) EXPECT_EQ(q.tensors[static_cast<size_t>(t)].type, DType::Int8);
  // Input params come from its calibrated range.
  const auto in_p = choose_activation_params(ranges.at(0).first, ranges.at(0).second);
  EXPECT_FLOAT_EQ(by_name(q, "in").quant.scale[0], in_p.first);

  // Fixed output params.
  EXPECT_FLOAT_EQ(by_name(q, "softmax").quant.scale[0], 1.0f / 256);
  EXPECT_EQ(by_name(q, "softmax").quant.zero_point[0], -128);
  EXPECT_FLOAT_EQ(by_name(q, "logistic").quant.scale[0], 1.0f / 256);
  EXPECT_EQ(by_name(q, "logistic").quant.zero_point[0], -128);
  EXPECT_FLOAT_EQ(by_name(q, "tanh").quant.scale[0], 1.0f / 128);
  EXPECT_EQ(by_name(q, "tanh").quant.zero_point[0], 0);

  // ReLU6 output: range within [0, 6].
  const Tensor& b = by_name(q, "b");
  EXPECT_LE(b.quant.scale[0], 6.0f / 255 + 1e-7f);
  EXPECT_EQ(b.quant.zero_point[0], -128);
  // Concat inputs, pool and reshape share one (scale, zp); conv output 'a'
  // is a concat input so it joins the group.
  for (const char* n : {"a", "c", "d", "e", "f"}) {
    EXPECT_EQ(by_name(q, n).quant.scale, by_name(q, "d").quant.scale) << n;
    EXPECT_EQ(by_name(q, n).quant.zero_point, by_name(q, "d").quant.zero_point) << n;
  }

  // Conv weights: int8 symmetric, one scale per output channel (dim 0),
  // scale = max|w| / 127 so each channel uses +-127.
  const Tensor& cw = by_name(q, "conv_w");
  const Tensor& cwf = by_name(fm, "conv_w");
  ASSERT_EQ(cw.type, DType::Int8);
  ASSERT_EQ(cw.quant.scale.size(), 3u);
  EXPECT_EQ(cw.quant.quantized_dimension, 0);
  for (int ch = 0; ch < 3; ++ch) {
    float mx = 0;
    int qmx = 0;
    for (int k = 0; k < 18; ++k) {
      mx = std::max(mx, std::abs(cwf.as<float>()[ch * 18 + k]));
      qmx = std::max(qmx, std::abs(static_cast<int>(cw.as<int8_t>()[ch * 18 + k])));
      EXPECT_NEAR(cw.as<int8_t>()[ch * 18 + k] * cw.quant.scale[static_cast<size_t>(ch)], cwf.as<float>()[ch * 18 + k],
                  cw.quant.scale[static_cast<size_t>(ch)] / 2 + 1e-7);
    }
    EXPECT_FLOAT_EQ(cw.quant.scale[static_cast<size_t>(ch)], mx / 127);
    EXPECT_EQ(qmx, 127);
    EXPECT_EQ(cw.quant.zero_point[static_cast<size_t>(ch)], 0);
  }
  EXPECT_GT(cw.quant.scale[2], 4 * cw.quant.scale[0]);
  // Depthwise: per channel along dim 3.
  const Tensor& dw = by_name(q, "dw_w");
  EXPECT_EQ(dw.quant.quantized_dimension, 3);
  EXPECT_EQ(dw.quant.scale.size(), 3u);
  // FC: per tensor by default.
  EXPECT_EQ(by_name(q, "fc_w").quant.scale.size(), 1u);
  // Biases: int32, scale = input scale * weight scale (per channel).
  const Tensor& cb = by_name(q, "conv_b");
  ASSERT_EQ(cb.type, DType::Int32);
  for (int ch = 0; ch < 3; ++ch) {
    const float s = by_name(q, "in").quant.scale[0] * cw.quant.scale[static_cast<size_t>(ch)];
    EXPECT_FLOAT_EQ(cb.quant.scale[static_cast<size_t>(ch)], s);
    EXPECT_EQ(cb.as<int32_t>()[ch], static_cast<int32_t>(std::lround(by_name(fm, "conv_b").as<float>()[ch] / s)));
  }
  const Tensor& fbq = by_name(q, "fc_b");
  EXPECT_FLOAT_EQ(fbq.quant.scale[0], by_name(q, "f").quant.scale[0] * by_name(q, "fc_w").quant.scale[0]);
  // No float tensor is left behind.
  for (const auto& t : q.tensors) EXPECT_NE(t.type, DType::Float32) << t.name;
  // Op versions of TFLite's int8 kernels.
  EXPECT_EQ(q.ops[0].version, 3);  // CONV_2D
  EXPECT_EQ(q.ops[1].version, 3);  // DEPTHWISE_CONV_2D
  EXPECT_EQ(q.ops[6].version, 4);  // FULLY_CONNECTED
  EXPECT_EQ(q.ops[7].version, 2);  // SOFTMAX

  // The int8 model tracks the float one.
  HostInterpreter fi(fm), qi(q);
  const Dataset eval = make_random_dataset({4, 4, 2}, 8, 20, -1.0f, 1.0f);
  for (size_t i = 0; i < eval.size(); ++i) {
    const std::vector<float> x(eval.sample(i), eval.sample(i) + 32);
    fi.set_input_from_float(0, x);
    qi.set_input_from_float(0, x);
    fi.invoke();
    qi.invoke();
    // Rounding accumulates over five quantized layers: the logits stay
    // within 3 steps of their int8 scale, the probabilities within 0.06.
    for (int out = 0; out < 3; ++out) {
      const auto a = fi.output_as_float(out), bq = qi.output_as_float(out);
      for (size_t k = 0; k < a.size(); ++k) EXPECT_NEAR(a[k], bq[k], 0.06) << "output " << out;
    }
    int gf = -1, gq = -1;
    for (size_t t = 0; t < fm.tensors.size(); ++t) if (fm.tensors[t].name == "g") gf = static_cast<int>(t);
    for (size_t t = 0; t < q.tensors.size(); ++t) if (q.tensors[t].name == "g") gq = static_cast<int>(t);
    const auto ga = tensor_values_as_float(fm.tensors[static_cast<size_t>(gf)], fi.tensor_bytes(gf));
    const auto gb = tensor_values_as_float(q.tensors[static_cast<size_t>(gq)], qi.tensor_bytes(gq));
    for (size_t k = 0; k < 3; ++k) EXPECT_NEAR(ga[k], gb[k], 3 * q.tensors[static_cast<size_t>(gq)].quant.scale[0]);
  }

  QuantizeOptions pc = o;
  pc.per_channel_fc = true;
  const Model q2 = quantize_with_ranges(fm, ranges, pc).take();
  EXPECT_EQ(by_name(q2, "fc_w").quant.scale.size(), 3u);
  EXPECT_EQ(by_name(q2, "fc_b").quant.scale.size(), 3u);
}

// A channel whose weights are almost zero but whose bias is not: at scale
// input * max|w|/127 its bias would overflow int32, so (as TFLite's converter
// does) the weight scale of that channel is widened until the bias fits.
TEST(QuantizeRules, TinyWeightsWithLargeBiasKeepTheBiasInInt32) {
  Model m = test_graph();
  float* w = reinterpret_cast<float*>(m.tensors[1].data.data());  // conv_w
  for (int k = 18; k < 36; ++k) w[k] = (k % 2 ? 1e-9f : -1e-9f);  // channel 1
  reinterpret_cast<float*>(m.tensors[2].data.data())[1] = 0.5f;   // its bias
  const Model q = quantize_model(m, make_random_dataset({4, 4, 2}, 1, 16, -1.0f, 1.0f), {}).take();
  const Tensor& cw = by_name(q, "conv_w");
  const Tensor& cb = by_name(q, "conv_b");
  const double real_bias = static_cast<double>(cb.as<int32_t>()[1]) * cb.quant.scale[1];
  EXPECT_NEAR(real_bias, 0.5, 1e-3);
  EXPECT_LT(std::abs(cb.as<int32_t>()[1]), 2147483647);
  EXPECT_GT(cw.quant.scale[1], 1e-9f / 127);
  EXPECT_FLOAT_EQ(cb.quant.scale[1], by_name(q, "in").quant.scale[0] * cw.quant.scale[1]);
}

TEST(QuantizeRules, PercentileIgnoresRareOutliers) {
  Model m;
  const int in = add_tensor(m, "in", {1, 1000});
  const int out = add_tensor(m, "out", {1, 1000});
  m.ops = {make_op(OpType::Relu, {in}, {out})};
  m.inputs = {in};
  m.outputs = {out};
  Dataset d = make_random_dataset({1000}, 3, 20, 0.0f, 1.0f);
  d.x[5] = 100.0f;  // one outlier among 20000 values
  QuantizeOptions o;
  o.num_samples = 0;
  const auto mm = calibrate_ranges(m, d, o).take();
  EXPECT_FLOAT_EQ(mm.at(out).second, 100.0f);
  o.method = CalibrationMethod::Percentile;
  o.percentile = 99.9;
  const auto pr = calibrate_ranges(m, d, o).take();
  EXPECT_LT(pr.at(out).second, 1.1f);
  EXPECT_GT(pr.at(out).second, 0.95f);
}

TEST(QuantizeRules, ErrorsNameTheProblem) {
  const Model fm = test_graph();
  TensorRanges ranges = calibrate_ranges(fm, make_random_dataset({4, 4, 2}, 1, 4, -1, 1), {}).take();
  ranges.erase(3);  // tensor "a"... but it is in a group with others; drop them all
  for (int t : float_activation_tensors(fm)) if (fm.tensors[static_cast<size_t>(t)].name == "b") ranges.erase(t);
  auto r = quantize_with_ranges(fm, ranges, {});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(std::string(r.error().what()).find("no calibration range for tensor"), std::string::npos) << r.error().what();
  EXPECT_NE(std::string(r.error().what()).find("(b)"), std::string::npos) << r.error().what();

  auto wrong = quantize_model(fm, make_random_dataset({5}, 1, 4, 0, 1), {});
  ASSERT_FALSE(wrong.ok());
  EXPECT_NE(std::string(wrong.error().what()).find("needs 32"), std::string::npos) << wrong.error().what();

  Model odd = fm;
  odd.ops[2].type = OpType::Sub;  // SUB: PTQ does not know it
  auto u = quantize_model(odd, make_random_dataset({4, 4, 2}, 1, 4, -1, 1), {});
  ASSERT_FALSE(u.ok());

  const Model q = quantize_model(fm, make_random_dataset({4, 4, 2}, 1, 4, -1, 1), {}).take();
  auto twice = quantize_model(q, make_random_dataset({4, 4, 2}, 1, 4, -1, 1), {});
  ASSERT_FALSE(twice.ok());
  EXPECT_NE(std::string(twice.error().what()).find("not float32"), std::string::npos) << twice.error().what();
}

// A float model with an op PTQ has no rule for (here the recurrent
// UNIDIRECTIONAL_SEQUENCE_LSTM, which the host runs): calibration runs,
// then quantization refuses with the op's name.
TEST(QuantizeRules, RefusesAnOpWithoutARuleByName) {
  TINYSIM_REQUIRE_SHARED(path, "tflm_test_mnist_lstm_float.tflite");
  const Model fm = load_tflite(path.string()).take();
  auto r = quantize_model(fm, make_random_dataset({28, 28}, 1, 2, 0, 1), {});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(std::string(r.error().what()).find("UNIDIRECTIONAL_SEQUENCE_LSTM cannot be int8-quantized"),
            std::string::npos)
      << r.error().what();
}

// The ops of issue 10 that PTQ has no rule for yet refuse by name, before
// any range is needed (their float registry examples).
TEST(QuantizeRules, RefusesTheNewMathOpsByName) {
  for (OpType t : {OpType::TransposeConv, OpType::Sum, OpType::ReduceMax, OpType::ArgMax, OpType::ArgMin, OpType::Exp,
                   OpType::Log, OpType::Sqrt, OpType::Rsqrt, OpType::Elu, OpType::Prelu, OpType::L2Normalization}) {
    const ops::OpDef* d = ops::find_op(t);
    ASSERT_NE(d, nullptr) << op_name(t);
    auto r = quantize_with_ranges(d->example(KernelType::Float32), {}, {});
    ASSERT_FALSE(r.ok()) << op_name(t);
    EXPECT_NE(std::string(r.error().what()).find(std::string(op_name(t)) + " cannot be int8-quantized"),
              std::string::npos)
        << r.error().what();
  }
}

}  // namespace
}  // namespace tinysim
