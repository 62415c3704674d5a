// RESHAPE, SQUEEZE, EXPAND_DIMS and CONCATENATION: ops that only move
// elements, so one byte-level kernel serves every element type (SQUEEZE and
// EXPAND_DIMS are RESHAPEs whose output shape the op's axes define). Host kernels:
// core/host/layout.cpp. Target kernels: mcu_models/runtime/kernels/concat.c
// and the plain copy (TS_OP_COPY). PAD / PADV2 are core/ops/pad.cpp.
#include <cstring>
#include <memory>

#include "core/host/kernels.h"
#include "core/ops/op_example.h"
#include "core/ops/op_helpers.h"
#include "core/ops/op_registry.h"
#include "core/ops/plan_emitter.h"
#include "core/ops/prepare_context.h"

namespace tinysim::ops {
namespace {

using BO = tflite::BuiltinOptions;

// ---- RESHAPE ----

void read_reshape(OptionsReader& r) {
  if (const auto* o = r.as<tflite::ReshapeOptions>(BO::ReshapeOptions))
    if (o->new_shape()) r.options().new_shape.assign(o->new_shape()->begin(), o->new_shape()->end());
}

WrittenOptions write_reshape(flatbuffers::FlatBufferBuilder& b, const Operator& op) {
  if (op.options.new_shape.empty()) return {};
  return {BO::ReshapeOptions, tflite::CreateReshapeOptions(b, b.CreateVector(op.options.new_shape)).Union()};
}

std::unique_ptr<OpData> prepare_reshape(PrepareContext& ctx) {
  auto p = std::make_unique<OpData>();
  const Tensor& i = ctx.in(0, "input");
  const Tensor& o = ctx.out();
  if (i.type != o.type || dtype_size(i.type) == 0) ctx.unsupported_types();
  // Any element type moves as bytes; the kernel type only names it.
  p->kernel = i.type == DType::Float32 ? KernelType::Float32 : KernelType::Int8;
  p->input = ctx.op().inputs[0];
  p->output = ctx.op().outputs[0];
  p->input_type = i.type;
  p->output_type = o.type;
  p->flat_size = o.num_elements();
  p->elem_bytes = static_cast<int64_t>(dtype_size(o.type));
  if (i.num_elements() != o.num_elements())
    ctx.fail("input has " + std::to_string(i.num_elements()) + " elements but output " +
             std::to_string(o.num_elements()));
  return p;
}

void eval_reshape(const OpData& p, void* const* t) { kernels::reshape(p, at<void>(t, p.input), at<void>(t, p.output)); }

void emit_reshape(PlanEmitter& e, const OpData& p) {
  ts_op_copy r{};
  r.c = e.common(TS_OP_COPY);
  const Tensor& in = e.model().tensors[static_cast<size_t>(p.input)];
  const Dims4 flat = to_dims4({static_cast<int32_t>(in.num_elements())}, "reshape");
  r.input = e.tensor(p.input, flat, p);
  r.output = e.tensor(p.output, flat, p);
  r.bytes = static_cast<uint32_t>(in.num_bytes());
  e.add_record(r);
}

Model example_reshape(KernelType k) {
  ExampleBuilder b;
  const DType t = k == KernelType::Float32 ? DType::Float32 : DType::Int8;
  const int in = b.act(t, {1, 2, 3, 4}, t == DType::Int8 ? 0.5f : 0.f);
  const int shape = b.constant<int32_t>(DType::Int32, {2}, {6, 4});
  const int out = b.act(t, {6, 4}, t == DType::Int8 ? 0.5f : 0.f);
  b.op(OpType::Reshape, {in, shape}, {out});
  return b.finish({in}, {out});
}

// ---- SQUEEZE, EXPAND_DIMS: RESHAPE's copy, their own shape rule ----

// squeeze_dims as "squeeze_dims" (count) and "squeeze_dim_<i>" in the
// options' extra map, so the list survives the round trip exactly.
void read_squeeze(OptionsReader& r) {
  const auto* o = r.as<tflite::SqueezeOptions>(BO::SqueezeOptions);
  if (!o || !o->squeeze_dims()) return;
  auto& x = r.options().extra;
  x["squeeze_dims"] = o->squeeze_dims()->size();
  for (flatbuffers::uoffset_t i = 0; i < o->squeeze_dims()->size(); ++i)
    x["squeeze_dim_" + std::to_string(i)] = o->squeeze_dims()->Get(i);
}

std::vector<int32_t> squeeze_dims(const OpOptions& o) {
  std::vector<int32_t> dims;
  const auto n = o.extra.find("squeeze_dims");
  if (n == o.extra.end()) return dims;
  for (int i = 0; i < static_cast<int>(n->second); ++i) {
    const auto d = o.extra.find("squeeze_dim_" + std::to_string(i));
    if (d != o.extra.end()) dims.push_back(static_cast<int32_t>(d->second));
  }
  return dims;
}

WrittenOptions write_squeeze(flatbuffers::FlatBufferBuilder& b, const Operator& op) {
  return {BO::SqueezeOptions, tflite::CreateSqueezeOptions(b, b.CreateVector(squeeze_dims(op.options))).Union()};
}

std::unique_ptr<OpData> prepare_squeeze(PrepareContext& ctx) {
  auto p = prepare_reshape(ctx);
  // TFLM squeeze.cc: each listed axis must be a size-1 axis of the input;
  // the output only has to hold the same elements (TFLM's own test squeezes
  // a rank-7 all-ones input to shape [1]).
  const std::vector<int32_t>& in = ctx.in(0, "input").shape;
  const int rank = static_cast<int>(in.size());
  for (int32_t d : squeeze_dims(ctx.options())) {
    const int a = d < 0 ? d + rank : d;
    if (a < 0 || a >= rank || in[static_cast<size_t>(a)] != 1)
      ctx.fail("squeeze axis " + std::to_string(d) + " is not a size-1 axis of the input");
  }
  return p;
}

WrittenOptions write_expand_dims(flatbuffers::FlatBufferBuilder& b, const Operator&) {
  return {BO::ExpandDimsOptions, tflite::CreateExpandDimsOptions(b).Union()};
}

std::unique_ptr<OpData> prepare_expand_dims(PrepareContext& ctx) {
  auto p = prepare_reshape(ctx);
  // TFLite expand_dims.cc: a constant int32/int64 scalar axis in [-rank-1, rank].
  const Tensor& ax = ctx.in(1, "axis");
  if (!ax.is_constant() || ax.num_elements() != 1 || (ax.type != DType::Int32 && ax.type != DType::Int64))
    ctx.fail("axis must be a constant int32/int64 scalar");
  const std::vector<int32_t>& in = ctx.in(0, "input").shape;
  const int rank = static_cast<int>(in.size());
  int64_t a = ax.type == DType::Int32 ? ax.as<int32_t>()[0] : ax.as<int64_t>()[0];
  if (a < 0) a += rank + 1;
  if (a < 0 || a > rank) ctx.fail("axis is out of range for a rank-" + std::to_string(rank) + " input");
  std::vector<int32_t> want = in;
  want.insert(want.begin() + a, 1);
  if (want != ctx.out().shape) ctx.fail("output shape is not the input shape with a 1 inserted at the axis");
  return p;
}

Model example_squeeze(KernelType k) {
  ExampleBuilder b;
  const DType t = k == KernelType::Float32 ? DType::Float32 : DType::Int8;
  const int in = b.act(t, {1, 3, 1, 4}, t == DType::Int8 ? 0.5f : 0.f);
  const int out = b.act(t, {3, 4}, t == DType::Int8 ? 0.5f : 0.f);
  auto& x = b.op(OpType::Squeeze, {in}, {out}).options.extra;
  x["squeeze_dims"] = 2;
  x["squeeze_dim_0"] = 0;
  x["squeeze_dim_1"] = -2;
  return b.finish({in}, {out});
}

Model example_expand_dims(KernelType k) {
  ExampleBuilder b;
  const DType t = k == KernelType::Float32 ? DType::Float32 : DType::Int8;
  const int in = b.act(t, {3, 4}, t == DType::Int8 ? 0.5f : 0.f);
  const int axis = b.constant<int32_t>(DType::Int32, {}, {-2});
  const int out = b.act(t, {3, 1, 4}, t == DType::Int8 ? 0.5f : 0.f);
  b.op(OpType::ExpandDims, {in, axis}, {out});
  return b.finish({in}, {out});
}

// ---- CONCATENATION ----

void read_concat(OptionsReader& r) {
  if (const auto* c = r.as<tflite::ConcatenationOptions>(BO::ConcatenationOptions)) {
    r.options().axis = c->axis();
    r.options().activation = r.activation(c->fused_activation_function());
  }
}

WrittenOptions write_concat(flatbuffers::FlatBufferBuilder& b, const Operator& op) {
  return {BO::ConcatenationOptions,
          tflite::CreateConcatenationOptions(b, op.options.axis, fb_activation(op.options.activation)).Union()};
}

std::unique_ptr<OpData> prepare_concat(PrepareContext& ctx) {
  auto p = std::make_unique<ConcatData>();
  const Tensor& o = ctx.out();
  const Operator& op = ctx.op();
  if (op.inputs.empty()) ctx.fail("has no inputs");
  if (op.options.activation != Activation::None) ctx.fail("fused activation is not supported");
  const size_t rank = o.shape.size();
  if (rank > 4 || rank == 0) ctx.fail("output must have 1 to 4 dimensions");
  int axis = op.options.axis;
  if (axis < 0) axis += static_cast<int>(rank);
  if (axis < 0 || axis >= static_cast<int>(rank)) ctx.fail("axis out of range");
  p->concat_axis = axis + static_cast<int>(4 - rank);
  const Tensor& first = ctx.in(0, "first");
  ctx.common_io(*p, first, o);
  p->kernel = ctx.kernel_of(o.type, true, true);
  const Dims4 od = p->output_shape;
  int64_t inner = 1;
  for (int d = p->concat_axis + 1; d < 4; ++d) inner *= od[d];
  p->concat_outer = 1;
  for (int d = 0; d < p->concat_axis; ++d) p->concat_outer *= od[d];
  int64_t axis_total = 0;
  for (size_t k = 0; k < op.inputs.size(); ++k) {
    const Tensor& t = ctx.in(k, "input");
    if (t.type != o.type) ctx.unsupported_types();
    if (t.shape.size() != rank) ctx.fail("inputs and output must have the same rank");
    const Dims4 td = ctx.dims(t);
    for (int d = 0; d < 4; ++d)
      if (d != p->concat_axis && td[d] != od[d]) ctx.fail("input shapes differ outside the concatenation axis");
    if (p->kernel != KernelType::Float32 && t.quant.present() &&
        (ctx.scale_of(t) != ctx.scale_of(o) || ctx.zp_of(t) != ctx.zp_of(o)))
      ctx.fail("inputs with quantization different from the output's are not supported",
               "requantize inputs to the output scale");
    p->inputs.push_back(op.inputs[k]);
    p->concat_copy_elems.push_back(int64_t{td[p->concat_axis]} * inner);
    axis_total += td[p->concat_axis];
  }
  if (axis_total != od[p->concat_axis]) ctx.fail("input sizes along the axis do not add up to the output's");
  return p;
}

void eval_concat(const OpData& d, void* const* t) {
  const auto& p = static_cast<const ConcatData&>(d);
  std::vector<const void*> ins;
  ins.reserve(p.inputs.size());
  for (int i : p.inputs) ins.push_back(at<void>(t, i));
  kernels::concatenation(p, ins.data(), at<void>(t, p.output));
}

void emit_concat(PlanEmitter& e, const OpData& d) {
  const auto& p = static_cast<const ConcatData&>(d);
  if (p.inputs.size() > TS_CONCAT_MAX) e.unsupported(p, "more than 8 CONCATENATION inputs");
  ts_op_concat r{};
  r.c = e.common(TS_OP_CONCAT);
  r.output = e.tensor(p.output, p.output_shape, p);
  for (size_t k = 0; k < p.inputs.size(); ++k) {
    const Tensor& t = e.model().tensors[static_cast<size_t>(p.inputs[k])];
    r.inputs[k] = e.tensor(p.inputs[k], to_dims4(t.shape, "concatenation input"), p);
  }
  r.num_inputs = static_cast<int32_t>(p.inputs.size());
  r.axis = p.concat_axis;
  r.elem_bytes = static_cast<uint32_t>(p.elem_bytes);
  e.add_record(r);
}

Model example_concat(KernelType k) {
  ExampleBuilder b;
  const DType t = example_dtype(k);
  const float s = t == DType::Int8 || t == DType::Int16 ? 0.5f : 0.f;
  const int x = b.act(t, {1, 2, 2, 3}, s, t == DType::Int8 ? 1 : 0);
  const int y = b.act(t, {1, 2, 2, 1}, s, t == DType::Int8 ? 1 : 0);
  const int out = b.act(t, {1, 2, 2, 4}, s, t == DType::Int8 ? 1 : 0);
  b.op(OpType::Concatenation, {x, y}, {out}).options.axis = -1;
  return b.finish({x, y}, {out});
}

OpDef layout_def(OpType type) {
  OpDef d;
  d.schema.type = type;
  d.schema.macs = no_macs;
  d.schema.quant.quantizable = true;
  return d;
}

OpDef reshape_def() {
  OpDef d = layout_def(OpType::Reshape);
  d.schema.min_inputs = 1;
  d.schema.max_inputs = 2;
  d.schema.read_options = read_reshape;
  d.schema.write_options = write_reshape;
  d.schema.min_version = version_1;
  d.schema.meta_operands = 0b10;
  d.schema.quant.share = QuantRule::Share::FirstInputWithOutput;
  d.schema.quant.qat_range_from_input = true;
  d.combos = {{KernelType::Float32, kHostAndFirmware, "float32"},
              {KernelType::Int8, kHostAndFirmware, "any integer type (a byte copy)"}};
  d.prepare = prepare_reshape;
  d.eval = eval_reshape;
  d.emit = emit_reshape;
  d.example = example_reshape;
  return d;
}

// SQUEEZE / EXPAND_DIMS: RESHAPE's kernels and quantizer rule, version 1;
// their own arity (EXPAND_DIMS' axis is operand 1, a meta operand as
// RESHAPE's shape), options, shape rule and example.
struct ReshapeLike {
  OpType type;
  int inputs;
  void (*read)(OptionsReader&);
  WrittenOptions (*write)(flatbuffers::FlatBufferBuilder&, const Operator&);
  std::unique_ptr<OpData> (*prepare)(PrepareContext&);
  Model (*example)(KernelType);
};

OpDef reshape_like_def(const ReshapeLike& r) {
  OpDef d = reshape_def();
  d.schema.type = r.type;
  d.schema.min_inputs = d.schema.max_inputs = r.inputs;
  d.schema.meta_operands = r.inputs > 1 ? 0b10 : 0;
  d.schema.read_options = r.read;
  d.schema.write_options = r.write;
  d.prepare = r.prepare;
  d.example = r.example;
  return d;
}

OpDef squeeze_def() {
  return reshape_like_def({OpType::Squeeze, 1, read_squeeze, write_squeeze, prepare_squeeze, example_squeeze});
}

OpDef expand_dims_def() {
  return reshape_like_def(
      {OpType::ExpandDims, 2, nullptr, write_expand_dims, prepare_expand_dims, example_expand_dims});
}

OpDef concat_def() {
  OpDef d = layout_def(OpType::Concatenation);
  d.schema.min_inputs = 1;
  d.schema.max_inputs = -1;
  d.schema.read_options = read_concat;
  d.schema.write_options = write_concat;
  d.schema.min_version = version_int8_2;
  d.schema.quant.share = QuantRule::Share::AllInputsWithOutput;
  d.combos = {{KernelType::Float32, kHostAndFirmware, "float32"},
              {KernelType::Int8, kHostAndFirmware, "int8 (inputs on the output's scale)"},
              {KernelType::Int16, kHostAndFirmware, "int16 (inputs on the output's scale)"},
              {KernelType::Int32, kHostAndFirmware, "int32 / uint32 (a byte copy)"}};
  d.prepare = prepare_concat;
  d.eval = eval_concat;
  d.emit = emit_concat;
  d.example = example_concat;
  return d;
}

TS_REGISTER_OP(reshape_def());
TS_REGISTER_OP(squeeze_def());
TS_REGISTER_OP(expand_dims_def());
TS_REGISTER_OP(concat_def());

}  // namespace
}  // namespace tinysim::ops
