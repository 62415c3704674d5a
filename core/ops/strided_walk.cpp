// The index walk the element-selecting ops share (strided_walk.h).
#include "core/ops/strided_walk.h"

#include <algorithm>
#include <cstring>
#include <string>

#include "core/ops/op_helpers.h"

namespace tinysim::ops {

std::unique_ptr<StridedWalkData> prepare_strided_walk(PrepareContext& ctx, WalkAxes& shape, size_t input_slot,
                                                      bool allow_int32) {
  auto p = std::make_unique<StridedWalkData>();
  const Tensor& in = ctx.in(input_slot, "input");
  const Tensor& out = ctx.out();
  if (in.type != out.type || dtype_size(in.type) == 0) ctx.unsupported_types();
  p->kernel = ctx.kernel_of(in.type, true, allow_int32);
  p->input = ctx.op().inputs[input_slot];
  p->output = ctx.op().outputs[0];
  p->input_type = in.type;
  p->output_type = out.type;
  p->flat_size = out.num_elements();
  p->elem_bytes = static_cast<int64_t>(dtype_size(in.type));
  const size_t rank = in.shape.size();
  if (rank == 0 || rank > kWalkDims) ctx.fail("input must have 1 to 5 dimensions");
  const size_t pad = kWalkDims - rank;
  for (size_t d = 0; d < kWalkDims; ++d) shape[d] = d < pad ? 1 : in.shape[d - pad];
  return p;
}

WalkAxes element_strides(const WalkAxes& shape) {
  WalkAxes s{};
  int64_t n = 1;
  for (int d = kWalkDims - 1; d >= 0; --d) {
    s[static_cast<size_t>(d)] = static_cast<int32_t>(n);
    n *= shape[static_cast<size_t>(d)];
  }
  return s;
}

StridedWalk box_walk(const WalkAxes& shape, const WalkAxes& begin, const WalkAxes& size) {
  StridedWalk w;
  w.in_stride = element_strides(shape);
  w.start = begin;
  w.count = size;
  w.stride.fill(1);
  return w;
}

StridedWalk permuted_walk(const std::vector<int32_t>& view, const std::vector<int32_t>& perm) {
  const size_t pad = kWalkDims - view.size();
  WalkAxes shape{};
  for (size_t d = 0; d < kWalkDims; ++d) shape[d] = d < pad ? 1 : view[d - pad];
  const WalkAxes strides = element_strides(shape);
  StridedWalk w;
  w.stride.fill(1);
  for (size_t d = 0; d < kWalkDims; ++d) {
    // A padded leading axis walks itself (size 1).
    const size_t axis = d < pad ? d : pad + static_cast<size_t>(perm[d - pad]);
    w.count[d] = shape[axis];
    w.in_stride[d] = strides[axis];
  }
  return w;
}

void split_walks(PrepareContext& ctx, StridedWalkData& p, const WalkAxes& shape, int axis,
                 const std::vector<int32_t>& sizes) {
  const Operator& op = ctx.op();
  if (op.outputs.size() != sizes.size())
    ctx.fail("has " + std::to_string(op.outputs.size()) + " outputs for " + std::to_string(sizes.size()) + " pieces");
  const auto a = static_cast<size_t>(axis + kWalkDims - static_cast<int>(ctx.tensor(p.input, "input").shape.size()));
  WalkAxes begin{}, size = shape;
  for (size_t k = 0; k < sizes.size(); ++k) {
    size[a] = sizes[k];
    int64_t n = 1;
    for (int32_t v : size) n *= v;
    const Tensor& o = ctx.out(k);
    if (o.type != p.input_type) ctx.unsupported_types();
    if (o.num_elements() != n)
      ctx.fail("output " + std::to_string(k) + " has " + std::to_string(o.num_elements()) + " elements, its piece " +
               std::to_string(n));
    p.outputs.push_back(op.outputs[k]);
    p.walks.push_back(box_walk(shape, begin, size));
    begin[a] += sizes[k];
  }
  if (begin[a] != shape[a]) ctx.fail("the pieces do not add up to the input's size along the axis");
}

std::vector<int32_t> constant_ints(PrepareContext& ctx, size_t slot, const char* role) {
  const Tensor& t = ctx.in(slot, role);
  if (!t.is_constant() || (t.type != DType::Int32 && t.type != DType::Int64))
    ctx.fail(std::string(role) + " must be a constant int32/int64 tensor");
  std::vector<int32_t> v;
  for (int64_t i = 0; i < t.num_elements(); ++i) {
    const int64_t x = t.type == DType::Int32 ? t.as<int32_t>()[i] : t.as<int64_t>()[i];
    if (x < -(int64_t{1} << 30) || x > (int64_t{1} << 30)) ctx.fail(std::string(role) + " value out of range");
    v.push_back(static_cast<int32_t>(x));
  }
  return v;
}

std::vector<int32_t> axis_vector(PrepareContext& ctx, size_t slot, const char* role, size_t rank) {
  std::vector<int32_t> v = constant_ints(ctx, slot, role);
  if (v.size() != rank) ctx.fail(std::string(role) + " must have one value per input dimension");
  return v;
}

int resolved_axis(PrepareContext& ctx, int axis, size_t rank) {
  const int r = static_cast<int>(rank);
  const int a = axis < 0 ? axis + r : axis;
  if (a < 0 || a >= r) ctx.fail("axis " + std::to_string(axis) + " is out of range for a rank-" + std::to_string(r) + " input");
  return a;
}

void eval_strided_walk(const OpData& d, void* const* t) {
  const auto& p = static_cast<const StridedWalkData&>(d);
  const auto* in = at<const uint8_t>(t, p.input);
  const auto eb = static_cast<size_t>(p.elem_bytes);
  for (size_t k = 0; k < p.walks.size(); ++k) {
    const StridedWalk& w = p.walks[k];
    auto* out = at<uint8_t>(t, p.outputs[k]);
    int64_t o = 0;
    WalkAxes i{};
    for (i[0] = 0; i[0] < w.count[0]; ++i[0])
      for (i[1] = 0; i[1] < w.count[1]; ++i[1])
        for (i[2] = 0; i[2] < w.count[2]; ++i[2])
          for (i[3] = 0; i[3] < w.count[3]; ++i[3])
            for (i[4] = 0; i[4] < w.count[4]; ++i[4], ++o) {
              int64_t src = 0;
              for (size_t a = 0; a < kWalkDims; ++a) src += int64_t{w.start[a] + i[a] * w.stride[a]} * w.in_stride[a];
              std::memcpy(out + static_cast<size_t>(o) * eb, in + static_cast<size_t>(src) * eb, eb);
            }
  }
}

void emit_strided_walk(PlanEmitter& e, const OpData& d) {
  const auto& p = static_cast<const StridedWalkData&>(d);
  const Tensor& in = e.model().tensors[static_cast<size_t>(p.input)];
  for (size_t k = 0; k < p.walks.size(); ++k) {
    const Tensor& out = e.model().tensors[static_cast<size_t>(p.outputs[k])];
    add_walk_record(
        e, e.tensor(p.input, to_dims4({static_cast<int32_t>(in.num_elements())}, "strided walk input"), p),
        e.tensor(p.outputs[k],
                 to_dims4({static_cast<int32_t>(std::max<int64_t>(out.num_elements(), 1))}, "strided walk output"), p),
        p.walks[k], static_cast<uint32_t>(p.elem_bytes));
  }
}

void add_walk_record(PlanEmitter& e, const ts_tensor& in, const ts_tensor& out, const StridedWalk& w,
                     uint32_t elem_bytes) {
  ts_op_strided_slice r{};
  r.c = e.common(TS_OP_STRIDED_SLICE);
  r.input = in;
  r.output = out;
  for (size_t a = 0; a < kWalkDims; ++a) {
    r.start[a] = w.start[a];
    r.stride[a] = w.stride[a];
    r.count[a] = w.count[a];
    r.in_stride[a] = w.in_stride[a];
  }
  r.elem_bytes = elem_bytes;
  e.add_record(r);
}

OpDef walk_op_def(OpType type, int inputs, uint32_t meta, bool int32) {
  OpDef d;
  d.schema.type = type;
  d.schema.min_inputs = d.schema.max_inputs = inputs;
  d.schema.macs = no_macs;
  d.schema.meta_operands = meta;
  d.schema.quant.quantizable = true;
  d.schema.quant.share = QuantRule::Share::FirstInputWithOutput;
  d.schema.quant.qat_range_from_input = true;
  d.combos = {{KernelType::Float32, kHostAndFirmware, "float32"},
              {KernelType::Int8, kHostAndFirmware, "int8 (a byte copy)"},
              {KernelType::Int16, kHostAndFirmware, "int16 (a byte copy)"}};
  if (int32) d.combos.push_back({KernelType::Int32, kHostAndFirmware, "int32 / uint32 (a byte copy)"});
  d.eval = eval_strided_walk;
  d.emit = emit_strided_walk;
  return d;
}

}  // namespace tinysim::ops
