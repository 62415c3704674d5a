// int8 SOFTMAX against TensorFlow Lite's (non-Micro) kernel test, whose int8
// goldens are integers compared exactly (TFLM's softmax tests allow +-1).
#include <gtest/gtest.h>

#include "tests/host_golden/tflm_quantize.h"

using namespace tinysim;
using namespace tinysim::golden;

namespace {

// TFLite test_util.h SingleOpModel::QuantizationParams<int8_t>(min, max) in
// float: scale = (max - min) / 255, zero point from whichever end adds the
// smaller terms, rounded half away from zero.
std::pair<float, int32_t> tflite_test_quantization_params(float f_min, float f_max) {
  const float qmin = -128.f, qmax = 127.f;
  const float scale = (f_max - f_min) / (qmax - qmin);
  const float zp_from_min = qmin - f_min / scale;
  const float zp_from_max = qmax - f_max / scale;
  const float err_min = std::abs(qmin) + std::abs(f_min / scale);
  const float err_max = std::abs(qmax) + std::abs(f_max / scale);
  const float zp = err_min < err_max ? zp_from_min : zp_from_max;
  const float nudged = zp < qmin ? qmin : (zp > qmax ? qmax : std::round(zp));
  return {scale, static_cast<int32_t>(nudged)};
}

// TFLite test_util.h Quantize<int8_t>: round(zero_point + f / scale) in
// float, clamped.
std::vector<int8_t> tflite_test_quantize(const std::vector<float>& data, float scale, int32_t zero_point) {
  std::vector<int8_t> q;
  for (float f : data)
    q.push_back(static_cast<int8_t>(std::max(-128.f, std::min(127.f, std::round(zero_point + (f / scale))))));
  return q;
}

}  // namespace

// Values from tensorflow/lite/kernels/activations_test.cc, SoftmaxOpTest.Softmax4DInt8
// https://github.com/tensorflow/tensorflow/blob/7e606a5835ca4bea5228288d733d1b15c62c3880/tensorflow/lite/kernels/activations_test.cc
// beta 0.1, input int8 {1, 2, 1, 4} with range [-10, 10], output int8 scale
// 1/256 zero point -128; EXPECT_THAT(GetOutput<int8_t>(), ElementsAreArray(...)):
// exact, for both the reference and the optimized TFLite kernels.
TEST(TfliteSoftmaxExact, Softmax4DInt8) {
  const auto [scale, zp] = tflite_test_quantization_params(-10.f, 10.f);
  test::ModelBuilder b;
  const int in = b.tensor(DType::Int8, {1, 2, 1, 4}, {scale}, {zp});
  const int out = b.tensor(DType::Int8, {1, 2, 1, 4}, {1.f / 256}, {-128});
  b.op(OpType::Softmax, {in}, {out}).options.beta = 0.1f;
  b.io({in}, {out});
  const auto got = run1<int8_t>(b.m, tflite_test_quantize({0, -6, 2, 4, 3, -2, 10, 1}, scale, zp));
  expect_near_each(got, std::vector<int8_t>{-68, -95, -54, -38, -70, -93, -12, -81}, 0, "tflite softmax 4D int8");
}
