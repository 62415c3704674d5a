// int8 SOFTMAX against TFLite Micro's softmax kernel tests.
#include <gtest/gtest.h>

#include "tests/host_golden/tflm_quantize.h"

using namespace tinysim;
using namespace tinysim::golden;

namespace {

// Values from tensorflow/lite/micro/kernels/softmax_test.cc
// https://github.com/tensorflow/tflite-micro/blob/2da570f66c6be8a22d67a00a48725f8b6b542b6b/tensorflow/lite/micro/kernels/softmax_test.cc
// TestSoftmaxQuantized: input quantized with scale 0.1 / zp 0, output scale
// 1/256 / zp -128, beta 1, float golden quantized with the output params,
// EXPECT_NEAR tolerance 1.0 (int8).
const std::vector<float> kInput1D = {1.0, 2.0, 3.0, 4.0, 5.0};
const std::vector<float> kGolden1D = {0.011656231, 0.031684921, 0.086128544, 0.234121657, 0.636408647};

const std::vector<float> kInput2D = {1.0, 2.0, 3.0, 4.0, 5.0, -1.0, -2.0, -3.0, -4.0, -5.0};
const std::vector<float> kGolden2D = {0.011656231, 0.031684921, 0.086128544, 0.234121657, 0.636408647,
                                      0.636408647, 0.234121657, 0.086128544, 0.031684921, 0.011656231};

// input_data_4d / golden_4d; the test's 3-D data are the first 60 values.
const std::vector<float> kInput4D = {
    3.00,  6.00,  -5.00, 4.00,  -9.00, -10.00, -10.00, -8.00, 2.00,  2.00,  8.00,  -5.00, -8.00, 5.00,   -6.00,
    -8.00, 6.00,  1.00,  -10.00, -8.00, 7.00,  6.00,   -10.00, -4.00, -5.00, 2.00,  7.00,  9.00,  -9.00,  7.00,
    -4.00, -2.00, 8.00,  2.00,  2.00,  3.00,   6.00,   6.00,   2.00,  4.00,  9.00,  7.00,  -7.00, 0.00,   4.00,
    -3.00, 8.00,  8.00,  -3.00, -4.00, -9.00,  -9.00,  4.00,   -8.00, -1.00, -10.00, -2.00, 6.00, -7.00,  0.00,
    -9.00, -8.00, 6.00,  -1.00, -5.00, -10.00, -5.00,  -10.00, 7.00,  -2.00, -5.00, -4.00, 1.00,  2.00,   2.00,
    -2.00, -2.00, 1.00,  1.00,  -4.00, -8.00,  -3.00,  1.00,   1.00,  -1.00, -2.00, 6.00,  -1.00, -5.00,  6.00,
    -7.00, 8.00,  9.00,  0.00,  9.00,  -9.00,  -5.00,  -2.00,  0.00,  8.00,  4.00,  2.00,  -3.00, 5.00,   8.00,
    -1.00, 1.00,  -4.00, -9.00, 7.00,  3.00,   -8.00,  0.00,   9.00,  -4.00, 8.00,  -1.00, 9.00,  -9.00,  1.00};
const std::vector<float> kGolden4D = {
    0.042009463, 0.843782625, 0.000014093, 0.114193561, 0.000000258, 0.000003072, 0.000003072, 0.000022699,
    0.499985578, 0.499985578, 0.952571219, 0.000002153, 0.000000107, 0.047425728, 0.000000792, 0.000000826,
    0.993305397, 0.006692839, 0.000000112, 0.000000826, 0.731046347, 0.268936922, 0.000000030, 0.000012210,
    0.000004492, 0.000717124, 0.106430599, 0.786421666, 0.000000012, 0.106430599, 0.000006114, 0.000045174,
    0.995015917, 0.002466398, 0.002466398, 0.022595176, 0.453836234, 0.453836234, 0.008312301, 0.061420055,
    0.875505904, 0.118486839, 0.000000099, 0.000108046, 0.005899112, 0.000008351, 0.499990113, 0.499990113,
    0.000008351, 0.000003072, 0.000002245, 0.000002245, 0.993296627, 0.000006103, 0.006692780, 0.000000112,
    0.000334520, 0.997191323, 0.000002254, 0.002471790, 0.000000306, 0.000000831, 0.999071142, 0.000911035,
    0.000016686, 0.000000041, 0.000006143, 0.000000041, 0.999870380, 0.000123394, 0.000384554, 0.001045327,
    0.155140254, 0.421714933, 0.421714933, 0.023637081, 0.023637081, 0.474763454, 0.474763454, 0.003198931,
    0.000057299, 0.008503973, 0.464301197, 0.464301197, 0.062836334, 0.000167625, 0.499684188, 0.000455653,
    0.000008346, 0.499684188, 0.000000048, 0.155354299, 0.422296769, 0.000052116, 0.422296769, 0.000000041,
    0.000002259, 0.000045383, 0.000335334, 0.999616982, 0.017107856, 0.002315297, 0.000015600, 0.046503973,
    0.934057274, 0.000334516, 0.002471755, 0.000016655, 0.000000112, 0.997176963, 0.002472313, 0.000000041,
    0.000123089, 0.997402302, 0.000002254, 0.268866557, 0.000033181, 0.730855076, 0.000000011, 0.000245175};

constexpr float kInputScale = 0.1f;
constexpr float kOutputScale = 1.0f / 256.0f;
constexpr int kOutputZeroPoint = -128;

void check_softmax_int8(const std::vector<int32_t>& shape, const std::vector<float>& input,
                        const std::vector<float>& golden, const std::string& what) {
  test::ModelBuilder b;
  const int in = b.tensor(DType::Int8, shape, {kInputScale}, {0});
  const int out = b.tensor(DType::Int8, shape, {kOutputScale}, {kOutputZeroPoint});
  b.op(OpType::Softmax, {in}, {out}).options.beta = 1.0f;
  b.io({in}, {out});
  const auto got = run1<int8_t>(b.m, quantize<int8_t>(input, kInputScale, 0));
  expect_near_each(got, quantize<int8_t>(golden, kOutputScale, kOutputZeroPoint), 1, what);
}

}  // namespace

TEST(TflmSoftmaxGolden, Softmax1DQuantizedInt8) { check_softmax_int8({1, 5}, kInput1D, kGolden1D, "softmax 1D"); }

TEST(TflmSoftmaxGolden, Softmax2DQuantizedInt8) { check_softmax_int8({2, 5}, kInput2D, kGolden2D, "softmax 2D"); }

TEST(TflmSoftmaxGolden, Softmax3DQuantizedInt8) {
  check_softmax_int8({3, 4, 5}, {kInput4D.begin(), kInput4D.begin() + 60},
                     {kGolden4D.begin(), kGolden4D.begin() + 60}, "softmax 3D");
}

TEST(TflmSoftmaxGolden, Softmax4DQuantizedInt8) { check_softmax_int8({2, 3, 4, 5}, kInput4D, kGolden4D, "softmax 4D"); }

// Softmax2DQuantizedInt8InputInt16OutputShouldMatchGolden (same file and
// commit): int8 input (0.1, 0), int16 output (1/65536, -32768), tolerance 1.
TEST(TflmSoftmaxGolden, Softmax2DQuantizedInt8InputInt16Output) {
  test::ModelBuilder b;
  const int in = b.tensor(DType::Int8, {2, 5}, {kInputScale}, {0});
  const int out = b.tensor(DType::Int16, {2, 5}, {1.0f / 65536.0f}, {-32768});
  b.op(OpType::Softmax, {in}, {out}).options.beta = 1.0f;
  b.io({in}, {out});
  const auto got = test::run_model<int16_t, int8_t>(
      b.m, std::vector<std::vector<int8_t>>{quantize<int8_t>(kInput2D, kInputScale, 0)});
  expect_near_each(got, quantize<int16_t>(kGolden2D, 1.0f / 65536.0f, -32768), 1, "softmax 2D int8 -> int16");
}
