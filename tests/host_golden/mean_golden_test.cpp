// int8 MEAN over height and width against TFLite Micro's reduce tests.
#include <gtest/gtest.h>

#include "tests/host_golden/tflm_quantize.h"

using namespace tinysim;
using namespace tinysim::golden;

namespace {

// Values from tensorflow/lite/micro/kernels/reduce_test.cc
// https://github.com/tensorflow/tflite-micro/blob/048c5344b200add0c1a3747467301e13d66063cd/tensorflow/lite/micro/kernels/reduce_test.cc
// TestReduceOpQuantized<int8_t>: axis {1, 2}, input and output scale 0.5,
// zero point 0, golden quantized with the output params, tolerance 1.0.
const std::vector<float> kInput4D = {1.0,  2.0,  3.0,  4.0,  5.0,  6.0,  7.0,  8.0,  9.0,  10.0, 11.0, 12.0,
                                     13.0, 14.0, 15.0, 16.0, 17.0, 18.0, 19.0, 20.0, 21.0, 22.0, 23.0, 24.0};
const std::vector<float> kGolden4D = {6, 7, 18, 19};

std::vector<int8_t> run_mean(const std::vector<int32_t>& in_shape, const std::vector<int32_t>& out_shape,
                             bool keep_dims, const std::vector<float>& input, float in_scale, float out_scale) {
  test::ModelBuilder b;
  const int in = b.tensor(DType::Int8, in_shape, {in_scale}, {0});
  const int axis = b.constant<int32_t>(DType::Int32, {2}, {1, 2});
  const int out = b.tensor(DType::Int8, out_shape, {out_scale}, {0});
  b.op(OpType::Mean, {in, axis}, {out}).options.keep_dims = keep_dims;
  b.io({in}, {out});
  return run1<int8_t>(b.m, quantize<int8_t>(input, in_scale, 0));
}

}  // namespace

TEST(TflmMeanGolden, MeanInt84DKeepDims) {
  const auto got = run_mean({2, 2, 3, 2}, {2, 1, 1, 2}, true, kInput4D, 0.5f, 0.5f);
  expect_near_each(got, quantize<int8_t>(kGolden4D, 0.5f, 0), 1, "mean 4D keep_dims");
}

TEST(TflmMeanGolden, MeanInt84DWithoutKeepDims) {
  const auto got = run_mean({2, 2, 3, 2}, {2, 2}, false, kInput4D, 0.5f, 0.5f);
  expect_near_each(got, quantize<int8_t>(kGolden4D, 0.5f, 0), 1, "mean 4D no keep_dims");
}

TEST(TflmMeanGolden, MeanInt84DWithoutKeepDimsWithPrecision) {
  const std::vector<float> input = {1.0, 24.0, 13.0, 3.0, 9.0, 17.0, 11.0, 36.0, 14.0, 19.0, 17.0, 22.0};
  const std::vector<float> golden = {11.166667, 19.833334};
  const auto got = run_mean({2, 2, 3, 1}, {2, 1}, false, input, 0.5f, 0.5f);
  expect_near_each(got, quantize<int8_t>(golden, 0.5f, 0), 1, "mean 4D precision");
}
