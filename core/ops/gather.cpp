// GATHER: rows of the input picked along `axis` by int32 indices, with
// TFLite's batch_dims, float32 and int8 (exactly what TFLM's gather.cc
// accepts; its indices are int32 only). Host kernel here, target kernel
// mcu_models/runtime/kernels/gather.c, the same loop: for each (batch,
// outer, index) one copy of an inner row. An index outside the axis makes
// TFLM's Invoke fail; here constant indices are checked at prepare time
// (the op is refused), and computed ones at run time: the host run stops
// with an error naming the op, the firmware zero-fills that row (never
// reading outside the input) and ts_invoke returns TS_ERR_BAD_INPUT, which
// the host reports as the same error.
#include <cstring>
#include <memory>
#include <string>

#include "core/common/error.h"
#include "core/ops/op_example.h"
#include "core/ops/op_helpers.h"
#include "core/ops/op_registry.h"
#include "core/ops/plan_emitter.h"
#include "core/ops/prepare_context.h"

namespace tinysim::ops {
namespace {

using BO = tflite::BuiltinOptions;

struct GatherData : OpData {
  int indices = -1;
  int32_t batch = 1, outer = 1, coords = 1, axis_size = 1;
  int64_t inner = 1;  // elements per copied row
};

void read_gather(OptionsReader& r) {
  if (const auto* o = r.as<tflite::GatherOptions>(BO::GatherOptions)) {
    r.options().axis = o->axis();
    if (o->batch_dims() != 0) r.options().extra["batch_dims"] = o->batch_dims();
  }
}

int batch_dims_of(const OpOptions& o) {
  const auto it = o.extra.find("batch_dims");
  return it == o.extra.end() ? 0 : static_cast<int>(it->second);
}

WrittenOptions write_gather(flatbuffers::FlatBufferBuilder& b, const Operator& op) {
  return {BO::GatherOptions, tflite::CreateGatherOptions(b, op.options.axis, batch_dims_of(op.options)).Union()};
}

// TFLite op_version.cc: batch_dims 5, int16 4, int8 2, else 1.
int version_gather(const Model& m, const Operator& op) {
  if (batch_dims_of(op.options) != 0) return 5;
  const DType t = input_type(m, op, 0);
  return t == DType::Int16 ? 4 : t == DType::Int8 ? 2 : 1;
}

int64_t product(const std::vector<int32_t>& s, int from, int to) {
  int64_t n = 1;
  for (int i = from; i < to; ++i) n *= s[static_cast<size_t>(i)];
  return n;
}

std::unique_ptr<OpData> prepare_gather(PrepareContext& ctx) {
  auto p = std::make_unique<GatherData>();
  const Tensor& in = ctx.in(0, "params");
  const Tensor& idx = ctx.in(1, "indices");
  const Tensor& out = ctx.out();
  if (in.type != out.type) ctx.unsupported_types();
  if (in.type != DType::Float32 && in.type != DType::Int8) ctx.unsupported_types();  // TFLM: float32, int8
  if (idx.type != DType::Int32) ctx.fail("indices must be int32 (TFLite Micro's GATHER takes no other type)");
  p->kernel = ctx.kernel_of(in.type, false);
  p->input = ctx.op().inputs[0];
  p->indices = ctx.op().inputs[1];
  p->output = ctx.op().outputs[0];
  p->input_type = in.type;
  p->output_type = out.type;
  p->flat_size = out.num_elements();
  p->elem_bytes = static_cast<int64_t>(dtype_size(in.type));
  const int rank = static_cast<int>(in.shape.size()), irank = static_cast<int>(idx.shape.size());
  int axis = ctx.options().axis;
  if (axis < 0) axis += rank;
  if (axis < 0 || axis >= rank) ctx.fail("axis is out of range");
  int bd = batch_dims_of(ctx.options());
  if (bd < 0) bd += irank;
  if (bd < 0 || bd > axis || bd > irank) ctx.fail("batch_dims must be in [0, min(axis, rank of indices)]");
  for (int i = 0; i < bd; ++i)
    if (in.shape[static_cast<size_t>(i)] != idx.shape[static_cast<size_t>(i)])
      ctx.fail("params and indices differ in a batch dimension");
  std::vector<int32_t> want(in.shape.begin(), in.shape.begin() + axis);
  want.insert(want.end(), idx.shape.begin() + bd, idx.shape.end());
  want.insert(want.end(), in.shape.begin() + axis + 1, in.shape.end());
  if (want != out.shape) ctx.fail("output shape is not params[:axis] + indices[batch_dims:] + params[axis+1:]");
  const int64_t batch = product(in.shape, 0, bd), outer = product(in.shape, bd, axis);
  const int64_t coords = product(idx.shape, bd, irank);
  if (batch * outer * coords * product(in.shape, axis + 1, rank) > (int64_t{1} << 30)) ctx.fail("is too large");
  p->batch = static_cast<int32_t>(batch);
  p->outer = static_cast<int32_t>(outer);
  p->coords = static_cast<int32_t>(coords);
  p->axis_size = in.shape[static_cast<size_t>(axis)];
  p->inner = product(in.shape, axis + 1, rank);
  if (idx.is_constant())
    for (int64_t k = 0; k < idx.num_elements(); ++k) {
      const int32_t i = idx.as<int32_t>()[k];
      if (i < 0 || i >= p->axis_size)
        ctx.fail("constant index " + std::to_string(i) + " is outside the gathered axis (size " +
                     std::to_string(p->axis_size) + "); TFLite Micro's Invoke fails on it",
                 "use indices in [0, " + std::to_string(p->axis_size) + ")");
    }
  return p;
}

void eval_gather(const OpData& d, void* const* t) {
  const auto& p = static_cast<const GatherData&>(d);
  const auto* in = at<const uint8_t>(t, p.input);
  const auto* idx = at<const int32_t>(t, p.indices);
  auto* out = at<uint8_t>(t, p.output);
  const auto row = static_cast<size_t>(p.inner * p.elem_bytes);
  for (int32_t b = 0; b < p.batch; ++b)
    for (int32_t o = 0; o < p.outer; ++o) {
      const uint8_t* rows = in + (static_cast<size_t>(b) * p.outer + o) * static_cast<size_t>(p.axis_size) * row;
      for (int32_t k = 0; k < p.coords; ++k, out += row) {
        const int32_t i = idx[b * p.coords + k];
        if (i < 0 || i >= p.axis_size)
          throw Error("op " + std::to_string(p.op_index) + " (GATHER)",
                      "index " + std::to_string(i) + " is outside the gathered axis (size " +
                          std::to_string(p.axis_size) + ")",
                      "feed indices in [0, axis size)");
        std::memcpy(out, rows + static_cast<size_t>(i) * row, row);
      }
    }
}

void emit_gather(PlanEmitter& e, const OpData& d) {
  const auto& p = static_cast<const GatherData&>(d);
  const auto flat = [&](int tensor, const char* what) {
    const Tensor& t = e.model().tensors[static_cast<size_t>(tensor)];
    return e.tensor(tensor, to_dims4({static_cast<int32_t>(std::max<int64_t>(t.num_elements(), 1))}, what), p);
  };
  ts_op_gather r{};
  r.c = e.common(TS_OP_GATHER);
  r.input = flat(p.input, "gather params");
  r.indices = flat(p.indices, "gather indices");
  r.output = flat(p.output, "gather output");
  r.batch = p.batch;
  r.outer = p.outer;
  r.coords = p.coords;
  r.axis_size = p.axis_size;
  r.inner_bytes = static_cast<uint32_t>(p.inner * p.elem_bytes);
  e.add_record(r);
}

// params [2, 5, 3], axis 1, constant indices [4] (one repeated): [2, 4, 3].
Model example_gather(KernelType k) {
  ExampleBuilder b;
  const DType t = k == KernelType::Float32 ? DType::Float32 : DType::Int8;
  const float s = t == DType::Int8 ? 0.5f : 0.f;
  const int in = b.act(t, {2, 5, 3}, s, t == DType::Int8 ? 2 : 0);
  const int idx = b.constant<int32_t>(DType::Int32, {4}, {4, 0, 2, 4});
  const int out = b.act(t, {2, 4, 3}, s, t == DType::Int8 ? 2 : 0);
  b.op(OpType::Gather, {in, idx}, {out}).options.axis = 1;
  return b.finish({in}, {out});
}

OpDef gather_def() {
  OpDef d;
  d.schema.type = OpType::Gather;
  d.schema.min_inputs = d.schema.max_inputs = 2;
  d.schema.read_options = read_gather;
  d.schema.write_options = write_gather;
  d.schema.min_version = version_gather;
  d.schema.macs = no_macs;
  d.schema.meta_operands = 0b10;
  d.schema.quant.quantizable = true;
  d.schema.quant.share = QuantRule::Share::FirstInputWithOutput;
  d.schema.quant.qat_range_from_input = true;
  d.combos = {{KernelType::Float32, kHostAndFirmware, "float32 (int32 indices)"},
              {KernelType::Int8, kHostAndFirmware, "int8 (int32 indices, a byte copy)"}};
  d.prepare = prepare_gather;
  d.eval = eval_gather;
  d.emit = emit_gather;
  d.example = example_gather;
  return d;
}

TS_REGISTER_OP(gather_def());

}  // namespace
}  // namespace tinysim::ops
