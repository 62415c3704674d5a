// PTQ on the ops added last for issue 10: MIRROR_PAD, SPACE_TO_BATCH_ND and
// BATCH_TO_SPACE_ND move values (their outputs keep the input's scale and
// zero point), RESIZE_BILINEAR blends them on that scale, BATCH_MATMUL
// gets its own output scale with both operands (an activation and a float
// constant) quantized as TFLM's int8 kernel takes them. The int8 graph runs
// on the host and tracks the float one within a few output scale steps.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>

#include "core/ops/interpreter.h"
#include "core/optimize/quantize.h"
#include "tests/host/model_builder.h"
#include "tests/optimize/int8_tracks_float.h"

namespace tinysim {
namespace {

// in [1, 4, 4, 2] -MIRROR_PAD(1 each side)-> [1, 6, 6, 2] -SPACE_TO_BATCH(2x2)-> [4, 3, 3, 2]
// -BATCH_TO_SPACE(2x2, crops 1)-> [1, 4, 4, 2] -RESIZE_BILINEAR(6, 6)-> [1, 6, 6, 2]
// -BATCH_MATMUL(constant [2, 3])-> [1, 6, 6, 3].
Model graph() {
  test::ModelBuilder g;
  const int in = g.tensor(DType::Float32, {1, 4, 4, 2});
  const int pads = g.constant<int32_t>(DType::Int32, {4, 2}, {0, 0, 1, 1, 1, 1, 0, 0});
  const int padded = g.tensor(DType::Float32, {1, 6, 6, 2});
  g.op(OpType::MirrorPad, {in, pads}, {padded});
  const int block = g.constant<int32_t>(DType::Int32, {2}, {2, 2});
  const int none = g.constant<int32_t>(DType::Int32, {2, 2}, {0, 0, 0, 0});
  const int batched = g.tensor(DType::Float32, {4, 3, 3, 2});
  g.op(OpType::SpaceToBatchNd, {padded, block, none}, {batched});
  const int crops = g.constant<int32_t>(DType::Int32, {2, 2}, {1, 1, 1, 1});
  const int back = g.tensor(DType::Float32, {1, 4, 4, 2});
  g.op(OpType::BatchToSpaceNd, {batched, block, crops}, {back});
  const int size = g.constant<int32_t>(DType::Int32, {2}, {6, 6});
  const int resized = g.tensor(DType::Float32, {1, 6, 6, 2});
  g.op(OpType::ResizeBilinear, {back, size}, {resized});
  const int w = g.constant<float>(DType::Float32, {2, 3}, {0.5f, -1.f, 0.25f, 1.5f, 0.75f, -0.5f});
  const int out = g.tensor(DType::Float32, {1, 6, 6, 3});
  g.op(OpType::BatchMatmul, {resized, w}, {out});
  g.io({in}, {out});
  return g.m;
}

TEST(QuantizeSpatialOps, MovesKeepTheInputScaleAndTheGraphTracksFloat) {
  const Model fm = graph();
  const Dataset calib = make_random_dataset({1, 4, 4, 2}, 3, 16, -2.f, 3.f);
  const Model q = quantize_model(fm, calib, {}).take();
  const Tensor& in = q.tensors[static_cast<size_t>(q.inputs[0])];
  ASSERT_EQ(in.type, DType::Int8);
  for (size_t k = 0; k + 1 < q.ops.size(); ++k) {  // all but BATCH_MATMUL keep the input's quantization
    const Tensor& x = q.tensors[static_cast<size_t>(q.ops[k].outputs[0])];
    EXPECT_EQ(x.type, DType::Int8) << op_name(q.ops[k].type);
    EXPECT_EQ(x.quant.scale, in.quant.scale) << op_name(q.ops[k].type);
    EXPECT_EQ(x.quant.zero_point, in.quant.zero_point) << op_name(q.ops[k].type);
  }
  const Tensor& qo = q.tensors[static_cast<size_t>(q.outputs[0])];
  ASSERT_EQ(qo.type, DType::Int8);
  EXPECT_EQ(q.tensors[static_cast<size_t>(q.ops.back().inputs[1])].type, DType::Int8);  // the constant operand

  const float s = qo.quant.scale[0];
  // Input rounding (half an input step) through the bilinear blend and a
  // matmul of depth 2 with |w| <= 1.5, plus the weights' and output's rounding.
  expect_int8_tracks_float(fm, q, calib, s, static_cast<int>(qo.quant.zero_point[0]), 3 * in.quant.scale[0] + 2 * s);
}

}  // namespace
}  // namespace tinysim
