// PACK: N inputs of one shape stacked along a new axis, float32, int8,
// int16 and int32 moved as bytes (TFLM's pack.cc). Stacking is
// CONCATENATION of the inputs seen with a size-1 axis inserted, so the host
// runs kernels::concatenation and the firmware the CONCAT record
// (kernels/concat.c, up to 8 inputs) on that view. Integer inputs must be
// on the output's scale (TFLite's pack.cc checks it; PTQ puts them there).
#include <memory>
#include <string>

#include "core/host/kernels.h"
#include "core/ops/op_example.h"
#include "core/ops/op_helpers.h"
#include "core/ops/op_registry.h"
#include "core/ops/plan_emitter.h"
#include "core/ops/prepare_context.h"

namespace tinysim::ops {
namespace {

using BO = tflite::BuiltinOptions;

void read_pack(OptionsReader& r) {
  if (const auto* o = r.as<tflite::PackOptions>(BO::PackOptions)) {
    r.options().extra["values_count"] = o->values_count();
    r.options().axis = o->axis();
  }
}

int values_count(const OpOptions& o) {
  const auto it = o.extra.find("values_count");
  return it == o.extra.end() ? 0 : static_cast<int>(it->second);
}

WrittenOptions write_pack(flatbuffers::FlatBufferBuilder& b, const Operator& op) {
  return {BO::PackOptions, tflite::CreatePackOptions(b, values_count(op.options), op.options.axis).Union()};
}

// TFLite op_version.cc: int16 3, int8 2, else 1.
int version_pack(const Model& m, const Operator& op) {
  const DType t = input_type(m, op, 0);
  return t == DType::Int16 ? 3 : t == DType::Int8 ? 2 : 1;
}

std::unique_ptr<OpData> prepare_pack(PrepareContext& ctx) {
  auto p = std::make_unique<ConcatData>();
  const Operator& op = ctx.op();
  const Tensor& first = ctx.in(0, "input");
  const Tensor& o = ctx.out();
  if (first.type != o.type || dtype_size(o.type) == 0) ctx.unsupported_types();
  p->kernel = ctx.kernel_of(o.type, true, true);
  const size_t rank = o.shape.size();
  if (rank == 0 || rank > 4) ctx.fail("output must have 1 to 4 dimensions");
  int axis = op.options.axis;
  if (axis < 0) axis += static_cast<int>(rank);
  if (axis < 0 || axis >= static_cast<int>(rank)) ctx.fail("axis out of range");
  if (values_count(op.options) != static_cast<int>(op.inputs.size()))
    ctx.fail("values_count does not equal the number of inputs");
  std::vector<int32_t> want = first.shape;
  want.insert(want.begin() + axis, static_cast<int32_t>(op.inputs.size()));
  if (want != o.shape) ctx.fail("output shape is not the inputs' shape with the input count inserted at the axis");
  ctx.common_io(*p, first, o);
  p->concat_axis = axis + static_cast<int>(4 - rank);
  int64_t inner = 1;
  for (int d = p->concat_axis + 1; d < 4; ++d) inner *= p->output_shape[d];
  p->concat_outer = 1;
  for (int d = 0; d < p->concat_axis; ++d) p->concat_outer *= p->output_shape[d];
  for (size_t k = 0; k < op.inputs.size(); ++k) {
    const Tensor& t = ctx.in(k, "input");
    if (t.type != o.type) ctx.unsupported_types();
    if (t.shape != first.shape) ctx.fail("inputs differ in shape");
    if (p->kernel != KernelType::Float32 && t.quant.present() &&
        (ctx.scale_of(t) != ctx.scale_of(o) || ctx.zp_of(t) != ctx.zp_of(o)))
      ctx.fail("inputs with quantization different from the output's are not supported",
               "requantize inputs to the output scale");
    p->inputs.push_back(op.inputs[k]);
    p->concat_copy_elems.push_back(inner);
  }
  return p;
}

void eval_pack(const OpData& d, void* const* t) {
  const auto& p = static_cast<const ConcatData&>(d);
  std::vector<const void*> ins;
  ins.reserve(p.inputs.size());
  for (int i : p.inputs) ins.push_back(at<void>(t, i));
  kernels::concatenation(p, ins.data(), at<void>(t, p.output));
}

void emit_pack(PlanEmitter& e, const OpData& d) {
  const auto& p = static_cast<const ConcatData&>(d);
  if (p.inputs.size() > TS_CONCAT_MAX) e.unsupported(p, "PACK of more than 8 inputs");
  ts_op_concat r{};
  r.c = e.common(TS_OP_CONCAT);
  r.output = e.tensor(p.output, p.output_shape, p);
  Dims4 piece = p.output_shape;  // each input, seen with the new axis
  int32_t* axes[] = {&piece.n, &piece.h, &piece.w, &piece.c};
  *axes[p.concat_axis] = 1;
  for (size_t k = 0; k < p.inputs.size(); ++k) r.inputs[k] = e.tensor(p.inputs[k], piece, p);
  r.num_inputs = static_cast<int32_t>(p.inputs.size());
  r.axis = p.concat_axis;
  r.elem_bytes = static_cast<uint32_t>(p.elem_bytes);
  e.add_record(r);
}

// Three [2, 3] inputs stacked along axis 1: [2, 3, 3].
Model example_pack(KernelType k) {
  ExampleBuilder b;
  const DType t = example_dtype(k);
  const float s = t == DType::Int8 || t == DType::Int16 ? 0.5f : 0.f;
  const int zp = t == DType::Int8 ? 3 : 0;
  const std::vector<int> ins = {b.act(t, {2, 3}, s, zp), b.act(t, {2, 3}, s, zp), b.act(t, {2, 3}, s, zp)};
  const int out = b.act(t, {2, 3, 3}, s, zp);
  auto& op = b.op(OpType::Pack, ins, {out});
  op.options.axis = 1;
  op.options.extra["values_count"] = 3;
  return b.finish(ins, {out});
}

OpDef pack_def() {
  OpDef d;
  d.schema.type = OpType::Pack;
  d.schema.min_inputs = 1;
  d.schema.max_inputs = -1;
  d.schema.read_options = read_pack;
  d.schema.write_options = write_pack;
  d.schema.min_version = version_pack;
  d.schema.macs = no_macs;
  d.schema.quant.quantizable = true;
  d.schema.quant.share = QuantRule::Share::AllInputsWithOutput;
  d.combos = {{KernelType::Float32, kHostAndFirmware, "float32"},
              {KernelType::Int8, kHostAndFirmware, "int8 (inputs on the output's scale)"},
              {KernelType::Int16, kHostAndFirmware, "int16 (inputs on the output's scale)"},
              {KernelType::Int32, kHostAndFirmware, "int32 / uint32 (a byte copy)"}};
  d.prepare = prepare_pack;
  d.eval = eval_pack;
  d.emit = emit_pack;
  d.example = example_pack;
  return d;
}

TS_REGISTER_OP(pack_def());

}  // namespace
}  // namespace tinysim::ops
