// SLICE: a constant begin and size (size -1: to the end of the axis) on up
// to 5 axes, float32, int8, int16 and int32 moved as bytes (TFLite's
// reference_ops::Slice, as TFLM's slice.cc runs it for those types). The box
// is the strided walk STRIDED_SLICE uses (strided_walk.h, unit steps), so
// the target kernel is kernels/strided_slice.c.
#include <memory>
#include <string>

#include "core/ops/op_example.h"
#include "core/ops/op_helpers.h"
#include "core/ops/op_registry.h"
#include "core/ops/strided_walk.h"

namespace tinysim::ops {
namespace {

using BO = tflite::BuiltinOptions;

WrittenOptions write_slice(flatbuffers::FlatBufferBuilder& b, const Operator&) {
  return {BO::SliceOptions, tflite::CreateSliceOptions(b).Union()};
}

// TFLite op_version.cc: more than 4-D 5, int16 4, int8 2, else 1.
int version_slice(const Model& m, const Operator& op) {
  const Tensor* in = operand(m, op.inputs, 0);
  if (in && in->shape.size() > 4) return 5;
  const DType t = input_type(m, op, 0);
  return t == DType::Int16 ? 4 : t == DType::Int8 ? 2 : 1;
}

std::unique_ptr<OpData> prepare_slice(PrepareContext& ctx) {
  WalkAxes shape{};
  auto p = prepare_strided_walk(ctx, shape);
  const std::vector<int32_t>& in_shape = ctx.in(0, "input").shape;
  const size_t rank = in_shape.size();
  const std::vector<int32_t> begin = axis_vector(ctx, 1, "begin", rank);
  const std::vector<int32_t> size = axis_vector(ctx, 2, "size", rank);
  const size_t pad = kWalkDims - rank;
  WalkAxes b{}, n = shape;
  std::vector<int32_t> want;
  for (size_t d = 0; d < rank; ++d) {
    const int32_t dim = in_shape[d];
    const int32_t count = size[d] == -1 ? dim - begin[d] : size[d];
    if (begin[d] < 0 || count < 0 || begin[d] + count > dim)
      ctx.fail("begin " + std::to_string(begin[d]) + " and size " + std::to_string(size[d]) + " leave axis " +
               std::to_string(d) + " (size " + std::to_string(dim) + ")");
    b[pad + d] = begin[d];
    n[pad + d] = count;
    want.push_back(count);
  }
  if (want != ctx.out().shape) ctx.fail("output shape is not the slice's size");
  p->outputs = {p->output};
  p->walks = {box_walk(shape, b, n)};
  return p;
}

// A [2, 3, 4] input, begin (1, 0, 1), size (1, -1, 2): the second plane,
// every row, two columns from 1.
Model example_slice(KernelType k) {
  ExampleBuilder b;
  const DType t = example_dtype(k);
  const float s = t == DType::Int8 || t == DType::Int16 ? 0.5f : 0.f;
  const int in = b.act(t, {2, 3, 4}, s, t == DType::Int8 ? 2 : 0);
  const int begin = b.constant<int32_t>(DType::Int32, {3}, {1, 0, 1});
  const int size = b.constant<int32_t>(DType::Int32, {3}, {1, -1, 2});
  const int out = b.act(t, {1, 3, 2}, s, t == DType::Int8 ? 2 : 0);
  b.op(OpType::Slice, {in, begin, size}, {out});
  return b.finish({in}, {out});
}

OpDef slice_def() {
  OpDef d = walk_op_def(OpType::Slice, 3, 0b110, true);
  d.schema.write_options = write_slice;
  d.schema.min_version = version_slice;
  d.prepare = prepare_slice;
  d.example = example_slice;
  return d;
}

TS_REGISTER_OP(slice_def());

}  // namespace
}  // namespace tinysim::ops
