// int8 and int16x8 CONV_2D (per-channel requantization) against TFLite
// Micro's conv kernel tests.
#include <gtest/gtest.h>

#include "tests/host_golden/tflm_quantize.h"

using namespace tinysim;
using namespace tinysim::golden;

namespace {

// Values from tensorflow/lite/micro/kernels/conv_test.cc
// https://github.com/tensorflow/tflite-micro/blob/0cc6f983266d1bd6f5d66f485c546e8cc80ad6a2/tensorflow/lite/micro/kernels/conv_test.cc
// TestConvQuantizedPerChannel (conv_test_common.cc,
// https://github.com/tensorflow/tflite-micro/blob/0e09ad378de18c6eec2f2ce9dd5e48a15953699f/tensorflow/lite/micro/kernels/conv_test_common.cc):
// input quantized per tensor, filter with CreateSymmetricPerChannelQuantizedTensor
// (quantized dimension 0), bias with CreatePerChannelQuantizedBiasTensor,
// golden quantized with the output params, tolerance 1.0.
const std::vector<int32_t> kInputShape = {2, 2, 4, 1};
const std::vector<float> kInputData = {1, 1, 1, 1, 2, 2, 2, 2, 1, 2, 3, 4, 1, 2, 3, 4};
const std::vector<int32_t> kFilterShape = {3, 2, 2, 1};
const std::vector<float> kFilterData = {1, 2, 3, 4, -1, 1, -1, 1, -1, -1, 1, 1};
const std::vector<float> kBiasData = {1, 2, 3};
const std::vector<int32_t> kOutputShape = {2, 1, 2, 3};
const std::vector<float> kGoldenData = {18, 2, 5, 18, 2, 5, 17, 4, 3, 37, 4, 3};

struct ConvGeometry {
  int stride = 2;
  Padding padding = Padding::Valid;
  Activation act = Activation::None;
};

constexpr DType dtype_of(int8_t) { return DType::Int8; }
constexpr DType dtype_of(int16_t) { return DType::Int16; }
constexpr DType dtype_of(int32_t) { return DType::Int32; }
constexpr DType dtype_of(int64_t) { return DType::Int64; }

// One CONV_2D with TFLM's per-channel test quantization. T: activation type,
// B: bias type.
template <class T, class B>
std::vector<T> run_conv_per_channel(const std::vector<int32_t>& in_shape, const std::vector<float>& input,
                                    float in_scale, int in_zp, const std::vector<int32_t>& f_shape,
                                    const std::vector<float>& filter, const std::vector<float>& bias,
                                    const std::vector<int32_t>& out_shape, float out_scale, int out_zp,
                                    ConvGeometry g) {
  const PerChannelWeights w = symmetric_per_channel(filter, f_shape, 0);
  std::vector<float> bias_scales;
  for (float s : w.scales) bias_scales.push_back(in_scale * s);
  test::ModelBuilder b;
  const int in = b.tensor(dtype_of(T{}), in_shape, {in_scale}, {in_zp});
  const int f = b.constant<int8_t>(DType::Int8, f_shape, w.q, w.scales, std::vector<int64_t>(w.scales.size(), 0), 0);
  const int bi = b.constant<B>(dtype_of(B{}), {static_cast<int32_t>(bias.size())},
                               quantize_bias<B>(bias, in_scale, w.scales), bias_scales,
                               std::vector<int64_t>(bias_scales.size(), 0), 0);
  const int out = b.tensor(dtype_of(T{}), out_shape, {out_scale}, {out_zp});
  auto& o = b.op(OpType::Conv2D, {in, f, bi}, {out}).options;
  o.stride_w = o.stride_h = g.stride;
  o.padding = g.padding;
  o.activation = g.act;
  b.io({in}, {out});
  return run1<T>(b.m, quantize<T>(input, in_scale, in_zp));
}

template <class T, class B>
void check_common(float in_scale, int in_zp, float out_scale, int out_zp, const std::vector<float>& bias,
                  const std::vector<float>& golden, Activation act, const std::string& what) {
  const auto got = run_conv_per_channel<T, B>(kInputShape, kInputData, in_scale, in_zp, kFilterShape, kFilterData,
                                              bias, kOutputShape, out_scale, out_zp, {2, Padding::Valid, act});
  expect_near_each(got, quantize<T>(golden, out_scale, out_zp), 1, what);
}

const std::vector<float> kBiasRelu6 = {1, 2, -3};
const std::vector<float> kGoldenRelu6 = {6, 2, 0, 6, 2, 0, 6, 4, 0, 6, 4, 0};

// Kernel1x1 tests: input {1, 2, 2, 4}, filter {3, 1, 1, 4}, stride 1.
const std::vector<float> k1x1Filter = {1, 2, 3, 4, -1, 1, -1, 1, -1, -1, 1, 1};

}  // namespace

TEST(TflmConvGolden, SimpleTestQuantizedPerChannel) {
  check_common<int8_t, int32_t>(0.5f, 0, 1.0f, 0, kBiasData, kGoldenData, Activation::None, "conv per-channel");
}

TEST(TflmConvGolden, SimpleTestQuantizedPerChannelRelu6) {
  // TFLM's test uses common_conv_params (no fused activation): the clamp to
  // [0, 6] comes from the int8 range with scale 0.023529 and zp -128.
  check_common<int8_t, int32_t>(0.023529f, -128, 0.023529f, -128, kBiasRelu6, kGoldenRelu6, Activation::None,
                                "conv per-channel 'relu6'");
}

TEST(TflmConvGolden, Kernel1x1QuantizedPerChannel) {
  const auto got = run_conv_per_channel<int8_t, int32_t>({1, 2, 2, 4}, kInputData, 0.5f, 0, {3, 1, 1, 4}, k1x1Filter,
                                                         {1, 2, 3}, {1, 2, 2, 3}, 1.0f, 0, {1, Padding::Valid});
  expect_near_each(got, quantize<int8_t>({11, 2, 3, 21, 2, 3, 31, 4, 7, 31, 4, 7}, 1.0f, 0), 1, "conv 1x1");
}

TEST(TflmConvGolden, Kernel1x1QuantizedPerChannelRelu6) {
  const auto got =
      run_conv_per_channel<int8_t, int32_t>({1, 2, 2, 4}, kInputData, 0.023529f, -128, {3, 1, 1, 4}, k1x1Filter,
                                            kBiasRelu6, {1, 2, 2, 3}, 0.023529f, -128,
                                            {1, Padding::Valid, Activation::Relu6});
  expect_near_each(got, quantize<int8_t>({6, 2, 0, 6, 2, 0, 6, 4, 1, 6, 4, 1}, 0.023529f, -128), 1, "conv 1x1 relu6");
}

TEST(TflmConvGolden, BroadcastPerLayerQuantizationToPerChannelShouldMatchGolden) {
  // Per-tensor scales of 1 everywhere: input and filter through Quantize,
  // bias through SymmetricQuantize (scale 1); default tolerance 1e-5: exact.
  test::ModelBuilder b;
  const int in = b.tensor(DType::Int8, kInputShape, {1.0f}, {0});
  const int f = b.constant<int8_t>(DType::Int8, kFilterShape, quantize<int8_t>(kFilterData, 1.0f, 0), {1.0f}, {0});
  const int bi = b.constant<int32_t>(DType::Int32, {3}, quantize_bias<int32_t>(kBiasData, 1.0f, {1.0f}), {1.0f}, {0});
  const int out = b.tensor(DType::Int8, kOutputShape, {1.0f}, {0});
  auto& o = b.op(OpType::Conv2D, {in, f, bi}, {out}).options;
  o.stride_w = o.stride_h = 2;
  b.io({in}, {out});
  expect_near_each(run1<int8_t>(b.m, quantize<int8_t>(kInputData, 1.0f, 0)), quantize<int8_t>(kGoldenData, 1.0f, 0), 0,
                   "conv per-layer broadcast");
}

// Int8Filter1x3x3x1ShouldMatchGolden{Even,Odd}InputPaddingSame: raw int8
// input, filter and golden from tensorflow/lite/micro/kernels/testdata/conv_test_data.cc
// https://github.com/tensorflow/tflite-micro/blob/0cc6f983266d1bd6f5d66f485c546e8cc80ad6a2/tensorflow/lite/micro/kernels/testdata/conv_test_data.cc
// stride 2, SAME padding, zero bias, tolerance 1.0.
namespace {
const std::vector<int8_t> kConvFilter1x3x3x1 = {22, -98, 78, -127, 101, 47, 87, 12, -15};

void check_1x3x3x1(int size, const std::vector<int8_t>& input, int out_size, const std::vector<int8_t>& golden,
                   const char* what) {
  test::ModelBuilder b;
  const int in = b.tensor(DType::Int8, {1, size, size, 1}, {0.00392120517f}, {-128});
  const int f = b.constant<int8_t>(DType::Int8, {1, 3, 3, 1}, kConvFilter1x3x3x1, {0.00448552053f}, {0}, 0);
  const int bi = b.constant<int32_t>(DType::Int32, {1}, std::vector<int32_t>{0}, {0.00001758864f}, {0}, 0);
  const int out = b.tensor(DType::Int8, {1, out_size, out_size, 1}, {0.00627814838f}, {-7});
  auto& o = b.op(OpType::Conv2D, {in, f, bi}, {out}).options;
  o.stride_w = o.stride_h = 2;
  o.padding = Padding::Same;
  b.io({in}, {out});
  expect_near_each(run1<int8_t>(b.m, input), golden, 1, what);
}
}  // namespace

TEST(TflmConvGolden, Int8Filter1x3x3x1ShouldMatchGoldenEvenInputPaddingSame) {
  check_1x3x3x1(4, {-127, -111, -95, -79, -63, -47, -31, -15, 1, 17, 33, 49, 65, 81, 97, 113}, 2, {38, 24, 16, -58},
                "conv 1x3x3x1 even");
}

TEST(TflmConvGolden, Int8Filter1x3x3x1ShouldMatchGoldenOddInputPaddingSame) {
  check_1x3x3x1(5, {-128, -111, -95, -79, -63, -47, -31, -15, 1, 17, 33, 49, 65,
                    81,   97,   113, 127, 100, 80,  60,  40,  20, 0, -20, -40},
                3, {-6, 25, 30, 58, 76, 7, 50, -11, -59}, "conv 1x3x3x1 odd");
}

TEST(TflmConvGolden, Int8Input32x1Filter32x32ShouldMatchGolden) {
  // Inputs i - 16, filters (i * 25) % 256 - 128, bias i quantized by TFLM
  // with SymmetricQuantize(scale input_scale * output_scale = 50); all scales
  // 1 except the output's 50; tolerance 1.
  constexpr int kSamples = 32;
  std::vector<float> input, filter, bias;
  for (int i = 0; i < kSamples; ++i) {
    input.push_back(static_cast<float>(i - 16));
    bias.push_back(static_cast<float>(i));
  }
  for (int i = 0; i < kSamples * kSamples; ++i) filter.push_back(static_cast<float>((i * 25) % 256 - 128));
  const std::vector<float> expected = {
      5168.000000,  3377.000000,  306.000000,   -4045.000000, -4556.000000, -1227.000000, 822.000000,
      1591.000000,  5176.000000,  3385.000000,  314.000000,   -4037.000000, -4548.000000, -1219.000000,
      830.000000,   1599.000000,  5184.000000,  3393.000000,  322.000000,   -4029.000000, -4540.000000,
      -1211.000000, 838.000000,   1607.000000,  5192.000000,  3401.000000,  330.000000,   -4021.000000,
      -4532.000000, -1203.000000, 846.000000,   1615.000000};
  test::ModelBuilder b;
  const int in = b.tensor(DType::Int8, {1, 1, 1, kSamples}, {1.0f}, {0});
  const int f =
      b.constant<int8_t>(DType::Int8, {kSamples, 1, 1, kSamples}, quantize<int8_t>(filter, 1.0f, 0), {1.0f}, {0});
  const int bi =
      b.constant<int32_t>(DType::Int32, {kSamples}, quantize_bias<int32_t>(bias, 50.0f, {1.0f}), {1.0f}, {0});
  const int out = b.tensor(DType::Int8, {1, 1, 1, kSamples}, {50.0f}, {0});
  b.op(OpType::Conv2D, {in, f, bi}, {out});
  b.io({in}, {out});
  expect_near_each(run1<int8_t>(b.m, quantize<int8_t>(input, 1.0f, 0)), quantize<int8_t>(expected, 50.0f, 0), 1,
                   "conv 32x1 filter 32x32");
}

// int16 activations, int8 per-channel weights (TestConvQuantizedPerChannel
// overloads for int16_t with int64_t and int32_t biases), tolerance 1.0.
TEST(TflmConvGolden, SimpleTestQuantized16x8PerChannel64bBias) {
  check_common<int16_t, int64_t>(0.5f, 0, 1.0f, 0, kBiasData, kGoldenData, Activation::None, "conv 16x8 int64 bias");
}

TEST(TflmConvGolden, SimpleTestQuantized16x8PerChannel32bBias) {
  check_common<int16_t, int32_t>(0.5f, 0, 1.0f, 0, kBiasData, kGoldenData, Activation::None, "conv 16x8 int32 bias");
}

TEST(TflmConvGolden, SimpleTestQuantized16x8PerChannelRelu664bBias) {
  check_common<int16_t, int64_t>(0.023529f, 0, 0.023529f, 0, kBiasRelu6, kGoldenRelu6, Activation::Relu6,
                                 "conv 16x8 relu6 int64 bias");
}

TEST(TflmConvGolden, SimpleTestQuantized16x8PerChannelRelu632bBias) {
  check_common<int16_t, int32_t>(0.023529f, 0, 0.023529f, 0, kBiasRelu6, kGoldenRelu6, Activation::Relu6,
                                 "conv 16x8 relu6 int32 bias");
}

TEST(TflmConvGolden, Kernel1x1Quantized16x8PerChannelRelu6) {
  const auto got = run_conv_per_channel<int16_t, int64_t>({1, 2, 2, 4}, kInputData, 0.023529f, 0, {3, 1, 1, 4},
                                                          k1x1Filter, kBiasRelu6, {1, 2, 2, 3}, 0.023529f, 0,
                                                          {1, Padding::Valid, Activation::Relu6});
  expect_near_each(got, quantize<int16_t>({6, 2, 0, 6, 2, 0, 6, 4, 1, 6, 4, 1}, 0.023529f, 0), 1,
                   "conv 16x8 1x1 relu6");
}
