// RELU, RELU6, LOGISTIC and TANH, float and int8 (TFLite Micro's
// arithmetic: RELU requantizes then clamps at 0, RELU6 clamps in the input's
// units, LOGISTIC / TANH use the Q4.27 fixed-point tables with fixed output
// scales). Host kernels: core/host/activations.cpp. Target: float in
// mcu_models/runtime/kernels/activations_f32.c; int8 as a 256-entry table
// (activations_s8.c) filled by running the host kernel on every input.
#include <algorithm>
#include <cmath>
#include <memory>

#include "core/host/kernels.h"
#include "core/host/quantization_util.h"
#include "core/ops/emit_helpers.h"
#include "core/ops/op_example.h"
#include "core/ops/op_helpers.h"
#include "core/ops/op_registry.h"
#include "core/ops/prepare_context.h"

namespace tinysim::ops {
namespace {

// The same input and output checks for all four.
std::unique_ptr<ActivationData> prepare_common(PrepareContext& ctx) {
  auto p = std::make_unique<ActivationData>();
  const Tensor& i = ctx.in(0, "input");
  const Tensor& o = ctx.out();
  if (i.type != o.type) ctx.unsupported_types();
  ctx.common_io(*p, i, o);
  if (i.num_elements() != o.num_elements()) ctx.fail("input and output sizes differ");
  if (i.type == DType::Float32) {
    p->kernel = KernelType::Float32;
    return p;
  }
  if (i.type != DType::Int8) ctx.unsupported_types();
  p->kernel = KernelType::Int8;
  ctx.require_quantized(i);
  ctx.require_quantized(o);
  return p;
}

std::unique_ptr<OpData> prepare_relu(PrepareContext& ctx) {
  auto p = prepare_common(ctx);
  if (p->kernel == KernelType::Float32) {
    activation_range_float(Activation::Relu, &p->act_min_f, &p->act_max_f);
    return p;
  }
  const Tensor& i = ctx.in(0, "input");
  const Tensor& o = ctx.out();
  const float is = ctx.scale_of(i), os = ctx.scale_of(o);
  // TFLite Micro CalculateReluOpData: requantize, then clamp at 0.
  PrepareContext::single_multiplier(*p, static_cast<double>(is) / static_cast<double>(os));
  p->input_offset = -ctx.zp_of(i);
  p->output_offset = ctx.zp_of(o);
  p->act_min = std::max(-128, ctx.zp_of(o) + static_cast<int32_t>(std::round(0.f / os)));
  p->act_max = 127;
  return p;
}

std::unique_ptr<OpData> prepare_relu6(PrepareContext& ctx) {
  auto p = prepare_common(ctx);
  if (p->kernel == KernelType::Float32) {
    activation_range_float(Activation::Relu6, &p->act_min_f, &p->act_max_f);
    return p;
  }
  const Tensor& i = ctx.in(0, "input");
  const Tensor& o = ctx.out();
  const float is = ctx.scale_of(i);
  // TFLite Micro Relu6: clamp in the input's units, no requantization.
  if (is != ctx.scale_of(o) || ctx.zp_of(i) != ctx.zp_of(o))
    ctx.fail("int8 RELU6 needs equal input and output quantization");
  p->act_min = ctx.zp_of(i);
  p->act_max = std::clamp(static_cast<int32_t>(std::round(6.f / is)) + ctx.zp_of(i), -128, 127);
  return p;
}

// LOGISTIC (output 1/256, -128) and TANH (output 1/128, 0).
std::unique_ptr<OpData> prepare_sigmoid_like(PrepareContext& ctx, bool logistic) {
  auto p = prepare_common(ctx);
  if (p->kernel == KernelType::Float32) return p;
  const Tensor& i = ctx.in(0, "input");
  const Tensor& o = ctx.out();
  const float is = ctx.scale_of(i), os = ctx.scale_of(o);
  if (logistic && (ctx.zp_of(o) != -128 || std::fabs(os - 1.f / 256) > 1e-3f / 256))
    ctx.fail("int8 output must have scale 1/256 and zero point -128 (TFLite's logistic scheme)");
  if (!logistic && (ctx.zp_of(o) != 0 || std::fabs(os - 1.f / 128) > 1e-3f / 128))
    ctx.fail("int8 output must have scale 1/128 and zero point 0 (TFLite's tanh scheme)");
  constexpr int kInputIntegerBits = 4;
  const double real = static_cast<double>(is) * static_cast<double>(1 << (31 - kInputIntegerBits));
  int exp = 0;
  const double q = std::frexp(real, &exp);
  // TFLite stores round(q * 2^31) without renormalising (may wrap when q rounds to 1).
  p->input_multiplier =
      static_cast<int32_t>(static_cast<uint32_t>(static_cast<int64_t>(std::round(q * static_cast<double>(1LL << 31)))));
  p->input_left_shift = exp;
  p->input_zero_point = ctx.zp_of(i);
  p->input_range_radius = calculate_input_radius(kInputIntegerBits, exp, 31);
  return p;
}
std::unique_ptr<OpData> prepare_logistic(PrepareContext& ctx) { return prepare_sigmoid_like(ctx, true); }
std::unique_ptr<OpData> prepare_tanh(PrepareContext& ctx) { return prepare_sigmoid_like(ctx, false); }

using FloatKernel = void (*)(const ActivationData&, const float*, float*);
using Int8Kernel = void (*)(const ActivationData&, const int8_t*, int8_t*);

template <FloatKernel F, Int8Kernel I>
void eval_activation(const OpData& d, void* const* t) {
  const auto& p = static_cast<const ActivationData&>(d);
  if (p.kernel == KernelType::Float32)
    F(p, at<float>(t, p.input), at<float>(t, p.output));
  else
    I(p, at<int8_t>(t, p.input), at<int8_t>(t, p.output));
}

template <Int8Kernel I, ts_unary Unary>
void emit_activation(PlanEmitter& e, const OpData& d) {
  const auto& p = static_cast<const ActivationData&>(d);
  if (p.kernel == KernelType::Float32) {
    ts_op_unary r{};
    r.c = e.common(TS_OP_UNARY_F32, static_cast<uint16_t>(Unary));
    r.input = e.tensor(p.input, p.input_shape, p);
    r.output = e.tensor(p.output, p.output_shape, p);
    r.count = static_cast<int32_t>(p.flat_size);
    e.add_record(r);
    return;
  }
  emit_lut(e, p, int8_table(p, I));
}

// Inputs spread over [-4, 4] so the curves' interesting parts are covered.
Model example_activation(OpType type, KernelType k) {
  ExampleBuilder b;
  const bool q = k == KernelType::Int8;
  const DType t = q ? DType::Int8 : DType::Float32;
  const int in = b.act(t, {1, 4, 4, 2}, q ? 1.f / 32 : 0.f, q ? 3 : 0);
  float os = 0.05f;
  int64_t ozp = -20;
  if (type == OpType::Relu6) os = 1.f / 32, ozp = 3;
  if (type == OpType::Logistic) os = 1.f / 256, ozp = -128;
  if (type == OpType::Tanh) os = 1.f / 128, ozp = 0;
  const int out = b.act(t, {1, 4, 4, 2}, q ? os : 0.f, q ? ozp : 0);
  b.op(type, {in}, {out});
  return b.finish({in}, {out});
}
template <OpType T>
Model example_of(KernelType k) {
  return example_activation(T, k);
}

OpDef activation_def(OpType type) {
  OpDef d;
  d.schema.type = type;
  d.schema.min_version = version_int8_2;
  d.schema.macs = no_macs;
  d.schema.quant.quantizable = true;
  d.combos = {{KernelType::Float32, kHostAndFirmware, "float32"}, {KernelType::Int8, kHostAndFirmware, "int8"}};
  return d;
}

OpDef relu_def() {
  OpDef d = activation_def(OpType::Relu);
  d.schema.quant.output_clamp = Activation::Relu;
  d.schema.quant.qat_range_from_input = true;
  d.prepare = prepare_relu;
  d.eval = eval_activation<kernels::relu_float, kernels::relu_int8>;
  d.emit = emit_activation<kernels::relu_int8, TS_UNARY_RELU>;
  d.example = example_of<OpType::Relu>;
  return d;
}

OpDef relu6_def() {
  OpDef d = activation_def(OpType::Relu6);
  d.schema.quant.output_clamp = Activation::Relu6;
  d.schema.quant.qat_range_from_input = true;
  d.prepare = prepare_relu6;
  d.eval = eval_activation<kernels::relu_float, kernels::relu6_int8>;
  d.emit = emit_activation<kernels::relu6_int8, TS_UNARY_RELU6>;
  d.example = example_of<OpType::Relu6>;
  return d;
}

OpDef logistic_def() {
  OpDef d = activation_def(OpType::Logistic);
  d.schema.quant.fixed_output = std::pair<float, int>{1.0f / 256, -128};
  d.combos[1].types = "int8 (output scale 1/256, zero point -128)";
  d.prepare = prepare_logistic;
  d.eval = eval_activation<kernels::logistic_float, kernels::logistic_int8>;
  d.emit = emit_activation<kernels::logistic_int8, TS_UNARY_LOGISTIC>;
  d.example = example_of<OpType::Logistic>;
  return d;
}

OpDef tanh_def() {
  OpDef d = activation_def(OpType::Tanh);
  d.schema.quant.fixed_output = std::pair<float, int>{1.0f / 128, 0};
  d.combos[1].types = "int8 (output scale 1/128, zero point 0)";
  d.prepare = prepare_tanh;
  d.eval = eval_activation<kernels::tanh_float, kernels::tanh_int8>;
  d.emit = emit_activation<kernels::tanh_int8, TS_UNARY_TANH>;
  d.example = example_of<OpType::Tanh>;
  return d;
}

TS_REGISTER_OP(relu_def());
TS_REGISTER_OP(relu6_def());
TS_REGISTER_OP(logistic_def());
TS_REGISTER_OP(tanh_def());

}  // namespace
}  // namespace tinysim::ops
