// STRIDED_SLICE against TFLite Micro's kernel tests (float cases; the int8 /
// int16 path is the same byte walk, covered host = emulator by the registry
// test). Values from tensorflow/lite/micro/kernels/strided_slice_test.cc
// https://github.com/tensorflow/tflite-micro/blob/0cc6f983266d1bd6f5d66f485c546e8cc80ad6a2/tensorflow/lite/micro/kernels/strided_slice_test.cc
// TFLM compares each output within 1e-5 (the values are copies: exact).
#include <gtest/gtest.h>

#include "tests/host_golden/tflm_quantize.h"

using namespace tinysim;
using namespace tinysim::golden;

namespace {

struct Case {
  const char* name;
  std::vector<int32_t> in_shape;
  std::vector<int32_t> begin, end, strides;
  int begin_mask, end_mask;
  std::vector<int32_t> out_shape;
  std::vector<float> input, golden;
};

std::vector<float> run(const Case& c) {
  test::ModelBuilder b;
  const int in = b.tensor(DType::Float32, c.in_shape);
  const auto n = static_cast<int32_t>(c.begin.size());
  const int begin = b.constant<int32_t>(DType::Int32, {n}, c.begin);
  const int end = b.constant<int32_t>(DType::Int32, {n}, c.end);
  const int strides = b.constant<int32_t>(DType::Int32, {n}, c.strides);
  const int out = b.tensor(DType::Float32, c.out_shape);
  auto& x = b.op(OpType::StridedSlice, {in, begin, end, strides}, {out}).options.extra;
  if (c.begin_mask) x["begin_mask"] = c.begin_mask;
  if (c.end_mask) x["end_mask"] = c.end_mask;
  b.io({in}, {out});
  return run1<float>(b.m, c.input);
}

TEST(TflmStridedSlice, OneAndTwoDimensionalCases) {
  const std::vector<float> v4 = {1, 2, 3, 4}, v6 = {1, 2, 3, 4, 5, 6};
  const std::vector<Case> cases = {
      {"In1D", {4}, {1}, {3}, {1}, 0, 0, {2}, v4, {2, 3}},
      {"In1D_NegativeBegin", {4}, {-3}, {3}, {1}, 0, 0, {2}, v4, {2, 3}},
      {"In1D_OutOfRangeBegin", {4}, {-5}, {3}, {1}, 0, 0, {3}, v4, {1, 2, 3}},
      {"In1D_NegativeEnd", {4}, {1}, {-2}, {1}, 0, 0, {1}, v4, {2}},
      {"In1D_OutOfRangeEnd", {4}, {-3}, {5}, {1}, 0, 0, {3}, v4, {2, 3, 4}},
      {"In1D_BeginMask", {4}, {1}, {3}, {1}, 1, 0, {3}, v4, {1, 2, 3}},
      {"In1D_NegativeBeginNegativeStride", {4}, {-2}, {-3}, {-1}, 0, 0, {1}, v4, {3}},
      {"In1D_OutOfRangeBeginNegativeStride", {4}, {5}, {2}, {-1}, 0, 0, {1}, v4, {4}},
      {"In1D_NegativeEndNegativeStride", {4}, {2}, {-4}, {-1}, 0, 0, {2}, v4, {3, 2}},
      {"In1D_OutOfRangeEndNegativeStride", {4}, {-3}, {-5}, {-1}, 0, 0, {2}, v4, {2, 1}},
      {"In1D_EndMask", {4}, {1}, {3}, {1}, 0, 1, {3}, v4, {2, 3, 4}},
      {"In1D_NegStride", {3}, {-1}, {-4}, {-1}, 0, 0, {3}, {1, 2, 3}, {3, 2, 1}},
      {"In1D_EvenLenStride2", {2}, {0}, {4}, {2}, 0, 0, {1}, {1, 2}, {1}},
      {"In1D_OddLenStride2", {3}, {0}, {3}, {2}, 0, 0, {2}, {1, 2, 3}, {1, 3}},
      {"In2D_Identity", {2, 3}, {0, 0}, {2, 3}, {1, 1}, 0, 0, {2, 3}, v6, v6},
      {"In2D", {2, 3}, {1, 0}, {2, 2}, {1, 1}, 0, 0, {1, 2}, v6, {4, 5}},
      {"In2D_Stride2", {2, 3}, {0, 0}, {2, 3}, {2, 2}, 0, 0, {1, 2}, v6, {1, 3}},
      {"In2D_NegStride", {2, 3}, {1, -1}, {2, -4}, {2, -1}, 0, 0, {1, 3}, v6, {6, 5, 4}},
      {"In2D_BeginMask", {2, 3}, {1, 0}, {2, 2}, {1, 1}, 1, 0, {2, 2}, v6, {1, 2, 4, 5}},
  };
  for (const Case& c : cases) {
    const std::vector<float> got = run(c);
    ASSERT_EQ(got.size(), c.golden.size()) << c.name;
    for (size_t i = 0; i < got.size(); ++i) EXPECT_NEAR(got[i], c.golden[i], 1e-5f) << c.name << " element " << i;
  }
}

TEST(TflmStridedSlice, EmptyOutput) {
  // In1D_EmptyOutput: begin past the end gives no elements.
  EXPECT_TRUE(run({"In1D_EmptyOutput", {4}, {10}, {3}, {1}, 0, 0, {0}, {1, 2, 3, 4}, {}}).empty());
}

// TinySim's own checks (not from TFLM): a zero stride and a 6-D input are refused.
TEST(StridedSliceChecks, ZeroStrideAndSixDimensionsAreRefused) {
  EXPECT_THROW(run({"ZeroStride", {4}, {0}, {4}, {0}, 0, 0, {4}, {1, 2, 3, 4}, {}}), Error);
  EXPECT_THROW(run({"6-D", {1, 1, 1, 1, 1, 2}, {0, 0, 0, 0, 0, 0}, {1, 1, 1, 1, 1, 2}, {1, 1, 1, 1, 1, 1}, 0, 0,
                    {1, 1, 1, 1, 1, 2}, {1, 2}, {}}),
               Error);
}

}  // namespace
