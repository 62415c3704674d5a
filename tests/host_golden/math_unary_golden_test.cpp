// EXP, LOG, SQRT, RSQRT (float32, int8 and int16 RSQRT) and ELU (float32, int8)
// against TFLite Micro's kernel tests. Sources:
// https://github.com/tensorflow/tflite-micro/blob/8e9969fd8612e87132a56fb3b5ae8b694b6eda3b/tensorflow/lite/micro/kernels/elementwise_test.cc
//   Log, Sqrt, Rsqrt (TestElementwiseFloat, tolerance 1e-5), RsqrtInt8 and
//   RsqrtCloseTo0Int8 (TestElementwiseQuantized: the dequantized output
//   within input_scale of the golden);
// https://github.com/tensorflow/tflite-micro/blob/8e9969fd8612e87132a56fb3b5ae8b694b6eda3b/tensorflow/lite/micro/kernels/elu_test.cc
//   FloatActivationsOpTestElu (1e-5), QuantizedActivationsOpTestEluInt8
//   (scale and zero point from [-8, 8 * 127 / 128] with ScaleFromMinMax /
//   ZeroPointFromMinMax: 1/16 and 0; tolerance 2/256 on the dequantized
//   output);
// https://github.com/tensorflow/tflite-micro/blob/ee3a98640d83f620679700ccc710f62e49b1a8d6/tensorflow/lite/micro/kernels/exp_test.cc
//   SingleDim (golden std::exp, 1e-5).
#include <gtest/gtest.h>

#include <cmath>

#include "tests/host_golden/tflm_quantize.h"

using namespace tinysim;
using namespace tinysim::golden;

namespace {

std::vector<float> run_float(OpType op, const std::vector<float>& input) {
  test::ModelBuilder b;
  const int n = static_cast<int32_t>(input.size());
  const int in = b.tensor(DType::Float32, {n});
  const int out = b.tensor(DType::Float32, {n});
  b.op(op, {in}, {out});
  b.io({in}, {out});
  return test::run_model<float, float>(b.m, std::vector<std::vector<float>>{input});
}

void check_float(OpType op, const std::vector<float>& input, const std::vector<float>& golden, float tolerance) {
  const auto got = run_float(op, input);
  ASSERT_EQ(got.size(), golden.size());
  for (size_t k = 0; k < got.size(); ++k) EXPECT_NEAR(got[k], golden[k], tolerance) << op_name(op) << " [" << k << "]";
}

// The int8 / int16 output dequantized, compared with the golden within `tolerance`.
template <class T = int8_t>
void check_int8(OpType op, const std::vector<float>& input, float in_scale, int in_zp, float out_scale, int out_zp,
                const std::vector<float>& golden, float tolerance) {
  test::ModelBuilder b;
  const int n = static_cast<int32_t>(input.size());
  const int in = b.tensor(dtype_of(T{}), {1, n}, {in_scale}, {in_zp});
  const int out = b.tensor(dtype_of(T{}), {1, n}, {out_scale}, {out_zp});
  b.op(op, {in}, {out});
  b.io({in}, {out});
  const auto got = run1<T>(b.m, quantize<T>(input, in_scale, in_zp));
  ASSERT_EQ(got.size(), golden.size());
  for (size_t k = 0; k < got.size(); ++k)
    EXPECT_NEAR(static_cast<float>(got[k] - out_zp) * out_scale, golden[k], tolerance)
        << op_name(op) << " [" << k << "]";
}

}  // namespace

TEST(TflmMathGolden, ExpSingleDim) {
  const std::vector<float> in = {0.0f, 1.0f, -1.0f, 100.0f, -100.0f, 0.01f, -0.01f};
  std::vector<float> golden;
  for (float v : in) golden.push_back(std::exp(v));
  const auto got = run_float(OpType::Exp, in);
  ASSERT_EQ(got.size(), golden.size());
  for (size_t k = 0; k < got.size(); ++k) {
    if (std::isinf(golden[k])) {
      EXPECT_EQ(got[k], golden[k]);  // exp(100) overflows float on both sides
      continue;
    }
    EXPECT_NEAR(got[k], golden[k], 1e-5f) << k;
  }
}

TEST(TflmMathGolden, Log) { check_float(OpType::Log, {1, 2.7182818f, 0.5f, 2}, {0, 1, -0.6931472f, 0.6931472f}, 1e-5f); }

TEST(TflmMathGolden, Sqrt) { check_float(OpType::Sqrt, {0, 1, 2, 4}, {0, 1, 1.41421f, 2}, 1e-5f); }

TEST(TflmMathGolden, Rsqrt) { check_float(OpType::Rsqrt, {1, 2, 4, 9}, {1, 0.7071f, 0.5f, 0.33333f}, 1e-5f); }

const std::vector<float> kRsqrtGolden = {0.2582f, 0.14744f, 0.11323f, 0.08392f, 1.f, 0.24254f, 0.142857f, 0.09407f};

TEST(TflmMathGolden, RsqrtInt8) {
  const float in_scale = 142.0f / 255.0f;
  check_int8(OpType::Rsqrt, {15., 46., 78., 142., 1., 17., 49., 113.}, in_scale, 127 - 142, 1.0f / 255.0f, -128,
             kRsqrtGolden, in_scale);
}

// RsqrtInt16 (TFLM elementwise_test.cc, the version with RsqrtEvalQuantized<T>:
// https://github.com/tensorflow/tflite-micro/blob/main/tensorflow/lite/micro/kernels/elementwise_test.cc,
// the stored copy's RsqrtInt16 case): input 142 / 32768, output 1 / 32768, zero points 0.
TEST(TflmMathGolden, RsqrtInt16) {
  const float in_scale = 142.0f / 32768.0f;
  check_int8<int16_t>(OpType::Rsqrt, {15., 46., 78., 142., 1., 17., 49., 113.}, in_scale, 0, 1.0f / 32768.0f, 0,
                      kRsqrtGolden, in_scale);
}

TEST(TflmMathGolden, RsqrtCloseTo0Int8) {
  const float in_scale = 142.0f / 255.0f;
  std::vector<float> golden = kRsqrtGolden;
  golden[5] = 3.16228f;
  check_int8(OpType::Rsqrt, {15., 46., 78., 142., 1., 0.1f, 49., 113.}, in_scale, 127 - 142, 3.16f / 255.0f, -128,
             golden, in_scale);
}

// TFLM checks 1e-5; the golden's 1e-6 digits leave float expm1 at most 5e-7 off.
TEST(TflmMathGolden, FloatActivationsOpTestElu) {
  check_float(OpType::Elu, {0, -6, 2, -4, 3, -2, 10, -0.1f},
              {0.0f, -0.997521f, 2.0f, -0.981684f, 3.0f, -0.864665f, 10.0f, -0.0951626f}, 1e-5f);
}

TEST(TflmMathGolden, QuantizedActivationsOpTestEluInt8) {
  check_int8(OpType::Elu, {0, -6, 2, -4, 3, -2, 6, -0.1f}, 1.f / 16, 0, 1.f / 16, 0,
             {0, -1.0f, 2.0f, -1, 3.0f, -0.875f, 6.0f, -0.125f}, 2 * (1.f / 256));
}
