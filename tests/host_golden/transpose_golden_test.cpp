// TRANSPOSE against TFLite Micro's kernel tests, which fill the input with
// 0, 1, 2, ... and compare every output element with EXPECT_EQ. Cases with
// golden arrays written out in
// tensorflow/lite/micro/kernels/transpose_test.cc
// https://github.com/tensorflow/tflite-micro/blob/0b7d9af9799dc8de02a92e540507ebebaaa494f1/tensorflow/lite/micro/kernels/transpose_test.cc
#include <gtest/gtest.h>

#include <numeric>

#include "core/common/error.h"

#include "tests/host_golden/tflm_quantize.h"

using namespace tinysim;
using namespace tinysim::golden;

namespace {

template <class T>
std::vector<T> transpose(DType t, const std::vector<int32_t>& in_shape, const std::vector<int32_t>& perm) {
  std::vector<int32_t> out_shape;
  for (int32_t p : perm) out_shape.push_back(in_shape[static_cast<size_t>(p)]);
  test::ModelBuilder b;
  const bool q = t != DType::Float32;
  const int in = q ? b.tensor(t, in_shape, {1.f}, {0}) : b.tensor(t, in_shape);
  const int pm = b.constant<int32_t>(DType::Int32, {static_cast<int32_t>(perm.size())}, perm);
  const int out = q ? b.tensor(t, out_shape, {1.f}, {0}) : b.tensor(t, out_shape);
  b.op(OpType::Transpose, {in, pm}, {out});
  b.io({in}, {out});
  int64_t n = 1;
  for (int32_t d : in_shape) n *= d;
  std::vector<T> data(static_cast<size_t>(n));
  std::iota(data.begin(), data.end(), T{0});
  return run1<T>(b.m, data);
}

using I8 = std::vector<int8_t>;
using F = std::vector<float>;

TEST(TflmTranspose, Int8Cases) {
  EXPECT_EQ(transpose<int8_t>(DType::Int8, {3}, {0}), (I8{0, 1, 2}));                   // 1D
  EXPECT_EQ(transpose<int8_t>(DType::Int8, {3, 2}, {1, 0}), (I8{0, 2, 4, 1, 3, 5}));    // 2DPerm1
  EXPECT_EQ(transpose<int8_t>(DType::Int8, {4, 6}, {1, 0}),                              // 2D4x4KernelLeftOverRightSide
            (I8{0, 6, 12, 18, 1, 7, 13, 19, 2, 8, 14, 20, 3, 9, 15, 21, 4, 10, 16, 22, 5, 11, 17, 23}));
  EXPECT_EQ(transpose<int8_t>(DType::Int8, {6, 4}, {1, 0}),                              // 2D4x4KernelLeftOverBottomSide
            (I8{0, 4, 8, 12, 16, 20, 1, 5, 9, 13, 17, 21, 2, 6, 10, 14, 18, 22, 3, 7, 11, 15, 19, 23}));
  EXPECT_EQ(transpose<int8_t>(DType::Int8, {2, 3, 4}, {2, 0, 1}),                        // 3D
            (I8{0, 4, 8, 12, 16, 20, 1, 5, 9, 13, 17, 21, 2, 6, 10, 14, 18, 22, 3, 7, 11, 15, 19, 23}));
}

TEST(TflmTranspose, FloatCases) {
  EXPECT_EQ(transpose<float>(DType::Float32, {1}, {0}), (F{0}));                          // 1DNotShrinked
  EXPECT_EQ(transpose<float>(DType::Float32, {2, 1}, {1, 0}), (F{0, 1}));                 // 2DShrinkedOneTime
  EXPECT_EQ(transpose<float>(DType::Float32, {2, 1, 3}, {0, 2, 1}), (F{0, 1, 2, 3, 4, 5}));  // 3DShrinkedOneTime
  EXPECT_EQ(transpose<float>(DType::Float32, {1, 1, 3}, {1, 2, 0}), (F{0, 1, 2}));        // 3DShrinkedTwoTimes
  EXPECT_EQ(transpose<float>(DType::Float32, {2, 2, 3, 1}, {3, 0, 1, 2}),                 // 4DShrinkedOneTimes
            (F{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}));
  EXPECT_EQ(transpose<float>(DType::Float32, {2, 1, 3, 1}, {0, 3, 1, 2}), (F{0, 1, 2, 3, 4, 5}));  // 4DShrinkedTwoTimes
  EXPECT_EQ(transpose<float>(DType::Float32, {2, 1, 1, 1}, {3, 2, 1, 0}), (F{0, 1}));     // 4DShrinkedThreeTimes
  EXPECT_EQ(transpose<float>(DType::Float32, {2, 2, 3}, {0, 2, 1}),                       // 3DFlatten
            (F{0, 3, 1, 4, 2, 5, 6, 9, 7, 10, 8, 11}));
  EXPECT_EQ(transpose<float>(DType::Float32, {2, 2, 2, 2}, {0, 1, 3, 2}),                 // 4DFlatten
            (F{0, 2, 1, 3, 4, 6, 5, 7, 8, 10, 9, 11, 12, 14, 13, 15}));
  EXPECT_EQ(transpose<float>(DType::Float32, {2, 2, 2, 2}, {0, 2, 3, 1}),                 // 4DFlattenTwo
            (F{0, 4, 1, 5, 2, 6, 3, 7, 8, 12, 9, 13, 10, 14, 11, 15}));
}

// TinySim's own check (not from TFLM): a perm that repeats an axis is refused.
TEST(TransposeChecks, RepeatedAxisIsRefused) {
  EXPECT_THROW(transpose<float>(DType::Float32, {2, 2}, {0, 0}), Error);
}

}  // namespace
