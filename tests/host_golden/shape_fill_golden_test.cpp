// SHAPE, FILL and ZEROS_LIKE against TFLite Micro's kernel tests (every
// element compared with EXPECT_EQ). Values from tensorflow/lite/micro/kernels/
//   shape_test.cc      https://github.com/tensorflow/tflite-micro/blob/25b10cd2896f76af93252ba257bb0207ab46c6a4/tensorflow/lite/micro/kernels/shape_test.cc
//   fill_test.cc       https://github.com/tensorflow/tflite-micro/blob/0b7d9af9799dc8de02a92e540507ebebaaa494f1/tensorflow/lite/micro/kernels/fill_test.cc
//   zeros_like_test.cc https://github.com/tensorflow/tflite-micro/blob/0cc6f983266d1bd6f5d66f485c546e8cc80ad6a2/tensorflow/lite/micro/kernels/zeros_like_test.cc
// TFLM's shape tests give the output odd dims ({1, 1} for two values; its
// kernel writes the dims whatever the output's shape); here the output is
// [rank], as the TFLite converter writes it.
#include <gtest/gtest.h>

#include "core/common/error.h"
#include "tests/host_golden/tflm_quantize.h"

using namespace tinysim;
using namespace tinysim::golden;

namespace {

std::vector<int32_t> shape_of(const std::vector<int32_t>& in_shape) {
  test::ModelBuilder b;
  const int in = b.tensor(DType::Float32, in_shape);
  const int out = b.tensor(DType::Int32, {static_cast<int32_t>(in_shape.size())});
  b.op(OpType::Shape, {in}, {out});
  b.io({in}, {out});
  int64_t n = 1;
  for (int32_t d : in_shape) n *= d;
  return test::run_model<int32_t, float>(b.m, {std::vector<float>(static_cast<size_t>(n), 1.f)});
}

// FILL with the value as a graph input (TFLM's tests feed it as a tensor);
// dims constant (int32 or int64) or, with no data, an activation.
template <class T, class Dims>
std::vector<T> fill(DType t, const std::vector<Dims>& dims, bool dims_constant, T value,
                    const std::vector<int32_t>& out_shape) {
  test::ModelBuilder b;
  const DType dt = sizeof(Dims) == 8 ? DType::Int64 : DType::Int32;
  const auto n = static_cast<int32_t>(dims.size());
  const int d = dims_constant ? b.constant<Dims>(dt, {n}, dims) : b.tensor(dt, {n});
  const int v = b.tensor(t, {});
  const int out = b.tensor(t, out_shape);
  b.op(OpType::Fill, {d, v}, {out});
  b.io({v}, {out});
  return run1<T>(b.m, {value});
}

template <class T>
std::vector<T> zeros_like(DType t, const std::vector<int32_t>& shape, const std::vector<T>& input) {
  test::ModelBuilder b;
  const int in = b.tensor(t, shape);
  const int out = b.tensor(t, shape);
  b.op(OpType::ZerosLike, {in}, {out});
  b.io({in}, {out});
  return run1<T>(b.m, input);
}

using I32 = std::vector<int32_t>;

TEST(TflmShape, Cases) {
  EXPECT_EQ(shape_of({5}), (I32{5}));           // TestShape0
  EXPECT_EQ(shape_of({4, 3}), (I32{4, 3}));     // TestShape1
  EXPECT_EQ(shape_of({12, 1}), (I32{12, 1}));   // TestShape2
  EXPECT_EQ(shape_of({2, 6}), (I32{2, 6}));     // TestShape3
  EXPECT_EQ(shape_of({2, 2, 3}), (I32{2, 2, 3}));  // TestShape4
  EXPECT_EQ(shape_of({1}), (I32{1}));           // TestShape5
}

TEST(TflmFill, Cases) {
  const std::vector<int64_t> d64 = {2, 2, 2};
  const std::vector<int32_t> d32 = {2, 2, 2};
  EXPECT_EQ((fill<float, int64_t>(DType::Float32, d64, true, 4.f, {2, 2, 2})), std::vector<float>(8, 4.f));
  EXPECT_EQ((fill<int32_t, int64_t>(DType::Int32, d64, true, 4, {2, 2, 2})), std::vector<int32_t>(8, 4));
  EXPECT_EQ((fill<int8_t, int32_t>(DType::Int8, d32, true, 4, {2, 2, 2})), std::vector<int8_t>(8, 4));
  EXPECT_EQ((fill<int8_t, int32_t>(DType::Int8, d32, false, 4, {2, 2, 2})), std::vector<int8_t>(8, 4));  // NoInputDimsData
  EXPECT_EQ((fill<float, int32_t>(DType::Float32, d32, true, 4.f, {2, 2, 2})), std::vector<float>(8, 4.f));
  EXPECT_EQ((fill<float, int64_t>(DType::Float32, {}, true, 4.f, {})), std::vector<float>(1, 4.f));  // FillScalar
  // FillInputDimsMismatchWithOutputShallFail
  EXPECT_THROW((fill<int8_t, int64_t>(DType::Int8, d64, true, 4, {3, 2, 2})), Error);
}

TEST(TflmZerosLike, Cases) {
  EXPECT_EQ(zeros_like<float>(DType::Float32, {2, 3}, {-2, -1, 0, 1, 2, 3}), std::vector<float>(6, 0.f));
  EXPECT_EQ(zeros_like<int8_t>(DType::Int8, {1, 2, 3}, {-2, -1, 0, 1, 2, 3}), std::vector<int8_t>(6, 0));
  EXPECT_EQ(zeros_like<int32_t>(DType::Int32, {1, 2, 2, 1}, {-2, -1, 0, 3}), std::vector<int32_t>(4, 0));
}

}  // namespace
