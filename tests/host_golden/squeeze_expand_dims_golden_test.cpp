// SQUEEZE and EXPAND_DIMS (byte copies with their own shape rules) against
// TFLite Micro's kernel tests, which compare every element with EXPECT_EQ.
// tensorflow/lite/micro/kernels/squeeze_test.cc
// https://github.com/tensorflow/tflite-micro/blob/0cc6f983266d1bd6f5d66f485c546e8cc80ad6a2/tensorflow/lite/micro/kernels/squeeze_test.cc
// tensorflow/lite/micro/kernels/expand_dims_test.cc
// https://github.com/tensorflow/tflite-micro/blob/0b7d9af9799dc8de02a92e540507ebebaaa494f1/tensorflow/lite/micro/kernels/expand_dims_test.cc
#include <gtest/gtest.h>

#include <numeric>

#include "tests/host_golden/tflm_quantize.h"

using namespace tinysim;
using namespace tinysim::golden;

namespace {

std::vector<int32_t> squeeze(const std::vector<int32_t>& in_shape, const std::vector<int32_t>& out_shape,
                             const std::vector<int32_t>& dims, const std::vector<int32_t>& data) {
  test::ModelBuilder b;
  const int in = b.tensor(DType::Int32, in_shape), out = b.tensor(DType::Int32, out_shape);
  auto& x = b.op(OpType::Squeeze, {in}, {out}).options.extra;
  if (!dims.empty()) x["squeeze_dims"] = static_cast<double>(dims.size());
  for (size_t i = 0; i < dims.size(); ++i) x["squeeze_dim_" + std::to_string(i)] = dims[i];
  b.io({in}, {out});
  return run1<int32_t>(b.m, data);
}

std::vector<int32_t> iota24() {
  std::vector<int32_t> v(24);
  std::iota(v.begin(), v.end(), 1);
  return v;
}

TEST(TflmSqueeze, AllSelectedAndNegativeAxes) {
  EXPECT_EQ(squeeze({1, 24, 1}, {24}, {}, iota24()), iota24());
  EXPECT_EQ(squeeze({1, 24, 1}, {1, 24}, {2}, iota24()), iota24());
  EXPECT_EQ(squeeze({1, 24, 1}, {24}, {-1, 0}, iota24()), iota24());
  EXPECT_EQ(squeeze({1, 1, 1, 1, 1, 1, 1}, {1}, {}, {3}), (std::vector<int32_t>{3}));
}

TEST(TflmSqueeze, AxisThatIsNotSizeOneIsRefused) {
  EXPECT_THROW(squeeze({1, 24, 1}, {24}, {1}, iota24()), Error);
}

template <class T>
std::vector<T> expand_dims(DType t, const std::vector<int32_t>& in_shape, int32_t axis,
                           const std::vector<int32_t>& out_shape, const std::vector<T>& data) {
  test::ModelBuilder b;
  const int in = t == DType::Int8 ? b.tensor(t, in_shape, {1.f}, {0}) : b.tensor(t, in_shape);
  const int ax = b.constant<int32_t>(DType::Int32, {1}, {axis});
  const int out = t == DType::Int8 ? b.tensor(t, out_shape, {1.f}, {0}) : b.tensor(t, out_shape);
  b.op(OpType::ExpandDims, {in, ax}, {out});
  b.io({in}, {out});
  return run1<T>(b.m, data);
}

TEST(TflmExpandDims, PositiveAndNegativeAxes) {
  const std::vector<int8_t> i4 = {-1, 1, -2, 2}, i6 = {-1, 1, 2, -2, 0, 3};
  const std::vector<float> f4 = {-1.1, 1.2, -2.1, 2.2}, f6 = {0.1, -0.8, -1.2, -0.5, 0.9, 1.3};
  EXPECT_EQ(expand_dims<int8_t>(DType::Int8, {2, 2}, 0, {1, 2, 2}, i4), i4);
  EXPECT_EQ(expand_dims<float>(DType::Float32, {2, 2}, 1, {2, 1, 2}, f4), f4);
  EXPECT_EQ(expand_dims<int8_t>(DType::Int8, {2, 2}, 2, {2, 2, 1}, i4), i4);
  EXPECT_EQ(expand_dims<int8_t>(DType::Int8, {3, 1, 2}, -4, {1, 3, 1, 2}, i6), i6);
  EXPECT_EQ(expand_dims<float>(DType::Float32, {3, 1, 2}, -3, {3, 1, 1, 2}, f6), f6);
  EXPECT_EQ(expand_dims<int8_t>(DType::Int8, {1, 2, 3}, -2, {1, 2, 1, 3}, i6), i6);
  EXPECT_EQ(expand_dims<float>(DType::Float32, {1, 3, 2}, -1, {1, 3, 2, 1}, f6), f6);
}

TEST(TflmExpandDims, MismatchedOutputAndOutOfRangeAxisAreRefused) {
  const std::vector<float> f6 = {0.1, -0.8, -1.2, -0.5, 0.9, 1.3};
  EXPECT_THROW(expand_dims<float>(DType::Float32, {1, 3, 2}, -1, {1, 3, 1, 2}, f6), Error);
  EXPECT_THROW(expand_dims<int8_t>(DType::Int8, {1, 3, 2}, 4, {1, 3, 2, 1}, {1, 8, 2, 5, 9, 3}), Error);
}

}  // namespace
