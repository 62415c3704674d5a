// RESIZE_NEAREST_NEIGHBOR against TFLite Micro's kernel tests (EXPECT_EQ on
// every element; align_corners and half_pixel_centers false, as there).
// Values from tensorflow/lite/micro/kernels/resize_nearest_neighbor_test.cc
// https://github.com/tensorflow/tflite-micro/blob/25b10cd2896f76af93252ba257bb0207ab46c6a4/tensorflow/lite/micro/kernels/resize_nearest_neighbor_test.cc
#include <gtest/gtest.h>

#include "tests/host_golden/tflm_quantize.h"

using namespace tinysim;
using namespace tinysim::golden;

namespace {

template <class T>
std::vector<T> resize(const std::vector<int32_t>& in_shape, const std::vector<T>& input, int32_t h, int32_t w,
                      bool align = false, bool half = false) {
  const DType t = std::is_same_v<T, float> ? DType::Float32 : sizeof(T) == 1 ? DType::Int8 : DType::Int16;
  test::ModelBuilder b;
  const bool q = t != DType::Float32;
  const std::vector<int32_t> out_shape = {in_shape[0], h, w, in_shape[3]};
  const int in = q ? b.tensor(t, in_shape, {1.f}, {0}) : b.tensor(t, in_shape);
  const int size = b.constant<int32_t>(DType::Int32, {2}, {h, w});
  const int out = q ? b.tensor(t, out_shape, {1.f}, {0}) : b.tensor(t, out_shape);
  auto& x = b.op(OpType::ResizeNearestNeighbor, {in, size}, {out}).options.extra;
  if (align) x["align_corners"] = 1;
  if (half) x["half_pixel_centers"] = 1;
  b.io({in}, {out});
  return run1<T>(b.m, input);
}

using F = std::vector<float>;
using I8 = std::vector<int8_t>;
using I16 = std::vector<int16_t>;

TEST(TflmResizeNearestNeighbor, Float) {
  EXPECT_EQ(resize<float>({1, 1, 2, 1}, {3, 6}, 1, 3), (F{3, 3, 6}));  // HorizontalResize
  EXPECT_EQ(resize<float>({1, 2, 1, 1}, {3, 9}, 3, 1), (F{3, 3, 9}));  // VerticalResize
  EXPECT_EQ(resize<float>({1, 2, 2, 1}, {3, 6, 9, 12}, 3, 3), (F{3, 3, 6, 3, 3, 6, 9, 9, 12}));
  EXPECT_EQ(resize<float>({2, 2, 2, 1}, {3, 6, 9, 12, 4, 10, 10, 16}, 3, 3),  // ...WithTwoBatches
            (F{3, 3, 6, 3, 3, 6, 9, 9, 12, 4, 4, 10, 4, 4, 10, 10, 10, 16}));
  EXPECT_EQ(resize<float>({1, 2, 2, 2}, {3, 4, 6, 10, 9, 10, 12, 16}, 3, 3),  // ThreeDimensionalResize
            (F{3, 4, 3, 4, 6, 10, 3, 4, 3, 4, 6, 10, 9, 10, 9, 10, 12, 16}));
}

TEST(TflmResizeNearestNeighbor, Int8AndInt16) {
  EXPECT_EQ(resize<int8_t>({1, 1, 2, 1}, {-3, 6}, 1, 3), (I8{-3, -3, 6}));
  EXPECT_EQ(resize<int16_t>({1, 1, 2, 1}, {-3, 6}, 1, 3), (I16{-3, -3, 6}));
  EXPECT_EQ(resize<int8_t>({1, 2, 1, 1}, {3, -9}, 3, 1), (I8{3, 3, -9}));
  EXPECT_EQ(resize<int16_t>({1, 2, 1, 1}, {3, -9}, 3, 1), (I16{3, 3, -9}));
  EXPECT_EQ(resize<int8_t>({1, 2, 2, 1}, {3, -6, 9, 12}, 3, 3), (I8{3, 3, -6, 3, 3, -6, 9, 9, 12}));
  EXPECT_EQ(resize<int8_t>({2, 2, 2, 1}, {3, 6, 9, -12, -4, 10, 10, 16}, 3, 3),
            (I8{3, 3, 6, 3, 3, 6, 9, 9, -12, -4, -4, 10, -4, -4, 10, 10, 10, 16}));
  EXPECT_EQ(resize<int16_t>({1, 2, 2, 2}, {3, 4, -6, 10, 10, 12, -14, 16}, 3, 3),
            (I16{3, 4, 3, 4, -6, 10, 3, 4, 3, 4, -6, 10, 10, 12, 10, 12, -14, 16}));
}

// TinySim's own cases for the two flags (not in TFLM's test; TFLite's
// reference rule, worked by hand): 2 -> 3 columns.
TEST(ResizeNearestNeighborFlags, AlignCornersAndHalfPixelCenters) {
  // align_corners: scale (2-1)/(3-1) = 0.5, round(0, 0.5, 1) = 0, 1 (half away from zero), 1.
  EXPECT_EQ(resize<float>({1, 1, 2, 1}, {3, 6}, 1, 3, true, false), (F{3, 6, 6}));
  // half_pixel_centers: scale 2/3, floor((0.5, 1.5, 2.5) * 2/3) = 0, 1, 1.
  EXPECT_EQ(resize<float>({1, 1, 2, 1}, {3, 6}, 1, 3, false, true), (F{3, 6, 6}));
  // neither: floor((0, 1, 2) * 2/3) = 0, 0, 1 (TFLM's HorizontalResize).
  EXPECT_EQ(resize<float>({1, 1, 2, 1}, {3, 6}, 1, 3), (F{3, 3, 6}));
}

}  // namespace
