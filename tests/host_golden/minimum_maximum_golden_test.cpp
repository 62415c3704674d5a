// MAXIMUM / MINIMUM against TFLite Micro's kernel tests.
// Values from tensorflow/lite/micro/kernels/maximum_minimum_test.cc
// https://github.com/tensorflow/tflite-micro/blob/0b9825c6b21a63fd33b1a0db2e006e855f3409d7/tensorflow/lite/micro/kernels/maximum_minimum_test.cc
// TFLM compares every output with EXPECT_EQ (the ops pick one input).
#include <gtest/gtest.h>

#include "tests/host_golden/tflm_quantize.h"

using namespace tinysim;
using namespace tinysim::golden;

namespace {

template <class T>
std::vector<T> run_minmax(OpType op, DType t, const std::vector<int32_t>& s1, const std::vector<T>& a,
                          const std::vector<int32_t>& s2, const std::vector<T>& b, QParams q = {0.f, 0}) {
  test::ModelBuilder m;
  auto tensor = [&](const std::vector<int32_t>& s) {
    return q.scale > 0 ? m.tensor(t, s, {q.scale}, {q.zero_point}) : m.tensor(t, s);
  };
  const int x = tensor(s1), y = tensor(s2), out = tensor(s1);
  m.op(op, {x, y}, {out});
  m.io({x, y}, {out});
  return run2<T>(m.m, a, b);
}

const std::vector<int32_t> kDims = {3, 1, 2};

TEST(TflmMaximumMinimum, Float) {
  const std::vector<float> a = {1.0, 0.0, -1.0, 11.0, -2.0, -1.44};
  const std::vector<float> b = {-1.0, 0.0, 1.0, 12.0, -3.0, -1.43};
  EXPECT_EQ(run_minmax<float>(OpType::Maximum, DType::Float32, kDims, a, kDims, b),
            (std::vector<float>{1.0, 0.0, 1.0, 12.0, -2.0, -1.43}));
  EXPECT_EQ(run_minmax<float>(OpType::Minimum, DType::Float32, kDims, a, kDims, b),
            (std::vector<float>{-1.0, 0.0, -1.0, 11.0, -3.0, -1.44}));
}

TEST(TflmMaximumMinimum, Int8) {
  const std::vector<int8_t> a = {1, 0, 2, 11, 2, 23};
  const std::vector<int8_t> b = {0, 0, 1, 12, 127, 1};
  const QParams q{1.0f, 0};
  EXPECT_EQ(run_minmax<int8_t>(OpType::Maximum, DType::Int8, kDims, a, kDims, b, q),
            (std::vector<int8_t>{1, 0, 2, 12, 127, 23}));
  EXPECT_EQ(run_minmax<int8_t>(OpType::Minimum, DType::Int8, kDims, a, kDims, b, q),
            (std::vector<int8_t>{0, 0, 1, 11, 2, 1}));
}

TEST(TflmMaximumMinimum, FloatWithBroadcast) {
  const std::vector<float> a = {1.0, 0.0, -1.0, -2.0, -1.44, 11.0};
  const std::vector<float> b = {0.5, 2.0};
  EXPECT_EQ(run_minmax<float>(OpType::Maximum, DType::Float32, kDims, a, {2}, b),
            (std::vector<float>{1.0, 2.0, 0.5, 2.0, 0.5, 11.0}));
  EXPECT_EQ(run_minmax<float>(OpType::Minimum, DType::Float32, kDims, a, {2}, b),
            (std::vector<float>{0.5, 0.0, -1.0, -2.0, -1.44, 2.0}));
}

}  // namespace
