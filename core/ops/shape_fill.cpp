// SHAPE, FILL and ZEROS_LIKE: outputs that depend on shapes (and FILL's
// scalar) only. TinySim's shapes are static, so prepare computes the output
// bytes once (TFLM's shape.cc writes the input's dims as int32,
// fill.cc repeats its scalar, zeros_like.cc writes zeros); the host copies
// them and the firmware runs a COPY record from those bytes kept in the
// plan's constants. FILL with a value computed at run time is host-only
// (the firmware has no broadcast kernel; the support check says so).
#include <cstring>
#include <memory>
#include <string>

#include "core/ops/op_example.h"
#include "core/ops/op_helpers.h"
#include "core/ops/op_registry.h"
#include "core/ops/plan_emitter.h"
#include "core/ops/prepare_context.h"

namespace tinysim::ops {
namespace {

using BO = tflite::BuiltinOptions;

struct ShapedConstantData : OpData {
  std::vector<uint8_t> bytes;  // the output, when known at prepare
  int value = -1;              // FILL's scalar when computed at run time
};

void header(PrepareContext& ctx, ShapedConstantData& p, const Tensor& out, KernelType k) {
  p.kernel = k;
  p.input = ctx.op().inputs[0];
  p.output = ctx.op().outputs[0];
  p.input_type = ctx.in(0, "input").type;
  p.output_type = out.type;
  p.flat_size = out.num_elements();
  p.elem_bytes = static_cast<int64_t>(dtype_size(out.type));
  if (out.num_elements() > (int64_t{1} << 24)) ctx.fail("output is too large");
}

std::unique_ptr<OpData> prepare_shape(PrepareContext& ctx) {
  auto p = std::make_unique<ShapedConstantData>();
  const Tensor& in = ctx.in(0, "input");
  const Tensor& out = ctx.out();
  if (out.type != DType::Int32) ctx.fail("output must be int32 (TFLite Micro's SHAPE writes no other type)");
  if (out.num_elements() != static_cast<int64_t>(in.shape.size())) ctx.fail("output does not hold one value per input dimension");
  header(ctx, *p, out, KernelType::Int32);
  p->bytes.resize(in.shape.size() * 4);
  if (!in.shape.empty()) std::memcpy(p->bytes.data(), in.shape.data(), p->bytes.size());
  return p;
}

std::unique_ptr<OpData> prepare_zeros_like(PrepareContext& ctx) {
  auto p = std::make_unique<ShapedConstantData>();
  const Tensor& in = ctx.in(0, "input");
  const Tensor& out = ctx.out();
  if (in.type != out.type || in.shape != out.shape) ctx.fail("output must have the input's type and shape");
  if (in.type != DType::Float32 && in.type != DType::Int8 && in.type != DType::Int32)
    ctx.unsupported_types();  // TFLM: these and int64
  header(ctx, *p, out, ctx.kernel_of(in.type, false, true));
  p->bytes.assign(static_cast<size_t>(out.num_bytes()), 0);
  return p;
}

std::unique_ptr<OpData> prepare_fill(PrepareContext& ctx) {
  auto p = std::make_unique<ShapedConstantData>();
  const Tensor& dims = ctx.in(0, "dims");
  const Tensor& value = ctx.in(1, "value");
  const Tensor& out = ctx.out();
  if (!value.shape.empty()) ctx.fail("value must be a scalar");
  if (value.type != out.type) ctx.fail("value and output types differ");
  if (out.type != DType::Float32 && out.type != DType::Int8 && out.type != DType::Int32)
    ctx.unsupported_types();  // TFLM fill.cc: float32, int32, int8
  header(ctx, *p, out, ctx.kernel_of(out.type, false, true));
  p->input = ctx.op().inputs[1];
  if (dims.is_constant()) {  // TFLM: a dims tensor in the model must equal the output's shape
    if (dims.type != DType::Int32 && dims.type != DType::Int64) ctx.fail("dims must be int32 or int64");
    std::vector<int64_t> d;
    for (int64_t i = 0; i < dims.num_elements(); ++i)
      d.push_back(dims.type == DType::Int32 ? dims.as<int32_t>()[i] : dims.as<int64_t>()[i]);
    if (d != std::vector<int64_t>(out.shape.begin(), out.shape.end())) ctx.fail("dims does not equal the output's shape");
  }
  if (!value.is_constant()) {
    p->value = ctx.op().inputs[1];
    return p;
  }
  const auto eb = static_cast<size_t>(p->elem_bytes);
  p->bytes.resize(static_cast<size_t>(out.num_elements()) * eb);
  for (size_t i = 0; i < p->bytes.size(); i += eb) std::memcpy(p->bytes.data() + i, value.data.data(), eb);
  return p;
}

void eval_shaped_constant(const OpData& d, void* const* t) {
  const auto& p = static_cast<const ShapedConstantData&>(d);
  auto* out = at<uint8_t>(t, p.output);
  if (p.value < 0) {
    if (!p.bytes.empty()) std::memcpy(out, p.bytes.data(), p.bytes.size());
    return;
  }
  const auto* v = at<const uint8_t>(t, p.value);
  const auto eb = static_cast<size_t>(p.elem_bytes);
  for (int64_t i = 0; i < p.flat_size; ++i) std::memcpy(out + static_cast<size_t>(i) * eb, v, eb);
}

void emit_shaped_constant(PlanEmitter& e, const OpData& d) {
  const auto& p = static_cast<const ShapedConstantData&>(d);
  if (p.value >= 0) e.unsupported(p, "FILL with a value computed at run time");
  ts_op_copy r{};
  r.c = e.common(TS_OP_COPY);
  const Dims4 flat = to_dims4({static_cast<int32_t>(std::max<int64_t>(p.flat_size, 1))}, "constant output");
  r.output = e.tensor(p.output, flat, p);
  r.input = r.output;  // the same view, read from the plan's constants
  r.input.location = TS_IN_PLAN;
  r.input.offset = p.bytes.empty() ? 0 : e.add_const(p.bytes.data(), p.bytes.size());
  r.bytes = static_cast<uint32_t>(p.bytes.size());
  e.add_record(r);
}

WrittenOptions write_shape(flatbuffers::FlatBufferBuilder& b, const Operator&) {
  return {BO::ShapeOptions, tflite::CreateShapeOptions(b, tflite::TensorType::INT32).Union()};
}
WrittenOptions write_zeros_like(flatbuffers::FlatBufferBuilder& b, const Operator&) {
  return {BO::ZerosLikeOptions, tflite::CreateZerosLikeOptions(b).Union()};
}
WrittenOptions write_fill(flatbuffers::FlatBufferBuilder& b, const Operator&) {
  return {BO::FillOptions, tflite::CreateFillOptions(b).Union()};
}

// A [2, 3, 4] input: SHAPE gives its dims.
Model example_shape(KernelType) {
  ExampleBuilder b;
  const int in = b.act(DType::Float32, {2, 3, 4});
  const int out = b.act(DType::Int32, {3});
  b.op(OpType::Shape, {in}, {out});
  return b.finish({in}, {out});
}

Model example_zeros_like(KernelType k) {
  ExampleBuilder b;
  const DType t = example_dtype(k);
  const int in = b.act(t, {2, 5});
  const int out = b.act(t, {2, 5});
  b.op(OpType::ZerosLike, {in}, {out});
  return b.finish({in}, {out});
}

// FILL [2, 3] with a constant scalar; the graph input only feeds nothing
// but gives the example an input, as every registry example has.
Model example_fill(KernelType k) {
  ExampleBuilder b;
  const DType t = example_dtype(k);
  const int dims = b.act(DType::Int32, {2});
  const int value = t == DType::Float32 ? b.constant<float>(t, {}, {-2.5f})
                    : t == DType::Int8  ? b.constant<int8_t>(t, {}, {-7})
                                        : b.constant<int32_t>(t, {}, {123456});
  const int out = b.act(t, {2, 3});
  b.op(OpType::Fill, {dims, value}, {out});
  return b.finish({dims}, {out});
}

OpDef shaped_constant_def(OpType type, int inputs, WrittenOptions (*write)(flatbuffers::FlatBufferBuilder&, const Operator&),
                          std::unique_ptr<OpData> (*prepare)(PrepareContext&), Model (*example)(KernelType)) {
  OpDef d;
  d.schema.type = type;
  d.schema.min_inputs = d.schema.max_inputs = inputs;
  d.schema.write_options = write;
  d.schema.min_version = version_1;
  d.schema.macs = no_macs;
  d.prepare = prepare;
  d.eval = eval_shaped_constant;
  d.emit = emit_shaped_constant;
  d.example = example;
  return d;
}

OpDef shape_def() {
  OpDef d = shaped_constant_def(OpType::Shape, 1, write_shape, prepare_shape, example_shape);
  d.combos = {{KernelType::Int32, kHostAndFirmware, "any input -> int32 dims"}};
  return d;
}

OpDef zeros_like_def() {
  OpDef d = shaped_constant_def(OpType::ZerosLike, 1, write_zeros_like, prepare_zeros_like, example_zeros_like);
  d.combos = {{KernelType::Float32, kHostAndFirmware, "float32"},
              {KernelType::Int8, kHostAndFirmware, "int8"},
              {KernelType::Int32, kHostAndFirmware, "int32"}};
  return d;
}

OpDef fill_def() {
  OpDef d = shaped_constant_def(OpType::Fill, 2, write_fill, prepare_fill, example_fill);
  d.schema.meta_operands = 0b01;
  d.combos = {{KernelType::Float32, kHostAndFirmware, "float32 (firmware: constant value)"},
              {KernelType::Int8, kHostAndFirmware, "int8 (firmware: constant value)"},
              {KernelType::Int32, kHostAndFirmware, "int32 (firmware: constant value)"}};
  return d;
}

TS_REGISTER_OP(shape_def());
TS_REGISTER_OP(zeros_like_def());
TS_REGISTER_OP(fill_def());

}  // namespace
}  // namespace tinysim::ops
