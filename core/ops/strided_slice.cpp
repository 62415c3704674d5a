// STRIDED_SLICE: constant begin / end / strides with begin, end and
// shrink-axis masks and the offset flag, up to 5-D, any element type moved
// as bytes (float32, int8, int16 claimed). The index arithmetic is TFLite's
// strided_slice_logic.h (StridedSlicePadIndices, StridedSliceStartForAxis,
// StridedSliceEndForAxis, as TFLM's strided_slice.cc uses them), done once
// in prepare: both the host kernel and mcu_models/runtime/kernels/strided_slice.c
// only walk the resulting per-axis (start, stride, count) (strided_walk.h). Ellipsis and
// new-axis masks are refused (TFLM refuses them too).
#include <algorithm>
#include <array>
#include <cstring>
#include <memory>

#include "core/ops/op_example.h"
#include "core/ops/op_helpers.h"
#include "core/ops/op_registry.h"
#include "core/ops/strided_walk.h"

namespace tinysim::ops {
namespace {

using BO = tflite::BuiltinOptions;
constexpr int kDims = kWalkDims;

const char* const kMaskNames[] = {"begin_mask", "end_mask", "ellipsis_mask", "new_axis_mask", "shrink_axis_mask"};

void read_strided_slice(OptionsReader& r) {
  const auto* o = r.as<tflite::StridedSliceOptions>(BO::StridedSliceOptions);
  if (!o) return;
  auto& x = r.options().extra;
  const int32_t v[] = {o->begin_mask(), o->end_mask(), o->ellipsis_mask(), o->new_axis_mask(), o->shrink_axis_mask()};
  for (int i = 0; i < 5; ++i)
    if (v[i] != 0) x[kMaskNames[i]] = v[i];
  if (o->offset()) x["offset"] = 1;
}

int32_t option(const OpOptions& o, const char* name) {
  const auto it = o.extra.find(name);
  return it == o.extra.end() ? 0 : static_cast<int32_t>(it->second);
}

WrittenOptions write_strided_slice(flatbuffers::FlatBufferBuilder& b, const Operator& op) {
  const OpOptions& o = op.options;
  return {BO::StridedSliceOptions,
          tflite::CreateStridedSliceOptions(b, option(o, "begin_mask"), option(o, "end_mask"), option(o, "ellipsis_mask"),
                                            option(o, "new_axis_mask"), option(o, "shrink_axis_mask"),
                                            option(o, "offset") != 0)
              .Union()};
}

// TFLite op_version.cc: offset 8, more than 4-D 4, int8 2, else 1.
int version_strided_slice(const Model& m, const Operator& op) {
  if (option(op.options, "offset") != 0) return 8;
  const Tensor* in = operand(m, op.inputs, 0);
  if (in && in->shape.size() > 4) return 4;
  return input_type(m, op, 0) == DType::Int8 ? 2 : 1;
}

std::unique_ptr<OpData> prepare_strided_slice(PrepareContext& ctx) {
  WalkAxes shape{};
  auto p = prepare_strided_walk(ctx, shape);
  const Tensor& in = ctx.in(0, "input");
  const Tensor& out = ctx.out();
  StridedWalk w;
  const size_t rank = in.shape.size();
  const OpOptions& o = ctx.options();
  if (option(o, "ellipsis_mask") != 0 || option(o, "new_axis_mask") != 0)
    ctx.fail("ellipsis_mask and new_axis_mask are not supported (TFLite Micro refuses them too)");
  const std::vector<int32_t> begin = axis_vector(ctx, 1, "begin", rank);
  const std::vector<int32_t> end = axis_vector(ctx, 2, "end", rank);
  const std::vector<int32_t> strides = axis_vector(ctx, 3, "strides", rank);

  // StridedSlicePadIndices: leading axes take the whole (size-1) dimension.
  const int pad = kDims - static_cast<int>(rank);
  std::array<int32_t, kDims> b{}, e{}, s{};
  for (int d = 0; d < kDims; ++d) {
    const bool padded = d < pad;
    b[d] = padded ? 0 : begin[static_cast<size_t>(d - pad)];
    e[d] = padded ? 1 : end[static_cast<size_t>(d - pad)];
    s[d] = padded ? 1 : strides[static_cast<size_t>(d - pad)];
    if (s[d] == 0) ctx.fail("strides must not be 0");
  }
  const auto shift = [&](int32_t mask) { return static_cast<int32_t>(static_cast<uint32_t>(mask) << pad); };
  const int32_t begin_mask = shift(option(o, "begin_mask")) | ((1 << pad) - 1);
  const int32_t end_mask = shift(option(o, "end_mask")) | ((1 << pad) - 1);
  const int32_t shrink_mask = shift(option(o, "shrink_axis_mask"));
  const bool offset = option(o, "offset") != 0;

  std::vector<int32_t> want;  // TFLM's output shape check: shrunk axes drop out
  w.in_stride = element_strides(shape);
  for (int d = 0; d < kDims; ++d) {
    const int32_t size = shape[d], stride = s[d];
    // StridedSliceStartForAxis
    int32_t start = b[d];
    if (start < 0) start += size;
    start = stride > 0 ? std::clamp(start, 0, size) : std::clamp(start, -1, size - 1);
    if (begin_mask & (1 << d)) start = stride > 0 ? 0 : size - 1;
    // StridedSliceEndForAxis
    int32_t stop;
    if (shrink_mask & (1 << d)) {
      stop = start >= size ? start : start + 1;
    } else {
      stop = e[d];
      if (offset) stop += start;
      if (stop < 0) stop += size;
      stop = stride > 0 ? std::clamp(stop, 0, size) : std::clamp(stop, -1, size - 1);
      if (end_mask & (1 << d)) stop = stride > 0 ? size : -1;
    }
    const int32_t span = stride > 0 ? stop - start : start - stop;
    const int32_t step = stride > 0 ? stride : -stride;
    const int32_t count = span > 0 ? (span + step - 1) / step : 0;
    w.start[static_cast<size_t>(d)] = start;
    w.stride[static_cast<size_t>(d)] = stride;
    w.count[static_cast<size_t>(d)] = count;
    if (d >= pad && !(shrink_mask & (1 << d))) want.push_back(count);
  }
  if (want != out.shape && !(want.empty() && out.num_elements() == 1 && out.shape.size() <= 1))
    ctx.fail("output shape does not match the slice (TFLite's rule: one dimension per axis not shrunk)");
  p->outputs = {p->output};
  p->walks = {w};
  return p;
}

// A [2, 3, 4] input: rows 1.. of axis 0 shrunk away, axis 1 reversed with
// stride -2, every other element of axis 2 from 1.
Model example_strided_slice(KernelType k) {
  ExampleBuilder b;
  const DType t = k == KernelType::Float32 ? DType::Float32
                  : k == KernelType::Int16 ? DType::Int16
                  : k == KernelType::Int32 ? DType::Int32
                                           : DType::Int8;
  const float s = t == DType::Float32 || t == DType::Int32 ? 0.f : 0.5f;
  const int in = b.act(t, {2, 3, 4}, s, t == DType::Int8 ? -3 : 0);
  const int begin = b.constant<int32_t>(DType::Int32, {3}, {1, -1, 1});
  const int end = b.constant<int32_t>(DType::Int32, {3}, {2, -4, 4});
  const int strides = b.constant<int32_t>(DType::Int32, {3}, {1, -2, 2});
  const int out = b.act(t, {2, 2}, s, t == DType::Int8 ? -3 : 0);
  b.op(OpType::StridedSlice, {in, begin, end, strides}, {out}).options.extra["shrink_axis_mask"] = 1;
  return b.finish({in}, {out});
}

OpDef strided_slice_def() {
  OpDef d = walk_op_def(OpType::StridedSlice, 4, 0b1110, true);
  d.schema.read_options = read_strided_slice;
  d.schema.write_options = write_strided_slice;
  d.schema.min_version = version_strided_slice;
  d.prepare = prepare_strided_slice;
  d.example = example_strided_slice;
  return d;
}

TS_REGISTER_OP(strided_slice_def());

}  // namespace
}  // namespace tinysim::ops
