// ADD and MUL with 4-D broadcasting and a fused activation, TFLite
// reference arithmetic (ADD: general rescaling, int8 and int16). Host
// kernels: core/host/elementwise.cpp. Target kernels:
// mcu_models/runtime/kernels/add_s8.c, mul_s8.c, add_mul_f32.c, conv2d_s16.c (ADD int16).
#include <memory>

#include "core/host/kernels.h"
#include "core/ops/binary_common.h"
#include "core/ops/op_example.h"
#include "core/ops/op_helpers.h"
#include "core/ops/op_registry.h"

namespace tinysim::ops {
namespace {

using BO = tflite::BuiltinOptions;

WrittenOptions write_add(flatbuffers::FlatBufferBuilder& b, const Operator& op) {
  return {BO::AddOptions, tflite::CreateAddOptions(b, fb_activation(op.options.activation)).Union()};
}
WrittenOptions write_mul(flatbuffers::FlatBufferBuilder& b, const Operator& op) {
  return {BO::MulOptions, tflite::CreateMulOptions(b, fb_activation(op.options.activation)).Union()};
}

std::unique_ptr<OpData> prepare_add(PrepareContext& ctx) {
  auto p = std::make_unique<BinaryData>();
  prepare_binary(ctx, *p, true, true);
  if (p->kernel == KernelType::Int32) return p;
  prepare_add_rescale(ctx, *p, ScaleArithmetic::Double);  // add_common.cc: double quotients
  ctx.set_activation(p->kernel, *p, ctx.options().activation, ctx.out());
  return p;
}

std::unique_ptr<OpData> prepare_mul(PrepareContext& ctx) {
  auto p = std::make_unique<BinaryData>();
  prepare_binary(ctx, *p, false, true);
  if (p->kernel == KernelType::Int32) return p;
  if (p->kernel != KernelType::Float32) {
    // TFLM CalculateOpDataMul (mul_common.cc): double product and quotient.
    PrepareContext::single_multiplier(*p, real_multiplier(ctx.scale_of(ctx.in(0, "first")),
                                                          ctx.scale_of(ctx.in(1, "second")), ctx.scale_of(ctx.out()),
                                                          ScaleArithmetic::Double));
  }
  ctx.set_activation(p->kernel, *p, ctx.options().activation, ctx.out());
  return p;
}

void eval_add(const OpData& d, void* const* t) {
  const auto& p = static_cast<const BinaryData&>(d);
  switch (p.kernel) {
    case KernelType::Float32:
      kernels::add_float(p, at<float>(t, p.input), at<float>(t, p.input2), at<float>(t, p.output));
      return;
    case KernelType::Int8:
      kernels::add_int8(p, at<int8_t>(t, p.input), at<int8_t>(t, p.input2), at<int8_t>(t, p.output));
      return;
    case KernelType::Int32:
      plain_binary(p, at<int32_t>(t, p.input), at<int32_t>(t, p.input2), at<int32_t>(t, p.output),
                   [&](int32_t a, int32_t b) { return clamp_int32(p, wrap_add(a, b)); });
      return;
    default: kernels::add_int16(p, at<int16_t>(t, p.input), at<int16_t>(t, p.input2), at<int16_t>(t, p.output));
  }
}

void eval_mul(const OpData& d, void* const* t) {
  const auto& p = static_cast<const BinaryData&>(d);
  if (p.kernel == KernelType::Float32)
    kernels::mul_float(p, at<float>(t, p.input), at<float>(t, p.input2), at<float>(t, p.output));
  else if (p.kernel == KernelType::Int32)
    plain_binary(p, at<int32_t>(t, p.input), at<int32_t>(t, p.input2), at<int32_t>(t, p.output),
                 [&](int32_t a, int32_t b) { return clamp_int32(p, wrap_mul(a, b)); });
  else
    kernels::mul_int8(p, at<int8_t>(t, p.input), at<int8_t>(t, p.input2), at<int8_t>(t, p.output));
}

void emit_add(PlanEmitter& e, const OpData& d) {
  const auto kind = d.kernel == KernelType::Int8    ? TS_OP_ADD_S8
                    : d.kernel == KernelType::Int16 ? TS_OP_ADD_S16
                    : d.kernel == KernelType::Int32 ? TS_OP_ADD_S32
                                                    : TS_OP_ADD_F32;
  e.add_record(binary_record(e, static_cast<const BinaryData&>(d), static_cast<uint16_t>(kind)));
}
void emit_mul(PlanEmitter& e, const OpData& d) {
  const auto kind = d.kernel == KernelType::Int8    ? TS_OP_MUL_S8
                    : d.kernel == KernelType::Int32 ? TS_OP_MUL_S32
                                                    : TS_OP_MUL_F32;
  e.add_record(binary_record(e, static_cast<const BinaryData&>(d), static_cast<uint16_t>(kind)));
}

// [1, 2, 3, 4] + [1, 1, 1, 4] (broadcast), different scales and zero points.
Model example_binary(OpType type, KernelType k) {
  ExampleBuilder b;
  const bool q = k != KernelType::Float32 && k != KernelType::Int32;
  const DType t = k == KernelType::Int16 ? DType::Int16 : k == KernelType::Int32 ? DType::Int32 : q ? DType::Int8 : DType::Float32;
  const bool i16 = k == KernelType::Int16;
  const int x = b.act(t, {1, 2, 3, 4}, q ? 0.5f : 0.f, q && !i16 ? 3 : 0);
  const int y = b.act(t, {1, 1, 1, 4}, q ? 0.25f : 0.f, q && !i16 ? -2 : 0);
  const int out = b.act(t, {1, 2, 3, 4}, q ? 0.75f : 0.f, q && !i16 ? 1 : 0);
  b.op(type, {x, y}, {out}).options.activation = Activation::Relu;
  return b.finish({x, y}, {out});
}
Model example_add(KernelType k) { return example_binary(OpType::Add, k); }
Model example_mul(KernelType k) { return example_binary(OpType::Mul, k); }

OpDef binary_def(OpType type) {
  OpDef d;
  d.schema.type = type;
  d.schema.min_inputs = d.schema.max_inputs = 2;
  d.schema.read_options = read_activation_options;
  d.schema.min_version = version_int8_2;
  d.schema.macs = no_macs;
  d.schema.quant.quantizable = true;
  return d;
}

OpDef add_def() {
  OpDef d = binary_def(OpType::Add);
  d.schema.write_options = write_add;
  d.combos = {{KernelType::Float32, kHostAndFirmware, "float32"},
              {KernelType::Int8, kHostAndFirmware, "int8"},
              {KernelType::Int16, kHostAndFirmware, "int16"},
              {KernelType::Int32, kHostAndFirmware, "int32 (plain integers, wrapping)"}};
  d.prepare = prepare_add;
  d.eval = eval_add;
  d.emit = emit_add;
  d.example = example_add;
  return d;
}

OpDef mul_def() {
  OpDef d = binary_def(OpType::Mul);
  d.schema.write_options = write_mul;
  d.combos = {{KernelType::Float32, kHostAndFirmware, "float32"},
              {KernelType::Int8, kHostAndFirmware, "int8"},
              {KernelType::Int32, kHostAndFirmware, "int32 (plain integers, wrapping)"}};
  d.prepare = prepare_mul;
  d.eval = eval_mul;
  d.emit = emit_mul;
  d.example = example_mul;
  return d;
}

TS_REGISTER_OP(add_def());
TS_REGISTER_OP(mul_def());

}  // namespace
}  // namespace tinysim::ops
