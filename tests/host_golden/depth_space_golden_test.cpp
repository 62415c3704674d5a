// DEPTH_TO_SPACE and SPACE_TO_DEPTH against TFLite Micro's kernel tests.
// DEPTH_TO_SPACE: float cases within 1e-5 (copies: exact); the int8 cases
// quantize TFLM's float inputs on its (min, max) range and move the bytes,
// so the int8 outputs must be TFLM's quantized inputs in the golden order.
// SPACE_TO_DEPTH: int8 values compared with EXPECT_EQ. Values from
//   tensorflow/lite/micro/kernels/depth_to_space_test.cc
//   https://github.com/tensorflow/tflite-micro/blob/0cc6f983266d1bd6f5d66f485c546e8cc80ad6a2/tensorflow/lite/micro/kernels/depth_to_space_test.cc
//   tensorflow/lite/micro/kernels/space_to_depth_test.cc
//   https://github.com/tensorflow/tflite-micro/blob/0cc6f983266d1bd6f5d66f485c546e8cc80ad6a2/tensorflow/lite/micro/kernels/space_to_depth_test.cc
#include <gtest/gtest.h>

#include "core/common/error.h"
#include "tests/host_golden/tflm_quantize.h"

using namespace tinysim;
using namespace tinysim::golden;

namespace {

template <class T>
std::vector<T> block_move(OpType type, DType t, const std::vector<int32_t>& in_shape, const std::vector<T>& input,
                          int block, const std::vector<int32_t>& out_shape) {
  test::ModelBuilder b;
  const bool q = t == DType::Int8;
  const int in = q ? b.tensor(t, in_shape, {0.1f}, {-3}) : b.tensor(t, in_shape);
  const int out = q ? b.tensor(t, out_shape, {0.1f}, {-3}) : b.tensor(t, out_shape);
  b.op(type, {in}, {out}).options.extra["block_size"] = block;
  b.io({in}, {out});
  return run1<T>(b.m, input);
}

using F = std::vector<float>;
using I8 = std::vector<int8_t>;
const F kSixteen = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
const F kSixteenD2S = {1, 2, 5, 6, 3, 4, 7, 8, 9, 10, 13, 14, 11, 12, 15, 16};

TEST(TflmDepthToSpace, FloatCases) {
  const auto d2s = [](const std::vector<int32_t>& in, const F& x, int bs, const std::vector<int32_t>& out) {
    return block_move<float>(OpType::DepthToSpace, DType::Float32, in, x, bs, out);
  };
  EXPECT_EQ(d2s({1, 1, 1, 4}, {1.4f, 2.3f, 3.2f, 4.1f}, 2, {1, 2, 2, 1}), (F{1.4f, 2.3f, 3.2f, 4.1f}));  // _1114_2
  EXPECT_EQ(d2s({1, 1, 2, 4}, {1, 2, 3, 4, 5, 6, 7, 8}, 2, {1, 2, 4, 1}), (F{1, 2, 5, 6, 3, 4, 7, 8}));  // _1124_2
  EXPECT_EQ(d2s({1, 2, 1, 4}, {1, 2, 3, 4, 5, 6, 7, 8}, 2, {1, 4, 2, 1}), (F{1, 2, 3, 4, 5, 6, 7, 8}));  // _1214_2
  EXPECT_EQ(d2s({1, 2, 2, 4}, kSixteen, 2, {1, 4, 4, 1}), kSixteenD2S);                                 // _1224_2
  EXPECT_EQ(d2s({1, 1, 1, 1}, {4}, 1, {1, 1, 1, 1}), (F{4}));                                           // _1111_1
}

// TFLM's int8 _1224_2 case: inputs quantized on [0, 17] (TFLM's
// ScaleFromMinMax / ZeroPointFromMinMax), outputs dequantized within one
// step. A byte move: the int8 outputs are the quantized inputs reordered.
TEST(TflmDepthToSpace, Int8MovesTheQuantizedInputs) {
  const auto [scale, zp] = choose_quantization_params<double>(0.0, 17.0);
  const I8 q = quantize<int8_t>(kSixteen, scale, zp);
  const I8 got = block_move<int8_t>(OpType::DepthToSpace, DType::Int8, {1, 2, 2, 4}, q, 2, {1, 4, 4, 1});
  EXPECT_EQ(got, quantize<int8_t>(kSixteenD2S, scale, zp));
  for (size_t i = 0; i < got.size(); ++i)
    EXPECT_NEAR(scale * (got[i] - zp), kSixteenD2S[i], 2.0 * 17.0 / 255.0) << i;
}

TEST(TflmSpaceToDepth, Int8Cases) {
  const auto s2d = [](const std::vector<int32_t>& in, const I8& x, const std::vector<int32_t>& out) {
    return block_move<int8_t>(OpType::SpaceToDepth, DType::Int8, in, x, 2, out);
  };
  EXPECT_EQ(s2d({1, 2, 2, 1}, {1, 2, 3, 4}, {1, 1, 1, 4}), (I8{1, 2, 3, 4}));  // SpaceToDepth_Int8_1221
  EXPECT_EQ(s2d({1, 2, 2, 3}, {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}, {1, 1, 1, 12}),
            (I8{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}));  // SpaceToDepth_Int8_1223
  EXPECT_EQ(s2d({1, 4, 4, 1}, {1, 2, 5, 6, 3, 4, 7, 8, 9, 10, 13, 14, 11, 12, 15, 16}, {1, 2, 2, 4}),
            (I8{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}));  // SpaceToDepth_Int8_1441
}

// TinySim's own checks (not from TFLM): a depth that is not a multiple of
// block_size^2 and int16 (TFLM has no int16 kernel) are refused.
TEST(DepthSpaceChecks, BadShapesAndTypesAreRefused) {
  EXPECT_THROW(block_move<float>(OpType::DepthToSpace, DType::Float32, {1, 1, 1, 3}, {1, 2, 3}, 2, {1, 2, 2, 1}),
               Error);
  EXPECT_THROW((block_move<int16_t>(OpType::SpaceToDepth, DType::Int16, {1, 2, 2, 1}, {1, 2, 3, 4}, 2, {1, 1, 1, 4})),
               Error);
}

}  // namespace
