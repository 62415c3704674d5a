// SUB (float32, int8, int16) against TFLite Micro's kernel tests.
// Values from tensorflow/lite/micro/kernels/sub_test.cc
// https://github.com/tensorflow/tflite-micro/blob/0b7d9af9799dc8de02a92e540507ebebaaa494f1/tensorflow/lite/micro/kernels/sub_test.cc
// TestSubQuantized quantizes inputs and golden with their own params and
// ValidateSubGoldens compares with tolerance 1e-5 (exact for integers);
// TestSubFloat compares floats within 1e-5.
#include <gtest/gtest.h>

#include "tests/host_golden/tflm_quantize.h"

using namespace tinysim;
using namespace tinysim::golden;

namespace {

const std::vector<std::vector<int32_t>> kVariousShapes = {{6}, {2, 3}, {2, 1, 3}, {1, 3, 1, 2}};

std::vector<float> run_float(Activation act, const std::vector<int32_t>& s1, const std::vector<float>& a,
                             const std::vector<int32_t>& s2, const std::vector<float>& b,
                             const std::vector<int32_t>& so) {
  test::ModelBuilder m;
  const int x = m.tensor(DType::Float32, s1);
  const int y = m.tensor(DType::Float32, s2);
  const int out = m.tensor(DType::Float32, so);
  m.op(OpType::Sub, {x, y}, {out}).options.activation = act;
  m.io({x, y}, {out});
  return test::run_model<float, float>(m.m, std::vector<std::vector<float>>{a, b});
}

void expect_float(const std::vector<float>& got, const std::vector<float>& golden) {
  ASSERT_EQ(got.size(), golden.size());
  for (size_t i = 0; i < got.size(); ++i) EXPECT_NEAR(got[i], golden[i], 1e-5) << "element " << i;
}

TEST(TflmSub, FloatNoActivationAndRelu1) {
  const std::vector<int32_t> s = {1, 2, 2, 1};
  expect_float(run_float(Activation::None, s, {-2.0, 0.2, 0.7, 0.8}, s, {0.1, 0.2, 0.3, 0.5}, s), {-2.1, 0.0, 0.4, 0.3});
  expect_float(run_float(Activation::ReluN1To1, s, {-2.0, 0.2, 2.0, 0.8}, s, {2.0, 0.2, 0.3, 0.5}, s),
               {-1.0, 0.0, 1.0, 0.3});
}

TEST(TflmSub, FloatVariousShapesAndScalarBroadcast) {
  const std::vector<float> in1 = {-2.0, 0.2, 0.7, 0.8, 1.1, 2.0};
  for (const auto& s : kVariousShapes) {
    expect_float(run_float(Activation::None, s, in1, s, {0.1, 0.2, 0.3, 0.5, 1.1, 0.1}, s),
                 {-2.1, 0.0, 0.4, 0.3, 0.0, 1.9});
    expect_float(run_float(Activation::None, s, in1, {}, {0.1}, s), {-2.1, 0.1, 0.6, 0.7, 1.0, 1.9});
  }
}

template <class T>
void sub_no_activation(Activation act, const std::vector<float>& golden, QParams q1, QParams q2, QParams qo) {
  const std::vector<int32_t> s = {1, 2, 2, 1};
  const auto got = run_binary<T>(OpType::Sub, act, s, {-2.01, -1.01, -0.01, 0.98}, q1, s,
                                 {-1.01, -1.99, -2.99, -4.02}, q2, s, qo);
  expect_near_each(got, quantize<T>(golden, qo.scale, qo.zero_point), 0);
}

TEST(TflmSub, QuantizedNoActivationInt8) {
  sub_no_activation<int8_t>(Activation::None, {-1, 1, 3, 5}, {0.25, -10}, {0.5, 4}, {1.0, 13});
}
TEST(TflmSub, QuantizedActivationRelu1Int8) {
  sub_no_activation<int8_t>(Activation::ReluN1To1, {-1, 1, 1, 1}, {0.25, -10}, {0.5, 4}, {1.0, 13});
}
TEST(TflmSub, QuantizedActivationRelu1Int16) {
  sub_no_activation<int16_t>(Activation::ReluN1To1, {-1, 1, 1, 1}, {0.25, 0}, {0.5, 0}, {1.0, 0});
}

template <class T>
void sub_various_shapes(QParams q1, QParams q2, QParams qo) {
  const std::vector<float> in1 = {-2.0, 0.2, 0.7, 0.8, 1.1, 2.0};
  const std::vector<float> in2 = {-0.1, -0.2, -0.3, -0.5, -1.1, -0.1};
  const std::vector<float> golden = {-1.9, 0.4, 1.0, 1.3, 2.2, 2.1};
  for (const auto& s : kVariousShapes)
    expect_near_each(run_binary<T>(OpType::Sub, Activation::None, s, in1, q1, s, in2, q2, s, qo),
                     quantize<T>(golden, qo.scale, qo.zero_point), 0, "rank " + std::to_string(s.size()));
}

TEST(TflmSub, QuantizedVariousInputShapesInt8) { sub_various_shapes<int8_t>({0.1, -9}, {0.05, 5}, {0.1, 14}); }
TEST(TflmSub, QuantizedVariousInputShapesInt16) { sub_various_shapes<int16_t>({0.1, 0}, {0.05, 0}, {0.1, 0}); }

TEST(TflmSub, QuantizedWithScalarBroadcastInt8) {
  const std::vector<float> in1 = {-2.0, 0.2, 0.7, 0.8, 1.1, 2.0};
  const std::vector<float> golden = {-1.9, 0.3, 0.8, 0.9, 1.2, 2.1};
  for (const auto& s : kVariousShapes)
    expect_near_each(run_binary<int8_t>(OpType::Sub, Activation::None, s, in1, {0.1, -8}, {}, {-0.1}, {0.05, 4}, s,
                                        {0.05, 12}),
                     quantize<int8_t>(golden, 0.05f, 12), 0, "rank " + std::to_string(s.size()));
}

}  // namespace
