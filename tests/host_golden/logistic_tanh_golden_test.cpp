// int8 LOGISTIC and TANH against TFLite Micro's kernel tests.
#include <gtest/gtest.h>

#include "tests/host_golden/tflm_quantize.h"

using namespace tinysim;
using namespace tinysim::golden;

namespace {

std::vector<int8_t> run_activation(OpType op, const std::vector<float>& input, float input_scale, float output_scale,
                                   int output_zero_point) {
  const int32_t n = static_cast<int32_t>(input.size());
  test::ModelBuilder b;
  const int in = b.tensor(DType::Int8, {1, n}, {input_scale}, {0});
  const int out = b.tensor(DType::Int8, {1, n}, {output_scale}, {output_zero_point});
  b.op(op, {in}, {out});
  b.io({in}, {out});
  return run1<int8_t>(b.m, quantize<int8_t>(input, input_scale, 0));
}

// Values from tensorflow/lite/micro/kernels/logistic_test.cc
// https://github.com/tensorflow/tflite-micro/blob/0389008cd7a5ebdb503cbfbf58dfb8303510eb8e/tensorflow/lite/micro/kernels/logistic_test.cc
// TestLogisticQuantized<int8_t>: input zp 0, output zp -128, golden quantized
// with the test's output scale 1/255, tolerance 1.0.
//
// TFLM's logistic prepare checks only the output zero point; its int8 kernel
// always writes in units of 1/256 whatever the declared output scale, so the
// integers TFLM compares do not depend on that scale. TinySim (like TFLite's
// own SigmoidPrepare) insists on 1/256, so the model below declares 1/256 and
// the comparison uses the golden quantized exactly as TFLM's test does (1/255).
constexpr float kLogisticTestOutputScale = 1.0f / 255.0f;
constexpr float kLogisticKernelOutputScale = 1.0f / 256.0f;
constexpr int kLogisticOutputZeroPoint = -128;

const std::vector<float> kLogisticBasicInput = {1, 2, 3, 4, 5, -1, -2, -3, -4, -5};
const std::vector<float> kLogisticBasicGolden = {0.73105858, 0.88079708, 0.95257413, 0.98201379, 0.99330715,
                                                 0.26894142, 0.11920292, 0.04742587, 0.01798621, 0.00669285};
const std::vector<float> kLogisticWideInput = {1.0, 2.0, 3.0, 4.0, 93.0, -1.0, -2.0, -3.0, -4.0, -93.0};
const std::vector<float> kLogisticWideGolden = {0.73105858, 0.88079708, 0.95257413, 0.98201379, 1.0,
                                                0.26894142, 0.11920292, 0.04742587, 0.01798621, 0.0};

// Values from tensorflow/lite/micro/kernels/tanh_test.cc
// https://github.com/tensorflow/tflite-micro/blob/1b718f4806ad4ae0057d888a8533b82e4932f513/tensorflow/lite/micro/kernels/tanh_test.cc
// SimpleTestTanh (int8): input scale 16/256 zp 0, output scale
// 1.99999955/256 zp 0, golden quantized with the output params, tolerance 2.
const std::vector<float> kTanhInput = {
    -8.0000000000, -7.8181818182, -7.6363636364, -7.4545454545, -7.2727272727, -7.0909090909, -6.9090909091,
    -6.7272727273, -6.5454545455, -6.3636363636, -6.1818181818, -6.0000000000, -5.8181818182, -5.6363636364,
    -5.4545454545, -5.2727272727, -5.0909090909, -4.9090909091, -4.7272727273, -4.5454545455, -4.3636363636,
    -4.1818181818, -4.0000000000, -3.8181818182, -3.6363636364, -3.4545454545, -3.2727272727, -3.0909090909,
    -2.9090909091, -2.7272727273, -2.5454545455, -2.3636363636, -2.1818181818, -2.0000000000, -1.8181818182,
    -1.6363636364, -1.4545454545, -1.2727272727, -1.0909090909, -0.9090909091, -0.7272727273, -0.5454545455,
    -0.3636363636, -0.1818181818, 0.0000000000,  0.1818181818,  0.3636363636,  0.5454545455,  0.7272727273,
    0.9090909091,  1.0909090909,  1.2727272727,  1.4545454545,  1.6363636364,  1.8181818182,  2.0000000000,
    2.1818181818,  2.3636363636,  2.5454545455,  2.7272727273,  2.9090909091,  3.0909090909,  3.2727272727,
    3.4545454545,  3.6363636364,  3.8181818182,  4.0000000000,  4.1818181818,  4.3636363636,  4.5454545455,
    4.7272727273,  4.9090909091,  5.0909090909,  5.2727272727,  5.4545454545,  5.6363636364,  5.8181818182,
    6.0000000000,  6.1818181818,  6.3636363636,  6.5454545455,  6.7272727273,  6.9090909091,  7.0909090909,
    7.2727272727,  7.4545454545,  7.6363636364,  7.8181818182,  8.0000000000,
    // TFLM declares the arrays with tanh_vec_size = 90 but lists 89 values;
    // C zero-fills the 90th element, so its test also runs input 0 -> 0.
    0.0};
const std::vector<float> kTanhGolden = {
    -0.9999997749, -0.9999996762, -0.9999995342, -0.9999993300, -0.9999990361, -0.9999986134, -0.9999980053,
    -0.9999971306, -0.9999958722, -0.9999940619, -0.9999914578, -0.9999877117, -0.9999823226, -0.9999745703,
    -0.9999634183, -0.9999473758, -0.9999242982, -0.9998911009, -0.9998433469, -0.9997746542, -0.9996758446,
    -0.9995337191, -0.9993292997, -0.9990353053, -0.9986125310, -0.9980046622, -0.9971308601, -0.9958751909,
    -0.9940716137, -0.9914827859, -0.9877703933, -0.9824541388, -0.9748561217, -0.9640275801, -0.9486568273,
    -0.9269625051, -0.8965880154, -0.8545351057, -0.7972097087, -0.7206956332, -0.6213939966, -0.4971057414,
    -0.3484130125, -0.1798408185, 0.0000000000,  0.1798408185,  0.3484130125,  0.4971057414,  0.6213939966,
    0.7206956332,  0.7972097087,  0.8545351057,  0.8965880154,  0.9269625051,  0.9486568273,  0.9640275801,
    0.9748561217,  0.9824541388,  0.9877703933,  0.9914827859,  0.9940716137,  0.9958751909,  0.9971308601,
    0.9980046622,  0.9986125310,  0.9990353053,  0.9993292997,  0.9995337191,  0.9996758446,  0.9997746542,
    0.9998433469,  0.9998911009,  0.9999242982,  0.9999473758,  0.9999634183,  0.9999745703,  0.9999823226,
    0.9999877117,  0.9999914578,  0.9999940619,  0.9999958722,  0.9999971306,  0.9999980053,  0.9999986134,
    0.9999990361,  0.9999993300,  0.9999995342,  0.9999996762,  0.9999997749, 0.0};

}  // namespace

TEST(TflmLogisticGolden, LogisticQuantizedInt8Basic) {
  const auto got = run_activation(OpType::Logistic, kLogisticBasicInput, 0.1f, kLogisticKernelOutputScale,
                                  kLogisticOutputZeroPoint);
  expect_near_each(got, quantize<int8_t>(kLogisticBasicGolden, kLogisticTestOutputScale, kLogisticOutputZeroPoint), 1,
                   "logistic basic");
}

TEST(TflmLogisticGolden, LogisticQuantizedInt8WideRange) {
  const auto got = run_activation(OpType::Logistic, kLogisticWideInput, 1.0f, kLogisticKernelOutputScale,
                                  kLogisticOutputZeroPoint);
  expect_near_each(got, quantize<int8_t>(kLogisticWideGolden, kLogisticTestOutputScale, kLogisticOutputZeroPoint), 1,
                   "logistic wide range");
}

TEST(TflmTanhGolden, SimpleTestTanhInt8) {
  ASSERT_EQ(kTanhInput.size(), 90u);
  ASSERT_EQ(kTanhGolden.size(), 90u);
  const float output_scale = 1.99999955f / 256.f;
  const auto got = run_activation(OpType::Tanh, kTanhInput, 16 / 256.f, output_scale, 0);
  expect_near_each(got, quantize<int8_t>(kTanhGolden, output_scale, 0), 2, "tanh int8");
}
