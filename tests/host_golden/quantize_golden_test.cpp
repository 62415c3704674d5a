// QUANTIZE and DEQUANTIZE against TensorFlow Lite Micro's kernel tests.
// Values from tensorflow/lite/micro/kernels/quantize_test.cc
// https://github.com/tensorflow/tflite-micro/blob/0c7b9ba1025796ba3f06d525a2a301c893d06a5a/tensorflow/lite/micro/kernels/quantize_test.cc
// (ValidateQuantizeGoldens: the output equals the golden quantized with
// TFLM's Quantize, exactly) and dequantize_test.cc
// https://github.com/tensorflow/tflite-micro/blob/063383fefc4e031842946b7d67845474ce0dedf9/tensorflow/lite/micro/kernels/dequantize_test.cc
// (ValidateDequantizeGoldens: within 0.001). TFLM's int32 -> int8 / int16
// and uint8 cases are left out: TinySim has no int32 or uint8 activations.
#include <gtest/gtest.h>

#include "tests/host_golden/tflm_quantize.h"

using namespace tinysim;
using namespace tinysim::golden;

namespace {

const std::vector<int32_t> kDims = {2, 5};
const std::vector<float> kWide = {-64, -62, -60, -58, -56, 54, 56, 58, 60, 62};
const std::vector<float> kNarrow = {-32, -31, -30, -29, -28, 27, 28, 29, 30, 31};

template <class T>
constexpr DType type_of() {
  return sizeof(T) == 1 ? DType::Int8 : sizeof(T) == 2 ? DType::Int16 : DType::Int32;
}

// TestRequantize<In, Out>: the input is the values quantized with its own
// parameters, the golden the values quantized with the output's.
template <class In, class Out>
void requantize_case(const std::vector<float>& values, float in_scale, int in_zp, float out_scale, int out_zp) {
  test::ModelBuilder b;
  const int in = b.tensor(type_of<In>(), kDims, {in_scale}, {in_zp});
  const int out = b.tensor(type_of<Out>(), kDims, {out_scale}, {out_zp});
  b.op(OpType::Quantize, {in}, {out});
  b.io({in}, {out});
  const auto got = test::run_model<Out, In>(b.m, std::vector<std::vector<In>>{quantize<In>(values, in_scale, in_zp)});
  EXPECT_EQ(got, quantize<Out>(values, out_scale, out_zp));
}

// TestQuantizeFloat<int16_t>.
void float_to_int16_case(const std::vector<float>& values, float scale, int zp) {
  test::ModelBuilder b;
  const int in = b.tensor(DType::Float32, kDims);
  const int out = b.tensor(DType::Int16, kDims, {scale}, {zp});
  b.op(OpType::Quantize, {in}, {out});
  b.io({in}, {out});
  EXPECT_EQ((test::run_model<int16_t, float>(b.m, std::vector<std::vector<float>>{values})),
            quantize<int16_t>(values, scale, zp));
}

TEST(TflmQuantize, QuantizeOpTestInt16) {
  float_to_int16_case({-63.5, -63, -62.5, -62, -61.5, 62, 62.5, 63, 63.5, 64}, 0.5f, -1);
}
TEST(TflmQuantize, QuantizeOpTestInt16NoScale) {
  float_to_int16_case({-128, -127, -126, -125, -124, 123, 124, 125, 126, 127}, 1.0f, 0);
}
TEST(TflmQuantize, QuantizeOpTestInt16toInt16) { requantize_case<int16_t, int16_t>(kWide, 2.f, 0, 0.5f, 32); }
TEST(TflmQuantize, QuantizeOpTestInt16toInt16NoZeroPoint) {
  requantize_case<int16_t, int16_t>(kNarrow, 1.f, 0, 0.5f, 0);
}
TEST(TflmQuantize, QuantizeOpTestInt8toInt8) { requantize_case<int8_t, int8_t>(kWide, 2.f, 0, 0.5f, 32); }
TEST(TflmQuantize, QuantizeOpTestInt8toInt8NoZeroPoint) { requantize_case<int8_t, int8_t>(kNarrow, 1.f, 0, 0.5f, 0); }
TEST(TflmQuantize, QuantizeOpTestInt8toInt16) { requantize_case<int8_t, int16_t>(kWide, 2.f, 0, 0.5f, 32); }
TEST(TflmQuantize, QuantizeOpTestInt16toInt8) {
  requantize_case<int16_t, int8_t>(kWide, 2.f, 0, 0.5f, 0);
  requantize_case<int16_t, int8_t>(kNarrow, 0.4f, 0, 1.0f, 0);  // the second test of that name
}
TEST(TflmQuantize, QuantizeOpTestInt8toInt32) { requantize_case<int8_t, int32_t>(kNarrow, 1.f, 0, 0.5f, 0); }
TEST(TflmQuantize, QuantizeOpTestInt16toInt32) { requantize_case<int16_t, int32_t>(kNarrow, 1.f, 0, 0.5f, 0); }

template <class T>
void dequantize_case() {
  const std::vector<float> values = {-63.5, -63, -62.5, -62, -61.5, 62, 62.5, 63, 63.5, 64};
  test::ModelBuilder b;
  const int in = b.tensor(type_of<T>(), kDims, {0.5f}, {-1});
  const int out = b.tensor(DType::Float32, kDims);
  b.op(OpType::Dequantize, {in}, {out});
  b.io({in}, {out});
  const auto got = test::run_model<float, T>(b.m, std::vector<std::vector<T>>{quantize<T>(values, 0.5f, -1)});
  ASSERT_EQ(got.size(), values.size());
  for (size_t i = 0; i < got.size(); ++i) EXPECT_NEAR(got[i], values[i], 0.001f) << "element " << i;
}

TEST(TflmDequantize, DequantizeOpTestInt8) { dequantize_case<int8_t>(); }
TEST(TflmDequantize, DequantizeOpTestInt16) { dequantize_case<int16_t>(); }

}  // namespace
