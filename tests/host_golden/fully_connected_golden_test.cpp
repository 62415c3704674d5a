// int8 and int16x8 FULLY_CONNECTED against TFLite Micro's kernel tests.
#include <gtest/gtest.h>

#include "tests/host_golden/fc_representative_data.h"
#include "tests/host_golden/tflm_quantize.h"

using namespace tinysim;
using namespace tinysim::golden;

namespace {

// Values from tensorflow/lite/micro/kernels/fully_connected_test.cc
// https://github.com/tensorflow/tflite-micro/blob/0ace841e63046a37c2643a6898e817c828dafa32/tensorflow/lite/micro/kernels/fully_connected_test.cc
// TestFullyConnectedQuantized: input and weights quantized per tensor with
// Quantize (asymmetric helper, weights zp 0), bias with
// CreateQuantizedBiasTensor (scale input_scale * weights_scale), golden
// quantized with the output params; ValidateFullyConnectedGoldens tolerance
// 0.0f, i.e. exact equality.
struct FcCase {
  std::vector<int32_t> input_shape;
  std::vector<float> input;
  float input_scale;
  int input_zp;
  std::vector<int32_t> weights_shape;
  std::vector<float> weights;
  float weights_scale;
  std::vector<float> bias;  // empty: no bias tensor
  std::vector<int32_t> output_shape;
  float output_scale;
  int output_zp;
  Activation act;
  std::vector<float> golden;
};

// T / B: int8_t / int32_t, or int16_t / int64_t (TestFullyConnectedQuantized
// instantiated for int16 activations with an int64 bias).
template <class T = int8_t, class B = int32_t>
void check_fc(const FcCase& c, const char* what) {
  const DType act = sizeof(T) == 1 ? DType::Int8 : DType::Int16;
  const DType bias_type = sizeof(B) == 4 ? DType::Int32 : DType::Int64;
  test::ModelBuilder b;
  const int in = b.tensor(act, c.input_shape, {c.input_scale}, {c.input_zp});
  const int w = b.constant<int8_t>(DType::Int8, c.weights_shape, quantize<int8_t>(c.weights, c.weights_scale, 0),
                                   {c.weights_scale}, {0});
  int bias = -1;
  if (!c.bias.empty()) {
    const float bias_scale = c.input_scale * c.weights_scale;
    bias = b.constant<B>(bias_type, {static_cast<int32_t>(c.bias.size())},
                         quantize_bias<B>(c.bias, c.input_scale, {c.weights_scale}), {bias_scale}, {0});
  }
  const int out = b.tensor(act, c.output_shape, {c.output_scale}, {c.output_zp});
  b.op(OpType::FullyConnected, {in, w, bias}, {out}).options.activation = c.act;
  b.io({in}, {out});
  const auto got = run1<T>(b.m, quantize<T>(c.input, c.input_scale, c.input_zp));
  expect_near_each(got, quantize<T>(c.golden, c.output_scale, c.output_zp), 0, what);
}

const std::vector<float> kSimpleInput = {1, 2, 3, 4, 5, 6, 7, 8, -9, -10, 1, 2, 3, 4, 5, 6, 7, -8, 9, -10};
const std::vector<float> kSimpleWeights = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 1, 2, 3, 4, 5,
                                           6, 7, 8, 9, 10, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
const std::vector<float> kReluWeights = {1,  2,  3,  4,  5,  6,  7,  8,  9,  10,  -1, -2, -3, -4, -5,
                                         -6, -7, -8, -9, -10, 1, 2,  3,  4,  5,   6,  7,  8,  9,  10};

}  // namespace

TEST(TflmFullyConnectedGolden, SimpleTestQuantizedInt8) {
  check_fc({{2, 10}, kSimpleInput, 1.0f, -1, {3, 10}, kSimpleWeights, 1.0f, {1, 2, 3}, {2, 3}, 0.5f, -1,
            Activation::None, {24, 25, 26, 58, 59, 60}},
           "fc simple");
}

// SimpleTestQuantizedInt16: input and output scale 128 / 65536, zero point 0,
// weights scale 1, int64 bias; exact (tolerance 0).
TEST(TflmFullyConnectedGolden, SimpleTestQuantizedInt16) {
  const float s = 128.0f / 65536;
  check_fc<int16_t, int64_t>({{2, 10}, kSimpleInput, s, 0, {3, 10}, kSimpleWeights, 1.0f, {1, 2, 3}, {2, 3}, s, 0,
                              Activation::None, {24, 25, 26, 58, 59, 60}},
                             "fc int16x8");
}

TEST(TflmFullyConnectedGolden, SimpleTest4DInputQuantizedInt8) {
  check_fc({{1, 1, 2, 10}, kSimpleInput, 1.0f, -1, {3, 10}, kSimpleWeights, 1.0f, {1, 2, 3}, {2, 3}, 0.5f, -1,
            Activation::None, {24, 25, 26, 58, 59, 60}},
           "fc 4-D input");
}

TEST(TflmFullyConnectedGolden, SimpleTestQuantizedInt8Relu) {
  check_fc({{2, 10}, kSimpleInput, 1.0f, -1, {3, 10}, kReluWeights, 1.0f, {1, -2, 3}, {2, 3}, 0.5f, -128,
            Activation::Relu, {24, 0, 26, 58, 0, 60}},
           "fc relu");
}

TEST(TflmFullyConnectedGolden, SimpleTestQuantizedInt8NullBias) {
  check_fc({{2, 10}, kSimpleInput, 1.0f, -1, {3, 10}, kSimpleWeights, 1.0f, {}, {2, 3}, 0.5f, -1, Activation::None,
            {23, 23, 23, 57, 57, 57}},
           "fc null bias");
}

TEST(TflmFullyConnectedGolden, Representative1x64Input1x16OutputQuantizedInt8) {
  ASSERT_EQ(kRepresentative64x16Input.size(), 64u);
  ASSERT_EQ(kRepresentative64x16Weights.size(), 64u * 16u);
  ASSERT_EQ(kRepresentative64x16Bias.size(), 16u);
  ASSERT_EQ(kRepresentative64x16Golden.size(), 16u);
  check_fc({{1, 64}, kRepresentative64x16Input, 0.051445f, -128, {16, 64}, kRepresentative64x16Weights, 0.005660f,
            kRepresentative64x16Bias, {1, 16}, 0.069785f, -9, Activation::None, kRepresentative64x16Golden},
           "fc representative 64x16");
}
