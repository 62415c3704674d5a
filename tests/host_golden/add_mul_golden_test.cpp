// int8 / int16 ADD and int8 MUL against TFLite Micro's kernel tests.
#include <gtest/gtest.h>

#include "tests/host_golden/tflm_quantize.h"

using namespace tinysim;
using namespace tinysim::golden;

namespace {

// ---- ADD -------------------------------------------------------------------
// Values from tensorflow/lite/micro/kernels/add_test.cc
// https://github.com/tensorflow/tflite-micro/blob/07fd905c44c980a043378e3a4062cfe2202b47b4/tensorflow/lite/micro/kernels/add_test.cc
// TestAddQuantized: inputs and golden quantized with their own params;
// ValidateAddGoldens' default tolerance 1e-5, i.e. exact equality.

const std::vector<std::vector<int32_t>> kVariousShapes = {{6}, {2, 3}, {2, 1, 3}, {1, 3, 1, 2}};

const std::vector<float> kBroadcastInput1 = {-0.3, 2.3, 0.9, 0.5, 0.8, -1.1, 1.2, 2.8, -1.6, 0.0, 0.7, -2.2};
const std::vector<float> kBroadcastInput2 = {0.2, 0.3, -0.4, 0.5, 1.0, 0.9};
const std::vector<std::vector<float>> kBroadcastGoldens = {
    {-0.1, 2.6,  -0.7, 2.8,  0.7,  3.2,  1.1, 0.8,  0.5, 1.0,  1.9, 1.4,
     1.0,  -0.8, 0.4,  -0.6, 1.8,  -0.2, 1.4, 3.1,  0.8, 3.3,  2.2, 3.7,
     -1.4, 0.3,  -2.0, 0.5,  -0.6, 0.9,  0.9, -1.9, 0.3, -1.7, 1.7, -1.3},
    {-0.1, 2.6, 0.5, 1.0, 1.8, -0.2, 1.4, 3.1, -2.0, 0.5, 1.7, -1.3},
    {-0.1, 2.5,  0.0,  2.6,  -0.7, 1.9,  1.1, 0.7,  1.2, 0.8,  0.5, 0.1,
     1.0,  -0.9, 1.1,  -0.8, 0.4,  -1.5, 1.7, 3.3,  2.2, 3.8,  2.1, 3.7,
     -1.1, 0.5,  -0.6, 1.0,  -0.7, 0.9,  1.2, -1.7, 1.7, -1.2, 1.6, -1.3},
    {-0.1, 2.5, 1.2, 0.8, 0.4, -1.5, 1.7, 3.3, -0.6, 1.0, 1.6, -1.3},
};
const std::vector<std::vector<int32_t>> kBroadcastInput2Shapes = {{1, 1, 3, 2}, {1, 3, 1, 2}, {2, 1, 3, 1}, {2, 3, 1, 1}};
const std::vector<std::vector<int32_t>> kBroadcastOutputShapes = {{2, 3, 3, 2}, {2, 3, 1, 2}, {2, 3, 3, 2}, {2, 3, 1, 2}};

template <class T>
void add_no_activation(Activation act, const std::vector<float>& in2, const std::vector<float>& golden,
                       QParams q1, QParams q2, QParams qo, const char* what) {
  const std::vector<int32_t> shape = {1, 2, 2, 1};
  const std::vector<float> in1 = {-2.01, -1.01, -0.01, 0.98};
  const auto got = run_binary<T>(OpType::Add, act, shape, in1, q1, shape, in2, q2, shape, qo);
  expect_near_each(got, quantize<T>(golden, qo.scale, qo.zero_point), 0, what);
}

template <class T>
void add_various_shapes(QParams q1, QParams q2, QParams qo) {
  const std::vector<float> in1 = {-2.0, 0.2, 0.7, 0.8, 1.1, 2.0};
  const std::vector<float> in2 = {0.1, 0.2, 0.3, 0.5, 1.1, 0.1};
  const std::vector<float> golden = {-1.9, 0.4, 1.0, 1.3, 2.2, 2.1};
  for (const auto& s : kVariousShapes) {
    const auto got = run_binary<T>(OpType::Add, Activation::None, s, in1, q1, s, in2, q2, s, qo);
    expect_near_each(got, quantize<T>(golden, qo.scale, qo.zero_point), 0, "add shape rank " + std::to_string(s.size()));
  }
}

template <class T>
void add_scalar_broadcast(QParams q1, QParams q2, QParams qo) {
  const std::vector<float> in1 = {-2.0, 0.2, 0.7, 0.8, 1.1, 2.0};
  const std::vector<float> golden = {-1.9, 0.3, 0.8, 0.9, 1.2, 2.1};
  for (const auto& s : kVariousShapes) {
    // input2_shape {0} in TFLM's notation: a 0-D scalar.
    const auto got = run_binary<T>(OpType::Add, Activation::None, s, in1, q1, {}, {0.1f}, q2, s, qo);
    expect_near_each(got, quantize<T>(golden, qo.scale, qo.zero_point), 0,
                     "add scalar broadcast rank " + std::to_string(s.size()));
  }
}

template <class T>
void add_mixed_broadcast(QParams q1, QParams q2, QParams qo) {
  for (size_t i = 0; i < kBroadcastGoldens.size(); ++i) {
    const auto got = run_binary<T>(OpType::Add, Activation::None, {2, 3, 1, 2}, kBroadcastInput1, q1,
                                   kBroadcastInput2Shapes[i], kBroadcastInput2, q2, kBroadcastOutputShapes[i], qo);
    expect_near_each(got, quantize<T>(kBroadcastGoldens[i], qo.scale, qo.zero_point), 0,
                     "add mixed broadcast " + std::to_string(i));
  }
}

}  // namespace

TEST(TflmAddGolden, QuantizedAddNoActivationInt8) {
  add_no_activation<int8_t>(Activation::None, {1.01, 1.99, 2.99, 4.02}, {-1, 1, 3, 5}, {0.25, -10}, {0.5, 4},
                            {1.0, 13}, "add int8 no activation");
}

TEST(TflmAddGolden, QuantizedAddActivationRelu1Int8) {
  add_no_activation<int8_t>(Activation::ReluN1To1, {1.01, 1.99, 2.99, 4.02}, {-1, 1, 1, 1}, {0.25, -10}, {0.5, 4},
                            {1.0, 13}, "add int8 relu_n1_to_1");
}

TEST(TflmAddGolden, QuantizedAddVariousInputShapesInt8) {
  add_various_shapes<int8_t>({0.1f, -9}, {0.05f, 5}, {0.1f, 14});
}

TEST(TflmAddGolden, QuantizedAddWithScalarBroadcastInt8) {
  add_scalar_broadcast<int8_t>({0.1f, -8}, {0.05f, 4}, {0.05f, 12});
}

TEST(TflmAddGolden, QuantizedAddWithMixedBroadcastInt8) {
  add_mixed_broadcast<int8_t>({0.1f, -10}, {0.05f, -5}, {0.1f, 7});
}

TEST(TflmAddGolden, QuantizedAddNoActivationInt16) {
  add_no_activation<int16_t>(Activation::None, {1.01, 2.01, 3.01, 4.02}, {-1, 1, 3, 5}, {0.25, 0}, {0.5, 0},
                             {1.0, 0}, "add int16 no activation");
}

TEST(TflmAddGolden, QuantizedAddActivationRelu1Int16) {
  add_no_activation<int16_t>(Activation::ReluN1To1, {1.01, 1.99, 2.99, 4.02}, {-1, 1, 1, 1}, {0.25, 0}, {0.5, 0},
                             {1.0, 0}, "add int16 relu_n1_to_1");
}

TEST(TflmAddGolden, QuantizedAddVariousInputShapesInt16) {
  add_various_shapes<int16_t>({0.1f, 0}, {0.05f, 0}, {0.1f, 0});
}

TEST(TflmAddGolden, QuantizedAddWithScalarBroadcastInt16) {
  add_scalar_broadcast<int16_t>({0.1f, 0}, {0.05f, 0}, {0.05f, 0});
}

TEST(TflmAddGolden, QuantizedAddWithMixedBroadcastInt16) {
  add_mixed_broadcast<int16_t>({0.1f, 0}, {0.05f, 0}, {0.1f, 0});
}

// ---- MUL -------------------------------------------------------------------
// Values from tensorflow/lite/micro/kernels/mul_test.cc
// https://github.com/tensorflow/tflite-micro/blob/07fd905c44c980a043378e3a4062cfe2202b47b4/tensorflow/lite/micro/kernels/mul_test.cc
// TestMulQuantized: both inputs share one scale and zero point 0, golden
// quantized with the output params, tolerance 1.0.

TEST(TflmMulGolden, SimpleInt8NoActivation) {
  const std::vector<int32_t> shape = {1, 2, 2, 1};
  const QParams q = {0.01f, 0};
  const auto got = run_binary<int8_t>(OpType::Mul, Activation::None, shape, {-0.8, 0.2, 0.9, 0.7}, q, shape,
                                      {0.6, 0.4, 0.9, 0.8}, q, shape, q);
  expect_near_each(got, quantize<int8_t>({-0.48, 0.08, 0.81, 0.56}, q.scale, 0), 1, "mul simple");
}

TEST(TflmMulGolden, BroadcastInt8NoActivation) {
  const QParams qi = {0.05f, 0}, qo = {0.01f, 0};
  // dims_scalar_broadcast {1, 1} in TFLM's notation: a 1-D tensor of one element.
  const auto got = run_binary<int8_t>(OpType::Mul, Activation::None, {1, 3, 1, 2}, {-2.0, 0.2, 0.7, 0.8, 1.1, 2.0},
                                      qi, {1}, {0.1}, qi, {1, 3, 1, 2}, qo);
  expect_near_each(got, quantize<int8_t>({-0.2, 0.02, 0.07, 0.08, 0.11, 0.2}, qo.scale, 0), 1, "mul broadcast");
}
