// SLICE against TFLite Micro's kernel tests (every case compares each
// output element with EXPECT_EQ). Values from
// tensorflow/lite/micro/kernels/slice_test.cc
// https://github.com/tensorflow/tflite-micro/blob/0cc6f983266d1bd6f5d66f485c546e8cc80ad6a2/tensorflow/lite/micro/kernels/slice_test.cc
#include <gtest/gtest.h>

#include "core/common/error.h"
#include "tests/host_golden/tflm_quantize.h"

using namespace tinysim;
using namespace tinysim::golden;

namespace {

template <class T, class Index = int32_t>
std::vector<T> slice(DType t, const std::vector<int32_t>& in_shape, const std::vector<T>& input,
                     const std::vector<Index>& begin, const std::vector<Index>& size,
                     const std::vector<int32_t>& out_shape) {
  test::ModelBuilder b;
  const bool q = t == DType::Int8 || t == DType::Int16;
  const int in = q ? b.tensor(t, in_shape, {1.f}, {0}) : b.tensor(t, in_shape);
  const DType it = sizeof(Index) == 8 ? DType::Int64 : DType::Int32;
  const auto n = static_cast<int32_t>(begin.size());
  const int bg = b.constant<Index>(it, {n}, begin);
  const int sz = b.constant<Index>(it, {n}, size);
  const int out = q ? b.tensor(t, out_shape, {1.f}, {0}) : b.tensor(t, out_shape);
  b.op(OpType::Slice, {in, bg, sz}, {out});
  b.io({in}, {out});
  return run1<T>(b.m, input);
}

using F = std::vector<float>;
using I32 = std::vector<int32_t>;
const I32 kInteger = {1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4, 5, 5, 5, 6, 6, 6};

TEST(TflmSlice, FloatCases) {
  EXPECT_EQ(slice<float>(DType::Float32, {4}, {1, 2, 3, 4}, {1}, {2}, {2}), (F{2, 3}));                      // In1D
  EXPECT_EQ(slice<float>(DType::Float32, {2, 3}, {1, 2, 3, 4, 5, 6}, {1, 0}, {1, 2}, {1, 2}), (F{4, 5}));   // In2D
  EXPECT_EQ(slice<float>(DType::Float32, {2, 3, 2}, {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}, {0, 0, 0},     // In3D
                         {2, 3, 2}, {2, 3, 2}),
            (F{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}));
  EXPECT_EQ(slice<float>(DType::Float32, {5, 1, 1, 1, 1}, {1, 2, 3, 4, 5}, {1, 0, 0, 0, 0}, {3, 1, 1, 1, 1},  // In5D
                         {3, 1, 1, 1, 1}),
            (F{2, 3, 4}));
  EXPECT_EQ(slice<float>(DType::Float32, {4, 1, 1, 1}, {1, 2, 3, 4}, {1, 0, 0, 0}, {3, 1, 1, 1}, {3, 1, 1, 1}),
            (F{2, 3, 4}));  // InputFloat
  EXPECT_EQ((slice<float, int64_t>(DType::Float32, {4, 1, 1, 1}, {1, 2, 3, 4}, {1, 0, 0, 0}, {3, 1, 1, 1},
                                   {3, 1, 1, 1})),
            (F{2, 3, 4}));  // IndexInt64
}

TEST(TflmSlice, IntegerCases) {
  EXPECT_EQ(slice<int32_t>(DType::Int32, {3, 2, 3, 1}, kInteger, {1, 0, 0, 0}, {1, 1, 3, 1}, {1, 1, 3, 1}),
            (I32{3, 3, 3}));  // InputInteger1
  EXPECT_EQ(slice<int32_t>(DType::Int32, {3, 2, 3, 1}, kInteger, {1, 0, 0, 0}, {1, 2, 3, 1}, {1, 2, 3, 1}),
            (I32{3, 3, 3, 4, 4, 4}));  // InputInteger2
  EXPECT_EQ(slice<int32_t>(DType::Int32, {3, 2, 3, 1}, kInteger, {1, 0, 0, 0}, {2, 1, 3, 1}, {2, 1, 3, 1}),
            (I32{3, 3, 3, 5, 5, 5}));  // InputInteger3
  EXPECT_EQ(slice<int32_t>(DType::Int32, {3, 2, 3, 1}, kInteger, {1, 0, 0, 0}, {2, 1, -1, 1}, {2, 1, 3, 1}),
            (I32{3, 3, 3, 5, 5, 5}));  // SizeMinus1
  EXPECT_EQ(slice<int32_t>(DType::Int32, {3, 3, 2, 1}, {1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9},
                           {1, 1, 0, 0}, {2, -1, 1, 1}, {2, 2, 1, 1}),
            (I32{5, 6, 8, 9}));  // BeginNonZeroSizeMinus1Axis1
  EXPECT_EQ(slice<int32_t>(DType::Int32, {3, 2, 3, 1}, kInteger, {1, 0, 1, 0}, {2, 1, -1, 1}, {2, 1, 2, 1}),
            (I32{3, 3, 5, 5}));  // BeginNonZeroSizeMinus1Axis2
  EXPECT_EQ(slice<int32_t>(DType::Int32, {3, 1, 2, 3}, kInteger, {1, 0, 0, 1}, {2, 1, 1, -1}, {2, 1, 1, 2}),
            (I32{3, 3, 5, 5}));  // BeginNonZeroSizeMinus1Axis3
  const std::vector<int8_t> i8(kInteger.begin(), kInteger.end());
  EXPECT_EQ(slice<int8_t>(DType::Int8, {3, 2, 3, 1}, i8, {1, 0, 0, 0}, {2, 1, -1, 1}, {2, 1, 3, 1}),
            (std::vector<int8_t>{3, 3, 3, 5, 5, 5}));  // SliceInt8
  const std::vector<int16_t> i16(kInteger.begin(), kInteger.end());
  EXPECT_EQ(slice<int16_t>(DType::Int16, {3, 2, 3, 1}, i16, {1, 0, 0, 0}, {2, 1, -1, 1}, {2, 1, 3, 1}),
            (std::vector<int16_t>{3, 3, 3, 5, 5, 5}));  // SliceInt16
}

// TinySim's own checks (not from TFLM): a box that leaves the input, and an
// output shape other than the size, are refused in one message.
TEST(SliceChecks, OutOfRangeBoxIsRefused) {
  EXPECT_THROW(slice<float>(DType::Float32, {4}, {1, 2, 3, 4}, {3}, {2}, {2}), Error);
  EXPECT_THROW(slice<float>(DType::Float32, {4}, {1, 2, 3, 4}, {1}, {2}, {3}), Error);
}

}  // namespace
