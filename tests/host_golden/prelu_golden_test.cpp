// PRELU (float32, int8) against TFLite Micro's kernel tests.
//
// Values from tensorflow/lite/micro/kernels/prelu_test.cc
// https://github.com/tensorflow/tflite-micro/blob/9e2d8289da54d781b0ffb7c58c048d496bf143cd/tensorflow/lite/micro/kernels/prelu_test.cc
// Input [2, 2, 3], alpha [1, 1, 3] broadcast; ValidatePreluGoldens checks
// 1e-5 (exact for int8). Quantized: input, alpha and output scale 2/255,
// zero point 0, all through CreateQuantizedTensor / Quantize.
#include <gtest/gtest.h>

#include "tests/host_golden/tflm_quantize.h"

using namespace tinysim;
using namespace tinysim::golden;

TEST(TflmPreluGolden, FloatPreluActivationsOpTest) {
  test::ModelBuilder b;
  const int in = b.tensor(DType::Float32, {2, 2, 3});
  const int alpha = b.constant<float>(DType::Float32, {1, 1, 3}, {0.0f, 1.0f, 2.0f});
  const int out = b.tensor(DType::Float32, {2, 2, 3});
  b.op(OpType::Prelu, {in, alpha}, {out});
  b.io({in}, {out});
  const std::vector<float> input = {0, 0, 0, 1, 1, 1, -1, -1, -1, -2, -2, -2};
  const std::vector<float> golden = {0, 0, 0, 1, 1, 1, 0, -1, -2, 0, -2, -4};
  const auto got = test::run_model<float, float>(b.m, std::vector<std::vector<float>>{input});
  ASSERT_EQ(got.size(), golden.size());
  for (size_t k = 0; k < got.size(); ++k) EXPECT_NEAR(got[k], golden[k], 1e-5f) << k;
}

TEST(TflmPreluGolden, QuantizedInt8PreluActivationsOpTest) {
  const float s = 2.0f / 255.0f;
  test::ModelBuilder b;
  const int in = b.tensor(DType::Int8, {2, 2, 3}, {s}, {0});
  const int alpha = b.constant<int8_t>(DType::Int8, {1, 1, 3}, quantize<int8_t>({0.0f, 0.5f, -0.5f}, s, 0), {s}, {0});
  const int out = b.tensor(DType::Int8, {2, 2, 3}, {s}, {0});
  b.op(OpType::Prelu, {in, alpha}, {out});
  b.io({in}, {out});
  const std::vector<float> input = {0, 0, 0, 0.5f, 0.5f, 0.5f, -1, -1, -1, -0.25f, -0.25f, -0.25f};
  const std::vector<float> golden = {0, 0, 0, 0.5f, 0.5f, 0.5f, 0, -0.5f, 0.5f, 0, -0.125f, 0.125f};
  expect_near_each(run1<int8_t>(b.m, quantize<int8_t>(input, s, 0)), quantize<int8_t>(golden, s, 0), 0, "prelu int8");
}
