// RESIZE_BILINEAR against TFLite Micro's kernel tests, with TFLM's
// tolerances (EXPECT_NEAR 1e-5 for float and most int8 cases, 1 where the
// test passes tolerance 1; the int8 tensors are CreateQuantizedTensor(data,
// dims, -128, 127): scale 1, zero point 0). Values from
// tensorflow/lite/micro/kernels/resize_bilinear_test.cc
// https://github.com/tensorflow/tflite-micro/blob/0cc6f983266d1bd6f5d66f485c546e8cc80ad6a2/tensorflow/lite/micro/kernels/resize_bilinear_test.cc
// and, for half_pixel_centers and int16 (TFLM's own test has no case of
// them), TFLite's reference kernel test, whose integer path is the same
// ResizeBilinearInteger: tensorflow/lite/kernels/resize_bilinear_test.cc
// https://github.com/tensorflow/tensorflow/blob/011945313738e215bf1b1f0024cd821f6451f495/tensorflow/lite/kernels/resize_bilinear_test.cc
// (ArrayFloatNear: 1e-5, or max_abs_err 1 where the test gives it).
#include <gtest/gtest.h>

#include "core/common/error.h"
#include "tests/host_golden/tflm_quantize.h"

using namespace tinysim;
using namespace tinysim::golden;

namespace {

using Shape = std::vector<int32_t>;

template <class T>
std::vector<T> resize(const Shape& in_shape, const std::vector<T>& input, int32_t h, int32_t w, bool align = false,
                      bool half = false) {
  test::ModelBuilder b;
  const DType t = std::is_same_v<T, float> ? DType::Float32 : std::is_same_v<T, int8_t> ? DType::Int8 : DType::Int16;
  const bool q = t != DType::Float32;
  const Shape out_shape = {in_shape[0], h, w, in_shape[3]};
  const int in = q ? b.tensor(t, in_shape, {1.f}, {0}) : b.tensor(t, in_shape);
  const int size = b.constant<int32_t>(DType::Int32, {2}, {h, w});
  const int out = q ? b.tensor(t, out_shape, {1.f}, {0}) : b.tensor(t, out_shape);
  auto& op = b.op(OpType::ResizeBilinear, {in, size}, {out});
  if (align) op.options.extra["align_corners"] = 1;
  if (half) op.options.extra["half_pixel_centers"] = 1;
  b.io({in}, {out});
  return run1<T>(b.m, input);
}

void expect_near(const std::vector<float>& got, const std::vector<float>& golden) {
  ASSERT_EQ(got.size(), golden.size());
  for (size_t i = 0; i < got.size(); ++i) EXPECT_NEAR(got[i], golden[i], 1e-5) << "element " << i;
}

using F = std::vector<float>;
using I8 = std::vector<int8_t>;

TEST(TflmResizeBilinear, Float) {
  expect_near(resize<float>({1, 1, 2, 1}, {3, 6}, 1, 3), {3, 5, 6});  // HorizontalResize
  expect_near(resize<float>({1, 2, 1, 1}, {3, 9}, 3, 1), {3, 7, 9});  // VerticalResize
  expect_near(resize<float>({1, 2, 2, 1}, {3, 6, 9, 12}, 3, 3), {3, 5, 6, 7, 9, 10, 9, 11, 12});  // TwoDimensional
  expect_near(resize<float>({2, 2, 2, 1}, {3, 6, 9, 12, 4, 10, 10, 16}, 3, 3),                   // ...WithTwoBatches
              {3, 5, 6, 7, 9, 10, 9, 11, 12, 4, 8, 10, 8, 12, 14, 10, 14, 16});
  expect_near(resize<float>({1, 2, 2, 2}, {3, 4, 6, 10, 9, 10, 12, 16}, 3, 3),                   // ThreeDimensional
              {3, 4, 5, 8, 6, 10, 7, 8, 9, 12, 10, 14, 9, 10, 11, 14, 12, 16});
}

TEST(TflmResizeBilinear, Int8) {
  expect_near_each(resize<int8_t>({1, 1, 2, 1}, {3, 6}, 1, 3), I8{3, 5, 6}, 0, "HorizontalResizeInt8");
  expect_near_each(resize<int8_t>({1, 2, 1, 1}, {3, 9}, 3, 1), I8{3, 7, 9}, 0, "VerticalResizeInt8");
  expect_near_each(resize<int8_t>({1, 2, 2, 1}, {3, 6, 9, 12}, 3, 3), I8{3, 5, 6, 7, 9, 10, 9, 11, 12}, 0,
                   "TwoDimensionalResizeInt8");
  expect_near_each(resize<int8_t>({2, 2, 2, 1}, {3, 6, 9, 12, 4, 10, 12, 16}, 3, 3),
                   I8{3, 5, 6, 7, 9, 10, 9, 11, 12, 4, 8, 10, 9, 12, 13, 12, 14, 16}, 1,
                   "TwoDimensionalResizeWithTwoBatchesInt8");
  expect_near_each(resize<int8_t>({1, 2, 2, 2}, {3, 4, 6, 10, 10, 12, 14, 16}, 3, 3),
                   I8{3, 4, 5, 8, 6, 10, 7, 9, 10, 12, 11, 13, 10, 12, 12, 14, 14, 16}, 1, "ThreeDimensionalResizeInt8");
}

using I16 = std::vector<int16_t>;

TEST(TfliteResizeBilinear, HalfPixelCentersInt16AndExtremes) {
  expect_near(resize<float>({2, 2, 2, 1}, {1, 2, 3, 4, 1, 2, 3, 4}, 3, 3, false, true),  // ..._HalfPixelCenters
              {1, 1.5f, 2, 2, 2.5f, 3, 3, 3.5f, 4, 1, 1.5f, 2, 2, 2.5f, 3, 3, 3.5f, 4});
  expect_near_each(resize<int16_t>({1, 1, 2, 1}, {3, 6}, 1, 3), I16{3, 5, 6}, 0, "HorizontalResizeInt16");
  expect_near_each(resize<int16_t>({1, 2, 1, 1}, {3, 9}, 3, 1), I16{3, 7, 9}, 0, "VerticalResizeInt16");
  expect_near_each(resize<int16_t>({1, 2, 2, 1}, {3, 6, 9, 12}, 3, 3), I16{3, 5, 6, 7, 9, 10, 9, 11, 12}, 0,
                   "TwoDimensionalResizeInt16");
  expect_near_each(resize<int16_t>({2, 2, 2, 1}, {3, 6, 9, 12, 4, 10, 12, 16}, 3, 3),
                   I16{3, 5, 6, 7, 9, 10, 9, 11, 12, 4, 8, 10, 9, 12, 13, 12, 14, 16}, 1,
                   "TwoDimensionalResizeWithTwoBatchesInt16");
  expect_near_each(resize<int16_t>({1, 2, 2, 2}, {3, 4, 6, 10, 10, 12, 14, 16}, 3, 3),
                   I16{3, 4, 5, 8, 6, 10, 7, 9, 10, 12, 11, 13, 10, 12, 12, 14, 14, 16}, 1, "ThreeDimensionalResizeInt16");
  expect_near_each(resize<int8_t>({1, 1, 2, 1}, {125, 127}, 1, 3), I8{125, 126, 127}, 0, "ExtremeValuesInt8");
  expect_near_each(resize<int16_t>({1, 1, 2, 1}, {32765, 32767}, 1, 3), I16{32765, 32766, 32767}, 0,
                   "ExtremeValuesInt16");
  expect_near_each(resize<int8_t>({1, 1, 2, 1}, {-120, -128}, 1, 3), I8{-120, -125, -128}, 0,
                   "ExtremeNegativeValuesInt8");
  // Without TFLITE_SINGLE_ROUNDING (TFLite's and TFLM's default): -32598.
  expect_near_each(resize<int16_t>({1, 1, 2, 1}, {-32256, -32768}, 1, 3), I16{-32256, -32598, -32768}, 0,
                   "ExtremeNegativeValuesInt16");
}

// align_corners has no golden in either test; these follow the reference
// formula by hand: scale (2 - 1) / (3 - 1) = 0.5, so the middle output
// samples x = 0.5: float 4.5; integer scale_10 512, (3 + 6) * 2^19 + 2^19
// over 2^20 = 5.
TEST(ResizeBilinearChecks, AlignCornersByHand) {
  expect_near(resize<float>({1, 1, 2, 1}, {3, 6}, 1, 3, true), {3, 4.5f, 6});
  expect_near_each(resize<int8_t>({1, 1, 2, 1}, {3, 6}, 1, 3, true), I8{3, 5, 6}, 0, "align corners int8");
}

TEST(ResizeBilinearChecks, RefusesWhatTfliteRefuses) {
  EXPECT_THROW(resize<float>({1, 1, 2, 1}, {3, 6}, 1, 3, true, true), Error);  // both options
  EXPECT_THROW(resize<int8_t>({1, 1, 1, 1}, {3}, 1, 2000), Error);  // scale_10 1: x = 1999 lands on index 1
}

}  // namespace
