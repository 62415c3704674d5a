// GATHER against TFLite Micro's kernel tests (every element compared with
// EXPECT_EQ-style exactness; the values are copies). Values from
// tensorflow/lite/micro/kernels/gather_test.cc
// https://github.com/tensorflow/tflite-micro/blob/0cc6f983266d1bd6f5d66f485c546e8cc80ad6a2/tensorflow/lite/micro/kernels/gather_test.cc
#include <gtest/gtest.h>

#include <numeric>

#include "core/common/error.h"
#include "tests/host_golden/tflm_quantize.h"

using namespace tinysim;
using namespace tinysim::golden;

namespace {

template <class T>
std::vector<T> gather(const std::vector<int32_t>& in_shape, const std::vector<T>& input,
                      const std::vector<int32_t>& pos_shape, const std::vector<int32_t>& positions,
                      const std::vector<int32_t>& out_shape, int axis = 0, int batch_dims = 0) {
  test::ModelBuilder b;
  const DType t = std::is_same_v<T, float> ? DType::Float32 : DType::Int8;
  const bool q = t == DType::Int8;
  const int in = q ? b.tensor(t, in_shape, {1.f}, {0}) : b.tensor(t, in_shape);
  const int pos = b.constant<int32_t>(DType::Int32, pos_shape, positions);
  const int out = q ? b.tensor(t, out_shape, {1.f}, {0}) : b.tensor(t, out_shape);
  auto& op = b.op(OpType::Gather, {in, pos}, {out});
  op.options.axis = axis;
  if (batch_dims != 0) op.options.extra["batch_dims"] = batch_dims;
  b.io({in}, {out});
  return run1<T>(b.m, input);
}

using F = std::vector<float>;
using I8 = std::vector<int8_t>;

TEST(TflmGather, FloatCases) {
  const F x = {-2.0f, 0.2f, 0.7f, 0.8f};
  EXPECT_EQ(gather<float>({2, 2}, x, {2}, {1, 0}, {2, 2}), (F{0.7f, 0.8f, -2, 0.2f}));          // Shuffle
  EXPECT_EQ(gather<float>({2, 2}, x, {}, {1}, {2}), (F{0.7f, 0.8f}));                           // Test0DIndex
  EXPECT_EQ(gather<float>({3}, {1, 2, 3}, {}, {1}, {}), (F{2}));                                // ...With0DResult
  EXPECT_EQ(gather<float>({3}, {1, 3, 5}, {1}, {1}, {1}), (F{3}));                              // Test1DInput1DIndex
  EXPECT_EQ(gather<float>({3}, {1, 2, 3}, {1, 2}, {1, 0}, {1, 2}), (F{2, 1}));                  // Test2DIndexWith2DResult
  EXPECT_EQ(gather<float>({1, 2, 2}, x, {2}, {0, 0}, {2, 2, 2}), (F{-2, 0.2f, 0.7f, 0.8f, -2, 0.2f, 0.7f, 0.8f}));
  EXPECT_EQ(gather<float>({4, 1}, x, {2}, {1, 3}, {2, 1}), (F{0.2f, 0.8f}));                    // Slice
  EXPECT_EQ(gather<float>({1, 2, 3}, {1, 2, 3, 4, 5, 6}, {2}, {1, 0}, {1, 2, 3}, 1), (F{4, 5, 6, 1, 2, 3}));  // Axis1
  EXPECT_EQ(gather<float>({1, 3, 2}, {1, 2, 3, 4, 5, 6}, {}, {1}, {1, 2}, 1), (F{3, 4}));       // Axis1_0DIndex
  EXPECT_EQ(gather<float>({1, 4, 2}, {1, 2, 3, 4, 5, 6, 7, 8}, {2}, {3, 1}, {1, 2, 2}, 1), (F{7, 8, 3, 4}));
  EXPECT_EQ(gather<float>({1, 2, 3}, {1, 2, 3, 4, 5, 6}, {2}, {2, 0}, {1, 2, 2}, -1), (F{3, 1, 6, 4}));  // LastAxis
  EXPECT_EQ(gather<float>({1, 2, 3}, {1, 2, 3, 4, 5, 6}, {}, {2}, {1, 2}, -1), (F{3, 6}));      // LastAxis0DIndex
  EXPECT_EQ(gather<float>({2, 2}, {13.3f, -13.4f, -1.4f, 1.5f}, {2}, {1, 0}, {2, 2}),
            (F{-1.4f, 1.5f, 13.3f, -13.4f}));  // Float32Int32
}

TEST(TflmGather, Int8AndBatchDims) {
  EXPECT_EQ(gather<int8_t>({2, 2}, {-13, -120, 14, 15}, {2}, {1, 0}, {2, 2}), (I8{14, 15, -13, -120}));
  F x(60);
  std::iota(x.begin(), x.end(), 0.f);
  const std::vector<int32_t> pos = {1, 0, 0, 1, 1, 0, 0, 1};
  EXPECT_EQ(gather<float>({2, 2, 3, 5}, x, {2, 2, 2}, pos, {2, 2, 2, 5}, 2, 2),  // BatchDims2
            (F{5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24,
               35, 36, 37, 38, 39, 30, 31, 32, 33, 34, 45, 46, 47, 48, 49, 50, 51, 52, 53, 54}));
  const I8 x8(x.begin(), x.end());
  const I8 golden1 = {5,  6,  7,  8,  9,  0,  1,  2,  3,  4,  0,  1,  2,  3,  4,  5,  6,  7,  8,  9,
                      20, 21, 22, 23, 24, 15, 16, 17, 18, 19, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24,
                      35, 36, 37, 38, 39, 30, 31, 32, 33, 34, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39,
                      50, 51, 52, 53, 54, 45, 46, 47, 48, 49, 45, 46, 47, 48, 49, 50, 51, 52, 53, 54};
  EXPECT_EQ(gather<int8_t>({2, 2, 3, 5}, x8, {2, 2, 2}, pos, {2, 2, 2, 2, 5}, 2, 1), golden1);   // BatchDims1
  EXPECT_EQ(gather<int8_t>({2, 2, 3, 5}, x8, {2, 2, 2}, pos, {2, 2, 2, 2, 5}, 2, -2), golden1);  // NegativeBatchDims
}

// TinySim's own checks (not from TFLM, whose Invoke fails there): an index
// outside the axis stops the host run with an error naming the op; int64
// indices are refused as TFLM refuses them.
TEST(GatherChecks, OutOfRangeIndexAndInt64IndicesAreRefused) {
  try {
    gather<float>({3}, {1, 2, 3}, {1}, {3}, {1});
    FAIL() << "an out-of-range index ran";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("GATHER"), std::string::npos) << e.what();
  }
  test::ModelBuilder b;
  const int in = b.tensor(DType::Float32, {3});
  const int pos = b.constant<int64_t>(DType::Int64, {1}, {1});
  const int out = b.tensor(DType::Float32, {1});
  b.op(OpType::Gather, {in, pos}, {out});
  b.io({in}, {out});
  EXPECT_THROW(HostInterpreter{b.m}, Error);
}

}  // namespace
