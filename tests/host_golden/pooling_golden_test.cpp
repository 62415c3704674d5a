// int8 and int16 AVERAGE_POOL_2D and MAX_POOL_2D against TFLite Micro's pooling tests.
#include <gtest/gtest.h>

#include "tests/host_golden/tflm_quantize.h"

using namespace tinysim;
using namespace tinysim::golden;

namespace {

// Values from tensorflow/lite/micro/kernels/pooling_test.cc
// https://github.com/tensorflow/tflite-micro/blob/0cc6f983266d1bd6f5d66f485c546e8cc80ad6a2/tensorflow/lite/micro/kernels/pooling_test.cc
// These tests give int8 inputs and int8 goldens directly; input and output
// share scale and zero point; ValidatePoolingGoldens compares with
// EXPECT_NEAR(..., 1e-5f), i.e. exact equality. Input shape {1, 2, 4, 1},
// 2x2 window throughout. TFLM's int16 tests (SimpleAveragePoolTestInt16*,
// SimpleMaxPoolTestInt16ActNone, MaxPoolTestInt16Act*) repeat the int8 cases
// with the same values, scales and goldens, so check_pool runs every case as
// int8 and as int16.
struct PoolCase {
  OpType op;
  std::vector<int8_t> input;
  int stride_h, stride_w;
  Padding padding;
  Activation act;
  std::vector<int32_t> out_shape;
  float scale;
  std::vector<int8_t> golden;
};

template <class T>
void check_pool_as(const PoolCase& c, DType type, const std::string& what) {
  test::ModelBuilder b;
  const int in = b.tensor(type, {1, 2, 4, 1}, {c.scale}, {0});
  const int out = b.tensor(type, c.out_shape, {c.scale}, {0});
  auto& o = b.op(c.op, {in}, {out}).options;
  o.filter_h = o.filter_w = 2;
  o.stride_h = c.stride_h;
  o.stride_w = c.stride_w;
  o.padding = c.padding;
  o.activation = c.act;
  b.io({in}, {out});
  const std::vector<T> input(c.input.begin(), c.input.end()), golden(c.golden.begin(), c.golden.end());
  expect_near_each(run1<T>(b.m, input), golden, 0, what);
}

void check_pool(const PoolCase& c, const char* what) {
  check_pool_as<int8_t>(c, DType::Int8, std::string(what) + " int8");
  check_pool_as<int16_t>(c, DType::Int16, std::string(what) + " int16");
}

const std::vector<int8_t> kAvgInput = {0, -24, 8, 16, 12, 8, -40, 28};
const std::vector<int8_t> kAvgInputRelu6 = {12, -24, 32, 16, 12, 8, 40, 28};

}  // namespace

TEST(TflmPoolingGolden, SimpleAveragePoolTestInt8PaddingValidStride2ActNone) {
  check_pool({OpType::AveragePool2D, kAvgInput, 2, 2, Padding::Valid, Activation::None, {1, 1, 2, 1}, .25f, {-1, 3}},
             "avg valid stride 2");
}

TEST(TflmPoolingGolden, SimpleAveragePoolTestInt8PaddingValidStride1Stride2Relu) {
  // stride_width 1, stride_height 2
  check_pool({OpType::AveragePool2D, kAvgInput, 2, 1, Padding::Valid, Activation::Relu, {1, 1, 3, 1}, .25f, {0, 0, 3}},
             "avg valid stride w1 h2 relu");
}

TEST(TflmPoolingGolden, SimpleAveragePoolTestInt8PaddingValidStride2Stride1ReluN1To1) {
  // stride_width 2, stride_height 1
  check_pool(
      {OpType::AveragePool2D, kAvgInput, 1, 2, Padding::Valid, Activation::ReluN1To1, {1, 1, 2, 1}, .25f, {-1, 3}},
      "avg valid stride w2 h1 relu_n1_to_1");
}

TEST(TflmPoolingGolden, SimpleAveragePoolTestInt8PaddingValidStride2Relu6) {
  check_pool(
      {OpType::AveragePool2D, kAvgInputRelu6, 2, 2, Padding::Valid, Activation::Relu6, {1, 1, 2, 1}, .25f, {2, 24}},
      "avg valid stride 2 relu6");
}

TEST(TflmPoolingGolden, SimpleAveragePoolTestInt8PaddingSameStride1ActNone) {
  // TFLM's test passes kTfLitePaddingValid but gives a 2x4 output (SAME's
  // size); TFLM does not check the output size and its padding offset is 0
  // either way, so the windows are those of SAME padding, which TinySim's
  // prepare requires for a 2x4 output.
  check_pool({OpType::AveragePool2D, kAvgInputRelu6, 1, 1, Padding::Same, Activation::None, {1, 2, 4, 1}, .25f,
              {2, 14, 29, 22, 10, 24, 34, 28}},
             "avg same stride 1");
}

TEST(TflmPoolingGolden, SimpleMaxPoolTestInt8ActNone) {
  check_pool({OpType::MaxPool2D, {0, 6, 2, 4, 3, 2, 10, 7}, 2, 2, Padding::Valid, Activation::None, {1, 1, 2, 1}, 1.f,
              {6, 10}},
             "max none");
}

TEST(TflmPoolingGolden, MaxPoolTestInt8ActRelu) {
  check_pool({OpType::MaxPool2D, {-3, -12, 4, 8, -6, -4, 20, 14}, 2, 2, Padding::Valid, Activation::Relu,
              {1, 1, 2, 1}, .5f, {0, 20}},
             "max relu");
}

TEST(TflmPoolingGolden, MaxPoolTestInt8ActReluN1To1) {
  check_pool({OpType::MaxPool2D, {-2, -6, -2, -4, -3, -2, 10, 7}, 2, 2, Padding::Valid, Activation::ReluN1To1,
              {1, 1, 2, 1}, 1.f, {-1, 1}},
             "max relu_n1_to_1");
}

TEST(TflmPoolingGolden, MaxPoolTestInt8ActRelu6) {
  check_pool({OpType::MaxPool2D, {0, -6, 12, 4, -3, -2, 10, 7}, 2, 2, Padding::Valid, Activation::Relu6,
              {1, 1, 2, 1}, 1.f, {0, 6}},
             "max relu6");
}
