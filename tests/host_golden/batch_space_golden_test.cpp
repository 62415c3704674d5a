// BATCH_TO_SPACE_ND and SPACE_TO_BATCH_ND against TFLite Micro's kernel
// tests (exact: TF_LITE_MICRO_EXPECT_EQ on float and int8) and, for
// SPACE_TO_BATCH's padding (TFLM's test has none), TFLite's reference
// kernel test (ElementsAreArray exact for float, dequantized within
// (max - min) / 255 for int8, whose padding must be the zero point). Sources:
//   tensorflow/lite/micro/kernels/batch_to_space_nd_test.cc (the version with
//     BatchToSpaceNDOpTestSimple3DConstTestWithCropsINT8; the basic case also at
//     https://github.com/tensorflow/tflite-micro/blob/0facdd78282c53655f947bd8a2dce22523744ec9/tensorflow/lite/micro/kernels/batch_to_space_nd_test.cc)
//   https://github.com/tensorflow/tflite-micro/blob/0b7d9af9799dc8de02a92e540507ebebaaa494f1/tensorflow/lite/micro/kernels/space_to_batch_nd_test.cc
//   https://github.com/tensorflow/tensorflow/blob/0db332dc4ca50224965f7924050df365b32fb979/tensorflow/lite/kernels/space_to_batch_nd_test.cc
#include <gtest/gtest.h>

#include <numeric>

#include "core/common/error.h"
#include "tests/host_golden/tflm_quantize.h"

using namespace tinysim;
using namespace tinysim::golden;

namespace {

using Shape = std::vector<int32_t>;
using F = std::vector<float>;

template <class T>
std::vector<T> run(OpType type, const Shape& in_shape, const std::vector<T>& input, const std::vector<int32_t>& block,
                   const std::vector<int32_t>& edges, const Shape& out_shape, float scale = 1.f, int zp = 0) {
  test::ModelBuilder b;
  const DType t = std::is_same_v<T, float> ? DType::Float32 : std::is_same_v<T, int8_t> ? DType::Int8 : DType::Int16;
  const bool q = t != DType::Float32;
  const int in = q ? b.tensor(t, in_shape, {scale}, {zp}) : b.tensor(t, in_shape);
  const int bs = b.constant<int32_t>(DType::Int32, {static_cast<int32_t>(block.size())}, block);
  const int e = b.constant<int32_t>(DType::Int32, {static_cast<int32_t>(block.size()), 2}, edges);
  const int out = q ? b.tensor(t, out_shape, {scale}, {zp}) : b.tensor(t, out_shape);
  b.op(type, {in, bs, e}, {out});
  b.io({in}, {out});
  return run1<T>(b.m, input);
}

F iota16() {
  F v(16);
  std::iota(v.begin(), v.end(), 1.f);
  return v;
}

template <class T>
std::vector<T> as(const F& v) {
  return std::vector<T>(v.begin(), v.end());
}

TEST(TflmBatchToSpaceNd, Cases) {
  const F basic = {1, 5, 2, 6, 9, 13, 10, 14, 3, 7, 4, 8, 11, 15, 12, 16};
  EXPECT_EQ(run<float>(OpType::BatchToSpaceNd, {4, 2, 2, 1}, iota16(), {2, 2}, {0, 0, 0, 0}, {1, 4, 4, 1}), basic);
  EXPECT_EQ(run<int8_t>(OpType::BatchToSpaceNd, {4, 2, 2, 1}, as<int8_t>(iota16()), {2, 2}, {0, 0, 0, 0}, {1, 4, 4, 1}),
            as<int8_t>(basic));  // SimpleConstTestInt8
  EXPECT_EQ(run<float>(OpType::BatchToSpaceNd, {2, 4, 1}, {1, 2, 3, 4, 5, 6, 7, 8}, {2}, {0, 0}, {1, 8, 1}),
            (F{1, 5, 2, 6, 3, 7, 4, 8}));  // ValidOutputShapeTest
  EXPECT_EQ(run<float>(OpType::BatchToSpaceNd, {1, 2, 2, 1}, {1, 2, 3, 4}, {1, 1}, {0, 0, 0, 0}, {1, 2, 2, 1}),
            (F{1, 2, 3, 4}));  // BatchOneConstTest
  EXPECT_TRUE(run<int8_t>(OpType::BatchToSpaceNd, {4, 2, 2, 1}, as<int8_t>(iota16()), {2, 2}, {0, 0, 2, 2}, {1, 4, 0, 1})
                  .empty());  // SimpleConstTestInt8EmptyOutput
  EXPECT_EQ(run<float>(OpType::BatchToSpaceNd, {4, 4, 1}, iota16(), {2}, {0, 0}, {2, 8, 1}),
            (F{1, 9, 2, 10, 3, 11, 4, 12, 5, 13, 6, 14, 7, 15, 8, 16}));  // Simple3DConstTest
  const F crops3d = {9, 2, 10, 3, 11, 4, 13, 6, 14, 7, 15, 8};
  EXPECT_EQ(run<float>(OpType::BatchToSpaceNd, {4, 4, 1}, iota16(), {2}, {1, 1}, {2, 6, 1}), crops3d);
  // Simple3DConstTestWithCropsINT8: TFLM quantizes [-16, 16] (scale 32/255,
  // zero point 0 by ZeroPointFromMinMax) and compares dequantized within one step.
  const float s = 32.f / 255.f;
  const std::vector<int8_t> q = run<int8_t>(OpType::BatchToSpaceNd, {4, 4, 1}, quantize<int8_t>(iota16(), s, 0), {2},
                                            {1, 1}, {2, 6, 1}, s, 0);
  ASSERT_EQ(q.size(), crops3d.size());
  for (size_t i = 0; i < q.size(); ++i) EXPECT_NEAR(q[i] * s, crops3d[i], s) << i;
  // InvalidShapeTest (batch 3 not a multiple of 4), InvalidCropsConstTest (a negative crop).
  EXPECT_THROW(run<float>(OpType::BatchToSpaceNd, {3, 2, 2, 1}, F(12), {2, 2}, {0, 0, 0, 0}, {1, 4, 4, 1}), Error);
  EXPECT_THROW(run<float>(OpType::BatchToSpaceNd, {4, 2, 2, 1}, F(16), {2, 2}, {0, 0, 0, -1}, {1, 4, 4, 1}), Error);
  EXPECT_THROW(run<float>(OpType::BatchToSpaceNd, {2, 4, 1}, F(8), {2}, {0, 0}, {1, 1, 1}), Error);  // InvalidOutputShape
}

TEST(TflmSpaceToBatchNd, Basic) {
  const F basic = {1, 3, 9, 11, 2, 4, 10, 12, 5, 7, 13, 15, 6, 8, 14, 16};
  EXPECT_EQ(run<float>(OpType::SpaceToBatchNd, {1, 4, 4, 1}, iota16(), {2, 2}, {0, 0, 0, 0}, {4, 2, 2, 1}), basic);
  EXPECT_EQ(run<int8_t>(OpType::SpaceToBatchNd, {1, 4, 4, 1}, as<int8_t>(iota16()), {2, 2}, {0, 0, 0, 0}, {4, 2, 2, 1}),
            as<int8_t>(basic));
}

TEST(TfliteSpaceToBatchNd, PaddingWithTheZeroPoint) {
  EXPECT_EQ(run<float>(OpType::SpaceToBatchNd, {2, 2, 4, 1}, iota16(), {2, 2}, {0, 0, 0, 0}, {8, 1, 2, 1}),
            (F{1, 3, 9, 11, 2, 4, 10, 12, 5, 7, 13, 15, 6, 8, 14, 16}));  // MultipleInputBatchesConstTest
  EXPECT_EQ(run<float>(OpType::SpaceToBatchNd, {1, 5, 2, 1}, {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, {3, 2}, {1, 0, 2, 0},
                       {6, 2, 2, 1}),
            (F{0, 0, 0, 5, 0, 0, 0, 6, 0, 1, 0, 7, 0, 2, 0, 8, 0, 3, 0, 9, 0, 4, 0, 10}));  // SimplePaddingConstTest
  EXPECT_EQ(run<float>(OpType::SpaceToBatchNd, {1, 4, 2, 1}, {1, 2, 3, 4, 5, 6, 7, 8}, {3, 2}, {1, 1, 2, 4},
                       {6, 2, 4, 1}),
            (F{0, 0, 0, 0, 0, 5, 0, 0, 0, 0, 0, 0, 0, 6, 0, 0, 0, 1, 0, 0, 0, 7, 0, 0,
               0, 2, 0, 0, 0, 8, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0, 4, 0, 0, 0, 0, 0, 0}));  // ComplexPaddingConstTest
  EXPECT_EQ(run<float>(OpType::SpaceToBatchNd, {1, 4, 4}, iota16(), {2}, {2, 2}, {2, 4, 4}),
            (F{0, 0, 0, 0, 1, 2, 3, 4, 9, 10, 11, 12, 0, 0, 0, 0,
               0, 0, 0, 0, 5, 6, 7, 8, 13, 14, 15, 16, 0, 0, 0, 0}));  // Simple3DPaddingConstTest
  // SimplePaddingConstTestInt8: [-1, 1] (TFLite's SingleOpModel parameters),
  // padding must dequantize to 0.
  const auto [scale, zp] = choose_quantization_params<float>(-1.f, 1.f);
  const F in = {-0.1f, 0.2f, -0.3f, 0.4f, -0.5f, 0.6f, -0.7f, 0.8f, -0.9f, 0.1f};
  const F golden = {0, 0, 0, -0.5f, 0, 0, 0, 0.6f, 0, -0.1f, 0, -0.7f, 0, 0.2f, 0, 0.8f, 0, -0.3f, 0, -0.9f, 0, 0.4f, 0, 0.1f};
  const std::vector<int8_t> q = run<int8_t>(OpType::SpaceToBatchNd, {1, 5, 2, 1}, quantize<int8_t>(in, scale, zp),
                                            {3, 2}, {1, 0, 2, 0}, {6, 2, 2, 1}, scale, zp);
  ASSERT_EQ(q.size(), golden.size());
  for (size_t i = 0; i < q.size(); ++i) EXPECT_NEAR((q[i] - zp) * scale, golden[i], 2.f / 255.f) << i;
  EXPECT_EQ(q[0], zp);  // a padded element is exactly the zero point
}

}  // namespace
