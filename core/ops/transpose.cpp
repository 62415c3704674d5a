// TRANSPOSE: a constant permutation of up to 5 axes, float32, int8 and
// int16 moved as bytes (TFLite's reference_ops::Transpose, which TFLM's
// transpose.cc calls for exactly these three types). Prepare turns the
// permutation into the strided walk STRIDED_SLICE uses (strided_walk.h):
// output axis d walks input axis perm[d] with that axis' element stride, so
// host and target (kernels/strided_slice.c) share one record kind.
#include <memory>
#include <string>

#include "core/ops/op_example.h"
#include "core/ops/op_helpers.h"
#include "core/ops/op_registry.h"
#include "core/ops/strided_walk.h"

namespace tinysim::ops {
namespace {

using BO = tflite::BuiltinOptions;

WrittenOptions write_transpose(flatbuffers::FlatBufferBuilder& b, const Operator&) {
  return {BO::TransposeOptions, tflite::CreateTransposeOptions(b).Union()};
}

// TFLite op_version.cc: more than 5-D 6, int16 5, more than 4-D 4, int8 2, else 1.
int version_transpose(const Model& m, const Operator& op) {
  const Tensor* in = operand(m, op.inputs, 0);
  const size_t rank = in ? in->shape.size() : 0;
  const DType t = input_type(m, op, 0);
  if (rank > 5) return 6;
  if (t == DType::Int16) return 5;
  if (rank > 4) return 4;
  return t == DType::Int8 ? 2 : 1;
}

std::unique_ptr<OpData> prepare_transpose(PrepareContext& ctx) {
  WalkAxes shape{};
  auto p = prepare_strided_walk(ctx, shape, 0, false);
  const std::vector<int32_t>& in_shape = ctx.in(0, "input").shape;
  const auto rank = static_cast<int>(in_shape.size());
  const std::vector<int32_t> perm = axis_vector(ctx, 1, "perm", in_shape.size());
  std::vector<bool> used(static_cast<size_t>(rank), false);
  std::vector<int32_t> want;
  for (int32_t v : perm) {
    if (v < 0 || v >= rank || used[static_cast<size_t>(v)])
      ctx.fail("perm is not a permutation of 0.." + std::to_string(rank - 1));
    used[static_cast<size_t>(v)] = true;
    want.push_back(in_shape[static_cast<size_t>(v)]);
  }
  if (want != ctx.out().shape) ctx.fail("output shape is not the input shape permuted by perm");
  p->outputs = {p->output};
  p->walks = {permuted_walk(in_shape, perm)};
  return p;
}

// A [2, 3, 4] input to [4, 2, 3] (perm 2, 0, 1): every axis moves.
Model example_transpose(KernelType k) {
  ExampleBuilder b;
  const DType t = example_dtype(k);
  const float s = t == DType::Float32 ? 0.f : 0.25f;
  const int in = b.act(t, {2, 3, 4}, s, t == DType::Int8 ? 5 : 0);
  const int perm = b.constant<int32_t>(DType::Int32, {3}, {2, 0, 1});
  const int out = b.act(t, {4, 2, 3}, s, t == DType::Int8 ? 5 : 0);
  b.op(OpType::Transpose, {in, perm}, {out});
  return b.finish({in}, {out});
}

OpDef transpose_def() {
  OpDef d = walk_op_def(OpType::Transpose, 2, 0b10, false);  // TFLM: float32, int8, int16
  d.schema.write_options = write_transpose;
  d.schema.min_version = version_transpose;
  d.prepare = prepare_transpose;
  d.example = example_transpose;
  return d;
}

TS_REGISTER_OP(transpose_def());

}  // namespace
}  // namespace tinysim::ops
