// Every host kernel on tiny hand-built models, with expected values worked
// out by hand from TFLite's reference arithmetic (see the comments).
#include <gtest/gtest.h>

#include <cmath>

#include "core/ops/op_registry.h"
#include "tests/host/model_builder.h"

using namespace tinysim;
using tinysim::test::ModelBuilder;
using tinysim::test::run_model;
using F = DType;

namespace {
std::vector<float> iota_f(int n, float start = 1.f) {
  std::vector<float> v(static_cast<size_t>(n));
  for (int i = 0; i < n; ++i) v[static_cast<size_t>(i)] = start + static_cast<float>(i);
  return v;
}
}  // namespace

TEST(Conv2D, FloatValidStride1WithBias) {
  ModelBuilder b;
  int in = b.tensor(F::Float32, {1, 3, 3, 1});
  int w = b.constant<float>(F::Float32, {1, 2, 2, 1}, {1, 0, 0, 1});
  int bias = b.constant<float>(F::Float32, {1}, {1});
  int out = b.tensor(F::Float32, {1, 2, 2, 1});
  b.op(OpType::Conv2D, {in, w, bias}, {out}).options.padding = Padding::Valid;
  b.io({in}, {out});
  // x(0,0)+x(1,1)+1 etc. with x = 1..9 row-major.
  EXPECT_EQ(run_model<float>(b.m, std::vector<std::vector<float>>{iota_f(9)}),
            (std::vector<float>{7, 9, 13, 15}));
}

TEST(Conv2D, FloatSameStride2) {
  ModelBuilder b;
  int in = b.tensor(F::Float32, {1, 3, 3, 1});
  int w = b.constant<float>(F::Float32, {1, 3, 3, 1}, std::vector<float>(9, 1.f));
  int out = b.tensor(F::Float32, {1, 2, 2, 1});
  auto& op = b.op(OpType::Conv2D, {in, w, -1}, {out});
  op.options.padding = Padding::Same;
  op.options.stride_w = op.options.stride_h = 2;
  b.io({in}, {out});
  // pad = ((2-1)*2 + 3 - 3)/2 = 1: windows clipped to the image.
  EXPECT_EQ(run_model<float>(b.m, std::vector<std::vector<float>>{iota_f(9)}),
            (std::vector<float>{12, 16, 24, 28}));
}

TEST(Conv2D, FloatDilation2) {
  ModelBuilder b;
  int in = b.tensor(F::Float32, {1, 4, 4, 1});
  int w = b.constant<float>(F::Float32, {1, 2, 2, 1}, {1, 1, 1, 1});
  int out = b.tensor(F::Float32, {1, 2, 2, 1});
  auto& op = b.op(OpType::Conv2D, {in, w, -1}, {out});
  op.options.dilation_w = op.options.dilation_h = 2;
  b.io({in}, {out});
  // taps at (y,x),(y,x+2),(y+2,x),(y+2,x+2) of x = 0..15.
  EXPECT_EQ(run_model<float>(b.m, std::vector<std::vector<float>>{iota_f(16, 0.f)}),
            (std::vector<float>{20, 24, 36, 40}));
}

TEST(Conv2D, Int8PerChannelWithOffsets) {
  ModelBuilder b;
  int in = b.tensor(F::Int8, {1, 1, 1, 2}, {0.5f}, {2});
  int w = b.constant<int8_t>(F::Int8, {2, 1, 1, 2}, {1, 2, 3, -4}, {0.25f, 0.125f}, {0, 0}, 0);
  int bias = b.constant<int32_t>(F::Int32, {2}, {4, -8}, {0.125f, 0.0625f});
  int out = b.tensor(F::Int8, {1, 1, 1, 2}, {1.0f}, {-1});
  b.op(OpType::Conv2D, {in, w, bias}, {out});
  b.io({in}, {out});
  // ch0: 1*(10-2) + 2*(-20-2) + 4 = -32, * 0.125 = -4, -1 -> -5
  // ch1: 3*8 + (-4)*(-22) - 8 = 104, * 0.0625 = 6.5 -> 7, -1 -> 6
  EXPECT_EQ(run_model<int8_t>(b.m, std::vector<std::vector<int8_t>>{{10, -20}}), (std::vector<int8_t>{-5, 6}));

  const ConvData p = ops::prepare_as<ConvData>(b.m, 0);
  EXPECT_EQ(p.input_offset, -2);
  EXPECT_EQ(p.output_offset, -1);
  EXPECT_EQ(p.output_multiplier, (std::vector<int32_t>{1 << 30, 1 << 30}));
  EXPECT_EQ(p.output_shift, (std::vector<int32_t>{-2, -3}));
  EXPECT_EQ(p.act_min, -128);
  EXPECT_EQ(p.act_max, 127);
}

TEST(Conv2D, Int8SaturatesAndFusedRelu6Clamps) {
  ModelBuilder b;
  int in = b.tensor(F::Int8, {1, 1, 1, 2}, {1.0f}, {0});
  int w = b.constant<int8_t>(F::Int8, {2, 1, 1, 2}, {127, 127, -127, -127}, {1.0f});
  int out = b.tensor(F::Int8, {1, 1, 1, 2}, {1.0f}, {0});
  b.op(OpType::Conv2D, {in, w, -1}, {out});
  b.io({in}, {out});
  // +-(127*127*2) saturate at the int8 limits.
  EXPECT_EQ(run_model<int8_t>(b.m, std::vector<std::vector<int8_t>>{{127, 127}}), (std::vector<int8_t>{127, -128}));

  ModelBuilder r;
  int rin = r.tensor(F::Int8, {1, 1, 1, 2}, {1.0f}, {0});
  int rw = r.constant<int8_t>(F::Int8, {2, 1, 1, 2}, {1, 0, -1, 0}, {1.0f});
  int rout = r.tensor(F::Int8, {1, 1, 1, 2}, {0.1f}, {-128});
  r.op(OpType::Conv2D, {rin, rw, -1}, {rout}).options.activation = Activation::Relu6;
  r.io({rin}, {rout});
  // ch0: 10 -> 10/0.1 = 100 -128 = -28, but relu6 max = -128 + 60 = -68.
  // ch1: -10 -> clamped at relu's 0 = -128.
  EXPECT_EQ(run_model<int8_t>(r.m, std::vector<std::vector<int8_t>>{{10, 3}}), (std::vector<int8_t>{-68, -128}));
  const ConvData p = ops::prepare_as<ConvData>(r.m, 0);
  EXPECT_EQ(p.act_min, -128);
  EXPECT_EQ(p.act_max, -68);
}

TEST(DepthwiseConv2D, FloatDepthMultiplier2) {
  ModelBuilder b;
  int in = b.tensor(F::Float32, {1, 2, 2, 1});
  // filter [1, 2, 2, 2]: channel 0 all ones, channel 1 = (1, -1, 2, 0)
  int w = b.constant<float>(F::Float32, {1, 2, 2, 2}, {1, 1, 1, -1, 1, 2, 1, 0});
  int bias = b.constant<float>(F::Float32, {2}, {0.5f, -0.5f});
  int out = b.tensor(F::Float32, {1, 1, 1, 2});
  b.op(OpType::DepthwiseConv2D, {in, w, bias}, {out}).options.depth_multiplier = 2;
  b.io({in}, {out});
  // ch0 = 1+2+3+4 + 0.5, ch1 = 1 - 2 + 6 + 0 - 0.5
  EXPECT_EQ(run_model<float>(b.m, std::vector<std::vector<float>>{{1, 2, 3, 4}}),
            (std::vector<float>{10.5f, 4.5f}));
}

TEST(DepthwiseConv2D, Int8DepthMultiplier2SamePadding) {
  ModelBuilder b;
  int in = b.tensor(F::Int8, {1, 1, 2, 1}, {1.0f}, {-1});
  int w = b.constant<int8_t>(F::Int8, {1, 1, 3, 2}, {1, 2, 1, 2, 1, 2}, {0.5f, 0.25f}, {0, 0}, 3);
  int out = b.tensor(F::Int8, {1, 1, 2, 2}, {1.0f}, {0});
  auto& op = b.op(OpType::DepthwiseConv2D, {in, w, -1}, {out});
  op.options.padding = Padding::Same;
  op.options.depth_multiplier = 2;
  b.io({in}, {out});
  // inputs minus zp -1: (4, 8). SAME pad 1: out x0 sees (pad, 4, 8), x1 sees (4, 8, pad).
  // ch0 weights 1: sum 12 * 0.5 = 6; ch1 weights 2: 24 * 0.25 = 6.
  EXPECT_EQ(run_model<int8_t>(b.m, std::vector<std::vector<int8_t>>{{3, 7}}), (std::vector<int8_t>{6, 6, 6, 6}));
}

TEST(FullyConnected, Int8WithBiasAndSaturation) {
  ModelBuilder b;
  int in = b.tensor(F::Int8, {1, 3}, {1.0f}, {0});
  int w = b.constant<int8_t>(F::Int8, {3, 3}, {1, 1, 1, -1, 0, 2, 127, 127, 127}, {1.0f});
  int bias = b.constant<int32_t>(F::Int32, {3}, {0, 1, 0});
  int out = b.tensor(F::Int8, {1, 3}, {2.0f}, {0});
  b.op(OpType::FullyConnected, {in, w, bias}, {out});
  b.io({in}, {out});
  // (1+2+3)/2 = 3; (-1+6+1)/2 = 3; 127*6/2 = 381 -> 127
  EXPECT_EQ(run_model<int8_t>(b.m, std::vector<std::vector<int8_t>>{{1, 2, 3}}), (std::vector<int8_t>{3, 3, 127}));
}

TEST(FullyConnected, FloatFusedRelu) {
  ModelBuilder b;
  int in = b.tensor(F::Float32, {2, 2});
  int w = b.constant<float>(F::Float32, {2, 2}, {1, 2, -1, 1});
  int out = b.tensor(F::Float32, {2, 2});
  b.op(OpType::FullyConnected, {in, w, -1}, {out}).options.activation = Activation::Relu;
  b.io({in}, {out});
  // batch0 (1,1): 3, 0; batch1 (2,-1): 0, -3 -> 0
  EXPECT_EQ(run_model<float>(b.m, std::vector<std::vector<float>>{{1, 1, 2, -1}}), (std::vector<float>{3, 0, 0, 0}));
}

TEST(Pooling, Int8AverageRoundsHalfAwayFromZero) {
  ModelBuilder b;
  int in = b.tensor(F::Int8, {1, 2, 4, 1}, {1.0f}, {0});
  int out = b.tensor(F::Int8, {1, 1, 2, 1}, {1.0f}, {0});
  auto& op = b.op(OpType::AveragePool2D, {in}, {out});
  op.options.filter_w = op.options.filter_h = 2;
  op.options.stride_w = op.options.stride_h = 2;
  b.io({in}, {out});
  // window 0: 1+2+3+5 = 11 -> 2.75 -> 3; window 1: -1-2-3-4 = -10 -> -2.5 -> -3
  EXPECT_EQ(run_model<int8_t>(b.m, std::vector<std::vector<int8_t>>{{1, 2, -1, -2, 3, 5, -3, -4}}),
            (std::vector<int8_t>{3, -3}));
}

TEST(Pooling, FloatMaxSameStride2AndAverageClipsWindow) {
  ModelBuilder b;
  int in = b.tensor(F::Float32, {1, 3, 3, 1});
  int mx = b.tensor(F::Float32, {1, 2, 2, 1});
  auto& op = b.op(OpType::MaxPool2D, {in}, {mx});
  op.options.filter_w = op.options.filter_h = 2;
  op.options.stride_w = op.options.stride_h = 2;
  op.options.padding = Padding::Same;
  b.io({in}, {mx});
  // out 2x2, pad ((2-1)*2+2-3)/2 = 0: windows rows {0,1},{2} cols {0,1},{2}
  EXPECT_EQ(run_model<float>(b.m, std::vector<std::vector<float>>{iota_f(9)}), (std::vector<float>{5, 6, 8, 9}));
  b.m.ops[0].type = OpType::AveragePool2D;
  // averages over the clipped windows: (1+2+4+5)/4, (3+6)/2, (7+8)/2, 9
  EXPECT_EQ(run_model<float>(b.m, std::vector<std::vector<float>>{iota_f(9)}),
            (std::vector<float>{3, 4.5f, 7.5f, 9}));
}

TEST(Add, Int8RescalesAndRounds) {
  ModelBuilder b;
  int x = b.tensor(F::Int8, {1, 3}, {0.5f}, {0});
  int y = b.tensor(F::Int8, {1, 3}, {0.5f}, {0});
  int out = b.tensor(F::Int8, {1, 3}, {1.0f}, {0});
  b.op(OpType::Add, {x, y}, {out});
  b.io({x, y}, {out});
  // 5 + 1.5 = 6.5 -> 7; -5 - 1.5 -> -7; 63.5+63.5 = 127
  EXPECT_EQ(run_model<int8_t>(b.m, std::vector<std::vector<int8_t>>{{10, -10, 127}, {3, -3, 127}}),
            (std::vector<int8_t>{7, -7, 127}));
  const BinaryData p = ops::prepare_as<BinaryData>(b.m, 0);
  EXPECT_EQ(p.left_shift, 20);
  EXPECT_EQ(p.input1_multiplier, 1 << 30);
  EXPECT_EQ(p.input1_shift, 0);
  EXPECT_EQ(p.output_multiplier[0], 1 << 30);
  EXPECT_EQ(p.output_shift[0], -19);
}

TEST(Add, Int8SaturatesWithZeroPoints) {
  ModelBuilder b;
  int x = b.tensor(F::Int8, {1, 2}, {1.0f}, {10});
  int y = b.tensor(F::Int8, {1, 2}, {1.0f}, {-10});
  int out = b.tensor(F::Int8, {1, 2}, {0.5f}, {0});
  b.op(OpType::Add, {x, y}, {out});
  b.io({x, y}, {out});
  // (110-10)+(90+10) = 200 / 0.5 = 400 -> 127; (-118-10)+(-118+10) = -236 -> -472 -> -128
  EXPECT_EQ(run_model<int8_t>(b.m, std::vector<std::vector<int8_t>>{{110, -118}, {90, -118}}),
            (std::vector<int8_t>{127, -128}));
}

TEST(Add, FloatBroadcastAndMulInt8) {
  ModelBuilder b;
  int x = b.tensor(F::Float32, {1, 2, 2, 1});
  int y = b.constant<float>(F::Float32, {1}, {10});
  int out = b.tensor(F::Float32, {1, 2, 2, 1});
  b.op(OpType::Add, {x, y}, {out});
  b.io({x}, {out});
  EXPECT_EQ(run_model<float>(b.m, std::vector<std::vector<float>>{{1, 2, 3, 4}}), (std::vector<float>{11, 12, 13, 14}));

  ModelBuilder m;
  int a = m.tensor(F::Int8, {1, 2}, {0.5f}, {0});
  int c = m.tensor(F::Int8, {1, 2}, {0.5f}, {0});
  int o = m.tensor(F::Int8, {1, 2}, {1.0f}, {0});
  m.op(OpType::Mul, {a, c}, {o});
  m.io({a, c}, {o});
  // 5 * -2 = -10; 60 * 60 = 3600 -> 127
  EXPECT_EQ(run_model<int8_t>(m.m, std::vector<std::vector<int8_t>>{{10, 120}, {-4, 120}}),
            (std::vector<int8_t>{-10, 127}));
}

TEST(Softmax, Int8UniformAndExtremes) {
  ModelBuilder b;
  int in = b.tensor(F::Int8, {2, 2}, {1.0f}, {0});
  int out = b.tensor(F::Int8, {2, 2}, {1.f / 256}, {-128});
  b.op(OpType::Softmax, {in}, {out}).options.beta = 1.f;
  b.io({in}, {out});
  // row 0 equal -> 0.5 -> 128 - 128 = 0; row 1: diff -255 is beyond diff_min -> (127, -128)
  EXPECT_EQ(run_model<int8_t>(b.m, std::vector<std::vector<int8_t>>{{5, 5, 127, -128}}),
            (std::vector<int8_t>{0, 0, 127, -128}));
}

TEST(Softmax, Int8WithinOneStepOfFloat) {
  ModelBuilder b;
  int in = b.tensor(F::Int8, {1, 8}, {0.1f}, {3});
  int out = b.tensor(F::Int8, {1, 8}, {1.f / 256}, {-128});
  b.op(OpType::Softmax, {in}, {out}).options.beta = 1.f;
  b.io({in}, {out});
  const std::vector<int8_t> x{-40, -10, 0, 3, 10, 17, 25, 30};
  const auto y = run_model<int8_t>(b.m, std::vector<std::vector<int8_t>>{x});
  double sum = 0;
  for (auto q : x) sum += std::exp(0.1 * (q - 3));
  for (size_t i = 0; i < x.size(); ++i) {
    const double expect = std::exp(0.1 * (x[i] - 3)) / sum;
    EXPECT_NEAR((y[i] + 128) / 256.0, expect, 1.0 / 256 + 1e-9) << i;
  }
}

TEST(Activations, Int8LogisticTanhWithinOneStep) {
  ModelBuilder b;
  int in = b.tensor(F::Int8, {1, 256}, {0.05f}, {-7});
  int lo = b.tensor(F::Int8, {1, 256}, {1.f / 256}, {-128});
  b.op(OpType::Logistic, {in}, {lo});
  b.io({in}, {lo});
  std::vector<int8_t> x(256);
  for (int i = 0; i < 256; ++i) x[static_cast<size_t>(i)] = static_cast<int8_t>(i - 128);
  auto y = run_model<int8_t>(b.m, std::vector<std::vector<int8_t>>{x});
  for (int i = 0; i < 256; ++i) {
    const double r = 0.05 * (x[static_cast<size_t>(i)] + 7);
    EXPECT_NEAR((y[static_cast<size_t>(i)] + 128) / 256.0, std::min(1.0 / (1 + std::exp(-r)), 127.0 / 256 + 0.5),
                1.0 / 256 + 1e-9);
  }
  EXPECT_EQ(y[128 - 7], 0);  // input 0 -> 0.5 -> 0
  b.m.ops[0].type = OpType::Tanh;
  b.m.tensors[static_cast<size_t>(lo)].quant.scale = {1.f / 128};
  b.m.tensors[static_cast<size_t>(lo)].quant.zero_point = {0};
  y = run_model<int8_t>(b.m, std::vector<std::vector<int8_t>>{x});
  for (int i = 0; i < 256; ++i) {
    const double r = 0.05 * (x[static_cast<size_t>(i)] + 7);
    EXPECT_NEAR(y[static_cast<size_t>(i)] / 128.0, std::clamp(std::tanh(r), -1.0, 127.0 / 128), 1.0 / 128 + 1e-9);
  }
  EXPECT_EQ(y[128 - 7], 0);
}

TEST(Activations, Int8ReluRequantizesAndRelu6Clamps) {
  ModelBuilder b;
  int in = b.tensor(F::Int8, {1, 4}, {0.5f}, {-10});
  int out = b.tensor(F::Int8, {1, 4}, {0.25f}, {-128});
  b.op(OpType::Relu, {in}, {out});
  b.io({in}, {out});
  // (q+10)*0.5/0.25 - 128, floored at zero point -128: -20 -> -148 -> -128, 0 -> -108, 30 -> -48, 100 -> 92
  EXPECT_EQ(run_model<int8_t>(b.m, std::vector<std::vector<int8_t>>{{-20, 0, 30, 100}}),
            (std::vector<int8_t>{-128, -108, -48, 92}));

  ModelBuilder r;
  int rin = r.tensor(F::Int8, {1, 4}, {0.1f}, {-100});
  int rout = r.tensor(F::Int8, {1, 4}, {0.1f}, {-100});
  r.op(OpType::Relu6, {rin}, {rout});
  r.io({rin}, {rout});
  // clamp to [zp, zp + 60] = [-100, -40]
  EXPECT_EQ(run_model<int8_t>(r.m, std::vector<std::vector<int8_t>>{{-128, -70, -40, 127}}),
            (std::vector<int8_t>{-100, -70, -40, -40}));
}

TEST(Mean, Int8GlobalAverageWithRequantization) {
  ModelBuilder b;
  int in = b.tensor(F::Int8, {1, 2, 2, 2}, {0.5f}, {1});
  int axis = b.constant<int32_t>(F::Int32, {2}, {1, 2});
  int out = b.tensor(F::Int8, {1, 1, 1, 2}, {0.25f}, {-3});
  b.op(OpType::Mean, {in, axis}, {out}).options.keep_dims = true;
  b.io({in}, {out});
  // ch0: q-1 = (0,1,2,4) sum 7, *2 = 14, /4 = 3.5 -> 4, -3 -> 1
  // ch1: q-1 = (-1,-2,-3,-5) sum -11, *2 = -22, /4 = -5.5 -> -6, -3 -> -9
  EXPECT_EQ(run_model<int8_t>(b.m, std::vector<std::vector<int8_t>>{{1, 0, 2, -1, 3, -2, 5, -4}}),
            (std::vector<int8_t>{1, -9}));
}

TEST(Layout, PadInt8UsesZeroPointAndConcatenation) {
  ModelBuilder b;
  int in = b.tensor(F::Int8, {1, 1, 2, 1}, {1.0f}, {-5});
  int pads = b.constant<int32_t>(F::Int32, {4, 2}, {0, 0, 1, 0, 0, 1, 0, 0});
  int out = b.tensor(F::Int8, {1, 2, 3, 1}, {1.0f}, {-5});
  b.op(OpType::Pad, {in, pads}, {out});
  b.io({in}, {out});
  EXPECT_EQ(run_model<int8_t>(b.m, std::vector<std::vector<int8_t>>{{7, 8}}),
            (std::vector<int8_t>{-5, -5, -5, 7, 8, -5}));

  ModelBuilder c;
  int a = c.tensor(F::Float32, {1, 2, 1});
  int d = c.tensor(F::Float32, {1, 2, 2});
  int o = c.tensor(F::Float32, {1, 2, 3});
  c.op(OpType::Concatenation, {a, d}, {o}).options.axis = -1;
  c.io({a, d}, {o});
  EXPECT_EQ(run_model<float>(c.m, std::vector<std::vector<float>>{{1, 2}, {10, 11, 20, 21}}),
            (std::vector<float>{1, 10, 11, 2, 20, 21}));
}

TEST(Quantize, RoundHalfAwayAndDequantize) {
  ModelBuilder b;
  int in = b.tensor(F::Float32, {1, 5});
  int q = b.tensor(F::Int8, {1, 5}, {0.5f}, {1});
  int out = b.tensor(F::Float32, {1, 5});
  b.op(OpType::Quantize, {in}, {q});
  b.op(OpType::Dequantize, {q}, {out});
  b.io({in}, {out});
  HostInterpreter interp(b.m);
  const std::vector<float> x{0.25f, -0.25f, 1.0f, 100.f, -100.f};
  interp.set_input(0, x.data(), x.size() * 4);
  interp.invoke();
  const auto& qb = interp.tensor_bytes(q);
  // 0.5 -> 1 +1 = 2; -0.5 -> -1 +1 = 0; 2+1 = 3; 201 -> 127; -199 -> -128
  EXPECT_EQ(std::vector<int8_t>(qb.begin(), qb.end()), (std::vector<int8_t>{2, 0, 3, 127, -128}));
  EXPECT_EQ(interp.output_as_float(0), (std::vector<float>{0.5f, -0.5f, 1.0f, 63.f, -64.5f}));
}

TEST(Quantize, Int16ToInt8Requantize) {
  ModelBuilder b;
  int in = b.tensor(F::Int16, {1, 3}, {0.01f}, {0});
  int out = b.tensor(F::Int8, {1, 3}, {0.1f}, {2});
  b.op(OpType::Quantize, {in}, {out});
  b.io({in}, {out});
  // x*0.1 + 2: 104 -> 10.4 -> 10 + 2 = 12; -106 -> -11 + 2 = -9; 30000 -> 3002 -> 127
  EXPECT_EQ(run_model<int8_t>(b.m, std::vector<std::vector<int16_t>>{{104, -106, 30000}}),
            (std::vector<int8_t>{12, -9, 127}));
}

TEST(Reshape, CopiesBytes) {
  ModelBuilder b;
  int in = b.tensor(F::Int8, {1, 2, 2}, {1.f}, {0});
  int out = b.tensor(F::Int8, {1, 4}, {1.f}, {0});
  b.op(OpType::Reshape, {in}, {out});
  b.io({in}, {out});
  EXPECT_EQ(run_model<int8_t>(b.m, std::vector<std::vector<int8_t>>{{1, -2, 3, -4}}),
            (std::vector<int8_t>{1, -2, 3, -4}));
}

TEST(Conv2D, Int16x8Int64Bias) {
  ModelBuilder b;
  int in = b.tensor(F::Int16, {1, 1, 1, 2}, {0.5f}, {0});
  int w = b.constant<int8_t>(F::Int8, {1, 1, 1, 2}, {100, -50}, {0.01f});
  int bias = b.constant<int64_t>(F::Int64, {1}, {1000});
  int out = b.tensor(F::Int16, {1, 1, 1, 1}, {0.25f}, {0});
  b.op(OpType::Conv2D, {in, w, bias}, {out});
  b.io({in}, {out});
  // acc = 100*3000 - 50*(-1000) + 1000 = 351000; * (0.5*0.01/0.25 = 0.02) = 7020
  EXPECT_EQ(run_model<int16_t>(b.m, std::vector<std::vector<int16_t>>{{3000, -1000}}), (std::vector<int16_t>{7020}));
}

TEST(Prepare, ErrorsNameFileOpAndProblem) {
  ModelBuilder b;
  int in = b.tensor(F::Float32, {1, 4});
  int out = b.tensor(F::Float32, {1, 4});
  b.op(OpType::LshProjection, {in}, {out});
  b.io({in}, {out});
  try {
    HostInterpreter interp(b.m);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()).rfind("handmade.tflite: op 0 (LSH_PROJECTION) is not supported by TinySim (supported: ADD", 0), 0u)
        << e.what();
  }
  // A conv whose output shape disagrees with its padding.
  ModelBuilder c;
  int ci = c.tensor(F::Float32, {1, 3, 3, 1});
  int cw = c.constant<float>(F::Float32, {1, 2, 2, 1}, {1, 1, 1, 1});
  int co = c.tensor(F::Float32, {1, 3, 3, 1});
  c.op(OpType::Conv2D, {ci, cw, -1}, {co});
  c.io({ci}, {co});
  try {
    (void)ops::prepare_op(c.m, 0);
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("op 0 (CONV_2D): output is 3x3 but VALID padding gives 2x2"), std::string::npos)
        << e.what();
  }
  // Wrong input size.
  HostInterpreter ok([&] {
    ModelBuilder r;
    int ri = r.tensor(F::Float32, {1, 4});
    int ro = r.tensor(F::Float32, {4});
    r.op(OpType::Reshape, {ri}, {ro});
    r.io({ri}, {ro});
    return r.m;
  }());
  float three[3] = {};
  EXPECT_THROW(ok.set_input(0, three, sizeof three), Error);
}
