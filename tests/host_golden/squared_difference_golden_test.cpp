// SQUARED_DIFFERENCE (float32, int8, int16) against TFLite Micro's kernel tests.
// Values from tensorflow/lite/micro/kernels/squared_difference_test.cc
// https://github.com/tensorflow/tflite-micro/blob/1ac75e97418c7f6b4a860818d5ba64aac19858fe/tensorflow/lite/micro/kernels/squared_difference_test.cc
// Float within 1e-5; int8 tensors from [min, max] with ChooseQuantizationParams,
// dequantized output within the test's tolerance; int16 (zero points 0)
// against the golden quantized with the output params, within 1e-5 (exact).
#include <gtest/gtest.h>

#include "tests/host_golden/tflm_quantize.h"

using namespace tinysim;
using namespace tinysim::golden;

namespace {

const std::vector<std::vector<int32_t>> kTestShapes = {{6}, {2, 3}, {2, 1, 3}, {1, 3, 1, 2}};

std::vector<float> run_float(const std::vector<int32_t>& s1, const std::vector<float>& a,
                             const std::vector<int32_t>& s2, const std::vector<float>& b) {
  test::ModelBuilder m;
  const int x = m.tensor(DType::Float32, s1), y = m.tensor(DType::Float32, s2), out = m.tensor(DType::Float32, s1);
  m.op(OpType::SquaredDifference, {x, y}, {out});
  m.io({x, y}, {out});
  return run2<float>(m.m, a, b);
}

void expect_float(const std::vector<float>& got, const std::vector<float>& golden, float tolerance) {
  ASSERT_EQ(got.size(), golden.size());
  for (size_t i = 0; i < got.size(); ++i) EXPECT_NEAR(got[i], golden[i], tolerance) << "element " << i;
}

TEST(TflmSquaredDifference, Float) {
  expect_float(run_float({1, 2, 2, 1}, {-0.2, 0.2, -1.2, 0.8}, {1, 2, 2, 1}, {0.5, 0.2, -1.5, 0.5}),
               {0.49, 0.0, 0.09, 0.09}, 1e-5f);
  for (const auto& s : kTestShapes) {
    expect_float(run_float(s, {-2.0, 0.2, 0.3, 0.8, 1.1, -2.0}, s, {1.0, 0.2, 0.6, 0.4, -1.0, -0.0}),
                 {9.0, 0.0, 0.09, 0.16, 4.41, 4.0}, 1e-5f);
    expect_float(run_float(s, {-0.2, 0.2, 0.5, 0.8, 0.11, 1.1}, {1}, {0.1}), {0.09, 0.01, 0.16, 0.49, 0.0001, 1.0},
                 1e-5f);
  }
}

QParams params(double lo, double hi) {
  const auto [scale, zp] = choose_quantization_params<double>(lo, hi);
  return {scale, zp};
}

void int8_case(const std::vector<int32_t>& s1, const std::vector<float>& a, QParams q1, const std::vector<int32_t>& s2,
               const std::vector<float>& b, QParams q2, QParams qo, const std::vector<float>& golden, float tolerance) {
  const std::vector<int8_t> got =
      run_binary<int8_t>(OpType::SquaredDifference, Activation::None, s1, a, q1, s2, b, q2, s1, qo);
  std::vector<float> deq;
  for (int8_t v : got) deq.push_back(static_cast<float>(v - qo.zero_point) * qo.scale);
  expect_float(deq, golden, tolerance);
}

TEST(TflmSquaredDifference, QuantizedInt8) {
  int8_case({1, 2, 2, 1}, {-0.2, 0.2, -1.2, 0.8}, params(-1.2, 0.8), {1, 2, 2, 1}, {0.5, 0.2, -1.5, 0.5},
            params(-1.5, 0.5), params(0.0, 0.5), {0.49, 0.0, 0.09, 0.09}, 2.0f / 255.0f);
  for (const auto& s : kTestShapes) {
    int8_case(s, {-2.0, 0.2, 0.3, 0.8, 1.1, -2.0}, params(-2.0, 1.7), s, {1.0, 0.2, 0.6, 0.4, -1.0, -0.0},
              params(-1.0, 1.0), params(0.0, 9.0), {9.0, 0.0, 0.09, 0.16, 4.41, 4.0}, 18.0f / 255.0f);
    int8_case(s, {-0.2, 0.2, 0.5, 0.8, 0.11, 1.1}, params(-0.2, 1.1), {1}, {0.1}, params(0.0, 1.0), params(0.0, 1.0),
              {0.09, 0.01, 0.16, 0.49, 0.0001, 1.0}, 2.0f / 255.0f);
  }
}

TEST(TflmSquaredDifference, QuantizedInt16) {
  const QParams q1{0.0025f, 0}, q2{0.005f, 0}, qo{0.001f, 0};
  auto run = [&](const std::vector<int32_t>& s1, const std::vector<float>& a, const std::vector<int32_t>& s2,
                 const std::vector<float>& b, const std::vector<float>& golden) {
    expect_near_each(run_binary<int16_t>(OpType::SquaredDifference, Activation::None, s1, a, q1, s2, b, q2, s1, qo),
                     quantize<int16_t>(golden, qo.scale, qo.zero_point), 0);
  };
  run({1, 2, 2, 1}, {-0.2, 0.2, -1.2, 0.8}, {1, 2, 2, 1}, {0.5, 0.2, -1.5, 0.5}, {0.49, 0.0, 0.09, 0.09});
  for (const auto& s : kTestShapes) {
    run(s, {-2.0, 0.2, 0.3, 0.8, 1.1, -2.0}, s, {1.0, 0.2, 0.6, 0.4, -1.0, -0.0}, {9.0, 0.0, 0.09, 0.16, 4.41, 4.0});
    run(s, {-0.2, 0.2, 0.5, 0.8, 0.11, 1.1}, {1}, {0.1}, {0.09, 0.01, 0.16, 0.49, 0.0001, 1.0});
  }
}

}  // namespace
