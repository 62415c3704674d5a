// LEAKY_RELU, HARD_SWISH, RELU_N1_TO_1, RELU_0_TO_1, ABS and NEG
// (core/ops/pointwise.cpp) against TFLite Micro's and TFLite's kernel tests.
// Each test names its source file and commit; values and tolerances are the
// source's. TFLM tests quantize with FloatToQuantizedType (golden::quantize)
// and compare dequantized outputs ((q - zp) * scale) within a float tolerance.
#include <gtest/gtest.h>

#include <random>

#include "tests/host_golden/tflm_quantize.h"

using namespace tinysim;
using namespace tinysim::golden;

namespace {

Model one_op(OpType type, DType t, const std::vector<int32_t>& shape, QParams qi, QParams qo, double alpha = 0) {
  test::ModelBuilder b;
  const bool q = t != DType::Float32;
  const int in = q ? b.tensor(t, shape, {qi.scale}, {qi.zero_point}) : b.tensor(t, shape);
  const int out = q ? b.tensor(t, shape, {qo.scale}, {qo.zero_point}) : b.tensor(t, shape);
  Operator& op = b.op(type, {in}, {out});
  if (type == OpType::LeakyRelu) op.options.extra["alpha"] = alpha;
  b.io({in}, {out});
  return b.m;
}

std::vector<float> run_float(OpType type, const std::vector<float>& in, double alpha = 0) {
  const Model m = one_op(type, DType::Float32, {1, static_cast<int32_t>(in.size())}, {}, {}, alpha);
  return run1<float>(m, in);
}

// int8 run on float values quantized as TFLM's CreateQuantizedTensor does; the
// output dequantized.
std::vector<float> run_int8(OpType type, const std::vector<float>& in, QParams qi, QParams qo, double alpha = 0) {
  const Model m = one_op(type, DType::Int8, {1, static_cast<int32_t>(in.size())}, qi, qo, alpha);
  const std::vector<int8_t> out = run1<int8_t>(m, quantize<int8_t>(in, qi.scale, qi.zero_point));
  std::vector<float> f;
  for (int8_t v : out) f.push_back(static_cast<float>(v - qo.zero_point) * qo.scale);
  return f;
}

void expect_near_all(const std::vector<float>& got, const std::vector<float>& golden, float tolerance,
                     const std::string& what = {}) {
  ASSERT_EQ(got.size(), golden.size()) << what;
  for (size_t i = 0; i < got.size(); ++i) EXPECT_NEAR(got[i], golden[i], tolerance) << what << " element " << i;
}

// TFLM test_helpers.h ScaleFromMinMax / ZeroPointFromMinMax (int8).
float scale_from_min_max(float lo, float hi) { return (hi - lo) / 255.0f; }
int zero_point_from_min_max(float lo, float hi) {
  return -128 + static_cast<int>(std::roundf(-lo / scale_from_min_max(lo, hi)));
}

// ---- LEAKY_RELU: tensorflow/lite/micro/kernels/leaky_relu_test.cc
// https://github.com/tensorflow/tflite-micro/blob/0cc6f983266d1bd6f5d66f485c546e8cc80ad6a2/tensorflow/lite/micro/kernels/leaky_relu_test.cc
constexpr float kTflmQuantizedTolerance = 2 * (1.f / 256);

TEST(TflmLeakyRelu, Float) {
  const std::vector<float> got = run_float(OpType::LeakyRelu, {0.0f, 1.0f, 3.0f, 1.0f, -1.0f, -2.0f}, 0.5);
  const std::vector<float> golden = {0.0f, 1.0f, 3.0f, 1.0f, -0.5f, -1.0f};
  ASSERT_EQ(got.size(), golden.size());
  for (size_t i = 0; i < got.size(); ++i) EXPECT_EQ(got[i], golden[i]) << "element " << i;  // TFLM: EXPECT_EQ
}

TEST(TflmLeakyRelu, QuantizedInt8_1) {
  expect_near_all(run_int8(OpType::LeakyRelu, {0.0f, 1.0f, 3.0f, 1.0f, -1.0f, -2.0f}, {0.1f, 0}, {0.1f, 0}, 0.5),
                  {0.0f, 1.0f, 3.0f, 1.0f, -0.5f, -1.0f}, kTflmQuantizedTolerance);
}

TEST(TflmLeakyRelu, QuantizedInt8_2) {
  const std::vector<float> in = {-5.0f, -4.6f, -4.2f, -3.8f, -3.4f, -3.0f, -2.6f, -2.2f, -1.8f,
                                 -1.4f, -1.0f, -0.6f, -0.2f, 0.2f,  0.6f,  1.0f,  1.4f,  1.8f,
                                 2.2f,  2.6f,  3.0f,  3.4f,  3.8f,  4.2f,  4.6f};
  const std::vector<float> golden = {-0.50f, -0.46f, -0.42f, -0.38f, -0.34f, -0.30f, -0.26f, -0.22f, -0.18f,
                                     -0.14f, -0.10f, -0.06f, -0.02f, 0.20f,  0.60f,  1.00f,  1.40f,  1.80f,
                                     2.20f,  2.60f,  3.00f,  3.40f,  3.80f,  4.20f,  4.60f};
  const float lo = 5 * -1.0f, hi = 5 * (127.0f / 128.0f);
  const QParams q{scale_from_min_max(lo, hi), zero_point_from_min_max(lo, hi)};
  expect_near_all(run_int8(OpType::LeakyRelu, in, q, q, 0.1), golden, kTflmQuantizedTolerance * 5);
}

// ---- HARD_SWISH: tensorflow/lite/micro/kernels/hard_swish_test.cc
// https://github.com/tensorflow/tflite-micro/blob/2147476cb12f0fbbf1ae3db0b24206807425b127/tensorflow/lite/micro/kernels/hard_swish_test.cc
// Inputs from std::minstd_rand (a standard-defined generator, so the values
// are TFLM's on every platform), reference in float.

void uniform_random(std::minstd_rand& rng, float lo, float hi, std::vector<float>& v) {
  for (float& x : v) x = lo + (hi - lo) * (static_cast<float>(rng()) * (1.0f / static_cast<float>(std::minstd_rand::modulus)));
}
float hard_swish_reference(float in) { return in * std::min(6.0f, std::max(0.0f, in + 3)) * (1.0f / 6.0f); }

TEST(TflmHardSwish, SimpleFloat) {
  std::minstd_rand rng;
  std::vector<float> in(100);
  uniform_random(rng, -10.f, 10.f, in);
  const std::vector<float> got = run_float(OpType::HardSwish, in);
  std::vector<float> golden;
  for (float x : in) golden.push_back(hard_swish_reference(x));
  expect_near_all(got, golden, 1e-5f);
}

TEST(TflmHardSwish, SimpleInt8) {
  std::minstd_rand rng;
  const float pairs[4][2] = {{0.f, 1.f}, {-2.f, 1.f}, {-5.f, 10.f}, {-40.f, 60.f}};
  for (const auto& ip : pairs) {
    for (const auto& op : pairs) {
      std::vector<float> in(101);
      uniform_random(rng, ip[0], ip[1], in);
      std::vector<float> golden;
      for (float x : in) golden.push_back(std::min(op[1], std::max(op[0], hard_swish_reference(x))));
      const QParams qi{scale_from_min_max(ip[0], ip[1]), zero_point_from_min_max(ip[0], ip[1])};
      const QParams qo{scale_from_min_max(op[0], op[1]), zero_point_from_min_max(op[0], op[1])};
      const float tolerance = std::max(ip[1] - ip[0], op[1] - op[0]) * (1.5f / 256.f);
      expect_near_all(run_int8(OpType::HardSwish, in, qi, qo), golden, tolerance,
                      "input [" + std::to_string(ip[0]) + ", " + std::to_string(ip[1]) + "] output [" +
                          std::to_string(op[0]) + ", " + std::to_string(op[1]) + "]");
    }
  }
}

// ---- RELU_N1_TO_1, RELU_0_TO_1 (TFLM has neither): TFLite's
// tensorflow/lite/kernels/activations_test.cc
// https://github.com/tensorflow/tensorflow/blob/7e606a5835ca4bea5228288d733d1b15c62c3880/tensorflow/lite/kernels/activations_test.cc
// Quantized tests build tensors from [min, max] with TFLite's
// SingleOpModel::QuantizationParams and quantize inputs with its Quantize
// (round(zp + x / scale), clamped); tolerance kQuantizedTolerance = 2/256.

QParams tflite_params(float f_min, float f_max) {
  const auto [scale, zp] = choose_quantization_params<float>(f_min, f_max);
  return {scale, zp};
}

std::vector<float> run_int8_tflite(OpType type, const std::vector<float>& in, QParams q) {
  const Model m = one_op(type, DType::Int8, {1, 2, 4, 1}, q, q);
  std::vector<int8_t> qin;
  for (float x : in)
    qin.push_back(static_cast<int8_t>(std::max(-128.f, std::min(127.f, std::round(static_cast<float>(q.zero_point) + x / q.scale)))));
  std::vector<float> f;
  for (int8_t v : run1<int8_t>(m, qin)) f.push_back(static_cast<float>(v - q.zero_point) * q.scale);
  return f;
}

const std::vector<float> kReluXInput = {0.0, -0.6, 0.2, -0.4, 0.3, -2.0, 1.1, -0.1};
constexpr float kTfliteQuantizedTolerance = 2 * (1.f / 256);

TEST(TfliteReluX, FloatRelu1AndRelu0To1) {
  const Model m1 = one_op(OpType::ReluN1To1, DType::Float32, {1, 2, 4, 1}, {}, {});
  const Model m0 = one_op(OpType::Relu0To1, DType::Float32, {1, 2, 4, 1}, {}, {});
  EXPECT_EQ(run1<float>(m1, kReluXInput), (std::vector<float>{0.0, -0.6, 0.2, -0.4, 0.3, -1.0, 1.0, -0.1}));
  EXPECT_EQ(run1<float>(m0, kReluXInput), (std::vector<float>{0.0, 0.0, 0.2, 0.0, 0.3, 0.0, 1.0, 0.0}));
}

TEST(TfliteReluX, Relu1Int8) {
  expect_near_all(run_int8_tflite(OpType::ReluN1To1, kReluXInput, tflite_params(2 * -1.f, 1.f)),
                  {0.0, -0.6, 0.2, -0.4, 0.3, -1.0, 1.0, -0.1}, kTfliteQuantizedTolerance);
}

TEST(TfliteReluX, Relu0To1Int8) {
  expect_near_all(run_int8_tflite(OpType::Relu0To1, kReluXInput, tflite_params(2 * 0.f, 1.f)),
                  {0.0, 0.0, 0.2, 0.0, 0.3, 0.0, 1.0, 0.0}, kTfliteQuantizedTolerance);
}

// ---- ABS: tensorflow/lite/micro/kernels/elementwise_test.cc
// https://github.com/tensorflow/tflite-micro/blob/0cc6f983266d1bd6f5d66f485c546e8cc80ad6a2/tensorflow/lite/micro/kernels/elementwise_test.cc
// Float within 1e-5; int8 dequantized within the input scale.

TEST(TflmAbs, Float) {
  expect_near_all(run_float(OpType::Abs, {0.01f, -0.01f, 10.f, -10.f}), {0.01f, 0.01f, 10.f, 10.f}, 1e-5f);
}

const std::vector<float> kAbsInput = {15., 46., 78., -142., -1., -17., -49., 113.};
const std::vector<float> kAbsGolden = {15., 46., 78., 142., 1., 17., 49., 113.};

TEST(TflmAbs, Int8) {
  const float data_min = -142, data_max = 113, abs_max = 142;
  const float input_scale = (data_max - data_min) / 255.0f;
  const QParams qi{input_scale, static_cast<int>(127 - data_max)};
  expect_near_all(run_int8(OpType::Abs, kAbsInput, qi, {abs_max / 255.0f, -128}), kAbsGolden, input_scale);
}

TEST(TflmAbs, Int8SameScale) {
  const float data_min = -142, data_max = 113;
  const float scale = (data_max - data_min) / 255.0f;
  expect_near_all(run_int8(OpType::Abs, kAbsInput, {scale, static_cast<int>(127 - data_max)}, {scale, -128}),
                  kAbsGolden, scale);
}

// ---- NEG: tensorflow/lite/micro/kernels/neg_test.cc (float only in TFLM)
// https://github.com/tensorflow/tflite-micro/blob/0b7d9af9799dc8de02a92e540507ebebaaa494f1/tensorflow/lite/micro/kernels/neg_test.cc
// TFLM compares with EXPECT_EQ.

TEST(TflmNeg, Float) {
  EXPECT_EQ(run_float(OpType::Neg, {8.5, 0.0}), (std::vector<float>{-8.5, 0.0}));
  EXPECT_EQ(run_float(OpType::Neg, {-2.0f, -1.0f, 0.f, 1.0f, 2.0f, 3.0f}),
            (std::vector<float>{2.0f, 1.0f, -0.f, -1.0f, -2.0f, -3.0f}));
}

TEST(TflmNeg, Int8IsRefusedWithTheOpNamed) {
  const Model m = one_op(OpType::Neg, DType::Int8, {1, 4}, {0.1f, 0}, {0.1f, 0});
  try {
    (void)run1<int8_t>(m, {1, 2, 3, 4});
    FAIL() << "int8 NEG ran";
  } catch (const std::exception& e) {
    EXPECT_NE(std::string(e.what()).find("NEG"), std::string::npos) << e.what();
  }
}

}  // namespace
