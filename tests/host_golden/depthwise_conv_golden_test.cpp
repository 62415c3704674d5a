// int8 DEPTHWISE_CONV_2D (per-channel requantization) against TFLite Micro's
// depthwise conv kernel tests.
#include <gtest/gtest.h>

#include "tests/host_golden/tflm_quantize.h"

using namespace tinysim;
using namespace tinysim::golden;

namespace {

// Values from tensorflow/lite/micro/kernels/depthwise_conv_test.cc
// https://github.com/tensorflow/tflite-micro/blob/0086895a3ca688a0613ba4c78ad729f39bba8faa/tensorflow/lite/micro/kernels/depthwise_conv_test.cc
// TestDepthwiseConvQuantizedPerChannel: input quantized per tensor, filter
// with CreateSymmetricPerChannelQuantizedTensor (quantized dimension 3), bias
// with CreatePerChannelQuantizedBiasTensor, VALID padding, depth multiplier
// = output channels / input channels, golden quantized with the output
// params, tolerance 1.0.
struct DwCase {
  std::vector<int32_t> in_shape;
  std::vector<float> input;
  std::vector<int32_t> f_shape;
  std::vector<float> filter;
  std::vector<float> bias;
  std::vector<int32_t> out_shape;
  std::vector<float> golden;
  float in_scale;
  float out_scale;
  int zero_point;  // input and output
  Activation act = Activation::None;
  int dilation_w = 1, dilation_h = 1;
};

// T / B: int8_t / int32_t, or int16_t / int64_t (the int16 overload of
// TestDepthwiseConvQuantizedPerChannel, same helpers and tolerance).
template <class T = int8_t, class B = int32_t>
void check_dw_per_channel(const DwCase& c, const char* what) {
  const DType act = sizeof(T) == 1 ? DType::Int8 : DType::Int16;
  const DType bias_type = sizeof(B) == 4 ? DType::Int32 : DType::Int64;
  const PerChannelWeights w = symmetric_per_channel(c.filter, c.f_shape, 3);
  std::vector<float> bias_scales;
  for (float s : w.scales) bias_scales.push_back(c.in_scale * s);
  test::ModelBuilder b;
  const int in = b.tensor(act, c.in_shape, {c.in_scale}, {c.zero_point});
  const int f = b.constant<int8_t>(DType::Int8, c.f_shape, w.q, w.scales, std::vector<int64_t>(w.scales.size(), 0), 3);
  const int bi = b.constant<B>(bias_type, {static_cast<int32_t>(c.bias.size())},
                               quantize_bias<B>(c.bias, c.in_scale, w.scales), bias_scales,
                               std::vector<int64_t>(bias_scales.size(), 0), 0);
  const int out = b.tensor(act, c.out_shape, {c.out_scale}, {c.zero_point});
  auto& o = b.op(OpType::DepthwiseConv2D, {in, f, bi}, {out}).options;
  o.padding = Padding::Valid;
  o.activation = c.act;
  o.dilation_w = c.dilation_w;
  o.dilation_h = c.dilation_h;
  o.depth_multiplier = c.out_shape[3] / c.in_shape[3];
  b.io({in}, {out});
  const auto got = run1<T>(b.m, quantize<T>(c.input, c.in_scale, c.zero_point));
  expect_near_each(got, quantize<T>(c.golden, c.out_scale, c.zero_point), 1, what);
}

const std::vector<float> kInput = {1, 2, 7, 8, 3, 4, 9, 10, 5, 6, 11, 12};
const std::vector<float> kFilter = {1, 2, 3, 4, -9, 10, -11, 12, 5, 6, 7, 8, 13, -14, 15, -16};
const std::vector<float> kGolden = {71, -34, 99, -20, 91, -26, 127, -4};

// Per-tensor cases (Int8Input32x{4,1}Filter32x{4,1}ShouldMatchGolden,
// PerChannelBroadcastQuantizationParams): filter through Quantize with one
// scale, bias through SymmetricQuantize with input_scale * output_scale.
std::vector<int8_t> run_dw_per_tensor(const std::vector<int32_t>& in_shape, const std::vector<float>& input,
                                      float in_scale, int in_zp, const std::vector<int32_t>& f_shape,
                                      const std::vector<float>& filter, float f_scale, const std::vector<float>& bias,
                                      float bias_quant_scale, const std::vector<int32_t>& out_shape, float out_scale,
                                      int out_zp, int stride) {
  test::ModelBuilder b;
  const int in = b.tensor(DType::Int8, in_shape, {in_scale}, {in_zp});
  const int f = b.constant<int8_t>(DType::Int8, f_shape, quantize<int8_t>(filter, f_scale, 0), {f_scale}, {0});
  const int bi = b.constant<int32_t>(DType::Int32, {static_cast<int32_t>(bias.size())},
                                     quantize_bias<int32_t>(bias, bias_quant_scale, {1.0f}), {in_scale * f_scale}, {0});
  const int out = b.tensor(DType::Int8, out_shape, {out_scale}, {out_zp});
  auto& o = b.op(OpType::DepthwiseConv2D, {in, f, bi}, {out}).options;
  o.stride_w = o.stride_h = stride;
  o.depth_multiplier = out_shape[3] / in_shape[3];
  b.io({in}, {out});
  return run1<int8_t>(b.m, quantize<int8_t>(input, in_scale, in_zp));
}

}  // namespace

TEST(TflmDepthwiseConvGolden, SimpleTestQuantizedPerChannel) {
  check_dw_per_channel({{1, 3, 2, 2}, kInput, {1, 2, 2, 4}, kFilter, {1, 2, 3, 4}, {1, 2, 1, 4}, kGolden, 0.5f, 1.0f, 0},
                       "dw per-channel");
}

TEST(TflmDepthwiseConvGolden, SimpleTestQuantizedPerChannelDepthMultiplier1) {
  check_dw_per_channel({{1, 3, 2, 2},
                        kInput,
                        {1, 2, 2, 2},
                        {1, 2, 3, 4, -9, 10, -11, 12},
                        {1, 2},
                        {1, 2, 1, 2},
                        {-103, 127, -128, 127},
                        1.0f,
                        1.0f,
                        0},
                       "dw depth multiplier 1");
}

TEST(TflmDepthwiseConvGolden, TestQuantizedPerChannelDepthMultiplier1Relu6) {
  check_dw_per_channel({{1, 3, 2, 4},
                        std::vector<float>(24, 1.0f),
                        {1, 2, 2, 4},
                        {0, 1, 8, -2, -1, 2, -10, 0, -1, 3, -18, 0, 0, 4, 20, -3},
                        {1, 2, 3, 4},
                        {1, 2, 1, 4},
                        {0, 6, 3, 0, 0, 6, 3, 0},
                        0.023529f,
                        0.023529f,
                        -128,
                        Activation::Relu6},
                       "dw relu6");
}

TEST(TflmDepthwiseConvGolden, SimpleTestDilatedQuantizedPerChannel) {
  check_dw_per_channel({{1, 4, 6, 2},
                        {1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3, 3, 4, 4, 4, 4, 4, 4,
                         1, 2, 3, 4, 5, 6, 2, 6, 2, 4, 4, 2, 3, 2, 6, 5, 1, 4, 1, 2, 1, 4, 6, 3},
                        {1, 2, 2, 4},
                        kFilter,
                        {1, 2, 3, 4},
                        {1, 2, 3, 4},
                        {15, 2, 88, -48, 25, 14, 72, 0, 61, -2, 56, 48, -4, 52, 12, 48, 11, 70, 63, 40, 51, -30, 41, 48},
                        0.5f,
                        1.0f,
                        0,
                        Activation::None,
                        3,
                        2},
                       "dw dilated");
}

TEST(TflmDepthwiseConvGolden, TestQuantizedPerChannelCompareWithFloat) {
  check_dw_per_channel({{1, 2, 3, 2},
                        {3, 2, 1, -1, -2, -3, 4, 3, 2, -2, -3, -4},
                        {1, 2, 2, 4},
                        {1, 2, 3, 4, 3, 4, 5, 6, 7, 8, 5, 6, 3, 4, 1, 2},
                        {3, -2, 4, 6},
                        {1, 1, 2, 4},
                        {43, 48, 18, 22, 3, -4, -28, -36},
                        0.5f,
                        1.0f,
                        0},
                       "dw compare with float");
}

TEST(TflmDepthwiseConvGolden, PerChannelBroadcastQuantizationParams) {
  // All scales 1, per-tensor; ValidateDepthwiseConvGoldens tolerance 1e-5: exact.
  const auto got = run_dw_per_tensor({1, 3, 2, 2}, kInput, 1.0f, 0, {1, 2, 2, 4}, kFilter, 1.0f, {1, 2, 3, 4}, 1.0f,
                                     {1, 2, 1, 4}, 1.0f, 0, 1);
  expect_near_each(got, quantize<int8_t>(kGolden, 1.0f, 0), 0, "dw per-layer broadcast");
}

TEST(TflmDepthwiseConvGolden, Int8Input32x4Filter32x4ShouldMatchGolden) {
  const std::vector<float> input = {
      11.0589, 10.8824, 11.1766, 11.5295, 10.8236, 9.5295, 9.5295, 10.0001, 11.2354, 10.8824, 9.1765,  9.0589,
      9.6471,  8.9412,  7.9412,  9.0001,  9.3530,  7.5295, 9.2354, 9.5883,  7.5883,  8.1765,  7.5883,  9.2942,
      9.1177,  8.5883,  8.2354,  8.6471,  8.0589,  8.0001, 7.4118, 7.3530,  11.0001, 11.1177, 11.0589, 11.2354,
      10.5883, 9.2942,  9.2942,  10.1177, 11.2354, 10.8824, 8.9412, 8.8236,  9.2354,  8.8824,  7.0001,  9.1177,
      9.5883,  8.2354,  9.1765,  9.5295,  7.4118,  8.5883, 8.1177, 9.1765,  9.0001,  9.0589,  8.9412,  8.2942,
      7.8824,  8.4118,  7.2942,  7.2354,  10.4118, 10.8824, 11.1177, 11.0001, 10.0001, 9.7060,  9.7648,  10.1766,
      11.1766, 10.6471, 8.6471,  8.5295,  9.5295,  9.0001, 7.0001, 9.4118,  9.8236,  8.0001,  9.2354,  9.5883,
      7.5295,  9.0001,  8.5295,  9.0589,  8.9412,  9.1177, 8.9412, 8.0001,  8.0589,  8.8824,  7.0589,  7.3530,
      11.3530, 11.0589, 10.7060, 10.7648, 9.9413,  9.1177, 9.1177, 9.7648,  10.7060, 10.2354, 8.5883,  8.8236,
      9.7648,  9.2942,  7.5295,  9.2354,  9.7060,  8.1177, 9.2942, 9.5883,  7.7648,  9.6471,  9.1177,  9.4707,
      9.3530,  8.8236,  8.5295,  8.0589,  8.6471,  9.5883, 7.4118, 7.5883};
  const std::vector<float> filter = {
      -0.1617, -0.1948, 0.1419,  -0.2311, -0.0891, 0.1551,  0.0033,  0.3037,  -0.1683, 0.1353,  0.1518,  -0.1683,
      -0.1386, 0.1452,  0.1816,  0.1716,  -0.1948, 0.2080,  0.2245,  -0.1981, -0.2410, 0.1849,  0.1981,  0.1584,
      0.2509,  0.1783,  -0.2146, -0.1518, 0.2080,  -0.2872, 0.2014,  0.2476,  -0.4126, -0.0561, -0.3235, -0.0594,
      -0.0957, 0.2014,  -0.1056, 0.1386,  -0.2542, -0.1617, 0.1287,  -0.1816, -0.0363, 0.1419,  -0.0594, 0.2344,
      -0.0099, 0.4192,  0.1287,  -0.2311, -0.2212, -0.0528, -0.2080, 0.1816,  -0.1452, 0.1221,  0.1254,  -0.1056,
      -0.0759, 0.1221,  0.1023,  0.1485,  0.2707,  0.1716,  -0.1882, -0.1783, 0.1650,  -0.2740, 0.1915,  0.2080,
      -0.2971, -0.2575, -0.3169, 0.0198,  -0.0231, 0.2410,  -0.0429, 0.0660,  -0.1816, 0.1981,  0.2014,  -0.1386,
      -0.1915, 0.1716,  0.1320,  0.1419,  0.1320,  0.1353,  -0.1386, -0.1716, 0.1320,  -0.1650, 0.1386,  0.0825,
      -0.1419, -0.1023, 0.1783,  0.0462,  0.2047,  -0.2179, -0.1518, -0.1551, 0.1518,  0.3334,  0.3103,  -0.2047,
      -0.2047, -0.0957, -0.1650, 0.1221,  0.0990,  0.1353,  -0.1617, -0.1485, 0.1650,  -0.1816, 0.1518,  0.1254,
      -0.0363, -0.1254, 0.1386,  0.0429,  0.2113,  -0.2839, -0.1056, -0.2278};
  const std::vector<float> golden = {-5.1194, -2.0075, -2.1751, -4.7958, 1.7073,  -1.2963, -0.4641, 5.0416,
                                     -6.4424, 0.3836,  2.4684,  -4.7643, -3.8913, 3.8382,  -0.5164, 5.4304,
                                     -2.7400, 7.7016,  3.6115,  -6.8545, -3.6290, 0.8509,  2.3247,  5.6117,
                                     1.8215,  2.7645,  -0.7032, -3.2156, 3.9689,  -5.4583, 2.4346,  1.7731};
  ASSERT_EQ(input.size(), 128u);
  ASSERT_EQ(filter.size(), 128u);
  const float in_scale = 0.058824f, f_scale = 0.003301f, out_scale = 0.092596f;
  const auto got = run_dw_per_tensor({1, 4, 1, 32}, input, in_scale, -128, {1, 4, 1, 32}, filter, f_scale,
                                     std::vector<float>(32, 0.f), in_scale * out_scale, {1, 1, 1, 32}, out_scale, 0, 1);
  expect_near_each(got, quantize<int8_t>(golden, out_scale, 0), 1, "dw 32x4");
}

TEST(TflmDepthwiseConvGolden, Int8Input32x1Filter32x1ShouldMatchGolden) {
  const std::vector<float> input = {11.0589, 10.8824, 11.1766, 11.5295, 10.8236, 9.5295, 9.5295, 10.0001,
                                    11.2354, 10.8824, 9.1765,  9.0589,  9.6471,  8.9412, 7.9412, 9.0001,
                                    9.3530,  7.5295,  9.2354,  9.5883,  7.5883,  8.1765, 7.5883, 9.2942,
                                    9.3530,  8.8236,  8.5295,  8.0589,  8.6471,  9.5883, 7.4118, 7.5883};
  const std::vector<float> filter = {-0.1419, -0.1023, 0.1783,  0.0462,  0.2047,  -0.2179, -0.1518, -0.1551,
                                     0.1518,  0.3334,  0.3103,  -0.2047, -0.2047, -0.0957, -0.1650, 0.1221,
                                     0.0990,  0.1353,  -0.1617, -0.1485, 0.1650,  -0.1816, 0.1518,  0.1254,
                                     -0.0363, -0.1254, 0.1386,  0.0429,  0.2113,  -0.2839, -0.1056, -0.2278};
  const std::vector<float> golden = {-1.5741, -1.1112, 2.0371,  0.5556,  2.2223,  -2.0371, -1.4815, -1.5741,
                                     1.6667,  3.6112,  2.8705,  -1.8519, -1.9445, -0.8334, -1.2963, 1.1112,
                                     0.9260,  1.0186,  -1.4815, -1.3889, 1.2963,  -1.4815, 1.1112,  1.2037,
                                     -0.3704, -1.1112, 1.2037,  0.3704,  1.8519,  -2.6853, -0.7408, -1.7593};
  const float in_scale = 0.058824f, f_scale = 0.003301f, out_scale = 0.092596f;
  const auto got = run_dw_per_tensor({1, 1, 1, 32}, input, in_scale, -128, {1, 1, 1, 32}, filter, f_scale,
                                     std::vector<float>(32, 0.f), in_scale * out_scale, {1, 1, 1, 32}, out_scale, 0, 2);
  expect_near_each(got, quantize<int8_t>(golden, out_scale, 0), 1, "dw 32x1 stride 2");
}

// SimpleTestQuantizedPerChannelInt16InputInt8Filter, same file,
// https://github.com/tensorflow/tflite-micro/blob/661e7cf971b1546c0786237f86935ca5d1672603/tensorflow/lite/micro/kernels/depthwise_conv_test.cc
// int16 input (scale 0.5, zero point 0), int64 bias, output scale 1; the
// test lists 16 input values for a 12-element input, the first 12 are used.
TEST(TflmDepthwiseConvGolden, SimpleTestQuantizedPerChannelInt16InputInt8Filter) {
  check_dw_per_channel<int16_t, int64_t>({{1, 3, 2, 2},
                                          {-547, 108, -682, 540, -161, -539, 9, -482, -859, 84, 153, -726},
                                          {1, 2, 2, 4},
                                          kFilter,
                                          {1, 2, 3, 4},
                                          {1, 2, 1, 4},
                                          {4894, -9009, -16596, 10268, -2564, -7483, -6599, 4356},
                                          0.5f,
                                          1.0f,
                                          0},
                                         "dw int16x8");
}
