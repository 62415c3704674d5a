// SUM and REDUCE_MAX (float32, int8, int16) against TFLite Micro's reduce
// kernel tests.
//
// Values from tensorflow/lite/micro/kernels/reduce_test.cc
// https://github.com/tensorflow/tflite-micro/blob/3b413221b4c9c8c16a09af528d95ad0c5c34356f/tensorflow/lite/micro/kernels/reduce_test.cc
// TestReduceOpFloat: tolerance 1e-5. TestReduceOpQuantized: input
// quantized with CreateQuantizedTensor, golden with Quantize, tolerance as
// each test passes it (1.0 for SUM, the 0.01 default, i.e. exact, for
// REDUCE_MAX).
#include <gtest/gtest.h>

#include "tests/host_golden/tflm_quantize.h"

using namespace tinysim;
using namespace tinysim::golden;

namespace {

struct ReduceCase {
  OpType op;
  std::vector<int32_t> in_shape;
  std::vector<float> input;
  std::vector<int32_t> axis;
  std::vector<int32_t> out_shape;
  bool keep_dims;
  std::vector<float> golden;
};

int add_reduce(test::ModelBuilder& b, const ReduceCase& c, int in, int out) {
  const int axis = b.constant<int32_t>(DType::Int32, {static_cast<int32_t>(c.axis.size())}, c.axis);
  b.op(c.op, {in, axis}, {out}).options.keep_dims = c.keep_dims;
  b.io({in}, {out});
  return axis;
}

void check_float(const ReduceCase& c, const char* what) {
  test::ModelBuilder b;
  const int in = b.tensor(DType::Float32, c.in_shape);
  const int out = b.tensor(DType::Float32, c.out_shape);
  add_reduce(b, c, in, out);
  const auto got = test::run_model<float, float>(b.m, std::vector<std::vector<float>>{c.input});
  ASSERT_EQ(got.size(), c.golden.size()) << what;
  for (size_t k = 0; k < got.size(); ++k) EXPECT_NEAR(got[k], c.golden[k], 1e-5f) << what << " [" << k << "]";
}

template <class T>
void check_quantized(const ReduceCase& c, float in_scale, float out_scale, int tolerance, const char* what) {
  const DType t = sizeof(T) == 1 ? DType::Int8 : DType::Int16;
  test::ModelBuilder b;
  const int in = b.tensor(t, c.in_shape, {in_scale}, {0});
  const int out = b.tensor(t, c.out_shape, {out_scale}, {0});
  add_reduce(b, c, in, out);
  const auto got = run1<T>(b.m, quantize<T>(c.input, in_scale, 0));
  expect_near_each(got, quantize<T>(c.golden, out_scale, 0), tolerance, what);
}

std::vector<float> iota_1_to(int n) {
  std::vector<float> v;
  for (int k = 1; k <= n; ++k) v.push_back(static_cast<float>(k));
  return v;
}

// kInputShape2D {2, 4} 1..8 over axis 1; 3D {2, 2, 2} over {1, 2}; 4D {2, 2, 3, 2} over {1, 2}.
ReduceCase sum2d() { return {OpType::Sum, {2, 4}, iota_1_to(8), {1}, {1, 2}, true, {10, 26}}; }
ReduceCase sum3d() { return {OpType::Sum, {2, 2, 2}, iota_1_to(8), {1, 2}, {1, 2}, true, {10, 26}}; }
ReduceCase sum4d(bool keep) {
  return {OpType::Sum, {2, 2, 3, 2}, iota_1_to(24), {1, 2},
          keep ? std::vector<int32_t>{2, 1, 1, 2} : std::vector<int32_t>{2, 2}, keep, {36, 42, 108, 114}};
}

}  // namespace

TEST(TflmReduceGolden, SumFloatFlatten2ReduceDims) {
  check_float({OpType::Sum, {4, 3, 2}, iota_1_to(24), {2, 1}, {4}, false, {21, 57, 93, 129}}, "sum flatten reduce");
}

TEST(TflmReduceGolden, SumFloatFlatten2NonReduceDims) {
  check_float({OpType::Sum, {4, 3, 2}, iota_1_to(24), {2}, {12}, false,
               {3, 7, 11, 15, 19, 23, 27, 31, 35, 39, 43, 47}},
              "sum flatten non-reduce");
}

TEST(TflmReduceGolden, SumFloatFlatten2MiddleDims) { check_float(sum4d(false), "sum middle dims"); }
TEST(TflmReduceGolden, SumFloat2DKeepDims) { check_float(sum2d(), "sum 2d"); }
TEST(TflmReduceGolden, SumFloat3DKeepDims) { check_float(sum3d(), "sum 3d"); }
TEST(TflmReduceGolden, SumFloat4DKeepDims) { check_float(sum4d(true), "sum 4d keep"); }
TEST(TflmReduceGolden, SumFloat4DWithoutKeepDims) { check_float(sum4d(false), "sum 4d"); }

TEST(TflmReduceGolden, SumFloat2DRedundantDims) {
  check_float({OpType::Sum, {1, 2, 4}, iota_1_to(8), {1}, {1, 4}, false, {6, 8, 10, 12}}, "sum redundant dims");
}

TEST(TflmReduceGolden, SumFloatSize1) {
  check_float({OpType::Sum, {1}, {1}, {0}, {1}, false, {1}}, "sum size 1");
}

TEST(TflmReduceGolden, SumInt82DKeepDims) { check_quantized<int8_t>(sum2d(), 0.5f, 0.5f, 1, "sum int8 2d"); }
TEST(TflmReduceGolden, SumInt162DKeepDims) { check_quantized<int16_t>(sum2d(), 0.5f, 0.5f, 1, "sum int16 2d"); }
TEST(TflmReduceGolden, SumInt83DKeepDims) { check_quantized<int8_t>(sum3d(), 0.5f, 0.5f, 1, "sum int8 3d"); }
TEST(TflmReduceGolden, SumInt163DKeepDims) { check_quantized<int16_t>(sum3d(), 0.5f, 0.5f, 1, "sum int16 3d"); }
TEST(TflmReduceGolden, SumInt84DKeepDims) { check_quantized<int8_t>(sum4d(true), 1.f, 1.f, 1, "sum int8 4d keep"); }
TEST(TflmReduceGolden, SumInt164DKeepDims) {
  check_quantized<int16_t>(sum4d(true), 0.5f, 0.5f, 1, "sum int16 4d keep");
}
TEST(TflmReduceGolden, SumInt84DWithoutKeepDims) { check_quantized<int8_t>(sum4d(false), 1.f, 1.f, 1, "sum int8 4d"); }
TEST(TflmReduceGolden, SumInt164DWithoutKeepDims) {
  check_quantized<int16_t>(sum4d(false), 0.5f, 0.5f, 1, "sum int16 4d");
}
TEST(TflmReduceGolden, SumInt164DWithoutKeepDimsDifferentScaleAndZeroPoint) {
  check_quantized<int16_t>(sum4d(false), 0.5f, 0.7f, 1, "sum int16 4d rescaled");
}

TEST(TflmReduceGolden, FloatMaxOpTestNotKeepDims) {
  check_float({OpType::ReduceMax, {4, 3, 2}, iota_1_to(24), {1, 0, -3, -3}, {2}, false, {23, 24}},
              "max not keep dims (repeated and negative axes)");
}

TEST(TflmReduceGolden, FloatMaxOpTestKeepDims) {
  check_float({OpType::ReduceMax, {4, 3, 2}, iota_1_to(24), {0, 2}, {1, 3, 1}, true, {20, 22, 24}},
              "max keep dims");
}

// Int8MaxOpTest*: the axis tensor has one element (data {1, 1}, shape {1}).
TEST(TflmReduceGolden, Int8MaxOpTestKeepDims) {
  check_quantized<int8_t>({OpType::ReduceMax, {1, 3, 2}, {0.4f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f}, {1}, {1, 1, 2}, true,
                           {0.5f, 0.6f}},
                          2 / 255.0f, 2 / 255.0f, 0, "max int8 keep dims");
}

TEST(TflmReduceGolden, Int8MaxOpTestWithoutKeepDims) {
  check_quantized<int8_t>({OpType::ReduceMax, {1, 3, 2}, {0.4f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f}, {1}, {1, 2}, false,
                           {0.5f, 0.6f}},
                          2 / 255.0f, 2 / 255.0f, 0, "max int8");
}

// TFLM's EvalMaxHelper requires equal input and output quantization.
TEST(TflmReduceGolden, Int8MaxWithDifferentOutputScaleIsRefused) {
  test::ModelBuilder b;
  const int in = b.tensor(DType::Int8, {1, 3, 2}, {0.5f}, {0});
  const int out = b.tensor(DType::Int8, {1, 2}, {0.25f}, {0});
  add_reduce(b, {OpType::ReduceMax, {}, {}, {1}, {}, false, {}}, in, out);
  try {
    HostInterpreter interp(b.m);
    FAIL() << "REDUCE_MAX with rescaling was accepted";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("quantization differ"), std::string::npos) << e.what();
  }
}
