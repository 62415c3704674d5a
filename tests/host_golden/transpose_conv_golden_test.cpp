// TRANSPOSE_CONV (float32, int8, int16x8) against TFLite Micro's kernel tests.
//
// Values from tensorflow/lite/micro/kernels/transpose_conv_test.cc
// https://github.com/tensorflow/tflite-micro/blob/0588fd4570258f0db10edf99caedfe663ab47948/tensorflow/lite/micro/kernels/transpose_conv_test.cc
// Float: TestTransposeConvFloat, tolerance 0.001. Quantized:
// TestTransposeConvQuantized, filter through CreateSymmetricPerChannelQuantizedTensor
// (quantized dimension 0), bias through CreateQuantizedBiasTensor (scale
// input_scale * filter_scale argument), golden quantized with zero point 0,
// tolerance 1 (int8) and 4 (int16x8). TFLM's output_shape input is an empty
// tensor; a TFLite model carries the int32 shape, which these pass.
#include <gtest/gtest.h>

#include "core/ops/interpreter.h"
#include "tests/host_golden/tflm_quantize.h"

using namespace tinysim;
using namespace tinysim::golden;

namespace {

struct TcCase {
  std::vector<int32_t> in_shape;
  std::vector<float> input;
  std::vector<int32_t> f_shape;
  std::vector<float> filter;
  std::vector<float> bias;
  std::vector<int32_t> out_shape;
  std::vector<float> golden;
  Padding padding = Padding::Same;
  int stride = 1;
  Activation act = Activation::None;
};

Operator& add_op(test::ModelBuilder& b, const TcCase& c, int f, int in, int bias, int out) {
  const int shape = b.constant<int32_t>(DType::Int32, {4}, c.out_shape);
  auto& op = b.op(OpType::TransposeConv, {shape, f, in, bias}, {out});
  op.options.padding = c.padding;
  op.options.stride_w = op.options.stride_h = c.stride;
  op.options.activation = c.act;
  return op;
}

void check_float(const TcCase& c, const char* what) {
  test::ModelBuilder b;
  const int in = b.tensor(DType::Float32, c.in_shape);
  const int f = b.constant<float>(DType::Float32, c.f_shape, c.filter);
  const int bias = b.constant<float>(DType::Float32, {static_cast<int32_t>(c.bias.size())}, c.bias);
  const int out = b.tensor(DType::Float32, c.out_shape);
  add_op(b, c, f, in, bias, out);
  b.io({in}, {out});
  const auto got = test::run_model<float, float>(b.m, std::vector<std::vector<float>>{c.input});
  ASSERT_EQ(got.size(), c.golden.size()) << what;
  for (size_t k = 0; k < got.size(); ++k) EXPECT_NEAR(got[k], c.golden[k], 0.001f) << what << " [" << k << "]";
}

// T / B: int8_t / int32_t or int16_t / int64_t.
template <class T, class B>
void check_quantized(const TcCase& c, float in_scale, float out_scale, float filter_scale, int tolerance,
                     const char* what) {
  const DType act = sizeof(T) == 1 ? DType::Int8 : DType::Int16;
  const DType bias_type = sizeof(B) == 4 ? DType::Int32 : DType::Int64;
  const PerChannelWeights w = symmetric_per_channel(c.filter, c.f_shape, 0);
  test::ModelBuilder b;
  const int in = b.tensor(act, c.in_shape, {in_scale}, {0});
  const int f = b.constant<int8_t>(DType::Int8, c.f_shape, w.q, w.scales, std::vector<int64_t>(w.scales.size(), 0), 0);
  const int bias = b.constant<B>(bias_type, {static_cast<int32_t>(c.bias.size())},
                                 quantize_bias<B>(c.bias, in_scale, {filter_scale}), {in_scale * filter_scale}, {0});
  const int out = b.tensor(act, c.out_shape, {out_scale}, {0});
  add_op(b, c, f, in, bias, out);
  b.io({in}, {out});
  const auto got = run1<T>(b.m, quantize<T>(c.input, in_scale, 0));
  expect_near_each(got, quantize<T>(c.golden, out_scale, 0), tolerance, what);
}

// kInputShape {1, 4, 4, 2} 1..32, kFilterShape {1, 3, 3, 2} 1..18, one zero
// bias, SAME, stride 1, output {1, 4, 4, 1}.
TcCase simple_case() {
  TcCase c;
  c.in_shape = {1, 4, 4, 2};
  for (int k = 1; k <= 32; ++k) c.input.push_back(static_cast<float>(k));
  c.f_shape = {1, 3, 3, 2};
  for (int k = 1; k <= 18; ++k) c.filter.push_back(static_cast<float>(k));
  c.bias = {0};
  c.out_shape = {1, 4, 4, 1};
  c.golden = {184, 412, 568, 528, 678, 1347, 1689, 1434, 1494, 2715, 3057, 2442, 1968, 3352, 3652, 2760};
  return c;
}

}  // namespace

TEST(TflmTransposeConvGolden, SimpleTestFloat) { check_float(simple_case(), "float simple"); }

TEST(TflmTransposeConvGolden, FusedReluTest) {
  check_float({{1, 4, 4, 1},
               {1, 2, -3, -4, 5, 6, -7, -8, 9, 10, -11, -12, 13, 14, 15, 16},
               {1, 3, 3, 1},
               {1, 2, 3, 4, 5, 6, 7, 8, 9},
               {0},
               {1, 4, 4, 1},
               {29, 24, 0, 0, 99, 72, 0, 0, 207, 186, 0, 0, 263, 292, 141, 0},
               Padding::Same,
               1,
               Activation::Relu},
              "float fused relu");
}

TEST(TflmTransposeConvGolden, AccuracyWithFusedActivationTest) {
  check_float({{1, 1, 2, 1},
               {323, -521},
               {1, 3, 3, 1},
               {9, 5, 6, 9, 8, 5, 3, 1, 4},
               {0},
               {1, 3, 4, 1},
               {1615, 1938, 0, 0, 2584, 1615, 0, 0, 323, 1292, 0, 0},
               Padding::Same,
               3,
               Activation::Relu},
              "float stride 3 relu");
}

TEST(TflmTransposeConvGolden, MultiChannelBiasWithFusedActivationTest) {
  check_float({{1, 2, 2, 1},
               {1, 2, -3, 4},
               {2, 3, 3, 1},
               {1, 3, 5, 7, 9, 11, 13, 15, 17, 2, 4, 6, 8, 10, 12, 14, 16, 18},
               {3, 4},
               {1, 5, 5, 2},
               {4,  6,  6,  8,  10, 14, 9,  12, 13, 16, 10, 12, 12, 14, 28, 32, 21,
                24, 25, 28, 13, 12, 9,  8,  35, 40, 45, 52, 57, 64, 0,  0,  0,  0,
                0,  0,  39, 44, 47, 52, 0,  0,  0,  0,  4,  6,  63, 68, 71, 76},
               Padding::Valid,
               2,
               Activation::Relu},
              "float valid stride 2 two channels");
}

TEST(TflmTransposeConvGolden, SimpleTestQuantizedPerChannel) {
  check_quantized<int8_t, int32_t>(simple_case(), 0.5f, 30.0f, 1.0f, 1, "int8 simple");
}

TEST(TflmTransposeConvGolden, SimpleTestQuantized16x8PerChannel) {
  check_quantized<int16_t, int64_t>(simple_case(), 1.0f, 1.0f, 1.0f, 4, "int16x8 simple");
}

// TFLM runs an int16x8 bias of type int32 as int64 data; TinySim refuses it.
TEST(TflmTransposeConvGolden, Int16x8WithInt32BiasIsRefused) {
  const TcCase c = simple_case();
  test::ModelBuilder b;
  const int in = b.tensor(DType::Int16, c.in_shape, {1.0f}, {0});
  const PerChannelWeights w = symmetric_per_channel(c.filter, c.f_shape, 0);
  const int f = b.constant<int8_t>(DType::Int8, c.f_shape, w.q, w.scales, {0}, 0);
  const int bias = b.constant<int32_t>(DType::Int32, {1}, std::vector<int32_t>{0}, {1.0f}, {0});
  const int out = b.tensor(DType::Int16, c.out_shape, {1.0f}, {0});
  add_op(b, c, f, in, bias, out);
  b.io({in}, {out});
  try {
    HostInterpreter interp(b.m);
    FAIL() << "an int32 bias on int16x8 TRANSPOSE_CONV was accepted";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("int64 bias"), std::string::npos) << e.what();
  }
}
