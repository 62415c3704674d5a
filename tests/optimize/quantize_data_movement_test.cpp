// PTQ on the data-movement ops of issue 10 (TRANSPOSE, SPLIT, PACK, GATHER):
// they move values without rescaling them, so every output keeps the data
// input's (scale, zero point), as TFLite's converter does; their perm /
// axis / indices operands stay int32. The quantized graph runs on the host
// and tracks the float one within the rounding of one scale step.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>

#include "core/ops/interpreter.h"
#include "core/optimize/quantize.h"
#include "tests/host/model_builder.h"
#include "tests/optimize/int8_tracks_float.h"

namespace tinysim {
namespace {

// in [2, 6, 3] -TRANSPOSE(0 2 1)-> [2, 3, 6] -SPLIT(axis 2, 2)-> 2 x [2, 3, 3]
// -PACK(axis 0)-> [2, 2, 3, 3] -GATHER(axis 1, [1 0 1])-> [2, 3, 3, 3].
Model graph() {
  test::ModelBuilder g;
  const int in = g.tensor(DType::Float32, {2, 6, 3});
  const int perm = g.constant<int32_t>(DType::Int32, {3}, {0, 2, 1});
  const int t = g.tensor(DType::Float32, {2, 3, 6});
  g.op(OpType::Transpose, {in, perm}, {t});
  const int axis = g.constant<int32_t>(DType::Int32, {}, {2});
  const int a = g.tensor(DType::Float32, {2, 3, 3}), b = g.tensor(DType::Float32, {2, 3, 3});
  g.op(OpType::Split, {axis, t}, {a, b}).options.extra["num_splits"] = 2;
  const int p = g.tensor(DType::Float32, {2, 2, 3, 3});
  g.op(OpType::Pack, {b, a}, {p}).options.extra["values_count"] = 2;
  const int idx = g.constant<int32_t>(DType::Int32, {3}, {1, 0, 1});
  const int out = g.tensor(DType::Float32, {2, 3, 3, 3});
  g.op(OpType::Gather, {p, idx}, {out}).options.axis = 1;
  g.io({in}, {out});
  return g.m;
}

TEST(QuantizeDataMovement, OutputsKeepTheInputScaleAndRunOnTheHost) {
  const Model fm = graph();
  const Dataset calib = make_random_dataset({2, 6, 3}, 3, 16, -2.f, 3.f);
  const Model q = quantize_model(fm, calib, {}).take();
  const Tensor& in = q.tensors[static_cast<size_t>(q.inputs[0])];
  ASSERT_EQ(in.type, DType::Int8);
  for (const Operator& o : q.ops)
    for (int t : o.outputs) {
      const Tensor& x = q.tensors[static_cast<size_t>(t)];
      EXPECT_EQ(x.type, DType::Int8) << x.name;
      EXPECT_EQ(x.quant.scale, in.quant.scale) << x.name;
      EXPECT_EQ(x.quant.zero_point, in.quant.zero_point) << x.name;
    }
  for (const Tensor& x : q.tensors)  // perm, axis and indices (t1, t3, t7) stay int32
    if (x.name == "t1" || x.name == "t3" || x.name == "t7") EXPECT_EQ(x.type, DType::Int32) << x.name;

  // The int8 graph is a permutation of its quantized input: dequantized, it
  // matches the float graph within half a scale step per element.
  const float s = in.quant.scale[0];
  expect_int8_tracks_float(fm, q, calib, s, static_cast<int>(in.quant.zero_point[0]), s / 2 + 1e-6f);
}

}  // namespace
}  // namespace tinysim
