// L2_NORMALIZATION (float32, int8) against TFLite Micro's kernel tests.
//
// Values from tensorflow/lite/micro/kernels/l2norm_test.cc
// https://github.com/tensorflow/tflite-micro/blob/8e9969fd8612e87132a56fb3b5ae8b694b6eda3b/tensorflow/lite/micro/kernels/l2norm_test.cc
// int8: input from [-2, 2] (ScaleFromMinMax 4/255 in float; ZeroPointFromMinMax
// -128 + roundf(2 / scale) = -128 + roundf(127.499992) = -1), output from
// [-1, 127/128] (1/128, 0); TFLM compares exactly. Float: TFLM
// compares with EXPECT_EQ; here within 4 ulp, since the host compiler may
// contract the sum of squares into fused multiply-adds.
#include <gtest/gtest.h>

#include "tests/host_golden/tflm_quantize.h"

using namespace tinysim;
using namespace tinysim::golden;

namespace {

const std::vector<float> kRow = {-1.1f, 0.6f, 0.7f, 1.2f, -0.7f, 0.1f};
const std::vector<float> kRowGolden = {-0.55f, 0.3f, 0.35f, 0.6f, -0.35f, 0.05f};
const std::vector<int8_t> kRowQ = {-71, 37, 44, 76, -46, 5};
const std::vector<int8_t> kRowQGolden = {-70, 38, 45, 77, -45, 6};

template <class T>
std::vector<T> repeat(const std::vector<T>& v, int times) {
  std::vector<T> r;
  for (int k = 0; k < times; ++k) r.insert(r.end(), v.begin(), v.end());
  return r;
}

void check_float(const std::vector<int32_t>& shape, const std::vector<float>& in, const std::vector<float>& golden) {
  test::ModelBuilder b;
  const int x = b.tensor(DType::Float32, shape);
  const int out = b.tensor(DType::Float32, shape);
  b.op(OpType::L2Normalization, {x}, {out});
  b.io({x}, {out});
  const auto got = test::run_model<float, float>(b.m, std::vector<std::vector<float>>{in});
  ASSERT_EQ(got.size(), golden.size());
  for (size_t k = 0; k < got.size(); ++k) EXPECT_FLOAT_EQ(got[k], golden[k]) << k;
}

void check_int8(const std::vector<int32_t>& shape, const std::vector<int8_t>& in, const std::vector<int8_t>& golden) {
  test::ModelBuilder b;
  const int x = b.tensor(DType::Int8, shape, {4.0f / 255.0f}, {-1});
  const int out = b.tensor(DType::Int8, shape, {1.0f / 128}, {0});
  b.op(OpType::L2Normalization, {x}, {out});
  b.io({x}, {out});
  expect_near_each(run1<int8_t>(b.m, in), golden, 0, "l2 norm int8");
}

}  // namespace

TEST(TflmL2NormGolden, SimpleFloatTest) { check_float({1, 1, 1, 6}, kRow, kRowGolden); }
TEST(TflmL2NormGolden, ZerosVectorFloatTest) { check_float({1, 1, 1, 6}, std::vector<float>(6, 0.f), std::vector<float>(6, 0.f)); }
TEST(TflmL2NormGolden, MultipleBatchFloatTest) { check_float({3, 1, 1, 6}, repeat(kRow, 3), repeat(kRowGolden, 3)); }
TEST(TflmL2NormGolden, SimpleInt8Test) { check_int8({1, 1, 1, 6}, kRowQ, kRowQGolden); }
TEST(TflmL2NormGolden, ZerosVectorInt8Test) {
  check_int8({1, 1, 1, 6}, std::vector<int8_t>(6, -1), std::vector<int8_t>(6, 0));
}
TEST(TflmL2NormGolden, MultipleBatchInt8Test) { check_int8({3, 6}, repeat(kRowQ, 3), repeat(kRowQGolden, 3)); }
