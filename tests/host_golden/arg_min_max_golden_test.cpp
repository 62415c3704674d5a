// ARG_MAX / ARG_MIN (float32, int8 -> int32) against TFLite Micro's kernel tests.
//
// Values from tensorflow/lite/micro/kernels/arg_min_max_test.cc
// https://github.com/tensorflow/tflite-micro/blob/46f3213e6fb16364d1eeb16e63296a8db74925e6/tensorflow/lite/micro/kernels/arg_min_max_test.cc
// ValidateArgMinMaxGoldens compares indices exactly; quantized inputs go
// through CreateQuantizedTensor (scale 0.5, zero point -9). The axis tensor
// there is [1, 1, 1] with one value.
#include <gtest/gtest.h>

#include "tests/host_golden/tflm_quantize.h"

using namespace tinysim;
using namespace tinysim::golden;

namespace {

template <class T>
std::vector<int32_t> run_arg(bool max, DType type, const std::vector<int32_t>& in_shape, const std::vector<T>& input,
                             int32_t axis, const std::vector<int32_t>& out_shape, float scale = 0.f, int zp = 0) {
  test::ModelBuilder b;
  const int in = scale > 0.f ? b.tensor(type, in_shape, {scale}, {zp}) : b.tensor(type, in_shape);
  const int ax = b.constant<int32_t>(DType::Int32, {1, 1, 1}, std::vector<int32_t>{axis});
  const int out = b.tensor(DType::Int32, out_shape);
  b.op(max ? OpType::ArgMax : OpType::ArgMin, {in, ax}, {out});
  b.io({in}, {out});
  return test::run_model<int32_t, T>(b.m, std::vector<std::vector<T>>{input});
}

std::vector<int32_t> run_arg_int8(bool max, const std::vector<int32_t>& in_shape, const std::vector<float>& values,
                                  int32_t axis, const std::vector<int32_t>& out_shape) {
  return run_arg<int8_t>(max, DType::Int8, in_shape, quantize<int8_t>(values, 0.5f, -9), axis, out_shape, 0.5f, -9);
}

const std::vector<float> kFloatValues = {0.1f, 0.9f, 0.7f, 0.3f};
const std::vector<float> kMulDims = {1, 2, 7, 8, 1, 9, 7, 3};

}  // namespace

TEST(TflmArgMinMaxGolden, GetMaxArgFloat) {
  EXPECT_EQ(run_arg<float>(true, DType::Float32, {1, 1, 1, 4}, kFloatValues, 3, {1, 1, 1}),
            std::vector<int32_t>{1});
}

TEST(TflmArgMinMaxGolden, GetMinArgFloat) {
  EXPECT_EQ(run_arg<float>(false, DType::Float32, {1, 1, 1, 4}, kFloatValues, 3, {1, 1, 1}),
            std::vector<int32_t>{0});
}

TEST(TflmArgMinMaxGolden, GetMaxArgInt8) {
  EXPECT_EQ(run_arg_int8(true, {1, 1, 1, 4}, {1, 9, 7, 3}, 3, {1, 1, 1}), std::vector<int32_t>{1});
}

TEST(TflmArgMinMaxGolden, GetMinArgInt8) {
  EXPECT_EQ(run_arg_int8(false, {1, 1, 1, 4}, {1, 9, 7, 3}, 3, {1, 1, 1}), std::vector<int32_t>{0});
}

TEST(TflmArgMinMaxGolden, GetMaxArgMulDimensions) {
  EXPECT_EQ(run_arg_int8(true, {1, 1, 2, 4}, kMulDims, 3, {1, 1, 2}), (std::vector<int32_t>{3, 1}));
}

TEST(TflmArgMinMaxGolden, GetMinArgMulDimensions) {
  EXPECT_EQ(run_arg_int8(false, {1, 1, 2, 4}, kMulDims, 3, {1, 1, 2}), (std::vector<int32_t>{0, 0}));
}

// Ties keep the first index (1 vs 1, 7 vs 7).
TEST(TflmArgMinMaxGolden, GetMaxArgNegativeAxis) {
  EXPECT_EQ(run_arg_int8(true, {1, 1, 2, 4}, kMulDims, -2, {1, 1, 4}), (std::vector<int32_t>{0, 1, 0, 0}));
}
