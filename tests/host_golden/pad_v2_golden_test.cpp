// PADV2 against TFLite Micro's kernel tests (Test2DFloatV2, Test2DInt8V2,
// Test2DInt16V2, and the pad value quantization mismatch it refuses).
// Values from tensorflow/lite/micro/kernels/pad_test.cc
// https://github.com/tensorflow/tflite-micro/blob/07fd905c44c980a043378e3a4062cfe2202b47b4/tensorflow/lite/micro/kernels/pad_test.cc
// TFLM compares float outputs within 1e-5 and integers exactly (copies: exact).
#include <gtest/gtest.h>

#include "core/common/error.h"
#include "tests/host_golden/tflm_quantize.h"

using namespace tinysim;
using namespace tinysim::golden;

namespace {

const std::vector<float> kGolden = {42, 42, 42, 42, 42, 42, 42, 42, 42, 1,  2,  42,
                                    42, 3,  4,  42, 42, 42, 42, 42, 42, 42, 42, 42};

template <class T>
std::vector<T> pad_v2(DType t, T value, float value_scale) {
  test::ModelBuilder b;
  const bool q = t != DType::Float32;
  const int in = q ? b.tensor(t, {1, 2, 2, 1}, {1.f}, {0}) : b.tensor(t, {1, 2, 2, 1});
  const int pads = b.constant<int32_t>(DType::Int32, {4, 2}, {1, 1, 0, 0, 1, 1, 0, 0});
  const int v = q ? b.constant<T>(t, {}, {value}, {value_scale}, {0}) : b.constant<T>(t, {}, {value});
  const int out = q ? b.tensor(t, {3, 2, 4, 1}, {1.f}, {0}) : b.tensor(t, {3, 2, 4, 1});
  b.op(OpType::Padv2, {in, pads, v}, {out});
  b.io({in}, {out});
  return run1<T>(b.m, {1, 2, 3, 4});
}

TEST(TflmPadV2, Test2DFloatInt8Int16V2) {
  EXPECT_EQ(pad_v2<float>(DType::Float32, 42.f, 0.f), kGolden);
  EXPECT_EQ(pad_v2<int8_t>(DType::Int8, 42, 1.f), quantize<int8_t>(kGolden, 1.f, 0));
  EXPECT_EQ(pad_v2<int16_t>(DType::Int16, 42, 1.f), quantize<int16_t>(kGolden, 1.f, 0));
}

TEST(TflmPadV2, Test2DInt8V2ExpectFailurePadValueQuantizationMismatch) {
  EXPECT_THROW(pad_v2<int8_t>(DType::Int8, 42, 0.5f), Error);
}

}  // namespace
